//! Proleptic Gregorian calendar arithmetic on Unix days and seconds, giving the same answers as
//! Go's `absDate`/`daysSinceEpoch` for every year (including year 0 and negative years).

pub const SECONDS_PER_MINUTE: i64 = 60;
pub const SECONDS_PER_HOUR: i64 = 60 * SECONDS_PER_MINUTE;
pub const SECONDS_PER_DAY: i64 = 24 * SECONDS_PER_HOUR;

pub fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1..=12) of `year`.
pub fn days_in(month: u32, year: i64) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days before the first of `month` (1..=12) in a non-leap year.
pub fn days_before(month: u32) -> u32 {
    const T: [u32; 13] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
    T[(month - 1) as usize]
}

/// Days from 1970-01-01 to `year-month-day` (month 1..=12; `day` may be any value, it is added
/// as an offset from the first of the month).
pub fn days_from_civil(year: i64, month: u32, day: i64) -> i64 {
    // March-based year so the leap day is the last day of the cycle year.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // 0..=399
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5; // day of March-based year of the 1st
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // 0..=146096
    era * 146097 + doe - 719468 + (day - 1)
}

/// (year, month 1..=12, day 1..=31) of a day number counted from 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Day of the year, 0-based (Go's `yday` before the `+1` of `YearDay`).
pub fn year_day0(year: i64, month: u32, day: u32) -> u32 {
    let mut d = days_before(month) + day - 1;
    if is_leap(year) && month > 2 {
        d += 1;
    }
    d
}

/// Weekday of a day number (0 = Sunday), 1970-01-01 was a Thursday.
pub fn weekday(days: i64) -> u32 {
    (days + 4).rem_euclid(7) as u32
}

/// Civil fields of a local second count (seconds since 1970-01-01 in local wall time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0-based day of the year.
    pub yday: u32,
    /// 0 = Sunday.
    pub weekday: u32,
}

pub fn civil(local_sec: i64) -> Civil {
    let days = local_sec.div_euclid(SECONDS_PER_DAY);
    let secs = local_sec.rem_euclid(SECONDS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: (secs / SECONDS_PER_HOUR) as u32,
        minute: (secs % SECONDS_PER_HOUR / SECONDS_PER_MINUTE) as u32,
        second: (secs % SECONDS_PER_MINUTE) as u32,
        yday: year_day0(year, month, day),
        weekday: weekday(days),
    }
}

pub const LONG_DAY_NAMES: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
pub const SHORT_DAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
pub const LONG_MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub const SHORT_MONTH_NAMES: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_across_eras() {
        for days in (-800_000..800_000).step_by(37) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d as i64), days, "{y}-{m}-{d}");
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(1, 1, 1), -719162); // Go's zero Time: -62135596800 s
        assert_eq!(civil_from_days(-719163), (0, 12, 31));
        assert_eq!(weekday(days_from_civil(2021, 3, 4,)), 4); // a Thursday
        assert_eq!(year_day0(2021, 3, 4), 62);
        assert_eq!(year_day0(2020, 12, 31), 365);
    }
}
