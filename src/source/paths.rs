//! Paths as Argo CD's repo-server resolves them (`util/io/path`, `util/io/files`): lexical
//! cleaning as Go's `filepath.Clean`, symlinks followed by hand, and every result confined to the
//! repository root.

use std::path::{Component, Path, PathBuf};

/// Go's `filepath.Clean` on an absolute or relative path (lexical: `.`, `..`, repeated `/`).
pub fn clean(p: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir) => {}
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

/// Go's `filepath.Abs`: joined to the working directory and cleaned.
pub fn abs(p: &Path) -> PathBuf {
    if p.is_absolute() {
        clean(p)
    } else {
        clean(&std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")).join(p))
    }
}

/// `files.Inbound`: `candidate` (absolute, or relative to `base`) lies strictly inside `base`.
pub fn inbound(candidate: &Path, base: &Path) -> bool {
    if !base.is_absolute() {
        return false;
    }
    let target = if candidate.is_absolute() { clean(candidate) } else { clean(&base.join(candidate)) };
    let base = clean(base);
    target != base && target.starts_with(&base)
}

/// `resolveSymbolicLinkRecursive`: follows a chain of links at `path` (not inside it), at most
/// ten deep.
fn delink(path: &Path, depth: usize) -> Result<PathBuf, String> {
    match std::fs::read_link(path) {
        Err(_) => Ok(path.to_path_buf()),
        Ok(target) => {
            if depth == 0 {
                return Err("maximum nesting level reached".into());
            }
            let next = if target.is_absolute() { target } else { clean(&path.parent().unwrap_or(Path::new("/")).join(target)) };
            delink(&next, depth - 1)
        }
    }
}

/// `resolveFileOrDirectory`: `name` relative to `app_dir` (or, when absolute, to the repository
/// root), links followed, kept inside the repository.
pub fn resolve(app_dir: &Path, repo_root: &Path, name: &str, allow_root: bool) -> Result<PathBuf, String> {
    let root = abs(repo_root);
    let p = Path::new(name);
    let joined = if p.is_absolute() { clean(&root.join(p.strip_prefix("/").unwrap_or(p))) } else { clean(&abs(app_dir).join(p)) };
    let path = abs(&delink(&joined, 10).map_err(|_| "internal error: failed to resolve path. Check logs for more details".to_string())?);
    if path == root {
        if !allow_root {
            return Err("internal error: failed to resolve path. Check logs for more details".into());
        }
    } else if !path.starts_with(&root) {
        return Err(format!("file '{name}' resolved to outside repository root"));
    }
    Ok(path)
}

/// `ResolveFileOrDirectoryPath(repoRoot, repoRoot, name)`: a directory named relative to the
/// repository root (jsonnet `libs`).
pub fn resolve_in_repo(repo_root: &Path, name: &str) -> Result<PathBuf, String> {
    resolve(repo_root, repo_root, name, true)
}

/// `ResolveValueFilePathOrUrl` for a local file (URLs are refused: krender reads no network).
pub fn resolve_value_file(app_dir: &Path, repo_root: &Path, name: &str) -> Result<PathBuf, String> {
    if let Some((scheme, _)) = name.split_once("://") {
        if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) {
            return Err(format!("the URL scheme '{scheme}' is not allowed"));
        }
    }
    resolve(app_dir, repo_root, name, false)
}

/// The repository root for a path: the closest directory upwards holding `.git`, else the path.
pub fn find_repo_root(start: &Path) -> PathBuf {
    let start = abs(start);
    let mut dir = if start.is_file() { start.parent().map(Path::to_path_buf).unwrap_or(start.clone()) } else { start.clone() };
    loop {
        if dir.join(".git").exists() {
            return dir;
        }
        match dir.parent() {
            Some(p) => dir = p.to_path_buf(),
            None => return start,
        }
    }
}

/// `CheckOutOfBoundsSymlinks`: the first symlink (in walk order, links not followed, `.git`
/// skipped) that is absolute or whose target steps outside `root` at any point, as its path
/// relative to `root`.
pub fn out_of_bounds_symlink(root: &Path) -> Result<Option<String>, String> {
    let base = abs(root);
    fn walk(dir: &Path, base: &Path) -> Result<Option<String>, String> {
        let Ok(rd) = std::fs::read_dir(dir) else { return Ok(None) };
        let mut entries: Vec<(String, PathBuf)> = rd.filter_map(|e| e.ok()).map(|e| (e.file_name().to_string_lossy().into_owned(), e.path())).collect();
        entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        for (name, path) in entries {
            if dir == base && name == ".git" {
                continue;
            }
            let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
            let rel = || path.strip_prefix(base).map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).map_err(|e| format!("failed to read link {}: {e}", path.display()))?;
                if target.is_absolute() {
                    return Ok(Some(rel()));
                }
                let mut current = path.parent().unwrap_or(base).to_path_buf();
                for part in target.to_string_lossy().split('/') {
                    current = clean(&current.join(part));
                    if !current.starts_with(base) {
                        return Ok(Some(rel()));
                    }
                }
            } else if meta.is_dir() {
                if let Some(found) = walk(&path, base)? {
                    return Ok(Some(found));
                }
            }
        }
        Ok(None)
    }
    walk(&base, &base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_like_go() {
        for (i, o) in [("/a/b/../c", "/a/c"), ("a/./b", "a/b"), ("/../x", "/x"), ("../a", "../a"), ("a/..", "."), ("/a//b/", "/a/b")] {
            assert_eq!(clean(Path::new(i)), PathBuf::from(o), "{i}");
        }
    }

    #[test]
    fn inbound_like_argo() {
        assert!(inbound(Path::new("/repo/a/b"), Path::new("/repo")));
        assert!(!inbound(Path::new("/repo"), Path::new("/repo")));
        assert!(!inbound(Path::new("/repo2/a"), Path::new("/repo")));
        assert!(!inbound(Path::new("../x"), Path::new("/repo/app")));
        assert!(inbound(Path::new("x/../y"), Path::new("/repo")));
    }

    #[test]
    fn resolve_stays_in_repo() {
        let root = Path::new("/repo");
        assert_eq!(resolve(Path::new("/repo/app"), root, "values.yaml", false).unwrap(), PathBuf::from("/repo/app/values.yaml"));
        assert_eq!(resolve(Path::new("/repo/app"), root, "/base/values.yaml", false).unwrap(), PathBuf::from("/repo/base/values.yaml"));
        assert_eq!(resolve(Path::new("/repo/app"), root, "../../etc/passwd", false).unwrap_err(), "file '../../etc/passwd' resolved to outside repository root");
        assert!(resolve(Path::new("/repo/app"), root, "..", false).is_err());
        assert_eq!(resolve_in_repo(root, ".").unwrap(), PathBuf::from("/repo"));
        assert_eq!(resolve_value_file(Path::new("/repo/app"), root, "https://x/values.yaml").unwrap_err(), "the URL scheme 'https' is not allowed");
    }
}
