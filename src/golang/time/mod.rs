//! Go's `time` package, as far as krender's outputs need it:
//! - [`yaml`]: the timestamp forms go-yaml resolves in plain scalars, and RFC 3339 output;
//! - [`GoTime`] (`time.Time`), [`Location`] (`time.Location`, zones from the system's IANA
//!   database), [`Duration`], and reference-layout [`GoTime::format`] / [`parse`] /
//!   [`parse_in_location`] with Go's error texts — what Sprig's date functions are built on.

mod civil;
mod duration;
mod format;
mod value;
mod yaml;
mod zone;

pub use civil::{days_in as days_in_month_of, is_leap, LONG_DAY_NAMES, LONG_MONTH_NAMES};
pub use duration::{parse_duration, Duration};
pub use format::{parse, parse_in_location, quote, ParseError, RFC3339, RFC3339_NANO};
pub use value::{GoTime, ZERO_UNIX};
pub use yaml::{days_in_month, parse_yaml_timestamp, Time};
pub use zone::{load_location, Location, ZoneInfo};

#[cfg(test)]
mod tests;
