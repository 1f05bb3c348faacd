//! Coalescing checked against the values the reference Helm gave a parent chart and its
//! subchart (`fixtures/helm-units/coalesce.jsonl`, recorded by `fixtures/gen-coalesce.py`).

use super::*;
use crate::helm::values::load_values;
use crate::sprig::jsonread::{parse, Json};

fn field<'a>(j: &'a Json, key: &str) -> &'a str {
    match j {
        Json::Object(e) => match e.iter().find(|(k, _)| k == key) {
            Some((_, Json::String(s))) => s,
            _ => panic!("no {key}"),
        },
        _ => panic!("not an object"),
    }
}

fn chart(name: &str, values: &str, deps: Vec<Chart>) -> Chart {
    let mut c = Chart::default();
    c.metadata.name = name.into();
    c.values = Some(load_values(values.as_bytes()).unwrap());
    c.dependencies = deps;
    c
}

#[test]
fn parent_and_subchart_values_as_helm() {
    let data = include_str!("../../fixtures/helm-units/coalesce.jsonl");
    let mut n = 0;
    for line in data.lines().filter(|l| !l.is_empty()) {
        let case = parse(line).unwrap();
        let name = field(&case, "name");
        let top = chart("p", field(&case, "parent"), vec![chart("sub", field(&case, "sub"), Vec::new())]);
        let user = load_values(field(&case, "user").as_bytes()).unwrap();
        let root = coalesce_values(&top, &user).unwrap();
        let root = Value::Map(root);
        assert_eq!(crate::sprig::json::marshal(&root).unwrap(), field(&case, "root"), "{name}: root values");
        let sub = root.as_map().unwrap().get("sub").unwrap();
        assert_eq!(crate::sprig::json::marshal(&sub).unwrap(), field(&case, "subvalues"), "{name}: subchart values");
        n += 1;
    }
    assert!(n >= 14);
}

#[test]
fn conflicts_are_logged() {
    let _ = crate::helm::log::take();
    let top = chart("p", "a: {b: {c: 1}, d: 1}\n", vec![chart("sub", "t: {x: 1}\n", Vec::new())]);
    let user = load_values(b"a: {b: 5, d: {e: 1}}\n").unwrap();
    coalesce_values(&top, &user).unwrap();
    assert_eq!(
        crate::helm::log::take(),
        [
            "level=INFO msg=\"warning: cannot overwrite table with non table for p.a.b (map[c:1])\"",
            "level=INFO msg=\"warning: destination for p.a.d is a table. Ignoring non-table value (1)\"",
        ]
    );
    let bad = load_values(b"sub: 3\n").unwrap();
    assert_eq!(coalesce_values(&chart("p", "{}", vec![chart("sub", "{}", Vec::new())]), &bad).unwrap_err(), "type mismatch on sub: %!t(float64=3)");
}
