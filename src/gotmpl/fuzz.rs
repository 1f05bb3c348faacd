//! The fuzzing entry point (shared by `fuzz/` and the smoke test): parse a text as a template
//! with Helm's functions available, then run it on a small data tree. Errors are expected;
//! panics are bugs.

use super::{map_of, Template, Value};

/// Parses and executes `text`; returns whether it rendered.
pub fn parse_and_execute(text: &str) -> bool {
    let set = Template::with_missing_key("gotpl", crate::helm::engine::helm_func_map(), super::MissingKey::Zero);
    if set.parse("t", text).is_err() {
        return false;
    }
    let data = map_of([
        ("Values", map_of([("a", Value::Float(1.0)), ("l", Value::list(vec![Value::from("x"), Value::Nil])), ("s", Value::from("str"))])),
        ("n", Value::int(3)),
    ]);
    set.execute("t", &data).is_ok()
}
