//! Every fixture under `fixtures/kustomize/` builds to exactly the bytes the reference kustomize
//! printed for it (`expected.yaml`, recorded by `fixtures/regen`), or fails when the reference failed
//! (`expected.err`).

use krender::kustomize::{build, emit, BuildOptions};
use std::path::{Path, PathBuf};

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/kustomize");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixtures/kustomize exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.join("build-dir").is_file())
        .collect();
    out.sort();
    out
}

#[test]
fn fixtures_match_reference_output() {
    let cases = cases();
    assert!(!cases.is_empty(), "no fixtures found");
    let mut failures = Vec::new();
    for case in &cases {
        let build_dir = std::fs::read_to_string(case.join("build-dir")).unwrap();
        let dir = case.join("in").join(build_dir.trim());
        let result = build(&dir, &BuildOptions::default()).and_then(|b| emit(&b.resources));
        let expected = case.join("expected.yaml");
        match (expected.is_file(), result) {
            (true, Ok(out)) => {
                let want = std::fs::read_to_string(&expected).unwrap();
                if out != want {
                    failures.push(format!("{}: output differs\n--- want\n{want}\n--- got\n{out}", case.display()));
                }
            }
            (true, Err(e)) => failures.push(format!("{}: unexpected error: {e}", case.display())),
            (false, Ok(_)) => failures.push(format!("{}: expected an error", case.display())),
            (false, Err(_)) => {}
        }
    }
    assert!(failures.is_empty(), "{} of {} fixtures failed:\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}
