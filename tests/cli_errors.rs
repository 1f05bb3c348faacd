//! Bad input gives one clear error naming the file (and line), exit status 1 and nothing on
//! stdout — never a panic, never partial output.

use std::path::Path;
use std::process::Command;

fn krender(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_krender")).args(args).output().expect("run krender");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("krender-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn assert_fails(dir: &Path, build: &str, must_contain: &[&str]) {
    let path = dir.join(build);
    let (code, stdout, stderr) = krender(&["build", path.to_str().unwrap()]);
    assert_eq!(code, 1, "exit status; stderr: {stderr}");
    assert_eq!(stdout, "", "nothing on stdout");
    assert!(stderr.starts_with("Error: "), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one message: {stderr}");
    for s in must_contain {
        assert!(stderr.contains(s), "{stderr:?} should contain {s:?}");
    }
}

#[test]
fn broken_yaml_names_file_and_line() {
    let d = tempdir("broken");
    write(&d, "k/kustomization.yaml", "resources:\n- r.yaml\n");
    write(&d, "k/r.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n data: x\n");
    assert_fails(&d, "k", &["r.yaml", "line 9", "did not find expected key"]);
}

#[test]
fn missing_file_is_named() {
    let d = tempdir("missing");
    write(&d, "k/kustomization.yaml", "resources:\n- nope.yaml\n");
    assert_fails(&d, "k", &["nope.yaml", "no such file or directory"]);
}

#[test]
fn escape_from_root_is_refused_unless_asked() {
    let d = tempdir("escape");
    write(&d, "k/kustomization.yaml", "resources:\n- ../outside.yaml\n");
    write(&d, "outside.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
    assert_fails(&d, "k", &["security", "outside.yaml", "is not in or below"]);
    let (code, stdout, _) = krender(&["build", d.join("k").to_str().unwrap(), "--load-restrictor", "LoadRestrictionsNone"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
}

#[test]
fn alias_bomb_fails_fast() {
    let d = tempdir("bomb");
    let mut y = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\na0: &a0 [x,x,x,x,x,x,x,x,x,x]\n");
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 10].join(",");
        y.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    write(&d, "k/kustomization.yaml", "resources:\n- r.yaml\n");
    write(&d, "k/r.yaml", &y);
    assert_fails(&d, "k", &["r.yaml", "excessive aliasing"]);
}

#[test]
fn deep_nesting_is_an_error() {
    let d = tempdir("deep");
    let y = format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {}{}\n", "[".repeat(12000), "]".repeat(12000));
    write(&d, "k/kustomization.yaml", "resources:\n- r.yaml\n");
    write(&d, "k/r.yaml", &y);
    assert_fails(&d, "k", &["r.yaml", "exceeded max depth of 10000"]);
}

#[test]
fn duplicate_ids_and_two_kustomization_files_are_refused() {
    let d = tempdir("dup");
    write(&d, "k/kustomization.yaml", "resources:\n- a.yaml\n- b.yaml\n");
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: same\n";
    write(&d, "k/a.yaml", cm);
    write(&d, "k/b.yaml", cm);
    assert_fails(&d, "k", &["already registered id", "ConfigMap.v1.[noGrp]/same.[noNs]"]);
    write(&d, "two/kustomization.yaml", "resources: []\n");
    write(&d, "two/Kustomization", "resources: []\n");
    assert_fails(&d, "two", &["multiple kustomization files"]);
}

#[test]
fn duplicate_keys_are_refused() {
    let d = tempdir("dupkey");
    write(&d, "k/kustomization.yaml", "resources:\n- r.yaml\n");
    write(&d, "k/r.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: 1\n  a: 2\n");
    assert_fails(&d, "k", &["r.yaml", "line 7", "already defined at line 6"]);
}
