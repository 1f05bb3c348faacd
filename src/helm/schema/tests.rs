//! Schema validation checked against the reference Helm's messages
//! (`fixtures/helm-units/schema.jsonl`, recorded by `fixtures/gen-schema.py`).

use super::number::{fmt_float, fmt_int};
use super::*;
use crate::sprig::jsonread::{parse, Json};

fn field<'a>(j: &'a Json, key: &str) -> Option<&'a str> {
    match j {
        Json::Object(e) => match e.iter().find(|(k, _)| k == key) {
            Some((_, Json::String(s))) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

#[test]
fn messages_as_helm() {
    let data = include_str!("../../../fixtures/helm-units/schema.jsonl");
    let mut failures = Vec::new();
    let mut n = 0;
    for line in data.lines().filter(|l| !l.is_empty()) {
        let case = parse(line).unwrap();
        let name = field(&case, "name").unwrap();
        let values = crate::sprig::json::from_json_value(&parse(field(&case, "values").unwrap()).unwrap());
        let got = validate_single(&values, field(&case, "schema").unwrap().as_bytes());
        let want = match field(&case, "error") {
            None => Ok(()),
            // Validation errors end with the newline Helm adds after them.
            Some(e) if e.starts_with("- ") => Err(e.to_string()),
            Some(e) => Err(e.to_string()),
        };
        if got != want {
            failures.push(format!("{name}: want {want:?}, got {got:?}"));
        }
        n += 1;
    }
    assert!(n >= 40);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn numbers_as_the_message_printer_writes_them() {
    assert_eq!(fmt_float(1000.0), "1,000");
    assert_eq!(fmt_float(2000.5), "2,000.5");
    assert_eq!(fmt_float(1234567.0), "1.234567×10⁰⁶");
    assert_eq!(fmt_float(0.00001), "1×10⁻⁰⁵");
    assert_eq!(fmt_int(65535), "65,535");
    assert_eq!(fmt_int(-1000), "-1,000");
}
