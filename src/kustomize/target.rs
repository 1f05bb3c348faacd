//! One kustomization being built (`target.KustTarget`), in kustomize's order: accumulate its
//! resources (files, and other kustomizations built recursively), merge `configurations:` and
//! `crds:`, run the generators, add the components, run the transformers and the validators, and
//! record the vars.

use super::accumulator::Accumulator;
use super::builtins::generator::{Generator, GeneratorKind, GeneratorOptions};
use super::builtins::images::ImageTag;
use super::builtins::labels::MapEntries;
use super::builtins::name_prefix_suffix::{Affix, NameAffix};
use super::builtins::patches::PatchTransformer;
use super::builtins::patches_json6902::PatchJson6902Transformer;
use super::builtins::patches_strategic_merge::PatchStrategicMergeTransformer;
use super::builtins::replacements::ReplacementTransformer;
use super::builtins::namespace::Namespace;
use super::builtins::plugins::{self, Plugin};
use super::builtins::replicas::ReplicaCount;
use super::builtins::{Context, Generate, Transformer};
use super::config::{self, TransformerConfig};
use super::kustomization::Kustomization;
use super::loader::Loader;
use super::origin::{self, ConfiguredBy, Origin};
use super::KustomizeError;
use crate::resource::read::{objects_from_bytes, ReadError};
use crate::resource::Resource;
use crate::yaml::value::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Build-wide state shared by every kustomization of one build.
pub struct BuildState<'w> {
    pub warnings: &'w mut Vec<String>,
    /// The top kustomization's `buildMetadata` (kustomize hands it down to every kustomization).
    pub build_metadata: Vec<String>,
    /// Files read in this build: `None` once read, the parsed objects from the second read on (a
    /// base shared by several overlays is parsed at most twice, and single reads cost nothing).
    pub parsed: HashMap<PathBuf, Option<Arc<Vec<crate::yaml::Node>>>>,
    /// `--enable-alpha-plugins`.
    pub enable_plugins: bool,
    /// `--enable-helm`.
    pub enable_helm: bool,
    /// `--helm-kube-version`, `--helm-api-versions`.
    pub helm_kube_version: String,
    pub helm_api_versions: Vec<String>,
    /// Files parsed by other builds of the same run, if shared.
    pub cache: Option<Arc<super::shared::FileCache>>,
    /// Bases built by other builds of the same run, if shared.
    pub bases: Option<Arc<super::shared::BaseCache>>,
    /// The kustomization roots loaded so far.
    pub roots: Vec<PathBuf>,
}

/// A loaded kustomization.
pub struct Target {
    pub loader: Loader,
    pub k: Kustomization,
    /// The name the kustomization file was found under.
    pub file_name: String,
    /// Where its resources come from, when origins are tracked.
    pub origin: Option<Origin>,
}

fn err(s: impl Into<String>) -> KustomizeError {
    KustomizeError(s.into())
}

/// A transformer with the origin recorded in `transformerAnnotations`.
struct Step {
    kind: &'static str,
    transformers: Vec<Box<dyn Transformer>>,
    origin: Option<Origin>,
}


impl Target {
    /// `KustTarget.Load`: reads the kustomization file in the loader's root.
    pub fn load(loader: Loader, state: &mut BuildState<'_>) -> Result<Target, KustomizeError> {
        Target::load_with(loader, None, state)
    }

    /// [`Target::load`], the kustomization file's text replaced by `text` when given.
    pub fn load_with(loader: Loader, text: Option<&[u8]>, state: &mut BuildState<'_>) -> Result<Target, KustomizeError> {
        let k = Kustomization::load_with(&loader, text).map_err(|e| err(e.0))?;
        state.warnings.extend(k.warnings.iter().cloned());
        k.check_types().map_err(|e| err(e.0))?;
        let file_name = k.file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        state.roots.push(loader.root().to_path_buf());
        Ok(Target { loader, k, file_name, origin: None })
    }

    fn builtin_origin(&self, kind: &str) -> Option<Origin> {
        self.origin.as_ref().map(|o| Origin {
            repo: o.repo.clone(),
            git_ref: o.git_ref.clone(),
            configured_in: origin::join_path(&o.path, &self.file_name),
            configured_by: ConfiguredBy { api_version: "builtin".into(), kind: kind.into(), ..Default::default() },
            ..Default::default()
        })
    }

    /// `accumulateTarget`.
    pub fn accumulate(&mut self, ra: Accumulator, state: &mut BuildState<'_>) -> Result<Accumulator, KustomizeError> {
        let resources = self.k.resources().map_err(|e| err(e.0))?;
        let mut ra = self.accumulate_resources(ra, &resources, state).map_err(|e| err(format!("accumulating resources: {}", e.0)))?;
        let configurations = self.k.string_list("configurations").map_err(|e| err(e.0))?;
        let tc = TransformerConfig::load(&self.loader, &configurations).map_err(err)?;
        ra.config = ra.config.merge(&tc).map_err(|e| err(format!("merging config: {e}")))?;
        let crds = self.k.string_list("crds").map_err(|e| err(e.0))?;
        let crd_tc = config::load_crds(&self.loader, &crds).map_err(|e| err(format!("loading CRDs {crds:?}: {e}")))?;
        ra.config = ra.config.merge(&crd_tc).map_err(|e| err(format!("merging CRDs: {e}")))?;
        self.run_generators(&mut ra, state)?;
        let components = self.k.string_list("components").map_err(|e| err(e.0))?;
        let mut ra = self.accumulate_components(ra, &components, state).map_err(|e| err(format!("accumulating components: {}", e.0)))?;
        self.run_transformers(&mut ra, state)?;
        self.run_validators(&mut ra, state)?;
        let vars = self.k.vars().map_err(|e| err(e.0))?;
        super::vars::merge_vars(&mut ra.resources, &mut ra.vars, &vars).map_err(|e| err(format!("merging vars: {e}")))?;
        Ok(ra)
    }

    /// `accumulateResources`: each path is a file of objects, else a kustomization directory.
    fn accumulate_resources(&mut self, mut ra: Accumulator, paths: &[String], state: &mut BuildState<'_>) -> Result<Accumulator, KustomizeError> {
        for path in paths {
            let file_err = match self.load_file(path, &mut state.parsed, state.cache.as_deref()) {
                Ok(resources) => match ra.resources.append_all(resources) {
                    Ok(()) => continue,
                    Err(e) => FileError { message: format!("merging resources from '{path}': {e}"), malformed: false, http: false },
                },
                Err(e) => e,
            };
            // An HTTP status error ends the build: the URL names no kustomization either.
            if file_err.http {
                return Err(err(file_err.message));
            }
            let child = match self.loader.child(path) {
                Ok(c) => c,
                Err(e) => {
                    if file_err.malformed {
                        return Err(err(file_err.message));
                    }
                    return Err(err(format!("accumulation err='{}': {}", file_err.message, e.0)));
                }
            };
            let origin = self.origin.as_ref().map(|o| o.append(path));
            ra = self
                .accumulate_directory(ra, child, false, origin, state)
                .map_err(|e| err(format!("accumulation err='{}': {}", file_err.message, e.0)))?;
        }
        Ok(ra)
    }

    /// `accumulateComponents`: components always name directories.
    fn accumulate_components(&mut self, mut ra: Accumulator, paths: &[String], state: &mut BuildState<'_>) -> Result<Accumulator, KustomizeError> {
        for path in paths {
            let child = self.loader.child(path).map_err(|e| err(format!("loader.New {:?}", e.0)))?;
            let origin = self.origin.as_ref().map(|o| o.append(path));
            ra = self.accumulate_directory(ra, child, true, origin, state).map_err(|e| err(format!("accumulateDirectory: {:?}", e.0)))?;
        }
        Ok(ra)
    }

    /// `accumulateDirectory`: builds another kustomization; a component works on this
    /// kustomization's accumulator, a kustomization on its own.
    fn accumulate_directory(
        &mut self,
        ra: Accumulator,
        loader: Loader,
        is_component: bool,
        origin: Option<Origin>,
        state: &mut BuildState<'_>,
    ) -> Result<Accumulator, KustomizeError> {
        let root = loader.root().display().to_string();
        let mut sub = Target::load(loader, state).map_err(|e| err(format!("couldn't make target for path '{root}': {}", e.0)))?;
        sub.origin = origin;
        super::openapi::build_state::note_kustomization(&sub.k, &sub.loader)?;
        if is_component && !sub.k.is_component() {
            return Err(err(format!("expected kind 'Component' for path '{root}' but got '{}'", sub.k.kind)));
        }
        if !is_component && sub.k.is_component() {
            return Err(err(format!("expected kind != 'Component' for path '{root}'")));
        }
        let (mut ra, sub_ra) = if is_component {
            let sub_ra = sub.accumulate(ra, state);
            (Accumulator::new(), sub_ra)
        } else {
            let sub_ra = Self::accumulate_base(&mut sub, state);
            (ra, sub_ra)
        };
        let sub_ra = sub_ra.map_err(|e| err(format!("recursed accumulation of path '{root}': {}", e.0)))?;
        ra.merge(sub_ra).map_err(|e| err(format!("recursed merging from path '{root}': {e}")))?;
        Ok(ra)
    }

    /// A base's own accumulation, reused from another build of the run when its result cannot
    /// differ: no origins or build metadata tracked, not in a clone, no schema chosen and the same
    /// built-in schema flag as when it was built, and no kustomization leading here lying in a
    /// directory it loaded (which would be a cycle to report).
    fn accumulate_base(sub: &mut Target, state: &mut BuildState<'_>) -> Result<Accumulator, KustomizeError> {
        use super::openapi::build_state;
        let cache = match &state.bases {
            Some(c) if sub.origin.is_none() && state.build_metadata.is_empty() && sub.loader.repo().is_none() => c.clone(),
            _ => return sub.accumulate(Accumulator::new(), state),
        };
        let Some(flag) = build_state::reuse_key() else { return sub.accumulate(Accumulator::new(), state) };
        let root = sub.loader.root().to_path_buf();
        let restrictor = sub.loader.restrictor();
        if let Some(b) = cache.get(&root, restrictor) {
            let cycle = b.roots.iter().skip(1).any(|r| sub.loader.referrers().iter().any(|v| v.starts_with(r)));
            // A base reused by a build logging its reads must have been built by one.
            let reads_ok = sub.loader.reads().is_none() || b.reads.is_some();
            if b.flag_before == flag && !cycle && reads_ok {
                cache.hit();
                if let (Some(log), Some(reads)) = (sub.loader.reads(), &b.reads) {
                    log.add(reads);
                }
                state.warnings.extend(b.warnings.iter().cloned());
                state.roots.extend(b.roots.iter().skip(1).cloned());
                build_state::set_reuse_key(b.flag_after);
                return Ok(b.accumulator.clone());
            }
        }
        let (warnings_before, roots_before) = (state.warnings.len(), state.roots.len());
        // The base's own reads, logged apart (then added to the build's log) to be kept with it.
        let outer_log = sub.loader.reads().cloned();
        let own_log = outer_log.as_ref().map(|_| Arc::new(super::shared::ReadLog::new()));
        if let Some(own) = &own_log {
            sub.loader = sub.loader.clone().with_reads(Some(own.clone()));
        }
        let built = sub.accumulate(Accumulator::new(), state);
        let reads = own_log.map(|l| l.snapshot());
        if let (Some(outer), Some(reads)) = (&outer_log, &reads) {
            outer.add(reads);
            sub.loader = sub.loader.clone().with_reads(Some(outer.clone()));
        }
        let built = built?;
        if let Some(after) = build_state::reuse_key() {
            let mut roots = vec![root.clone()];
            roots.extend(state.roots[roots_before..].iter().cloned());
            cache.insert(
                root,
                restrictor,
                super::shared::BuiltBase {
                    accumulator: built.clone(),
                    reads,
                    warnings: state.warnings[warnings_before..].to_vec(),
                    roots,
                    flag_before: flag,
                    flag_after: after,
                },
            );
        }
        Ok(built)
    }

    /// `accumulateFile`: the objects of one file (with their origin when tracked).
    fn load_file(
        &self,
        path: &str,
        parsed: &mut HashMap<PathBuf, Option<Arc<Vec<crate::yaml::Node>>>>,
        shared: Option<&super::shared::FileCache>,
    ) -> Result<Vec<Resource>, FileError> {
        let resolved = if super::loader::is_remote_file(path) { None } else { self.loader.resolve_file(path).ok() };
        let source: Arc<str> = resolved.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| path.to_string()).into();
        let mut seen = resolved.as_ref().and_then(|p| parsed.get(p)).cloned();
        if let (Some(cache), Some(p)) = (shared, &resolved) {
            if let Some(docs) = cache.get(p) {
                self.loader.note_read(p);
                seen = Some(Some(docs));
            }
        }
        let objects: Vec<crate::yaml::Node> = match seen {
            Some(Some(objects)) => objects.as_ref().clone(),
            _ => {
                let bytes = self
                    .loader
                    .load(path)
                    .map_err(|e| FileError {
                        message: format!("accumulating resources from '{path}': {}", e.0),
                        malformed: false,
                        http: e.0.starts_with(super::http::HTTP_ERROR),
                    })?;
                let _span = super::timing::span(|| format!("parse {source}"));
                let objects = objects_from_bytes(&bytes).map_err(|e| {
                    let malformed = matches!(e, ReadError::Yaml(_) | ReadError::Separator(_));
                    FileError { message: format!("accumulating resources from '{path}': {source}: {e}"), malformed, http: false }
                })?;
                if let Some(p) = resolved {
                    if let Some(cache) = shared {
                        cache.insert(p.clone(), Arc::new(objects.clone()));
                    }
                    let keep = if seen.is_some() { Some(Arc::new(objects.clone())) } else { None };
                    parsed.insert(p, keep);
                }
                objects
            }
        };
        let mut out: Vec<Resource> = objects.into_iter().map(|node| Resource::with_source(node, Some(source.clone()))).collect();
        if let Some(o) = &self.origin {
            let o = o.append(path);
            for r in &mut out {
                origin::set_origin(r, Some(&o));
            }
        }
        Ok(out)
    }

    /// Plugin config objects named by `generators:`/`transformers:`/`validators:` entries: inline
    /// YAML, files, or kustomization directories (built first).
    fn plugin_configs(&mut self, entries: &[String], state: &mut BuildState<'_>) -> Result<Vec<Resource>, KustomizeError> {
        let mut ra = Accumulator::new();
        let mut paths = Vec::new();
        for entry in entries {
            match plugins::inline_objects(entry) {
                Some(mut objs) => {
                    if let Some(o) = &self.origin {
                        let o = o.append(&self.file_name);
                        for r in &mut objs {
                            origin::set_origin(r, Some(&o));
                        }
                    }
                    ra.resources.append_all(objs).map_err(|e| err(format!("configuring external plugin: {e}")))?;
                }
                None => paths.push(entry.clone()),
            }
        }
        let ra = self.accumulate_resources(ra, &paths, state)?;
        Ok(ra.resources.into_resources())
    }

    /// `OriginFromCustomPlugin`.
    fn plugin_origin(res: &Resource) -> Option<Origin> {
        let o = origin::get_origin(res)?;
        Some(Origin {
            repo: o.repo,
            git_ref: o.git_ref,
            configured_in: o.path,
            configured_by: ConfiguredBy {
                api_version: res.api_version().to_string(),
                kind: res.kind().to_string(),
                name: res.name().to_string(),
                namespace: res.namespace().to_string(),
            },
            ..Default::default()
        })
    }

    fn run_generators(&mut self, ra: &mut Accumulator, state: &mut BuildState<'_>) -> Result<(), KustomizeError> {
        let global = self.k.generator_options().map_err(|e| err(e.0))?;
        let mut generators: Vec<(Box<dyn Generate>, Option<Origin>)> = Vec::new();
        for kind in [GeneratorKind::ConfigMap, GeneratorKind::Secret] {
            for mut args in self.k.generator_args(kind).map_err(|e| err(e.0))? {
                args.options = GeneratorOptions::merge_global(args.options.take(), global.as_ref());
                let origin = self.builtin_origin(match kind {
                    GeneratorKind::ConfigMap => "ConfigMapGenerator",
                    GeneratorKind::Secret => "SecretGenerator",
                });
                generators.push((Box::new(Generator { kind, args }), origin));
            }
        }
        // The deprecated `helmChartInflationGenerator` entries join `helmCharts` (kustomize's
        // FixKustomization); kustomize configures one HelmChartInflationGenerator per chart, and
        // without `--enable-helm` the first one refuses.
        let (chart_list, globals) = super::builtins::helm_charts::with_legacy(self.k.get("helmCharts"), self.k.get("helmGlobals"), self.k.get("helmChartInflationGenerator"));
        if let (false, Some(chart)) = (state.enable_helm, chart_list.first()) {
            // the plugin's config: the globals and the chart side by side
            let mut config: Vec<(String, Value)> = match &globals {
                Some(Value::Map(g)) => g.iter().filter(|(_, v)| v.as_str() != Some("")).cloned().collect(),
                _ => Vec::new(),
            };
            if let Value::Map(c) = chart {
                config.extend(c.iter().cloned());
            }
            let text = crate::yaml::to_yaml(&Value::Map(config)).unwrap_or_default();
            return Err(err(format!("trouble configuring builtin HelmChartInflationGenerator with config: `\n{text}`: must specify --enable-helm")));
        }
        let charts = super::builtins::helm_charts::from_kustomization(Some(&Value::Seq(chart_list)), globals.as_ref(), &state.helm_kube_version, &state.helm_api_versions)
            .map_err(|e| err(format!("{}: {e}", self.k.file.display())))?;
        for chart in charts {
            let origin = self.builtin_origin("HelmChartInflationGenerator");
            generators.push((Box::new(chart), origin));
        }
        let entries = self.k.string_list("generators").map_err(|e| err(e.0))?;
        if !entries.is_empty() {
            for res in self.plugin_configs(&entries, state).map_err(|e| err(format!("loading generator plugins: {}", e.0)))? {
                match plugins::load(&res, &self.loader, Self::plugin_flags(state)).map_err(|e| err(format!("loading generator plugins: failed to load generator: {}", e.0)))? {
                    Plugin::Generator(g) => generators.push((g, Self::plugin_origin(&res))),
                    Plugin::Transformer(_) => {
                        return Err(err(format!("loading generator plugins: failed to load generator: plugin {} not a generator", res.org_id().id)))
                    }
                }
            }
        }
        for (g, origin) in generators {
            let mut rs = g.generate(&self.loader).map_err(err)?;
            if let Some(o) = &origin {
                origin::add_origin(&mut rs, o);
            }
            ra.absorb(rs).map_err(|e| err(format!("merging from generator {}: {e}", g.describe())))?;
        }
        Ok(())
    }

    /// The build flags plugin configs see.
    fn plugin_flags<'s>(state: &'s BuildState<'_>) -> plugins::Enabled<'s> {
        plugins::Enabled {
            plugins: state.enable_plugins,
            helm: state.enable_helm,
            helm_kube_version: &state.helm_kube_version,
            helm_api_versions: &state.helm_api_versions,
        }
    }

    /// `configureBuiltinTransformers` then the `transformers:` entries, each run in turn.
    fn run_transformers(&mut self, ra: &mut Accumulator, state: &mut BuildState<'_>) -> Result<(), KustomizeError> {
        let tc = ra.config.clone();
        let k = &self.k;
        let mut steps: Vec<Step> = Vec::new();
        let push = |steps: &mut Vec<Step>, t: Box<dyn Transformer>, kind: &'static str| steps.push(Step { kind, transformers: vec![t], origin: self.builtin_origin(kind) });

        if let Some(t) = PatchStrategicMergeTransformer::from_kustomization(k, &self.loader)? {
            push(&mut steps, Box::new(t), "PatchStrategicMergeTransformer");
        }
        for t in PatchTransformer::from_kustomization(k, &self.loader)? {
            push(&mut steps, Box::new(t), "PatchTransformer");
        }

        let namespace = k.string_field("namespace").map_err(|e| err(e.0))?.unwrap_or_default();
        if !namespace.is_empty() {
            push(&mut steps, Box::new(Namespace { namespace, field_specs: tc.namespace.clone(), ..Default::default() }), "NamespaceTransformer");
        }
        let prefix = k.string_field("namePrefix").map_err(|e| err(e.0))?.unwrap_or_default();
        if !prefix.is_empty() {
            push(&mut steps, Box::new(NameAffix { affix: Affix::Prefix, value: prefix, field_specs: tc.name_prefix.clone() }), "PrefixTransformer");
        }
        let suffix = k.string_field("nameSuffix").map_err(|e| err(e.0))?.unwrap_or_default();
        if !suffix.is_empty() {
            push(&mut steps, Box::new(NameAffix { affix: Affix::Suffix, value: suffix, field_specs: tc.name_suffix.clone() }), "SuffixTransformer");
        }
        let labels = k.labels().map_err(|e| err(e.0))?;
        let common_labels = k.string_map("commonLabels").map_err(|e| err(e.0))?;
        if !labels.is_empty() || !common_labels.is_empty() {
            for l in &labels {
                push(&mut steps, Box::new(l.transformer(&tc).map_err(err)?), "LabelTransformer");
            }
            push(&mut steps, Box::new(MapEntries { entries: common_labels, field_specs: tc.common_labels.clone() }), "LabelTransformer");
        }
        let annotations = k.string_map("commonAnnotations").map_err(|e| err(e.0))?;
        if !annotations.is_empty() {
            push(&mut steps, Box::new(MapEntries { entries: annotations, field_specs: tc.common_annotations.clone() }), "AnnotationsTransformer");
        }
        for t in PatchJson6902Transformer::from_kustomization(k, &self.loader)? {
            push(&mut steps, Box::new(t), "PatchJson6902Transformer");
        }
        for replica in k.replicas().map_err(|e| err(e.0))? {
            push(&mut steps, Box::new(ReplicaCount { replica, field_specs: tc.replicas.clone() }), "ReplicaCountTransformer");
        }
        for image in k.images().map_err(|e| err(e.0))? {
            push(&mut steps, Box::new(ImageTag::new(image, tc.images.clone())), "ImageTagTransformer");
        }
        if let Some(t) = ReplacementTransformer::from_kustomization(k, &self.loader)? {
            push(&mut steps, Box::new(t), "ReplacementTransformer");
        }

        let entries = self.k.string_list("transformers").map_err(|e| err(e.0))?;
        if !entries.is_empty() {
            for res in self.plugin_configs(&entries, state)? {
                match plugins::load(&res, &self.loader, Self::plugin_flags(state))? {
                    Plugin::Transformer(ts) => steps.push(Step { kind: "transformers:", transformers: ts, origin: Self::plugin_origin(&res) }),
                    Plugin::Generator(_) => return Err(err(format!("plugin {} not a transformer", res.org_id().id))),
                }
            }
        }
        let mut cx = Context { loader: &self.loader, warnings: state.warnings };
        for step in steps {
            let _span = super::timing::span(|| format!("{} ({})", step.kind, self.loader.root().display()));
            for t in &step.transformers {
                t.transform(&mut ra.resources, &mut cx)?;
            }
            if let Some(o) = &step.origin {
                ra.resources.modify(|rs| origin::add_transformation(rs, o));
            }
            ra.resources.drop_empties();
        }
        Ok(())
    }

    /// `runValidators`: each validator transforms the resources themselves (so a `validated-by`
    /// label it adds stays in the output); apart from that label, it must leave them unchanged.
    fn run_validators(&mut self, ra: &mut Accumulator, state: &mut BuildState<'_>) -> Result<(), KustomizeError> {
        let entries = self.k.string_list("validators").map_err(|e| err(e.0))?;
        if entries.is_empty() {
            return Ok(());
        }
        let strip = |rs: &[Resource]| -> Vec<crate::yaml::Node> {
            rs.iter()
                .map(|r| {
                    let mut r = r.clone();
                    let mut labels = r.labels();
                    if labels.remove("validated-by").is_some() {
                        r.set_labels(&labels);
                    }
                    r.node
                })
                .collect()
        };
        for res in self.plugin_configs(&entries, state)? {
            let Plugin::Transformer(ts) = plugins::load(&res, &self.loader, Self::plugin_flags(state))? else {
                return Err(err(format!("plugin {} not a transformer", res.org_id().id)));
            };
            let original: Vec<crate::yaml::Node> = ra.resources.iter().map(|r| r.node.clone()).collect();
            let mut cx = Context { loader: &self.loader, warnings: state.warnings };
            for t in &ts {
                t.transform(&mut ra.resources, &mut cx)?;
            }
            if strip(ra.resources.resources()) != original {
                return Err(err("validator shouldn't modify the resource map"));
            }
        }
        Ok(())
    }
}

struct FileError {
    message: String,
    malformed: bool,
    /// kustomize's `ErrHTTP`: a remote file answered with a status outside 2xx.
    http: bool,
}
