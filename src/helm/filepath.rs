//! Go's `path/filepath.Match` on Unix (`*`, `?`, `[...]` classes, `\` escapes; `*` and `?`
//! never match `/`), with its `ErrBadPattern`. `.helmignore` rules and `--show-only` use it.

/// `filepath.ErrBadPattern`.
pub const BAD_PATTERN: &str = "syntax error in pattern";

/// `filepath.Match(pattern, name)`.
pub fn matches(pattern: &str, name: &str) -> Result<bool, &'static str> {
    let mut pattern = pattern.as_bytes();
    let mut name = name.as_bytes();
    'pattern: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            return Ok(!name.contains(&b'/'));
        }
        let (t, ok) = match_chunk(chunk, name)?;
        if ok && (t.is_empty() || !pattern.is_empty()) {
            name = t;
            continue;
        }
        if star {
            let mut i = 0;
            while i < name.len() && name[i] != b'/' {
                let (t, ok) = match_chunk(chunk, &name[i + 1..])?;
                if ok {
                    if pattern.is_empty() && !t.is_empty() {
                        i += 1;
                        continue;
                    }
                    name = t;
                    continue 'pattern;
                }
                i += 1;
            }
        }
        while !pattern.is_empty() {
            let (_, chunk, rest) = scan_chunk(pattern);
            pattern = rest;
            match_chunk(chunk, b"")?;
        }
        return Ok(false);
    }
    Ok(name.is_empty())
}

fn scan_chunk(pattern: &[u8]) -> (bool, &[u8], &[u8]) {
    let mut p = pattern;
    let mut star = false;
    while p.first() == Some(&b'*') {
        p = &p[1..];
        star = true;
    }
    let mut inrange = false;
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            b'\\' if i + 1 < p.len() => i += 1,
            b'[' => inrange = true,
            b']' => inrange = false,
            b'*' if !inrange => break,
            _ => {}
        }
        i += 1;
    }
    (star, &p[..i], &p[i..])
}

/// `utf8.DecodeRune`: the rune and its length (U+FFFD, 1 for an invalid byte).
fn decode(s: &[u8]) -> (u32, usize) {
    let n = match s.first() {
        None => return (0xFFFD, 0),
        Some(b) if *b < 0x80 => return (*b as u32, 1),
        Some(b) if *b >= 0xF0 => 4,
        Some(b) if *b >= 0xE0 => 3,
        Some(b) if *b >= 0xC0 => 2,
        _ => return (0xFFFD, 1),
    };
    match s.get(..n).and_then(|b| std::str::from_utf8(b).ok()).and_then(|t| t.chars().next()) {
        Some(c) => (c as u32, n),
        None => (0xFFFD, 1),
    }
}

fn get_esc(chunk: &[u8]) -> Result<(u32, &[u8]), &'static str> {
    let mut c = chunk;
    if c.is_empty() || c[0] == b'-' || c[0] == b']' {
        return Err(BAD_PATTERN);
    }
    if c[0] == b'\\' {
        c = &c[1..];
        if c.is_empty() {
            return Err(BAD_PATTERN);
        }
    }
    let (r, n) = decode(c);
    if r == 0xFFFD && n == 1 {
        return Err(BAD_PATTERN);
    }
    let rest = &c[n..];
    if rest.is_empty() {
        return Err(BAD_PATTERN);
    }
    Ok((r, rest))
}

fn match_chunk<'a>(chunk: &[u8], s: &'a [u8]) -> Result<(&'a [u8], bool), &'static str> {
    let mut chunk = chunk;
    let mut s = s;
    let mut failed = false;
    while !chunk.is_empty() {
        if !failed && s.is_empty() {
            failed = true;
        }
        match chunk[0] {
            b'[' => {
                let mut r = 0;
                if !failed {
                    let (c, n) = decode(s);
                    r = c;
                    s = &s[n..];
                }
                chunk = &chunk[1..];
                let mut negated = false;
                if chunk.first() == Some(&b'^') {
                    negated = true;
                    chunk = &chunk[1..];
                }
                let mut matched = false;
                let mut nrange = 0;
                loop {
                    if chunk.first() == Some(&b']') && nrange > 0 {
                        chunk = &chunk[1..];
                        break;
                    }
                    let (lo, rest) = get_esc(chunk)?;
                    chunk = rest;
                    let mut hi = lo;
                    if chunk[0] == b'-' {
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
                    if s[0] == b'/' {
                        failed = true;
                    }
                    let (_, n) = decode(s);
                    s = &s[n..];
                }
                chunk = &chunk[1..];
            }
            c => {
                let mut c = c;
                if c == b'\\' {
                    chunk = &chunk[1..];
                    if chunk.is_empty() {
                        return Err(BAD_PATTERN);
                    }
                    c = chunk[0];
                }
                if !failed {
                    if c != s[0] {
                        failed = true;
                    }
                    s = &s[1..];
                }
                chunk = &chunk[1..];
            }
        }
    }
    if failed {
        return Ok((b"", false));
    }
    Ok((s, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_match() {
        // Cases of Go's own filepath.Match tests (match_test.go), with their answers.
        let table: &[(&str, &str, Result<bool, &str>)] = &[
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
        for (p, n, want) in table {
            assert_eq!(matches(p, n), *want, "Match({p:?}, {n:?})");
        }
    }
}
