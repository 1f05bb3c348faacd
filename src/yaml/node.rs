//! The YAML node tree krender works on: what go-yaml v3 (and so kustomize's kyaml) keeps of a
//! document once anchors, aliases and merge keys are expanded and comments dropped. Scalars keep
//! their text, their tag and their style, so a value is interpreted exactly as go-yaml would
//! interpret it when kustomize converts the tree to JSON.

use super::resolve::{resolve, Dialect, Resolved};

/// A YAML node: scalar, sequence or mapping.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Mapping),
}

/// A scalar's tag after parsing: the explicit tag, or the one go-yaml resolves for plain text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Tag {
    Null,
    Bool,
    Int,
    Float,
    Str,
    Timestamp,
    Binary,
    /// The plain key `<<`.
    Merge,
    /// Any other tag, in go-yaml's short form (`!!set`, `!foo`).
    Other(Box<str>),
}

impl Tag {
    /// The short form go-yaml prints in messages (`!!int`).
    pub fn short(&self) -> &str {
        match self {
            Tag::Null => "!!null",
            Tag::Bool => "!!bool",
            Tag::Int => "!!int",
            Tag::Float => "!!float",
            Tag::Str => "!!str",
            Tag::Timestamp => "!!timestamp",
            Tag::Binary => "!!binary",
            Tag::Merge => "!!merge",
            Tag::Other(t) => t,
        }
    }

    /// A tag from its source spelling (`!!int`, `tag:yaml.org,2002:int`, `!foo`).
    pub fn from_source(tag: &str) -> Tag {
        let short = tag.strip_prefix("tag:yaml.org,2002:").map(|s| format!("!!{s}"));
        match short.as_deref().unwrap_or(tag) {
            "!!null" => Tag::Null,
            "!!bool" => Tag::Bool,
            "!!int" => Tag::Int,
            "!!float" => Tag::Float,
            "!!str" => Tag::Str,
            "!!timestamp" => Tag::Timestamp,
            "!!binary" => Tag::Binary,
            "!!merge" => Tag::Merge,
            other => Tag::Other(other.into()),
        }
    }
}

/// How a scalar was written in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Style {
    #[default]
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// A scalar: text, tag and style.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Scalar {
    pub value: String,
    pub tag: Tag,
    pub style: Style,
}

impl Scalar {
    /// A string scalar (tag `!!str`), whatever its text looks like: `"true"` stays a string.
    pub fn string(value: impl Into<String>) -> Scalar {
        Scalar { value: value.into(), tag: Tag::Str, style: Style::Plain }
    }

    /// A plain scalar whose tag is resolved from its text as go-yaml v3 does (`3` → `!!int`).
    pub fn plain(value: impl Into<String>) -> Scalar {
        let value = value.into();
        let tag = resolve_plain_tag(&value);
        Scalar { value, tag, style: Style::Plain }
    }

    /// A scalar with no explicit tag (kyaml's `NewScalarRNode`) written in `style`: go-yaml
    /// resolves a plain one from its text and reads a quoted or block one as a string.
    pub fn untagged(value: impl Into<String>, style: Style) -> Scalar {
        let value = value.into();
        let tag = if style == Style::Plain { resolve_plain_tag(&value) } else { Tag::Str };
        Scalar { value, tag, style }
    }

    pub fn null() -> Scalar {
        Scalar { value: "null".into(), tag: Tag::Null, style: Style::Plain }
    }

    pub fn is_null(&self) -> bool {
        self.tag == Tag::Null
    }
}

/// The tag go-yaml v3 gives a plain scalar with no explicit tag.
pub fn resolve_plain_tag(value: &str) -> Tag {
    if value == "<<" {
        return Tag::Merge;
    }
    match resolve(value, Dialect::V3) {
        Resolved::Null => Tag::Null,
        Resolved::Bool(_) => Tag::Bool,
        Resolved::Int(_) | Resolved::Uint(_) => Tag::Int,
        Resolved::Float(_) => Tag::Float,
        Resolved::Timestamp(_) => Tag::Timestamp,
        Resolved::Str => Tag::Str,
    }
}

/// An ordered mapping with string-like keys. Keys are scalars (go-yaml keeps their tags, which
/// decide whether a nested map can become JSON).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Mapping {
    entries: Vec<(Scalar, Node)>,
}

impl Mapping {
    pub fn new() -> Mapping {
        Mapping::default()
    }

    /// A mapping of these entries, in order (keys are not checked for duplicates).
    pub fn from_entries(entries: Vec<(Scalar, Node)>) -> Mapping {
        Mapping { entries }
    }

    pub fn with_capacity(n: usize) -> Mapping {
        Mapping { entries: Vec::with_capacity(n) }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries.iter().find(|(k, _)| k.value == key).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.entries.iter_mut().find(|(k, _)| k.value == key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key` to `value`: replaces the value in place if the key exists, else appends.
    /// A new key is a string scalar.
    pub fn insert(&mut self, key: impl Into<String>, value: Node) -> Option<Node> {
        let key = key.into();
        if let Some(slot) = self.get_mut(&key) {
            return Some(std::mem::replace(slot, value));
        }
        self.entries.push((Scalar::string(key), value));
        None
    }

    /// Appends an entry with the given key scalar, without looking for an existing key.
    pub fn push(&mut self, key: Scalar, value: Node) {
        self.entries.push((key, value));
    }

    pub fn remove(&mut self, key: &str) -> Option<Node> {
        let i = self.entries.iter().position(|(k, _)| k.value == key)?;
        Some(self.entries.remove(i).1)
    }

    /// The value for `key`, inserting `default()` first if missing.
    pub fn entry_or_insert_with(&mut self, key: &str, default: impl FnOnce() -> Node) -> &mut Node {
        let i = match self.entries.iter().position(|(k, _)| k.value == key) {
            Some(i) => i,
            None => {
                self.entries.push((Scalar::string(key), default()));
                self.entries.len() - 1
            }
        };
        &mut self.entries[i].1
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&str, &Node)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k.value.as_str(), v))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&str, &mut Node)> {
        self.entries.iter_mut().map(|(k, v)| (k.value.as_str(), v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.value.as_str())
    }

    /// Entries with their key scalars.
    pub fn entries(&self) -> &[(Scalar, Node)] {
        &self.entries
    }

    pub fn entries_mut(&mut self) -> &mut Vec<(Scalar, Node)> {
        &mut self.entries
    }

    pub fn retain(&mut self, mut f: impl FnMut(&str, &Node) -> bool) {
        self.entries.retain(|(k, v)| f(&k.value, v));
    }
}

impl FromIterator<(String, Node)> for Mapping {
    fn from_iter<I: IntoIterator<Item = (String, Node)>>(iter: I) -> Mapping {
        let mut m = Mapping::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

impl Node {
    /// A string scalar node.
    pub fn string(s: impl Into<String>) -> Node {
        Node::Scalar(Scalar::string(s))
    }

    /// A plain scalar node with its tag resolved from the text.
    pub fn plain(s: impl Into<String>) -> Node {
        Node::Scalar(Scalar::plain(s))
    }

    pub fn null() -> Node {
        Node::Scalar(Scalar::null())
    }

    pub fn empty_map() -> Node {
        Node::Map(Mapping::new())
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Node::Scalar(s) if s.is_null())
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match self {
            Node::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a non-null scalar.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Scalar(s) if !s.is_null() => Some(&s.value),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&Mapping> {
        match self {
            Node::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_map_mut(&mut self) -> Option<&mut Mapping> {
        match self {
            Node::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&Vec<Node>> {
        match self {
            Node::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_seq_mut(&mut self) -> Option<&mut Vec<Node>> {
        match self {
            Node::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// `self[key]` for a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.get(key)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.as_map_mut()?.get_mut(key)
    }

    /// Follows a path of mapping keys.
    pub fn get_path(&self, path: &[&str]) -> Option<&Node> {
        path.iter().try_fold(self, |n, k| n.get(k))
    }

    pub fn get_path_mut(&mut self, path: &[&str]) -> Option<&mut Node> {
        path.iter().try_fold(self, |n, k| n.get_mut(k))
    }

    /// The text at a path of mapping keys, if it is a non-null scalar.
    pub fn str_at(&self, path: &[&str]) -> Option<&str> {
        self.get_path(path)?.as_str()
    }

    /// A short kind name for messages: "scalar", "sequence", "mapping".
    pub fn kind_name(&self) -> &'static str {
        match self {
            Node::Scalar(_) => "scalar",
            Node::Seq(_) => "sequence",
            Node::Map(_) => "mapping",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_insert_replaces_in_place() {
        let mut m = Mapping::new();
        m.insert("a", Node::plain("1"));
        m.insert("b", Node::plain("2"));
        m.insert("a", Node::plain("3"));
        let keys: Vec<_> = m.keys().collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(m.get("a").unwrap().as_str(), Some("3"));
    }

    #[test]
    fn plain_tags() {
        assert_eq!(Scalar::plain("3").tag, Tag::Int);
        assert_eq!(Scalar::plain("yes").tag, Tag::Str);
        assert_eq!(Scalar::plain("~").tag, Tag::Null);
        assert_eq!(Scalar::plain("2001-12-14").tag, Tag::Timestamp);
        assert_eq!(Scalar::plain("<<").tag, Tag::Merge);
        assert_eq!(Tag::from_source("tag:yaml.org,2002:int"), Tag::Int);
        assert_eq!(Tag::from_source("!foo"), Tag::Other("!foo".into()));
    }
}
