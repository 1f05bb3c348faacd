//! Running one job per app on `jobs` threads, results in input order.
//!
//! Apps run on plain threads taking the next app from a shared counter, not as tasks of rayon's
//! pool: a kustomize build keeps per-thread state (the OpenAPI schema chosen for the build, see
//! `kustomize::openapi::build_state`) and itself uses rayon for large files, and a rayon thread
//! waiting inside one build may steal another build's task and interleave their state. Inside
//! an app, rayon still parallelizes parsing and printing. Threads get a large stack: Helm
//! templates may nest deeply (the engine grows its stack on demand beyond it).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

const STACK: usize = 64 << 20;

/// `f` applied to every item on `jobs` threads; a panic in `f` becomes `Err` for that item only.
/// `done` is called after each item, with the count finished so far.
pub fn map<I: Sync, T: Send>(
    items: &[I],
    jobs: usize,
    f: impl Fn(&I) -> T + Sync,
    done: impl Fn(usize, &I) + Sync,
) -> Vec<Result<T, String>> {
    let jobs = jobs.max(1).min(items.len().max(1));
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Result<T, String>>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(item) = items.get(i) else { break };
        let out = catch_unwind(AssertUnwindSafe(|| f(item))).map_err(|p| {
            let msg = p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned());
            format!("internal error (panic): {}", msg.unwrap_or_default())
        });
        if let Ok(mut s) = slots[i].lock() {
            *s = Some(out);
        }
        done(finished.fetch_add(1, Ordering::Relaxed) + 1, item);
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..jobs)
            .map(|_| std::thread::Builder::new().stack_size(STACK).spawn_scoped(scope, &work))
            .collect();
        for h in handles.into_iter().flatten() {
            let _ = h.join();
        }
    });
    slots
        .into_iter()
        .map(|s| s.into_inner().ok().flatten().unwrap_or_else(|| Err("internal error: job did not finish".into())))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order_and_isolates_panics() {
        let items: Vec<u32> = (0..50).collect();
        let out = super::map(&items, 4, |&i| if i == 7 { panic!("seven") } else { i * 2 }, |_, _| {});
        assert_eq!(out.len(), 50);
        assert_eq!(out[3], Ok(6));
        assert_eq!(out[7], Err("internal error (panic): seven".to_string()));
        assert_eq!(out[49], Ok(98));
    }
}
