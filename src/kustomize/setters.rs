//! kyaml's value setters as kustomize's filters use them (`FieldSetter` through
//! `filtersutil.SetScalar`/`SetEntry`): a new value replaces the node but keeps the old node's
//! style, and a value without an explicit tag is resolved the way go-yaml resolves it.

use crate::yaml::{Mapping, Node, Scalar, Style, Tag};

/// kyaml's node kind names, for messages.
pub fn kind_name(n: &Node) -> &'static str {
    match n {
        Node::Scalar(_) => "ScalarNode",
        Node::Seq(_) => "SequenceNode",
        Node::Map(_) => "MappingNode",
    }
}

/// kyaml's `IsMissingOrNull` for a present node.
pub fn is_null(n: &Node) -> bool {
    matches!(n, Node::Scalar(s) if s.tag == Tag::Null)
}

/// kyaml's `ErrorIfInvalid`: a null node passes, any other node must be of the expected kind.
fn expect(n: &Node, want: &'static str) -> Result<(), String> {
    if is_null(n) || kind_name(n) == want {
        return Ok(());
    }
    Err(format!("wrong node kind: expected {want} but got {}", kind_name(n)))
}

fn style_of(n: &Node) -> Style {
    match n {
        Node::Scalar(s) => s.style,
        _ => Style::Plain,
    }
}

/// `SetEntry("", value, tag)`: replaces a scalar node's value and tag, keeping its style. With
/// `tag` `None` (kyaml's `SetScalar`) the new value carries no tag and resolves from its text
/// when the kept style is plain.
pub fn set_scalar(node: &mut Node, value: &str, tag: Option<Tag>) -> Result<(), String> {
    expect(node, "ScalarNode")?;
    let style = style_of(node);
    let scalar = match tag {
        Some(tag) => Scalar { value: value.to_string(), tag, style },
        None => Scalar::untagged(value, style),
    };
    *node = Node::Scalar(scalar);
    Ok(())
}

/// `SetEntry(key, value, tag)` on a mapping: replaces the entry's value (keeping its style) or
/// appends a new entry.
pub fn set_entry(node: &mut Node, key: &str, value: &str, tag: Tag) -> Result<(), String> {
    expect(node, "MappingNode")?;
    let Node::Map(m) = node else {
        // A null node: kyaml appends to its (scalar) content, which cannot be printed; treat the
        // node as an empty mapping instead.
        *node = Node::Map(Mapping::new());
        return set_entry(node, key, value, tag);
    };
    set_field(m, key, Node::Scalar(Scalar { value: value.to_string(), tag, style: Style::Plain }));
    Ok(())
}

/// kyaml's `FieldSetter{Name, Value}` on a mapping: an existing field keeps its style, a new one
/// is appended (its key a plain scalar).
pub fn set_field(m: &mut Mapping, key: &str, mut value: Node) {
    if let Some(slot) = m.get_mut(key) {
        if let (Node::Scalar(new), Node::Scalar(old)) = (&mut value, &*slot) {
            new.style = old.style;
        }
        *slot = value;
        return;
    }
    m.push(Scalar::plain(key), value);
}

/// A string scalar in the style kyaml gives `NewStringRNode`: literal when it spans lines.
pub fn string_node(value: &str) -> Node {
    let style = if value.contains('\n') { Style::Literal } else { Style::Plain };
    Node::Scalar(Scalar { value: value.to_string(), tag: Tag::Str, style })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untagged_values_resolve_and_keep_style() {
        let mut n = Node::Scalar(Scalar { value: "a".into(), tag: Tag::Str, style: Style::DoubleQuoted });
        set_scalar(&mut n, "123", None).unwrap();
        assert_eq!(n, Node::Scalar(Scalar { value: "123".into(), tag: Tag::Str, style: Style::DoubleQuoted }));
        let mut n = Node::plain("a");
        set_scalar(&mut n, "123", None).unwrap();
        assert_eq!(n.as_scalar().unwrap().tag, Tag::Int);
        assert!(set_scalar(&mut Node::empty_map(), "x", None).is_err());
    }

    #[test]
    fn entries_are_replaced_or_appended() {
        let mut n = Node::empty_map();
        set_entry(&mut n, "a", "1", Tag::Str).unwrap();
        set_entry(&mut n, "a", "2", Tag::Str).unwrap();
        assert_eq!(n.as_map().unwrap().len(), 1);
        assert_eq!(n.str_at(&["a"]), Some("2"));
        assert!(set_entry(&mut Node::plain("x"), "a", "1", Tag::Str).is_err());
    }
}
