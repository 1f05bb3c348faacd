//! `patchesJson6902:` — kustomize's PatchJson6902Transformer: a JSON 6902 patch (inline `patch`,
//! or a file `path`; YAML unless it starts with `[`) applied to every resource the `target`
//! selects. The target must name a resource.

use super::patches::selector_value;
use super::plugin_config::{config_error, list_items, omit_empty, Fields};
use super::{Context, Transformer};
use crate::kustomize::kustomization::Kustomization;
use crate::kustomize::loader::Loader;
use crate::kustomize::patch::apply::apply_json_patch;
use crate::kustomize::patch::json6902::Patch;
use crate::kustomize::select::{select, Selector};
use crate::kustomize::KustomizeError;
use crate::resource::ResMap;
use crate::yaml::value::Value;

const PLUGIN: &str = "PatchJson6902Transformer";

#[derive(Clone, Debug)]
pub struct PatchJson6902Transformer {
    target: Selector,
    patch: Patch,
}

impl PatchJson6902Transformer {
    /// All entries of the kustomization's `patchesJson6902` field.
    pub fn from_kustomization(k: &Kustomization, loader: &Loader) -> Result<Vec<PatchJson6902Transformer>, KustomizeError> {
        let mut out = Vec::new();
        for entry in list_items(k.get("patchesJson6902"), "patchesJson6902", "types.Patch")? {
            let fields = Fields::new(entry, "Patch.patchesJson6902", &["path", "patch", "target", "options"], true)
                .map_err(|e| KustomizeError(format!("invalid Kustomization: {e}")))?;
            let target = match fields.get("target") {
                None => None,
                Some(t) => Some(Selector::from_value(t, true, "Patch.target").map_err(|e| KustomizeError(format!("invalid Kustomization: {e}")))?),
            };
            let path = fields.string("path").map_err(KustomizeError)?;
            let op = fields.string("patch").map_err(KustomizeError)?;
            out.push(Self::configure(target, path, op, loader)?);
        }
        Ok(out)
    }

    /// A builtin plugin config (`kind: PatchJson6902Transformer`: `target`, `path`, `jsonOp`).
    pub fn from_value(v: &Value, loader: &Loader) -> Result<PatchJson6902Transformer, KustomizeError> {
        let fields = Fields::new(v, "PatchJson6902TransformerPlugin", &[], false).map_err(KustomizeError)?;
        let target = match fields.get("target") {
            None => None,
            Some(t) => Some(Selector::from_value(t, false, "PatchJson6902TransformerPlugin.target").map_err(KustomizeError)?),
        };
        let path = fields.string("path").map_err(KustomizeError)?;
        let op = fields.string("jsonOp").map_err(KustomizeError)?;
        Self::configure(target, path, op, loader)
    }

    fn configure(target: Option<Selector>, path: String, op: String, loader: &Loader) -> Result<PatchJson6902Transformer, KustomizeError> {
        let config = omit_empty(vec![
            ("target", target.as_ref().map(selector_value).unwrap_or(Value::Null)),
            ("path", Value::Str(path.clone())),
            ("jsonOp", Value::Str(op.clone())),
        ]);
        let fail = |reason: String| config_error(PLUGIN, &config, &reason);
        let Some(target) = target.filter(|t| !t.name.is_empty()) else {
            return Err(fail("must specify the target name".into()));
        };
        let mut op = op;
        if path.is_empty() && op.is_empty() {
            return Err(fail("empty file path and empty jsonOp".into()));
        }
        if !path.is_empty() {
            if !op.is_empty() {
                return Err(fail("must specify a file path or jsonOp, not both".into()));
            }
            let bytes = loader.load(&path).map_err(|e| fail(e.0))?;
            op = String::from_utf8_lossy(&bytes).into_owned();
            if op.is_empty() {
                return Err(fail(format!("patch file '{path}' empty seems to be empty")));
            }
        }
        let patch = Patch::decode(&op).map_err(|e| fail(format!("decoding {op}: {e}")))?;
        if patch.is_empty() {
            return Err(fail(format!("patch appears to be empty; file={path}, JsonOp={op}")));
        }
        Ok(PatchJson6902Transformer { target, patch })
    }
}

impl Transformer for PatchJson6902Transformer {
    fn transform(&self, resources: &mut ResMap, _cx: &mut Context<'_>) -> Result<(), KustomizeError> {
        let selected = select(resources.resources(), &self.target).map_err(KustomizeError)?;
        resources
            .modify(|rs| {
                for i in selected {
                    apply_json_patch(&mut rs[i], &self.patch)?;
                }
                Ok(())
            })
            .map_err(KustomizeError)
    }
}
