//! Every fixture under `fixtures/kustomize/` builds to exactly the bytes the reference kustomize
//! printed for it (`expected.yaml`, recorded by `fixtures/regen`), or fails when the reference failed
//! (`expected.err`). A case with a `flags` file (`kustomize build` flags, one per line) runs through
//! the `krender build` command line with those flags instead of the library.

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

/// `krender build FLAGS... DIR`: stdout, or stderr when it fails.
fn run_cli<'a>(flags: impl Iterator<Item = &'a str>, dir: &Path) -> Result<String, String> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_krender")).arg("build").args(flags).arg(dir).output().expect("run krender");
    match out.status.code() {
        Some(0) => Ok(String::from_utf8_lossy(&out.stdout).into_owned()),
        Some(1) => Err(String::from_utf8_lossy(&out.stderr).into_owned()),
        other => Err(format!("crashed ({other:?}): {}", String::from_utf8_lossy(&out.stderr))),
    }
}

#[test]
fn fixtures_match_reference_output() {
    let cases = cases();
    assert!(!cases.is_empty(), "no fixtures found");
    let mut failures = Vec::new();
    for case in &cases {
        let build_dir = std::fs::read_to_string(case.join("build-dir")).unwrap();
        let dir = case.join("in").join(build_dir.trim());
        let result = match std::fs::read_to_string(case.join("flags")) {
            Ok(flags) => run_cli(flags.lines().filter(|l| !l.is_empty()), &dir),
            Err(_) => build(&dir, &BuildOptions::default()).and_then(|b| emit(&b.resources)).map_err(|e| e.to_string()),
        };
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
            (false, Err(e)) if e.starts_with("crashed") => failures.push(format!("{}: {e}", case.display())),
            (false, Err(_)) => {}
        }
    }
    assert!(failures.is_empty(), "{} of {} fixtures failed:\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}
