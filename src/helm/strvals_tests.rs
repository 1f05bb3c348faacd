//! `--set` expressions parsed as Helm's own `pkg/strvals` parsed them
//! (`fixtures/helm-units/strvals.jsonl`, recorded by `fixtures/gen-strvals.py`).

use super::*;
use crate::sprig::jsonread::{parse as parse_json, Json};

/// Python's `json.dumps(v, sort_keys=True, ensure_ascii=False)` of a value, which is how the
/// expected column was written.
fn py_json(v: &Value, out: &mut String) {
    match v {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i, _) => out.push_str(&i.to_string()),
        // The expected column went through Python's json, which reads Go's `-0` as the int 0.
        Value::Float(f) if *f == 0.0 => out.push('0'),
        Value::Float(f) => out.push_str(&crate::golang::strconv::format_float_json(*f).unwrap()),
        Value::String(s) => py_str(s, out),
        Value::List(l) => {
            out.push('[');
            for (n, x) in l.items.iter().enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                py_json(x, out);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push('{');
            for (n, (k, x)) in m.entries().iter().enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                py_str(k, out);
                out.push_str(": ");
                py_json(x, out);
            }
            out.push('}');
        }
        other => panic!("unexpected value {other:?}"),
    }
}

fn py_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Every number is `int64` after `--set` and `float64` after `--set-json`.
fn number_types(v: &Value, mode: Mode) -> bool {
    match v {
        Value::Int(_, t) => mode == Mode::Set && *t == crate::gotmpl::IntTy::Int64,
        Value::Float(_) => mode == Mode::Json,
        Value::List(l) => l.items.iter().all(|x| number_types(x, mode)),
        Value::Map(m) => m.entries().values().all(|x| number_types(x, mode)),
        _ => true,
    }
}

fn field<'a>(j: &'a Json, key: &str) -> Option<&'a str> {
    match j {
        Json::Object(e) => e.iter().find(|(k, _)| k == key).and_then(|(_, v)| match v {
            Json::String(s) => Some(s.as_str()),
            _ => None,
        }),
        _ => None,
    }
}

#[test]
fn expressions_parse_as_helm() {
    let data = include_str!("../../fixtures/helm-units/strvals.jsonl");
    let mut failures = Vec::new();
    for line in data.lines().filter(|l| !l.is_empty()) {
        let case = parse_json(line).unwrap();
        let mode = match field(&case, "mode").unwrap() {
            "set" => Mode::Set,
            "string" => Mode::String,
            "json" => Mode::Json,
            "literal" => Mode::Literal,
            m => panic!("mode {m}"),
        };
        let expr = field(&case, "expr").unwrap();
        let got = parse(expr, mode, None).map(|v| {
            assert!(number_types(&v, mode), "{expr}: number types");
            let mut s = String::new();
            py_json(&v, &mut s);
            s
        });
        let want = match (field(&case, "expected"), field(&case, "error")) {
            (Some(e), _) => Ok(e.to_string()),
            (_, Some(e)) => Err(e.to_string()),
            _ => panic!("bad case {line}"),
        };
        if got != want {
            failures.push(format!("{mode:?} {expr:?}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn applies_into_existing_values() {
    let base = crate::helm::values::load_values(b"a: {b: 1, l: [x, y]}\nkeep: 1\n").unwrap();
    let m = base.as_map().unwrap().clone();
    parse_into("a.c=2,a.l[1]=z", &m, Mode::Set, None).unwrap();
    let mut s = String::new();
    py_json(&base, &mut s);
    assert_eq!(s, r#"{"a": {"b": 1, "c": 2, "l": ["x", "z"]}, "keep": 1}"#);
    // A failing expression leaves the keys it set before failing.
    assert_eq!(
        parse_into("n=1,keep.x=2", &m, Mode::Set, None).unwrap_err(),
        "unable to parse key: interface conversion: interface {} is float64, not map[string]interface {}"
    );
    assert!(m.contains_key("n"));
    let files = |p: &str| if p == "f.txt" { Ok("file text".to_string()) } else { Err(format!("open {p}: no such file or directory")) };
    parse_into("t=f.txt", &m, Mode::File, Some(&files)).unwrap();
    assert_eq!(m.get("t").unwrap().as_str(), Some("file text"));
    assert_eq!(parse_into("u=nope", &m, Mode::File, Some(&files)).unwrap_err(), "open nope: no such file or directory");
}
