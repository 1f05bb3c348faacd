//! Source type detection (`GetAppSourceType`, `discovery.Discover`): an explicit type wins (a
//! source with `helm:`, `kustomize:`, `directory:` or `plugin:` options, or a `chart:`);
//! otherwise the application directory is walked and a file directly in it decides: a name
//! ending in `Chart.yaml` makes it Helm, `kustomization.yaml`, `kustomization.yml` or
//! `Kustomization` Kustomize (the later file in walk order wins); else it is a Directory.

use super::app::{AppSource, SourceType};
use std::path::Path;

/// `kustomize.IsKustomization`.
pub fn is_kustomization(name: &str) -> bool {
    crate::kustomize::kustomization::FILE_NAMES.contains(&name)
}

/// The type the files of `app_dir` imply (`discovery.AppType`, without plugins).
pub fn discover(app_dir: &Path) -> Result<SourceType, String> {
    let mut names: Vec<String> = std::fs::read_dir(app_dir)
        .map_err(|e| format!("error getting app source type: lstat {}: {}", app_dir.display(), go_io_reason(&e)))?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().map(|t| !t.is_dir()).unwrap_or(false))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    let mut found = SourceType::Directory;
    for name in names {
        if name.ends_with("Chart.yaml") {
            found = SourceType::Helm;
        }
        if is_kustomization(&name) {
            found = SourceType::Kustomize;
        }
    }
    Ok(found)
}

fn go_io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ if e.raw_os_error() == Some(20) => "not a directory".into(),
        _ => e.to_string(),
    }
}

/// `GetAppSourceType` after the overrides were merged.
pub fn source_type(source: &AppSource, app_dir: &Path) -> Result<SourceType, String> {
    if let Some(t) = source.explicit_type()? {
        return Ok(t);
    }
    discover(app_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_decide() {
        let tmp = crate::source::jsonnet::tests::tempdir("detect");
        let d = |files: &[&str]| {
            let dir = tmp.join(files.join("+").replace('/', "_"));
            std::fs::create_dir_all(&dir).unwrap();
            for f in files {
                let p = dir.join(f);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, "x: 1\n").unwrap();
            }
            discover(&dir).unwrap()
        };
        assert_eq!(d(&["a.yaml"]), SourceType::Directory);
        assert_eq!(d(&["Chart.yaml", "values.yaml"]), SourceType::Helm);
        assert_eq!(d(&["MyChart.yaml"]), SourceType::Helm);
        assert_eq!(d(&["kustomization.yml"]), SourceType::Kustomize);
        assert_eq!(d(&["Chart.yaml", "kustomization.yaml"]), SourceType::Kustomize);
        assert_eq!(d(&["sub/Chart.yaml", "a.yaml"]), SourceType::Directory);
    }
}
