//! The two sides of a diff as directories: a directory given as is, or a git revision's tree read
//! from the object store (`git ls-tree`, then every blob through one `git cat-file --batch`) into
//! a temporary directory, without a checkout and without touching the work tree or the index.
//! Each side lists its files with an identity (the blob id, or a digest of the content) so the
//! changed paths are known without comparing contents twice.

use sha1::{Digest, Sha1};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One side: its files (relative `/` paths → git blob id, computed for a directory) under `root`.
pub struct Tree {
    pub label: String,
    pub root: PathBuf,
    pub files: BTreeMap<String, String>,
    /// The temporary directory to remove when done.
    temp: Option<PathBuf>,
}

impl Drop for Tree {
    fn drop(&mut self) {
        if let Some(t) = &self.temp {
            let _ = std::fs::remove_dir_all(t);
        }
    }
}

/// The paths present on one side only or different on the two.
pub fn changed_paths(base: &Tree, head: &Tree) -> Vec<String> {
    let mut out: Vec<String> = base.files.iter().filter(|(p, id)| head.files.get(*p) != Some(id)).map(|(p, _)| p.clone()).collect();
    out.extend(head.files.keys().filter(|p| !base.files.contains_key(*p)).cloned());
    out.sort();
    out
}

/// A directory side: every file under `dir` (not `.git`) with a digest of its content.
pub fn from_dir(dir: &Path) -> Result<Tree, String> {
    let root = std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut files = BTreeMap::new();
    let walker = walkdir::WalkDir::new(&root).sort_by_file_name().into_iter().filter_entry(|e| e.file_name() != ".git");
    for e in walker.filter_map(Result::ok) {
        if e.file_type().is_dir() {
            continue;
        }
        let rel = e.path().strip_prefix(&root).unwrap_or(e.path()).to_string_lossy().replace('\\', "/");
        let bytes = if e.file_type().is_symlink() {
            std::fs::read_link(e.path()).map(|t| t.to_string_lossy().into_owned().into_bytes()).unwrap_or_default()
        } else {
            std::fs::read(e.path()).map_err(|err| format!("{}: {err}", e.path().display()))?
        };
        let id = blob_id(&bytes);
        files.insert(rel, id);
    }
    Ok(Tree { label: dir.display().to_string(), root, files, temp: None })
}

/// Git's blob id of `data` (so a directory side compares with a revision side).
fn blob_id(data: &[u8]) -> String {
    let mut h = Sha1::new();
    h.update(format!("blob {}\0", data.len()).as_bytes());
    h.update(data);
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("running git: {e}"))?;
    if !out.status.success() {
        return Err(format!("git {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok(out.stdout)
}

/// Where `dir` lies in its repository: (top-level directory, prefix of `dir` inside it, `""` or
/// ending in `/`).
pub fn locate(dir: &Path) -> Result<(PathBuf, String), String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    let prefix = git(dir, &["rev-parse", "--show-prefix"])?;
    Ok((PathBuf::from(String::from_utf8_lossy(&top).trim()), String::from_utf8_lossy(&prefix).trim().to_string()))
}

/// Revision `rev` of the repository at `top`, the part under `prefix`, written to a new
/// temporary directory.
pub fn from_rev(top: &Path, prefix: &str, rev: &str) -> Result<Tree, String> {
    let commit = git(top, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
        .map_err(|_| format!("unknown revision {rev:?}"))?;
    let commit = String::from_utf8_lossy(&commit).trim().to_string();
    let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", commit.as_str()];
    if !prefix.is_empty() {
        args.push("--");
        args.push(prefix);
    }
    let listing = git(top, &args)?;
    // mode SP type SP oid TAB path NUL
    let mut entries = Vec::new();
    for rec in listing.split(|b| *b == 0).filter(|r| !r.is_empty()) {
        let rec = String::from_utf8_lossy(rec);
        let Some((meta, path)) = rec.split_once('\t') else { continue };
        let mut parts = meta.split(' ');
        let (mode, kind, oid) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        if kind != "blob" {
            continue; // submodules
        }
        let Some(rel) = path.strip_prefix(prefix) else { continue };
        entries.push((rel.to_string(), mode.to_string(), oid.to_string()));
    }
    let files: BTreeMap<String, String> = entries.iter().map(|(p, _, o)| (p.clone(), o.clone())).collect();
    // The revision checked out, with nothing modified, untracked or ignored under `prefix`: the
    // work tree is that revision, no need to write it out again.
    if clean_checkout(top, prefix, &commit) {
        let root = std::fs::canonicalize(top.join(prefix)).map_err(|e| format!("{}: {e}", top.join(prefix).display()))?;
        return Ok(Tree { label: rev.to_string(), root, files, temp: None });
    }
    let temp = unique_temp(&commit[..12.min(commit.len())])?;
    let root = std::fs::canonicalize(&temp).map_err(|e| e.to_string())?;
    let tree = Tree {
        label: rev.to_string(),
        root: root.clone(),
        files,
        temp: Some(temp),
    };
    let blobs = cat_blobs(top, entries.iter().map(|(_, _, o)| o.as_str()))?;
    let mut made = std::collections::HashSet::new();
    for (rel, mode, oid) in &entries {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            if made.insert(parent.to_path_buf()) {
                std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
            }
        }
        let data = blobs.get(oid.as_str()).ok_or_else(|| format!("git cat-file: blob {oid} missing"))?;
        if mode == "120000" {
            #[cfg(unix)]
            std::os::unix::fs::symlink(String::from_utf8_lossy(data).as_ref(), &path).map_err(|e| format!("{}: {e}", path.display()))?;
        } else {
            std::fs::write(&path, data).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(tree)
}

/// True when `commit` is checked out at `top` and `git status` shows nothing (modified,
/// untracked or ignored) under `prefix`.
fn clean_checkout(top: &Path, prefix: &str, commit: &str) -> bool {
    let Ok(head) = git(top, &["rev-parse", "--verify", "--quiet", "HEAD"]) else { return false };
    if String::from_utf8_lossy(&head).trim() != commit {
        return false;
    }
    let path = format!(":/{prefix}");
    match git(top, &["status", "--porcelain", "--ignored", "--untracked-files=all", "--", &path]) {
        Ok(out) => out.is_empty(),
        Err(_) => false,
    }
}

/// Where revisions are written: `$TMPDIR` when set, else `/dev/shm` (memory: thousands of small
/// files are written and removed several times faster than on a disk), else the system's
/// temporary directory.
fn temp_parent() -> PathBuf {
    if std::env::var_os("TMPDIR").is_none() {
        let shm = Path::new("/dev/shm");
        if shm.is_dir() && std::fs::metadata(shm).map(|m| !m.permissions().readonly()).unwrap_or(false) {
            return shm.to_path_buf();
        }
    }
    std::env::temp_dir()
}

fn unique_temp(tag: &str) -> Result<PathBuf, String> {
    for parent in [temp_parent(), std::env::temp_dir()] {
        for n in 0..100 {
            let dir = parent.join(format!("krender-diff-{}-{tag}-{n}", std::process::id()));
            if std::fs::create_dir(&dir).is_ok() {
                return Ok(dir);
            }
        }
    }
    Err("cannot create a temporary directory".into())
}

/// The contents of the given blobs, read through one `git cat-file --batch`.
fn cat_blobs<'a>(top: &Path, oids: impl Iterator<Item = &'a str>) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut unique: Vec<&str> = oids.collect();
    unique.sort_unstable();
    unique.dedup();
    let mut child = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("running git cat-file: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("git cat-file: no stdin")?;
    let request: String = unique.iter().map(|o| format!("{o}\n")).collect();
    // Written from another thread: git answers while it reads, and both pipes are bounded.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(request.as_bytes());
    });
    let mut out = BufReader::new(child.stdout.take().ok_or("git cat-file: no stdout")?);
    let mut blobs = BTreeMap::new();
    let mut header = String::new();
    for _ in 0..unique.len() {
        header.clear();
        out.read_line(&mut header).map_err(|e| format!("git cat-file: {e}"))?;
        let mut parts = header.trim_end().split(' ');
        let (oid, kind, size) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        if kind == "missing" || size.is_empty() {
            return Err(format!("git cat-file: object {oid} missing"));
        }
        let size: usize = size.parse().map_err(|_| format!("git cat-file: bad header {header:?}"))?;
        let mut data = vec![0; size + 1];
        out.read_exact(&mut data).map_err(|e| format!("git cat-file: {e}"))?;
        data.pop();
        blobs.insert(oid.to_string(), data);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(blobs)
}

#[cfg(test)]
mod tests {
    #[test]
    fn blob_ids_as_git_computes_them() {
        // `printf 'hello\n' | git hash-object --stdin`, and the empty blob.
        assert_eq!(super::blob_id(b"hello\n"), "ce013625030ba8dba906f756967f9e9ca394464a");
        assert_eq!(super::blob_id(b""), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    }
}
