//! Template functions of the encoding family over [`crate::sprig::encoding`]: `b64enc`,
//! `b64dec`, `b32enc`, `b32dec`, `sha1sum`, `sha256sum`, `sha512sum`, `adler32sum`.

use crate::gotmpl::{FuncMap, Value};
use crate::sprig::encoding as e;

pub fn register(f: &mut FuncMap) {
    let table: [(&str, fn(&str) -> String); 8] = [
        ("b64enc", e::b64enc),
        ("b64dec", e::b64dec),
        ("b32enc", e::b32enc),
        ("b32dec", e::b32dec),
        ("sha1sum", e::sha1sum),
        ("sha256sum", e::sha256sum),
        ("sha512sum", e::sha512sum),
        ("adler32sum", e::adler32sum),
    ];
    for (name, fun) in table {
        f.add(name, "func(string) string", move |a| Ok(Value::from(fun(a[0].as_str().unwrap_or("")))));
    }
}
