//! `replacements:` — kustomize's ReplacementTransformer (`api/filters/replacement`): copy a value
//! from one field of a source object into fields of target objects.
//!
//! As kustomize v5.5 does it: the source is found by exact id (any of the object's current or
//! previous ids), its `fieldPath` read with kyaml's `Lookup` (`[k=v]` matches exactly); targets
//! are selected by exact id, label and annotation selectors, minus `reject`s, and their
//! `fieldPaths` walked with kyaml's `PathMatcher` (`[k=v]` is an unanchored regular expression,
//! `*` every element, a number an index; `create` adds what is missing). A scalar target keeps its
//! tag and only takes the value's text; `delimiter`/`index` pick or replace one part of a text.
//! Entries may come from files (`path:`), each holding one replacement or a list.

use super::plugin_config::{list_items, Fields};
use super::{Context, Transformer};
use crate::kustomize::kustomization::Kustomization;
use crate::kustomize::loader::Loader;
use crate::kustomize::rnode::{
    error_if_invalid, field, field_matcher, from_node, match_element, set_field, set_ynode, to_node, KyamlError, Kind, RNode, YNode, YRef,
};
use crate::kustomize::select::labels::LabelSelector;
use crate::kustomize::select::Selector;
use crate::kustomize::KustomizeError;
use crate::resource::previous::{PREVIOUS_KINDS, PREVIOUS_NAMES, PREVIOUS_NAMESPACES};
use crate::resource::{Gvk, ResId, ResMap};
use crate::yaml::value::{yaml_to_json_value, Value};
use crate::yaml::{Style, Tag};
use regex::Regex;
use std::collections::BTreeMap;

/// `types.FieldOptions`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldOptions {
    pub delimiter: String,
    pub index: i64,
    pub encoding: String,
    pub create: bool,
}

/// `types.SourceSelector`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceSelector {
    pub id: ResId,
    pub field_path: String,
    pub options: Option<FieldOptions>,
}

/// `types.TargetSelector`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TargetSelector {
    pub select: Option<Selector>,
    pub reject: Vec<Selector>,
    pub field_paths: Vec<String>,
    pub options: Option<FieldOptions>,
}

/// `types.Replacement`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Replacement {
    pub source: Option<SourceSelector>,
    /// `None` when absent (an error when applied), unlike an empty list.
    pub targets: Option<Vec<TargetSelector>>,
}

#[derive(Clone, Debug)]
pub struct ReplacementTransformer {
    replacements: Vec<Replacement>,
}

fn decode_options(v: Option<&Value>, strict: bool) -> Result<Option<FieldOptions>, String> {
    let Some(v) = v else { return Ok(None) };
    let f = Fields::new(v, "types.FieldOptions", &["delimiter", "index", "encoding", "create"], strict)?;
    Ok(Some(FieldOptions { delimiter: f.string("delimiter")?, index: f.int("index")?, encoding: f.string("encoding")?, create: f.bool("create")? }))
}

fn decode_source(v: &Value, strict: bool) -> Result<SourceSelector, String> {
    let known = ["group", "version", "kind", "name", "namespace", "fieldPath", "options"];
    let f = Fields::new(v, "types.SourceSelector", &known, strict)?;
    Ok(SourceSelector {
        id: ResId::new(Gvk::new(f.string("group")?, f.string("version")?, f.string("kind")?), f.string("namespace")?, f.string("name")?),
        field_path: f.string("fieldPath")?,
        options: decode_options(f.get("options"), strict)?,
    })
}

fn decode_target(v: &Value, strict: bool) -> Result<TargetSelector, String> {
    let f = Fields::new(v, "types.TargetSelector", &["select", "reject", "fieldPaths", "options"], strict)?;
    let select = match f.get("select") {
        None => None,
        Some(s) => Some(Selector::from_value(s, strict, "TargetSelector.select")?),
    };
    let reject = match f.get("reject") {
        None => Vec::new(),
        Some(Value::Seq(items)) => items.iter().map(|r| Selector::from_value(r, strict, "TargetSelector.reject")).collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(format!(
                "json: cannot unmarshal {} into Go struct field TargetSelector.reject of type []*types.Selector",
                crate::kustomize::select::json_type(other)
            ))
        }
    };
    Ok(TargetSelector { select, reject, field_paths: f.strings("fieldPaths")?, options: decode_options(f.get("options"), strict)? })
}

/// A replacement's `source` and `targets` (other fields of `f` are the caller's business).
fn decode_replacement(f: &Fields<'_>, strict: bool) -> Result<Replacement, String> {
    let source = match f.get("source") {
        None => None,
        Some(s) => Some(decode_source(s, strict)?),
    };
    let targets = match f.get("targets") {
        None => None,
        Some(Value::Seq(items)) => Some(items.iter().map(|t| decode_target(t, strict)).collect::<Result<_, _>>()?),
        Some(other) => {
            return Err(format!(
                "json: cannot unmarshal {} into Go struct field Replacement.targets of type []*types.TargetSelector",
                crate::kustomize::select::json_type(other)
            ))
        }
    };
    Ok(Replacement { source, targets })
}

impl ReplacementTransformer {
    /// The kustomization's `replacements` (none when absent or empty).
    pub fn from_kustomization(k: &Kustomization, loader: &Loader) -> Result<Option<ReplacementTransformer>, KustomizeError> {
        let items = list_items(k.get("replacements"), "replacements", "types.ReplacementField")?;
        if items.is_empty() {
            return Ok(None);
        }
        Self::configure(items, loader, true).map(Some)
    }

    /// A builtin plugin config (`kind: ReplacementTransformer`, field `replacements`).
    pub fn from_value(v: &Value, loader: &Loader) -> Result<ReplacementTransformer, KustomizeError> {
        let f = Fields::new(v, "ReplacementTransformerPlugin", &[], false).map_err(KustomizeError)?;
        let items = match f.get("replacements") {
            None => &[][..],
            Some(Value::Seq(items)) => items.as_slice(),
            Some(other) => {
                return Err(KustomizeError(format!(
                    "json: cannot unmarshal {} into Go struct field ReplacementTransformerPlugin.replacements of type []types.ReplacementField",
                    crate::kustomize::select::json_type(other)
                )))
            }
        };
        Self::configure(items, loader, false)
    }

    fn configure(items: &[Value], loader: &Loader, strict: bool) -> Result<ReplacementTransformer, KustomizeError> {
        let fail = |e: String| {
            let config = Value::Map(vec![("replacements".into(), Value::Seq(items.to_vec()))]);
            super::plugin_config::config_error("ReplacementTransformer", &config, &e)
        };
        let mut replacements = Vec::new();
        for item in items {
            let f = Fields::new(item, "types.ReplacementField", &["source", "targets", "path"], strict)
                .map_err(|e| KustomizeError(format!("invalid Kustomization: {e}")))?;
            let path = f.string("path").map_err(fail)?;
            let inline = decode_replacement(&f, strict).map_err(fail)?;
            if path.is_empty() {
                replacements.push(inline);
                continue;
            }
            if inline.source.is_some() || inline.targets.as_ref().is_some_and(|t| !t.is_empty()) {
                return Err(fail("cannot specify both path and inline replacement".into()));
            }
            let bytes = loader.load(&path).map_err(|e| fail(e.0))?;
            let node = crate::yaml::read::parse_first_v2(&bytes).map_err(|e| fail(e.to_string()))?;
            let value = match node {
                None => Value::Null,
                Some(n) => yaml_to_json_value(&n).map_err(|e| fail(e.to_string()))?,
            };
            match &value {
                Value::Seq(list) => {
                    for r in list {
                        let f = Fields::new(r, "types.Replacement", &[], false).map_err(fail)?;
                        replacements.push(decode_replacement(&f, false).map_err(fail)?);
                    }
                }
                Value::Map(_) => {
                    let f = Fields::new(&value, "types.Replacement", &[], false).map_err(fail)?;
                    replacements.push(decode_replacement(&f, false).map_err(fail)?);
                }
                other => {
                    let kind = match other {
                        Value::Null => "invalid",
                        Value::Str(_) => "string",
                        Value::Bool(_) => "bool",
                        Value::Int(_) => "int",
                        Value::Uint(_) => "uint64",
                        _ => "float64",
                    };
                    return Err(fail(format!("unsupported replacement type encountered within replacement path: {kind}")));
                }
            }
        }
        Ok(ReplacementTransformer { replacements })
    }
}

impl Transformer for ReplacementTransformer {
    fn transform(&self, resources: &mut ResMap, _cx: &mut Context<'_>) -> Result<(), KustomizeError> {
        let nodes: Vec<YRef> = resources.iter().map(|r| from_node(&r.node)).collect();
        for r in &self.replacements {
            let (Some(source), Some(targets)) = (&r.source, &r.targets) else {
                return Err(KustomizeError("replacements must specify a source and at least one target".into()));
            };
            let value = get_replacement(&nodes, source).map_err(KustomizeError)?;
            apply_replacement(&nodes, &value, targets).map_err(KustomizeError)?;
        }
        resources.modify(|rs| {
            for (r, n) in rs.iter_mut().zip(&nodes) {
                r.node = to_node(n);
            }
        });
        Ok(())
    }
}

// ---- ids and metadata of a node being edited

fn text_field(n: &YRef, name: &str) -> String {
    field(n, name).map(|(_, v)| v.borrow().value.clone()).unwrap_or_default()
}

/// `getMetaStringField`: a metadata field's text, "" when null or empty.
fn meta_text(n: &YRef, name: &str) -> String {
    let Some(meta) = field(n, "metadata").map(|(_, v)| v) else { return String::new() };
    field(&meta, name).filter(|(_, v)| !v.borrow().is_nil_or_empty()).map(|(_, v)| v.borrow().value.clone()).unwrap_or_default()
}

fn meta_map(n: &YRef, name: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(meta) = field(n, "metadata").map(|(_, v)| v) else { return out };
    if let Some((_, m)) = field(&meta, name) {
        for pair in m.borrow().content.chunks(2) {
            if let [k, v] = pair {
                out.insert(k.borrow().value.clone(), v.borrow().value.clone());
            }
        }
    }
    out
}

/// `utils.MakeResIds`: the current id, then the previous ones (none of them cluster scoped).
fn make_res_ids(n: &YRef) -> Result<Vec<ResId>, String> {
    let api_version = field(n, "apiVersion").filter(|(_, v)| !v.borrow().is_tagged_null()).map(|(_, v)| v.borrow().value.clone()).unwrap_or_default();
    let gvk = Gvk::from_api_version(&api_version, &text_field(n, "kind"));
    let mut ids = vec![ResId::new(gvk.clone(), meta_text(n, "namespace"), meta_text(n, "name"))];
    let a = meta_map(n, "annotations");
    if let Some(names) = a.get(PREVIOUS_NAMES) {
        let empty = String::new();
        let names: Vec<&str> = names.split(',').collect();
        let ns: Vec<&str> = a.get(PREVIOUS_NAMESPACES).unwrap_or(&empty).split(',').collect();
        let kinds: Vec<&str> = a.get(PREVIOUS_KINDS).unwrap_or(&empty).split(',').collect();
        if names.len() != ns.len() || names.len() != kinds.len() {
            return Err("number of previous names, number of previous namespaces, number of previous kinds not equal".into());
        }
        for i in 0..names.len() {
            ids.push(ResId::new(Gvk::new(gvk.group.clone(), gvk.version.clone(), kinds[i]), ns[i], names[i]));
        }
    }
    Ok(ids)
}

fn effective_ns(ns: &str) -> &str {
    if ns.is_empty() {
        "default"
    } else {
        ns
    }
}

/// `ResId.IsSelectedBy` with ids that are never cluster scoped.
fn is_selected_by(id: &ResId, sel: &ResId) -> bool {
    (sel.name.is_empty() || sel.name == id.name)
        && (sel.namespace.is_empty() || effective_ns(&sel.namespace) == effective_ns(&id.namespace))
        && (sel.gvk.group.is_empty() || sel.gvk.group == id.gvk.group)
        && (sel.gvk.version.is_empty() || sel.gvk.version == id.gvk.version)
        && (sel.gvk.kind.is_empty() || sel.gvk.kind == id.gvk.kind)
}

fn options_string(o: &Option<FieldOptions>) -> String {
    match o {
        Some(o) if !o.delimiter.is_empty() || o.create => format!("{}({}), create={}", o.delimiter, o.index, o.create),
        _ => String::new(),
    }
}

/// `SourceSelector.String()`.
fn source_string(s: &SourceSelector) -> String {
    let mut parts = vec![s.id.to_string()];
    if !s.field_path.is_empty() {
        parts.push(s.field_path.clone());
    }
    let o = options_string(&s.options);
    if !o.is_empty() {
        parts.push(o);
    }
    parts.join(":")
}

// ---- the filter

fn get_replacement(nodes: &[YRef], source: &SourceSelector) -> Result<RNode, String> {
    let mut matches: Vec<&YRef> = Vec::new();
    for n in nodes {
        let ids = make_res_ids(n).map_err(|e| format!("error getting node IDs: {e}"))?;
        if ids.iter().any(|id| is_selected_by(id, &source.id)) {
            if !matches.is_empty() {
                return Err(format!("multiple matches for selector {}", source_string(source)));
            }
            matches.push(n);
        }
    }
    let Some(node) = matches.first() else {
        return Err(format!("nothing selected by {}", source_string(source)));
    };
    let field_path = if source.field_path.is_empty() { "metadata.name" } else { &source.field_path };
    let path = smarter_path_splitter(field_path, ".");
    let rn = lookup(&RNode::new((*node).clone()), &path).map_err(|e| format!("error looking up replacement source: {e}"))?;
    let Some(rn) = rn.filter(|r| !r.node.borrow().is_nil_or_empty()) else {
        return Err(format!("fieldPath `{field_path}` is missing for replacement source {}", source.id));
    };
    refined_value(&source.options, rn)
}

fn refined_value(options: &Option<FieldOptions>, rn: RNode) -> Result<RNode, String> {
    let Some(o) = options.as_ref().filter(|o| !o.delimiter.is_empty()) else { return Ok(rn) };
    if rn.kind() != Kind::Scalar {
        return Err("delimiter option can only be used with scalar nodes".into());
    }
    let text = get_value(&rn);
    let parts: Vec<&str> = text.split(o.delimiter.as_str()).collect();
    if o.index >= parts.len() as i64 || o.index < 0 {
        return Err(format!("options.index {} is out of bounds for value {text}", o.index));
    }
    let copy = deep_copy(&rn.node);
    copy.borrow_mut().value = parts[o.index as usize].to_string();
    Ok(RNode::new(copy))
}

/// `yaml.GetValue`: the text of a node that is not missing or null.
fn get_value(rn: &RNode) -> String {
    if rn.node.borrow().is_tagged_null() {
        return String::new();
    }
    rn.value()
}

pub fn deep_copy(n: &YRef) -> YRef {
    let y = n.borrow();
    YNode { content: y.content.iter().map(deep_copy).collect(), ..y.clone() }.into_ref()
}

fn labels_match(n: &YRef, sel: &Selector) -> Result<bool, String> {
    let annotations = LabelSelector::parse(&sel.annotation_selector)?.matches(&meta_map(n, "annotations"));
    let labels = LabelSelector::parse(&sel.label_selector)?.matches(&meta_map(n, "labels"));
    Ok(annotations && labels)
}

fn apply_replacement(nodes: &[YRef], value: &RNode, targets: &[TargetSelector]) -> Result<(), String> {
    for target in targets {
        let Some(select) = &target.select else {
            return Err("target must specify resources to select".into());
        };
        let field_paths: Vec<String> = if target.field_paths.is_empty() { vec!["metadata.name".into()] } else { target.field_paths.clone() };
        for n in nodes {
            let ids = make_res_ids(n)?;
            if !labels_match(n, select)? {
                continue;
            }
            let mut rejected = false;
            for reject in &target.reject {
                if reject.annotation_selector.is_empty() && reject.label_selector.is_empty() {
                    continue;
                }
                if labels_match(n, reject)? {
                    rejected = true;
                    break;
                }
            }
            if rejected {
                continue;
            }
            let reject_id = target.reject.iter().filter(|r| !r.id_is_empty()).any(|r| ids.iter().any(|id| is_selected_by(id, &r.res_id())));
            if ids.iter().any(|id| is_selected_by(id, &select.res_id())) && !reject_id {
                copy_value_to_target(n, value, target, &field_paths)?;
            }
        }
    }
    Ok(())
}

fn retrieval_error(fp: &str, create: bool) -> String {
    if create {
        format!("unable to find or create field {fp:?} in replacement target")
    } else {
        format!("unable to find field {fp:?} in replacement target")
    }
}

fn copy_value_to_target(target: &YRef, value: &RNode, selector: &TargetSelector, field_paths: &[String]) -> Result<(), String> {
    let create = selector.options.as_ref().is_some_and(|o| o.create);
    for fp in field_paths {
        let kind = if create { Some(value.kind()) } else { None };
        let path = smarter_path_splitter(fp, ".");
        let found = path_match(&RNode::new(target.clone()), &path, kind).map_err(|e| format!("{}: {e}", retrieval_error(fp, create)))?;
        let fields = found.map(|f| f.content()).unwrap_or_default();
        if fields.is_empty() {
            return Err(retrieval_error(fp, create));
        }
        for t in fields {
            set_field_value(&selector.options, &t, value)?;
        }
    }
    Ok(())
}

fn set_field_value(options: &Option<FieldOptions>, target: &YRef, value: &RNode) -> Result<(), String> {
    let value = deep_copy(&value.node);
    if let Some(o) = options.as_ref().filter(|o| !o.delimiter.is_empty()) {
        if target.borrow().kind != Kind::Scalar {
            return Err("delimiter option can only be used with scalar nodes".into());
        }
        let current = target.borrow().value.clone();
        let mut parts: Vec<String> = current.split(o.delimiter.as_str()).map(String::from).collect();
        let v = get_value(&RNode::new(value.clone()));
        if o.index < 0 {
            parts.insert(0, v);
        } else if o.index >= parts.len() as i64 {
            parts.push(v);
        } else {
            parts[o.index as usize] = v;
        }
        value.borrow_mut().value = parts.join(&o.delimiter);
    }
    if target.borrow().kind == Kind::Scalar {
        // Only the text: the target keeps its tag and style.
        let text = value.borrow().value.clone();
        target.borrow_mut().value = text;
    } else {
        set_ynode(target, &value);
    }
    Ok(())
}

// ---- kyaml paths

/// kyaml's `PathSplitter`: split on the delimiter, `\` escaping it, a leading one ignored.
fn path_splitter(path: &str, delimiter: &str) -> Vec<String> {
    let mut ps: Vec<&str> = path.split(delimiter).collect();
    if ps.len() > 1 && ps[0].is_empty() {
        ps.remove(0);
    }
    let mut res: Vec<String> = vec![ps[0].to_string()];
    for p in &ps[1..] {
        let last = res.last_mut().expect("non-empty");
        if last.ends_with('\\') {
            last.pop();
            last.push_str(delimiter);
            last.push_str(p);
        } else {
            res.push(p.to_string());
        }
    }
    res
}

/// kyaml's `SmarterPathSplitter`: a `[...]` element may contain the delimiter.
pub fn smarter_path_splitter(path: &str, delimiter: &str) -> Vec<String> {
    let split = path_splitter(path, delimiter);
    let mut result = Vec::new();
    let mut i = 0;
    while i < split.len() {
        let elem = &split[i];
        if elem.starts_with('[') && !elem.ends_with(']') {
            let mut bracketed = vec![elem.clone()];
            while i < split.len() - 1 {
                i += 1;
                bracketed.push(split[i].clone());
                if split[i].ends_with(']') {
                    break;
                }
            }
            let s = bracketed.join(delimiter);
            if s.contains('=') {
                result.push(s);
            } else {
                result.push(s.trim_matches(|c| c == '[' || c == ']').to_string());
            }
        } else {
            result.push(elem.clone());
        }
        i += 1;
    }
    result
}

fn is_list_index(p: &str) -> bool {
    p.starts_with('[') && p.ends_with(']')
}

/// Go's `strconv.Atoi` accepts a sign and leading zeros.
fn atoi(p: &str) -> Option<i64> {
    let digits = p.strip_prefix(['+', '-']).unwrap_or(p);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    p.parse::<i64>().ok()
}

fn is_idx_number(p: &str) -> bool {
    atoi(p).is_some_and(|i| i >= 0)
}

fn split_index_name_value(p: &str) -> Result<(String, String), String> {
    let elem = p.strip_suffix(']').unwrap_or(p);
    let elem = elem.strip_prefix('[').unwrap_or(elem);
    match elem.split_once('=') {
        Some((k, v)) => Ok((k.to_string(), v.to_string())),
        None => Err("list path element must contain fieldName=fieldValue for element to match".into()),
    }
}

fn elements(rn: &RNode) -> Result<Vec<RNode>, KyamlError> {
    error_if_invalid(Some(rn), Kind::Sequence)?;
    Ok(rn.content().into_iter().map(RNode::new).collect())
}

/// kyaml's `Lookup` (`PathGetter` without create).
fn lookup(rn: &RNode, path: &[String]) -> Result<Option<RNode>, String> {
    let mut cur = rn.clone();
    for part in path.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let next = if let Some(idx) = atoi(part) {
            if idx < 0 {
                return Err(format!("array index {idx} cannot be negative"));
            }
            let elems = elements(&cur).map_err(|e| e.0)?;
            elems.into_iter().nth(idx as usize)
        } else if part == "-" {
            let elems = elements(&cur).map_err(|e| e.0)?;
            elems.into_iter().last()
        } else if part == "*" {
            return Err("wildcard is not supported in PathGetter".into());
        } else if is_list_index(part) {
            let (name, value) = split_index_name_value(part)?;
            match_element(&cur, &[name], &[value]).map_err(|e| e.0)?
        } else {
            field_matcher(&cur, part, None).map_err(|e| e.0)?
        };
        match next {
            Some(n) => cur = n,
            None => return Ok(None),
        }
    }
    Ok(Some(cur))
}

/// The kind a created path part gets (`getPathPartKind`).
fn path_part_kind(next: &str, default: Kind) -> Kind {
    if is_list_index(next) || is_idx_number(next) {
        return Kind::Sequence;
    }
    if next.is_empty() {
        return default;
    }
    Kind::Mapping
}

/// kyaml's `PathMatcher`: every node the path reaches (a sequence of them), creating missing
/// parts when `create` gives the leaf's kind.
fn path_match(rn: &RNode, path: &[String], create: Option<Kind>) -> Result<Option<RNode>, String> {
    let Some(first) = path.first() else {
        return Ok(Some(seq_of(vec![rn.node.clone()])));
    };
    let next = path.get(1).map(String::as_str).unwrap_or("");
    if is_idx_number(first) {
        let idx = atoi(first).expect("checked") as usize;
        let mut elems = elements(rn).map_err(|e| e.0)?;
        if let (true, Some(kind)) = (elems.len() == idx, create) {
            let elem = YNode::new(path_part_kind(next, kind)).into_ref();
            rn.node.borrow_mut().content.push(elem.clone());
            elems.push(RNode::new(elem));
        }
        if elems.len() < idx + 1 {
            return Err(format!("index {idx} specified but only {} elements found", elems.len()));
        }
        let add = path_match(&elems[idx], &path[1..], create)?;
        return Ok(add.map(|a| seq_of(a.content())));
    }
    if is_list_index(first) {
        return path_match_seq(rn, path, create);
    }
    if first == "*" {
        let mut out = Vec::new();
        for elem in elements(rn).map_err(|e| e.0)? {
            if let Some(add) = path_match(&elem, &path[1..], create)? {
                out.extend(add.content());
            }
        }
        return Ok((!out.is_empty()).then(|| seq_of(out)));
    }
    let mut found = field_matcher(rn, first, None).map_err(|e| e.0)?;
    if found.is_none() {
        let Some(kind) = create else { return Ok(None) };
        let new = RNode::new(YNode::new(path_part_kind(next, kind)).into_ref());
        set_field(rn, first, Some(new.clone())).map_err(|e| e.0)?;
        found = Some(new);
    }
    path_match(&found.expect("set above"), &path[1..], create)
}

fn seq_of(nodes: Vec<YRef>) -> RNode {
    RNode::new(YNode { content: nodes, ..YNode::new(Kind::Sequence) }.into_ref())
}

fn path_match_seq(rn: &RNode, path: &[String], create: Option<Kind>) -> Result<Option<RNode>, String> {
    let (name, pattern) = split_index_name_value(&path[0])?;
    let compile = || Regex::new(&pattern).map_err(|e| format!("error parsing regexp: {}", e.to_string().lines().last().unwrap_or("").trim()));
    let mut re: Option<Regex> = None;
    let mut out: Vec<YRef> = Vec::new();
    for elem in elements(rn).map_err(|e| e.0)? {
        let re = match &re {
            Some(r) => r,
            None => re.insert(compile()?),
        };
        if name.is_empty() {
            if re.is_match(go_yaml_string(&elem.node).trim()) {
                out.push(elem.node.clone());
            }
            continue;
        }
        let Some((_, v)) = field(&elem.node, &name) else { continue };
        if !re.is_match(go_yaml_string(&v).trim()) {
            continue;
        }
        if let Some(add) = path_match(&elem, &path[1..], create)? {
            out.extend(add.content());
        }
    }
    if !out.is_empty() {
        return Ok(Some(seq_of(out)));
    }
    let Some(_) = create else { return Ok(None) };
    let value = YNode::scalar(pattern.clone()).into_ref();
    let elem = if name.is_empty() {
        value
    } else {
        YNode { content: vec![YNode::scalar(name.clone()).into_ref(), value], ..YNode::new(Kind::Mapping) }.into_ref()
    };
    rn.node.borrow_mut().content.push(elem);
    path_match_seq(rn, path, create)
}

/// What go-yaml v3 prints for a node (enough to match `[k=v]` patterns against scalars).
fn go_yaml_string(n: &YRef) -> String {
    let y = n.borrow();
    if y.kind != Kind::Scalar {
        drop(y);
        return crate::yaml::node_to_yaml(&to_node(n)).unwrap_or_default();
    }
    match y.style {
        Style::DoubleQuoted => crate::yaml::json::to_json(&Value::Str(y.value.clone())).unwrap_or_default(),
        Style::SingleQuoted => format!("'{}'", y.value.replace('\'', "''")),
        Style::Literal | Style::Folded => y.value.clone(),
        Style::Plain => {
            // A string that would read as something else is printed quoted.
            if y.tag == Some(Tag::Str) && crate::yaml::node::resolve_plain_tag(&y.value) != Tag::Str {
                crate::yaml::json::to_json(&Value::Str(y.value.clone())).unwrap_or_default()
            } else {
                y.value.clone()
            }
        }
    }
}
