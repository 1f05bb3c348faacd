//! Go's `time.Time` (without a monotonic reading): an instant (Unix seconds + nanoseconds) and the
//! location used to present it.

use super::civil::{self, Civil, SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE};
use super::duration::Duration;
use super::zone::Location;

/// Unix seconds of Go's zero `Time` (January 1, year 1, 00:00:00 UTC).
pub const ZERO_UNIX: i64 = -62135596800;

#[derive(Debug, Clone, PartialEq)]
pub struct GoTime {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub sec: i64,
    /// 0..=999_999_999.
    pub nsec: u32,
    pub loc: Location,
}

impl Default for GoTime {
    /// The zero `Time`, in UTC.
    fn default() -> Self {
        GoTime { sec: ZERO_UNIX, nsec: 0, loc: Location::utc() }
    }
}

/// Go's `norm`: bring `lo` into `0..base`, carrying into `hi`.
fn norm(hi: i64, lo: i64, base: i64) -> (i64, i64) {
    (hi + lo.div_euclid(base), lo.rem_euclid(base))
}

impl GoTime {
    /// `time.Date`: fields are normalised (month 13 is January of the next year, …) and the wall
    /// time is resolved in `loc` the way Go resolves it around zone transitions.
    #[allow(clippy::too_many_arguments)]
    pub fn date(year: i64, month: i64, day: i64, hour: i64, min: i64, sec: i64, nsec: i64, loc: &Location) -> GoTime {
        let (year, m0) = norm(year, month - 1, 12);
        let (sec, nsec) = norm(sec, nsec, 1_000_000_000);
        let (min, sec) = norm(min, sec, 60);
        let (hour, min) = norm(hour, min, 60);
        let (day, hour) = norm(day, hour, 24);
        let days = civil::days_from_civil(year, (m0 + 1) as u32, day);
        let mut unix = days * SECONDS_PER_DAY + hour * SECONDS_PER_HOUR + min * SECONDS_PER_MINUTE + sec;
        let info = loc.lookup(unix);
        if info.offset != 0 {
            let utc = unix - info.offset as i64;
            let offset = if utc < info.start || utc >= info.end { loc.lookup(utc).offset } else { info.offset };
            unix -= offset as i64;
        }
        GoTime { sec: unix, nsec: nsec as u32, loc: loc.clone() }
    }

    /// `time.Unix(sec, nsec)` (in Local).
    pub fn unix(sec: i64, nsec: i64) -> GoTime {
        let (sec, nsec) =
            if !(0..1_000_000_000).contains(&nsec) { norm(sec, nsec, 1_000_000_000) } else { (sec, nsec) };
        GoTime { sec, nsec: nsec as u32, loc: Location::local() }
    }

    /// The current time (Local).
    pub fn now() -> GoTime {
        let d = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        GoTime { sec: d.as_secs() as i64, nsec: d.subsec_nanos(), loc: Location::local() }
    }

    /// `t.Unix()`.
    pub fn unix_seconds(&self) -> i64 {
        self.sec
    }

    /// `t.UnixNano()` (wrapping like Go when out of range).
    pub fn unix_nano(&self) -> i64 {
        self.sec.wrapping_mul(1_000_000_000).wrapping_add(self.nsec as i64)
    }

    pub fn is_zero(&self) -> bool {
        self.sec == ZERO_UNIX && self.nsec == 0
    }

    /// `t.In(loc)`.
    pub fn in_location(&self, loc: &Location) -> GoTime {
        GoTime { sec: self.sec, nsec: self.nsec, loc: loc.clone() }
    }

    pub fn utc(&self) -> GoTime {
        self.in_location(&Location::utc())
    }

    /// `t.Zone()`: abbreviation and offset in effect.
    pub fn zone(&self) -> (String, i32) {
        if self.loc.is_utc() {
            return ("UTC".into(), 0);
        }
        let info = self.loc.lookup(self.sec);
        (info.name, info.offset)
    }

    /// Local wall-clock seconds since 1970 (the instant shifted by the zone offset).
    pub(crate) fn local_seconds(&self) -> (String, i32, i64) {
        let (name, offset) = self.zone();
        (name, offset, self.sec + offset as i64)
    }

    pub fn civil(&self) -> Civil {
        civil::civil(self.local_seconds().2)
    }

    pub fn year(&self) -> i64 {
        self.civil().year
    }
    pub fn month(&self) -> u32 {
        self.civil().month
    }
    pub fn day(&self) -> u32 {
        self.civil().day
    }
    pub fn hour(&self) -> u32 {
        self.civil().hour
    }
    pub fn minute(&self) -> u32 {
        self.civil().minute
    }
    pub fn second(&self) -> u32 {
        self.civil().second
    }
    pub fn nanosecond(&self) -> u32 {
        self.nsec
    }
    /// 1-based, like `YearDay`.
    pub fn year_day(&self) -> u32 {
        self.civil().yday + 1
    }
    /// 0 = Sunday.
    pub fn weekday(&self) -> u32 {
        self.civil().weekday
    }

    /// `t.Add(d)`, saturating the seconds like Go's `addSec`.
    pub fn add(&self, d: Duration) -> GoTime {
        let mut dsec = d.0 / 1_000_000_000;
        let mut nsec = self.nsec as i64 + d.0 % 1_000_000_000;
        if nsec >= 1_000_000_000 {
            dsec += 1;
            nsec -= 1_000_000_000;
        } else if nsec < 0 {
            dsec -= 1;
            nsec += 1_000_000_000;
        }
        // Go saturates its seconds-since-year-1 field; in Unix seconds the bounds shift.
        let internal = self.sec - ZERO_UNIX;
        let sum = internal.checked_add(dsec).unwrap_or(if dsec > 0 { i64::MAX } else { -i64::MAX });
        GoTime { sec: sum.wrapping_add(ZERO_UNIX), nsec: nsec as u32, loc: self.loc.clone() }
    }

    /// `t.Sub(u)`, saturating to the Duration range.
    pub fn sub(&self, u: &GoTime) -> Duration {
        let ds = self.sec as i128 - u.sec as i128;
        let total = ds * 1_000_000_000 + (self.nsec as i128 - u.nsec as i128);
        Duration(total.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
    }

    pub fn before(&self, u: &GoTime) -> bool {
        (self.sec, self.nsec) < (u.sec, u.nsec)
    }

    pub fn equal(&self, u: &GoTime) -> bool {
        (self.sec, self.nsec) == (u.sec, u.nsec)
    }

    /// `t.AddDate(years, months, days)`.
    pub fn add_date(&self, years: i64, months: i64, days: i64) -> GoTime {
        let c = self.civil();
        GoTime::date(
            c.year + years,
            c.month as i64 + months,
            c.day as i64 + days,
            c.hour as i64,
            c.minute as i64,
            c.second as i64,
            self.nsec as i64,
            &self.loc,
        )
    }

    /// `t.String()`: "2006-01-02 15:04:05.999999999 -0700 MST".
    pub fn go_string(&self) -> String {
        self.format("2006-01-02 15:04:05.999999999 -0700 MST")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_normalises() {
        let utc = Location::utc();
        let t = GoTime::date(2021, 13, 32, 25, 61, 61, 1_000_000_001, &utc);
        assert_eq!(t.go_string(), "2022-02-02 02:02:02.000000001 +0000 UTC");
        let t = GoTime::date(2021, 3, 0, 0, 0, -1, 0, &utc);
        assert_eq!(t.go_string(), "2021-02-27 23:59:59 +0000 UTC");
        assert!(GoTime::default().is_zero());
        assert_eq!(GoTime::default().go_string(), "0001-01-01 00:00:00 +0000 UTC");
    }

    #[test]
    fn add_sub() {
        let t = GoTime::unix(1614834367, 0);
        let u = t.add(Duration(90 * Duration::MINUTE));
        assert_eq!(u.sub(&t), Duration(90 * Duration::MINUTE));
        assert_eq!(t.add(Duration(-1)).go_string(), "2021-03-04 05:06:06.999999999 +0000 UTC");
        assert_eq!(t.add_date(0, 1, -4).go_string(), "2021-03-31 05:06:07 +0000 UTC");
    }
}
