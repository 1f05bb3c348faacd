//! Values: reading values files as Helm does (`sigs.k8s.io/yaml`: go-yaml v2 rules, then JSON,
//! so every number is a `float64`; documents of a stream merged), merging `-f` files
//! (`MergeMaps`), and coalescing user values over the chart's defaults (`CoalesceValues`: a
//! user `null` deletes a default, nulls in defaults are dropped, tables merge deeply).

use super::coalesce::{clean_nil_values, table};
use crate::gotmpl::{Map, Str, Type, Value};
use crate::sprig::defaults::deep_copy;
use crate::sprig::json::from_yaml_value;
use crate::yaml::Value as J;
use std::collections::BTreeMap;
use std::rc::Rc;

type Entries = BTreeMap<Str, Value>;

/// The JSON kind `encoding/json` names in its errors (`cannot unmarshal KIND into …`).
pub(super) fn kind(j: &J) -> &'static str {
    match j {
        J::Null => "null",
        J::Bool(_) => "bool",
        J::Int(_) | J::Uint(_) | J::Float(_) => "number",
        J::Str(_) => "string",
        J::Seq(_) => "array",
        J::Map(_) => "object",
    }
}

/// A JSON-able tree has no NaN or infinities (`json.Marshal` refuses them).
fn check_finite(j: &J) -> Result<(), String> {
    match j {
        J::Float(f) if !f.is_finite() => Err(format!("json: unsupported value: {}", crate::golang::strconv::format_float_g(*f))),
        J::Seq(items) => items.iter().try_for_each(check_finite),
        J::Map(entries) => entries.iter().try_for_each(|(_, v)| check_finite(v)),
        _ => Ok(()),
    }
}

/// `sigs.k8s.io/yaml.Unmarshal` of one YAML document into JSON's data model.
pub fn yaml_to_json(node: Option<&crate::yaml::Node>) -> Result<J, String> {
    let Some(node) = node else { return Ok(J::Null) };
    let j = crate::yaml::value::yaml_to_json_value(node).map_err(|e| format!("error converting YAML to JSON: {e}"))?;
    check_finite(&j).map_err(|e| format!("error converting YAML to JSON: {e}"))?;
    Ok(j)
}

/// One document into a `map[string]interface{}` (Go's errors for other shapes).
fn doc_to_map(j: &J) -> Result<Entries, String> {
    match j {
        J::Null => Ok(Entries::new()),
        J::Map(_) => match from_yaml_value(j) {
            Value::Map(m) => Ok(m.entries().clone()),
            _ => Ok(Entries::new()),
        },
        other => Err(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            kind(other)
        )),
    }
}

/// Helm's `LoadValues`: every document of the stream, merged (later documents win).
pub fn load_values(data: &[u8]) -> Result<Value, String> {
    load_parsed_values(parse_values(data))
}

/// The YAML half of [`load_values`]: plain data, so it can be done on any thread (the loader's
/// reading threads do it): the documents parsed and each turned into JSON as Helm's
/// `yaml.Unmarshal` does (sigs.k8s.io/yaml), or that document's error.
pub fn parse_values(data: &[u8]) -> ParsedValues {
    let docs = crate::yaml::read::parse_stream_with(data, crate::yaml::resolve::Dialect::V2)?;
    Ok(docs.iter().map(|doc| yaml_to_json(doc.as_ref())).collect())
}

/// A values file's documents as [`parse_values`] leaves them.
pub type ParsedValues = Result<Vec<Result<J, String>>, crate::yaml::read::ParseError>;

/// [`load_values`] of an already parsed file; the first error in document order wins.
pub fn load_parsed_values(docs: ParsedValues) -> Result<Value, String> {
    let docs = docs.map_err(|e| format!("cannot unmarshal yaml document: error converting YAML to JSON: {e}"))?;
    let mut out = Entries::new();
    for j in docs {
        let j = j.map_err(|e| format!("cannot unmarshal yaml document: {e}"))?;
        let m = doc_to_map(&j).map_err(|e| format!("cannot unmarshal yaml document: {e}"))?;
        out = merge_maps(out, m);
    }
    Ok(Value::map(out))
}

fn entries_of(v: &Value) -> Option<Entries> {
    match v {
        Value::Map(m) if m.ty == Type::AnyMap || matches!(m.ty, Type::Named(_)) => Some(m.entries().clone()),
        _ => None,
    }
}

/// Helm's `MergeMaps(a, b)`: `b` wins, nested tables merge.
pub fn merge_maps(a: Entries, b: Entries) -> Entries {
    let mut out = a;
    for (k, v) in b {
        if let Some(vm) = entries_of(&v) {
            if let Some(bm) = out.get(&k).and_then(entries_of) {
                out.insert(k, Value::map(merge_maps(bm, vm)));
                continue;
            }
        }
        out.insert(k, v);
    }
    out
}



/// `coalesceTablesFullKey(dst, src)` without merge mode.
fn coalesce_tables(dst: &Map, src: &Map) {
    let src_non_nil: Vec<Str> = src.entries().iter().filter(|(_, v)| !v.is_nil()).map(|(k, _)| k.clone()).collect();
    let dst_nils: Vec<Str> = dst.entries().iter().filter(|(_, v)| v.is_nil()).map(|(k, _)| k.clone()).collect();
    for k in dst_nils {
        src.insert(k, Value::Nil);
    }
    let src_entries: Vec<(Str, Value)> = src.entries().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    for (k, val) in src_entries {
        match dst.get(&k) {
            Some(Value::Nil) if src_non_nil.contains(&k) => {
                dst.remove(&k);
            }
            None => dst.insert(k, val),
            Some(dv) => {
                if let (Some(dt), Some(st)) = (table(&dv), table(&val)) {
                    coalesce_tables(dt, st);
                }
            }
        }
    }
}

/// `CoalesceValues(chart, user)`: the chart's defaults under the user's values, as a
/// `common.Values`.
pub fn coalesce(chart_values: &Value, user: &Value, values_type: Type) -> Value {
    let dest = match deep_copy(user) {
        Value::Map(m) if !m.nil => Rc::new(m.retyped(Type::AnyMap)),
        _ => Rc::new(Map::new(Type::AnyMap, Entries::new())),
    };
    let defaults: Vec<(Str, Value)> = match deep_copy(chart_values) {
        Value::Map(m) => m.entries().iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        _ => Vec::new(),
    };
    for (k, val) in defaults {
        match dest.get(&k) {
            Some(Value::Nil) => {
                dest.remove(&k);
            }
            Some(dv) => {
                if let (Some(dt), Some(st)) = (table(&dv), table(&val)) {
                    clean_nil_values(st);
                    coalesce_tables(dt, st);
                }
            }
            None => {
                if val.is_nil() {
                    continue;
                }
                if let Some(st) = table(&val) {
                    clean_nil_values(st);
                }
                dest.insert(k, val);
            }
        }
    }
    Value::Map(Rc::new(dest.retyped(values_type)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: &Value) -> String {
        crate::gotmpl::fmt::print_one(v)
    }

    #[test]
    fn helm_values() {
        let chart = load_values(b"a: 1\nm: {x: 1, del: 2, nn: null}\nnul: ~\ny: yes\n").unwrap();
        assert_eq!(text(&chart), "map[a:1 m:map[del:2 nn:<nil> x:1] nul:<nil> true:true]");
        let user = load_values(b"{\"a\": 2, \"m\": {\"del\": null, \"w\": 3}}").unwrap();
        let v = coalesce(&chart, &user, Type::AnyMap);
        assert_eq!(text(&v), "map[a:2 m:map[w:3 x:1] true:true]");
        assert_eq!(load_values(b"- a").unwrap_err(), "cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}");
        assert_eq!(load_values(b"x: .inf").unwrap_err(), "cannot unmarshal yaml document: error converting YAML to JSON: json: unsupported value: +Inf");
    }
}
