//! Sprig v3.3.0 (and the parts of Helm's own template functions that need real algorithms), as
//! engine-independent Rust: every function here takes and returns plain Rust values (`&str`,
//! `i64`, `f64`, [`GoTime`](crate::golang::time::GoTime), …). The template engine wraps each in a
//! thin adapter that converts its values and reports errors; nothing here knows the engine.
//!
//! Each family sits in its own file, with table tests whose expected columns came from the helm
//! v4.2.3 oracle.

pub mod cast;
pub mod date;
pub mod decimal;
pub mod math;
pub mod random;
pub mod strings;
pub mod semver;
pub mod regex;
pub mod encoding;
pub mod url;
pub mod crypto;
pub mod certs;
pub mod toml;
