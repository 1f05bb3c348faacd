//! Entries of `generators:`, `transformers:` and `validators:`: plugin configuration objects.
//! Builtin plugins (`apiVersion: builtin`, kinds such as PrefixSuffixTransformer or
//! ConfigMapGenerator) are configured from the object as kustomize configures them; anything else
//! is an exec, Go or container (KRM function) plugin, which kustomize runs only with plugins
//! enabled, and which krender refuses with the same message.

use super::generator::{Generator, GeneratorArgs, GeneratorKind};
use super::images::ImageTag;
use super::labels::MapEntries;
use super::name_prefix_suffix::{Affix, NameAffix};
use super::namespace::Namespace;
use super::replicas::ReplicaCount;
use super::iam_policy::IamPolicy;
use super::{Context, Generate, Transformer};
use crate::kustomize::loader::Loader;
use crate::kustomize::KustomizeError;
use crate::resource::{ResMap, Resource};
use crate::yaml::value::{to_json_value, Value};

/// A configured builtin plugin.
pub enum Plugin {
    Transformer(Vec<Box<dyn Transformer>>),
    Generator(Box<dyn Generate>),
}

/// Configures the builtin plugin a config object names; `loader` is the kustomization's that
/// names it (files the config refers to are read relative to it).
/// With `plugins` enabled (`--enable-alpha-plugins`), a non-builtin plugin is refused as one
/// krender cannot run (kustomize would exec a program, load a Go plugin or run a container);
/// HelmChartInflationGenerator needs `helm` (`--enable-helm`) and runs the built-in Helm engine.
pub fn load(res: &Resource, loader: &Loader, enabled: Enabled<'_>) -> Result<Plugin, KustomizeError> {
    load_inner(res, loader, enabled).map_err(KustomizeError)
}

/// The build flags that let plugins run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Enabled<'a> {
    /// `--enable-alpha-plugins`
    pub plugins: bool,
    /// `--enable-helm`
    pub helm: bool,
    /// `--helm-kube-version`, `--helm-api-versions`
    pub helm_kube_version: &'a str,
    pub helm_api_versions: &'a [String],
}

fn load_inner(res: &Resource, loader: &Loader, enabled: Enabled<'_>) -> Result<Plugin, String> {
    let enable_plugins = enabled.plugins;
    let gvk = res.gvk();
    let id = res.org_id().id;
    if !(gvk.group.is_empty() && gvk.version == "builtin") {
        if enable_plugins {
            return Err(format!(
                "external plugin '{}' (apiVersion {}): exec, Go and container (KRM function) plugins are not supported by krender",
                id.gvk.kind,
                res.api_version()
            ));
        }
        return Err(format!("external plugins disabled; unable to load external plugin '{}'", id.gvk.kind));
    }
    let config = to_json_value(&res.node).map_err(|e| format!("marshalling yaml from res {id}: {e}"))?;
    if let Some(t) = super::patches::from_plugin_config(&gvk.kind, &config, loader) {
        return t.map(|t| Plugin::Transformer(vec![t])).map_err(|e| format!("plugin {id} fails configuration: {}", e.0));
    }
    let fail = |e: String| format!("plugin {id} fails configuration: {e}");
    let t = |x: Box<dyn Transformer>| Ok(Plugin::Transformer(vec![x]));
    match gvk.kind.as_str() {
        "AnnotationsTransformer" => t(Box::new(MapEntries::from_config(&config, "annotations").map_err(fail)?)),
        "LabelTransformer" => t(Box::new(MapEntries::from_config(&config, "labels").map_err(fail)?)),
        "NamespaceTransformer" => t(Box::new(Namespace::from_config(&config).map_err(fail)?)),
        "PrefixTransformer" => t(Box::new(NameAffix::from_config(&config, Affix::Prefix).map_err(fail)?)),
        "SuffixTransformer" => t(Box::new(NameAffix::from_config(&config, Affix::Suffix).map_err(fail)?)),
        "PrefixSuffixTransformer" => Ok(Plugin::Transformer(vec![
            Box::new(NameAffix::from_config(&config, Affix::Prefix).map_err(fail)?),
            Box::new(NameAffix::from_config(&config, Affix::Suffix).map_err(fail)?),
        ])),
        "ImageTagTransformer" => t(Box::new(ImageTag::from_config(&config).map_err(fail)?)),
        "ReplicaCountTransformer" => t(Box::new(ReplicaCount::from_config(&config).map_err(fail)?)),
        "HashTransformer" => t(Box::new(HashNames)),
        "ConfigMapGenerator" => {
            Ok(Plugin::Generator(Box::new(Generator { kind: GeneratorKind::ConfigMap, args: GeneratorArgs::from_config(&config, GeneratorKind::ConfigMap).map_err(fail)? })))
        }
        "SecretGenerator" => {
            Ok(Plugin::Generator(Box::new(Generator { kind: GeneratorKind::Secret, args: GeneratorArgs::from_config(&config, GeneratorKind::Secret).map_err(fail)? })))
        }
        "HelmChartInflationGenerator" if !enabled.helm => Err(fail("must specify --enable-helm".into())),
        "HelmChartInflationGenerator" => Ok(Plugin::Generator(Box::new(super::helm_charts::from_plugin_config(&config, enabled.helm_kube_version, enabled.helm_api_versions).map_err(fail)?))),
        "IAMPolicyGenerator" => Ok(Plugin::Generator(Box::new(IamPolicy::from_config(&config).map_err(fail)?))),
        "ValueAddTransformer" => t(Box::new(super::value_add::ValueAdd::from_config(&config, loader).map_err(fail)?)),
        _ => Err(format!("unable to load builtin {gvk}")),
    }
}

/// HashTransformer: appends the content hash to the names of objects that want one.
pub struct HashNames;

impl Transformer for HashNames {
    fn transform(&self, resources: &mut ResMap, _cx: &mut Context<'_>) -> Result<(), KustomizeError> {
        hash_names(resources)
    }
}

/// `addHashesToNames`.
pub fn hash_names(resources: &mut ResMap) -> Result<(), KustomizeError> {
    resources.modify(|rs| {
        for r in rs.iter_mut() {
            if !r.needs_hash_suffix() {
                continue;
            }
            let h = crate::kustomize::hash::hash(&r.node).map_err(KustomizeError)?;
            r.store_previous_id();
            let name = format!("{}-{h}", r.name());
            r.set_name(&name);
        }
        Ok(())
    })
}

/// True when a `generators:`/`transformers:` entry is inline YAML objects rather than a path
/// (kustomize tries to read it as resources first).
pub fn inline_objects(entry: &str) -> Option<Vec<Resource>> {
    let nodes = crate::resource::read::objects_from_bytes(entry.as_bytes()).ok()?;
    if nodes.is_empty() {
        return None;
    }
    Some(nodes.into_iter().map(Resource::new).collect())
}

/// The config value of a plugin object (for tests and messages).
pub fn config_value(res: &Resource) -> Option<Value> {
    to_json_value(&res.node).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_one;

    #[test]
    fn builtin_kinds_load_and_external_ones_are_refused() {
        let loader = Loader::new(std::path::Path::new("."), Default::default()).unwrap();
        let r = Resource::new(parse_one(b"apiVersion: builtin\nkind: PrefixSuffixTransformer\nmetadata:\n  name: x\nprefix: a-\nfieldSpecs:\n- path: metadata/name\n").unwrap());
        assert!(matches!(load(&r, &loader, Enabled::default()), Ok(Plugin::Transformer(v)) if v.len() == 2));
        let r = Resource::new(parse_one(b"apiVersion: example.com/v1\nkind: Mine\nmetadata:\n  name: x\n").unwrap());
        let err = load(&r, &loader, Enabled::default()).err().unwrap().0;
        assert!(err.contains("external plugins disabled"), "{err}");
        let err = load(&r, &loader, Enabled { plugins: true, ..Enabled::default() }).err().unwrap().0;
        assert_eq!(err, "external plugin 'Mine' (apiVersion example.com/v1): exec, Go and container (KRM function) plugins are not supported by krender");
        let r = Resource::new(parse_one(b"apiVersion: builtin\nkind: PrefixTransformer\nmetadata:\n  name: x\nprefix: a-\n").unwrap());
        assert!(load(&r, &loader, Enabled::default()).err().unwrap().0.contains("fieldSpecs is not expected to be nil"));
    }

    #[test]
    fn inline_entries() {
        assert!(inline_objects("some/path.yaml").is_none());
        assert_eq!(inline_objects("apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: x\n").unwrap().len(), 1);
    }
}
