//! Go's reference-layout formatting and parsing (`Time.Format`, `time.Parse`,
//! `time.ParseInLocation`), element for element: the layout is cut into the same "std chunks" Go
//! recognises (`2006 06 01 1 Jan January 02 2 _2 __2 002 Mon Monday 15 03 3 04 4 05 5 PM pm MST
//! -0700 -07:00 -07 -070000 -07:00:00 Z0700 Z07:00 Z07 Z070000 Z07:00:00 .000 .999 ,000 ,999`) and
//! everything else is literal text.

use std::fmt;

use super::civil::{
    self, days_before, days_in, is_leap, LONG_DAY_NAMES, LONG_MONTH_NAMES, SHORT_DAY_NAMES, SHORT_MONTH_NAMES,
};
use super::value::GoTime;
use super::zone::Location;

pub const RFC3339: &str = "2006-01-02T15:04:05Z07:00";
pub const RFC3339_NANO: &str = "2006-01-02T15:04:05.999999999Z07:00";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Std {
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    Pm,
    TZ,
    Iso8601TZ,
    Iso8601SecondsTZ,
    Iso8601ShortTZ,
    Iso8601ColonTZ,
    Iso8601ColonSecondsTZ,
    NumTZ,
    NumSecondsTZ,
    NumShortTZ,
    NumColonTZ,
    NumColonSecondsTZ,
    /// `.000`: digits (trailing zeros kept) and separator.
    Frac0(usize, u8),
    /// `.999`: digits (trailing zeros dropped) and separator.
    Frac9(usize, u8),
}

impl Std {
    fn is_iso(self) -> bool {
        matches!(
            self,
            Std::Iso8601TZ
                | Std::Iso8601SecondsTZ
                | Std::Iso8601ShortTZ
                | Std::Iso8601ColonTZ
                | Std::Iso8601ColonSecondsTZ
        )
    }
}

fn starts_with_lower(s: &[u8]) -> bool {
    matches!(s.first(), Some(b'a'..=b'z'))
}

fn is_digit(s: &[u8], i: usize) -> bool {
    s.get(i).is_some_and(u8::is_ascii_digit)
}

/// Go's `nextStdChunk`: (prefix, std, suffix).
fn next_std_chunk(layout: &[u8]) -> (&[u8], Option<Std>, &[u8]) {
    let at = |i: usize, s: &[u8]| layout.len() >= i + s.len() && &layout[i..i + s.len()] == s;
    let mut i = 0;
    while i < layout.len() {
        let found = |std: Std, len: usize| Some((&layout[..i], Some(std), &layout[i + len..]));
        let hit = match layout[i] {
            b'J' if at(i, b"Jan") => {
                if at(i, b"January") {
                    found(Std::LongMonth, 7)
                } else if !starts_with_lower(&layout[i + 3..]) {
                    found(Std::Month, 3)
                } else {
                    None
                }
            }
            b'M' if layout.len() >= i + 3 => {
                if at(i, b"Mon") {
                    if at(i, b"Monday") {
                        found(Std::LongWeekDay, 6)
                    } else if !starts_with_lower(&layout[i + 3..]) {
                        found(Std::WeekDay, 3)
                    } else {
                        None
                    }
                } else if at(i, b"MST") {
                    found(Std::TZ, 3)
                } else {
                    None
                }
            }
            b'0' => {
                if layout.len() >= i + 2 && (b'1'..=b'6').contains(&layout[i + 1]) {
                    let std =
                        [Std::ZeroMonth, Std::ZeroDay, Std::ZeroHour12, Std::ZeroMinute, Std::ZeroSecond, Std::Year]
                            [(layout[i + 1] - b'1') as usize];
                    found(std, 2)
                } else if at(i, b"002") {
                    found(Std::ZeroYearDay, 3)
                } else {
                    None
                }
            }
            b'1' => {
                if at(i, b"15") {
                    found(Std::Hour, 2)
                } else {
                    found(Std::NumMonth, 1)
                }
            }
            b'2' => {
                if at(i, b"2006") {
                    found(Std::LongYear, 4)
                } else {
                    found(Std::Day, 1)
                }
            }
            b'_' => {
                if at(i, b"_2") {
                    if at(i + 1, b"2006") {
                        // "_2006" is a literal underscore and a long year.
                        Some((&layout[..i + 1], Some(Std::LongYear), &layout[i + 5..]))
                    } else {
                        found(Std::UnderDay, 2)
                    }
                } else if at(i, b"__2") {
                    found(Std::UnderYearDay, 3)
                } else {
                    None
                }
            }
            b'3' => found(Std::Hour12, 1),
            b'4' => found(Std::Minute, 1),
            b'5' => found(Std::Second, 1),
            b'P' if at(i, b"PM") => found(Std::PM, 2),
            b'p' if at(i, b"pm") => found(Std::Pm, 2),
            b'-' => {
                if at(i, b"-070000") {
                    found(Std::NumSecondsTZ, 7)
                } else if at(i, b"-07:00:00") {
                    found(Std::NumColonSecondsTZ, 9)
                } else if at(i, b"-0700") {
                    found(Std::NumTZ, 5)
                } else if at(i, b"-07:00") {
                    found(Std::NumColonTZ, 6)
                } else if at(i, b"-07") {
                    found(Std::NumShortTZ, 3)
                } else {
                    None
                }
            }
            b'Z' => {
                if at(i, b"Z070000") {
                    found(Std::Iso8601SecondsTZ, 7)
                } else if at(i, b"Z07:00:00") {
                    found(Std::Iso8601ColonSecondsTZ, 9)
                } else if at(i, b"Z0700") {
                    found(Std::Iso8601TZ, 5)
                } else if at(i, b"Z07:00") {
                    found(Std::Iso8601ColonTZ, 6)
                } else if at(i, b"Z07") {
                    found(Std::Iso8601ShortTZ, 3)
                } else {
                    None
                }
            }
            c @ (b'.' | b',') if i + 1 < layout.len() && (layout[i + 1] == b'0' || layout[i + 1] == b'9') => {
                let ch = layout[i + 1];
                let mut j = i + 1;
                while j < layout.len() && layout[j] == ch {
                    j += 1;
                }
                // The run of digits must end here: only a fractional second is all digits.
                if !is_digit(layout, j) {
                    let n = (j - (i + 1)) & 0xfff;
                    let std = if ch == b'0' { Std::Frac0(n, c) } else { Std::Frac9(n, c) };
                    Some((&layout[..i], Some(std), &layout[j..]))
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some(h) = hit {
            return h;
        }
        i += 1;
    }
    (layout, None, &[])
}

/// Go's `appendInt`: decimal `x`, zero-padded to `width` digits (after a minus sign).
fn append_int(b: &mut Vec<u8>, x: i64, width: usize) {
    if x < 0 {
        b.push(b'-');
    }
    let digits = x.unsigned_abs().to_string();
    for _ in digits.len()..width {
        b.push(b'0');
    }
    b.extend_from_slice(digits.as_bytes());
}

fn append_nano(b: &mut Vec<u8>, nanosec: u32, n: usize, sep: u8, trim: bool) {
    if trim && (n == 0 || nanosec == 0) {
        return;
    }
    b.push(sep);
    let digits = format!("{nanosec:09}");
    let mut frac = &digits.as_bytes()[..n.min(9)];
    if trim {
        while let [rest @ .., b'0'] = frac {
            frac = rest;
        }
        if frac.is_empty() {
            b.pop();
            return;
        }
    }
    b.extend_from_slice(frac);
}

impl GoTime {
    /// `t.Format(layout)`.
    pub fn format(&self, layout: &str) -> String {
        let (name, offset, local) = self.local_seconds();
        let c = civil::civil(local);
        let mut b: Vec<u8> = Vec::with_capacity(layout.len() + 10);
        let mut layout = layout.as_bytes();
        while !layout.is_empty() {
            let (prefix, std, suffix) = next_std_chunk(layout);
            b.extend_from_slice(prefix);
            let Some(std) = std else { break };
            layout = suffix;
            let hr12 = if c.hour % 12 == 0 { 12 } else { c.hour % 12 } as i64;
            match std {
                Std::Year => append_int(&mut b, c.year.abs() % 100, 2),
                Std::LongYear => append_int(&mut b, c.year, 4),
                Std::Month => b.extend_from_slice(SHORT_MONTH_NAMES[c.month as usize - 1].as_bytes()),
                Std::LongMonth => b.extend_from_slice(LONG_MONTH_NAMES[c.month as usize - 1].as_bytes()),
                Std::NumMonth => append_int(&mut b, c.month as i64, 0),
                Std::ZeroMonth => append_int(&mut b, c.month as i64, 2),
                Std::WeekDay => b.extend_from_slice(SHORT_DAY_NAMES[c.weekday as usize].as_bytes()),
                Std::LongWeekDay => b.extend_from_slice(LONG_DAY_NAMES[c.weekday as usize].as_bytes()),
                Std::Day => append_int(&mut b, c.day as i64, 0),
                Std::UnderDay => {
                    if c.day < 10 {
                        b.push(b' ');
                    }
                    append_int(&mut b, c.day as i64, 0)
                }
                Std::ZeroDay => append_int(&mut b, c.day as i64, 2),
                Std::UnderYearDay => {
                    let yday = c.yday as i64 + 1;
                    if yday < 100 {
                        b.push(b' ');
                        if yday < 10 {
                            b.push(b' ');
                        }
                    }
                    append_int(&mut b, yday, 0)
                }
                Std::ZeroYearDay => append_int(&mut b, c.yday as i64 + 1, 3),
                Std::Hour => append_int(&mut b, c.hour as i64, 2),
                Std::Hour12 => append_int(&mut b, hr12, 0),
                Std::ZeroHour12 => append_int(&mut b, hr12, 2),
                Std::Minute => append_int(&mut b, c.minute as i64, 0),
                Std::ZeroMinute => append_int(&mut b, c.minute as i64, 2),
                Std::Second => append_int(&mut b, c.second as i64, 0),
                Std::ZeroSecond => append_int(&mut b, c.second as i64, 2),
                Std::PM => b.extend_from_slice(if c.hour >= 12 { b"PM" } else { b"AM" }),
                Std::Pm => b.extend_from_slice(if c.hour >= 12 { b"pm" } else { b"am" }),
                Std::Iso8601TZ
                | Std::Iso8601ColonTZ
                | Std::Iso8601SecondsTZ
                | Std::Iso8601ShortTZ
                | Std::Iso8601ColonSecondsTZ
                | Std::NumTZ
                | Std::NumColonTZ
                | Std::NumSecondsTZ
                | Std::NumShortTZ
                | Std::NumColonSecondsTZ => {
                    if offset == 0 && std.is_iso() {
                        b.push(b'Z');
                        continue;
                    }
                    let mut zone = offset as i64 / 60;
                    let mut absoffset = offset as i64;
                    if zone < 0 {
                        b.push(b'-');
                        zone = -zone;
                        absoffset = -absoffset;
                    } else {
                        b.push(b'+');
                    }
                    append_int(&mut b, zone / 60, 2);
                    if matches!(
                        std,
                        Std::Iso8601ColonTZ | Std::NumColonTZ | Std::Iso8601ColonSecondsTZ | Std::NumColonSecondsTZ
                    ) {
                        b.push(b':');
                    }
                    if !matches!(std, Std::NumShortTZ | Std::Iso8601ShortTZ) {
                        append_int(&mut b, zone % 60, 2);
                    }
                    if matches!(
                        std,
                        Std::Iso8601SecondsTZ | Std::NumSecondsTZ | Std::NumColonSecondsTZ | Std::Iso8601ColonSecondsTZ
                    ) {
                        if matches!(std, Std::NumColonSecondsTZ | Std::Iso8601ColonSecondsTZ) {
                            b.push(b':');
                        }
                        append_int(&mut b, absoffset % 60, 2);
                    }
                }
                Std::TZ => {
                    if !name.is_empty() {
                        b.extend_from_slice(name.as_bytes());
                        continue;
                    }
                    let mut zone = offset as i64 / 60;
                    if zone < 0 {
                        b.push(b'-');
                        zone = -zone;
                    } else {
                        b.push(b'+');
                    }
                    append_int(&mut b, zone / 60, 2);
                    append_int(&mut b, zone % 60, 2);
                }
                Std::Frac0(n, sep) => append_nano(&mut b, self.nsec, n, sep, false),
                Std::Frac9(n, sep) => append_nano(&mut b, self.nsec, n, sep, true),
            }
        }
        String::from_utf8(b).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// The `quote` of Go's time package (used in its error texts): bytes outside printable ASCII
/// become `\xNN`, `"` and `\` are backslashed.
pub fn quote(s: &str) -> String {
    quote_bytes(s.as_bytes())
}

fn quote_bytes(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for &c in s {
        if !(b' '..0x80).contains(&c) {
            out.push_str(&format!("\\x{c:02x}"));
        } else {
            if c == b'"' || c == b'\\' {
                out.push('\\');
            }
            out.push(c as char);
        }
    }
    out.push('"');
    out
}

/// Go's `*time.ParseError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub layout: Vec<u8>,
    pub value: Vec<u8>,
    pub layout_elem: Vec<u8>,
    pub value_elem: Vec<u8>,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            write!(
                f,
                "parsing time {} as {}: cannot parse {} as {}",
                quote_bytes(&self.value),
                quote_bytes(&self.layout),
                quote_bytes(&self.value_elem),
                quote_bytes(&self.layout_elem)
            )
        } else {
            write!(f, "parsing time {}{}", quote_bytes(&self.value), self.message)
        }
    }
}

impl std::error::Error for ParseError {}

fn getnum(s: &[u8], fixed: bool) -> Option<(i64, &[u8])> {
    if !is_digit(s, 0) {
        return None;
    }
    if !is_digit(s, 1) {
        if fixed {
            return None;
        }
        return Some(((s[0] - b'0') as i64, &s[1..]));
    }
    Some(((s[0] - b'0') as i64 * 10 + (s[1] - b'0') as i64, &s[2..]))
}

fn getnum3(s: &[u8], fixed: bool) -> Option<(i64, &[u8])> {
    let mut n = 0i64;
    let mut i = 0;
    while i < 3 && is_digit(s, i) {
        n = n * 10 + (s[i] - b'0') as i64;
        i += 1;
    }
    if i == 0 || (fixed && i != 3) {
        return None;
    }
    Some((n, &s[i..]))
}

fn cutspace(mut s: &[u8]) -> &[u8] {
    while s.first() == Some(&b' ') {
        s = &s[1..];
    }
    s
}

/// Go's `skip`: remove `prefix` from `value`, runs of spaces matching runs of spaces.
fn skip<'a>(mut value: &'a [u8], mut prefix: &[u8]) -> Result<&'a [u8], &'a [u8]> {
    while !prefix.is_empty() {
        if prefix[0] == b' ' {
            if !value.is_empty() && value[0] != b' ' {
                return Err(value);
            }
            prefix = cutspace(prefix);
            value = cutspace(value);
            continue;
        }
        if value.is_empty() || value[0] != prefix[0] {
            return Err(value);
        }
        prefix = &prefix[1..];
        value = &value[1..];
    }
    Ok(value)
}

/// Go's `lookup`: case-insensitive prefix match against a name table.
fn lookup<'a>(tab: &[&str], val: &'a [u8]) -> Option<(usize, &'a [u8])> {
    for (i, v) in tab.iter().enumerate() {
        let v = v.as_bytes();
        if val.len() >= v.len() && match_fold(&val[..v.len()], v) {
            return Some((i, &val[v.len()..]));
        }
    }
    None
}

fn match_fold(s1: &[u8], s2: &[u8]) -> bool {
    s1.iter().zip(s2).all(|(&a, &b)| {
        if a == b {
            return true;
        }
        let (a, b) = (a | 0x20, b | 0x20);
        a == b && a.is_ascii_lowercase()
    })
}

/// Go's `atoi` on a short byte string (optional sign, digits only).
fn atoi(s: &[u8]) -> Option<i64> {
    let (neg, s) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (q, rem) = leading_int(s)?;
    if !rem.is_empty() {
        return None;
    }
    let x = q as i64;
    Some(if neg { -x } else { x })
}

fn leading_int(s: &[u8]) -> Option<(u64, &[u8])> {
    let mut x: u64 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        if x > (1u64 << 63) / 10 {
            return None;
        }
        x = x * 10 + (s[i] - b'0') as u64;
        if x > 1u64 << 63 {
            return None;
        }
        i += 1;
    }
    Some((x, &s[i..]))
}

fn comma_or_period(b: u8) -> bool {
    b == b'.' || b == b','
}

/// Go's `parseNanoseconds`: `value[0]` is the separator, `nbytes` includes it.
fn parse_nanoseconds(value: &[u8], nbytes: usize) -> Result<i64, Option<&'static str>> {
    if !comma_or_period(value[0]) {
        return Err(None);
    }
    let nbytes = nbytes.min(10);
    let mut ns = atoi(&value[1..nbytes]).ok_or(None)?;
    if ns < 0 {
        return Err(Some("fractional second"));
    }
    for _ in 0..10 - nbytes {
        ns *= 10;
    }
    Ok(ns)
}

fn parse_signed_offset(value: &[u8]) -> usize {
    let sign = value[0];
    if sign != b'-' && sign != b'+' {
        return 0;
    }
    match leading_int(&value[1..]) {
        Some((x, rem)) if rem.len() != value.len() - 1 && x <= 23 => value.len() - rem.len(),
        _ => 0,
    }
}

/// Go's `parseTimeZone`: length of a zone abbreviation at the start of `value`.
fn parse_time_zone(value: &[u8]) -> Option<usize> {
    if value.len() < 3 {
        return None;
    }
    if value.len() >= 4 && (&value[..4] == b"ChST" || &value[..4] == b"MeST") {
        return Some(4);
    }
    if &value[..3] == b"GMT" {
        let rest = &value[3..];
        return Some(if rest.is_empty() { 3 } else { 3 + parse_signed_offset(rest) });
    }
    if value[0] == b'+' || value[0] == b'-' {
        let n = parse_signed_offset(value);
        return (n > 0).then_some(n);
    }
    let mut n_upper = 0;
    while n_upper < 6 && n_upper < value.len() && value[n_upper].is_ascii_uppercase() {
        n_upper += 1;
    }
    match n_upper {
        5 if value[4] == b'T' => Some(5),
        4 if value[3] == b'T' || &value[..4] == b"WITA" => Some(4),
        3 => Some(3),
        _ => None,
    }
}

/// `time.Parse(layout, value)`: no zone in the input means UTC; zones are matched against Local.
pub fn parse(layout: &str, value: &str) -> Result<GoTime, ParseError> {
    if layout == RFC3339 || layout == RFC3339_NANO {
        if let Some(t) = parse_rfc3339(value.as_bytes(), &Location::local()) {
            return Ok(t);
        }
    }
    parse_with(layout.as_bytes(), value.as_bytes(), &Location::utc(), &Location::local())
}

/// `time.ParseInLocation(layout, value, loc)`.
pub fn parse_in_location(layout: &str, value: &str, loc: &Location) -> Result<GoTime, ParseError> {
    if layout == RFC3339 || layout == RFC3339_NANO {
        if let Some(t) = parse_rfc3339(value.as_bytes(), loc) {
            return Ok(t);
        }
    }
    parse_with(layout.as_bytes(), value.as_bytes(), loc, loc)
}

fn parse_rfc3339(s: &[u8], local: &Location) -> Option<GoTime> {
    let mut ok = true;
    fn parse_uint(s: &[u8], min: i64, max: i64, ok: &mut bool) -> i64 {
        let mut x = 0i64;
        for &c in s {
            if !c.is_ascii_digit() {
                *ok = false;
                return min;
            }
            x = x * 10 + (c - b'0') as i64;
        }
        if x < min || max < x {
            *ok = false;
            return min;
        }
        x
    }
    if s.len() < 19 {
        return None;
    }
    let year = parse_uint(&s[0..4], 0, 9999, &mut ok);
    let month = parse_uint(&s[5..7], 1, 12, &mut ok);
    let day = parse_uint(&s[8..10], 1, days_in(month as u32, year) as i64, &mut ok);
    let hour = parse_uint(&s[11..13], 0, 23, &mut ok);
    let min = parse_uint(&s[14..16], 0, 59, &mut ok);
    let sec = parse_uint(&s[17..19], 0, 59, &mut ok);
    let seps_ok = s[4] == b'-' && s[7] == b'-' && s[10] == b'T' && s[13] == b':' && s[16] == b':';
    if !ok || !seps_ok {
        return None;
    }
    let mut s = &s[19..];
    let mut nsec = 0;
    if s.len() >= 2 && s[0] == b'.' && is_digit(s, 1) {
        let mut n = 2;
        while n < s.len() && is_digit(s, n) {
            n += 1;
        }
        nsec = parse_nanoseconds(s, n).unwrap_or(0);
        s = &s[n..];
    }
    let mut t = GoTime::date(year, month, day, hour, min, sec, nsec, &Location::utc());
    if s.len() != 1 || s[0] != b'Z' {
        if s.len() != 6 {
            return None;
        }
        let hr = parse_uint(&s[1..3], 0, 23, &mut ok);
        let mm = parse_uint(&s[4..6], 0, 59, &mut ok);
        if !ok || !((s[0] == b'-' || s[0] == b'+') && s[3] == b':') {
            return None;
        }
        let mut zone_offset = (hr * 60 + mm) * 60;
        if s[0] == b'-' {
            zone_offset = -zone_offset;
        }
        t.sec -= zone_offset;
        t.loc = if local.lookup(t.sec).offset as i64 == zone_offset {
            local.clone()
        } else {
            Location::fixed("", zone_offset as i32)
        };
    }
    Some(t)
}

/// A numeric zone offset cut into (sign, hours, minutes, seconds, rest of the value).
type OffsetParts<'a> = (&'a [u8], &'a [u8], &'a [u8], &'a [u8], &'a [u8]);

fn parse_with(alayout: &[u8], avalue: &[u8], default_loc: &Location, local: &Location) -> Result<GoTime, ParseError> {
    let err = |layout_elem: &[u8], value_elem: &[u8], message: String| ParseError {
        layout: alayout.to_vec(),
        value: avalue.to_vec(),
        layout_elem: layout_elem.to_vec(),
        value_elem: value_elem.to_vec(),
        message,
    };
    let (mut layout, mut value) = (alayout, avalue);
    let mut range_err: Option<&'static str> = None;
    let (mut am_set, mut pm_set) = (false, false);
    let (mut year, mut month, mut day, mut yday) = (0i64, -1i64, -1i64, -1i64);
    let (mut hour, mut min, mut sec, mut nsec) = (0i64, 0i64, 0i64, 0i64);
    let mut z: Option<Location> = None;
    let mut zone_offset: i64 = -1;
    let mut zone_name: &[u8] = b"";

    loop {
        let (prefix, std, suffix) = next_std_chunk(layout);
        let stdstr = &layout[prefix.len()..layout.len() - suffix.len()];
        value = match skip(value, prefix) {
            Ok(v) => v,
            Err(v) => return Err(err(prefix, v, String::new())),
        };
        let Some(std) = std else {
            if !value.is_empty() {
                return Err(err(b"", value, format!(": extra text: {}", quote_bytes(value))));
            }
            break;
        };
        layout = suffix;
        let hold = value;
        let mut bad = false;
        match std {
            Std::Year => {
                if value.len() < 2 {
                    bad = true;
                } else {
                    let p = &value[..2];
                    value = &value[2..];
                    match atoi(p) {
                        Some(y) => year = if y >= 69 { y + 1900 } else { y + 2000 },
                        None => bad = true,
                    }
                }
            }
            Std::LongYear => {
                if value.len() < 4 || !is_digit(value, 0) {
                    bad = true;
                } else {
                    let p = &value[..4];
                    value = &value[4..];
                    match atoi(p) {
                        Some(y) => year = y,
                        None => bad = true,
                    }
                }
            }
            Std::Month | Std::LongMonth => {
                let tab: &[&str] = if std == Std::Month { &SHORT_MONTH_NAMES } else { &LONG_MONTH_NAMES };
                match lookup(tab, value) {
                    Some((i, rest)) => {
                        month = i as i64 + 1;
                        value = rest;
                    }
                    None => bad = true,
                }
            }
            Std::NumMonth | Std::ZeroMonth => match getnum(value, std == Std::ZeroMonth) {
                Some((m, rest)) => {
                    month = m;
                    value = rest;
                    if month <= 0 || 12 < month {
                        range_err = Some("month");
                    }
                }
                None => bad = true,
            },
            Std::WeekDay | Std::LongWeekDay => {
                let tab: &[&str] = if std == Std::WeekDay { &SHORT_DAY_NAMES } else { &LONG_DAY_NAMES };
                match lookup(tab, value) {
                    Some((_, rest)) => value = rest,
                    None => bad = true,
                }
            }
            Std::Day | Std::UnderDay | Std::ZeroDay => {
                if std == Std::UnderDay && value.first() == Some(&b' ') {
                    value = &value[1..];
                }
                match getnum(value, std == Std::ZeroDay) {
                    Some((d, rest)) => {
                        day = d;
                        value = rest;
                    }
                    None => bad = true,
                }
            }
            Std::UnderYearDay | Std::ZeroYearDay => {
                for _ in 0..2 {
                    if std == Std::UnderYearDay && value.first() == Some(&b' ') {
                        value = &value[1..];
                    }
                }
                match getnum3(value, std == Std::ZeroYearDay) {
                    Some((d, rest)) => {
                        yday = d;
                        value = rest;
                    }
                    None => bad = true,
                }
            }
            Std::Hour => match getnum(value, false) {
                Some((h, rest)) => {
                    hour = h;
                    value = rest;
                    if !(0..24).contains(&hour) {
                        range_err = Some("hour");
                    }
                }
                None => bad = true,
            },
            Std::Hour12 | Std::ZeroHour12 => match getnum(value, std == Std::ZeroHour12) {
                Some((h, rest)) => {
                    hour = h;
                    value = rest;
                    if !(0..=12).contains(&hour) {
                        range_err = Some("hour");
                    }
                }
                None => bad = true,
            },
            Std::Minute | Std::ZeroMinute => match getnum(value, std == Std::ZeroMinute) {
                Some((m, rest)) => {
                    min = m;
                    value = rest;
                    if !(0..60).contains(&min) {
                        range_err = Some("minute");
                    }
                }
                None => bad = true,
            },
            Std::Second | Std::ZeroSecond => match getnum(value, std == Std::ZeroSecond) {
                Some((s, rest)) => {
                    sec = s;
                    value = rest;
                    if !(0..60).contains(&sec) {
                        range_err = Some("second");
                    } else if value.len() >= 2 && comma_or_period(value[0]) && is_digit(value, 1) {
                        // A fractional second in the input but not in the layout.
                        let (_, next, _) = next_std_chunk(layout);
                        if !matches!(next, Some(Std::Frac0(..) | Std::Frac9(..))) {
                            let mut n = 2;
                            while n < value.len() && is_digit(value, n) {
                                n += 1;
                            }
                            match parse_nanoseconds(value, n) {
                                Ok(ns) => nsec = ns,
                                Err(Some(r)) => range_err = Some(r),
                                Err(None) => bad = true,
                            }
                            value = &value[n..];
                        }
                    }
                }
                None => bad = true,
            },
            Std::PM | Std::Pm => {
                if value.len() < 2 {
                    bad = true;
                } else {
                    let p = &value[..2];
                    value = &value[2..];
                    let (pm, am): (&[u8], &[u8]) = if std == Std::PM { (b"PM", b"AM") } else { (b"pm", b"am") };
                    if p == pm {
                        pm_set = true;
                    } else if p == am {
                        am_set = true;
                    } else {
                        bad = true;
                    }
                }
            }
            Std::Iso8601TZ
            | Std::Iso8601ShortTZ
            | Std::Iso8601ColonTZ
            | Std::Iso8601SecondsTZ
            | Std::Iso8601ColonSecondsTZ
            | Std::NumTZ
            | Std::NumShortTZ
            | Std::NumColonTZ
            | Std::NumSecondsTZ
            | Std::NumColonSecondsTZ => {
                if std.is_iso() && value.first() == Some(&b'Z') {
                    value = &value[1..];
                    z = Some(Location::utc());
                } else {
                    // (sign, hh, mm, ss, rest)
                    let parts: Option<OffsetParts> = match std {
                        Std::Iso8601ColonTZ | Std::NumColonTZ => (value.len() >= 6 && value[3] == b':')
                            .then(|| (&value[0..1], &value[1..3], &value[4..6], &b"00"[..], &value[6..])),
                        Std::NumShortTZ | Std::Iso8601ShortTZ => (value.len() >= 3)
                            .then(|| (&value[0..1], &value[1..3], &b"00"[..], &b"00"[..], &value[3..])),
                        Std::Iso8601ColonSecondsTZ | Std::NumColonSecondsTZ => {
                            (value.len() >= 9 && value[3] == b':' && value[6] == b':')
                                .then(|| (&value[0..1], &value[1..3], &value[4..6], &value[7..9], &value[9..]))
                        }
                        Std::Iso8601SecondsTZ | Std::NumSecondsTZ => (value.len() >= 7)
                            .then(|| (&value[0..1], &value[1..3], &value[3..5], &value[5..7], &value[7..])),
                        _ => (value.len() >= 5)
                            .then(|| (&value[0..1], &value[1..3], &value[3..5], &b"00"[..], &value[5..])),
                    };
                    match parts {
                        None => bad = true,
                        Some((sign, hh, mm, ss, rest)) => {
                            value = rest;
                            let (mut hr, mut mi, mut se) = (0, 0, 0);
                            match getnum(hh, true) {
                                Some((h, _)) => {
                                    hr = h;
                                    match getnum(mm, true) {
                                        Some((m, _)) => {
                                            mi = m;
                                            match getnum(ss, true) {
                                                Some((s, _)) => se = s,
                                                None => bad = true,
                                            }
                                        }
                                        None => bad = true,
                                    }
                                }
                                None => bad = true,
                            }
                            if hr > 24 {
                                range_err = Some("time zone offset hour");
                            }
                            if mi > 60 {
                                range_err = Some("time zone offset minute");
                            }
                            if se > 60 {
                                range_err = Some("time zone offset second");
                            }
                            zone_offset = (hr * 60 + mi) * 60 + se;
                            match sign[0] {
                                b'+' => {}
                                b'-' => zone_offset = -zone_offset,
                                _ => bad = true,
                            }
                        }
                    }
                }
            }
            Std::TZ => {
                if value.len() >= 3 && &value[..3] == b"UTC" {
                    z = Some(Location::utc());
                    value = &value[3..];
                } else {
                    match parse_time_zone(value) {
                        Some(n) => {
                            zone_name = &value[..n];
                            value = &value[n..];
                        }
                        None => bad = true,
                    }
                }
            }
            Std::Frac0(n, _) => {
                let ndigit = 1 + n;
                if value.len() < ndigit {
                    bad = true;
                } else {
                    match parse_nanoseconds(value, ndigit) {
                        Ok(ns) => nsec = ns,
                        Err(Some(r)) => range_err = Some(r),
                        Err(None) => bad = true,
                    }
                    value = &value[ndigit..];
                }
            }
            Std::Frac9(..) => {
                if value.len() >= 2 && comma_or_period(value[0]) && value[1].is_ascii_digit() {
                    let mut i = 0;
                    while i + 1 < value.len() && value[i + 1].is_ascii_digit() {
                        i += 1;
                    }
                    match parse_nanoseconds(value, 1 + i) {
                        Ok(ns) => nsec = ns,
                        Err(Some(r)) => range_err = Some(r),
                        Err(None) => bad = true,
                    }
                    value = &value[1 + i..];
                }
            }
        }
        if let Some(r) = range_err {
            return Err(err(stdstr, value, format!(": {r} out of range")));
        }
        if bad {
            return Err(err(stdstr, hold, String::new()));
        }
    }
    if pm_set && hour < 12 {
        hour += 12;
    } else if am_set && hour == 12 {
        hour = 0;
    }

    if yday >= 0 {
        let (mut d, mut m) = (0i64, 0i64);
        if is_leap(year) {
            if yday == 31 + 29 {
                m = 2;
                d = 29;
            } else if yday > 31 + 29 {
                yday -= 1;
            }
        }
        if !(1..=365).contains(&yday) {
            return Err(err(b"", value, ": day-of-year out of range".into()));
        }
        if m == 0 {
            m = (yday - 1) / 31 + 1;
            if (days_before(m as u32 + 1) as i64) < yday {
                m += 1;
            }
            d = yday - days_before(m as u32) as i64;
        }
        if month >= 0 && month != m {
            return Err(err(b"", value, ": day-of-year does not match month".into()));
        }
        month = m;
        if day >= 0 && day != d {
            return Err(err(b"", value, ": day-of-year does not match day".into()));
        }
        day = d;
    } else {
        if month < 0 {
            month = 1;
        }
        if day < 0 {
            day = 1;
        }
    }
    if day < 1 || day > days_in(month as u32, year) as i64 {
        return Err(err(b"", value, ": day out of range".into()));
    }

    if let Some(z) = z {
        return Ok(GoTime::date(year, month, day, hour, min, sec, nsec, &z));
    }
    let zone_name = String::from_utf8_lossy(zone_name).into_owned();
    if zone_offset != -1 {
        let mut t = GoTime::date(year, month, day, hour, min, sec, nsec, &Location::utc());
        t.sec -= zone_offset;
        let info = local.lookup(t.sec);
        t.loc = if info.offset as i64 == zone_offset && (zone_name.is_empty() || info.name == zone_name) {
            local.clone()
        } else {
            Location::fixed(&zone_name, zone_offset as i32)
        };
        return Ok(t);
    }
    if !zone_name.is_empty() {
        let mut t = GoTime::date(year, month, day, hour, min, sec, nsec, &Location::utc());
        if let Some(offset) = local.lookup_name(&zone_name, t.sec) {
            t.sec -= offset as i64;
            t.loc = local.clone();
            return Ok(t);
        }
        let mut offset = 0i64;
        if zone_name.len() > 3 && zone_name.starts_with("GMT") {
            offset = atoi(&zone_name.as_bytes()[3..]).unwrap_or(0) * 3600;
        }
        t.loc = Location::fixed(&zone_name, offset as i32);
        return Ok(t);
    }
    Ok(GoTime::date(year, month, day, hour, min, sec, nsec, default_loc))
}
