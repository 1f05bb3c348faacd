//! Template functions of the url family over [`crate::sprig::url`]: `urlParse` (a dict of
//! strings) and `urlJoin` (from such a dict).

use crate::gotmpl::{map_of, Error, FuncMap, Map, Type, Value};
use crate::sprig::url::{non_string_key_error, url_join, url_parse, UrlParts};
use crate::sprig::util::{kind_name, nil_deref};

/// Sprig's `dictGetOrEmpty`: a missing key is "", a value that is not a string a panic.
fn get(d: &Map, key: &str) -> Result<String, Error> {
    match d.get(key) {
        None => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.to_string()),
        Some(Value::Nil) => Err(nil_deref()),
        Some(v) => Err(Error::msg(non_string_key_error(key, kind_name(&v)))),
    }
}

fn join(d: &Map) -> Result<String, Error> {
    let parts = UrlParts {
        scheme: get(d, "scheme")?,
        host: get(d, "host")?,
        path: get(d, "path")?,
        query: get(d, "query")?,
        opaque: get(d, "opaque")?,
        fragment: get(d, "fragment")?,
        userinfo: get(d, "userinfo")?,
        hostname: String::new(),
    };
    url_join(&parts).map_err(Error::msg)
}

pub fn register(f: &mut FuncMap) {
    f.add("urlParse", "func(string) map[string]interface {}", |a| {
        let parts = url_parse(a[0].as_str().unwrap_or("")).map_err(Error::msg)?;
        Ok(map_of(parts.entries().map(|(k, v)| (k, Value::from(v)))))
    });
    f.add("urlJoin", "func(map[string]interface {}) string", |a| {
        let empty = Map::new(Type::AnyMap, Default::default());
        join(a[0].as_map().map_or(&empty, |m| m)).map(Value::from)
    });
}
