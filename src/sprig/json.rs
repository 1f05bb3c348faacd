//! JSON for template values, as Go's `encoding/json` does it: `json.Marshal` of template values
//! (maps in key order, `[]byte` as base64, host objects by their own marshalling),
//! `json.Unmarshal` into `interface{}` (numbers become `float64`), and Sprig's JSON functions
//! (`toPrettyJson`, `toRawJson`, `mustFromJson`, …).

use super::jsonread::{parse, Json};
use crate::gotmpl::{Error, FuncMap, Value};
use crate::yaml::Value as J;
use std::collections::BTreeMap;

/// `json.Marshal`'s view of a template value (the JSON data model), or Go's error text.
pub fn to_json_value(v: &Value) -> Result<J, String> {
    crate::gotmpl::deep(|| to_json_value_inner(v))
}

fn to_json_value_inner(v: &Value) -> Result<J, String> {
    Ok(match v {
        Value::Nil => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i, t) => {
            if t.is_signed() {
                J::Int(*i)
            } else {
                J::Uint(*i as u64)
            }
        }
        Value::Float(f) => {
            if !f.is_finite() {
                return Err(format!("json: unsupported value: {}", crate::golang::strconv::format_float_g(*f)));
            }
            J::Float(*f)
        }
        Value::Complex(..) => return Err("json: unsupported type: complex128".into()),
        Value::String(s) => J::Str(s.to_string()),
        Value::Bytes(b) => J::Str(crate::yaml::base64::encode_std(b)),
        Value::List(l) => {
            if l.nil {
                J::Null
            } else {
                J::Seq(l.items.iter().map(to_json_value).collect::<Result<_, _>>()?)
            }
        }
        Value::Map(m) => {
            if m.nil {
                J::Null
            } else {
                let mut out = Vec::with_capacity(m.len());
                for (k, x) in m.entries().iter() {
                    out.push((k.to_string(), to_json_value(x)?));
                }
                J::Map(out)
            }
        }
        Value::Object(o) => o.to_json()?,
    })
}

/// A JSON document decoded into `interface{}`: objects as `map[string]interface {}`, arrays as
/// `[]interface {}`, numbers as `float64`.
pub fn from_json_value(j: &Json) -> Value {
    match j {
        Json::Null => Value::Nil,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(f) => Value::Float(*f),
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(items) => Value::list(items.iter().map(from_json_value).collect()),
        Json::Object(entries) => {
            let mut m = BTreeMap::new();
            for (k, v) in entries {
                m.insert(k.as_str().into(), from_json_value(v));
            }
            Value::map(m)
        }
    }
}

/// The same conversion for the YAML layer's values (numbers as `float64`, as after a trip
/// through JSON).
pub fn from_yaml_value(j: &J) -> Value {
    match j {
        J::Null => Value::Nil,
        J::Bool(b) => Value::Bool(*b),
        J::Int(i) => Value::Float(*i as f64),
        J::Uint(u) => Value::Float(*u as f64),
        J::Float(f) => Value::Float(*f),
        J::Str(s) => Value::from(s.as_str()),
        J::Seq(items) => Value::list(items.iter().map(from_yaml_value).collect()),
        J::Map(entries) => {
            let mut m = BTreeMap::new();
            for (k, v) in entries {
                m.insert(k.as_str().into(), from_yaml_value(v));
            }
            Value::map(m)
        }
    }
}

/// Go's JSON type name of a decoded value, for "cannot unmarshal X into Go value of type T".
pub fn json_kind(j: &Json) -> &'static str {
    match j {
        Json::Null => "null",
        Json::Bool(_) => "bool",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

/// `json.Unmarshal(text, &map[string]interface{}{})`: the map, or Go's error text.
pub fn unmarshal_object(text: &str) -> Result<Value, String> {
    let j = parse(text)?;
    match &j {
        Json::Object(_) => Ok(from_json_value(&j)),
        Json::Null => Ok(Value::empty_map()),
        other => Err(format!("json: cannot unmarshal {} into Go value of type map[string]interface {{}}", json_kind(other))),
    }
}

/// `json.Unmarshal(text, &[]interface{}{})`.
pub fn unmarshal_array(text: &str) -> Result<Value, String> {
    let j = parse(text)?;
    match &j {
        Json::Array(_) => Ok(from_json_value(&j)),
        Json::Null => Ok(Value::list(Vec::new())),
        other => Err(format!("json: cannot unmarshal {} into Go value of type []interface {{}}", json_kind(other))),
    }
}

/// `json.Marshal(v)` as text.
pub fn marshal(v: &Value) -> Result<String, String> {
    let j = to_json_value(v)?;
    let mut out = String::new();
    write(&mut out, &j, None, 0, true);
    Ok(out)
}

/// `json.MarshalIndent(v, "", indent)`.
pub fn marshal_indent(v: &Value, indent: &str) -> Result<String, String> {
    let j = to_json_value(v)?;
    let mut out = String::new();
    write(&mut out, &j, Some(indent), 0, true);
    Ok(out)
}

/// An `Encoder` with `SetEscapeHTML(false)`, without the trailing newline.
pub fn marshal_raw(v: &Value) -> Result<String, String> {
    let j = to_json_value(v)?;
    let mut out = String::new();
    write(&mut out, &j, None, 0, false);
    Ok(out)
}

fn newline(out: &mut String, indent: Option<&str>, depth: usize) {
    if let Some(ind) = indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(ind);
        }
    }
}

fn write(out: &mut String, j: &J, indent: Option<&str>, depth: usize, html: bool) {
    match j {
        J::Null => out.push_str("null"),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Int(i) => out.push_str(&i.to_string()),
        J::Uint(u) => out.push_str(&u.to_string()),
        J::Float(f) => out.push_str(&crate::golang::strconv::format_float_json(*f).unwrap_or_default()),
        J::Str(s) => write_string(out, s, html),
        J::Seq(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, depth + 1);
                write(out, item, indent, depth + 1, html);
            }
            newline(out, indent, depth);
            out.push(']');
        }
        J::Map(entries) => {
            if entries.is_empty() {
                out.push_str("{}");
                return;
            }
            let mut sorted: Vec<&(String, J)> = entries.iter().collect();
            sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (k, v)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, depth + 1);
                write_string(out, k, html);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write(out, v, indent, depth + 1, html);
            }
            newline(out, indent, depth);
            out.push('}');
        }
    }
}

fn write_string(out: &mut String, s: &str, html: bool) {
    crate::yaml::json::write_json_string_with(out, s, html);
}

/// `json.Unmarshal(text, &interface{})` (Sprig's `fromJson`).
pub fn unmarshal_any(text: &str) -> Result<Value, String> {
    Ok(from_json_value(&parse(text)?))
}

pub fn register(f: &mut FuncMap) {
    f.add("toJson", "func(interface {}) string", |a| Ok(Value::from(marshal(&a[0]).unwrap_or_default())));
    f.add("mustToJson", "func(interface {}) (string, error)", |a| marshal(&a[0]).map(Value::from).map_err(Error::msg));
    f.add("toPrettyJson", "func(interface {}) string", |a| Ok(Value::from(marshal_indent(&a[0], "  ").unwrap_or_default())));
    f.add("mustToPrettyJson", "func(interface {}) (string, error)", |a| marshal_indent(&a[0], "  ").map(Value::from).map_err(Error::msg));
    f.add("toRawJson", "func(interface {}) string", |a| marshal_raw(&a[0]).map(Value::from).map_err(Error::msg));
    f.add("mustToRawJson", "func(interface {}) (string, error)", |a| marshal_raw(&a[0]).map(Value::from).map_err(Error::msg));
    f.add("fromJson", "func(string) interface {}", |a| Ok(unmarshal_any(a[0].as_str().unwrap_or("")).unwrap_or(Value::Nil)));
    f.add("mustFromJson", "func(string) (interface {}, error)", |a| unmarshal_any(a[0].as_str().unwrap_or("")).map_err(Error::msg));
}
