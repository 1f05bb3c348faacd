//! Expected columns from the helm v4.2.3 oracle: `{{ int64 X }}|{{ float64 X }}`, floats printed
//! with Go's `%v`.

use super::*;
use crate::golang::strconv::format_float_g;

// Generated from helm v4.2.3: `int64 X|float64 X` (cast.ToInt64 / cast.ToFloat64).
pub(super) const CASES: &[(&str, &str, &str)] = &[
    ("Str", "08", "0|8"),
    ("Str", "010", "8|10"),
    ("Str", "0x1F", "31|0"),
    ("Str", "0X1f", "31|0"),
    ("Str", "0b101", "5|0"),
    ("Str", "0o17", "15|0"),
    ("Str", "0O17", "15|0"),
    ("Str", "1_000", "1000|1000"),
    ("Str", "_1", "0|0"),
    ("Str", "1__0", "0|0"),
    ("Str", "0x_1F", "31|0"),
    ("Str", "1.0", "1|1"),
    ("Str", "1.00", "1|1"),
    ("Str", "12.50", "0|12.5"),
    ("Str", "1.", "0|1"),
    ("Str", "1e3", "0|1000"),
    ("Str", "-0", "0|-0"),
    ("Str", "+7", "7|7"),
    ("Str", "-9223372036854775808", "-9223372036854775808|-9.223372036854776e+18"),
    ("Str", "9223372036854775807", "9223372036854775807|9.223372036854776e+18"),
    ("Str", "9223372036854775808", "0|9.223372036854776e+18"),
    ("Str", "-9223372036854775809", "0|-9.223372036854776e+18"),
    ("Str", " 5", "0|0"),
    ("Str", "5 ", "0|0"),
    ("Str", "", "0|0"),
    ("Str", "abc", "0|0"),
    ("Str", "0.0", "0|0"),
    ("Str", "00", "0|0"),
    ("Str", "-", "0|0"),
    ("Str", "+", "0|0"),
    ("Str", "0x", "0|0"),
    ("Str", "3.14", "0|3.14"),
    ("Str", "1_0.0", "10|10"),
    ("Str", "0.", "0|0"),
    ("Str", ".", "0|0"),
    ("Float", "big", "-9223372036854775808|1e+19"),
    ("Float", "neg", "-9223372036854775808|-1e+19"),
    ("Float", "f", "5|5.9"),
    ("Float", "nf", "-5|-5.9"),
    ("Float", "huge", "-9223372036854775808|9.3e+18"),
    ("Float", "edge", "-9223372036854775808|9.223372036854776e+18"),
    ("Float", "i", "42|42"),
    ("Float", "small", "0|1e-300"),
    ("Int", "5", "5|5"),
    ("Int", "-3", "-3|-3"),
    ("Float", "5.9", "5|5.9"),
    ("Float", "-0.5", "0|-0.5"),
    ("Bool", "true", "1|1"),
    ("Bool", "false", "0|0"),
    ("Nil", "nil", "0|0"),
    ("Other", "(list 1)", "0|0"),
    ("Other", "(dict)", "0|0"),
];

fn arg(kind: &str, show: &'static str) -> Arg<'static> {
    match kind {
        "Str" => Arg::Str(show),
        "Int" => Arg::Int(show.parse().unwrap()),
        "Bool" => Arg::Bool(show == "true"),
        "Nil" => Arg::Nil,
        "Other" => Arg::Other,
        _ => Arg::Float(match show {
            "big" => 1e19,
            "neg" => -1e19,
            "f" => 5.9,
            "nf" => -5.9,
            "huge" => 9.3e18,
            "edge" => 9223372036854775807.0,
            "i" => 42.0,
            "small" => 1e-300,
            lit => lit.parse().unwrap(),
        }),
    }
}

#[test]
fn cast_matches_go() {
    for &(kind, show, want) in CASES {
        let a = arg(kind, show);
        let got = format!("{}|{}", to_int64(a), format_float_g(to_float64(a)));
        assert_eq!(got, want, "{kind} {show:?}");
        assert_eq!(to_int(a), to_int64(a));
    }
}

#[test]
fn trims_zero_decimals() {
    assert_eq!(trim_zero_decimal("12.00"), "12");
    assert_eq!(trim_zero_decimal("12.50"), "12.50");
    assert_eq!(trim_zero_decimal("0"), "0");
    assert_eq!(trim_zero_decimal(".0"), "");
}
