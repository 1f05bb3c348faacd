//! Template values as BurntSushi/toml's encoder sees them (Helm's `toToml`/`mustToToml`).

use super::{encode, TomlValue};
use crate::gotmpl::Value;
use crate::sprig::date::funcs::Time;

/// The encoder's view of `v`: `time.Time` stays a date-time, named integers (`time.Month`,
/// `time.Weekday`) are integers, `time.Duration` and other types with a `String`/`MarshalText`
/// form are strings, `[]byte` is an array of integers, `complex128` is rejected.
pub fn toml_value(v: &Value) -> TomlValue {
    match v {
        Value::Nil => TomlValue::Nil,
        Value::Bool(b) => TomlValue::Bool(*b),
        Value::Int(..) => match v.as_i128().unwrap_or(0) {
            i if i > i64::MAX as i128 => TomlValue::Uint(i as u64),
            i => TomlValue::Int(i as i64),
        },
        Value::Float(f) => TomlValue::Float(*f),
        Value::Complex(..) => TomlValue::Unsupported("complex128"),
        Value::String(s) => TomlValue::Str(s.to_string()),
        Value::Bytes(b) => TomlValue::List(b.iter().map(|&c| TomlValue::Uint(c as u64)).collect()),
        Value::List(l) if l.nil => TomlValue::Nil,
        Value::List(l) => TomlValue::List(l.items.iter().map(toml_value).collect()),
        Value::Map(m) if m.nil => TomlValue::Nil,
        Value::Map(m) => TomlValue::Map(m.entries().iter().map(|(k, x)| (k.to_string(), toml_value(x))).collect()),
        Value::Object(o) => {
            if let Some(t) = Time::of(v) {
                return TomlValue::Time(t.t.clone());
            }
            match (o.as_int(), o.type_name()) {
                (Some(i), ty) if ty != "time.Duration" => TomlValue::Int(i),
                _ => match o.string() {
                    Some(s) => TomlValue::Str(s),
                    None => TomlValue::Unsupported(o.type_name()),
                },
            }
        }
    }
}

/// Helm's `toToml`: the document, or the encoder's error text in its place.
pub fn to_toml(v: &Value) -> Result<String, String> {
    encode(&toml_value(v))
}

