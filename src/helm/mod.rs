//! Helm: charts rendered through the [`crate::gotmpl`] engine with Sprig's and Helm's functions.
//!
//! - [`chart`]: loading a chart directory;
//! - [`values`]: values files and coalescing;
//! - [`engine`]: rendering every template as Helm's engine does;
//! - [`funcs`]: Helm's template functions (`include`, `tpl`, `toYaml`…);
//! - [`files`], [`capabilities`]: the `.Files` and `.Capabilities` objects;
//! - [`errors`]: Helm's rewriting of template errors; [`glob`]: `.Files.Glob` patterns;
//! - [`template`]: the `helm template` command: [`strvals`] (`--set`), [`loader`] ([`archive`],
//!   [`helmignore`], [`metadata`]), [`deps`], [`coalesce`], [`schema`], [`kubeversion`],
//!   [`release`], [`manifest`] (splitting, hooks, kind order), [`log`] (Helm's stderr lines).

pub mod archive;
pub mod capabilities;
pub mod chart;
pub mod coalesce;
pub mod deps;
pub mod early_parse;
pub mod feed;
pub mod engine;
pub mod errors;
pub mod files;
pub mod funcs;
pub mod glob;
pub mod headmask;
pub mod helmignore;
pub mod kubeversion;
pub mod loader;
pub mod log;
pub mod manifest;
pub mod metadata;
pub mod release;
pub mod schema;
pub mod strvals;
pub mod template;
pub mod tomlread;
pub mod values;
pub mod yamlv3;

pub use chart::Chart;

use std::sync::atomic::{AtomicBool, Ordering};

/// Set by a process that renders once and exits (the `krender template` command).
static ONE_SHOT: AtomicBool = AtomicBool::new(false);

/// Declares that this process exits after rendering: the big structures of a render (parse
/// trees, the loaded chart, values) are then left to the OS instead of being freed one by one,
/// which costs several milliseconds on charts like kube-prometheus-stack. Processes that render
/// many charts must not call it.
pub fn one_shot_process() {
    ONE_SHOT.store(true, Ordering::Relaxed);
}

/// Drops `x`, or leaves it allocated in a one-shot process (see [`one_shot_process`]).
pub(crate) fn release<T>(x: T) {
    if ONE_SHOT.load(Ordering::Relaxed) {
        std::mem::forget(x);
    } else {
        drop(x);
    }
}
pub use engine::{render, ReleaseOptions, RenderOptions};
