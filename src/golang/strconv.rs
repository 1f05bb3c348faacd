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

/// Go's `strconv.ParseInt(s, 0, 64)`: optional sign, then `0x`/`0o`/`0b` prefixes or a leading `0`
/// for octal, underscores only between digits after a base prefix.
pub fn parse_int_base0(s: &str) -> Option<i64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let u = parse_uint_base0(rest)?;
    if neg {
        if u <= i64::MAX as u64 + 1 {
            Some((u as i64).wrapping_neg())
        } else {
            None
        }
    } else if u <= i64::MAX as u64 {
        Some(u as i64)
    } else {
        None
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)` (no sign accepted).
pub fn parse_uint_base0(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    let (base, digits, prefixed) = if b[0] == b'0' && b.len() > 1 {
        match b[1] {
            b'x' | b'X' => (16, &s[2..], true),
            b'o' | b'O' => (8, &s[2..], true),
            b'b' | b'B' => (2, &s[2..], true),
            _ => (8, &s[1..], true),
        }
    } else {
        (10, s, false)
    };
    if prefixed && !underscore_ok(s) {
        return None;
    }
    if !prefixed && digits.contains('_') {
        return None;
    }
    parse_uint_digits(digits, base, prefixed)
}

/// Go's `strconv.ParseUint(s, base, 64)` for an explicit base (no prefixes, no underscores).
pub fn parse_uint_radix(s: &str, base: u32) -> Option<u64> {
    if s.is_empty() || s.contains('_') {
        return None;
    }
    parse_uint_digits(s, base, false)
}

/// Go's `strconv.ParseInt(s, base, 64)` for an explicit base.
pub fn parse_int_radix(s: &str, base: u32) -> Option<i64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let u = parse_uint_radix(rest, base)?;
    if neg {
        (u <= i64::MAX as u64 + 1).then(|| (u as i64).wrapping_neg())
    } else {
        (u <= i64::MAX as u64).then_some(u as i64)
    }
}

fn parse_uint_digits(digits: &str, base: u32, allow_underscore: bool) -> Option<u64> {
    let mut n: u64 = 0;
    let mut any = false;
    for c in digits.chars() {
        if c == '_' && allow_underscore {
            continue;
        }
        let d = c.to_digit(base)?;
        n = n.checked_mul(base as u64)?.checked_add(d as u64)?;
        any = true;
    }
    // A lone "0" prefix ("0" followed by nothing) is the number zero; "0x" alone is an error.
    if !any {
        return if digits.is_empty() && base == 8 { Some(0) } else { None };
    }
    Some(n)
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

/// Go's `strconv.ParseFloat(s, 64)` for decimal input (what YAML resolution feeds it): `None` on
/// syntax errors and on overflow to infinity (Go reports ErrRange there).
pub fn parse_float_decimal(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let lower = s[i..].to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" || lower == "nan" {
        return s.parse::<f64>().ok().or_else(|| {
            let neg = b.first() == Some(&b'-');
            Some(if lower == "nan" { f64::NAN } else if neg { f64::NEG_INFINITY } else { f64::INFINITY })
        });
    }
    let mut digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    let f: f64 = s.parse().ok()?;
    f.is_finite().then_some(f)
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
    fn parse_int_base0_matches_go() {
        assert_eq!(parse_int_base0("0644"), Some(420));
        assert_eq!(parse_int_base0("0x1F"), Some(31));
        assert_eq!(parse_int_base0("0o17"), Some(15));
        assert_eq!(parse_int_base0("-0b101"), Some(-5));
        assert_eq!(parse_int_base0("09"), None);
        assert_eq!(parse_int_base0("+12"), Some(12));
        assert_eq!(parse_int_base0("0"), Some(0));
        assert_eq!(parse_int_base0("0x"), None);
        assert_eq!(parse_int_base0("1_000"), None);
        assert_eq!(parse_int_base0("0x_1F"), Some(31));
        assert_eq!(parse_int_base0("9223372036854775808"), None);
        assert_eq!(parse_int_base0("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_uint_base0("12345678901234567890"), Some(12345678901234567890));
        assert_eq!(parse_uint_base0("-1"), None);
    }

    #[test]
    fn parse_float_matches_go() {
        assert_eq!(parse_float_decimal(".5"), Some(0.5));
        assert_eq!(parse_float_decimal("1e3"), Some(1000.0));
        assert_eq!(parse_float_decimal("1e400"), None);
        assert_eq!(parse_float_decimal("."), None);
        assert_eq!(parse_float_decimal("1.2.3"), None);
        assert_eq!(parse_float_decimal("5."), Some(5.0));
    }
}
