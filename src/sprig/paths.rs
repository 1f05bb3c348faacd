//! Sprig's path functions: Go's `path` package (`base`, `dir`, `clean`, `ext`, `isAbs`) and
//! `path/filepath` (`osBase`…, identical on Linux).

use crate::gotmpl::{FuncMap, Value};
pub use crate::golang::path::clean;


/// Go's `path.Base`.
pub fn base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return "/".into();
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

/// Go's `path.Dir`.
pub fn dir(p: &str) -> String {
    let d = match p.rfind('/') {
        Some(i) => &p[..=i],
        None => "",
    };
    clean(d)
}

/// Go's `path.Ext`.
pub fn ext(p: &str) -> String {
    for (i, c) in p.char_indices().rev() {
        if c == '/' {
            break;
        }
        if c == '.' {
            return p[i..].to_string();
        }
    }
    String::new()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

pub fn register(f: &mut FuncMap) {
    for (a, b) in [("base", "osBase"), ("dir", "osDir"), ("clean", "osClean"), ("ext", "osExt")] {
        let op: fn(&str) -> String = match a {
            "base" => base,
            "dir" => dir,
            "clean" => clean,
            _ => ext,
        };
        f.add(a, "func(string) string", move |x| Ok(Value::from(op(s(&x[0])))));
        f.add(b, "func(string) string", move |x| Ok(Value::from(op(s(&x[0])))));
    }
    f.add("isAbs", "func(string) bool", |x| Ok(Value::Bool(s(&x[0]).starts_with('/'))));
    f.add("osIsAbs", "func(string) bool", |x| Ok(Value::Bool(s(&x[0]).starts_with('/'))));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_paths() {
        assert_eq!(clean("a//b/../c"), "a/c");
        assert_eq!(clean("/../a"), "/a");
        assert_eq!(clean("../../a"), "../../a");
        assert_eq!(base("a/b/"), "b");
        assert_eq!(dir("a/b/c"), "a/b");
        assert_eq!(dir("c"), ".");
        assert_eq!(ext("a/b.tar.gz"), ".gz");
    }
}
