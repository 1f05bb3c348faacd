//! `krender template $(cat args)` run in each `fixtures/helm-template/*/` directory, compared with
//! what the reference Helm printed there (recorded by `fixtures/regen-helm`): stdout with
//! `expected.yaml` and stderr with `expected.stderr` (or nothing), or, for a failing run,
//! exit status 1, nothing on stdout and stderr equal to `expected.err`.

use std::path::Path;
use std::process::Command;

#[test]
fn template_output_as_helm() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/helm-template");
    let mut dirs: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.join("args").exists()).collect();
    dirs.sort();
    assert!(dirs.len() >= 20);
    let mut failures = Vec::new();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let args = std::fs::read_to_string(dir.join("args")).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_krender"))
            .arg("template")
            .args(args.split_whitespace())
            .current_dir(&dir)
            .env_remove("HELM_NAMESPACE")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let read = |f: &str| std::fs::read_to_string(dir.join(f)).ok();
        if let Some(want) = read("expected.yaml") {
            let want_err = read("expected.stderr").unwrap_or_default();
            if !out.status.success() || stdout != want || stderr != want_err {
                failures.push(format!(
                    "{name}: exit {:?}\n--- stdout\n{stdout}\n--- want\n{want}\n--- stderr\n{stderr}\n--- want\n{want_err}",
                    out.status.code()
                ));
            }
        } else {
            let want = read("expected.err").unwrap();
            if out.status.code() != Some(1) || !stdout.is_empty() || stderr != want {
                failures.push(format!("{name}: exit {:?}, stdout {stdout:?}\n--- stderr\n{stderr}\n--- want\n{want}", out.status.code()));
            }
        }
    }
    assert!(failures.is_empty(), "{} fixtures differ:\n{}", failures.len(), failures.join("\n\n"));
}

/// The documents of a stream with their `# Source:` path, white space around them trimmed.
fn sourced_docs(stream: &str) -> Vec<(String, String)> {
    krender::helm::manifest::split_manifests(stream)
        .into_iter()
        .map(|d| {
            let src = d.lines().next().and_then(|l| l.strip_prefix("# Source: ")).unwrap_or("").to_string();
            (src, d.trim().to_string())
        })
        .collect()
}

/// `--output-dir` writes each template's documents (manifests, then hooks) to its own file:
/// the same documents, in the same order, as the reference Helm printed for the same chart
/// (the oracle cannot write directories, so its stdout for the case is the reference).
#[test]
fn output_dir_holds_the_printed_documents() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/helm-template/deps-default");
    let want = std::fs::read_to_string(case.join("expected.yaml")).unwrap();
    let dir = std::env::temp_dir().join(format!("krender-output-dir-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_krender"))
        .args(["template", "rel", "../_charts/app", "--output-dir"])
        .arg(&dir)
        .current_dir(&case)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut expected_files: Vec<String> = Vec::new();
    for (src, _) in sourced_docs(&want) {
        if !expected_files.contains(&src) {
            expected_files.push(src);
        }
    }
    for src in &expected_files {
        let written = std::fs::read_to_string(dir.join(src)).unwrap_or_else(|e| panic!("{src}: {e}"));
        let got: Vec<String> = sourced_docs(&written).into_iter().map(|(_, d)| d).collect();
        let from_stdout: Vec<String> = sourced_docs(&want).into_iter().filter(|(s, _)| s == src).map(|(_, d)| d).collect();
        assert_eq!(got, from_stdout, "{src}");
        assert!(stdout.contains(&format!("wrote {}/{src}\n", dir.display())), "{stdout}");
    }
    // Then the (empty) manifest is printed: Helm's `TrimSpace(manifest) + "\n"`.
    let (writes, rest) = stdout.split_at(stdout.len() - 1);
    assert_eq!(rest, "\n");
    assert!(writes.lines().all(|l| l.starts_with("wrote ")), "{stdout:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
