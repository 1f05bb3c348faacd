//! `.argocd-source.yaml` and `.argocd-source-<app>.yaml` in the application directory, merged into
//! the source as the repo-server's `mergeSourceParameters` does: the source is encoded to JSON,
//! each file (YAML → JSON) applied as a JSON merge patch (evanphx/json-patch `MergePatch`), and
//! the result decoded back *over* the previous source with Go's `json.Unmarshal` (objects and maps
//! merge key by key, so a `null` in an override cannot remove a value; lists are replaced). The
//! repository coordinates (`repoURL`, `path`, `targetRevision`, `chart`) are never overridden.

use super::app::AppSource;
use crate::yaml::Value;
use std::path::Path;

pub const REPO_SOURCE_FILE: &str = ".argocd-source.yaml";

/// The file names, in merge order.
pub fn files(app_dir: &Path, app_name: &str) -> Vec<std::path::PathBuf> {
    let mut out = vec![app_dir.join(REPO_SOURCE_FILE)];
    if !app_name.is_empty() {
        out.push(app_dir.join(format!(".argocd-source-{app_name}.yaml")));
    }
    out
}

/// Merges the override files found in `app_dir` into `source`.
pub fn merge_source_parameters(source: &AppSource, app_dir: &Path, app_name: &str) -> Result<AppSource, String> {
    let mut merged = source.clone();
    for file in files(app_dir, app_name) {
        if !file.exists() || file.is_dir() {
            continue;
        }
        let name = file.display().to_string();
        let text = std::fs::read(&file).map_err(|e| format!("{name}: {e}"))?;
        let patch = yaml_to_json(&text).map_err(|e| format!("{name}: {e}"))?;
        let old = merged.to_value();
        let patched = merge_patch(old.clone(), patch);
        let Value::Map(_) = patched else {
            if patched == Value::Null {
                continue;
            }
            return Err(format!("{name}: json: cannot unmarshal {} into Go value of type v1alpha1.ApplicationSource", json_kind(&patched)));
        };
        let decoded = unmarshal_over(old, patched, &[]);
        merged = AppSource::from_value(&decoded).map_err(|e| format!("{name}: {e}"))?;
    }
    merged.chart = source.chart.clone();
    merged.path = source.path.clone();
    merged.repo_url = source.repo_url.clone();
    merged.target_revision = source.target_revision.clone();
    Ok(merged)
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Seq(_) => "array",
        Value::Str(_) => "string",
        Value::Bool(_) => "bool",
        _ => "number",
    }
}

/// `yaml.YAMLToJSON` of a file's first document (`null` when empty).
fn yaml_to_json(text: &[u8]) -> Result<Value, String> {
    let docs = crate::yaml::read::parse_stream_with(text, crate::yaml::resolve::Dialect::V2).map_err(|e| format!("yaml: {e}"))?;
    match docs.into_iter().next().flatten() {
        None => Ok(Value::Null),
        Some(node) => crate::yaml::value::yaml_to_json_value(&node).map_err(|e| e.to_string()),
    }
}

/// Removes `null` members of objects, recursively (`pruneNulls`; nulls in arrays stay).
fn prune_nulls(v: &mut Value) {
    match v {
        Value::Map(m) => {
            m.retain(|(_, x)| *x != Value::Null);
            m.iter_mut().for_each(|(_, x)| prune_nulls(x));
        }
        Value::Seq(items) => items.iter_mut().for_each(prune_nulls),
        _ => {}
    }
}

/// evanphx/json-patch v5 `MergePatch(doc, patch)` for an object `doc`.
pub fn merge_patch(doc: Value, patch: Value) -> Value {
    match (doc, patch) {
        (Value::Map(d), Value::Map(p)) => Value::Map(merge_docs(d, p)),
        (_, mut p) => {
            prune_nulls(&mut p);
            p
        }
    }
}

fn merge_docs(mut doc: Vec<(String, Value)>, patch: Vec<(String, Value)>) -> Vec<(String, Value)> {
    for (k, v) in patch {
        if v == Value::Null {
            doc.retain(|(dk, _)| *dk != k);
            continue;
        }
        match doc.iter().position(|(dk, _)| *dk == k) {
            Some(i) if doc[i].1 != Value::Null => {
                let cur = std::mem::replace(&mut doc[i].1, Value::Null);
                doc[i].1 = match (cur, v) {
                    (Value::Map(c), Value::Map(p)) => Value::Map(merge_docs(c, p)),
                    (Value::Map(_), p) => p,
                    (_, mut p) => {
                        prune_nulls(&mut p);
                        p
                    }
                };
            }
            found => {
                let mut v = v;
                prune_nulls(&mut v);
                match found {
                    Some(i) => doc[i].1 = v,
                    None => doc.push((k, v)),
                }
            }
        }
    }
    doc
}

/// Go's `json.Unmarshal(data, &existing)`: members of `data` replace those of `old`, objects
/// (structs and maps) are merged member by member; values at the paths in `replace_at` (raw
/// messages) are taken whole.
fn unmarshal_over(old: Value, data: Value, path: &[&str]) -> Value {
    const RAW: &[&[&str]] = &[&["helm", "valuesObject"]];
    if RAW.iter().any(|p| *p == path) {
        return data;
    }
    match (old, data) {
        (Value::Map(mut o), Value::Map(d)) => {
            for (k, v) in d {
                let mut sub: Vec<&str> = path.to_vec();
                sub.push(k.as_str());
                match o.iter().position(|(ok, _)| *ok == k) {
                    Some(i) => {
                        let cur = std::mem::replace(&mut o[i].1, Value::Null);
                        o[i].1 = unmarshal_over(cur, v, &sub);
                    }
                    None => o.push((k, v)),
                }
            }
            Value::Map(o)
        }
        (_, d) => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(s: &str) -> Value {
        super::super::gojson::parse(s.as_bytes()).unwrap()
    }

    fn text(v: &Value) -> String {
        crate::yaml::json::to_json(v).unwrap()
    }

    #[test]
    fn rfc7386_merge_patch() {
        // The RFC 7386 appendix examples.
        let cases = [
            (r#"{"a":"b"}"#, r#"{"a":"c"}"#, r#"{"a":"c"}"#),
            (r#"{"a":"b"}"#, r#"{"b":"c"}"#, r#"{"a":"b","b":"c"}"#),
            (r#"{"a":"b"}"#, r#"{"a":null}"#, r#"{}"#),
            (r#"{"a":"b","b":"c"}"#, r#"{"a":null}"#, r#"{"b":"c"}"#),
            (r#"{"a":["b"]}"#, r#"{"a":"c"}"#, r#"{"a":"c"}"#),
            (r#"{"a":"c"}"#, r#"{"a":["b"]}"#, r#"{"a":["b"]}"#),
            (r#"{"a":{"b":"c"}}"#, r#"{"a":{"b":"d","c":null}}"#, r#"{"a":{"b":"d"}}"#),
            (r#"{"a":[{"b":"c"}]}"#, r#"{"a":[1]}"#, r#"{"a":[1]}"#),
            (r#"{"e":null}"#, r#"{"a":1}"#, r#"{"a":1,"e":null}"#),
            (r#"{}"#, r#"{"a":{"bb":{"ccc":null}}}"#, r#"{"a":{"bb":{}}}"#),
        ];
        for (doc, patch, want) in cases {
            assert_eq!(text(&merge_patch(json(doc), json(patch))), want, "{doc} + {patch}");
        }
    }

    #[test]
    fn decoding_over_the_old_source_keeps_deleted_members() {
        let old = json(r#"{"kustomize":{"namePrefix":"a-","commonLabels":{"x":"1"}},"repoURL":"r"}"#);
        let patched = merge_patch(old.clone(), json(r#"{"kustomize":{"namePrefix":null,"commonLabels":{"y":"2"}}}"#));
        let got = unmarshal_over(old, patched, &[]);
        assert_eq!(text(&got), r#"{"kustomize":{"commonLabels":{"x":"1","y":"2"},"namePrefix":"a-"},"repoURL":"r"}"#);
        let old = json(r#"{"helm":{"valuesObject":{"a":1,"b":2}}}"#);
        let patched = merge_patch(old.clone(), json(r#"{"helm":{"valuesObject":{"a":null}}}"#));
        assert_eq!(text(&unmarshal_over(old, patched, &[])), r#"{"helm":{"valuesObject":{"b":2}}}"#);
    }
}
