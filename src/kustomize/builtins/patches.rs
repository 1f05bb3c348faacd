//! `patches:` — kustomize's PatchTransformer. Each entry is a strategic merge patch (one or more
//! objects) or a JSON 6902 patch, inline (`patch`) or from a file (`path`), told apart as kustomize
//! does: the text must read as exactly one of the two. A strategic merge patch without `target`
//! patches the resource with its own id; with `target` (one patch object only) every selected
//! resource. A JSON patch needs a `target`. `options: {allowNameChange, allowKindChange}` let a
//! strategic merge patch rename or re-kind its target (the previous id is recorded).

use super::plugin_config::{config_error, list_items, omit_empty, Fields};
use super::{Context, Transformer};
use crate::kustomize::kustomization::Kustomization;
use crate::kustomize::loader::Loader;
use crate::kustomize::openapi::{build_state, Schemas};
use crate::kustomize::patch::apply::{apply_json_patch, apply_sm_patch, apply_sm_patch_to, find_by_id};
use crate::kustomize::patch::json6902::Patch;
use crate::kustomize::select::{select, Selector};
use crate::kustomize::KustomizeError;
use crate::resource::previous::{ALLOW_KIND_CHANGE, ALLOW_NAME_CHANGE};
use crate::resource::read::objects_from_bytes;
use crate::resource::{ResMap, Resource};
use crate::yaml::value::Value;
use std::sync::Arc;

const PLUGIN: &str = "PatchTransformer";

/// What a patch's text turned out to be.
#[derive(Clone, Debug)]
enum Body {
    StrategicMerge(Vec<Resource>),
    Json(Patch),
}

/// One `patches:` entry.
#[derive(Clone, Debug)]
pub struct PatchTransformer {
    body: Body,
    /// `[patch: "…"]` or `[path: "…"]`, for messages.
    source: String,
    target: Option<Selector>,
    schemas: Option<Arc<Schemas>>,
}

/// Go's `%q` of a string.
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The selector's fields as kustomize re-marshals them in a configuration.
pub fn selector_value(s: &Selector) -> Value {
    omit_empty(vec![
        ("group", Value::Str(s.group.clone())),
        ("version", Value::Str(s.version.clone())),
        ("kind", Value::Str(s.kind.clone())),
        ("name", Value::Str(s.name.clone())),
        ("namespace", Value::Str(s.namespace.clone())),
        ("annotationSelector", Value::Str(s.annotation_selector.clone())),
        ("labelSelector", Value::Str(s.label_selector.clone())),
    ])
}

/// `jsonPatchFromBytes`.
fn json_patch_from_text(text: &str) -> Result<Patch, String> {
    if text.is_empty() {
        return Err("empty json patch operations".into());
    }
    Patch::decode(text)
}

impl PatchTransformer {
    /// All entries of the kustomization's `patches` field.
    pub fn from_kustomization(k: &Kustomization, loader: &Loader) -> Result<Vec<PatchTransformer>, KustomizeError> {
        list_items(k.get("patches"), "patches", "types.Patch")?
            .iter()
            .map(|entry| PatchTransformer::from_value(entry, loader, true))
            .collect()
    }

    /// A `patches:` entry (`strict`: unknown fields refused) or a builtin plugin config
    /// (`kind: PatchTransformer`).
    pub fn from_value(v: &Value, loader: &Loader, strict: bool) -> Result<PatchTransformer, KustomizeError> {
        let known = ["path", "patch", "target", "options", "apiVersion", "kind", "metadata"];
        let known: &[&str] = if strict { &known[..4] } else { &known };
        let what = if strict { "Patch.patches" } else { "PatchTransformerPlugin" };
        let fields = Fields::new(v, what, known, strict).map_err(|e| KustomizeError(format!("invalid Kustomization: {e}")))?;
        let decoded = (|| -> Result<_, String> {
            let target = match fields.get("target") {
                None => None,
                Some(t) => Some(Selector::from_value(t, strict, "Patch.target")?),
            };
            Ok((fields.string("path")?, fields.string("patch")?, target, fields.bool_map("options")?))
        })()
        .map_err(|e| KustomizeError(format!("invalid Kustomization: {e}")))?;
        let (path, patch, target, options) = decoded;
        let config = omit_empty(vec![
            ("path", Value::Str(path.clone())),
            ("patch", Value::Str(patch.clone())),
            ("target", target.as_ref().map(selector_value).unwrap_or(Value::Null)),
            ("options", Value::Map(options.iter().map(|(k, b)| (k.clone(), Value::Bool(*b))).collect())),
        ]);
        let fail = |reason: String| config_error(PLUGIN, &config, &reason);
        let patch = patch.trim().to_string();
        let (text, source) = match (patch.is_empty(), path.is_empty()) {
            (true, true) => return Err(fail(format!("must specify one of patch and path in\n{}", crate::yaml::to_yaml(&config).unwrap_or_default()))),
            (false, false) => return Err(fail(format!("patch and path can't be set at the same time\n{}", crate::yaml::to_yaml(&config).unwrap_or_default()))),
            (false, true) => (patch.clone(), format!("[patch: {}]", go_quote(&patch))),
            (true, false) => {
                let bytes = loader
                    .load(&path)
                    .map_err(|e| fail(format!("failed to get the patch file from path({path}): {}", e.0)))?;
                (String::from_utf8_lossy(&bytes).into_owned(), format!("[path: {}]", go_quote(&path)))
            }
        };
        let sm = objects_from_bytes(text.as_bytes());
        let json = json_patch_from_text(&text);
        let body = match (sm, json) {
            (Ok(_), Ok(_)) => return Err(fail(format!("illegally qualifies as both an SM and JSON patch: {source}"))),
            (Err(_), Err(_)) => return Err(fail(format!("unable to parse SM or JSON patch from {source}"))),
            (Ok(nodes), Err(_)) => {
                let option = |name: &str| options.iter().any(|(k, b)| k == name && *b);
                let mut patches: Vec<Resource> = nodes.into_iter().map(Resource::new).collect();
                for p in &mut patches {
                    if option("allowNameChange") {
                        p.enable_flag(ALLOW_NAME_CHANGE);
                    }
                    if option("allowKindChange") {
                        p.enable_flag(ALLOW_KIND_CHANGE);
                    }
                }
                Body::StrategicMerge(patches)
            }
            (Err(_), Ok(p)) => Body::Json(p),
        };
        Ok(PatchTransformer { body, source, target, schemas: None })
    }

    /// Uses a custom OpenAPI schema (the kustomization's `openapi:` field) for strategic merges.
    pub fn with_schemas(mut self, schemas: Arc<Schemas>) -> PatchTransformer {
        self.schemas = Some(schemas);
        self
    }

    fn transform_strategic_merge(&self, resmap: &mut ResMap, patches: &[Resource]) -> Result<(), String> {
        let custom = self.schemas.clone().or_else(build_state::custom);
        let schemas: &Schemas = custom.as_deref().unwrap_or_else(|| Schemas::builtin());
        if let Some(target) = &self.target {
            if patches.len() > 1 {
                return Err(format!(
                    "Multiple Strategic-Merge Patches in one `patches` entry is not allowed to set `patches.target` field: {}",
                    self.source
                ));
            }
            let selected = select(resmap.resources(), target)
                .map_err(|e| format!("unable to find patch target {} in `resources`: {e}", go_quote(&target.to_string())))?;
            let ids: Vec<_> = selected.iter().map(|&i| resmap.resources()[i].cur_id()).collect();
            return apply_sm_patch_to(resmap, &ids, &patches[0], schemas);
        }
        let mut deleted = false;
        for patch in patches {
            if deleted {
                // kustomize leaves a deleted resource in the map as a nil node until the
                // transformer ends; looking up the next patch's target then dereferences it and
                // crashes. Refuse the build instead.
                return Err(format!(
                    "a strategic merge patch in {} deletes a resource and is followed by another patch of the same entry (kustomize crashes on this; split the patches into separate entries)",
                    self.source
                ));
            }
            let org = patch.org_id();
            let i = find_by_id(resmap.resources(), &org)
                .map_err(|e| format!("no resource matches strategic merge patch {}: {e}", go_quote(&org.id.to_string())))?;
            let kept = resmap.modify(|rs| apply_sm_patch(&mut rs[i], patch, schemas))?;
            if !kept {
                resmap.remove(i);
                deleted = true;
            }
        }
        Ok(())
    }

    fn transform_json(&self, resmap: &mut ResMap, patch: &Patch) -> Result<(), String> {
        let Some(target) = &self.target else {
            return Err(format!("must specify a target for JSON patch {}", self.source));
        };
        let selected = select(resmap.resources(), target)?;
        resmap.modify(|rs| {
            for i in selected {
                rs[i].store_previous_id();
                apply_json_patch(&mut rs[i], patch)?;
            }
            Ok(())
        })
    }
}

impl Transformer for PatchTransformer {
    fn transform(&self, resources: &mut ResMap, _cx: &mut Context<'_>) -> Result<(), KustomizeError> {
        match &self.body {
            Body::StrategicMerge(patches) => self.transform_strategic_merge(resources, patches),
            Body::Json(patch) => self.transform_json(resources, patch),
        }
        .map_err(KustomizeError)
    }
}

/// The builtin plugin configs (`transformers:` entries with `apiVersion: builtin`) this module
/// family handles: PatchTransformer, PatchStrategicMergeTransformer, PatchJson6902Transformer,
/// ReplacementTransformer. `None` for any other kind.
pub fn from_plugin_config(kind: &str, config: &Value, loader: &Loader) -> Option<Result<Box<dyn Transformer>, KustomizeError>> {
    use super::{patches_json6902::PatchJson6902Transformer, patches_strategic_merge::PatchStrategicMergeTransformer};
    use super::replacements::ReplacementTransformer;
    fn boxed<T: Transformer + 'static>(r: Result<T, KustomizeError>) -> Result<Box<dyn Transformer>, KustomizeError> {
        r.map(|t| Box::new(t) as Box<dyn Transformer>)
    }
    Some(match kind {
        "PatchTransformer" => boxed(PatchTransformer::from_value(config, loader, false)),
        "PatchStrategicMergeTransformer" => boxed(PatchStrategicMergeTransformer::from_value(config, loader)),
        "PatchJson6902Transformer" => boxed(PatchJson6902Transformer::from_value(config, loader)),
        "ReplacementTransformer" => boxed(ReplacementTransformer::from_value(config, loader)),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kustomize::loader::LoadRestrictor;
    use crate::yaml::parse_stream;

    /// The four builtin plugin configs, applied in order; expected output from kustomize with
    /// these documents as a `transformers:` file.
    #[test]
    fn builtin_plugin_configs() {
        let dir = std::env::temp_dir().join(format!("krender-plugins-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let loader = Loader::new(&dir, LoadRestrictor::RootOnly).unwrap();
        let configs = r#"apiVersion: builtin
kind: PatchJson6902Transformer
metadata: {name: j}
target: {kind: Deployment, name: web}
jsonOp: '[{"op": "add", "path": "/spec/template/spec/restartPolicy", "value": "Always"}]'
---
apiVersion: builtin
kind: PatchTransformer
metadata: {name: p}
target: {kind: Deployment}
patch: |-
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: x
  spec:
    replicas: 2
---
apiVersion: builtin
kind: PatchStrategicMergeTransformer
metadata: {name: s}
patches: |-
  apiVersion: v1
  kind: ConfigMap
  metadata:
    name: cfg
  data:
    extra: "1"
---
apiVersion: builtin
kind: ReplacementTransformer
metadata: {name: r}
replacements:
- source: {kind: ConfigMap, fieldPath: data.image}
  targets:
  - select: {kind: Deployment}
    fieldPaths: ['spec.template.spec.containers.[name=a].image']
"#;
        let resources = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  image: a:2\n";
        let mut resmap = ResMap::new();
        for n in parse_stream(resources.as_bytes()).unwrap().into_iter().flatten() {
            resmap.append(Resource::new(n)).unwrap();
        }
        let mut warnings = Vec::new();
        let mut cx = Context { loader: &loader, warnings: &mut warnings };
        for doc in parse_stream(configs.as_bytes()).unwrap().into_iter().flatten() {
            let v = crate::yaml::value::yaml_to_json_value(&doc).unwrap();
            let kind = v.get("kind").and_then(Value::as_str).unwrap().to_string();
            let t = from_plugin_config(&kind, &v, &loader).unwrap().unwrap();
            t.transform(&mut resmap, &mut cx).unwrap();
        }
        let mut out = Vec::new();
        for r in resmap.iter() {
            let mut r = r.clone();
            r.finish_annotations(false, false);
            out.push(crate::yaml::node_to_yaml(&r.node).unwrap());
        }
        assert_eq!(
            out.join("---\n"),
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - image: a:2\n        name: a\n      restartPolicy: Always\n---\napiVersion: v1\ndata:\n  extra: \"1\"\n  image: a:2\nkind: ConfigMap\nmetadata:\n  name: cfg\n"
        );
        assert!(from_plugin_config("NamespaceTransformer", &Value::Null, &loader).is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
