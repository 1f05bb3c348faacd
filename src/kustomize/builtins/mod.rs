//! kustomize's builtin transformers and generators, one module per kustomization field.
//!
//! Each builtin is a plain struct built from its configuration (the kustomization field, or a
//! builtin plugin config named in `transformers:`/`generators:`), implementing [`Transformer`] or
//! producing resources. `target.rs` runs them in kustomize's order: patchesStrategicMerge, patches,
//! namespace, namePrefix, nameSuffix, labels, annotations, patchesJson6902, replicas, images,
//! replacements.

pub mod annotations;
pub mod generator;
pub mod helm_charts;
pub mod iam_policy;
pub mod images;
pub mod labels;
pub mod name_prefix_suffix;
pub mod namespace;
pub mod plugins;
pub mod replicas;
pub mod value_add;
pub mod patches;
pub mod patches_json6902;
pub mod patches_strategic_merge;
pub mod plugin_config;
pub mod replacements;

use super::loader::Loader;
use super::KustomizeError;
use crate::resource::ResMap;

/// What a builtin may use besides the resources: file access rooted at its kustomization, and a
/// place for warnings (printed on stderr by the CLI).
pub struct Context<'a> {
    pub loader: &'a Loader,
    pub warnings: &'a mut Vec<String>,
}

/// A builtin generator: makes new resources.
pub trait Generate {
    fn generate(&self, loader: &Loader) -> Result<Vec<crate::resource::Resource>, String>;
    /// A short description for messages.
    fn describe(&self) -> String;
}

/// A builtin transformer: changes resources in place.
pub trait Transformer {
    fn transform(&self, resources: &mut ResMap, cx: &mut Context<'_>) -> Result<(), KustomizeError>;
}
