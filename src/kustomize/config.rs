//! The transformer configuration (`builtinconfig.TransformerConfig`): for each builtin
//! transformer, the fields it touches. The builtin defaults (`schema/fieldspecs.yaml`, read from
//! its pre-parsed table `schema/fieldspecs.tsv`), each
//! kustomization's `configurations:` files and its `crds:` are merged into one per build.

use super::fieldspec::{json_kind, merge_all, merge_one, sort_specs, specs_from_value, FieldSpec};
use super::loader::Loader;
use crate::resource::Gvk;
use crate::yaml::read::parse_stream_with;
use crate::yaml::resolve::Dialect;
use crate::yaml::value::{yaml_to_json_value, Value};
use std::sync::OnceLock;

/// "Objects of this gvk are referred to by name from these fields."
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct NameBackReferences {
    pub gvk: Gvk,
    pub referrers: Vec<FieldSpec>,
}

/// Field specs per transformer.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TransformerConfig {
    pub name_prefix: Vec<FieldSpec>,
    pub name_suffix: Vec<FieldSpec>,
    pub namespace: Vec<FieldSpec>,
    pub common_labels: Vec<FieldSpec>,
    pub labels: Vec<FieldSpec>,
    pub template_labels: Vec<FieldSpec>,
    pub common_annotations: Vec<FieldSpec>,
    pub name_reference: Vec<NameBackReferences>,
    pub var_reference: Vec<FieldSpec>,
    pub images: Vec<FieldSpec>,
    pub replicas: Vec<FieldSpec>,
}

impl TransformerConfig {
    /// kustomize's builtin configuration (parsed once, copied on use).
    pub fn default_config() -> TransformerConfig {
        static DEFAULT: OnceLock<TransformerConfig> = OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                let _span = super::timing::span(|| "built-in field specs".into());
                super::builtin_specs::from_table(include_str!("../../schema/fieldspecs.tsv")).expect("the builtin field specs table reads")
            })
            .clone()
    }

    /// `makeTransformerConfigFromBytes`: strict decoding, then sorted.
    pub fn from_bytes(data: &[u8]) -> Result<TransformerConfig, String> {
        let docs = parse_stream_with(data, Dialect::V2).map_err(|e| e.to_string())?;
        let value = match docs.into_iter().next().flatten() {
            None => Value::Null,
            Some(n) => yaml_to_json_value(&n).map_err(|e| e.to_string())?,
        };
        let mut t = TransformerConfig::default();
        let entries = match value {
            Value::Null => Vec::new(),
            Value::Map(m) => m,
            other => return Err(format!("error unmarshaling JSON: json: cannot unmarshal {} into Go value of type builtinconfig.TransformerConfig", json_kind(&other))),
        };
        const FIELDS: [&str; 11] = [
            "namePrefix",
            "nameSuffix",
            "namespace",
            "commonLabels",
            "labels",
            "templateLabels",
            "commonAnnotations",
            "nameReference",
            "varReference",
            "images",
            "replicas",
        ];
        let wrap = |e: String| format!("error unmarshaling JSON: while decoding JSON: {e}");
        for (k, v) in entries {
            let Some(field) = FIELDS.iter().find(|f| **f == k).or_else(|| FIELDS.iter().find(|f| f.eq_ignore_ascii_case(&k))) else {
                return Err(wrap(format!("json: unknown field \"{k}\"")));
            };
            if *field == "nameReference" {
                t.name_reference = name_refs_from_value(&v).map_err(wrap)?;
                continue;
            }
            let specs = specs_from_value(&v, true).map_err(wrap)?;
            *t.specs_mut(field) = specs;
        }
        t.sort_fields();
        Ok(t)
    }

    fn specs_mut(&mut self, field: &str) -> &mut Vec<FieldSpec> {
        match field {
            "namePrefix" => &mut self.name_prefix,
            "nameSuffix" => &mut self.name_suffix,
            "namespace" => &mut self.namespace,
            "commonLabels" => &mut self.common_labels,
            "labels" => &mut self.labels,
            "templateLabels" => &mut self.template_labels,
            "commonAnnotations" => &mut self.common_annotations,
            "varReference" => &mut self.var_reference,
            "images" => &mut self.images,
            _ => &mut self.replicas,
        }
    }

    fn sort_fields(&mut self) {
        for specs in [
            &mut self.name_prefix,
            &mut self.name_suffix,
            &mut self.namespace,
            &mut self.common_labels,
            &mut self.labels,
            &mut self.template_labels,
            &mut self.common_annotations,
        ] {
            sort_specs(specs);
        }
        crate::golang::sort::sort_by(&mut self.name_reference, |a, b| a.gvk.is_less_than(&b.gvk));
        for specs in [&mut self.var_reference, &mut self.images, &mut self.replicas] {
            sort_specs(specs);
        }
    }

    /// `TransformerConfig.Merge`: every list merged (duplicates skipped, conflicts refused), then
    /// sorted.
    pub fn merge(&self, other: &TransformerConfig) -> Result<TransformerConfig, String> {
        let mut m = self.clone();
        let pairs: [(&mut Vec<FieldSpec>, &Vec<FieldSpec>, &str); 10] = [
            (&mut m.name_prefix, &other.name_prefix, "NamePrefix"),
            (&mut m.name_suffix, &other.name_suffix, "NameSuffix"),
            (&mut m.namespace, &other.namespace, "NameSpace"),
            (&mut m.common_annotations, &other.common_annotations, "CommonAnnotations"),
            (&mut m.common_labels, &other.common_labels, "CommonLabels"),
            (&mut m.labels, &other.labels, "Labels"),
            (&mut m.template_labels, &other.template_labels, "TemplateLabels"),
            (&mut m.var_reference, &other.var_reference, "VarReference"),
            (&mut m.images, &other.images, "Images"),
            (&mut m.replicas, &other.replicas, "Replicas"),
        ];
        for (mine, theirs, name) in pairs {
            merge_all(mine, theirs).map_err(|e| format!("failed to merge {name} fieldSpec: {e}"))?;
        }
        for nbr in &other.name_reference {
            merge_name_ref(&mut m.name_reference, nbr).map_err(|e| format!("failed to merge NameReference fieldSpec: {e}"))?;
        }
        m.sort_fields();
        Ok(m)
    }

    /// `MakeTransformerConfig`: the defaults merged with the `configurations:` files.
    pub fn load(loader: &Loader, paths: &[String]) -> Result<TransformerConfig, String> {
        let defaults = TransformerConfig::default_config();
        if paths.is_empty() {
            return Ok(defaults);
        }
        let mut custom = TransformerConfig::default();
        for path in paths {
            let data = loader.load(path).map_err(|e| e.0)?;
            let t = TransformerConfig::from_bytes(&data).map_err(|e| format!("{path}: {e}"))?;
            custom = custom.merge(&t)?;
        }
        defaults.merge(&custom)
    }
}

/// `nbrSlice.mergeOne`: referrers of an existing gvk are merged, a new gvk appended.
fn merge_name_ref(list: &mut Vec<NameBackReferences>, other: &NameBackReferences) -> Result<(), String> {
    let mut found = false;
    for c in list.iter_mut() {
        if c.gvk == other.gvk {
            merge_all(&mut c.referrers, &other.referrers)?;
            found = true;
        }
    }
    if !found {
        list.push(other.clone());
    }
    Ok(())
}

fn name_refs_from_value(v: &Value) -> Result<Vec<NameBackReferences>, String> {
    let items = match v {
        Value::Null => return Ok(Vec::new()),
        Value::Seq(items) => items,
        other => return Err(format!("json: cannot unmarshal {} into Go struct field TransformerConfig.nameReference of type builtinconfig.nbrSlice", json_kind(other))),
    };
    let mut out = Vec::new();
    for item in items {
        let mut nbr = NameBackReferences::default();
        let Value::Map(entries) = item else {
            if *item == Value::Null {
                out.push(nbr);
                continue;
            }
            return Err(format!("json: cannot unmarshal {} into Go struct field TransformerConfig.nameReference of type builtinconfig.NameBackReferences", json_kind(item)));
        };
        for (k, val) in entries {
            let key = k.to_ascii_lowercase();
            let text = || match val {
                Value::Str(s) => Ok(s.clone()),
                Value::Null => Ok(String::new()),
                other => Err(format!("json: cannot unmarshal {} into Go struct field NameBackReferences.nameReference.{k} of type string", json_kind(other))),
            };
            match key.as_str() {
                "group" => nbr.gvk.group = text()?,
                "version" => nbr.gvk.version = text()?,
                "kind" => nbr.gvk.kind = text()?,
                "fieldspecs" => nbr.referrers = specs_from_value(val, true)?,
                _ => return Err(format!("json: unknown field \"{k}\"")),
            }
        }
        out.push(nbr);
    }
    Ok(out)
}

/// `LoadConfigFromCRDs`: field specs declared by OpenAPI extensions in CRD schema files
/// (`x-kubernetes-annotation`, `x-kubernetes-label-selector`, `x-kubernetes-identity`,
/// `x-kubernetes-object-ref-*`).
pub fn load_crds(loader: &Loader, paths: &[String]) -> Result<TransformerConfig, String> {
    let mut tc = TransformerConfig::default();
    for path in paths {
        let data = loader.load(path).map_err(|e| e.0)?;
        let docs = parse_stream_with(&data, Dialect::V2).map_err(|e| format!("unable to parse open API definition from '{path}': {e}"))?;
        let value = match docs.into_iter().next().flatten() {
            None => Value::Null,
            Some(n) => yaml_to_json_value(&n).map_err(|e| format!("unable to parse open API definition from '{path}': {e}"))?,
        };
        let Value::Map(defs) = &value else {
            if value == Value::Null {
                continue;
            }
            return Err(format!("unable to parse open API definition from '{path}': json: cannot unmarshal {} into Go value of type accumulator.nameToApiMap", json_kind(&value)));
        };
        let mut names: Vec<&String> = defs.iter().map(|(k, _)| k).collect();
        names.sort();
        let mut result = TransformerConfig::default();
        for name in names {
            let props = properties(&value, name);
            let looks_k8s = ["kind", "apiVersion", "metadata"].iter().all(|p| props.iter().any(|(k, _)| k == p));
            if !looks_k8s {
                continue;
            }
            let kind = name.rsplit('.').next().unwrap_or(name);
            let mut one = TransformerConfig::default();
            load_crd(&mut one, &Gvk::new("", "", kind), &value, name, &mut Vec::new(), 0)?;
            result = result.merge(&one)?;
        }
        tc = tc.merge(&result)?;
    }
    Ok(tc)
}

fn properties<'a>(defs: &'a Value, name: &str) -> &'a [(String, Value)] {
    match defs.get(name).and_then(|d| d.get("Schema")).or_else(|| defs.get(name).and_then(|d| d.get("schema"))).and_then(|s| s.get("properties")) {
        Some(Value::Map(m)) => m,
        _ => &[],
    }
}

fn load_crd(tc: &mut TransformerConfig, gvk: &Gvk, defs: &Value, type_name: &str, path: &mut Vec<String>, depth: usize) -> Result<(), String> {
    if depth > 100 {
        return Ok(());
    }
    for (prop, schema) in properties(defs, type_name) {
        let ext = |k: &str| schema.get(k).map(|v| v.as_str().unwrap_or("").to_string());
        let fs = |extra: &[&str]| {
            let mut p = path.clone();
            p.push(prop.clone());
            p.extend(extra.iter().map(|s| s.to_string()));
            FieldSpec { gvk: gvk.clone(), path: p.join("/"), create: false }
        };
        if ext("x-kubernetes-annotation").is_some() {
            merge_one(&mut tc.common_annotations, fs(&[]))?;
        }
        if ext("x-kubernetes-label-selector").is_some() {
            merge_one(&mut tc.common_labels, fs(&[]))?;
        }
        if ext("x-kubernetes-identity").is_some() {
            merge_one(&mut tc.name_prefix, fs(&[]))?;
        }
        if let (Some(version), Some(kind)) = (ext("x-kubernetes-object-ref-api-version"), ext("x-kubernetes-object-ref-kind")) {
            let name_key = ext("x-kubernetes-object-ref-name-key").unwrap_or_else(|| "name".into());
            let nbr = NameBackReferences { gvk: Gvk::new("", version, kind), referrers: vec![fs(&[name_key.as_str()])] };
            merge_name_ref(&mut tc.name_reference, &nbr)?;
        }
        if let Some(Value::Str(r)) = schema.get("$ref") {
            path.push(prop.clone());
            load_crd(tc, gvk, defs, r, path, depth + 1)?;
            path.pop();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_are_sorted() {
        let t = TransformerConfig::default_config();
        assert_eq!(t.name_prefix, vec![FieldSpec::new("metadata/name", false)]);
        assert!(t.common_labels.iter().any(|f| f.path == "spec/selector" && f.gvk.kind == "Service"));
        // Sorted by kind rank: the kind-less metadata/labels spec sorts between ranked kinds.
        let first = &t.common_labels[0];
        assert_eq!(first.gvk.kind, "Service");
        let cm = t.name_reference.iter().find(|n| n.gvk.kind == "ConfigMap").unwrap();
        assert!(cm.referrers.iter().any(|f| f.path == "spec/template/spec/volumes/configMap/name" && f.gvk.kind == "Deployment"));
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(TransformerConfig::from_bytes(b"nameprefix:\n- path: a\n").is_ok());
        assert!(TransformerConfig::from_bytes(b"bogus: []\n").is_err());
        assert!(TransformerConfig::from_bytes(b"namePrefix:\n- path: a\n  bogus: 1\n").is_err());
    }

    #[test]
    fn merge_dedups_and_conflicts() {
        let a = TransformerConfig::from_bytes(b"namePrefix:\n- path: a\n  create: true\n").unwrap();
        let b = TransformerConfig::from_bytes(b"namePrefix:\n- path: a\n  create: true\n- path: b\n").unwrap();
        assert_eq!(a.merge(&b).unwrap().name_prefix.len(), 2);
        let c = TransformerConfig::from_bytes(b"namePrefix:\n- path: a\n").unwrap();
        assert!(a.merge(&c).is_err());
    }
}
