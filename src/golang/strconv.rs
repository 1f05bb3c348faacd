//! Go `strconv`: float formatting (`FormatFloat` with shortest precision, `encoding/json`'s float
//! format) and integer/float parsing with Go's base prefixes.

/// Shortest decimal digits of a finite, non-zero `f`: (digits, decimal point position).
/// `0.0123` → ("123", -1); `1500.0` → ("15", 4). Rust and Go both print the shortest string that
/// reads back to the same float, choosing the closest one, so the digits agree.
fn shortest_digits(f: f64) -> (Vec<u8>, i32) {
    let s = format!("{:e}", f.abs());
    let (mant, exp) = s.split_once('e').expect("LowerExp always has an exponent");
    let exp: i32 = exp.parse().expect("valid exponent");
    let digits: Vec<u8> = mant.bytes().filter(|b| b.is_ascii_digit()).collect();
    (digits, exp + 1)
}

fn fmt_e(out: &mut String, neg: bool, d: &[u8], dp: i32, prec: usize) {
    if neg {
        out.push('-');
    }
    out.push(if d.is_empty() { '0' } else { d[0] as char });
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            out.push(d.get(i).map_or('0', |&c| c as char));
        }
    }
    out.push('e');
    let mut exp = if d.is_empty() { 0 } else { dp - 1 };
    if exp < 0 {
        out.push('-');
        exp = -exp;
    } else {
        out.push('+');
    }
    if exp < 10 {
        out.push('0');
    }
    out.push_str(&exp.to_string());
}

fn fmt_f(out: &mut String, neg: bool, d: &[u8], dp: i32, prec: usize) {
    if neg {
        out.push('-');
    }
    if dp > 0 {
        let m = (dp as usize).min(d.len());
        out.extend(d[..m].iter().map(|&c| c as char));
        for _ in m..dp as usize {
            out.push('0');
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 0..prec as i32 {
            let j = dp + i;
            out.push(if j >= 0 && (j as usize) < d.len() { d[j as usize] as char } else { '0' });
        }
    }
}

/// Go's `strconv.FormatFloat(f, fmt, -1, 64)` for `fmt` in `'e'`, `'f'`, `'g'`.
pub fn format_float(f: f64, fmt: char) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    let neg = f.is_sign_negative();
    let (d, dp) = if f == 0.0 { (Vec::new(), 0) } else { shortest_digits(f) };
    let nd = d.len() as i32;
    let mut out = String::new();
    match fmt {
        'e' => fmt_e(&mut out, neg, &d, dp, (nd - 1).max(0) as usize),
        'f' => fmt_f(&mut out, neg, &d, dp, (nd - dp).max(0) as usize),
        _ => {
            // Shortest 'g' switches to exponent form below 1e-4 and from 1e+06 on (Go uses
            // precision 6 for this decision when the precision is "shortest").
            let exp = dp - 1;
            if !d.is_empty() && (exp < -4 || exp >= 6) {
                fmt_e(&mut out, neg, &d, dp, (nd - 1).max(0) as usize);
            } else {
                fmt_f(&mut out, neg, &d, dp, (nd - dp).max(0) as usize);
            }
        }
    }
    out
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)`: `1e+06`, `0.0001`, `1.5`, `1e-05`.
pub fn format_float_g(f: f64) -> String {
    format_float(f, 'g')
}

/// A float as Go's `encoding/json` writes it: `'f'` format for 1e-6 <= |f| < 1e21, otherwise `'e'`
/// with a one-digit negative exponent (`1e-7`, `1e+21`). `None` for NaN and infinities, which
/// encoding/json refuses ("json: unsupported value").
pub fn format_float_json(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    let abs = f.abs();
    let use_e = abs != 0.0 && !(1e-6..1e21).contains(&abs);
    let mut s = format_float(f, if use_e { 'e' } else { 'f' });
    if use_e {
        let b = s.as_bytes();
        let n = b.len();
        if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
            s.remove(n - 2);
        }
    }
    Some(s)
}

/// Go's `underscoreOK`: underscores must separate digits, and only with a base prefix.
fn underscore_ok(s: &str) -> bool {
    // saw: '^' start, '0' digit or prefix, '_' underscore, '!' other
    let b = s.as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    if !b.is_empty() && (b[0] == b'-' || b[0] == b'+') {
        i = 1;
    }
    let mut hex = false;
    if b.len() - i >= 2 && b[i] == b'0' {
        let c = b[i + 1] | 0x20;
        if c == b'b' || c == b'o' || c == b'x' {
            hex = c == b'x';
            i += 2;
            saw = b'0';
        }
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || hex && (c | 0x20).is_ascii_hexdigit() {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

// ---- Go-exact parsing with Go's errors (`strconv.NumError`) and quoting ----

/// Why a Go number parse failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumErrorKind {
    Syntax,
    Range,
}

/// Go's `*strconv.NumError`: prints as `strconv.ParseInt: parsing "x": invalid syntax`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumError {
    pub func: &'static str,
    pub num: String,
    pub kind: NumErrorKind,
}

impl std::fmt::Display for NumError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = match self.kind {
            NumErrorKind::Syntax => "invalid syntax",
            NumErrorKind::Range => "value out of range",
        };
        write!(f, "strconv.{}: parsing {}: {}", self.func, quote(&self.num), why)
    }
}

impl std::error::Error for NumError {}

fn num_err(func: &'static str, s: &str, kind: NumErrorKind) -> NumError {
    NumError { func, num: s.to_string(), kind }
}

/// Go's `strconv.ParseUint(s, base, bit_size)`. On overflow the error carries the largest value,
/// returned as `Err((max, error))`'s first element by [`parse_uint_clamped`].
pub fn parse_uint(s: &str, base: u32, bit_size: u32) -> Result<u64, NumError> {
    parse_uint_clamped(s, base, bit_size).map_err(|(_, e)| e)
}

/// Like [`parse_uint`], also giving the value Go returns next to the error (the maximum on
/// range errors, 0 on syntax errors).
pub fn parse_uint_clamped(s: &str, base: u32, bit_size: u32) -> Result<u64, (u64, NumError)> {
    const F: &str = "ParseUint";
    if s.is_empty() {
        return Err((0, num_err(F, s, NumErrorKind::Syntax)));
    }
    let base0 = base == 0;
    let b = s.as_bytes();
    let (base, digits) = if base0 {
        if b[0] == b'0' {
            match b.get(1).map(|c| c | 0x20) {
                Some(b'b') if b.len() >= 3 => (2, &b[2..]),
                Some(b'o') if b.len() >= 3 => (8, &b[2..]),
                Some(b'x') if b.len() >= 3 => (16, &b[2..]),
                _ => (8, &b[1..]),
            }
        } else {
            (10, b)
        }
    } else {
        (base, b)
    };
    let bit_size = if bit_size == 0 { 64 } else { bit_size };
    let max_val: u64 = if bit_size >= 64 { u64::MAX } else { (1u64 << bit_size) - 1 };
    let cutoff = u64::MAX / base as u64 + 1;
    let mut underscores = false;
    let mut n: u64 = 0;
    for &c in digits {
        let d = match c {
            b'_' if base0 => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => c - b'0',
            _ if (c | 0x20).is_ascii_lowercase() => (c | 0x20) - b'a' + 10,
            _ => return Err((0, num_err(F, s, NumErrorKind::Syntax))),
        };
        if d as u32 >= base {
            return Err((0, num_err(F, s, NumErrorKind::Syntax)));
        }
        if n >= cutoff {
            return Err((max_val, num_err(F, s, NumErrorKind::Range)));
        }
        n *= base as u64;
        let n1 = n.wrapping_add(d as u64);
        if n1 < n || n1 > max_val {
            return Err((max_val, num_err(F, s, NumErrorKind::Range)));
        }
        n = n1;
    }
    if underscores && !underscore_ok(s) {
        return Err((0, num_err(F, s, NumErrorKind::Syntax)));
    }
    Ok(n)
}

/// Go's `strconv.ParseInt(s, base, bit_size)`.
pub fn parse_int(s: &str, base: u32, bit_size: u32) -> Result<i64, NumError> {
    parse_int_clamped(s, base, bit_size).map_err(|(_, e)| e)
}

/// Like [`parse_int`], also giving the value Go returns next to the error (the clamped bound on
/// range errors, 0 on syntax errors).
pub fn parse_int_clamped(s: &str, base: u32, bit_size: u32) -> Result<i64, (i64, NumError)> {
    const F: &str = "ParseInt";
    if s.is_empty() {
        return Err((0, num_err(F, s, NumErrorKind::Syntax)));
    }
    let (neg, rest) = match s.as_bytes()[0] {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let un = match parse_uint_clamped(rest, base, bit_size) {
        Ok(u) => u,
        Err((u, e)) if e.kind == NumErrorKind::Range => u,
        Err((_, e)) => return Err((0, num_err(F, s, e.kind))),
    };
    let bit_size = if bit_size == 0 { 64 } else { bit_size };
    let cutoff = 1u64 << (bit_size - 1);
    if !neg && un >= cutoff {
        return Err(((cutoff - 1) as i64, num_err(F, s, NumErrorKind::Range)));
    }
    if neg && un > cutoff {
        return Err(((cutoff as i64).wrapping_neg(), num_err(F, s, NumErrorKind::Range)));
    }
    let n = un as i64;
    Ok(if neg { n.wrapping_neg() } else { n })
}

/// Go's `strconv.Atoi`.
pub fn atoi(s: &str) -> Result<i64, NumError> {
    parse_int(s, 10, 0).map_err(|e| NumError { func: "Atoi", ..e })
}

/// Go's `special`: "inf", "infinity", "nan" (any case) with an optional sign before the infinities.
fn special_float(s: &str) -> Option<(f64, usize)> {
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    let prefix_len = |s: &[u8], p: &[u8]| s.iter().zip(p).take_while(|(a, b)| a.to_ascii_lowercase() == **b).count();
    let (sign, nsign, rest) = match b[0] {
        b'+' => (1.0, 1, &b[1..]),
        b'-' => (-1.0, 1, &b[1..]),
        _ => (1.0, 0, b),
    };
    match rest.first().map(u8::to_ascii_lowercase) {
        Some(b'i') => {
            let mut n = prefix_len(rest, b"infinity");
            if 3 < n && n < 8 {
                n = 3;
            }
            (n == 3 || n == 8).then_some((sign * f64::INFINITY, nsign + n))
        }
        Some(b'n') if nsign == 0 && prefix_len(rest, b"nan") == 3 => Some((f64::NAN, 3)),
        _ => None,
    }
}

/// Go's `strconv.ParseFloat(s, 64)`: decimal and hexadecimal (`0x1.8p1`) forms, underscores as in
/// Go literals, "inf"/"infinity"/"nan". Out-of-range values give a range error (Go also returns
/// ±Inf next to it).
pub fn parse_float(s: &str) -> Result<f64, NumError> {
    const F: &str = "ParseFloat";
    let syntax = || num_err(F, s, NumErrorKind::Syntax);
    if let Some((f, n)) = special_float(s) {
        return if n == s.len() { Ok(f) } else { Err(syntax()) };
    }
    let b = s.as_bytes();
    let mut i = 0;
    let mut neg = false;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        neg = b[i] == b'-';
        i += 1;
    }
    let mut base = 10u32;
    if i + 2 < b.len() && b[i] == b'0' && (b[i + 1] | 0x20) == b'x' {
        base = 16;
        i += 2;
    }
    let start = i;
    let mut underscores = false;
    let (mut sawdot, mut sawdigits) = (false, false);
    // Digits kept (decimal: all, as text; hex: the first 16 significant).
    let mut dec_digits = String::new();
    let mut frac_digits: i64 = 0;
    let (mut mantissa, mut nd, mut nd_mant, mut dp, mut trunc) = (0u64, 0i64, 0i64, 0i64, false);
    while i < b.len() {
        let c = b[i];
        if c == b'_' {
            underscores = true;
        } else if c == b'.' {
            if sawdot {
                break;
            }
            sawdot = true;
            dp = nd;
        } else if c.is_ascii_digit() || (base == 16 && (c | 0x20).is_ascii_hexdigit()) {
            sawdigits = true;
            if base == 10 {
                dec_digits.push(c as char);
                if sawdot {
                    frac_digits += 1;
                }
            } else if c == b'0' && nd == 0 {
                dp -= 1;
            } else {
                nd += 1;
                if nd_mant < 16 {
                    let d = if c.is_ascii_digit() { c - b'0' } else { (c | 0x20) - b'a' + 10 };
                    mantissa = mantissa * 16 + d as u64;
                    nd_mant += 1;
                } else if c != b'0' {
                    trunc = true;
                }
            }
        } else {
            break;
        }
        i += 1;
    }
    if !sawdigits {
        return Err(syntax());
    }
    if !sawdot {
        dp = nd;
    }
    let _ = start;
    let exp_char = if base == 10 { b'e' } else { b'p' };
    let mut exp: i64 = 0;
    if i < b.len() && (b[i] | 0x20) == exp_char {
        i += 1;
        if i >= b.len() {
            return Err(syntax());
        }
        let mut esign = 1;
        if b[i] == b'+' {
            i += 1;
        } else if b[i] == b'-' {
            i += 1;
            esign = -1;
        }
        if i >= b.len() || !b[i].is_ascii_digit() {
            return Err(syntax());
        }
        let mut e: i64 = 0;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            if b[i] == b'_' {
                underscores = true;
            } else if e < 10000 {
                e = e * 10 + (b[i] - b'0') as i64;
            }
            i += 1;
        }
        exp = e * esign;
    } else if base == 16 {
        return Err(syntax());
    }
    if i != b.len() || (underscores && !underscore_ok(&s[..i])) {
        return Err(syntax());
    }
    let range = || num_err(F, s, NumErrorKind::Range);
    if base == 10 {
        let text = format!("{}e{}", if dec_digits.is_empty() { "0" } else { &dec_digits }, exp - frac_digits);
        let f: f64 = text.parse().map_err(|_| syntax())?;
        let f = if neg { -f } else { f };
        return if f.is_infinite() { Err(range()) } else { Ok(f) };
    }
    let dp = dp * 4 + exp;
    let nd_mant = nd_mant * 4;
    let e2 = if mantissa != 0 { dp - nd_mant } else { 0 };
    let (f, overflow) = hex_float_bits(mantissa, e2, neg, trunc);
    if overflow {
        Err(range())
    } else {
        Ok(f)
    }
}

/// Go's `atofHex` for float64: round `mantissa * 2^exp` to nearest even.
fn hex_float_bits(mut mantissa: u64, mut exp: i64, neg: bool, trunc: bool) -> (f64, bool) {
    const MANT_BITS: i64 = 52;
    const BIAS: i64 = -1023;
    let max_exp = (1i64 << 11) + BIAS - 2;
    let min_exp = BIAS + 1;
    exp += MANT_BITS;
    while mantissa != 0 && mantissa >> (MANT_BITS + 2) == 0 {
        mantissa <<= 1;
        exp -= 1;
    }
    if trunc {
        mantissa |= 1;
    }
    while mantissa >> (1 + MANT_BITS + 2) != 0 {
        mantissa = mantissa >> 1 | mantissa & 1;
        exp += 1;
    }
    while mantissa > 1 && exp < min_exp - 2 {
        mantissa = mantissa >> 1 | mantissa & 1;
        exp += 1;
    }
    let mut round = mantissa & 3;
    mantissa >>= 2;
    round |= mantissa & 1;
    exp += 2;
    if round == 3 {
        mantissa += 1;
        if mantissa == 1 << (1 + MANT_BITS) {
            mantissa >>= 1;
            exp += 1;
        }
    }
    if mantissa >> MANT_BITS == 0 {
        exp = BIAS;
    }
    let mut overflow = false;
    if exp > max_exp {
        mantissa = 1 << MANT_BITS;
        exp = max_exp + 1;
        overflow = true;
    }
    let mut bits = mantissa & ((1 << MANT_BITS) - 1);
    bits |= (((exp - BIAS) & ((1 << 11) - 1)) as u64) << MANT_BITS;
    if neg {
        bits |= 1 << 63;
    }
    (f64::from_bits(bits), overflow)
}

/// Go's `strconv.Quote`: a double-quoted Go string literal; non-printable runes (per Go's
/// Unicode 15 `IsPrint`) escaped as `\a \b \f \n \r \t \v`, `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
pub fn quote(s: &str) -> String {
    quote_with(s, '"')
}

/// Go's `strconv.QuoteRune`-style quoting of a string between `q` quotes.
pub fn quote_with(s: &str, q: char) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for r in s.chars() {
        if r == q || r == '\\' {
            out.push('\\');
            out.push(r);
            continue;
        }
        if crate::golang::unicode::is_print(r) {
            out.push(r);
            continue;
        }
        match r {
            '\u{07}' => out.push_str("\\a"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0b}' => out.push_str("\\v"),
            _ if (r as u32) < 0x20 || r as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", r as u32)),
            _ if (r as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", r as u32)),
            _ => out.push_str(&format!("\\U{:08x}", r as u32)),
        }
    }
    out.push(q);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_g_matches_go() {
        let cases = [
            (1.0, "1"),
            (1.5, "1.5"),
            (1e6, "1e+06"),
            (123456.0, "123456"),
            (12345678.0, "1.2345678e+07"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e300, "1.5e+300"),
            (-2.5, "-2.5"),
            (0.0, "0"),
            (-0.0, "-0"),
            (100.0, "100"),
            (1e21, "1e+21"),
            (0.1 + 0.2, "0.30000000000000004"),
        ];
        for (f, want) in cases {
            assert_eq!(format_float_g(f), want, "{f}");
        }
    }

    #[test]
    fn format_json_matches_go() {
        let cases = [
            (1.0, "1"),
            (1e6, "1000000"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1e-7, "1e-7"),
            (0.000001, "0.000001"),
            (1.2345678901234569e23, "1.2345678901234569e+23"),
            (-0.5, "-0.5"),
        ];
        for (f, want) in cases {
            assert_eq!(format_float_json(f).unwrap(), want, "{f}");
        }
        assert_eq!(format_float_json(f64::NAN), None);
    }

    #[test]
    fn go_exact_parsing() {
        // Values seen through Sprig's float64/int64 on the helm oracle.
        assert_eq!(parse_float("0x1p-2"), Ok(0.25));
        assert_eq!(parse_float("0x1P+1_0"), Ok(1024.0));
        assert_eq!(parse_float("0x_1p0"), Ok(1.0));
        assert_eq!(parse_float("1_000.5"), Ok(1000.5));
        assert!(parse_float("0x1.8").is_err());
        assert!(parse_float("1__0").is_err());
        assert!(parse_float("+nan").is_err());
        assert!(parse_float("infin").is_err());
        assert_eq!(parse_float("-Infinity"), Ok(f64::NEG_INFINITY));
        let e = parse_float("1e400").unwrap_err();
        assert_eq!(e.to_string(), r#"strconv.ParseFloat: parsing "1e400": value out of range"#);
        assert_eq!(parse_int("1_000", 0, 64), Ok(1000));
        assert_eq!(parse_int("08", 0, 64).unwrap_err().to_string(), r#"strconv.ParseInt: parsing "08": invalid syntax"#);
        assert_eq!(parse_int_clamped("99999999999999999999", 10, 0), Err((i64::MAX, num_err("ParseInt", "99999999999999999999", NumErrorKind::Range))));
        assert_eq!(atoi("x").unwrap_err().to_string(), r#"strconv.Atoi: parsing "x": invalid syntax"#);
        assert_eq!(quote("a\u{0}\u{2028}😀\u{7f}"), r#""a\x00\u2028😀\x7f""#);
    }
}
