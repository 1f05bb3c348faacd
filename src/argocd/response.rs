//! Output encodings of a rendered source: the repo-server's `ManifestResponse` as Go's
//! `encoding/json` writes the generated struct (`reposerver/apiclient/repository.pb.go`: fields
//! `manifests`, `namespace`, `server`, `revision`, `sourceType`, `verifyResult`, `commands`,
//! `sourceIntegrityResult`, in that order, each `omitempty`; every manifest a JSON string of the
//! object). `GenerateManifests` fills only `manifests`, `sourceType` and `commands`, and the
//! service adds `revision` (plus signature results krender has none of): `namespace` and
//! `server` are never set, whatever the destination, so they never appear. A JSON array of
//! the objects, or the YAML stream `argocd app manifests` prints (`---` line, then each object
//! through `sigs.k8s.io/yaml`, then an empty line).

use crate::source::render::Response;
use crate::yaml::json::{to_json, write_json_string};
use crate::yaml::Value;

/// `json.Marshal(&ManifestResponse{…})`.
pub fn repo_server_json(resp: &Response) -> Result<String, String> {
    let mut out = String::from("{");
    let mut first = true;
    let mut field = |out: &mut String, name: &str, body: String| {
        if !first {
            out.push(',');
        }
        first = false;
        write_json_string(out, name);
        out.push(':');
        out.push_str(&body);
    };
    let string = |s: &str| {
        let mut b = String::new();
        write_json_string(&mut b, s);
        b
    };
    let strings = |items: &[String]| format!("[{}]", items.iter().map(|s| string(s)).collect::<Vec<_>>().join(","));
    if !resp.manifests.is_empty() {
        let texts: Vec<String> = resp.manifests.iter().map(|m| to_json(m).map_err(|e| e.to_string())).collect::<Result<_, _>>()?;
        field(&mut out, "manifests", strings(&texts));
    }
    if !resp.revision.is_empty() {
        field(&mut out, "revision", string(&resp.revision));
    }
    if !resp.source_type.is_empty() {
        field(&mut out, "sourceType", string(&resp.source_type));
    }
    if !resp.commands.is_empty() {
        field(&mut out, "commands", strings(&resp.commands));
    }
    out.push('}');
    Ok(out)
}

/// The objects as one JSON array (`json.Marshal([]map[string]interface{})`).
pub fn json_array(objs: &[Value]) -> Result<String, String> {
    to_json(&Value::Seq(objs.to_vec())).map_err(|e| e.to_string())
}

/// `argocd app manifests`: `---`, the object as YAML, an empty line.
pub fn yaml_stream(objs: &[Value]) -> Result<String, String> {
    let mut out = String::new();
    for o in objs {
        out.push_str("---\n");
        out.push_str(&crate::yaml::to_yaml(o).map_err(|e| e.to_string())?);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_and_omitempty() {
        let obj = crate::source::gojson::parse(br#"{"kind":"A","b":"<x>"}"#).unwrap();
        let resp = Response { manifests: vec![obj], source_type: "Directory".into(), revision: "abc".into(), ..Default::default() };
        assert_eq!(
            repo_server_json(&resp).unwrap(),
            r#"{"manifests":["{\"b\":\"\\u003cx\\u003e\",\"kind\":\"A\"}"],"revision":"abc","sourceType":"Directory"}"#
        );
        assert_eq!(repo_server_json(&Response::default()).unwrap(), "{}");
    }
}
