//! TOML for `toToml`/`fromToml`, as `github.com/BurntSushi/toml` v1.6 writes it: keys sorted,
//! plain values before tables, sub-tables indented by two spaces per level, arrays of tables as
//! `[[key]]`, floats always with a decimal point (`80.0`), nil values skipped. A value that is
//! not a table is written bare (`toToml (list 1 2)` gives `[1, 2]`).

use crate::gotmpl::{Kind, Value};

struct Enc {
    out: String,
}

/// `dblQuotedReplacer`.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn bare(k: &str) -> bool {
    !k.is_empty() && k.chars().all(|r| r.is_ascii_alphanumeric() || r == '_' || r == '-')
}

fn key_piece(k: &str) -> String {
    if k.is_empty() {
        "\"\"".into()
    } else if bare(k) {
        k.into()
    } else {
        quote(k)
    }
}

fn key_string(key: &[String]) -> String {
    key.iter().map(|k| key_piece(k)).collect::<Vec<_>>().join(".")
}

#[derive(PartialEq)]
enum TomlType {
    Nil,
    Hash,
    ArrayHash,
    Other,
}

fn is_nil(v: &Value) -> bool {
    match v {
        Value::Nil => true,
        Value::Map(m) => m.nil,
        Value::List(l) => l.nil,
        _ => false,
    }
}

fn toml_type(v: &Value) -> Result<TomlType, String> {
    if is_nil(v) {
        return Ok(TomlType::Nil);
    }
    Ok(match v {
        Value::Map(_) => TomlType::Hash,
        Value::List(l) => {
            if l.items.is_empty() {
                return Ok(TomlType::Other);
            }
            let mut all = true;
            for item in &l.items {
                let t = toml_type(item)?;
                if t == TomlType::Nil {
                    return Err("toml: cannot encode array with nil element".into());
                }
                all &= t == TomlType::Hash;
            }
            if all {
                TomlType::ArrayHash
            } else {
                TomlType::Other
            }
        }
        _ => TomlType::Other,
    })
}

/// `floatAddDecimal(strconv.FormatFloat(f, 'g', -1, 64))`.
fn float(f: f64) -> String {
    if f.is_nan() {
        return if f.is_sign_negative() { "-nan".into() } else { "nan".into() };
    }
    if f.is_infinite() {
        return if f < 0.0 { "-inf".into() } else { "inf".into() };
    }
    let s = crate::golang::strconv::format_float_g(f);
    if s.contains(['e', '.']) {
        s
    } else {
        s + ".0"
    }
}

impl Enc {
    fn newline(&mut self) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
    }

    fn indent(&self, key: &[String]) -> String {
        "  ".repeat(key.len().saturating_sub(1))
    }

    fn element(&mut self, v: &Value) -> Result<(), String> {
        match v {
            Value::String(s) => self.out.push_str(&quote(s)),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(..) => self.out.push_str(&v.as_i128().unwrap_or(0).to_string()),
            Value::Float(f) => self.out.push_str(&float(*f)),
            Value::Bytes(b) => {
                let items: Vec<String> = b.iter().map(|c| c.to_string()).collect();
                self.out.push('[');
                self.out.push_str(&items.join(", "));
                self.out.push(']');
            }
            Value::List(l) => {
                self.out.push('[');
                for (i, item) in l.items.iter().enumerate() {
                    self.element(item)?;
                    if i + 1 != l.items.len() {
                        self.out.push_str(", ");
                    }
                }
                self.out.push(']');
            }
            Value::Map(_) => self.map(&[], v, true)?,
            Value::Object(o) => match o.string() {
                Some(s) => self.out.push_str(&quote(&s)),
                None => return Err(format!("unexpected type: {}", o.type_name())),
            },
            Value::Nil => return Err("unexpected type: <nil>".into()),
            Value::Complex(..) => return Err("unexpected type: complex128".into()),
        }
        Ok(())
    }

    fn key_value(&mut self, key: &[String], v: &Value, inline: bool) -> Result<(), String> {
        if key.is_empty() {
            return self.element(v);
        }
        let line = format!("{}{} = ", self.indent(key), key_piece(&key[key.len() - 1]));
        self.out.push_str(&line);
        self.element(v)?;
        if !inline {
            self.newline();
        }
        Ok(())
    }

    fn encode(&mut self, key: &[String], v: &Value) -> Result<(), String> {
        match v {
            Value::Nil => Ok(()),
            Value::Map(m) if m.nil => Ok(()),
            Value::Map(_) => self.table(key, v),
            Value::List(_) if toml_type(v)? == TomlType::ArrayHash => self.array_of_tables(key, v),
            Value::Complex(..) => Err(format!("unsupported type for key '{}': complex128", key_string(key))),
            _ => self.key_value(key, v, false),
        }
    }

    fn array_of_tables(&mut self, key: &[String], v: &Value) -> Result<(), String> {
        if key.is_empty() {
            return Err("toml: top-level values must be Go maps or structs".into());
        }
        let Some(l) = v.as_list() else { return Ok(()) };
        for item in &l.items {
            if is_nil(item) {
                continue;
            }
            self.newline();
            let header = format!("{}[[{}]]", self.indent(key), key_string(key));
            self.out.push_str(&header);
            self.newline();
            self.map(key, item, false)?;
        }
        Ok(())
    }

    fn table(&mut self, key: &[String], v: &Value) -> Result<(), String> {
        if key.len() == 1 {
            self.newline();
        }
        if !key.is_empty() {
            let header = format!("{}[{}]", self.indent(key), key_string(key));
            self.out.push_str(&header);
            self.newline();
        }
        self.map(key, v, false)
    }

    fn map(&mut self, key: &[String], v: &Value, inline: bool) -> Result<(), String> {
        let Some(m) = v.as_map() else { return Ok(()) };
        let entries: Vec<(String, Value)> = m.entries().iter().map(|(k, x)| (k.to_string(), x.clone())).collect();
        let mut direct = Vec::new();
        let mut sub = Vec::new();
        for (k, x) in entries {
            if matches!(toml_type(&x)?, TomlType::Hash | TomlType::ArrayHash) {
                sub.push((k, x));
            } else {
                direct.push((k, x));
            }
        }
        if inline {
            self.out.push('{');
        }
        let has_sub = !sub.is_empty();
        for (group, trail) in [(direct, has_sub), (sub, false)] {
            let n = group.len();
            for (i, (k, x)) in group.into_iter().enumerate() {
                if is_nil(&x) {
                    continue;
                }
                if inline {
                    self.key_value(&[k], &x, true)?;
                    if trail || i + 1 != n {
                        self.out.push_str(", ");
                    }
                } else {
                    let mut child = key.to_vec();
                    child.push(k);
                    self.encode(&child, &x)?;
                }
            }
        }
        if inline {
            self.out.push('}');
        }
        Ok(())
    }
}

/// `toToml`: the encoded document, or the encoder's error text.
pub fn to_toml(v: &Value) -> Result<String, String> {
    let mut e = Enc { out: String::new() };
    if v.kind() == Kind::Map || !matches!(v, Value::Nil) {
        e.encode(&[], v)?;
    }
    Ok(e.out)
}

/// `fromToml`: the decoded table, or the decoder's error text.
pub fn from_toml(text: &str) -> Result<Value, String> {
    super::tomlread::parse(text)
}
