//! YAML out, byte for byte as `sigs.k8s.io/yaml` writes it: the value goes through Go's
//! `encoding/json`, is read back by go-yaml v2 (numbers re-resolved, strings as double-quoted
//! scalars), and go-yaml v2's emitter (a port of libyaml's) prints it with keys in go-yaml's
//! natural order. The emitter below keeps libyaml's state (column, whitespace, indention, indent
//! stack) so line breaks, folding at 80 columns and indicator spacing come out the same.

use super::resolve::{is_base60_float, resolve, Dialect, Resolved};
use super::value::Value;
use crate::golang::strconv::{format_float_g, format_float_json};

/// Why a value cannot be printed (the same cases make kustomize and helm fail).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    #[error("json: unsupported value: {0}")]
    UnsupportedValue(String),
    #[error("yaml: control characters are not allowed")]
    ControlCharacter,
}

/// One document as `sigs.k8s.io/yaml.Marshal` (or `JSONToYAML`) prints it.
pub fn to_yaml(v: &Value) -> Result<String, WriteError> {
    let mut e = Emitter::new();
    e.document(v)?;
    Ok(e.out)
}

/// One document as go-yaml v3's `Encoder` with `SetIndent(indent)` prints a value it is given
/// directly (not through JSON): floats in Go's `%g` form (`1.2345678e+07`), sequences indented
/// under their keys, no line folding. (Helm's `toYamlPretty`.)
pub fn to_yaml_v3(v: &Value, indent: usize) -> Result<String, WriteError> {
    let mut e = Emitter::new();
    e.v3 = true;
    e.best_indent = indent as i32;
    e.best_width = usize::MAX / 2;
    e.document(v)?;
    Ok(e.out)
}

/// Appends one document to `out`.
pub fn write_yaml(out: &mut String, v: &Value) -> Result<(), WriteError> {
    let mut e = Emitter { out: std::mem::take(out), ..Emitter::new() };
    let r = e.document(v);
    *out = e.out;
    r
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

#[derive(Default)]
struct Analysis {
    multiline: bool,
    flow_plain_allowed: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

struct Emitter {
    out: String,
    column: usize,
    indent: i32,
    indents: Vec<i32>,
    whitespace: bool,
    indention: bool,
    root_context: bool,
    mapping_context: bool,
    simple_key_context: bool,
    flow_level: usize,
    best_indent: i32,
    best_width: usize,
    /// go-yaml v3's encoder (see [`to_yaml_v3`]).
    v3: bool,
}

/// The text of a scalar as go-yaml v2 has it after reading the JSON, with the style its encoder
/// asks for.
struct Scalar<'a> {
    text: std::borrow::Cow<'a, str>,
    style: ScalarStyle,
}

const BEST_WIDTH: usize = 80;

impl Emitter {
    fn new() -> Emitter {
        Emitter {
            out: String::new(),
            column: 0,
            indent: -1,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
            root_context: false,
            mapping_context: false,
            simple_key_context: false,
            flow_level: 0,
            best_indent: 2,
            best_width: BEST_WIDTH,
            v3: false,
        }
    }

    fn document(&mut self, v: &Value) -> Result<(), WriteError> {
        self.indent = -1;
        self.column = 0;
        self.whitespace = true;
        self.indention = true;
        self.node(v, true, false, false)?;
        self.write_indent();
        Ok(())
    }

    // ----- low-level output, as libyaml's put/write/write_indent/write_indicator -----

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, indicator: &str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { self.best_indent } else { 0 };
        } else if !indentless {
            self.indent += self.best_indent;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    // ----- nodes -----

    fn node(&mut self, v: &Value, root: bool, mapping: bool, simple_key: bool) -> Result<(), WriteError> {
        self.root_context = root;
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match v {
            Value::Seq(items) if items.is_empty() => self.empty_flow("[", "]"),
            Value::Map(entries) if entries.is_empty() => self.empty_flow("{", "}"),
            Value::Seq(items) => self.block_sequence(items)?,
            Value::Map(entries) => self.block_mapping(entries)?,
            scalar => {
                let s = if self.v3 { scalar_of_v3(scalar) } else { scalar_of(scalar)? };
                self.scalar(&s.text, s.style);
            }
        }
        Ok(())
    }

    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.flow_level += 1;
        self.flow_level -= 1;
        self.pop_indent();
        self.write_indicator(close, false, false, false);
    }

    fn block_sequence(&mut self, items: &[Value]) -> Result<(), WriteError> {
        let indentless = !self.v3 && self.mapping_context && !self.indention;
        self.increase_indent(false, indentless);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, false, false, false)?;
        }
        self.pop_indent();
        Ok(())
    }

    fn block_mapping(&mut self, entries: &[(String, Value)]) -> Result<(), WriteError> {
        self.increase_indent(false, false);
        let mut keys: Vec<(Scalar, &Value)> = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            keys.push((if self.v3 { string_scalar_v3(k) } else { string_scalar(k)? }, v));
        }
        crate::golang::sort::sort_by(&mut keys, |a, b| key_less(&a.0.text, &b.0.text));
        for (key, value) in &keys {
            self.write_indent();
            let analysis = analyze(&key.text);
            // A simple key is a one-line scalar of at most 128 bytes.
            if !analysis.multiline && key.text.len() <= 128 {
                self.root_context = false;
                self.mapping_context = true;
                self.simple_key_context = true;
                self.scalar(&key.text, key.style);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.root_context = false;
                self.mapping_context = true;
                self.simple_key_context = false;
                self.scalar(&key.text, key.style);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.node(value, false, true, false)?;
        }
        self.pop_indent();
        Ok(())
    }

    fn scalar(&mut self, value: &str, requested: ScalarStyle) {
        let a = analyze(value);
        let style = self.select_style(value, requested, &a);
        self.increase_indent(true, false);
        let allow_breaks = !self.simple_key_context;
        match style {
            ScalarStyle::Plain => self.write_plain(value, allow_breaks),
            ScalarStyle::SingleQuoted => self.write_single_quoted(value, allow_breaks),
            ScalarStyle::DoubleQuoted => self.write_double_quoted(value, allow_breaks),
            ScalarStyle::Literal => self.write_literal(value),
        }
        self.pop_indent();
    }

    fn select_style(&self, value: &str, requested: ScalarStyle, a: &Analysis) -> ScalarStyle {
        let mut style = requested;
        if self.simple_key_context && a.multiline {
            style = ScalarStyle::DoubleQuoted;
        }
        if style == ScalarStyle::Plain {
            if (self.flow_level > 0 && !a.flow_plain_allowed) || (self.flow_level == 0 && !a.block_plain_allowed) {
                style = ScalarStyle::SingleQuoted;
            }
            if value.is_empty() && (self.flow_level > 0 || self.simple_key_context) {
                style = ScalarStyle::SingleQuoted;
            }
        }
        if style == ScalarStyle::SingleQuoted && !a.single_quoted_allowed {
            style = ScalarStyle::DoubleQuoted;
        }
        if style == ScalarStyle::Literal && (!a.block_allowed || self.flow_level > 0 || self.simple_key_context) {
            style = ScalarStyle::DoubleQuoted;
        }
        style
    }

    // ----- scalar writers -----

    fn write_plain(&mut self, value: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let b = value.as_bytes();
        // Fast path: an ASCII word (no blanks, no breaks) is copied as is.
        if !b.is_empty() && b.iter().all(|&c| c.is_ascii() && c != b' ' && c != b'\n' && c != b'\r') {
            self.out.push_str(value);
            self.column += b.len();
            self.whitespace = false;
            self.indention = false;
            return;
        }
        let mut spaces = false;
        let mut breaks = false;
        let mut i = 0;
        while i < b.len() {
            if b[i] == b' ' {
                if allow_breaks && !spaces && self.column > self.best_width && at(b, i + 1) != b' ' {
                    self.write_indent();
                    i += 1;
                } else {
                    i = self.write_char(value, i);
                }
                spaces = true;
            } else if is_break(b, i) {
                if !breaks && b[i] == b'\n' {
                    self.put_break();
                }
                i = self.write_break(value, i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                i = self.write_char(value, i);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, value: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let b = value.as_bytes();
        let mut spaces = false;
        let mut breaks = false;
        let mut i = 0;
        while i < b.len() {
            if b[i] == b' ' {
                if allow_breaks
                    && !spaces
                    && self.column > self.best_width
                    && i > 0
                    && i < b.len() - 1
                    && at(b, i + 1) != b' '
                {
                    self.write_indent();
                    i += 1;
                } else {
                    i = self.write_char(value, i);
                }
                spaces = true;
            } else if is_break(b, i) {
                if !breaks && b[i] == b'\n' {
                    self.put_break();
                }
                i = self.write_break(value, i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if b[i] == b'\'' {
                    self.put('\'');
                }
                i = self.write_char(value, i);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, value: &str, allow_breaks: bool) {
        let mut spaces = false;
        self.write_indicator("\"", true, false, false);
        let b = value.as_bytes();
        let starts_with_bom = b.starts_with(&[0xEF, 0xBB, 0xBF]);
        let mut i = 0;
        while i < b.len() {
            if !is_printable(b, i) || starts_with_bom || is_break(b, i) || b[i] == b'"' || b[i] == b'\\' {
                let ch = value[i..].chars().next().expect("char boundary");
                i += ch.len_utf8();
                self.put('\\');
                match ch as u32 {
                    0x00 => self.put('0'),
                    0x07 => self.put('a'),
                    0x08 => self.put('b'),
                    0x09 => self.put('t'),
                    0x0A => self.put('n'),
                    0x0B => self.put('v'),
                    0x0C => self.put('f'),
                    0x0D => self.put('r'),
                    0x1B => self.put('e'),
                    0x22 => self.put('"'),
                    0x5C => self.put('\\'),
                    0x85 => self.put('N'),
                    0xA0 => self.put('_'),
                    0x2028 => self.put('L'),
                    0x2029 => self.put('P'),
                    v => {
                        let (c, w) = if v <= 0xFF {
                            ('x', 2)
                        } else if v <= 0xFFFF {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(c);
                        for k in (0..w).rev() {
                            let digit = (v >> (k * 4)) & 0xF;
                            self.put(std::char::from_digit(digit, 16).expect("hex digit").to_ascii_uppercase());
                        }
                    }
                }
                spaces = false;
            } else if b[i] == b' ' {
                if allow_breaks && !spaces && self.column > self.best_width && i > 0 && i < b.len() - 1 {
                    self.write_indent();
                    if at(b, i + 1) == b' ' {
                        self.put('\\');
                    }
                    i += 1;
                } else {
                    i = self.write_char(value, i);
                }
                spaces = true;
            } else {
                i = self.write_char(value, i);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, value: &str) {
        self.write_indicator("|", true, false, false);
        self.write_block_hints(value);
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let b = value.as_bytes();
        let mut breaks = true;
        let mut i = 0;
        while i < b.len() {
            if is_break(b, i) {
                i = self.write_break(value, i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                i = self.write_char(value, i);
                self.indention = false;
                breaks = false;
            }
        }
    }

    fn write_block_hints(&mut self, value: &str) {
        let b = value.as_bytes();
        if at(b, 0) == b' ' || is_break(b, 0) {
            let hint = char::from(b'0' + self.best_indent as u8).to_string();
            self.write_indicator(&hint, false, false, false);
        }
        let chomp = if b.is_empty() {
            Some("-")
        } else {
            let mut i = b.len() - 1;
            while b[i] & 0xC0 == 0x80 {
                i -= 1;
            }
            if !is_break(b, i) {
                Some("-")
            } else if i == 0 {
                Some("+")
            } else {
                i -= 1;
                while b[i] & 0xC0 == 0x80 {
                    i -= 1;
                }
                is_break(b, i).then_some("+")
            }
        };
        if let Some(c) = chomp {
            self.write_indicator(c, false, false, false);
        }
    }

    /// Copies one character; returns the index after it.
    fn write_char(&mut self, value: &str, i: usize) -> usize {
        let ch = value[i..].chars().next().expect("char boundary");
        self.out.push(ch);
        self.column += 1;
        i + ch.len_utf8()
    }

    /// Copies one line break (`\n` is written as the configured break).
    fn write_break(&mut self, value: &str, i: usize) -> usize {
        if value.as_bytes()[i] == b'\n' {
            self.put_break();
            i + 1
        } else {
            let next = self.write_char(value, i);
            self.column = 0;
            next
        }
    }
}

fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

fn is_break(b: &[u8], i: usize) -> bool {
    let c = at(b, i);
    c == b'\r'
        || c == b'\n'
        || (c == 0xC2 && at(b, i + 1) == 0x85)
        || (c == 0xE2 && at(b, i + 1) == 0x80 && (at(b, i + 2) == 0xA8 || at(b, i + 2) == 0xA9))
}

fn is_blankz(b: &[u8], i: usize) -> bool {
    let c = at(b, i);
    c == b' ' || c == b'\t' || c == 0 || is_break(b, i)
}

fn is_printable(b: &[u8], i: usize) -> bool {
    let c = at(b, i);
    let c1 = at(b, i + 1);
    let c2 = at(b, i + 2);
    c == 0x0A
        || (0x20..=0x7E).contains(&c)
        || (c == 0xC2 && c1 >= 0xA0)
        || (c > 0xC2 && c < 0xED)
        || (c == 0xED && c1 < 0xA0)
        || c == 0xEE
        || (c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)))
}

fn utf8_width(c: u8) -> usize {
    if c & 0x80 == 0 {
        1
    } else if c & 0xE0 == 0xC0 {
        2
    } else if c & 0xF0 == 0xE0 {
        3
    } else {
        4
    }
}

/// libyaml's `yaml_emitter_analyze_scalar` (with `unicode` on, as go-yaml sets it).
fn analyze(value: &str) -> Analysis {
    let b = value.as_bytes();
    // Fast path: a word of letters, digits and `_-./` (not starting with `-` or `.`) has no
    // indicators, blanks, breaks or special characters.
    if !b.is_empty() && b[0].is_ascii_alphanumeric() && b.iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b'/')) {
        return Analysis { multiline: false, flow_plain_allowed: true, block_plain_allowed: true, single_quoted_allowed: true, block_allowed: true };
    }
    if b.is_empty() {
        return Analysis {
            multiline: false,
            flow_plain_allowed: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators = false;
    let mut flow_indicators = false;
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut previous_space = false;
    let mut previous_break = false;

    if b.starts_with(b"---") || b.starts_with(b"...") {
        block_indicators = true;
        flow_indicators = true;
    }
    let mut preceded_by_whitespace = true;
    let mut i = 0;
    while i < b.len() {
        let w = utf8_width(b[i]);
        let followed_by_whitespace = i + w >= b.len() || at(b, i + w) == b' ' || at(b, i + w) == b'\t';
        if i == 0 {
            match b[i] {
                b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\'' | b'"' | b'%'
                | b'@' | b'`' => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                b'?' | b':' => {
                    flow_indicators = true;
                    if followed_by_whitespace {
                        block_indicators = true;
                    }
                }
                b'-' if followed_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        } else {
            match b[i] {
                b',' | b'?' | b'[' | b']' | b'{' | b'}' => flow_indicators = true,
                b':' => {
                    flow_indicators = true;
                    if followed_by_whitespace {
                        block_indicators = true;
                    }
                }
                b'#' if preceded_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        }
        if !is_printable(b, i) {
            special_characters = true;
        }
        if b[i] == b' ' {
            if i == 0 {
                leading_space = true;
            }
            if i + w == b.len() {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(b, i) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if i + w == b.len() {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(b, i);
        i += w;
    }
    let mut a = Analysis {
        multiline: line_breaks,
        flow_plain_allowed: true,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if flow_indicators {
        a.flow_plain_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// A non-string value as go-yaml v2 prints it after reading it back from JSON.
fn scalar_of(v: &Value) -> Result<Scalar<'_>, WriteError> {
    let plain = |s: String| Scalar { text: s.into(), style: ScalarStyle::Plain };
    Ok(match v {
        Value::Null => plain("null".into()),
        Value::Bool(b) => plain(b.to_string()),
        Value::Int(i) => plain(i.to_string()),
        Value::Uint(u) => plain(u.to_string()),
        Value::Float(f) => {
            let json = format_float_json(*f).ok_or_else(|| WriteError::UnsupportedValue(format_float_g(*f)))?;
            match resolve(&json, Dialect::V2) {
                Resolved::Int(i) => plain(i.to_string()),
                Resolved::Uint(u) => plain(u.to_string()),
                Resolved::Float(x) => plain(format_float_g(x)),
                _ => plain(json),
            }
        }
        Value::Str(s) => string_scalar(s)?,
        Value::Seq(_) | Value::Map(_) => unreachable!("collections are not scalars"),
    })
}

/// go-yaml v3's scalars of Go values: `strconv.FormatFloat(f, 'g', -1, 64)` for floats.
fn scalar_of_v3(v: &Value) -> Scalar<'_> {
    let plain = |s: String| Scalar { text: s.into(), style: ScalarStyle::Plain };
    match v {
        Value::Null => plain("null".into()),
        Value::Bool(b) => plain(b.to_string()),
        Value::Int(i) => plain(i.to_string()),
        Value::Uint(u) => plain(u.to_string()),
        Value::Float(f) if f.is_nan() => plain(".nan".into()),
        Value::Float(f) if f.is_infinite() => plain(if *f > 0.0 { ".inf".into() } else { "-.inf".into() }),
        Value::Float(f) => plain(format_float_g(*f)),
        Value::Str(s) => string_scalar_v3(s),
        Value::Seq(_) | Value::Map(_) => unreachable!("collections are not scalars"),
    }
}

/// go-yaml v3's `stringv`: plain unless the text would resolve to another type (with v3's
/// rules) or is a YAML 1.1 boolean or base-60 float.
fn string_scalar_v3(s: &str) -> Scalar<'_> {
    let old_bool = matches!(s, "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF");
    let can_plain = resolve(s, Dialect::V3) == Resolved::Str && !is_base60_float(s) && !old_bool;
    let style = if s.contains('\n') {
        ScalarStyle::Literal
    } else if can_plain {
        ScalarStyle::Plain
    } else {
        ScalarStyle::DoubleQuoted
    };
    Scalar { text: s.into(), style }
}

/// go-yaml v2's `stringv`: plain when the text would read back as the same string, a literal
/// block when it has a newline, double quotes otherwise. The text is first what go-yaml v2 reads
/// out of the JSON string: raw NEL characters fold like line breaks in a double-quoted scalar.
fn string_scalar(s: &str) -> Result<Scalar<'_>, WriteError> {
    let text = json_string_as_read(s)?;
    let can_plain = resolve(&text, Dialect::V2) == Resolved::Str && !is_base60_float(&text);
    let style = if text.contains('\n') {
        ScalarStyle::Literal
    } else if can_plain {
        ScalarStyle::Plain
    } else {
        ScalarStyle::DoubleQuoted
    };
    Ok(Scalar { text, style })
}

/// What go-yaml v2 reads back from `json.Marshal(s)`: encoding/json escapes control characters,
/// quotes, U+2028 and U+2029, but leaves DEL, C1 controls and U+FFFE/U+FFFF raw, which the YAML
/// reader rejects, and NEL (U+0085) raw, which the double-quoted scanner folds as a line break.
fn json_string_as_read(s: &str) -> Result<std::borrow::Cow<'_, str>, WriteError> {
    if !s.chars().any(|c| c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) || c == '\u{fffe}' || c == '\u{ffff}') {
        return Ok(s.into());
    }
    if s.chars().any(|c| c != '\u{85}' && (c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) || c >= '\u{fffe}' && c <= '\u{ffff}')) {
        return Err(WriteError::ControlCharacter);
    }
    Ok(fold_breaks(s).into())
}

/// Line folding of a double-quoted scalar whose only raw line breaks are NEL: blanks around a
/// break are dropped, one break becomes a space, n breaks become n-1 newlines.
fn fold_breaks(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' || c == '\t' || c == '\u{85}' {
            // Collect a run of blanks and breaks.
            let start = i;
            let mut whitespace = String::new();
            let mut breaks = 0;
            while i < chars.len() && matches!(chars[i], ' ' | '\t' | '\u{85}') {
                if chars[i] == '\u{85}' {
                    breaks += 1;
                } else if breaks == 0 {
                    whitespace.push(chars[i]);
                }
                i += 1;
            }
            let _ = start;
            if breaks == 0 {
                out.push_str(&whitespace);
            } else if breaks == 1 {
                out.push(' ');
            } else {
                for _ in 1..breaks {
                    out.push('\n');
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_go_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        c.is_alphabetic()
    }
}

fn is_go_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        c.is_numeric()
    }
}

/// go-yaml v2's `keyList.Less` for string keys: letters compare by code point and sort before
/// non-letters, digit runs compare by numeric value.
pub fn key_less(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return key_less_chars(a.as_bytes(), b.as_bytes());
    }
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    key_less_chars(&ar, &br)
}

fn key_less_chars<C: Copy + PartialOrd + PartialEq + Into<char>>(ar: &[C], br: &[C]) -> bool {
    let ch = |x: C| -> char { x.into() };
    for i in 0..ar.len().min(br.len()) {
        if ar[i] == br[i] {
            continue;
        }
        let al = is_go_letter(ch(ar[i]));
        let bl = is_go_letter(ch(br[i]));
        if al && bl {
            return ch(ar[i]) < ch(br[i]);
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ch(ar[i]) == '0' || ch(br[i]) == '0' {
            let mut j = i;
            while j > 0 && is_go_digit(ch(ar[j - 1])) {
                j -= 1;
                if ch(ar[j]) != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && is_go_digit(ch(ar[ai])) {
            an = an.wrapping_mul(10).wrapping_add(ch(ar[ai]) as i64 - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && is_go_digit(ch(br[bi])) {
            bn = bn.wrapping_mul(10).wrapping_add(ch(br[bi]) as i64 - '0' as i64);
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ch(ar[i]) < ch(br[i]);
    }
    ar.len() < br.len()
}
