//! `.helmignore` (Helm's `pkg/ignore`): one `filepath.Match` pattern per line; `#` comments;
//! `!` negates; a trailing `/` matches directories only; a leading `/` or any `/` matches the
//! path from the chart root, otherwise the base name; `**` is refused. Helm always adds
//! `templates/.?*` (hidden files in `templates/`).
//!
//! As in Helm, a negated rule that does not match a path ignores that path.

use crate::golang::filepath::{matches, BAD_PATTERN};

#[derive(Debug, Clone)]
struct Pattern {
    rule: String,
    negate: bool,
    must_dir: bool,
    /// Match the whole relative path (`/` in the rule) rather than the base name.
    full_path: bool,
}

/// Parsed ignore rules.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    patterns: Vec<Pattern>,
}

impl Rules {
    /// `ignore.Parse` of a `.helmignore` file's text, then `AddDefaults`.
    pub fn parse(text: &[u8]) -> Result<Rules, String> {
        let mut r = Rules::default();
        let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
        for line in text.split(|b| *b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            r.add(&String::from_utf8_lossy(line))?;
        }
        r.add_defaults();
        Ok(r)
    }

    /// Only the default rule.
    pub fn defaults() -> Rules {
        let mut r = Rules::default();
        r.add_defaults();
        r
    }

    fn add_defaults(&mut self) {
        self.add("templates/.?*").expect("the default rule is valid");
    }

    /// `parseRule`.
    fn add(&mut self, rule: &str) -> Result<(), String> {
        let rule = rule.trim();
        if rule.is_empty() || rule.starts_with('#') {
            return Ok(());
        }
        if rule.contains("**") {
            return Err("double-star (**) syntax is not supported".into());
        }
        matches(rule, "abc").map_err(|_| BAD_PATTERN.to_string())?;
        let mut p = Pattern { rule: rule.to_string(), negate: false, must_dir: false, full_path: false };
        let mut r = rule;
        if let Some(rest) = r.strip_prefix('!') {
            p.negate = true;
            r = rest;
        }
        if let Some(rest) = r.strip_suffix('/') {
            p.must_dir = true;
            r = rest;
        }
        if let Some(rest) = r.strip_prefix('/') {
            p.full_path = true;
            r = rest;
        } else if r.contains('/') {
            p.full_path = true;
        }
        p.rule = r.to_string();
        self.patterns.push(p);
        Ok(())
    }

    fn matches(p: &Pattern, path: &str) -> bool {
        let name = if p.full_path { path } else { path.rsplit('/').next().unwrap_or(path) };
        // Most rules are a plain name or `*` and a plain suffix; they are compared directly,
        // as `filepath.Match` would decide them (`*` never spans a `/`).
        let rule = p.rule.as_str();
        let plain = |t: &str| !t.contains(['*', '?', '[', '\\']);
        if plain(rule) {
            return name == rule;
        }
        if let Some(suffix) = rule.strip_prefix('*') {
            if plain(suffix) {
                return name.len() >= suffix.len() && name.ends_with(suffix) && !name[..name.len() - suffix.len()].contains('/');
            }
        }
        matches(rule, name).unwrap_or(false)
    }

    /// `Rules.Ignore(path, fi)`: whether the chart-relative `path` is ignored.
    pub fn ignore(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        for p in &self.patterns {
            if p.negate {
                if p.must_dir && !is_dir {
                    return true;
                }
                if !Self::matches(p, path) {
                    return true;
                }
                continue;
            }
            if p.must_dir && !is_dir {
                continue;
            }
            if Self::matches(p, path) {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        let r = Rules::parse(b"# comment\n*.bak\n/top.txt\ndocs/\nsub/*.md\n\n").unwrap();
        assert!(r.ignore("x.bak", false));
        assert!(r.ignore("a/b/x.bak", false));
        assert!(r.ignore("top.txt", false));
        assert!(!r.ignore("a/top.txt", false));
        assert!(r.ignore("docs", true));
        assert!(!r.ignore("docs", false));
        assert!(r.ignore("sub/r.md", false));
        assert!(!r.ignore("other/sub/r.md", false));
        assert!(r.ignore("templates/.hidden", false));
        let r = Rules::parse(b"*.swp\n*~\nsub/*.md\nOWNERS\n").unwrap();
        assert!(r.ignore("a/b.swp", false));
        assert!(r.ignore(".swp", false));
        assert!(!r.ignore("b.swpx", false));
        assert!(r.ignore("x/notes~", false));
        assert!(!r.ignore("sub/a/b.md", false));
        assert!(r.ignore("x/OWNERS", false));
        assert!(!r.ignore("OWNERS.md", false));
        assert!(!r.ignore("templates/x.yaml", false));
        assert!(!r.ignore("Chart.yaml", false));
        // A negated rule ignores every path it does not match.
        let n = Rules::parse(b"!keep.txt\n").unwrap();
        assert!(n.ignore("other.txt", false));
        assert!(!n.ignore("keep.txt", false));
        assert_eq!(Rules::parse(b"a/**/b\n").unwrap_err(), "double-star (**) syntax is not supported");
        assert_eq!(Rules::parse(b"[\n").unwrap_err(), "syntax error in pattern");
    }
}
