//! Version checks `helm template` makes: the chart's `kubeVersion` constraint against the
//! Kubernetes version of `.Capabilities` (`chart requires kubeVersion: ...`), dependency version
//! ranges against vendored subcharts, `Chart.yaml` versions being semantic versions, and
//! `--kube-version` parsing (apimachinery's `ParseGeneric`).
//!
//! The semantic-version rules are a minimal port of Masterminds/semver v3 (the library Helm
//! links): its coercing `NewVersion`, version ordering, and `NewConstraint(...).Check` with every
//! operator (`= != > < >= => <= =< ~ ~> ^`), `x`/`X`/`*` wildcards, hyphen ranges, `||`, and
//! prerelease versions matching only constraints that mention a prerelease. Only the yes/no
//! answer is kept (Helm drops the library's explanations). A full port with the library's error
//! texts lives in `sprig::semver` on the `sprig` branch; this module can delegate to it once
//! both are merged.

use super::capabilities::KubeVersion;
use regex::Regex;
use std::cmp::Ordering;
use std::sync::LazyLock;

/// Go's ASCII `\s`.
const S: &str = r"[\t\n\f\r ]";
const CV: &str =
    r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";
const OPS: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";

fn re(s: &str) -> Regex {
    Regex::new(s).expect("a valid regular expression")
}

static LOOSE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$"));
static CONSTRAINT: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"^{S}*({OPS}){S}*({CV}){S}*$")));
static RANGE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"{S}*({CV}){S}+-{S}+({CV}){S}*")));
static FIND: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"({OPS}){S}*({CV})")));
static VALID: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"^({S}*({OPS}){S}*({CV}){S}*)((?:{S}+|,{S}*)({OPS}){S}*({CV}){S}*)*$")));

/// A semantic version (`semver.Version`, without its metadata).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub pre: String,
}

fn valid_prerelease(p: &str) -> bool {
    p.split('.').all(|part| {
        !part.is_empty()
            && if part.bytes().all(|b| b.is_ascii_digit()) {
                part.len() == 1 || !part.starts_with('0')
            } else {
                part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            }
    })
}

impl Version {
    /// `semver.NewVersion`: `v` prefix, missing minor/patch and leading zeros accepted.
    pub fn parse(v: &str) -> Option<Version> {
        let m = LOOSE.captures(v)?;
        let g = |i: usize| m.get(i).map_or("", |x| x.as_str());
        let seg = |s: &str| s.trim_start_matches('.').parse::<u64>().ok();
        let version = Version {
            major: seg(g(1))?,
            minor: if g(2).is_empty() { 0 } else { seg(g(2))? },
            patch: if g(3).is_empty() { 0 } else { seg(g(3))? },
            pre: g(5).to_string(),
        };
        if !version.pre.is_empty() && !valid_prerelease(&version.pre) {
            return None;
        }
        let meta = g(8);
        if !meta.is_empty() && !meta.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')) {
            return None;
        }
        Some(version)
    }

    /// `Compare` (metadata ignored).
    pub fn compare(&self, o: &Version) -> Ordering {
        (self.major, self.minor, self.patch).cmp(&(o.major, o.minor, o.patch)).then_with(|| match (self.pre.is_empty(), o.pre.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => compare_prerelease(&self.pre, &o.pre),
        })
    }
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
    match (s.parse::<u64>(), o.parse::<u64>()) {
        (Err(_), Err(_)) => s.cmp(o),
        (Err(_), Ok(_)) => Ordering::Greater,
        (Ok(_), Err(_)) => Ordering::Less,
        (Ok(a), Ok(b)) => {
            if a > b {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
    }
}

fn compare_prerelease(v: &str, o: &str) -> Ordering {
    let (sp, op): (Vec<&str>, Vec<&str>) = (v.split('.').collect(), o.split('.').collect());
    for i in 0..sp.len().max(op.len()) {
        let d = compare_pre_part(sp.get(i).copied().unwrap_or(""), op.get(i).copied().unwrap_or(""));
        if d != Ordering::Equal {
            return d;
        }
    }
    Ordering::Equal
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
    op: Op,
    con: Version,
    minor_dirty: bool,
    patch_dirty: bool,
    dirty: bool,
}

fn is_x(s: &str) -> bool {
    matches!(s, "x" | "X" | "*")
}

fn parse_constraint(c: &str) -> Option<Constraint> {
    let m = CONSTRAINT.captures(c)?;
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
    let (mut minor_dirty, mut patch_dirty, mut dirty) = (false, false, false);
    let ver = if is_x(g(3)) || g(3).is_empty() {
        dirty = true;
        format!("0.0.0{}", g(6))
    } else if is_x(g(4).trim_start_matches('.')) || g(4).is_empty() {
        minor_dirty = true;
        dirty = true;
        format!("{}.0.0{}", g(3), g(6))
    } else if is_x(g(5).trim_start_matches('.')) || g(5).is_empty() {
        dirty = true;
        patch_dirty = true;
        format!("{}{}.0{}", g(3), g(4), g(6))
    } else {
        g(2).to_string()
    };
    let con = Version::parse(&ver)?;
    Some(Constraint { op, con, minor_dirty, patch_dirty, dirty })
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
                v.compare(c) != Ordering::Equal
            }
            Op::Greater => {
                if !self.dirty {
                    return v.compare(c) == Ordering::Greater;
                }
                if v.major != c.major {
                    return v.major > c.major;
                }
                if self.minor_dirty {
                    return false;
                }
                if self.patch_dirty {
                    return v.minor > c.minor;
                }
                v.compare(c) == Ordering::Greater
            }
            Op::Less => v.compare(c) == Ordering::Less,
            Op::GreaterEqual => v.compare(c) != Ordering::Less,
            Op::LessEqual => {
                if !self.dirty {
                    return v.compare(c) != Ordering::Greater;
                }
                !(v.major > c.major || (v.major == c.major && v.minor > c.minor && !self.minor_dirty))
            }
            Op::Tilde => self.tilde(v),
            Op::TildeOrEqual => {
                if self.dirty {
                    self.tilde(v)
                } else {
                    v.compare(c) == Ordering::Equal
                }
            }
            Op::Caret => {
                if v.compare(c) == Ordering::Less {
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
        if v.compare(c) == Ordering::Less {
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

/// `rewriteRange`: `a - b` becomes `>= a, <= b `.
fn rewrite_range(c: &str) -> String {
    let mut out = c.to_string();
    for m in RANGE.captures_iter(c) {
        let whole = m.get(0).map_or("", |x| x.as_str());
        let (a, b) = (m.get(1).map_or("", |x| x.as_str()), m.get(11).map_or("", |x| x.as_str()));
        out = out.replacen(whole, &format!(">= {a}, <= {b} "), 1);
    }
    out
}

/// A parsed constraint (`semver.Constraints`): OR groups of AND-ed constraints.
struct Constraints {
    groups: Vec<(Vec<Constraint>, bool)>,
}

fn parse_constraints(c: &str) -> Option<Constraints> {
    let c = rewrite_range(c);
    let mut groups = Vec::new();
    for part in c.split("||") {
        if !VALID.is_match(part) {
            return None;
        }
        let mut found: Vec<&str> = FIND.find_iter(part).map(|m| m.as_str()).collect();
        if found.is_empty() {
            found.push(part);
        }
        let cs: Vec<Constraint> = found.into_iter().map(parse_constraint).collect::<Option<_>>()?;
        let has_pre = cs.iter().any(|x| !x.con.pre.is_empty());
        groups.push((cs, has_pre));
    }
    Some(Constraints { groups })
}

/// `chartutil.IsCompatibleRange(constraint, version)`.
pub fn is_compatible_range(constraint: &str, version: &str) -> bool {
    let (Some(v), Some(cs)) = (Version::parse(version), parse_constraints(constraint)) else { return false };
    cs.groups.iter().any(|(cs, pre)| cs.iter().all(|c| c.check(&v, *pre)))
}

/// `common.ParseKubeVersion` (a `--kube-version`): apimachinery's `ParseGeneric` (two or more
/// numeric components, anything after them ignored), with Go's error texts.
pub fn parse_kube_version(version: &str) -> Result<KubeVersion, String> {
    static GENERIC: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"^{S}*v?([0-9]+(?:\.[0-9]+)*)(.*)*$")));
    let q = crate::gotmpl::quote::quote;
    let Some(m) = GENERIC.captures(version) else { return Err(format!("could not parse {} as version", q(version))) };
    let numbers = m.get(1).map_or("", |x| x.as_str());
    let parts: Vec<&str> = numbers.split('.').collect();
    if parts.len() < 2 {
        return Err(format!("illegal version string {}", q(version)));
    }
    let mut comps = Vec::new();
    for (i, c) in parts.iter().enumerate() {
        if i == 0 && c.starts_with('0') && *c != "0" {
            return Err(format!("illegal zero-prefixed version component {} in {}", q(c), q(version)));
        }
        let n = c.parse::<u64>().map_err(|_| {
            format!("illegal non-numeric version component {} in {}: strconv.ParseUint: parsing {}: value out of range", q(c), q(version), q(c))
        })?;
        comps.push(n.to_string());
    }
    let git = if version.starts_with('v') { version.to_string() } else { format!("v{version}") };
    Ok(KubeVersion { version: git, normalized: format!("v{}", comps.join(".")), major: comps[0].clone(), minor: comps[1].clone() })
}

/// `Chart.yaml`'s `version` must be a semantic version (`isValidSemver`).
pub fn is_valid_semver(v: &str) -> bool {
    Version::parse(v).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints_as_masterminds_semver() {
        // Answers recorded from the reference Helm by fixtures/gen-semver.py.
        let table = include_str!("../../fixtures/helm-units/semver.tsv");
        let mut n = 0;
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(is_compatible_range(cols[0], cols[1]), cols[2] == "true", "{line}");
            n += 1;
        }
        assert!(n > 40);
    }

    #[test]
    fn versions() {
        assert!(is_valid_semver("1.0.0"));
        assert!(is_valid_semver("v1.2"));
        assert!(is_valid_semver("1.0.0-rc.1+build.5"));
        assert!(!is_valid_semver("1.0.0-01"));
        assert!(!is_valid_semver("one"));
        assert!(!is_valid_semver("1.0.0.0"));
    }

    #[test]
    fn kube_versions() {
        let k = parse_kube_version("1.20").unwrap();
        assert_eq!((k.version.as_str(), k.normalized.as_str(), k.major.as_str(), k.minor.as_str()), ("v1.20", "v1.20", "1", "20"));
        let k = parse_kube_version("v1.33.4-gke.1245000").unwrap();
        assert_eq!((k.version.as_str(), k.normalized.as_str()), ("v1.33.4-gke.1245000", "v1.33.4"));
        assert_eq!(parse_kube_version("x").unwrap_err(), "could not parse \"x\" as version");
        assert_eq!(parse_kube_version("1").unwrap_err(), "illegal version string \"1\"");
        assert_eq!(parse_kube_version("01.2").unwrap_err(), "illegal zero-prefixed version component \"01\" in \"01.2\"");
    }
}
