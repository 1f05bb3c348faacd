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

/// The objects of a YAML stream, each as Go's `json.Marshal` writes it (sorted keys).
fn objects(text: &str) -> Vec<String> {
    let split = krender::source::decode::split_yaml_or_json(text.as_bytes());
    assert!(split.error.is_none(), "{:?}", split.error);
    split.objects.iter().map(|o| krender::yaml::json::to_json(o).unwrap()).collect()
}

/// Argo CD Applications are rendered with their whole `source` (kustomize options, Directory
/// recurse/exclude, Helm parameters) by the code `krender render --app` runs, plain directories
/// included; the same bytes for any `--jobs`.
#[test]
fn argo_apps_render_with_their_options() {
    let root = tmp("argo");
    let app = |name: &str, source: &str| format!("apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: {name}\nspec:\n  project: default\n  destination:\n    namespace: team\n  source:\n    repoURL: https://example.com/repo.git\n{source}");
    write(&root, "apps/kust/kustomization.yaml", "resources:\n- cm.yaml\n");
    write(&root, "apps/kust/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf\ndata:\n  a: \"1\"\n");
    write(&root, "argo/kust.yaml", &app("kust-prod", "    path: apps/kust\n    kustomize:\n      namePrefix: prod-\n      commonLabels:\n        env: prod\n"));
    write(&root, "argo/kust-plain.yaml", &app("kust", "    path: apps/kust\n"));
    write(&root, "plain/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
    write(&root, "plain/sub/b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
    write(&root, "plain/sub/skip.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: skipped\n");
    write(&root, "argo/plain.yaml", &app("plain-all", "    path: plain\n    directory:\n      recurse: true\n      exclude: sub/skip.yaml\n"));
    write(&root, "flat/c.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
    write(&root, "argo/flat.yaml", &app("flat", "    path: flat\n"));
    write(&root, "charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
    write(&root, "charts/web/values.yaml", "replicas: 1\n");
    write(&root, "charts/web/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: {{ .Release.Namespace }}\ndata:\n  replicas: {{ .Values.replicas | quote }}\n");
    write(&root, "argo/web.yaml", &app("ns1_web", "    path: charts/web\n    helm:\n      parameters:\n      - name: replicas\n        value: \"5\"\n"));
    let r = root.to_str().unwrap();
    let (code, list, err) = run(&["render-all", r, "--list"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(list, "apps/kust\tkustomize\napps/kust@kust-prod\tkustomize\ncharts/web\tchart\ncharts/web@ns1_web\tchart\nflat\tdirectory\nplain@plain-all\tdirectory\n");
    let out = root.join("out");
    let (code, _, err) = run(&["render-all", r, "-o", out.to_str().unwrap(), "--jobs", "2"]);
    assert_eq!(code, 0, "{err}");
    for (id, file) in [("apps/kust@kust-prod", "kust.yaml"), ("apps/kust", "kust-plain.yaml"), ("plain@plain-all", "plain.yaml"), ("flat", "flat.yaml"), ("charts/web@ns1_web", "web.yaml")] {
        let (code, rendered, err) = run(&["render", r, "--app", root.join("argo").join(file).to_str().unwrap(), "--tracking-method", "none"]);
        assert_eq!(code, 0, "{err}");
        let got = std::fs::read_to_string(out.join(format!("{id}.yaml"))).unwrap();
        assert_eq!(objects(&got), objects(&rendered), "{id}");
    }
    // What Argo CD renders, spelled out: prefix and label; recurse without the excluded file;
    // `--set replicas=5` with the release named after the app without its namespace.
    let kust = std::fs::read_to_string(out.join("apps/kust@kust-prod.yaml")).unwrap();
    assert_eq!(kust, "apiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  labels:\n    env: prod\n  name: prod-conf\n");
    let plain = std::fs::read_to_string(out.join("plain@plain-all.yaml")).unwrap();
    assert_eq!(plain, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
    let web = std::fs::read_to_string(out.join("charts/web@ns1_web.yaml")).unwrap();
    assert_eq!(web, "---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: team\ndata:\n  replicas: \"5\"\n");
    let (_, one, _) = run(&["render-all", r, "--jobs", "1"]);
    let (_, two, _) = run(&["render-all", r, "--jobs", "2"]);
    assert_eq!(one, two);
    let _ = std::fs::remove_dir_all(&root);
}

/// `--kustomize-build-options` (Argo CD's `kustomize.buildOptions`) reaches every kustomize
/// build: helmCharts need `--enable-helm`, and an Argo CD source's `kubeVersion` is passed on as
/// `--helm-kube-version`.
#[test]
fn kustomize_build_options_reach_every_build() {
    let root = tmp("kbo");
    write(&root, "k/kustomization.yaml", "helmGlobals:\n  chartHome: .\nhelmCharts:\n- name: c\n  releaseName: r\n");
    write(&root, "k/c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
    write(&root, "k/c/values.yaml", "{}\n");
    write(&root, "k/c/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n");
    write(&root, "argo/k.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: k29\nspec:\n  source:\n    path: k\n    kustomize:\n      kubeVersion: \"1.29\"\n");
    let r = root.to_str().unwrap();
    let (code, _, err) = run(&["render-all", r]);
    assert_eq!(code, 1);
    assert!(err.contains("must specify --enable-helm"), "{err}");
    let out = root.join("out");
    let (code, _, err) = run(&["render-all", r, "--kustomize-build-options=--enable-helm", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(out.join("k.yaml")).unwrap(), "apiVersion: v1\ndata:\n  kube: v1.36.0\nkind: ConfigMap\nmetadata:\n  name: r\n");
    // Helm's `--kube-version 1.29`: `.Capabilities.KubeVersion.Version` is "v1.29".
    assert_eq!(std::fs::read_to_string(out.join("k@k29.yaml")).unwrap(), "apiVersion: v1\ndata:\n  kube: v1.29\nkind: ConfigMap\nmetadata:\n  name: r\n");
    let _ = std::fs::remove_dir_all(&root);
}

/// Flux Kustomizations with fields beyond their path (and those of plain directories) are built
/// as kustomize-controller builds them: the same output as `krender build --flux-kustomization`.
#[test]
fn flux_kustomizations_render_with_their_fields() {
    let root = tmp("flux");
    write(&root, "apps/web/kustomization.yaml", "resources:\n- cm.yaml\n");
    write(&root, "apps/web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  env: ${env:=dev}\n");
    write(&root, "plain/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
    let ks = |name: &str, path: &str, extra: &str| format!("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: {name}\n  namespace: flux-system\nspec:\n  interval: 5m\n  path: {path}\n  sourceRef:\n    kind: GitRepository\n    name: repo\n{extra}");
    write(&root, "clusters/web.yaml", &ks("web-prod", "./apps/web", "  targetNamespace: prod\n  namePrefix: p-\n  commonMetadata:\n    labels:\n      team: a\n  postBuild:\n    substitute:\n      env: production\n"));
    write(&root, "clusters/plain.yaml", &ks("plain", "./plain", "  targetNamespace: misc\n"));
    let r = root.to_str().unwrap();
    let (code, list, err) = run(&["render-all", r, "--list"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(list, "apps/web\tkustomize\napps/web@web-prod\tflux\nplain\tflux\n");
    let out = root.join("out");
    let (code, _, err) = run(&["render-all", r, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    for (id, file) in [("apps/web@web-prod", "clusters/web.yaml"), ("plain", "clusters/plain.yaml")] {
        let o = Command::new(bin()).args(["build", "--flux-kustomization", file]).current_dir(&root).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(std::fs::read_to_string(out.join(format!("{id}.yaml"))).unwrap(), String::from_utf8_lossy(&o.stdout), "{id}");
    }
    assert_eq!(
        std::fs::read_to_string(out.join("apps/web@web-prod.yaml")).unwrap(),
        "apiVersion: v1\ndata:\n  env: production\nkind: ConfigMap\nmetadata:\n  labels:\n    team: a\n  name: p-web\n  namespace: prod\n"
    );
    let _ = std::fs::remove_dir_all(&root);
}
