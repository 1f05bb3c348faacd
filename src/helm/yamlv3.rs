//! `toYamlPretty`: go-yaml v3's encoder with a 2-space indent, writing template values
//! directly (floats in Go's `%g` form, sequences indented under their keys, no line folding).

use crate::gotmpl::Value;

pub fn to_yaml_pretty(_v: &Value) -> Result<String, String> {
    Err("krender: toYamlPretty is not implemented yet".into())
}
