//! Number formatting for the Go `fmt` port: `strconv.AppendFloat` with a precision, and the
//! `fmt` package's integer and float padding rules.

use crate::golang::strconv::format_float;

/// The flags, width and precision of one verb.
#[derive(Clone, Copy, Default, Debug)]
pub struct Flags {
    pub sharp: bool,
    pub zero: bool,
    pub plus: bool,
    pub minus: bool,
    pub space: bool,
    pub sharp_v: bool,
    pub plus_v: bool,
    pub wid: Option<usize>,
    pub prec: Option<usize>,
}

impl Flags {
    /// `fmt.pad`: pads to the width (counted in runes) with spaces, or zeros on the left.
    pub fn pad(&self, out: &mut String, s: &str) {
        let Some(wid) = self.wid else {
            out.push_str(s);
            return;
        };
        let n = s.chars().count();
        let padding = wid.saturating_sub(n);
        let pad_char = if self.zero && !self.minus { '0' } else { ' ' };
        if self.minus {
            out.push_str(s);
            out.extend(std::iter::repeat(' ').take(padding));
        } else {
            out.extend(std::iter::repeat(pad_char).take(padding));
            out.push_str(s);
        }
    }

    fn write_padding(&self, out: &mut String, n: usize) {
        let pad_char = if self.zero && !self.minus { '0' } else { ' ' };
        out.extend(std::iter::repeat(pad_char).take(n));
    }
}

/// `fmt.fmtInteger`: `u` is the magnitude's bits (negative values are passed as their value).
pub fn fmt_integer(out: &mut String, f: &Flags, v: i128, base: u32, verb: char, upper: bool) {
    let negative = v < 0;
    let u = v.unsigned_abs();
    let mut prec = 0usize;
    if let Some(p) = f.prec {
        prec = p;
        if p == 0 && u == 0 {
            let mut f2 = *f;
            f2.zero = false;
            f2.write_padding(out, f.wid.unwrap_or(0));
            return;
        }
    } else if f.zero && !f.minus && f.wid.is_some() {
        prec = f.wid.unwrap_or(0);
        if negative || f.plus || f.space {
            prec = prec.saturating_sub(1);
        }
    }
    let mut digits = match base {
        16 if upper => format!("{u:X}"),
        16 => format!("{u:x}"),
        8 => format!("{u:o}"),
        2 => format!("{u:b}"),
        _ => u.to_string(),
    };
    if digits.len() < prec {
        digits = "0".repeat(prec - digits.len()) + &digits;
    }
    let mut prefix = String::new();
    if f.sharp {
        match base {
            2 => prefix.push_str("0b"),
            8 if !digits.starts_with('0') => prefix.push('0'),
            16 => prefix.push_str(if upper { "0X" } else { "0x" }),
            _ => {}
        }
    }
    if verb == 'O' {
        prefix.insert_str(0, "0o");
    }
    let sign = if negative {
        "-"
    } else if f.plus {
        "+"
    } else if f.space {
        " "
    } else {
        ""
    };
    let s = format!("{sign}{prefix}{digits}");
    let mut f2 = *f;
    f2.zero = false;
    f2.pad(out, &s);
}

/// Go's exponent form: `e+05`, `e-10`, `e+100`.
fn go_exp(mant: &str, exp: i32, e: char) -> String {
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mant}{e}{sign}{:02}", exp.abs())
}

/// Rounds `f` to `n` significant digits: (digits without trailing zeros, decimal point position).
fn sig_digits(f: f64, n: usize) -> (String, i32) {
    let s = format!("{:.*e}", n.saturating_sub(1), f.abs());
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = e.parse().unwrap_or(0);
    let mut d: String = m.chars().filter(|c| c.is_ascii_digit()).collect();
    while d.len() > 1 && d.ends_with('0') {
        d.pop();
    }
    if d == "0" {
        return (String::new(), 0);
    }
    (d, exp + 1)
}

fn fmt_e_digits(neg: bool, d: &str, dp: i32, prec: usize, e: char) -> String {
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    let first = d.chars().next().unwrap_or('0');
    out.push(first);
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            out.push(d.as_bytes().get(i).map_or('0', |&c| c as char));
        }
    }
    let exp = if d.is_empty() { 0 } else { dp - 1 };
    go_exp(&out, exp, e)
}

fn fmt_f_digits(neg: bool, d: &str, dp: i32, prec: usize) -> String {
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if dp > 0 {
        for i in 0..dp as usize {
            out.push(d.as_bytes().get(i).map_or('0', |&c| c as char));
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 0..prec as i32 {
            let j = dp + i;
            out.push(if j >= 0 { d.as_bytes().get(j as usize).map_or('0', |&c| c as char) } else { '0' });
        }
    }
    out
}

/// `strconv.FormatFloat(f, verb, prec, 64)` for verbs `e E f F g G` (`prec` `None` = shortest).
pub fn format_float_prec(f: f64, verb: char, prec: Option<usize>) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    let upper = verb.is_ascii_uppercase();
    let lower = verb.to_ascii_lowercase();
    let e = if upper { 'E' } else { 'e' };
    let neg = f.is_sign_negative();
    if lower == 'x' {
        return hex_float(f, prec, upper);
    }
    if lower == 'b' {
        let bits = f.to_bits();
        let exp = ((bits >> 52) & 0x7FF) as i64;
        let mut mant = bits & ((1u64 << 52) - 1);
        let e = if exp == 0 { -1074 } else {
            mant |= 1u64 << 52;
            exp - 1075
        };
        let sign = if neg { "-" } else { "" };
        let es = if e < 0 { "-" } else { "+" };
        return format!("{sign}{mant}p{es}{}", e.abs());
    }
    let Some(prec) = prec else {
        let s = format_float(f, if lower == 'f' { 'f' } else { lower });
        return if upper { s.replace('e', "E") } else { s };
    };
    match lower {
        'e' => {
            let (d, dp) = sig_digits(f, prec + 1);
            fmt_e_digits(neg, &d, dp, prec, e)
        }
        'f' => {
            let s = format!("{:.*}", prec, f.abs());
            if neg {
                format!("-{s}")
            } else {
                s
            }
        }
        _ => {
            let p = prec.max(1);
            let (d, dp) = sig_digits(f, p);
            let nd = d.len() as i32;
            let mut eprec = p as i32;
            if eprec > nd && nd >= dp {
                eprec = nd;
            }
            let exp = dp - 1;
            if !d.is_empty() && (exp < -4 || exp >= eprec) {
                let pp = (p as i32).min(nd.max(1));
                return fmt_e_digits(neg, &d, dp, (pp - 1).max(0) as usize, e);
            }
            let pp = if p as i32 > dp { nd } else { p as i32 };
            fmt_f_digits(neg, &d, dp, (pp - dp).max(0) as usize)
        }
    }
}

/// `strconv.FormatFloat(f, 'x', prec, 64)`: `-0x1.cp+02`.
fn hex_float(f: f64, prec: Option<usize>, upper: bool) -> String {
    let neg = f.is_sign_negative();
    let bits = f.to_bits();
    let exp_bits = ((bits >> 52) & 0x7FF) as i64;
    let mut mant = bits & ((1u64 << 52) - 1);
    let mut exp = if exp_bits == 0 { -1022 } else { exp_bits - 1023 };
    if exp_bits != 0 {
        mant |= 1u64 << 52;
    }
    if mant == 0 {
        exp = 0;
    } else {
        // Normalize so the leading 1 is at bit 52.
        while mant & (1u64 << 52) == 0 {
            mant <<= 1;
            exp -= 1;
        }
    }
    // 13 hex digits of fraction after the leading 1.
    let mut frac = mant & ((1u64 << 52) - 1);
    let mut lead = 1u64;
    if mant == 0 {
        lead = 0;
    }
    let mut digits = 13usize;
    if let Some(p) = prec {
        if p < 13 {
            let shift = 4 * (13 - p) as u32;
            let full = (lead << 52) | frac;
            let half = 1u64 << (shift - 1);
            let rem = full & ((1u64 << shift) - 1);
            let mut q = full >> shift;
            if rem > half || (rem == half && q & 1 == 1) {
                q += 1;
            }
            let mut full = q << shift;
            if full >> 53 != 0 {
                full >>= 1;
                exp += 1;
            }
            lead = full >> 52;
            frac = full & ((1u64 << 52) - 1);
        }
        digits = p;
    }
    let mut hex = format!("{frac:013x}");
    if prec.is_none() {
        while hex.ends_with('0') {
            hex.pop();
        }
    } else if digits <= 13 {
        hex.truncate(digits);
    } else {
        hex.push_str(&"0".repeat(digits - 13));
    }
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    s.push_str("0x");
    s.push_str(&lead.to_string());
    if !hex.is_empty() {
        s.push('.');
        s.push_str(&hex);
    }
    let es = if exp < 0 { '-' } else { '+' };
    s.push_str(&format!("p{es}{:02}", exp.abs()));
    if upper {
        s.to_uppercase()
    } else {
        s
    }
}

/// `fmt.fmtFloat`: sign handling, `+`/space flags, zero padding after the sign.
pub fn fmt_float(out: &mut String, f: &Flags, v: f64, verb: char, default_prec: Option<usize>) {
    let prec = if f.prec.is_some() { f.prec } else { default_prec };
    let mut num = format_float_prec(v, verb, prec);
    if f.sharp && verb != 'b' && !num.contains("Inf") && !num.contains("NaN") {
        let signed = if num.starts_with(['-', '+']) { num.clone() } else { format!("+{num}") };
        let sharp = sharp_float(&signed, verb, prec);
        num = if num.starts_with(['-', '+']) { sharp } else { sharp[1..].to_string() };
    }
    let (sign, body) = match num.as_bytes().first() {
        Some(b'-') | Some(b'+') => (num[..1].to_string(), num[1..].to_string()),
        _ => ("+".to_string(), num.clone()),
    };
    let mut sign = sign;
    if f.space && sign == "+" && !f.plus {
        sign = " ".into();
    }
    if body.starts_with('I') || body.starts_with('N') {
        let mut f2 = *f;
        f2.zero = false;
        let s = if body.starts_with('N') && !f.space && !f.plus { body } else { format!("{sign}{body}") };
        f2.pad(out, &s);
        return;
    }
    if f.plus || sign != "+" {
        if f.zero && !f.minus && f.wid.is_some_and(|w| w > body.len() + 1) {
            out.push_str(&sign);
            let mut f2 = *f;
            f2.wid = f.wid.map(|w| w - 1);
            f2.pad(out, &body);
            return;
        }
        f.pad(out, &format!("{sign}{body}"));
        return;
    }
    f.pad(out, &body);
}

/// The `#` flag on floats (Go's `fmtFloat`): always a decimal point; `%#g`, `%#v` and `%#x`
/// keep trailing zeros up to the precision (6 by default). `num` starts with its sign.
fn sharp_float(num: &str, verb: char, prec: Option<usize>) -> String {
    let mut digits: i64 = match verb {
        'v' | 'g' | 'G' | 'x' => prec.map_or(6, |p| p as i64),
        _ => 0,
    };
    let b = num.as_bytes();
    let mut head = String::from(&num[..1]);
    let mut tail = String::new();
    let mut has_point = false;
    let mut saw_nonzero = false;
    let mut i = 1;
    while i < b.len() {
        let c = b[i];
        match c {
            b'.' => has_point = true,
            b'p' | b'P' => {
                tail = num[i..].to_string();
                break;
            }
            b'e' | b'E' if verb != 'x' && verb != 'X' => {
                tail = num[i..].to_string();
                break;
            }
            _ => {
                if c != b'0' {
                    saw_nonzero = true;
                }
                if saw_nonzero {
                    digits -= 1;
                }
            }
        }
        head.push(c as char);
        i += 1;
    }
    if !has_point {
        if head.len() == 2 && head.as_bytes()[1] == b'0' {
            digits -= 1;
        }
        head.push('.');
    }
    while digits > 0 {
        head.push('0');
        digits -= 1;
    }
    head + &tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_like_go() {
        assert_eq!(format_float_prec(3.14159, 'f', Some(2)), "3.14");
        assert_eq!(format_float_prec(123456.789, 'e', Some(6)), "1.234568e+05");
        assert_eq!(format_float_prec(1e6, 'g', None), "1e+06");
        assert_eq!(format_float_prec(1.0, 'g', Some(3)), "1");
        assert_eq!(format_float_prec(123456.0, 'g', Some(3)), "1.23e+05");
        assert_eq!(format_float_prec(0.0, 'e', Some(2)), "0.00e+00");
        let mut s = String::new();
        fmt_float(&mut s, &Flags { plus: true, ..Flags::default() }, 1.5, 'g', None);
        assert_eq!(s, "+1.5");
        let mut s = String::new();
        fmt_integer(&mut s, &Flags { zero: true, wid: Some(5), ..Flags::default() }, -42, 10, 'd', false);
        assert_eq!(s, "-0042");
    }
}
