//! Field specs: "this field of objects of this kind", the operands of kustomize's transformers
//! (`types.FieldSpec`), and the walk that finds (and may create) the field in an object
//! (`filters/fieldspec`).

use crate::resource::{Gvk, ResId};
use crate::yaml::value::Value;
use crate::yaml::{Mapping, Node, Scalar, Style, Tag};

/// A group/version/kind selector plus a `/`-separated path; `create` asks for missing fields to
/// be created.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FieldSpec {
    pub gvk: Gvk,
    pub path: String,
    pub create: bool,
}

impl FieldSpec {
    pub fn new(path: &str, create: bool) -> FieldSpec {
        FieldSpec { gvk: Gvk::default(), path: path.to_string(), create }
    }

    /// kustomize's `effectivelyEquals`: the other spec's gvk selects this one's, same path.
    fn effectively_equals(&self, other: &FieldSpec) -> bool {
        self.gvk.is_selected_by(&other.gvk) && self.path == other.path
    }

    /// Decodes one field spec as Go's JSON decoder fills `types.FieldSpec` (keys matched
    /// case-insensitively, unknown keys refused when `strict`).
    pub fn from_value(v: &Value, strict: bool) -> Result<FieldSpec, String> {
        let Value::Map(entries) = v else {
            if *v == Value::Null {
                return Ok(FieldSpec::default());
            }
            return Err(format!("json: cannot unmarshal {} into Go value of type types.FieldSpec", json_kind(v)));
        };
        let mut fs = FieldSpec::default();
        for (k, val) in entries {
            let field = ["group", "version", "kind", "path", "create"].into_iter().find(|f| f.eq_ignore_ascii_case(k));
            match field {
                Some("create") => {
                    fs.create = match val {
                        Value::Bool(b) => *b,
                        Value::Null => false,
                        other => return Err(format!("json: cannot unmarshal {} into Go struct field FieldSpec.create of type bool", json_kind(other))),
                    }
                }
                Some(f) => {
                    let s = match val {
                        Value::Str(s) => s.clone(),
                        Value::Null => String::new(),
                        other => return Err(format!("json: cannot unmarshal {} into Go struct field FieldSpec.{f} of type string", json_kind(other))),
                    };
                    match f {
                        "group" => fs.gvk.group = s,
                        "version" => fs.gvk.version = s,
                        "kind" => fs.gvk.kind = s,
                        _ => fs.path = s,
                    }
                }
                None if strict => return Err(format!("json: unknown field \"{k}\"")),
                None => {}
            }
        }
        Ok(fs)
    }
}

/// How Go's JSON decoder names a value's type in messages.
pub fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Uint(_) | Value::Float(_) => "number",
        Value::Str(_) => "string",
        Value::Seq(_) => "array",
        Value::Map(_) => "object",
    }
}

/// Decodes a list of field specs.
pub fn specs_from_value(v: &Value, strict: bool) -> Result<Vec<FieldSpec>, String> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Seq(items) => items.iter().map(|i| FieldSpec::from_value(i, strict)).collect(),
        other => Err(format!("json: cannot unmarshal {} into Go value of type []types.FieldSpec", json_kind(other))),
    }
}

/// kustomize's `FsSlice.MergeOne`: a spec already present (same path, selected gvk) is skipped,
/// unless its `create` differs.
pub fn merge_one(specs: &mut Vec<FieldSpec>, x: FieldSpec) -> Result<(), String> {
    if let Some(existing) = specs.iter().find(|s| s.effectively_equals(&x)) {
        if existing.create != x.create {
            return Err("conflicting fieldspecs".into());
        }
        return Ok(());
    }
    specs.push(x);
    Ok(())
}

/// kustomize's `FsSlice.MergeAll`: [`merge_one`] for each incoming spec. Large merges (the
/// builtin table into itself, ~600 specs, on every kustomization) look the existing specs up by
/// path instead of scanning them all; candidates are tried in list order, as the scan would.
pub fn merge_all(specs: &mut Vec<FieldSpec>, incoming: &[FieldSpec]) -> Result<(), String> {
    if specs.len() * incoming.len() < 1024 {
        for x in incoming {
            merge_one(specs, x.clone())?;
        }
        return Ok(());
    }
    let mut by_path: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::with_capacity(specs.len() + incoming.len());
    for (i, s) in specs.iter().enumerate() {
        by_path.entry(s.path.clone()).or_default().push(i);
    }
    for x in incoming {
        let candidates = by_path.entry(x.path.clone()).or_default();
        if let Some(&i) = candidates.iter().find(|&&i| specs[i].effectively_equals(x)) {
            if specs[i].create != x.create {
                return Err("conflicting fieldspecs".into());
            }
            continue;
        }
        candidates.push(specs.len());
        specs.push(x.clone());
    }
    Ok(())
}

/// kustomize's `sort.Sort(FsSlice)`: Go's (unstable) sort by `Gvk.IsLessThan`.
pub fn sort_specs(specs: &mut [FieldSpec]) {
    crate::golang::sort::sort_by(specs, |a, b| a.gvk.is_less_than(&b.gvk));
}

/// `PathSplitter(path, "/")`: a leading `/` is dropped, `\/` escapes a slash.
pub fn split_path(path: &str) -> Vec<String> {
    split_path_with(path, '/')
}

/// `PathSplitter(path, delimiter)`.
pub fn split_path_with(path: &str, delimiter: char) -> Vec<String> {
    let mut parts: Vec<&str> = path.split(delimiter).collect();
    if parts.len() > 1 && parts[0].is_empty() {
        parts.remove(0);
    }
    let mut out: Vec<String> = vec![parts[0].to_string()];
    for p in &parts[1..] {
        let last = out.last_mut().expect("non-empty");
        if let Some(stripped) = last.strip_suffix('\\') {
            *last = format!("{stripped}{delimiter}{p}");
        } else {
            out.push(p.to_string());
        }
    }
    out
}

/// The kind of node a walk creates at the end of the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreateKind {
    /// Never create (kyaml's kind 0).
    None,
    Scalar,
    Map,
}

/// What a walk does to each field it reaches.
pub type SetFn<'a> = dyn FnMut(&mut Node) -> Result<(), String> + 'a;

/// `fieldspec.Filter`: when the object's gvk matches the spec, follows the path (into every
/// element of sequences), creating maps along it when asked, and calls `set` on each field found.
/// Messages name the spec and the object as kustomize does.
pub fn apply(obj: &mut Node, fs: &FieldSpec, create_kind: CreateKind, create_tag: Option<Tag>, set: &mut SetFn<'_>) -> Result<(), String> {
    if !matches_gvk(fs, obj) {
        return Ok(());
    }
    Compiled::new(fs).walk(obj, create_kind, create_tag, set)
}

/// A field spec with its path split once, for applying it to many objects.
pub struct Compiled<'a> {
    pub spec: &'a FieldSpec,
    parts: Vec<String>,
}

impl<'a> Compiled<'a> {
    pub fn new(spec: &'a FieldSpec) -> Compiled<'a> {
        Compiled { spec, parts: split_path(&spec.path) }
    }

    /// [`apply`].
    pub fn apply(&self, obj: &mut Node, create_kind: CreateKind, create_tag: Option<Tag>, set: &mut SetFn<'_>) -> Result<(), String> {
        if !matches_gvk(self.spec, obj) {
            return Ok(());
        }
        self.walk(obj, create_kind, create_tag, set)
    }

    /// [`apply`] on an object already known to match the spec's gvk.
    pub fn walk(&self, obj: &mut Node, create_kind: CreateKind, create_tag: Option<Tag>, set: &mut SetFn<'_>) -> Result<(), String> {
        let walk = Walk { create: self.spec.create, create_kind, create_tag };
        walk.filter(obj, &self.parts, set).map_err(|e| format!("considering field '{}' of object {}: {e}", self.spec.path, node_id(obj)))
    }
}

/// kyaml's `resid.FromRNode(obj).String()`.
pub fn node_id(obj: &Node) -> String {
    let s = |p: &[&str]| obj.str_at(p).unwrap_or("").to_string();
    ResId::new(Gvk::from_api_version(&s(&["apiVersion"]), &s(&["kind"])), s(&["metadata", "namespace"]), s(&["metadata", "name"])).to_string()
}

/// `isMatchGVK`: empty spec parts match anything.
pub fn matches_gvk(fs: &FieldSpec, obj: &Node) -> bool {
    let kind = obj.str_at(&["kind"]).unwrap_or("");
    if !fs.gvk.kind.is_empty() && fs.gvk.kind != kind {
        return false;
    }
    let (group, version) = crate::resource::id::split_api_version(obj.str_at(&["apiVersion"]).unwrap_or(""));
    (fs.gvk.group.is_empty() || fs.gvk.group == group) && (fs.gvk.version.is_empty() || fs.gvk.version == version)
}

struct Walk {
    create: bool,
    create_kind: CreateKind,
    create_tag: Option<Tag>,
}

impl Walk {
    fn filter(&self, obj: &mut Node, path: &[String], set: &mut SetFn<'_>) -> Result<(), String> {
        if path.is_empty() {
            return set(obj);
        }
        match obj {
            Node::Scalar(s) if s.tag == Tag::Null => Ok(()),
            Node::Seq(items) => {
                for item in items.iter_mut() {
                    self.filter(item, path, set).map_err(|e| format!("visit traversal on path: [{}]: {e}", path.join(" ")))?;
                }
                Ok(())
            }
            Node::Map(m) => self.handle_map(m, path, set),
            Node::Scalar(_) => Err("expected sequence or mapping node".into()),
        }
    }

    fn handle_map(&self, m: &mut Mapping, path: &[String], set: &mut SetFn<'_>) -> Result<(), String> {
        let (name, is_seq) = match path[0].strip_suffix("[]") {
            Some(n) => (n, true),
            None => (path[0].as_str(), false),
        };
        if name.is_empty() {
            return Err("cannot set or create an empty field name".into());
        }
        // What to create when missing, and what a null field turns into.
        let (create, kind, tag): (Option<CreateKind>, CreateKind, Option<Tag>) =
            if !self.create || self.create_kind == CreateKind::None || is_seq {
                (None, CreateKind::None, None)
            } else if path.len() <= 1 {
                (Some(self.create_kind), self.create_kind, self.create_tag.clone())
            } else {
                (Some(CreateKind::Map), CreateKind::Map, None)
            };
        let name = name.trim();
        if m.get(name).is_none() {
            let Some(ck) = create else { return Ok(()) };
            let node = match ck {
                CreateKind::Map => Node::Map(Mapping::new()),
                _ => Node::Scalar(Scalar { value: String::new(), tag: Tag::Null, style: Style::Plain }),
            };
            m.push(Scalar::plain(name), node);
        }
        let field = m.get_mut(name).expect("present");
        if let Node::Scalar(s) = field {
            if s.tag == Tag::Null {
                if is_seq {
                    *field = Node::Seq(Vec::new());
                } else {
                    match kind {
                        CreateKind::Map => *field = Node::Map(Mapping::new()),
                        CreateKind::Scalar => {
                            s.tag = tag.unwrap_or_else(|| crate::yaml::node::resolve_plain_tag(&s.value));
                        }
                        CreateKind::None => {}
                    }
                }
            }
        }
        self.filter(field, &path[1..], set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_one;

    fn node(y: &str) -> Node {
        parse_one(y.as_bytes()).unwrap()
    }

    #[test]
    fn paths_split_with_escapes() {
        assert_eq!(split_path("/a/b"), ["a", "b"]);
        assert_eq!(split_path("metadata/annotations/a\\/b"), ["metadata", "annotations", "a/b"]);
    }

    #[test]
    fn walks_sequences_and_creates_maps() {
        let mut n = node("kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - image: a\n      - image: b\n");
        let fs = FieldSpec::new("spec/template/spec/containers[]/image", true);
        let mut seen = Vec::new();
        apply(&mut n, &fs, CreateKind::None, None, &mut |v| {
            seen.push(v.as_str().unwrap().to_string());
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, ["a", "b"]);

        let mut n = node("kind: Service\nmetadata:\n  name: x\n");
        let fs = FieldSpec::new("spec/selector", true);
        apply(&mut n, &fs, CreateKind::Map, None, &mut |v| crate::kustomize::setters::set_entry(v, "app", "web", Tag::Str)).unwrap();
        assert_eq!(n.str_at(&["spec", "selector", "app"]), Some("web"));
    }

    #[test]
    fn gvk_must_match_and_scalars_cannot_be_walked() {
        let mut n = node("kind: Service\nspec: x\n");
        let mut fs = FieldSpec::new("spec/selector", true);
        fs.gvk.kind = "Deployment".into();
        assert!(apply(&mut n, &fs, CreateKind::Map, None, &mut |_| Ok(())).is_ok());
        fs.gvk.kind = "Service".into();
        let err = apply(&mut n, &fs, CreateKind::Map, None, &mut |_| Ok(())).unwrap_err();
        assert!(err.contains("expected sequence or mapping node"), "{err}");
    }

    #[test]
    fn merging_skips_duplicates_and_refuses_conflicts() {
        let mut specs = vec![FieldSpec::new("metadata/labels", true)];
        merge_one(&mut specs, FieldSpec::new("metadata/labels", true)).unwrap();
        assert_eq!(specs.len(), 1);
        assert!(merge_one(&mut specs, FieldSpec::new("metadata/labels", false)).is_err());
    }
}
