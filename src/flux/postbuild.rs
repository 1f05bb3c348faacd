//! `postBuild` substitution as kustomize-controller applies it (`fluxcd/pkg/kustomize`
//! `SubstituteVariables`): variables from `substituteFrom` ConfigMaps and Secrets (in order,
//! line breaks removed from values), then the inline `substitute` map on top; names must match
//! `^[_[:alpha:]][_[:alpha:][:digit:]]*$`; each built resource is printed as YAML, substituted
//! as text, and read back (`YAMLToJSON`); resources labelled or annotated
//! `kustomize.toolkit.fluxcd.io/substitute: disabled` are left alone; nothing happens without
//! variables.

use super::envsubst;
use crate::resource::ResMap;
use crate::yaml::Value;
use std::collections::BTreeMap;
use std::path::Path;

pub const SUBSTITUTE_KEY: &str = "kustomize.toolkit.fluxcd.io/substitute";

/// The variables and the mode of one substitution.
#[derive(Clone, Debug, Default)]
pub struct Substitution {
    pub vars: BTreeMap<String, String>,
    /// Strict mode: a variable without a value and without a default is an error.
    pub strict: bool,
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic()) && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

impl Substitution {
    /// Adds `NAME=value` (as `--substitute` gives it).
    pub fn add_pair(&mut self, pair: &str) -> Result<(), String> {
        let (k, v) = pair.split_once('=').ok_or_else(|| format!("--substitute {pair}: expected NAME=VALUE"))?;
        self.vars.insert(k.to_string(), v.replace('\n', ""));
        Ok(())
    }

    /// Adds the data of a ConfigMap or Secret manifest (Secret `data` is base64; `stringData`
    /// is taken as written).
    pub fn add_object(&mut self, obj: &Value, origin: &str) -> Result<(), String> {
        let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
        let strings = |field: &str| -> Vec<(String, String)> {
            match obj.get(field) {
                Some(Value::Map(m)) => m.iter().map(|(k, v)| (k.clone(), v.as_str().map(str::to_string).unwrap_or_else(|| crate::yaml::json::to_json(v).unwrap_or_default()))).collect(),
                _ => Vec::new(),
            }
        };
        match kind {
            "ConfigMap" => {
                for (k, v) in strings("data") {
                    self.vars.insert(k, v.replace('\n', ""));
                }
            }
            "Secret" => {
                for (k, v) in strings("data") {
                    let bytes = crate::golang::encoding::base64_decode(&v).map_err(|e| format!("{origin}: Secret data {k}: {e}"))?;
                    self.vars.insert(k, String::from_utf8_lossy(&bytes).replace('\n', ""));
                }
                for (k, v) in strings("stringData") {
                    self.vars.insert(k, v.replace('\n', ""));
                }
            }
            other => return Err(format!("{origin}: substitution variables come from a ConfigMap or a Secret, not {other:?}")),
        }
        Ok(())
    }

    /// Reads `--substitute-from FILE`: a ConfigMap or Secret manifest (several documents
    /// allowed, read in order).
    pub fn add_file(&mut self, path: &Path) -> Result<(), String> {
        for obj in read_objects(path)? {
            self.add_object(&obj, &path.display().to_string())?;
        }
        Ok(())
    }
}

/// The documents of a YAML file as JSON values.
pub fn read_objects(path: &Path) -> Result<Vec<Value>, String> {
    let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let split = crate::source::decode::split_yaml_or_json(&data);
    if let Some(e) = split.error {
        return Err(format!("{}: {e}", path.display()));
    }
    Ok(split.objects)
}

/// What a Flux `Kustomization` (kustomize.toolkit.fluxcd.io) asks for: its `spec.path`,
/// `spec.postBuild.substitute` and the `substituteFrom` references.
#[derive(Clone, Debug, Default)]
pub struct FluxKustomization {
    pub name: String,
    pub path: String,
    pub substitute: Vec<(String, String)>,
    /// (kind, name, optional).
    pub substitute_from: Vec<(String, String, bool)>,
    /// Whether the spec has a `postBuild` (the controller substitutes only then).
    pub post_build: bool,
    /// targetNamespace, namePrefix, patches, images, components, commonMetadata, ….
    pub overlay: super::generator::Overlay,
}

impl FluxKustomization {
    pub fn from_value(v: &Value) -> Result<FluxKustomization, String> {
        let api = v.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        if v.get("kind").and_then(Value::as_str) != Some("Kustomization") || !api.starts_with("kustomize.toolkit.fluxcd.io/") {
            return Err(format!("expected a kustomize.toolkit.fluxcd.io Kustomization, found {api} {}", v.get("kind").and_then(Value::as_str).unwrap_or("")));
        }
        let spec = v.get("spec");
        let post = spec.and_then(|s| s.get("postBuild"));
        let mut k = FluxKustomization {
            name: v.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("").to_string(),
            path: spec.and_then(|s| s.get("path")).and_then(Value::as_str).unwrap_or("").to_string(),
            post_build: post.is_some_and(|p| !matches!(p, Value::Null)),
            overlay: super::generator::Overlay::from_spec(spec)?,
            ..Default::default()
        };
        if let Some(Value::Map(m)) = post.and_then(|p| p.get("substitute")) {
            for (name, val) in m {
                match val {
                    Value::Str(s) => k.substitute.push((name.clone(), s.clone())),
                    other => return Err(format!(".spec.postBuild.substitute.{name} accessor error: {} is of the type {}, expected string", crate::yaml::json::to_json(other).unwrap_or_default(), json_type(other))),
                }
            }
        }
        if let Some(Value::Seq(refs)) = post.and_then(|p| p.get("substituteFrom")) {
            for r in refs {
                let s = |f: &str| r.get(f).and_then(Value::as_str).unwrap_or("").to_string();
                k.substitute_from.push((s("kind"), s("name"), matches!(r.get("optional"), Some(Value::Bool(true)))));
            }
        }
        Ok(k)
    }

    /// `LoadVariables` + the inline map: references resolved among `objects` (the ConfigMaps and
    /// Secrets given with `--substitute-from`); a missing one is an error unless optional.
    pub fn substitution(&self, objects: &[Value], strict: bool) -> Result<Substitution, String> {
        let mut sub = Substitution { strict, ..Default::default() };
        for (kind, name, optional) in &self.substitute_from {
            let found = objects.iter().find(|o| {
                o.get("kind").and_then(Value::as_str) == Some(kind.as_str()) && o.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str) == Some(name.as_str())
            });
            match found {
                Some(o) => sub.add_object(o, &format!("{kind}/{name}"))?,
                None if *optional => {}
                None => return Err(format!("substitute from '{kind}/{name}' error: {kind} {name:?} not found (give it with --substitute-from FILE)")),
            }
        }
        for (k, v) in &self.substitute {
            sub.vars.insert(k.clone(), v.replace('\n', ""));
        }
        Ok(sub)
    }
}

/// How Go's `%T` names a decoded JSON value's type.
pub(super) fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int64",
        Value::Uint(_) | Value::Float(_) => "float64",
        Value::Str(_) => "string",
        Value::Seq(_) => "[]interface {}",
        Value::Map(_) => "map[string]interface {}",
    }
}

/// `varSubstitution` on one resource's YAML.
pub fn substitute_yaml(yaml: &str, sub: &Substitution) -> Result<Value, String> {
    for name in sub.vars.keys() {
        if !valid_name(name) {
            return Err(format!("envsubst error: '{name}' var name is invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$'"));
        }
    }
    let mapping = |name: &str| match sub.vars.get(name) {
        Some(v) => (v.clone(), true),
        None => (String::new(), !sub.strict),
    };
    let out = envsubst::eval_str(yaml, &mapping).map_err(|e| format!("envsubst error: variable substitution failed: {e}"))?;
    let nodes = crate::yaml::read::parse_stream_with(out.as_bytes(), crate::yaml::resolve::Dialect::V2).map_err(|e| format!("envsubst error: YAMLToJSON: error converting YAML to JSON: yaml: {e}"))?;
    let node = nodes.into_iter().next().flatten();
    match node {
        None => Ok(Value::Null),
        Some(n) => crate::yaml::value::yaml_to_json_value(&n).map_err(|e| format!("envsubst error: YAMLToJSON: {e}")),
    }
}

fn disabled(v: &Value) -> bool {
    let meta = v.get("metadata");
    ["labels", "annotations"].iter().any(|f| meta.and_then(|m| m.get(f)).and_then(|m| m.get(SUBSTITUTE_KEY)).and_then(Value::as_str) == Some("disabled"))
}

/// Substitutes every resource of a build (the map is rebuilt: names may change).
pub fn apply(resources: ResMap, sub: &Substitution) -> Result<ResMap, String> {
    if sub.vars.is_empty() {
        return Ok(resources);
    }
    let mut all = resources.into_resources();
    for r in all.iter_mut() {
        let v = crate::yaml::to_json_value(&r.node).map_err(|e| e.to_string())?;
        if disabled(&v) {
            continue;
        }
        let yaml = crate::yaml::to_yaml(&v).map_err(|e| e.to_string())?;
        let out = substitute_yaml(&yaml, sub).map_err(|e| format!("post build failed for {}/{}: {e}", r.gvk().kind, r.name()))?;
        r.node = crate::yaml::value::to_node(&out);
    }
    let mut out = ResMap::new();
    out.append_all(all).map_err(|e| format!("post build: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert!(valid_name("cluster_env"));
        assert!(valid_name("_x1"));
        assert!(!valid_name("1x"));
        assert!(!valid_name("a-b"));
        let sub = Substitution { vars: [("a-b".to_string(), "1".to_string())].into(), strict: false };
        assert!(substitute_yaml("a: b\n", &sub).unwrap_err().contains("var name is invalid"));
    }

    #[test]
    fn yaml_read_back() {
        let sub = Substitution { vars: [("replicas".to_string(), "3".to_string()), ("env".to_string(), "prod".to_string())].into(), strict: true };
        let v = substitute_yaml("num: ${replicas}\ns: \"${env}\"\nd: ${missing:=dflt}\nkeep: $${env}\n", &sub).unwrap();
        assert_eq!(crate::yaml::json::to_json(&v).unwrap(), r#"{"d":"dflt","keep":"${env}","num":3,"s":"prod"}"#);
        assert!(substitute_yaml("x: ${missing}\n", &sub).unwrap_err().contains("variable not set (strict mode): \"missing\""));
    }
}
