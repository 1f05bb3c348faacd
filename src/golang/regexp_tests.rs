//! Expected columns from the helm v4.2.3 oracle (Sprig's regex functions over Go 1.26 `regexp`);
//! lists are compared as Go's `toJson` prints them (`null` for Go's nil slice).

use super::*;

mod tables {
    include!("testdata/regexp_cases.rs");
}

fn quoted(s: &str) -> String {
    let mut out = String::new();
    crate::yaml::json::write_json_string(&mut out, s);
    out
}

fn json_list(v: &[&str]) -> String {
    if v.is_empty() {
        return "null".into();
    }
    split_json(v)
}

fn split_json(v: &[&str]) -> String {
    let items: Vec<String> = v.iter().map(|s| quoted(s)).collect();
    format!("[{}]", items.join(","))
}

#[test]
fn matching_matches_go() {
    let mut failures = Vec::new();
    for &(pat, input, want) in tables::MATCHES {
        let re = match GoRegexp::compile(pat) {
            Ok(re) => re,
            Err(e) => {
                assert!(want.starts_with("ERR ") && want.ends_with(&e.to_string()), "{pat:?}: {e} vs {want}");
                continue;
            }
        };
        let got = [
            re.is_match(input).to_string(),
            re.find_string(input).to_string(),
            json_list(&re.find_all_string(input, -1)),
            json_list(&re.find_all_string(input, 2)),
            split_json(&re.split(input, -1)),
            split_json(&re.split(input, 2)),
        ]
        .join("␟");
        if got != want {
            failures.push(format!("{pat:?} on {input:?}:\n  got  {got:?}\n  want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn replacing_matches_go() {
    let mut failures = Vec::new();
    for &(pat, input, template, want) in tables::REPLACES {
        let re = match GoRegexp::compile(pat) {
            Ok(re) => re,
            Err(e) => {
                assert!(want.ends_with(&must_compile_message(pat, &e)), "{pat:?}: {e} vs {want}");
                continue;
            }
        };
        let got =
            format!("{}␟{}", re.replace_all_string(input, template), re.replace_all_literal_string(input, template));
        if got != want {
            failures.push(format!("{pat:?} on {input:?} with {template:?}:\n  got  {got:?}\n  want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn errors_match_go() {
    let mut failures = Vec::new();
    for &(pat, want) in tables::ERRORS {
        let got = match match_string(pat, "x") {
            Ok(b) => format!("OK {b}"),
            Err(e) => e.to_string(),
        };
        if got != want {
            failures.push(format!("{pat:?}: got {got:?}, want {want:?}"));
        }
    }
    for &(pat, want) in tables::PANICS {
        let got = match GoRegexp::compile(pat) {
            Ok(re) => format!("OK {}", re.find_string("x")),
            Err(e) => must_compile_message(pat, &e),
        };
        if got != want {
            failures.push(format!("MustCompile {pat:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn quote_meta_matches_go() {
    for &(s, want) in tables::QUOTES {
        assert_eq!(quote_meta(s), want);
    }
}
