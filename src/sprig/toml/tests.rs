//! Expected columns from the helm v4.2.3 oracle (BurntSushi/toml v1.6.0 behind Helm's toToml and
//! fromToml). Values documents reach templates as helm values do: every number a float64.

use super::*;
use crate::yaml::value::Value;

/// (values.yaml `d:` document as JSON, `toToml .Values.d`)
const VALUES: &[(&str, &str)] = &[
    ("{\"m\": {\"name\": \"x\", \"port\": 80, \"ratio\": 0.5, \"enabled\": true, \"empty\": \"\", \"tags\": [\"a\", \"b\"], \"sub\": {\"k\": \"v\"}}}", "[m]\n  empty = \"\"\n  enabled = true\n  name = \"x\"\n  port = 80.0\n  ratio = 0.5\n  tags = [\"a\", \"b\"]\n  [m.sub]\n    k = \"v\"\n"),
    ("{\"x\": {\"y\": {\"z\": 1}}, \"top\": \"t\"}", "top = \"t\"\n\n[x]\n  [x.y]\n    z = 1.0\n"),
    ("{\"arr\": [{\"a\": 1}, {\"a\": 2, \"b\": {\"c\": [1, 2]}}]}", "[[arr]]\n  a = 1.0\n\n[[arr]]\n  a = 2.0\n  [arr.b]\n    c = [1.0, 2.0]\n"),
    ("{\"s\": \"quote\\\" back\\\\ nl\\n tab\\t \\u00e9 \\u0001 \\u007f\"}", "s = \"quote\\\" back\\\\ nl\\n tab\\t é \\u0001 \\u007f\"\n"),
    ("{\"n\": 12345678, \"big\": 1e+21, \"small\": 1e-07, \"neg\": -0.0, \"i\": 3}", "big = 1e+21\ni = 3.0\nn = 1.2345678e+07\nneg = -0.0\nsmall = 1e-07\n"),
    ("{\"a\": null, \"b\": 1}", "b = 1.0\n"),
    ("{\"weird key\": 1, \"\": 2, \"k.dot\": {\"x y\": 3}, \"ok-key_1\": 4}", "\"\" = 2.0\nok-key_1 = 4.0\n\"weird key\" = 1.0\n\n[\"k.dot\"]\n  \"x y\" = 3.0\n"),
    ("{\"mixed\": [1, \"two\", {\"three\": 3}], \"empty\": [], \"emptymap\": {}}", "empty = []\nmixed = [1.0, \"two\", {three = 3.0}]\n\n[emptymap]\n"),
    ("{\"nested\": [[1, 2], [{\"a\": 1}]]}", "nested = [[1.0, 2.0], [{a = 1.0}]]\n"),
    ("{\"arr\": [{\"a\": 1}, null]}", "toml: cannot encode array with nil element"),
    ("{\"t1\": {\"t2\": {\"t3\": {\"v\": 1}}, \"v2\": 2}, \"aot\": [{\"x\": {\"y\": 1}}]}", "[[aot]]\n  [aot.x]\n    y = 1.0\n\n[t1]\n  v2 = 2.0\n  [t1.t2]\n    [t1.t2.t3]\n      v = 1.0\n"),
    ("{\"list\": [null]}", "toml: cannot encode array with nil element"),
    ("{\"deep\": {\"l\": [{\"m\": [{\"n\": 1}]}]}}", "[deep]\n\n  [[deep.l]]\n\n    [[deep.l.m]]\n      n = 1.0\n"),
];
/// (template, output)
const LITERALS: &[(&str, &str)] = &[
    ("{{ toToml (dict \"a\" 1 \"b\" \"two\" \"c\" 2.5) }}", "a = 1\nb = \"two\"\nc = 2.5\n"),
    ("{{ toToml (list 1 2) }}", "[1, 2]"),
    ("{{ toToml \"x\" }}", "\"x\""),
    ("{{ toToml 3 }}", "3"),
    ("{{ toToml (dict \"t\" (toDate \"2006-01-02\" \"2020-05-06\")) }}", "t = 2020-05-06T00:00:00Z\n"),
    (
        "{{ toToml (dict \"t\" (toDate \"2006-01-02T15:04:05Z07:00\" \"2020-05-06T01:02:03.5+02:00\")) }}",
        "t = 2020-05-06T01:02:03.5+02:00\n",
    ),
    ("{{ toToml (list (dict \"a\" 1)) }}", "toml: top-level values must be Go maps or structs"),
    ("{{ toToml (dict \"u\" (int64 -5) \"f\" (float64 3)) }}", "f = 3.0\nu = -5\n"),
    ("{{ toToml (dict \"nan\" (float64 \"NaN\") \"inf\" (float64 \"-Inf\")) }}", "inf = -inf\nnan = nan\n"),
];
/// (document, `fromToml | toJson`)
const FROM: &[(&str, &str)] = &[
    ("a = 1\nb = \"x\"", "{\"a\":1,\"b\":\"x\"}"),
    ("i = 1\nf = 1.5\nb = true\ns = \"x\"", "{\"b\":true,\"f\":1.5,\"i\":1,\"s\":\"x\"}"),
    ("[server]\nport = 8080", "{\"server\":{\"port\":8080}}"),
    ("[[p]]\nn = 1\n[[p]]\nn = 2", "{\"p\":[{\"n\":1},{\"n\":2}]}"),
    ("a = ", "{\"Error\":\"toml: line 1 (last key \\\"a\\\"): unexpected EOF; expected value\"}"),
    ("a = 1\na = 2", "{\"Error\":\"toml: line 2 (last key \\\"a\\\"): Key 'a' has already been defined.\"}"),
    ("d = 1979-05-27T07:32:00Z", "{\"d\":\"1979-05-27T07:32:00Z\"}"),
    ("d = 1979-05-27T07:32:00.5-07:00", "{\"d\":\"1979-05-27T07:32:00.5-07:00\"}"),
    ("ld = 1979-05-27T07:32:00", "{\"ld\":\"1979-05-27T07:32:00Z\"}"),
    ("dd = 1979-05-27", "{\"dd\":\"1979-05-27T00:00:00Z\"}"),
    ("lt = 07:32:00", "{\"lt\":\"0000-01-01T07:32:00Z\"}"),
    ("x = [1, 2, [3]]\ny = {a = 1, b = \"c\"}", "{\"x\":[1,2,[3]],\"y\":{\"a\":1,\"b\":\"c\"}}"),
    ("big = 9223372036854775807", "{\"big\":9223372036854775807}"),
    ("h = 0xff\no = 0o17\nb = 0b11\nf = 6e-3\nn = nan\ni = -inf", ""),
    ("s = '''\nmulti\nline'''", "{\"s\":\"multi\\nline\"}"),
    ("e = 07:32:00.25\nf = 1979-05-27T07:32:00+00:00\ng = 1979-05-27 07:32:00z", "{\"e\":\"0000-01-01T07:32:00.25Z\",\"f\":\"1979-05-27T07:32:00Z\",\"g\":\"1979-05-27T07:32:00Z\"}"),
    ("a = 1979-13-27", "{\"Error\":\"toml: line 1 (last key \\\"a\\\"): invalid datetime: \\\"1979-13-27\\\"\"}"),
    ("a = 1979-05-27T25:00:00Z", "{\"Error\":\"toml: line 1 (last key \\\"a\\\"): invalid datetime: \\\"1979-05-27T25:00:00Z\\\"\"}"),
];

fn from_values(v: &Value) -> TomlValue {
    match v {
        Value::Null => TomlValue::Nil,
        Value::Bool(b) => TomlValue::Bool(*b),
        Value::Int(i) => TomlValue::Float(*i as f64),
        Value::Uint(u) => TomlValue::Float(*u as f64),
        Value::Float(f) => TomlValue::Float(*f),
        Value::Str(s) => TomlValue::Str(s.clone()),
        Value::Seq(items) => TomlValue::List(items.iter().map(from_values).collect()),
        Value::Map(entries) => TomlValue::Map(entries.iter().map(|(k, v)| (k.clone(), from_values(v))).collect()),
    }
}

fn values_doc(json: &str) -> TomlValue {
    let node = crate::yaml::read::parse_one(json.as_bytes()).unwrap();
    from_values(&crate::yaml::value::to_json_value(&node).unwrap())
}

#[test]
fn to_toml_matches_go_for_values() {
    for &(doc, want) in VALUES {
        assert_eq!(to_toml(&values_doc(doc)), want, "{doc}");
    }
}

#[test]
fn to_toml_matches_go_for_literals() {
    let t = |layout: &str, v: &str| TomlValue::Time(crate::sprig::date::to_date(layout, v));
    let map = |v: Vec<(&str, TomlValue)>| TomlValue::Map(v.into_iter().map(|(k, v)| (k.to_string(), v)).collect());
    let values = [
        map(vec![("a", TomlValue::Int(1)), ("b", TomlValue::Str("two".into())), ("c", TomlValue::Float(2.5))]),
        TomlValue::List(vec![TomlValue::Int(1), TomlValue::Int(2)]),
        TomlValue::Str("x".into()),
        TomlValue::Int(3),
        map(vec![("t", t("2006-01-02", "2020-05-06"))]),
        map(vec![("t", t("2006-01-02T15:04:05Z07:00", "2020-05-06T01:02:03.5+02:00"))]),
        TomlValue::List(vec![map(vec![("a", TomlValue::Int(1))])]),
        map(vec![("u", TomlValue::Int(-5)), ("f", TomlValue::Float(3.0))]),
        map(vec![("nan", TomlValue::Float(f64::NAN)), ("inf", TomlValue::Float(f64::NEG_INFINITY))]),
    ];
    for (v, &(template, want)) in values.iter().zip(LITERALS) {
        assert_eq!(to_toml(v), want, "{template}");
    }
    assert!(must_to_toml(&TomlValue::List(vec![TomlValue::Nil])).is_err());
}

/// Helm's `fromToml | toJson` (the reader is [`crate::helm::tomlread`]).
fn from_toml_json(doc: &str) -> String {
    use crate::gotmpl::Value as T;
    let v = crate::helm::tomlread::parse(doc).unwrap_or_else(|e| {
        let m = T::empty_map();
        m.as_map().unwrap().entries_mut().insert("Error".into(), T::from(e));
        m
    });
    crate::sprig::json::marshal(&v).unwrap_or_default()
}

#[test]
fn from_toml_matches_go() {
    for &(doc, want) in FROM {
        assert_eq!(from_toml_json(doc), want, "{doc:?}");
    }
}

#[test]
fn template_values_convert_for_the_encoder() {
    use crate::gotmpl::Value as T;
    use funcs::toml_value;
    assert_eq!(toml_value(&T::Complex(1.0, 0.0)), TomlValue::Unsupported("complex128"));
    assert_eq!(encode(&TomlValue::Map(vec![("c".into(), toml_value(&T::Complex(0.0, 1.0)))])).unwrap_err(), "unsupported type: complex128");
    let t = crate::sprig::date::funcs::Time::value(crate::sprig::date::to_date("2006-01-02", "2020-05-06"));
    assert!(matches!(toml_value(&t), TomlValue::Time(_)));
}
