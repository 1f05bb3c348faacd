//! Sprig's dictionary functions (`dict.go`): `dict`, `get`, `set`, `unset`, `hasKey`, `pluck`,
//! `keys`, `pick`, `omit`, `values`, `dig`, and `merge`/`mergeOverwrite` with the semantics of
//! `mergo` (deep merge of nested maps; without overwrite only empty destination values are
//! replaced; with overwrite every source value wins, empty ones too).

use super::util::{empty, strval};
use crate::gotmpl::{Error, FuncMap, Kind, Map, Type, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

fn map_arg(v: &Value) -> Option<&Rc<Map>> {
    v.as_map()
}

fn key(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn new_map() -> BTreeMap<crate::gotmpl::Str, Value> {
    BTreeMap::new()
}

/// `mergo.Merge(&dst, src)` / `MergeWithOverwrite` for maps, in place.
pub fn merge_into(dst: &Map, src: &Map, overwrite: bool) {
    let src_entries: Vec<(crate::gotmpl::Str, Value)> = src.entries().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let src_boxed = src.elem() == Type::Any;
    for (k, s) in src_entries {
        let d = dst.get(&k);
        if src_boxed && s.is_nil() {
            if overwrite {
                dst.insert(k, Value::Nil);
            }
            continue;
        }
        match &s {
            Value::Map(sm) => {
                if let Some(Value::Map(dm)) = &d {
                    if !(dm.nil && !sm.nil) {
                        merge_into(dm, sm, overwrite);
                    }
                }
            }
            Value::List(_) | Value::Bytes(_) => {
                let take_src = overwrite || dst.is_empty();
                let slice = if take_src {
                    s.clone()
                } else {
                    match &d {
                        None | Some(Value::Nil) => Value::typed_list(s.ty(), Vec::new()),
                        Some(dv) => dv.clone(),
                    }
                };
                dst.insert(k.clone(), slice);
            }
            _ => {}
        }
        if let Some(dv) = &d {
            if !empty(dv) {
                if s.kind() == Kind::Slice {
                    continue;
                }
                if s.kind() == Kind::Map && dv.kind() == Kind::Map {
                    continue;
                }
            }
        }
        if overwrite || d.as_ref().map_or(true, empty) {
            dst.insert(k, s);
        }
    }
}

fn merge(a: &[Value], overwrite: bool) -> Value {
    let mut dst = match map_arg(&a[0]) {
        Some(m) => m.clone(),
        None => return Value::from(""),
    };
    for src in &a[1..] {
        let Some(sm) = map_arg(src) else { continue };
        if dst.nil && !sm.nil {
            dst = Rc::new(Map::new(Type::AnyMap, new_map()));
        }
        merge_into(&dst, sm, overwrite);
    }
    Value::Map(dst)
}

/// The panic of a failed Go type assertion `x.(T)`.
fn assertion_error(v: &Value, want: &str) -> Error {
    let have = if v.is_nil() { "nil" } else { v.type_name() };
    Error::msg(format!("interface conversion: interface {{}} is {have}, not {want}"))
}

fn dig(a: &[Value]) -> Result<Value, Error> {
    if a.len() < 3 {
        return Err(Error::msg("dig needs at least three arguments"));
    }
    let last = &a[a.len() - 1];
    if !super::util::is_plain_map(last) {
        return Err(assertion_error(last, "map[string]interface {}"));
    }
    let def = a[a.len() - 2].clone();
    let mut keys = Vec::new();
    for k in &a[..a.len() - 2] {
        match k {
            Value::String(s) => keys.push(s.clone()),
            other => return Err(assertion_error(other, "string")),
        }
    }
    let mut dict = last.clone();
    for (i, k) in keys.iter().enumerate() {
        let Some(m) = dict.as_map() else { return Err(assertion_error(&dict, "map[string]interface {}")) };
        let Some(step) = m.get(k) else { return Ok(def) };
        if i == keys.len() - 1 {
            return Ok(step);
        }
        if !super::util::is_plain_map(&step) {
            return Err(assertion_error(&step, "map[string]interface {}"));
        }
        dict = step;
    }
    Ok(def)
}

pub fn register(f: &mut FuncMap) {
    f.add("dict", "func(...interface {}) map[string]interface {}", |a| {
        let mut m = new_map();
        for pair in a.chunks(2) {
            let k = strval(&pair[0]);
            m.insert(k.into(), pair.get(1).cloned().unwrap_or_else(|| Value::from("")));
        }
        Ok(Value::map(m))
    });
    f.add("get", "func(map[string]interface {}, string) interface {}", |a| {
        Ok(map_arg(&a[0]).and_then(|m| m.get(key(&a[1]))).unwrap_or_else(|| Value::from("")))
    });
    f.add("set", "func(map[string]interface {}, string, interface {}) map[string]interface {}", |a| {
        let m = map_arg(&a[0]).ok_or_else(|| Error::msg("assignment to entry in nil map"))?;
        if m.nil {
            return Err(Error::msg("assignment to entry in nil map"));
        }
        m.insert(key(&a[1]), a[2].clone());
        Ok(a[0].clone())
    });
    f.add("unset", "func(map[string]interface {}, string) map[string]interface {}", |a| {
        if let Some(m) = map_arg(&a[0]) {
            m.remove(key(&a[1]));
        }
        Ok(a[0].clone())
    });
    f.add("hasKey", "func(map[string]interface {}, string) bool", |a| Ok(Value::Bool(map_arg(&a[0]).is_some_and(|m| m.contains_key(key(&a[1]))))));
    f.add("pluck", "func(string, ...map[string]interface {}) []interface {}", |a| {
        let k = key(&a[0]);
        Ok(Value::list(a[1..].iter().filter_map(|d| map_arg(d).and_then(|m| m.get(k))).collect()))
    });
    f.add("keys", "func(...map[string]interface {}) []string", |a| {
        let mut out = Vec::new();
        for d in a {
            if let Some(m) = map_arg(d) {
                out.extend(m.entries().keys().map(|k| k.to_string()));
            }
        }
        Ok(Value::string_list(out))
    });
    f.add("pick", "func(map[string]interface {}, ...string) map[string]interface {}", |a| {
        let mut res = new_map();
        if let Some(m) = map_arg(&a[0]) {
            for k in &a[1..] {
                if let Some(v) = m.get(key(k)) {
                    res.insert(key(k).into(), v);
                }
            }
        }
        Ok(Value::map(res))
    });
    f.add("omit", "func(map[string]interface {}, ...string) map[string]interface {}", |a| {
        let mut res = new_map();
        if let Some(m) = map_arg(&a[0]) {
            for (k, v) in m.entries().iter() {
                if !a[1..].iter().any(|o| key(o) == &**k) {
                    res.insert(k.clone(), v.clone());
                }
            }
        }
        Ok(Value::map(res))
    });
    f.add("values", "func(map[string]interface {}) []interface {}", |a| {
        Ok(Value::list(map_arg(&a[0]).map(|m| m.entries().values().cloned().collect()).unwrap_or_default()))
    });
    f.add("merge", "func(map[string]interface {}, ...map[string]interface {}) interface {}", |a| Ok(merge(a, false)));
    f.add("mustMerge", "func(map[string]interface {}, ...map[string]interface {}) (interface {}, error)", |a| Ok(merge(a, false)));
    f.add("mergeOverwrite", "func(map[string]interface {}, ...map[string]interface {}) interface {}", |a| Ok(merge(a, true)));
    f.add("mustMergeOverwrite", "func(map[string]interface {}, ...map[string]interface {}) (interface {}, error)", |a| Ok(merge(a, true)));
    f.add("dig", "func(...interface {}) (interface {}, error)", dig);
}
