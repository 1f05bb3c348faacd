//! `krender build` flags that fixtures (run through the flags file) cannot show: output paths,
//! argument counts, flags only the standalone kustomize has (`--enable-exec`, `--stack-trace`),
//! pflag's boolean syntax and the deprecation notices. Expected file names and texts are the
//! reference kustomize's (../shared/oracle/kustomize).

use std::path::{Path, PathBuf};
use std::process::Command;

fn krender(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_krender")).args(args).output().expect("run krender");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn fixture(name: &str) -> (String, String) {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/kustomize").join(name);
    let dir = case.join("in").join(std::fs::read_to_string(case.join("build-dir")).unwrap().trim());
    (dir.to_str().unwrap().to_string(), std::fs::read_to_string(case.join("expected.yaml")).unwrap_or_default())
}

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("krender-flags-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn output_to_a_file() {
    let (dir, want) = fixture("hello");
    let out = tempdir("file").join("all.yaml");
    let (code, stdout, _) = krender(&["build", &dir, "-o", out.to_str().unwrap()]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), want);
    let (code, _, _) = krender(&["build", &dir, &format!("--output={}", out.display())]);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), want);
}

#[test]
fn output_to_a_directory_writes_one_file_per_resource() {
    let (dir, want) = fixture("flags-reorder-legacy");
    let out = tempdir("dir");
    let (code, stdout, _) = krender(&["build", &dir, "-o", out.to_str().unwrap()]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    let mut names: Vec<String> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    // As `kustomize build -o DIR` names them.
    assert_eq!(names, ["apps_v1_deployment_x-web.yaml", "v1_configmap_x-cfg.yaml", "v1_namespace_team.yaml", "v1_service_x-web.yaml"]);
    let joined: Vec<String> = ["v1_namespace_team", "v1_configmap_x-cfg", "v1_service_x-web", "apps_v1_deployment_x-web"]
        .iter()
        .map(|n| std::fs::read_to_string(out.join(format!("{n}.yaml"))).unwrap())
        .collect();
    assert_eq!(joined.join("---\n"), want);
}

#[test]
fn one_directory_at_most() {
    let (code, stdout, stderr) = krender(&["build", "a", "b"]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (1, "", "Error: specify one path to kustomization.yaml\n"));
}

#[test]
fn standalone_kustomize_flags_are_accepted() {
    let (dir, want) = fixture("hello");
    let (code, stdout, stderr) = krender(&["build", "--enable-exec", "--stack-trace", &dir]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(stdout, want);
}

#[test]
fn boolean_flags_take_go_values() {
    let (dir, want) = fixture("hello");
    for flag in ["--enable-helm=false", "--network=0", "--as-current-user=F", "--enable-alpha-plugins=true", "--helm-debug=T"] {
        let (code, stdout, stderr) = krender(&["build", flag, &dir]);
        assert_eq!((code, stderr.as_str()), (0, ""), "{flag}");
        assert_eq!(stdout, want, "{flag}");
    }
    let (code, _, stderr) = krender(&["build", "--network=maybe", &dir]);
    assert_eq!(code, 2);
    assert!(stderr.contains("strconv.ParseBool: parsing \"maybe\": invalid syntax"), "{stderr}");
    // `=false` leaves the deprecated label flag off, but still warns.
    let (code, stdout, stderr) = krender(&["build", "--enable-managedby-label=false", &dir]);
    assert_eq!(code, 0);
    assert_eq!(stdout, want);
    assert!(stderr.starts_with("Flag --enable-managedby-label has been deprecated, "), "{stderr}");
}

#[test]
fn deprecated_flags_warn_as_pflag_does() {
    let (dir, _) = fixture("flags-reorder-none");
    let (code, _, stderr) = krender(&["build", "--reorder=none", "--enable-managedby-label", &dir]);
    assert_eq!(code, 0);
    assert_eq!(
        stderr,
        "Flag --reorder has been deprecated, use the new 'sortOptions' field in kustomization.yaml instead.\n\
         Flag --enable-managedby-label has been deprecated, The flag `enable-managedby-label` has been deprecated. Use the `managedByLabel` option in the `buildMetadata` field instead.\n"
    );
}

#[test]
fn managed_by_label_from_the_environment() {
    let (dir, _) = fixture("flags-reorder-none");
    let (_, want) = fixture("flags-managedby-label");
    let out = Command::new(env!("CARGO_BIN_EXE_krender")).args(["build", &dir]).env("KUSTOMIZE_ENABLE_MANAGEDBY_LABEL", "on").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), want);
}
