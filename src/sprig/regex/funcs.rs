//! Template functions of the regex family over [`crate::sprig::regex`]: `regexMatch`,
//! `regexFind`, `regexFindAll`, `regexReplaceAll`, `regexReplaceAllLiteral`, `regexSplit`, their
//! `must` variants, and `regexQuoteMeta`.

use crate::gotmpl::{Error, FuncMap, Type, Value};
use crate::sprig::regex as r;

fn s(a: &Value) -> &str {
    a.as_str().unwrap_or("")
}

fn int(a: &Value) -> i64 {
    a.as_i128().unwrap_or(0) as i64
}

/// A `[]string` result; `nil` (Go's nil slice, `null` in JSON) when `nil` says so.
fn strings(v: Result<Vec<String>, String>, nil: bool) -> Result<Value, Error> {
    let v = v.map_err(Error::msg)?;
    if nil {
        return Ok(Value::nil_list(Type::StringList));
    }
    Ok(Value::string_list(v))
}

fn string(v: Result<String, String>) -> Result<Value, Error> {
    v.map(Value::from).map_err(Error::msg)
}

pub fn register(f: &mut FuncMap) {
    f.add("regexMatch", "func(string, string) bool", |a| Ok(Value::Bool(r::regex_match(s(&a[0]), s(&a[1])))));
    f.add("mustRegexMatch", "func(string, string) (bool, error)", |a| r::must_regex_match(s(&a[0]), s(&a[1])).map(Value::Bool).map_err(Error::msg));
    f.add("regexFindAll", "func(string, string, int) []string", |a| {
        let v = r::regex_find_all(s(&a[0]), s(&a[1]), int(&a[2]));
        let nil = v.as_ref().is_ok_and(Vec::is_empty);
        strings(v, nil)
    });
    f.add("mustRegexFindAll", "func(string, string, int) ([]string, error)", |a| {
        let v = r::must_regex_find_all(s(&a[0]), s(&a[1]), int(&a[2]));
        let nil = v.as_ref().is_ok_and(Vec::is_empty);
        strings(v, nil)
    });
    f.add("regexFind", "func(string, string) string", |a| string(r::regex_find(s(&a[0]), s(&a[1]))));
    f.add("mustRegexFind", "func(string, string) (string, error)", |a| string(r::must_regex_find(s(&a[0]), s(&a[1]))));
    f.add("regexReplaceAll", "func(string, string, string) string", |a| string(r::regex_replace_all(s(&a[0]), s(&a[1]), s(&a[2]))));
    f.add("mustRegexReplaceAll", "func(string, string, string) (string, error)", |a| {
        string(r::must_regex_replace_all(s(&a[0]), s(&a[1]), s(&a[2])))
    });
    f.add("regexReplaceAllLiteral", "func(string, string, string) string", |a| {
        string(r::regex_replace_all_literal(s(&a[0]), s(&a[1]), s(&a[2])))
    });
    f.add("mustRegexReplaceAllLiteral", "func(string, string, string) (string, error)", |a| {
        string(r::must_regex_replace_all_literal(s(&a[0]), s(&a[1]), s(&a[2])))
    });
    f.add("regexSplit", "func(string, string, int) []string", |a| strings(r::regex_split(s(&a[0]), s(&a[1]), int(&a[2])), int(&a[2]) == 0));
    f.add("mustRegexSplit", "func(string, string, int) ([]string, error)", |a| {
        strings(r::must_regex_split(s(&a[0]), s(&a[1]), int(&a[2])), int(&a[2]) == 0)
    });
    f.add("regexQuoteMeta", "func(string) string", |a| Ok(Value::from(r::regex_quote_meta(s(&a[0])))));
}
