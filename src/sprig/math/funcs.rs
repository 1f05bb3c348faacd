//! Template functions of the math family over [`crate::sprig::math`]: integer arithmetic on
//! `int64` (`add`, `add1`, `sub`, `mul`, `div`, `mod`, `max`/`biggest`, `min`), floats (`floor`,
//! `ceil`, `round`, `maxf`, `minf`, and the decimal `addf`/`add1f`/`subf`/`mulf`/`divf`),
//! sequences (`until`, `untilStep`, `seq`) and `randInt`. Operands go through spf13/cast first,
//! as in Sprig.

use crate::sprig::math as m;
use crate::gotmpl::{Error, FuncMap, Type, Value};
use crate::sprig::util::{check_size, to_float64, to_int64};

fn int(a: &Value) -> i64 {
    a.as_i128().unwrap_or(0) as i64
}

fn ints(a: &[Value]) -> Vec<i64> {
    a.iter().map(to_int64).collect()
}

fn floats(a: &[Value]) -> Vec<f64> {
    a.iter().map(to_float64).collect()
}

fn int64(x: i64) -> Result<Value, Error> {
    Ok(Value::int64(x))
}

fn float(r: Result<f64, String>) -> Result<Value, Error> {
    r.map(Value::Float).map_err(Error::msg)
}

/// How many numbers `untilStep start stop step` yields, refused when Go would exhaust memory.
fn check_steps(start: i64, stop: i64, step: i64) -> Result<(), Error> {
    let span = (stop as i128 - start as i128).unsigned_abs();
    check_size(span / step.unsigned_abs().max(1) as u128 * 8)
}

fn int_list(v: Vec<i64>) -> Value {
    Value::typed_list(Type::IntList, v.into_iter().map(Value::int).collect())
}

pub fn register(f: &mut FuncMap) {
    f.add("add1", "func(interface {}) int64", |a| int64(m::add(&[to_int64(&a[0]), 1])));
    f.add("add", "func(...interface {}) int64", |a| int64(m::add(&ints(a))));
    f.add("sub", "func(interface {}, interface {}) int64", |a| int64(to_int64(&a[0]).wrapping_sub(to_int64(&a[1]))));
    f.add("div", "func(interface {}, interface {}) int64", |a| m::div(to_int64(&a[0]), to_int64(&a[1])).map(Value::int64).map_err(Error::msg));
    f.add("mod", "func(interface {}, interface {}) int64", |a| m::modulo(to_int64(&a[0]), to_int64(&a[1])).map(Value::int64).map_err(Error::msg));
    f.add("mul", "func(interface {}, ...interface {}) int64", |a| int64(m::mul(to_int64(&a[0]), &ints(&a[1..]))));
    f.add("max", "func(interface {}, ...interface {}) int64", |a| int64(m::max(to_int64(&a[0]), &ints(&a[1..]))));
    f.add("biggest", "func(interface {}, ...interface {}) int64", |a| int64(m::max(to_int64(&a[0]), &ints(&a[1..]))));
    f.add("min", "func(interface {}, ...interface {}) int64", |a| int64(m::min(to_int64(&a[0]), &ints(&a[1..]))));
    f.add("maxf", "func(interface {}, ...interface {}) float64", |a| Ok(Value::Float(m::maxf(to_float64(&a[0]), &floats(&a[1..])))));
    f.add("minf", "func(interface {}, ...interface {}) float64", |a| Ok(Value::Float(m::minf(to_float64(&a[0]), &floats(&a[1..])))));
    f.add("floor", "func(interface {}) float64", |a| Ok(Value::Float(m::floor(to_float64(&a[0])))));
    f.add("ceil", "func(interface {}) float64", |a| Ok(Value::Float(m::ceil(to_float64(&a[0])))));
    f.add("round", "func(interface {}, int, ...float64) float64", |a| {
        let on = a.get(2).map_or(0.5, to_float64);
        Ok(Value::Float(m::round(to_float64(&a[0]), int(&a[1]), on)))
    });
    f.add("add1f", "func(interface {}) float64", |a| float(m::add1f(to_float64(&a[0]))));
    f.add("addf", "func(...interface {}) float64", |a| float(m::addf(&floats(a))));
    f.add("subf", "func(interface {}, ...interface {}) float64", |a| float(m::subf(to_float64(&a[0]), &floats(&a[1..]))));
    f.add("mulf", "func(interface {}, ...interface {}) float64", |a| float(m::mulf(to_float64(&a[0]), &floats(&a[1..]))));
    f.add("divf", "func(interface {}, ...interface {}) float64", |a| float(m::divf(to_float64(&a[0]), &floats(&a[1..]))));
    f.add("until", "func(int) []int", |a| {
        check_steps(0, int(&a[0]), 1)?;
        Ok(int_list(m::until(int(&a[0]))))
    });
    f.add("untilStep", "func(int, int, int) []int", |a| {
        let (start, stop, step) = (int(&a[0]), int(&a[1]), int(&a[2]));
        check_steps(start, stop, step)?;
        Ok(int_list(m::until_step(start, stop, step)))
    });
    f.add("seq", "func(...int) string", |a| {
        let p: Vec<i64> = a.iter().map(int).collect();
        match *p.as_slice() {
            [end] => check_steps(1, end, 1)?,
            [start, end] => check_steps(start, end, 1)?,
            [start, step, end] => check_steps(start, end, step)?,
            _ => {}
        }
        Ok(Value::from(m::seq(&p)))
    });
    f.add("randInt", "func(int, int) int", |a| m::rand_int(int(&a[0]), int(&a[1])).map(Value::int).map_err(Error::msg));
}
