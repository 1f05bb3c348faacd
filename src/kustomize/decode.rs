//! Go's `encoding/json` decoding into kustomize's typed structs, for values that came from YAML
//! through `sigs.k8s.io/yaml` (kustomization fields and builtin plugin configs): object keys match
//! struct fields exactly or case-insensitively, `null` leaves the zero value, and a value of the
//! wrong JSON type is an error worded as Go words it.

use super::fieldspec::json_kind;
use crate::yaml::value::Value;
use std::collections::BTreeMap;

/// A decoding failure.
pub type DecodeResult<T> = Result<T, String>;

fn type_error(v: &Value, field: &str, want: &str) -> String {
    format!("json: cannot unmarshal {} into Go struct field {field} of type {want}", json_kind(v))
}

/// The object's entries, or an error for a non-object (`null` is an empty object).
pub fn object<'a>(v: &'a Value, what: &str) -> DecodeResult<&'a [(String, Value)]> {
    match v {
        Value::Map(m) => Ok(m),
        Value::Null => Ok(&[]),
        other => Err(format!("json: cannot unmarshal {} into Go value of type {what}", json_kind(other))),
    }
}

/// The value of struct field `name` in an object: the last key equal to it, else the last key
/// equal to it ignoring ASCII case (Go's decoder lets later keys overwrite earlier ones).
pub fn field<'a>(entries: &'a [(String, Value)], name: &str) -> Option<&'a Value> {
    let mut exact = None;
    let mut folded = None;
    for (k, v) in entries {
        if k == name {
            exact = Some(v);
        } else if k.eq_ignore_ascii_case(name) {
            folded = Some(v);
        }
    }
    exact.or(folded)
}

/// Keys of `entries` that match none of `known` (for strict decoding).
pub fn unknown_key<'a>(entries: &'a [(String, Value)], known: &[&str]) -> Option<&'a str> {
    entries.iter().map(|(k, _)| k.as_str()).find(|k| !known.iter().any(|f| f.eq_ignore_ascii_case(k)))
}

pub fn string(v: Option<&Value>, field: &str) -> DecodeResult<String> {
    match v {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::Str(s)) => Ok(s.clone()),
        Some(other) => Err(type_error(other, field, "string")),
    }
}

pub fn boolean(v: Option<&Value>, field: &str) -> DecodeResult<bool> {
    match v {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(type_error(other, field, "bool")),
    }
}

/// An `int64` field: JSON numbers with an integral value.
pub fn int64(v: Option<&Value>, field: &str) -> DecodeResult<i64> {
    match v {
        None | Some(Value::Null) => Ok(0),
        Some(Value::Int(i)) => Ok(*i),
        Some(Value::Uint(u)) if *u <= i64::MAX as u64 => Ok(*u as i64),
        Some(Value::Float(f)) if f.fract() == 0.0 && f.abs() < 9.2e18 => Ok(*f as i64),
        Some(other @ Value::Float(_)) | Some(other @ Value::Uint(_)) => {
            Err(format!("json: cannot unmarshal number {} into Go struct field {field} of type int64", number_text(other)))
        }
        Some(other) => Err(type_error(other, field, "int64")),
    }
}

fn number_text(v: &Value) -> String {
    crate::yaml::json::to_json(v).unwrap_or_default()
}

pub fn string_list(v: Option<&Value>, field: &str) -> DecodeResult<Vec<String>> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Seq(items)) => items
            .iter()
            .map(|i| match i {
                Value::Str(s) => Ok(s.clone()),
                Value::Null => Ok(String::new()),
                other => Err(type_error(other, field, "string")),
            })
            .collect(),
        Some(other) => Err(type_error(other, field, "[]string")),
    }
}

/// A `map[string]string` (keys sorted, as kustomize always iterates them).
pub fn string_map(v: Option<&Value>, field: &str) -> DecodeResult<BTreeMap<String, String>> {
    match v {
        None | Some(Value::Null) => Ok(BTreeMap::new()),
        Some(Value::Map(entries)) => {
            let mut out = BTreeMap::new();
            for (k, val) in entries {
                let s = match val {
                    Value::Str(s) => s.clone(),
                    Value::Null => String::new(),
                    other => return Err(type_error(other, field, "string")),
                };
                out.insert(k.clone(), s);
            }
            Ok(out)
        }
        Some(other) => Err(type_error(other, field, "map[string]string")),
    }
}

/// A list of objects, each decoded by `f`.
pub fn list<T>(v: Option<&Value>, field: &str, what: &str, f: impl Fn(&Value) -> DecodeResult<T>) -> DecodeResult<Vec<T>> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Seq(items)) => items.iter().map(f).collect(),
        Some(other) => Err(type_error(other, field, &format!("[]{what}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_match_case_insensitively() {
        let entries = vec![("Name".to_string(), Value::Str("a".into())), ("other".to_string(), Value::Int(1))];
        assert_eq!(string(field(&entries, "name"), "x").unwrap(), "a");
        assert!(string(field(&entries, "other"), "T.other").unwrap_err().contains("cannot unmarshal number"));
        assert_eq!(unknown_key(&entries, &["name"]), Some("other"));
    }

    #[test]
    fn maps_and_numbers() {
        let m = Value::Map(vec![("a".into(), Value::Null), ("b".into(), Value::Str("x".into()))]);
        let got = string_map(Some(&m), "f").unwrap();
        assert_eq!(got.get("a").map(String::as_str), Some(""));
        assert_eq!(int64(Some(&Value::Float(3.0)), "c").unwrap(), 3);
        assert!(int64(Some(&Value::Float(3.5)), "c").is_err());
    }
}
