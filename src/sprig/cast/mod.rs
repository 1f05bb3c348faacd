//! spf13/cast v1.7.0 as Sprig v3.3.0 uses it (`int`, `int64`, `float64`, and every numeric
//! function that takes `interface{}`): `ToInt64`, `ToInt`, `ToFloat64`, errors swallowed to 0.

pub mod funcs;

use crate::golang::strconv::{parse_float, parse_int};

/// A template value as cast sees it. The engine adapter maps its own value type onto this:
/// every Go signed integer kind (and `time.Weekday`/`time.Month`) to `Int`, unsigned kinds to
/// `Uint`, `float32` (widened exactly) and `float64` to `Float`, strings (and `json.Number`) to
/// `Str`; maps, slices, times and other kinds to `Other`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Arg<'a> {
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(&'a str),
    Other,
}

/// Go's `int64(f)` on amd64 (`CVTTSD2SQ`): truncation, and the "integer indefinite" value
/// `math.MinInt64` for NaN and out-of-range inputs.
pub fn go_f64_to_i64(f: f64) -> i64 {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if f.is_nan() || !(-TWO_63..TWO_63).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// cast's `trimZeroDecimal`: "12.00" → "12", "12.50" stays.
pub fn trim_zero_decimal(s: &str) -> &str {
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

/// `cast.ToInt64` (errors become 0).
pub fn to_int64(v: Arg) -> i64 {
    match v {
        Arg::Nil | Arg::Other => 0,
        Arg::Bool(b) => b as i64,
        Arg::Int(i) => i,
        Arg::Uint(u) => u as i64,
        Arg::Float(f) => go_f64_to_i64(f),
        Arg::Str(s) => parse_int(trim_zero_decimal(s), 0, 0).unwrap_or(0),
    }
}

/// `cast.ToInt` (64-bit `int`: the same as [`to_int64`]).
pub fn to_int(v: Arg) -> i64 {
    to_int64(v)
}

/// `cast.ToFloat64` (errors become 0).
pub fn to_float64(v: Arg) -> f64 {
    match v {
        Arg::Nil => 0.0,
        Arg::Bool(b) => b as i64 as f64,
        Arg::Int(i) => i as f64,
        Arg::Uint(u) => u as f64,
        Arg::Float(f) => f,
        Arg::Str(s) => parse_float(s).unwrap_or(0.0),
        Arg::Other => 0.0,
    }
}

#[cfg(test)]
mod tests;
