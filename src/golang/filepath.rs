//! Go's `path/filepath` `Match` and `Glob` (Unix): `*` and `?` never cross `/`, `[a-z]`,
//! `[^x]` classes, `\` escapes; `Glob` walks one directory level per pattern element, names
//! sorted, and returns nothing for unreadable directories.

use std::path::Path;

/// `filepath.ErrBadPattern`.
pub const BAD_PATTERN: &str = "syntax error in pattern";

fn scan_chunk(pattern: &str) -> (bool, &str, &str) {
    let mut p = pattern;
    let mut star = false;
    while let Some(rest) = p.strip_prefix('*') {
        p = rest;
        star = true;
    }
    let b = p.as_bytes();
    let mut in_range = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                if i + 1 < b.len() {
                    i += 1;
                }
            }
            b'[' => in_range = true,
            b']' => in_range = false,
            b'*' if !in_range => break,
            _ => {}
        }
        i += 1;
    }
    (star, &p[..i], &p[i..])
}

fn get_esc(chunk: &str) -> Result<(char, &str), &'static str> {
    let mut c = chunk;
    if c.is_empty() || c.starts_with('-') || c.starts_with(']') {
        return Err(BAD_PATTERN);
    }
    if let Some(rest) = c.strip_prefix('\\') {
        c = rest;
        if c.is_empty() {
            return Err(BAD_PATTERN);
        }
    }
    let r = c.chars().next().ok_or(BAD_PATTERN)?;
    let next = &c[r.len_utf8()..];
    if next.is_empty() {
        return Err(BAD_PATTERN);
    }
    Ok((r, next))
}

/// `matchChunk`: the rest of `s` after `chunk` matched its start.
fn match_chunk<'s>(chunk: &str, s: &'s str) -> Result<Option<&'s str>, &'static str> {
    let mut chunk = chunk;
    let mut s = s;
    let mut failed = false;
    while !chunk.is_empty() {
        if !failed && s.is_empty() {
            failed = true;
        }
        let first = chunk.as_bytes()[0];
        match first {
            b'[' => {
                let mut r = '\0';
                if !failed {
                    r = s.chars().next().unwrap_or('\0');
                    s = &s[r.len_utf8()..];
                }
                chunk = &chunk[1..];
                let mut negated = false;
                if chunk.starts_with('^') {
                    negated = true;
                    chunk = &chunk[1..];
                }
                let mut matched = false;
                let mut nrange = 0;
                loop {
                    if chunk.starts_with(']') && nrange > 0 {
                        chunk = &chunk[1..];
                        break;
                    }
                    let (lo, rest) = get_esc(chunk)?;
                    chunk = rest;
                    let mut hi = lo;
                    if chunk.starts_with('-') {
                        let (h, rest) = get_esc(&chunk[1..])?;
                        hi = h;
                        chunk = rest;
                    }
                    if lo <= r && r <= hi {
                        matched = true;
                    }
                    nrange += 1;
                }
                if matched == negated {
                    failed = true;
                }
            }
            b'?' => {
                if !failed {
                    let c = s.chars().next().unwrap_or('\0');
                    if c == '/' {
                        failed = true;
                    }
                    s = &s[c.len_utf8()..];
                }
                chunk = &chunk[1..];
            }
            _ => {
                if first == b'\\' {
                    chunk = &chunk[1..];
                    if chunk.is_empty() {
                        return Err(BAD_PATTERN);
                    }
                }
                let want = chunk.chars().next().unwrap_or('\0');
                if !failed {
                    let c = s.chars().next().unwrap_or('\0');
                    if c != want {
                        failed = true;
                    }
                    s = &s[c.len_utf8()..];
                }
                chunk = &chunk[want.len_utf8()..];
            }
        }
    }
    if failed {
        return Ok(None);
    }
    Ok(Some(s))
}

/// `filepath.Match(pattern, name)`.
pub fn matches(pattern: &str, name: &str) -> Result<bool, &'static str> {
    let mut pattern = pattern;
    let mut name = name;
    'pattern: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            return Ok(!name.contains('/'));
        }
        let r = match_chunk(chunk, name);
        if let Ok(Some(t)) = r {
            if t.is_empty() || !pattern.is_empty() {
                name = t;
                continue;
            }
        }
        r?;
        if star {
            let b = name.as_bytes();
            let mut i = 0;
            while i < b.len() && b[i] != b'/' {
                if let Some(sub) = name.get(i + 1..) {
                    match match_chunk(chunk, sub)? {
                        Some(t) => {
                            if pattern.is_empty() && !t.is_empty() {
                                i += 1;
                                continue;
                            }
                            name = t;
                            continue 'pattern;
                        }
                        None => {}
                    }
                }
                i += 1;
            }
        }
        while !pattern.is_empty() {
            let (_, chunk, rest) = scan_chunk(pattern);
            pattern = rest;
            match_chunk(chunk, "")?;
        }
        return Ok(false);
    }
    Ok(name.is_empty())
}

fn has_meta(p: &str) -> bool {
    p.contains(['*', '?', '[', '\\'])
}

/// `filepath.Join(dir, name)` for a directory from `Glob`.
fn join(dir: &str, name: &str) -> String {
    if dir == "." {
        name.to_string()
    } else if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

fn glob_dir(dir: &str, pattern: &str, base: &Path, out: &mut Vec<String>) -> Result<(), &'static str> {
    let full = base.join(dir);
    if !full.is_dir() {
        return Ok(());
    }
    let Ok(rd) = std::fs::read_dir(&full) else { return Ok(()) };
    let mut names: Vec<String> = rd.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    for n in names {
        if matches(pattern, &n)? {
            out.push(join(dir, &n));
        }
    }
    Ok(())
}

/// `filepath.Glob(pattern)` with relative patterns taken from `base` (the working directory);
/// the results are spelled as the pattern is (relative stays relative).
pub fn glob(pattern: &str, base: &Path) -> Result<Vec<String>, &'static str> {
    glob_depth(pattern, base, 0)
}

fn glob_depth(pattern: &str, base: &Path, depth: usize) -> Result<Vec<String>, &'static str> {
    matches(pattern, "")?;
    if depth > 10000 {
        return Err(BAD_PATTERN);
    }
    if !has_meta(pattern) {
        return Ok(if std::fs::symlink_metadata(base.join(pattern)).is_ok() { vec![pattern.to_string()] } else { Vec::new() });
    }
    let (dir, file) = match pattern.rfind('/') {
        Some(i) => (&pattern[..=i], &pattern[i + 1..]),
        None => ("", pattern),
    };
    let dir = match dir {
        "" => ".".to_string(),
        "/" => "/".to_string(),
        d => d[..d.len() - 1].to_string(),
    };
    let mut out = Vec::new();
    if !has_meta(&dir) {
        glob_dir(&dir, file, base, &mut out)?;
        return Ok(out);
    }
    if dir == pattern {
        return Err(BAD_PATTERN);
    }
    for d in glob_depth(&dir, base, depth + 1)? {
        glob_dir(&d, file, base, &mut out)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_table_from_go() {
        // Cases of Go's path/filepath match_test.go (Unix).
        let cases: &[(&str, &str, Result<bool, &str>)] = &[
            ("abc", "abc", Ok(true)),
            ("*", "abc", Ok(true)),
            ("*c", "abc", Ok(true)),
            ("a*", "a", Ok(true)),
            ("a*", "abc", Ok(true)),
            ("a*", "ab/c", Ok(false)),
            ("a*/b", "abc/b", Ok(true)),
            ("a*/b", "a/c/b", Ok(false)),
            ("a*b*c*d*e*/f", "axbxcxdxe/f", Ok(true)),
            ("a*b*c*d*e*/f", "axbxcxdxexxx/f", Ok(true)),
            ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", Ok(false)),
            ("a*b*c*d*e*/f", "axbxcxdxexxx/fff", Ok(false)),
            ("a*b?c*x", "abxbbxdbxebxczzx", Ok(true)),
            ("a*b?c*x", "abxbbxdbxebxczzy", Ok(false)),
            ("ab[c]", "abc", Ok(true)),
            ("ab[b-d]", "abc", Ok(true)),
            ("ab[e-g]", "abc", Ok(false)),
            ("ab[^c]", "abc", Ok(false)),
            ("ab[^b-d]", "abc", Ok(false)),
            ("ab[^e-g]", "abc", Ok(true)),
            ("a\\*b", "a*b", Ok(true)),
            ("a\\*b", "ab", Ok(false)),
            ("a?b", "a☺b", Ok(true)),
            ("a[^a]b", "a☺b", Ok(true)),
            ("a???b", "a☺b", Ok(false)),
            ("a[^a][^a][^a]b", "a☺b", Ok(false)),
            ("[a-ζ]*", "α", Ok(true)),
            ("*[a-ζ]", "A", Ok(false)),
            ("a?b", "a/b", Ok(false)),
            ("a*b", "a/b", Ok(false)),
            ("[\\]a]", "]", Ok(true)),
            ("[\\-]", "-", Ok(true)),
            ("[x\\-]", "x", Ok(true)),
            ("[x\\-]", "-", Ok(true)),
            ("[x\\-]", "z", Ok(false)),
            ("[\\-x]", "x", Ok(true)),
            ("[\\-x]", "-", Ok(true)),
            ("[\\-x]", "a", Ok(false)),
            ("[]a]", "]", Err(BAD_PATTERN)),
            ("[-]", "-", Err(BAD_PATTERN)),
            ("[x-]", "x", Err(BAD_PATTERN)),
            ("[x-]", "-", Err(BAD_PATTERN)),
            ("[x-]", "z", Err(BAD_PATTERN)),
            ("[-x]", "x", Err(BAD_PATTERN)),
            ("[-x]", "-", Err(BAD_PATTERN)),
            ("[-x]", "a", Err(BAD_PATTERN)),
            ("\\", "a", Err(BAD_PATTERN)),
            ("[a-b-c]", "a", Err(BAD_PATTERN)),
            ("[", "a", Err(BAD_PATTERN)),
            ("[^", "a", Err(BAD_PATTERN)),
            ("[^bc", "a", Err(BAD_PATTERN)),
            ("a[", "a", Err(BAD_PATTERN)),
            ("a[", "ab", Err(BAD_PATTERN)),
            ("a[", "x", Err(BAD_PATTERN)),
            ("a/b[", "x", Err(BAD_PATTERN)),
            ("*x", "xxx", Ok(true)),
        ];
        for (p, s, want) in cases {
            assert_eq!(matches(p, s), *want, "Match({p:?}, {s:?})");
        }
    }

    #[test]
    fn glob_relative_and_sorted() {
        let d = std::env::temp_dir().join(format!("krender-glob-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        for f in ["comp/b/k.yaml", "comp/a/k.yaml", "comp/c.txt"] {
            std::fs::create_dir_all(d.join(f).parent().unwrap()).unwrap();
            std::fs::write(d.join(f), "").unwrap();
        }
        assert_eq!(glob("comp/*", &d).unwrap(), ["comp/a", "comp/b", "comp/c.txt"]);
        assert_eq!(glob("comp/*/k.yaml", &d).unwrap(), ["comp/a/k.yaml", "comp/b/k.yaml"]);
        assert_eq!(glob("comp/a", &d).unwrap(), ["comp/a"]);
        assert!(glob("missing", &d).unwrap().is_empty());
        assert_eq!(glob("comp/[", &d).unwrap_err(), BAD_PATTERN);
    }
}
