//! `.helmignore` rules as Helm's `pkg/ignore` applies them when loading a chart directory:
//! Go `filepath.Match` patterns, matched against the base name unless they contain a `/`,
//! `dir/` patterns only for directories, `!` negations (with Helm's peculiar semantics), and the
//! default rule `templates/.?*`.

struct Pattern {
    rule: String,
    negate: bool,
    must_dir: bool,
    kind: MatchKind,
}

enum MatchKind {
    /// `/rule`: the whole path.
    Rooted,
    /// A rule with a `/`: the whole path.
    Path,
    /// Otherwise: the base name.
    Base,
}

/// Parsed rules.
#[derive(Default)]
pub struct Rules {
    patterns: Vec<Pattern>,
}

impl Rules {
    /// Parses a `.helmignore` file; Helm's errors for unsupported or malformed rules.
    pub fn parse(text: &str) -> Result<Rules, String> {
        let mut r = Rules::default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for line in text.lines() {
            r.add(line)?;
        }
        Ok(r)
    }

    /// Helm's `AddDefaults`.
    pub fn add_defaults(&mut self) {
        self.add("templates/.?*").expect("the default rule is valid");
    }

    fn add(&mut self, rule: &str) -> Result<(), String> {
        let rule = rule.trim();
        if rule.is_empty() || rule.starts_with('#') {
            return Ok(());
        }
        if rule.contains("**") {
            return Err("double-star (**) syntax is not supported".into());
        }
        if go_match(rule, "abc").is_err() {
            return Err("syntax error in pattern".into());
        }
        let mut rule = rule.to_string();
        let negate = rule.starts_with('!');
        if negate {
            rule.remove(0);
        }
        let must_dir = rule.ends_with('/');
        if must_dir {
            rule.pop();
        }
        let kind = if let Some(r) = rule.strip_prefix('/') {
            rule = r.to_string();
            MatchKind::Rooted
        } else if rule.contains('/') {
            MatchKind::Path
        } else {
            MatchKind::Base
        };
        self.patterns.push(Pattern { rule, negate, must_dir, kind });
        Ok(())
    }

    /// Whether the chart-relative `path` is ignored.
    pub fn ignore(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        for p in &self.patterns {
            let subject = match p.kind {
                MatchKind::Rooted | MatchKind::Path => path,
                MatchKind::Base => path.rsplit('/').next().unwrap_or(path),
            };
            let matched = go_match(&p.rule, subject).unwrap_or(false);
            if p.negate {
                if (p.must_dir && !is_dir) || !matched {
                    return true;
                }
                continue;
            }
            if p.must_dir && !is_dir {
                continue;
            }
            if matched {
                return true;
            }
        }
        false
    }
}

/// Go's `filepath.Match` (Unix): `*` and `?` do not match `/`; `[a-z]`, `[^x]`, `\` escapes.
/// `Err` is `ErrBadPattern`.
pub fn go_match(pattern: &str, name: &str) -> Result<bool, ()> {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    match_from(&p, &n)
}

fn match_from(p: &[char], n: &[char]) -> Result<bool, ()> {
    if p.is_empty() {
        return Ok(n.is_empty());
    }
    match p[0] {
        '*' => {
            let rest = &p[1..];
            for i in 0..=n.len() {
                if match_from(rest, &n[i..])? {
                    return Ok(true);
                }
                if i < n.len() && n[i] == '/' {
                    // Still check the rest of the pattern for syntax errors.
                    let _ = match_from(rest, &[])?;
                    return Ok(false);
                }
            }
            Ok(false)
        }
        '?' => match n.first() {
            Some(&c) if c != '/' => match_from(&p[1..], &n[1..]),
            _ => check_syntax(&p[1..]).map(|_| false),
        },
        '[' => {
            let (matched, used) = match_class(&p[1..], n.first().copied())?;
            if matched {
                match_from(&p[1 + used..], &n[1..])
            } else {
                check_syntax(&p[1 + used..]).map(|_| false)
            }
        }
        '\\' => {
            let c = *p.get(1).ok_or(())?;
            if n.first() == Some(&c) {
                match_from(&p[2..], &n[1..])
            } else {
                check_syntax(&p[2..]).map(|_| false)
            }
        }
        c => {
            if n.first() == Some(&c) {
                match_from(&p[1..], &n[1..])
            } else {
                check_syntax(&p[1..]).map(|_| false)
            }
        }
    }
}

/// Go's `Match` reports `ErrBadPattern` even when the name fails to match earlier.
fn check_syntax(p: &[char]) -> Result<(), ()> {
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            '[' => {
                let (_, used) = match_class(&p[i + 1..], None)?;
                i += 1 + used;
            }
            '\\' => {
                if i + 1 >= p.len() {
                    return Err(());
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// A character class after `[`: whether `c` matches, and how many pattern chars were used
/// (through the closing `]`).
fn match_class(p: &[char], c: Option<char>) -> Result<(bool, usize), ()> {
    let mut i = 0;
    let negated = p.first() == Some(&'^');
    if negated {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let lo = match p.get(i) {
            None => return Err(()),
            Some(']') if !first => {
                i += 1;
                break;
            }
            Some('\\') => {
                i += 1;
                *p.get(i).ok_or(())?
            }
            Some('-') | Some(']') if first => return Err(()),
            Some(&x) => x,
        };
        i += 1;
        first = false;
        let mut hi = lo;
        if p.get(i) == Some(&'-') {
            i += 1;
            hi = match p.get(i) {
                None | Some(']') | Some('-') => return Err(()),
                Some('\\') => {
                    i += 1;
                    *p.get(i).ok_or(())?
                }
                Some(&x) => x,
            };
            i += 1;
        }
        if let Some(c) = c {
            if lo <= c && c <= hi {
                matched = true;
            }
        }
    }
    Ok((c.is_some() && c != Some('/') && matched != negated, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helm_ignore_rules() {
        let mut r = Rules::parse("# comment\n.git/\n*.swp\n/secret.txt\ndocs/*.md\n").unwrap();
        r.add_defaults();
        assert!(r.ignore(".git", true));
        assert!(!r.ignore(".git", false));
        assert!(r.ignore("a/b.swp", false));
        assert!(r.ignore("secret.txt", false));
        assert!(!r.ignore("x/secret.txt", false));
        assert!(r.ignore("docs/a.md", false));
        assert!(r.ignore("templates/.hidden", false));
        assert!(!r.ignore("templates/ok.yaml", false));
        assert!(Rules::parse("a/**").is_err());
        assert_eq!(go_match("[a-c]?", "bx"), Ok(true));
        assert_eq!(go_match("[^a]", "a"), Ok(false));
        assert!(go_match("[", "x").is_err());
    }
}
