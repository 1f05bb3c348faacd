//! Sprig's `urlParse` and `urlJoin` over [`crate::golang::url`].

pub mod funcs;

use crate::golang::url::{Url, Userinfo};

/// The dict `urlParse` returns (every value a string).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlParts {
    pub scheme: String,
    pub host: String,
    pub hostname: String,
    pub path: String,
    pub query: String,
    pub opaque: String,
    pub fragment: String,
    pub userinfo: String,
}

impl UrlParts {
    /// The dict's entries in Go's key order (sorted).
    pub fn entries(&self) -> [(&'static str, &str); 8] {
        [
            ("fragment", &self.fragment),
            ("host", &self.host),
            ("hostname", &self.hostname),
            ("opaque", &self.opaque),
            ("path", &self.path),
            ("query", &self.query),
            ("scheme", &self.scheme),
            ("userinfo", &self.userinfo),
        ]
    }
}

/// `urlParse s`; `Err` is the panic text Sprig raises.
pub fn url_parse(s: &str) -> Result<UrlParts, String> {
    let u = Url::parse(s).map_err(|e| format!("unable to parse url: {e}"))?;
    Ok(UrlParts {
        hostname: u.hostname(),
        userinfo: u.user.as_ref().map(Userinfo::to_go_string).unwrap_or_default(),
        scheme: u.scheme,
        host: u.host,
        path: u.path,
        query: u.raw_query,
        opaque: u.opaque,
        fragment: u.fragment,
    })
}

/// Sprig's `dictGetOrEmpty` panic for a key whose value is not a string (`kind` is Go's
/// `reflect.Kind` name: "int", "float64", "bool", "map", "slice", …).
pub fn non_string_key_error(key: &str, kind: &str) -> String {
    format!("unable to parse {key} key, must be of type string, but {kind} found")
}

/// `urlJoin d`: the adapter reads the string values of the dict's `scheme`, `host`, `path`,
/// `query`, `opaque`, `fragment` and `userinfo` keys (missing keys are ""; non-strings are an
/// error, see [`non_string_key_error`]).
pub fn url_join(parts: &UrlParts) -> Result<String, String> {
    let mut user = None;
    if !parts.userinfo.is_empty() {
        let temp = Url::parse(&format!("proto://{}@host", parts.userinfo))
            .map_err(|e| format!("unable to parse userinfo in dict: {e}"))?;
        user = temp.user;
    }
    let u = Url {
        scheme: parts.scheme.clone(),
        host: parts.host.clone(),
        path: parts.path.clone(),
        raw_query: parts.query.clone(),
        opaque: parts.opaque.clone(),
        fragment: parts.fragment.clone(),
        user,
        ..Default::default()
    };
    Ok(u.to_go_string())
}

#[cfg(test)]
mod tests;
