//! Helm's `toToml`/`mustToToml` (a port of BurntSushi/toml v1.6.0's encoder: key order, table and
//! array-of-table layout, two-space indentation, quoting, float and time formats) and `fromToml`.
//!
//! [`datetime`] gives the `time.Time` BurntSushi/toml decodes a date-time literal to (the reader
//! itself is [`crate::helm::tomlread`]); [`funcs`] converts template values for the encoder.

pub mod funcs;

use crate::golang::strconv::format_float;
use crate::golang::time::{parse_in_location, GoTime, Location, RFC3339_NANO};

/// A template value as the encoder sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum TomlValue {
    /// A nil interface, map or slice: skipped in tables.
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    Time(GoTime),
    List(Vec<TomlValue>),
    /// A Go map (the encoder sorts its keys).
    Map(Vec<(String, TomlValue)>),
    /// A value of a Go type the encoder rejects (`complex128`): the type's name.
    Unsupported(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TomlType {
    Scalar,
    Array,
    Hash,
    ArrayHash,
}

const ERR_ARRAY_NIL: &str = "toml: cannot encode array with nil element";
const ERR_NO_KEY: &str = "toml: top-level values must be Go maps or structs";

fn toml_type(v: &TomlValue) -> Result<Option<TomlType>, String> {
    Ok(Some(match v {
        TomlValue::Nil => return Ok(None),
        TomlValue::Map(_) => TomlType::Hash,
        TomlValue::List(items) => {
            if items.is_empty() {
                TomlType::Array
            } else {
                let mut all_hash = true;
                for it in items {
                    match toml_type(it)? {
                        None => return Err(ERR_ARRAY_NIL.into()),
                        Some(TomlType::Hash) => {}
                        Some(_) => all_hash = false,
                    }
                }
                if all_hash {
                    TomlType::ArrayHash
                } else {
                    TomlType::Array
                }
            }
        }
        _ => TomlType::Scalar,
    }))
}

/// BurntSushi's `dblQuotedReplacer`.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{0c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{00}'..='\u{1f}' | '\u{7f}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn bare(k: &str) -> bool {
    !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn maybe_quoted(k: &str) -> String {
    if bare(k) {
        k.to_string()
    } else if k.is_empty() {
        "\"\"".into()
    } else {
        quoted(k)
    }
}

fn key_string(key: &[String]) -> String {
    key.iter().map(|k| maybe_quoted(k)).collect::<Vec<_>>().join(".")
}

struct Encoder {
    out: String,
}

impl Encoder {
    fn write(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn newline(&mut self) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
    }

    fn indent(key: &[String]) -> String {
        "  ".repeat(key.len().saturating_sub(1))
    }

    fn encode(&mut self, key: &[String], v: &TomlValue) -> Result<(), String> {
        match v {
            TomlValue::Nil => Ok(()),
            TomlValue::Map(_) => self.table(key, v),
            TomlValue::List(_) if toml_type(v)? == Some(TomlType::ArrayHash) => self.array_of_tables(key, v),
            _ => self.key_value(key, v, false),
        }
    }

    fn key_value(&mut self, key: &[String], v: &TomlValue, inline: bool) -> Result<(), String> {
        if key.is_empty() {
            return self.element(v);
        }
        let line = format!("{}{} = ", Self::indent(key), maybe_quoted(key.last().expect("non-empty key")));
        self.write(&line);
        self.element(v)?;
        if !inline {
            self.newline();
        }
        Ok(())
    }

    fn element(&mut self, v: &TomlValue) -> Result<(), String> {
        match v {
            TomlValue::Time(t) => {
                // BurntSushi's own zones for local date-times print without an offset, in UTC.
                let s = match t.loc.name() {
                    "datetime-local" => t.utc().format("2006-01-02T15:04:05.999999999"),
                    "date-local" => t.utc().format("2006-01-02"),
                    "time-local" => t.utc().format("15:04:05.999999999"),
                    _ => t.format(RFC3339_NANO),
                };
                self.write(&s);
            }
            TomlValue::Str(s) => {
                let q = quoted(s);
                self.write(&q);
            }
            TomlValue::Bool(b) => self.write(if *b { "true" } else { "false" }),
            TomlValue::Int(i) => self.write(&i.to_string()),
            TomlValue::Uint(u) => self.write(&u.to_string()),
            TomlValue::Float(f) => {
                if f.is_nan() || f.is_infinite() {
                    if f.is_sign_negative() {
                        self.write("-");
                    }
                    self.write(if f.is_nan() { "nan" } else { "inf" });
                } else {
                    let mut s = format_float(*f, 'g');
                    if !s.contains(['e', '.']) {
                        s.push_str(".0");
                    }
                    self.write(&s);
                }
            }
            TomlValue::List(items) => {
                self.write("[");
                for (i, it) in items.iter().enumerate() {
                    self.element(it)?;
                    if i != items.len() - 1 {
                        self.write(", ");
                    }
                }
                self.write("]");
            }
            TomlValue::Map(_) => self.map(&[], v, true)?,
            TomlValue::Nil => return Err("reflect: call of reflect.Value.Interface on zero Value".into()),
            TomlValue::Unsupported(ty) => return Err(format!("unsupported type: {ty}")),
        }
        Ok(())
    }

    fn array_of_tables(&mut self, key: &[String], v: &TomlValue) -> Result<(), String> {
        if key.is_empty() {
            return Err(ERR_NO_KEY.into());
        }
        let TomlValue::List(items) = v else { unreachable!("array of tables is a list") };
        for it in items {
            if *it == TomlValue::Nil {
                continue;
            }
            self.newline();
            let line = format!("{}[[{}]]", Self::indent(key), key_string(key));
            self.write(&line);
            self.newline();
            self.map(key, it, false)?;
        }
        Ok(())
    }

    fn table(&mut self, key: &[String], v: &TomlValue) -> Result<(), String> {
        if key.len() == 1 {
            self.newline();
        }
        if !key.is_empty() {
            let line = format!("{}[{}]", Self::indent(key), key_string(key));
            self.write(&line);
            self.newline();
        }
        self.map(key, v, false)
    }

    fn map(&mut self, key: &[String], v: &TomlValue, inline: bool) -> Result<(), String> {
        let TomlValue::Map(entries) = v else { unreachable!("tables are maps") };
        let mut direct: Vec<&(String, TomlValue)> = Vec::new();
        let mut sub: Vec<&(String, TomlValue)> = Vec::new();
        for e in entries {
            match toml_type(&e.1)? {
                Some(TomlType::Hash | TomlType::ArrayHash) => sub.push(e),
                _ => direct.push(e),
            }
        }
        direct.sort_by(|a, b| a.0.cmp(&b.0));
        sub.sort_by(|a, b| a.0.cmp(&b.0));
        if inline {
            self.write("{");
        }
        let has_sub = !sub.is_empty();
        for (group, trail) in [(direct, has_sub), (sub, false)] {
            let n = group.len();
            for (i, (k, val)) in group.into_iter().enumerate() {
                if *val == TomlValue::Nil {
                    continue;
                }
                if inline {
                    self.key_value(std::slice::from_ref(k), val, true)?;
                    if trail || i != n - 1 {
                        self.write(", ");
                    }
                } else {
                    let mut child = key.to_vec();
                    child.push(k.clone());
                    self.encode(&child, val)?;
                }
            }
        }
        if inline {
            self.write("}");
        }
        Ok(())
    }
}

/// BurntSushi/toml `Encoder.Encode(v)`: the TOML text, or the encoder's error.
pub fn encode(v: &TomlValue) -> Result<String, String> {
    let mut enc = Encoder { out: String::new() };
    enc.encode(&[], v)?;
    Ok(enc.out)
}

/// Helm's `toToml v`: the error text replaces the document on failure.
pub fn to_toml(v: &TomlValue) -> String {
    encode(v).unwrap_or_else(|e| e)
}

/// Helm's `mustToToml v` (`Err` is the panic value).
pub fn must_to_toml(v: &TomlValue) -> Result<String, String> {
    encode(v)
}

/// A TOML date-time literal as BurntSushi/toml decodes it: offset date-times in Local (or a
/// fixed zone of their offset), local date-times, dates and times in its own `datetime-local`,
/// `date-local` and `time-local` zones (offset 0), times on 0000-01-01. `None` when the text is
/// not a valid date or time (`invalid datetime`). `raw` uses `T`, `t` or a space between date
/// and time.
pub fn datetime(raw: &str) -> Option<GoTime> {
    let mut text = raw.to_string();
    if text.len() > 10 && matches!(text.as_bytes()[10], b' ' | b't') {
        text.replace_range(10..11, "T");
    }
    if text.ends_with('z') {
        text.pop();
        text.push('Z');
    }
    let b = text.as_bytes();
    let has_date = b.len() >= 10 && b[4] == b'-' && b[7] == b'-';
    let has_time = if has_date { b.len() > 10 } else { b.len() >= 8 && b[2] == b':' };
    let has_offset = has_date && has_time && text[11..].contains(['Z', '+', '-']);
    let (layout, loc) = match (has_date, has_time, has_offset) {
        (true, true, true) => (RFC3339_NANO, Location::local()),
        (true, true, false) => ("2006-01-02T15:04:05.999999999", Location::fixed("datetime-local", 0)),
        (true, false, _) => ("2006-01-02", Location::fixed("date-local", 0)),
        (false, true, _) => ("15:04:05.999999999", Location::fixed("time-local", 0)),
        _ => return None,
    };
    parse_in_location(layout, &text, &loc).ok()
}

#[cfg(test)]
mod tests;
