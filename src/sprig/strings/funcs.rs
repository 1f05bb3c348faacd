//! Sprig's simple string functions (`strings.go` and the `strings` package wrappers in
//! `functions.go`): trimming, case, quoting, indentation, splitting and joining.
//! (Word wrapping, abbreviation, title case, random strings and case conversions of
//! `xstrings`/`goutils` live elsewhere.)

use crate::sprig::util::{slice_items, strval};
use crate::gotmpl::fmt::sprintf;
use crate::gotmpl::{Error, FuncMap, Type, Value};
use std::collections::BTreeMap;

fn s(a: &Value) -> &str {
    a.as_str().unwrap_or("")
}

fn int(a: &Value) -> i64 {
    a.as_i128().unwrap_or(0) as i64
}

fn ok(x: impl Into<Value>) -> Result<Value, Error> {
    Ok(x.into())
}

/// Go's `strings.TrimSpace` (Unicode white space).
pub fn trim_space(x: &str) -> &str {
    x.trim_matches(|c: char| c.is_whitespace())
}

/// Sprig's `strslice` (`toStrings`, `join`, `sortAlpha`): nil elements are dropped.
pub fn strslice(v: &Value) -> Vec<String> {
    match v {
        Value::List(l) if l.ty == Type::StringList => l.items.iter().map(|x| s(x).to_string()).collect(),
        Value::Nil => Vec::new(),
        v => match slice_items(v) {
            Some(items) => items.iter().filter(|x| !x.is_nil()).map(strval).collect(),
            None => vec![strval(v)],
        },
    }
}

/// Sprig's `trunc`: a byte count, negative from the end (the result may split a character).
fn trunc(c: i64, x: &str) -> String {
    let b = x.as_bytes();
    let n = b.len() as i64;
    let cut = if c < 0 && n + c > 0 {
        &b[(n + c) as usize..]
    } else if c >= 0 && n > c {
        &b[..c as usize]
    } else {
        b
    };
    String::from_utf8_lossy(cut).into_owned()
}

fn substr(start: i64, end: i64, x: &str) -> Result<Value, Error> {
    let b = x.as_bytes();
    let n = b.len() as i64;
    let oob = |a: i64, z: i64| Error::msg(format!("runtime error: slice bounds out of range [{a}:{z}]"));
    let (a, z) = if start < 0 {
        (0, end)
    } else if end < 0 || end > n {
        (start, n)
    } else {
        (start, end)
    };
    if z < 0 || z > n {
        return Err(Error::msg(format!("runtime error: slice bounds out of range [:{z}] with length {n}")));
    }
    if a > z {
        return Err(oob(a, z));
    }
    Ok(Value::from(String::from_utf8_lossy(&b[a as usize..z as usize]).into_owned()))
}

/// `{"_0": .., "_1": ..}` as `map[string]string`.
fn split_map(parts: Vec<&str>) -> Value {
    let m: BTreeMap<_, _> = parts.iter().enumerate().map(|(i, p)| (format!("_{i}").into(), Value::from(*p))).collect();
    Value::typed_map(Type::StringMap, m)
}

/// Go's `strings.SplitN(s, sep, n)`.
pub fn split_n<'a>(x: &'a str, sep: &str, n: i64) -> Vec<&'a str> {
    if n == 0 {
        return Vec::new();
    }
    if sep.is_empty() {
        // Split into UTF-8 sequences.
        let mut out: Vec<&str> = Vec::new();
        let mut rest = x;
        while !rest.is_empty() {
            if n > 0 && out.len() as i64 == n - 1 {
                out.push(rest);
                return out;
            }
            let c = rest.chars().next().map_or(1, char::len_utf8);
            out.push(&rest[..c]);
            rest = &rest[c..];
        }
        return out;
    }
    if n < 0 {
        return x.split(sep).collect();
    }
    x.splitn(n as usize, sep).collect()
}

pub fn register(f: &mut FuncMap) {
    f.add("trim", "func(string) string", |a| ok(trim_space(s(&a[0]))));
    f.add("upper", "func(string) string", |a| ok(go_upper(s(&a[0]))));
    f.add("lower", "func(string) string", |a| ok(go_lower(s(&a[0]))));
    f.add("trunc", "func(int, string) string", |a| ok(trunc(int(&a[0]), s(&a[1]))));
    f.add("substr", "func(int, int, string) string", |a| substr(int(&a[0]), int(&a[1]), s(&a[2])));
    f.add("repeat", "func(int, string) string", |a| {
        let n = int(&a[0]);
        if n < 0 {
            return Err(Error::msg("strings: negative Repeat count"));
        }
        ok(go_repeat(s(&a[1]), n)?)
    });
    f.add("trimall", "func(string, string) string", |a| ok(s(&a[1]).trim_matches(|c| s(&a[0]).contains(c))));
    f.add("trimAll", "func(string, string) string", |a| ok(s(&a[1]).trim_matches(|c| s(&a[0]).contains(c))));
    f.add("trimSuffix", "func(string, string) string", |a| ok(s(&a[1]).strip_suffix(s(&a[0])).unwrap_or(s(&a[1]))));
    f.add("trimPrefix", "func(string, string) string", |a| ok(s(&a[1]).strip_prefix(s(&a[0])).unwrap_or(s(&a[1]))));
    f.add("nospace", "func(string) string", |a| ok(s(&a[0]).chars().filter(|c| !c.is_whitespace()).collect::<String>()));
    f.add("contains", "func(string, string) bool", |a| ok(s(&a[1]).contains(s(&a[0]))));
    f.add("hasPrefix", "func(string, string) bool", |a| ok(s(&a[1]).starts_with(s(&a[0]))));
    f.add("hasSuffix", "func(string, string) bool", |a| ok(s(&a[1]).ends_with(s(&a[0]))));
    f.add("quote", "func(...interface {}) string", |a| {
        let parts: Vec<String> = a.iter().filter(|x| !x.is_nil()).map(|x| sprintf("%q", &[Value::from(strval(x))])).collect();
        ok(parts.join(" "))
    });
    f.add("squote", "func(...interface {}) string", |a| {
        let parts: Vec<String> = a.iter().filter(|x| !x.is_nil()).map(|x| sprintf("'%v'", std::slice::from_ref(x))).collect();
        ok(parts.join(" "))
    });
    f.add("cat", "func(...interface {}) string", |a| {
        let v: Vec<Value> = a.iter().filter(|x| !x.is_nil()).cloned().collect();
        let format = "%v ".repeat(v.len());
        ok(sprintf(format.trim_matches(|c: char| c.is_whitespace()), &v))
    });
    f.add("indent", "func(int, string) string", |a| ok(indent(int(&a[0]), s(&a[1]))?));
    f.add("nindent", "func(int, string) string", |a| ok(format!("\n{}", indent(int(&a[0]), s(&a[1]))?)));
    f.add("replace", "func(string, string, string) string", |a| ok(go_replace(s(&a[2]), s(&a[0]), s(&a[1]))));
    f.add("plural", "func(string, string, int) string", |a| ok(if int(&a[2]) == 1 { s(&a[0]) } else { s(&a[1]) }));
    f.add("toString", "func(interface {}) string", |a| ok(strval(&a[0])));
    f.add("toStrings", "func(interface {}) []string", |a| Ok(Value::string_list(strslice(&a[0]))));
    f.add("join", "func(string, interface {}) string", |a| ok(strslice(&a[1]).join(s(&a[0]))));
    f.add("split", "func(string, string) map[string]string", |a| Ok(split_map(split_n(s(&a[1]), s(&a[0]), -1))));
    f.add("splitn", "func(string, int, string) map[string]string", |a| Ok(split_map(split_n(s(&a[2]), s(&a[0]), int(&a[1])))));
    f.add("splitList", "func(string, string) []string", |a| {
        Ok(Value::string_list(split_n(s(&a[1]), s(&a[0]), -1).into_iter().map(String::from)))
    });
    f.add("sortAlpha", "func(interface {}) []string", |a| {
        let v = &a[0];
        if matches!(v.kind(), crate::gotmpl::Kind::Slice) {
            let mut items = strslice(v);
            items.sort();
            return Ok(Value::string_list(items));
        }
        Ok(Value::string_list([strval(v)]))
    });
    f.add("hello", "func() string", |_| ok("Hello!"));
}

/// Go's `strings.Replace(s, old, new, -1)` (an empty `old` inserts between characters).
pub fn go_replace(x: &str, old: &str, new: &str) -> String {
    if old.is_empty() {
        let mut out = String::from(new);
        for c in x.chars() {
            out.push(c);
            out.push_str(new);
        }
        return out;
    }
    x.replace(old, new)
}

/// Go's `strings.ToUpper`: per-character simple case mapping (`ß` stays `ß`).
pub fn go_upper(x: &str) -> String {
    x.chars()
        .map(|c| {
            let mut u = c.to_uppercase();
            match (u.next(), u.next()) {
                (Some(m), None) => m,
                _ => c,
            }
        })
        .collect()
}

/// Go's `strings.ToLower`.
pub fn go_lower(x: &str) -> String {
    x.chars()
        .map(|c| {
            let mut u = c.to_lowercase();
            match (u.next(), u.next()) {
                (Some(m), None) => m,
                _ => c,
            }
        })
        .collect()
}

/// Sprig's `indent` (a negative count is Go's `strings.Repeat` panic).
pub fn indent(n: i64, x: &str) -> Result<String, Error> {
    if n < 0 {
        return Err(Error::msg("strings: negative Repeat count"));
    }
    let pad = go_repeat(" ", n)?;
    check_size(pad.len().saturating_mul(x.matches('\n').count() + 1).saturating_add(x.len()))?;
    Ok(format!("{pad}{}", x.replace('\n', &format!("\n{pad}"))))
}

/// Results beyond this size fail instead of exhausting memory (Go would run out of memory).
pub const MAX_OUTPUT: usize = 1 << 30;

fn check_size(n: usize) -> Result<(), Error> {
    if n > MAX_OUTPUT {
        return Err(Error::msg("krender: result too large"));
    }
    Ok(())
}

/// Go's `strings.Repeat` (its panics as errors).
pub fn go_repeat(x: &str, n: i64) -> Result<String, Error> {
    if n < 0 {
        return Err(Error::msg("strings: negative Repeat count"));
    }
    let Some(total) = x.len().checked_mul(n as usize) else {
        return Err(Error::msg("strings: Repeat output length overflow"));
    };
    check_size(total)?;
    Ok(x.repeat(n as usize))
}
