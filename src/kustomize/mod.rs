//! `kustomize build`, reimplemented: load → generate → transform → emit.
//!
//! [`build`] runs a kustomization directory to a [`ResMap`]; [`emit`] prints it exactly as
//! kustomize v5.5 prints it.

pub mod accumulator;
pub mod builtins;
pub mod builtin_specs;
pub mod config;
pub mod decode;
pub mod fieldspec;
pub mod hash;
pub mod http;
pub mod nameref;
pub mod origin;
pub mod pathget;
pub mod remote;
pub mod setters;
pub mod shared;
pub mod kustomization;
pub mod loader;
pub mod openapi;
pub mod patch;
pub mod rnode;
pub mod select;
pub mod sort;
pub mod target;
pub mod timing;
pub mod vars;

use crate::resource::{ResMap, Resource};
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
    /// `--reorder`: the final sort when the kustomization has no `sortOptions`.
    pub reorder: Reorder,
    /// `--enable-managedby-label` (or `KUSTOMIZE_ENABLE_MANAGEDBY_LABEL=on`): as the
    /// `managedByLabel` build metadata option.
    pub add_managed_by_label: bool,
    /// `--enable-alpha-plugins`: plugins other than the builtin ones are looked for (and refused:
    /// krender runs no exec, Go or container plugins) instead of refused as disabled.
    pub enable_plugins: bool,
    /// `--enable-helm`: `helmCharts` are rendered with the built-in Helm engine instead of
    /// refused with kustomize's "must specify --enable-helm".
    pub enable_helm: bool,
    /// `--helm-kube-version`: the Kubernetes version of every chart whose `kubeVersion` is not
    /// set (kustomize's `HelmConfig.KubeVersion`, written into the plugin before its config).
    pub helm_kube_version: String,
    /// `--helm-api-versions`: likewise, the charts' `apiVersions` when they set none.
    pub helm_api_versions: Vec<String>,
    /// Text that replaces the top kustomization file's (Argo CD's `kustomize edit` options
    /// applied in memory; the file on disk is never changed). Nested kustomizations are read
    /// from disk.
    pub top_kustomization: Option<Vec<u8>>,
    /// Parsed files shared with other builds of the same run (`render-all`).
    pub cache: Option<std::sync::Arc<shared::FileCache>>,
    /// Bases built by other builds of the same run (`render-all`, `diff`); a reused base's reads
    /// are logged as if it had been built.
    pub bases: Option<std::sync::Arc<shared::BaseCache>>,
    /// Where to log every path the build looks at (`diff` tracks each app's inputs).
    pub reads: Option<std::sync::Arc<shared::ReadLog>>,
}

/// `--reorder` (`krusty.ReorderOption`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reorder {
    /// Flag not given: `sortOptions`, else legacy.
    #[default]
    Unspecified,
    Legacy,
    /// No final sort (unless `sortOptions` asks for one).
    None,
}

/// The result of a build: the resources, in output order, and warnings for stderr.
#[derive(Debug)]
pub struct Build {
    pub resources: ResMap,
    pub warnings: Vec<String>,
}

/// Builds the kustomization in `dir` (`Kustomizer.Run`).
pub fn build(dir: &Path, opts: &BuildOptions) -> Result<Build, KustomizeError> {
    let mut warnings = Vec::new();
    let resources = build_with_warnings(dir, opts, &mut warnings)?;
    Ok(Build { resources, warnings })
}

/// [`build`], with the deprecation warnings (printed by kustomize as each file is read, so also
/// when the build then fails) collected in `warnings`.
pub fn build_with_warnings(dir: &Path, opts: &BuildOptions, warnings: &mut Vec<String>) -> Result<ResMap, KustomizeError> {
    if let Some(log) = &opts.reads {
        log.file(&loader::clean_abs(dir));
    }
    let loader = Loader::new(dir, opts.load_restrictor).map_err(|e| KustomizeError(e.0))?.with_reads(opts.reads.clone());
    let mut state = target::BuildState { warnings, build_metadata: Vec::new(), parsed: Default::default(),
        cache: opts.cache.clone(),
        bases: opts.bases.clone(),
        roots: Vec::new(),
        enable_plugins: opts.enable_plugins,
        enable_helm: opts.enable_helm,
        helm_kube_version: opts.helm_kube_version.clone(),
        helm_api_versions: opts.helm_api_versions.clone(),
    };
    openapi::build_state::begin_build();
    let mut top = target::Target::load_with(loader, opts.top_kustomization.as_deref(), &mut state)?;
    openapi::build_state::note_kustomization(&top.k, &top.loader)?;
    let build_metadata = top.k.string_list("buildMetadata").map_err(|e| KustomizeError(e.0))?;
    for option in &build_metadata {
        if !["originAnnotations", "transformerAnnotations", "managedByLabel"].contains(&option.as_str()) {
            return Err(KustomizeError(format!(
                "invalid buildMetadata option: {option}; must be one of [originAnnotations transformerAnnotations managedByLabel]"
            )));
        }
    }
    state.build_metadata = build_metadata.clone();
    if !build_metadata.is_empty() {
        top.origin = Some(origin::Origin::default());
    }
    // `applySortOrder`: the kustomization's `sortOptions` win over `--reorder`.
    let order = if top.k.get("sortOptions").is_some_and(|v| *v != crate::yaml::value::Value::Null) {
        if opts.reorder != Reorder::Unspecified {
            state.warnings.push(
                "Warning: Sorting order is set both in 'kustomization.yaml' ('sortOptions') and in a CLI flag ('--reorder'). Using the kustomization file over the CLI flag."
                    .into(),
            );
        }
        Some(sort::SortOrder::from_kustomization(&top.k).map_err(KustomizeError)?)
    } else if opts.reorder == Reorder::None {
        None
    } else {
        Some(sort::SortOrder::legacy_default())
    };

    // makeCustomizedResMap: accumulate, then the steps that must come last.
    let span = timing::span(|| "accumulate".into());
    let mut ra = top.accumulate(accumulator::Accumulator::new(), &mut state)?;
    drop(span);
    let span = timing::span(|| "hash suffixes".into());
    builtins::plugins::hash_names(&mut ra.resources)?;
    drop(span);
    if !ra.config.name_reference.is_empty() {
        let _span = timing::span(|| "name references".into());
        nameref::fix_references(&mut ra.resources, &ra.config.name_reference)?;
    }
    let span = timing::span(|| "vars".into());
    vars::resolve_vars(&mut ra.resources, &ra.vars, &ra.config.var_reference)?;
    drop(span);
    let _span = timing::span(|| "local config, sort, build annotations".into());
    let mut resources = drop_local_config(ra.resources.into_resources());

    if let Some(order) = &order {
        order.apply(&mut resources);
    }
    let keep_origin = build_metadata.iter().any(|o| o == "originAnnotations");
    let keep_transformations = build_metadata.iter().any(|o| o == "transformerAnnotations");
    let managed_by = opts.add_managed_by_label || build_metadata.iter().any(|o| o == "managedByLabel");
    let managed_by = managed_by.then(|| builtins::labels::MapEntries {
        entries: [("app.kubernetes.io/managed-by".to_string(), "kustomize-(devel)".to_string())].into(),
        field_specs: vec![fieldspec::FieldSpec::new("metadata/labels", true)],
    });
    let finish = |r: &mut Resource| -> Result<(), KustomizeError> {
        if let Some(t) = &managed_by {
            t.apply(&mut r.node).map_err(KustomizeError)?;
        }
        r.finish_annotations(keep_origin, keep_transformations);
        Ok(())
    };
    {
        use rayon::prelude::*;
        if resources.len() < 32 {
            resources.iter_mut().try_for_each(finish)?;
        } else {
            let results: Vec<Result<(), KustomizeError>> = resources.par_iter_mut().with_min_len(32).map(finish).collect();
            results.into_iter().collect::<Result<(), _>>()?;
        }
    }
    let mut sorted = ResMap::new();
    sorted
        .append_all(resources)
        .map_err(|e| KustomizeError(format!("SortOrderTransformer: Failed to append to resources: {e}")))?;
    Ok(sorted)
}

/// `IgnoreLocal`: objects annotated `config.kubernetes.io/local-config` (other than "false")
/// are not part of the output.
fn drop_local_config(resources: Vec<Resource>) -> Vec<Resource> {
    resources
        .into_iter()
        .filter(|r| match r.node.get_path(&["metadata", "annotations", "config.kubernetes.io/local-config"]) {
            None => true,
            Some(v) => v.as_scalar().is_some_and(|s| s.value == "false"),
        })
        .collect()
}

/// The YAML stream kustomize prints: each resource through JSON and go-yaml v2, `---` between.
/// Resources are printed in parallel and joined in order.
pub fn emit(resources: &ResMap) -> Result<String, KustomizeError> {
    let _span = timing::span(|| "emit".into());
    use rayon::prelude::*;
    let one = |r: &Resource| node_to_yaml(&r.node).map_err(|e| KustomizeError(format!("{}: {e}", r.source.as_deref().unwrap_or(r.name()))));
    let docs: Vec<String> = if resources.len() >= 32 {
        resources.resources().par_iter().map(one).collect::<Result<_, _>>()?
    } else {
        resources.iter().map(one).collect::<Result<_, _>>()?
    };
    let mut out = String::with_capacity(docs.iter().map(|d| d.len() + 4).sum());
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(d);
    }
    Ok(out)
}
