//! The kustomization file: found under one of its three names, read as kustomize reads it
//! (`sigs.k8s.io/yaml` to JSON, then Go's JSON decoder with unknown fields refused and field names
//! matched case-insensitively), with the deprecation warnings kustomize prints.

use super::loader::{LoadError, Loader};
use crate::yaml::read::parse_stream_with;
use crate::yaml::resolve::Dialect;
use crate::yaml::value::{yaml_to_json_value, Value};
use std::path::PathBuf;

/// The names kustomize recognises, in its order.
pub const FILE_NAMES: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

pub const KUSTOMIZATION_KIND: &str = "Kustomization";
pub const COMPONENT_KIND: &str = "Component";
pub const KUSTOMIZATION_VERSION: &str = "kustomize.config.k8s.io/v1beta1";
pub const COMPONENT_VERSION: &str = "kustomize.config.k8s.io/v1alpha1";

/// Every field of kustomize v5.5's `Kustomization` type (JSON names).
pub const KNOWN_FIELDS: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "openapi",
    "namePrefix",
    "nameSuffix",
    "namespace",
    "commonLabels",
    "labels",
    "commonAnnotations",
    "patchesStrategicMerge",
    "patchesJson6902",
    "patches",
    "images",
    "imageTags",
    "replacements",
    "replicas",
    "vars",
    "sortOptions",
    "resources",
    "components",
    "crds",
    "bases",
    "configMapGenerator",
    "secretGenerator",
    "helmGlobals",
    "helmCharts",
    "helmChartInflationGenerator",
    "generatorOptions",
    "configurations",
    "generators",
    "transformers",
    "validators",
    "buildMetadata",
];

/// A problem with a kustomization file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct KustomizationError(pub String);

impl From<LoadError> for KustomizationError {
    fn from(e: LoadError) -> Self {
        KustomizationError(e.0)
    }
}

/// A parsed kustomization: each known field that is present, as its JSON value.
#[derive(Clone, Debug)]
pub struct Kustomization {
    /// The file it was read from.
    pub file: PathBuf,
    pub kind: String,
    pub api_version: String,
    fields: Vec<(&'static str, Value)>,
    /// Deprecation warnings kustomize prints on stderr for this file.
    pub warnings: Vec<String>,
}

fn canonical_field(key: &str) -> Option<&'static str> {
    KNOWN_FIELDS
        .iter()
        .find(|f| **f == key)
        .or_else(|| KNOWN_FIELDS.iter().find(|f| f.eq_ignore_ascii_case(key)))
        .copied()
}

impl Kustomization {
    /// Finds and reads the kustomization file in the loader's root.
    pub fn load(loader: &Loader) -> Result<Kustomization, KustomizationError> {
        Kustomization::load_with(loader, None)
    }

    /// [`Kustomization::load`], the file found as usual but its text replaced by `text`.
    pub fn load_with(loader: &Loader, text: Option<&[u8]>) -> Result<Kustomization, KustomizationError> {
        let mut found = Vec::new();
        for name in FILE_NAMES {
            let path = loader.root().join(name);
            loader.note_read(&path);
            // `LoadKustFile`: a name counts when the loader can load it (a symlink leading out
            // of the root does not).
            if path.is_file() && loader.resolve_file(name).is_ok() {
                found.push(path);
            }
        }
        let file = match found.len() {
            // Text given for a directory without a kustomization (kustomize-controller's
            // generated one): it stands for the kustomization.yaml that would be written.
            0 if text.is_some() => loader.root().join(FILE_NAMES[0]),
            0 => {
                return Err(KustomizationError(format!(
                    "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '{}'",
                    loader.root().display()
                )))
            }
            1 => found.remove(0),
            _ => {
                return Err(KustomizationError(format!(
                    "Found multiple kustomization files under: {}",
                    loader.root().display()
                )))
            }
        };
        if let Some(text) = text {
            return Kustomization::parse(text, file);
        }
        let bytes = std::fs::read(&file).map_err(|e| KustomizationError(format!("{}: {e}", file.display())))?;
        Kustomization::parse(&bytes, file)
    }

    /// Parses kustomization text; `file` names it in messages.
    pub fn parse(bytes: &[u8], file: PathBuf) -> Result<Kustomization, KustomizationError> {
        let invalid = |msg: String| KustomizationError(format!("invalid Kustomization: {msg}"));
        let docs = parse_stream_with(bytes, Dialect::V2).map_err(|e| invalid(format!("{e} in {}", file.display())))?;
        let value = match docs.into_iter().next().flatten() {
            None => Value::Null,
            Some(node) => yaml_to_json_value(&node).map_err(|e| invalid(e.to_string()))?,
        };
        let entries = match value {
            Value::Map(m) => m,
            Value::Null => Vec::new(),
            _ => return Err(invalid("json: cannot unmarshal into Go value of type types.Kustomization".into())),
        };
        let mut fields: Vec<(&'static str, Value)> = Vec::new();
        for (key, v) in entries {
            let Some(name) = canonical_field(&key) else {
                return Err(invalid(format!("json: unknown field \"{key}\"")));
            };
            // Go's decoder lets a later key (in JSON order, i.e. sorted) overwrite an earlier one.
            fields.retain(|(n, _)| *n != name);
            fields.push((name, v));
        }
        let mut k = Kustomization { file, kind: String::new(), api_version: String::new(), fields, warnings: Vec::new() };
        k.kind = k.string_field("kind")?.unwrap_or_default();
        k.api_version = k.string_field("apiVersion")?.unwrap_or_default();
        k.collect_warnings();
        k.fix_and_check()?;
        Ok(k)
    }

    fn collect_warnings(&mut self) {
        const EDIT_FIX: &str = "Run 'kustomize edit fix' to update your Kustomization automatically.";
        let table = [
            ("bases", "'bases' is deprecated. Please use 'resources' instead.", EDIT_FIX),
            ("commonLabels", "'commonLabels' is deprecated. Please use 'labels' instead.", EDIT_FIX),
            ("imageTags", "'imageTags' is deprecated. Please use 'images' instead.", EDIT_FIX),
            ("patchesJson6902", "'patchesJson6902' is deprecated. Please use 'patches' instead.", EDIT_FIX),
            ("patchesStrategicMerge", "'patchesStrategicMerge' is deprecated. Please use 'patches' instead.", EDIT_FIX),
            ("vars", "'vars' is deprecated. Please use 'replacements' instead.", "[EXPERIMENTAL] Run 'kustomize edit fix' to update your Kustomization automatically."),
        ];
        for (field, msg, tail) in table {
            if self.get(field).is_some_and(|v| *v != Value::Null) {
                self.warnings.push(format!("# Warning: {msg} {tail}"));
            }
        }
    }

    fn fix_and_check(&mut self) -> Result<(), KustomizationError> {
        // kustomize's CheckEmpty: the decoded struct, after FixKustomization, equals the zero
        // value. An empty list or map decodes as non-nil (not empty); `bases` and `imageTags` are
        // appended to `resources`/`images` (nothing appended to nothing stays nil), and
        // `helmChartInflationGenerator` is replaced by the charts it describes.
        let moved = |n: &str| matches!(n, "bases" | "imageTags" | "helmChartInflationGenerator");
        let meaningful = self.fields.iter().any(|(n, v)| match *n {
            "apiVersion" | "kind" => false,
            n if moved(n) => matches!(v, Value::Seq(items) if !items.is_empty()),
            _ => !go_zero(v),
        });
        if !meaningful {
            return Err(KustomizationError("kustomization.yaml is empty".into()));
        }
        if self.kind.is_empty() {
            self.kind = KUSTOMIZATION_KIND.into();
        }
        let required = if self.kind == COMPONENT_KIND { COMPONENT_VERSION } else { KUSTOMIZATION_VERSION };
        let mut errs = Vec::new();
        if self.kind != KUSTOMIZATION_KIND && self.kind != COMPONENT_KIND {
            errs.push(format!("kind should be {KUSTOMIZATION_KIND} or {COMPONENT_KIND}"));
        }
        if !self.api_version.is_empty() && self.api_version != required {
            errs.push(format!("apiVersion for {} should be {required}", self.kind));
        }
        if self.api_version.is_empty() {
            self.api_version = required.into();
        }
        if !errs.is_empty() {
            let dir = self.file.parent().map(|p| p.display().to_string()).unwrap_or_default();
            return Err(KustomizationError(format!("Failed to read kustomization file under {dir}:\n{}", errs.join("\n"))));
        }
        Ok(())
    }

    pub fn is_component(&self) -> bool {
        self.kind == COMPONENT_KIND
    }

    /// The raw JSON value of a field, if present.
    pub fn get(&self, field: &str) -> Option<&Value> {
        self.fields.iter().find(|(n, _)| *n == field).map(|(_, v)| v)
    }

    /// The names of the fields present with a non-empty value.
    pub fn present_fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().filter(|(_, v)| !is_empty_value(v)).map(|(n, _)| *n)
    }

    fn type_error(&self, field: &str, value: &Value, want: &str) -> KustomizationError {
        KustomizationError(format!(
            "invalid Kustomization: json: cannot unmarshal {} into Go struct field Kustomization.{field} of type {want}",
            json_kind(value)
        ))
    }

    /// A string field (`namePrefix`, `namespace`, …).
    pub fn string_field(&self, field: &str) -> Result<Option<String>, KustomizationError> {
        match self.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Str(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self.type_error(field, other, "string")),
        }
    }

    /// A list-of-strings field (`resources`, `components`, …).
    pub fn string_list(&self, field: &str) -> Result<Vec<String>, KustomizationError> {
        match self.get(field) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Seq(items)) => items
                .iter()
                .map(|v| match v {
                    Value::Str(s) => Ok(s.clone()),
                    Value::Null => Ok(String::new()),
                    other => Err(self.type_error(field, other, "string")),
                })
                .collect(),
            Some(other) => Err(self.type_error(field, other, "[]string")),
        }
    }

    /// `resources` followed by the deprecated `bases` (as kustomize's FixKustomization does).
    pub fn resources(&self) -> Result<Vec<String>, KustomizationError> {
        let mut r = self.string_list("resources")?;
        r.extend(self.string_list("bases")?);
        Ok(r)
    }
}

/// Decodes an optional object strictly (unknown keys refused) with `check`.
fn strict_object(
    v: Option<&Value>,
    what: &str,
    known: &[&str],
    check: impl Fn(&[(String, Value)]) -> Result<(), String>,
) -> Result<(), String> {
    let Some(v) = v else { return Ok(()) };
    let o = super::decode::object(v, what)?;
    if let Some(k) = super::decode::unknown_key(o, known) {
        return Err(format!("json: unknown field \"{k}\""));
    }
    check(o)
}

/// True when Go's JSON decoder leaves the field at its zero value: `null`, "", false, 0 (an empty
/// list or object still allocates).
fn go_zero(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Str(s) => s.is_empty(),
        Value::Bool(b) => !b,
        Value::Int(i) => *i == 0,
        Value::Uint(u) => *u == 0,
        Value::Float(f) => *f == 0.0,
        Value::Seq(_) | Value::Map(_) => false,
    }
}

fn is_empty_value(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Str(s) => s.is_empty(),
        Value::Seq(s) => s.is_empty(),
        Value::Map(m) => m.is_empty(),
        Value::Bool(b) => !b,
        Value::Int(i) => *i == 0,
        Value::Uint(u) => *u == 0,
        Value::Float(f) => *f == 0.0,
    }
}

/// How Go's JSON decoder names a value's type in messages.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Uint(_) | Value::Float(_) => "number",
        Value::Str(_) => "string",
        Value::Seq(_) => "array",
        Value::Map(_) => "object",
    }
}

/// Typed fields, decoded as Go's JSON decoder fills kustomize's `types.Kustomization`.
impl Kustomization {
    fn decoded<T>(&self, r: Result<T, String>) -> Result<T, KustomizationError> {
        r.map_err(|e| KustomizationError(format!("invalid Kustomization: {e}")))
    }

    /// A `map[string]string` field (`commonLabels`, `commonAnnotations`, `openapi`).
    pub fn string_map(&self, field: &str) -> Result<std::collections::BTreeMap<String, String>, KustomizationError> {
        self.decoded(super::decode::string_map(self.get(field), &format!("Kustomization.{field}")))
    }

    /// `labels`.
    pub fn labels(&self) -> Result<Vec<super::builtins::labels::LabelEntry>, KustomizationError> {
        self.decoded(super::decode::list(self.get("labels"), "Kustomization.labels", "types.Label", |v| {
            let o = super::decode::object(v, "types.Label")?;
            if let Some(k) = super::decode::unknown_key(o, &["pairs", "includeSelectors", "includeTemplates", "fields"]) {
                return Err(format!("json: unknown field \"{k}\""));
            }
            super::builtins::labels::LabelEntry::from_value(v)
        }))
    }

    /// `images` followed by the deprecated `imageTags`.
    pub fn images(&self) -> Result<Vec<super::builtins::images::Image>, KustomizationError> {
        let one = |v: &Value| {
            let o = super::decode::object(v, "types.Image")?;
            if let Some(k) = super::decode::unknown_key(o, &["name", "newName", "tagSuffix", "newTag", "digest"]) {
                return Err(format!("json: unknown field \"{k}\""));
            }
            super::builtins::images::Image::from_value(v)
        };
        let mut out = self.decoded(super::decode::list(self.get("images"), "Kustomization.images", "types.Image", one))?;
        out.extend(self.decoded(super::decode::list(self.get("imageTags"), "Kustomization.imageTags", "types.Image", one))?);
        Ok(out)
    }

    /// `replicas`.
    pub fn replicas(&self) -> Result<Vec<super::builtins::replicas::Replica>, KustomizationError> {
        self.decoded(super::decode::list(self.get("replicas"), "Kustomization.replicas", "types.Replica", |v| {
            let o = super::decode::object(v, "types.Replica")?;
            if let Some(k) = super::decode::unknown_key(o, &["name", "count"]) {
                return Err(format!("json: unknown field \"{k}\""));
            }
            super::builtins::replicas::Replica::from_value(v)
        }))
    }

    /// `configMapGenerator` or `secretGenerator`.
    pub fn generator_args(&self, kind: super::builtins::generator::GeneratorKind) -> Result<Vec<super::builtins::generator::GeneratorArgs>, KustomizationError> {
        use super::builtins::generator::{GeneratorArgs, GeneratorKind};
        let field = match kind {
            GeneratorKind::ConfigMap => "configMapGenerator",
            GeneratorKind::Secret => "secretGenerator",
        };
        self.decoded(super::decode::list(self.get(field), &format!("Kustomization.{field}"), "types.ConfigMapArgs", |v| {
            GeneratorArgs::from_kustomization(v, kind)
        }))
    }

    /// `generatorOptions`.
    pub fn generator_options(&self) -> Result<Option<super::builtins::generator::GeneratorOptions>, KustomizationError> {
        match self.get("generatorOptions") {
            None | Some(Value::Null) => Ok(None),
            Some(v) => self.decoded(super::builtins::generator::GeneratorOptions::from_value(v, true)).map(Some),
        }
    }

    /// Decodes every typed field, as kustomize does when it reads the file, so that a value of
    /// the wrong type is reported before anything is built.
    pub fn check_types(&self) -> Result<(), KustomizationError> {
        use super::builtins::generator::GeneratorKind;
        for f in ["namespace", "namePrefix", "nameSuffix"] {
            self.string_field(f)?;
        }
        for f in ["commonLabels", "commonAnnotations", "openapi"] {
            self.string_map(f)?;
        }
        for f in ["resources", "bases", "components", "crds", "configurations", "generators", "transformers", "validators", "buildMetadata"] {
            self.string_list(f)?;
        }
        self.labels()?;
        self.images()?;
        self.replicas()?;
        self.generator_args(GeneratorKind::ConfigMap)?;
        self.generator_args(GeneratorKind::Secret)?;
        self.generator_options()?;
        self.vars()?;
        self.decoded(strict_object(self.get("metadata"), "types.ObjectMeta", &["name", "namespace", "labels", "annotations"], |o| {
            super::decode::string(super::decode::field(o, "name"), "ObjectMeta.metadata.name")?;
            super::decode::string(super::decode::field(o, "namespace"), "ObjectMeta.metadata.namespace")?;
            super::decode::string_map(super::decode::field(o, "labels"), "ObjectMeta.metadata.labels")?;
            super::decode::string_map(super::decode::field(o, "annotations"), "ObjectMeta.metadata.annotations")?;
            Ok(())
        }))?;
        self.decoded(strict_object(self.get("sortOptions"), "types.SortOptions", &["order", "legacySortOptions"], |o| {
            super::decode::string(super::decode::field(o, "order"), "SortOptions.sortOptions.order")?;
            strict_object(super::decode::field(o, "legacySortOptions"), "types.LegacySortOptions", &["orderFirst", "orderLast"], |l| {
                super::decode::string_list(super::decode::field(l, "orderFirst"), "LegacySortOptions.sortOptions.legacySortOptions.orderFirst")?;
                super::decode::string_list(super::decode::field(l, "orderLast"), "LegacySortOptions.sortOptions.legacySortOptions.orderLast")?;
                Ok(())
            })
        }))?;
        Ok(())
    }

    /// `vars`.
    pub fn vars(&self) -> Result<Vec<super::vars::Var>, KustomizationError> {
        self.decoded(super::decode::list(self.get("vars"), "Kustomization.vars", "types.Var", super::vars::Var::from_value))
    }
}
