//! A loaded chart as Helm's `chart.Chart` holds it: `Chart.yaml` (metadata), `values.yaml`,
//! `templates/` (every file there is a template), `values.schema.json`, the subcharts of
//! `charts/`, and every other file for `.Files` (`Chart.lock`, `values.schema.json`,
//! `requirements.*` and `charts/` excluded). Loading is in [`super::loader`].

use crate::gotmpl::bytes::Bytes;
use crate::gotmpl::{map_of, Type, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::rc::Rc;

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
    pub dependencies: Vec<Dependency>,
    pub chart_type: String,
    /// A null maintainer or dependency entry, reported by validation.
    pub invalid: Option<String>,
}

/// One `dependencies:` entry (`chart.Dependency`).
#[derive(Debug, Clone, Default)]
pub struct Dependency {
    pub name: String,
    pub version: String,
    pub repository: String,
    pub condition: String,
    pub tags: Vec<String>,
    pub enabled: bool,
    /// `import-values`: strings or `{child, parent}` tables as written; after dependency
    /// processing, `{child, parent}` string maps.
    pub import_values: Vec<Value>,
    pub alias: String,
}

/// A loaded chart.
#[derive(Debug, Clone, Default)]
pub struct Chart {
    pub metadata: Metadata,
    /// The raw `values.yaml`, if any.
    pub values_yaml: Option<Vec<u8>>,
    /// `templates/...` files: (name relative to the chart, text; shared with the parsers of
    /// `helm/early_parse.rs`).
    pub templates: Vec<(String, std::sync::Arc<str>)>,
    /// Other files, for `.Files` (shared with the `.Files` objects of the render, not copied).
    pub files: Vec<(String, Rc<Bytes>)>,
    /// The chart's values (`values.yaml` as loaded; changed by `import-values`). `None`: read
    /// `values_yaml` when needed.
    pub values: Option<Value>,
    /// `values.schema.json`.
    pub schema: Option<Vec<u8>>,
    /// Subcharts (`charts/`), in Helm's order.
    pub dependencies: Vec<Chart>,
}

impl Chart {
    /// Loads a chart directory (Helm's `loader.LoadDir`).
    pub fn load_dir(dir: &Path) -> Result<Chart, String> {
        super::loader::load_dir(dir)
    }

    /// The chart's own values (`values.yaml`), as a `map[string]interface {}`.
    pub fn default_values(&self) -> Result<Value, String> {
        if let Some(v) = &self.values {
            return Ok(v.clone());
        }
        match &self.values_yaml {
            Some(data) => super::values::load_values(data).map_err(|e| format!("cannot load values.yaml: {e}")),
            None => Ok(Value::empty_map()),
        }
    }

    /// Whether this is a library chart (`type: library`, any case).
    pub fn is_library(&self) -> bool {
        self.metadata.chart_type.eq_ignore_ascii_case("library")
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
        let deps = md.dependencies.iter().map(super::metadata::dependency_value).collect();
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
