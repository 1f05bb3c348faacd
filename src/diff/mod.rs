//! `krender diff BASE HEAD`: what a change does to the rendered manifests of every app.
//!
//! 1. Both sides become directories ([`git`]: a revision is read from the object store into a
//!    temporary directory; a directory is used as is) and the changed paths are listed.
//! 2. Every app of HEAD is built with the paths it looks at logged (files read, kustomization
//!    names probed, chart directories, the Argo CD / Flux manifest declaring it). An app none of
//!    whose logged paths changed renders the same at BASE — a build is a function of what it
//!    reads, and it reads the same paths when what it read is the same — so only the others
//!    (and apps new or gone) are printed, and built at BASE.
//! 3. Their resources are compared by group/kind/namespace/name ([`resource`]) and reported as a
//!    unified diff ([`unified`]), markdown for a PR comment ([`markdown`]) or JSON ([`json`]).

pub mod git;
pub mod json;
pub mod markdown;
pub mod redact;
pub mod resource;
pub mod unified;

use crate::monorepo::cache::RunCache;
use crate::monorepo::discover::{self, App, Source};
use crate::monorepo::pool;
use crate::monorepo::render::{build_app, Doc};
use resource::{Filters, ResourceDiff};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppStatus {
    Added,
    Removed,
    Changed,
    /// HEAD fails to render (an error of the change).
    Failed,
    /// BASE failed to render, HEAD renders (every resource shows as added).
    BaseFailed,
}

impl AppStatus {
    pub fn name(self) -> &'static str {
        match self {
            AppStatus::Added => "added",
            AppStatus::Removed => "removed",
            AppStatus::Changed => "changed",
            AppStatus::Failed => "failed",
            AppStatus::BaseFailed => "base-failed",
        }
    }
}

/// One app that differs or fails.
pub struct AppDiff {
    pub id: String,
    pub status: AppStatus,
    pub resources: Vec<ResourceDiff>,
    pub error: Option<String>,
}

impl AppDiff {
    pub fn count(&self, c: resource::Change) -> usize {
        self.resources.iter().filter(|r| r.change == c).count()
    }
}

/// The whole comparison.
pub struct Report {
    pub base: String,
    pub head: String,
    /// Apps that differ or fail, by id.
    pub apps: Vec<AppDiff>,
    /// Paths that differ between the sides.
    pub changed_paths: usize,
    /// Apps at HEAD, and how many of them the change could affect.
    pub apps_total: usize,
    pub apps_affected: usize,
    pub millis: f64,
}

impl Report {
    pub fn differs(&self) -> bool {
        self.apps.iter().any(|a| a.status != AppStatus::Failed)
    }

    pub fn failed(&self) -> bool {
        self.apps.iter().any(|a| a.status == AppStatus::Failed)
    }
}

/// How to compare.
pub struct Options {
    pub jobs: usize,
    pub filters: Filters,
}

/// A side's build of one app: its documents, or why it failed.
type Side = Result<Vec<Doc>, String>;

/// Compares the apps of two trees.
pub fn diff(base: &git::Tree, head: &git::Tree, opts: &Options) -> Report {
    let start = Instant::now();
    let changed = git::changed_paths(base, head);
    let mut report = Report {
        base: base.label.clone(),
        head: head.label.clone(),
        apps: Vec::new(),
        changed_paths: changed.len(),
        apps_total: 0,
        apps_affected: 0,
        millis: 0.0,
    };
    if changed.is_empty() {
        report.millis = start.elapsed().as_secs_f64() * 1000.0;
        return report;
    }
    let changed_abs: Vec<std::path::PathBuf> = changed.iter().map(|p| head.root.join(p)).collect();
    // Apps krender does not render yet (plain directories) are left out on both sides.
    let renderable = |(apps, _): (Vec<App>, _)| -> Vec<App> { apps.into_iter().filter(|a| !matches!(a.source, Source::Unsupported(_))).collect() };
    let head_apps = renderable(discover::discover(&head.root));
    let base_apps = renderable(discover::discover(&base.root));
    let base_by_id: BTreeMap<&str, &App> = base_apps.iter().map(|a| (a.id.as_str(), a)).collect();
    let head_ids: BTreeSet<&str> = head_apps.iter().map(|a| a.id.as_str()).collect();
    report.apps_total = head_apps.len();

    // HEAD: every app built with its reads logged; only the affected ones printed.
    let cache = RunCache::new();
    let head_results = pool::map(
        &head_apps,
        opts.jobs,
        |app| -> Option<Side> {
            let is_new = !base_by_id.contains_key(app.id.as_str()) || base_by_id[app.id.as_str()] != app;
            let (outcome, reads) = match build_app(&head.root, app, &cache, true) {
                Ok(o) => {
                    let reads = o.reads.clone().unwrap_or_default();
                    (Ok(o), reads)
                }
                Err((e, reads)) => (Err(e), reads.unwrap_or_default()),
            };
            let affected = is_new || changed_abs.iter().any(|p| reads.touches(p));
            if !affected {
                return None;
            }
            Some(outcome.and_then(|o| o.built.docs()))
        },
        |_, _| {},
    );
    let mut affected: Vec<(String, Option<Side>)> = Vec::new();
    for (app, r) in head_apps.iter().zip(head_results) {
        match r {
            Ok(None) => {}
            Ok(Some(side)) => affected.push((app.id.clone(), Some(side))),
            Err(e) => affected.push((app.id.clone(), Some(Err(e)))),
        }
    }
    for a in &base_apps {
        if !head_ids.contains(a.id.as_str()) {
            affected.push((a.id.clone(), None));
        }
    }
    affected.sort_by(|a, b| a.0.cmp(&b.0));
    report.apps_affected = affected.len();

    // BASE: the affected apps that exist there.
    let base_cache = RunCache::new();
    let wanted: Vec<&App> = affected.iter().filter_map(|(id, _)| base_by_id.get(id.as_str()).copied()).collect();
    let base_results = pool::map(
        &wanted,
        opts.jobs,
        |app| -> Side { build_app(&base.root, app, &base_cache, false).map_err(|(e, _)| e).and_then(|o| o.built.docs()) },
        |_, _| {},
    );
    let mut base_side: BTreeMap<String, Side> = BTreeMap::new();
    for (app, r) in wanted.iter().zip(base_results) {
        base_side.insert(app.id.clone(), r.and_then(|s| s));
    }

    for (id, head_side) in affected {
        let base_docs = base_side.remove(&id);
        let entry = match (base_docs, head_side) {
            (_, Some(Err(e))) => Some(AppDiff { id, status: AppStatus::Failed, resources: Vec::new(), error: Some(e) }),
            (None, Some(Ok(h))) => app_diff(id, AppStatus::Added, &[], &h, &opts.filters, None),
            (Some(Ok(b)), None) => app_diff(id, AppStatus::Removed, &b, &[], &opts.filters, None),
            (Some(Err(e)), None) => Some(AppDiff { id, status: AppStatus::Removed, resources: Vec::new(), error: Some(e) }),
            (Some(Ok(b)), Some(Ok(h))) => app_diff(id, AppStatus::Changed, &b, &h, &opts.filters, None),
            (Some(Err(e)), Some(Ok(h))) => app_diff(id, AppStatus::BaseFailed, &[], &h, &opts.filters, Some(e)),
            (None, None) => None,
        };
        report.apps.extend(entry);
    }
    report.millis = start.elapsed().as_secs_f64() * 1000.0;
    report
}

fn app_diff(id: String, status: AppStatus, base: &[Doc], head: &[Doc], f: &Filters, error: Option<String>) -> Option<AppDiff> {
    let resources = resource::compare(base, head, f);
    if resources.is_empty() && status != AppStatus::BaseFailed {
        return None;
    }
    Some(AppDiff { id, status, resources, error })
}
