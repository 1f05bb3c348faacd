//! Sprig's arithmetic: integer functions on `int64` (`add`, `sub`, `mul`, `div`, `mod`, `max`,
//! `min`), float functions (`floor`, `ceil`, `round`, `maxf`, `minf`), decimal float arithmetic
//! (`addf`, `subf`, `mulf`, `divf`, `add1f`, as `shopspring/decimal` computes them), sequences
//! (`until`, `untilStep`, `seq`) and `randInt`.

use crate::sprig::util::{to_float64, to_int64};
use crate::gotmpl::{Error, FuncMap, Type, Value};

fn i64v(x: i64) -> Result<Value, Error> {
    Ok(Value::int64(x))
}

fn int(a: &Value) -> i64 {
    a.as_i128().unwrap_or(0) as i64
}

/// Sprig's `untilStep`.
pub fn until_step(start: i64, stop: i64, step: i64) -> Vec<i64> {
    let mut v = Vec::new();
    // Go would exhaust memory on absurd ranges; stop at a sane size instead.
    let limit = 50_000_000usize;
    let (start, stop) = if (stop as i128 - start as i128).unsigned_abs() / (step.unsigned_abs().max(1) as u128) > limit as u128 {
        (start, start.saturating_add(step.saturating_mul(limit as i64)))
    } else {
        (start, stop)
    };
    if stop < start {
        if step >= 0 {
            return v;
        }
        let mut i = start;
        while i > stop {
            v.push(i);
            let Some(n) = i.checked_add(step) else { break };
            i = n;
        }
        return v;
    }
    if step <= 0 {
        return v;
    }
    let mut i = start;
    while i < stop {
        v.push(i);
        let Some(n) = i.checked_add(step) else { break };
        i = n;
    }
    v
}

fn int_list(v: Vec<i64>) -> Value {
    Value::typed_list(Type::IntList, v.into_iter().map(Value::int).collect())
}

fn seq(p: &[i64]) -> String {
    let r = match p.len() {
        1 => {
            let (start, end) = (1, p[0]);
            let inc = if end < start { -1 } else { 1 };
            until_step(start, end.saturating_add(inc), inc)
        }
        2 => {
            let (start, end) = (p[0], p[1]);
            let step = if end < start { -1 } else { 1 };
            until_step(start, end.saturating_add(step), step)
        }
        3 => {
            let (start, step, end) = (p[0], p[1], p[2]);
            let mut inc = 1;
            if end < start {
                inc = -1;
                if step > 0 {
                    return String::new();
                }
            }
            until_step(start, end.saturating_add(inc), step)
        }
        _ => return String::new(),
    };
    r.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(" ")
}

fn round(val: f64, places: f64, round_on: f64) -> f64 {
    let pow = 10f64.powf(places);
    let digit = pow * val;
    let div = digit - digit.trunc();
    let r = if div >= round_on { digit.ceil() } else { digit.floor() };
    r / pow
}

/// A decimal number `mant × 10^exp` (shopspring/decimal's model, with an i128 coefficient).
#[derive(Clone, Copy, Debug)]
struct Dec {
    mant: i128,
    exp: i32,
}

impl Dec {
    /// `decimal.NewFromFloat`: the shortest decimal that reads back as `f`.
    fn from_f64(f: f64) -> Option<Dec> {
        if !f.is_finite() {
            return None;
        }
        let s = format!("{:e}", f);
        let (m, e) = s.split_once('e')?;
        let e: i32 = e.parse().ok()?;
        let neg = m.starts_with('-');
        let m = m.trim_start_matches('-');
        let (int, frac) = m.split_once('.').unwrap_or((m, ""));
        let digits = format!("{int}{frac}");
        let mut mant: i128 = digits.parse().ok()?;
        if neg {
            mant = -mant;
        }
        Some(Dec { mant, exp: e - frac.len() as i32 })
    }

    fn align(a: Dec, b: Dec) -> Option<(i128, i128, i32)> {
        let exp = a.exp.min(b.exp);
        let sa = 10i128.checked_pow((a.exp - exp) as u32)?;
        let sb = 10i128.checked_pow((b.exp - exp) as u32)?;
        Some((a.mant.checked_mul(sa)?, b.mant.checked_mul(sb)?, exp))
    }

    fn add(a: Dec, b: Dec) -> Option<Dec> {
        let (x, y, exp) = Dec::align(a, b)?;
        Some(Dec { mant: x.checked_add(y)?, exp })
    }

    fn sub(a: Dec, b: Dec) -> Option<Dec> {
        let (x, y, exp) = Dec::align(a, b)?;
        Some(Dec { mant: x.checked_sub(y)?, exp })
    }

    fn mul(a: Dec, b: Dec) -> Option<Dec> {
        Some(Dec { mant: a.mant.checked_mul(b.mant)?, exp: a.exp + b.exp })
    }

    /// `Div`: `DivRound` to 16 decimal places, half away from zero.
    fn div(a: Dec, b: Dec) -> Option<Dec> {
        // a/b = (a.mant / b.mant) × 10^(a.exp - b.exp); want 16 places: scale to 10^-17 then round.
        let target = -17;
        let shift = a.exp - b.exp - target;
        let (num, den) = if shift >= 0 {
            (a.mant.checked_mul(10i128.checked_pow(shift as u32)?)?, b.mant)
        } else {
            (a.mant, b.mant.checked_mul(10i128.checked_pow((-shift) as u32)?)?)
        };
        let q = num / den;
        // q has one extra digit: round it away.
        let r = q % 10;
        let mut q16 = q / 10;
        if r.abs() >= 5 {
            q16 += q.signum();
        }
        Some(Dec { mant: q16, exp: -16 })
    }

    fn to_f64(self) -> f64 {
        format!("{}e{}", self.mant, self.exp).parse().unwrap_or(0.0)
    }
}

fn decimal_op(first: &Value, rest: &[Value], op: fn(Dec, Dec) -> Option<Dec>, float_op: fn(f64, f64) -> f64, is_div: bool) -> Result<Value, Error> {
    let f0 = to_float64(first);
    let mut acc = Dec::from_f64(f0);
    let mut facc = f0;
    for x in rest {
        let fx = to_float64(x);
        if is_div && fx == 0.0 {
            return Err(Error::msg("decimal division by 0"));
        }
        acc = acc.zip(Dec::from_f64(fx)).and_then(|(a, b)| op(a, b));
        facc = float_op(facc, fx);
    }
    Ok(Value::Float(acc.map_or(facc, Dec::to_f64)))
}

pub fn register(f: &mut FuncMap) {
    f.add("add1", "func(interface {}) int64", |a| i64v(to_int64(&a[0]).wrapping_add(1)));
    f.add("add", "func(...interface {}) int64", |a| i64v(a.iter().fold(0i64, |s, x| s.wrapping_add(to_int64(x)))));
    f.add("sub", "func(interface {}, interface {}) int64", |a| i64v(to_int64(&a[0]).wrapping_sub(to_int64(&a[1]))));
    f.add("div", "func(interface {}, interface {}) int64", |a| {
        let d = to_int64(&a[1]);
        if d == 0 {
            return Err(Error::msg("runtime error: integer divide by zero"));
        }
        i64v(to_int64(&a[0]).wrapping_div(d))
    });
    f.add("mod", "func(interface {}, interface {}) int64", |a| {
        let d = to_int64(&a[1]);
        if d == 0 {
            return Err(Error::msg("runtime error: integer divide by zero"));
        }
        i64v(to_int64(&a[0]).wrapping_rem(d))
    });
    f.add("mul", "func(interface {}, ...interface {}) int64", |a| i64v(a[1..].iter().fold(to_int64(&a[0]), |s, x| s.wrapping_mul(to_int64(x)))));
    f.add("max", "func(interface {}, ...interface {}) int64", |a| i64v(a[1..].iter().fold(to_int64(&a[0]), |s, x| s.max(to_int64(x)))));
    f.add("biggest", "func(interface {}, ...interface {}) int64", |a| i64v(a[1..].iter().fold(to_int64(&a[0]), |s, x| s.max(to_int64(x)))));
    f.add("min", "func(interface {}, ...interface {}) int64", |a| i64v(a[1..].iter().fold(to_int64(&a[0]), |s, x| s.min(to_int64(x)))));
    f.add("maxf", "func(interface {}, ...interface {}) float64", |a| {
        Ok(Value::Float(a[1..].iter().fold(to_float64(&a[0]), |s, x| go_max(s, to_float64(x)))))
    });
    f.add("minf", "func(interface {}, ...interface {}) float64", |a| {
        Ok(Value::Float(a[1..].iter().fold(to_float64(&a[0]), |s, x| go_min(s, to_float64(x)))))
    });
    f.add("floor", "func(interface {}) float64", |a| Ok(Value::Float(to_float64(&a[0]).floor())));
    f.add("ceil", "func(interface {}) float64", |a| Ok(Value::Float(to_float64(&a[0]).ceil())));
    f.add("round", "func(interface {}, int, ...float64) float64", |a| {
        let on = a.get(2).map_or(0.5, to_float64);
        Ok(Value::Float(round(to_float64(&a[0]), int(&a[1]) as f64, on)))
    });
    f.add("until", "func(int) []int", |a| {
        let n = int(&a[0]);
        Ok(int_list(until_step(0, n, if n < 0 { -1 } else { 1 })))
    });
    f.add("untilStep", "func(int, int, int) []int", |a| Ok(int_list(until_step(int(&a[0]), int(&a[1]), int(&a[2])))));
    f.add("seq", "func(...int) string", |a| Ok(Value::from(seq(&a.iter().map(int).collect::<Vec<_>>()))));
    f.add("add1f", "func(interface {}) float64", |a| decimal_op(&a[0], &[Value::int(1)], Dec::add, |x, y| x + y, false));
    f.add("addf", "func(...interface {}) float64", |a| decimal_op(&Value::Float(0.0), a, Dec::add, |x, y| x + y, false));
    f.add("subf", "func(interface {}, ...interface {}) float64", |a| decimal_op(&a[0], &a[1..], Dec::sub, |x, y| x - y, false));
    f.add("mulf", "func(interface {}, ...interface {}) float64", |a| decimal_op(&a[0], &a[1..], Dec::mul, |x, y| x * y, false));
    f.add("divf", "func(interface {}, ...interface {}) float64", |a| decimal_op(&a[0], &a[1..], Dec::div, |x, y| x / y, true));
    f.add("randInt", "func(int, int) int", |a| {
        let (lo, hi) = (int(&a[0]), int(&a[1]));
        if hi <= lo {
            return Err(Error::msg("invalid argument to Intn"));
        }
        Ok(Value::int(lo + (crate::sprig::rand_u64() % (hi - lo) as u64) as i64))
    });
}

/// Go's `math.Max` (NaN wins, +0 over -0).
fn go_max(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && y == 0.0 {
        return if x.is_sign_negative() { y } else { x };
    }
    x.max(y)
}

fn go_min(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && y == 0.0 {
        return if x.is_sign_negative() { x } else { y };
    }
    x.min(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_like_shopspring() {
        let d = |x| Dec::from_f64(x).unwrap();
        assert_eq!(Dec::add(d(1.1), d(2.2)).unwrap().to_f64(), 3.3);
        assert_eq!(Dec::div(d(10.0), d(3.0)).unwrap().to_f64(), 3.3333333333333335);
        assert_eq!(seq(&[5]), "1 2 3 4 5");
        assert_eq!(seq(&[0, 2, 6]), "0 2 4 6");
        assert_eq!(round(3.14159, 2.0, 0.5), 3.14);
    }
}
