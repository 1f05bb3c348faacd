//! One kustomization being built: accumulate its resources (files, and other kustomizations
//! built recursively), then apply its own fields.

use super::kustomization::Kustomization;
use super::loader::Loader;
use super::KustomizeError;
use crate::resource::read::{objects_from_bytes, ReadError};
use crate::resource::{ResMap, Resource};
use std::sync::Arc;

/// Fields this version of krender applies. Any other field present is refused with a clear error
/// rather than silently ignored.
const SUPPORTED: &[&str] = &["apiVersion", "kind", "metadata", "resources", "bases", "sortOptions"];

/// Builds the kustomization at the loader's root into a resource map (before final sorting).
pub fn build_target(loader: &Loader, warnings: &mut Vec<String>) -> Result<(Kustomization, ResMap), KustomizeError> {
    let k = Kustomization::load(loader).map_err(|e| KustomizeError(e.0))?;
    warnings.extend(k.warnings.iter().cloned());
    if let Some(field) = k.present_fields().find(|f| !SUPPORTED.contains(f)) {
        return Err(KustomizeError(format!(
            "{}: the kustomization field '{field}' is not supported by this version of krender",
            k.file.display()
        )));
    }
    let mut resmap = ResMap::new();
    for path in k.resources().map_err(|e| KustomizeError(e.0))? {
        accumulate_resource(loader, &path, &mut resmap, warnings)
            .map_err(|e| KustomizeError(format!("accumulating resources: {}", e.0)))?;
    }
    Ok((k, resmap))
}

/// A `resources:` entry: a file of objects, else a directory holding a kustomization.
fn accumulate_resource(
    loader: &Loader,
    path: &str,
    resmap: &mut ResMap,
    warnings: &mut Vec<String>,
) -> Result<(), KustomizeError> {
    let file_err = match load_file(loader, path) {
        Ok(resources) => {
            return resmap
                .append_all(resources)
                .map_err(|e| KustomizeError(format!("merging resources from '{path}': {e}")));
        }
        Err(e) => e,
    };
    if file_err.malformed {
        // The file exists and is broken YAML: report that, not the directory attempt.
        return Err(KustomizeError(file_err.message));
    }
    let child = loader.child(path).map_err(|e| KustomizeError(format!("accumulation err='{}': {}", file_err.message, e.0)))?;
    let (_, sub) = build_target(&child, warnings)
        .map_err(|e| KustomizeError(format!("accumulation err='{}': couldn't make target for path '{}': {}", file_err.message, child.root().display(), e.0)))?;
    resmap
        .append_all(sub.into_resources())
        .map_err(|e| KustomizeError(format!("recursed merging from path '{}': {e}", child.root().display())))
}

struct FileError {
    message: String,
    malformed: bool,
}

fn load_file(loader: &Loader, path: &str) -> Result<Vec<Resource>, FileError> {
    let bytes = loader
        .load(path)
        .map_err(|e| FileError { message: format!("accumulating resources from '{path}': {}", e.0), malformed: false })?;
    let source: Arc<str> = loader.resolve_file(path).map(|p| p.display().to_string()).unwrap_or_else(|_| path.to_string()).into();
    let objects = objects_from_bytes(&bytes).map_err(|e| {
        let malformed = matches!(e, ReadError::Yaml(_) | ReadError::Separator(_));
        FileError { message: format!("accumulating resources from '{path}': {source}: {e}"), malformed }
    })?;
    Ok(objects.into_iter().map(|node| Resource::with_source(node, Some(source.clone()))).collect())
}
