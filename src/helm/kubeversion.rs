//! Version checks `helm template` makes: the chart's `kubeVersion` constraint against the
//! Kubernetes version of `.Capabilities` (`chart requires kubeVersion: ...`), dependency version
//! ranges against vendored subcharts, `Chart.yaml` versions being semantic versions (all with
//! Masterminds/semver, [`crate::sprig::semver`]), and `--kube-version` parsing (apimachinery's
//! `ParseGeneric`).

use super::capabilities::KubeVersion;
use crate::sprig::semver::{Constraints, Version};
use regex::Regex;
use std::sync::LazyLock;

/// Go's ASCII `\s`.
const S: &str = r"[\t\n\f\r ]";

fn re(s: &str) -> Regex {
    Regex::new(s).expect("a valid regular expression")
}

/// `chartutil.IsCompatibleRange(constraint, version)`: false when either does not parse.
pub fn is_compatible_range(constraint: &str, version: &str) -> bool {
    match (Version::parse_shared(version), Constraints::parse(constraint)) {
        (Ok(v), Ok(c)) => c.check(&v),
        _ => false,
    }
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
    Version::parse(v).is_ok()
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
