//! Reading a builtin's configuration as kustomize does: the kustomization field (or a builtin
//! plugin config file) decoded into the plugin's Go struct by `encoding/json` rules — field names
//! matched case-insensitively, unknown fields refused only when reading a kustomization file.

use crate::kustomize::select::{go_field, json_type};
use crate::kustomize::KustomizeError;
use crate::yaml::value::Value;

/// A JSON object being decoded into a Go struct named `what` (for messages).
pub struct Fields<'a> {
    entries: &'a [(String, Value)],
    what: &'a str,
}

impl<'a> Fields<'a> {
    /// The object's fields; with `strict`, a field not in `known` is an error.
    pub fn new(v: &'a Value, what: &'a str, known: &[&str], strict: bool) -> Result<Fields<'a>, String> {
        static EMPTY: Vec<(String, Value)> = Vec::new();
        let entries = match v {
            Value::Map(m) => m.as_slice(),
            Value::Null => EMPTY.as_slice(),
            other => return Err(format!("json: cannot unmarshal {} into Go value of type {what}", json_type(other))),
        };
        if strict {
            if let Some((k, _)) = entries.iter().find(|(k, _)| !known.iter().any(|f| f.eq_ignore_ascii_case(k))) {
                return Err(format!("json: unknown field \"{k}\""));
            }
        }
        Ok(Fields { entries, what })
    }

    pub fn get(&self, name: &str) -> Option<&'a Value> {
        go_field(self.entries, name).filter(|v| **v != Value::Null)
    }

    fn type_error(&self, name: &str, v: &Value, want: &str) -> String {
        format!("json: cannot unmarshal {} into Go struct field {}.{name} of type {want}", json_type(v), self.what)
    }

    pub fn string(&self, name: &str) -> Result<String, String> {
        match self.get(name) {
            None => Ok(String::new()),
            Some(Value::Str(s)) => Ok(s.clone()),
            Some(other) => Err(self.type_error(name, other, "string")),
        }
    }

    pub fn strings(&self, name: &str) -> Result<Vec<String>, String> {
        match self.get(name) {
            None => Ok(Vec::new()),
            Some(Value::Seq(items)) => items
                .iter()
                .map(|v| match v {
                    Value::Str(s) => Ok(s.clone()),
                    Value::Null => Ok(String::new()),
                    other => Err(self.type_error(name, other, "string")),
                })
                .collect(),
            Some(other) => Err(self.type_error(name, other, "[]string")),
        }
    }

    /// A `map[string]bool`.
    pub fn bool_map(&self, name: &str) -> Result<Vec<(String, bool)>, String> {
        match self.get(name) {
            None => Ok(Vec::new()),
            Some(Value::Map(m)) => m
                .iter()
                .map(|(k, v)| match v {
                    Value::Bool(b) => Ok((k.clone(), *b)),
                    Value::Null => Ok((k.clone(), false)),
                    other => Err(self.type_error(name, other, "bool")),
                })
                .collect(),
            Some(other) => Err(self.type_error(name, other, "map[string]bool")),
        }
    }

    pub fn int(&self, name: &str) -> Result<i64, String> {
        match self.get(name) {
            None => Ok(0),
            Some(Value::Int(i)) => Ok(*i),
            Some(Value::Uint(u)) if *u <= i64::MAX as u64 => Ok(*u as i64),
            Some(Value::Float(f)) if f.fract() == 0.0 => Ok(*f as i64),
            Some(other) => Err(self.type_error(name, other, "int")),
        }
    }

    pub fn bool(&self, name: &str) -> Result<bool, String> {
        match self.get(name) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(other) => Err(self.type_error(name, other, "bool")),
        }
    }
}

/// The items of a list field of the kustomization (`patches`, …).
pub fn list_items<'a>(v: Option<&'a Value>, field: &str, item_type: &str) -> Result<&'a [Value], KustomizeError> {
    match v {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Seq(items)) => Ok(items),
        Some(other) => Err(KustomizeError(format!(
            "invalid Kustomization: json: cannot unmarshal {} into Go struct field Kustomization.{field} of type []{item_type}",
            json_type(other)
        ))),
    }
}

/// kustomize's message when a builtin refuses its configuration: the configuration as YAML, then
/// the reason.
pub fn config_error(plugin: &str, config: &Value, reason: &str) -> KustomizeError {
    let yaml = crate::yaml::to_yaml(config).unwrap_or_default();
    KustomizeError(format!("trouble configuring builtin {plugin} with config: `\n{yaml}`: {reason}"))
}

/// Drops empty values, as the Go struct's `omitempty` fields do when kustomize re-marshals a
/// configuration.
pub fn omit_empty(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(
        entries
            .into_iter()
            .filter(|(_, v)| match v {
                Value::Null => false,
                Value::Str(s) => !s.is_empty(),
                Value::Seq(s) => !s.is_empty(),
                Value::Map(m) => !m.is_empty(),
                _ => true,
            })
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}
