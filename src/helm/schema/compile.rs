//! Schemas compiled from JSON documents: the user's `values.schema.json` and the JSON Schema
//! metaschemas it is checked against, `$ref`s resolved between them (JSON pointers, anchors,
//! URLs relative to a document's `$id`), each keyword read as santhosh-tekuri/jsonschema v6
//! reads it for the document's draft.

use super::format::Format;
use super::number::Dec;
use crate::sprig::jsonread::Json;
use regex::Regex;
use std::collections::HashMap;

/// The location Helm gives the chart's schema.
pub const ROOT_URL: &str = "file:///values.schema.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JType {
    Null = 1,
    Boolean = 2,
    Number = 4,
    Integer = 8,
    String = 16,
    Array = 32,
    Object = 64,
}

pub const ALL_TYPES: [JType; 7] = [JType::Null, JType::Boolean, JType::Number, JType::Integer, JType::String, JType::Array, JType::Object];

impl JType {
    pub fn name(self) -> &'static str {
        match self {
            JType::Null => "null",
            JType::Boolean => "boolean",
            JType::Number => "number",
            JType::Integer => "integer",
            JType::String => "string",
            JType::Array => "array",
            JType::Object => "object",
        }
    }

    fn from_name(s: &str) -> Option<JType> {
        ALL_TYPES.iter().copied().find(|t| t.name() == s)
    }
}

pub type SchemaId = usize;

#[derive(Debug, Clone)]
pub enum Additional {
    Bool(bool),
    Schema(SchemaId),
}

#[derive(Debug, Clone)]
pub enum Dependency {
    Props(Vec<String>),
    Schema(SchemaId),
}

#[derive(Debug, Clone, Default)]
pub struct Schema {
    /// The document the schema is in.
    pub doc: usize,
    pub draft: u32,
    pub boolean: Option<bool>,
    pub reference: Option<SchemaId>,
    /// `$dynamicRef` (2020-12): the static target and the anchor name.
    pub dynamic_ref: Option<(SchemaId, String)>,
    /// `$recursiveRef` (2019-09): the static target.
    pub recursive_ref: Option<SchemaId>,
    pub format: Option<Format>,
    pub types: u32,
    pub constant: Option<Json>,
    pub enumeration: Option<Vec<Json>>,
    // objects
    pub min_properties: Option<i64>,
    pub max_properties: Option<i64>,
    pub required: Vec<String>,
    pub dependencies: Vec<(String, Dependency)>,
    pub properties: Vec<(String, SchemaId)>,
    pub pattern_properties: Vec<(Regex, SchemaId)>,
    pub additional_properties: Option<Additional>,
    pub property_names: Option<SchemaId>,
    pub dependent_schemas: Vec<(String, SchemaId)>,
    pub dependent_required: Vec<(String, Vec<String>)>,
    // arrays
    pub min_items: Option<i64>,
    pub max_items: Option<i64>,
    pub unique_items: bool,
    pub items: Option<SchemaId>,
    pub items_list: Option<Vec<SchemaId>>,
    pub additional_items: Option<Additional>,
    pub prefix_items: Vec<SchemaId>,
    pub contains: Option<SchemaId>,
    pub min_contains: Option<i64>,
    pub max_contains: Option<i64>,
    // strings
    pub min_length: Option<i64>,
    pub max_length: Option<i64>,
    pub pattern: Option<(Regex, String)>,
    // numbers
    pub minimum: Option<Dec>,
    pub maximum: Option<Dec>,
    pub exclusive_minimum: Option<Dec>,
    pub exclusive_maximum: Option<Dec>,
    pub multiple_of: Option<Dec>,
    // applicators
    pub not: Option<SchemaId>,
    pub all_of: Vec<SchemaId>,
    pub any_of: Vec<SchemaId>,
    pub one_of: Vec<SchemaId>,
    pub if_: Option<SchemaId>,
    pub then: Option<SchemaId>,
    pub else_: Option<SchemaId>,
}

/// Go's RE2 classes spelled out for the `regex` crate (`\d`, `\s`, `\w` and `\b` are ASCII in
/// Go).
pub fn go_regex(pattern: &str) -> Result<Regex, String> {
    let mut out = String::new();
    let mut in_class = false;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(n) = chars.next() else {
                    out.push('\\');
                    break;
                };
                let rep = match (n, in_class) {
                    ('d', false) => "[0-9]",
                    ('D', false) => "[^0-9]",
                    ('s', false) => "[\\t\\n\\f\\r ]",
                    ('S', false) => "[^\\t\\n\\f\\r ]",
                    ('w', false) => "[0-9A-Za-z_]",
                    ('W', false) => "[^0-9A-Za-z_]",
                    ('b', false) => "(?-u:\\b)",
                    ('B', false) => "(?-u:\\B)",
                    ('d', true) => "0-9",
                    ('s', true) => "\\t\\n\\f\\r ",
                    ('w', true) => "0-9A-Za-z_",
                    _ => {
                        out.push('\\');
                        out.push(n);
                        continue;
                    }
                };
                out.push_str(rep);
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                if chars.peek() == Some(&']') {
                    out.push_str("\\]");
                    chars.next();
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '[' if in_class => out.push_str("\\["),
            c => out.push(c),
        }
    }
    Regex::new(&out).map_err(|e| e.to_string())
}

pub fn get<'a>(obj: &'a [(String, Json)], key: &str) -> Option<&'a Json> {
    obj.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

pub fn escape_token(t: &str) -> String {
    t.replace('~', "~0").replace('/', "~1")
}

fn unescape_token(t: &str) -> Option<String> {
    let mut out = String::new();
    let mut it = t.chars();
    while let Some(c) = it.next() {
        if c == '~' {
            match it.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Go's `url.PathUnescape` (enough for JSON pointer fragments).
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let h = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(h, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn lookup<'a>(doc: &'a Json, ptr: &str) -> Option<&'a Json> {
    let mut v = doc;
    if ptr.is_empty() {
        return Some(v);
    }
    for tok in ptr.split('/').skip(1) {
        let tok = unescape_token(tok)?;
        v = match v {
            Json::Object(o) => get(o, &tok)?,
            Json::Array(a) => a.get(tok.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

/// One JSON document: the chart's schema or a metaschema.
pub struct Doc {
    pub url: String,
    pub json: Json,
    pub draft: u32,
    /// Whether `format` is asserted (metaschemas; schemas of drafts before 2019).
    pub assert_format: bool,
    /// `$anchor` (or `$id: "#name"` before 2019) name → JSON pointer.
    anchors: HashMap<String, String>,
    /// `$dynamicAnchor` name → JSON pointer.
    dynamic_anchors: HashMap<String, String>,
}

/// Compiles documents on demand into one arena of schemas.
pub struct Compiler {
    pub docs: Vec<Doc>,
    pub schemas: Vec<Schema>,
    by_ptr: HashMap<(usize, String), SchemaId>,
    queue: Vec<(usize, String, SchemaId)>,
    /// Compiled `$dynamicAnchor`s: (document, name) → schema.
    pub dynamic_anchors: HashMap<(usize, String), SchemaId>,
}

/// The draft a `$schema` URL names (`None`: not a draft's metaschema).
pub fn draft_from_url(url: &str) -> Option<u32> {
    let (u, frag) = url.split_once('#').unwrap_or((url, ""));
    if !frag.is_empty() {
        return None;
    }
    let u = u.strip_prefix("http://").or_else(|| u.strip_prefix("https://")).unwrap_or(u);
    Some(match u {
        "json-schema.org/schema" | "json-schema.org/draft/2020-12/schema" => 2020,
        "json-schema.org/draft/2019-09/schema" => 2019,
        "json-schema.org/draft-07/schema" => 7,
        "json-schema.org/draft-06/schema" => 6,
        "json-schema.org/draft-04/schema" => 4,
        _ => return None,
    })
}

fn collect_anchors(v: &Json, ptr: &str, draft: u32, doc: &mut Doc) {
    match v {
        Json::Object(o) => {
            if draft < 2019 {
                let id_key = if draft == 4 { "id" } else { "$id" };
                if let Some(Json::String(id)) = get(o, id_key) {
                    if let Some(a) = id.strip_prefix('#') {
                        doc.anchors.entry(a.to_string()).or_insert_with(|| ptr.to_string());
                    }
                }
            } else {
                if let Some(Json::String(a)) = get(o, "$anchor") {
                    doc.anchors.entry(a.clone()).or_insert_with(|| ptr.to_string());
                }
                if let Some(Json::String(a)) = get(o, "$dynamicAnchor") {
                    doc.anchors.entry(a.clone()).or_insert_with(|| ptr.to_string());
                    doc.dynamic_anchors.entry(a.clone()).or_insert_with(|| ptr.to_string());
                }
            }
            for (k, x) in o {
                collect_anchors(x, &format!("{ptr}/{}", escape_token(k)), draft, doc);
            }
        }
        Json::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                collect_anchors(x, &format!("{ptr}/{i}"), draft, doc);
            }
        }
        _ => {}
    }
}

/// `url.ResolveReference` for the references schemas use: absolute URLs, absolute paths, and
/// paths relative to the base's directory.
fn join(base: &str, rel: &str) -> String {
    if rel.contains("://") {
        return rel.to_string();
    }
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    if let Some(path) = rel.strip_prefix('/') {
        let host_end = base[scheme_end..].find('/').map_or(base.len(), |i| scheme_end + i);
        return format!("{}/{path}", &base[..host_end]);
    }
    let dir_end = base.rfind('/').map_or(base.len(), |i| i + 1);
    let mut out = format!("{}{rel}", &base[..dir_end.max(scheme_end)]);
    while let Some(i) = out.find("/./") {
        out.replace_range(i..i + 3, "/");
    }
    out
}

fn not_found(url: &str) -> String {
    let q = crate::gotmpl::quote::quote(url);
    if url.starts_with("http://") || url.starts_with("https://") {
        format!("failing loading {q}: krender does not load schemas over the network")
    } else {
        format!("failing loading {q}: krender only loads values.schema.json and the JSON Schema metaschemas")
    }
}

impl Compiler {
    pub fn new() -> Compiler {
        Compiler { docs: Vec::new(), schemas: Vec::new(), by_ptr: HashMap::new(), queue: Vec::new(), dynamic_anchors: HashMap::new() }
    }

    /// Adds a document (its draft from `$schema`, else `default_draft`); returns its index.
    pub fn add_doc(&mut self, url: &str, json: Json, default_draft: u32, metaschema: bool) -> usize {
        let draft = match &json {
            Json::Object(o) => match get(o, "$schema") {
                Some(Json::String(u)) => draft_from_url(u).unwrap_or(default_draft),
                _ => default_draft,
            },
            _ => default_draft,
        };
        let mut doc = Doc {
            url: url.to_string(),
            json: Json::Null,
            draft,
            assert_format: metaschema || draft < 2019,
            anchors: HashMap::new(),
            dynamic_anchors: HashMap::new(),
        };
        collect_anchors(&json, "", draft, &mut doc);
        doc.json = json;
        self.docs.push(doc);
        self.docs.len() - 1
    }

    /// The document at `url`, loading a metaschema when needed.
    fn doc_for(&mut self, url: &str) -> Result<usize, String> {
        let url = url.trim_end_matches('#');
        if let Some(i) = self.docs.iter().position(|d| d.url == url) {
            return Ok(i);
        }
        let text = super::metaschemas::text(url).ok_or_else(|| not_found(url))?;
        let json = crate::sprig::jsonread::parse(text).expect("the embedded metaschemas are valid JSON");
        Ok(self.add_doc(url, json, 2020, true))
    }

    /// The schema at a pointer of a document (compiled by [`Compiler::compile_all`]).
    pub fn enqueue(&mut self, doc: usize, ptr: String) -> SchemaId {
        if let Some(id) = self.by_ptr.get(&(doc, ptr.clone())) {
            return *id;
        }
        let id = self.schemas.len();
        self.schemas.push(Schema::default());
        self.by_ptr.insert((doc, ptr.clone()), id);
        self.queue.push((doc, ptr, id));
        id
    }

    /// `$ref` (or `$dynamicRef`) text of a schema in `doc` to the schema it names.
    fn resolve_ref(&mut self, doc: usize, r: &str) -> Result<SchemaId, String> {
        let (url, frag) = r.split_once('#').unwrap_or((r, ""));
        let target = if url.is_empty() { doc } else { self.doc_for(&join(&self.docs[doc].url, url))? };
        let frag = percent_decode(frag).ok_or_else(|| format!("error in parsing {}", crate::gotmpl::quote::quote(r)))?;
        let target_url = self.docs[target].url.clone();
        let ptr = if frag.is_empty() || frag.starts_with('/') {
            frag.clone()
        } else {
            match self.docs[target].anchors.get(&frag) {
                Some(p) => p.clone(),
                None => {
                    return Err(format!(
                        "anchor in {} not found in schema {}",
                        crate::gotmpl::quote::quote(&format!("{target_url}#{frag}")),
                        crate::gotmpl::quote::quote(&target_url)
                    ))
                }
            }
        };
        if lookup(&self.docs[target].json, &ptr).is_none() {
            return Err(format!("json-pointer in {} not found", crate::gotmpl::quote::quote(&format!("{target_url}#{ptr}"))));
        }
        Ok(self.enqueue(target, ptr))
    }

    /// Compiles everything enqueued (and what it references), then every dynamic anchor of the
    /// documents involved.
    pub fn compile_all(&mut self) -> Result<(), String> {
        loop {
            while let Some((doc, ptr, id)) = self.queue.pop() {
                let node = lookup(&self.docs[doc].json, &ptr).cloned().unwrap_or(Json::Null);
                let s = self.compile(doc, &node, &ptr)?;
                self.schemas[id] = s;
            }
            let mut more = false;
            for d in 0..self.docs.len() {
                let anchors: Vec<(String, String)> = self.docs[d].dynamic_anchors.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                for (name, ptr) in anchors {
                    if !self.dynamic_anchors.contains_key(&(d, name.clone())) {
                        let id = self.enqueue(d, ptr);
                        self.dynamic_anchors.insert((d, name), id);
                        more = true;
                    }
                }
            }
            if !more && self.queue.is_empty() {
                return Ok(());
            }
        }
    }

    fn sub(&mut self, doc: usize, ptr: &str, key: &str) -> SchemaId {
        self.enqueue(doc, format!("{ptr}/{}", escape_token(key)))
    }

    fn additional(&mut self, doc: usize, o: &[(String, Json)], ptr: &str, key: &str) -> Option<Additional> {
        match get(o, key)? {
            Json::Bool(b) => Some(Additional::Bool(*b)),
            _ => Some(Additional::Schema(self.sub(doc, ptr, key))),
        }
    }

    fn regex(&self, doc: usize, text: &str, ptr: &str, keyword: &str) -> Result<Regex, String> {
        go_regex(text).map_err(|e| {
            format!(
                "invalid regex {} at {}: {e}",
                crate::gotmpl::quote::quote(text),
                crate::gotmpl::quote::quote(&format!("{}#{ptr}/{keyword}", self.docs[doc].url))
            )
        })
    }

    fn compile(&mut self, doc: usize, node: &Json, ptr: &str) -> Result<Schema, String> {
        let draft = self.docs[doc].draft;
        let mut s = Schema { doc, draft, ..Schema::default() };
        let o = match node {
            Json::Bool(b) => {
                s.boolean = Some(*b);
                return Ok(s);
            }
            Json::Object(o) => o,
            _ => return Ok(s),
        };
        let num = |k: &str| match get(o, k) {
            Some(Json::Number(f)) => Dec::from_f64(*f),
            _ => None,
        };
        let int = |k: &str| num(k).filter(|d| d.is_int()).map(|d| d.to_f64() as i64);
        let strings = |v: &Json| -> Vec<String> {
            match v {
                Json::Array(a) => a.iter().filter_map(|x| if let Json::String(s) = x { Some(s.clone()) } else { None }).collect(),
                _ => Vec::new(),
            }
        };
        if let Some(Json::String(r)) = get(o, "$ref") {
            s.reference = Some(self.resolve_ref(doc, r)?);
            if draft < 2019 {
                return Ok(s);
            }
        }
        // applicators
        for (key, list) in [("allOf", 0), ("anyOf", 1), ("oneOf", 2)] {
            if let Some(Json::Array(a)) = get(o, key) {
                let ids: Vec<SchemaId> = (0..a.len()).map(|i| self.enqueue(doc, format!("{ptr}/{key}/{i}"))).collect();
                match list {
                    0 => s.all_of = ids,
                    1 => s.any_of = ids,
                    _ => s.one_of = ids,
                }
            }
        }
        if get(o, "not").is_some() {
            s.not = Some(self.sub(doc, ptr, "not"));
        }
        if draft < 2020 {
            match get(o, "items") {
                Some(Json::Array(a)) => {
                    s.items_list = Some((0..a.len()).map(|i| self.enqueue(doc, format!("{ptr}/items/{i}"))).collect());
                    s.additional_items = self.additional(doc, o, ptr, "additionalItems");
                }
                Some(_) => s.items = Some(self.sub(doc, ptr, "items")),
                None => {}
            }
        }
        if let Some(Json::Object(props)) = get(o, "properties") {
            s.properties = props.iter().map(|(k, _)| (k.clone(), self.enqueue(doc, format!("{ptr}/properties/{}", escape_token(k))))).collect();
        }
        if let Some(Json::Object(props)) = get(o, "patternProperties") {
            for (k, _) in props {
                let re = self.regex(doc, k, ptr, "patternProperties")?;
                let id = self.enqueue(doc, format!("{ptr}/patternProperties/{}", escape_token(k)));
                s.pattern_properties.push((re, id));
            }
        }
        s.additional_properties = self.additional(doc, o, ptr, "additionalProperties");
        if let Some(Json::Object(deps)) = get(o, "dependencies") {
            for (k, v) in deps {
                let d = match v {
                    Json::Array(_) => Dependency::Props(strings(v)),
                    _ => Dependency::Schema(self.enqueue(doc, format!("{ptr}/dependencies/{}", escape_token(k)))),
                };
                s.dependencies.push((k.clone(), d));
            }
        }
        // validation
        if let Some(t) = get(o, "type") {
            let names = match t {
                Json::String(n) => vec![n.clone()],
                other => strings(other),
            };
            s.types = names.iter().filter_map(|n| JType::from_name(n)).fold(0, |acc, t| acc | t as u32);
        }
        if let Some(Json::Array(e)) = get(o, "enum") {
            s.enumeration = Some(e.clone());
        }
        s.multiple_of = num("multipleOf");
        s.maximum = num("maximum");
        if get(o, "exclusiveMaximum") == Some(&Json::Bool(true)) {
            s.exclusive_maximum = s.maximum.take();
        } else {
            s.exclusive_maximum = num("exclusiveMaximum");
        }
        s.minimum = num("minimum");
        if get(o, "exclusiveMinimum") == Some(&Json::Bool(true)) {
            s.exclusive_minimum = s.minimum.take();
        } else {
            s.exclusive_minimum = num("exclusiveMinimum");
        }
        s.min_length = int("minLength");
        s.max_length = int("maxLength");
        if let Some(Json::String(p)) = get(o, "pattern") {
            s.pattern = Some((self.regex(doc, p, ptr, "pattern")?, p.clone()));
        }
        s.min_items = int("minItems");
        s.max_items = int("maxItems");
        s.unique_items = get(o, "uniqueItems") == Some(&Json::Bool(true));
        s.max_properties = int("maxProperties");
        s.min_properties = int("minProperties");
        if let Some(r) = get(o, "required") {
            s.required = strings(r);
        }
        if self.docs[doc].assert_format {
            if let Some(Json::String(f)) = get(o, "format") {
                s.format = Format::named(f);
            }
        }
        if draft >= 6 {
            if get(o, "contains").is_some() {
                s.contains = Some(self.sub(doc, ptr, "contains"));
            }
            if get(o, "propertyNames").is_some() {
                s.property_names = Some(self.sub(doc, ptr, "propertyNames"));
            }
            if let Some(c) = get(o, "const") {
                s.constant = Some(c.clone());
            }
        }
        if draft >= 7 && get(o, "if").is_some() {
            s.if_ = Some(self.sub(doc, ptr, "if"));
            let b = match get(o, "if") {
                Some(Json::Bool(b)) => Some(*b),
                _ => None,
            };
            if b != Some(false) && get(o, "then").is_some() {
                s.then = Some(self.sub(doc, ptr, "then"));
            }
            if b != Some(true) && get(o, "else").is_some() {
                s.else_ = Some(self.sub(doc, ptr, "else"));
            }
        }
        if draft >= 2019 {
            if let Some(Json::String(r)) = get(o, "$recursiveRef") {
                s.recursive_ref = Some(self.resolve_ref(doc, r)?);
            }
            if s.contains.is_some() {
                s.min_contains = int("minContains");
                s.max_contains = int("maxContains");
            }
            if let Some(Json::Object(m)) = get(o, "dependentRequired") {
                s.dependent_required = m.iter().filter(|(_, v)| matches!(v, Json::Array(_))).map(|(k, v)| (k.clone(), strings(v))).collect();
            }
            if let Some(Json::Object(m)) = get(o, "dependentSchemas") {
                s.dependent_schemas =
                    m.iter().map(|(k, _)| (k.clone(), self.enqueue(doc, format!("{ptr}/dependentSchemas/{}", escape_token(k))))).collect();
            }
        }
        if draft >= 2020 {
            if let Some(Json::String(r)) = get(o, "$dynamicRef") {
                let target = self.resolve_ref(doc, r)?;
                let frag = r.split_once('#').map_or("", |(_, f)| f);
                let anchor = if frag.is_empty() || frag.starts_with('/') { String::new() } else { frag.to_string() };
                s.dynamic_ref = Some((target, anchor));
            }
            if let Some(Json::Array(a)) = get(o, "prefixItems") {
                s.prefix_items = (0..a.len()).map(|i| self.enqueue(doc, format!("{ptr}/prefixItems/{i}"))).collect();
            }
            if get(o, "items").is_some() {
                s.items = Some(self.sub(doc, ptr, "items"));
            }
        }
        Ok(s)
    }

    /// Whether the schema is its document's root with `$recursiveAnchor: true`.
    pub fn recursive_anchor(&self, sid: SchemaId) -> bool {
        let d = &self.docs[self.schemas[sid].doc];
        matches!(&d.json, Json::Object(o) if get(o, "$recursiveAnchor") == Some(&Json::Bool(true)))
    }

    /// Whether the schema carries `$dynamicAnchor: name`.
    pub fn has_dynamic_anchor(&self, sid: SchemaId, name: &str) -> bool {
        self.dynamic_anchors.get(&(self.schemas[sid].doc, name.to_string())) == Some(&sid)
    }
}

impl Default for Compiler {
    fn default() -> Compiler {
        Compiler::new()
    }
}
