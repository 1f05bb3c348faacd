//! Template snippets rendered as Helm renders `templates/case.yaml` of a one-template chart,
//! compared with the reference Helm's output recorded in `fixtures/gotmpl/snippets.jsonl`
//! (`fixtures/regen-gotmpl` re-records it).

use krender::gotmpl::Value;
use krender::helm::chart::{Chart, Metadata};
use krender::helm::{render, ReleaseOptions, RenderOptions};
use krender::sprig::jsonread::{parse, Json};

fn field<'a>(obj: &'a Json, key: &str) -> Option<&'a Json> {
    match obj {
        Json::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

fn text<'a>(obj: &'a Json, key: &str) -> Option<&'a str> {
    match field(obj, key) {
        Some(Json::String(s)) => Some(s),
        _ => None,
    }
}

fn run(case: &Json) -> Result<String, String> {
    let chart = Chart {
        metadata: Metadata { name: "t".into(), version: "0.1.0".into(), api_version: "v2".into(), app_version: "1.0".into(), ..Metadata::default() },
        values_yaml: Some(text(case, "values").unwrap_or("").as_bytes().to_vec()),
        templates: vec![("templates/case.yaml".into(), text(case, "template").unwrap_or("").into())],
        files: match field(case, "files_b64") {
            Some(Json::Object(entries)) => entries
                .iter()
                .map(|(path, b64)| match b64 {
                    Json::String(b) => (path.clone(), std::rc::Rc::new(krender::sprig::encoding::b64dec_bytes(b).into())),
                    _ => (path.clone(), std::rc::Rc::default()),
                })
                .collect(),
            _ => Vec::new(),
        },
        ..Chart::default()
    };
    let user = match field(case, "override") {
        Some(o) => krender::sprig::json::from_json_value(o),
        None => Value::empty_map(),
    };
    let opts = RenderOptions { release: ReleaseOptions { name: "rel".into(), namespace: "ns".into(), ..ReleaseOptions::default() }, ..RenderOptions::default() };
    let out = render(&chart, &user, &opts)?;
    Ok(out.get("t/templates/case.yaml").cloned().unwrap_or_default())
}

/// The families of `src/sprig/` with a directory of their own; snippets named `sprig.FAMILY.*`.
const FAMILIES: &[&str] = &["cast", "crypto", "date", "encoding", "math", "random", "regex", "semver", "strings", "toml", "url"];

fn family(name: &str) -> Option<&'static str> {
    let rest = name.strip_prefix("sprig.")?;
    FAMILIES.iter().copied().find(|f| rest.starts_with(&format!("{f}.")))
}

/// Renders every snippet whose name `select` accepts; fails listing the ones that differ, or when
/// fewer than `min` were selected.
fn check(select: impl Fn(&str) -> bool, min: usize) {
    let data = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/gotmpl/snippets.jsonl")).unwrap();
    let mut failures = Vec::new();
    let mut n = 0;
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let case = parse(line).unwrap();
        let name = text(&case, "name").unwrap_or("?").to_string();
        if !select(&name) {
            continue;
        }
        let got = run(&case);
        let ok = match (text(&case, "expected"), text(&case, "error"), &got) {
            (Some(want), _, Ok(g)) => want == g,
            (_, Some(want), Err(g)) => want == g,
            _ => false,
        };
        n += 1;
        if !ok {
            failures.push(format!("{name}: want {:?}/{:?}, got {got:?}", text(&case, "expected"), text(&case, "error")));
        }
    }
    assert!(n >= min, "too few snippets: {n}");
    assert!(failures.is_empty(), "{} of {n} snippets differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn language_helm_and_small_sprig_families_render_as_helm() {
    check(|name| family(name).is_none(), 50);
}

macro_rules! family_test {
    ($test:ident, $family:literal, $min:literal) => {
        #[test]
        fn $test() {
            check(|name| family(name) == Some($family), $min);
        }
    };
}

family_test!(sprig_cast, "cast", 1);
family_test!(sprig_crypto, "crypto", 8);
family_test!(sprig_date, "date", 8);
family_test!(sprig_encoding, "encoding", 1);
family_test!(sprig_math, "math", 2);
family_test!(sprig_random, "random", 2);
family_test!(sprig_regex, "regex", 6);
family_test!(sprig_semver, "semver", 5);
family_test!(sprig_strings, "strings", 3);
family_test!(sprig_toml, "toml", 2);
family_test!(sprig_url, "url", 3);
