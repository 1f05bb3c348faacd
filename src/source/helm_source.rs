//! A Helm source as `helmTemplate` prepares it: release name (`helm.releaseName`, else the
//! application name without its `namespace_` qualifier), namespace, kube version and API
//! versions, value files resolved inside the repository (`$ref/…` in the checkout of another
//! source; globs expanded; missing ones dropped with `ignoreMissingValueFiles`), inline
//! `values`/`valuesObject` as the last values file, parameters (`forceString` → `--set-string`)
//! and file parameters, values substituted with the build environment, `--include-crds` unless
//! `skipCrds`.

use super::env::Env;
use super::helm::HelmTemplate;
use super::render::Request;
use crate::yaml::Value;
use std::path::{Path, PathBuf};

/// `parseKubeVersion`: `k8sversion.ParseGeneric(v).String()`, the numeric components as
/// given (no `v`, none added, leading zeros dropped), anything after them left out.
pub fn parse_kube_version(version: &str) -> Result<String, String> {
    if version.is_empty() {
        return Ok(String::new());
    }
    let v = crate::helm::kubeversion::parse_kube_version(version).map_err(|e| format!("could not parse kubernetes version {version}: {e}"))?;
    Ok(v.normalized.trim_start_matches('v').to_string())
}

fn is_glob(p: &str) -> bool {
    p.contains(['*', '?', '['])
}

fn ref_source<'a>(raw: &str, req: &'a Request) -> Option<&'a Path> {
    if !raw.starts_with('$') {
        return None;
    }
    let name = raw.split('/').next().unwrap_or("");
    req.ref_sources.iter().find(|(n, _)| format!("${n}") == name || n == name).map(|(_, p)| p.as_path())
}

fn resolve_one(raw: &str, req: &Request, app_dir: &Path, env: &Env) -> Result<(PathBuf, PathBuf), String> {
    if let Some(repo) = ref_source(raw, req) {
        let mut parts: Vec<&str> = raw.split('/').collect();
        parts[0] = "";
        let sub = env.envsubst(&parts.join("/"));
        let p = super::paths::resolve_value_file(repo, repo, &sub).map_err(|e| format!("error resolving value file path: {e}"))?;
        return Ok((p, repo.to_path_buf()));
    }
    let p = super::paths::resolve_value_file(app_dir, &req.repo_root, &env.envsubst(raw))?;
    Ok((p, req.repo_root.clone()))
}

/// `getResolvedValueFiles`.
pub fn resolve_value_files(req: &Request, app_dir: &Path, env: &Env, raw_files: &[String], ignore_missing: bool) -> Result<Vec<PathBuf>, String> {
    let explicit: Vec<PathBuf> = raw_files
        .iter()
        .filter_map(|r| resolve_one(r, req, app_dir, env).ok())
        .map(|(p, _)| p)
        .filter(|p| !is_glob(&p.to_string_lossy()))
        .collect();
    let mut out: Vec<PathBuf> = Vec::new();
    let push = |p: PathBuf, out: &mut Vec<PathBuf>| {
        if !out.contains(&p) {
            out.push(p);
        }
    };
    for raw in raw_files {
        let (resolved, root) = resolve_one(raw, req, app_dir, env).map_err(|e| {
            if e.starts_with("error resolving value file path") {
                e
            } else {
                format!("error resolving value file path: {e}")
            }
        })?;
        let text = resolved.to_string_lossy().into_owned();
        if is_glob(&text) {
            let matches = super::doublestar::filepath_glob(&text).map_err(|e| format!("error expanding glob pattern {raw:?}: {e}"))?;
            if matches.is_empty() {
                if ignore_missing {
                    continue;
                }
                return Err(format!("values file glob {raw:?} matched no files"));
            }
            let canon_root = std::fs::canonicalize(&root).unwrap_or(root.clone());
            for m in &matches {
                let real = std::fs::canonicalize(m).map_err(|e| format!("glob pattern {raw:?}: error resolving symlink for glob match {m:?}: {e}"))?;
                if real != canon_root && !real.starts_with(&canon_root) {
                    return Err(format!("glob pattern {raw:?}: glob match {m:?} resolved to outside repository root"));
                }
            }
            for m in matches {
                let p = PathBuf::from(m);
                if !explicit.contains(&p) {
                    push(p, &mut out);
                }
            }
            continue;
        }
        if !resolved.exists() && ignore_missing {
            continue;
        }
        push(resolved, &mut out);
    }
    Ok(out)
}

/// The `helm template` run for a source, and the objects it printed.
pub fn render(req: &Request, app_dir: &Path, env: &Env, commands: &mut Vec<String>) -> Result<Vec<Value>, String> {
    super::render::split_yaml(&template_text(req, app_dir, env, commands)?)
}

/// The `helm template` run for a source: the text it printed.
pub fn template_text(req: &Request, app_dir: &Path, env: &Env, commands: &mut Vec<String>) -> Result<String, String> {
    let source = &req.source;
    let (app_name, _) = match req.app_name.split_once('_') {
        Some((_, name)) => (name.to_string(), ()),
        None => (req.app_name.clone(), ()),
    };
    let mut t = HelmTemplate {
        chart_dir: app_dir.to_path_buf(),
        name_template: app_name,
        namespace: source.namespace_or(&req.namespace),
        kube_version: parse_kube_version(&source.kube_version_or(&req.kube_version))?,
        api_versions: source.api_versions_or(&req.api_versions),
        include_crds: true,
        build_local_dependencies: true,
        ..Default::default()
    };
    let mut inline_values: Option<tempfile_path::TempFile> = None;
    if let Some(h) = &source.helm {
        if !h.release_name.is_empty() {
            t.name_template = h.release_name.clone();
        }
        if !h.namespace.is_empty() {
            t.namespace = h.namespace.clone();
        }
        t.values = resolve_value_files(req, app_dir, env, &h.value_files, h.ignore_missing_value_files).map_err(|e| format!("error resolving helm value files: {e}"))?;
        let yaml = h.values_yaml()?;
        if !yaml.is_empty() {
            let f = tempfile_path::TempFile::write(yaml.as_bytes()).map_err(|e| format!("error writing helm values file: {e}"))?;
            t.values.push(f.path.clone());
            inline_values = Some(f);
        }
        for p in &h.parameters {
            let list = if p.force_string { &mut t.set_string } else { &mut t.set };
            list.retain(|(k, _)| *k != p.name);
            list.push((p.name.clone(), env.envsubst(&p.value)));
        }
        for p in &h.file_parameters {
            let path = match ref_source(&p.path, req) {
                Some(_) => resolve_one(&p.path, req, app_dir, env).map_err(|e| format!("error resolving set-file path: {e}"))?.0,
                None => super::paths::resolve_value_file(app_dir, &req.repo_root, &env.envsubst(&p.path)).map_err(|e| format!("error resolving helm value file path: {e}"))?,
            };
            t.set_file.retain(|(k, _)| *k != p.name);
            t.set_file.push((p.name.clone(), path.to_string_lossy().into_owned()));
        }
        t.include_crds = !h.skip_crds;
        t.skip_schema_validation = h.skip_schema_validation;
        t.skip_tests = h.skip_tests;
    }
    if t.name_template.is_empty() {
        t.name_template = req.app_name.clone();
    }
    // `redactPaths`: checkout paths become `.`, the inline values file a placeholder.
    let mut command = t.command();
    command = super::render::redact(&command, &req.repo_root);
    for (_, dir) in &req.ref_sources {
        command = super::render::redact(&command, dir);
    }
    if let Some(f) = &inline_values {
        command = command.replace(&f.path.to_string_lossy().into_owned(), "<temp file with values from source.helm.values/valuesObject>");
    }
    commands.push(command);
    let out = super::helm::template(&t);
    drop(inline_values);
    out
}

/// A values file written for `values`/`valuesObject`, removed when dropped.
mod tempfile_path {
    use std::path::PathBuf;

    pub struct TempFile {
        pub path: PathBuf,
    }

    impl TempFile {
        pub fn write(data: &[u8]) -> std::io::Result<TempFile> {
            use std::sync::atomic::{AtomicUsize, Ordering};
            static N: AtomicUsize = AtomicUsize::new(0);
            let path = std::env::temp_dir().join(format!("krender-values-{}-{}.yaml", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
            std::fs::write(&path, data)?;
            Ok(TempFile { path })
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kube_versions_as_k8s_parses_them() {
        assert_eq!(parse_kube_version("1.29").unwrap(), "1.29");
        assert_eq!(parse_kube_version("v1.30.2").unwrap(), "1.30.2");
        assert_eq!(parse_kube_version("1.28.3-gke.100").unwrap(), "1.28.3");
        assert_eq!(parse_kube_version("v1.05.1.2+x").unwrap(), "1.5.1.2");
        assert_eq!(parse_kube_version("one").unwrap_err(), "could not parse kubernetes version one: could not parse \"one\" as version");
        assert_eq!(parse_kube_version("1").unwrap_err(), "could not parse kubernetes version 1: illegal version string \"1\"");
        assert_eq!(parse_kube_version("").unwrap(), "");
    }
}
