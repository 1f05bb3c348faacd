//! Expected columns from the helm v4.2.3 oracle (`math_gen` in the commit message's recipe: each
//! row rendered as `{{ FUNC ARGS }}`).

use super::*;
use crate::golang::strconv::format_float_g;
use crate::sprig::cast::{to_float64, to_int64, Arg};

// Generated from helm v4.2.3: `{{ FUNC ARGS }}` (args as template literals).
pub(super) const CASES: &[(&str, &[&str], Result<&str, &str>)] = &[
    ("addf", &["1.1", "2.2"], Ok("3.3")),
    ("addf", &[], Ok("0")),
    ("addf", &["0.1", "0.2", "0.3"], Ok("0.6")),
    ("addf", &["\"1.5\"", "2"], Ok("3.5")),
    ("addf", &["1e308", "1e308"], Ok("+Inf")),
    ("addf", &["1e-300", "1"], Ok("1")),
    ("addf", &["123456789.123456789", "0.000000001"], Ok("1.2345678912345679e+08")),
    ("add1f", &["1.5"], Ok("2.5")),
    ("add1f", &["-1"], Ok("0")),
    ("add1f", &["9007199254740992"], Ok("9.007199254740992e+15")),
    ("subf", &["0.3", "0.1"], Ok("0.2")),
    ("subf", &["10", "1", "2", "3.5"], Ok("3.5")),
    ("subf", &["1"], Ok("1")),
    ("subf", &["0.1", "0.3"], Ok("-0.2")),
    ("mulf", &["0.1", "3"], Ok("0.3")),
    ("mulf", &["1.1", "1.1", "1.1"], Ok("1.331")),
    ("mulf", &["1e308", "10"], Ok("+Inf")),
    ("mulf", &["3", "0.333333"], Ok("0.999999")),
    ("mulf", &["-2.5", "4"], Ok("-10")),
    ("mulf", &["1e-200", "1e-200"], Ok("0")),
    ("divf", &["1", "3"], Ok("0.3333333333333333")),
    ("divf", &["2", "3"], Ok("0.6666666666666667")),
    ("divf", &["-2", "3"], Ok("-0.6666666666666667")),
    ("divf", &["10", "3", "3"], Ok("1.1111111111111112")),
    ("divf", &["1", "7"], Ok("0.1428571428571429")),
    ("divf", &["100", "8"], Ok("12.5")),
    ("divf", &["1", "0"], Err("decimal division by 0")),
    ("divf", &["1e-300", "3"], Ok("0")),
    ("divf", &["123456789012", "0.001"], Ok("1.23456789012e+14")),
    ("divf", &["0", "5"], Ok("0")),
    ("divf", &["1e20", "3"], Ok("3.333333333333333e+19")),
    ("round", &["123.555555", "3"], Ok("123.556")),
    ("round", &["2.5", "0"], Ok("3")),
    ("round", &["-2.5", "0"], Ok("-3")),
    ("round", &["-2.4", "0"], Ok("-3")),
    ("round", &["1.005", "2"], Ok("1")),
    ("round", &["123.456", "-1"], Ok("120")),
    ("round", &["5.55", "1", "0.6"], Ok("5.5")),
    ("round", &["5.56", "1", "0.6"], Ok("5.5")),
    ("round", &["1e300", "10"], Ok("+Inf")),
    ("round", &["0.1234567", "30"], Ok("0.1234567")),
    ("round", &["3.7", "0"], Ok("4")),
    ("round", &["\"2.675\"", "2"], Ok("2.68")),
    ("round", &["1234.5678", "-2"], Ok("1200")),
    ("round", &["0.5", "0"], Ok("1")),
    ("round", &["1.15", "1"], Ok("1.2")),
    ("round", &["2.345", "2"], Ok("2.35")),
    ("round", &["12345678.9", "23"], Ok("1.23456789e+07")),
    ("floor", &["2.7"], Ok("2")),
    ("floor", &["-2.2"], Ok("-3")),
    ("floor", &["\"3.9\""], Ok("3")),
    ("ceil", &["2.1"], Ok("3")),
    ("ceil", &["-2.7"], Ok("-2")),
    ("ceil", &["5"], Ok("5")),
    ("maxf", &["1", "2.5", "-3"], Ok("2.5")),
    ("maxf", &["(float64 \"NaN\")", "1"], Ok("NaN")),
    ("maxf", &["0", "(float64 \"-0\")"], Ok("0")),
    ("maxf", &["(float64 \"-0\")", "(float64 \"-0\")"], Ok("-0")),
    ("minf", &["1", "2.5", "-3"], Ok("-3")),
    ("minf", &["0", "(float64 \"-0\")"], Ok("-0")),
    ("minf", &["(float64 \"+Inf\")", "(float64 \"NaN\")"], Ok("NaN")),
    ("maxf", &["(float64 \"-Inf\")", "(float64 \"NaN\")"], Ok("NaN")),
    ("max", &["1", "5", "3"], Ok("5")),
    ("max", &["\"7\"", "2.9"], Ok("7")),
    ("min", &["1", "-5", "3"], Ok("-5")),
    ("min", &["2"], Ok("2")),
    ("seq", &["5"], Ok("1 2 3 4 5")),
    ("seq", &["0"], Ok("1 0")),
    ("seq", &["-3"], Ok("1 0 -1 -2 -3")),
    ("seq", &["1"], Ok("1")),
    ("seq", &["2", "6"], Ok("2 3 4 5 6")),
    ("seq", &["6", "2"], Ok("6 5 4 3 2")),
    ("seq", &["0", "2", "10"], Ok("0 2 4 6 8 10")),
    ("seq", &["10", "-3", "0"], Ok("10 7 4 1")),
    ("seq", &["10", "3", "0"], Ok("")),
    ("seq", &["0", "-1", "5"], Ok("")),
    ("seq", &[], Ok("")),
    ("seq", &["1", "2", "3", "4"], Ok("")),
    ("seq", &["3", "3"], Ok("3")),
    ("seq", &["1", "0", "5"], Ok("")),
    ("until", &["5"], Ok("[0 1 2 3 4]")),
    ("until", &["-3"], Ok("[0 -1 -2]")),
    ("until", &["0"], Ok("[]")),
    ("untilStep", &["0", "10", "3"], Ok("[0 3 6 9]")),
    ("untilStep", &["10", "0", "-4"], Ok("[10 6 2]")),
    ("untilStep", &["0", "10", "-1"], Ok("[]")),
    ("untilStep", &["10", "0", "1"], Ok("[]")),
    ("untilStep", &["0", "10", "0"], Ok("[]")),
    ("toDecimal", &["\"0777\""], Ok("511")),
    ("toDecimal", &["777"], Ok("511")),
    ("toDecimal", &["\"8\""], Ok("0")),
    ("toDecimal", &["\"-17\""], Ok("-15")),
    ("toDecimal", &["\"1_0\""], Ok("0")),
    ("toDecimal", &["\"0o17\""], Ok("0")),
    ("toDecimal", &["\"777777777777777777777777\""], Ok("0")),
    ("atoi", &["\"42\""], Ok("42")),
    ("atoi", &["\"-42\""], Ok("-42")),
    ("atoi", &["\"4.2\""], Ok("0")),
    ("atoi", &["\"0x10\""], Ok("0")),
    ("atoi", &["\"99999999999999999999\""], Ok("9223372036854775807")),
    ("atoi", &["\"-99999999999999999999\""], Ok("-9223372036854775808")),
    ("atoi", &["\"+5\""], Ok("5")),
    ("atoi", &["\" 5\""], Ok("0")),
    ("atoi", &["\"1_000\""], Ok("0")),
    ("add", &["1", "2", "3"], Ok("6")),
    ("add", &[], Ok("0")),
    ("add", &["\"5\"", "2.9"], Ok("7")),
    ("add", &["9223372036854775807", "1"], Ok("-9223372036854775808")),
    ("sub", &["5", "7"], Ok("-2")),
    ("mul", &["3", "4", "5"], Ok("60")),
    ("mul", &["2"], Ok("2")),
    ("div", &["7", "2"], Ok("3")),
    ("div", &["-7", "2"], Ok("-3")),
    ("div", &["1", "0"], Err("runtime error: integer divide by zero")),
    ("mod", &["7", "3"], Ok("1")),
    ("mod", &["-7", "3"], Ok("-1")),
    ("mod", &["1", "0"], Err("runtime error: integer divide by zero")),
];

/// A template literal as the engine would pass it to cast.
fn lit(s: &'static str) -> Arg<'static> {
    if let Some(inner) = s.strip_prefix("(float64 \"").and_then(|r| r.strip_suffix("\")")) {
        return Arg::Float(crate::golang::strconv::parse_float(inner).unwrap());
    }
    if let Some(inner) = s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        return Arg::Str(inner);
    }
    match s.parse::<i64>() {
        Ok(i) => Arg::Int(i),
        Err(_) => Arg::Float(s.parse().unwrap()),
    }
}

fn list(v: &[i64]) -> String {
    format!("[{}]", v.iter().map(i64::to_string).collect::<Vec<_>>().join(" "))
}

fn eval(f: &str, args: &[&'static str]) -> Result<String, String> {
    let a: Vec<Arg> = args.iter().map(|s| lit(s)).collect();
    let fl: Vec<f64> = a.iter().map(|&x| to_float64(x)).collect();
    let it: Vec<i64> = a.iter().map(|&x| to_int64(x)).collect();
    let g = |r: Result<f64, String>| r.map(format_float_g);
    Ok(match f {
        "addf" => g(addf(&fl))?,
        "add1f" => g(add1f(fl[0]))?,
        "subf" => g(subf(fl[0], &fl[1..]))?,
        "mulf" => g(mulf(fl[0], &fl[1..]))?,
        "divf" => g(divf(fl[0], &fl[1..]))?,
        "round" => format_float_g(round(fl[0], it[1], fl.get(2).copied().unwrap_or(0.5))),
        "floor" => format_float_g(floor(fl[0])),
        "ceil" => format_float_g(ceil(fl[0])),
        "maxf" => format_float_g(maxf(fl[0], &fl[1..])),
        "minf" => format_float_g(minf(fl[0], &fl[1..])),
        "max" => max(it[0], &it[1..]).to_string(),
        "min" => min(it[0], &it[1..]).to_string(),
        "seq" => seq(&it),
        "until" => list(&until(it[0])),
        "untilStep" => list(&until_step(it[0], it[1], it[2])),
        "toDecimal" => to_decimal(args[0].trim_matches('"')).to_string(),
        "atoi" => atoi(args[0].trim_matches('"')).to_string(),
        "add" => add(&it).to_string(),
        "sub" => it[0].wrapping_sub(it[1]).to_string(),
        "mul" => mul(it[0], &it[1..]).to_string(),
        "div" => div(it[0], it[1])?.to_string(),
        "mod" => modulo(it[0], it[1])?.to_string(),
        other => panic!("no case for {other}"),
    })
}

#[test]
fn math_matches_go() {
    for &(f, args, want) in CASES {
        let want = want.map(str::to_string).map_err(str::to_string);
        assert_eq!(eval(f, args), want, "{f} {args:?}");
    }
}

#[test]
fn go_pow_matches_exact_powers() {
    for p in 0..=22 {
        assert_eq!(go_pow(10.0, p as f64), format!("1e{p}").parse::<f64>().unwrap());
    }
    assert_eq!(go_pow(10.0, -1.0), 0.1);
    assert_eq!(go_pow(2.0, 0.5), 2f64.sqrt());
    assert!(go_pow(-8.0, 0.5).is_nan());
}

#[test]
fn rand_int_stays_in_range() {
    for _ in 0..200 {
        let v = rand_int(-3, 4).unwrap();
        assert!((-3..4).contains(&v));
    }
    assert_eq!(rand_int(5, 5), Err("invalid argument to Intn".to_string()));
}
