//! Expected values from the helm v4.2.3 oracle.

use super::*;

// `duration SECONDS` (string argument: strconv.ParseInt, 0 on error; then * time.Second).
pub(super) const SPRIG_DURATION: &[(&str, &str)] = &[
    ("95", "1m35s"),
    ("3661", "1h1m1s"),
    ("-3661", "-1h1m1s"),
    ("0", "0s"),
    ("86400", "24h0m0s"),
    ("-1", "-1s"),
    ("9223372036", "2562047h47m16s"),
    ("9223372037", "-2562047h47m16.709551616s"),
    ("1e3", "0s"),
    ("abc", "0s"),
    (" 5", "0s"),
    ("+5", "5s"),
];
pub(super) const DURATION_ROUND: &[(&str, &str)] = &[
    ("2h10m5s", "2h"),
    ("50h", "2d"),
    ("1000h", "1mo"),
    ("61s", "1m"),
    ("60s", "60s"),
    ("-3h5m", "3h"),
    ("8761h", "1y"),
    ("8760h", "12mo"),
    ("721h", "1mo"),
    ("720h", "30d"),
    ("25h", "1d"),
    ("24h", "24h"),
    ("59s", "59s"),
    ("1s", "0s"),
    ("0s", "0s"),
    ("bogus", "0s"),
    ("1.5s", "1s"),
    ("-61s", "1m"),
    ("2000ms", "2s"),
    ("100000h", "11y"),
];

#[test]
fn duration_matches_sprig() {
    for &(s, want) in SPRIG_DURATION {
        assert_eq!(duration(duration_seconds_from_str(s)), want, "{s:?}");
    }
}

#[test]
fn duration_round_matches_sprig() {
    for &(s, want) in DURATION_ROUND {
        assert_eq!(duration_round(DurationArg::Str(s.into())), want, "{s:?}");
    }
    assert_eq!(duration_round(DurationArg::Nanos(3_600_000_000_001)), "1h");
    assert_eq!(duration_round(DurationArg::Other), "0s");
}

fn parsed(v: &str) -> DateArg {
    DateArg::Time(to_date("2006-01-02 15:04", v))
}

#[test]
fn formatting_functions() {
    // (rendered template, value)
    let cases: Vec<(String, &str)> = vec![
        (date("2006-01-02 15:04:05 MST", DateArg::Unix(0)), "1970-01-01 00:00:00 UTC"),
        (date("2006-01-02 15:04:05 MST", DateArg::Unix(1614834367)), "2021-03-04 05:06:07 UTC"),
        (date_in_zone("2006-01-02 15:04 MST", DateArg::Unix(1625097600), "America/New_York"), "2021-06-30 20:00 EDT"),
        (
            date_in_zone("Mon 2 Jan 2006 15:04 -07:00", DateArg::Unix(1625097600), "Asia/Kathmandu"),
            "Thu 1 Jul 2021 05:45 +05:45",
        ),
        (date_in_zone("15:04 MST", DateArg::Unix(1625097600), "../etc"), "00:00 UTC"),
        (date_in_zone("15:04 MST", DateArg::Unix(1625097600), ""), "00:00 UTC"),
        (html_date_in_zone(parsed("2021-03-04 23:30"), "Asia/Tokyo"), "2021-03-05"),
        (html_date(parsed("2021-03-04 23:30")), "2021-03-04"),
        (
            date(
                "2006-01-02 15:04",
                DateArg::Time(date_modify("-1.5h", &to_date("2006-01-02 15:04", "2021-03-04 23:30"))),
            ),
            "2021-03-04 22:00",
        ),
        (
            date(
                "2006-01-02 15:04",
                DateArg::Time(date_modify("1x", &to_date("2006-01-02 15:04", "2021-03-04 23:30"))),
            ),
            "2021-03-04 23:30",
        ),
        (unix_epoch(&to_date("2006-01-02 15:04", "1969-12-31 23:59")), "-60"),
        (unix_epoch(&to_date("2006-01-02", "junk")), "-62135596800"),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
}

#[test]
fn ago_and_errors() {
    let t = to_date("2006-01-02 15:04", "2021-03-04 23:30");
    let now = GoTime::unix(1614900600 + 3 * 3600 + 61, 400_000_000);
    assert_eq!(ago_at(DateArg::Time(t), &now), "3h1m1s");
    assert_eq!(must_date_modify("bogus", &GoTime::unix(0, 0)).unwrap_err(), r#"time: invalid duration "bogus""#);
    assert_eq!(
        must_to_date("2006-01-02", "2020/01/15").unwrap_err().to_string(),
        r#"parsing time "2020/01/15" as "2006-01-02": cannot parse "/01/15" as "-""#
    );
}
