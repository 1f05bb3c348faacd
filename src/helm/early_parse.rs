//! Template parsing started as soon as the chart is loaded: the other cores parse every
//! template of the chart tree while this thread processes dependencies and coalesces values,
//! and the engine takes the trees when it builds its template set.
//!
//! Parsing a text needs only the text and the function names, not its template's name (which
//! aliases can still change), so texts are parsed detached ([`parse_detached`]) and named when
//! the engine adds them. What the dependencies remove is never waited for; a text that fails
//! to parse is parsed again by the engine, whose error then names the template.

use super::chart::Chart;
use crate::gotmpl::builtins::Builtin;
use crate::gotmpl::template::{parse_detached, Detached};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};

/// Parses in the background; dropping it tells the parsers to stop.
pub struct EarlyParse {
    shared: Arc<Shared>,
}

struct Shared {
    slots: Vec<Slot>,
    /// The next slot a background parser takes.
    next: AtomicUsize,
    /// The functions templates may call (listed by the first parser, on its thread).
    funcs: OnceLock<HashSet<String>>,
    /// Signalled when a slot's parse is done.
    done: Condvar,
}

/// One template text (shared with the chart).
struct Slot {
    text: Arc<str>,
    state: Mutex<State>,
}

enum State {
    Pending,
    /// Being parsed by a background parser.
    Running,
    Done(Option<Detached>),
    /// Not wanted (taken, or of a chart the dependencies removed).
    Gone,
}

impl EarlyParse {
    /// Starts parsing every template of `chart` and its subcharts on the other cores.
    pub fn start(chart: &Chart) -> EarlyParse {
        let mut slots = Vec::new();
        add_texts(chart, &mut slots);
        let shared = Arc::new(Shared { slots, next: AtomicUsize::new(0), funcs: OnceLock::new(), done: Condvar::new() });
        let parsers = rayon::current_num_threads().saturating_sub(1).max(1);
        for _ in 0..parsers {
            let shared = shared.clone();
            rayon::spawn(move || shared.work());
        }
        EarlyParse { shared }
    }

    /// The trees of `texts` (`None` where a text is to be parsed by the caller), in order. This
    /// thread parses what no parser has begun, from the end, while the parsers go on from the
    /// start; texts no longer in the chart are dropped from the parsers' queue first.
    pub fn take(&self, texts: &[&str]) -> Vec<Option<Detached>> {
        let shared = &*self.shared;
        // Each text's slot, by where the text is: the slots hold the chart's own strings.
        let by_key: HashMap<*const u8, usize> = shared.slots.iter().enumerate().map(|(i, s)| (s.text.as_ptr(), i)).collect();
        let wanted: Vec<Option<usize>> =
            texts.iter().map(|t| by_key.get(&t.as_ptr()).copied().filter(|&i| shared.slots[i].text.len() == t.len())).collect();
        let keep: HashSet<usize> = wanted.iter().flatten().copied().collect();
        for (i, slot) in shared.slots.iter().enumerate() {
            if !keep.contains(&i) {
                let mut st = slot.state.lock().unwrap();
                if matches!(*st, State::Pending) {
                    *st = State::Gone;
                }
            }
        }
        let mut out: Vec<Option<Detached>> = Vec::with_capacity(texts.len());
        out.resize_with(texts.len(), || None);
        let mut taken = HashSet::new();
        for (k, slot_index) in wanted.iter().enumerate().rev() {
            let Some(i) = *slot_index else { continue };
            // The same text twice (a copied subchart): the second is parsed by the caller.
            if !taken.insert(i) {
                continue;
            }
            out[k] = shared.take(i);
        }
        out
    }
}

impl Drop for EarlyParse {
    fn drop(&mut self) {
        for slot in &self.shared.slots {
            let mut st = slot.state.lock().unwrap();
            if matches!(*st, State::Pending) {
                *st = State::Gone;
            }
        }
    }
}

impl Shared {
    fn has_func(&self, name: &str) -> bool {
        let funcs = self.funcs.get_or_init(|| super::engine::helm_func_map().names().map(str::to_string).collect());
        funcs.contains(name) || Builtin::by_name(name).is_some()
    }

    /// A background parser: takes the next pending slot until there is none.
    fn work(&self) {
        loop {
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(slot) = self.slots.get(i) else { return };
            {
                let mut st = slot.state.lock().unwrap();
                if !matches!(*st, State::Pending) {
                    continue;
                }
                *st = State::Running;
            }
            let trees = parse_detached(&slot.text, &|n: &str| self.has_func(n));
            *slot.state.lock().unwrap() = State::Done(trees);
            self.done.notify_all();
        }
    }

    /// Slot `i`'s trees: parsed here if no parser has begun it, else waited for.
    fn take(&self, i: usize) -> Option<Detached> {
        let slot = &self.slots[i];
        let mut st = slot.state.lock().unwrap();
        loop {
            match std::mem::replace(&mut *st, State::Gone) {
                State::Pending => {
                    drop(st);
                    return parse_detached(&slot.text, &|n: &str| self.has_func(n));
                }
                State::Running => {
                    *st = State::Running;
                    st = self.done.wait(st).unwrap();
                }
                State::Done(trees) => return trees,
                State::Gone => return None,
            }
        }
    }
}

/// The template texts of `chart` and its subcharts, each once.
fn add_texts(chart: &Chart, slots: &mut Vec<Slot>) {
    for (_, text) in &chart.templates {
        slots.push(Slot { text: text.clone(), state: Mutex::new(State::Pending) });
    }
    for child in &chart.dependencies {
        add_texts(child, slots);
    }
}
