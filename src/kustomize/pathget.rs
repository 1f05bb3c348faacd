//! kyaml's `PathGetter` (read only) and the dotted field paths of vars (`GetFieldValue`):
//! `spec.containers[0].image`, `spec.ports.[name=http].port`, `metadata.annotations.[a.b/c]`.

use crate::yaml::{Node, Tag};

/// kyaml's `SmarterPathSplitter(path, ".")`: dots split, `\.` escapes, a bracketed part with `=`
/// keeps its brackets, one without loses them.
pub fn smarter_split(path: &str) -> Vec<String> {
    let split = crate::kustomize::fieldspec::split_path_with(path, '.');
    let mut out = Vec::new();
    let mut i = 0;
    while i < split.len() {
        let elem = &split[i];
        if elem.starts_with('[') && !elem.ends_with(']') {
            let mut parts = vec![elem.clone()];
            while i < split.len() - 1 {
                i += 1;
                parts.push(split[i].clone());
                if split[i].ends_with(']') {
                    break;
                }
            }
            let joined = parts.join(".");
            if joined.contains('=') {
                out.push(joined);
            } else {
                out.push(joined.trim_matches(|c| c == '[' || c == ']').to_string());
            }
        } else {
            out.push(elem.clone());
        }
        i += 1;
    }
    out
}

/// `convertSliceIndex`: `ports[0]` becomes `ports`, `0`.
pub fn convert_slice_index(fields: Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    for s in fields {
        if let Some(open) = s.rfind('[') {
            let inner = &s[open + 1..s.len().saturating_sub(1)];
            if s.ends_with(']') && !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) {
                if open > 0 {
                    out.push(s[..open].to_string());
                }
                out.push(inner.to_string());
                continue;
            }
        }
        out.push(s);
    }
    out
}

/// Follows `path` (map keys, `[k=v]` sequence matches, numeric indexes, `-` for the last
/// element). `Ok(None)` when a part is missing or a value on the way is null.
pub fn lookup<'a>(node: &'a Node, path: &[String]) -> Result<Option<&'a Node>, String> {
    let mut cur = node;
    for part in path.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        if matches!(cur, Node::Scalar(s) if s.tag == Tag::Null) {
            return Ok(None);
        }
        let next = if let Ok(idx) = part.parse::<i64>() {
            if idx < 0 {
                return Err(format!("array index {idx} cannot be negative"));
            }
            match cur {
                Node::Seq(items) => items.get(idx as usize),
                _ => return Err(format!("wrong node kind: expected SequenceNode but got {}", super::setters::kind_name(cur))),
            }
        } else if part == "-" {
            match cur {
                Node::Seq(items) => items.last(),
                _ => return Err(format!("wrong node kind: expected SequenceNode but got {}", super::setters::kind_name(cur))),
            }
        } else if part == "*" {
            return Err("wildcard is not supported in PathGetter".into());
        } else if part.starts_with('[') && part.ends_with(']') && part.contains('=') {
            let inner = &part[1..part.len() - 1];
            let (k, v) = inner.split_once('=').expect("contains '='");
            match cur {
                Node::Seq(items) => items.iter().find(|item| {
                    if k.is_empty() {
                        item.as_scalar().is_some_and(|s| s.value == v)
                    } else {
                        item.get(k).and_then(|n| n.as_scalar()).is_some_and(|s| s.value == v)
                    }
                }),
                _ => return Err(format!("wrong node kind: expected SequenceNode but got {}", super::setters::kind_name(cur))),
            }
        } else {
            match cur {
                Node::Map(m) => m.get(part),
                _ => return Err(format!("wrong node kind: expected MappingNode but got {}", super::setters::kind_name(cur))),
            }
        };
        match next {
            Some(n) => cur = n,
            None => return Ok(None),
        }
    }
    Ok(Some(cur))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_one;

    #[test]
    fn splits_dotted_paths() {
        assert_eq!(smarter_split("spec.ports.[name=http.x].port"), ["spec", "ports", "[name=http.x]", "port"]);
        assert_eq!(smarter_split("metadata.annotations.[a.b/c]"), ["metadata", "annotations", "a.b/c"]);
        assert_eq!(convert_slice_index(smarter_split("spec.containers[0].image")), ["spec", "containers", "0", "image"]);
    }

    #[test]
    fn looks_up() {
        let n = parse_one(b"spec:\n  ports:\n  - name: http\n    port: 80\n  - name: x\n    port: 81\n").unwrap();
        let p = convert_slice_index(smarter_split("spec.ports[1].port"));
        assert_eq!(lookup(&n, &p).unwrap().unwrap().as_str(), Some("81"));
        let p = smarter_split("spec.ports.[name=http].port");
        assert_eq!(lookup(&n, &p).unwrap().unwrap().as_str(), Some("80"));
        assert!(lookup(&n, &smarter_split("spec.nope.x")).unwrap().is_none());
    }
}
