//! `krender render-all` on a small repository written by the test: every kind of app found,
//! each app's output equal to `krender build` of it (itself checked against kustomize by the
//! fixtures), failures isolated, and the same bytes for any `--jobs`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_krender")
}

fn write(root: &Path, path: &str, text: &str) {
    let p = root.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("krender-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A repository: a base, three overlays, a chart with an Argo CD app, a broken overlay.
pub fn sample_repo(root: &Path) {
    write(root, "base/kustomization.yaml", "resources:\n- deploy.yaml\n- cm.yaml\n");
    write(root, "base/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.0\n");
    write(root, "base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf\ndata:\n  a: \"1\"\n");
    for (i, env) in ["dev", "prod", "qa"].iter().enumerate() {
        write(
            root,
            &format!("envs/{env}/kustomization.yaml"),
            &format!("resources:\n- ../../base\nnamespace: {env}\nnamePrefix: {env}-\nimages:\n- name: nginx\n  newTag: \"1.{i}\"\nconfigMapGenerator:\n- name: gen\n  literals:\n  - ENV={env}\n"),
        );
    }
    write(root, "broken/kustomization.yaml", "resources:\n- missing.yaml\n");
    write(root, "charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
    write(root, "charts/web/values.yaml", "replicas: 1\n");
    write(root, "charts/web/prod.yaml", "replicas: 3\n");
    write(root, "charts/web/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: {{ .Release.Namespace }}\ndata:\n  replicas: {{ .Values.replicas | quote }}\n");
    write(
        root,
        "argo/web.yaml",
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web-prod\nspec:\n  destination:\n    namespace: web\n  source:\n    path: charts/web\n    helm:\n      valueFiles: [prod.yaml]\n",
    );
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(bin()).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn renders_every_app_and_isolates_failures() {
    let root = tmp("ra");
    sample_repo(&root);
    let r = root.to_str().unwrap();
    let (code, list, _) = run(&["render-all", r, "--list"]);
    assert_eq!(code, 0);
    assert_eq!(list, "broken\tkustomize\ncharts/web\tchart\ncharts/web@web-prod\tchart\nenvs/dev\tkustomize\nenvs/prod\tkustomize\nenvs/qa\tkustomize\n");

    let out = root.join("out");
    let (code, _, err) = run(&["render-all", r, "-o", out.to_str().unwrap(), "--jobs", "3"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("FAILED broken: accumulating resources"), "{err}");
    assert!(err.contains("rendered 5 of 6 apps"), "{err}");
    assert!(err.ends_with("Error: 1 app(s) failed\n"), "{err}");
    for env in ["dev", "prod", "qa"] {
        let (code, built, _) = run(&["build", root.join("envs").join(env).to_str().unwrap()]);
        assert_eq!(code, 0);
        assert_eq!(std::fs::read_to_string(out.join(format!("envs/{env}.yaml"))).unwrap(), built);
    }
    assert!(!out.join("broken.yaml").exists());
    // `helm template web-prod charts/web -n web -f charts/web/prod.yaml`, as helm v4.2 prints it.
    assert_eq!(
        std::fs::read_to_string(out.join("charts/web@web-prod.yaml")).unwrap(),
        "---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-prod\n  namespace: web\ndata:\n  replicas: \"3\"\n"
    );

    // --check: up to date, then stale after an edit.
    std::fs::remove_dir_all(root.join("broken")).unwrap();
    let (code, _, err) = run(&["render-all", r, "--check", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    write(&root, "base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf\ndata:\n  a: \"2\"\n");
    let (code, _, err) = run(&["render-all", r, "--check", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("out of date: ") && err.contains("envs/dev.yaml"), "{err}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn same_bytes_for_any_jobs() {
    let root = tmp("jobs");
    sample_repo(&root);
    // More apps than threads, sharing the base.
    for i in 0..40 {
        write(&root, &format!("many/o{i}/kustomization.yaml"), &format!("resources:\n- ../../base\nnameSuffix: \"-{i}\"\n"));
    }
    let r = root.to_str().unwrap();
    let (c1, one, _) = run(&["render-all", r, "--jobs", "1"]);
    let (c8, eight, _) = run(&["render-all", r, "--jobs", "8"]);
    assert_eq!((c1, c8), (1, 1));
    assert!(one.contains("# krender-app: many/o39\n"));
    assert_eq!(one, eight);
    let (d1, d8) = (root.join("d1"), root.join("d8"));
    run(&["render-all", r, "-j", "1", "-o", d1.to_str().unwrap()]);
    run(&["render-all", r, "-j", "8", "-o", d8.to_str().unwrap()]);
    for i in 0..40 {
        let f = format!("many/o{i}.yaml");
        assert_eq!(std::fs::read(d1.join(&f)).unwrap(), std::fs::read(d8.join(&f)).unwrap());
    }
    let (_, json, _) = run(&["render-all", r, "-j", "2", "--format", "json"]);
    assert!(json.contains("\"id\": \"many/o7\""), "{json}");
    assert!(json.contains("\"failed\": 1"), "{json}");
    assert!(json.contains("\"millis\": "), "{json}");
    let _ = std::fs::remove_dir_all(&root);
}
