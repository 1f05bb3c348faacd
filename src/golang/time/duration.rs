//! Go's `time.Duration`: nanoseconds in an `i64`, its `String` form and `ParseDuration`.

use std::fmt;

use super::format::quote;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Duration(pub i64);

impl Duration {
    pub const NANOSECOND: i64 = 1;
    pub const MICROSECOND: i64 = 1_000;
    pub const MILLISECOND: i64 = 1_000_000;
    pub const SECOND: i64 = 1_000_000_000;
    pub const MINUTE: i64 = 60 * Self::SECOND;
    pub const HOUR: i64 = 60 * Self::MINUTE;

    pub fn nanos(self) -> i64 {
        self.0
    }

    /// `Duration.Round(m)`: nearest multiple of `m`, halves away from zero, saturating.
    pub fn round(self, m: i64) -> Duration {
        let d = self.0;
        if m <= 0 {
            return self;
        }
        let less_than_half = |x: i64, y: i64| (x as u64).wrapping_add(x as u64) < y as u64;
        let mut r = d % m;
        if d < 0 {
            r = -r;
            if less_than_half(r, m) {
                return Duration(d + r);
            }
            return match (d - m).checked_add(r) {
                Some(d1) if d1 < d => Duration(d1),
                _ => Duration(i64::MIN),
            };
        }
        if less_than_half(r, m) {
            return Duration(d - r);
        }
        match d.checked_add(m - r) {
            Some(d1) if d1 > d => Duration(d1),
            _ => Duration(i64::MAX),
        }
    }

    /// `Duration.Truncate(m)`.
    pub fn truncate(self, m: i64) -> Duration {
        if m <= 0 {
            self
        } else {
            Duration(self.0 - self.0 % m)
        }
    }
}

/// Fraction digits of `v / 10^prec` written before `buf`'s tail, trailing zeros dropped.
fn frac(out: &mut Vec<u8>, mut v: u64, prec: u32) -> u64 {
    let mut printed = false;
    for _ in 0..prec {
        let digit = (v % 10) as u8;
        printed = printed || digit != 0;
        if printed {
            out.push(b'0' + digit);
        }
        v /= 10;
    }
    if printed {
        out.push(b'.');
    }
    v
}

fn int(out: &mut Vec<u8>, mut v: u64) {
    if v == 0 {
        out.push(b'0');
    }
    while v > 0 {
        out.push(b'0' + (v % 10) as u8);
        v /= 10;
    }
}

impl fmt::Display for Duration {
    /// `Duration.String()`: "72h3m0.5s", "1.5µs", "0s".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let neg = self.0 < 0;
        let mut u = self.0.unsigned_abs();
        // Built backwards, then reversed.
        let mut out: Vec<u8> = Vec::with_capacity(32);
        if u < Duration::SECOND as u64 {
            if u == 0 {
                return f.write_str("0s");
            }
            out.push(b's');
            let prec = if u < Duration::MICROSECOND as u64 {
                out.push(b'n');
                0
            } else if u < Duration::MILLISECOND as u64 {
                out.extend_from_slice(&[0xB5, 0xC2]); // "µ" reversed
                3
            } else {
                out.push(b'm');
                6
            };
            u = frac(&mut out, u, prec);
            int(&mut out, u);
        } else {
            out.push(b's');
            u = frac(&mut out, u, 9);
            int(&mut out, u % 60);
            u /= 60;
            if u > 0 {
                out.push(b'm');
                int(&mut out, u % 60);
                u /= 60;
                if u > 0 {
                    out.push(b'h');
                    int(&mut out, u);
                }
            }
        }
        if neg {
            out.push(b'-');
        }
        out.reverse();
        f.write_str(std::str::from_utf8(&out).expect("ASCII and µ"))
    }
}

/// Go's `leadingInt`: digits as u64, failing above 2^63.
fn leading_int(s: &[u8]) -> Result<(u64, &[u8]), ()> {
    let mut x: u64 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        if x > (1u64 << 63) / 10 {
            return Err(());
        }
        x = x * 10 + (s[i] - b'0') as u64;
        if x > 1u64 << 63 {
            return Err(());
        }
        i += 1;
    }
    Ok((x, &s[i..]))
}

/// Go's `leadingFraction`: digits of a fraction, stopping accumulation on overflow.
fn leading_fraction(s: &[u8]) -> (u64, f64, &[u8]) {
    let mut x: u64 = 0;
    let mut scale = 1.0f64;
    let mut overflow = false;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        if !overflow {
            if x > ((1u64 << 63) - 1) / 10 {
                overflow = true;
            } else {
                let y = x * 10 + (s[i] - b'0') as u64;
                if y > 1u64 << 63 {
                    overflow = true;
                } else {
                    x = y;
                    scale *= 10.0;
                }
            }
        }
        i += 1;
    }
    (x, scale, &s[i..])
}

fn unit(u: &[u8]) -> Option<u64> {
    Some(match u {
        b"ns" => 1,
        b"us" | b"\xc2\xb5s" | b"\xce\xbcs" => 1_000,
        b"ms" => 1_000_000,
        b"s" => 1_000_000_000,
        b"m" => 60_000_000_000,
        b"h" => 3_600_000_000_000,
        _ => return None,
    })
}

/// `time.ParseDuration`, with Go's error texts.
pub fn parse_duration(orig: &str) -> Result<Duration, String> {
    let invalid = || format!("time: invalid duration {}", quote(orig));
    let mut s = orig.as_bytes();
    let mut neg = false;
    if let Some(&c) = s.first() {
        if c == b'-' || c == b'+' {
            neg = c == b'-';
            s = &s[1..];
        }
    }
    if s == b"0" {
        return Ok(Duration(0));
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut d: u64 = 0;
    while !s.is_empty() {
        if !(s[0] == b'.' || s[0].is_ascii_digit()) {
            return Err(invalid());
        }
        let pl = s.len();
        let (mut v, rest) = leading_int(s).map_err(|_| invalid())?;
        s = rest;
        let pre = pl != s.len();
        let (mut f, mut scale, mut post) = (0u64, 1.0f64, false);
        if s.first() == Some(&b'.') {
            s = &s[1..];
            let pl = s.len();
            let (ff, sc, rest) = leading_fraction(s);
            f = ff;
            scale = sc;
            s = rest;
            post = pl != s.len();
        }
        if !pre && !post {
            return Err(invalid());
        }
        let i = s.iter().position(|&c| c == b'.' || c.is_ascii_digit()).unwrap_or(s.len());
        if i == 0 {
            return Err(format!("time: missing unit in duration {}", quote(orig)));
        }
        let u = &s[..i];
        s = &s[i..];
        let unit = unit(u).ok_or_else(|| {
            format!("time: unknown unit {} in duration {}", quote(&String::from_utf8_lossy(u)), quote(orig))
        })?;
        if v > (1u64 << 63) / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > 1u64 << 63 {
                return Err(invalid());
            }
        }
        d += v;
        if d > 1u64 << 63 {
            return Err(invalid());
        }
    }
    if neg {
        return Ok(Duration((d as i64).wrapping_neg()));
    }
    if d > (1u64 << 63) - 1 {
        return Err(invalid());
    }
    Ok(Duration(d as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings() {
        // Expected column: Go's Duration.String (via sprig `duration`/`dateModify` on the oracle).
        let cases: &[(i64, &str)] = &[
            (0, "0s"),
            (1, "1ns"),
            (1_100, "1.1µs"),
            (2_200_000, "2.2ms"),
            (3_300_000_000, "3.3s"),
            (-4 * Duration::MINUTE - 5 * Duration::SECOND, "-4m5s"),
            (95 * Duration::SECOND, "1m35s"),
            (3661 * Duration::SECOND, "1h1m1s"),
            (120 * Duration::SECOND, "2m0s"),
            (i64::MAX, "2562047h47m16.854775807s"),
            (i64::MIN, "-2562047h47m16.854775808s"),
        ];
        for &(d, want) in cases {
            assert_eq!(Duration(d).to_string(), want, "{d}");
        }
    }

    #[test]
    fn parsing() {
        let ok: &[(&str, i64)] = &[
            ("0", 0),
            ("-0", 0),
            ("1h30m", 90 * Duration::MINUTE),
            ("-48h", -48 * Duration::HOUR),
            ("1.5h", 90 * Duration::MINUTE),
            (".5s", 500 * Duration::MILLISECOND),
            ("1µs", 1000),
            ("1μs", 1000),
            ("1us2ns", 1002),
            ("+3m", 3 * Duration::MINUTE),
            ("9223372036854775807ns", i64::MAX),
            ("-9223372036854775808ns", i64::MIN),
            ("0.3333333333333333333h", 1_200_000_000_000),
        ];
        for &(s, want) in ok {
            assert_eq!(parse_duration(s), Ok(Duration(want)), "{s}");
        }
        let bad: &[(&str, &str)] = &[
            ("bogus", r#"time: invalid duration "bogus""#),
            ("", r#"time: invalid duration """#),
            ("1", r#"time: missing unit in duration "1""#),
            ("1d", r#"time: unknown unit "d" in duration "1d""#),
            (".s", r#"time: invalid duration ".s""#),
            ("9223372036854775808ns", r#"time: invalid duration "9223372036854775808ns""#),
            ("1h-2m", r#"time: unknown unit "h-" in duration "1h-2m""#),
        ];
        for &(s, want) in bad {
            assert_eq!(parse_duration(s), Err(want.to_string()), "{s}");
        }
    }

    #[test]
    fn rounding() {
        let s = Duration::SECOND;
        assert_eq!(Duration(1_500_000_000).round(s), Duration(2 * s));
        assert_eq!(Duration(1_499_999_999).round(s), Duration(s));
        assert_eq!(Duration(-1_500_000_000).round(s), Duration(-2 * s));
        assert_eq!(Duration(i64::MAX).round(s), Duration(i64::MAX));
        assert_eq!(Duration(7).round(0), Duration(7));
    }
}
