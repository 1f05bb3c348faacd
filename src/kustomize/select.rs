//! kustomize's target selector (`types.Selector`) for `patches`, `patchesJson6902` and
//! replacement targets: group, version, kind, name and namespace are anchored Go regular
//! expressions (`^(?:…)$`), plus a label selector and an annotation selector.
//!
//! [`select`] is `resWrangler.Select`: a resource matches when its original or current namespace
//! and name match, its current group/version/kind match, and its labels and annotations satisfy
//! the selectors.

pub mod labels;

use crate::resource::{ResId, Resource};
use crate::yaml::value::Value;
use labels::LabelSelector;
use regex::Regex;
use std::fmt;

/// A target selector.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selector {
    pub group: String,
    pub version: String,
    pub kind: String,
    pub name: String,
    pub namespace: String,
    pub annotation_selector: String,
    pub label_selector: String,
}

const FIELDS: [&str; 7] = ["group", "version", "kind", "name", "namespace", "annotationSelector", "labelSelector"];

/// Go's JSON type name of a value, for decoding errors.
pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Uint(_) | Value::Float(_) => "number",
        Value::Str(_) => "string",
        Value::Seq(_) => "array",
        Value::Map(_) => "object",
    }
}

/// Looks a struct field up as Go's JSON decoder does: exact name first, then case-insensitively.
pub fn go_field<'a>(entries: &'a [(String, Value)], name: &str) -> Option<&'a Value> {
    entries
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .or_else(|| entries.iter().rev().find(|(k, _)| k.eq_ignore_ascii_case(name)))
        .map(|(_, v)| v)
}

impl Selector {
    /// Decodes a selector from its JSON value (`target:`, `select:`, `reject:` entries). With
    /// `strict`, unknown fields are refused (kustomization files are read strictly).
    pub fn from_value(v: &Value, strict: bool, what: &str) -> Result<Selector, String> {
        let entries = match v {
            Value::Null => return Ok(Selector::default()),
            Value::Map(m) => m,
            other => return Err(format!("json: cannot unmarshal {} into Go struct field {what} of type types.Selector", json_type(other))),
        };
        if strict {
            if let Some((k, _)) = entries.iter().find(|(k, _)| !FIELDS.iter().any(|f| f.eq_ignore_ascii_case(k))) {
                return Err(format!("json: unknown field \"{k}\""));
            }
        }
        let text = |name: &str| -> Result<String, String> {
            match go_field(entries, name) {
                None | Some(Value::Null) => Ok(String::new()),
                Some(Value::Str(s)) => Ok(s.clone()),
                Some(other) => Err(format!(
                    "json: cannot unmarshal {} into Go struct field {what}.{name} of type string",
                    json_type(other)
                )),
            }
        };
        Ok(Selector {
            group: text("group")?,
            version: text("version")?,
            kind: text("kind")?,
            name: text("name")?,
            namespace: text("namespace")?,
            annotation_selector: text("annotationSelector")?,
            label_selector: text("labelSelector")?,
        })
    }

    /// The selector's id part (kustomize's inline `resid.ResId`).
    pub fn res_id(&self) -> ResId {
        ResId::new(crate::resource::Gvk::new(&self.group, &self.version, &self.kind), &self.namespace, &self.name)
    }

    pub fn id_is_empty(&self) -> bool {
        self.group.is_empty() && self.version.is_empty() && self.kind.is_empty() && self.name.is_empty() && self.namespace.is_empty()
    }
}

/// `Selector.String()`: `<resid>:a=<annotationSelector>:l=<labelSelector>`.
impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:a={}:l={}", self.res_id(), self.annotation_selector, self.label_selector)
    }
}

/// The compiled regular expressions of a selector (`types.SelectorRegex`).
pub struct SelectorRegex<'a> {
    selector: &'a Selector,
    group: Option<Regex>,
    version: Option<Regex>,
    kind: Option<Regex>,
    name: Option<Regex>,
    namespace: Option<Regex>,
}

fn anchored(pattern: &str) -> Result<Option<Regex>, String> {
    if pattern.is_empty() {
        return Ok(None);
    }
    let anchored = format!("^(?:{pattern})$");
    Regex::new(&anchored).map(Some).map_err(|e| format!("error parsing regexp: {}", first_line(&e.to_string())))
}

fn first_line(s: &str) -> String {
    s.lines().last().unwrap_or("").trim().to_string()
}

impl<'a> SelectorRegex<'a> {
    pub fn new(selector: &'a Selector) -> Result<SelectorRegex<'a>, String> {
        Ok(SelectorRegex {
            selector,
            group: anchored(&selector.group)?,
            version: anchored(&selector.version)?,
            kind: anchored(&selector.kind)?,
            name: anchored(&selector.name)?,
            namespace: anchored(&selector.namespace)?,
        })
    }

    fn is(re: &Option<Regex>, s: &str) -> bool {
        re.as_ref().map_or(true, |re| re.is_match(s))
    }

    pub fn match_gvk(&self, gvk: &crate::resource::Gvk) -> bool {
        Self::is(&self.group, &gvk.group) && Self::is(&self.version, &gvk.version) && Self::is(&self.kind, &gvk.kind)
    }

    pub fn match_name(&self, name: &str) -> bool {
        Self::is(&self.name, name)
    }

    pub fn match_namespace(&self, namespace: &str) -> bool {
        Self::is(&self.namespace, namespace)
    }

    /// The label and annotation selectors.
    pub fn match_labels_and_annotations(&self, r: &Resource) -> Result<bool, String> {
        if !LabelSelector::parse(&self.selector.label_selector)?.matches(&r.labels()) {
            return Ok(false);
        }
        Ok(LabelSelector::parse(&self.selector.annotation_selector)?.matches(&r.annotations()))
    }
}

/// `resWrangler.Select`: the positions of the resources the selector matches, in order.
pub fn select(resources: &[Resource], selector: &Selector) -> Result<Vec<usize>, String> {
    let sr = SelectorRegex::new(selector)?;
    let mut out = Vec::new();
    for (i, r) in resources.iter().enumerate() {
        let cur = r.cur_id();
        let org = r.org_id();
        let cur_ns = cur.effective_namespace();
        if !sr.match_namespace(org.effective_namespace()) && !sr.match_namespace(cur_ns) {
            continue;
        }
        if !sr.match_name(&org.id.name) && !sr.match_name(&cur.name) {
            continue;
        }
        if !sr.match_gvk(&cur.gvk) {
            continue;
        }
        if !sr.match_labels_and_annotations(r)? {
            continue;
        }
        out.push(i);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_one;

    fn res(text: &str) -> Resource {
        Resource::new(parse_one(text.as_bytes()).unwrap())
    }

    #[test]
    fn selects_by_regex_ids_and_labels() {
        let rs = vec![
            res("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {app: web}\n"),
            res("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web-db\n  namespace: prod\n"),
            res("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n"),
        ];
        let sel = |y: &str| {
            let v = crate::yaml::value::yaml_to_json_value(&parse_one(y.as_bytes()).unwrap()).unwrap();
            select(&rs, &Selector::from_value(&v, true, "target").unwrap()).unwrap()
        };
        assert_eq!(sel("{}"), vec![0, 1, 2]);
        assert_eq!(sel("{name: web}"), vec![0]);
        assert_eq!(sel("{name: web.*}"), vec![0, 1]);
        assert_eq!(sel("{kind: Deployment|StatefulSet, group: apps}"), vec![0, 1]);
        assert_eq!(sel("{namespace: default}"), vec![0]);
        assert_eq!(sel("{namespace: prod}"), vec![1]);
        assert_eq!(sel("{labelSelector: app=web}"), vec![0]);
        assert_eq!(sel("{labelSelector: '!app'}"), vec![1, 2]);
        assert_eq!(sel("{version: v1}"), vec![0, 1, 2]);
        assert_eq!(sel("{group: ''}"), vec![0, 1, 2]);
    }

    #[test]
    fn decoding() {
        let v = crate::yaml::value::yaml_to_json_value(&parse_one(b"{Kind: Foo, name: x, nope: 1}").unwrap()).unwrap();
        assert_eq!(Selector::from_value(&v, true, "Patch.target").unwrap_err(), "json: unknown field \"nope\"");
        let s = Selector::from_value(&v, false, "Patch.target").unwrap();
        assert_eq!((s.kind.as_str(), s.name.as_str()), ("Foo", "x"));
        assert_eq!(s.to_string(), "Foo.[noVer].[noGrp]/x.[noNs]:a=:l=");
    }
}
