//! `vars:` (deprecated): `$(NAME)` in the `varReference` fields replaced by a field of a named
//! object, once names are final (`refvar`).

use super::decode::{self, DecodeResult};
use super::fieldspec::{self, CreateKind, FieldSpec};
use super::pathget;
use super::KustomizeError;
use crate::resource::{Gvk, ResMap};
use crate::yaml::value::Value;
use crate::yaml::{Node, Scalar, Style, Tag};
use std::collections::{BTreeMap, HashMap};

/// One var.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Var {
    pub name: String,
    pub gvk: Gvk,
    pub obj_name: String,
    pub obj_namespace: String,
    pub field_path: String,
}

impl Var {
    pub fn from_value(v: &Value) -> DecodeResult<Var> {
        let o = decode::object(v, "types.Var")?;
        if let Some(k) = decode::unknown_key(o, &["name", "objref", "fieldref"]) {
            return Err(format!("json: unknown field \"{k}\""));
        }
        let objref = decode::object(decode::field(o, "objref").unwrap_or(&Value::Null), "types.Target")?;
        if let Some(k) = decode::unknown_key(objref, &["apiVersion", "group", "version", "kind", "name", "namespace"]) {
            return Err(format!("json: unknown field \"{k}\""));
        }
        let fieldref = decode::object(decode::field(o, "fieldref").unwrap_or(&Value::Null), "types.FieldSelector")?;
        if let Some(k) = decode::unknown_key(fieldref, &["fieldPath"]) {
            return Err(format!("json: unknown field \"{k}\""));
        }
        let s = |o: &[(String, Value)], k: &str| decode::string(decode::field(o, k), &format!("Var.{k}"));
        let mut gvk = Gvk::new(s(objref, "group")?, s(objref, "version")?, s(objref, "kind")?);
        // `Target.GVK()`: an apiVersion overrides group and version.
        let api_version = s(objref, "apiVersion")?;
        if !api_version.is_empty() {
            let parts: Vec<&str> = api_version.split('/').collect();
            match parts.len() {
                2 => {
                    gvk.group = parts[0].into();
                    gvk.version = parts[1].into();
                }
                1 => gvk.version = parts[0].into(),
                _ => {}
            }
        }
        let mut field_path = s(fieldref, "fieldPath")?;
        if field_path.is_empty() {
            field_path = "metadata.name".into();
        }
        Ok(Var { name: s(o, "name")?, gvk, obj_name: s(objref, "name")?, obj_namespace: s(objref, "namespace")?, field_path })
    }
}

/// The vars of a kustomization and everything below it, by name.
#[derive(Clone, Debug, Default)]
pub struct VarSet {
    vars: BTreeMap<String, Var>,
}

impl VarSet {
    /// `VarSet.Merge`: a name may be declared once.
    pub fn merge(&mut self, v: Var) -> Result<(), String> {
        if self.vars.contains_key(&v.name) {
            return Err(format!("var '{}' already encountered", v.name));
        }
        self.vars.insert(v.name.clone(), v);
        Ok(())
    }

    pub fn merge_set(&mut self, other: &VarSet) -> Result<(), String> {
        for v in other.vars.values() {
            self.merge(v.clone())?;
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.vars.is_empty()
    }
}

/// `ResAccumulator.MergeVars`: marks the object each var reads (by any of its ids), then adds
/// the vars to the set.
pub fn merge_vars(resources: &mut ResMap, set: &mut VarSet, incoming: &[Var]) -> Result<(), String> {
    if incoming.is_empty() {
        return Ok(());
    }
    resources.modify(|rs| -> Result<(), String> {
        for v in incoming {
            // The var's gvk carries no scope, so its effective namespace is its namespace or
            // "default"; without a namespace any namespace matches.
            let target_ns = if v.obj_namespace.is_empty() { "default" } else { v.obj_namespace.as_str() };
            let matches = |r: &crate::resource::Resource| {
                r.all_ids().iter().any(|s| {
                    s.id.name == v.obj_name && s.id.gvk == v.gvk && (v.obj_namespace.is_empty() || s.effective_namespace() == target_ns)
                })
            };
            let found: Vec<usize> = (0..rs.len()).filter(|&i| matches(&rs[i])).collect();
            if found.len() > 1 {
                return Err(format!("found {} resId matches for var {} (unable to disambiguate)", found.len(), v.name));
            }
            if let Some(&i) = found.first() {
                rs[i].meta.ref_var_names.push(v.name.clone());
            }
        }
        Ok(())
    })?;
    for v in incoming {
        set.merge(v.clone())?;
    }
    Ok(())
}

/// A var's value as kyaml's `GetFieldValue` returns it.
#[derive(Clone, Debug, PartialEq)]
enum VarValue {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A map or list: not substituted.
    Other,
}

fn field_value(node: &Node, path: &str) -> Result<VarValue, String> {
    let fields = pathget::convert_slice_index(pathget::smarter_split(path));
    let found = pathget::lookup(node, &fields)?.ok_or_else(|| format!("no field named '{path}'"))?;
    match found {
        Node::Scalar(s) => Ok(match s.tag {
            Tag::Str => VarValue::Str(s.value.clone()),
            Tag::Int => s.value.parse::<i64>().map(VarValue::Int).map_err(|e| e.to_string())?,
            Tag::Float => s.value.parse::<f64>().map(VarValue::Float).map_err(|e| e.to_string())?,
            Tag::Bool => match s.value.as_str() {
                "1" | "t" | "T" | "true" | "TRUE" | "True" => VarValue::Bool(true),
                "0" | "f" | "F" | "false" | "FALSE" | "False" => VarValue::Bool(false),
                other => return Err(format!("strconv.ParseBool: parsing \"{other}\": invalid syntax")),
            },
            _ => VarValue::Str(s.value.clone()),
        }),
        _ => Ok(VarValue::Other),
    }
}

/// `ResolveVars`: finds each var's value (in the first object marked for it) and replaces
/// `$(NAME)` in the `varReference` fields.
pub fn resolve_vars(resources: &mut ResMap, set: &VarSet, var_reference: &[FieldSpec]) -> Result<(), KustomizeError> {
    let mut values: HashMap<String, VarValue> = HashMap::new();
    for v in set.vars.values() {
        let source = resources.iter().find(|r| r.meta.ref_var_names.contains(&v.name));
        let Some(r) = source else {
            return Err(KustomizeError(format!("var '{}' cannot be mapped to a field in the set of known resources", v.name)));
        };
        let value = field_value(&r.node, &v.field_path)
            .map_err(|_| KustomizeError(format!("field specified in var '{}' not found in corresponding resource", v.name)))?;
        values.insert(v.name.clone(), value);
    }
    if values.is_empty() {
        return Ok(());
    }
    let compiled: Vec<fieldspec::Compiled<'_>> = var_reference.iter().map(fieldspec::Compiled::new).collect();
    resources.modify(|rs| {
        for r in rs.iter_mut() {
            for c in &compiled {
                c.apply(&mut r.node, CreateKind::None, None, &mut |n| set_vars(n, &values)).map_err(KustomizeError)?;
            }
        }
        Ok(())
    })
}

fn set_vars(node: &mut Node, values: &HashMap<String, VarValue>) -> Result<(), String> {
    match node {
        Node::Scalar(s) if s.tag == Tag::Null => Ok(()),
        Node::Scalar(s) => {
            if s.tag == Tag::Str {
                replace(node, values);
            }
            Ok(())
        }
        Node::Map(m) => {
            for (k, v) in m.entries_mut().iter_mut() {
                if k.tag != Tag::Str {
                    return Err(format!("invalid map key: value='{}', tag='{}'", k.value, k.tag.short()));
                }
                if matches!(v, Node::Scalar(s) if s.tag == Tag::Str) {
                    replace(v, values);
                }
            }
            Ok(())
        }
        Node::Seq(items) => {
            for item in items.iter_mut() {
                if !matches!(item, Node::Scalar(s) if s.tag == Tag::Str) {
                    return Err("invalid value type expect a string".into());
                }
                replace(item, values);
            }
            Ok(())
        }
    }
}

/// `updateNodeValue(DoReplacements(...))`.
fn replace(node: &mut Node, values: &HashMap<String, VarValue>) {
    let Node::Scalar(s) = node else { return };
    let result = expand(&s.value, values);
    let (value, tag) = match result {
        VarValue::Str(v) => (v, Tag::Str),
        VarValue::Int(i) => (i.to_string(), Tag::Int),
        VarValue::Float(f) => (crate::golang::strconv::format_float(f, 'f'), Tag::Float),
        VarValue::Bool(b) => (b.to_string(), Tag::Bool),
        VarValue::Other => return,
    };
    *node = Node::Scalar(Scalar { value, tag, style: Style::Plain });
}

/// `DoReplacements` with the primitive replacer: `$(NAME)` expanded, `$$` an escaped `$`; a
/// value that is exactly one reference keeps the var's type.
fn expand(input: &str, values: &HashMap<String, VarValue>) -> VarValue {
    let b = input.as_bytes();
    let mut buf = String::new();
    let mut checkpoint = 0;
    let mut cursor = 0;
    while cursor < b.len() {
        if b[cursor] == b'$' && cursor + 1 < b.len() {
            buf.push_str(&input[checkpoint..cursor]);
            let rest = &input[cursor + 1..];
            let (read, is_var, advance): (String, bool, usize) = match rest.as_bytes()[0] {
                b'$' => ("$".into(), false, 1),
                b'(' => match rest[1..].find(')') {
                    Some(end) => (rest[1..1 + end].to_string(), true, end + 2),
                    None => ("$(".into(), false, 1),
                },
                _ => {
                    let ch = rest.chars().next().expect("non-empty");
                    (format!("${ch}"), false, ch.len_utf8())
                }
            };
            if is_var {
                let mapped = match values.get(&read) {
                    Some(v) if *v != VarValue::Other => v.clone(),
                    _ => VarValue::Str(format!("$({read})")),
                };
                if input == format!("$({read})") {
                    return mapped;
                }
                buf.push_str(&go_sprint(&mapped));
            } else {
                buf.push_str(&read);
            }
            cursor += advance;
            checkpoint = cursor + 1;
        }
        cursor += 1;
    }
    if checkpoint < input.len() {
        buf.push_str(&input[checkpoint..]);
    }
    VarValue::Str(buf)
}

/// `fmt.Sprintf("%v", v)`.
fn go_sprint(v: &VarValue) -> String {
    match v {
        VarValue::Str(s) => s.clone(),
        VarValue::Int(i) => i.to_string(),
        VarValue::Float(f) => crate::golang::strconv::format_float(*f, 'g'),
        VarValue::Bool(b) => b.to_string(),
        VarValue::Other => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals() -> HashMap<String, VarValue> {
        [("A".to_string(), VarValue::Str("x".into())), ("N".to_string(), VarValue::Int(3))].into()
    }

    #[test]
    fn expands_references() {
        let v = vals();
        assert_eq!(expand("$(A)", &v), VarValue::Str("x".into()));
        assert_eq!(expand("$(N)", &v), VarValue::Int(3));
        assert_eq!(expand("a-$(N)-$(A)", &v), VarValue::Str("a-3-x".into()));
        assert_eq!(expand("$$(A) $(B) $x $", &v), VarValue::Str("$(A) $(B) $x $".into()));
        assert_eq!(expand("$(A", &v), VarValue::Str("$(A".into()));
    }
}
