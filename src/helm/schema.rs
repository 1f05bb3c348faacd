//! `values.schema.json` validation as Helm v4 does it (`ValidateAgainstSchema`, on
//! santhosh-tekuri/jsonschema v6): each chart's schema checked against its coalesced values,
//! subcharts against their own table, errors in that library's words (`- at '/replicas': got
//! string, want integer`), nested under `anyOf`/`allOf`/... as it nests them, numbers printed
//! the way its English message printer prints them (`1,000`, `1.5×10⁰⁶`).
//!
//! Supported: drafts 4, 6, 7, 2019-09 and 2020-12 (chosen by `$schema`; 2020-12 without one),
//! booleans schemas, `$ref` within the document (JSON pointers, `$id`/`$anchor` anchors; in
//! drafts before 2019 a `$ref` hides its siblings), `type`, `enum`, `const`, the object, array,
//! string and number keywords, `not`/`allOf`/`anyOf`/`oneOf`, `if`/`then`/`else`,
//! `dependencies`, `dependentRequired`, `dependentSchemas`, `propertyNames`, `contains`
//! (`minContains`/`maxContains`), `prefixItems`. Not supported: `unevaluatedProperties`/
//! `unevaluatedItems`, `$dynamicRef`/`$recursiveRef`, `format` assertions, validating the schema
//! against its metaschema, and loading other documents: a `$ref` to another file or URL is an
//! error (no network).
//!
//! The library visits object properties in Go's random map order; here they are visited in key
//! order, so several errors come out sorted.

use super::chart::Chart;
use crate::gotmpl::{Map, Type, Value};
use crate::sprig::jsonread::Json;
use regex::Regex;
use std::collections::HashMap;
use std::rc::Rc;

const ROOT_URL: &str = "file:///values.schema.json";

// ---- numbers ----------------------------------------------------------------------------

/// An exact decimal (`big.Rat` of a decimal text): mantissa × 10^exp.
#[derive(Debug, Clone, Copy)]
struct Dec {
    mant: i128,
    exp: i32,
}

impl Dec {
    /// From Go's `fmt.Sprint` of a float64 (shortest round-trip digits).
    fn from_f64(f: f64) -> Option<Dec> {
        if !f.is_finite() {
            return None;
        }
        if f == 0.0 {
            return Some(Dec { mant: 0, exp: 0 });
        }
        let s = format!("{:e}", f);
        let (m, e) = s.split_once('e')?;
        let e: i32 = e.parse().ok()?;
        let neg = m.starts_with('-');
        let digits: String = m.chars().filter(|c| c.is_ascii_digit()).collect();
        let frac_len = m.split_once('.').map_or(0, |(_, f)| f.len()) as i32;
        let mant: i128 = digits.parse().ok()?;
        Some(Dec { mant: if neg { -mant } else { mant }, exp: e - frac_len })
    }

    fn from_i64(i: i64) -> Dec {
        Dec { mant: i as i128, exp: 0 }
    }

    fn to_f64(self) -> f64 {
        format!("{}e{}", self.mant, self.exp).parse().unwrap_or(f64::NAN)
    }

    /// Both mantissas at the smaller exponent, when that fits.
    fn aligned(self, o: Dec) -> Option<(i128, i128)> {
        let e = self.exp.min(o.exp);
        let scale = |d: Dec| -> Option<i128> {
            let k = u32::try_from(d.exp - e).ok()?;
            d.mant.checked_mul(10i128.checked_pow(k)?)
        };
        Some((scale(self)?, scale(o)?))
    }

    fn cmp(self, o: Dec) -> std::cmp::Ordering {
        match self.aligned(o) {
            Some((a, b)) => a.cmp(&b),
            None => self.to_f64().partial_cmp(&o.to_f64()).unwrap_or(std::cmp::Ordering::Equal),
        }
    }

    /// Whether `self / o` is an integer.
    fn is_multiple_of(self, o: Dec) -> bool {
        match self.aligned(o) {
            Some((a, b)) => b != 0 && a % b == 0,
            None => {
                let q = self.to_f64() / o.to_f64();
                q.is_finite() && q == q.trunc()
            }
        }
    }

    fn is_int(self) -> bool {
        if self.exp >= 0 {
            return true;
        }
        match 10i128.checked_pow((-self.exp) as u32) {
            Some(p) => self.mant % p == 0,
            None => self.mant == 0,
        }
    }
}

/// `1234567` as the English message printer writes it: `1,234,567`.
fn group(int: &str) -> String {
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", int),
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// `%d` through the English message printer.
fn fmt_int(i: i64) -> String {
    group(&i.to_string())
}

/// `%v` of a float64 through the English message printer: Go's shortest form, digits grouped,
/// exponents as `×10ⁿⁿ`.
fn fmt_float(f: f64) -> String {
    let g = crate::golang::strconv::format_float_g(f);
    if let Some((mant, exp)) = g.split_once('e') {
        const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
        let (neg, digits) = match exp.as_bytes()[0] {
            b'-' => (true, &exp[1..]),
            b'+' => (false, &exp[1..]),
            _ => (false, exp),
        };
        let sup: String = digits.chars().map(|c| SUP[c.to_digit(10).unwrap_or(0) as usize]).collect();
        return format!("{mant}×10{}{sup}", if neg { "⁻" } else { "" });
    }
    match g.split_once('.') {
        Some((int, frac)) => format!("{}.{frac}", group(int)),
        None => group(&g),
    }
}

// ---- schema ------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JType {
    Null = 1,
    Boolean = 2,
    Number = 4,
    Integer = 8,
    String = 16,
    Array = 32,
    Object = 64,
}

const ALL_TYPES: [JType; 7] = [JType::Null, JType::Boolean, JType::Number, JType::Integer, JType::String, JType::Array, JType::Object];

impl JType {
    fn name(self) -> &'static str {
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

type SchemaId = usize;

#[derive(Debug, Clone)]
enum Additional {
    Bool(bool),
    Schema(SchemaId),
}

#[derive(Debug, Clone)]
enum Dependency {
    Props(Vec<String>),
    Schema(SchemaId),
}

#[derive(Debug, Clone, Default)]
struct Schema {
    draft: u32,
    boolean: Option<bool>,
    reference: Option<SchemaId>,
    types: u32,
    constant: Option<Json>,
    enumeration: Option<Vec<Json>>,
    // objects
    min_properties: Option<i64>,
    max_properties: Option<i64>,
    required: Vec<String>,
    dependencies: Vec<(String, Dependency)>,
    properties: Vec<(String, SchemaId)>,
    pattern_properties: Vec<(Regex, SchemaId)>,
    additional_properties: Option<Additional>,
    property_names: Option<SchemaId>,
    dependent_schemas: Vec<(String, SchemaId)>,
    dependent_required: Vec<(String, Vec<String>)>,
    // arrays
    min_items: Option<i64>,
    max_items: Option<i64>,
    unique_items: bool,
    items: Option<SchemaId>,
    items_list: Option<Vec<SchemaId>>,
    additional_items: Option<Additional>,
    prefix_items: Vec<SchemaId>,
    contains: Option<SchemaId>,
    min_contains: Option<i64>,
    max_contains: Option<i64>,
    // strings
    min_length: Option<i64>,
    max_length: Option<i64>,
    pattern: Option<(Regex, String)>,
    // numbers
    minimum: Option<Dec>,
    maximum: Option<Dec>,
    exclusive_minimum: Option<Dec>,
    exclusive_maximum: Option<Dec>,
    multiple_of: Option<Dec>,
    // applicators
    not: Option<SchemaId>,
    all_of: Vec<SchemaId>,
    any_of: Vec<SchemaId>,
    one_of: Vec<SchemaId>,
    if_: Option<SchemaId>,
    then: Option<SchemaId>,
    else_: Option<SchemaId>,
}

/// Go's RE2 classes spelled out for the `regex` crate (`\d`, `\s`, `\w` and `\b` are ASCII in
/// Go).
fn go_regex(pattern: &str) -> Result<Regex, String> {
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

fn get<'a>(obj: &'a [(String, Json)], key: &str) -> Option<&'a Json> {
    obj.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn escape_token(t: &str) -> String {
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

struct Compiler<'a> {
    doc: &'a Json,
    draft: u32,
    schemas: Vec<Schema>,
    by_ptr: HashMap<String, SchemaId>,
    /// JSON pointers still to compile.
    queue: Vec<(String, SchemaId)>,
    /// Anchors (`$anchor`, or `$id: "#name"` before 2019): name → pointer.
    anchors: HashMap<String, String>,
}

fn draft_from_url(url: &str) -> Option<u32> {
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

fn collect_anchors(v: &Json, ptr: &str, draft: u32, out: &mut HashMap<String, String>) {
    match v {
        Json::Object(o) => {
            if draft < 2019 {
                let id_key = if draft == 4 { "id" } else { "$id" };
                if let Some(Json::String(id)) = get(o, id_key) {
                    if let Some(a) = id.strip_prefix('#') {
                        out.entry(a.to_string()).or_insert_with(|| ptr.to_string());
                    }
                }
            } else if let Some(Json::String(a)) = get(o, "$anchor") {
                out.entry(a.clone()).or_insert_with(|| ptr.to_string());
            }
            for (k, x) in o {
                collect_anchors(x, &format!("{ptr}/{}", escape_token(k)), draft, out);
            }
        }
        Json::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                collect_anchors(x, &format!("{ptr}/{i}"), draft, out);
            }
        }
        _ => {}
    }
}

impl Compiler<'_> {
    fn enqueue(&mut self, ptr: String) -> SchemaId {
        if let Some(id) = self.by_ptr.get(&ptr) {
            return *id;
        }
        let id = self.schemas.len();
        self.schemas.push(Schema::default());
        self.by_ptr.insert(ptr.clone(), id);
        self.queue.push((ptr, id));
        id
    }

    fn resolve_ref(&mut self, r: &str) -> Result<SchemaId, String> {
        let (url, frag) = r.split_once('#').unwrap_or((r, ""));
        if !url.is_empty() && url != ROOT_URL && url != "values.schema.json" {
            let target = if url.contains("://") { url.to_string() } else { format!("file:///{}", url.trim_start_matches("./")) };
            return Err(format!(
                "failing loading {}: schemas outside values.schema.json are not loaded by krender (no network or file access)",
                crate::gotmpl::quote::quote(&target)
            ));
        }
        let frag = percent_decode(frag).ok_or_else(|| format!("error in parsing {}", crate::gotmpl::quote::quote(r)))?;
        let ptr = if frag.is_empty() || frag.starts_with('/') {
            frag.clone()
        } else {
            match self.anchors.get(&frag) {
                Some(p) => p.clone(),
                None => {
                    return Err(format!(
                        "anchor in {} not found in schema {}",
                        crate::gotmpl::quote::quote(&format!("{ROOT_URL}#{frag}")),
                        crate::gotmpl::quote::quote(ROOT_URL)
                    ))
                }
            }
        };
        if lookup(self.doc, &ptr).is_none() {
            return Err(format!("json-pointer in {} not found", crate::gotmpl::quote::quote(&format!("{ROOT_URL}#{ptr}"))));
        }
        Ok(self.enqueue(ptr))
    }

    fn compile_all(&mut self) -> Result<(), String> {
        while let Some((ptr, id)) = self.queue.pop() {
            let node = lookup(self.doc, &ptr).cloned().unwrap_or(Json::Null);
            let s = self.compile(&node, &ptr)?;
            self.schemas[id] = s;
        }
        Ok(())
    }

    fn sub(&mut self, ptr: &str, key: &str) -> SchemaId {
        self.enqueue(format!("{ptr}/{}", escape_token(key)))
    }

    fn compile(&mut self, node: &Json, ptr: &str) -> Result<Schema, String> {
        let mut s = Schema { draft: self.draft, ..Schema::default() };
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
            s.reference = Some(self.resolve_ref(r)?);
            if self.draft < 2019 {
                return Ok(s);
            }
        }
        // applicators
        for (key, list) in [("allOf", 0), ("anyOf", 1), ("oneOf", 2)] {
            if let Some(Json::Array(a)) = get(o, key) {
                let ids: Vec<SchemaId> = (0..a.len()).map(|i| self.enqueue(format!("{ptr}/{key}/{i}"))).collect();
                match list {
                    0 => s.all_of = ids,
                    1 => s.any_of = ids,
                    _ => s.one_of = ids,
                }
            }
        }
        if get(o, "not").is_some() {
            s.not = Some(self.sub(ptr, "not"));
        }
        if self.draft < 2020 {
            match get(o, "items") {
                Some(Json::Array(a)) => {
                    s.items_list = Some((0..a.len()).map(|i| self.enqueue(format!("{ptr}/items/{i}"))).collect());
                    s.additional_items = self.additional(o, ptr, "additionalItems");
                }
                Some(_) => s.items = Some(self.sub(ptr, "items")),
                None => {}
            }
        }
        if let Some(Json::Object(props)) = get(o, "properties") {
            s.properties = props.iter().map(|(k, _)| (k.clone(), self.enqueue(format!("{ptr}/properties/{}", escape_token(k))))).collect();
        }
        if let Some(Json::Object(props)) = get(o, "patternProperties") {
            for (k, _) in props {
                let re = go_regex(k).map_err(|e| {
                    format!(
                        "invalid regex {} at {}: {e}",
                        crate::gotmpl::quote::quote(k),
                        crate::gotmpl::quote::quote(&format!("{ROOT_URL}#{ptr}/patternProperties"))
                    )
                })?;
                let id = self.enqueue(format!("{ptr}/patternProperties/{}", escape_token(k)));
                s.pattern_properties.push((re, id));
            }
        }
        s.additional_properties = self.additional(o, ptr, "additionalProperties");
        if let Some(Json::Object(deps)) = get(o, "dependencies") {
            for (k, v) in deps {
                let d = match v {
                    Json::Array(_) => Dependency::Props(strings(v)),
                    _ => Dependency::Schema(self.enqueue(format!("{ptr}/dependencies/{}", escape_token(k)))),
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
            let re = go_regex(p).map_err(|e| {
                format!(
                    "invalid regex {} at {}: {e}",
                    crate::gotmpl::quote::quote(p),
                    crate::gotmpl::quote::quote(&format!("{ROOT_URL}#{ptr}/pattern"))
                )
            })?;
            s.pattern = Some((re, p.clone()));
        }
        s.min_items = int("minItems");
        s.max_items = int("maxItems");
        s.unique_items = get(o, "uniqueItems") == Some(&Json::Bool(true));
        s.max_properties = int("maxProperties");
        s.min_properties = int("minProperties");
        if let Some(r) = get(o, "required") {
            s.required = strings(r);
        }
        if self.draft >= 6 {
            if get(o, "contains").is_some() {
                s.contains = Some(self.sub(ptr, "contains"));
            }
            if get(o, "propertyNames").is_some() {
                s.property_names = Some(self.sub(ptr, "propertyNames"));
            }
            if let Some(c) = get(o, "const") {
                s.constant = Some(c.clone());
            }
        }
        if self.draft >= 7 && get(o, "if").is_some() {
            s.if_ = Some(self.sub(ptr, "if"));
            let b = match get(o, "if") {
                Some(Json::Bool(b)) => Some(*b),
                _ => None,
            };
            if b != Some(false) && get(o, "then").is_some() {
                s.then = Some(self.sub(ptr, "then"));
            }
            if b != Some(true) && get(o, "else").is_some() {
                s.else_ = Some(self.sub(ptr, "else"));
            }
        }
        if self.draft >= 2019 {
            if s.contains.is_some() {
                s.min_contains = int("minContains");
                s.max_contains = int("maxContains");
            }
            if let Some(Json::Object(m)) = get(o, "dependentRequired") {
                s.dependent_required = m.iter().filter(|(_, v)| matches!(v, Json::Array(_))).map(|(k, v)| (k.clone(), strings(v))).collect();
            }
            if let Some(Json::Object(m)) = get(o, "dependentSchemas") {
                s.dependent_schemas =
                    m.iter().map(|(k, _)| (k.clone(), self.enqueue(format!("{ptr}/dependentSchemas/{}", escape_token(k))))).collect();
            }
        }
        if self.draft >= 2020 {
            if let Some(Json::Array(a)) = get(o, "prefixItems") {
                s.prefix_items = (0..a.len()).map(|i| self.enqueue(format!("{ptr}/prefixItems/{i}"))).collect();
            }
            if get(o, "items").is_some() {
                s.items = Some(self.sub(ptr, "items"));
            }
        }
        Ok(s)
    }

    fn additional(&mut self, o: &[(String, Json)], ptr: &str, key: &str) -> Option<Additional> {
        match get(o, key)? {
            Json::Bool(b) => Some(Additional::Bool(*b)),
            _ => Some(Additional::Schema(self.sub(ptr, key))),
        }
    }
}

// ---- errors ------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Kind {
    Group,
    Reference,
    FalseSchema,
    RefCycle,
    InvalidJson(String),
    Type { got: &'static str, want: Vec<&'static str> },
    Enum(Vec<Json>),
    Const(Json),
    MinProperties(i64, i64),
    MaxProperties(i64, i64),
    Required(Vec<String>),
    Dependency(String, Vec<String>),
    DependentRequired(String, Vec<String>),
    AdditionalProperties(Vec<String>),
    PropertyNames(String),
    MinItems(i64, i64),
    MaxItems(i64, i64),
    UniqueItems(usize, usize),
    AdditionalItems(usize),
    Contains,
    MinContains(Vec<usize>, i64),
    MaxContains(Vec<usize>, i64),
    MinLength(i64, i64),
    MaxLength(i64, i64),
    Pattern(String, String),
    Minimum(Dec, Dec),
    Maximum(Dec, Dec),
    ExclusiveMinimum(Dec, Dec),
    ExclusiveMaximum(Dec, Dec),
    MultipleOf(Dec, Dec),
    Not,
    AllOf,
    AnyOf,
    OneOf(Option<(usize, usize)>),
}

/// The library's `quote`: Go's `%q` in single quotes.
fn squote(s: &str) -> String {
    let q = crate::gotmpl::quote::quote(s);
    let inner = &q[1..q.len() - 1];
    format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
}

fn join_quoted(items: &[String]) -> String {
    items.iter().map(|s| squote(s)).collect::<Vec<_>>().join(", ")
}

/// `display` of an enum/const value.
fn display(v: &Json) -> String {
    match v {
        Json::String(s) => squote(s),
        Json::Array(_) | Json::Object(_) => "value".into(),
        Json::Null => "<nil>".into(),
        Json::Bool(b) => b.to_string(),
        Json::Number(f) => crate::golang::strconv::format_float_g(*f),
    }
}

impl Kind {
    fn message(&self) -> String {
        let f = |d: &Dec| fmt_float(d.to_f64());
        let n = |i: &i64| fmt_int(*i);
        match self {
            Kind::Group | Kind::Reference => "validation failed".into(),
            Kind::FalseSchema => "false schema".into(),
            Kind::RefCycle => "reference cycle".into(),
            Kind::InvalidJson(t) => format!("invalid jsonType {t}"),
            Kind::Type { got, want } => format!("got {got}, want {}", want.join(" or ")),
            Kind::Enum(want) => {
                if want.iter().any(|w| matches!(w, Json::Array(_) | Json::Object(_))) {
                    "'enum' failed".into()
                } else if want.len() == 1 {
                    format!("value must be {}", display(&want[0]))
                } else {
                    format!("value must be one of {}", want.iter().map(display).collect::<Vec<_>>().join(", "))
                }
            }
            Kind::Const(want) => match want {
                Json::Array(_) | Json::Object(_) => "'const' failed".into(),
                w => format!("value must be {}", display(w)),
            },
            Kind::MinProperties(g, w) => format!("minProperties: got {}, want {}", n(g), n(w)),
            Kind::MaxProperties(g, w) => format!("maxProperties: got {}, want {}", n(g), n(w)),
            Kind::Required(m) => {
                if m.len() == 1 {
                    format!("missing property {}", squote(&m[0]))
                } else {
                    format!("missing properties {}", join_quoted(m))
                }
            }
            Kind::Dependency(p, m) | Kind::DependentRequired(p, m) => format!("properties {} required, if {} exists", join_quoted(m), squote(p)),
            Kind::AdditionalProperties(p) => format!("additional properties {} not allowed", join_quoted(p)),
            Kind::PropertyNames(p) => format!("invalid propertyName {}", squote(p)),
            Kind::MinItems(g, w) => format!("minItems: got {}, want {}", n(g), n(w)),
            Kind::MaxItems(g, w) => format!("maxItems: got {}, want {}", n(g), n(w)),
            Kind::UniqueItems(i, j) => format!("items at {} and {} are equal", fmt_int(*i as i64), fmt_int(*j as i64)),
            Kind::AdditionalItems(c) => format!("last {} additionalItem(s) not allowed", fmt_int(*c as i64)),
            Kind::Contains => "no items match contains schema".into(),
            Kind::MinContains(got, w) => {
                if got.is_empty() {
                    format!("min {} items required to match contains schema, but none matched", n(w))
                } else {
                    let at = got.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(" ");
                    format!("min {} items required to match contains schema, but matched {} items at {at}", n(w), fmt_int(got.len() as i64))
                }
            }
            Kind::MaxContains(got, w) => {
                let at = got.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(" ");
                format!("max {} items required to match contains schema, but matched {} items at {at}", n(w), fmt_int(got.len() as i64))
            }
            Kind::MinLength(g, w) => format!("minLength: got {}, want {}", n(g), n(w)),
            Kind::MaxLength(g, w) => format!("maxLength: got {}, want {}", n(g), n(w)),
            Kind::Pattern(g, w) => format!("{} does not match pattern {}", squote(g), squote(w)),
            Kind::Minimum(g, w) => format!("minimum: got {}, want {}", f(g), f(w)),
            Kind::Maximum(g, w) => format!("maximum: got {}, want {}", f(g), f(w)),
            Kind::ExclusiveMinimum(g, w) => format!("exclusiveMinimum: got {}, want {}", f(g), f(w)),
            Kind::ExclusiveMaximum(g, w) => format!("exclusiveMaximum: got {}, want {}", f(g), f(w)),
            Kind::MultipleOf(g, w) => format!("multipleOf: got {}, want {}", f(g), f(w)),
            Kind::Not => "'not' failed".into(),
            Kind::AllOf => "'allOf' failed".into(),
            Kind::AnyOf => "'anyOf' failed".into(),
            Kind::OneOf(None) => "'oneOf' failed, none matched".into(),
            Kind::OneOf(Some((a, b))) => format!("'oneOf' failed, subschemas {}, {} matched", fmt_int(*a as i64), fmt_int(*b as i64)),
        }
    }
}

#[derive(Debug, Clone)]
struct VErr {
    inst: Vec<String>,
    kind: Box<Kind>,
    causes: Vec<VErr>,
}

impl VErr {
    fn skip(&self) -> bool {
        self.causes.len() == 1 && matches!(*self.kind, Kind::Reference)
    }

    fn display(&self, out: &mut String, indent: usize) {
        let mut indent = indent;
        if !self.skip() {
            if indent > 0 {
                out.push('\n');
                for _ in 0..indent - 1 {
                    out.push_str("  ");
                }
                out.push_str("- ");
            }
            indent += 1;
            let ptr: String = self.inst.iter().map(|t| format!("/{}", escape_token(t))).collect();
            out.push_str(&format!("at {}: {}", squote(&ptr), self.kind.message()));
        }
        for c in &self.causes {
            c.display(out, indent);
        }
    }
}

// ---- validation --------------------------------------------------------------------------

fn type_of(v: &Value) -> Option<JType> {
    Some(match v {
        Value::Nil => JType::Null,
        Value::Bool(_) => JType::Boolean,
        Value::Int(..) | Value::Float(_) => JType::Number,
        Value::String(_) => JType::String,
        Value::List(l) if l.ty == Type::AnyList => JType::Array,
        Value::Map(m) if m.ty == Type::AnyMap => JType::Object,
        _ => return None,
    })
}

fn num_of(v: &Value) -> Option<Dec> {
    match v {
        Value::Int(i, t) if t.is_signed() => Some(Dec::from_i64(*i)),
        Value::Int(i, _) => Some(Dec { mant: *i as u64 as i128, exp: 0 }),
        Value::Float(f) => Dec::from_f64(*f),
        _ => None,
    }
}

fn json_type(j: &Json) -> JType {
    match j {
        Json::Null => JType::Null,
        Json::Bool(_) => JType::Boolean,
        Json::Number(_) => JType::Number,
        Json::String(_) => JType::String,
        Json::Array(_) => JType::Array,
        Json::Object(_) => JType::Object,
    }
}

/// `equals` of a value and a schema constant (numbers compared exactly).
fn equals_json(v: &Value, j: &Json) -> bool {
    match (v, j) {
        (Value::Nil, Json::Null) => true,
        (Value::Bool(a), Json::Bool(b)) => a == b,
        (Value::String(a), Json::String(b)) => &**a == b.as_str(),
        (Value::Int(..) | Value::Float(_), Json::Number(b)) => match (num_of(v), Dec::from_f64(*b)) {
            (Some(x), Some(y)) => x.cmp(y) == std::cmp::Ordering::Equal,
            _ => false,
        },
        (Value::List(l), Json::Array(a)) => l.items.len() == a.len() && l.items.iter().zip(a).all(|(x, y)| equals_json(x, y)),
        (Value::Map(m), Json::Object(o)) => {
            let e = m.entries();
            e.len() == o.len() && o.iter().all(|(k, y)| e.get(k.as_str()).is_some_and(|x| equals_json(x, y)))
        }
        _ => false,
    }
}

fn equals_values(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Int(..) | Value::Float(_), Value::Int(..) | Value::Float(_)) => match (num_of(a), num_of(b)) {
            (Some(x), Some(y)) => x.cmp(y) == std::cmp::Ordering::Equal,
            _ => false,
        },
        (Value::List(x), Value::List(y)) => x.items.len() == y.items.len() && x.items.iter().zip(&y.items).all(|(p, q)| equals_values(p, q)),
        (Value::Map(x), Value::Map(y)) => {
            let (ex, ey) = (x.entries(), y.entries());
            ex.len() == ey.len() && ex.iter().all(|(k, p)| ey.get(k).is_some_and(|q| equals_values(p, q)))
        }
        _ => false,
    }
}

struct Validator<'a> {
    schemas: &'a [Schema],
}

/// A scope: the schema applied to a value, for reference-cycle detection.
struct Scope<'s> {
    sch: SchemaId,
    vid: usize,
    parent: Option<&'s Scope<'s>>,
}

impl Validator<'_> {
    fn err(&self, inst: &[String], kind: Kind) -> VErr {
        VErr { inst: inst.to_vec(), kind: Box::new(kind), causes: Vec::new() }
    }

    /// `validate` of one value against one schema; `Err` holds the error (a group for several).
    fn validate(&self, sid: SchemaId, v: &Value, inst: &mut Vec<String>, scope: &Scope) -> Result<(), VErr> {
        crate::gotmpl::deep(|| self.validate_inner(sid, v, inst, scope))
    }

    fn validate_inner(&self, sid: SchemaId, v: &Value, inst: &mut Vec<String>, scope: &Scope) -> Result<(), VErr> {
        let s = &self.schemas[sid];
        if let Some(b) = s.boolean {
            return if b { Ok(()) } else { Err(self.err(inst, Kind::FalseSchema)) };
        }
        let mut p = scope.parent;
        while let Some(sc) = p {
            if sc.vid != scope.vid {
                break;
            }
            if sc.sch == scope.sch {
                return Err(self.err(inst, Kind::RefCycle));
            }
            p = sc.parent;
        }
        let Some(t) = type_of(v) else { return Err(self.err(inst, Kind::InvalidJson(v.type_name().to_string()))) };
        if s.types != 0 {
            let integer = t == JType::Number && num_of(v).is_some_and(|d| d.is_int());
            let matched = s.types & t as u32 != 0 || (s.types & JType::Integer as u32 != 0 && integer);
            if !matched {
                let want = ALL_TYPES.iter().filter(|x| s.types & **x as u32 != 0).map(|x| x.name()).collect();
                return Err(self.err(inst, Kind::Type { got: t.name(), want }));
            }
        }
        if let Some(c) = &s.constant {
            if !equals_json(v, c) {
                return Err(self.err(inst, Kind::Const(c.clone())));
            }
        }
        if let Some(e) = &s.enumeration {
            let matched = e.iter().any(|x| json_type(x) == t && equals_json(v, x));
            if !matched {
                return Err(self.err(inst, Kind::Enum(e.clone())));
            }
        }
        let mut errors: Vec<VErr> = Vec::new();
        if let Some(r) = s.reference {
            let res = self.validate_ref(r, v, inst, scope);
            if s.draft < 2019 {
                return res;
            }
            if let Err(e) = res {
                errors.push(e);
            }
        }
        match v {
            Value::Map(m) => self.object(s, m, inst, scope, &mut errors),
            Value::List(l) => self.array(s, &l.items, inst, scope, &mut errors),
            Value::String(st) => self.string(s, st, inst, &mut errors),
            Value::Int(..) | Value::Float(_) => self.number(s, v, inst, &mut errors),
            _ => {}
        }
        self.conditions(s, v, inst, scope, &mut errors);
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.pop().expect("one error")),
            _ => Err(VErr { inst: inst.clone(), kind: Box::new(Kind::Group), causes: errors }),
        }
    }

    /// `validateSelf`: another schema on the same value.
    fn same(&self, sid: SchemaId, v: &Value, inst: &mut Vec<String>, scope: &Scope) -> Result<(), VErr> {
        let child = Scope { sch: sid, vid: scope.vid, parent: Some(scope) };
        self.validate(sid, v, inst, &child)
    }

    /// `validateVal`: a schema on a child value.
    fn child(&self, sid: SchemaId, v: &Value, inst: &mut Vec<String>, tok: &str, scope: &Scope) -> Result<(), VErr> {
        inst.push(tok.to_string());
        let child = Scope { sch: sid, vid: scope.vid + 1, parent: Some(scope) };
        let r = self.validate(sid, v, inst, &child);
        inst.pop();
        r
    }

    fn validate_ref(&self, sid: SchemaId, v: &Value, inst: &mut Vec<String>, scope: &Scope) -> Result<(), VErr> {
        match self.same(sid, v, inst, scope) {
            Ok(()) => Ok(()),
            Err(e) => {
                let causes = if matches!(*e.kind, Kind::Group) { e.causes } else { vec![e] };
                Err(VErr { inst: inst.clone(), kind: Box::new(Kind::Reference), causes })
            }
        }
    }

    fn object(&self, s: &Schema, m: &Rc<Map>, inst: &mut Vec<String>, scope: &Scope, errors: &mut Vec<VErr>) {
        let entries: Vec<(String, Value)> = m.entries().iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        let len = entries.len() as i64;
        if let Some(w) = s.min_properties {
            if len < w {
                errors.push(self.err(inst, Kind::MinProperties(len, w)));
            }
        }
        if let Some(w) = s.max_properties {
            if len > w {
                errors.push(self.err(inst, Kind::MaxProperties(len, w)));
            }
        }
        let has = |k: &str| entries.iter().any(|(x, _)| x == k);
        let missing = |req: &[String]| -> Vec<String> { req.iter().filter(|r| !has(r)).cloned().collect() };
        let m1 = missing(&s.required);
        if !m1.is_empty() {
            errors.push(self.err(inst, Kind::Required(m1)));
        }
        let mut deps = s.dependencies.clone();
        deps.sort_by(|a, b| a.0.cmp(&b.0));
        for (pname, dep) in &deps {
            if !has(pname) {
                continue;
            }
            match dep {
                Dependency::Props(req) => {
                    let m = missing(req);
                    if !m.is_empty() {
                        errors.push(self.err(inst, Kind::Dependency(pname.clone(), m)));
                    }
                }
                Dependency::Schema(sid) => {
                    if let Err(e) = self.same(*sid, &Value::Map(m.clone()), inst, scope) {
                        errors.push(e);
                    }
                }
            }
        }
        let mut additional = Vec::new();
        for (pname, pvalue) in &entries {
            let mut evaluated = false;
            if let Some((_, sid)) = s.properties.iter().find(|(k, _)| k == pname) {
                evaluated = true;
                if let Err(e) = self.child(*sid, pvalue, inst, pname, scope) {
                    errors.push(e);
                }
            }
            for (re, sid) in &s.pattern_properties {
                if re.is_match(pname) {
                    evaluated = true;
                    if let Err(e) = self.child(*sid, pvalue, inst, pname, scope) {
                        errors.push(e);
                    }
                }
            }
            if !evaluated {
                match &s.additional_properties {
                    Some(Additional::Bool(false)) => additional.push(pname.clone()),
                    Some(Additional::Schema(sid)) => {
                        if let Err(e) = self.child(*sid, pvalue, inst, pname, scope) {
                            errors.push(e);
                        }
                    }
                    _ => {}
                }
            }
        }
        if !additional.is_empty() {
            errors.push(self.err(inst, Kind::AdditionalProperties(additional)));
        }
        if s.draft == 4 {
            return;
        }
        if let Some(sid) = s.property_names {
            for (pname, _) in &entries {
                let mut sub_inst = Vec::new();
                let root = Scope { sch: sid, vid: 0, parent: None };
                if let Err(e) = self.validate(sid, &Value::from(pname.as_str()), &mut sub_inst, &root) {
                    let causes = if matches!(*e.kind, Kind::Group) { e.causes } else { vec![e] };
                    errors.push(VErr { inst: inst.clone(), kind: Box::new(Kind::PropertyNames(pname.clone())), causes });
                }
            }
        }
        if s.draft == 6 {
            return;
        }
        let mut ds = s.dependent_schemas.clone();
        ds.sort_by(|a, b| a.0.cmp(&b.0));
        for (pname, sid) in &ds {
            if has(pname) {
                if let Err(e) = self.same(*sid, &Value::Map(m.clone()), inst, scope) {
                    errors.push(e);
                }
            }
        }
        let mut dr = s.dependent_required.clone();
        dr.sort_by(|a, b| a.0.cmp(&b.0));
        for (pname, req) in &dr {
            if has(pname) {
                let m = missing(req);
                if !m.is_empty() {
                    errors.push(self.err(inst, Kind::DependentRequired(pname.clone(), m)));
                }
            }
        }
    }

    fn array(&self, s: &Schema, arr: &[Value], inst: &mut Vec<String>, scope: &Scope, errors: &mut Vec<VErr>) {
        let len = arr.len() as i64;
        if let Some(w) = s.min_items {
            if len < w {
                errors.push(self.err(inst, Kind::MinItems(len, w)));
            }
        }
        if let Some(w) = s.max_items {
            if len > w {
                errors.push(self.err(inst, Kind::MaxItems(len, w)));
            }
        }
        if s.unique_items && arr.len() > 1 {
            'outer: for i in 1..arr.len() {
                for j in 0..i {
                    if equals_values(&arr[i], &arr[j]) {
                        errors.push(self.err(inst, Kind::UniqueItems(j, i)));
                        break 'outer;
                    }
                }
            }
        }
        let mut run = |sid: SchemaId, idx: usize, item: &Value, errors: &mut Vec<VErr>| {
            if let Err(e) = self.child(sid, item, inst, &idx.to_string(), scope) {
                errors.push(e);
            }
        };
        if s.draft < 2020 {
            let mut evaluated = 0;
            if let Some(sid) = s.items {
                for (i, item) in arr.iter().enumerate() {
                    run(sid, i, item, errors);
                }
                evaluated = arr.len();
            } else if let Some(list) = &s.items_list {
                let n = list.len().min(arr.len());
                for i in 0..n {
                    run(list[i], i, &arr[i], errors);
                }
                evaluated = n;
            }
            match &s.additional_items {
                Some(Additional::Bool(false)) if evaluated != arr.len() => {
                    errors.push(VErr { inst: inst.clone(), kind: Box::new(Kind::AdditionalItems(arr.len() - evaluated)), causes: Vec::new() });
                }
                Some(Additional::Schema(sid)) => {
                    for (i, item) in arr[evaluated..].iter().enumerate() {
                        run(*sid, i, item, errors);
                    }
                }
                _ => {}
            }
        } else {
            let evaluated = s.prefix_items.len().min(arr.len());
            for (i, item) in arr.iter().enumerate().take(evaluated) {
                run(s.prefix_items[i], i, item, errors);
            }
            if let Some(sid) = s.items {
                for (i, item) in arr[evaluated..].iter().enumerate() {
                    run(sid, i, item, errors);
                }
            }
        }
        if let Some(sid) = s.contains {
            let mut errs = Vec::new();
            let mut matched = Vec::new();
            for (i, item) in arr.iter().enumerate() {
                match self.child(sid, item, inst, &i.to_string(), scope) {
                    Err(e) => errs.push(e),
                    Ok(()) => matched.push(i),
                }
            }
            if let Some(w) = s.min_contains {
                if (matched.len() as i64) < w {
                    errors.push(VErr { inst: inst.clone(), kind: Box::new(Kind::MinContains(matched.clone(), w)), causes: errs });
                }
            } else if matched.is_empty() {
                errors.push(VErr { inst: inst.clone(), kind: Box::new(Kind::Contains), causes: errs });
            }
            if let Some(w) = s.max_contains {
                if matched.len() as i64 > w {
                    errors.push(self.err(inst, Kind::MaxContains(matched, w)));
                }
            }
        }
    }

    fn string(&self, s: &Schema, st: &str, inst: &[String], errors: &mut Vec<VErr>) {
        let n = st.chars().count() as i64;
        if let Some(w) = s.min_length {
            if n < w {
                errors.push(self.err(inst, Kind::MinLength(n, w)));
            }
        }
        if let Some(w) = s.max_length {
            if n > w {
                errors.push(self.err(inst, Kind::MaxLength(n, w)));
            }
        }
        if let Some((re, text)) = &s.pattern {
            if !re.is_match(st) {
                errors.push(self.err(inst, Kind::Pattern(st.to_string(), text.clone())));
            }
        }
    }

    fn number(&self, s: &Schema, v: &Value, inst: &[String], errors: &mut Vec<VErr>) {
        let Some(n) = num_of(v) else { return };
        use std::cmp::Ordering::*;
        if let Some(w) = s.minimum {
            if n.cmp(w) == Less {
                errors.push(self.err(inst, Kind::Minimum(n, w)));
            }
        }
        if let Some(w) = s.maximum {
            if n.cmp(w) == Greater {
                errors.push(self.err(inst, Kind::Maximum(n, w)));
            }
        }
        if let Some(w) = s.exclusive_minimum {
            if n.cmp(w) != Greater {
                errors.push(self.err(inst, Kind::ExclusiveMinimum(n, w)));
            }
        }
        if let Some(w) = s.exclusive_maximum {
            if n.cmp(w) != Less {
                errors.push(self.err(inst, Kind::ExclusiveMaximum(n, w)));
            }
        }
        if let Some(w) = s.multiple_of {
            if !n.is_multiple_of(w) {
                errors.push(self.err(inst, Kind::MultipleOf(n, w)));
            }
        }
    }

    fn conditions(&self, s: &Schema, v: &Value, inst: &mut Vec<String>, scope: &Scope, errors: &mut Vec<VErr>) {
        if let Some(sid) = s.not {
            if self.same(sid, v, inst, scope).is_ok() {
                errors.push(self.err(inst, Kind::Not));
            }
        }
        if !s.all_of.is_empty() {
            let errs: Vec<VErr> = s.all_of.iter().filter_map(|sid| self.same(*sid, v, inst, scope).err()).collect();
            if !errs.is_empty() {
                errors.push(VErr { inst: inst.clone(), kind: Box::new(Kind::AllOf), causes: errs });
            }
        }
        if !s.any_of.is_empty() {
            let mut errs = Vec::new();
            let mut matched = false;
            for sid in &s.any_of {
                match self.same(*sid, v, inst, scope) {
                    Ok(()) => {
                        matched = true;
                        break;
                    }
                    Err(e) => errs.push(e),
                }
            }
            if !matched {
                errors.push(VErr { inst: inst.clone(), kind: Box::new(Kind::AnyOf), causes: errs });
            }
        }
        if !s.one_of.is_empty() {
            let mut matched: Option<usize> = None;
            let mut errs = Vec::new();
            for (i, sid) in s.one_of.iter().enumerate() {
                match self.same(*sid, v, inst, scope) {
                    Err(e) => {
                        if matched.is_none() {
                            errs.push(e);
                        }
                    }
                    Ok(()) => match matched {
                        None => matched = Some(i),
                        Some(first) => {
                            errors.push(self.err(inst, Kind::OneOf(Some((first, i)))));
                            break;
                        }
                    },
                }
            }
            if matched.is_none() {
                errors.push(VErr { inst: inst.clone(), kind: Box::new(Kind::OneOf(None)), causes: errs });
            }
        }
        if let Some(sid) = s.if_ {
            if self.same(sid, v, inst, scope).is_ok() {
                if let Some(t) = s.then {
                    if let Err(e) = self.same(t, v, inst, scope) {
                        errors.push(e);
                    }
                }
            } else if let Some(e) = s.else_ {
                if let Err(e) = self.same(e, v, inst, scope) {
                    errors.push(e);
                }
            }
        }
    }
}

/// `ValidateAgainstSingleSchema`: `Ok`, or the text Helm puts under the chart's name.
pub fn validate_single(values: &Value, schema_json: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(schema_json);
    let doc = crate::sprig::jsonread::parse(&text)?;
    let draft = match &doc {
        Json::Object(o) => match get(o, "$schema") {
            Some(Json::String(u)) => match draft_from_url(u) {
                Some(d) => d,
                None => {
                    return Err(format!(
                        "failing loading {}: metaschemas other than the JSON Schema drafts are not loaded by krender (no network)",
                        crate::gotmpl::quote::quote(u)
                    ))
                }
            },
            _ => 2020,
        },
        _ => 2020,
    };
    let mut anchors = HashMap::new();
    collect_anchors(&doc, "", draft, &mut anchors);
    let mut c = Compiler { doc: &doc, draft, schemas: Vec::new(), by_ptr: HashMap::new(), queue: Vec::new(), anchors };
    let root = c.enqueue(String::new());
    c.compile_all()?;
    let vd = Validator { schemas: &c.schemas };
    let scope = Scope { sch: root, vid: 0, parent: None };
    let mut inst = Vec::new();
    match vd.validate(root, values, &mut inst, &scope) {
        Ok(()) => Ok(()),
        Err(e) => {
            let causes = if matches!(*e.kind, Kind::Group) { e.causes } else { vec![e] };
            let mut out = String::new();
            for c in &causes {
                c.display(&mut out, 1);
            }
            // The library's text starts with a "jsonschema validation failed" line, which Helm
            // strips; Helm adds a final newline.
            Err(format!("{}\n", out.trim_start_matches('\n')))
        }
    }
}

/// `ValidateAgainstSchema(chart, values)`: the chart's schema, then each subchart's against
/// its own table of `values`.
pub fn validate_against_schema(chart: &Chart, values: &Rc<Map>) -> Result<(), String> {
    let mut sb = String::new();
    if let Some(schema) = &chart.schema {
        if let Err(e) = validate_single(&Value::Map(values.clone()), schema) {
            sb.push_str(&format!("{}:\n{e}", chart.name()));
        }
    }
    for sub in &chart.dependencies {
        match values.get(sub.name()) {
            None | Some(Value::Nil) => {}
            Some(Value::Map(m)) if m.ty == Type::AnyMap => {
                if let Err(e) = validate_against_schema(sub, &m) {
                    sb.push_str(&e);
                }
            }
            Some(other) => sb.push_str(&format!("{}:\ninvalid type for values: expected object (map), got {}\n", sub.name(), other.type_name())),
        }
    }
    if sb.is_empty() {
        Ok(())
    } else {
        Err(sb)
    }
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
