//! Sprig's list functions (`list.go`): `list`, `append`/`push`, `prepend`, `first`, `rest`,
//! `last`, `initial`, `reverse`, `uniq`, `without`, `has`, `compact`, `slice`, `concat`,
//! `chunk` and their `must` variants. Errors are Sprig's (`Cannot push on type string`); the
//! non-`must` variants raise them as Go panics, which templates report the same way.

use super::util::{deep_equal, empty, kind_name, list_arg, nil_deref, slice_items, to_int64};
use crate::gotmpl::{Error, FuncMap, Value};

fn opt_list(v: Option<Vec<Value>>) -> Value {
    match v {
        Some(items) => Value::list(items),
        None => Value::nil_list(crate::gotmpl::Type::AnyList),
    }
}

fn rest_like(l: Vec<Value>, first: bool) -> Value {
    if l.is_empty() {
        return opt_list(None);
    }
    let n = l.len();
    Value::list(if first { l[1..].to_vec() } else { l[..n - 1].to_vec() })
}

fn in_list(haystack: &[Value], needle: &Value) -> bool {
    haystack.iter().any(|h| deep_equal(needle, h))
}

fn slice(a: &[Value]) -> Result<Value, Error> {
    let list = &a[0];
    if list.is_nil() {
        return Err(nil_deref());
    }
    let Some(items) = slice_items(list) else {
        return Err(Error::msg(format!("list should be type of slice or array but {}", kind_name(list))));
    };
    let l = items.len() as i64;
    if l == 0 {
        return Ok(Value::Nil);
    }
    let start = a.get(1).map_or(0, to_int_cast);
    let end = if a.len() < 3 { l } else { to_int_cast(&a[2]) };
    if start < 0 || end < start || end > l {
        return Err(Error::msg("reflect.Value.Slice: slice index out of bounds"));
    }
    let (s, e) = (start as usize, end as usize);
    Ok(match list {
        Value::List(lst) => Value::typed_list(lst.ty, lst.items[s..e].to_vec()),
        Value::Bytes(b) => Value::Bytes(std::rc::Rc::new(b[s..e].to_vec().into())),
        _ => Value::list(items[s..e].to_vec()),
    })
}

/// `cast.ToInt`.
fn to_int_cast(v: &Value) -> i64 {
    to_int64(v)
}

fn chunk(size: i64, list: &Value) -> Result<Value, Error> {
    if list.is_nil() {
        return Err(nil_deref());
    }
    let items = slice_items(list).ok_or_else(|| Error::msg(format!("Cannot chunk type {}", kind_name(list))))?;
    let l = items.len() as i64;
    if size <= 0 {
        return Err(Error::msg("runtime error: integer divide by zero"));
    }
    let cs = ((l - 1) as f64 / size as f64).floor() as i64 + 1;
    let mut out = Vec::new();
    for i in 0..cs.max(0) {
        let mut clen = size;
        if i == cs - 1 {
            clen = l % size;
            if clen == 0 {
                clen = size;
            }
        }
        let start = (i * size) as usize;
        let end = (start + clen as usize).min(items.len());
        out.push(Value::list(items[start..end].to_vec()));
    }
    Ok(Value::typed_list(crate::gotmpl::Type::AnyList, out))
}

pub fn register(f: &mut FuncMap) {
    for name in ["list", "tuple"] {
        f.add(name, "func(...interface {}) []interface {}", |a| Ok(Value::list(a.to_vec())));
    }
    for name in ["append", "push", "mustAppend", "mustPush"] {
        f.add(name, "func(interface {}, interface {}) ([]interface {}, error)", |a| {
            let mut l = list_arg(&a[0], "push")?;
            l.push(a[1].clone());
            Ok(Value::list(l))
        });
    }
    for name in ["prepend", "mustPrepend"] {
        f.add(name, "func(interface {}, interface {}) ([]interface {}, error)", |a| {
            let mut l = list_arg(&a[0], "prepend")?;
            l.insert(0, a[1].clone());
            Ok(Value::list(l))
        });
    }
    for name in ["first", "mustFirst"] {
        f.add(name, "func(interface {}) (interface {}, error)", |a| Ok(list_arg(&a[0], "find first")?.first().cloned().unwrap_or(Value::Nil)));
    }
    for name in ["last", "mustLast"] {
        f.add(name, "func(interface {}) (interface {}, error)", |a| Ok(list_arg(&a[0], "find last")?.last().cloned().unwrap_or(Value::Nil)));
    }
    for name in ["rest", "mustRest"] {
        f.add(name, "func(interface {}) ([]interface {}, error)", |a| Ok(rest_like(list_arg(&a[0], "find rest")?, true)));
    }
    for name in ["initial", "mustInitial"] {
        f.add(name, "func(interface {}) ([]interface {}, error)", |a| Ok(rest_like(list_arg(&a[0], "find initial")?, false)));
    }
    for name in ["reverse", "mustReverse"] {
        f.add(name, "func(interface {}) ([]interface {}, error)", |a| {
            let mut l = list_arg(&a[0], "find reverse")?;
            l.reverse();
            Ok(Value::list(l))
        });
    }
    for name in ["compact", "mustCompact"] {
        f.add(name, "func(interface {}) ([]interface {}, error)", |a| {
            Ok(Value::list(list_arg(&a[0], "compact")?.into_iter().filter(|x| !empty(x)).collect()))
        });
    }
    for name in ["uniq", "mustUniq"] {
        f.add(name, "func(interface {}) ([]interface {}, error)", |a| {
            let mut dest: Vec<Value> = Vec::new();
            for x in list_arg(&a[0], "find uniq")? {
                if !in_list(&dest, &x) {
                    dest.push(x);
                }
            }
            Ok(Value::list(dest))
        });
    }
    for name in ["without", "mustWithout"] {
        f.add(name, "func(interface {}, ...interface {}) ([]interface {}, error)", |a| {
            let omit = &a[1..];
            Ok(Value::list(list_arg(&a[0], "find without")?.into_iter().filter(|x| !in_list(omit, x)).collect()))
        });
    }
    for name in ["has", "mustHas"] {
        f.add(name, "func(interface {}, interface {}) (bool, error)", |a| {
            if a[1].is_nil() {
                return Ok(Value::Bool(false));
            }
            Ok(Value::Bool(in_list(&list_arg(&a[1], "find has")?, &a[0])))
        });
    }
    for name in ["slice", "mustSlice"] {
        f.add(name, "func(interface {}, ...interface {}) (interface {}, error)", slice);
    }
    for name in ["chunk", "mustChunk"] {
        f.add(name, "func(int, interface {}) ([][]interface {}, error)", |a| chunk(a[0].as_i128().unwrap_or(0) as i64, &a[1]));
    }
    f.add("concat", "func(...interface {}) interface {}", |a| {
        let mut res: Vec<Value> = Vec::new();
        for l in a {
            if l.is_nil() {
                return Err(nil_deref());
            }
            match slice_items(l) {
                Some(items) => res.extend(items),
                None => return Err(Error::msg(format!("Cannot concat type {} as list", kind_name(l)))),
            }
        }
        Ok(if res.is_empty() { Value::nil_list(crate::gotmpl::Type::AnyList) } else { Value::list(res) })
    });
}
