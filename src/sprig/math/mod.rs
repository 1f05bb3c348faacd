//! Sprig's numeric functions whose results depend on Go's exact arithmetic: the float family
//! (`addf`/`subf`/`mulf`/`divf`/`add1f` through shopspring/decimal), `round` (built on Go's
//! `math.Pow` and `math.Modf`), `maxf`/`minf` (`math.Max`/`math.Min` NaN and signed-zero rules),
//! `floor`/`ceil`, integer arithmetic with Go's wrapping and division panics, `until`/`untilStep`,
//! `seq`, `toDecimal`, `atoi`. Arguments arrive already converted by [`crate::sprig::cast`] (as Sprig
//! converts them).

pub mod decimal;
pub mod funcs;

use decimal::Decimal;
use crate::golang::strconv::{parse_int, parse_int_clamped};

/// Which decimal operation `execDecimalOp` folds with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// Sprig's `execDecimalOp`: fold `rest` into `first` with decimal arithmetic, then back to
/// float64. `Err` carries the text of the panic Go raises (NaN/Inf operands, division by zero).
pub fn exec_decimal_op(first: f64, rest: &[f64], op: DecimalOp) -> Result<f64, String> {
    let mut acc = Decimal::from_float(first)?;
    for &x in rest {
        let dx = Decimal::from_float(x)?;
        acc = match op {
            DecimalOp::Add => acc.add(&dx),
            DecimalOp::Sub => acc.sub(&dx),
            DecimalOp::Mul => acc.mul(&dx)?,
            DecimalOp::Div => acc.div(&dx)?,
        };
    }
    Ok(acc.to_f64())
}

/// `addf a b …` (starts from 0).
pub fn addf(args: &[f64]) -> Result<f64, String> {
    exec_decimal_op(0.0, args, DecimalOp::Add)
}

/// `add1f a`.
pub fn add1f(a: f64) -> Result<f64, String> {
    exec_decimal_op(a, &[1.0], DecimalOp::Add)
}

/// `subf a b …`.
pub fn subf(a: f64, rest: &[f64]) -> Result<f64, String> {
    exec_decimal_op(a, rest, DecimalOp::Sub)
}

/// `mulf a b …`.
pub fn mulf(a: f64, rest: &[f64]) -> Result<f64, String> {
    exec_decimal_op(a, rest, DecimalOp::Mul)
}

/// `divf a b …` (16 decimal places per step).
pub fn divf(a: f64, rest: &[f64]) -> Result<f64, String> {
    exec_decimal_op(a, rest, DecimalOp::Div)
}

/// Go's `math.Frexp`.
pub fn frexp(f: f64) -> (f64, i64) {
    if f == 0.0 || !f.is_finite() {
        return (f, 0);
    }
    let (mut f, mut exp) = (f, 0i64);
    if f.abs() < f64::MIN_POSITIVE {
        f *= (1u64 << 52) as f64;
        exp = -52;
    }
    let mut x = f.to_bits();
    exp += ((x >> 52) & 0x7ff) as i64 - 1022;
    x &= !(0x7ffu64 << 52);
    x |= 1022u64 << 52;
    (f64::from_bits(x), exp)
}

/// Go's `math.Ldexp`.
pub fn ldexp(frac: f64, exp: i64) -> f64 {
    if frac == 0.0 || !frac.is_finite() {
        return frac;
    }
    let (frac, e) = frexp(frac);
    let mut exp = exp + e;
    let mut x = frac.to_bits();
    exp += ((x >> 52) & 0x7ff) as i64 - 1023;
    if exp < -1075 {
        return 0.0f64.copysign(frac);
    }
    if exp > 1023 {
        return if frac < 0.0 { f64::NEG_INFINITY } else { f64::INFINITY };
    }
    let mut m = 1.0;
    if exp < -1022 {
        exp += 53;
        m = 1.0 / (1u64 << 53) as f64;
    }
    x &= !(0x7ffu64 << 52);
    x |= ((exp + 1023) as u64) << 52;
    m * f64::from_bits(x)
}

/// Go's `math.Pow` (its own algorithm, not libm: repeated squaring on `Frexp` parts), for the
/// finite and special cases Sprig can reach.
pub fn go_pow(x: f64, y: f64) -> f64 {
    if y == 0.0 || x == 1.0 {
        return 1.0;
    }
    if y == 1.0 {
        return x;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    let is_odd_int = |y: f64| {
        if y.abs() >= (1u64 << 53) as f64 {
            return false;
        }
        let (yi, yf) = (y.trunc(), y.fract());
        yf == 0.0 && (yi as i64) & 1 == 1
    };
    if x == 0.0 {
        return if y < 0.0 {
            if x.is_sign_negative() && is_odd_int(y) {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }
        } else if x.is_sign_negative() && is_odd_int(y) {
            x
        } else {
            0.0
        };
    }
    if y.is_infinite() {
        return if x == -1.0 {
            1.0
        } else if (x.abs() < 1.0) == (y > 0.0) {
            0.0
        } else {
            f64::INFINITY
        };
    }
    if x.is_infinite() {
        if x < 0.0 {
            return go_pow(1.0 / x, -y);
        }
        return if y < 0.0 { 0.0 } else { f64::INFINITY };
    }
    if y == 0.5 {
        return x.sqrt();
    }
    if y == -0.5 {
        return 1.0 / x.sqrt();
    }
    let ya = y.abs();
    let (mut yi, mut yf) = (ya.trunc(), ya.fract());
    if yf != 0.0 && x < 0.0 {
        return f64::NAN;
    }
    if yi >= (1u64 << 63) as f64 {
        return if x == -1.0 {
            1.0
        } else if (x.abs() < 1.0) == (y > 0.0) {
            0.0
        } else {
            f64::INFINITY
        };
    }
    let mut a1 = 1.0;
    let mut ae: i64 = 0;
    if yf != 0.0 {
        if yf > 0.5 {
            yf -= 1.0;
            yi += 1.0;
        }
        a1 = (yf * x.ln()).exp();
    }
    let (mut x1, mut xe) = frexp(x);
    let mut i = yi as i64;
    while i != 0 {
        if !(-(1 << 12)..=(1 << 12)).contains(&xe) {
            ae += xe;
            break;
        }
        if i & 1 == 1 {
            a1 *= x1;
            ae += xe;
        }
        x1 *= x1;
        xe <<= 1;
        if x1 < 0.5 {
            x1 += x1;
            xe -= 1;
        }
        i >>= 1;
    }
    if y < 0.0 {
        a1 = 1.0 / a1;
        ae = -ae;
    }
    ldexp(a1, ae)
}

/// Sprig's `round a places [roundOn]`: scale by `math.Pow(10, places)`, take the ceiling when the
/// fractional part reaches `round_on` (0.5 by default) and the floor otherwise — so negative
/// values always go down (`round -2.4 0` is -3).
pub fn round(val: f64, places: i64, round_on: f64) -> f64 {
    let pow = go_pow(10.0, places as f64);
    let digit = pow * val;
    let div = digit.fract();
    let r = if div >= round_on { digit.ceil() } else { digit.floor() };
    r / pow
}

pub fn floor(a: f64) -> f64 {
    a.floor()
}

pub fn ceil(a: f64) -> f64 {
    a.ceil()
}

/// Go's `math.Max`: NaN wins, +0 beats -0.
pub fn go_max(x: f64, y: f64) -> f64 {
    if x.is_infinite() && x > 0.0 || y.is_infinite() && y > 0.0 {
        return f64::INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && x == y {
        return if x.is_sign_negative() { y } else { x };
    }
    if x > y {
        x
    } else {
        y
    }
}

/// Go's `math.Min`: NaN wins, -0 beats +0.
pub fn go_min(x: f64, y: f64) -> f64 {
    if x.is_infinite() && x < 0.0 || y.is_infinite() && y < 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && x == y {
        return if x.is_sign_negative() { x } else { y };
    }
    if x < y {
        x
    } else {
        y
    }
}

/// `maxf a b …`.
pub fn maxf(a: f64, rest: &[f64]) -> f64 {
    rest.iter().fold(a, |acc, &b| go_max(acc, b))
}

/// `minf a b …`.
pub fn minf(a: f64, rest: &[f64]) -> f64 {
    rest.iter().fold(a, |acc, &b| go_min(acc, b))
}

/// `max a b …` / `biggest` on int64.
pub fn max(a: i64, rest: &[i64]) -> i64 {
    rest.iter().fold(a, |acc, &b| if b > acc { b } else { acc })
}

/// `min a b …` on int64.
pub fn min(a: i64, rest: &[i64]) -> i64 {
    rest.iter().fold(a, |acc, &b| if b < acc { b } else { acc })
}

/// `add a b …` (int64, wrapping like Go).
pub fn add(args: &[i64]) -> i64 {
    args.iter().fold(0i64, |a, &b| a.wrapping_add(b))
}

/// `mul a b …`.
pub fn mul(a: i64, rest: &[i64]) -> i64 {
    rest.iter().fold(a, |acc, &b| acc.wrapping_mul(b))
}

const DIVIDE_BY_ZERO: &str = "runtime error: integer divide by zero";

/// `div a b`: Go's truncating division; by zero is Go's runtime panic.
pub fn div(a: i64, b: i64) -> Result<i64, String> {
    if b == 0 {
        return Err(DIVIDE_BY_ZERO.into());
    }
    Ok(a.wrapping_div(b))
}

/// `mod a b`: remainder with the dividend's sign.
pub fn modulo(a: i64, b: i64) -> Result<i64, String> {
    if b == 0 {
        return Err(DIVIDE_BY_ZERO.into());
    }
    Ok(a.wrapping_rem(b))
}

/// `randInt min max`: `rand.Intn(max-min) + min`; Go panics when `max <= min`.
pub fn rand_int(min: i64, max: i64) -> Result<i64, String> {
    let n = max.wrapping_sub(min);
    if n <= 0 {
        return Err("invalid argument to Intn".into());
    }
    let r = crate::sprig::random::below(n as u64);
    Ok((r as i64).wrapping_add(min))
}

/// `untilStep start stop step`.
pub fn until_step(start: i64, stop: i64, step: i64) -> Vec<i64> {
    let mut v = Vec::new();
    if stop < start {
        if step >= 0 {
            return v;
        }
        let mut i = start;
        while i > stop {
            v.push(i);
            i = match i.checked_add(step) {
                Some(n) => n,
                None => break,
            };
        }
        return v;
    }
    if step <= 0 {
        return v;
    }
    let mut i = start;
    while i < stop {
        v.push(i);
        i = match i.checked_add(step) {
            Some(n) => n,
            None => break,
        };
    }
    v
}

/// `until count`: 0..count (or down to count when negative).
pub fn until(count: i64) -> Vec<i64> {
    until_step(0, count, if count < 0 { -1 } else { 1 })
}

fn join(v: &[i64]) -> String {
    v.iter().map(i64::to_string).collect::<Vec<_>>().join(" ")
}

/// `seq …` (GNU seq style: `seq last`, `seq first last`, `seq first step last`); other argument
/// counts print nothing.
pub fn seq(params: &[i64]) -> String {
    match *params {
        [end] => {
            let start = 1;
            let inc = if end < start { -1 } else { 1 };
            join(&until_step(start, end.wrapping_add(inc), inc))
        }
        [start, end] => {
            let step = if end < start { -1 } else { 1 };
            join(&until_step(start, end.wrapping_add(step), step))
        }
        [start, step, end] => {
            let mut inc = 1;
            if end < start {
                inc = -1;
                if step > 0 {
                    return String::new();
                }
            }
            join(&until_step(start, end.wrapping_add(inc), step))
        }
        _ => String::new(),
    }
}

/// `toDecimal v`: `v` printed with `fmt.Sprint` (the adapter's job), read as octal; 0 on error.
pub fn to_decimal(printed: &str) -> i64 {
    parse_int(printed, 8, 64).unwrap_or(0)
}

/// `atoi s`: `strconv.Atoi` with the error dropped (out-of-range input keeps Go's clamped value).
pub fn atoi(s: &str) -> i64 {
    match parse_int_clamped(s, 10, 0) {
        Ok(v) => v,
        Err((v, _)) => v,
    }
}

#[cfg(test)]
mod tests;
