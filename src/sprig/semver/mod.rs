//! Masterminds/semver v3 as Helm v4.2.3 links it (v3.5.0, newer than Sprig's own requirement):
//! `NewVersion` (the coercing parser: `v` prefix, missing minor/patch, leading zeros), version
//! ordering, and `NewConstraint` + `Check` with every operator (`= != > < >= => <= =< ~ ~> ^`,
//! `x`/`X`/`*` wildcards, hyphen ranges, `||`, comma or space for AND), with the library's error
//! texts. The constraint grammar is the library's own regular expressions, run on the `regex`
//! crate (same leftmost-first semantics as Go's RE2; `\s` and `\d` spelled out as Go's ASCII
//! classes).

pub mod funcs;

use std::cmp::Ordering;
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use std::rc::Rc;

use crate::golang::strconv::{parse_uint, quote};

const S: &str = r"[\t\n\f\r ]";

const CV: &str = r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";
const OPS: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";

static LOOSE_VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$")
        .expect("valid regex")
});
static CONSTRAINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^{S}*({OPS}){S}*({CV}){S}*$")).expect("valid regex"));
static CONSTRAINT_RANGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"{S}*({CV}){S}+-{S}+({CV}){S}*")).expect("valid regex"));
static FIND_CONSTRAINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"({OPS}){S}*({CV})")).expect("valid regex"));
static VALID_CONSTRAINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^({S}*({OPS}){S}*({CV}){S}*)((?:{S}+|,{S}*)({OPS}){S}*({CV}){S}*)*$")).expect("valid regex")
});

/// A parsed version (`*semver.Version`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub pre: String,
    pub metadata: String,
    /// The text it was parsed from (`Original()`).
    pub original: String,
}

const ERR_INVALID_SEMVER: &str = "invalid semantic version";
const ERR_SEGMENT_STARTS_ZERO: &str = "version segment starts with 0";
const ERR_INVALID_METADATA: &str = "invalid metadata string";
const ERR_INVALID_PRERELEASE: &str = "invalid prerelease string";

fn contains_only(s: &str, allowed: impl Fn(char) -> bool) -> bool {
    s.chars().all(allowed)
}

fn is_num(c: char) -> bool {
    c.is_ascii_digit()
}

fn is_allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

pub fn validate_prerelease(p: &str) -> Result<(), String> {
    for part in p.split('.') {
        if part.is_empty() {
            return Err(ERR_INVALID_PRERELEASE.into());
        } else if contains_only(part, is_num) {
            if part.len() > 1 && part.starts_with('0') {
                return Err(ERR_SEGMENT_STARTS_ZERO.into());
            }
        } else if !contains_only(part, is_allowed) {
            return Err(ERR_INVALID_PRERELEASE.into());
        }
    }
    Ok(())
}

pub fn validate_metadata(m: &str) -> Result<(), String> {
    for part in m.split('.') {
        if part.is_empty() || !contains_only(part, is_allowed) {
            return Err(ERR_INVALID_METADATA.into());
        }
    }
    Ok(())
}

fn segment(s: &str) -> Result<u64, String> {
    parse_uint(s, 10, 64).map_err(|e| format!("error parsing version segment: {e}"))
}

/// Parses kept per thread by text, up to a bound.
type Cache<T> = std::cell::RefCell<std::collections::HashMap<String, Result<Rc<T>, String>>>;

fn cached<T>(cache: &'static std::thread::LocalKey<Cache<T>>, text: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Result<Rc<T>, String> {
    if let Some(r) = cache.with(|m| m.borrow().get(text).cloned()) {
        return r;
    }
    let r = parse(text).map(Rc::new);
    cache.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() < 4096 {
            m.insert(text.to_string(), r.clone());
        }
    });
    r
}

impl Version {
    /// [`Version::parse`] kept per thread by text: `semverCompare` compares against
    /// `.Capabilities.KubeVersion.Version` in template after template.
    pub fn parse_shared(v: &str) -> Result<Rc<Version>, String> {
        thread_local! {
            static SEEN: Cache<Version> = Default::default();
        }
        cached(&SEEN, v, Version::parse)
    }

    /// `semver.NewVersion` (coercing: `v1`, `1.2`, `01.02.03` are accepted).
    pub fn parse(v: &str) -> Result<Version, String> {
        let m = LOOSE_VERSION.captures(v).ok_or(ERR_INVALID_SEMVER)?;
        let g = |i: usize| m.get(i).map_or("", |x| x.as_str());
        let mut sv = Version {
            major: segment(g(1))?,
            minor: 0,
            patch: 0,
            pre: g(5).to_string(),
            metadata: g(8).to_string(),
            original: v.to_string(),
        };
        if !g(2).is_empty() {
            sv.minor = segment(&g(2)[1..])?;
        }
        if !g(3).is_empty() {
            sv.patch = segment(&g(3)[1..])?;
        }
        if !sv.pre.is_empty() {
            validate_prerelease(&sv.pre)?;
        }
        if !sv.metadata.is_empty() {
            validate_metadata(&sv.metadata)?;
        }
        Ok(sv)
    }

    /// `Compare`: -1, 0, 1 (metadata ignored).
    pub fn compare(&self, o: &Version) -> Ordering {
        self.major.cmp(&o.major).then(self.minor.cmp(&o.minor)).then(self.patch.cmp(&o.patch)).then_with(|| {
            match (self.pre.is_empty(), o.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => compare_prerelease(&self.pre, &o.pre),
            }
        })
    }

    pub fn less_than(&self, o: &Version) -> bool {
        self.compare(o) == Ordering::Less
    }

    pub fn equal(&self, o: &Version) -> bool {
        self.compare(o) == Ordering::Equal
    }
}

impl fmt::Display for Version {
    /// `String()`: "1.2.3-pre+meta" (no `v`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        if !self.metadata.is_empty() {
            write!(f, "+{}", self.metadata)?;
        }
        Ok(())
    }
}

fn compare_prerelease(v: &str, o: &str) -> Ordering {
    let sp: Vec<&str> = v.split('.').collect();
    let op: Vec<&str> = o.split('.').collect();
    for i in 0..sp.len().max(op.len()) {
        let d = compare_pre_part(sp.get(i).copied().unwrap_or(""), op.get(i).copied().unwrap_or(""));
        if d != Ordering::Equal {
            return d;
        }
    }
    Ordering::Equal
}

fn compare_pre_part(s: &str, o: &str) -> Ordering {
    if s == o {
        return Ordering::Equal;
    }
    if s.is_empty() {
        return Ordering::Less;
    }
    if o.is_empty() {
        return Ordering::Greater;
    }
    match (parse_uint(s, 10, 64), parse_uint(o, 10, 64)) {
        (Err(_), Err(_)) => {
            if s > o {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        (_, Err(_)) => Ordering::Less,
        (Err(_), _) => Ordering::Greater,
        (Ok(si), Ok(oi)) => {
            if si > oi {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    TildeOrEqual,
    NotEqual,
    Greater,
    Less,
    GreaterEqual,
    LessEqual,
    Tilde,
    Caret,
}

#[derive(Debug, Clone)]
struct Constraint {
    con: Version,
    op: Op,
    minor_dirty: bool,
    dirty: bool,
    patch_dirty: bool,
}

/// A parsed constraint (`*semver.Constraints`): groups joined by `||`, each an AND of checks.
#[derive(Debug, Clone)]
pub struct Constraints {
    groups: Vec<Vec<Constraint>>,
    contains_pre: Vec<bool>,
}

fn is_x(x: &str) -> bool {
    matches!(x, "x" | "*" | "X")
}

fn parse_constraint(c: &str) -> Result<Constraint, String> {
    if c.is_empty() {
        return Ok(Constraint {
            con: Version {
                major: 0,
                minor: 0,
                patch: 0,
                pre: String::new(),
                metadata: String::new(),
                original: "0.0.0".into(),
            },
            op: Op::TildeOrEqual,
            minor_dirty: false,
            dirty: true,
            patch_dirty: false,
        });
    }
    let m = CONSTRAINT.captures(c).ok_or_else(|| format!("improper constraint: {}", quote(c)))?;
    let g = |i: usize| m.get(i).map_or("", |x| x.as_str());
    let op = match g(1) {
        "" | "=" => Op::TildeOrEqual,
        "!=" => Op::NotEqual,
        ">" => Op::Greater,
        "<" => Op::Less,
        ">=" | "=>" => Op::GreaterEqual,
        "<=" | "=<" => Op::LessEqual,
        "~" | "~>" => Op::Tilde,
        _ => Op::Caret,
    };
    let (mut ver, mut minor_dirty, mut patch_dirty, mut dirty) = (g(2).to_string(), false, false, false);
    if is_x(g(3)) || g(3).is_empty() {
        ver = format!("0.0.0{}", g(6));
        dirty = true;
    } else if is_x(g(4).trim_start_matches_once('.')) || g(4).is_empty() {
        minor_dirty = true;
        dirty = true;
        ver = format!("{}.0.0{}", g(3), g(6));
    } else if is_x(g(5).trim_start_matches_once('.')) || g(5).is_empty() {
        dirty = true;
        patch_dirty = true;
        ver = format!("{}{}.0{}", g(3), g(4), g(6));
    }
    let con = Version::parse(&ver).map_err(|_| "constraint parser error".to_string())?;
    Ok(Constraint { con, op, minor_dirty, dirty, patch_dirty })
}

trait TrimOnce {
    fn trim_start_matches_once(&self, c: char) -> &str;
}

impl TrimOnce for str {
    fn trim_start_matches_once(&self, c: char) -> &str {
        self.strip_prefix(c).unwrap_or(self)
    }
}

/// `rewriteRange`: "1.2 - 1.4.5" becomes ">= 1.2, <= 1.4.5 ".
fn rewrite_range(i: &str) -> String {
    let mut o = i.to_string();
    for m in CONSTRAINT_RANGE.captures_iter(i) {
        let whole = m.get(0).map_or("", |x| x.as_str());
        let t = format!(">= {}, <= {} ", m.get(1).map_or("", |x| x.as_str()), m.get(11).map_or("", |x| x.as_str()));
        o = o.replacen(whole, &t, 1);
    }
    o
}

impl Constraints {
    /// `semver.NewConstraint`. Charts check the same few constraints over and over
    /// (`semverCompare ">=1.21-0" .Capabilities.KubeVersion.Version` in every template), so
    /// results are kept per thread by text (shared, not copied); a parse is a pure function of it.
    pub fn parse(c: &str) -> Result<Rc<Constraints>, String> {
        thread_local! {
            static SEEN: Cache<Constraints> = Default::default();
        }
        cached(&SEEN, c, |c| Self::parse_uncached(c))
    }

    fn parse_uncached(c: &str) -> Result<Constraints, String> {
        let c = rewrite_range(c);
        let mut groups = Vec::new();
        let mut contains_pre = Vec::new();
        for v in c.split("||") {
            if !VALID_CONSTRAINT.is_match(v) {
                return Err(format!("improper constraint: {}", quote(v)));
            }
            let mut cs: Vec<&str> = FIND_CONSTRAINT.find_iter(v).map(|m| m.as_str()).collect();
            if cs.is_empty() {
                cs.push(v);
            }
            let mut result = Vec::with_capacity(cs.len());
            let mut has_pre = false;
            for s in cs {
                let pc = parse_constraint(s)?;
                has_pre |= !pc.con.pre.is_empty();
                result.push(pc);
            }
            groups.push(result);
            contains_pre.push(has_pre);
        }
        Ok(Constraints { groups, contains_pre })
    }

    /// `Check`: some `||` group whose every constraint holds.
    pub fn check(&self, v: &Version) -> bool {
        self.groups.iter().zip(&self.contains_pre).any(|(group, &pre)| group.iter().all(|c| c.check(v, pre)))
    }
}

impl Constraint {
    fn check(&self, v: &Version, include_pre: bool) -> bool {
        if !v.pre.is_empty() && !include_pre {
            return false;
        }
        let c = &self.con;
        match self.op {
            Op::NotEqual => {
                if self.dirty {
                    if c.major != v.major {
                        return true;
                    }
                    if c.minor != v.minor && !self.minor_dirty {
                        return true;
                    } else if self.minor_dirty {
                        return false;
                    } else if c.patch != v.patch && !self.patch_dirty {
                        return true;
                    } else if self.patch_dirty {
                        if !v.pre.is_empty() || !c.pre.is_empty() {
                            return compare_prerelease(&v.pre, &c.pre) != Ordering::Equal;
                        }
                        return false;
                    }
                }
                !v.equal(c)
            }
            Op::Greater => {
                if !self.dirty {
                    return v.compare(c) == Ordering::Greater;
                }
                if v.major > c.major {
                    true
                } else if v.major < c.major || self.minor_dirty {
                    false
                } else if self.patch_dirty {
                    v.minor > c.minor
                } else {
                    v.compare(c) == Ordering::Greater
                }
            }
            Op::Less => v.compare(c) == Ordering::Less,
            Op::GreaterEqual => v.compare(c) != Ordering::Less,
            Op::LessEqual => {
                if !self.dirty {
                    return v.compare(c) != Ordering::Greater;
                }
                !(v.major > c.major || v.major == c.major && v.minor > c.minor && !self.minor_dirty)
            }
            Op::Tilde => self.tilde(v),
            Op::TildeOrEqual => {
                if self.dirty {
                    self.tilde(v)
                } else {
                    v.equal(c)
                }
            }
            Op::Caret => {
                if v.less_than(c) {
                    return false;
                }
                if c.major > 0 || self.minor_dirty {
                    return v.major == c.major;
                }
                if v.major > 0 {
                    return false;
                }
                if c.minor > 0 || self.patch_dirty {
                    return v.minor == c.minor;
                }
                if v.minor > 0 {
                    return false;
                }
                c.patch == v.patch
            }
        }
    }

    fn tilde(&self, v: &Version) -> bool {
        let c = &self.con;
        if v.less_than(c) {
            return false;
        }
        if c.major == 0 && c.minor == 0 && c.patch == 0 && !self.minor_dirty && !self.patch_dirty {
            return true;
        }
        if v.major != c.major {
            return false;
        }
        v.minor == c.minor || self.minor_dirty
    }
}

/// Sprig's `semverCompare constraint version`.
pub fn semver_compare(constraint: &str, version: &str) -> Result<bool, String> {
    let c = Constraints::parse(constraint)?;
    let v = Version::parse_shared(version)?;
    Ok(c.check(&v))
}

/// Sprig's `semver version`.
pub fn semver(version: &str) -> Result<Version, String> {
    Version::parse(version)
}

/// Compiles the version and constraint patterns (each is compiled once, on first use): a host
/// that will compare versions can have this done ahead, on a core with nothing else to do.
pub fn prepare() {
    for re in [&LOOSE_VERSION, &CONSTRAINT, &CONSTRAINT_RANGE, &FIND_CONSTRAINT, &VALID_CONSTRAINT] {
        LazyLock::force(re);
    }
}

#[cfg(test)]
mod tests;
