//! Sprig functions krender cannot provide: only `getHostByName`, a DNS lookup (krender does no
//! network I/O while rendering). It is registered with its Go signature so charts that mention it
//! parse; calling it fails. Helm replaces it anyway: with DNS disabled (its default, and the only
//! mode krender offers) Helm's engine defines it to return "" (see [`crate::helm::funcs`]).

use crate::gotmpl::{Error, FuncMap};

/// Name and Go signature of each function krender does not implement.
pub const PENDING: &[(&str, &str)] = &[("getHostByName", "func(string) string")];

pub fn register(f: &mut FuncMap) {
    for &(name, sig) in PENDING {
        f.add(name, sig, move |_| Err(Error::msg(format!("krender: the Sprig function {name} needs network access, which krender does not use"))));
    }
}
