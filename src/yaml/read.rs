//! YAML in: libyaml's event parser (the C code go-yaml's scanner and parser were ported from) feeds
//! a builder that makes [`Node`] trees the way go-yaml v3 and kyaml see them: tags resolved,
//! comments dropped, aliases replaced by copies of their anchors, `<<` merge keys applied,
//! duplicate keys rejected. Aliases are budgeted as go-yaml budgets them, so an alias bomb fails
//! fast instead of exhausting memory, and nesting deeper than go-yaml's 10000 levels is refused.

use super::node::{Mapping, Node, Scalar, Style, Tag};
use super::resolve::{resolve, Dialect};
use libyaml_safer::{EventData, Parser, ScalarStyle};
use std::borrow::Cow;
use std::collections::HashMap;

/// A YAML syntax or structure error, with go-yaml's wording and the 1-based line it points at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render())]
pub struct ParseError {
    /// 1-based line, 0 when unknown.
    pub line: usize,
    pub message: String,
}

impl ParseError {
    fn new(line: usize, message: impl Into<String>) -> ParseError {
        ParseError { line, message: message.into() }
    }

    fn render(&self) -> String {
        if self.line > 0 {
            format!("yaml: line {}: {}", self.line, self.message)
        } else {
            format!("yaml: {}", self.message)
        }
    }

    /// The same error with its line moved by `offset` lines (for documents cut out of a file).
    pub fn shifted(mut self, offset: usize) -> ParseError {
        if self.line > 0 {
            self.line += offset;
        }
        self
    }
}

/// go-yaml's nesting limit.
pub const MAX_DEPTH: usize = 10_000;

/// Parses every document of a stream (go-yaml v3 tag resolution). Empty documents are `None`.
pub fn parse_stream(input: &[u8]) -> Result<Vec<Option<Node>>, ParseError> {
    parse_stream_with(input, Dialect::V3)
}

/// Parses every document of a stream, resolving plain scalars with the given go-yaml version's
/// rules (v2: `yes`/`on` are booleans).
pub fn parse_stream_with(input: &[u8], dialect: Dialect) -> Result<Vec<Option<Node>>, ParseError> {
    read_with(input, dialect, |reader| {
        let mut docs = Vec::new();
        while let Some(doc) = reader.next_document()? {
            docs.push(doc);
        }
        Ok(docs)
    })
}

/// Parses only the first document of `input`, as one `yaml.Decoder.Decode` call does; what
/// follows it is not read. `None` when the input holds no document or an empty one.
pub fn parse_first(input: &[u8]) -> Result<Option<Node>, ParseError> {
    read_with(input, Dialect::V3, |r| Ok(r.next_document()?.flatten()))
}

/// [`parse_first`] with go-yaml v2's resolution (how `sigs.k8s.io/yaml` reads a single document).
pub fn parse_first_v2(input: &[u8]) -> Result<Option<Node>, ParseError> {
    read_with(input, Dialect::V2, |r| Ok(r.next_document()?.flatten()))
}

/// [`parse_first_v2`] of only the root mapping's entries whose key `keep` accepts (each kept
/// entry whole), for an input the fast scanner reads. What is left out is still scanned, so the
/// input is known to be valid, and checked for what would make the whole read or its JSON form
/// fail or differ: merge keys, keys JSON cannot hold, depth. `None` when the input is not in the
/// fast subset, its root is not a mapping, or a check fails: the caller reads it whole.
pub fn parse_first_v2_keys(input: &[u8], keep: &dyn Fn(&str) -> bool) -> Option<Node> {
    let (data, padded_len) = pad(input);
    let mut events = super::fast::events(&data)?.into_iter();
    let mut kept = Vec::with_capacity(64);
    kept.extend(events.by_ref().take(2)); // stream and document start
    let root = events.next()?;
    if !matches!(root.data, EventData::MappingStart { .. }) {
        return None;
    }
    kept.push(root);
    loop {
        let key = events.next()?;
        match &key.data {
            EventData::MappingEnd => {
                kept.push(key);
                break;
            }
            EventData::Scalar { value, style, .. } if json_key(value, *style) => {
                if keep(value) {
                    kept.push(key);
                    take_node(&mut events, Some(&mut kept))?;
                } else {
                    take_node(&mut events, None)?;
                }
            }
            _ => return None,
        }
    }
    kept.extend(events); // document and stream end
    let mut reader = Reader { source: Source::Fast(kept.into_iter()), done: false, dialect: Dialect::V2, padded_len };
    reader.next_document().ok()?.flatten()
}

/// Whether a mapping key is neither a merge key nor one `sigs.k8s.io/yaml` cannot turn into a
/// JSON key (null, or an integer beyond `int64`).
fn json_key(value: &str, style: ScalarStyle) -> bool {
    if !matches!(style, ScalarStyle::Plain | ScalarStyle::Any) {
        return true;
    }
    value != "<<" && !matches!(resolve(value, Dialect::V2), super::resolve::Resolved::Null | super::resolve::Resolved::Uint(_))
}

/// Takes the events of one node (into `out` when given), checking the keys of its mappings
/// with [`json_key`]; `None` when a check fails or the events end early.
fn take_node(events: &mut std::vec::IntoIter<Event>, mut out: Option<&mut Vec<Event>>) -> Option<()> {
    // the open collections: `Some(expecting a key)` for a mapping, `None` for a sequence
    let mut open: Vec<Option<bool>> = Vec::new();
    loop {
        let ev = events.next()?;
        let at_key = matches!(open.last(), Some(Some(true)));
        let complete = match &ev.data {
            EventData::MappingStart { .. } | EventData::SequenceStart { .. } => {
                // the whole read's stack also holds the root mapping
                if at_key || open.len() + 1 >= MAX_DEPTH {
                    return None;
                }
                open.push(matches!(ev.data, EventData::MappingStart { .. }).then_some(true));
                false
            }
            EventData::MappingEnd | EventData::SequenceEnd => {
                open.pop()?;
                true
            }
            EventData::Scalar { value, style, .. } => {
                if at_key && !json_key(value, *style) {
                    return None;
                }
                true
            }
            _ => return None,
        };
        if let Some(out) = out.as_deref_mut() {
            out.push(ev);
        }
        if complete {
            match open.last_mut() {
                None => return Some(()),
                Some(Some(expect_key)) => *expect_key = !*expect_key,
                Some(None) => {}
            }
        }
    }
}

/// Runs `read` over the events of [`super::fast`] when the input is in its subset, and over
/// libyaml's when it is not or when the fast events lead to an error (so every error, with its
/// line, is libyaml's and the builder's).
fn read_with<T>(input: &[u8], dialect: Dialect, read: impl Fn(&mut Reader) -> Result<T, ParseError>) -> Result<T, ParseError> {
    let (data, padded_len) = pad(input);
    if let Some(events) = super::fast::events(&data) {
        let mut r = Reader { source: Source::Fast(events.into_iter()), done: false, dialect, padded_len };
        if let Ok(v) = read(&mut r) {
            return Ok(v);
        }
    }
    let mut parser = Parser::new();
    parser.set_input(Chunks { data, pos: 0 });
    read(&mut Reader { source: Source::Libyaml(Box::new(parser)), done: false, dialect, padded_len })
}

/// The input with a line break appended when it does not end with one, and the padded length.
fn pad(input: &[u8]) -> (Cow<'_, [u8]>, Option<u64>) {
    match input.last() {
        Some(b'\n' | b'\r') | None => (Cow::Borrowed(input), None),
        Some(_) => {
            let mut v = Vec::with_capacity(input.len() + 1);
            v.extend_from_slice(input);
            v.push(b'\n');
            let n = v.len() as u64;
            (Cow::Owned(v), Some(n))
        }
    }
}

/// A single document that must exist (e.g. a kustomization file); an empty input is `Null`.
pub fn parse_one(input: &[u8]) -> Result<Node, ParseError> {
    Ok(parse_first(input)?.unwrap_or_else(Node::null))
}

fn go_line(err: &libyaml_safer::Error) -> usize {
    // go-yaml prefers the context mark's line; scanner errors are reported one line further.
    let scanner = matches!(err.kind(), libyaml_safer::ErrorKind::Scanner);
    let bump = usize::from(scanner);
    if let Some(m) = err.context_mark().filter(|m| m.line != 0) {
        return m.line as usize + bump;
    }
    if let Some(m) = err.problem_mark().filter(|m| m.line != 0) {
        return m.line as usize + bump;
    }
    0
}

fn convert_error(err: libyaml_safer::Error) -> ParseError {
    ParseError::new(go_line(&err), err.problem())
}

/// A collection under construction; its children so far sit at the top of the shared `items` or
/// `entries` stack (from `start` on), so each collection is allocated once, at its exact size.
enum Frame {
    Seq { start: usize, anchor: Option<String>, size: usize },
    Map { start: usize, pending_key: Option<(Scalar, usize)>, anchor: Option<String>, size: usize, line: usize },
}

struct Reader<'a> {
    source: Source<'a>,
    done: bool,
    dialect: Dialect,
    /// The input's length when a line break was appended to it: libyaml-safer's scanner panics
    /// where libyaml (and go-yaml) stop, at the end of an input that ends inside a block
    /// scalar's content. The appended break is taken off that scalar again.
    padded_len: Option<u64>,
}

/// An event with what the builder reads of its marks: the 1-based line it starts on and the
/// character index where it ends.
pub(super) struct Event {
    pub data: EventData,
    pub line: usize,
    pub end_index: u64,
}

/// Where events come from: the fast scanner's list, or libyaml.
enum Source<'a> {
    Fast(std::vec::IntoIter<Event>),
    Libyaml(Box<Parser<Chunks<'a>>>),
}

/// The input handed to the scanner a slice at a time: libyaml-safer decodes everything its
/// reader offers into a buffer of `char`s before scanning on, so a whole-input reader (a
/// `Cursor`) would make it hold four bytes per input byte, grown by doubling; slices keep that
/// buffer small and in cache. A character cut at a slice's end is completed by the scanner's
/// own unbuffered read, and positions count characters, so they are the same either way.
struct Chunks<'a> {
    data: Cow<'a, [u8]>,
    pos: usize,
}

const CHUNK: usize = 8 * 1024;

impl std::io::Read for Chunks<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = std::io::Read::read(&mut std::io::BufRead::fill_buf(self)?, buf)?;
        self.pos += n;
        Ok(n)
    }
}

impl std::io::BufRead for Chunks<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        let end = self.data.len().min(self.pos + CHUNK);
        Ok(&self.data[self.pos..end])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.data.len());
    }
}

/// go-yaml v3's alias budget: aliases may account for at most this share of decoded nodes.
fn allowed_alias_ratio(decoded: usize) -> f64 {
    const LOW: f64 = 400_000.0;
    const HIGH: f64 = 4_000_000.0;
    let d = decoded as f64;
    if d <= LOW {
        0.99
    } else if d >= HIGH {
        0.10
    } else {
        0.99 - 0.89 * ((d - LOW) / (HIGH - LOW))
    }
}

impl Reader<'_> {
    fn next_event(&mut self) -> Result<Event, ParseError> {
        match &mut self.source {
            Source::Fast(events) => events.next().ok_or_else(|| ParseError::new(0, "unexpected end of events")),
            Source::Libyaml(parser) => {
                let e = parser.parse().map_err(convert_error)?;
                Ok(Event { data: e.data, line: e.start_mark.line as usize + 1, end_index: e.end_mark.index })
            }
        }
    }

    /// The next document: `Ok(None)` at the end of the stream, `Ok(Some(None))` for an empty one.
    fn next_document(&mut self) -> Result<Option<Option<Node>>, ParseError> {
        if self.done {
            return Ok(None);
        }
        loop {
            let ev = self.next_event()?;
            match ev.data {
                EventData::StreamStart { .. } => continue,
                EventData::StreamEnd => {
                    self.done = true;
                    return Ok(None);
                }
                EventData::DocumentStart { .. } => break,
                _ => return Err(ParseError::new(0, "did not find expected <document start>")),
            }
        }
        let root = self.build_document()?;
        match self.next_event()?.data {
            EventData::DocumentEnd { .. } => {}
            _ => return Err(ParseError::new(0, "did not find expected <document end>")),
        }
        Ok(Some(root))
    }

    fn build_document(&mut self) -> Result<Option<Node>, ParseError> {
        let mut anchors: HashMap<String, (Node, usize)> = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut items: Vec<Node> = Vec::new();
        let mut entries: Vec<(Scalar, Node)> = Vec::new();
        let mut key_lines: Vec<usize> = Vec::new();
        let mut decoded: usize = 0;
        let mut aliased: usize = 0;
        loop {
            let ev = self.next_event()?;
            let line = ev.line;
            // A finished node, with its size in nodes (for the alias budget).
            let finished: (Node, usize) = match ev.data {
                EventData::Scalar { anchor, tag, mut value, style, .. } => {
                    decoded += 1;
                    let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
                    if block && Some(ev.end_index) == self.padded_len && value.ends_with('\n') {
                        value.pop();
                    }
                    let scalar = make_scalar(value, tag, style, self.dialect);
                    let node = Node::Scalar(scalar);
                    if let Some(a) = anchor {
                        anchors.insert(a, (node.clone(), 1));
                    }
                    (node, 1)
                }
                EventData::Alias { anchor } => {
                    let Some((node, size)) = anchors.get(&anchor) else {
                        return Err(ParseError::new(line, format!("unknown anchor '{anchor}' referenced")));
                    };
                    decoded += size;
                    aliased += size;
                    if aliased > 100 && decoded > 1000 && aliased as f64 / decoded as f64 > allowed_alias_ratio(decoded) {
                        return Err(ParseError::new(0, "document contains excessive aliasing"));
                    }
                    (node.clone(), *size)
                }
                EventData::SequenceStart { anchor, .. } => {
                    decoded += 1;
                    if stack.len() >= MAX_DEPTH {
                        return Err(ParseError::new(line, format!("exceeded max depth of {MAX_DEPTH}")));
                    }
                    stack.push(Frame::Seq { start: items.len(), anchor, size: 1 });
                    continue;
                }
                EventData::MappingStart { anchor, .. } => {
                    decoded += 1;
                    if stack.len() >= MAX_DEPTH {
                        return Err(ParseError::new(line, format!("exceeded max depth of {MAX_DEPTH}")));
                    }
                    stack.push(Frame::Map { start: entries.len(), pending_key: None, anchor, size: 1, line });
                    continue;
                }
                EventData::SequenceEnd => match stack.pop() {
                    Some(Frame::Seq { start, anchor, size }) => {
                        let node = Node::Seq(items.drain(start..).collect());
                        if let Some(a) = anchor {
                            anchors.insert(a, (node.clone(), size));
                        }
                        (node, size)
                    }
                    _ => return Err(ParseError::new(line, "unexpected end of sequence")),
                },
                EventData::MappingEnd => match stack.pop() {
                    Some(Frame::Map { start, anchor, size, line: map_line, .. }) => {
                        key_lines.truncate(start);
                        let map = Mapping::from_entries(entries.drain(start..).collect());
                        let node = Node::Map(apply_merge(map, map_line)?);
                        if let Some(a) = anchor {
                            anchors.insert(a, (node.clone(), size));
                        }
                        (node, size)
                    }
                    _ => return Err(ParseError::new(line, "unexpected end of mapping")),
                },
                EventData::DocumentEnd { .. } | EventData::StreamEnd => {
                    return Err(ParseError::new(line, "unexpected end of document"));
                }
                _ => continue,
            };
            // Attach the finished node to its parent, or return it as the document root.
            let (node, size) = finished;
            match stack.last_mut() {
                None => {
                    return Ok(Some(node));
                }
                Some(Frame::Seq { size: s, .. }) => {
                    *s += size;
                    items.push(node);
                }
                Some(Frame::Map { start, pending_key, size: s, .. }) => {
                    *s += size;
                    match pending_key.take() {
                        None => match node {
                            Node::Scalar(k) => *pending_key = Some((k, line)),
                            _ => return Err(ParseError::new(line, "invalid map key: only scalar keys are supported")),
                        },
                        Some((key, key_line)) => {
                            let own = &mut entries[*start..];
                            let dup = if key.tag == Tag::Merge { None } else { find_duplicate(own, &key) };
                            match (dup, self.dialect) {
                                (Some(i), Dialect::V3) => {
                                    return Err(ParseError::new(
                                        key_line,
                                        format!("mapping key {:?} already defined at line {}", key.value, key_lines[*start + i]),
                                    ));
                                }
                                // go-yaml v2 (non-strict) lets the later value win.
                                (Some(i), Dialect::V2) => own[i].1 = node,
                                (None, _) => {
                                    key_lines.push(key_line);
                                    entries.push((key, node));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn find_duplicate(entries: &[(Scalar, Node)], key: &Scalar) -> Option<usize> {
    entries.iter().position(|(k, _)| k.value == key.value && k.tag == key.tag)
}

fn make_scalar(value: String, tag: Option<String>, style: ScalarStyle, dialect: Dialect) -> Scalar {
    let style = match style {
        ScalarStyle::SingleQuoted => Style::SingleQuoted,
        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
        ScalarStyle::Literal => Style::Literal,
        ScalarStyle::Folded => Style::Folded,
        _ => Style::Plain,
    };
    let tag = match tag.as_deref() {
        Some(t) if t != "!" => Tag::from_source(t),
        _ if style != Style::Plain => Tag::Str,
        _ if value == "<<" => Tag::Merge,
        _ => resolve(&value, dialect).tag(),
    };
    Scalar { value, tag, style }
}

/// kyaml's de-anchoring of `<<`: the merge value (a mapping, or a sequence of mappings) supplies
/// keys the mapping lacks; the mapping's own keys win, and earlier mappings of a sequence win over
/// later ones.
fn apply_merge(map: Mapping, line: usize) -> Result<Mapping, ParseError> {
    let merges = map.entries().iter().filter(|(k, _)| k.tag == Tag::Merge).count();
    if merges == 0 {
        return Ok(map);
    }
    if merges > 1 {
        return Err(ParseError::new(line, "duplicate merge key"));
    }
    let mut own = Mapping::with_capacity(map.len());
    let mut sources: Vec<Mapping> = Vec::new();
    for (k, v) in map.entries().iter().cloned() {
        if k.tag != Tag::Merge {
            own.push(k, v);
            continue;
        }
        match v {
            Node::Map(m) => sources.push(m),
            Node::Seq(items) => {
                for item in items.into_iter().rev() {
                    match item {
                        Node::Map(m) => sources.push(m),
                        Node::Seq(_) => return Err(ParseError::new(line, "invalid map merge: received a nested sequence")),
                        _ => return Err(ParseError::new(line, "map merge requires map or sequence of maps as the value")),
                    }
                }
            }
            _ => return Err(ParseError::new(line, "map merge requires map or sequence of maps as the value")),
        }
    }
    let mut result = own.clone();
    sources.push(own);
    for src in sources {
        for (k, v) in src.entries().iter().cloned() {
            match result.entries_mut().iter_mut().find(|(rk, _)| rk.value == k.value) {
                Some(slot) => slot.1 = v,
                None => result.push(k, v),
            }
        }
    }
    Ok(result)
}

#[cfg(test)]
mod eof_tests {
    use super::*;

    /// Inputs ending inside a block scalar, without a final line break, read as go-yaml reads
    /// them (values recorded with the reference Helm's `fromYaml`).
    #[test]
    fn block_scalar_at_end_of_input() {
        let value = |input: &str, key: &str| -> String {
            let node = parse_first_v2(input.as_bytes()).unwrap().unwrap();
            node.get(key).unwrap().as_str().unwrap().to_string()
        };
        assert_eq!(value("a: |\n  abc", "a"), "abc");
        assert_eq!(value("a: |+\n  abc", "a"), "abc");
        assert_eq!(value("a: |-\n  abc", "a"), "abc");
        assert_eq!(value("a: >\n  abc\n  def", "a"), "abc def");
        assert_eq!(value("a: |+\n  abc\n  ", "a"), "abc\n");
        assert_eq!(value("a: |\n  abc\n# c", "a"), "abc\n");
        assert_eq!(value("a: |\n  abc\nb: x", "a"), "abc\n");
        let seq = parse_first_v2(b"a:\n- |\n  x\n- |+\n  y").unwrap().unwrap();
        let items: Vec<&str> = seq.get("a").unwrap().as_seq().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
        assert_eq!(items, ["x\n", "y"]);
    }
}


#[cfg(test)]
mod keys_tests {
    use super::*;

    fn head(input: &str) -> Option<Vec<String>> {
        let keep = |k: &str| k == "kind" || k == "metadata";
        let node = parse_first_v2_keys(input.as_bytes(), &keep)?;
        Some(node.as_map().unwrap().entries().iter().map(|(k, v)| format!("{}={}", k.value, crate::yaml::write::to_yaml(&crate::yaml::value::yaml_to_json_value(v).unwrap()).unwrap().trim_end())).collect())
    }

    #[test]
    fn only_the_kept_entries_are_built() {
        let doc = "apiVersion: v1\nkind: A\nspec:\n  x: [ ]\n  y:\n  - a: 1\n    b: |\n      text\nmetadata:\n  name: m\n  labels: {}\nkind: B\n";
        // later duplicates win, as in the whole read
        assert_eq!(head(doc).unwrap(), ["kind=B", "metadata=labels: {}\nname: m"]);
        let whole = parse_first_v2(doc.as_bytes()).unwrap().unwrap();
        assert_eq!(whole.get("kind").unwrap().as_str(), Some("B"));
    }

    #[test]
    fn what_could_change_the_whole_read_is_left_to_it() {
        // a merge key, a null key, an integer key beyond int64 in a skipped part
        assert_eq!(head("kind: A\nspec:\n  <<: {}\n"), None);
        assert_eq!(head("kind: A\nspec:\n  - ~: 1\n"), None);
        assert_eq!(head("kind: A\nspec:\n  18446744073709551615: 1\n"), None);
        // quoted, they are plain strings
        assert_eq!(head("kind: A\nspec:\n  \"~\": 1\n  '<<': 2\n").unwrap(), ["kind=A"]);
        // not a mapping, or not in the fast scanner's subset
        assert_eq!(head("- kind: A\n"), None);
        assert_eq!(head("kind: A\nspec: {a: 1}\n"), None);
        assert_eq!(head("kind: &x A\n"), None);
    }
}
