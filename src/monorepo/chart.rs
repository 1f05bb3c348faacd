//! A chart app's manifests from the Helm engine (`helm::render`): each rendered template split
//! into documents under `# Source:` lines, in template path order.
//!
//! Interim: the full `helm template` (subcharts, hooks, install-order sort) is being finished on
//! its own; this adapter is to be replaced by its library entry point.

use super::cache::RunCache;
use super::discover::ChartRelease;
use super::render::{Doc, ResKey};
use crate::gotmpl::Value;
use crate::helm::{self, ReleaseOptions, RenderOptions};
use std::path::Path;

pub fn render(dir: &Path, release: &ChartRelease, cache: &RunCache) -> Result<Vec<Doc>, String> {
    let chart = cache.chart(dir);
    let chart = chart.as_ref().as_ref().map_err(|e| e.clone())?;
    let mut user = std::collections::BTreeMap::new();
    for f in &release.value_files {
        let path = dir.join(f);
        let data = std::fs::read(&path).map_err(|e| format!("open {}: {e}", path.display()))?;
        let v = helm::values::load_values(&data).map_err(|e| format!("failed to parse {}: {e}", path.display()))?;
        if let Value::Map(m) = v {
            user = helm::values::merge_maps(user, m.entries().clone());
        }
    }
    let opts = RenderOptions {
        release: ReleaseOptions { name: release.name.clone(), namespace: release.namespace.clone(), ..ReleaseOptions::default() },
        ..RenderOptions::default()
    };
    let rendered = helm::render(chart, &Value::map(user), &opts)?;
    let mut docs = Vec::new();
    for (path, text) in rendered {
        let base = path.rsplit('/').next().unwrap_or("");
        if base.starts_with('_') || path.ends_with("NOTES.txt") {
            continue;
        }
        for piece in split_docs(&text) {
            let piece = piece.trim();
            if piece.is_empty() {
                continue;
            }
            let key = match crate::resource::read::objects_from_bytes(piece.as_bytes()) {
                Ok(nodes) if !nodes.is_empty() => ResKey::of_node(&nodes[0]),
                Ok(_) => continue,
                Err(e) => return Err(format!("YAML parse error on {path}: {e}")),
            };
            docs.push(Doc { key, yaml: format!("# Source: {path}\n{piece}\n\n") });
        }
    }
    // Helm's install order: by kind (unknown kinds last, alphabetically), stable.
    docs.sort_by(|a, b| rank(&a.key.kind).cmp(&rank(&b.key.kind)));
    Ok(docs)
}

/// Helm's `InstallOrder` (pkg/release/v1/util/kind_sorter.go).
const INSTALL_ORDER: &[&str] = &[
    "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
    "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
    "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
    "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding",
    "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
    "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
    "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
];

fn rank(kind: &str) -> (usize, &str) {
    match INSTALL_ORDER.iter().position(|k| *k == kind) {
        Some(i) => (i, ""),
        None => (INSTALL_ORDER.len(), kind),
    }
}

/// The stream `helm template` prints: every document after `---` and its `# Source:` line,
/// surrounding space trimmed, one final newline.
pub fn stream(docs: &[Doc]) -> String {
    let mut out = String::new();
    for d in docs {
        out.push_str("---\n");
        out.push_str(&d.yaml);
    }
    let mut out = out.trim().to_string();
    out.push('\n');
    out
}

/// Helm's `SplitManifests`: documents separated by `---` lines.
fn split_docs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "---" || line.starts_with("---") && line[3..].trim().is_empty() {
            out.push(&text[start..pos]);
            start = pos + line.len();
        }
        pos += line.len();
    }
    out.push(&text[start..]);
    out
}
