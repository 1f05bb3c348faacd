//! `doublestar.FilepathGlob` (bmatcuk/doublestar v4), which Argo CD uses to expand globs in
//! Helm value files: Go's `filepath.Glob` segments, plus `**` matching any number of directories
//! (zero included). Order as doublestar returns it: the static base directory is split off; a
//! `**` in the middle of the pattern is walked pre-order (a directory's own matches before those
//! of its subdirectories, entries in name order); a trailing `**` yields the directory itself,
//! then every entry below it, pre-order. Only the final segment matches files; the others only
//! directories (symlinks followed). `{a,b}` alternatives are not supported (Argo CD only globs
//! paths holding `*`, `?` or `[`).

use crate::golang::filepath::matches;
use std::path::Path;

const BAD_PATTERN: &str = "syntax error in pattern";

fn is_meta(seg: &str) -> bool {
    seg.contains(['*', '?', '[', '\\'])
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() || dir == "." {
        name.to_string()
    } else if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// Entry names of a directory in name order, each with whether it is a directory (symlinks
/// followed); an unreadable directory has none.
fn entries(dir: &str) -> Vec<(String, bool)> {
    let Ok(rd) = std::fs::read_dir(if dir.is_empty() { "." } else { dir }) else { return Vec::new() };
    let mut out: Vec<(String, bool)> = rd
        .filter_map(|e| e.ok())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let is_dir = std::fs::metadata(e.path()).map(|m| m.is_dir()).unwrap_or(false);
            (name, is_dir)
        })
        .collect();
    out.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    out
}

/// The matches of `segs` below `dir`; `last` segments may match files.
fn walk(dir: &str, segs: &[&str], out: &mut Vec<String>) -> Result<(), &'static str> {
    let Some((&seg, rest)) = segs.split_first() else {
        out.push(dir.to_string());
        return Ok(());
    };
    if seg == "**" {
        if rest.is_empty() {
            return double_star_tail(dir, out);
        }
        return double_star_mid(dir, rest, out);
    }
    if !is_meta(seg) {
        let p = join(dir, seg);
        let meta = if rest.is_empty() { std::fs::symlink_metadata(&p).ok().map(|_| true) } else { std::fs::metadata(&p).ok().map(|m| m.is_dir()) };
        if meta == Some(true) {
            walk(&p, rest, out)?;
        }
        return Ok(());
    }
    for (name, is_dir) in entries(dir) {
        if matches(seg, &name)? && (rest.is_empty() || is_dir) {
            walk(&join(dir, &name), rest, out)?;
        }
    }
    Ok(())
}

/// `**` followed by more segments: `rest` matched in `dir`, then in each subdirectory, pre-order.
fn double_star_mid(dir: &str, rest: &[&str], out: &mut Vec<String>) -> Result<(), &'static str> {
    walk(dir, rest, out)?;
    for (name, is_dir) in entries(dir) {
        if is_dir {
            double_star_mid(&join(dir, &name), rest, out)?;
        }
    }
    Ok(())
}

/// A trailing `**`: the directory, then each entry (directories recursively).
fn double_star_tail(dir: &str, out: &mut Vec<String>) -> Result<(), &'static str> {
    if std::fs::metadata(if dir.is_empty() { "." } else { dir }).map(|m| m.is_dir()).unwrap_or(false) {
        out.push(dir.to_string());
    } else {
        return Ok(());
    }
    for (name, is_dir) in entries(dir) {
        let p = join(dir, &name);
        if is_dir {
            double_star_tail(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

/// `doublestar.FilepathGlob(pattern)`.
pub fn filepath_glob(pattern: &str) -> Result<Vec<String>, &'static str> {
    if pattern.is_empty() {
        return Ok(Vec::new());
    }
    let pattern = crate::golang::path::clean(pattern);
    let absolute = pattern.starts_with('/');
    let segs: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    for s in &segs {
        matches(s, "").map_err(|_| BAD_PATTERN)?;
    }
    let first_meta = segs.iter().position(|s| is_meta(s)).unwrap_or(segs.len());
    let mut base = segs[..first_meta].join("/");
    if absolute {
        base = format!("/{base}");
    }
    if first_meta == segs.len() {
        return Ok(if Path::new(&base).symlink_metadata().is_ok() { vec![base] } else { Vec::new() });
    }
    let mut out = Vec::new();
    walk(if base.is_empty() { "." } else { &base }, &segs[first_meta..], &mut out)?;
    if base.is_empty() {
        for m in &mut out {
            if let Some(s) = m.strip_prefix("./") {
                *m = s.to_string();
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_star_order_as_doublestar() {
        let t = std::env::temp_dir().join(format!("krender-doublestar-{}", std::process::id()));
        let d = t.to_string_lossy().into_owned();
        for f in ["envs/a.yaml", "envs/m/x.yaml", "envs/m/deep/y.yaml", "envs/z.yaml", "envs/n/w.yaml", "envs/note.txt"] {
            let p = t.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        let rel = |v: Vec<String>| v.into_iter().map(|p| p[d.len() + 1..].to_string()).collect::<Vec<_>>();
        // Argo CD's e2e case: zero segments first (the directory's own files), then subdirectories.
        assert_eq!(
            rel(filepath_glob(&format!("{d}/envs/**/*.yaml")).unwrap()),
            ["envs/a.yaml", "envs/z.yaml", "envs/m/x.yaml", "envs/m/deep/y.yaml", "envs/n/w.yaml"]
        );
        assert_eq!(rel(filepath_glob(&format!("{d}/envs/*.yaml")).unwrap()), ["envs/a.yaml", "envs/z.yaml"]);
        assert_eq!(rel(filepath_glob(&format!("{d}/envs/*/*.yaml")).unwrap()), ["envs/m/x.yaml", "envs/n/w.yaml"]);
        assert_eq!(rel(filepath_glob(&format!("{d}/envs/m/**")).unwrap()), ["envs/m", "envs/m/deep", "envs/m/deep/y.yaml", "envs/m/x.yaml"]);
        assert!(filepath_glob(&format!("{d}/nope/*.yaml")).unwrap().is_empty());
        assert_eq!(filepath_glob(&format!("{d}/envs/[.yaml")).unwrap_err(), BAD_PATTERN);
        std::fs::remove_dir_all(&t).unwrap();
    }
}
