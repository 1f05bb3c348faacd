//! Fuzzes the template engine: any input must parse or fail with an error, and a parsed
//! template must execute or fail with an error — never panic.
//! Run with `cargo fuzz run gotmpl_parse` (nightly, cargo-fuzz installed).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        krender::gotmpl::fuzz::parse_and_execute(text);
    }
});
