//! Helm's template functions (`pkg/engine/funcs.go` and the late-bound ones of `engine.go`):
//! `include`, `tpl`, `required`, `fail`, `lookup`, `toYaml`, `mustToYaml`, `fromYaml`,
//! `fromYamlArray`, `toJson`, `mustToJson`, `fromJson`, `fromJsonArray`, `toToml`, `fromToml`,
//! `toYamlPretty`, on top of Sprig's (without `env` and `expandenv`).

use crate::gotmpl::{Error, FuncMap, Value};
use crate::sprig::json::{marshal, to_json_value, unmarshal_array, unmarshal_object};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Helm's limit on nested `include`s of one template.
pub const RECURSION_MAX: i64 = 1000;

/// Markers around `fail`/`required` messages, recognized when errors are reported.
pub const WARN_START: &str = "HELM_ERR_START";
pub const WARN_END: &str = "HELM_ERR_END";

/// `sigs.k8s.io/yaml.Marshal(v)` without the final newline; an error gives `Err`.
pub fn must_to_yaml(v: &Value) -> Result<String, String> {
    let j = to_json_value(v)?;
    let y = crate::yaml::to_yaml(&j).map_err(|e| e.to_string())?;
    Ok(y.strip_suffix('\n').unwrap_or(&y).to_string())
}

/// Helm's `toYaml`: errors give an empty string.
pub fn to_yaml(v: &Value) -> String {
    must_to_yaml(v).unwrap_or_default()
}

/// `sigs.k8s.io/yaml.Unmarshal(text, &m)` into a map: the map, or Go's error text.
pub fn from_yaml(text: &str) -> Result<Value, String> {
    let node = crate::yaml::read::parse_first_v2(text.as_bytes()).map_err(|e| format!("error converting YAML to JSON: {e}"))?;
    let j = super::values::yaml_to_json(node.as_ref())?;
    match &j {
        crate::yaml::Value::Null => Ok(Value::empty_map()),
        crate::yaml::Value::Map(_) => Ok(crate::sprig::json::from_yaml_value(&j)),
        other => {
            let kind = match other {
                crate::yaml::Value::Seq(_) => "array",
                crate::yaml::Value::Str(_) => "string",
                crate::yaml::Value::Bool(_) => "bool",
                _ => "number",
            };
            Err(format!("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"))
        }
    }
}

/// `sigs.k8s.io/yaml.Unmarshal(text, &a)` into a slice.
pub fn from_yaml_array(text: &str) -> Result<Value, String> {
    let node = crate::yaml::read::parse_first_v2(text.as_bytes()).map_err(|e| format!("error converting YAML to JSON: {e}"))?;
    let j = super::values::yaml_to_json(node.as_ref())?;
    match &j {
        crate::yaml::Value::Null => Ok(Value::list(Vec::new())),
        crate::yaml::Value::Seq(_) => Ok(crate::sprig::json::from_yaml_value(&j)),
        other => {
            let kind = match other {
                crate::yaml::Value::Map(_) => "object",
                crate::yaml::Value::Str(_) => "string",
                crate::yaml::Value::Bool(_) => "bool",
                _ => "number",
            };
            Err(format!("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {kind} into Go value of type []interface {{}}"))
        }
    }
}

fn warn_wrap(msg: &str) -> Error {
    Error::msg(format!("{WARN_START}{msg}{WARN_END}"))
}

fn error_map(e: String) -> Value {
    crate::gotmpl::map_of([("Error", Value::from(e))])
}

/// Registers Helm's functions over `f` (which should hold Sprig's). `strict` is Helm's
/// `--strict` (`missingkey=error` inside `tpl`).
pub fn register(f: &mut FuncMap) {
    f.add("toYaml", "func(interface {}) string", |a| Ok(Value::from(to_yaml(&a[0]))));
    f.add("mustToYaml", "func(interface {}) string", |a| must_to_yaml(&a[0]).map(Value::from).map_err(Error::msg));
    f.add("toYamlPretty", "func(interface {}) string", |a| Ok(Value::from(super::yamlv3::to_yaml_pretty(&a[0]).unwrap_or_default())));
    f.add("fromYaml", "func(string) map[string]interface {}", |a| {
        Ok(from_yaml(a[0].as_str().unwrap_or("")).unwrap_or_else(error_map))
    });
    f.add("fromYamlArray", "func(string) []interface {}", |a| {
        Ok(from_yaml_array(a[0].as_str().unwrap_or("")).unwrap_or_else(|e| Value::list(vec![Value::from(e)])))
    });
    f.add("toJson", "func(interface {}) string", |a| Ok(Value::from(marshal(&a[0]).unwrap_or_default())));
    f.add("mustToJson", "func(interface {}) string", |a| marshal(&a[0]).map(Value::from).map_err(Error::msg));
    f.add("fromJson", "func(string) map[string]interface {}", |a| {
        Ok(unmarshal_object(a[0].as_str().unwrap_or("")).unwrap_or_else(error_map))
    });
    f.add("fromJsonArray", "func(string) []interface {}", |a| {
        Ok(unmarshal_array(a[0].as_str().unwrap_or("")).unwrap_or_else(|e| Value::list(vec![Value::from(e)])))
    });
    f.add("toToml", "func(interface {}) string", |a| Ok(Value::from(crate::sprig::toml::funcs::to_toml(&a[0])?.unwrap_or_else(|e| e))));
    f.add("mustToToml", "func(interface {}) string", |a| crate::sprig::toml::funcs::to_toml(&a[0])?.map(Value::from).map_err(Error::msg));
    f.add("fromToml", "func(string) map[string]interface {}", |a| {
        Ok(super::tomlread::parse(a[0].as_str().unwrap_or("")).unwrap_or_else(error_map))
    });
    f.add("lookup", "func(string, string, string, string) (map[string]interface {}, error)", |_| Ok(Value::empty_map()));
    f.add("getHostByName", "func(string) string", |_| Ok(Value::from("")));
    f.add("required", "func(string, interface {}) (interface {}, error)", |a| {
        let warn = a[0].as_str().unwrap_or("");
        match &a[1] {
            Value::Nil => Err(warn_wrap(warn)),
            Value::String(s) if s.is_empty() => Err(warn_wrap(warn)),
            v => Ok(v.clone()),
        }
    });
    f.add("fail", "func(string) (string, error)", |a| Err(warn_wrap(a[0].as_str().unwrap_or(""))));
    register_render_state(f);
}

/// `include` and `tpl`, which share the per-render count of nested includes (a new render
/// needs new ones).
pub fn register_render_state(f: &mut FuncMap) {
    // Hashed with `NameHash`, and the name copied only the first time it is included: charts call
    // `include` thousands of times per render
    type Counts = HashMap<String, i64, std::hash::BuildHasherDefault<crate::gotmpl::funcs::NameHash>>;
    let included: Rc<RefCell<Counts>> = Rc::default();
    let inc = included.clone();
    f.add_ctx("include", "func(string, interface {}) (string, error)", move |ctx, a| {
        let name = a[0].as_str().unwrap_or("");
        {
            let mut m = inc.borrow_mut();
            if !m.contains_key(name) {
                m.insert(name.to_string(), 0);
            }
            let n = m.get_mut(name).expect("just inserted");
            if *n > RECURSION_MAX {
                return Err(Error::wrap(&format!("rendering template has a nested reference name: {name}: "), Error::msg("unable to execute template")));
            }
            *n += 1;
        }
        let r = ctx.set.execute(name, &a[1]);
        if let Some(n) = inc.borrow_mut().get_mut(name) {
            *n -= 1;
        }
        r.map(Value::from)
    });
    f.add_ctx("tpl", "func(string, interface {}) (interface {}, error)", |ctx, a| {
        let text = a[0].as_str().unwrap_or("");
        let clone = ctx.set.clone_set();
        let quoted = crate::gotmpl::quote::quote(text);
        let tree = clone.parse_top(ctx.set.name(), text).map_err(|e| Error::wrap(&format!("cannot parse template {quoted}: "), e))?;
        let out = clone.execute_tree(&tree, &a[1]).map_err(|e| Error::wrap(&format!("error during tpl function execution for {quoted}: "), e))?;
        Ok(Value::from(out.replace("<no value>", "")))
    });
}
