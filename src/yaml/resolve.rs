//! Plain-scalar resolution as go-yaml does it: which text is a null, bool, int, float or timestamp.
//! go-yaml v2 (helm's values, sigs.k8s.io/yaml) still knows YAML 1.1 booleans (`yes`, `on`, `n`);
//! go-yaml v3 (kustomize's kyaml) only `true`/`false` but adds `0o` octals. Both read `0644` as octal.

use super::node::Tag;
use crate::golang::strconv::{parse_float, parse_int, parse_uint};
use crate::golang::time::{parse_yaml_timestamp, Time};

/// Which go-yaml major version's rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    V2,
    V3,
}

/// What a scalar's text means.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Timestamp(Time),
    Str,
}

impl Resolved {
    pub fn tag(&self) -> Tag {
        match self {
            Resolved::Null => Tag::Null,
            Resolved::Bool(_) => Tag::Bool,
            Resolved::Int(_) | Resolved::Uint(_) => Tag::Int,
            Resolved::Float(_) => Tag::Float,
            Resolved::Timestamp(_) => Tag::Timestamp,
            Resolved::Str => Tag::Str,
        }
    }
}

fn lookup(s: &str, dialect: Dialect) -> Option<Resolved> {
    let r = match s {
        "true" | "True" | "TRUE" => Resolved::Bool(true),
        "false" | "False" | "FALSE" => Resolved::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => Resolved::Null,
        ".nan" | ".NaN" | ".NAN" => Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Resolved::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Resolved::Float(f64::NEG_INFINITY),
        _ if dialect == Dialect::V2 => match s {
            "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Resolved::Bool(true),
            "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Resolved::Bool(false),
            _ => return None,
        },
        _ => return None,
    };
    Some(r)
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

fn int_or_uint(i: Option<i64>, u: impl FnOnce() -> Option<u64>) -> Option<Resolved> {
    match i {
        Some(v) => Some(Resolved::Int(v)),
        None => u().map(Resolved::Uint),
    }
}

fn resolve_number(s: &str, dialect: Dialect, try_timestamp: bool) -> Resolved {
    if try_timestamp {
        if let Some(t) = parse_yaml_timestamp(s) {
            return Resolved::Timestamp(t);
        }
    }
    let plain = if s.contains('_') { s.replace('_', "") } else { s.to_string() };
    if let Some(r) = int_or_uint(parse_int(&plain, 0, 64).ok(), || parse_uint(&plain, 0, 64).ok()) {
        return r;
    }
    if yaml_style_float(&plain) {
        if let Ok(f) = parse_float(&plain) {
            return Resolved::Float(f);
        }
    }
    let radix = |prefix: &str, base: u32| -> Option<Resolved> {
        if let Some(rest) = plain.strip_prefix(prefix) {
            return int_or_uint(parse_int(rest, base, 64).ok(), || parse_uint(rest, base, 64).ok());
        }
        if let Some(rest) = plain.strip_prefix(&format!("-{prefix}")) {
            return parse_int(&format!("-{rest}"), base, 64).ok().map(Resolved::Int);
        }
        None
    };
    if let Some(r) = radix("0b", 2) {
        return r;
    }
    if dialect == Dialect::V3 {
        if let Some(r) = radix("0o", 8) {
            return r;
        }
    }
    Resolved::Str
}

fn resolve_inner(s: &str, dialect: Dialect, try_timestamp: bool) -> Resolved {
    let hint = match s.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => return Resolved::Str,
    };
    if let Some(r) = lookup(s, dialect) {
        return r;
    }
    match hint {
        b'.' => parse_float(s).map_or(Resolved::Str, Resolved::Float),
        b'D' | b'S' => resolve_number(s, dialect, try_timestamp),
        _ => Resolved::Str,
    }
}

/// What an untagged plain scalar means.
pub fn resolve(s: &str, dialect: Dialect) -> Resolved {
    resolve_inner(s, dialect, true)
}

/// What a scalar with an explicit (or already resolved) tag means, or go-yaml's error text
/// ("cannot decode !!str `abc` as a !!int").
pub fn resolve_tagged(tag: &Tag, s: &str, dialect: Dialect) -> Result<Resolved, String> {
    match tag {
        Tag::Str | Tag::Binary | Tag::Merge | Tag::Other(_) => return Ok(Resolved::Str),
        _ => {}
    }
    let r = resolve_inner(s, dialect, *tag == Tag::Timestamp);
    let rtag = r.tag();
    if rtag == *tag {
        return Ok(r);
    }
    if *tag == Tag::Float {
        if let Resolved::Int(i) = r {
            return Ok(Resolved::Float(i as f64));
        }
    }
    Err(format!("cannot decode {} `{}` as a {}", rtag.short(), s, tag.short()))
}

/// go-yaml v2's `isBase60Float`: YAML 1.1 sexagesimal numbers (`1:20`), quoted on output.
pub fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    match b.first() {
        Some(c) if *c == b'+' || *c == b'-' || c.is_ascii_digit() => {}
        _ => return false,
    }
    if !s.contains(':') {
        return false;
    }
    // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
    let mut i = 0;
    if b[0] == b'+' || b[0] == b'-' {
        i = 1;
    }
    if i >= b.len() || !b[i].is_ascii_digit() {
        return false;
    }
    i += 1;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while i < b.len() && b[i] == b':' {
        i += 1;
        // [0-5]?[0-9]: one or two digits, the first of two at most 5.
        let d1 = b.get(i).copied();
        let d2 = b.get(i + 1).copied();
        match (d1, d2) {
            (Some(a), Some(c)) if (b'0'..=b'5').contains(&a) && c.is_ascii_digit() => i += 2,
            (Some(a), _) if a.is_ascii_digit() => i += 1,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v3_resolution() {
        use Resolved::*;
        assert_eq!(resolve("0644", Dialect::V3), Int(420));
        assert_eq!(resolve("0o644", Dialect::V3), Int(420));
        assert_eq!(resolve("0o644", Dialect::V2), Int(420)); // Go's ParseInt base 0 knows 0o
        assert_eq!(resolve("1e3", Dialect::V3), Float(1000.0));
        assert_eq!(resolve("yes", Dialect::V3), Str);
        assert_eq!(resolve("yes", Dialect::V2), Bool(true));
        assert_eq!(resolve("~", Dialect::V3), Null);
        assert_eq!(resolve("", Dialect::V3), Null);
        assert_eq!(resolve("09", Dialect::V3), Float(9.0));
        assert_eq!(resolve("1_000", Dialect::V3), Int(1000));
        assert_eq!(resolve("12345678901234567890", Dialect::V3), Uint(12345678901234567890));
        assert_eq!(resolve("1e400", Dialect::V3), Str);
        assert_eq!(resolve("-.5", Dialect::V3), Float(-0.5));
        assert_eq!(resolve("1.2.3", Dialect::V3), Str);
        assert!(matches!(resolve("2001-12-14", Dialect::V3), Timestamp(_)));
    }

    #[test]
    fn tagged() {
        assert_eq!(resolve_tagged(&Tag::Float, "3", Dialect::V3), Ok(Resolved::Float(3.0)));
        assert_eq!(
            resolve_tagged(&Tag::Int, "abc", Dialect::V3),
            Err("cannot decode !!str `abc` as a !!int".into())
        );
        assert_eq!(resolve_tagged(&Tag::Str, "123", Dialect::V3), Ok(Resolved::Str));
    }

    #[test]
    fn base60() {
        assert!(is_base60_float("1:20"));
        assert!(is_base60_float("190:20:30.15"));
        assert!(!is_base60_float("1:70"));
        assert!(!is_base60_float("a:1"));
        assert!(!is_base60_float("1:2:"));
    }
}
