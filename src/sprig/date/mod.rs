//! Sprig's date family (`date`, `dateInZone`/`date_in_zone`, `htmlDate`, `htmlDateInZone`,
//! `dateModify`/`date_modify`, `mustDateModify`, `toDate`, `mustToDate`, `unixEpoch`, `duration`,
//! `durationRound`, `ago`) over [`crate::golang::time`].
//!
//! Sprig switches on the Go type of its `date` argument; the adapter resolves that with
//! [`DateArg`] (a `time.Time`, an integer taken as Unix seconds, or anything else meaning "now").

pub mod funcs;

use crate::golang::strconv::parse_int_clamped;
use crate::golang::time::{load_location, parse_duration, parse_in_location, Duration, GoTime, Location, ParseError};

/// The `date` argument of `date`/`dateInZone`/`htmlDate*`/`ago` after Sprig's type switch.
#[derive(Debug, Clone)]
pub enum DateArg {
    /// `time.Time` or `*time.Time`.
    Time(GoTime),
    /// `int`, `int64`, `int32` (`ago` accepts only `int` and `int64`): seconds since the epoch.
    Unix(i64),
    /// Anything else: Sprig uses `time.Now()`.
    Now,
}

impl DateArg {
    fn resolve(self) -> GoTime {
        match self {
            DateArg::Time(t) => t,
            DateArg::Unix(s) => GoTime::unix(s, 0),
            DateArg::Now => GoTime::now(),
        }
    }
}

/// `dateInZone fmt date zone`: a zone that does not load means UTC.
pub fn date_in_zone(layout: &str, date: DateArg, zone: &str) -> String {
    let loc = load_location(zone).unwrap_or_else(|_| Location::utc());
    date.resolve().in_location(&loc).format(layout)
}

/// `date fmt date` (in Local).
pub fn date(layout: &str, date: DateArg) -> String {
    date_in_zone(layout, date, "Local")
}

/// `htmlDate date`.
pub fn html_date(date: DateArg) -> String {
    date_in_zone("2006-01-02", date, "Local")
}

/// `htmlDateInZone date zone`.
pub fn html_date_in_zone(date: DateArg, zone: &str) -> String {
    date_in_zone("2006-01-02", date, zone)
}

/// `dateModify spec t`: `t` unchanged when `spec` is not a Go duration.
pub fn date_modify(spec: &str, t: &GoTime) -> GoTime {
    match parse_duration(spec) {
        Ok(d) => t.add(d),
        Err(_) => t.clone(),
    }
}

/// `mustDateModify spec t`.
pub fn must_date_modify(spec: &str, t: &GoTime) -> Result<GoTime, String> {
    parse_duration(spec).map(|d| t.add(d))
}

/// `toDate layout value`: the zero time when parsing fails.
pub fn to_date(layout: &str, value: &str) -> GoTime {
    must_to_date(layout, value).unwrap_or_default()
}

/// `mustToDate layout value` (`time.ParseInLocation` in Local).
pub fn must_to_date(layout: &str, value: &str) -> Result<GoTime, ParseError> {
    parse_in_location(layout, value, &Location::local())
}

/// `unixEpoch t`.
pub fn unix_epoch(t: &GoTime) -> String {
    t.unix_seconds().to_string()
}

/// `duration` with a string argument: `strconv.ParseInt(s, 10, 64)` with the error dropped
/// (out-of-range input keeps Go's clamped value, syntax errors give 0).
pub fn duration_seconds_from_str(s: &str) -> i64 {
    match parse_int_clamped(s, 10, 64) {
        Ok(v) => v,
        Err((v, _)) => v,
    }
}

/// `duration n`: `(time.Duration(n) * time.Second).String()`, wrapping like Go. Sprig takes `n`
/// from a string ([`duration_seconds_from_str`]) or an `int64`; every other type gives 0.
pub fn duration(seconds: i64) -> String {
    Duration(seconds.wrapping_mul(Duration::SECOND)).to_string()
}

/// The `durationRound` argument after Sprig's type switch.
#[derive(Debug, Clone)]
pub enum DurationArg {
    /// A string: `time.ParseDuration`, 0 on error.
    Str(String),
    /// An `int64`: nanoseconds.
    Nanos(i64),
    /// A `time.Time`: the time elapsed since then.
    Since(GoTime),
    /// Anything else: 0.
    Other,
}

/// `durationRound d`: the largest whole unit (y = 365 d, mo = 30 d, d, h, m, s) strictly
/// exceeded, "0s" below two seconds.
pub fn duration_round(d: DurationArg) -> String {
    let d = match d {
        DurationArg::Str(s) => parse_duration(&s).unwrap_or_default().0,
        DurationArg::Nanos(n) => n,
        DurationArg::Since(t) => GoTime::now().sub(&t).0,
        DurationArg::Other => 0,
    };
    let u = d.unsigned_abs();
    let hour = Duration::HOUR as u64;
    let units: [(u64, &str); 6] = [
        (hour * 24 * 365, "y"),
        (hour * 24 * 30, "mo"),
        (hour * 24, "d"),
        (hour, "h"),
        (Duration::MINUTE as u64, "m"),
        (Duration::SECOND as u64, "s"),
    ];
    for (size, name) in units {
        if u > size {
            return format!("{}{}", u / size, name);
        }
    }
    "0s".into()
}

/// `ago date`: `time.Since(t).Round(time.Second).String()`.
pub fn ago(date: DateArg) -> String {
    ago_at(date, &GoTime::now())
}

/// [`ago`] measured from `now`.
pub fn ago_at(date: DateArg, now: &GoTime) -> String {
    now.sub(&date.resolve()).round(Duration::SECOND).to_string()
}

#[cfg(test)]
mod tests;
