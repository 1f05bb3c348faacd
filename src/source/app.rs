//! The Argo CD `Application` and its sources (`pkg/apis/application/v1alpha1`), decoded from YAML
//! or JSON as Go's `encoding/json` fills the typed structs (unknown fields ignored, wrong types
//! refused) and encoded back with their `omitempty` rules (needed to merge the
//! `.argocd-source*.yaml` overrides the way the repo-server does).

use super::jsonnet::{JsonnetOptions, JsonnetVar};
use crate::yaml::Value;

type R<T> = Result<T, String>;

/// `ApplicationSourceHelm`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HelmOptions {
    pub value_files: Vec<String>,
    pub parameters: Vec<HelmParameter>,
    pub release_name: String,
    pub values: String,
    pub file_parameters: Vec<HelmFileParameter>,
    pub version: String,
    pub pass_credentials: bool,
    pub ignore_missing_value_files: bool,
    pub skip_crds: bool,
    /// `valuesObject` (kept as the JSON value; takes precedence over `values`).
    pub values_object: Option<Value>,
    pub namespace: String,
    pub kube_version: String,
    pub api_versions: Vec<String>,
    pub skip_tests: bool,
    pub skip_schema_validation: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HelmParameter {
    pub name: String,
    pub value: String,
    pub force_string: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HelmFileParameter {
    pub name: String,
    pub path: String,
}

/// `KustomizeReplica`: `count` is an int or a string (`intstr.IntOrString`).
#[derive(Clone, Debug, PartialEq)]
pub struct KustomizeReplica {
    pub name: String,
    pub count: Value,
}

impl KustomizeReplica {
    /// `GetIntCount`.
    pub fn int_count(&self) -> R<i64> {
        match &self.count {
            Value::Int(i) => Ok(*i),
            Value::Str(s) => s.parse::<i64>().map_err(|_| format!("expected integer value for count. Received: {s}")),
            _ => Ok(0),
        }
    }
}

/// `ApplicationSourceKustomize`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KustomizeOptions {
    pub name_prefix: String,
    pub name_suffix: String,
    pub images: Vec<String>,
    pub common_labels: Vec<(String, String)>,
    pub version: String,
    pub common_annotations: Vec<(String, String)>,
    pub force_common_labels: bool,
    pub force_common_annotations: bool,
    pub namespace: String,
    pub common_annotations_envsubst: bool,
    pub replicas: Vec<KustomizeReplica>,
    /// `patches`, each as its JSON object (`path`, `patch`, `target`, `options`).
    pub patches: Vec<Value>,
    pub components: Vec<String>,
    pub ignore_missing_components: bool,
    pub label_without_selector: bool,
    pub kube_version: String,
    pub api_versions: Vec<String>,
    pub label_include_templates: bool,
}

/// `ApplicationSourceDirectory`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DirectoryOptions {
    pub recurse: bool,
    pub jsonnet: JsonnetOptions,
    pub exclude: String,
    pub include: String,
}

/// One `ApplicationSourcePluginParameter`: a string, a map and/or an array.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PluginParameter {
    pub name: String,
    pub string: Option<String>,
    pub map: Option<Vec<(String, String)>>,
    pub array: Option<Vec<String>>,
}

/// `ApplicationSourcePlugin`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PluginOptions {
    pub name: String,
    pub env: Vec<(String, String)>,
    pub parameters: Vec<PluginParameter>,
}

/// `ApplicationSource`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppSource {
    pub repo_url: String,
    pub path: String,
    pub target_revision: String,
    pub helm: Option<HelmOptions>,
    pub kustomize: Option<KustomizeOptions>,
    pub directory: Option<DirectoryOptions>,
    pub plugin: Option<PluginOptions>,
    pub chart: String,
    pub ref_name: String,
    pub name: String,
}

/// What krender needs of an `Application`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Application {
    pub name: String,
    /// The namespace the Application object lives in.
    pub namespace: String,
    pub project: String,
    pub dest_namespace: String,
    pub dest_server: String,
    pub dest_name: String,
    pub sources: Vec<AppSource>,
    /// `spec.sources` was used (a multi-source application).
    pub multi_source: bool,
}

/// The source types (`ApplicationSourceType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceType {
    Helm,
    Kustomize,
    Directory,
    Plugin,
}

impl SourceType {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceType::Helm => "Helm",
            SourceType::Kustomize => "Kustomize",
            SourceType::Directory => "Directory",
            SourceType::Plugin => "Plugin",
        }
    }
}

// ---- decoding (encoding/json into the typed structs) ----

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Uint(_) | Value::Float(_) => "number",
        Value::Str(_) => "string",
        Value::Seq(_) => "array",
        Value::Map(_) => "object",
    }
}

fn type_err(v: &Value, field: &str, want: &str) -> String {
    format!("json: cannot unmarshal {} into Go struct field {field} of type {want}", kind(v))
}

fn entries<'a>(v: &'a Value, field: &str, ty: &str) -> R<&'a [(String, Value)]> {
    match v {
        Value::Map(m) => Ok(m),
        Value::Null => Ok(&[]),
        other => Err(type_err(other, field, ty)),
    }
}

/// Go's JSON decoder matches field names exactly first, then case-insensitively.
fn field<'a>(o: &'a [(String, Value)], name: &str) -> Option<&'a Value> {
    o.iter().rev().find(|(k, _)| k == name).or_else(|| o.iter().rev().find(|(k, _)| k.eq_ignore_ascii_case(name))).map(|(_, v)| v)
}

fn string(o: &[(String, Value)], name: &str, ctx: &str) -> R<String> {
    match field(o, name) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::Str(s)) => Ok(s.clone()),
        Some(other) => Err(type_err(other, &format!("{ctx}.{name}"), "string")),
    }
}

fn boolean(o: &[(String, Value)], name: &str, ctx: &str) -> R<bool> {
    match field(o, name) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(type_err(other, &format!("{ctx}.{name}"), "bool")),
    }
}

fn list<T>(o: &[(String, Value)], name: &str, ctx: &str, ty: &str, one: impl Fn(&Value) -> R<T>) -> R<Vec<T>> {
    match field(o, name) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Seq(items)) => items.iter().map(one).collect(),
        Some(other) => Err(type_err(other, &format!("{ctx}.{name}"), &format!("[]{ty}"))),
    }
}

fn strings(o: &[(String, Value)], name: &str, ctx: &str) -> R<Vec<String>> {
    let f = format!("{ctx}.{name}");
    list(o, name, ctx, "string", |v| match v {
        Value::Str(s) => Ok(s.clone()),
        Value::Null => Ok(String::new()),
        other => Err(type_err(other, &f, "string")),
    })
}

fn string_map(o: &[(String, Value)], name: &str, ctx: &str) -> R<Vec<(String, String)>> {
    let f = format!("{ctx}.{name}");
    match field(o, name) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Map(m)) => {
            let mut out: Vec<(String, String)> = Vec::new();
            for (k, v) in m {
                let s = match v {
                    Value::Str(s) => s.clone(),
                    Value::Null => String::new(),
                    other => return Err(type_err(other, &f, "string")),
                };
                out.retain(|(ok, _)| ok != k);
                out.push((k.clone(), s));
            }
            out.sort();
            Ok(out)
        }
        Some(other) => Err(type_err(other, &f, "map[string]string")),
    }
}

fn object<'a>(o: &'a [(String, Value)], name: &str, ctx: &str, ty: &str) -> R<Option<&'a [(String, Value)]>> {
    match field(o, name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Map(m)) => Ok(Some(m)),
        Some(other) => Err(type_err(other, &format!("{ctx}.{name}"), ty)),
    }
}

impl HelmOptions {
    pub fn from_value(o: &[(String, Value)]) -> R<HelmOptions> {
        let c = "ApplicationSourceHelm";
        Ok(HelmOptions {
            value_files: strings(o, "valueFiles", c)?,
            parameters: list(o, "parameters", c, "v1alpha1.HelmParameter", |v| {
                let p = entries(v, "ApplicationSourceHelm.parameters", "v1alpha1.HelmParameter")?;
                Ok(HelmParameter { name: string(p, "name", "HelmParameter")?, value: string(p, "value", "HelmParameter")?, force_string: boolean(p, "forceString", "HelmParameter")? })
            })?,
            release_name: string(o, "releaseName", c)?,
            values: string(o, "values", c)?,
            file_parameters: list(o, "fileParameters", c, "v1alpha1.HelmFileParameter", |v| {
                let p = entries(v, "ApplicationSourceHelm.fileParameters", "v1alpha1.HelmFileParameter")?;
                Ok(HelmFileParameter { name: string(p, "name", "HelmFileParameter")?, path: string(p, "path", "HelmFileParameter")? })
            })?,
            version: string(o, "version", c)?,
            pass_credentials: boolean(o, "passCredentials", c)?,
            ignore_missing_value_files: boolean(o, "ignoreMissingValueFiles", c)?,
            skip_crds: boolean(o, "skipCrds", c)?,
            values_object: match field(o, "valuesObject") {
                None | Some(Value::Null) => None,
                Some(v) => Some(v.clone()),
            },
            namespace: string(o, "namespace", c)?,
            kube_version: string(o, "kubeVersion", c)?,
            api_versions: strings(o, "apiVersions", c)?,
            skip_tests: boolean(o, "skipTests", c)?,
            skip_schema_validation: boolean(o, "skipSchemaValidation", c)?,
        })
    }

    /// `ValuesYAML()`: `valuesObject` as YAML, else `values`.
    pub fn values_yaml(&self) -> R<String> {
        match &self.values_object {
            Some(v) => crate::yaml::to_yaml(v).map_err(|e| e.to_string()),
            None => Ok(self.values.clone()),
        }
    }
}

impl KustomizeOptions {
    pub fn from_value(o: &[(String, Value)]) -> R<KustomizeOptions> {
        let c = "ApplicationSourceKustomize";
        Ok(KustomizeOptions {
            name_prefix: string(o, "namePrefix", c)?,
            name_suffix: string(o, "nameSuffix", c)?,
            images: strings(o, "images", c)?,
            common_labels: string_map(o, "commonLabels", c)?,
            version: string(o, "version", c)?,
            common_annotations: string_map(o, "commonAnnotations", c)?,
            force_common_labels: boolean(o, "forceCommonLabels", c)?,
            force_common_annotations: boolean(o, "forceCommonAnnotations", c)?,
            namespace: string(o, "namespace", c)?,
            common_annotations_envsubst: boolean(o, "commonAnnotationsEnvsubst", c)?,
            replicas: list(o, "replicas", c, "v1alpha1.KustomizeReplica", |v| {
                let r = entries(v, "ApplicationSourceKustomize.replicas", "v1alpha1.KustomizeReplica")?;
                let count = match field(r, "count") {
                    None | Some(Value::Null) => Value::Int(0),
                    Some(Value::Int(i)) => Value::Int(*i),
                    Some(Value::Str(s)) => Value::Str(s.clone()),
                    Some(other) => return Err(format!("json: cannot unmarshal {} into Go struct field KustomizeReplica.count of type intstr.IntOrString", kind(other))),
                };
                Ok(KustomizeReplica { name: string(r, "name", "KustomizeReplica")?, count })
            })?,
            patches: list(o, "patches", c, "v1alpha1.KustomizePatch", patch_value)?,
            components: strings(o, "components", c)?,
            ignore_missing_components: boolean(o, "ignoreMissingComponents", c)?,
            label_without_selector: boolean(o, "labelWithoutSelector", c)?,
            kube_version: string(o, "kubeVersion", c)?,
            api_versions: strings(o, "apiVersions", c)?,
            label_include_templates: boolean(o, "labelIncludeTemplates", c)?,
        })
    }
}

/// A `KustomizePatch` decoded and written back as Argo CD writes it into the kustomization
/// (only its known fields, empty ones left out).
fn patch_value(v: &Value) -> R<Value> {
    let c = "KustomizePatch";
    let p = entries(v, "ApplicationSourceKustomize.patches", "v1alpha1.KustomizePatch")?;
    let mut out: Vec<(String, Value)> = Vec::new();
    for f in ["path", "patch"] {
        let s = string(p, f, c)?;
        if !s.is_empty() {
            out.push((f.into(), Value::Str(s)));
        }
    }
    if let Some(t) = object(p, "target", c, "v1alpha1.KustomizeSelector")? {
        let mut target = Vec::new();
        for f in ["group", "version", "kind", "name", "namespace", "annotationSelector", "labelSelector"] {
            let s = string(t, f, "KustomizeSelector")?;
            if !s.is_empty() {
                target.push((f.to_string(), Value::Str(s)));
            }
        }
        out.push(("target".into(), Value::Map(target)));
    }
    if let Some(opts) = object(p, "options", c, "map[string]bool")? {
        let mut m: Vec<(String, Value)> = Vec::new();
        for (k, b) in opts {
            match b {
                Value::Bool(_) => m.push((k.clone(), b.clone())),
                Value::Null => m.push((k.clone(), Value::Bool(false))),
                other => return Err(type_err(other, "KustomizePatch.options", "bool")),
            }
        }
        if !m.is_empty() {
            out.push(("options".into(), Value::Map(m)));
        }
    }
    Ok(Value::Map(out))
}

fn jsonnet_var(v: &Value, ctx: &str) -> R<JsonnetVar> {
    let o = entries(v, ctx, "v1alpha1.JsonnetVar")?;
    Ok(JsonnetVar { name: string(o, "name", "JsonnetVar")?, value: string(o, "value", "JsonnetVar")?, code: boolean(o, "code", "JsonnetVar")? })
}

impl DirectoryOptions {
    pub fn from_value(o: &[(String, Value)]) -> R<DirectoryOptions> {
        let c = "ApplicationSourceDirectory";
        let jsonnet = match object(o, "jsonnet", c, "v1alpha1.ApplicationSourceJsonnet")? {
            None => JsonnetOptions::default(),
            Some(j) => JsonnetOptions {
                ext_vars: list(j, "extVars", "ApplicationSourceJsonnet", "v1alpha1.JsonnetVar", |v| jsonnet_var(v, "ApplicationSourceJsonnet.extVars"))?,
                tlas: list(j, "tlas", "ApplicationSourceJsonnet", "v1alpha1.JsonnetVar", |v| jsonnet_var(v, "ApplicationSourceJsonnet.tlas"))?,
                libs: strings(j, "libs", "ApplicationSourceJsonnet")?,
            },
        };
        Ok(DirectoryOptions { recurse: boolean(o, "recurse", c)?, jsonnet, exclude: string(o, "exclude", c)?, include: string(o, "include", c)? })
    }
}

impl PluginOptions {
    pub fn from_value(o: &[(String, Value)]) -> R<PluginOptions> {
        let c = "ApplicationSourcePlugin";
        let env = list(o, "env", c, "*v1alpha1.EnvEntry", |v| {
            let e = entries(v, "ApplicationSourcePlugin.env", "v1alpha1.EnvEntry")?;
            Ok((string(e, "name", "EnvEntry")?, string(e, "value", "EnvEntry")?))
        })?;
        let parameters = list(o, "parameters", c, "v1alpha1.ApplicationSourcePluginParameter", |v| {
            let p = entries(v, "ApplicationSourcePlugin.parameters", "v1alpha1.ApplicationSourcePluginParameter")?;
            let string_v = match field(p, "string") {
                None | Some(Value::Null) => None,
                Some(Value::Str(s)) => Some(s.clone()),
                Some(other) => return Err(type_err(other, "ApplicationSourcePluginParameter.string", "string")),
            };
            let map = match field(p, "map") {
                None => None,
                Some(_) => Some(string_map(p, "map", "ApplicationSourcePluginParameter")?),
            };
            let array = match field(p, "array") {
                None => None,
                Some(_) => Some(strings(p, "array", "ApplicationSourcePluginParameter")?),
            };
            Ok(PluginParameter { name: string(p, "name", "ApplicationSourcePluginParameter")?, string: string_v, map, array })
        })?;
        Ok(PluginOptions { name: string(o, "name", c)?, env, parameters })
    }
}

impl AppSource {
    pub fn from_value(v: &Value) -> R<AppSource> {
        let c = "ApplicationSource";
        let o = entries(v, "ApplicationSpec.source", "v1alpha1.ApplicationSource")?;
        Ok(AppSource {
            repo_url: string(o, "repoURL", c)?,
            path: string(o, "path", c)?,
            target_revision: string(o, "targetRevision", c)?,
            helm: object(o, "helm", c, "v1alpha1.ApplicationSourceHelm")?.map(HelmOptions::from_value).transpose()?,
            kustomize: object(o, "kustomize", c, "v1alpha1.ApplicationSourceKustomize")?.map(KustomizeOptions::from_value).transpose()?,
            directory: object(o, "directory", c, "v1alpha1.ApplicationSourceDirectory")?.map(DirectoryOptions::from_value).transpose()?,
            plugin: object(o, "plugin", c, "v1alpha1.ApplicationSourcePlugin")?.map(PluginOptions::from_value).transpose()?,
            chart: string(o, "chart", c)?,
            ref_name: string(o, "ref", c)?,
            name: string(o, "name", c)?,
        })
    }

    /// `ExplicitType()`.
    pub fn explicit_type(&self) -> R<Option<SourceType>> {
        let mut types = Vec::new();
        if self.kustomize.is_some() {
            types.push(SourceType::Kustomize);
        }
        if self.helm.is_some() {
            types.push(SourceType::Helm);
        }
        if self.directory.is_some() {
            types.push(SourceType::Directory);
        }
        if self.plugin.is_some() {
            types.push(SourceType::Plugin);
        }
        match types.len() {
            0 => Ok(None),
            1 => Ok(Some(types[0])),
            _ => Err(format!("multiple application sources defined: {}", types.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(","))),
        }
    }

    /// `GetKubeVersionOrDefault`.
    pub fn kube_version_or(&self, default: &str) -> String {
        if let Some(h) = self.helm.as_ref().filter(|h| !h.kube_version.is_empty()) {
            return h.kube_version.clone();
        }
        if let Some(k) = self.kustomize.as_ref().filter(|k| !k.kube_version.is_empty()) {
            return k.kube_version.clone();
        }
        default.to_string()
    }

    /// `GetAPIVersionsOrDefault`.
    pub fn api_versions_or(&self, default: &[String]) -> Vec<String> {
        if let Some(h) = self.helm.as_ref().filter(|h| !h.api_versions.is_empty()) {
            return h.api_versions.clone();
        }
        if let Some(k) = self.kustomize.as_ref().filter(|k| !k.api_versions.is_empty()) {
            return k.api_versions.clone();
        }
        default.to_vec()
    }

    /// `GetNamespaceOrDefault`.
    pub fn namespace_or(&self, default: &str) -> String {
        if let Some(h) = self.helm.as_ref().filter(|h| !h.namespace.is_empty()) {
            return h.namespace.clone();
        }
        if let Some(k) = self.kustomize.as_ref().filter(|k| !k.namespace.is_empty()) {
            return k.namespace.clone();
        }
        default.to_string()
    }
}

impl Application {
    /// Reads an `Application` manifest (YAML or JSON).
    pub fn from_value(v: &Value) -> R<Application> {
        let top = entries(v, "Application", "v1alpha1.Application")?;
        let kind = string(top, "kind", "Application")?;
        if !kind.is_empty() && kind != "Application" {
            return Err(format!("expected an Application, found kind {kind}"));
        }
        let meta = object(top, "metadata", "Application", "v1.ObjectMeta")?.unwrap_or(&[]);
        let spec = object(top, "spec", "Application", "v1alpha1.ApplicationSpec")?.unwrap_or(&[]);
        let dest = object(spec, "destination", "ApplicationSpec", "v1alpha1.ApplicationDestination")?.unwrap_or(&[]);
        let single = field(spec, "source").filter(|v| **v != Value::Null);
        let multi = match field(spec, "sources") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Seq(items)) => items.iter().map(AppSource::from_value).collect::<R<_>>()?,
            Some(other) => return Err(type_err(other, "ApplicationSpec.sources", "v1alpha1.ApplicationSources")),
        };
        // `HasMultipleSources`: `sources` wins when it is non-empty.
        let (sources, multi_source) = if !multi.is_empty() {
            (multi, true)
        } else {
            match single {
                Some(s) => (vec![AppSource::from_value(s)?], false),
                None => return Err("the Application has no spec.source or spec.sources".into()),
            }
        };
        Ok(Application {
            name: string(meta, "name", "ObjectMeta")?,
            namespace: string(meta, "namespace", "ObjectMeta")?,
            project: string(spec, "project", "ApplicationSpec")?,
            dest_namespace: string(dest, "namespace", "ApplicationDestination")?,
            dest_server: string(dest, "server", "ApplicationDestination")?,
            dest_name: string(dest, "name", "ApplicationDestination")?,
            sources,
            multi_source,
        })
    }
}

// ---- encoding (json.Marshal with omitempty) ----

fn put_str(out: &mut Vec<(String, Value)>, k: &str, v: &str) {
    if !v.is_empty() {
        out.push((k.into(), Value::Str(v.into())));
    }
}

fn put_bool(out: &mut Vec<(String, Value)>, k: &str, v: bool) {
    if v {
        out.push((k.into(), Value::Bool(true)));
    }
}

fn put_strs(out: &mut Vec<(String, Value)>, k: &str, v: &[String]) {
    if !v.is_empty() {
        out.push((k.into(), Value::Seq(v.iter().map(|s| Value::Str(s.clone())).collect())));
    }
}

fn put_map(out: &mut Vec<(String, Value)>, k: &str, v: &[(String, String)]) {
    if !v.is_empty() {
        out.push((k.into(), Value::Map(v.iter().map(|(a, b)| (a.clone(), Value::Str(b.clone()))).collect())));
    }
}

fn jsonnet_var_value(v: &JsonnetVar) -> Value {
    let mut o = vec![("name".to_string(), Value::Str(v.name.clone())), ("value".to_string(), Value::Str(v.value.clone()))];
    put_bool(&mut o, "code", v.code);
    Value::Map(o)
}

impl HelmOptions {
    pub fn to_value(&self) -> Value {
        let mut o = Vec::new();
        put_strs(&mut o, "valueFiles", &self.value_files);
        if !self.parameters.is_empty() {
            let ps = self
                .parameters
                .iter()
                .map(|p| {
                    let mut m = Vec::new();
                    put_str(&mut m, "name", &p.name);
                    put_str(&mut m, "value", &p.value);
                    put_bool(&mut m, "forceString", p.force_string);
                    Value::Map(m)
                })
                .collect();
            o.push(("parameters".into(), Value::Seq(ps)));
        }
        put_str(&mut o, "releaseName", &self.release_name);
        put_str(&mut o, "values", &self.values);
        if !self.file_parameters.is_empty() {
            let ps = self
                .file_parameters
                .iter()
                .map(|p| {
                    let mut m = Vec::new();
                    put_str(&mut m, "name", &p.name);
                    put_str(&mut m, "path", &p.path);
                    Value::Map(m)
                })
                .collect();
            o.push(("fileParameters".into(), Value::Seq(ps)));
        }
        put_str(&mut o, "version", &self.version);
        put_bool(&mut o, "passCredentials", self.pass_credentials);
        put_bool(&mut o, "ignoreMissingValueFiles", self.ignore_missing_value_files);
        put_bool(&mut o, "skipCrds", self.skip_crds);
        if let Some(v) = &self.values_object {
            o.push(("valuesObject".into(), v.clone()));
        }
        put_str(&mut o, "namespace", &self.namespace);
        put_str(&mut o, "kubeVersion", &self.kube_version);
        put_strs(&mut o, "apiVersions", &self.api_versions);
        put_bool(&mut o, "skipTests", self.skip_tests);
        put_bool(&mut o, "skipSchemaValidation", self.skip_schema_validation);
        Value::Map(o)
    }
}

impl KustomizeOptions {
    pub fn to_value(&self) -> Value {
        let mut o = Vec::new();
        put_str(&mut o, "namePrefix", &self.name_prefix);
        put_str(&mut o, "nameSuffix", &self.name_suffix);
        put_strs(&mut o, "images", &self.images);
        put_map(&mut o, "commonLabels", &self.common_labels);
        put_str(&mut o, "version", &self.version);
        put_map(&mut o, "commonAnnotations", &self.common_annotations);
        put_bool(&mut o, "forceCommonLabels", self.force_common_labels);
        put_bool(&mut o, "forceCommonAnnotations", self.force_common_annotations);
        put_str(&mut o, "namespace", &self.namespace);
        put_bool(&mut o, "commonAnnotationsEnvsubst", self.common_annotations_envsubst);
        if !self.replicas.is_empty() {
            let rs = self.replicas.iter().map(|r| Value::Map(vec![("name".into(), Value::Str(r.name.clone())), ("count".into(), r.count.clone())])).collect();
            o.push(("replicas".into(), Value::Seq(rs)));
        }
        if !self.patches.is_empty() {
            o.push(("patches".into(), Value::Seq(self.patches.clone())));
        }
        put_strs(&mut o, "components", &self.components);
        put_bool(&mut o, "labelWithoutSelector", self.label_without_selector);
        put_str(&mut o, "kubeVersion", &self.kube_version);
        put_strs(&mut o, "apiVersions", &self.api_versions);
        put_bool(&mut o, "labelIncludeTemplates", self.label_include_templates);
        put_bool(&mut o, "ignoreMissingComponents", self.ignore_missing_components);
        Value::Map(o)
    }
}

impl DirectoryOptions {
    pub fn to_value(&self) -> Value {
        let mut o = Vec::new();
        put_bool(&mut o, "recurse", self.recurse);
        // `jsonnet` is `omitempty,omitzero`: left out when it is the zero value.
        if !self.jsonnet.is_zero() {
            let mut j = Vec::new();
            if !self.jsonnet.ext_vars.is_empty() {
                j.push(("extVars".to_string(), Value::Seq(self.jsonnet.ext_vars.iter().map(jsonnet_var_value).collect())));
            }
            if !self.jsonnet.tlas.is_empty() {
                j.push(("tlas".to_string(), Value::Seq(self.jsonnet.tlas.iter().map(jsonnet_var_value).collect())));
            }
            put_strs(&mut j, "libs", &self.jsonnet.libs);
            o.push(("jsonnet".into(), Value::Map(j)));
        }
        put_str(&mut o, "exclude", &self.exclude);
        put_str(&mut o, "include", &self.include);
        Value::Map(o)
    }
}

impl PluginParameter {
    /// `ApplicationSourcePluginParameter.MarshalJSON`.
    pub fn to_value(&self) -> Value {
        let mut o = vec![("name".to_string(), Value::Str(self.name.clone()))];
        if let Some(s) = &self.string {
            o.push(("string".into(), Value::Str(s.clone())));
        }
        if let Some(m) = &self.map {
            o.push(("map".into(), Value::Map(m.iter().map(|(a, b)| (a.clone(), Value::Str(b.clone()))).collect())));
        }
        if let Some(a) = &self.array {
            o.push(("array".into(), Value::Seq(a.iter().map(|s| Value::Str(s.clone())).collect())));
        }
        Value::Map(o)
    }
}

impl PluginOptions {
    pub fn to_value(&self) -> Value {
        let mut o = Vec::new();
        put_str(&mut o, "name", &self.name);
        if !self.env.is_empty() {
            let env = self.env.iter().map(|(n, v)| Value::Map(vec![("name".into(), Value::Str(n.clone())), ("value".into(), Value::Str(v.clone()))])).collect();
            o.push(("env".into(), Value::Seq(env)));
        }
        if !self.parameters.is_empty() {
            o.push(("parameters".into(), Value::Seq(self.parameters.iter().map(PluginParameter::to_value).collect())));
        }
        Value::Map(o)
    }
}

impl AppSource {
    pub fn to_value(&self) -> Value {
        let mut o = vec![("repoURL".to_string(), Value::Str(self.repo_url.clone()))];
        put_str(&mut o, "path", &self.path);
        put_str(&mut o, "targetRevision", &self.target_revision);
        if let Some(h) = &self.helm {
            o.push(("helm".into(), h.to_value()));
        }
        if let Some(k) = &self.kustomize {
            o.push(("kustomize".into(), k.to_value()));
        }
        if let Some(d) = &self.directory {
            o.push(("directory".into(), d.to_value()));
        }
        if let Some(p) = &self.plugin {
            o.push(("plugin".into(), p.to_value()));
        }
        put_str(&mut o, "chart", &self.chart);
        put_str(&mut o, "ref", &self.ref_name);
        put_str(&mut o, "name", &self.name);
        Value::Map(o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(s: &str) -> Value {
        let node = crate::yaml::parse_first(s.as_bytes()).unwrap().unwrap();
        crate::yaml::value::yaml_to_json_value(&node).unwrap()
    }

    #[test]
    fn application_with_every_kind_of_option() {
        let app = Application::from_value(&yaml(
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: guestbook, namespace: argocd}\nspec:\n  project: default\n  destination: {server: https://kubernetes.default.svc, namespace: gb}\n  source:\n    repoURL: https://example.com/repo.git\n    path: apps/gb\n    targetRevision: HEAD\n    kustomize:\n      namePrefix: p-\n      images: [nginx=nginx:1.25]\n      commonLabels: {b: '2', a: '1'}\n      replicas: [{name: web, count: 3}, {name: db, count: '2'}]\n      patches:\n      - target: {kind: Deployment, name: web}\n        patch: '[]'\n        extra: dropped\n",
        ))
        .unwrap();
        assert_eq!(app.name, "guestbook");
        assert_eq!(app.dest_namespace, "gb");
        let s = &app.sources[0];
        assert_eq!(s.explicit_type().unwrap(), Some(SourceType::Kustomize));
        let k = s.kustomize.as_ref().unwrap();
        assert_eq!(k.common_labels, vec![("a".to_string(), "1".to_string()), ("b".to_string(), "2".to_string())]);
        assert_eq!(k.replicas[1].int_count().unwrap(), 2);
        assert_eq!(crate::yaml::json::to_json(&k.patches[0]).unwrap(), r#"{"patch":"[]","target":{"kind":"Deployment","name":"web"}}"#);
    }

    #[test]
    fn wrong_types_are_refused_and_multiple_types_reported() {
        let e = AppSource::from_value(&yaml("repoURL: x\nkustomize: {namePrefix: 3}\n")).unwrap_err();
        assert_eq!(e, "json: cannot unmarshal number into Go struct field ApplicationSourceKustomize.namePrefix of type string");
        let s = AppSource::from_value(&yaml("repoURL: x\nhelm: {}\nkustomize: {}\n")).unwrap();
        assert_eq!(s.explicit_type().unwrap_err(), "multiple application sources defined: Kustomize,Helm");
    }

    #[test]
    fn encode_leaves_out_empty_fields() {
        let s = AppSource::from_value(&yaml("repoURL: x\npath: p\ndirectory: {recurse: true, jsonnet: {}}\n")).unwrap();
        assert_eq!(crate::yaml::json::to_json(&s.to_value()).unwrap(), r#"{"directory":{"recurse":true},"path":"p","repoURL":"x"}"#);
    }
}
