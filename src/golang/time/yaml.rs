//! The parts of Go's `time` package that YAML needs: the timestamp layouts go-yaml tries on plain
//! scalars, and `time.Time`'s JSON form (RFC 3339 with nanoseconds).

/// A civil time with a fixed offset, as `time.Parse` returns it for go-yaml's layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub nanosecond: u32,
    /// Seconds east of UTC.
    pub offset: i32,
}

/// `getnum(s, false)`: one or two digits.
fn getnum(s: &[u8]) -> Option<(u32, &[u8])> {
    let d0 = *s.first()?;
    if !d0.is_ascii_digit() {
        return None;
    }
    match s.get(1) {
        Some(d1) if d1.is_ascii_digit() => Some(((d0 - b'0') as u32 * 10 + (d1 - b'0') as u32, &s[2..])),
        _ => Some(((d0 - b'0') as u32, &s[1..])),
    }
}

fn expect(s: &[u8], c: u8) -> Option<&[u8]> {
    (s.first() == Some(&c)).then(|| &s[1..])
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub fn days_in_month(month: u32, year: i64) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Date part "2006-1-2": four-digit year, one- or two-digit month and day.
fn parse_date(s: &[u8]) -> Option<(i64, u32, u32, &[u8])> {
    if s.len() < 4 || !s[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let year: i64 = std::str::from_utf8(&s[..4]).ok()?.parse().ok()?;
    let s = expect(&s[4..], b'-')?;
    let (month, s) = getnum(s)?;
    let s = expect(s, b'-')?;
    let (day, s) = getnum(s)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(month, year) {
        return None;
    }
    Some((year, month, day, s))
}

/// Time part "15:4:5.999999999" (hour, minute, second with an optional fraction).
fn parse_clock(s: &[u8]) -> Option<(u32, u32, u32, u32, &[u8])> {
    let (hour, s) = getnum(s)?;
    let s = expect(s, b':')?;
    let (minute, s) = getnum(s)?;
    let s = expect(s, b':')?;
    let (second, mut s) = getnum(s)?;
    if hour >= 24 || minute >= 60 || second >= 60 {
        return None;
    }
    let mut nanos = 0;
    if s.len() >= 2 && (s[0] == b'.' || s[0] == b',') && s[1].is_ascii_digit() {
        let mut n = 1;
        while n < s.len() && s[n].is_ascii_digit() {
            n += 1;
        }
        let digits = &s[1..n.min(10)];
        let mut v: u32 = 0;
        for d in digits {
            v = v * 10 + (d - b'0') as u32;
        }
        for _ in digits.len()..9 {
            v *= 10;
        }
        nanos = v;
        s = &s[n..];
    }
    Some((hour, minute, second, nanos, s))
}

/// "Z07:00": `Z`, or a sign with hh:mm.
fn parse_zone(s: &[u8]) -> Option<(i32, &[u8])> {
    if s.first() == Some(&b'Z') {
        return Some((0, &s[1..]));
    }
    if s.len() < 6 || !(s[0] == b'+' || s[0] == b'-') || s[3] != b':' {
        return None;
    }
    let digits = |a: u8, b: u8| -> Option<i32> {
        (a.is_ascii_digit() && b.is_ascii_digit()).then(|| ((a - b'0') * 10 + (b - b'0')) as i32)
    };
    let hh = digits(s[1], s[2])?;
    let mm = digits(s[4], s[5])?;
    if hh > 24 || mm > 60 {
        return None;
    }
    let off = (hh * 60 + mm) * 60;
    Some((if s[0] == b'-' { -off } else { off }, &s[6..]))
}

/// The timestamp forms go-yaml (v2 and v3) recognise in plain scalars: `2006-1-2`,
/// `2006-1-2T15:4:5.999999999Z07:00` (also with `t`), `2006-1-2 15:4:5.999999999`.
pub fn parse_yaml_timestamp(s: &str) -> Option<Time> {
    let b = s.as_bytes();
    // Quick check: all forms start with exactly four digits and a dash.
    let lead = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if lead != 4 || b.get(4) != Some(&b'-') {
        return None;
    }
    let (year, month, day, rest) = parse_date(b)?;
    let mut t = Time { year, month, day, hour: 0, minute: 0, second: 0, nanosecond: 0, offset: 0 };
    if rest.is_empty() {
        return Some(t);
    }
    let (sep, rest) = (rest[0], &rest[1..]);
    let (hour, minute, second, nanos, rest) = parse_clock(rest)?;
    t.hour = hour;
    t.minute = minute;
    t.second = second;
    t.nanosecond = nanos;
    match sep {
        b'T' | b't' => {
            let (offset, rest) = parse_zone(rest)?;
            t.offset = offset;
            rest.is_empty().then_some(t)
        }
        b' ' => rest.is_empty().then_some(t),
        _ => None,
    }
}

impl Time {
    /// `time.RFC3339Nano` ("2006-01-02T15:04:05.999999999Z07:00"), as `time.Time` marshals to JSON.
    pub fn format_rfc3339_nano(&self) -> String {
        let mut s = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        );
        if self.nanosecond != 0 {
            let frac = format!("{:09}", self.nanosecond);
            s.push('.');
            s.push_str(frac.trim_end_matches('0'));
        }
        if self.offset == 0 {
            s.push('Z');
        } else {
            let (sign, off) = if self.offset < 0 { ('-', -self.offset) } else { ('+', self.offset) };
            s.push_str(&format!("{sign}{:02}:{:02}", off / 3600, off / 60 % 60));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_timestamps() {
        let t = parse_yaml_timestamp("2001-12-14").unwrap();
        assert_eq!(t.format_rfc3339_nano(), "2001-12-14T00:00:00Z");
        let t = parse_yaml_timestamp("2001-12-14T21:59:43.10-05:00").unwrap();
        assert_eq!(t.format_rfc3339_nano(), "2001-12-14T21:59:43.1-05:00");
        let t = parse_yaml_timestamp("2001-1-4 1:2:3").unwrap();
        assert_eq!(t.format_rfc3339_nano(), "2001-01-04T01:02:03Z");
        assert!(parse_yaml_timestamp("2001-02-29").is_none());
        assert!(parse_yaml_timestamp("2000-02-29").is_some());
        assert!(parse_yaml_timestamp("2001-13-01").is_none());
        assert!(parse_yaml_timestamp("2001-12-14 21:59:43.10 -5").is_none());
        assert!(parse_yaml_timestamp("20011-12-14").is_none());
        assert!(parse_yaml_timestamp("2001-12-14T21:59:43").is_none());
    }
}
