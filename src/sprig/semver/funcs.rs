//! Template functions of the semver family over [`crate::sprig::semver`]: `semver` (a
//! `*semver.Version` host object) and `semverCompare`.
//!
//! Templates see Masterminds' method sets: a `*semver.Version` has every method, while the
//! `semver.Version` values that `IncPatch`/`IncMinor`/`IncMajor`/`SetPrerelease`/`SetMetadata`
//! return have only the value-receiver ones (`.Original` or `.LessThan` on them is Go's
//! `can't evaluate field` error).

use super::{semver_compare, validate_metadata, validate_prerelease, Version};
use crate::gotmpl::{Error, FuncMap, IntTy, Method, Object, Value};
use crate::sprig::util::nil_deref;
use std::cmp::Ordering;
use std::rc::Rc;

/// A `*semver.Version` (`pointer`) or a `semver.Version`.
#[derive(Debug, Clone)]
pub struct SemverObject {
    pub v: Version,
    pub pointer: bool,
}

fn object(v: Version, pointer: bool) -> Value {
    Value::Object(Rc::new(SemverObject { v, pointer }))
}

fn version(v: &Value) -> Option<&Version> {
    match v {
        Value::Object(o) => o.as_any().downcast_ref::<SemverObject>().map(|s| &s.v),
        _ => None,
    }
}

fn recv(v: &Value) -> Result<&Version, Error> {
    version(v).ok_or_else(nil_deref)
}

fn bytes(s: String) -> Value {
    Value::Bytes(Rc::new(s.into_bytes().into()))
}

fn uint(x: u64) -> Value {
    Value::Int(x as i64, IntTy::Uint64)
}

/// `originalVPrefix() + String()`: the `Original()` of a version made from `v`.
fn renamed(mut next: Version, orig: &Version) -> Version {
    let prefix = if orig.original.starts_with('v') { "v" } else { "" };
    next.original = format!("{prefix}{next}");
    next
}

fn inc(recv_v: &Value, what: &str) -> Result<Value, Error> {
    let v = recv(recv_v)?;
    let mut next = v.clone();
    let overflow = |part: &str| Error::msg(format!("{part} version increment would overflow uint64"));
    next.metadata.clear();
    next.pre.clear();
    match what {
        "patch" if v.pre.is_empty() => next.patch = v.patch.checked_add(1).ok_or_else(|| overflow("patch"))?,
        "patch" => {}
        "minor" => {
            next.patch = 0;
            next.minor = v.minor.checked_add(1).ok_or_else(|| overflow("minor"))?;
        }
        _ => {
            next.patch = 0;
            next.minor = 0;
            next.major = v.major.checked_add(1).ok_or_else(|| overflow("major"))?;
        }
    }
    Ok(object(renamed(next, v), false))
}

fn set_part(recv_v: &Value, arg: &Value, pre: bool) -> Result<Value, Error> {
    let v = recv(recv_v)?;
    let text = arg.as_str().unwrap_or("");
    let mut next = v.clone();
    if pre {
        next.pre = text.to_string();
    } else {
        next.metadata = text.to_string();
    }
    if !text.is_empty() {
        let valid = if pre { validate_prerelease(text) } else { validate_metadata(text) };
        valid.map_err(Error::msg)?;
    }
    Ok(object(renamed(next, v), false))
}

fn compare(r: &Value, a: &[Value]) -> Result<Value, Error> {
    let other = a.first().and_then(version).ok_or_else(nil_deref)?;
    Ok(Value::int(match recv(r)?.compare(other) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }))
}

fn ordering(r: &Value, a: &[Value], test: fn(Ordering) -> bool) -> Result<Value, Error> {
    let other = a.first().and_then(version).ok_or_else(nil_deref)?;
    Ok(Value::Bool(test(recv(r)?.compare(other))))
}

/// The pointer's method set; the value's is its first [`VALUE_METHODS`].
static METHODS: [Method; 21] = [
    Method { name: "String", sig: "func() string", call: |r, _| Ok(Value::from(recv(r)?.to_string())) },
    Method { name: "Major", sig: "func() uint64", call: |r, _| Ok(uint(recv(r)?.major)) },
    Method { name: "Minor", sig: "func() uint64", call: |r, _| Ok(uint(recv(r)?.minor)) },
    Method { name: "Patch", sig: "func() uint64", call: |r, _| Ok(uint(recv(r)?.patch)) },
    Method { name: "Prerelease", sig: "func() string", call: |r, _| Ok(Value::from(recv(r)?.pre.as_str())) },
    Method { name: "Metadata", sig: "func() string", call: |r, _| Ok(Value::from(recv(r)?.metadata.as_str())) },
    Method { name: "IncPatch", sig: "func() semver.Version", call: |r, _| inc(r, "patch") },
    Method { name: "IncMinor", sig: "func() semver.Version", call: |r, _| inc(r, "minor") },
    Method { name: "IncMajor", sig: "func() semver.Version", call: |r, _| inc(r, "major") },
    Method { name: "SetPrerelease", sig: "func(string) (semver.Version, error)", call: |r, a| set_part(r, &a[0], true) },
    Method { name: "SetMetadata", sig: "func(string) (semver.Version, error)", call: |r, a| set_part(r, &a[0], false) },
    Method { name: "MarshalJSON", sig: "func() ([]uint8, error)", call: |r, _| Ok(bytes(format!("\"{}\"", recv(r)?))) },
    Method { name: "MarshalText", sig: "func() ([]uint8, error)", call: |r, _| Ok(bytes(recv(r)?.to_string())) },
    // `driver.Value` is `interface {}`.
    Method { name: "Value", sig: "func() (interface {}, error)", call: |r, _| Ok(Value::from(recv(r)?.to_string())) },
    Method { name: "Original", sig: "func() string", call: |r, _| Ok(Value::from(recv(r)?.original.as_str())) },
    Method { name: "Compare", sig: "func(*semver.Version) int", call: compare },
    Method { name: "LessThan", sig: "func(*semver.Version) bool", call: |r, a| ordering(r, a, Ordering::is_lt) },
    Method { name: "LessThanEqual", sig: "func(*semver.Version) bool", call: |r, a| ordering(r, a, Ordering::is_le) },
    Method { name: "GreaterThan", sig: "func(*semver.Version) bool", call: |r, a| ordering(r, a, Ordering::is_gt) },
    Method { name: "GreaterThanEqual", sig: "func(*semver.Version) bool", call: |r, a| ordering(r, a, Ordering::is_ge) },
    Method { name: "Equal", sig: "func(*semver.Version) bool", call: |r, a| {
        if a[0].is_nil() {
            return Ok(Value::Bool(false));
        }
        ordering(r, a, Ordering::is_eq)
    } },
];

/// How many of [`METHODS`] have value receivers.
const VALUE_METHODS: usize = 14;

impl Object for SemverObject {
    fn type_name(&self) -> &'static str {
        if self.pointer {
            "*semver.Version"
        } else {
            "semver.Version"
        }
    }
    fn methods(&self) -> &'static [Method] {
        if self.pointer {
            &METHODS
        } else {
            &METHODS[..VALUE_METHODS]
        }
    }
    fn string(&self) -> Option<String> {
        Some(self.v.to_string())
    }
    fn to_json(&self) -> Result<crate::yaml::Value, String> {
        Ok(crate::yaml::Value::Str(self.v.to_string()))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn register(f: &mut FuncMap) {
    f.add("semver", "func(string) (*semver.Version, error)", |a| {
        super::semver(a[0].as_str().unwrap_or("")).map(|v| object(v, true)).map_err(Error::msg)
    });
    f.add("semverCompare", "func(string, string) (bool, error)", |a| {
        semver_compare(a[0].as_str().unwrap_or(""), a[1].as_str().unwrap_or("")).map(Value::Bool).map_err(Error::msg)
    });
}
