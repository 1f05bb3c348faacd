//! `krender diff` on a git repository made by the test (two commits), in every output format,
//! and on two directories.

use std::path::{Path, PathBuf};
use std::process::Command;

fn write(root: &Path, path: &str, text: &str) {
    let p = root.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn git(root: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(root)
        .args(["-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_krender")).current_dir(dir).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.0\n";
const SECRET: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\ndata:\n  password: aHVudGVyMg==\n";

/// Commit 1: a base, overlays dev and prod, an untouched app. Commit 2: the base's image changes
/// (both overlays), prod gets a ConfigMap, the secret changes, a new app appears.
fn repo(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("krender-diff-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    write(&root, "base/kustomization.yaml", "resources:\n- deploy.yaml\n- secret.yaml\n");
    write(&root, "base/deploy.yaml", DEPLOY);
    write(&root, "base/secret.yaml", SECRET);
    write(&root, "dev/kustomization.yaml", "resources:\n- ../base\nnamespace: dev\n");
    write(&root, "prod/kustomization.yaml", "resources:\n- ../base\nnamespace: prod\n");
    write(&root, "other/kustomization.yaml", "resources:\n- cm.yaml\n");
    write(&root, "other/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  stamp: \"1\"\n");
    git(&root, &["init", "-q"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "one"]);
    write(&root, "base/deploy.yaml", &DEPLOY.replace("nginx:1.0", "nginx:1.1"));
    write(&root, "base/secret.yaml", &SECRET.replace("aHVudGVyMg==", "c2VjcmV0"));
    write(&root, "prod/kustomization.yaml", "resources:\n- ../base\n- cm.yaml\nnamespace: prod\n");
    write(&root, "prod/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  a: b\n");
    write(&root, "new/kustomization.yaml", "resources:\n- cm.yaml\n");
    write(&root, "new/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fresh\n");
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-qm", "two"]);
    root
}

#[test]
fn unified_between_revisions() {
    let root = repo("unified");
    // Without --show-secrets the salted digests differ per run: compare with them masked.
    let (code, out, err) = run(&root, &["diff", "HEAD~1", "HEAD", "--ignore-resource", "core:Secret:*"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "# app dev: changed
--- a/dev/Deployment.apps/dev/web
+++ b/dev/Deployment.apps/dev/web
@@ -8,5 +8,5 @@
   template:
     spec:
       containers:
-      - image: nginx:1.0
+      - image: nginx:1.1
         name: web
# app new: added
--- /dev/null
+++ b/new/ConfigMap/fresh
@@ -0,0 +1,4 @@
+apiVersion: v1
+kind: ConfigMap
+metadata:
+  name: fresh
# app prod: changed
--- /dev/null
+++ b/prod/ConfigMap/prod/extra
@@ -0,0 +1,7 @@
+apiVersion: v1
+data:
+  a: b
+kind: ConfigMap
+metadata:
+  name: extra
+  namespace: prod
--- a/prod/Deployment.apps/prod/web
+++ b/prod/Deployment.apps/prod/web
@@ -8,5 +8,5 @@
   template:
     spec:
       containers:
-      - image: nginx:1.0
+      - image: nginx:1.1
         name: web
"
    );
    // `other` did not read a changed file: not rendered again, not listed.
    assert!(err.contains("6 changed files, 3 of 4 apps affected, 3 differ"), "{err}");
    let (code, _, _) = run(&root, &["diff", "HEAD~1", "HEAD", "--exit-code"]);
    assert_eq!(code, 1);
    let (code, out, _) = run(&root, &["diff", "HEAD", "HEAD", "--exit-code"]);
    assert_eq!((code, out.as_str()), (0, ""));
    // Ignored lines and resources.
    let (code, out, _) = run(
        &root,
        &["diff", "HEAD~1", "HEAD", "--exit-code", "--ignore", "image:", "--ignore-resource", "core:ConfigMap:*", "--ignore-resource", "core:Secret:*"],
    );
    assert_eq!((code, out.as_str()), (0, ""));
    // Colours.
    let (_, out, _) = run(&root, &["diff", "HEAD~1", "HEAD", "--color", "always", "--ignore-resource", "core:Secret:*"]);
    assert!(out.contains("\x1b[31m-      - image: nginx:1.0\x1b[m\n\x1b[32m+      - image: nginx:1.1\x1b[m\n"), "{out}");
    // A revision that does not exist: exit 2.
    let (code, _, err) = run(&root, &["diff", "nope", "HEAD"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown revision \"nope\""), "{err}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn secrets_redacted_unless_asked() {
    let root = repo("secrets");
    let (_, out, _) = run(&root, &["diff", "HEAD~1", "HEAD", "--ignore-resource", "apps:*:*", "--ignore-resource", "core:ConfigMap:*"]);
    assert!(!out.contains("aHVudGVyMg") && !out.contains("c2VjcmV0"), "{out}");
    assert!(out.contains("-  password: <redacted:") && out.contains("+  password: <redacted:"), "{out}");
    let (_, out, _) = run(&root, &["diff", "HEAD~1", "HEAD", "--show-secrets", "--ignore-resource", "apps:*:*", "--ignore-resource", "core:ConfigMap:*"]);
    assert!(out.contains("-  password: aHVudGVyMg==\n+  password: c2VjcmV0\n"), "{out}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn markdown_and_json() {
    let root = repo("md");
    let (code, md, _) = run(&root, &["diff", "HEAD~1", "HEAD", "--format", "markdown", "--ignore-resource", "core:Secret:*"]);
    assert_eq!(code, 0);
    assert!(md.starts_with("### krender diff `HEAD~1`…`HEAD`\n\n**3** app(s) changed, **0** failed: 2 resource(s) added, 0 removed, 2 changed (3 of 4 apps affected by 6 changed files).\n\n"), "{md}");
    assert!(md.contains("| App | Status | Added | Removed | Changed |\n|---|---|---:|---:|---:|\n| <code>dev</code> | changed | 0 | 0 | 1 |\n| <code>new</code> | added | 1 | 0 | 0 |\n| <code>prod</code> | changed | 1 | 0 | 1 |\n"), "{md}");
    assert!(md.contains("<details><summary><code>dev</code> — changed (+0 −0 ~1)</summary>\n\n```diff\n--- a/dev/Deployment.apps/dev/web\n"), "{md}");
    let summary = root.join("summary.md");
    let (code, json, _) = run(&root, &["diff", "HEAD~1", "HEAD", "--format", "json", "--markdown-file", summary.to_str().unwrap(), "--ignore-resource", "core:Secret:*"]);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), md);
    assert!(json.contains("\"appsAffected\": 3,"), "{json}");
    assert!(json.contains("\"differs\": true,"), "{json}");
    assert!(json.contains("{\n          \"change\": \"added\",\n          \"diff\": \"@@ -0,0 +1,4 @@\\n+apiVersion: v1\\n+kind: ConfigMap\\n+metadata:\\n+  name: fresh\\n\",\n          \"group\": \"\",\n          \"kind\": \"ConfigMap\",\n          \"name\": \"fresh\",\n          \"namespace\": \"\"\n        }"), "{json}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn markdown_capped() {
    use krender::diff::resource::{Change, ResourceDiff};
    use krender::diff::{AppDiff, AppStatus, Report};
    use krender::monorepo::render::ResKey;
    let big = "x: 1\n".repeat(2000);
    let apps = (0..100)
        .map(|i| AppDiff {
            id: format!("app-{i:03}"),
            status: AppStatus::Added,
            resources: vec![ResourceDiff { key: ResKey { group: String::new(), kind: "ConfigMap".into(), namespace: String::new(), name: "c".into() }, change: Change::Added, base: String::new(), head: big.clone() }],
            error: None,
        })
        .collect();
    let r = Report { base: "a".into(), head: "b".into(), apps, changed_paths: 1, apps_total: 100, apps_affected: 100, millis: 0.0 };
    let md = krender::diff::markdown::report(&r, krender::diff::markdown::LIMIT);
    assert!(md.chars().count() <= 65_536);
    assert!(md.contains("| <code>app-099</code> | added | 1 | 0 | 0 |"));
    assert!(md.contains("<summary><code>app-000</code>"));
    assert!(md.contains("more app diff(s) not shown: this comment is limited to 65536 characters"), "{}", &md[md.len() - 300..]);
}

#[test]
fn two_directories() {
    let root = repo("dirs");
    let a = root.join("dirs/a");
    let b = root.join("dirs/b");
    write(&a, "app/kustomization.yaml", "resources:\n- cm.yaml\n");
    write(&a, "app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v1\n");
    write(&b, "app/kustomization.yaml", "resources:\n- cm.yaml\n");
    write(&b, "app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v2\n");
    let (code, out, err) = run(&root, &["diff", a.to_str().unwrap(), b.to_str().unwrap(), "--exit-code"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "# app app: changed\n--- a/app/ConfigMap/c\n+++ b/app/ConfigMap/c\n@@ -1,6 +1,6 @@\n apiVersion: v1\n data:\n-  k: v1\n+  k: v2\n kind: ConfigMap\n metadata:\n   name: c\n");
    let _ = std::fs::remove_dir_all(&root);
}

/// The pre-commit hook's form: HEAD against the working tree (a directory).
#[test]
fn head_against_work_tree() {
    let root = repo("worktree");
    write(&root, "dev/kustomization.yaml", "resources:\n- ../base\nnamespace: dev2\n");
    let (code, out, err) = run(&root, &["diff", "HEAD", ".", "--exit-code", "--ignore-resource", "core:Secret:*"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.starts_with("# app dev: changed\n--- a/dev/Deployment.apps/dev/web\n+++ /dev/null\n"), "{out}");
    assert!(out.contains("+++ b/dev/Deployment.apps/dev2/web\n"), "{out}");
    assert!(err.contains("1 of 4 apps affected"), "{err}");
    // An app that no longer renders: exit 2 whatever --exit-code says.
    write(&root, "prod/kustomization.yaml", "resources:\n- ../base\n- missing.yaml\n");
    let (code, _, err) = run(&root, &["diff", "HEAD", "."]);
    assert_eq!(code, 2);
    assert!(err.contains("Error: prod: accumulating resources"), "{err}");
    let _ = std::fs::remove_dir_all(&root);
}
