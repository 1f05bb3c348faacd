//! The subset of shopspring/decimal v1.4.0 behind Sprig's float arithmetic (`addf`, `subf`,
//! `mulf`, `divf`, `add1f`): a value is `coefficient × 10^exp` with a big coefficient; floats
//! enter through their shortest round-trip digits, `+ - ×` are exact, `÷` rounds to 16 decimal
//! places (half away from zero), and the result leaves as the nearest float64.

use num_bigint::BigInt;
use num_traits::{Signed, Zero};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    pub value: BigInt,
    pub exp: i32,
}

fn pow10(n: u32) -> BigInt {
    num_traits::pow(BigInt::from(10), n as usize)
}

impl Decimal {
    pub fn new(value: i64, exp: i32) -> Decimal {
        Decimal { value: value.into(), exp }
    }

    /// `decimal.NewFromFloat`: the shortest decimal that reads back as `f`. Panics in Go for NaN
    /// and infinities; here that is an `Err` with Go's panic text.
    pub fn from_float(f: f64) -> Result<Decimal, String> {
        if !f.is_finite() {
            return Err(format!("Cannot create a Decimal from {}", crate::golang::strconv::format_float_g(f)));
        }
        if f == 0.0 {
            return Ok(Decimal::new(0, 0));
        }
        let s = format!("{:e}", f);
        let (mant, e) = s.split_once('e').expect("LowerExp has an exponent");
        let e: i32 = e.parse().expect("exponent");
        let neg = mant.starts_with('-');
        let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
        let nd = digits.len() as i32;
        let mut value: BigInt = digits.parse().expect("digits");
        if neg {
            value = -value;
        }
        // d.dp - d.nd where dp = e + 1.
        Ok(Decimal { value, exp: e + 1 - nd })
    }

    fn rescale(&self, exp: i32) -> Decimal {
        if self.exp == exp {
            return self.clone();
        }
        let diff = (exp as i64 - self.exp as i64).unsigned_abs() as u32;
        let scale = pow10(diff);
        let value = if exp > self.exp { &self.value / scale } else { &self.value * scale };
        Decimal { value, exp }
    }

    fn rescale_pair(a: &Decimal, b: &Decimal) -> (Decimal, Decimal) {
        if a.exp < b.exp {
            (a.clone(), b.rescale(a.exp))
        } else if a.exp > b.exp {
            (a.rescale(b.exp), b.clone())
        } else {
            (a.clone(), b.clone())
        }
    }

    pub fn add(&self, d2: &Decimal) -> Decimal {
        let (a, b) = Self::rescale_pair(self, d2);
        Decimal { value: a.value + b.value, exp: a.exp }
    }

    pub fn sub(&self, d2: &Decimal) -> Decimal {
        let (a, b) = Self::rescale_pair(self, d2);
        Decimal { value: a.value - b.value, exp: a.exp }
    }

    /// `Mul`; Go panics when the exponent leaves int32.
    pub fn mul(&self, d2: &Decimal) -> Result<Decimal, String> {
        let e = self.exp as i64 + d2.exp as i64;
        if e > i32::MAX as i64 || e < i32::MIN as i64 {
            return Err(format!("exponent {e} overflows an int32!"));
        }
        Ok(Decimal { value: &self.value * &d2.value, exp: e as i32 })
    }

    /// `QuoRem(d2, precision)`.
    fn quo_rem(&self, d2: &Decimal, precision: i32) -> Result<(Decimal, Decimal), String> {
        if d2.value.is_zero() {
            return Err("decimal division by 0".into());
        }
        let scale = -precision;
        let e = self.exp as i64 - d2.exp as i64 - scale as i64;
        if e > i32::MAX as i64 || e < i32::MIN as i64 {
            return Err("overflow in decimal QuoRem".into());
        }
        let (aa, bb, scalerest) = if e < 0 {
            (self.value.clone(), &d2.value * pow10((-e) as u32), self.exp)
        } else {
            (&self.value * pow10(e as u32), d2.value.clone(), scale + d2.exp)
        };
        // big.Int QuoRem truncates toward zero.
        let (q, r) = (&aa / &bb, &aa % &bb);
        Ok((Decimal { value: q, exp: scale }, Decimal { value: r, exp: scalerest }))
    }

    fn cmp(&self, d2: &Decimal) -> std::cmp::Ordering {
        let (a, b) = Self::rescale_pair(self, d2);
        a.value.cmp(&b.value)
    }

    /// `DivRound(d2, precision)`: ties away from zero.
    pub fn div_round(&self, d2: &Decimal, precision: i32) -> Result<Decimal, String> {
        let (q, r) = self.quo_rem(d2, precision)?;
        let r2 = Decimal { value: r.value.abs() << 1, exp: r.exp + precision };
        let d2abs = Decimal { value: d2.value.abs(), exp: d2.exp };
        if r2.cmp(&d2abs).is_lt() {
            return Ok(q);
        }
        let one = Decimal::new(1, -precision);
        if self.value.is_negative() != d2.value.is_negative() && !self.value.is_zero() {
            Ok(q.sub(&one))
        } else {
            Ok(q.add(&one))
        }
    }

    /// `Div` (`DivisionPrecision` = 16).
    pub fn div(&self, d2: &Decimal) -> Result<Decimal, String> {
        self.div_round(d2, 16)
    }

    /// `Float64()`: the nearest float64 (ties to even), like `big.Rat.Float64`.
    pub fn to_f64(&self) -> f64 {
        let text = format!("{}e{}", self.value, self.exp);
        text.parse::<f64>().unwrap_or(0.0)
    }

    /// `String()`.
    pub fn to_string_fixed(&self) -> String {
        if self.exp >= 0 {
            return (self.value.clone() * pow10(self.exp as u32)).to_string();
        }
        let abs = self.value.abs().to_string();
        let frac_len = (-self.exp) as usize;
        let (int_part, frac) = if abs.len() > frac_len {
            (abs[..abs.len() - frac_len].to_string(), abs[abs.len() - frac_len..].to_string())
        } else {
            ("0".to_string(), format!("{}{}", "0".repeat(frac_len - abs.len()), abs))
        };
        let frac = frac.trim_end_matches('0');
        let sign = if self.value.is_negative() { "-" } else { "" };
        if frac.is_empty() {
            format!("{sign}{int_part}")
        } else {
            format!("{sign}{int_part}.{frac}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest_digits_and_arithmetic() {
        let a = Decimal::from_float(0.1).unwrap();
        assert_eq!((a.value.to_string(), a.exp), ("1".to_string(), -1));
        let b = Decimal::from_float(0.2).unwrap();
        assert_eq!(a.add(&b).to_f64(), 0.3);
        let third = Decimal::from_float(1.0).unwrap().div(&Decimal::from_float(3.0).unwrap()).unwrap();
        assert_eq!(third.to_string_fixed(), "0.3333333333333333");
        let two_thirds = Decimal::from_float(2.0).unwrap().div(&Decimal::from_float(3.0).unwrap()).unwrap();
        assert_eq!(two_thirds.to_string_fixed(), "0.6666666666666667");
        let neg = Decimal::from_float(-2.0).unwrap().div(&Decimal::from_float(3.0).unwrap()).unwrap();
        assert_eq!(neg.to_string_fixed(), "-0.6666666666666667");
        assert_eq!(Decimal::from_float(1.0).unwrap().div(&Decimal::new(0, 0)).unwrap_err(), "decimal division by 0");
        assert_eq!(Decimal::from_float(f64::INFINITY).unwrap_err(), "Cannot create a Decimal from +Inf");
    }
}
