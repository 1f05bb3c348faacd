//! Sprig's reflection functions: `typeOf`, `typeIs`, `typeIsLike`, `kindOf`, `kindIs`,
//! `deepEqual` (Go type and kind names: `float64`, `[]interface {}`, `map`, `slice`, `ptr`).

use super::util::deep_equal;
use crate::gotmpl::{FuncMap, Value};

fn type_of(v: &Value) -> String {
    v.type_name().to_string()
}

fn kind_of(v: &Value) -> &'static str {
    v.kind().name()
}

pub fn register(f: &mut FuncMap) {
    f.add("typeOf", "func(interface {}) string", |a| Ok(Value::from(type_of(&a[0]))));
    f.add("typeIs", "func(string, interface {}) bool", |a| Ok(Value::Bool(a[0].as_str() == Some(&type_of(&a[1])))));
    f.add("typeIsLike", "func(string, interface {}) bool", |a| {
        let t = type_of(&a[1]);
        let target = a[0].as_str().unwrap_or("");
        Ok(Value::Bool(t == target || t == format!("*{target}")))
    });
    f.add("kindOf", "func(interface {}) string", |a| Ok(Value::from(kind_of(&a[0]))));
    f.add("kindIs", "func(string, interface {}) bool", |a| Ok(Value::Bool(a[0].as_str() == Some(kind_of(&a[1])))));
    f.add("deepEqual", "func(interface {}, interface {}) bool", |a| Ok(Value::Bool(deep_equal(&a[0], &a[1]))));
}
