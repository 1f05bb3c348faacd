//! The methods of `time.Time` a template can call (`{{ $t.Year }}`, `{{ ($t.Add $d).Format "…" }}`),
//! and the `*time.Location` that `.Location` returns. Methods with results text/template rejects
//! (`Zone`, `Clock`, …) are listed with their Go signatures so calls fail with Go's message.

use super::funcs::{Time, TimeInt};
use crate::golang::time::{Duration, GoTime, Location, LONG_MONTH_NAMES, ZERO_UNIX};
use crate::gotmpl::{Error, Method, Object, Value};
use crate::yaml::Value as J;
use std::rc::Rc;

pub(super) fn recv(v: &Value) -> Result<&Time, Error> {
    Time::of(v).ok_or_else(crate::sprig::util::nil_deref)
}

pub(super) fn time_arg(a: &[Value]) -> Result<&GoTime, Error> {
    Ok(&recv(&a[0])?.t)
}

/// `UnixMilli` (`per_second` 1000) and `UnixMicro`, wrapping like Go.
fn unix_scaled(t: &GoTime, per_second: i64) -> i64 {
    t.unix_seconds().wrapping_mul(per_second).wrapping_add(t.nanosecond() as i64 / (1_000_000_000 / per_second))
}

fn int(x: i64) -> Result<Value, Error> {
    Ok(Value::int(x))
}

fn int64(x: i64) -> Result<Value, Error> {
    Ok(Value::int64(x))
}

pub(super) static TIME_METHODS: [Method; 39] = [
    Method { name: "String", sig: "func() string", call: |r, _| Ok(Value::from(recv(r)?.go_string())) },
    Method { name: "Format", sig: "func(string) string", call: |r, a| Ok(Value::from(recv(r)?.t.format(a[0].as_str().unwrap_or("")))) },
    Method { name: "Unix", sig: "func() int64", call: |r, _| int64(recv(r)?.t.unix_seconds()) },
    Method { name: "UnixMilli", sig: "func() int64", call: |r, _| int64(unix_scaled(&recv(r)?.t, 1_000)) },
    Method { name: "UnixMicro", sig: "func() int64", call: |r, _| int64(unix_scaled(&recv(r)?.t, 1_000_000)) },
    Method { name: "UnixNano", sig: "func() int64", call: |r, _| int64(recv(r)?.t.unix_nano()) },
    Method { name: "UTC", sig: "func() time.Time", call: |r, _| Ok(Time::value(recv(r)?.t.utc())) },
    Method { name: "Local", sig: "func() time.Time", call: |r, _| Ok(Time::value(recv(r)?.t.in_location(&Location::local()))) },
    Method { name: "Year", sig: "func() int", call: |r, _| int(recv(r)?.t.year()) },
    Method { name: "Month", sig: "func() time.Month", call: |r, _| Ok(TimeInt::value("time.Month", recv(r)?.t.month() as i64)) },
    Method { name: "Day", sig: "func() int", call: |r, _| int(recv(r)?.t.day() as i64) },
    Method { name: "Hour", sig: "func() int", call: |r, _| int(recv(r)?.t.hour() as i64) },
    Method { name: "Minute", sig: "func() int", call: |r, _| int(recv(r)?.t.minute() as i64) },
    Method { name: "Second", sig: "func() int", call: |r, _| int(recv(r)?.t.second() as i64) },
    Method { name: "Nanosecond", sig: "func() int", call: |r, _| int(recv(r)?.t.nanosecond() as i64) },
    Method { name: "YearDay", sig: "func() int", call: |r, _| int(recv(r)?.t.year_day() as i64) },
    Method { name: "Weekday", sig: "func() time.Weekday", call: |r, _| Ok(TimeInt::value("time.Weekday", recv(r)?.t.weekday() as i64)) },
    Method { name: "IsZero", sig: "func() bool", call: |r, _| Ok(Value::Bool(recv(r)?.t.is_zero())) },
    Method { name: "AddDate", sig: "func(int, int, int) time.Time", call: |r, a| {
        let n = |i: usize| a[i].as_i128().unwrap_or(0) as i64;
        Ok(Time::value(recv(r)?.t.add_date(n(0), n(1), n(2))))
    } },
    Method { name: "Sub", sig: "func(time.Time) time.Duration", call: |r, a| {
        Ok(TimeInt::value("time.Duration", recv(r)?.t.sub(time_arg(a)?).0))
    } },
    Method { name: "Before", sig: "func(time.Time) bool", call: |r, a| Ok(Value::Bool(recv(r)?.t.before(time_arg(a)?))) },
    Method { name: "After", sig: "func(time.Time) bool", call: |r, a| Ok(Value::Bool(time_arg(a)?.before(&recv(r)?.t))) },
    Method { name: "Equal", sig: "func(time.Time) bool", call: |r, a| Ok(Value::Bool(recv(r)?.t.equal(time_arg(a)?))) },
    Method { name: "Compare", sig: "func(time.Time) int", call: |r, a| {
        let (t, u) = (&recv(r)?.t, time_arg(a)?);
        int(if t.before(u) { -1 } else if u.before(t) { 1 } else { 0 })
    } },
    Method { name: "Location", sig: "func() *time.Location", call: |r, _| Ok(Loc::value(recv(r)?.t.loc.clone())) },
    Method { name: "In", sig: "func(*time.Location) time.Time", call: |r, a| {
        let loc = Loc::of(&a[0]).ok_or_else(|| Error::msg("time: missing Location in call to Time.In"))?;
        Ok(Time::value(recv(r)?.t.in_location(loc)))
    } },
    Method { name: "IsDST", sig: "func() bool", call: |r, _| {
        let t = &recv(r)?.t;
        Ok(Value::Bool(!t.loc.is_utc() && t.loc.lookup(t.sec).is_dst))
    } },
    Method { name: "GoString", sig: "func() string", call: |r, _| Ok(Value::from(go_syntax(&recv(r)?.t))) },
    Method { name: "Add", sig: "func(time.Duration) time.Time", call: |r, a| {
        let t = recv(r)?;
        let d = duration_arg(&a[0]);
        let mono = t.mono.and_then(|m| m.checked_add(d));
        Ok(Value::Object(Rc::new(Time { t: t.t.add(Duration(d)), mono })))
    } },
    Method { name: "Truncate", sig: "func(time.Duration) time.Time", call: |r, a| {
        Ok(Time::value(round(&recv(r)?.t, duration_arg(&a[0]), false)))
    } },
    Method { name: "Round", sig: "func(time.Duration) time.Time", call: |r, a| {
        Ok(Time::value(round(&recv(r)?.t, duration_arg(&a[0]), true)))
    } },
    Method { name: "MarshalJSON", sig: "func() ([]uint8, error)", call: |r, _| {
        match recv(r)?.to_json().map_err(Error::msg)? {
            J::Str(s) => Ok(Value::Bytes(Rc::new(format!("\"{s}\"").into_bytes().into()))),
            _ => Ok(Value::Bytes(Rc::default())),
        }
    } },
    Method { name: "MarshalText", sig: "func() ([]uint8, error)", call: |r, _| {
        match recv(r)?.to_json().map_err(|e| Error::msg(e.replace("json: error calling MarshalJSON for type time.Time: Time.MarshalJSON", "Time.MarshalText")))? {
            J::Str(s) => Ok(Value::Bytes(Rc::new(s.into_bytes().into()))),
            _ => Ok(Value::Bytes(Rc::default())),
        }
    } },
    // Results text/template refuses: calling these fails with Go's `goodFunc` message.
    Method { name: "Zone", sig: "func() (string, int)", call: |_, _| Ok(Value::Nil) },
    Method { name: "ZoneBounds", sig: "func() (time.Time, time.Time)", call: |_, _| Ok(Value::Nil) },
    Method { name: "ISOWeek", sig: "func() (int, int)", call: |_, _| Ok(Value::Nil) },
    Method { name: "Clock", sig: "func() (int, int, int)", call: |_, _| Ok(Value::Nil) },
    Method { name: "Date", sig: "func() (int, time.Month, int)", call: |_, _| Ok(Value::Nil) },
    Method { name: "AppendFormat", sig: "func([]uint8, string) []uint8", call: |r, a| {
        let mut b = match &a[0] {
            Value::Bytes(b) => b.to_vec(),
            _ => Vec::new(),
        };
        b.extend_from_slice(recv(r)?.t.format(a[1].as_str().unwrap_or("")).as_bytes());
        Ok(Value::Bytes(Rc::new(b.into())))
    } },
];

/// A `time.Duration` argument (a `Sub` result) in nanoseconds.
fn duration_arg(v: &Value) -> i64 {
    match v {
        Value::Object(o) => o.as_int().unwrap_or(0),
        _ => 0,
    }
}

/// `Time.Truncate(d)` (`half` false) and `Time.Round(d)`: to a multiple of `d` since the zero
/// time (January 1, year 1, UTC); `d <= 0` returns the time unchanged (without its monotonic
/// reading).
fn round(t: &GoTime, d: i64, half: bool) -> GoTime {
    if d <= 0 {
        return t.clone();
    }
    let since_zero = (t.sec as i128 - ZERO_UNIX as i128) * 1_000_000_000 + t.nsec as i128;
    let r = since_zero.rem_euclid(d as i128) as i64;
    if half && (r as u64).wrapping_add(r as u64) >= d as u64 {
        t.add(Duration(d - r))
    } else {
        t.add(Duration(-r))
    }
}

/// `Time.GoString`: `time.Date(2009, time.November, 10, 23, 0, 0, 0, time.UTC)`.
fn go_syntax(t: &GoTime) -> String {
    let month = t.month() as usize;
    let month = match LONG_MONTH_NAMES.get(month.wrapping_sub(1)) {
        Some(m) => format!("time.{m}"),
        None => month.to_string(),
    };
    let loc = if t.loc.is_utc() {
        "time.UTC".to_string()
    } else if t.loc.is_local() {
        "time.Local".to_string()
    } else {
        format!("time.Location({})", crate::gotmpl::quote::quote(t.loc.name()))
    };
    format!("time.Date({}, {month}, {}, {}, {}, {}, {}, {loc})", t.year(), t.day(), t.hour(), t.minute(), t.second(), t.nanosecond())
}

/// A `*time.Location`: prints its name (`Location.String`).
#[derive(Debug, Clone)]
pub struct Loc(pub Location);

impl Loc {
    pub fn value(loc: Location) -> Value {
        Value::Object(Rc::new(Loc(loc)))
    }

    fn of(v: &Value) -> Option<&Location> {
        match v {
            Value::Object(o) => o.as_any().downcast_ref::<Loc>().map(|l| &l.0),
            _ => None,
        }
    }
}

static LOCATION_METHODS: [Method; 1] = [Method { name: "String", sig: "func() string", call: |r, _| {
    Ok(Value::from(Loc::of(r).map(|l| l.name().to_string()).unwrap_or_default()))
} }];

impl Object for Loc {
    fn type_name(&self) -> &'static str {
        "*time.Location"
    }
    fn methods(&self) -> &'static [Method] {
        &LOCATION_METHODS
    }
    fn string(&self) -> Option<String> {
        Some(self.0.name().to_string())
    }
    /// `time.Location` has only unexported fields.
    fn to_json(&self) -> Result<J, String> {
        Ok(J::Map(Vec::new()))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn nanos(r: &Value) -> i64 {
    duration_arg(r)
}

fn dur(d: i64) -> Result<Value, Error> {
    Ok(TimeInt::value("time.Duration", d))
}

/// `float64(d / unit) + float64(d % unit) / unit`, as `Duration.Hours`, `Minutes`, `Seconds`.
fn in_units(d: i64, unit: i64) -> Result<Value, Error> {
    Ok(Value::Float((d / unit) as f64 + (d % unit) as f64 / unit as f64))
}

fn string_method(r: &Value) -> Result<Value, Error> {
    match r {
        Value::Object(o) => Ok(Value::from(o.string().unwrap_or_default())),
        _ => Ok(Value::from("")),
    }
}

static DURATION_METHODS: [Method; 10] = [
    Method { name: "String", sig: "func() string", call: |r, _| string_method(r) },
    Method { name: "Nanoseconds", sig: "func() int64", call: |r, _| int64(nanos(r)) },
    Method { name: "Microseconds", sig: "func() int64", call: |r, _| int64(nanos(r) / 1_000) },
    Method { name: "Milliseconds", sig: "func() int64", call: |r, _| int64(nanos(r) / 1_000_000) },
    Method { name: "Seconds", sig: "func() float64", call: |r, _| in_units(nanos(r), 1_000_000_000) },
    Method { name: "Minutes", sig: "func() float64", call: |r, _| in_units(nanos(r), 60_000_000_000) },
    Method { name: "Hours", sig: "func() float64", call: |r, _| in_units(nanos(r), 3_600_000_000_000) },
    Method { name: "Round", sig: "func(time.Duration) time.Duration", call: |r, a| dur(Duration(nanos(r)).round(duration_arg(&a[0])).0) },
    Method { name: "Truncate", sig: "func(time.Duration) time.Duration", call: |r, a| dur(Duration(nanos(r)).truncate(duration_arg(&a[0])).0) },
    Method { name: "Abs", sig: "func() time.Duration", call: |r, _| {
        let d = nanos(r);
        dur(if d == i64::MIN { i64::MAX } else { d.abs() })
    } },
];

static NAMED_INT_METHODS: [Method; 1] = [Method { name: "String", sig: "func() string", call: |r, _| string_method(r) }];

/// The methods of `time.Duration`, `time.Month` and `time.Weekday`.
pub(super) fn int_methods(ty: &str) -> &'static [Method] {
    if ty == "time.Duration" {
        &DURATION_METHODS
    } else {
        &NAMED_INT_METHODS
    }
}
