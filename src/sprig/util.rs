//! Shared helpers of the Sprig functions: Go's conversions as Sprig does them (`strval`,
//! `spf13/cast`), Sprig's notion of emptiness, `reflect.DeepEqual`, slice access by reflection.

use crate::gotmpl::fmt::format_value;
use crate::gotmpl::value::int_value;
use crate::gotmpl::{Error, Kind, Type, Value};

/// The panic Go raises for `reflect.TypeOf(nil).Kind()`.
pub fn nil_deref() -> Error {
    Error::msg("runtime error: invalid memory address or nil pointer dereference")
}

/// Sprig's `strval`: strings as is, `[]byte` as text, Stringers/errors by their method,
/// anything else with `%v`.
pub fn strval(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Value::Object(o) => o.string().unwrap_or_else(|| format_value(v, 'v')),
        _ => format_value(v, 'v'),
    }
}

/// Go's float → int64 conversion on amd64 (out-of-range values give the minimum).
pub fn f64_to_i64(f: f64) -> i64 {
    if f.is_nan() || f >= 9.223372036854775807e18 || f < -9.223372036854775808e18 {
        i64::MIN
    } else {
        f as i64
    }
}

/// `cast.trimZeroDecimal`: `"12.00"` → `"12"`.
fn trim_zero_decimal(s: &str) -> &str {
    let b = s.as_bytes();
    let mut found_zero = false;
    for i in (1..=b.len()).rev() {
        match b[i - 1] {
            b'.' => {
                if found_zero {
                    return &s[..i - 1];
                }
            }
            b'0' => found_zero = true,
            _ => return s,
        }
    }
    s
}

/// `cast.ToInt64E`.
pub fn to_int64_e(v: &Value) -> Result<i64, String> {
    match v {
        Value::Int(i, t) => Ok(int_value(*i, *t) as i64),
        Value::Float(f) => Ok(f64_to_i64(*f)),
        Value::String(s) => crate::gotmpl::golit::parse_int0(trim_zero_decimal(s))
            .ok_or_else(|| format!("unable to cast {} of type string to int64", format_value(v, 'q'))),
        Value::Bool(b) => Ok(i64::from(*b)),
        Value::Nil => Ok(0),
        other => Err(format!("unable to cast {} of type {} to int64", format_value(other, 'v'), other.type_name())),
    }
}

/// `cast.ToInt64` (errors become 0).
pub fn to_int64(v: &Value) -> i64 {
    to_int64_e(v).unwrap_or(0)
}

/// `cast.ToFloat64`.
pub fn to_float64(v: &Value) -> f64 {
    match v {
        Value::Int(i, t) => int_value(*i, *t) as f64,
        Value::Float(f) => *f,
        Value::String(s) => parse_float_go(s).unwrap_or(0.0),
        Value::Bool(b) => f64::from(u8::from(*b)),
        _ => 0.0,
    }
}

/// `strconv.ParseFloat(s, 64)` for user strings: decimal, hex, `inf`/`nan` spellings.
pub fn parse_float_go(s: &str) -> Option<f64> {
    let lower = s.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    if matches!(body, "inf" | "infinity") {
        return Some(if lower.starts_with('-') { f64::NEG_INFINITY } else { f64::INFINITY });
    }
    if body == "nan" && body.len() == lower.len() {
        return Some(f64::NAN);
    }
    crate::gotmpl::golit::parse_float(s)
}

/// Sprig's `empty`: nil, zero numbers, false, and empty strings, slices and maps.
pub fn empty(v: &Value) -> bool {
    match v {
        Value::Nil => true,
        Value::Object(_) => false,
        v => !v.truth(),
    }
}

/// The elements of a slice as `interface{}` values (`reflect.Value.Index(i).Interface()`).
pub fn slice_items(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::List(l) => Some(l.items.clone()),
        Value::Bytes(b) => Some(b.iter().map(|c| Value::Int(*c as i64, crate::gotmpl::IntTy::Uint8)).collect()),
        _ => None,
    }
}

/// `reflect.TypeOf(v).Kind()` as Go prints it in Sprig's error messages (`map`, `string`, `int`).
pub fn kind_name(v: &Value) -> &'static str {
    v.kind().name()
}

/// Sprig's pattern for list functions: the items of a slice, or Go's error (`Cannot <what> on
/// type <kind>`), or the nil-dereference panic for a nil list.
pub fn list_arg(v: &Value, what: &str) -> Result<Vec<Value>, Error> {
    if v.is_nil() {
        return Err(nil_deref());
    }
    slice_items(v).ok_or_else(|| Error::msg(format!("Cannot {what} on type {}", kind_name(v))))
}

/// `reflect.DeepEqual`.
pub fn deep_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x, tx), Value::Int(y, ty)) => tx == ty && x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Complex(a1, b1), Value::Complex(a2, b2)) => a1 == a2 && b1 == b2,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Bytes(x), Value::Bytes(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.ty == y.ty && x.nil == y.nil && x.items.len() == y.items.len() && x.items.iter().zip(&y.items).all(|(p, q)| deep_equal(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.ty != y.ty || x.nil != y.nil {
                return false;
            }
            if std::rc::Rc::ptr_eq(x, y) {
                return true;
            }
            let (ex, ey) = (x.entries(), y.entries());
            ex.len() == ey.len() && ex.iter().all(|(k, v)| ey.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.type_name() == y.type_name() && (std::rc::Rc::ptr_eq(x, y) || x.to_json().ok() == y.to_json().ok())
        }
        _ => false,
    }
}

/// A `map[string]interface {}` argument's Go type check for functions doing a type assertion
/// (`dig`): only that exact type passes.
pub fn is_plain_map(v: &Value) -> bool {
    matches!(v, Value::Map(m) if m.ty == Type::AnyMap)
}

/// `reflect.Value.Kind` is a slice.
pub fn is_slice(v: &Value) -> bool {
    v.kind() == Kind::Slice
}
