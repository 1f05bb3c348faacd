//! Resource tracking as the repo-server injects it (`argo.ResourceTracking.SetAppInstance`,
//! `util/kube`): with `annotation` (Argo CD 3's default) the `argocd.argoproj.io/tracking-id`
//! annotation `APP:GROUP/KIND:NAMESPACE/NAME` (the namespace defaulting to the application's
//! destination namespace) and `argocd.argoproj.io/installation-id` set or removed; with `label`
//! the instance label (`app.kubernetes.io/instance` unless told otherwise); with
//! `annotation+label` both, the label value cut to 63 characters ending in an alphanumeric.
//! CustomResourceDefinitions are never tracked.

use crate::yaml::Value;

pub const TRACKING_ID: &str = "argocd.argoproj.io/tracking-id";
pub const INSTALLATION_ID: &str = "argocd.argoproj.io/installation-id";
pub const DEFAULT_LABEL_KEY: &str = "app.kubernetes.io/instance";
const LEGACY_LABEL_KEY: &str = "applications.argoproj.io/app-name";

/// `TrackingMethod`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Method {
    #[default]
    Annotation,
    Label,
    AnnotationAndLabel,
}

impl Method {
    pub fn parse(s: &str) -> Result<Method, String> {
        match s {
            "" | "annotation" => Ok(Method::Annotation),
            "label" => Ok(Method::Label),
            "annotation+label" => Ok(Method::AnnotationAndLabel),
            other => Err(format!("unknown tracking method {other:?}: use annotation, label or annotation+label")),
        }
    }
}

/// What the repo-server is told about tracking (`ManifestRequest`).
#[derive(Clone, Debug, Default)]
pub struct Tracking {
    pub app_name: String,
    /// The destination namespace (`q.Namespace`).
    pub namespace: String,
    pub label_key: String,
    pub method: Method,
    pub installation_id: String,
}

fn str_field<'a>(obj: &'a Value, path: &[&str]) -> &'a str {
    let mut cur = obj;
    for p in path {
        match cur.get(p) {
            Some(v) => cur = v,
            None => return "",
        }
    }
    cur.as_str().unwrap_or("")
}

/// `kube.IsCRD`.
pub fn is_crd(obj: &Value) -> bool {
    let api = str_field(obj, &["apiVersion"]);
    let group = api.rsplit_once('/').map(|(g, _)| g).unwrap_or("");
    str_field(obj, &["kind"]) == "CustomResourceDefinition" && group == "apiextensions.k8s.io"
}

/// `BuildAppInstanceValue(UnstructuredToAppInstanceValue(obj, app, namespace))`.
pub fn tracking_id(obj: &Value, app: &str, namespace: &str) -> String {
    let api = str_field(obj, &["apiVersion"]);
    let group = api.rsplit_once('/').map(|(g, _)| g).unwrap_or("");
    let mut ns = str_field(obj, &["metadata", "namespace"]);
    if ns.is_empty() {
        ns = namespace;
    }
    format!("{app}:{group}/{}:{ns}/{}", str_field(obj, &["kind"]), str_field(obj, &["metadata", "name"]))
}

/// `TruncateLabel`.
pub fn truncate_label(val: &str) -> Result<String, String> {
    if val.len() <= 63 {
        return Ok(val.to_string());
    }
    let mut v = &val.as_bytes()[..63];
    while !v.last().is_some_and(|c| c.is_ascii_alphanumeric()) {
        if v.len() <= 1 {
            return Err("unable to truncate label to not end with a special character".into());
        }
        v = &v[..v.len() - 1];
    }
    Ok(String::from_utf8_lossy(v).into_owned())
}

fn describe(obj: &Value) -> String {
    let api = str_field(obj, &["apiVersion"]);
    let (group, version) = api.rsplit_once('/').unwrap_or(("", api));
    format!("{group}/{version}, Kind={} {}/{}", str_field(obj, &["kind"]), str_field(obj, &["metadata", "namespace"]), str_field(obj, &["metadata", "name"]))
}

/// `nestedNullableStringMap` + set/remove a key + `SetLabels`/`SetAnnotations` (an empty map
/// removes the field).
fn edit_string_map(obj: &mut Value, field: &str, what: &str, edit: impl FnOnce(&mut Vec<(String, Value)>)) -> Result<(), String> {
    let Value::Map(top) = obj else { return Err("object is not a map".into()) };
    let meta_idx = match top.iter().position(|(k, _)| k == "metadata") {
        Some(i) => i,
        None => {
            top.push(("metadata".into(), Value::Map(Vec::new())));
            top.len() - 1
        }
    };
    if !matches!(top[meta_idx].1, Value::Map(_)) {
        top[meta_idx].1 = Value::Map(Vec::new());
    }
    let snapshot = Value::Map(top.clone());
    let Value::Map(meta) = &mut top[meta_idx].1 else { unreachable!() };
    let mut map = match meta.iter().find(|(k, _)| k == field).map(|(_, v)| v.clone()) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Map(m)) => {
            for (k, v) in &m {
                if !matches!(v, Value::Str(_)) {
                    return Err(format!(
                        "failed to get {what} from target object {}: {} accessor error: contains non-string value in the map under key {k:?}: {v:?} is of the type {}, expected string",
                        describe(&snapshot),
                        format!(".metadata.{field}"),
                        go_type(v)
                    ));
                }
            }
            m
        }
        Some(other) => {
            return Err(format!("failed to get {what} from target object {}: .metadata.{field} accessor error: {other:?} is of the type {}, expected map[string]interface{{}}", describe(&snapshot), go_type(&other)))
        }
    };
    edit(&mut map);
    meta.retain(|(k, _)| k != field);
    if !map.is_empty() {
        map.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        meta.push((field.to_string(), Value::Map(map)));
    }
    Ok(())
}

fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int64",
        Value::Uint(_) => "uint64",
        Value::Float(_) => "float64",
        Value::Str(_) => "string",
        Value::Seq(_) => "[]interface {}",
        Value::Map(_) => "map[string]interface {}",
    }
}

fn put(map: &mut Vec<(String, Value)>, key: &str, val: &str) {
    map.retain(|(k, _)| k != key);
    map.push((key.to_string(), Value::Str(val.to_string())));
}

fn set_label(obj: &mut Value, key: &str, val: &str) -> Result<(), String> {
    edit_string_map(obj, "labels", "labels", |m| put(m, key, val))?;
    if key == LEGACY_LABEL_KEY {
        set_template_label(obj, key, val);
    }
    Ok(())
}

/// The pod-template label the legacy key also sets on workloads.
fn set_template_label(obj: &mut Value, key: &str, val: &str) {
    let api = str_field(obj, &["apiVersion"]).to_string();
    let group = api.rsplit_once('/').map(|(g, _)| g).unwrap_or("").to_string();
    let kind = str_field(obj, &["kind"]).to_string();
    let workload = matches!(group.as_str(), "apps" | "extensions") && matches!(kind.as_str(), "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet")
        || group == "batch" && kind == "Job";
    if !workload {
        return;
    }
    let mut template_labels = obj.get("spec").and_then(|s| s.get("template")).and_then(|t| t.get("metadata")).and_then(|m| m.get("labels")).cloned();
    let mut labels = match template_labels.take() {
        Some(Value::Map(m)) => m,
        _ => Vec::new(),
    };
    put(&mut labels, key, val);
    labels.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    set_nested(obj, &["spec", "template", "metadata", "labels"], Value::Map(labels.clone()));
    if matches!(api.as_str(), "apps/v1beta1" | "extensions/v1beta1") {
        let selector_empty = match obj.get("spec").and_then(|s| s.get("selector")) {
            Some(Value::Map(m)) => m.is_empty(),
            _ => true,
        };
        if selector_empty {
            labels.retain(|(k, _)| k != key);
            set_nested(obj, &["spec", "selector", "matchLabels"], Value::Map(labels));
        }
    }
}

fn set_nested(obj: &mut Value, path: &[&str], val: Value) {
    let Some((first, rest)) = path.split_first() else {
        *obj = val;
        return;
    };
    if !matches!(obj, Value::Map(_)) {
        *obj = Value::Map(Vec::new());
    }
    let Value::Map(m) = obj else { unreachable!() };
    let idx = match m.iter().position(|(k, _)| k == first) {
        Some(i) => i,
        None => {
            m.push((first.to_string(), Value::Map(Vec::new())));
            m.len() - 1
        }
    };
    set_nested(&mut m[idx].1, rest, val);
}

/// `SetAppInstance` on one object.
pub fn set_app_instance(obj: &mut Value, t: &Tracking) -> Result<(), String> {
    let key = if t.label_key.is_empty() { DEFAULT_LABEL_KEY } else { t.label_key.as_str() };
    let annotate = |obj: &mut Value| -> Result<(), String> {
        let id = tracking_id(obj, &t.app_name, &t.namespace);
        edit_string_map(obj, "annotations", "annotations", |m| {
            if t.installation_id.is_empty() {
                m.retain(|(k, _)| k != INSTALLATION_ID);
            } else {
                put(m, INSTALLATION_ID, &t.installation_id);
            }
        })?;
        edit_string_map(obj, "annotations", "annotations", |m| put(m, TRACKING_ID, &id))
    };
    match t.method {
        Method::Label => set_label(obj, key, &t.app_name).map_err(|e| format!("failed to set app instance label: {e}")),
        Method::Annotation => annotate(obj),
        Method::AnnotationAndLabel => {
            annotate(obj)?;
            let v = truncate_label(&t.app_name).map_err(|e| format!("failed to set app instance label: {e}"))?;
            set_label(obj, key, &v).map_err(|e| format!("failed to set app instance label: {e}"))
        }
    }
}

/// Tracking applied to every object that is not a CRD (`q.AppLabelKey != "" && q.AppName != ""`).
pub fn apply(objs: &mut [Value], t: &Tracking) -> Result<(), String> {
    if t.app_name.is_empty() {
        return Ok(());
    }
    for obj in objs.iter_mut() {
        if is_crd(obj) {
            continue;
        }
        set_app_instance(obj, t).map_err(|e| format!("failed to set app instance tracking info on manifest: {e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(json: &str) -> Value {
        crate::source::gojson::parse(json.as_bytes()).unwrap()
    }

    #[test]
    fn annotation_ids() {
        let mut o = obj(r#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","annotations":{"z":"1"}}}"#);
        let t = Tracking { app_name: "guestbook".into(), namespace: "dev".into(), ..Default::default() };
        set_app_instance(&mut o, &t).unwrap();
        assert_eq!(
            crate::yaml::json::to_json(&o).unwrap(),
            r#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{"argocd.argoproj.io/tracking-id":"guestbook:apps/Deployment:dev/web","z":"1"},"name":"web"}}"#
        );
        let core = obj(r#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"s","namespace":"n"}}"#);
        assert_eq!(tracking_id(&core, "a", "dev"), "a:/Service:n/s");
    }

    #[test]
    fn labels_and_truncation() {
        let mut o = obj(r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}"#);
        let long = format!("{}-{}", "a".repeat(62), "b");
        let t = Tracking { app_name: long.clone(), method: Method::AnnotationAndLabel, ..Default::default() };
        set_app_instance(&mut o, &t).unwrap();
        assert_eq!(str_field(&o, &["metadata", "labels", "app.kubernetes.io/instance"]), "a".repeat(62));
        let mut o = obj(r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"x":1}}}"#);
        assert!(set_app_instance(&mut o, &Tracking { app_name: "x".into(), method: Method::Label, ..Default::default() }).is_err());
        assert!(is_crd(&obj(r#"{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition"}"#)));
    }
}
