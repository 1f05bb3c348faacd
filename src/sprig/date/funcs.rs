//! Template functions of the date family over [`crate::sprig::date`], and the host objects they
//! hand to templates: `time.Time` (printed with Go's `Time.String`, JSON as RFC 3339, methods
//! such as `.Unix`, `.Format`, `.UTC`, `.Year`), `time.Month`, `time.Weekday`, `time.Duration`.

use super::{self as d, DateArg, DurationArg};
use crate::golang::time::{Duration, GoTime, Location, LONG_DAY_NAMES, LONG_MONTH_NAMES, RFC3339_NANO};
use crate::gotmpl::{Error, FuncMap, IntTy, Method, Object, Value};
use crate::yaml::Value as J;
use std::rc::Rc;
use std::sync::OnceLock;
use std::time::Instant;

/// A `time.Time`. `mono` is the monotonic clock reading `time.Now` attaches (nanoseconds since
/// the process started), which `String()` prints as `m=+0.001234567`.
#[derive(Debug, Clone)]
pub struct Time {
    pub t: GoTime,
    pub mono: Option<i64>,
}

impl Time {
    pub fn value(t: GoTime) -> Value {
        Value::Object(Rc::new(Time { t, mono: None }))
    }

    /// `time.Now()`.
    pub fn now() -> Value {
        static START: OnceLock<Instant> = OnceLock::new();
        let mono = START.get_or_init(Instant::now).elapsed().as_nanos() as i64;
        Value::Object(Rc::new(Time { t: GoTime::now(), mono: Some(mono) }))
    }

    /// The `time.Time` inside a template value.
    pub fn of(v: &Value) -> Option<&Time> {
        match v {
            Value::Object(o) => o.as_any().downcast_ref::<Time>(),
            _ => None,
        }
    }

    /// Go's `Time.String()`, with the monotonic reading when there is one.
    fn go_string(&self) -> String {
        let mut s = self.t.go_string();
        if let Some(m) = self.mono {
            let sign = if m < 0 { '-' } else { '+' };
            let m = m.unsigned_abs();
            s.push_str(&format!(" m={sign}{}.{:09}", m / 1_000_000_000, m % 1_000_000_000));
        }
        s
    }
}

impl Object for Time {
    fn type_name(&self) -> &'static str {
        "time.Time"
    }
    fn methods(&self) -> &'static [Method] {
        &TIME_METHODS
    }
    fn string(&self) -> Option<String> {
        Some(self.go_string())
    }
    /// `Time.MarshalJSON`: RFC 3339 with nanoseconds, years 0 to 9999 only.
    fn to_json(&self) -> Result<J, String> {
        let year = self.t.year();
        if !(0..=9999).contains(&year) {
            return Err("json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]".into());
        }
        Ok(J::Str(self.t.format(RFC3339_NANO)))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A named integer type of package `time` that prints through its `String` method.
#[derive(Debug, Clone, Copy)]
pub struct TimeInt {
    pub ty: &'static str,
    pub n: i64,
}

impl TimeInt {
    fn value(ty: &'static str, n: i64) -> Value {
        Value::Object(Rc::new(TimeInt { ty, n }))
    }
}

impl Object for TimeInt {
    fn type_name(&self) -> &'static str {
        self.ty
    }
    fn string(&self) -> Option<String> {
        let name = |names: &[&str], first: i64| usize::try_from(self.n - first).ok().and_then(|i| names.get(i).map(|s| s.to_string()));
        Some(match self.ty {
            "time.Month" => name(&LONG_MONTH_NAMES, 1).unwrap_or_else(|| format!("%!Month({})", self.n)),
            "time.Weekday" => name(&LONG_DAY_NAMES, 0).unwrap_or_else(|| format!("%!Weekday({})", self.n)),
            _ => Duration(self.n).to_string(),
        })
    }
    fn as_int(&self) -> Option<i64> {
        Some(self.n)
    }
    fn to_json(&self) -> Result<J, String> {
        Ok(J::Int(self.n))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn recv(v: &Value) -> Result<&Time, Error> {
    Time::of(v).ok_or_else(crate::sprig::util::nil_deref)
}

fn time_arg(a: &[Value]) -> Result<&GoTime, Error> {
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

static TIME_METHODS: [Method; 23] = [
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
];

/// Sprig's type switch on a `date` argument (`ago` takes only `int` and `int64` as seconds).
fn date_arg(v: &Value, int32_too: bool) -> DateArg {
    if let Some(t) = Time::of(v) {
        return DateArg::Time(t.t.clone());
    }
    match v {
        Value::Int(i, IntTy::Int | IntTy::Int64) => DateArg::Unix(*i),
        Value::Int(i, IntTy::Int32) if int32_too => DateArg::Unix(*i),
        _ => DateArg::Now,
    }
}

fn s(a: &Value) -> &str {
    a.as_str().unwrap_or("")
}

fn text(x: String) -> Result<Value, Error> {
    Ok(Value::from(x))
}

pub fn register(f: &mut FuncMap) {
    f.add("now", "func() time.Time", |_| Ok(Time::now()));
    f.add("date", "func(string, interface {}) string", |a| text(d::date(s(&a[0]), date_arg(&a[1], true))));
    for name in ["dateInZone", "date_in_zone"] {
        f.add(name, "func(string, interface {}, string) string", |a| text(d::date_in_zone(s(&a[0]), date_arg(&a[1], true), s(&a[2]))));
    }
    f.add("htmlDate", "func(interface {}) string", |a| text(d::html_date(date_arg(&a[0], true))));
    f.add("htmlDateInZone", "func(interface {}, string) string", |a| text(d::html_date_in_zone(date_arg(&a[0], true), s(&a[1]))));
    for name in ["dateModify", "date_modify"] {
        f.add(name, "func(string, time.Time) time.Time", |a| {
            let t = recv(&a[1])?;
            let spec = s(&a[0]);
            Ok(Value::Object(Rc::new(Time { t: d::date_modify(spec, &t.t), mono: shifted(t, spec) })))
        });
    }
    for name in ["mustDateModify", "must_date_modify"] {
        f.add(name, "func(string, time.Time) (time.Time, error)", |a| {
            let t = recv(&a[1])?;
            let spec = s(&a[0]);
            let moved = d::must_date_modify(spec, &t.t).map_err(Error::msg)?;
            Ok(Value::Object(Rc::new(Time { t: moved, mono: shifted(t, spec) })))
        });
    }
    f.add("toDate", "func(string, string) time.Time", |a| Ok(Time::value(d::to_date(s(&a[0]), s(&a[1])))));
    f.add("mustToDate", "func(string, string) (time.Time, error)", |a| {
        d::must_to_date(s(&a[0]), s(&a[1])).map(Time::value).map_err(|e| Error::msg(e.to_string()))
    });
    f.add("unixEpoch", "func(time.Time) string", |a| text(d::unix_epoch(time_arg(a)?)));
    f.add("ago", "func(interface {}) string", |a| text(d::ago(date_arg(&a[0], false))));
    f.add("duration", "func(interface {}) string", |a| {
        let seconds = match &a[0] {
            Value::String(x) => d::duration_seconds_from_str(x),
            Value::Int(i, IntTy::Int64) => *i,
            _ => 0,
        };
        text(d::duration(seconds))
    });
    f.add("durationRound", "func(interface {}) string", |a| {
        let arg = match &a[0] {
            Value::String(x) => DurationArg::Str(x.to_string()),
            Value::Int(i, IntTy::Int64) => DurationArg::Nanos(*i),
            v => Time::of(v).map_or(DurationArg::Other, |t| DurationArg::Since(t.t.clone())),
        };
        text(d::duration_round(arg))
    });
}

/// `Time.Add` keeps the monotonic reading, moved by the same duration (dropped on overflow).
fn shifted(t: &Time, spec: &str) -> Option<i64> {
    let d = crate::golang::time::parse_duration(spec).map_or(0, |d| d.0);
    t.mono.and_then(|m| m.checked_add(d))
}
