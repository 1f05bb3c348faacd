//! A Go `text/template` engine: the template language Helm charts are written in, with Go's
//! semantics and error texts. It knows nothing of Helm; Sprig's and Helm's functions are
//! registered on top of it through a [`FuncMap`].
//!
//! Layers (each a small file):
//! - [`lex`]: text → items (trim markers, comments, numbers as Go scans them);
//! - [`parse`] and [`node`]: items → trees with byte positions; parse-time checks;
//! - [`exec`] and `eval`: walking a tree with a [`Value`] as dot, printing with [`fmt`] (a port of
//!   Go's `fmt`), calling [`builtins`] and registered functions with Go's argument checks;
//! - [`value`] and [`types`]: Go's data model (`float64` vs `int`, `[]interface {}` vs `[]string`,
//!   maps with sorted keys, named types, host objects with fields and methods);
//! - [`error`]: Go's error texts and wrapping.
//!
//! ```
//! use krender::gotmpl::{FuncMap, Template, Value, map_of};
//! let t = Template::new("root", FuncMap::new());
//! t.parse("page", "{{ range $i, $x := .items }}{{ $i }}={{ $x }} {{ end }}").unwrap();
//! let data = map_of([("items", Value::list(vec![Value::from("a"), Value::Float(1e6)]))]);
//! assert_eq!(t.execute("page", &data).unwrap(), "0=a 1=1e+06 ");
//! ```

pub mod builtins;
pub mod bytes;
pub mod error;
mod eval;
pub mod exec;
pub mod fmt;
pub mod fmtnum;
pub mod funcs;
pub mod fuzz;
pub mod golit;
pub mod lex;
pub mod node;
pub mod parse;
pub mod gostr;
pub mod quote;
pub mod template;
pub mod types;
pub mod value;

pub use error::{Error, ErrorKind};

/// Runs `f` with at least 256 KiB of stack left, growing the stack when needed: templates,
/// their parse trees and their data may nest as deep as Go allows.
pub fn deep<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(256 * 1024, 8 * 1024 * 1024, f)
}
pub use funcs::{Ctx, FuncMap, Sig};
pub use template::{MissingKey, Template};
pub use types::{IntTy, Kind, Method, NamedType, Type};
pub use value::{map_of, List, Map, Object, Str, Value};
