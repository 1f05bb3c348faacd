//! Every case under `fixtures/argocd/`, `fixtures/cmp/` and `fixtures/flux/` runs `krender` with the arguments in
//! `cmd` (in the case directory, or the subdirectory named in `cwd`) and prints exactly
//! `expected.out` (recorded by `fixtures/regen-argocd` / `fixtures/regen-flux` with the reference
//! kustomize and helm), or fails: exit status ≠ 0, nothing on stdout, and the text of
//! `expected.err` on stderr.

use std::path::{Path, PathBuf};
use std::process::Command;

fn cases() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["fixtures/argocd", "fixtures/cmp", "fixtures/flux", "fixtures/kustomize-helm"] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        out.extend(std::fs::read_dir(&root).expect("fixture directory exists").map(|e| e.expect("entry").path()).filter(|p| p.join("cmd").is_file()));
    }
    out.sort();
    out
}

#[test]
fn gitops_fixtures_match() {
    let cases = cases();
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for case in &cases {
        let cmd = std::fs::read_to_string(case.join("cmd")).unwrap();
        let cwd = std::fs::read_to_string(case.join("cwd")).map(|d| case.join(d.trim())).unwrap_or_else(|_| case.clone());
        let mut command = Command::new(env!("CARGO_BIN_EXE_krender"));
        command.args(cmd.split_whitespace()).current_dir(&cwd).stdin(std::process::Stdio::null());
        // A plugin case runs as Argo CD's cmp-server runs the generate command: only the
        // environment it builds (`env`, one NAME=VALUE per line), no stdin.
        if let Ok(env) = std::fs::read_to_string(case.join("env")) {
            command.env_clear();
            for line in env.lines().filter(|l| !l.trim().is_empty()) {
                let (k, v) = line.split_once('=').expect("NAME=VALUE");
                command.env(k, v);
            }
        }
        let out = command.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if let Ok(want) = std::fs::read_to_string(case.join("expected.out")) {
            if !out.status.success() {
                failures.push(format!("{}: failed: {stderr}", case.display()));
            } else if stdout != want {
                failures.push(format!("{}: output differs\n--- want\n{want}\n--- got\n{stdout}", case.display()));
            }
        } else {
            let want = std::fs::read_to_string(case.join("expected.err")).expect("expected.out or expected.err");
            if out.status.success() || !stdout.is_empty() || !stderr.contains(want.trim()) {
                failures.push(format!("{}: want failure with {want:?}; status {:?}, stdout {stdout:?}, stderr {stderr:?}", case.display(), out.status.code()));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}
