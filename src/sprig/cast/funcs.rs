//! Sprig's type conversions: `atoi`, `int`, `int64`, `float64`, `toDecimal` (via `spf13/cast`
//! semantics: floats truncate, strings parse with Go's base prefixes, failures give 0).

use crate::sprig::util::{to_float64, to_int64, to_int64_e};
use crate::gotmpl::{FuncMap, Value};

/// `strconv.Atoi`: optional sign and decimal digits only.
pub fn atoi(s: &str) -> Option<i64> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

pub fn register(f: &mut FuncMap) {
    f.add("atoi", "func(string) int", |a| Ok(Value::int(atoi(a[0].as_str().unwrap_or("")).unwrap_or(0))));
    f.add("int", "func(interface {}) int", |a| Ok(Value::int(to_int64_e(&a[0]).unwrap_or(0))));
    f.add("int64", "func(interface {}) int64", |a| Ok(Value::int64(to_int64(&a[0]))));
    f.add("float64", "func(interface {}) float64", |a| Ok(Value::Float(to_float64(&a[0]))));
    f.add("toDecimal", "func(interface {}) int64", |a| {
        let text = crate::gotmpl::fmt::sprint(std::slice::from_ref(&a[0]));
        let body = text.strip_prefix(['+', '-']).unwrap_or(&text);
        let v = if !body.is_empty() && body.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            i64::from_str_radix(&text, 8).unwrap_or(0)
        } else {
            0
        };
        Ok(Value::int64(v))
    });
}
