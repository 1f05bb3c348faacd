//! Template functions of the strings family over [`crate::sprig::strings`]: trimming, case,
//! quoting, indentation, truncation, wrapping, abbreviation, case conversions, splitting and
//! joining.

use crate::sprig::strings as t;
use crate::golang::unicode::{str_to_lower, str_to_upper};
use crate::gotmpl::fmt::format_value;
use crate::gotmpl::{Error, FuncMap, Kind, Type, Value};
use crate::sprig::util::{check_size, slice_items, strval};
use std::collections::BTreeMap;

fn s(a: &Value) -> &str {
    a.as_str().unwrap_or("")
}

fn int(a: &Value) -> i64 {
    a.as_i128().unwrap_or(0) as i64
}

fn ok(x: impl Into<Value>) -> Result<Value, Error> {
    Ok(x.into())
}

fn go(r: Result<String, String>) -> Result<Value, Error> {
    r.map(Value::from).map_err(Error::msg)
}

/// Sprig's `strslice` (`toStrings`, `join`, `sortAlpha`): nil elements are dropped.
pub fn strslice(v: &Value) -> Vec<String> {
    match v {
        Value::List(l) if l.ty == Type::StringList => l.items.iter().map(|x| s(x).to_string()).collect(),
        Value::Nil => Vec::new(),
        v => match slice_items(v) {
            Some(items) => items.iter().filter(|x| !x.is_nil()).map(strval).collect(),
            None => vec![strval(v)],
        },
    }
}

/// `{"_0": .., "_1": ..}` as `map[string]string`.
fn split_map(parts: Vec<&str>) -> Value {
    let m: BTreeMap<_, _> = parts.iter().enumerate().map(|(i, p)| (format!("_{i}").into(), Value::from(*p))).collect();
    Value::typed_map(Type::StringMap, m)
}

/// `count` copies of `len` bytes: refused when too large to build (and not Go's own overflow).
fn check_repeat(count: i64, len: usize) -> Result<(), Error> {
    let total = count.max(0) as u128 * len as u128;
    if total <= i64::MAX as u128 {
        check_size(total)?;
    }
    Ok(())
}

/// `indent n x`: `n` spaces on each line.
fn indent(n: i64, x: &str) -> Result<String, Error> {
    check_repeat(n, x.matches('\n').count() + 1)?;
    t::indent(n, x).map_err(Error::msg)
}

/// The operands of `quote`/`squote`/`cat` as text (`None` for nil).
fn texts(a: &[Value], text: fn(&Value) -> String) -> Vec<Option<String>> {
    a.iter().map(|x| (!x.is_nil()).then(|| text(x))).collect()
}

fn refs(v: &[Option<String>]) -> Vec<Option<&str>> {
    v.iter().map(Option::as_deref).collect()
}

fn percent_v(v: &Value) -> String {
    format_value(v, 'v')
}

pub fn register(f: &mut FuncMap) {
    f.add("trim", "func(string) string", |a| ok(t::trim_space(s(&a[0]))));
    f.add("upper", "func(string) string", |a| ok(str_to_upper(s(&a[0]))));
    f.add("lower", "func(string) string", |a| ok(str_to_lower(s(&a[0]))));
    f.add("title", "func(string) string", |a| ok(t::title(s(&a[0]))));
    f.add("untitle", "func(string) string", |a| ok(t::untitle(s(&a[0]))));
    f.add("swapcase", "func(string) string", |a| ok(t::swapcase(s(&a[0]))));
    f.add("initials", "func(string) string", |a| ok(t::initials(s(&a[0]))));
    f.add("camelcase", "func(string) string", |a| ok(t::camelcase(s(&a[0]))));
    f.add("snakecase", "func(string) string", |a| ok(t::snakecase(s(&a[0]))));
    f.add("kebabcase", "func(string) string", |a| ok(t::kebabcase(s(&a[0]))));
    f.add("abbrev", "func(int, string) string", |a| ok(t::abbrev(int(&a[0]), s(&a[1]))));
    f.add("abbrevboth", "func(int, int, string) string", |a| ok(t::abbrevboth(int(&a[0]), int(&a[1]), s(&a[2]))));
    f.add("wrap", "func(int, string) string", |a| ok(t::wrap(int(&a[0]), s(&a[1]))));
    f.add("wrapWith", "func(int, string, string) string", |a| ok(t::wrap_with(int(&a[0]), s(&a[1]), s(&a[2]))));
    f.add("nospace", "func(string) string", |a| ok(t::nospace(s(&a[0]))));
    f.add("trunc", "func(int, string) string", |a| ok(t::trunc(int(&a[0]), s(&a[1]))));
    f.add("substr", "func(int, int, string) string", |a| go(t::substr(int(&a[0]), int(&a[1]), s(&a[2]))));
    f.add("repeat", "func(int, string) string", |a| {
        check_repeat(int(&a[0]), s(&a[1]).len())?;
        go(t::repeat(int(&a[0]), s(&a[1])))
    });
    f.add("indent", "func(int, string) string", |a| ok(indent(int(&a[0]), s(&a[1]))?));
    f.add("nindent", "func(int, string) string", |a| ok(format!("\n{}", indent(int(&a[0]), s(&a[1]))?)));
    f.add("trimall", "func(string, string) string", |a| ok(s(&a[1]).trim_matches(|c| s(&a[0]).contains(c))));
    f.add("trimAll", "func(string, string) string", |a| ok(s(&a[1]).trim_matches(|c| s(&a[0]).contains(c))));
    f.add("trimSuffix", "func(string, string) string", |a| ok(s(&a[1]).strip_suffix(s(&a[0])).unwrap_or(s(&a[1]))));
    f.add("trimPrefix", "func(string, string) string", |a| ok(s(&a[1]).strip_prefix(s(&a[0])).unwrap_or(s(&a[1]))));
    f.add("contains", "func(string, string) bool", |a| ok(s(&a[1]).contains(s(&a[0]))));
    f.add("hasPrefix", "func(string, string) bool", |a| ok(s(&a[1]).starts_with(s(&a[0]))));
    f.add("hasSuffix", "func(string, string) bool", |a| ok(s(&a[1]).ends_with(s(&a[0]))));
    f.add("quote", "func(...interface {}) string", |a| ok(t::quote_all(&refs(&texts(a, strval)))));
    f.add("squote", "func(...interface {}) string", |a| ok(t::squote_all(&refs(&texts(a, percent_v)))));
    f.add("cat", "func(...interface {}) string", |a| ok(t::cat(&refs(&texts(a, percent_v)))));
    f.add("replace", "func(string, string, string) string", |a| ok(t::replace(s(&a[2]), s(&a[0]), s(&a[1]))));
    f.add("plural", "func(string, string, int) string", |a| ok(t::plural(s(&a[0]), s(&a[1]), int(&a[2]))));
    f.add("toString", "func(interface {}) string", |a| ok(strval(&a[0])));
    f.add("toStrings", "func(interface {}) []string", |a| Ok(Value::string_list(strslice(&a[0]))));
    f.add("join", "func(string, interface {}) string", |a| ok(strslice(&a[1]).join(s(&a[0]))));
    f.add("split", "func(string, string) map[string]string", |a| Ok(split_map(t::split_n(s(&a[1]), s(&a[0]), -1))));
    f.add("splitn", "func(string, int, string) map[string]string", |a| Ok(split_map(t::split_n(s(&a[2]), s(&a[0]), int(&a[1])))));
    f.add("splitList", "func(string, string) []string", |a| {
        Ok(Value::string_list(t::split_n(s(&a[1]), s(&a[0]), -1).into_iter().map(String::from)))
    });
    f.add("sortAlpha", "func(interface {}) []string", |a| {
        let v = &a[0];
        if v.kind() == Kind::Slice {
            let mut items = strslice(v);
            items.sort();
            return Ok(Value::string_list(items));
        }
        Ok(Value::string_list([strval(v)]))
    });
    f.add("hello", "func() string", |_| ok("Hello!"));
}
