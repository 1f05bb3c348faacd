//! What the builds of one run share: parsed files (every kustomization reading a base's files
//! gets the same parse), and built bases.
//! Keyed by canonical path; valid for one snapshot of the files, so a run makes its own.

use crate::kustomize::shared::{BaseCache, FileCache};
use std::sync::Arc;

#[derive(Default)]
pub struct RunCache {
    pub files: Arc<FileCache>,
    /// Bases built once for every overlay using them (builds that log their reads do not use it).
    pub bases: Arc<BaseCache>,
    /// Argo CD's `kustomize.buildOptions` (e.g. `--enable-helm`): flags of every kustomize
    /// build of the run, Argo CD sources or plain kustomization roots.
    pub kustomize_build_options: String,
    /// The repository's out-of-bounds symlink check (Argo CD runs it per app; the repository is
    /// the same for every app of a run).
    pub symlinks: Arc<crate::source::render::SymlinkCheck>,
}

impl RunCache {
    pub fn new() -> RunCache {
        RunCache::default()
    }

}
