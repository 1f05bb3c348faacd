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

/// When timings began (the first span or mark).
fn origin() -> Instant {
    static AT: OnceLock<Instant> = OnceLock::new();
    *AT.get_or_init(Instant::now)
}

/// With timings on, prints `what` with the time since timings began and the thread (its name,
/// or its id for the unnamed pool threads).
pub fn mark(what: impl FnOnce() -> String) {
    if enabled() {
        let t = origin().elapsed().as_secs_f64() * 1000.0;
        let th = std::thread::current();
        let who = th.name().map_or_else(|| format!("{:?}", th.id()), str::to_string);
        eprintln!("mark {t:>9.3} ms  [{who}] {}", what());
    }
}

/// Starts a span named by `name()` (only evaluated when timings are on).
pub fn span(name: impl FnOnce() -> String) -> Span {
    Span {
        start: enabled().then(|| {
            origin();
            (Instant::now(), name())
        }),
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some((start, name)) = &self.start {
            let at = start.duration_since(origin()).as_secs_f64() * 1000.0;
            let rss = resident_mb().map(|mb| format!(", {mb} MB resident")).unwrap_or_default();
            eprintln!("timing {:>9.3} ms  {name} (from {at:.3} ms{rss})", start.elapsed().as_secs_f64() * 1000.0);
        }
    }
}

/// The process's resident memory in MiB and the part of it not backed by files (the heap, the
/// stacks), where `/proc/self/statm` tells it (Linux, 4 KiB pages).
fn resident_mb() -> Option<String> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let mut fields = statm.split_whitespace().skip(1).map(|f| f.parse::<u64>().ok());
    let (resident, shared) = (fields.next()??, fields.next()??);
    let mb = |pages: u64| pages * 4096 / (1 << 20);
    Some(format!("{} ({} anonymous)", mb(resident), mb(resident.saturating_sub(shared))))
}
