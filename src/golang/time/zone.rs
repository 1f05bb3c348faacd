//! Go's `time.Location`: UTC, `Local` (fixed to UTC, as the corpus and `TZ=UTC` helm runs assume),
//! `FixedZone`, and `LoadLocation` from the system's IANA database (TZif files, with the POSIX TZ
//! rule string that extends them past their last transition).
//!
//! Helm does not link Go's embedded `time/tzdata`, so helm itself finds zones only where the
//! machine has them (`$ZONEINFO`, `/usr/share/zoneinfo/`, …); this module looks in the same places
//! in the same order, which keeps `dateInZone` answers equal to helm's on the same machine and
//! needs no bundled database.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::civil::{self, days_before, days_in, is_leap, SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE};

const ALPHA: i64 = i64::MIN;
const OMEGA: i64 = i64::MAX;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Zone {
    name: String,
    offset: i32,
    is_dst: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Trans {
    when: i64,
    index: usize,
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Utc,
    Local,
    Other,
}

#[derive(Debug)]
struct Data {
    kind: Kind,
    name: String,
    zones: Vec<Zone>,
    tx: Vec<Trans>,
    extend: String,
}

/// A time zone: what `time.Location` is in Go. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Location(Arc<Data>);

/// What a location says about one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneInfo {
    pub name: String,
    pub offset: i32,
    pub start: i64,
    pub end: i64,
    pub is_dst: bool,
}

impl PartialEq for Location {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || (self.0.kind == other.0.kind && self.0.kind != Kind::Other)
    }
}

fn utc_data() -> &'static Location {
    static UTC: OnceLock<Location> = OnceLock::new();
    UTC.get_or_init(|| {
        Location(Arc::new(Data {
            kind: Kind::Utc,
            name: "UTC".into(),
            zones: vec![],
            tx: vec![],
            extend: String::new(),
        }))
    })
}

fn local_data() -> &'static Location {
    // Go's `initLocal` with TZ=UTC: a location named "UTC" without zones.
    static LOCAL: OnceLock<Location> = OnceLock::new();
    LOCAL.get_or_init(|| {
        Location(Arc::new(Data {
            kind: Kind::Local,
            name: "UTC".into(),
            zones: vec![],
            tx: vec![],
            extend: String::new(),
        }))
    })
}

impl Location {
    /// `time.UTC`.
    pub fn utc() -> Location {
        utc_data().clone()
    }

    /// `time.Local`, which krender pins to UTC (the machine's zone would make output depend on
    /// where it runs).
    pub fn local() -> Location {
        local_data().clone()
    }

    /// `time.FixedZone(name, offset)`.
    pub fn fixed(name: &str, offset: i32) -> Location {
        Location(Arc::new(Data {
            kind: Kind::Other,
            name: name.into(),
            zones: vec![Zone { name: name.into(), offset, is_dst: false }],
            tx: vec![Trans { when: ALPHA, index: 0 }],
            extend: String::new(),
        }))
    }

    pub fn is_utc(&self) -> bool {
        self.0.kind == Kind::Utc
    }

    pub fn is_local(&self) -> bool {
        self.0.kind == Kind::Local
    }

    /// `Location.String()`.
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// Go's `Location.lookup`: the zone in effect at Unix second `sec`.
    pub fn lookup(&self, sec: i64) -> ZoneInfo {
        let d = &self.0;
        if d.zones.is_empty() {
            return ZoneInfo { name: "UTC".into(), offset: 0, start: ALPHA, end: OMEGA, is_dst: false };
        }
        if d.tx.is_empty() || sec < d.tx[0].when {
            let z = &d.zones[self.first_zone()];
            let end = d.tx.first().map_or(OMEGA, |t| t.when);
            return ZoneInfo { name: z.name.clone(), offset: z.offset, start: ALPHA, end, is_dst: z.is_dst };
        }
        // Largest transition <= sec.
        let tx = &d.tx;
        let mut end = OMEGA;
        let (mut lo, mut hi) = (0usize, tx.len());
        while hi - lo > 1 {
            let m = lo + (hi - lo) / 2;
            if sec < tx[m].when {
                end = tx[m].when;
                hi = m;
            } else {
                lo = m;
            }
        }
        let z = &d.zones[tx[lo].index];
        let start = tx[lo].when;
        if lo == tx.len() - 1 && !d.extend.is_empty() {
            if let Some(info) = tzset(&d.extend, start, sec) {
                return info;
            }
        }
        ZoneInfo { name: z.name.clone(), offset: z.offset, start, end, is_dst: z.is_dst }
    }

    /// Go's `lookupFirstZone`: the zone for times before the first transition.
    fn first_zone(&self) -> usize {
        let d = &self.0;
        if !d.tx.iter().any(|t| t.index == 0) {
            return 0;
        }
        if let Some(first) = d.tx.first() {
            if d.zones[first.index].is_dst {
                for zi in (0..first.index).rev() {
                    if !d.zones[zi].is_dst {
                        return zi;
                    }
                }
            }
        }
        d.zones.iter().position(|z| !z.is_dst).unwrap_or(0)
    }

    /// Go's `lookupName`: the offset of the zone abbreviation `name` around pseudo-Unix time `unix`.
    pub fn lookup_name(&self, name: &str, unix: i64) -> Option<i32> {
        let zones = &self.0.zones;
        for z in zones.iter().filter(|z| z.name == name) {
            let info = self.lookup(unix - z.offset as i64);
            if info.name == z.name {
                return Some(info.offset);
            }
        }
        zones.iter().find(|z| z.name == name).map(|z| z.offset)
    }

    /// Parse TZif data (`LoadLocationFromTZData`).
    pub fn from_tzif(name: &str, data: &[u8]) -> Result<Location, String> {
        let (zones, tx, extend) = read_tzif(data).ok_or("malformed time zone information")?;
        Ok(Location(Arc::new(Data { kind: Kind::Other, name: name.into(), zones, tx, extend })))
    }
}

struct Reader<'a> {
    p: &'a [u8],
}

impl<'a> Reader<'a> {
    fn read(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.p.len() < n {
            return None;
        }
        let (a, b) = self.p.split_at(n);
        self.p = b;
        Some(a)
    }
    fn big4(&mut self) -> Option<u32> {
        self.read(4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn big8(&mut self) -> Option<u64> {
        let hi = self.big4()? as u64;
        let lo = self.big4()? as u64;
        Some(hi << 32 | lo)
    }
}

type TzifParts = (Vec<Zone>, Vec<Trans>, String);

fn read_tzif(data: &[u8]) -> Option<TzifParts> {
    let mut d = Reader { p: data };
    if d.read(4)? != b"TZif" {
        return None;
    }
    let version = match d.read(16)?[0] {
        0 => 1,
        b'2' => 2,
        b'3' => 3,
        _ => return None,
    };
    // Counts: UTC/local indicators, std/wall indicators, leap seconds, transitions, zones, chars.
    let mut n = [0usize; 6];
    for c in n.iter_mut() {
        *c = d.big4()? as usize;
    }
    let mut is64 = false;
    if version > 1 {
        // Skip the 32-bit block and the second header, then read the 64-bit counts.
        let skip = n[3] * 4 + n[3] + n[4] * 6 + n[5] + n[2] * 8 + n[1] + n[0] + 4 + 16;
        d.read(skip)?;
        is64 = true;
        for c in n.iter_mut() {
            *c = d.big4()? as usize;
        }
    }
    let size = if is64 { 8 } else { 4 };
    let mut txtimes = Reader { p: d.read(n[3] * size)? };
    let txzones = d.read(n[3])?;
    let mut zonedata = Reader { p: d.read(n[4] * 6)? };
    let abbrev = d.read(n[5])?;
    d.read(n[2] * (size + 4))?;
    d.read(n[1])?;
    d.read(n[0])?;
    let rest = d.p;
    let extend = if rest.len() > 2 && rest[0] == b'\n' && rest[rest.len() - 1] == b'\n' {
        String::from_utf8_lossy(&rest[1..rest.len() - 1]).into_owned()
    } else {
        String::new()
    };
    if n[4] == 0 {
        return None;
    }
    let mut zones = Vec::with_capacity(n[4]);
    for _ in 0..n[4] {
        let off = zonedata.big4()? as i32;
        let b = zonedata.read(2)?;
        let idx = b[1] as usize;
        if idx >= abbrev.len() {
            return None;
        }
        let tail = &abbrev[idx..];
        let end = tail.iter().position(|&c| c == 0).unwrap_or(tail.len());
        zones.push(Zone { name: String::from_utf8_lossy(&tail[..end]).into_owned(), offset: off, is_dst: b[0] != 0 });
    }
    let mut tx = Vec::with_capacity(n[3].max(1));
    for &zi in txzones {
        let when = if is64 { txtimes.big8()? as i64 } else { txtimes.big4()? as i32 as i64 };
        if zi as usize >= zones.len() {
            return None;
        }
        tx.push(Trans { when, index: zi as usize });
    }
    if tx.is_empty() {
        tx.push(Trans { when: ALPHA, index: 0 });
    }
    Some((zones, tx, extend))
}

/// `time.LoadLocation(name)`. Errors carry Go's messages.
pub fn load_location(name: &str) -> Result<Location, String> {
    if name.is_empty() || name == "UTC" {
        return Ok(Location::utc());
    }
    if name == "Local" {
        return Ok(Location::local());
    }
    if name.contains("..") || name.starts_with('/') || name.starts_with('\\') {
        return Err("time: invalid location name".into());
    }
    static CACHE: OnceLock<Mutex<HashMap<String, Result<Location, String>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(name) {
        return hit.clone();
    }
    let result = load_uncached(name);
    cache.lock().unwrap_or_else(|e| e.into_inner()).insert(name.to_string(), result.clone());
    result
}

fn load_uncached(name: &str) -> Result<Location, String> {
    let mut first_err: Option<String> = None;
    let mut sources: Vec<String> = Vec::new();
    if let Ok(dir) = std::env::var("ZONEINFO") {
        if !dir.is_empty() && !dir.ends_with(".zip") {
            sources.push(dir);
        }
    }
    for s in ["/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/", "/etc/zoneinfo"] {
        sources.push(s.to_string());
    }
    for dir in sources {
        let path = format!("{dir}/{name}");
        match std::fs::read(&path) {
            Ok(data) => match Location::from_tzif(name, &data) {
                Ok(loc) => return Ok(loc),
                Err(e) => {
                    first_err.get_or_insert(e);
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                let msg = e.to_string();
                let msg = msg.split(" (os error").next().unwrap_or(&msg).to_lowercase();
                first_err.get_or_insert(format!("read {path}: {msg}"));
            }
        }
    }
    Err(first_err.unwrap_or_else(|| format!("unknown time zone {name}")))
}

// ---- POSIX TZ strings (Go's tzset) ----

enum RuleKind {
    Julian,
    Doy,
    MonthWeekDay,
}

struct Rule {
    kind: RuleKind,
    day: i64,
    week: i64,
    mon: i64,
    time: i64,
}

fn tzset_name(s: &str) -> Option<(&str, &str)> {
    if s.is_empty() {
        return None;
    }
    if !s.starts_with('<') {
        for (i, c) in s.char_indices() {
            if matches!(c, '0'..='9' | ',' | '-' | '+') {
                if i < 3 {
                    return None;
                }
                return Some((&s[..i], &s[i..]));
            }
        }
        if s.len() < 3 {
            return None;
        }
        return Some((s, ""));
    }
    let i = s.find('>')?;
    Some((&s[1..i], &s[i + 1..]))
}

fn tzset_num(s: &str, min: i64, max: i64) -> Option<(i64, &str)> {
    if s.is_empty() {
        return None;
    }
    let mut num = 0i64;
    for (i, c) in s.char_indices() {
        if !c.is_ascii_digit() {
            if i == 0 || num < min {
                return None;
            }
            return Some((num, &s[i..]));
        }
        num = num * 10 + (c as i64 - '0' as i64);
        if num > max {
            return None;
        }
    }
    (num >= min).then_some((num, ""))
}

fn tzset_offset(s: &str) -> Option<(i64, &str)> {
    if s.is_empty() {
        return None;
    }
    let (neg, s) = match s.as_bytes()[0] {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let (hours, mut s) = tzset_num(s, 0, 24 * 7)?;
    let mut off = hours * SECONDS_PER_HOUR;
    if s.starts_with(':') {
        let (mins, rest) = tzset_num(&s[1..], 0, 59)?;
        off += mins * SECONDS_PER_MINUTE;
        s = rest;
        if s.starts_with(':') {
            let (secs, rest) = tzset_num(&s[1..], 0, 59)?;
            off += secs;
            s = rest;
        }
    }
    Some((if neg { -off } else { off }, s))
}

fn tzset_rule(s: &str) -> Option<(Rule, &str)> {
    if s.is_empty() {
        return None;
    }
    let mut r = Rule { kind: RuleKind::Doy, day: 0, week: 0, mon: 0, time: 0 };
    let mut s = s;
    if let Some(rest) = s.strip_prefix('J') {
        let (jday, rest) = tzset_num(rest, 1, 365)?;
        r.kind = RuleKind::Julian;
        r.day = jday;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('M') {
        let (mon, rest) = tzset_num(rest, 1, 12)?;
        let rest = rest.strip_prefix('.')?;
        let (week, rest) = tzset_num(rest, 1, 5)?;
        let rest = rest.strip_prefix('.')?;
        let (day, rest) = tzset_num(rest, 0, 6)?;
        r = Rule { kind: RuleKind::MonthWeekDay, day, week, mon, time: 0 };
        s = rest;
    } else {
        let (day, rest) = tzset_num(s, 0, 365)?;
        r.day = day;
        s = rest;
    }
    if let Some(rest) = s.strip_prefix('/') {
        let (off, rest) = tzset_offset(rest)?;
        r.time = off;
        s = rest;
    } else {
        r.time = 2 * SECONDS_PER_HOUR;
    }
    Some((r, s))
}

fn tzrule_time(year: i64, r: &Rule, off: i64) -> i64 {
    let s = match r.kind {
        RuleKind::Julian => {
            let mut s = (r.day - 1) * SECONDS_PER_DAY;
            if is_leap(year) && r.day >= 60 {
                s += SECONDS_PER_DAY;
            }
            s
        }
        RuleKind::Doy => r.day * SECONDS_PER_DAY,
        RuleKind::MonthWeekDay => {
            // Zeller's congruence: weekday of the first day of the month.
            let m1 = (r.mon + 9) % 12 + 1;
            let yy0 = if r.mon <= 2 { year - 1 } else { year };
            let (yy1, yy2) = (yy0 / 100, yy0 % 100);
            let mut dow = ((26 * m1 - 2) / 10 + 1 + yy2 + yy2 / 4 + yy1 / 4 - 2 * yy1) % 7;
            if dow < 0 {
                dow += 7;
            }
            let mut d = r.day - dow;
            if d < 0 {
                d += 7;
            }
            for _ in 1..r.week {
                if d + 7 >= days_in(r.mon as u32, year) as i64 {
                    break;
                }
                d += 7;
            }
            d += days_before(r.mon as u32) as i64;
            if is_leap(year) && r.mon > 2 {
                d += 1;
            }
            d * SECONDS_PER_DAY
        }
    };
    s + r.time - off
}

/// Go's `tzset`: the zone a POSIX TZ string gives for Unix second `sec`.
fn tzset(s: &str, init_end: i64, sec: i64) -> Option<ZoneInfo> {
    let (mut std_name, s) = tzset_name(s)?;
    let (std_off, s) = tzset_offset(s)?;
    let mut std_offset = -std_off;
    if s.is_empty() || s.starts_with(',') {
        return Some(ZoneInfo {
            name: std_name.into(),
            offset: std_offset as i32,
            start: init_end,
            end: OMEGA,
            is_dst: false,
        });
    }
    let (mut dst_name, mut s) = tzset_name(s)?;
    let mut dst_offset;
    if s.is_empty() || s.starts_with(',') {
        dst_offset = std_offset + SECONDS_PER_HOUR;
    } else {
        let (o, rest) = tzset_offset(s)?;
        dst_offset = -o;
        s = rest;
    }
    let s = if s.is_empty() { ",M3.2.0,M11.1.0" } else { s };
    if !s.starts_with(',') && !s.starts_with(';') {
        return None;
    }
    let (start_rule, s) = tzset_rule(&s[1..])?;
    let s = s.strip_prefix(',')?;
    let (end_rule, s) = tzset_rule(s)?;
    if !s.is_empty() {
        return None;
    }
    let c = civil::civil(sec);
    let year = c.year;
    let ysec = c.yday as i64 * SECONDS_PER_DAY + sec % SECONDS_PER_DAY;
    let abs = civil::days_from_civil(year, 1, 1) * SECONDS_PER_DAY;
    let mut start_sec = tzrule_time(year, &start_rule, std_offset);
    let mut end_sec = tzrule_time(year, &end_rule, dst_offset);
    let (mut dst_is_dst, mut std_is_dst) = (true, false);
    if end_sec < start_sec {
        std::mem::swap(&mut start_sec, &mut end_sec);
        std::mem::swap(&mut std_name, &mut dst_name);
        std::mem::swap(&mut std_offset, &mut dst_offset);
        std::mem::swap(&mut std_is_dst, &mut dst_is_dst);
    }
    let info = |name: &str, offset: i64, start: i64, end: i64, is_dst: bool| ZoneInfo {
        name: name.into(),
        offset: offset as i32,
        start,
        end,
        is_dst,
    };
    Some(if ysec < start_sec {
        info(std_name, std_offset, abs, start_sec + abs, std_is_dst)
    } else if ysec >= end_sec {
        info(std_name, std_offset, end_sec + abs, abs + 365 * SECONDS_PER_DAY, std_is_dst)
    } else {
        info(dst_name, dst_offset, start_sec + abs, end_sec + abs, dst_is_dst)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tz_rule_strings() {
        // 2021-07-01T00:00:00Z is in EDT; 2021-01-01 in EST.
        let s = "EST5EDT,M3.2.0,M11.1.0";
        let summer = tzset(s, 0, 1625097600).unwrap();
        assert_eq!((summer.name.as_str(), summer.offset, summer.is_dst), ("EDT", -4 * 3600, true));
        // DST began 2021-03-14 07:00 UTC and ended 2021-11-07 06:00 UTC.
        assert_eq!((summer.start, summer.end), (1615705200, 1636264800));
        let winter = tzset(s, 0, 1609459200).unwrap();
        assert_eq!((winter.name.as_str(), winter.offset), ("EST", -5 * 3600));
        // Southern hemisphere: Australia/Sydney.
        let syd = tzset("AEST-10AEDT,M10.1.0,M4.1.0/3", 0, 1609459200).unwrap();
        assert_eq!((syd.name.as_str(), syd.offset), ("AEDT", 11 * 3600));
        let jst = tzset("JST-9", 7, 1609459200).unwrap();
        assert_eq!((jst.name.as_str(), jst.offset, jst.start), ("JST", 9 * 3600, 7));
        let odd = tzset("<+0530>-5:30", 0, 0).unwrap();
        assert_eq!((odd.name.as_str(), odd.offset), ("+0530", 19800));
        assert!(tzset("X5", 0, 0).is_none());
    }

    #[test]
    fn load_errors() {
        assert_eq!(load_location("../etc/passwd").unwrap_err(), "time: invalid location name");
        assert_eq!(load_location("/etc/passwd").unwrap_err(), "time: invalid location name");
        assert_eq!(load_location("Not/AZone").unwrap_err(), "unknown time zone Not/AZone");
        assert!(load_location("UTC").unwrap().is_utc());
        assert!(load_location("").unwrap().is_utc());
        assert!(load_location("Local").unwrap().is_local());
    }

    #[test]
    fn fixed_zone_lookup() {
        let z = Location::fixed("", 7200);
        let i = z.lookup(0);
        assert_eq!((i.name.as_str(), i.offset), ("", 7200));
        assert_eq!(Location::utc().lookup(5).name, "UTC");
    }
}
