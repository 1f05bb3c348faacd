//! Sprig v3.3.0's template functions (what Helm adds to Go templates), one file per family.
//! [`func_map`] returns them all, ready for a [`crate::gotmpl::Template`]; functions not yet
//! written are listed in [`pending`] and fail when called.
//!
//! Implemented here: [`strings`] (trim, case, quote, indent, split, join…), [`conv`] (`int`,
//! `int64`, `float64`, `atoi`, `toDecimal`), [`math`], [`defaults`] (`default`, `empty`,
//! `coalesce`, `ternary`, `deepCopy`, `fail`), [`dicts`], [`lists`], [`reflect`], [`paths`],
//! [`json`] (with the JSON reader [`jsonread`]).
//!
//! ## Two layers
//!
//! The files that `register` template functions are the adapters. The Go-exact algorithms for the
//! harder families are engine-independent Rust over plain values (`&str`, `i64`, `f64`,
//! [`GoTime`](crate::golang::time::GoTime)) with oracle-made table tests: [`text`] (goutils and
//! xstrings string algorithms), [`numeric`] (shopspring/decimal floats, `round`, `seq`, …),
//! [`cast`] (spf13/cast), [`decimal`], [`date`], [`semver`], [`regex`], [`encoding`], [`url`],
//! [`crypto`], [`certs`], [`random`], [`toml`]. Adapters call them; families still listed in
//! [`pending`] are the ones whose adapters are not written yet.
//!
//! ## Adding a family
//!
//! 1. Write `src/sprig/<family>.rs` with the Go-exact leaf functions and a
//!    `pub fn register(f: &mut FuncMap)` that adds each template function with its Go signature
//!    (see [`crate::gotmpl::funcs`]): `f.add("sha256sum", "func(string) string", |a| ...)`.
//!    Arguments arrive checked and converted; return `Err(Error::msg(..))` for Go errors and
//!    panics (the engine reports `error calling NAME: MSG`).
//! 2. Call it in [`func_map`] (after `pending::register`, so it replaces the placeholders) and
//!    remove the names from [`pending::PENDING`].
//! 3. Functions returning Go structs (`time.Time`, `*semver.Version`) return a
//!    `Value::Object(Rc<dyn Object>)`: the [`crate::gotmpl::Object`] trait gives the `%T` name,
//!    fields, methods (`.Major`), `String()` for printing and the JSON form for `toJson`/`toYaml`;
//!    a parameter of such a type is written with its `%T` name in the signature
//!    (`func(time.Time) string`) and matched by that name.
//! 4. Shared conversions Sprig itself uses live in [`util`] (`strval`, `to_int64`, `to_float64`,
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
pub mod pending;
pub mod random;
pub mod reflect;
pub mod regex;
pub mod semver;
pub mod strings;
pub mod toml;
pub mod url;
pub mod util;

use crate::gotmpl::FuncMap;

/// Every Sprig function (Sprig's `TxtFuncMap`) but `env` and `expandenv`, which Helm removes.
pub fn func_map() -> FuncMap {
    let mut f = FuncMap::new();
    pending::register(&mut f);
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
