//! Go number literals as `text/template` reads them (`parse.NumberNode`): `strconv.ParseUint`/
//! `ParseInt` with base 0 (`0x1F`, `0o17`, `0755`, `0b101`, `1_000`), `ParseFloat` (decimal and
//! hex floats), imaginary and complex constants, and character constants.

use super::node::Number;
use super::quote::{unquote_char, Unquoted};

/// Go's `underscoreOK`: underscores only between digits or after a base prefix.
fn underscore_ok(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let b = s.as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1].to_ascii_lowercase() == b'x';
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
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

/// `strconv.ParseUint(s, 0, 64)` (no sign allowed).
pub fn parse_uint0(s: &str) -> Option<u64> {
    if s.is_empty() || s.starts_with(['+', '-']) {
        return None;
    }
    let b = s.as_bytes();
    let (base, digits) = if b.len() >= 2 && b[0] == b'0' {
        match b[1].to_ascii_lowercase() {
            b'x' => (16, &s[2..]),
            b'o' => (8, &s[2..]),
            b'b' => (2, &s[2..]),
            _ => (8, &s[1..]),
        }
    } else {
        (10, s)
    };
    if s.contains('_') && !underscore_ok(s) {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if clean.is_empty() {
        return if base == 8 && digits.is_empty() && s == "0" { Some(0) } else { None };
    }
    u64::from_str_radix(&clean, base).ok()
}

/// `strconv.ParseInt(s, 0, 64)`.
pub fn parse_int0(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if body.starts_with(['+', '-']) {
        return None;
    }
    let u = parse_uint0(body)?;
    if neg {
        if u > i64::MAX as u64 + 1 {
            return None;
        }
        Some((u as i64).wrapping_neg())
    } else {
        i64::try_from(u).ok()
    }
}

/// `strconv.ParseFloat(s, 64)` for the literals the lexer produces; `None` on syntax errors
/// and on overflow (Go returns an error with ±Inf).
pub fn parse_float(s: &str) -> Option<f64> {
    if s.contains('_') && !underscore_ok(s) {
        return None;
    }
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    let (neg, body) = match clean.as_bytes().first() {
        Some(b'+') => (false, &clean[1..]),
        Some(b'-') => (true, &clean[1..]),
        _ => (false, &clean[..]),
    };
    let v = if body.len() > 2 && body.as_bytes()[0] == b'0' && body.as_bytes()[1].eq_ignore_ascii_case(&b'x') {
        parse_hex_float(&body[2..])?
    } else {
        if body.is_empty() || !body.bytes().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')) {
            return None;
        }
        body.parse::<f64>().ok()?
    };
    if v.is_infinite() {
        return None;
    }
    Some(if neg { -v } else { v })
}

fn parse_hex_float(s: &str) -> Option<f64> {
    let (mant, exp) = match s.find(['p', 'P']) {
        Some(i) => (&s[..i], s[i + 1..].parse::<i32>().ok()?),
        None => return None,
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut v = 0f64;
    for c in int.chars() {
        v = v * 16.0 + c.to_digit(16)? as f64;
    }
    let mut scale = 1.0 / 16.0;
    for c in frac.chars() {
        v += c.to_digit(16)? as f64 * scale;
        scale /= 16.0;
    }
    Some(v * 2f64.powi(exp))
}

fn simplify_complex(n: &mut Number) {
    n.is_float = n.complex.1 == 0.0;
    if n.is_float {
        let f = n.complex.0;
        n.float64 = f;
        n.is_int = (f as i64) as f64 == f;
        if n.is_int {
            n.int64 = f as i64;
        }
        n.is_uint = f >= 0.0 && (f as u64) as f64 == f;
        if n.is_uint {
            n.uint64 = f as u64;
        }
    }
}

/// What kind of token the number came from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NumKind {
    Number,
    Char,
    Complex,
}

/// Go's `newNumber`: the constant under every representation, or Go's error text.
pub fn new_number(pos: usize, text: &str, kind: NumKind) -> Result<Number, String> {
    let mut n = Number { pos, text: text.to_string(), ..Number::default() };
    match kind {
        NumKind::Char => {
            let r = match unquote_char(&text[1..], '\'') {
                Some((Unquoted::Rune(c), tail)) if tail == "'" => c as u32 as i64,
                Some((Unquoted::Byte(b), tail)) if tail == "'" => b as i64,
                Some(_) => return Err(format!("malformed character constant: {text}")),
                None => return Err("invalid syntax".into()),
            };
            n.int64 = r;
            n.is_int = true;
            n.uint64 = r as u64;
            n.is_uint = true;
            n.float64 = r as f64;
            n.is_float = true;
            return Ok(n);
        }
        NumKind::Complex => {
            // "a+bi": split at the last sign that is not part of an exponent.
            let b = text.as_bytes();
            let split = (1..b.len()).rev().find(|&i| matches!(b[i], b'+' | b'-') && !matches!(b[i - 1], b'e' | b'E' | b'p' | b'P'));
            let Some(i) = split else { return Err("expected integer".into()) };
            let re = parse_float(&text[..i]).ok_or_else(|| "expected integer".to_string())?;
            let im = parse_float(&text[i..text.len() - 1]).ok_or_else(|| "expected integer".to_string())?;
            n.is_complex = true;
            n.complex = (re, im);
            simplify_complex(&mut n);
            return Ok(n);
        }
        NumKind::Number => {}
    }
    if let Some(body) = text.strip_suffix('i') {
        if let Some(f) = parse_float(body) {
            n.is_complex = true;
            n.complex = (0.0, f);
            simplify_complex(&mut n);
            return Ok(n);
        }
    }
    let u = parse_uint0(text);
    if let Some(u) = u {
        n.is_uint = true;
        n.uint64 = u;
    }
    if let Some(i) = parse_int0(text) {
        n.is_int = true;
        n.int64 = i;
        if i == 0 {
            n.is_uint = true;
            n.uint64 = u.unwrap_or(0);
        }
    }
    if n.is_int {
        n.is_float = true;
        n.float64 = n.int64 as f64;
    } else if n.is_uint {
        n.is_float = true;
        n.float64 = n.uint64 as f64;
    } else if let Some(f) = parse_float(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", super::quote::quote(text)));
        }
        n.is_float = true;
        n.float64 = f;
        if !n.is_int && (f as i64) as f64 == f && f.abs() < 9.3e18 {
            n.is_int = true;
            n.int64 = f as i64;
        }
        if !n.is_uint && f >= 0.0 && (f as u64) as f64 == f && f < 1.8e19 {
            n.is_uint = true;
            n.uint64 = f as u64;
        }
    }
    if !n.is_int && !n.is_uint && !n.is_float {
        return Err(format!("illegal number syntax: {}", super::quote::quote(text)));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_literals() {
        assert_eq!(parse_int0("0x1F"), Some(31));
        assert_eq!(parse_int0("0o17"), Some(15));
        assert_eq!(parse_int0("0755"), Some(493));
        assert_eq!(parse_int0("1_000_000"), Some(1_000_000));
        assert_eq!(parse_int0("1__0"), None);
        assert_eq!(parse_int0("-0"), Some(0));
        assert_eq!(parse_float("1e3"), Some(1000.0));
        assert_eq!(parse_float("0x1p-2"), Some(0.25));
        let n = new_number(0, "2.0", NumKind::Number).unwrap();
        assert!(n.is_int && n.is_float && n.int64 == 2);
        assert_eq!(new_number(0, "99999999999999999999", NumKind::Number).unwrap_err(), "integer overflow: \"99999999999999999999\"");
        assert_eq!(new_number(0, "'a'", NumKind::Char).unwrap().int64, 97);
        let c = new_number(0, "1i", NumKind::Number).unwrap();
        assert!(c.is_complex && !c.is_float);
    }
}
