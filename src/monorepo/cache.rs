//! What the builds of one run share: parsed files (every kustomization reading a base's files
//! gets the same parse), built bases, and loaded charts (several Argo CD apps of one chart load it once).
//! Keyed by canonical path; valid for one snapshot of the files, so a run makes its own.

use crate::helm::Chart;
use crate::kustomize::shared::{BaseCache, FileCache};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct RunCache {
    pub files: Arc<FileCache>,
    /// Bases built once for every overlay using them (builds that log their reads do not use it).
    pub bases: Arc<BaseCache>,
    charts: Mutex<HashMap<PathBuf, Arc<Result<Chart, String>>>>,
}

impl RunCache {
    pub fn new() -> RunCache {
        RunCache::default()
    }

    /// The chart in `dir` (canonical), loaded once per run.
    pub fn chart(&self, dir: &Path) -> Arc<Result<Chart, String>> {
        let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if let Some(c) = self.charts.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return c;
        }
        // Loaded outside the lock: two threads may both load a chart the first time, which is
        // harmless (the first one stored wins).
        let loaded = Arc::new(Chart::load_dir(&key));
        match self.charts.lock() {
            Ok(mut m) => m.entry(key).or_insert(loaded).clone(),
            Err(_) => loaded,
        }
    }
}
