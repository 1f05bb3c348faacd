//! kyaml's view of a document while a filter edits it: go-yaml v3 `Node`s shared by pointer, so a
//! lookup can hand out a node and a later step can change it in place, exactly as kyaml's
//! strategic-merge walker and replacement filter rely on. A tree is converted from
//! [`yaml::Node`](crate::yaml::Node), edited, and converted back.
//!
//! Scalars created by kyaml (`NewScalarRNode`) have no tag; when converted back their tag is what
//! go-yaml resolves for them (`ShortTag`): a quoted style makes a string, plain text is resolved.

use crate::yaml::node::resolve_plain_tag;
use crate::yaml::{Mapping, Node, Scalar, Style, Tag};
use std::cell::RefCell;
use std::rc::Rc;

/// A shared, mutable node (`*yaml.Node`).
pub type YRef = Rc<RefCell<YNode>>;

/// go-yaml's node kinds (0 for a node nobody set a kind on).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Zero,
    Scalar,
    Mapping,
    Sequence,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Zero => "",
            Kind::Scalar => "ScalarNode",
            Kind::Mapping => "MappingNode",
            Kind::Sequence => "SequenceNode",
        }
    }
}

/// A go-yaml v3 node: a mapping's content alternates keys and values.
#[derive(Clone, Debug)]
pub struct YNode {
    pub kind: Kind,
    /// `None`: no tag (a node kyaml created), resolved from style and text when read.
    pub tag: Option<Tag>,
    pub value: String,
    pub style: Style,
    pub content: Vec<YRef>,
}

impl YNode {
    pub fn new(kind: Kind) -> YNode {
        YNode { kind, tag: None, value: String::new(), style: Style::Plain, content: Vec::new() }
    }

    pub fn into_ref(self) -> YRef {
        Rc::new(RefCell::new(self))
    }

    /// `NewScalarRNode`: an untagged plain scalar.
    pub fn scalar(value: impl Into<String>) -> YNode {
        YNode { value: value.into(), ..YNode::new(Kind::Scalar) }
    }

    pub fn is_tagged_null(&self) -> bool {
        self.tag == Some(Tag::Null)
    }

    /// go-yaml's `ShortTag`: the tag, or the one the style and text imply.
    pub fn short_tag(&self) -> Tag {
        match &self.tag {
            Some(t) => t.clone(),
            None => match self.kind {
                Kind::Mapping => Tag::Other("!!map".into()),
                Kind::Sequence => Tag::Other("!!seq".into()),
                _ if self.style != Style::Plain => Tag::Str,
                _ => resolve_plain_tag(&self.value),
            },
        }
    }

    /// `IsYNodeNilOrEmpty` (for a node that exists).
    pub fn is_nil_or_empty(&self) -> bool {
        self.is_tagged_null()
            || (matches!(self.kind, Kind::Mapping | Kind::Sequence) && self.content.is_empty())
            || (self.kind == Kind::Zero && self.tag.is_none() && self.value.is_empty() && self.content.is_empty() && self.style == Style::Plain)
    }
}

/// Converts a node tree to shared nodes.
pub fn from_node(n: &Node) -> YRef {
    match n {
        Node::Scalar(s) => from_scalar(s),
        Node::Seq(items) => YNode { content: items.iter().map(from_node).collect(), ..YNode::new(Kind::Sequence) }.into_ref(),
        Node::Map(m) => {
            let mut content = Vec::with_capacity(m.len() * 2);
            for (k, v) in m.entries() {
                content.push(from_scalar(k));
                content.push(from_node(v));
            }
            YNode { content, ..YNode::new(Kind::Mapping) }.into_ref()
        }
    }
}

fn from_scalar(s: &Scalar) -> YRef {
    YNode { kind: Kind::Scalar, tag: Some(s.tag.clone()), value: s.value.clone(), style: s.style, content: Vec::new() }.into_ref()
}

fn to_scalar(n: &YNode) -> Scalar {
    Scalar { value: n.value.clone(), tag: n.short_tag(), style: n.style }
}

/// Converts shared nodes back to a node tree. A node without a kind reads as null.
pub fn to_node(r: &YRef) -> Node {
    let n = r.borrow();
    match n.kind {
        Kind::Scalar => Node::Scalar(to_scalar(&n)),
        Kind::Sequence => Node::Seq(n.content.iter().map(to_node).collect()),
        Kind::Mapping => {
            let mut m = Mapping::with_capacity(n.content.len() / 2);
            for pair in n.content.chunks(2) {
                if let [k, v] = pair {
                    m.push(to_scalar(&k.borrow()), to_node(v));
                }
            }
            Node::Map(m)
        }
        Kind::Zero => Node::null(),
    }
}

/// A kyaml `RNode`: a node plus the flags kyaml carries on the wrapper.
#[derive(Clone, Debug)]
pub struct RNode {
    pub node: YRef,
    /// `ShouldKeep`: a null that a field setter must keep rather than treat as a deletion.
    pub keep: bool,
    /// The style of the mapping key this value was found under (kyaml's `keyStyles`).
    pub key_style: Style,
}

impl RNode {
    pub fn new(node: YRef) -> RNode {
        RNode { node, keep: false, key_style: Style::Plain }
    }

    pub fn kind(&self) -> Kind {
        self.node.borrow().kind
    }

    pub fn value(&self) -> String {
        self.node.borrow().value.clone()
    }

    pub fn content(&self) -> Vec<YRef> {
        self.node.borrow().content.clone()
    }

    pub fn ptr_eq(&self, other: &RNode) -> bool {
        Rc::ptr_eq(&self.node, &other.node)
    }
}

/// kyaml's error texts for these operations.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct KyamlError(pub String);

/// `IsMissingOrNull`.
pub fn is_missing_or_null(n: Option<&RNode>) -> bool {
    n.map_or(true, |n| n.node.borrow().is_tagged_null())
}

/// `IsEmptyMap`.
pub fn is_empty_map(n: Option<&RNode>) -> bool {
    is_missing_or_null(n) || n.is_some_and(|n| {
        let y = n.node.borrow();
        y.kind == Kind::Mapping && y.content.is_empty()
    })
}

pub fn is_tagged_null(n: Option<&RNode>) -> bool {
    n.is_some_and(|n| n.node.borrow().is_tagged_null())
}

/// A short YAML rendering of a node for messages.
pub fn describe(n: &YRef) -> String {
    crate::yaml::node_to_yaml(&to_node(n)).unwrap_or_default()
}

/// `ErrorIfInvalid`: a null node passes; otherwise the kind must match.
pub fn error_if_invalid(n: Option<&RNode>, kind: Kind) -> Result<(), KyamlError> {
    if is_missing_or_null(n) {
        return Ok(());
    }
    let n = n.expect("checked");
    let actual = n.kind();
    if actual != kind {
        return Err(KyamlError(format!(
            "wrong node kind: expected {} but got {}: node contents:\n{}",
            kind.name(),
            actual.name(),
            describe(&n.node)
        )));
    }
    Ok(())
}

/// `RNode.Field(name)`: the key and value nodes of a mapping's field.
pub fn field(n: &YRef, name: &str) -> Option<(YRef, YRef)> {
    let y = n.borrow();
    if y.kind != Kind::Mapping {
        return None;
    }
    y.content.chunks(2).find(|p| p.len() == 2 && p[0].borrow().value == name).map(|p| (p[0].clone(), p[1].clone()))
}

/// The value of a mapping's field.
pub fn field_value(n: &YRef, name: &str) -> Option<YRef> {
    field(n, name).map(|(_, v)| v)
}

/// `RNode.Fields()` of a mapping (none for anything else).
pub fn field_names(n: &YRef) -> Vec<String> {
    let y = n.borrow();
    if y.kind != Kind::Mapping {
        return Vec::new();
    }
    y.content.iter().step_by(2).map(|k| k.borrow().value.clone()).collect()
}

/// `FieldClearer`: removes a mapping's field.
pub fn clear_field(n: &RNode, name: &str) -> Result<Option<YRef>, KyamlError> {
    error_if_invalid(Some(n), Kind::Mapping)?;
    let mut y = n.node.borrow_mut();
    let pos = y.content.chunks(2).position(|p| p[0].borrow().value == name);
    Ok(pos.map(|i| {
        let removed = y.content.drain(i * 2..i * 2 + 2).collect::<Vec<_>>();
        removed[1].clone()
    }))
}

/// `FieldMatcher{Name, StringValue}` / `Get` / `MatchField`: the value of a mapping field, when its
/// text equals `value` (if given). With an empty name, the node itself if it is a scalar whose
/// text equals `value`.
pub fn field_matcher(n: &RNode, name: &str, value: Option<&str>) -> Result<Option<RNode>, KyamlError> {
    if is_missing_or_null(Some(n)) {
        return Ok(None);
    }
    if name.is_empty() {
        error_if_invalid(Some(n), Kind::Scalar)?;
        return Ok((n.value() == value.unwrap_or("")).then(|| n.clone()));
    }
    error_if_invalid(Some(n), Kind::Mapping)?;
    let Some(v) = field_value(&n.node, name) else { return Ok(None) };
    let matches = match value {
        None => true,
        Some(want) => v.borrow().value == want,
    };
    Ok(matches.then(|| RNode::new(v)))
}

/// go-yaml v2 would read this text as something other than a string (kyaml's
/// `IsValueNonString`).
pub fn is_value_non_string(value: &str) -> bool {
    if value.is_empty() || value.contains('\n') {
        return false;
    }
    match crate::yaml::read::parse_first_v2(value.as_bytes()) {
        Err(_) => false,
        Ok(Some(Node::Scalar(s))) => s.tag != Tag::Str,
        Ok(_) => true,
    }
}

/// `FieldSetter{Name, Value}.Filter(rn)`: sets (or, for a missing or null value, clears) a field.
/// An existing field's node is overwritten in place and keeps its style; a new field is appended.
pub fn set_field(rn: &RNode, name: &str, value: Option<RNode>) -> Result<Option<RNode>, KyamlError> {
    if let Some(v) = &value {
        let mut y = v.node.borrow_mut();
        if y.kind == Kind::Scalar && y.tag.is_none() && y.style == Style::Plain && is_value_non_string(&y.value) {
            y.style = Style::DoubleQuoted;
        }
    }
    if name.is_empty() {
        error_if_invalid(Some(rn), Kind::Scalar)?;
        let Some(v) = value else { return Ok(Some(rn.clone())) };
        if is_missing_or_null(Some(&v)) {
            return Ok(Some(rn.clone()));
        }
        let style = rn.node.borrow().style;
        v.node.borrow_mut().style = style;
        set_ynode(&rn.node, &v.node);
        return Ok(Some(rn.clone()));
    }
    let value = match value {
        Some(v) if !v.node.borrow().is_tagged_null() || v.keep => v,
        _ => {
            clear_field(rn, name)?;
            return Ok(None);
        }
    };
    if let Some(existing) = field_matcher(rn, name, None)? {
        let style = existing.node.borrow().style;
        value.node.borrow_mut().style = style;
        set_ynode(&existing.node, &value.node);
        return Ok(Some(existing));
    }
    let key = YNode { style: value.key_style, ..YNode::scalar(name) }.into_ref();
    let mut y = rn.node.borrow_mut();
    y.content.push(key);
    y.content.push(value.node.clone());
    Ok(Some(value))
}

/// `RNode.SetYNode`: copies `src` over `dst` (children shared).
pub fn set_ynode(dst: &YRef, src: &YRef) {
    if Rc::ptr_eq(dst, src) {
        return;
    }
    let copy = src.borrow().clone();
    *dst.borrow_mut() = copy;
}

/// `ElementSetter{Element, Keys, Values}.Filter(rn)`: in a sequence, replaces (or with no element,
/// removes) the elements matching the keys and values, appending the element if none matched.
/// Null and empty-map elements are dropped on the way, as kyaml drops them.
pub fn element_setter(rn: &RNode, element: Option<&YRef>, keys: &[String], values: &[String]) -> Result<Option<RNode>, KyamlError> {
    let default_keys = [String::new()];
    let keys: &[String] = if keys.is_empty() { &default_keys } else { keys };
    error_if_invalid(Some(rn), Kind::Sequence)?;
    let mapping_setter = !keys[0].is_empty() && !values.is_empty() && !values[0].is_empty();
    let mut new_content = Vec::new();
    let mut matched = false;
    for elem in rn.content() {
        let e = RNode::new(elem.clone());
        if is_missing_or_null(Some(&e)) || is_empty_map(Some(&e)) {
            continue;
        }
        if e.kind() != Kind::Mapping && mapping_setter {
            new_content.push(elem);
            continue;
        }
        let mut found = true;
        let mut val: Option<RNode> = None;
        for (j, key) in keys.iter().enumerate() {
            if j < values.len() {
                let want = (!values[j].is_empty()).then_some(values[j].as_str());
                val = field_matcher(&e, key, want)?;
            }
            if val.is_none() {
                found = false;
                break;
            }
        }
        if !found {
            if !values.is_empty() {
                new_content.push(elem);
            }
            continue;
        }
        matched = true;
        if let Some(el) = element {
            new_content.push(el.clone());
        }
    }
    rn.node.borrow_mut().content = new_content;
    let Some(el) = element else { return Ok(None) };
    if el.borrow().is_tagged_null() {
        return Ok(None);
    }
    if !matched {
        rn.node.borrow_mut().content.push(el.clone());
    }
    Ok(Some(RNode::new(el.clone())))
}

/// `ElementMatcher{Keys, Values}` (`MatchElementList`): the first element matching every key and
/// value; with an empty key, the first scalar whose text is the value.
pub fn match_element(rn: &RNode, keys: &[String], values: &[String]) -> Result<Option<RNode>, KyamlError> {
    let default = [String::new()];
    let keys: &[String] = if keys.is_empty() { &default } else { keys };
    let values: &[String] = if values.is_empty() { &default } else { values };
    error_if_invalid(Some(rn), Kind::Sequence)?;
    if keys[0].is_empty() {
        return Ok(rn.content().into_iter().find(|c| c.borrow().value == values[0]).map(RNode::new));
    }
    for elem in rn.content() {
        let e = RNode::new(elem);
        if error_if_invalid(Some(&e), Kind::Mapping).is_err() {
            continue;
        }
        if keys.len() != values.len() {
            return Err(KyamlError("length of keys must equal length of values when MatchAnyValue is false".into()));
        }
        let mut all = true;
        for (k, v) in keys.iter().zip(values) {
            if field_matcher(&e, k, Some(v))?.is_none() {
                all = false;
                break;
            }
        }
        if all {
            return Ok(Some(e));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_one;

    #[test]
    fn round_trip_keeps_tags_and_resolves_new_scalars() {
        let n = parse_one(b"a: 1\nb: \"2\"\nc: [x, null]\n").unwrap();
        let r = from_node(&n);
        assert_eq!(to_node(&r), n);
        let rn = RNode::new(r.clone());
        set_field(&rn, "d", Some(RNode::new(YNode::scalar("3").into_ref()))).unwrap();
        set_field(&rn, "e", Some(RNode::new(YNode::scalar("yes").into_ref()))).unwrap();
        set_field(&rn, "b", Some(RNode::new(YNode::scalar("4").into_ref()))).unwrap();
        let out = to_node(&r);
        // A new untagged "3" reads as a number in YAML 1.1, so kyaml quotes it: a string.
        assert_eq!(out.get("d").unwrap().as_scalar().unwrap().tag, Tag::Str);
        // `yes` is a YAML 1.1 boolean: kyaml quotes it, so it stays a string.
        assert_eq!(out.get("e").unwrap().as_scalar().unwrap().style, Style::DoubleQuoted);
        // `b` was double-quoted: the new value keeps the style, so it is a string.
        assert_eq!(out.get("b").unwrap().as_scalar().unwrap().tag, Tag::Str);
        set_field(&rn, "a", None).unwrap();
        assert!(to_node(&r).get("a").is_none());
    }

    #[test]
    fn element_setter_replaces_appends_and_deletes() {
        let r = from_node(&parse_one(b"- {name: a, v: 1}\n- {name: b}\n- {}\n").unwrap());
        let rn = RNode::new(r.clone());
        let keys = vec!["name".to_string()];
        let new = from_node(&parse_one(b"{name: a, v: 2}").unwrap());
        element_setter(&rn, Some(&new), &keys, &["a".into()]).unwrap();
        let c = from_node(&parse_one(b"{name: c}").unwrap());
        element_setter(&rn, Some(&c), &keys, &["c".into()]).unwrap();
        element_setter(&rn, None, &keys, &["b".into()]).unwrap();
        let out = crate::yaml::node_to_yaml(&to_node(&r)).unwrap();
        assert_eq!(out, "- name: a\n  v: 2\n- name: c\n");
    }
}
