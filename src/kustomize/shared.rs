//! State shared by many builds of one run (`krender render-all`, `krender diff`): files parsed
//! once, keyed by canonical path, whatever kustomization reads them; and a log of the paths each
//! build looked at, so a later run knows which apps a changed file can affect.
//!
//! A cache is only valid for one snapshot of the files: a run makes one and drops it.

use crate::yaml::Node;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

/// Parsed resource files (the documents of each file, as `objects_from_bytes` returns them),
/// shared by every build of a run. Thread-safe; reads take a shared lock only.
#[derive(Debug, Default)]
pub struct FileCache {
    parsed: RwLock<HashMap<PathBuf, Arc<Vec<Node>>>>,
    hits: std::sync::atomic::AtomicUsize,
}

impl FileCache {
    pub fn new() -> FileCache {
        FileCache::default()
    }

    /// The parsed documents of `path`, if some build parsed it already.
    pub fn get(&self, path: &Path) -> Option<Arc<Vec<Node>>> {
        let found = self.parsed.read().ok()?.get(path).cloned();
        if found.is_some() {
            self.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        found
    }

    pub fn insert(&self, path: PathBuf, docs: Arc<Vec<Node>>) {
        if let Ok(mut m) = self.parsed.write() {
            m.entry(path).or_insert(docs);
        }
    }

    /// How many parses were saved.
    pub fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn len(&self) -> usize {
        self.parsed.read().map(|m| m.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Kustomizations built as bases (`resources:` directories), reused by every overlay of the run
/// that names the same directory in the same conditions (see `Target::accumulate_directory`).
#[derive(Debug, Default)]
pub struct BaseCache {
    built: RwLock<HashMap<(PathBuf, super::loader::LoadRestrictor), Arc<BuiltBase>>>,
    hits: std::sync::atomic::AtomicUsize,
}

/// A base's build: its accumulator, the warnings printed while building it, the kustomization
/// roots it loaded (for cycle checks), and the schema flag before and after.
#[derive(Debug)]
pub struct BuiltBase {
    pub accumulator: super::accumulator::Accumulator,
    /// The paths its build looked at (when the build that made it logged them).
    pub reads: Option<Reads>,
    pub warnings: Vec<String>,
    pub roots: Vec<PathBuf>,
    pub flag_before: u8,
    pub flag_after: u8,
}

impl BaseCache {
    pub fn new() -> BaseCache {
        BaseCache::default()
    }

    pub fn get(&self, root: &Path, restrictor: super::loader::LoadRestrictor) -> Option<Arc<BuiltBase>> {
        self.built.read().ok()?.get(&(root.to_path_buf(), restrictor)).cloned()
    }

    pub fn insert(&self, root: PathBuf, restrictor: super::loader::LoadRestrictor, base: BuiltBase) {
        if let Ok(mut m) = self.built.write() {
            m.entry((root, restrictor)).or_insert_with(|| Arc::new(base));
        }
    }

    pub fn hit(&self) {
        self.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// How many base builds were saved.
    pub fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// The paths one build looked at: files read, files whose existence was tested (present or not),
/// and directories read whole (a chart). Absolute paths.
#[derive(Debug, Default)]
pub struct ReadLog {
    inner: Mutex<Reads>,
}

#[derive(Debug, Default, Clone)]
pub struct Reads {
    pub files: BTreeSet<PathBuf>,
    pub trees: BTreeSet<PathBuf>,
}

impl ReadLog {
    pub fn new() -> ReadLog {
        ReadLog::default()
    }

    /// A file read, or a path probed.
    pub fn file(&self, path: &Path) {
        if let Ok(mut r) = self.inner.lock() {
            if !r.files.contains(path) {
                r.files.insert(path.to_path_buf());
            }
        }
    }

    /// A directory whose every file matters.
    pub fn tree(&self, path: &Path) {
        if let Ok(mut r) = self.inner.lock() {
            r.trees.insert(path.to_path_buf());
        }
    }

    /// Adds paths logged elsewhere (a reused base's).
    pub fn add(&self, reads: &Reads) {
        if let Ok(mut r) = self.inner.lock() {
            r.files.extend(reads.files.iter().cloned());
            r.trees.extend(reads.trees.iter().cloned());
        }
    }

    pub fn snapshot(&self) -> Reads {
        self.inner.lock().map(|r| r.clone()).unwrap_or_default()
    }

    pub fn take(&self) -> Reads {
        self.inner.lock().map(|mut r| std::mem::take(&mut *r)).unwrap_or_default()
    }
}

impl Reads {
    /// True when a change of `path` may change what was read.
    pub fn touches(&self, path: &Path) -> bool {
        self.files.contains(path) || self.trees.iter().any(|t| path.starts_with(t))
    }
}
