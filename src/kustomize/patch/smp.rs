//! Strategic merge patch as kustomize v5.5 applies it: kyaml's `merge2` walker (`walk.Walker` with
//! the `Merger` visitor) over the patch and the target, with merge keys and strategies from the
//! OpenAPI schema, and patch elements prepended (`MergeOptionsListPrepend`).
//!
//! What this merge does and does not do, as kyaml does it:
//! - maps merge field by field (fields visited in sorted order); a `null` value deletes a field;
//! - lists whose schema has `x-kubernetes-patch-strategy: merge` merge their elements by the merge
//!   key(s), patch elements first, then the target's remaining elements; lists of scalars with
//!   that strategy (e.g. `finalizers`) merge by value; every other list (and every list of a kind
//!   without a schema, e.g. a CRD) is replaced by the patch's list;
//! - `$patch: delete|replace|merge` in a map, or as a `{$patch: …}` element of a list;
//! - `$retainKeys`, `$setElementOrder/…` and `$deleteFromPrimitiveList/…` are not directives to
//!   kyaml: they are merged as ordinary fields.
//!
//! The walk shares nodes between patch and target exactly as kyaml does (see [`super::super::rnode`]),
//! which several of these behaviours depend on.

use crate::kustomize::openapi::{Schema, Schemas};
use crate::kustomize::rnode::{
    clear_field, element_setter, error_if_invalid, field, field_matcher, field_names, is_empty_map, is_missing_or_null,
    is_tagged_null, match_element, set_field, to_node, from_node, KyamlError, Kind, RNode, YNode,
};
use crate::yaml::{Node, Style};

/// Merges `patch` into `target`. `None`: the patch deleted the whole object.
pub fn merge(patch: &Node, target: &Node, schemas: &Schemas) -> Result<Option<Node>, KyamlError> {
    let dest = RNode::new(from_node(target));
    let origin = RNode::new(from_node(patch));
    let result = Walker { schemas, schema: None, sources: [Some(dest), Some(origin)], path: Vec::new() }.walk()?;
    Ok(result.map(|r| to_node(&r.node)))
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Directive {
    Unknown,
    Replace,
    Delete,
    Merge,
}

const DIRECTIVE_KEY: &str = "$patch";

/// Reads (and removes) a `$patch` directive from a patch node.
fn determine_directive(patch: Option<&RNode>) -> Result<Directive, KyamlError> {
    let Some(patch) = patch else { return Ok(Directive::Merge) };
    match patch.kind() {
        Kind::Sequence => sequence_directive(patch),
        Kind::Mapping => mapping_directive(patch),
        _ => {
            let n = patch.node.borrow();
            Err(KyamlError(format!(
                "no implemented strategic merge patch strategy for '{}' ('{}')",
                n.short_tag().short(),
                n.value
            )))
        }
    }
}

fn parse_directive(v: &str) -> Option<Directive> {
    match v {
        "delete" => Some(Directive::Delete),
        "replace" => Some(Directive::Replace),
        "merge" => Some(Directive::Merge),
        _ => None,
    }
}

fn sequence_directive(patch: &RNode) -> Result<Directive, KyamlError> {
    // The first mapping element holding a `$patch` key.
    let mut holder = None;
    for elem in patch.content() {
        let e = RNode::new(elem);
        if error_if_invalid(Some(&e), Kind::Mapping).is_err() {
            continue;
        }
        if field_matcher(&e, DIRECTIVE_KEY, None).ok().flatten().is_some() {
            holder = Some(e);
            break;
        }
    }
    let Some(holder) = holder else { return Ok(Directive::Merge) };
    if holder.node.borrow().content.len() > 2 {
        return Ok(Directive::Merge);
    }
    let Some(value) = field_matcher(&holder, DIRECTIVE_KEY, None).ok().flatten() else {
        return Ok(Directive::Merge);
    };
    let v = value.value();
    match parse_directive(&v) {
        Some(d) => {
            element_setter(patch, None, &[DIRECTIVE_KEY.to_string()], &[v])?;
            Ok(d)
        }
        None => Err(KyamlError(format!("unknown patch strategy '{v}'"))),
    }
}

fn mapping_directive(patch: &RNode) -> Result<Directive, KyamlError> {
    let Some(value) = field_matcher(patch, DIRECTIVE_KEY, None)? else {
        return Ok(Directive::Merge);
    };
    let v = value.value();
    match parse_directive(&v) {
        Some(d) => {
            clear_field(patch, DIRECTIVE_KEY)?;
            Ok(d)
        }
        None => Err(KyamlError(format!("unknown patch strategy '{v}'"))),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ListKind {
    Associative,
    NonAssociative,
}

/// kyaml's `walk.Walker` with the `merge2.Merger` visitor: `sources[0]` is the target (dest),
/// `sources[1]` the patch (origin).
struct Walker<'s> {
    schemas: &'s Schemas,
    schema: Option<Schema<'s>>,
    sources: [Option<RNode>; 2],
    path: Vec<String>,
}

impl<'s> Walker<'s> {
    fn dest(&self) -> Option<&RNode> {
        self.sources[0].as_ref()
    }

    fn origin(&self) -> Option<&RNode> {
        self.sources[1].as_ref()
    }

    /// The kind of the first source that is not missing or null.
    fn kind(&self) -> Kind {
        self.sources
            .iter()
            .flatten()
            .find(|s| !is_missing_or_null(Some(s)))
            .map(|s| s.kind())
            .unwrap_or(Kind::Zero)
    }

    fn walk(mut self) -> Result<Option<RNode>, KyamlError> {
        self.schema = self.get_schema();
        match self.kind() {
            Kind::Mapping => {
                self.check_all(Kind::Mapping)?;
                self.walk_map()
            }
            Kind::Sequence => {
                self.check_all(Kind::Sequence)?;
                if self.schema.is_some_and(|s| s.has_merge_strategy()) {
                    self.walk_associative_sequence()
                } else {
                    self.visit_list(ListKind::NonAssociative)
                }
            }
            Kind::Scalar => {
                self.check_all(Kind::Scalar)?;
                Ok(self.visit_scalar())
            }
            Kind::Zero => self.walk_map(),
        }
    }

    fn check_all(&self, kind: Kind) -> Result<(), KyamlError> {
        for s in self.sources.iter().flatten() {
            error_if_invalid(Some(s), kind)?;
        }
        Ok(())
    }

    /// The schema given by the parent, else the one of the resource type the sources name.
    fn get_schema(&self) -> Option<Schema<'s>> {
        if self.schema.is_some() {
            return self.schema;
        }
        for s in self.sources.iter().flatten() {
            if is_missing_or_null(Some(s)) {
                continue;
            }
            let text = |name: &str| {
                field(&s.node, name)
                    .filter(|(_, v)| !v.borrow().is_nil_or_empty())
                    .map(|(_, v)| v.borrow().value.clone())
                    .unwrap_or_default()
            };
            let (api_version, kind) = (text("apiVersion"), text("kind"));
            if api_version.is_empty() || kind.is_empty() {
                continue;
            }
            if let Some(schema) = self.schemas.for_type(&api_version, &kind) {
                return Some(schema);
            }
        }
        None
    }

    // ---- maps

    fn walk_map(mut self) -> Result<Option<RNode>, KyamlError> {
        let dest = self.visit_map()?;
        self.sources[0] = dest.clone();
        let Some(dest) = dest else { return Ok(None) };
        for key in self.field_names() {
            let schema = self.schema.and_then(|s| s.field(&key));
            let mut path = self.path.clone();
            path.push(key.clone());
            let sources = self.field_values(&key);
            let val = Walker { schemas: self.schemas, schema, sources, path }.walk()?;
            set_field(&dest, &key, val)?;
        }
        Ok(Some(dest))
    }

    /// The fields of all sources, sorted.
    fn field_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.sources.iter().flatten().flat_map(|s| field_names(&s.node)).collect();
        names.sort();
        names.dedup();
        names
    }

    fn field_values(&self, key: &str) -> [Option<RNode>; 2] {
        let get = |s: Option<&RNode>| {
            let (k, v) = field(&s?.node, key)?;
            let key_style = k.borrow().style;
            Some(RNode { node: v, keep: false, key_style })
        };
        [get(self.dest()), get(self.origin())]
    }

    fn visit_map(&self) -> Result<Option<RNode>, KyamlError> {
        let (dest, origin) = (self.dest(), self.origin());
        if is_missing_or_null(dest) {
            let directive = determine_directive(origin).unwrap_or(Directive::Unknown);
            if directive == Directive::Delete {
                return Ok(None);
            }
            if let (None, Some(d)) = (origin, dest) {
                let value = d.value();
                if !value.is_empty() {
                    let null = YNode { tag: Some(crate::yaml::Tag::Null), value, ..YNode::new(Kind::Scalar) };
                    return Ok(Some(RNode { node: null.into_ref(), keep: true, key_style: Style::Plain }));
                }
            }
            return Ok(origin.cloned());
        }
        if is_tagged_null(origin) {
            return Ok(None);
        }
        match determine_directive(origin)? {
            Directive::Delete => Ok(None),
            Directive::Replace => Ok(origin.cloned()),
            _ => Ok(dest.cloned()),
        }
    }

    fn visit_scalar(&self) -> Option<RNode> {
        self.origin().or(self.dest()).cloned()
    }

    fn visit_list(&self, kind: ListKind) -> Result<Option<RNode>, KyamlError> {
        let (dest, origin) = (self.dest(), self.origin());
        if kind == ListKind::NonAssociative {
            return Ok(origin.or(dest).cloned());
        }
        if is_missing_or_null(dest) {
            return Ok(origin.cloned());
        }
        if is_tagged_null(origin) {
            return Ok(None);
        }
        match determine_directive(origin)? {
            Directive::Delete => Ok(None),
            Directive::Replace => Ok(origin.cloned()),
            _ => Ok(dest.cloned()),
        }
    }

    // ---- associative lists

    fn walk_associative_sequence(mut self) -> Result<Option<RNode>, KyamlError> {
        let dest = self.visit_list(ListKind::Associative)?;
        self.sources[0] = dest.clone();
        let Some(dest) = dest else { return Ok(None) };
        let (strategy, mut keys) = self.schema.map(|s| s.strategy_and_keys()).unwrap_or(("", Vec::new()));
        if strategy.is_empty() && keys.is_empty() {
            let key = self.element_key()?;
            if !key.is_empty() {
                keys.push(key);
            }
        }
        let values = self.element_values(&keys);
        if !values.is_empty() || !keys.is_empty() {
            return self.set_associative_elements(values, keys, dest);
        }
        let primitives = self.element_primitive_values();
        self.set_associative_elements(primitives, vec![String::new()], dest)
    }

    /// kyaml's inferred merge key (`name` when every element has one); only reached without a
    /// strategy in the schema.
    fn element_key(&self) -> Result<String, KyamlError> {
        let mut key = String::new();
        for s in self.sources.iter().flatten() {
            let content = s.content();
            if content.is_empty() {
                continue;
            }
            let new_key = if content.iter().all(|e| field(e, "name").is_some()) { "name" } else { "" };
            if !key.is_empty() && key != new_key {
                return Err(KyamlError(format!("conflicting merge keys [{key},{new_key}] for field {}", self.path.join("."))));
            }
            key = new_key.to_string();
        }
        if key.is_empty() {
            return Err(KyamlError(format!("no merge key found for field {}", self.path.join("."))));
        }
        Ok(key)
    }

    /// The sources in the order their elements come out: the patch's first.
    fn prepend_order(&self) -> [Option<&RNode>; 2] {
        [self.origin(), self.dest()]
    }

    /// The merge-key values of every element of every source, without repeats.
    fn element_values(&self, keys: &[String]) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = Vec::new();
        for src in self.prepend_order().into_iter().flatten() {
            if error_if_invalid(Some(src), Kind::Sequence).is_err() {
                continue;
            }
            for elem in src.content() {
                let values: Vec<String> = keys
                    .iter()
                    .map(|k| match field(&elem, k) {
                        Some((_, v)) if !v.borrow().is_nil_or_empty() => v.borrow().value.clone(),
                        _ => String::new(),
                    })
                    .collect();
                if values.is_empty() || out.contains(&values) {
                    continue;
                }
                out.push(values);
            }
        }
        out
    }

    fn element_primitive_values(&self) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for src in self.prepend_order().into_iter().flatten() {
            for item in src.content() {
                let v = item.borrow().value.clone();
                if seen.contains(&v) {
                    continue;
                }
                out.push(vec![v.clone()]);
                seen.push(v);
            }
        }
        out
    }

    fn set_associative_elements(&self, mut values_list: Vec<Vec<String>>, keys: Vec<String>, dest: RNode) -> Result<Option<RNode>, KyamlError> {
        let items = RNode::new(YNode::new(Kind::Sequence).into_ref());
        let schema = self.schema.and_then(|s| s.elements());
        if keys.len() > 1 {
            merge_values(&mut values_list);
        }
        let mut valid_keys: Vec<String> = Vec::new();
        let mut valid_values: Vec<String>;
        for values in &values_list {
            if values.is_empty() {
                continue;
            }
            (valid_keys, valid_values) = validate_keys(&values_list, values, &keys);
            let sources = self.element_value_list(&valid_keys, &valid_values);
            let val = Walker { schemas: self.schemas, schema, sources, path: Vec::new() }.walk()?;
            let mut exit = false;
            for (i, key) in valid_keys.iter().enumerate() {
                if is_missing_or_null(val.as_ref()) || is_empty_map(val.as_ref()) {
                    element_setter(&dest, None, &valid_keys, &valid_values)?;
                    exit = true;
                } else if let Some(v) = &val {
                    if field(&v.node, key).is_none() && !valid_values[i].is_empty() {
                        let scalar = RNode::new(YNode::scalar(valid_values[i].clone()).into_ref());
                        set_field(v, key, Some(scalar))?;
                    }
                }
            }
            if exit {
                continue;
            }
            let val = val.expect("checked above");
            element_setter(&items, Some(&val.node), &valid_keys, &valid_values)?;
        }
        let mut dest = dest;
        if !values_list.is_empty() {
            dest = append_list_node(items, &dest, &valid_keys)?;
        }
        if is_missing_or_null(Some(&dest)) {
            return Ok(None);
        }
        Ok(Some(dest))
    }

    /// Each source's element matching the keys and values.
    fn element_value_list(&self, keys: &[String], values: &[String]) -> [Option<RNode>; 2] {
        let (keys, values) = validate_keys(&[values.to_vec()], values, keys);
        let get = |s: Option<&RNode>| {
            let s = s?;
            if s.kind() != Kind::Sequence {
                return None;
            }
            match_element(s, &keys, &values).ok().flatten()
        };
        [get(self.dest()), get(self.origin())]
    }
}

/// kyaml's `appendListNode`: each element of `src` replaces its match in `dst` or is appended.
fn append_list_node(dst: RNode, src: &RNode, keys: &[String]) -> Result<RNode, KyamlError> {
    for elem in src.content() {
        if keys[0].is_empty() {
            let v = elem.borrow().value.clone();
            element_setter(&dst, Some(&elem), &[String::new()], &[v])?;
            continue;
        }
        let mut v = Vec::new();
        for key in keys {
            match field_matcher(&RNode::new(elem.clone()), key, None)? {
                None => {
                    dst.node.borrow_mut().content.push(elem.clone());
                }
                Some(value) => v.push(value.value()),
            }
        }
        if keys.len() > 1 {
            element_setter(&dst, None, keys, &v)?;
        }
        element_setter(&dst, Some(&elem), keys, &v)?;
    }
    Ok(dst)
}

/// kyaml's `validateKeys`: drop the merge keys no element has a value for.
fn validate_keys(values_list: &[Vec<String>], values: &[String], keys: &[String]) -> (Vec<String>, Vec<String>) {
    let mut valid: Vec<&String> = Vec::new();
    for vs in values_list {
        for (i, v) in vs.iter().enumerate() {
            if !v.is_empty() && i < keys.len() && !valid.contains(&&keys[i]) {
                valid.push(&keys[i]);
            }
        }
    }
    if valid.is_empty() {
        return (keys.to_vec(), values.to_vec());
    }
    let valid_keys: Vec<String> = keys.iter().filter(|k| valid.contains(k)).cloned().collect();
    let valid_values: Vec<String> = values
        .iter()
        .enumerate()
        .filter(|(i, v)| !v.is_empty() || keys.get(*i).is_some_and(|k| valid.contains(&k)))
        .map(|(_, v)| v.clone())
        .collect();
    (valid_keys, valid_values)
}

/// kyaml's `mergeValues`: two key tuples that agree where both are set are the same element.
fn merge_values(values_list: &mut [Vec<String>]) {
    for i in 0..values_list.len() {
        let values1 = values_list[i].clone();
        for j in 0..values_list.len() {
            if let Some(merged) = match_values(&values1, &values_list[j]) {
                values_list[i] = merged.clone();
                values_list[j] = merged;
            }
        }
    }
}

fn match_values(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len() != b.len() {
        return None;
    }
    let mut common = false;
    let mut res = Vec::with_capacity(a.len());
    for (x, y) in a.iter().zip(b) {
        if x == y {
            common = true;
            res.push(x.clone());
            continue;
        }
        if !x.is_empty() && !y.is_empty() {
            return None;
        }
        res.push(if x.is_empty() { y.clone() } else { x.clone() });
    }
    common.then_some(res)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::value::Value;

    /// Every case of `testdata/smp_cases.json` (expected output recorded from kustomize by
    /// `fixtures/regen-table smp`) merges to the same bytes, or fails where kustomize failed.
    #[test]
    fn merges_like_kustomize() {
        let text = include_str!("testdata/smp_cases.json");
        let doc = crate::yaml::value::yaml_to_json_value(&crate::yaml::parse_one(text.as_bytes()).unwrap()).unwrap();
        let Value::Seq(cases) = doc else { panic!("cases") };
        let mut failures = Vec::new();
        for case in &cases {
            let s = |k: &str| case.get(k).and_then(Value::as_str).unwrap().to_string();
            let (name, expected) = (s("name"), s("expected"));
            let target = crate::yaml::parse_one(s("target").as_bytes()).unwrap();
            let patch = crate::yaml::parse_one(s("patch").as_bytes()).unwrap();
            let got = match merge(&patch, &target, Schemas::builtin()) {
                Ok(Some(n)) => crate::yaml::node_to_yaml(&n).unwrap(),
                Ok(None) => String::new(),
                Err(_) => "ERROR".to_string(),
            };
            if got != expected {
                failures.push(format!("{name}:\n--- expected\n{expected}\n--- got\n{got}"));
            }
        }
        assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
    }
}
