//! The kustomization kustomize-controller builds (`fluxcd/pkg/kustomize` `Generator`): the
//! directory's kustomization (or one generated listing its manifests), with the Flux
//! Kustomization's `targetNamespace`, `namePrefix`, `nameSuffix`, `patches`, `components`
//! (+`ignoreMissingComponents`), `patchesStrategicMerge`, `patchesJson6902`, `images` and
//! `buildMetadata` written over it. kustomize-controller writes that file into its copy of the
//! source; here the text is handed to the build in memory and the user's files are never
//! changed. `commonMetadata` is applied to the built objects afterwards (`SetCommonMetadata`,
//! which the controller runs before applying).

use crate::yaml::value::{map_get as get, map_set as set};
use super::postbuild::json_type as go_type;
use crate::yaml::Value;
use std::path::{Path, PathBuf};

type Map = Vec<(String, Value)>;

/// The generator's inputs from a Flux Kustomization's `spec`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlay {
    pub target_namespace: Option<String>,
    pub name_prefix: Option<String>,
    pub name_suffix: Option<String>,
    /// `{patch, target}` as Flux writes them.
    pub patches: Vec<Value>,
    pub patches_strategic_merge: Vec<Value>,
    pub patches_json6902: Vec<Value>,
    pub images: Vec<Value>,
    pub components: Vec<String>,
    pub ignore_missing_components: bool,
    pub build_metadata: Vec<String>,
    pub common_labels: Vec<(String, String)>,
    pub common_annotations: Vec<(String, String)>,
}

fn remove(m: &mut Map, k: &str) {
    m.retain(|(key, _)| key != k);
}

fn s(v: &str) -> Value {
    Value::Str(v.to_string())
}

fn string_field(spec: &Value, f: &str) -> Result<Option<String>, String> {
    match spec.get(f) {
        None => Ok(None),
        Some(Value::Str(v)) => Ok(Some(v.clone())),
        Some(other) => Err(format!(".spec.{f} accessor error: {} is of the type {}, expected string", crate::yaml::json::to_json(other).unwrap_or_default(), go_type(other))),
    }
}

fn strings_field(spec: &Value, f: &str) -> Result<Vec<String>, String> {
    match spec.get(f) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Seq(items)) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string).ok_or_else(|| format!("unable to get {f}: .spec.{f} accessor error: contains non-string value in the slice")))
            .collect(),
        Some(other) => Err(format!("unable to get {f}: .spec.{f} accessor error: {} is of the type {}, expected []interface{{}}", crate::yaml::json::to_json(other).unwrap_or_default(), go_type(other))),
    }
}

fn maps_field(spec: &Value, f: &str) -> Result<Vec<Value>, String> {
    match spec.get(f) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Seq(items)) => {
            for (i, p) in items.iter().enumerate() {
                if !matches!(p, Value::Map(_)) {
                    return Err(format!("unable to get {f}: unable to convert patch {i} to map[string]interface{{}}"));
                }
            }
            Ok(items.clone())
        }
        Some(other) => Err(format!("unable to get {f}: .spec.{f} accessor error: {} is of the type {}, expected []interface{{}}", crate::yaml::json::to_json(other).unwrap_or_default(), go_type(other))),
    }
}

fn string_map(v: Option<&Value>, what: &str) -> Result<Vec<(String, String)>, String> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Map(m)) => m.iter().map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())).ok_or_else(|| format!(".spec.commonMetadata.{what}.{k}: expected a string"))).collect(),
        Some(_) => Err(format!(".spec.commonMetadata.{what}: expected a map of strings")),
    }
}

impl Eq for Overlay {}

impl Overlay {
    /// True when the spec asks for nothing beyond its path.
    pub fn is_empty(&self) -> bool {
        *self == Overlay::default()
    }

    /// Reads the generator's fields of a Flux Kustomization's `spec`.
    pub fn from_spec(spec: Option<&Value>) -> Result<Overlay, String> {
        let Some(spec) = spec else { return Ok(Overlay::default()) };
        let meta = spec.get("commonMetadata");
        Ok(Overlay {
            target_namespace: string_field(spec, "targetNamespace")?,
            name_prefix: string_field(spec, "namePrefix")?,
            name_suffix: string_field(spec, "nameSuffix")?,
            patches: maps_field(spec, "patches")?,
            patches_strategic_merge: maps_field(spec, "patchesStrategicMerge")?,
            patches_json6902: maps_field(spec, "patchesJson6902")?,
            images: maps_field(spec, "images")?,
            components: strings_field(spec, "components")?,
            ignore_missing_components: matches!(spec.get("ignoreMissingComponents"), Some(Value::Bool(true))),
            build_metadata: strings_field(spec, "buildMetadata")?,
            common_labels: string_map(meta.and_then(|m| m.get("labels")), "labels")?,
            common_annotations: string_map(meta.and_then(|m| m.get("annotations")), "annotations")?,
        })
    }
}

/// kustomize's `Selector` from Flux's (`adaptSelector`): the same fields, empty ones left out.
fn selector(target: &Value) -> Value {
    let mut out = Map::new();
    for f in ["group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"] {
        if let Some(Value::Str(v)) = target.get(f) {
            if !v.is_empty() {
                out.push((f.to_string(), s(v)));
            }
        }
    }
    Value::Map(out)
}

fn push(k: &mut Map, field: &str, v: Value) {
    match k.iter_mut().find(|(key, _)| key == field) {
        Some((_, Value::Seq(items))) => items.push(v),
        Some(slot) => slot.1 = Value::Seq(vec![v]),
        None => k.push((field.to_string(), Value::Seq(vec![v]))),
    }
}

fn kustomization_file(dir: &Path) -> Option<PathBuf> {
    crate::kustomize::kustomization::FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

/// `scanManifests`: the `.yaml`/`.yml` files below `base` (walked in name order) that decode
/// as Kubernetes objects, and the subdirectories holding a kustomization (not entered).
fn scan_manifests(base: &Path) -> Result<Vec<String>, String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
        let mut names: Vec<_> = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?.filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
        names.sort();
        for n in names {
            let path = dir.join(&n);
            let rel = format!("./{}", path.strip_prefix(base).unwrap_or(&path).to_string_lossy());
            let meta = std::fs::symlink_metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            if meta.is_dir() {
                if kustomization_file(&path).is_some() {
                    out.push(rel);
                } else {
                    walk(base, &path, out)?;
                }
                continue;
            }
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext != "yaml" && ext != "yml" {
                continue;
            }
            let data = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            crate::resource::read::objects_from_bytes(&data).map_err(|e| format!("failed to decode Kubernetes YAML from {}: {e}", path.display()))?;
            out.push(rel);
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(base, base, &mut out)?;
    Ok(out)
}

/// `GenerateManifest`: the kustomization text kustomize-controller builds in `dir`.
pub fn generate(dir: &Path, o: &Overlay) -> Result<Vec<u8>, String> {
    let (mut k, created) = match kustomization_file(dir) {
        Some(file) => {
            let text = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let node = crate::yaml::read::parse_stream_with(&text, crate::yaml::resolve::Dialect::V2).map_err(|e| format!("{}: {e}", file.display()))?.into_iter().next().flatten();
            let k = match node.map(|n| crate::yaml::value::yaml_to_json_value(&n)) {
                Some(Ok(Value::Map(m))) => m,
                Some(Ok(Value::Null)) | None => Map::new(),
                Some(Ok(_)) => return Err(format!("{}: not a kustomization", file.display())),
                Some(Err(e)) => return Err(format!("{}: {e}", file.display())),
            };
            (k, false)
        }
        None => {
            let resources = scan_manifests(dir)?;
            let mut k = Map::new();
            if resources.is_empty() {
                // Flux's placeholder against "kustomization.yaml is empty".
                k.push(("namespace".into(), s("_placeholder")));
            } else {
                k.push(("resources".into(), Value::Seq(resources.iter().map(|r| s(r)).collect())));
            }
            (k, true)
        }
    };
    if get(&k, "apiVersion").is_none_or(|v| v.as_str().is_none_or(str::is_empty)) {
        set(&mut k, "apiVersion", s("kustomize.config.k8s.io/v1beta1"));
    }
    if get(&k, "kind").is_none_or(|v| v.as_str().is_none_or(str::is_empty)) {
        set(&mut k, "kind", s("Kustomization"));
    }
    let no_resources = match get(&k, "resources") {
        Some(Value::Seq(items)) => items.is_empty(),
        _ => true,
    };
    if !created && no_resources {
        set(&mut k, "buildMetadata", Value::Seq(vec![s("originAnnotations")]));
    }
    for (field, val) in [("namespace", &o.target_namespace), ("namePrefix", &o.name_prefix), ("nameSuffix", &o.name_suffix)] {
        match val.as_deref() {
            Some("") => remove(&mut k, field),
            Some(v) => set(&mut k, field, s(v)),
            None => {}
        }
    }
    for p in &o.patches {
        let mut patch = Map::new();
        if let Some(Value::Str(text)) = p.get("patch") {
            if !text.is_empty() {
                patch.push(("patch".into(), s(text)));
            }
        }
        if let Some(t @ Value::Map(_)) = p.get("target") {
            patch.push(("target".into(), selector(t)));
        }
        push(&mut k, "patches", Value::Map(patch));
    }
    for c in &o.components {
        if c.starts_with('/') || c.contains("://") {
            return Err(format!("component path '{c}' must be local and relative"));
        }
        if o.ignore_missing_components && !dir.join(c).exists() {
            continue;
        }
        push(&mut k, "components", s(c));
    }
    for p in &o.patches_strategic_merge {
        let text = crate::yaml::json::to_json(p).map_err(|e| e.to_string())?;
        push(&mut k, "patchesStrategicMerge", s(&text));
    }
    for p in &o.patches_json6902 {
        let ops = p.get("patch").cloned().unwrap_or(Value::Null);
        let text = crate::yaml::json::to_json(&ops).map_err(|e| e.to_string())?;
        let mut patch: Map = vec![("patch".into(), s(&text))];
        patch.push(("target".into(), selector(p.get("target").unwrap_or(&Value::Map(Map::new())))));
        push(&mut k, "patchesJson6902", Value::Map(patch));
    }
    for img in &o.images {
        let f = |n: &str| img.get(n).and_then(Value::as_str).unwrap_or("").to_string();
        let (name, new_name, new_tag, digest) = (f("name"), f("newName"), f("newTag"), f("digest"));
        let images = match k.iter_mut().find(|(key, _)| key == "images") {
            Some((_, Value::Seq(items))) => items,
            _ => {
                set(&mut k, "images", Value::Seq(Vec::new()));
                match k.iter_mut().find(|(key, _)| key == "images") {
                    Some((_, Value::Seq(items))) => items,
                    _ => unreachable!("images was just set to a sequence"),
                }
            }
        };
        let put = |m: &mut Map, key: &str, v: &str| {
            if v.is_empty() {
                remove(m, key)
            } else {
                set(m, key, s(v))
            }
        };
        match images.iter_mut().find(|i| i.get("name").and_then(Value::as_str) == Some(name.as_str())) {
            Some(Value::Map(existing)) => {
                if !new_name.is_empty() {
                    set(existing, "newName", s(&new_name));
                }
                if !new_tag.is_empty() || !digest.is_empty() {
                    put(existing, "newTag", &new_tag);
                    put(existing, "digest", &digest);
                }
            }
            _ => {
                let mut m: Map = vec![("name".into(), s(&name))];
                for (key, v) in [("newName", &new_name), ("newTag", &new_tag), ("digest", &digest)] {
                    if !v.is_empty() {
                        m.push((key.into(), s(v)));
                    }
                }
                images.push(Value::Map(m));
            }
        }
    }
    if !o.build_metadata.is_empty() {
        set(&mut k, "buildMetadata", Value::Seq(o.build_metadata.iter().map(|b| s(b)).collect()));
    }
    let yaml = crate::yaml::to_yaml(&Value::Map(k)).map_err(|e| e.to_string())?;
    Ok(yaml.into_bytes())
}

/// `SetCommonMetadata`: the labels and annotations set on every object's metadata.
pub fn set_common_metadata(obj: &mut Value, o: &Overlay) {
    for (field, pairs) in [("labels", &o.common_labels), ("annotations", &o.common_annotations)] {
        if pairs.is_empty() {
            continue;
        }
        let Value::Map(top) = obj else { return };
        if get(top, "metadata").is_none() {
            top.push(("metadata".into(), Value::Map(Map::new())));
        }
        let Some((_, Value::Map(meta))) = top.iter_mut().find(|(k, _)| k == "metadata") else { return };
        let mut current = match get(meta, field) {
            Some(Value::Map(m)) => m.clone(),
            _ => Map::new(),
        };
        for (k, v) in pairs.iter() {
            set(&mut current, k, s(v));
        }
        current.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        set(meta, field, Value::Map(current));
    }
}

/// `SetCommonMetadata` over a build.
pub fn apply_common_metadata(resources: crate::resource::ResMap, o: &Overlay) -> Result<crate::resource::ResMap, String> {
    if o.common_labels.is_empty() && o.common_annotations.is_empty() {
        return Ok(resources);
    }
    let mut all = resources.into_resources();
    for r in all.iter_mut() {
        let mut v = crate::yaml::to_json_value(&r.node).map_err(|e| e.to_string())?;
        set_common_metadata(&mut v, o);
        r.node = crate::yaml::value::to_node(&v);
    }
    let mut out = crate::resource::ResMap::new();
    out.append_all(all).map_err(|e| format!("common metadata: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_merge_as_flux() {
        let dir = std::env::temp_dir().join(format!("krender-flux-gen-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("kustomization.yaml"), "resources: [a.yaml]\nimages:\n- name: app\n  newTag: old\n  digest: sha256:x\n").unwrap();
        let img = |j: &str| crate::source::gojson::parse(j.as_bytes()).unwrap();
        let o = Overlay {
            images: vec![img(r#"{"name":"app","newName":"reg/app"}"#), img(r#"{"name":"app","newTag":"v2"}"#), img(r#"{"name":"db","digest":"sha256:y"}"#)],
            target_namespace: Some("prod".into()),
            ..Default::default()
        };
        let text = String::from_utf8(generate(&dir, &o).unwrap()).unwrap();
        assert_eq!(
            text,
            "apiVersion: kustomize.config.k8s.io/v1beta1\nimages:\n- name: app\n  newName: reg/app\n  newTag: v2\n- digest: sha256:y\n  name: db\nkind: Kustomization\nnamespace: prod\nresources:\n- a.yaml\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
