//! Sprig v3.3.0's template functions (what Helm adds to Go templates). [`func_map`] returns them
//! all, ready for a [`crate::gotmpl::Template`]: every function of Sprig's `TxtFuncMap` but `env`
//! and `expandenv` (which Helm removes) and `getHostByName` (a DNS lookup; Helm's engine replaces
//! it by a function returning "", see [`crate::helm::funcs`], and krender does no network I/O).
//!
//! ## Layout
//!
//! Small families are one file each: [`defaults`] (`default`, `empty`, `coalesce`, `ternary`,
//! `deepCopy`, `fail`), [`dicts`], [`lists`], [`reflect`], [`paths`], [`json`] (with the JSON
//! reader [`jsonread`]). The harder families are one directory each, `<family>/mod.rs` holding
//! the Go-exact algorithms over plain Rust values (`&str`, `i64`, `f64`,
//! [`GoTime`](crate::golang::time::GoTime)), `<family>/tests.rs` their oracle-made tables and
//! `<family>/funcs.rs` the template functions over them: [`strings`] (goutils and xstrings
//! algorithms included), [`math`] (shopspring/decimal), [`cast`] (spf13/cast), [`date`],
//! [`semver`], [`regex`], [`encoding`], [`url`], [`crypto`] (certificates included), [`random`],
//! [`toml`] (Helm's `toToml`).
//!
//! ## Adding a function
//!
//! 1. In the family's `register`, add it with its Go signature (see [`crate::gotmpl::funcs`]):
//!    `f.add("sha256sum", "func(string) string", |a| ...)`. Arguments arrive checked and
//!    converted; return `Err(Error::msg(..))` for Go errors and panics (the engine reports
//!    `error calling NAME: MSG`).
//! 2. Functions returning Go structs (`time.Time`, `*semver.Version`) return a
//!    `Value::Object(Rc<dyn Object>)`: the [`crate::gotmpl::Object`] trait gives the `%T` name,
//!    fields, methods (`.Major`), `String()` for printing and the JSON form for `toJson`/`toYaml`;
//!    a parameter of such a type is written with its `%T` name in the signature
//!    (`func(time.Time) string`) and matched by that name.
//! 3. Shared conversions Sprig itself uses live in [`util`] (`strval`, `to_int64`, `to_float64`,
//!    `empty`, `deep_equal`).

pub mod cast;
pub mod crypto;
pub mod date;
pub mod defaults;
pub mod dicts;
pub mod encoding;
pub mod json;
pub mod jsonread;
pub mod lists;
pub mod math;
pub mod paths;
pub mod random;
pub mod reflect;
pub mod regex;
pub mod semver;
pub mod strings;
pub mod toml;
pub mod url;
pub mod util;

use crate::gotmpl::FuncMap;

/// Every Sprig function (Sprig's `TxtFuncMap`) but `env`, `expandenv` and `getHostByName`.
pub fn func_map() -> FuncMap {
    let mut f = FuncMap::new();
    strings::funcs::register(&mut f);
    cast::funcs::register(&mut f);
    math::funcs::register(&mut f);
    defaults::register(&mut f);
    dicts::register(&mut f);
    lists::register(&mut f);
    reflect::register(&mut f);
    paths::register(&mut f);
    json::register(&mut f);
    date::funcs::register(&mut f);
    semver::funcs::register(&mut f);
    regex::funcs::register(&mut f);
    encoding::funcs::register(&mut f);
    url::funcs::register(&mut f);
    crypto::funcs::register(&mut f);
    random::funcs::register(&mut f);
    f
}
