//! Shared helpers of the Sprig functions: Go's conversions as Sprig does them (`strval`,
//! `spf13/cast`), Sprig's notion of emptiness, `reflect.DeepEqual`, slice access by reflection.

use super::cast::{self, Arg};
use crate::gotmpl::fmt::format_value;
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

/// A value as spf13/cast sees it: every Go integer kind (and the named integer types
/// `time.Month`, `time.Weekday`, `time.Duration`), floats, strings, bools, nil; anything else is
/// `Other`.
pub fn cast_arg(v: &Value) -> Arg<'_> {
    match v {
        Value::Nil => Arg::Nil,
        Value::Bool(b) => Arg::Bool(*b),
        Value::Int(i, t) if t.is_signed() => Arg::Int(*i),
        Value::Int(i, _) => Arg::Uint(*i as u64),
        Value::Float(f) => Arg::Float(*f),
        Value::String(s) => Arg::Str(s),
        Value::Object(o) => o.as_int().map_or(Arg::Other, Arg::Int),
        _ => Arg::Other,
    }
}

/// `cast.ToInt64` (errors become 0).
pub fn to_int64(v: &Value) -> i64 {
    cast::to_int64(cast_arg(v))
}

/// `cast.ToFloat64` (errors become 0).
pub fn to_float64(v: &Value) -> f64 {
    cast::to_float64(cast_arg(v))
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

/// Results beyond this many bytes fail instead of exhausting memory (Go would run out of it).
pub const MAX_OUTPUT: u128 = 1 << 30;

/// Refuses a result of `bytes` bytes beyond [`MAX_OUTPUT`].
pub fn check_size(bytes: u128) -> Result<(), Error> {
    if bytes > MAX_OUTPUT {
        return Err(Error::msg("krender: result too large"));
    }
    Ok(())
}
