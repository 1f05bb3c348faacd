//! Every file a kustomize build reads goes through a [`Loader`]: it knows the kustomization root it
//! serves and the load restrictor. With `LoadRestrictionsRootOnly` (the default) a file must lie in
//! or below the root of the kustomization that names it; other kustomizations (bases, components)
//! may live anywhere but may not contain a root already being built (a cycle). A kustomization
//! named by a git URL is cloned (`remote.rs`); files in a clone never escape its root.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// `--load-restrictor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum LoadRestrictor {
    #[default]
    RootOnly,
    None,
}

/// A file or directory that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LoadError(pub String);

/// Loads files relative to one kustomization root.
#[derive(Clone, Debug)]
pub struct Loader {
    root: PathBuf,
    restrictor: LoadRestrictor,
    /// Roots of the kustomizations that led here (for cycle detection).
    referrers: Arc<Vec<PathBuf>>,
    /// The clone this root lies in, if any (removed when the last loader using it is dropped).
    repo: Option<Arc<RemoteRoot>>,
    /// The URLs of the repositories that led here (for cycle detection).
    repos: Arc<Vec<String>>,
    /// Where every path looked at is logged, if anywhere.
    reads: Option<Arc<super::shared::ReadLog>>,
}

/// A cloned repository.
#[derive(Debug)]
pub struct RemoteRoot {
    pub spec: super::remote::RepoSpec,
    pub clone: super::remote::Clone,
}

/// True for `http://` and `https://` paths (kustomize fetches those files over HTTP).
pub fn is_remote_file(path: &str) -> bool {
    let lower = path.get(..8).unwrap_or(path).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// `filepath.Clean` of an absolute path: resolves `.` and `..` lexically.
pub fn clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The absolute, lexically cleaned form of `path`.
pub fn clean_abs(path: &Path) -> PathBuf {
    absolute(path)
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        clean(path)
    } else {
        clean(&std::env::current_dir().unwrap_or_default().join(path))
    }
}

fn has_prefix(path: &Path, root: &Path) -> bool {
    path.starts_with(root)
}

fn io_message(op: &str, path: &Path, e: &std::io::Error) -> String {
    let reason = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ if e.raw_os_error() == Some(21) => "is a directory".to_string(),
        _ => e.to_string(),
    };
    format!("{op} {}: {reason}", path.display())
}

impl Loader {
    /// A loader rooted at `dir` (the directory given to `build`).
    pub fn new(dir: &Path, restrictor: LoadRestrictor) -> Result<Loader, LoadError> {
        let text = dir.to_string_lossy();
        if !dir.exists() {
            if let Ok(spec) = super::remote::RepoSpec::parse(&text) {
                let top = Loader { root: PathBuf::new(), restrictor, referrers: Arc::new(Vec::new()), repo: None, repos: Arc::new(Vec::new()), reads: None };
                return top.remote_child(spec);
            }
        }
        let root = confirm_dir(&absolute(dir))?;
        Ok(Loader { root, restrictor, referrers: Arc::new(Vec::new()), repo: None, repos: Arc::new(Vec::new()), reads: None })
    }

    /// The same loader, logging every path it looks at in `reads`.
    pub fn with_reads(mut self, reads: Option<Arc<super::shared::ReadLog>>) -> Loader {
        self.reads = reads;
        self
    }

    /// Where this loader logs the paths it looks at.
    pub fn reads(&self) -> Option<&Arc<super::shared::ReadLog>> {
        self.reads.as_ref()
    }

    /// Logs a path looked at outside [`Loader::load`] (a probe, or a read served from a cache).
    pub fn note_read(&self, path: &Path) {
        if let Some(log) = &self.reads {
            log.file(path);
        }
    }

    /// The roots of the kustomizations that led here (not this one).
    pub fn referrers(&self) -> &[PathBuf] {
        &self.referrers
    }

    /// The repository this root was cloned from, if any.
    pub fn repo(&self) -> Option<&super::remote::RepoSpec> {
        self.repo.as_deref().map(|r| &r.spec)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn restrictor(&self) -> LoadRestrictor {
        self.restrictor
    }

    /// The absolute, restrictor-checked path of a file named relative to the root.
    pub fn resolve_file(&self, path: &str) -> Result<PathBuf, LoadError> {
        let joined = if Path::new(path).is_absolute() { clean(Path::new(path)) } else { clean(&self.root.join(path)) };
        if self.restrictor == LoadRestrictor::None {
            return Ok(joined);
        }
        // `CleanedAbs`: every symlink of the path resolved (the file's own too), then the
        // resolved file's directory must lie in the root. A path that does not resolve keeps
        // its directory resolved only (its read fails later with the usual message).
        let resolved = std::fs::canonicalize(&joined).unwrap_or_else(|_| joined.clone());
        let (dir, file) = if resolved.is_dir() {
            (resolved.clone(), None)
        } else {
            (resolved.parent().map(Path::to_path_buf).unwrap_or_default(), resolved.file_name().map(|f| f.to_owned()))
        };
        let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        let Some(file) = file else {
            return Err(LoadError(format!("'{}' must resolve to a file", joined.display())));
        };
        if !has_prefix(&dir, &self.root) {
            return Err(LoadError(format!(
                "security; file '{}' is not in or below '{}'",
                joined.display(),
                self.root.display()
            )));
        }
        Ok(dir.join(file))
    }

    /// Reads a file named relative to the root.
    pub fn load(&self, path: &str) -> Result<Vec<u8>, LoadError> {
        if is_remote_file(path) {
            return super::http::get(path);
        }
        let resolved = self.resolve_file(path)?;
        self.note_read(&resolved);
        std::fs::read(&resolved).map_err(|e| LoadError(io_message("open", &resolved, &e)))
    }

    /// A loader for another kustomization directory named relative to this root.
    pub fn child(&self, path: &str) -> Result<Loader, LoadError> {
        if path.is_empty() {
            return Err(LoadError("new root cannot be empty".into()));
        }
        if let Ok(spec) = super::remote::RepoSpec::parse(path) {
            return self.remote_child(spec);
        }
        if Path::new(path).is_absolute() {
            return Err(LoadError(format!("new root '{path}' cannot be absolute")));
        }
        self.note_read(&clean(&self.root.join(path)));
        let root = confirm_child_dir(&clean(&self.root.join(path))).map_err(|e| LoadError(format!("must build at directory: {e}")))?;
        for visited in std::iter::once(&self.root).chain(self.referrers.iter()) {
            if has_prefix(visited, &root) {
                return Err(LoadError(format!(
                    "cycle detected: candidate root '{}' contains visited root '{}'",
                    root.display(),
                    visited.display()
                )));
            }
        }
        if let Some(repo) = &self.repo {
            if !has_prefix(&root, &repo.clone.dir) {
                return Err(LoadError(format!(
                    "security; bases in kustomizations found in cloned git repos must be within the repo, but base '{}' is outside '{}'",
                    root.display(),
                    repo.clone.dir.display()
                )));
            }
        }
        let mut referrers = (*self.referrers).clone();
        referrers.push(self.root.clone());
        Ok(Loader { root, restrictor: self.restrictor, referrers: Arc::new(referrers), repo: self.repo.clone(), repos: self.repos.clone(), reads: self.reads.clone() })
    }

    /// A kustomization in a git repository: cloned, then loaded with files confined to it.
    fn remote_child(&self, spec: super::remote::RepoSpec) -> Result<Loader, LoadError> {
        if let Some(prev) = self.repos.iter().find(|r| r.starts_with(&spec.raw)) {
            return Err(LoadError(format!("cycle detected: URI '{}' referenced by previous URI '{prev}'", spec.raw)));
        }
        let clone = super::remote::clone(&spec).map_err(LoadError)?;
        let wanted = clean(&clone.dir.join(&spec.kust_root_path));
        if wanted.is_file() {
            return Err(LoadError(format!("'{}' refers to file '{}'; expecting directory", wanted.display(), spec.kust_root_path)));
        }
        let root = confirm_dir(&wanted)?;
        if !has_prefix(&root, &clone.dir) {
            return Err(LoadError(format!("\"{}\" refers to directory outside of repo \"{}\"", wanted.display(), clone.dir.display())));
        }
        let mut referrers = (*self.referrers).clone();
        if !self.root.as_os_str().is_empty() {
            referrers.push(self.root.clone());
        }
        let mut repos = (*self.repos).clone();
        repos.push(spec.raw.clone());
        Ok(Loader {
            root,
            restrictor: LoadRestrictor::RootOnly,
            referrers: Arc::new(referrers),
            repo: Some(Arc::new(RemoteRoot { spec, clone })),
            repos: Arc::new(repos),
            reads: self.reads.clone(),
        })
    }
}

/// `filesys.ConfirmDir` for a new root (`FileLoader.New`), with its messages: `not a valid
/// directory: …` when the path does not resolve, `'PATH': file is not directory` when it
/// resolves to a file (a resource symlink refused as a file lands here too).
fn confirm_child_dir(path: &Path) -> Result<PathBuf, LoadError> {
    let real = std::fs::canonicalize(path).map_err(|e| {
        LoadError(format!("not a valid directory: evalsymlink failure on '{}' : {}", path.display(), io_message("lstat", path, &e)))
    })?;
    if !real.is_dir() {
        return Err(LoadError(format!("'{}': file is not directory", path.display())));
    }
    Ok(real)
}

/// `filesys.ConfirmDir`: the symlink-free absolute path of an existing directory.
fn confirm_dir(path: &Path) -> Result<PathBuf, LoadError> {
    let real = std::fs::canonicalize(path).map_err(|e| {
        LoadError(format!("evalsymlink failure on '{}' : {}", path.display(), io_message("lstat", path, &e)))
    })?;
    if !real.is_dir() {
        return Err(LoadError(format!("'{}' is not a directory", path.display())));
    }
    Ok(real)
}
