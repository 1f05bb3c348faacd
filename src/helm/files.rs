//! `.Files`: Helm's `engine.files` (a `map[string][]byte` of the chart's non-template files)
//! with its methods `Get`, `GetBytes`, `Glob`, `Lines`, `AsConfig`, `AsSecrets`.

use super::glob::Glob;
use crate::gotmpl::bytes::Bytes;
use crate::gotmpl::{Error, Method, NamedType, Type, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

/// The `engine.files` type.
pub static FILES_TYPE: NamedType = NamedType { name: "engine.files", underlying: Type::BytesMap, methods: FILES_METHODS };

static FILES_METHODS: &[Method] = &[
    Method { name: "AsConfig", sig: "func() string", call: as_config },
    Method { name: "AsSecrets", sig: "func() string", call: as_secrets },
    Method { name: "Get", sig: "func(string) string", call: get },
    Method { name: "GetBytes", sig: "func(string) []uint8", call: get_bytes },
    Method { name: "Glob", sig: "func(string) engine.files", call: glob },
    Method { name: "Lines", sig: "func(string) []string", call: lines },
];

/// A `.Files` value from (path, contents) pairs.
pub fn new_files(files: impl IntoIterator<Item = (String, Rc<Bytes>)>) -> Value {
    let m: BTreeMap<_, _> = files.into_iter().map(|(k, v)| (k.into(), Value::Bytes(v))).collect();
    Value::typed_map(Type::Named(&FILES_TYPE), m)
}

fn entries(recv: &Value) -> Vec<(String, Rc<Bytes>)> {
    match recv.as_map() {
        Some(m) => m
            .entries()
            .iter()
            .filter_map(|(k, v)| match v {
                Value::Bytes(b) => Some((k.to_string(), b.clone())),
                _ => None,
            })
            .collect(),
        None => Vec::new(),
    }
}

fn lookup(recv: &Value, name: &str) -> Option<Rc<Bytes>> {
    match recv.as_map()?.get(name)? {
        Value::Bytes(b) => Some(b),
        _ => None,
    }
}

fn arg(a: &[Value]) -> &str {
    a.first().and_then(Value::as_str).unwrap_or("")
}

fn get(recv: &Value, a: &[Value]) -> Result<Value, Error> {
    let b = lookup(recv, arg(a)).unwrap_or_default();
    Ok(Value::String(crate::gotmpl::Str::from_bytes(&b)))
}

fn get_bytes(recv: &Value, a: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bytes(lookup(recv, arg(a)).unwrap_or_default()))
}

fn glob(recv: &Value, a: &[Value]) -> Result<Value, Error> {
    let g = Glob::compile(arg(a)).unwrap_or_else(|_| Glob::compile("**").expect("** is a valid glob"));
    let matched = entries(recv).into_iter().filter(|(k, _)| g.matches(k));
    Ok(new_files(matched))
}

fn lines(recv: &Value, a: &[Value]) -> Result<Value, Error> {
    let Some(b) = lookup(recv, arg(a)) else { return Ok(Value::string_list(Vec::new())) };
    if b.is_empty() {
        return Err(Error::msg("runtime error: index out of range [-1]"));
    }
    let s = String::from_utf8_lossy(&b).into_owned();
    let s = s.strip_suffix('\n').unwrap_or(&s);
    Ok(Value::string_list(s.split('\n').map(String::from)))
}

/// The files keyed by base name, as `AsConfig`/`AsSecrets` build them.
fn by_base(recv: &Value, f: impl Fn(&[u8]) -> String) -> Value {
    let mut m = BTreeMap::new();
    for (k, v) in entries(recv) {
        m.insert(crate::sprig::paths::base(&k).into(), Value::from(f(&v)));
    }
    Value::typed_map(Type::StringMap, m)
}

fn as_config(recv: &Value, _: &[Value]) -> Result<Value, Error> {
    Ok(Value::from(super::funcs::to_yaml(&by_base(recv, |b| String::from_utf8_lossy(b).into_owned()))))
}

fn as_secrets(recv: &Value, _: &[Value]) -> Result<Value, Error> {
    Ok(Value::from(super::funcs::to_yaml(&by_base(recv, crate::yaml::base64::encode_std))))
}
