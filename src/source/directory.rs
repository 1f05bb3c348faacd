//! Directory sources as the repo-server reads them (`findManifests`,
//! `getPotentiallyValidManifests`, `getObjsFromYAMLOrJSON`): the application directory walked in
//! lexical order (subdirectories only with `recurse`), only `.yaml`/`.yml`/`.json`/`.jsonnet`
//! files, `include`/`exclude` gobwas globs matched against the path relative to the application
//! directory (no separator: `*` crosses `/`), files holding `+argocd:skip-file-rendering`
//! skipped, symlinks followed only inside the repository, and each file decoded: a `.json` file
//! holds exactly one object, a YAML file a stream, a `.jsonnet` file is evaluated.

use super::app::DirectoryOptions;
use super::decode::{split_yaml_or_json, unstructured, utf8_text};
use super::env::Env;
use super::gojson;
use crate::helm::glob::Glob;
use crate::yaml::Value;
use std::path::{Path, PathBuf};

const SKIP_MARKER: &[u8] = b"+argocd:skip-file-rendering";

/// Argo CD's `glob.Match(pattern, text)`: gobwas globs compiled without separators, so `*` and
/// `?` also match `/`. [`Glob`] treats `/` as the separator; the separator is moved out of the
/// way (to a private-use character) in both the pattern and the text. An invalid pattern
/// matches nothing, as Argo CD logs and answers false.
pub fn argo_glob_match(pattern: &str, text: &str) -> bool {
    const SEP: char = '\u{F8FF}';
    let p: String = pattern.chars().map(|c| if c == '/' { SEP } else { c }).collect();
    let t: String = text.chars().map(|c| if c == '/' { SEP } else { c }).collect();
    Glob::compile(&p).map(|g| g.matches(&t)).unwrap_or(false)
}

fn is_manifest_name(name: &str) -> bool {
    // `^.*\.(yaml|yml|json|jsonnet)$` (`.` stops at a line break).
    !name.contains('\n') && [".yaml", ".yml", ".json", ".jsonnet"].iter().any(|e| name.ends_with(e))
}

fn rel(path: &Path, base: &Path) -> String {
    path.strip_prefix(base).map(|p| p.to_string_lossy().into_owned()).unwrap_or_else(|_| path.to_string_lossy().into_owned())
}

/// `getPotentiallyValidManifests`: the files to read, in walk order.
pub fn candidate_files(app_dir: &Path, repo_root: &Path, opts: &DirectoryOptions, warnings: &mut Vec<String>) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    walk(app_dir, app_dir, repo_root, opts, warnings, &mut out)?;
    Ok(out)
}

fn walk(dir: &Path, app_dir: &Path, repo_root: &Path, opts: &DirectoryOptions, warnings: &mut Vec<String>, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut entries: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| format!("failed to get potentially valid manifests: lstat {}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    // filepath.Walk visits names in byte order.
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    for (name, path) in entries {
        let meta = std::fs::symlink_metadata(&path).map_err(|e| format!("failed to get potentially valid manifests: lstat {}: {e}", path.display()))?;
        if meta.is_dir() {
            if opts.recurse {
                walk(&path, app_dir, repo_root, opts, warnings, out)?;
            }
            continue;
        }
        if let Some(p) = potentially_valid(&path, &name, &meta, app_dir, repo_root, opts, warnings)
            .map_err(|e| format!("failed to get potentially valid manifests: invalid manifest file {:?}: {e}", path.display().to_string()))?
        {
            out.push(p);
        }
    }
    Ok(())
}

/// `getPotentiallyValidManifestFile`.
fn potentially_valid(
    path: &Path,
    name: &str,
    meta: &std::fs::Metadata,
    app_dir: &Path,
    repo_root: &Path,
    opts: &DirectoryOptions,
    warnings: &mut Vec<String>,
) -> Result<Option<PathBuf>, String> {
    let rel_path = rel(path, app_dir);
    if !is_manifest_name(name) {
        return Ok(None);
    }
    let mut rel_real = rel_path.clone();
    let mut is_regular = meta.is_file();
    if meta.file_type().is_symlink() {
        let real = match std::fs::canonicalize(path) {
            Ok(r) => r,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                warnings.push(format!("skipping manifest file {:?}: destination of symlink {rel_path:?} is missing", path.display().to_string()));
                return Ok(None);
            }
            Err(e) => return Err(format!("failed to evaluate symlink at {rel_path:?}: {e}")),
        };
        let root = std::fs::canonicalize(repo_root).unwrap_or_else(|_| repo_root.to_path_buf());
        if !super::paths::inbound(&real, &root) {
            return Err(format!("illegal filepath in symlink at {rel_path:?}"));
        }
        is_regular = std::fs::metadata(&real).map(|m| m.is_file()).unwrap_or(false);
        rel_real = rel(&real, &root);
    }
    if !is_regular {
        warnings.push(format!("skipping manifest file {:?}: ignoring symlink at {rel_path:?} to non-regular file {rel_real:?}", path.display().to_string()));
        return Ok(None);
    }
    if !opts.exclude.is_empty() && argo_glob_match(&opts.exclude, &rel_path) {
        return Ok(None);
    }
    if !opts.include.is_empty() && !argo_glob_match(&opts.include, &rel_path) {
        return Ok(None);
    }
    let data = std::fs::read(path).map_err(|e| format!("failed to read {rel_path:?}: {e}"))?;
    if utf8_text(&data).windows(SKIP_MARKER.len()).any(|w| w == SKIP_MARKER) {
        return Ok(None);
    }
    Ok(Some(path.to_path_buf()))
}

/// `findManifests`: every object of the directory source, in file order.
pub fn find_manifests(app_dir: &Path, repo_root: &Path, opts: &DirectoryOptions, env: &Env, warnings: &mut Vec<String>) -> Result<Vec<Value>, String> {
    let files = candidate_files(app_dir, repo_root, opts, warnings)?;
    let mut objs = Vec::new();
    for path in files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.ends_with(".jsonnet") {
            let v = super::jsonnet::evaluate_file(&path, app_dir, repo_root, &opts.jsonnet, env)
                .map_err(|e| format!("Failed to evaluate jsonnet {name:?}: {e}"))?;
            objs.extend(jsonnet_objects(v).map_err(|e| format!("Failed to unmarshal generated json {name:?}: {e}"))?);
        } else {
            objects_from_file(&path, &name, &mut objs)?;
        }
    }
    Ok(objs)
}

/// The value of a jsonnet file: an array of objects (`null` members dropped) or one object.
fn jsonnet_objects(v: Value) -> Result<Vec<Value>, String> {
    let json = |v: &Value| crate::yaml::json::to_json(v).unwrap_or_default();
    if let Value::Seq(items) = &v {
        let mut out = Vec::new();
        let mut ok = true;
        for item in items {
            if *item == Value::Null {
                continue;
            }
            match unstructured(item.clone(), &|| json(item)) {
                Ok(o) => out.push(o),
                Err(_) => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            return Ok(out);
        }
    }
    let text = json(&v);
    Ok(vec![unstructured(v, &|| text.clone())?])
}

/// `getObjsFromYAMLOrJSON`.
fn objects_from_file(path: &Path, name: &str, objs: &mut Vec<Value>) -> Result<(), String> {
    let raw = std::fs::read(path).map_err(|_| format!("Failed to open {:?}", path.display().to_string()))?;
    let data = utf8_text(&raw);
    if name.ends_with(".json") {
        let mut d = gojson::Decoder::new(&data);
        let obj = match d.decode() {
            None => return Err(format!("Failed to unmarshal {name:?}: EOF")),
            Some(Err(e)) => return Err(format!("Failed to unmarshal {name:?}: {}", e.0)),
            Some(Ok((v, range))) => {
                let raw = String::from_utf8_lossy(&data[range]).into_owned();
                unstructured(v, &|| raw.clone()).map_err(|e| format!("Failed to unmarshal {name:?}: {e}"))?
            }
        };
        if d.more() {
            return Err(format!("Found multiple objects in {name:?}. Only single objects are allowed in JSON files."));
        }
        objs.push(obj);
        return Ok(());
    }
    let split = split_yaml_or_json(&data);
    if let Some(err) = split.error {
        if !split.objects.is_empty() {
            return Err(format!("Failed to unmarshal {name:?}: {err}"));
        }
        let looks_like_manifest = [&b"apiVersion:"[..], b"kind:", b"metadata:"].iter().all(|k| data.windows(k.len()).any(|w| w == *k));
        if looks_like_manifest {
            return Err(format!("Failed to unmarshal {name:?}: {err}"));
        }
        // An unrelated YAML file: ignored.
    }
    objs.extend(split.objects);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argo_globs_have_no_separator() {
        assert!(argo_glob_match("*.yaml", "sub/dir/a.yaml"));
        assert!(argo_glob_match("{a.yaml,b/*}", "b/c/d.json"));
        assert!(!argo_glob_match("*.yml", "a.yaml"));
        assert!(argo_glob_match("sub/*", "sub/x.json"));
        assert!(!argo_glob_match("[", "x"));
    }

    #[test]
    fn manifest_extensions() {
        for (n, ok) in [("a.yaml", true), ("a.yml", true), ("a.json", true), ("a.jsonnet", true), ("a.libsonnet", false), ("a.yaml.bak", false), ("yaml", false), (".yaml", true)] {
            assert_eq!(is_manifest_name(n), ok, "{n}");
        }
    }
}
