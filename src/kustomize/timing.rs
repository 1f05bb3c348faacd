//! Optional timing spans for profiling builds: with `KRENDER_TIMINGS=1` in the environment, each
//! span prints its name and elapsed time on stderr when it ends. Off by default (one cached
//! environment lookup per span).

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("KRENDER_TIMINGS").is_some_and(|v| v == "1"))
}

/// A running span; prints when dropped.
pub struct Span {
    start: Option<(Instant, String)>,
}

/// Starts a span named by `name()` (only evaluated when timings are on).
pub fn span(name: impl FnOnce() -> String) -> Span {
    Span { start: enabled().then(|| (Instant::now(), name())) }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some((start, name)) = &self.start {
            eprintln!("timing {:>9.3} ms  {name}", start.elapsed().as_secs_f64() * 1000.0);
        }
    }
}
