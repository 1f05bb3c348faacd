//! `patchesStrategicMerge:` — kustomize's PatchStrategicMergeTransformer. Each entry is patch
//! text itself when it reads as objects, else a file path; a file may hold several patches. Each
//! patch applies to the one resource with its id (previous ids count).

use super::plugin_config::{config_error, omit_empty, Fields};
use super::{Context, Transformer};
use crate::kustomize::kustomization::Kustomization;
use crate::kustomize::loader::Loader;
use crate::kustomize::openapi::{build_state, Schemas};
use crate::kustomize::patch::apply::{apply_sm_patch_to, find_by_id};
use crate::kustomize::KustomizeError;
use crate::resource::read::objects_from_bytes;
use crate::resource::{ResMap, Resource};
use crate::yaml::value::Value;
use std::sync::Arc;

const PLUGIN: &str = "PatchStrategicMergeTransformer";

#[derive(Clone, Debug)]
pub struct PatchStrategicMergeTransformer {
    patches: Vec<Resource>,
    schemas: Option<Arc<Schemas>>,
}

impl PatchStrategicMergeTransformer {
    /// The kustomization's `patchesStrategicMerge` (none when the field is absent or empty).
    pub fn from_kustomization(k: &Kustomization, loader: &Loader) -> Result<Option<PatchStrategicMergeTransformer>, KustomizeError> {
        let paths = k.string_list("patchesStrategicMerge").map_err(|e| KustomizeError(e.0))?;
        if paths.is_empty() {
            return Ok(None);
        }
        let config = Value::Map(vec![("paths".into(), Value::Seq(paths.iter().cloned().map(Value::Str).collect()))]);
        Self::configure(paths, String::new(), loader, &config).map(Some)
    }

    /// A builtin plugin config (`kind: PatchStrategicMergeTransformer`, fields `paths`, `patches`).
    pub fn from_value(v: &Value, loader: &Loader) -> Result<PatchStrategicMergeTransformer, KustomizeError> {
        let fields = Fields::new(v, "PatchStrategicMergeTransformerPlugin", &[], false).map_err(KustomizeError)?;
        let (paths, patches) = (|| -> Result<_, String> { Ok((fields.strings("paths")?, fields.string("patches")?)) })()
            .map_err(KustomizeError)?;
        let config = omit_empty(vec![
            ("paths", Value::Seq(paths.iter().cloned().map(Value::Str).collect())),
            ("patches", Value::Str(patches.clone())),
        ]);
        Self::configure(paths, patches, loader, &config)
    }

    fn configure(paths: Vec<String>, inline: String, loader: &Loader, config: &Value) -> Result<PatchStrategicMergeTransformer, KustomizeError> {
        let fail = |reason: String| config_error(PLUGIN, config, &reason);
        if paths.is_empty() && inline.is_empty() {
            return Err(fail("empty file path and empty patch content".into()));
        }
        let mut patches = Vec::new();
        for path in &paths {
            // For legacy reasons the entry is first tried as patch text.
            let nodes = match objects_from_bytes(path.as_bytes()) {
                Ok(nodes) => nodes,
                Err(_) => {
                    let bytes = loader.load(path).map_err(|e| fail(e.0))?;
                    objects_from_bytes(&bytes).map_err(|e| fail(format!("{e} in File {path}")))?
                }
            };
            patches.extend(nodes.into_iter().map(Resource::new));
        }
        if !inline.is_empty() {
            let nodes = objects_from_bytes(inline.as_bytes()).map_err(|e| fail(e.to_string()))?;
            patches.extend(nodes.into_iter().map(Resource::new));
        }
        if patches.is_empty() {
            let files: Vec<&str> = paths.iter().map(String::as_str).collect();
            return Err(fail(format!("patch appears to be empty; files=[{}], Patch={inline}", files.join(" "))));
        }
        Ok(PatchStrategicMergeTransformer { patches, schemas: None })
    }

    pub fn with_schemas(mut self, schemas: Arc<Schemas>) -> PatchStrategicMergeTransformer {
        self.schemas = Some(schemas);
        self
    }
}

impl Transformer for PatchStrategicMergeTransformer {
    fn transform(&self, resources: &mut ResMap, _cx: &mut Context<'_>) -> Result<(), KustomizeError> {
        let custom = self.schemas.clone().or_else(build_state::custom);
        let schemas: &Schemas = custom.as_deref().unwrap_or_else(|| Schemas::builtin());
        for patch in &self.patches {
            let i = find_by_id(resources.resources(), &patch.org_id()).map_err(KustomizeError)?;
            let id = resources.resources()[i].cur_id();
            apply_sm_patch_to(resources, &[id], patch, schemas).map_err(KustomizeError)?;
        }
        Ok(())
    }
}
