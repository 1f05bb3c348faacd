//! Template parsing started as soon as the chart is loaded: the other cores parse every
//! template of the chart tree while this thread processes dependencies and coalesces values,
//! and the engine takes the trees when it builds its template set.
//!
//! Parsing a text needs only the text and the function names, not its template's name (which
//! aliases can still change), so texts are parsed detached ([`parse_detached_shared`]) and named when
//! the engine adds them. What the dependencies remove is never waited for; a text that fails
//! to parse is parsed again by the engine, whose error then names the template.

use super::chart::Chart;
use crate::gotmpl::builtins::Builtin;
use crate::gotmpl::template::{parse_detached_shared, Detached};
use crate::gotmpl::funcs::NameHash;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
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
    /// How many background parsers are still at work.
    parsers: Arc<AtomicUsize>,
    /// Signalled when a slot's parse is done.
    done: Condvar,
}

/// One template text (shared with the chart).
struct Slot {
    text: Arc<str>,
    /// [`may_define`] of the text.
    may_define: bool,
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
    /// Starts parsing every template of `chart` and its subcharts on the other cores: first the
    /// texts that may define templates (all of which execution needs), then the others in about
    /// the order they execute.
    pub fn start(chart: &Chart) -> EarlyParse {
        let mut found = Vec::new();
        add_texts(chart, chart.name(), &mut found);
        let found = found.into_iter().map(|(n, t)| {
            let defines = may_define(&t);
            (n, t, defines)
        });
        EarlyParse::start_texts(found.collect())
    }

    /// [`EarlyParse::start`] of template texts by path (`CHART/templates/x`, or any paths that
    /// sort alike, as a chart directory's own `templates/x`, `charts/SUB/templates/y`): the
    /// loader hands them over as soon as they are read, before the chart is assembled.
    /// Each text comes with whether it [`may_define`] templates.
    pub fn start_texts(found: Vec<(String, Arc<str>, bool)>) -> EarlyParse {
        let mut names: Vec<String> = found.iter().map(|(n, _, _)| n.clone()).collect();
        super::engine::sort_templates(&mut names);
        let rank: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
        let mut order: Vec<(bool, usize, Arc<str>)> = found.iter().map(|(n, t, defines)| (!defines, rank[n.as_str()], t.clone())).collect();
        order.sort_by_key(|(late, rank, _)| (*late, *rank));
        let slots = order.into_iter().map(|(late, _, text)| Slot { text, may_define: !late, state: Mutex::new(State::Pending) }).collect();
        let parsers = rayon::current_num_threads().saturating_sub(1).max(1);
        let shared = Arc::new(Shared {
            slots,
            next: AtomicUsize::new(0),
            parsers: Arc::new(AtomicUsize::new(parsers)),
            done: Condvar::new(),
        });
        for _ in 0..parsers {
            let shared = shared.clone();
            rayon::spawn(move || shared.work());
        }
        // the regex patterns the templates spell out are compiled meanwhile
        let texts: Vec<Arc<str>> = shared.slots.iter().map(|s| s.text.clone()).collect();
        rayon::spawn(move || texts.iter().for_each(|t| crate::sprig::regex::precompile_literals(t)));
        EarlyParse { shared }
    }

    /// The slot of each of `texts` (`None` where the caller is to parse the text itself); the
    /// parsers drop from their queue what is not among them.
    pub fn plan(&self, texts: &[&str]) -> Vec<Option<usize>> {
        let shared = &*self.shared;
        // Each text's slot, by where the text is: the slots hold the chart's own strings.
        let by_key: HashMap<*const u8, usize> = shared.slots.iter().enumerate().map(|(i, s)| (s.text.as_ptr(), i)).collect();
        let mut taken = HashSet::new();
        // The same text twice (a copied subchart): the second is parsed by the caller.
        let wanted: Vec<Option<usize>> = texts
            .iter()
            .map(|t| by_key.get(&t.as_ptr()).copied().filter(|&i| shared.slots[i].text.len() == t.len() && taken.insert(i)))
            .collect();
        for (i, slot) in shared.slots.iter().enumerate() {
            if !taken.contains(&i) {
                let mut st = slot.state.lock().unwrap();
                if matches!(*st, State::Pending) {
                    *st = State::Gone;
                }
            }
        }
        wanted
    }

    /// The number of background parsers still at work: other background work had better wait
    /// for none, or it takes cores from the thread executing templates.
    pub fn parsers(&self) -> Arc<AtomicUsize> {
        self.shared.parsers.clone()
    }

    /// Whether the text of slot `i` may define templates ([`may_define`]).
    pub fn may_define(&self, i: usize) -> bool {
        self.shared.slots[i].may_define
    }

    /// The trees of slot `i` (from [`EarlyParse::plan`]): parsed here if no parser has begun
    /// it, else waited for; each slot is taken once.
    pub fn take(&self, i: usize) -> Option<Detached> {
        self.shared.take(i)
    }
}

/// Whether `text` may define templates: a `define` or `block` keyword right after a left
/// delimiter (and its trim marker and space), where the lexer would read it as one. A text
/// that does not parses to its own template alone.
pub fn may_define(text: &str) -> bool {
    let b = text.as_bytes();
    [&b"define"[..], &b"block"[..]].iter().any(|kw| {
        memchr::memmem::find_iter(b, kw).any(|at| {
            let before = b[..at].trim_ascii_end();
            let before = before.strip_suffix(b"-").unwrap_or(before);
            before.ends_with(b"{{")
        })
    })
}

/// The names of Helm's template functions, for the parsers (built once per process), hashed
/// with `NameHash`: the parsers look up every identifier of every template, and SipHash's set-up was
/// most of each lookup.
fn func_names() -> &'static HashSet<String, BuildHasherDefault<NameHash>> {
    static NAMES: OnceLock<HashSet<String, BuildHasherDefault<NameHash>>> = OnceLock::new();
    NAMES.get_or_init(|| super::engine::helm_func_map().names().map(str::to_string).collect())
}

/// Builds what the parsers need on a spare core, ahead of the first parse, and on another job
/// the regular expressions every render uses: the version patterns (Chart.yaml versions,
/// dependency ranges, `semverCompare`), the release-name check and the document separator.
/// Compiled where first used they took about 0.8 ms of the main thread (kube-prometheus-stack).
pub fn prepare() {
    rayon::spawn(|| {
        func_names();
    });
    rayon::spawn(|| {
        crate::sprig::semver::prepare();
        super::release::prepare();
        super::manifest::prepare();
    });
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
        func_names().contains(name) || Builtin::by_name(name).is_some()
    }

    /// A background parser: takes the next pending slot until there is none.
    fn work(&self) {
        crate::kustomize::timing::mark(|| "parser starts".into());
        let mut n = 0;
        loop {
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(slot) = self.slots.get(i) else {
                crate::kustomize::timing::mark(|| format!("parser done, {n} parsed"));
                self.parsers.fetch_sub(1, Ordering::Release);
                return;
            };
            {
                let mut st = slot.state.lock().unwrap();
                if !matches!(*st, State::Pending) {
                    continue;
                }
                *st = State::Running;
            }
            n += 1;
            let trees = parse_detached_shared(&slot.text, &|n: &str| self.has_func(n));
            *slot.state.lock().unwrap() = State::Done(trees);
            self.done.notify_all();
        }
    }

    /// Slot `i`'s trees: parsed here if no parser has begun it, else waited for; while it
    /// waits, this thread parses the last pending slot (the parsers go on from the first).
    fn take(&self, i: usize) -> Option<Detached> {
        let slot = &self.slots[i];
        let mut st = slot.state.lock().unwrap();
        loop {
            match std::mem::replace(&mut *st, State::Gone) {
                State::Pending => {
                    drop(st);
                    crate::kustomize::timing::mark(|| format!("main parses slot {i}"));
                    return parse_detached_shared(&slot.text, &|n: &str| self.has_func(n));
                }
                State::Running => {
                    *st = State::Running;
                    drop(st);
                    if !self.parse_last() {
                        st = slot.state.lock().unwrap();
                        if matches!(*st, State::Running) {
                            crate::kustomize::timing::mark(|| format!("main waits for slot {i}"));
                            st = self.done.wait(st).unwrap();
                        }
                        continue;
                    }
                    st = slot.state.lock().unwrap();
                }
                State::Done(trees) => return trees,
                State::Gone => return None,
            }
        }
    }

    /// Parses the last pending slot, if any is left.
    fn parse_last(&self) -> bool {
        let first = self.next.load(Ordering::Relaxed);
        for slot in self.slots.iter().skip(first).rev() {
            {
                let mut st = slot.state.lock().unwrap();
                if !matches!(*st, State::Pending) {
                    continue;
                }
                *st = State::Running;
            }
            let trees = parse_detached_shared(&slot.text, &|n: &str| self.has_func(n));
            *slot.state.lock().unwrap() = State::Done(trees);
            self.done.notify_all();
            return true;
        }
        false
    }
}

/// The template texts of `chart` and its subcharts, each under the path it will likely have
/// (before the dependencies are processed, which may rename subcharts).
fn add_texts(chart: &Chart, path: &str, found: &mut Vec<(String, Arc<str>)>) {
    for (name, text) in &chart.templates {
        found.push((format!("{path}/{name}"), text.clone()));
    }
    for child in &chart.dependencies {
        add_texts(child, &format!("{path}/charts/{}", child.name()), found);
    }
}
