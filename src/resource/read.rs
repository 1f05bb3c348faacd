//! Reading a file of resources the way kustomize does (kyaml's `kio.ByteReader` plus the resource
//! factory): documents are cut at lines starting with `---`, only the first YAML document of each
//! piece is read, empty documents are skipped, a lone `kind: List` is unwrapped in place, and any
//! other `...List` with `items` has its items appended after the remaining documents.

use crate::yaml::read::{parse_first, ParseError};
use crate::yaml::value::{to_json_value, to_node, Value};
use crate::yaml::Node;

/// Why a file's resources cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    #[error("MalformedYAMLError: {0}")]
    Yaml(ParseError),
    #[error("invalid document separator: {0}")]
    Separator(String),
    #[error("{0}")]
    Invalid(String),
}

impl ReadError {
    /// The 1-based line of the problem, when known.
    pub fn line(&self) -> Option<usize> {
        match self {
            ReadError::Yaml(e) if e.line > 0 => Some(e.line),
            _ => None,
        }
    }
}

/// Splits at separator lines (`\n---…\n`); returns each piece with its first line number.
fn split_documents(s: &str) -> Result<Vec<(&str, usize)>, ReadError> {
    let mut docs = Vec::new();
    let b = s.as_bytes();
    let mut prev = 0;
    let mut line = 1;
    let mut prev_line = 1;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' {
            if b[i + 1..].starts_with(b"---") {
                if let Some(end) = b[i + 1..].iter().position(|&c| c == b'\n') {
                    let end = i + 1 + end;
                    let rest = s[i + 4..end].trim();
                    if !rest.is_empty() && !rest.starts_with('#') {
                        return Err(ReadError::Separator(s[i..end].trim().to_string()));
                    }
                    docs.push((&s[prev..i], prev_line));
                    prev = end + 1;
                    line += 2;
                    prev_line = line;
                    i = end + 1;
                    continue;
                }
            }
            line += 1;
        }
        i += 1;
    }
    docs.push((&s[prev..], prev_line));
    Ok(docs)
}

fn is_null_doc(n: &Node) -> bool {
    n.is_null()
}

fn is_nil_or_empty(n: &Node) -> bool {
    match n {
        Node::Scalar(s) => s.is_null() || s.value.is_empty() && s.tag == crate::yaml::Tag::Null,
        Node::Map(m) => m.is_empty(),
        Node::Seq(s) => s.is_empty(),
    }
}

/// Short text of a node for messages.
fn describe(n: &Node) -> String {
    let kind = n.str_at(&["kind"]).unwrap_or("");
    let name = n.str_at(&["metadata", "name"]).unwrap_or("");
    let api = n.str_at(&["apiVersion"]).unwrap_or("");
    format!("{{apiVersion: {api}, kind: {kind}, metadata: {{name: {name}}}}}")
}

/// kyaml's `GetValidatedMetadata`: an object needs a kind, and a name unless it is a list.
fn validate(n: &Node) -> Result<(), ReadError> {
    let Node::Map(m) = n else {
        return Err(ReadError::Invalid("missing Resource metadata".into()));
    };
    let has = |k: &str| m.get(k).is_some_and(|v| !is_nil_or_empty(v));
    if !has("apiVersion") && !has("kind") && !has("metadata") {
        return Err(ReadError::Invalid("missing Resource metadata".into()));
    }
    let kind = n.str_at(&["kind"]).unwrap_or("");
    if kind.is_empty() {
        return Err(ReadError::Invalid(format!("missing kind in object {}", describe(n))));
    }
    if !kind.ends_with("List") && n.str_at(&["metadata", "name"]).unwrap_or("").is_empty() {
        return Err(ReadError::Invalid(format!("missing metadata.name in object {}", describe(n))));
    }
    Ok(())
}

/// `kio.FromBytes`: the documents of a stream, lists of one-document streams unwrapped.
fn kio_from_bytes(input: &str) -> Result<Vec<Node>, ReadError> {
    let normalized;
    let text = if input.contains("\r\n") {
        normalized = input.replace("\r\n", "\n");
        &normalized
    } else {
        input
    };
    let pieces = split_documents(text)?;
    let single = pieces.len() == 1;
    let last = pieces.len() - 1;
    let parse = |(i, (piece, first_line)): (usize, &(&str, usize))| -> Result<Option<Node>, ReadError> {
        let owned;
        let doc = if i != last {
            owned = format!("{piece}\n");
            owned.as_str()
        } else {
            piece
        };
        parse_first(doc.as_bytes()).map_err(|e| ReadError::Yaml(e.shifted(first_line - 1)))
    };
    // Documents are independent: large streams are parsed in parallel, then taken in order (so
    // the first bad document is the one reported, as when reading one by one).
    let parsed: Vec<Result<Option<Node>, ReadError>> = if pieces.len() >= 32 {
        use rayon::prelude::*;
        pieces.par_iter().enumerate().map(parse).collect()
    } else {
        pieces.iter().enumerate().map(parse).collect()
    };
    let mut out = Vec::new();
    for node in parsed {
        let Some(node) = node? else { continue };
        if is_null_doc(&node) {
            continue;
        }
        let kind = node.str_at(&["kind"]).unwrap_or("");
        if single && (kind == "List" || kind == "ResourceList") && node.get("items").is_some() {
            if let Some(Node::Seq(items)) = node.get("items") {
                out.extend(items.iter().cloned());
            }
            continue;
        }
        out.push(node);
    }
    Ok(out)
}

/// `dropBadNodes`: skip empty nodes, require metadata on the rest.
fn drop_bad_nodes(nodes: Vec<Node>) -> Result<Vec<Node>, ReadError> {
    let mut out = Vec::with_capacity(nodes.len());
    for n in nodes {
        if is_nil_or_empty(&n) {
            continue;
        }
        validate(&n)?;
        out.push(n);
    }
    Ok(out)
}

/// Go's `%T` of a decoded value, for the "expected array" message.
fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Uint(_) => "uint64",
        Value::Float(_) => "float64",
        Value::Str(_) => "string",
        Value::Seq(_) => "[]interface {}",
        Value::Map(_) => "map[string]interface {}",
    }
}

/// The objects of one resource file, in kustomize's order, validated.
pub fn objects_from_bytes(input: &[u8]) -> Result<Vec<Node>, ReadError> {
    let text = String::from_utf8_lossy(input);
    let nodes = drop_bad_nodes(kio_from_bytes(&text)?)?;
    inline_lists(nodes)
}

/// `inlineAnyEmbeddedLists`: a `FooList` with `items` is replaced by its items, which go to the
/// end of the queue (after a round trip through JSON, as kustomize does).
fn inline_lists(nodes: Vec<Node>) -> Result<Vec<Node>, ReadError> {
    let mut queue: std::collections::VecDeque<Node> = nodes.into();
    let mut out = Vec::new();
    while let Some(n) = queue.pop_front() {
        let kind = n.str_at(&["kind"]).unwrap_or("").to_string();
        if !kind.ends_with("List") {
            out.push(n);
            continue;
        }
        let value = to_json_value(&n).map_err(|e| ReadError::Invalid(format!("trouble expanding list of {kind}; {e}")))?;
        let items = match value.get("items") {
            None => {
                out.push(n);
                continue;
            }
            Some(Value::Null) => continue,
            Some(Value::Seq(items)) => items.clone(),
            Some(other) => {
                return Err(ReadError::Invalid(format!("expected array in {kind}/items, but found {}", go_type(other))));
            }
        };
        for item in items {
            if item == Value::Null {
                continue;
            }
            let node = to_node(&item);
            queue.extend(drop_bad_nodes(vec![node])?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_separator_lines_only() {
        let docs = split_documents("a: 1\n---\nb: 2\n--- # c\nc: 3").unwrap();
        assert_eq!(docs, vec![("a: 1", 1), ("b: 2", 3), ("c: 3", 5)]);
        assert!(matches!(split_documents("a: 1\n--- x\nb: 2\n"), Err(ReadError::Separator(s)) if s == "--- x"));
    }

    #[test]
    fn lists_are_unwrapped() {
        let input = b"apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n";
        let objs = objects_from_bytes(input).unwrap();
        assert_eq!(objs.len(), 1);
        assert_eq!(objs[0].str_at(&["metadata", "name"]), Some("a"));
    }

    #[test]
    fn missing_kind_is_an_error() {
        let err = objects_from_bytes(b"metadata:\n  name: x\n").unwrap_err();
        assert!(err.to_string().starts_with("missing kind in object"), "{err}");
    }
}
