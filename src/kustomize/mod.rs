//! `kustomize build`, reimplemented: load → generate → transform → emit.
//!
//! [`build`] runs a kustomization directory to a [`ResMap`]; [`emit`] prints it exactly as
//! kustomize v5.5 prints it.

pub mod builtins;
pub mod config;
pub mod decode;
pub mod fieldspec;
pub mod hash;
pub mod nameref;
pub mod setters;
pub mod kustomization;
pub mod loader;
pub mod sort;
pub mod target;

use crate::resource::ResMap;
use crate::yaml::node_to_yaml;
use loader::{LoadRestrictor, Loader};
use std::path::Path;

/// A kustomize build failure, worded like kustomize's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct KustomizeError(pub String);

/// Options of `kustomize build`.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    pub load_restrictor: LoadRestrictor,
}

/// The result of a build: the resources, in output order, and warnings for stderr.
#[derive(Debug)]
pub struct Build {
    pub resources: ResMap,
    pub warnings: Vec<String>,
}

/// Builds the kustomization in `dir`.
pub fn build(dir: &Path, opts: &BuildOptions) -> Result<Build, KustomizeError> {
    let loader = Loader::new(dir, opts.load_restrictor).map_err(|e| KustomizeError(e.0))?;
    let mut warnings = Vec::new();
    let (k, resmap) = target::build_target(&loader, &mut warnings)?;
    let order = sort::SortOrder::from_kustomization(&k).map_err(KustomizeError)?;
    let mut resources = resmap.into_resources();
    order.apply(&mut resources);
    for r in &mut resources {
        r.finish_annotations(false, false);
    }
    let mut sorted = ResMap::new();
    sorted
        .append_all(resources)
        .map_err(|e| KustomizeError(format!("SortOrderTransformer: Failed to append to resources: {e}")))?;
    Ok(Build { resources: sorted, warnings })
}

/// The YAML stream kustomize prints: each resource through JSON and go-yaml v2, `---` between.
pub fn emit(resources: &ResMap) -> Result<String, KustomizeError> {
    let mut out = String::new();
    for (i, r) in resources.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        let yaml = node_to_yaml(&r.node).map_err(|e| {
            KustomizeError(format!("{}: {e}", r.source.as_deref().unwrap_or(r.name())))
        })?;
        out.push_str(&yaml);
    }
    Ok(out)
}
