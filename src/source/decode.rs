//! Manifests read as Argo CD reads them: Kubernetes' `YAMLOrJSONDecoder` (a JSON stream when the
//! input starts with `{`, else YAML documents split at `---` lines, each read with
//! `sigs.k8s.io/yaml`, i.e. go-yaml v2 rules), each document decoded into an `unstructured` object
//! (which needs a `kind`), and `null` documents skipped.

use super::gojson;
use crate::yaml::read::parse_stream_with;
use crate::yaml::resolve::Dialect;
use crate::yaml::value::yaml_to_json_value;
use crate::yaml::Value;

/// The objects decoded before an error, and the error (`splitYAMLOrJSON`).
pub struct Split {
    pub objects: Vec<Value>,
    pub error: Option<String>,
}

/// Text as `utfutil.ReadFile(path, UTF8)` returns it: a UTF-16 (BOM) file converted to UTF-8, a
/// UTF-8 BOM removed.
pub fn utf8_text(data: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let utf16 = |big: bool| {
        let units: Vec<u16> = data[2..]
            .chunks(2)
            .map(|c| if c.len() == 2 { if big { u16::from_be_bytes([c[0], c[1]]) } else { u16::from_le_bytes([c[0], c[1]]) } } else { 0xFFFD })
            .collect();
        std::borrow::Cow::Owned(String::from_utf16_lossy(&units).into_bytes())
    };
    match data {
        [0xEF, 0xBB, 0xBF, rest @ ..] => std::borrow::Cow::Borrowed(rest),
        [0xFF, 0xFE, ..] => utf16(false),
        [0xFE, 0xFF, ..] => utf16(true),
        _ => std::borrow::Cow::Borrowed(data),
    }
}

/// `Unstructured.UnmarshalJSON`: an object with a string `kind`; `json` is the text named in the
/// error.
pub fn unstructured(v: Value, json: &dyn Fn() -> String) -> Result<Value, String> {
    match &v {
        Value::Map(_) => {}
        Value::Seq(_) => return Err("json: cannot unmarshal array into Go value of type map[string]interface {}".into()),
        Value::Str(_) => return Err("json: cannot unmarshal string into Go value of type map[string]interface {}".into()),
        Value::Bool(_) => return Err("json: cannot unmarshal bool into Go value of type map[string]interface {}".into()),
        _ => return Err("json: cannot unmarshal number into Go value of type map[string]interface {}".into()),
    }
    match v.get("kind") {
        Some(Value::Str(k)) if !k.is_empty() => Ok(v),
        _ => Err(format!("Object 'Kind' is missing in '{}'", json())),
    }
}

fn is_go_space(c: char) -> bool {
    c.is_whitespace()
}

/// Splits a YAML or JSON stream into objects (`kube.SplitYAML` / `splitYAMLOrJSON`): the
/// objects read up to the first error, and that error.
pub fn split_yaml_or_json(data: &[u8]) -> Split {
    let text = String::from_utf8_lossy(data);
    let looks_json = text.trim_start_matches(is_go_space).starts_with('{');
    let mut objects = Vec::new();
    if looks_json {
        let mut d = gojson::Decoder::new(text.as_bytes());
        let mut count = 0usize;
        loop {
            let start = d.pos;
            let Some(r) = d.decode() else { return Split { objects, error: None } };
            let err = match r {
                Ok((Value::Null, _)) => {
                    count += 1;
                    continue;
                }
                Ok((v, range)) => {
                    let raw = &text[range];
                    match unstructured(v, &|| raw.to_string()) {
                        Ok(obj) => {
                            objects.push(obj);
                            count += 1;
                            continue;
                        }
                        Err(e) => e,
                    }
                }
                Err(e) => e.0,
            };
            if count > 1 {
                return Split { objects, error: Some(format!("failed to unmarshal manifest: {err}")) };
            }
            // Ambiguous: the rest is read as YAML, from the end of the last object (leading
            // whitespace up to the first newline eaten); the JSON error is the one reported.
            let rest = &text[start..];
            let skip = rest.find(|c: char| !is_go_space(c) || c == '\n').map(|i| if rest[i..].starts_with('\n') { i + 1 } else { i }).unwrap_or(rest.len());
            let mut more = split_yaml_docs(rest[skip..].as_bytes());
            // The first YAML decode reports the JSON error; later ones their own.
            let first_failed = more.objects.is_empty();
            objects.append(&mut more.objects);
            let error = more.error.map(|e| if first_failed { format!("failed to unmarshal manifest: {err}") } else { e });
            return Split { objects, error };
        }
    }
    split_yaml_docs(text.as_bytes())
}

/// The documents of a YAML stream as `YAMLReader` cuts them: a line starting with `---` ends a
/// document; only spaces or a comment may follow the dashes.
fn yaml_documents(data: &[u8]) -> Result<Vec<&[u8]>, (Vec<&[u8]>, String)> {
    let mut docs = Vec::new();
    let mut start = 0usize;
    let mut pos = 0usize;
    while pos < data.len() {
        let end = data[pos..].iter().position(|&b| b == b'\n').map(|i| pos + i + 1).unwrap_or(data.len());
        let line = &data[pos..end];
        if line.starts_with(b"---") {
            let rest = String::from_utf8_lossy(&line[3..]);
            let trimmed = rest.trim_matches(is_go_space);
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Err((docs, format!("invalid Yaml document separator: {trimmed}")));
            }
            if pos > start {
                docs.push(&data[start..pos]);
            }
            start = end;
        }
        pos = end;
    }
    if data.len() > start {
        docs.push(&data[start..]);
    }
    Ok(docs)
}

fn split_yaml_docs(data: &[u8]) -> Split {
    let (docs, sep_err) = match yaml_documents(data) {
        Ok(d) => (d, None),
        Err((d, e)) => (d, Some(e)),
    };
    let mut objects = Vec::new();
    for doc in docs {
        match yaml_doc_object(doc) {
            Ok(Some(obj)) => objects.push(obj),
            Ok(None) => {}
            Err(e) => return Split { objects, error: Some(format!("failed to unmarshal manifest: {e}")) },
        }
    }
    Split { objects, error: sep_err.map(|e| format!("failed to unmarshal manifest: {e}")) }
}

/// One YAML document through `sigs.k8s.io/yaml.Unmarshal` into `*unstructured.Unstructured`.
fn yaml_doc_object(doc: &[u8]) -> Result<Option<Value>, String> {
    let nodes = parse_stream_with(doc, Dialect::V2).map_err(|e| format!("error converting YAML to JSON: yaml: {e}"))?;
    let Some(Some(node)) = nodes.into_iter().next() else { return Ok(None) };
    let mut v = yaml_to_json_value(&node).map_err(|e| format!("error converting YAML to JSON: {e}"))?;
    if v == Value::Null {
        return Ok(None);
    }
    gojson::normalize_numbers(&mut v);
    let json_text = || crate::yaml::json::to_json(&v).unwrap_or_default();
    let checked = unstructured(v.clone(), &json_text).map_err(|e| format!("error unmarshaling JSON: while decoding JSON: {e}"))?;
    Ok(Some(checked))
}

/// `obj.IsList()`: an object whose `items` is an array; its items are the objects.
pub fn list_items(obj: &Value) -> Option<Result<Vec<Value>, String>> {
    let Some(Value::Seq(items)) = obj.get("items") else { return None };
    Some(
        items
            .iter()
            .map(|i| match i {
                Value::Map(_) => Ok(i.clone()),
                _ => Err("items member is not an object".to_string()),
            })
            .collect(),
    )
}

/// `isNullList`: `items: null` with neither `spec` nor `status`.
pub fn is_null_list(obj: &Value) -> bool {
    obj.get("spec").is_none() && obj.get("status").is_none() && matches!(obj.get("items"), Some(Value::Null))
}

/// The manifests Argo CD keeps from a list of decoded objects: lists flattened into their items,
/// `items: null` lists dropped.
pub fn flatten(objects: Vec<Value>) -> Result<Vec<Value>, String> {
    let mut out = Vec::with_capacity(objects.len());
    for obj in objects {
        if let Some(items) = list_items(&obj) {
            out.extend(items?);
        } else if !is_null_list(&obj) {
            out.push(obj);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &Split) -> Vec<String> {
        s.objects.iter().map(|o| o.get("metadata").and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("").to_string()).collect()
    }

    #[test]
    fn yaml_documents_split_at_separator_lines() {
        let s = split_yaml_or_json(b"kind: A\nmetadata: {name: a}\n--- # c\nkind: B\nmetadata: {name: b}\n---\n\n---\nkind: C\nmetadata: {name: c}\n");
        assert!(s.error.is_none());
        assert_eq!(names(&s), ["a", "b", "c"]);
    }

    #[test]
    fn separator_followed_by_text_is_an_error() {
        let s = split_yaml_or_json(b"kind: A\nmetadata: {name: a}\n--- x\nkind: B\n");
        assert_eq!(s.error.as_deref(), Some("failed to unmarshal manifest: invalid Yaml document separator: x"));
        assert!(s.objects.is_empty());
    }

    #[test]
    fn yaml_v2_rules_and_numbers() {
        let s = split_yaml_or_json(b"kind: A\nv: yes\nf: 1.0\ng: 0.5\n");
        let o = &s.objects[0];
        assert_eq!(o.get("v"), Some(&Value::Bool(true)));
        assert_eq!(o.get("f"), Some(&Value::Int(1)));
        assert_eq!(o.get("g"), Some(&Value::Float(0.5)));
    }

    #[test]
    fn missing_kind_is_an_error_after_earlier_objects() {
        let s = split_yaml_or_json(b"kind: A\n---\napiVersion: v1\n");
        assert_eq!(s.objects.len(), 1);
        assert_eq!(
            s.error.as_deref(),
            Some("failed to unmarshal manifest: error unmarshaling JSON: while decoding JSON: Object 'Kind' is missing in '{\"apiVersion\":\"v1\"}'")
        );
    }

    #[test]
    fn json_stream_then_yaml() {
        let s = split_yaml_or_json(b"{\"kind\":\"A\",\"metadata\":{\"name\":\"a\"}}\n---\nkind: B\nmetadata: {name: b}\n");
        assert!(s.error.is_none(), "{:?}", s.error);
        assert_eq!(names(&s), ["a", "b"]);
        let s = split_yaml_or_json(b"{\"kind\":\"A\"} null {\"kind\":\"B\"}");
        assert_eq!(s.objects.len(), 2);
    }

    #[test]
    fn lists_are_flattened() {
        let s = split_yaml_or_json(b"kind: List\nitems:\n- kind: A\n- kind: B\n---\nkind: CList\nitems: null\n");
        let flat = flatten(s.objects).unwrap();
        assert_eq!(flat.len(), 2);
    }

    #[test]
    fn utf16_and_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "kind: A\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(&*utf8_text(&le), b"kind: A\n");
        assert_eq!(&*utf8_text(b"\xEF\xBB\xBFkind: A"), b"kind: A");
    }
}
