//! Loading a chart directory as Helm's loader does: `Chart.yaml` (metadata), `values.yaml`,
//! `templates/` (every file there is a template), and every other file for `.Files`
//! (`Chart.lock`, `values.schema.json`, `requirements.*` and `charts/` excluded). A UTF-8 BOM
//! is stripped from every file.

use super::helmignore::Rules;
use crate::gotmpl::{map_of, Type, Value};
use crate::yaml::Value as J;
use std::collections::BTreeMap;
use std::path::Path;

/// Chart metadata (`Chart.yaml`), the fields Helm's `chart.Metadata` has.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    pub name: String,
    pub home: String,
    pub sources: Vec<String>,
    pub version: String,
    pub description: String,
    pub keywords: Vec<String>,
    pub maintainers: Vec<BTreeMap<String, String>>,
    pub icon: String,
    pub api_version: String,
    pub condition: String,
    pub tags: String,
    pub app_version: String,
    pub deprecated: bool,
    pub annotations: Option<BTreeMap<String, String>>,
    pub kube_version: String,
    pub dependencies: Vec<J>,
    pub chart_type: String,
}

/// A loaded chart.
#[derive(Debug, Clone)]
pub struct Chart {
    pub metadata: Metadata,
    /// The raw `values.yaml`, if any.
    pub values_yaml: Option<Vec<u8>>,
    /// `templates/...` files: (name relative to the chart, text).
    pub templates: Vec<(String, String)>,
    /// Other files, for `.Files`.
    pub files: Vec<(String, Vec<u8>)>,
}

fn walk(root: &Path, dir: &Path, rules: &Rules, out: &mut Vec<(String, Vec<u8>)>) -> Result<(), String> {
    let mut entries: Vec<_> = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        let meta = std::fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if rules.ignore(&rel, meta.is_dir()) {
            continue;
        }
        if meta.is_dir() {
            walk(root, &path, rules, out)?;
        } else {
            let mut data = std::fs::read(&path).map_err(|e| format!("error reading {rel}: {e}"))?;
            if data.starts_with(b"\xEF\xBB\xBF") {
                data.drain(..3);
            }
            out.push((rel, data));
        }
    }
    Ok(())
}


fn str_field(m: &J, key: &str) -> Result<String, String> {
    match m.get(key) {
        None | Some(J::Null) => Ok(String::new()),
        Some(J::Str(s)) => Ok(s.clone()),
        Some(other) => Err(format!("cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go struct field Metadata.{key} of type string", json_kind(other))),
    }
}

fn json_kind(j: &J) -> &'static str {
    match j {
        J::Null => "null",
        J::Bool(_) => "bool",
        J::Int(_) | J::Uint(_) | J::Float(_) => "number",
        J::Str(_) => "string",
        J::Seq(_) => "array",
        J::Map(_) => "object",
    }
}

fn str_list(m: &J, key: &str) -> Vec<String> {
    match m.get(key) {
        Some(J::Seq(items)) => items.iter().filter_map(|i| i.as_str().map(String::from)).collect(),
        _ => Vec::new(),
    }
}

fn parse_metadata(data: &[u8]) -> Result<Metadata, String> {
    let node = crate::yaml::read::parse_first_v2(data).map_err(|e| format!("cannot load Chart.yaml: error converting YAML to JSON: {e}"))?;
    let j = match node {
        Some(n) => crate::yaml::value::yaml_to_json_value(&n).map_err(|e| format!("cannot load Chart.yaml: error converting YAML to JSON: {e}"))?,
        None => J::Map(Vec::new()),
    };
    let mut md = Metadata {
        name: str_field(&j, "name")?,
        home: str_field(&j, "home")?,
        sources: str_list(&j, "sources"),
        version: str_field(&j, "version")?,
        description: str_field(&j, "description")?,
        keywords: str_list(&j, "keywords"),
        icon: str_field(&j, "icon")?,
        api_version: str_field(&j, "apiVersion")?,
        condition: str_field(&j, "condition")?,
        tags: str_field(&j, "tags")?,
        app_version: str_field(&j, "appVersion")?,
        deprecated: matches!(j.get("deprecated"), Some(J::Bool(true))),
        kube_version: str_field(&j, "kubeVersion")?,
        chart_type: str_field(&j, "type")?,
        ..Metadata::default()
    };
    if let Some(J::Seq(ms)) = j.get("maintainers") {
        for m in ms {
            let mut e = BTreeMap::new();
            for (k, name) in [("name", "Name"), ("email", "Email"), ("url", "URL")] {
                e.insert(name.to_string(), m.get(k).and_then(J::as_str).unwrap_or("").to_string());
            }
            md.maintainers.push(e);
        }
    }
    if let Some(J::Map(a)) = j.get("annotations") {
        md.annotations = Some(a.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string())).collect());
    }
    if let Some(J::Seq(d)) = j.get("dependencies") {
        md.dependencies = d.clone();
    }
    if md.api_version.is_empty() {
        md.api_version = "v1".into();
    }
    Ok(md)
}

fn validate(md: &Metadata) -> Result<(), String> {
    let v = |m: &str| Err(format!("validation: {m}"));
    if md.name.is_empty() {
        return v("chart.metadata.name is required");
    }
    if md.name == "." || md.name == ".." {
        return v(&format!("chart.metadata.name {:?} is not allowed", md.name));
    }
    if md.name.contains('/') {
        return v(&format!("chart.metadata.name {:?} is invalid", md.name));
    }
    if md.version.is_empty() {
        return v("chart.metadata.version is required");
    }
    if !matches!(md.chart_type.as_str(), "" | "application" | "library") {
        return v("chart.metadata.type must be application or library");
    }
    Ok(())
}

impl Chart {
    /// Loads a chart directory.
    pub fn load_dir(dir: &Path) -> Result<Chart, String> {
        if !dir.exists() {
            return Err(format!("path {} not found", crate::gotmpl::quote::quote(&dir.to_string_lossy())));
        }
        let mut rules = match std::fs::read_to_string(dir.join(".helmignore")) {
            Ok(text) => Rules::parse(&text)?,
            Err(_) => Rules::default(),
        };
        rules.add_defaults();
        let mut files = Vec::new();
        walk(dir, dir, &rules, &mut files)?;
        let mut chart = Chart { metadata: Metadata::default(), values_yaml: None, templates: Vec::new(), files: Vec::new() };
        let Some((_, chart_yaml)) = files.iter().find(|(n, _)| n == "Chart.yaml") else {
            return Err("Chart.yaml file is missing".into());
        };
        chart.metadata = parse_metadata(chart_yaml)?;
        for (name, data) in files {
            match name.as_str() {
                "Chart.yaml" | "Chart.lock" | "values.schema.json" | "requirements.yaml" | "requirements.lock" => {}
                "values.yaml" => chart.values_yaml = Some(data),
                n if n.starts_with("templates/") => chart.templates.push((name, String::from_utf8_lossy(&data).into_owned())),
                n if n.starts_with("charts/") && !n.ends_with(".prov") => {}
                _ => chart.files.push((name, data)),
            }
        }
        validate(&chart.metadata)?;
        Ok(chart)
    }

    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    /// `.Chart`: the metadata as Helm's `structToMap` turns it into a map (Go field names).
    pub fn metadata_value(&self, is_root: bool) -> Value {
        let md = &self.metadata;
        let s = |x: &str| Value::from(x);
        let strs = |v: &[String]| Value::list(v.iter().map(|x| s(x)).collect());
        let maintainers = md.maintainers.iter().map(|m| map_of(m.iter().map(|(k, v)| (k.as_str(), s(v))))).collect();
        let annotations = match &md.annotations {
            None => Value::nil_map(Type::StringMap),
            Some(a) => Value::typed_map(Type::StringMap, a.iter().map(|(k, v)| (k.as_str().into(), s(v))).collect()),
        };
        let deps = md.dependencies.iter().map(dependency_value).collect();
        map_of([
            ("Name", s(&md.name)),
            ("Home", s(&md.home)),
            ("Sources", strs(&md.sources)),
            ("Version", s(&md.version)),
            ("Description", s(&md.description)),
            ("Keywords", strs(&md.keywords)),
            ("Maintainers", Value::list(maintainers)),
            ("Icon", s(&md.icon)),
            ("APIVersion", s(&md.api_version)),
            ("Condition", s(&md.condition)),
            ("Tags", s(&md.tags)),
            ("AppVersion", s(&md.app_version)),
            ("Deprecated", Value::Bool(md.deprecated)),
            ("Annotations", annotations),
            ("KubeVersion", s(&md.kube_version)),
            ("Dependencies", Value::list(deps)),
            ("Type", s(&md.chart_type)),
            ("IsRoot", Value::Bool(is_root)),
        ])
    }
}

fn dependency_value(d: &J) -> Value {
    let s = |k: &str| Value::from(d.get(k).and_then(J::as_str).unwrap_or(""));
    let tags = match d.get("tags") {
        Some(J::Seq(t)) => Value::list(t.iter().map(|x| Value::from(x.as_str().unwrap_or(""))).collect()),
        _ => Value::list(Vec::new()),
    };
    let import = match d.get("import-values") {
        Some(J::Seq(t)) => Value::list(t.iter().map(crate::sprig::json::from_yaml_value).collect()),
        _ => Value::list(Vec::new()),
    };
    map_of([
        ("Name", s("name")),
        ("Version", s("version")),
        ("Repository", s("repository")),
        ("Condition", s("condition")),
        ("Tags", tags),
        ("Enabled", Value::Bool(matches!(d.get("enabled"), Some(J::Bool(true))))),
        ("ImportValues", import),
        ("Alias", s("alias")),
    ])
}
