//! `render-all`: every app of a repository built in parallel with shared caches, each app's
//! failure kept to itself.

use super::cache::RunCache;
use super::discover::{self, App, Note, Source};
use super::pool;
use crate::kustomize::shared::Reads;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// How to run.
#[derive(Clone, Debug)]
pub struct Options {
    /// Threads building apps (at least 1).
    pub jobs: usize,
    /// Print `[done/total] app` on stderr as apps finish (for a terminal).
    pub progress: bool,
    /// Log the paths each app reads.
    pub track: bool,
    /// Argo CD's `kustomize.buildOptions`, added to every kustomize build.
    pub kustomize_build_options: String,
}

impl Default for Options {
    fn default() -> Options {
        Options { jobs: default_jobs(), progress: false, track: false, kustomize_build_options: String::new() }
    }
}

/// The number of CPUs.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Ok,
    Failed,
    /// Not a kind of app krender renders yet.
    Skipped,
}

/// One app's result.
pub struct AppReport {
    pub app: App,
    pub status: Status,
    /// Milliseconds spent building and printing it.
    pub millis: f64,
    pub resources: usize,
    /// The output stream (when it succeeded).
    pub output: Option<String>,
    pub error: Option<String>,
    pub warnings: Vec<String>,
    pub reads: Option<Reads>,
}

/// A whole run.
pub struct Report {
    pub root: PathBuf,
    pub apps: Vec<AppReport>,
    pub notes: Vec<Note>,
    pub millis: f64,
    pub jobs: usize,
    /// Parses saved by the shared file cache.
    pub cache_hits: usize,
    /// Base builds saved by the shared base cache.
    pub base_hits: usize,
}

impl Report {
    pub fn failed(&self) -> usize {
        self.apps.iter().filter(|a| a.status == Status::Failed).count()
    }
}

pub fn source_name(s: &Source) -> &'static str {
    match s {
        Source::Kustomize => "kustomize",
        Source::Chart(_) => "chart",
        Source::Argo(a) => match a.kind {
            "Helm" => "chart",
            "Kustomize" => "kustomize",
            "Plugin" => "plugin",
            _ => "directory",
        },
        Source::Flux(_) => "flux",
        Source::Unsupported(_) => "unsupported",
    }
}

/// Builds and prints one app.
fn one(root: &Path, app: &App, cache: &RunCache, track: bool) -> AppReport {
    let start = Instant::now();
    let result = super::render::build_app(root, app, cache, track).map_err(|(e, _)| e).and_then(|o| {
        let text = o.built.stream()?;
        Ok((text, o.built.len(), o.warnings, o.reads))
    });
    let millis = start.elapsed().as_secs_f64() * 1000.0;
    match result {
        Ok((text, n, warnings, reads)) => {
            AppReport { app: app.clone(), status: Status::Ok, millis, resources: n, output: Some(text), error: None, warnings, reads }
        }
        Err(e) => {
            let status = if matches!(app.source, Source::Unsupported(_)) { Status::Skipped } else { Status::Failed };
            AppReport { app: app.clone(), status, millis, resources: 0, output: None, error: Some(e), warnings: Vec::new(), reads: None }
        }
    }
}

/// Discovers and renders the apps under `root`.
pub fn render_all(root: &Path, opts: &Options) -> Report {
    let start = Instant::now();
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let (apps, notes) = discover::discover(&root);
    let mut report = render_apps(&root, apps, opts);
    report.notes = notes;
    report.millis = start.elapsed().as_secs_f64() * 1000.0;
    report
}

/// Renders the given apps of the repository at `root` (canonical).
pub fn render_apps(root: &Path, apps: Vec<App>, opts: &Options) -> Report {
    let start = Instant::now();
    let cache = RunCache { kustomize_build_options: opts.kustomize_build_options.clone(), ..RunCache::new() };
    let total = apps.len();
    let progress = |done: usize, app: &App| {
        if opts.progress {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K[{done}/{total}] {}", app.id);
            if done == total {
                let _ = write!(err, "\r\x1b[K");
            }
            let _ = err.flush();
        }
    };
    let results = pool::map(&apps, opts.jobs, |app| one(root, app, &cache, opts.track), progress);
    let reports = results
        .into_iter()
        .zip(apps)
        .map(|(r, app)| {
            r.unwrap_or_else(|e| AppReport { app, status: Status::Failed, millis: 0.0, resources: 0, output: None, error: Some(e), warnings: Vec::new(), reads: None })
        })
        .collect();
    Report {
        root: root.to_path_buf(),
        apps: reports,
        notes: Vec::new(),
        millis: start.elapsed().as_secs_f64() * 1000.0,
        jobs: opts.jobs,
        cache_hits: cache.files.hits(),
        base_hits: cache.bases.hits(),
    }
}

/// The file an app's output goes to under an output directory: `<id>.yaml` (`_root` for `.`).
pub fn output_file(id: &str) -> PathBuf {
    let id = if id == "." { "_root" } else { id };
    PathBuf::from(format!("{id}.yaml"))
}

/// All outputs as one stream: each app's documents after a `# krender-app: <id>` comment.
pub fn one_stream(report: &Report) -> String {
    let mut out = String::new();
    for a in &report.apps {
        if let Some(text) = &a.output {
            out.push_str("---\n# krender-app: ");
            out.push_str(&a.app.id);
            out.push('\n');
            out.push_str(text.strip_prefix("---\n").unwrap_or(text));
        }
    }
    out
}
