//! Sprig's defaults and flow functions: `default`, `empty`, `coalesce`, `all`, `any`,
//! `ternary`, `deepCopy`, `fail`.

use super::util::empty;
use crate::gotmpl::{Error, FuncMap, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

/// `copystructure.Copy`: a deep copy of maps and slices (other values are immutable here).
pub fn deep_copy(v: &Value) -> Value {
    match v {
        Value::Map(m) => {
            if m.nil {
                return Value::nil_map(m.ty);
            }
            let entries: BTreeMap<_, _> = m.entries().iter().map(|(k, x)| (k.clone(), deep_copy(x))).collect();
            Value::typed_map(m.ty, entries)
        }
        Value::List(l) => {
            if l.nil {
                return Value::nil_list(l.ty);
            }
            Value::typed_list(l.ty, l.items.iter().map(deep_copy).collect())
        }
        Value::Bytes(b) => Value::Bytes(Rc::new((**b).clone())),
        v => v.clone(),
    }
}

pub fn register(f: &mut FuncMap) {
    f.add("default", "func(interface {}, ...interface {}) interface {}", |a| {
        let given = &a[1..];
        if given.is_empty() || empty(&given[0]) {
            return Ok(a[0].clone());
        }
        Ok(given[0].clone())
    });
    f.add("empty", "func(interface {}) bool", |a| Ok(Value::Bool(empty(&a[0]))));
    f.add("coalesce", "func(...interface {}) interface {}", |a| Ok(a.iter().find(|v| !empty(v)).cloned().unwrap_or(Value::Nil)));
    f.add("all", "func(...interface {}) bool", |a| Ok(Value::Bool(a.iter().all(|v| !empty(v)))));
    f.add("any", "func(...interface {}) bool", |a| Ok(Value::Bool(a.iter().any(|v| !empty(v)))));
    f.add("ternary", "func(interface {}, interface {}, bool) interface {}", |a| {
        Ok(if matches!(a[2], Value::Bool(true)) { a[0].clone() } else { a[1].clone() })
    });
    for name in ["deepCopy", "mustDeepCopy"] {
        f.add(name, "func(interface {}) (interface {}, error)", |a| {
            if a[0].is_nil() {
                return Err(Error::msg("reflect: call of reflect.Value.Type on zero Value"));
            }
            Ok(deep_copy(&a[0]))
        });
    }
    f.add("fail", "func(string) (string, error)", |a| Err(Error::msg(a[0].as_str().unwrap_or(""))));
}
