//! JSON out exactly as Go's `encoding/json` (`json.Marshal`, `json.MarshalIndent`) writes an
//! `interface{}`: map keys sorted by bytes, `<`, `>`, `&`, U+2028 and U+2029 escaped, floats in
//! Go's format. Generator hashes and Argo CD's repo-server output depend on these bytes.

use super::value::Value;
use super::write::WriteError;
use crate::golang::strconv::{format_float_g, format_float_json};

/// `json.Marshal(v)`.
pub fn to_json(v: &Value) -> Result<String, WriteError> {
    let mut out = String::new();
    write_json(&mut out, v, None, 0)?;
    Ok(out)
}

/// `json.MarshalIndent(v, "", indent)`.
pub fn to_json_indent(v: &Value, indent: &str) -> Result<String, WriteError> {
    let mut out = String::new();
    write_json(&mut out, v, Some(indent), 0)?;
    Ok(out)
}

fn newline(out: &mut String, indent: Option<&str>, depth: usize) {
    if let Some(ind) = indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(ind);
        }
    }
}

fn write_json(out: &mut String, v: &Value, indent: Option<&str>, depth: usize) -> Result<(), WriteError> {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Uint(u) => out.push_str(&u.to_string()),
        Value::Float(f) => {
            let s = format_float_json(*f).ok_or_else(|| WriteError::UnsupportedValue(format_float_g(*f)))?;
            out.push_str(&s);
        }
        Value::Str(s) => write_json_string(out, s),
        Value::Seq(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, depth + 1);
                write_json(out, item, indent, depth + 1)?;
            }
            newline(out, indent, depth);
            out.push(']');
        }
        Value::Map(entries) => {
            if entries.is_empty() {
                out.push_str("{}");
                return Ok(());
            }
            let mut sorted: Vec<&(String, Value)> = entries.iter().collect();
            sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (k, item)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, depth + 1);
                write_json_string(out, k);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write_json(out, item, indent, depth + 1)?;
            }
            newline(out, indent, depth);
            out.push('}');
        }
    }
    Ok(())
}

/// A JSON string literal as encoding/json writes it (HTML-safe escaping on).
pub fn write_json_string(out: &mut String, s: &str) {
    write_json_string_with(out, s, true);
}

/// A JSON string literal as encoding/json writes it; `escape_html` is the encoder's
/// `SetEscapeHTML` (`<`, `>`, `&` as `\u003c`…).
pub fn write_json_string_with(out: &mut String, s: &str, escape_html: bool) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < '\u{20}' || (escape_html && matches!(c, '<' | '>' | '&')) => {
                let b = c as u32;
                out.push_str("\\u00");
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 0xF) as usize] as char);
            }
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_json() {
        let v = Value::Map(vec![
            ("b".into(), Value::Seq(vec![Value::Int(1), Value::Float(1.5), Value::Float(1e21)])),
            ("a".into(), Value::Str("<x>&\u{2028}\u{1b}\"".into())),
            ("c".into(), Value::Map(vec![])),
        ]);
        assert_eq!(to_json(&v).unwrap(), r#"{"a":"\u003cx\u003e\u0026\u2028\u001b\"","b":[1,1.5,1e+21],"c":{}}"#);
        assert_eq!(
            to_json_indent(&v, "  ").unwrap(),
            "{\n  \"a\": \"\\u003cx\\u003e\\u0026\\u2028\\u001b\\\"\",\n  \"b\": [\n    1,\n    1.5,\n    1e+21\n  ],\n  \"c\": {}\n}"
        );
        assert!(to_json(&Value::Float(f64::NAN)).is_err());
    }
}
