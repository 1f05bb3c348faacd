//! Remote bases: a kustomization naming a git repository (here a local `file://` one, so no network
//! is needed) is cloned with `git` at the requested ref and built from there. Expected output
//! recorded with the reference kustomize on the same repository.

use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git").args(args).current_dir(dir).output().map(|o| o.status.success()).unwrap_or(false);
    assert!(ok, "git {args:?}");
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn builds_a_base_from_a_git_repository_at_a_ref() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git not available: skipped");
        return;
    }
    let root = std::env::temp_dir().join(format!("krender-remote-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let repo = root.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    git(&repo, &["config", "user.email", "t@example.com"]);
    git(&repo, &["config", "user.name", "t"]);
    write(&repo, "base/kustomization.yaml", "namePrefix: remote-\nresources:\n- cm.yaml\n- ../shared\n");
    write(&repo, "base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  v: one\n");
    write(&repo, "shared/kustomization.yaml", "resources: [svc.yaml]\n");
    write(&repo, "shared/svc.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n");
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "one"]);
    git(&repo, &["tag", "v1"]);
    write(&repo, "base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  v: two\n");
    git(&repo, &["commit", "-qam", "two"]);

    let user = root.join("user");
    let url = format!("file://{}//base?ref=v1", repo.display());
    write(&user, "kustomization.yaml", &format!("resources:\n- {url}\nnamespace: x\n"));
    let build = krender::kustomize::build(&user, &Default::default()).expect("build");
    let out = krender::kustomize::emit(&build.resources).unwrap();
    assert_eq!(
        out,
        "apiVersion: v1\ndata:\n  v: one\nkind: ConfigMap\nmetadata:\n  name: remote-cm\n  namespace: x\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: remote-s\n  namespace: x\n"
    );

    // A ref that does not exist is an error naming git's complaint.
    write(&user, "kustomization.yaml", &format!("resources:\n- file://{}//base?ref=nope\n", repo.display()));
    let err = krender::kustomize::build(&user, &Default::default()).unwrap_err();
    assert!(err.0.contains("couldn't find remote ref nope"), "{}", err.0);
    let _ = std::fs::remove_dir_all(&root);
}
