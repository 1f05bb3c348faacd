//! ValueAddTransformer (a `transformers:` builtin, alpha in kustomize): writes one value (by
//! default the kustomization directory's name) into a field of selected objects, optionally as a
//! part inserted into a file path held by the field.

use super::namespace::Namespace;
use super::{Context, Transformer};
use crate::kustomize::decode::{self, DecodeResult};
use crate::kustomize::loader::Loader;
use crate::kustomize::select::{select, Selector};
use crate::kustomize::setters::{kind_name, set_scalar};
use crate::kustomize::KustomizeError;
use crate::resource::ResMap;
use crate::yaml::value::Value;
use crate::yaml::{Mapping, Node, Scalar, Style, Tag};

/// Where to put the value.
#[derive(Clone, Debug, Default)]
pub struct Target {
    pub selector: Option<Selector>,
    pub field_path: String,
    /// 1-based position in a file path (0: replace the whole value).
    pub file_path_position: i64,
}

#[derive(Clone, Debug)]
pub struct ValueAdd {
    pub value: String,
    pub targets: Vec<Target>,
}

fn targets_from(v: Option<&Value>) -> DecodeResult<Vec<Target>> {
    decode::list(v, "ValueAddTransformerPlugin.targets", "builtins.Target", |t| {
        let o = decode::object(t, "builtins.Target")?;
        let selector = match decode::field(o, "selector") {
            None | Some(Value::Null) => None,
            Some(s) => Some(Selector::from_value(s, false, "Target.selector")?),
        };
        Ok(Target {
            selector,
            field_path: decode::string(decode::field(o, "fieldPath"), "Target.fieldPath")?,
            file_path_position: decode::int64(decode::field(o, "filePathPosition"), "Target.filePathPosition")?,
        })
    })
}

impl ValueAdd {
    /// The plugin config: `value`, `targets`, `targetFilePath` (more targets, in a file).
    pub fn from_config(v: &Value, loader: &Loader) -> DecodeResult<ValueAdd> {
        let o = decode::object(v, "builtins.ValueAddTransformerPlugin")?;
        let mut value = decode::string(decode::field(o, "value"), "ValueAddTransformerPlugin.value")?.trim().to_string();
        if value.is_empty() {
            value = loader.root().file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        }
        let mut targets = targets_from(decode::field(o, "targets"))?;
        let file = decode::string(decode::field(o, "targetFilePath"), "ValueAddTransformerPlugin.targetFilePath")?;
        if !file.is_empty() {
            let bytes = loader.load(&file).map_err(|e| e.0)?;
            let node = crate::yaml::read::parse_first_v2(&bytes).map_err(|e| e.to_string())?;
            if let Some(node) = node {
                let v = crate::yaml::value::yaml_to_json_value(&node).map_err(|e| e.to_string())?;
                let o = decode::object(&v, "struct")?;
                targets.extend(targets_from(decode::field(o, "targets"))?);
            }
        }
        if targets.is_empty() {
            return Err("must specify at least one target".into());
        }
        for t in &targets {
            if t.field_path.is_empty() {
                return Err("fieldPath cannot be empty".into());
            }
            if t.file_path_position < 0 {
                return Err(format!("value of FilePathPosition ({}) cannot be negative", t.file_path_position));
            }
        }
        Ok(ValueAdd { value, targets })
    }

    /// `valueadd.Filter` on one object.
    fn add(&self, obj: &mut Node, t: &Target) -> Result<(), String> {
        // `\/` escapes a slash in a field name.
        let mut fields: Vec<String> = Vec::new();
        for f in t.field_path.split('/') {
            match fields.last_mut() {
                Some(last) if last.ends_with('\\') => {
                    last.pop();
                    last.push('/');
                    last.push_str(f);
                }
                _ => fields.push(f.to_string()),
            }
        }
        let fields: Vec<&str> = fields.iter().map(|f| f.trim()).filter(|f| !f.is_empty()).collect();
        let Some(n) = lookup_create(obj, &fields)? else { return Ok(()) };
        if !matches!(n, Node::Scalar(_)) {
            return Err(format!("wrong node kind: expected ScalarNode but got {}", kind_name(n)));
        }
        let mut value = self.value.clone();
        if t.file_path_position > 0 {
            let old = n.as_scalar().map(|s| s.value.clone()).unwrap_or_default();
            value = insert_path_part(&old, (t.file_path_position - 1) as usize, &value);
        }
        set_scalar(n, &value, None)
    }
}

/// kyaml's `LookupCreate(ScalarNode, fields...)`: maps created along the way, a scalar at the end;
/// numeric parts index sequences (never created), `[k=v]` parts match (or append) elements.
fn lookup_create<'a>(node: &'a mut Node, fields: &[&str]) -> Result<Option<&'a mut Node>, String> {
    let Some((first, rest)) = fields.split_first() else { return Ok(Some(node)) };
    let next_kind = match rest.first() {
        None => "scalar",
        Some(p) if (p.starts_with('[') && p.ends_with(']')) || p.parse::<usize>().is_ok() || *p == "-" => "seq",
        Some(_) => "map",
    };
    let new_node = || match next_kind {
        "scalar" => Node::Scalar(Scalar { value: String::new(), tag: Tag::Null, style: Style::Plain }),
        "seq" => Node::Seq(Vec::new()),
        _ => Node::Map(Mapping::new()),
    };
    if let Ok(i) = first.parse::<usize>() {
        return match node {
            Node::Seq(items) => match items.get_mut(i) {
                Some(n) => lookup_create(n, rest),
                None => Ok(None),
            },
            _ => Ok(None),
        };
    }
    if first.starts_with('[') && first.ends_with(']') {
        let inner = &first[1..first.len() - 1];
        let (k, v) = inner.split_once('=').ok_or_else(|| format!("invalid list index {first}"))?;
        let Node::Seq(items) = node else { return Ok(None) };
        let pos = items.iter().position(|item| {
            if k.is_empty() {
                item.as_scalar().is_some_and(|s| s.value == v)
            } else {
                item.get(k).and_then(Node::as_scalar).is_some_and(|s| s.value == v)
            }
        });
        let i = match pos {
            Some(i) => i,
            None => {
                let elem = if k.is_empty() {
                    Node::Scalar(Scalar::untagged(v, Style::Plain))
                } else {
                    let mut m = Mapping::new();
                    m.push(Scalar::plain(k), Node::Scalar(Scalar::untagged(v, Style::Plain)));
                    Node::Map(m)
                };
                items.push(elem);
                items.len() - 1
            }
        };
        return lookup_create(&mut items[i], rest);
    }
    match node {
        Node::Scalar(s) if s.tag == Tag::Null => Ok(None),
        Node::Map(m) => {
            if m.get(first).is_none() {
                m.push(Scalar::plain(*first), new_node());
            }
            lookup_create(m.get_mut(first).expect("present"), rest)
        }
        other => Err(format!("wrong node kind: expected MappingNode but got {}", kind_name(other))),
    }
}

/// kyaml's `PathSplit`: `a/b` → [a, b], `/a` → ["", a], "" → [].
fn path_split(p: &str) -> Vec<String> {
    if p.is_empty() {
        return Vec::new();
    }
    let (dir, file) = match p.rfind('/') {
        Some(i) => (&p[..=i], &p[i + 1..]),
        None => ("", p),
    };
    if dir == "/" {
        return if file.is_empty() { vec![String::new()] } else { vec![String::new(), file.to_string()] };
    }
    let dir = dir.strip_suffix('/').unwrap_or(dir);
    if dir.is_empty() {
        return vec![file.to_string()];
    }
    let mut out = path_split(dir);
    out.push(file.to_string());
    out
}

/// kyaml's `InsertPathPart`.
fn insert_path_part(path: &str, pos: usize, part: &str) -> String {
    if part.is_empty() {
        return path.to_string();
    }
    let parts = path_split(path);
    let mut pos = pos.min(parts.len());
    if parts.first().is_some_and(|p| p.is_empty()) && pos < parts.len() {
        pos += 1;
    }
    let mut result: Vec<String> = parts[..pos].to_vec();
    result.push(part.to_string());
    result.extend(parts[pos..].iter().cloned());
    // PathJoin: a leading "" makes the path absolute; filepath.Join cleans.
    if result.first().is_some_and(|p| p.is_empty()) {
        let joined = result[1..].iter().filter(|p| !p.is_empty()).cloned().collect::<Vec<_>>().join("/");
        return crate::kustomize::origin::clean_path(&format!("/{joined}"));
    }
    let joined = result.iter().filter(|p| !p.is_empty()).cloned().collect::<Vec<_>>().join("/");
    if joined.is_empty() {
        return String::new();
    }
    crate::kustomize::origin::clean_path(&joined)
}

impl Transformer for ValueAdd {
    fn transform(&self, resources: &mut ResMap, _cx: &mut Context<'_>) -> Result<(), KustomizeError> {
        for t in &self.targets {
            let chosen: Vec<usize> = match &t.selector {
                None => (0..resources.len()).collect(),
                Some(s) => select(resources.resources(), s).map_err(KustomizeError)?,
            };
            resources.modify(|rs| -> Result<(), KustomizeError> {
                for &i in &chosen {
                    if t.field_path == "metadata/namespace" {
                        let ns = Namespace { namespace: self.value.clone(), ..Default::default() };
                        ns.apply(&mut rs[i].node).map_err(KustomizeError)?;
                    } else {
                        self.add(&mut rs[i].node, t).map_err(KustomizeError)?;
                    }
                }
                Ok(())
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_path_parts_like_kyaml() {
        assert_eq!(insert_path_part("", 0, "PEACH"), "PEACH");
        assert_eq!(insert_path_part("/", 0, "PEACH"), "/PEACH");
        assert_eq!(insert_path_part("pie", 0, "PEACH"), "PEACH/pie");
        assert_eq!(insert_path_part("/pie", 0, "PEACH"), "/PEACH/pie");
        assert_eq!(insert_path_part("raw", 1, "PEACH"), "raw/PEACH");
        assert_eq!(insert_path_part("/raw", 1, "PEACH"), "/raw/PEACH");
        assert_eq!(insert_path_part("a/nice/warm/pie", 3, "PEACH"), "a/nice/warm/PEACH/pie");
        assert_eq!(insert_path_part("/a/nice/warm/pie", 3, "PEACH"), "/a/nice/warm/PEACH/pie");
    }

    #[test]
    fn creates_the_field() {
        let mut n = crate::yaml::parse_one(b"kind: X\nmetadata:\n  name: a\n").unwrap();
        let t = ValueAdd { value: "v".into(), targets: vec![] };
        let target = Target { field_path: "spec/deep/field".into(), ..Default::default() };
        t.add(&mut n, &target).unwrap();
        assert_eq!(n.str_at(&["spec", "deep", "field"]), Some("v"));
    }
}
