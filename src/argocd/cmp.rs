//! krender as an Argo CD Config Management Plugin (v2, sidecar). The cmp-server runs the
//! plugin's commands with the working directory at the application's path inside the extracted
//! repository, no standard input, and the environment Argo CD builds (`getPluginEnvs`):
//! `ARGOCD_APP_NAME`, `ARGOCD_APP_NAMESPACE`, `ARGOCD_APP_PROJECT_NAME`, `ARGOCD_APP_REVISION`
//! (+ `_SHORT`, `_SHORT_8`), `ARGOCD_APP_SOURCE_REPO_URL`, `ARGOCD_APP_SOURCE_PATH`,
//! `ARGOCD_APP_SOURCE_TARGET_REVISION`, `KUBE_VERSION`, `KUBE_API_VERSIONS`, the application's
//! plugin env as `ARGOCD_ENV_<NAME>`, and its parameters as `ARGOCD_APP_PARAMETERS` (JSON) and
//! `PARAM_<NAME>[_<KEY>|_<INDEX>]`.
//!
//! - generate: the source rendered as the repo-server renders it (type detected,
//!   `.argocd-source*.yaml` merged), the parameters below applied, printed as a YAML stream
//!   (Argo CD adds tracking itself);
//! - discover: prints the type when the directory is a Helm chart or a kustomization;
//! - parameters: the announcements (JSON) of the parameters generate understands, with the
//!   directory's current values.
//!
//! Parameters: `release-name`, `values-files` (array), `values` (string, YAML),
//! `helm-parameters` (map, `--set`), `helm-string-parameters` (map, `--set-string`),
//! `skip-crds`, `skip-tests` (`"true"`); `name-prefix`, `name-suffix`, `namespace`, `images`
//! (array), `common-labels`, `common-annotations` (maps), `components` (array); `recurse`,
//! `include`, `exclude`; `substitute` (map: Flux postBuild variables applied to the output) and
//! `substitute-strict`.

use crate::source::app::{AppSource, DirectoryOptions, HelmOptions, HelmParameter, KustomizeOptions, PluginOptions, PluginParameter, SourceType};
use crate::source::render::{generate as render, Request};
use crate::yaml::Value;
use std::path::{Path, PathBuf};

/// The process environment as name/value pairs.
#[derive(Clone, Debug, Default)]
pub struct PluginEnv(pub Vec<(String, String)>);

impl PluginEnv {
    pub fn from_process() -> PluginEnv {
        PluginEnv(std::env::vars_os().map(|(k, v)| (k.to_string_lossy().into_owned(), v.to_string_lossy().into_owned())).collect())
    }

    pub fn get(&self, name: &str) -> &str {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    /// The application's parameters: `ARGOCD_APP_PARAMETERS` when set, else rebuilt from the
    /// `PARAM_*` variables (strings only: names are upper-cased there, keys and indexes folded
    /// in).
    pub fn parameters(&self) -> Result<Vec<PluginParameter>, String> {
        let json = self.get("ARGOCD_APP_PARAMETERS");
        if !json.is_empty() {
            let v = crate::source::gojson::parse(json.as_bytes()).map_err(|e| format!("ARGOCD_APP_PARAMETERS: {}", e.0))?;
            let wrapped = vec![("parameters".to_string(), v)];
            return PluginOptions::from_value(&wrapped).map(|p| p.parameters).map_err(|e| format!("ARGOCD_APP_PARAMETERS: {e}"));
        }
        let mut out = Vec::new();
        for (k, v) in &self.0 {
            if let Some(name) = k.strip_prefix("PARAM_") {
                out.push(PluginParameter { name: name.to_ascii_lowercase().replace('_', "-"), string: Some(v.clone()), ..Default::default() });
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}

fn param<'a>(params: &'a [PluginParameter], name: &str) -> Option<&'a PluginParameter> {
    params.iter().find(|p| p.name == name)
}

fn string_param(params: &[PluginParameter], name: &str) -> String {
    param(params, name).and_then(|p| p.string.clone()).unwrap_or_default()
}

fn bool_param(params: &[PluginParameter], name: &str) -> bool {
    string_param(params, name) == "true"
}

fn array_param(params: &[PluginParameter], name: &str) -> Vec<String> {
    param(params, name).and_then(|p| p.array.clone()).unwrap_or_default()
}

fn map_param(params: &[PluginParameter], name: &str) -> Vec<(String, String)> {
    let mut m = param(params, name).and_then(|p| p.map.clone()).unwrap_or_default();
    m.sort();
    m
}

/// The working directory and the repository root it lies in (`ARGOCD_APP_SOURCE_PATH` is the
/// path of the one inside the other).
pub fn locate(cwd: &Path, env: &PluginEnv) -> (PathBuf, String) {
    let path = env.get("ARGOCD_APP_SOURCE_PATH").trim_matches('/');
    let cwd = crate::source::paths::abs(cwd);
    if path.is_empty() || path == "." {
        return (cwd, String::new());
    }
    let mut root = cwd.clone();
    for _ in Path::new(path).components() {
        root.pop();
    }
    if crate::source::paths::clean(&root.join(path)) == cwd {
        (root, path.to_string())
    } else {
        (cwd, String::new())
    }
}

/// The source `generate` renders: options for the detected type from the parameters.
pub fn source_for(app_dir: &Path, path: &str, env: &PluginEnv, params: &[PluginParameter]) -> Result<AppSource, String> {
    let mut source = AppSource {
        repo_url: env.get("ARGOCD_APP_SOURCE_REPO_URL").to_string(),
        path: path.to_string(),
        target_revision: env.get("ARGOCD_APP_SOURCE_TARGET_REVISION").to_string(),
        ..Default::default()
    };
    match crate::source::detect::discover(app_dir)? {
        SourceType::Helm => {
            let mut h = HelmOptions {
                release_name: string_param(params, "release-name"),
                value_files: array_param(params, "values-files"),
                values: string_param(params, "values"),
                skip_crds: bool_param(params, "skip-crds"),
                skip_tests: bool_param(params, "skip-tests"),
                ..Default::default()
            };
            for (k, v) in map_param(params, "helm-parameters") {
                h.parameters.push(HelmParameter { name: k, value: v, force_string: false });
            }
            for (k, v) in map_param(params, "helm-string-parameters") {
                h.parameters.push(HelmParameter { name: k, value: v, force_string: true });
            }
            if h != HelmOptions::default() {
                source.helm = Some(h);
            }
        }
        SourceType::Kustomize => {
            let k = KustomizeOptions {
                name_prefix: string_param(params, "name-prefix"),
                name_suffix: string_param(params, "name-suffix"),
                namespace: string_param(params, "namespace"),
                images: array_param(params, "images"),
                common_labels: map_param(params, "common-labels"),
                common_annotations: map_param(params, "common-annotations"),
                components: array_param(params, "components"),
                ..Default::default()
            };
            if k != KustomizeOptions::default() {
                source.kustomize = Some(k);
            }
        }
        _ => {
            let d = DirectoryOptions {
                recurse: bool_param(params, "recurse"),
                include: string_param(params, "include"),
                exclude: string_param(params, "exclude"),
                ..Default::default()
            };
            if d != DirectoryOptions::default() {
                source.directory = Some(d);
            }
        }
    }
    Ok(source)
}

/// The plugin's generate command: the YAML stream for stdout.
pub fn generate(cwd: &Path, env: &PluginEnv) -> Result<String, String> {
    let params = env.parameters()?;
    let (repo_root, path) = locate(cwd, env);
    let app_dir = crate::source::paths::abs(cwd);
    let source = source_for(&app_dir, &path, env, &params)?;
    let api_versions: Vec<String> = env.get("KUBE_API_VERSIONS").split(',').filter(|s| !s.is_empty()).map(str::to_string).collect();
    let req = Request {
        repo_root,
        source,
        app_name: env.get("ARGOCD_APP_NAME").to_string(),
        namespace: env.get("ARGOCD_APP_NAMESPACE").to_string(),
        project: env.get("ARGOCD_APP_PROJECT_NAME").to_string(),
        revision: env.get("ARGOCD_APP_REVISION").to_string(),
        kube_version: env.get("KUBE_VERSION").to_string(),
        api_versions,
        ..Default::default()
    };
    let mut resp = render(&req)?;
    let vars = map_param(&params, "substitute");
    if !vars.is_empty() {
        let sub = crate::flux::postbuild::Substitution { vars: vars.into_iter().map(|(k, v)| (k, v.replace('\n', ""))).collect(), strict: bool_param(&params, "substitute-strict") };
        let mut out = Vec::with_capacity(resp.manifests.len());
        for m in resp.manifests {
            let yaml = crate::yaml::to_yaml(&m).map_err(|e| e.to_string())?;
            let v = crate::flux::postbuild::substitute_yaml(&yaml, &sub)?;
            if v != Value::Null {
                out.push(v);
            }
        }
        resp.manifests = out;
    }
    super::response::yaml_stream(&resp.manifests)
}

/// The plugin's discover command: the type for a Helm chart or a kustomization, else nothing.
pub fn discover(cwd: &Path) -> Result<String, String> {
    Ok(match crate::source::detect::discover(cwd)? {
        t @ (SourceType::Helm | SourceType::Kustomize) => format!("{}\n", t.as_str()),
        _ => String::new(),
    })
}

/// One `ParameterAnnouncement`, as Go marshals it (omitempty).
#[derive(Clone, Debug, Default)]
pub struct Announcement {
    pub name: String,
    pub title: String,
    pub tooltip: String,
    pub item_type: String,
    pub collection_type: String,
    pub string: String,
    pub array: Vec<String>,
    pub map: Vec<(String, String)>,
}

impl Announcement {
    fn to_value(&self) -> Value {
        let mut o = Vec::new();
        let s = |v: &str| Value::Str(v.to_string());
        for (k, v) in [("name", &self.name), ("title", &self.title), ("tooltip", &self.tooltip), ("itemType", &self.item_type), ("collectionType", &self.collection_type), ("string", &self.string)] {
            if !v.is_empty() {
                o.push((k.to_string(), s(v)));
            }
        }
        if !self.array.is_empty() {
            o.push(("array".into(), Value::Seq(self.array.iter().map(|a| s(a)).collect())));
        }
        if !self.map.is_empty() {
            o.push(("map".into(), Value::Map(self.map.iter().map(|(k, v)| (k.clone(), s(v))).collect())));
        }
        Value::Map(o)
    }
}

fn ann(name: &str, title: &str, collection: &str) -> Announcement {
    Announcement { name: name.into(), title: title.into(), collection_type: collection.into(), ..Default::default() }
}

/// Helm values flattened to `a.b.c` keys (`--set` paths) with their scalar values as text.
fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Map(m) => {
            for (k, v) in m {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        Value::Seq(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), v, out);
            }
        }
        Value::Null => {}
        Value::Str(s) => out.push((prefix.to_string(), s.clone())),
        other => out.push((prefix.to_string(), crate::yaml::json::to_json(other).unwrap_or_default())),
    }
}

/// The plugin's dynamic parameters command: a JSON array of announcements.
pub fn parameters(cwd: &Path) -> Result<String, String> {
    let mut list = Vec::new();
    match crate::source::detect::discover(cwd)? {
        SourceType::Helm => {
            list.push(ann("release-name", "Release name", ""));
            let mut files: Vec<String> = std::fs::read_dir(cwd)
                .map_err(|e| e.to_string())?
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| (n.ends_with(".yaml") || n.ends_with(".yml")) && n.starts_with("values"))
                .collect();
            files.sort();
            list.push(Announcement { array: files, ..ann("values-files", "Values files", "array") });
            let mut values = Vec::new();
            if let Ok(data) = std::fs::read(cwd.join("values.yaml")) {
                if let Ok(nodes) = crate::yaml::read::parse_stream_with(&data, crate::yaml::resolve::Dialect::V2) {
                    if let Some(Some(n)) = nodes.into_iter().next() {
                        if let Ok(v) = crate::yaml::value::yaml_to_json_value(&n) {
                            flatten("", &v, &mut values);
                        }
                    }
                }
            }
            values.sort();
            list.push(Announcement { map: values, tooltip: "Values set with --set (defaults from values.yaml)".into(), ..ann("helm-parameters", "Helm parameters", "map") });
            list.push(ann("helm-string-parameters", "Helm string parameters", "map"));
        }
        SourceType::Kustomize => {
            list.push(ann("name-prefix", "Name prefix", ""));
            list.push(ann("name-suffix", "Name suffix", ""));
            list.push(ann("namespace", "Namespace", ""));
            list.push(ann("images", "Images (kustomize edit set image)", "array"));
            list.push(ann("common-labels", "Common labels", "map"));
            list.push(ann("common-annotations", "Common annotations", "map"));
            list.push(ann("components", "Components", "array"));
        }
        _ => {
            list.push(ann("recurse", "Recurse into subdirectories", ""));
            list.push(ann("include", "Include glob", ""));
            list.push(ann("exclude", "Exclude glob", ""));
        }
    }
    list.push(Announcement { tooltip: "Flux postBuild variables substituted in the output".into(), ..ann("substitute", "Substitute variables", "map") });
    crate::yaml::json::to_json(&Value::Seq(list.iter().map(Announcement::to_value).collect())).map(|s| s + "\n").map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_from_json_and_param_vars() {
        let env = PluginEnv(vec![("ARGOCD_APP_PARAMETERS".into(), r#"[{"name":"images","array":["a:1"]},{"name":"common-labels","map":{"b":"2","a":"1"}},{"name":"name-prefix","string":"p-"}]"#.into())]);
        let p = env.parameters().unwrap();
        assert_eq!(array_param(&p, "images"), ["a:1"]);
        assert_eq!(map_param(&p, "common-labels"), [("a".to_string(), "1".to_string()), ("b".to_string(), "2".to_string())]);
        assert_eq!(string_param(&p, "name-prefix"), "p-");
        let env = PluginEnv(vec![("PARAM_NAME_PREFIX".into(), "x-".into())]);
        assert_eq!(string_param(&env.parameters().unwrap(), "name-prefix"), "x-");
    }

    #[test]
    fn repo_root_from_source_path() {
        let env = PluginEnv(vec![("ARGOCD_APP_SOURCE_PATH".into(), "apps/guestbook".into())]);
        assert_eq!(locate(Path::new("/tmp/repo/apps/guestbook"), &env), (PathBuf::from("/tmp/repo"), "apps/guestbook".to_string()));
        assert_eq!(locate(Path::new("/tmp/other"), &env), (PathBuf::from("/tmp/other"), String::new()));
    }
}
