//! Helm sources: the `helm template` run Argo CD's `helmTemplate` makes (`util/helm/cmd.go`):
//! `helm template . --name-template NAME --namespace NS [--kube-version V] [--set k=v]…
//! [--set-string k=v]… [--set-file k=path]… [--values file]… [--api-versions v]…
//! [--include-crds unless skipCrds] [--skip-schema-validation] [--skip-tests]`.
//!
//! [`template`] is the single call into the Helm engine. On this branch the engine is the
//! minimal one of `crate::helm` (one chart, no subcharts, no `--set`): templates rendered,
//! split, sorted in Helm's install order, hooks after. When the full `helm template`
//! (`crate::helm::template::run`) is available, [`template`] builds its `TemplateOptions` from
//! [`HelmTemplate`] (the fields correspond one to one) and nothing else changes.

use crate::gotmpl::Value as TValue;
use crate::helm::{self, Chart, ReleaseOptions, RenderOptions};
use std::path::PathBuf;

/// What Argo CD passes to `helm template`.
#[derive(Clone, Debug, Default)]
pub struct HelmTemplate {
    pub chart_dir: PathBuf,
    pub release_name: String,
    pub namespace: String,
    pub kube_version: String,
    pub api_versions: Vec<String>,
    /// `--set name=value`, in order.
    pub set: Vec<(String, String)>,
    pub set_string: Vec<(String, String)>,
    pub set_file: Vec<(String, String)>,
    /// `--values` files, in order (the inline values file last).
    pub values: Vec<PathBuf>,
    pub include_crds: bool,
    pub skip_schema_validation: bool,
    pub skip_tests: bool,
    /// `--no-hooks` (kustomize's `skipHooks`).
    pub no_hooks: bool,
}

impl HelmTemplate {
    /// The command line as Argo CD logs it in `commands` (paths relative to the repository).
    pub fn command(&self, repo_root: &std::path::Path) -> String {
        let mut args = vec!["helm".to_string(), "template".into(), ".".into(), "--name-template".into(), self.release_name.clone()];
        if !self.namespace.is_empty() {
            args.extend(["--namespace".into(), self.namespace.clone()]);
        }
        if !self.kube_version.is_empty() {
            args.extend(["--kube-version".into(), self.kube_version.clone()]);
        }
        for (flag, list) in [("--set", &self.set), ("--set-string", &self.set_string), ("--set-file", &self.set_file)] {
            for (k, v) in list {
                args.extend([flag.to_string(), format!("{k}={}", clean_set_parameter(v))]);
            }
        }
        for v in &self.values {
            let shown = v.strip_prefix(repo_root).map(|p| format!("./{}", p.display())).unwrap_or_else(|_| v.display().to_string());
            args.extend(["--values".into(), shown]);
        }
        for v in &self.api_versions {
            args.extend(["--api-versions".into(), v.clone()]);
        }
        if self.include_crds {
            args.push("--include-crds".into());
        }
        if self.skip_schema_validation {
            args.push("--skip-schema-validation".into());
        }
        if self.skip_tests {
            args.push("--skip-tests".into());
        }
        if self.no_hooks {
            args.push("--no-hooks".into());
        }
        args.join(" ")
    }
}

/// `cleanSetParameters`: commas in a value are escaped (`,` → `\,`) unless the value is a
/// `{…}` list, and already escaped ones are kept.
pub fn clean_set_parameter(val: &str) -> String {
    if val.starts_with('{') && val.ends_with('}') {
        return val.to_string();
    }
    let mut out = String::with_capacity(val.len());
    let mut prev = '\0';
    for c in val.chars() {
        if c == ',' && prev != '\\' {
            out.push('\\');
        }
        out.push(c);
        prev = c;
    }
    out
}

/// Helm's `InstallOrder`.
const INSTALL_ORDER: &[&str] = &[
    "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget",
    "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
    "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role",
    "RoleList", "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet",
    "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
    "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
];

fn kind_less(a: &str, b: &str) -> bool {
    let rank = |k: &str| INSTALL_ORDER.iter().position(|x| *x == k);
    match (rank(a), rank(b)) {
        (None, None) => a < b,
        (None, Some(_)) => false,
        (Some(_), None) => true,
        (Some(x), Some(y)) => x < y,
    }
}

/// `releaseutil.SplitManifests` order-preserving: documents separated by `---` lines.
fn split_docs(text: &str) -> Vec<String> {
    static SEP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"(?:^|\s*\n)---\s*").expect("valid regex"));
    SEP.split(text).map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect()
}

/// `kind` and `helm.sh/hook` of a rendered document.
fn head(doc: &str) -> (String, Option<String>) {
    let v = crate::yaml::read::parse_stream_with(doc.as_bytes(), crate::yaml::resolve::Dialect::V2)
        .ok()
        .and_then(|n| n.into_iter().next().flatten())
        .and_then(|n| crate::yaml::value::yaml_to_json_value(&n).ok());
    let kind = v.as_ref().and_then(|v| v.get("kind")).and_then(|k| k.as_str()).unwrap_or("").to_string();
    let hook = v
        .as_ref()
        .and_then(|v| v.get("metadata"))
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.get("helm.sh/hook"))
        .and_then(|h| h.as_str())
        .map(str::to_string);
    (kind, hook)
}

/// Runs `helm template` and returns its standard output.
pub fn template(t: &HelmTemplate) -> Result<String, String> {
    if !t.set.is_empty() || !t.set_string.is_empty() || !t.set_file.is_empty() {
        return Err("helm parameters (--set, --set-string, --set-file) need the full helm template engine, not on this branch yet".into());
    }
    let t = t.clone();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || render(&t))
        .map_err(|e| e.to_string())?
        .join()
        .map_err(|_| "helm rendering panicked".to_string())?
}

fn render(t: &HelmTemplate) -> Result<String, String> {
    let mut user = std::collections::BTreeMap::new();
    for f in &t.values {
        let data = std::fs::read(f).map_err(|e| format!("open {}: {e}", f.display()))?;
        let v = helm::values::load_values(&data).map_err(|e| format!("failed to parse {}: {e}", f.display()))?;
        if let TValue::Map(m) = v {
            user = helm::values::merge_maps(user, m.entries().clone());
        }
    }
    let chart = Chart::load_dir(&t.chart_dir)?;
    let opts = RenderOptions {
        release: ReleaseOptions { name: t.release_name.clone(), namespace: if t.namespace.is_empty() { "default".into() } else { t.namespace.clone() }, ..ReleaseOptions::default() },
        ..RenderOptions::default()
    };
    let rendered = helm::render(&chart, &TValue::map(user), &opts)?;
    let mut manifests = Vec::new();
    let mut hooks = Vec::new();
    for (path, text) in &rendered {
        if path.ends_with("NOTES.txt") {
            continue;
        }
        for doc in split_docs(text) {
            let (kind, hook) = head(&doc);
            match hook {
                None => manifests.push((path.clone(), doc, kind)),
                Some(_) if t.no_hooks => continue,
                Some(h) => {
                    let events: Vec<String> = h.split(',').map(|e| e.trim().to_lowercase()).collect();
                    if t.skip_tests && events.iter().any(|e| e == "test" || e == "test-success") {
                        continue;
                    }
                    hooks.push((path.clone(), doc, kind));
                }
            }
        }
    }
    crate::golang::sort::stable_by(&mut manifests, |a, b| kind_less(&a.2, &b.2));
    crate::golang::sort::stable_by(&mut hooks, |a, b| kind_less(&a.2, &b.2));
    let mut out = String::new();
    if t.include_crds {
        for (name, data) in &chart.files {
            let lower = name.to_ascii_lowercase();
            if name.starts_with("crds/") && (lower.ends_with(".yaml") || lower.ends_with(".yml") || lower.ends_with(".json")) {
                out.push_str(&format!("---\n# Source: {}/{name}\n{}\n", chart.name(), String::from_utf8_lossy(data)));
            }
        }
    }
    for (path, doc, _) in manifests.iter().chain(hooks.iter()) {
        out.push_str(&format!("---\n# Source: {path}\n{doc}\n"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_parameters_escape_commas() {
        assert_eq!(clean_set_parameter("a,b"), "a\\,b");
        assert_eq!(clean_set_parameter("a\\,b"), "a\\,b");
        assert_eq!(clean_set_parameter("{a,b}"), "{a,b}");
    }

    #[test]
    fn split_and_order() {
        assert_eq!(split_docs("a: 1\n---\nb: 2\n---\n\n"), ["a: 1", "b: 2"]);
        assert!(kind_less("Namespace", "Deployment"));
        assert!(kind_less("Deployment", "Zebra"));
        assert!(kind_less("Alpha", "Zebra"));
    }
}
