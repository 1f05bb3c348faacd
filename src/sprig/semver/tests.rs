//! Expected columns from the helm v4.2.3 oracle (Masterminds/semver v3.5.0 behind Sprig).

use super::*;

// Generated from helm v4.2.3: `semver V` (printed with String()), `semverCompare C V`, `(semver A).Compare (semver B)`.
pub(super) const VERSIONS: &[(&str, Result<&str, &str>)] = &[
    ("1.2.3", Ok("1.2.3")),
    ("v1.2.3", Ok("1.2.3")),
    ("1.2", Ok("1.2.0")),
    ("1", Ok("1.0.0")),
    ("01.2.3", Ok("1.2.3")),
    ("1.02.3", Ok("1.2.3")),
    ("1.2.03", Ok("1.2.3")),
    ("1.2.3-beta", Ok("1.2.3-beta")),
    ("1.2.3-beta.1", Ok("1.2.3-beta.1")),
    ("1.2.3-01", Err("version segment starts with 0")),
    ("1.2.3-beta.01", Err("version segment starts with 0")),
    ("1.2.3+build.1", Ok("1.2.3+build.1")),
    ("1.2.3-rc.1+build", Ok("1.2.3-rc.1+build")),
    ("1.2.3+", Err("invalid semantic version")),
    ("1.2.3-", Err("invalid semantic version")),
    ("1.2.3-a..b", Err("invalid semantic version")),
    ("1.2.3.4", Err("invalid semantic version")),
    ("v", Err("invalid semantic version")),
    ("", Err("invalid semantic version")),
    ("junk", Err("invalid semantic version")),
    ("1.2.x", Err("invalid semantic version")),
    (
        "99999999999999999999.0.0",
        Err("error parsing version segment: strconv.ParseUint: parsing \"99999999999999999999\": value out of range"),
    ),
    ("1.2.3-alpha_1", Err("invalid semantic version")),
    ("V1.2.3", Err("invalid semantic version")),
    (" 1.2.3", Err("invalid semantic version")),
    ("1.2.3 ", Err("invalid semantic version")),
    ("0.0.0", Ok("0.0.0")),
    ("18446744073709551615.0.0", Ok("18446744073709551615.0.0")),
    ("1.2.3+meta.ok-1", Ok("1.2.3+meta.ok-1")),
    ("1.2.3-0.3.7", Ok("1.2.3-0.3.7")),
    ("1.0.0-x.7.z.92", Ok("1.0.0-x.7.z.92")),
];
pub(super) const CHECKS: &[(&str, &str, Result<&str, &str>)] = &[
    (">= 1.2.3", "1.2.3", Ok("true")),
    (">1.2.3", "1.2.4", Ok("true")),
    (">1.2", "1.2.9", Ok("false")),
    (">1.2", "1.3.0", Ok("true")),
    (">1", "1.9.9", Ok("false")),
    (">1", "2.0.0", Ok("true")),
    ("<1.2.3", "1.2.2", Ok("true")),
    ("<1.2", "1.1.9", Ok("true")),
    ("<1.2", "1.2.0", Ok("false")),
    ("<=1.2", "1.2.9", Ok("true")),
    ("<=1.2", "1.3.0", Ok("false")),
    ("<=1", "1.9.9", Ok("true")),
    ("=1.2.3", "1.2.3", Ok("true")),
    ("1.2.3", "1.2.3+meta", Ok("true")),
    ("1.2", "1.2.7", Ok("true")),
    ("1", "1.5.0", Ok("true")),
    ("1.x", "1.5.0", Ok("true")),
    ("1.2.x", "1.2.9", Ok("true")),
    ("*", "3.0.0", Ok("true")),
    ("x", "0.0.1", Ok("true")),
    ("*", "1.0.0-beta", Ok("false")),
    ("!=1.2.3", "1.2.4", Ok("true")),
    ("!=1.2.3", "1.2.3", Ok("false")),
    ("!=1.2", "1.2.5", Ok("false")),
    ("!=1.2", "1.3.0", Ok("true")),
    ("!=1", "1.4.0", Ok("false")),
    ("!=1.2.x", "1.2.1-beta", Ok("false")),
    ("!=1.2.x-beta", "1.2.1-beta", Ok("false")),
    ("~1.2.3", "1.2.9", Ok("true")),
    ("~1.2.3", "1.3.0", Ok("false")),
    ("~1.2", "1.2.0", Ok("true")),
    ("~1", "1.9.0", Ok("true")),
    ("~1", "2.0.0", Ok("false")),
    ("~>1.2", "1.2.5", Ok("true")),
    ("~0", "0.5.0", Ok("true")),
    ("~0.0.0", "5.0.0", Ok("true")),
    ("^1.2.3", "1.9.0", Ok("true")),
    ("^1.2.3", "2.0.0", Ok("false")),
    ("^0.2.3", "0.2.9", Ok("true")),
    ("^0.2.3", "0.3.0", Ok("false")),
    ("^0.0.3", "0.0.3", Ok("true")),
    ("^0.0.3", "0.0.4", Ok("false")),
    ("^0.0", "0.0.9", Ok("true")),
    ("^0", "0.9.0", Ok("true")),
    ("^0.x", "0.9.0", Ok("true")),
    ("^1.x", "1.9.0", Ok("true")),
    ("^0.0.x", "0.0.7", Ok("true")),
    (">=1.2.3 <2.0", "1.5.0", Ok("true")),
    (">=1.2.3, <2.0", "2.0.0", Ok("false")),
    (">=1.2.3,<2.0", "1.9.9", Ok("true")),
    ("1.2 - 1.4.5", "1.4.5", Ok("true")),
    ("1.2 - 1.4.5", "1.4.6", Ok("false")),
    ("1.2.3 - 2", "2.9.9", Ok("true")),
    (">1 || <0.5", "0.4.0", Ok("true")),
    (">1 || <0.5", "0.7.0", Ok("false")),
    ("<1||>2", "3.0.0", Ok("true")),
    (">=1.2.3-beta", "1.2.3-beta.2", Ok("true")),
    (">=1.2.3", "1.2.4-beta", Ok("false")),
    (">=1.2.3-0", "1.2.4-beta", Ok("true")),
    ("<1.3.0-beta", "1.2.9", Ok("true")),
    (">1.2.3-alpha", "1.2.3-beta", Ok("true")),
    ("^1.2.3-rc", "1.2.3-rc.2", Ok("true")),
    ("~1.2.3-beta", "1.2.3-beta.1", Ok("true")),
    ("", "1.0.0", Err("improper constraint: \"\"")),
    ("junk", "1.0.0", Err("improper constraint: \"junk\"")),
    (">1", "junk", Err("invalid semantic version")),
    (">=a.b.c", "1.0.0", Err("improper constraint: \">=a.b.c\"")),
    (">= 1.2.3", "v1.2.3", Ok("true")),
    ("=>1.2", "1.3.0", Ok("true")),
    ("=<1.2", "1.2.0", Ok("true")),
    (">>1", "2.0.0", Err("improper constraint: \">>1\"")),
    (">1 <", "2.0.0", Err("improper constraint: \">1 <\"")),
    ("  >1  ", "2.0.0", Ok("true")),
    (">1\t<3", "2.0.0", Ok("true")),
    ("1.2.3|4", "1.2.3", Err("constraint parser error")),
    (">=0.0.0-0", "1.0.0-rc", Ok("true")),
    (">= 1.19.0-0", "1.36.0", Ok("true")),
    (">= 1.19", "v1.36.0", Ok("true")),
    (">=1.16.0-0 <1.30.0-0", "1.29.3-gke.100", Ok("true")),
    ("~1.2.3 || ^2.0", "2.5.0", Ok("true")),
    ("1.x.x", "1.2.3", Ok("true")),
    ("1.*", "1.2.3", Ok("true")),
    (">x", "1.0.0", Ok("true")),
    ("<x", "1.0.0", Ok("false")),
    ("!=x", "1.0.0", Ok("true")),
    (">1.x", "2.0.0", Ok("true")),
    (">1.x", "1.9.0", Ok("false")),
    ("<=1.x", "1.9.0", Ok("true")),
    ("<=1.2.x", "1.3.0", Ok("false")),
    (">=1.0.0 <=", "1.0.0", Err("improper constraint: \">=1.0.0 <=\"")),
    (",>=1", "1.0.0", Err("improper constraint: \",>=1\"")),
    (">=1,", "1.0.0", Err("improper constraint: \">=1,\"")),
    (">=1 || ", "1.0.0", Err("improper constraint: \" \"")),
    ("v1.2.3", "1.2.3", Ok("true")),
    (">=v1.2", "1.2.0", Ok("true")),
    ("1.2.3+build", "1.2.3", Ok("true")),
    ("=1.2.3-beta+b", "1.2.3-beta", Ok("true")),
    ("~1.2.3-beta", "1.2.4", Ok("true")),
    (">1.2.x", "1.3.0", Ok("true")),
    (">1.2.x", "1.2.5", Ok("false")),
    ("^1.2.x", "1.3.0", Ok("true")),
    ("~1.x", "1.5.0", Ok("true")),
    ("~1.x", "2.0.0", Ok("false")),
    ("^x", "5.0.0", Ok("false")),
    ("~x", "5.0.0", Ok("true")),
];
pub(super) const ORDER: &[&str] = &[
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
    "1.0.1",
    "1.1.0",
    "2.0.0",
    "1.0.0-1",
    "1.0.0-a1",
    "1.0.0-1a",
    "1.0.0-alpha.-",
];
/// `ORDER[i].Compare(ORDER[j])`, row-major.
pub(super) const COMPARE: &[i32] = &[
    0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1, 1, 1, -1, 1, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1, 1, 1, -1, 1,
    1, 0, -1, -1, -1, -1, -1, -1, -1, -1, 1, 1, 1, 1, 1, 1, 1, 0, -1, -1, -1, -1, -1, -1, -1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, -1, -1, -1, -1, -1, -1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, -1, -1, -1, -1, -1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, -1,
    -1, -1, -1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, -1, -1, -1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, -1, -1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, -1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1, 0, 1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, 1, -1, 0, -1, 1, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1, 1, 1, 0,
];

#[test]
fn versions_parse_like_go() {
    for &(v, want) in VERSIONS {
        let got = semver(v).map(|x| x.to_string());
        assert_eq!(got, want.map(str::to_string).map_err(str::to_string), "{v:?}");
    }
    assert_eq!(semver("v1.2.3-beta+b1").unwrap().original, "v1.2.3-beta+b1");
}

#[test]
fn constraints_check_like_go() {
    let mut failures = Vec::new();
    for &(c, v, want) in CHECKS {
        let got = semver_compare(c, v).map(|b| b.to_string());
        let want = want.map(str::to_string).map_err(str::to_string);
        if got != want {
            failures.push(format!("{c:?} {v:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn ordering_like_go() {
    let n = ORDER.len();
    for i in 0..n {
        for j in 0..n {
            let a = semver(ORDER[i]).unwrap();
            let b = semver(ORDER[j]).unwrap();
            assert_eq!(a.compare(&b) as i32, COMPARE[i * n + j], "{} vs {}", ORDER[i], ORDER[j]);
        }
    }
}
