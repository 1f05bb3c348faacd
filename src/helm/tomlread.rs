//! A TOML 1.0 reader for `fromToml` (BurntSushi/toml decoding into `map[string]interface {}`):
//! integers are `int64`, floats `float64`, datetimes `time.Time`, tables
//! `map[string]interface {}`, arrays `[]interface {}`. Errors read as the library's
//! (`toml: line N (last key "k"): message`).

use crate::gotmpl::{Map, Str, Type, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

struct P<'a> {
    s: &'a [u8],
    i: usize,
    line: usize,
    last_key: String,
}

type R<T> = Result<T, String>;

impl P<'_> {
    fn err(&self, msg: impl std::fmt::Display) -> String {
        if self.last_key.is_empty() {
            format!("toml: line {}: {msg}", self.line)
        } else {
            format!("toml: line {} (last key {:?}): {msg}", self.line, self.last_key)
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    /// Skips blanks, comments and newlines.
    fn ws_nl(&mut self) {
        loop {
            self.ws();
            match self.peek() {
                Some(b'#') => {
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.i += 1;
                    }
                }
                Some(b'\n') => {
                    self.i += 1;
                    self.line += 1;
                }
                Some(b'\r') if self.s.get(self.i + 1) == Some(&b'\n') => self.i += 1,
                _ => return,
            }
        }
    }

    fn expect_eol(&mut self) -> R<()> {
        self.ws();
        match self.peek() {
            None | Some(b'\n') | Some(b'#') => Ok(()),
            Some(b'\r') if self.s.get(self.i + 1) == Some(&b'\n') => Ok(()),
            Some(c) => Err(self.err(format!("expected a top-level item to end with a newline, comment, or EOF, but got {:?} instead", c as char))),
        }
    }

    fn bare_key(&mut self) -> R<String> {
        let start = self.i;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_' || c == b'-') {
            self.i += 1;
        }
        if start == self.i {
            return Err(match self.peek() {
                None => self.err("unexpected EOF; expected key name"),
                Some(c) => self.err(format!("bare keys cannot contain {:?}", c as char)),
            });
        }
        Ok(String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }

    fn key(&mut self) -> R<Vec<String>> {
        let mut parts = Vec::new();
        loop {
            self.ws();
            let part = match self.peek() {
                Some(b'"') => self.basic_string()?,
                Some(b'\'') => self.literal_string()?,
                _ => self.bare_key()?,
            };
            parts.push(part);
            self.ws();
            if self.peek() == Some(b'.') {
                self.i += 1;
                continue;
            }
            return Ok(parts);
        }
    }

    fn basic_string(&mut self) -> R<String> {
        if self.s[self.i..].starts_with(b"\"\"\"") {
            return self.multiline_basic();
        }
        self.i += 1;
        let mut out = Vec::new();
        loop {
            match self.peek() {
                None | Some(b'\n') => return Err(self.err("unexpected EOF; expected '\"'")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(String::from_utf8_lossy(&out).into_owned());
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(c) => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn escape(&mut self, out: &mut Vec<u8>) -> R<()> {
        self.i += 1;
        let c = self.peek().ok_or_else(|| self.err("unexpected EOF"))?;
        self.i += 1;
        let simple = match c {
            b'b' => Some(8u8),
            b't' => Some(b'\t'),
            b'n' => Some(b'\n'),
            b'f' => Some(12),
            b'r' => Some(b'\r'),
            b'e' => Some(27),
            b'"' => Some(b'"'),
            b'\\' => Some(b'\\'),
            _ => None,
        };
        if let Some(b) = simple {
            out.push(b);
            return Ok(());
        }
        let n = match c {
            b'u' => 4,
            b'U' => 8,
            b'x' => 2,
            _ => return Err(self.err(format!("invalid escape character {:?}; only the following escape characters are allowed: \\b, \\t, \\n, \\f, \\r, \\\", \\\\, \\uXXXX, and \\UXXXXXXXX", c as char))),
        };
        let hex = self.s.get(self.i..self.i + n).ok_or_else(|| self.err("unexpected EOF"))?;
        let v = u32::from_str_radix(std::str::from_utf8(hex).unwrap_or("x"), 16).map_err(|_| self.err("invalid escape"))?;
        self.i += n;
        let ch = char::from_u32(v).ok_or_else(|| self.err(format!("invalid escape: '\\u{v:x}' is not a valid unicode code point")))?;
        let mut buf = [0u8; 4];
        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        Ok(())
    }

    fn multiline_basic(&mut self) -> R<String> {
        self.i += 3;
        if self.peek() == Some(b'\n') {
            self.i += 1;
            self.line += 1;
        }
        let mut out = Vec::new();
        loop {
            if self.s[self.i..].starts_with(b"\"\"\"") {
                self.i += 3;
                while self.peek() == Some(b'"') && out.len() < usize::MAX {
                    out.push(b'"');
                    self.i += 1;
                }
                return Ok(String::from_utf8_lossy(&out).into_owned());
            }
            match self.peek() {
                None => return Err(self.err("unexpected EOF; expected '\"\"\"'")),
                Some(b'\\') => {
                    let mut j = self.i + 1;
                    while matches!(self.s.get(j), Some(b' ' | b'\t' | b'\r')) {
                        j += 1;
                    }
                    if self.s.get(j) == Some(&b'\n') {
                        self.i = j;
                        self.ws_nl();
                    } else {
                        self.escape(&mut out)?;
                    }
                }
                Some(c) => {
                    if c == b'\n' {
                        self.line += 1;
                    }
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn literal_string(&mut self) -> R<String> {
        if self.s[self.i..].starts_with(b"'''") {
            self.i += 3;
            if self.peek() == Some(b'\n') {
                self.i += 1;
                self.line += 1;
            }
            let start = self.i;
            loop {
                if self.s[self.i..].starts_with(b"'''") {
                    let mut end = self.i;
                    self.i += 3;
                    while self.peek() == Some(b'\'') {
                        self.i += 1;
                        end += 1;
                    }
                    return Ok(String::from_utf8_lossy(&self.s[start..end]).into_owned());
                }
                match self.peek() {
                    None => return Err(self.err("unexpected EOF; expected \"'''\"")),
                    Some(b'\n') => self.line += 1,
                    _ => {}
                }
                self.i += 1;
            }
        }
        self.i += 1;
        let start = self.i;
        loop {
            match self.peek() {
                None | Some(b'\n') => return Err(self.err("unexpected EOF; expected \"'\"")),
                Some(b'\'') => {
                    let s = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
                    self.i += 1;
                    return Ok(s);
                }
                _ => self.i += 1,
            }
        }
    }

    fn value(&mut self) -> R<Value> {
        self.ws();
        match self.peek() {
            None | Some(b'\n') | Some(b'#') => Err(self.err("unexpected EOF; expected value")),
            Some(b'"') => Ok(Value::from(self.basic_string()?)),
            Some(b'\'') => Ok(Value::from(self.literal_string()?)),
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws_nl();
                    if self.peek() == Some(b']') {
                        self.i += 1;
                        return Ok(Value::list(items));
                    }
                    items.push(self.value()?);
                    self.ws_nl();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Value::list(items));
                        }
                        None => return Err(self.err("unexpected EOF; expected array separator ','")),
                        Some(c) => return Err(self.err(format!("expected a comma (',') or array terminator (']'), but got '{}'", c as char))),
                    }
                }
            }
            Some(b'{') => {
                self.i += 1;
                let table = Rc::new(Map::new(Type::AnyMap, BTreeMap::new()));
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return Ok(Value::Map(table));
                }
                loop {
                    let key = self.key()?;
                    self.ws();
                    if self.peek() != Some(b'=') {
                        return Err(self.err("expected key separator '='"));
                    }
                    self.i += 1;
                    let v = self.value()?;
                    self.insert(&table, &key, v)?;
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Value::Map(table));
                        }
                        _ => return Err(self.err("expected a comma or an inline table terminator '}'")),
                    }
                }
            }
            Some(_) => self.scalar(),
        }
    }

    fn scalar(&mut self) -> R<Value> {
        let start = self.i;
        while matches!(self.peek(), Some(c) if !matches!(c, b',' | b']' | b'}' | b'\n' | b'#' | b'\r')) {
            self.i += 1;
        }
        let raw = String::from_utf8_lossy(&self.s[start..self.i]).trim_end().to_string();
        self.i = start + raw.len();
        match raw.as_str() {
            "true" => return Ok(Value::Bool(true)),
            "false" => return Ok(Value::Bool(false)),
            "inf" | "+inf" => return Ok(Value::Float(f64::INFINITY)),
            "-inf" => return Ok(Value::Float(f64::NEG_INFINITY)),
            "nan" | "+nan" | "-nan" => return Ok(Value::Float(f64::NAN)),
            _ => {}
        }
        let b = raw.as_bytes();
        if (b.len() >= 10 && b[4] == b'-' && b[7] == b'-') || (b.len() >= 8 && b[2] == b':' && b[5] == b':') {
            return match crate::sprig::toml::datetime(&raw) {
                Some(t) => Ok(crate::sprig::date::funcs::Time::value(t)),
                None => Err(self.err(format!("invalid datetime: {raw:?}"))),
            };
        }
        let body = raw.trim_start_matches(['+', '-']);
        let digits_ok = |s: &str, radix: u32| !s.is_empty() && !s.starts_with('_') && !s.ends_with('_') && !s.contains("__") && s.chars().all(|c| c == '_' || c.is_digit(radix));
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
            if let Some(d) = raw.strip_prefix(prefix) {
                if digits_ok(d, radix) {
                    if let Ok(v) = i64::from_str_radix(&d.replace('_', ""), radix) {
                        return Ok(Value::int64(v));
                    }
                }
                return Err(self.err(format!("invalid integer: {raw:?}")));
            }
        }
        if digits_ok(body, 10) && !(body.len() > 1 && body.starts_with('0')) {
            let clean = raw.replace('_', "");
            return clean.parse::<i64>().map(Value::int64).map_err(|_| self.err(format!("integer {raw:?} is out of range")));
        }
        let clean = raw.replace('_', "");
        let float_ok = !body.starts_with('.') && !body.ends_with('.') && !body.contains("._") && !body.contains("_.");
        if float_ok && clean.bytes().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')) {
            if let Ok(f) = clean.parse::<f64>() {
                return Ok(Value::Float(f));
            }
        }
        Err(self.err(format!("expected value but found {raw:?} instead")))
    }

    /// Inserts `key = v` under `table`, creating intermediate tables for dotted keys.
    fn insert(&mut self, table: &Rc<Map>, key: &[String], v: Value) -> R<()> {
        let mut t = table.clone();
        for part in &key[..key.len() - 1] {
            let next = match t.get(part) {
                Some(Value::Map(m)) => m,
                Some(_) => return Err(self.err(format!("Key '{}' has already been defined.", part))),
                None => {
                    let m = Rc::new(Map::new(Type::AnyMap, BTreeMap::new()));
                    t.insert(Str::from(part.as_str()), Value::Map(m.clone()));
                    m
                }
            };
            t = next;
        }
        let last = &key[key.len() - 1];
        self.last_key = key.join(".");
        if t.contains_key(last) {
            return Err(self.err(format!("Key '{}' has already been defined.", key.join("."))));
        }
        t.insert(Str::from(last.as_str()), v);
        Ok(())
    }
}

/// Decodes a TOML document into a `map[string]interface {}`.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut p = P { s: text.as_bytes(), i: 0, line: 1, last_key: String::new() };
    let root = Rc::new(Map::new(Type::AnyMap, BTreeMap::new()));
    let mut current = root.clone();
    let mut defined_tables: Vec<String> = Vec::new();
    loop {
        p.ws_nl();
        let Some(c) = p.peek() else { break };
        if c == b'[' {
            let array = p.s.get(p.i + 1) == Some(&b'[');
            p.i += if array { 2 } else { 1 };
            let key = p.key()?;
            let close: &[u8] = if array { b"]]" } else { b"]" };
            if !p.s[p.i..].starts_with(close) {
                return Err(p.err("unexpected end of table name (table names cannot be empty)"));
            }
            p.i += close.len();
            p.expect_eol()?;
            p.last_key = key.join(".");
            let mut t = root.clone();
            for (n, part) in key.iter().enumerate() {
                let last = n + 1 == key.len();
                let next = match t.get(part) {
                    Some(Value::Map(m)) if !(last && array) => m,
                    Some(Value::List(l)) if !last => match l.items.last() {
                        Some(Value::Map(m)) => m.clone(),
                        _ => return Err(p.err(format!("Key '{part}' was already created as a type other than table."))),
                    },
                    Some(Value::List(l)) if last && array => {
                        let m = Rc::new(Map::new(Type::AnyMap, BTreeMap::new()));
                        let mut items = l.items.clone();
                        items.push(Value::Map(m.clone()));
                        t.insert(Str::from(part.as_str()), Value::list(items));
                        m
                    }
                    Some(_) => return Err(p.err(format!("Key '{}' has already been defined.", key[..=n].join(".")))),
                    None => {
                        let m = Rc::new(Map::new(Type::AnyMap, BTreeMap::new()));
                        if last && array {
                            t.insert(Str::from(part.as_str()), Value::list(vec![Value::Map(m.clone())]));
                        } else {
                            t.insert(Str::from(part.as_str()), Value::Map(m.clone()));
                        }
                        m
                    }
                };
                t = next;
            }
            if !array {
                let name = key.join(".");
                if defined_tables.contains(&name) {
                    return Err(p.err(format!("Key '{name}' has already been defined.")));
                }
                defined_tables.push(name);
            }
            current = t;
            continue;
        }
        let key = p.key()?;
        p.last_key = key.join(".");
        p.ws();
        if p.peek() != Some(b'=') {
            return Err(p.err(format!("expected key separator '=', but got {:?} instead", p.peek().map_or(' ', |c| c as char))));
        }
        p.i += 1;
        let v = p.value()?;
        p.insert(&current, &key, v)?;
        p.expect_eol()?;
    }
    Ok(Value::Map(root))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burntsushi_toml() {
        let v = parse("a = 1\nb = \"x\"\n[server]\nport = 8080\n[[p]]\nn = 1\n[[p]]\nn = 2").unwrap();
        assert_eq!(crate::gotmpl::fmt::print_one(&v), "map[a:1 b:x p:[map[n:1] map[n:2]] server:map[port:8080]]");
        assert_eq!(parse("a = ").unwrap_err(), "toml: line 1 (last key \"a\"): unexpected EOF; expected value");
        assert_eq!(parse("a = 1\na = 2").unwrap_err(), "toml: line 2 (last key \"a\"): Key 'a' has already been defined.");
    }
}
