//! Table tests whose expected columns were produced with the helm v4.2.3 oracle (Go 1.26 `time`
//! reached through Sprig's date functions), see `oracle_tables.rs`.

#[path = "oracle_tables.rs"]
mod tables;

use super::*;

#[test]
fn format_matches_go() {
    for &(sec, nsec, zone, layout, want) in tables::FORMAT {
        // Sprig's dateInZone falls back to UTC when the zone does not load.
        let loc = load_location(zone).unwrap_or_else(|_| Location::utc());
        let t = GoTime { sec, nsec, loc };
        assert_eq!(t.format(layout), want, "{sec}.{nsec} in {zone} as {layout:?}");
    }
}

#[test]
fn parse_matches_go() {
    for &(layout, value, want) in tables::PARSE {
        let got = parse_in_location(layout, value, &Location::local());
        let got = got.as_ref().map(GoTime::go_string).map_err(ToString::to_string);
        let want = want.map(str::to_string).map_err(str::to_string);
        assert_eq!(got, want, "{layout:?} {value:?}");
    }
}

#[test]
fn durations_match_go() {
    for &(s, want) in tables::DURATIONS {
        let got = parse_duration(s).map(|d| d.to_string());
        assert_eq!(got, want.map(str::to_string).map_err(str::to_string), "{s:?}");
    }
}

#[test]
fn round_trips_through_rfc3339() {
    let t = parse(RFC3339_NANO, "2021-07-01T12:30:45.5-04:00").unwrap();
    assert_eq!(t.format(RFC3339_NANO), "2021-07-01T12:30:45.5-04:00");
    assert_eq!(t.unix_seconds(), 1625157045);
    let ny = load_location("America/New_York").unwrap();
    assert_eq!(t.in_location(&ny).format("15:04 MST"), "12:30 EDT");
    // A wall time in a DST gap (2021-03-14 02:30 does not exist in New York): Go's Date looks
    // the zone up at the wall time read as UTC (EST), finds the shifted instant past the end of
    // that zone period and re-looks it up (EDT): 06:30 UTC, shown as 01:30 EST.
    let gap = GoTime::date(2021, 3, 14, 2, 30, 0, 0, &ny);
    assert_eq!(gap.go_string(), "2021-03-14 01:30:00 -0500 EST");
}
