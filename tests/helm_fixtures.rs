//! Charts under `fixtures/helm/*/` rendered as `helm template $(cat args) --templates-json`
//! renders them; the expected output (`expected.json`, or Helm's error in `expected.err`) was
//! recorded with the reference Helm by `fixtures/regen-helm`.

use krender::gotmpl::Value;
use krender::helm::{render, values, Chart, ReleaseOptions, RenderOptions};
use krender::sprig::jsonread::{parse, Json};
use std::path::Path;

fn run(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let args = std::fs::read_to_string(dir.join("args")).unwrap();
    let words: Vec<&str> = args.split_whitespace().collect();
    let mut positional = Vec::new();
    let mut namespace = "default".to_string();
    let mut user = std::collections::BTreeMap::new();
    let mut i = 0;
    while i < words.len() {
        match words[i] {
            "--namespace" | "-n" => {
                namespace = words[i + 1].to_string();
                i += 1;
            }
            "-f" | "--values" => {
                let data = std::fs::read(dir.join(words[i + 1])).unwrap();
                if let Value::Map(m) = values::load_values(&data)? {
                    user = values::merge_maps(user, m.entries().clone());
                }
                i += 1;
            }
            w => positional.push(w.to_string()),
        }
        i += 1;
    }
    let chart = Chart::load_dir(&dir.join(&positional[1]))?;
    let opts = RenderOptions { release: ReleaseOptions { name: positional[0].clone(), namespace, ..ReleaseOptions::default() }, ..RenderOptions::default() };
    Ok(render(&chart, &Value::map(user), &opts)?.into_iter().collect())
}

#[test]
fn charts_render_as_helm() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/helm");
    let mut dirs: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.join("args").exists()).collect();
    dirs.sort();
    assert!(dirs.len() >= 3);
    for dir in dirs {
        let got = run(&dir);
        if let Ok(want) = std::fs::read_to_string(dir.join("expected.json")) {
            let Json::Object(want) = parse(&want).unwrap() else { panic!("expected.json is not an object") };
            let want: Vec<(String, String)> = want
                .into_iter()
                .map(|(k, v)| match v {
                    Json::String(s) => (k, s),
                    other => panic!("{k}: {other:?}"),
                })
                .collect();
            assert_eq!(got, Ok(want), "{}", dir.display());
        } else {
            let want = std::fs::read_to_string(dir.join("expected.err")).unwrap();
            let want = want.strip_prefix("Error: ").unwrap_or(&want).trim_end_matches('\n');
            assert_eq!(got, Err(want.to_string()), "{}", dir.display());
        }
    }
}

/// Templates are parsed in parallel: the result must not depend on the number of threads.
#[test]
fn same_result_for_any_thread_count() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/helm");
    let mut dirs: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.join("args").exists()).collect();
    dirs.sort();
    for dir in dirs {
        let with = |n| rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap().install(|| run(&dir));
        let one = with(1);
        assert_eq!(one, with(2), "{}", dir.display());
        assert_eq!(one, with(4), "{}", dir.display());
    }
}
