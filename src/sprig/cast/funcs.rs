//! Template functions of the conversion family: `int`, `int64`, `float64` (spf13/cast), `atoi`
//! and `toDecimal` (over [`crate::sprig::math`]).

use crate::gotmpl::fmt::sprint;
use crate::gotmpl::{FuncMap, Value};
use crate::sprig::math::{atoi, to_decimal};
use crate::sprig::util::{to_float64, to_int64};

pub fn register(f: &mut FuncMap) {
    f.add("atoi", "func(string) int", |a| Ok(Value::int(atoi(a[0].as_str().unwrap_or("")))));
    f.add("int", "func(interface {}) int", |a| Ok(Value::int(to_int64(&a[0]))));
    f.add("int64", "func(interface {}) int64", |a| Ok(Value::int64(to_int64(&a[0]))));
    f.add("float64", "func(interface {}) float64", |a| Ok(Value::Float(to_float64(&a[0]))));
    f.add("toDecimal", "func(interface {}) int64", |a| Ok(Value::int64(to_decimal(&sprint(std::slice::from_ref(&a[0]))))));
}
