//! Numbers as the validator compares and prints them: exact decimals (`big.Rat` of Go's
//! decimal text) and the English message printer's number formats.

/// An exact decimal (`big.Rat` of a decimal text): mantissa × 10^exp.
#[derive(Debug, Clone, Copy)]
pub struct Dec {
    pub mant: i128,
    pub exp: i32,
}

impl Dec {
    /// From Go's `fmt.Sprint` of a float64 (shortest round-trip digits).
    pub fn from_f64(f: f64) -> Option<Dec> {
        if !f.is_finite() {
            return None;
        }
        if f == 0.0 {
            return Some(Dec { mant: 0, exp: 0 });
        }
        let s = format!("{:e}", f);
        let (m, e) = s.split_once('e')?;
        let e: i32 = e.parse().ok()?;
        let neg = m.starts_with('-');
        let digits: String = m.chars().filter(|c| c.is_ascii_digit()).collect();
        let frac_len = m.split_once('.').map_or(0, |(_, f)| f.len()) as i32;
        let mant: i128 = digits.parse().ok()?;
        Some(Dec { mant: if neg { -mant } else { mant }, exp: e - frac_len })
    }

    pub fn from_i64(i: i64) -> Dec {
        Dec { mant: i as i128, exp: 0 }
    }

    pub fn to_f64(self) -> f64 {
        format!("{}e{}", self.mant, self.exp).parse().unwrap_or(f64::NAN)
    }

    /// Both mantissas at the smaller exponent, when that fits.
    fn aligned(self, o: Dec) -> Option<(i128, i128)> {
        let e = self.exp.min(o.exp);
        let scale = |d: Dec| -> Option<i128> {
            let k = u32::try_from(d.exp - e).ok()?;
            d.mant.checked_mul(10i128.checked_pow(k)?)
        };
        Some((scale(self)?, scale(o)?))
    }

    pub fn cmp(self, o: Dec) -> std::cmp::Ordering {
        match self.aligned(o) {
            Some((a, b)) => a.cmp(&b),
            None => self.to_f64().partial_cmp(&o.to_f64()).unwrap_or(std::cmp::Ordering::Equal),
        }
    }

    /// Whether `self / o` is an integer.
    pub fn is_multiple_of(self, o: Dec) -> bool {
        match self.aligned(o) {
            Some((a, b)) => b != 0 && a % b == 0,
            None => {
                let q = self.to_f64() / o.to_f64();
                q.is_finite() && q == q.trunc()
            }
        }
    }

    pub fn is_int(self) -> bool {
        if self.exp >= 0 {
            return true;
        }
        match 10i128.checked_pow((-self.exp) as u32) {
            Some(p) => self.mant % p == 0,
            None => self.mant == 0,
        }
    }
}

/// `1234567` as the English message printer writes it: `1,234,567`.
fn group(int: &str) -> String {
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", int),
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// `%d` through the English message printer.
pub fn fmt_int(i: i64) -> String {
    group(&i.to_string())
}

/// `%v` of a float64 through the English message printer: Go's shortest form, digits grouped,
/// exponents as `×10ⁿⁿ`.
pub fn fmt_float(f: f64) -> String {
    let g = crate::golang::strconv::format_float_g(f);
    if let Some((mant, exp)) = g.split_once('e') {
        const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
        let (neg, digits) = match exp.as_bytes()[0] {
            b'-' => (true, &exp[1..]),
            b'+' => (false, &exp[1..]),
            _ => (false, exp),
        };
        let sup: String = digits.chars().map(|c| SUP[c.to_digit(10).unwrap_or(0) as usize]).collect();
        return format!("{mant}×10{}{sup}", if neg { "⁻" } else { "" });
    }
    match g.split_once('.') {
        Some((int, frac)) => format!("{}.{frac}", group(int)),
        None => group(&g),
    }
}
