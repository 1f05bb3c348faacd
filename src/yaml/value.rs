//! The Go data model (`interface{}` after decoding): what kustomize turns every resource into
//! before printing it, what helm's `toYaml`/`toJson` receive, and what Go's `encoding/json` writes.

use super::node::{Mapping, Node, Style, Tag};
use super::resolve::{resolve_tagged, Dialect, Resolved};

/// A decoded value. Maps keep insertion order; writers sort keys as Go does.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Value>),
    Map(Vec<(String, Value)>),
}

/// Why a node tree cannot become JSON the way kustomize converts it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// go-yaml refused a tagged scalar ("cannot decode !!str `x` as a !!int").
    #[error("yaml: {0}")]
    Tag(String),
    /// encoding/json refused a value (NaN, ±Inf, a map with non-string keys).
    #[error("json: {0}")]
    Json(String),
    #[error("!!binary value contains invalid base64 data")]
    Base64,
}

/// The entry `k` of a map's entries (the first one).
pub fn map_get<'a>(m: &'a [(String, Value)], k: &str) -> Option<&'a Value> {
    m.iter().find(|(key, _)| key == k).map(|(_, v)| v)
}

/// Sets the entry `k` of a map's entries: replaced in place, else appended.
pub fn map_set(m: &mut Vec<(String, Value)>, k: &str, v: Value) {
    match m.iter_mut().find(|(key, _)| key == k) {
        Some(slot) => slot.1 = v,
        None => m.push((k.to_string(), v)),
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Decodes a scalar as go-yaml v3 decodes it into an `interface{}`, then as `json.Marshal` would
/// see it: timestamps become RFC 3339 strings, `!!binary` its decoded bytes.
pub fn scalar_value(s: &super::node::Scalar, dialect: Dialect) -> Result<Value, DecodeError> {
    if s.tag == Tag::Binary {
        let bytes = crate::yaml::base64::decode_std(&s.value).ok_or(DecodeError::Base64)?;
        return Ok(Value::Str(String::from_utf8_lossy(&bytes).into_owned()));
    }
    let r = resolve_tagged(&s.tag, &s.value, dialect).map_err(DecodeError::Tag)?;
    Ok(match r {
        Resolved::Null => Value::Null,
        Resolved::Bool(b) => Value::Bool(b),
        Resolved::Int(i) => Value::Int(i),
        Resolved::Uint(u) => Value::Uint(u),
        Resolved::Float(f) => Value::Float(f),
        // go-yaml v3 decodes a timestamp to time.Time (JSON: RFC 3339); v2 keeps the text.
        Resolved::Timestamp(t) if dialect == Dialect::V3 => Value::Str(t.format_rfc3339_nano()),
        Resolved::Timestamp(_) | Resolved::Str => Value::Str(s.value.clone()),
    })
}

/// Converts a node tree to the value `json.Marshal` would write for it, the way kustomize's
/// `RNode.MarshalJSON` does (go-yaml v3 decoding into `map[string]interface{}`, then encoding/json).
/// The top-level mapping's keys are always strings; a nested mapping with a non-string key
/// cannot be encoded.
pub fn to_json_value(node: &Node) -> Result<Value, DecodeError> {
    to_value(node, true)
}

fn to_value(node: &Node, top: bool) -> Result<Value, DecodeError> {
    match node {
        // kyaml's MarshalJSON writes the node with go-yaml v3 and reads it back first, which
        // changes some folded texts (see `folded`).
        Node::Scalar(s) if s.style == Style::Folded && s.tag == Tag::Str => Ok(Value::Str(super::folded::v3_round_trip(&s.value))),
        Node::Scalar(s) => scalar_value(s, Dialect::V3),
        Node::Seq(items) => items.iter().map(|n| to_value(n, false)).collect::<Result<_, _>>().map(Value::Seq),
        Node::Map(m) => map_value(m, top),
    }
}

fn map_value(m: &Mapping, top: bool) -> Result<Value, DecodeError> {
    if !top && m.entries().iter().any(|(k, _)| !matches!(k.tag, Tag::Str | Tag::Merge)) {
        return Err(DecodeError::Json("unsupported type: map[interface {}]interface {}".into()));
    }
    let mut out = Vec::with_capacity(m.len());
    for (k, v) in m.entries() {
        if top && k.tag == Tag::Null {
            // go-yaml cannot decode a null key into a string; it skips the entry.
            continue;
        }
        out.push((k.value.clone(), to_value(v, false)?));
    }
    Ok(Value::Map(out))
}

/// Converts a node tree read with go-yaml v2 rules the way `sigs.k8s.io/yaml.YAMLToJSON` does:
/// every mapping key becomes a string (`1` → "1", `true` → "true", `1.5` → "1.5"), timestamps
/// stay text. This is how kustomization files and Helm values are read.
pub fn yaml_to_json_value(node: &Node) -> Result<Value, DecodeError> {
    match node {
        Node::Scalar(s) => scalar_value(s, Dialect::V2),
        Node::Seq(items) => items.iter().map(yaml_to_json_value).collect::<Result<_, _>>().map(Value::Seq),
        Node::Map(m) => {
            let mut out: Vec<(String, Value)> = Vec::with_capacity(m.len());
            for (k, v) in m.entries() {
                let key = match scalar_value(k, Dialect::V2)? {
                    Value::Str(s) => s,
                    Value::Int(i) => i.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::Float(f) => float_key(f),
                    other => {
                        return Err(DecodeError::Json(format!("unsupported map key: {other:?}")));
                    }
                };
                let value = yaml_to_json_value(v)?;
                // go-yaml v2 lets a repeated key overwrite the earlier one.
                match out.iter_mut().find(|(k, _)| *k == key) {
                    Some(slot) => slot.1 = value,
                    None => out.push((key, value)),
                }
            }
            Ok(Value::Map(out))
        }
    }
}

/// A float map key as sigs.k8s.io/yaml prints it (`FormatFloat(f, 'g', -1, 32)`).
fn float_key(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf".into() } else { "-.inf".into() };
    }
    crate::golang::strconv::format_float_g(f as f32 as f64)
}

/// Converts a value back to a node tree, as parsing its JSON text would: strings tagged `!!str`,
/// numbers and bools plain with JSON's spelling.
pub fn to_node(v: &Value) -> Node {
    use super::node::{Scalar, Style};
    let scalar = |value: String, tag: Tag| Node::Scalar(Scalar { value, tag, style: Style::Plain });
    match v {
        Value::Null => Node::null(),
        Value::Bool(b) => scalar(b.to_string(), Tag::Bool),
        Value::Int(i) => scalar(i.to_string(), Tag::Int),
        Value::Uint(u) => scalar(u.to_string(), Tag::Int),
        Value::Float(f) => scalar(crate::golang::strconv::format_float_json(*f).unwrap_or_else(|| "0".into()), Tag::Float),
        Value::Str(s) => Node::string(s.clone()),
        Value::Seq(items) => Node::Seq(items.iter().map(to_node).collect()),
        Value::Map(entries) => Node::Map(entries.iter().map(|(k, v)| (k.clone(), to_node(v))).collect()),
    }
}
