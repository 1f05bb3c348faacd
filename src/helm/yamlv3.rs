//! `toYamlPretty`: go-yaml v3's encoder with a 2-space indent, writing template values
//! directly (floats in Go's `%g` form, sequences indented under their keys, no line folding).

use crate::gotmpl::Value;
use crate::yaml::Value as J;

/// The value as go-yaml v3 walks it (`[]byte` is a sequence of integers; host objects as their
/// JSON form).
fn to_v3_value(v: &Value) -> Result<J, String> {
    Ok(match v {
        Value::Bytes(b) => J::Seq(b.iter().map(|c| J::Uint(*c as u64)).collect()),
        Value::List(l) if l.nil => J::Seq(Vec::new()),
        Value::List(l) => J::Seq(l.items.iter().map(to_v3_value).collect::<Result<_, _>>()?),
        Value::Map(m) => J::Map(m.entries().iter().map(|(k, x)| Ok((k.to_string(), to_v3_value(x)?))).collect::<Result<_, String>>()?),
        Value::Float(f) => J::Float(*f),
        other => crate::sprig::json::to_json_value(other)?,
    })
}

/// Helm's `toYamlPretty` (without the final newline); errors give `Err`.
pub fn to_yaml_pretty(v: &Value) -> Result<String, String> {
    let j = to_v3_value(v)?;
    let y = crate::yaml::write::to_yaml_v3(&j, 2).map_err(|e| e.to_string())?;
    Ok(y.strip_suffix('\n').unwrap_or(&y).to_string())
}
