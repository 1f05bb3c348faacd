//! A chart app's manifests: `helm template` through the library (`source::helm::template`, the
//! same call `krender template` and Argo CD Helm sources make), split into its documents at the
//! `# Source:` lines so that `diff` can key them.

use super::discover::ChartRelease;
use super::render::{Doc, ResKey};
use crate::source::helm::{template, HelmTemplate};
use std::path::Path;

pub fn render(dir: &Path, release: &ChartRelease) -> Result<Vec<Doc>, String> {
    let t = HelmTemplate {
        chart_dir: dir.to_path_buf(),
        release_name: release.name.clone(),
        namespace: release.namespace.clone(),
        values: release.value_files.iter().map(|f| dir.join(f)).collect(),
        ..HelmTemplate::default()
    };
    let out = template(&t)?;
    docs_of(dir, &out)
}

/// `helm template`'s text as documents keyed by their object.
pub fn docs_of(dir: &Path, out: &str) -> Result<Vec<Doc>, String> {
    let mut docs = Vec::new();
    for piece in split_sources(out) {
        let key = match crate::resource::read::objects_from_bytes(piece.as_bytes()) {
            Ok(nodes) if !nodes.is_empty() => ResKey::of_node(&nodes[0]),
            Ok(_) => continue,
            Err(e) => return Err(format!("YAML parse error in the output of {}: {e}", dir.display())),
        };
        docs.push(Doc { key, yaml: piece.to_string() });
    }
    Ok(docs)
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

/// The documents of `helm template`'s output: each from its `# Source:` line (after a `---`
/// line) up to the next such `---` line.
fn split_sources(out: &str) -> Vec<&str> {
    let mut starts = Vec::new();
    let mut pos = 0;
    for line in out.split_inclusive('\n') {
        if line == "---\n" && out[pos + line.len()..].starts_with("# Source: ") {
            starts.push(pos);
        }
        pos += line.len();
    }
    let mut docs = Vec::new();
    for (i, &s) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(out.len());
        docs.push(&out[s + 4..end]);
    }
    docs
}
