//! One source rendered as the repo-server's `GenerateManifests` renders it: overrides merged,
//! the type decided, the tool run (Helm, Kustomize, Directory), lists flattened, tracking set.

use super::app::{AppSource, SourceType};
use super::env::{Env, EnvInputs};
use crate::argocd::tracking::{self, Tracking};
use crate::yaml::Value;
use std::path::{Path, PathBuf};

/// A `ManifestRequest`, as far as rendering from a checkout needs it.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// The repository checkout (the root every path must stay in).
    pub repo_root: PathBuf,
    pub source: AppSource,
    pub app_name: String,
    /// The destination namespace.
    pub namespace: String,
    pub project: String,
    /// The resolved revision (`ARGOCD_APP_REVISION`).
    pub revision: String,
    pub kube_version: String,
    pub api_versions: Vec<String>,
    /// Tracking to inject (`None`: objects as the tool printed them).
    pub tracking: Option<Tracking>,
    /// `$name` → checkout directory of the other sources of a multi-source application.
    pub ref_sources: Vec<(String, PathBuf)>,
    pub multi_source: bool,
    /// `kustomize.buildOptions` of `argocd-cm` (e.g. `--enable-helm`): flags added to every
    /// `kustomize build`.
    pub kustomize_build_options: String,
    /// Caches and read log shared with the other builds of a run (`render-all`, `diff`).
    pub shared: Shared,
}

/// What a run of many sources shares: parsed files, built bases, and where to log the paths a
/// build reads.
#[derive(Clone, Debug, Default)]
pub struct Shared {
    pub files: Option<std::sync::Arc<crate::kustomize::shared::FileCache>>,
    pub bases: Option<std::sync::Arc<crate::kustomize::shared::BaseCache>>,
    pub reads: Option<std::sync::Arc<crate::kustomize::shared::ReadLog>>,
    /// The repository's out-of-bounds symlink check, done once for every app of a run.
    pub symlinks: Option<std::sync::Arc<SymlinkCheck>>,
}

/// The result of `CheckOutOfBoundsSymlinks` over one repository, computed on first use.
pub type SymlinkCheck = std::sync::OnceLock<Result<Option<String>, String>>;

/// A source's output as its tool left it, before Argo CD's post-processing.
pub enum Raw {
    /// `helm template`'s text.
    Helm(String),
    /// `kustomize build`'s resources.
    Kustomize(crate::resource::ResMap),
    /// Directory (and Jsonnet) objects.
    Objects(Vec<Value>),
}

/// The result (`ManifestResponse` before encoding).
#[derive(Clone, Debug, Default)]
pub struct Response {
    pub manifests: Vec<Value>,
    pub source_type: String,
    pub commands: Vec<String>,
    pub revision: String,
    /// Messages the repo-server would log (skipped files).
    pub warnings: Vec<String>,
}

impl Request {
    pub fn app_dir(&self) -> PathBuf {
        let p = self.source.path.trim_start_matches('/');
        super::paths::clean(&self.repo_root.join(if p.is_empty() { "." } else { p }))
    }

    /// `newEnv`.
    pub fn env(&self) -> Env {
        Env::build(&EnvInputs {
            app_name: self.app_name.clone(),
            app_namespace: self.namespace.clone(),
            project: self.project.clone(),
            revision: self.revision.clone(),
            repo_url: self.source.repo_url.clone(),
            source_path: self.source.path.clone(),
            target_revision: self.source.target_revision.clone(),
        })
    }
}

/// `GenerateManifests` up to the tool's output: overrides merged, type detected, tool run. The
/// response carries the type, revision, commands and warnings; no manifests yet.
pub fn generate_raw(req: &Request) -> Result<(Response, Raw), String> {
    let app_dir = req.app_dir();
    if !app_dir.is_dir() {
        return Err(format!("{}: app path does not exist", req.source.path));
    }
    let root = super::paths::abs(&req.repo_root);
    if !super::paths::abs(&app_dir).starts_with(&root) {
        return Err(format!("{}: app path is outside the repository", req.source.path));
    }
    let check = || super::paths::out_of_bounds_symlink(&root);
    let found = match &req.shared.symlinks {
        Some(memo) => memo.get_or_init(check).clone(),
        None => check(),
    };
    if let Some(file) = found? {
        return Err(format!("repository contains out-of-bounds symlinks. file: {file}"));
    }
    let env = req.env();
    let source = super::overrides::merge_source_parameters(&req.source, &app_dir, &req.app_name)
        .map_err(|e| format!("error getting app source type: error while parsing source parameters: {e}"))?;
    let source_type = super::detect::source_type(&source, &app_dir).map_err(|e| format!("error getting app source type: {e}"))?;
    let mut resp = Response { source_type: source_type.as_str().to_string(), revision: req.revision.clone(), ..Default::default() };
    let req = Request { source, ..req.clone() };
    let raw = match source_type {
        SourceType::Helm => Raw::Helm(super::helm_source::template_text(&req, &app_dir, &env, &mut resp.commands)?),
        SourceType::Kustomize => Raw::Kustomize(super::kustomize_source::build(&req, &app_dir, &env, &mut resp.commands)?),
        SourceType::Directory => {
            let opts = req.source.directory.clone().unwrap_or_default();
            Raw::Objects(super::directory::find_manifests(&app_dir, &root, &opts, &env, &mut resp.warnings)?)
        }
        SourceType::Plugin => {
            return Err(format!(
                "CMP processing failed for application {:?}: config management plugins run in Argo CD's sidecars; run `krender generate` as the plugin instead",
                req.app_name
            ))
        }
    };
    Ok((resp, raw))
}

/// `GenerateManifests`.
pub fn generate(req: &Request) -> Result<Response, String> {
    let (mut resp, raw) = generate_raw(req)?;
    let objects = match raw {
        Raw::Helm(text) => split_yaml(&text)?,
        Raw::Kustomize(m) => split_yaml(&crate::kustomize::emit(&m).map_err(|e| e.to_string())?)?,
        Raw::Objects(o) => o,
    };
    let mut manifests = super::decode::flatten(objects)?;
    if let Some(t) = &req.tracking {
        tracking::apply(&mut manifests, t)?;
    }
    resp.manifests = manifests;
    Ok(resp)
}

/// The objects of a rendered YAML stream (`kube.SplitYAML`).
pub fn split_yaml(text: &str) -> Result<Vec<Value>, String> {
    let split = super::decode::split_yaml_or_json(text.as_bytes());
    match split.error {
        Some(e) => Err(e),
        None => Ok(split.objects),
    }
}

/// A path relative to the repository root, for `commands` (Argo CD replaces the root by `.`).
pub fn redact(s: &str, repo_root: &Path) -> String {
    let root = repo_root.to_string_lossy();
    if root.is_empty() {
        return s.to_string();
    }
    s.replace(root.as_ref(), ".")
}
