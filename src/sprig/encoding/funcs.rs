//! Template functions of the encoding family over [`crate::sprig::encoding`]: `b64enc`,
//! `b64dec`, `b32enc`, `b32dec`, `sha1sum`, `sha256sum`, `sha512sum`, `adler32sum`. They work on
//! the bytes of Go strings (a binary file read with `.Files.Get` encodes as Go encodes it).

use crate::gotmpl::{FuncMap, Str, Value};
use crate::sprig::encoding as e;

fn bytes(a: &Value) -> &[u8] {
    match a {
        Value::String(s) => s.bytes(),
        _ => &[],
    }
}

pub fn register(f: &mut FuncMap) {
    let table: [(&str, fn(&[u8]) -> String); 6] = [
        ("b64enc", |b| e::b64enc(b)),
        ("b32enc", |b| e::b32enc(b)),
        ("sha1sum", |b| e::sha1sum(b)),
        ("sha256sum", |b| e::sha256sum(b)),
        ("sha512sum", |b| e::sha512sum(b)),
        ("adler32sum", |b| e::adler32sum(b)),
    ];
    for (name, fun) in table {
        f.add(name, "func(string) string", move |a| Ok(Value::from(fun(bytes(&a[0])))));
    }
    f.add("b64dec", "func(string) string", |a| Ok(Value::String(Str::from_bytes(&e::b64dec_bytes(a[0].as_str().unwrap_or(""))))));
    f.add("b32dec", "func(string) string", |a| Ok(Value::String(Str::from_bytes(&e::b32dec_bytes(a[0].as_str().unwrap_or(""))))));
}
