//! Remote bases: a `resources:` (or `components:`) entry that is a git URL —
//! `github.com/org/repo//path?ref=v1`, `https://host/org/repo.git/path`, `git@host:org/repo`,
//! `ssh://…`, `file:///abs/repo//path` — is cloned with the `git` program, as kustomize does
//! (`api/internal/git`), and built from the clone. Nothing is fetched unless a URL is named.
//! Plain files over http(s) are fetched by `http.rs`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// kustomize's `RepoSpec`: what to clone, which ref, and where the kustomization is inside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepoSpec {
    /// The URL as written (for cycle detection).
    pub raw: String,
    /// Scheme, user and host, e.g. `https://github.com/`.
    pub host: String,
    /// The repository path, e.g. `kubernetes-sigs/kustomize`.
    pub repo_path: String,
    /// The kustomization's directory inside the repository.
    pub kust_root_path: String,
    /// Branch, tag or commit (`?ref=`, else `?version=`).
    pub git_ref: String,
    pub submodules: bool,
    pub timeout: Duration,
}

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(27);
const FILE_SCHEME: &str = "file://";

impl RepoSpec {
    /// `CloneSpec`: what `git fetch` is given.
    pub fn clone_spec(&self) -> String {
        format!("{}{}", self.host, self.repo_path)
    }

    /// `NewRepoSpecFromURL`: an error when `n` is not a git URL (then it is a local path).
    pub fn parse(n: &str) -> Result<RepoSpec, String> {
        if n.starts_with('/') {
            return Err(format!("uri looks like abs path: {n}"));
        }
        let (rest, query) = n.split_once('?').unwrap_or((n, ""));
        let (git_ref, timeout, submodules) = parse_query(query);
        let (host, rest) = extract_host(rest)?;
        let default_len = if host.starts_with(FILE_SCHEME) { None } else { Some(2) };
        let (repo_path, kust_root_path) = parse_path_parts(&rest, default_len)?;
        Ok(RepoSpec { raw: n.to_string(), host, repo_path, kust_root_path, git_ref, submodules, timeout })
    }
}

fn parse_path_parts(n: &str, default_len: Option<usize>) -> Result<(String, String), String> {
    let split = explicit_marker_split(n).or_else(|| default_length_split(n, default_len));
    let Some((repo, root)) = split.filter(|(repo, _)| !repo.is_empty()) else {
        return Err("failed to parse repo path segment".into());
    };
    let cleaned = super::origin::clean_path(root.trim_start_matches('/'));
    if cleaned.split('/').next() == Some("..") {
        return Err(format!("url path exits repo: {n}"));
    }
    Ok((repo, root.strip_prefix('/').unwrap_or(&root).to_string()))
}

fn explicit_marker_split(n: &str) -> Option<(String, String)> {
    if let Some(i) = n.find("_git/") {
        let git_root = &n[..i + 5];
        let mut segments = n[i + 5..].split('/');
        let first = segments.next().unwrap_or("");
        let rest: Vec<&str> = segments.collect();
        return Some((format!("{git_root}{first}"), rest.join("/")));
    }
    if let Some(i) = n.find("//") {
        return Some((n[..i].to_string(), n[i + 2..].to_string()));
    }
    if let Some(i) = n.find(".git") {
        return Some((n[..i + 4].to_string(), n[i + 4..].to_string()));
    }
    None
}

fn default_length_split(n: &str, len: Option<usize>) -> Option<(String, String)> {
    let Some(len) = len else { return Some((n.to_string(), String::new())) };
    let segments: Vec<&str> = n.split('/').collect();
    if segments.len() < len {
        return None;
    }
    Some((segments[..len].join("/"), segments[len..].join("/")))
}

/// `parseQuery`: `ref` (else `version`), `timeout` (seconds or a Go duration), `submodules`.
fn parse_query(query: &str) -> (String, Duration, bool) {
    let mut values: Vec<(String, String)> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (Some(k), Some(v)) = (percent_decode(k), percent_decode(v)) else {
            return (String::new(), DEFAULT_TIMEOUT, true);
        };
        values.push((k, v));
    }
    let get = |k: &str| values.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let mut git_ref = get("version");
    if !get("ref").is_empty() {
        git_ref = get("ref");
    }
    let mut timeout = DEFAULT_TIMEOUT;
    let t = get("timeout");
    if !t.is_empty() {
        if let Ok(secs) = t.parse::<i64>() {
            if secs > 0 {
                timeout = Duration::from_secs(secs as u64);
            }
        } else if let Some(d) = parse_go_duration(&t).filter(|d| !d.is_zero()) {
            timeout = d;
        }
    }
    let submodules = match get("submodules").as_str() {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => true,
        "0" | "f" | "F" | "false" | "FALSE" | "False" => false,
        _ => true,
    };
    (git_ref, timeout, submodules)
}

/// `url.QueryUnescape`: `+` is a space, `%XX` a byte.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// A Go duration such as `1m30s`, `61s`, `500ms` (positive values only).
fn parse_go_duration(s: &str) -> Option<Duration> {
    let mut total = 0f64;
    let mut rest = s;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let num_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
        let value: f64 = rest[..num_len].parse().ok()?;
        rest = &rest[num_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let unit = match &rest[..unit_len] {
            "ns" => 1e-9,
            "us" | "µs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return None,
        };
        total += value * unit;
        rest = &rest[unit_len..];
    }
    Some(Duration::from_secs_f64(total))
}

fn trim_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    if s.len() >= prefix.len() && s.is_char_boundary(prefix.len()) && s[..prefix.len()].to_ascii_lowercase() == prefix {
        Some(&s[prefix.len()..])
    } else {
        None
    }
}

/// `extractHost`: scheme, user and host; the rest of the URL.
fn extract_host(n: &str) -> Result<(String, String), String> {
    let n = trim_prefix_ignore_case(n, "git::").unwrap_or(n);
    let (scheme, n) = ["ssh://", "https://", "http://", FILE_SCHEME]
        .iter()
        .find_map(|p| trim_prefix_ignore_case(n, p).map(|rest| (p.to_string(), rest)))
        .unwrap_or((String::new(), n));
    let (username, n) = extract_username(n);
    let lower = n.to_ascii_lowercase();
    let std_github = lower.starts_with("github.com/") || lower.starts_with("github.com:");
    let accept_scp = scheme.is_empty() && (!username.is_empty() || std_github);
    if scheme.is_empty() && !accept_scp {
        return Err("failed to parse scheme".into());
    }
    if scheme == FILE_SCHEME {
        return Ok((scheme, format!("{username}{n}")));
    }
    let (mut host, rest) = match find_path_separator(n, accept_scp) {
        Some(i) => (n[..=i].to_string(), n[i + 1..].to_string()),
        None => (n.to_string(), String::new()),
    };
    let (mut scheme, mut username) = (scheme, username);
    if std_github {
        if scheme.starts_with("ssh://") || !username.is_empty() {
            scheme = String::new();
            host = "github.com:".into();
        } else {
            scheme = "https://".into();
            username = String::new();
            host = "github.com/".into();
        }
    }
    if host.is_empty() {
        return Err("failed to parse host segment".into());
    }
    Ok((format!("{scheme}{username}{host}"), rest))
}

/// `^([a-zA-Z][a-zA-Z0-9-]*)@`.
fn extract_username(s: &str) -> (String, &str) {
    let b = s.as_bytes();
    if b.first().is_some_and(|c| c.is_ascii_alphabetic()) {
        let end = b.iter().position(|c| !(c.is_ascii_alphanumeric() || *c == b'-')).unwrap_or(b.len());
        if b.get(end) == Some(&b'@') {
            return (s[..=end].to_string(), &s[end + 1..]);
        }
    }
    (String::new(), s)
}

fn find_path_separator(host_path: &str, accept_scp: bool) -> Option<usize> {
    let sep = host_path.find('/');
    if accept_scp {
        if let Some(colon) = host_path.find(':') {
            if sep.is_none() || (colon > 0 && Some(colon) < sep) {
                return Some(colon);
            }
        }
    }
    sep
}

/// A clone in a temporary directory, removed when dropped.
#[derive(Debug)]
pub struct Clone {
    pub dir: PathBuf,
}

impl Drop for Clone {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `ClonerUsingGitExec`: `git init`, `remote add origin`, `fetch --depth=1 <url> <ref>`,
/// `checkout FETCH_HEAD` and, unless `submodules=false`, `submodule update --init --recursive`.
pub fn clone(spec: &RepoSpec) -> Result<Clone, String> {
    let base = std::env::temp_dir();
    let dir = (0..1000)
        .map(|i| base.join(format!("kustomize-{}-{}", std::process::id(), i)))
        .find(|d| std::fs::create_dir(d).is_ok())
        .ok_or_else(|| "cannot create a temporary directory for a git clone".to_string())?;
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    let clone = Clone { dir };
    let url = spec.clone_spec();
    let git_ref = if spec.git_ref.is_empty() { "HEAD" } else { spec.git_ref.as_str() };
    run(&clone.dir, spec.timeout, &["init"])?;
    run(&clone.dir, spec.timeout, &["remote", "add", "origin", &url])?;
    run(&clone.dir, spec.timeout, &["fetch", "--depth=1", &url, git_ref])?;
    run(&clone.dir, spec.timeout, &["checkout", "FETCH_HEAD"])?;
    if spec.submodules {
        run(&clone.dir, spec.timeout, &["submodule", "update", "--init", "--recursive"])?;
    }
    Ok(clone)
}

/// Runs git in `dir`, killed after `timeout`.
fn run(dir: &Path, timeout: Duration, args: &[&str]) -> Result<(), String> {
    let shown = format!("git {}", args.join(" "));
    let mut child = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("no 'git' program on path: {e}"))?;
    let start = Instant::now();
    loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(_) => break,
            None if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("hit {}s timeout running '{shown}'", timeout.as_secs()));
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        let text: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        return Err(format!("failed to run '{shown}': {}: {}", out.status, text.join(" ")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(u: &str) -> (String, String, String, String) {
        let s = RepoSpec::parse(u).unwrap();
        (s.host, s.repo_path, s.kust_root_path, s.git_ref)
    }

    #[test]
    fn parses_like_kustomize() {
        let t = |a: &str, b: &str, c: &str, d: &str| (a.to_string(), b.to_string(), c.to_string(), d.to_string());
        assert_eq!(spec("github.com/org/repo/path/to?ref=v1"), t("https://github.com/", "org/repo", "path/to", "v1"));
        assert_eq!(spec("https://github.com/org/repo//kust?version=v2"), t("https://github.com/", "org/repo", "kust", "v2"));
        assert_eq!(spec("git@github.com:org/repo.git/sub"), t("git@github.com:", "org/repo.git", "sub", ""));
        assert_eq!(spec("ssh://git@example.com/org/repo.git"), t("ssh://git@example.com/", "org/repo.git", "", ""));
        assert_eq!(spec("https://dev.azure.com/o/p/_git/repo/path"), t("https://dev.azure.com/", "o/p/_git/repo", "path", ""));
        assert_eq!(spec("file:///tmp/repo//sub?ref=main"), t("file://", "/tmp/repo", "sub", "main"));
        assert_eq!(spec("git::https://example.com/org/repo"), t("https://example.com/", "org/repo", "", ""));
        for local in ["base", "../base", "/abs/path", "example.com/org/repo", "https://example.com/org", "github.com/org/repo//../x"] {
            assert!(RepoSpec::parse(local).is_err(), "{local}");
        }
    }

    #[test]
    fn query_options() {
        let s = RepoSpec::parse("github.com/o/r?ref=x&version=y&timeout=90&submodules=false").unwrap();
        assert_eq!((s.git_ref.as_str(), s.timeout, s.submodules), ("x", Duration::from_secs(90), false));
        let s = RepoSpec::parse("github.com/o/r?timeout=1m30s").unwrap();
        assert_eq!(s.timeout, Duration::from_secs(90));
    }
}
