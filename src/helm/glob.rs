//! Glob patterns as `github.com/gobwas/glob` compiles them with `/` as separator (what
//! `.Files.Glob` uses): `*` stops at `/`, `**` does not, `?`, `[a-z]`, `[!x]`, `{a,b}`
//! alternatives, `\` escapes.

#[derive(Debug, Clone)]
enum Node {
    Lit(char),
    Single,
    Star,
    SuperStar,
    Class { negated: bool, ranges: Vec<(char, char)> },
    Alt(Vec<Vec<Node>>),
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Glob {
    nodes: Vec<Node>,
}

struct Parser<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
}

impl Parser<'_> {
    /// Parses a sequence until end, or (inside braces) until `,` or `}`.
    fn seq(&mut self, in_alt: bool) -> Result<Vec<Node>, String> {
        let mut out = Vec::new();
        while let Some(&c) = self.chars.peek() {
            if in_alt && (c == ',' || c == '}') {
                return Ok(out);
            }
            self.chars.next();
            match c {
                '*' => {
                    if self.chars.peek() == Some(&'*') {
                        self.chars.next();
                        out.push(Node::SuperStar);
                    } else {
                        out.push(Node::Star);
                    }
                }
                '?' => out.push(Node::Single),
                '\\' => match self.chars.next() {
                    Some(e) => out.push(Node::Lit(e)),
                    None => return Err("unexpected end of input after escape".into()),
                },
                '[' => out.push(self.class()?),
                '{' => {
                    let mut alts = Vec::new();
                    loop {
                        alts.push(self.seq(true)?);
                        match self.chars.next() {
                            Some(',') => continue,
                            Some('}') => break,
                            _ => return Err("unexpected end of input in alternatives".into()),
                        }
                    }
                    out.push(Node::Alt(alts));
                }
                c => out.push(Node::Lit(c)),
            }
        }
        if in_alt {
            return Err("unexpected end of input in alternatives".into());
        }
        Ok(out)
    }

    fn class(&mut self) -> Result<Node, String> {
        let mut negated = false;
        if self.chars.peek() == Some(&'!') {
            self.chars.next();
            negated = true;
        }
        let mut ranges = Vec::new();
        loop {
            let c = match self.chars.next() {
                None => return Err("unexpected end of input in character class".into()),
                Some(']') => break,
                Some('\\') => self.chars.next().ok_or("unexpected end of input")?,
                Some(c) => c,
            };
            if self.chars.peek() == Some(&'-') {
                self.chars.next();
                let hi = match self.chars.next() {
                    None | Some(']') => return Err("could not parse range".into()),
                    Some(h) => h,
                };
                ranges.push((c, hi));
            } else {
                ranges.push((c, c));
            }
        }
        if ranges.is_empty() {
            return Err("empty character class".into());
        }
        Ok(Node::Class { negated, ranges })
    }
}

impl Glob {
    /// Compiles a pattern; `Err` with the reason when it is malformed.
    pub fn compile(pattern: &str) -> Result<Glob, String> {
        let mut p = Parser { chars: pattern.chars().peekable() };
        Ok(Glob { nodes: p.seq(false)? })
    }

    pub fn matches(&self, s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        match_nodes(&self.nodes, &chars, &[])
    }
}

/// Matches `nodes` followed by `rest` (continuations after an alternative) against `s`.
fn match_nodes(nodes: &[Node], s: &[char], rest: &[&[Node]]) -> bool {
    let Some((first, tail)) = nodes.split_first() else {
        return match rest.split_first() {
            Some((next, more)) => match_nodes(next, s, more),
            None => s.is_empty(),
        };
    };
    match first {
        Node::Lit(c) => s.first() == Some(c) && match_nodes(tail, &s[1..], rest),
        Node::Single => s.first().is_some_and(|&c| c != '/') && match_nodes(tail, &s[1..], rest),
        Node::Class { negated, ranges } => match s.first() {
            Some(&c) => {
                let inside = ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi);
                inside != *negated && match_nodes(tail, &s[1..], rest)
            }
            None => false,
        },
        Node::Star => {
            for i in 0..=s.len() {
                if match_nodes(tail, &s[i..], rest) {
                    return true;
                }
                if i < s.len() && s[i] == '/' {
                    break;
                }
            }
            false
        }
        Node::SuperStar => (0..=s.len()).any(|i| match_nodes(tail, &s[i..], rest)),
        Node::Alt(alts) => {
            let mut cont: Vec<&[Node]> = vec![tail];
            cont.extend_from_slice(rest);
            alts.iter().any(|a| match_nodes(a, s, &cont))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gobwas_semantics() {
        let g = |p: &str, s: &str| Glob::compile(p).unwrap().matches(s);
        assert!(g("files/*", "files/a.txt"));
        assert!(!g("files/*", "files/sub/c.conf"));
        assert!(g("files/**", "files/sub/c.conf"));
        assert!(g("config/*.{yaml,json}", "config/app.json"));
        assert!(g("[a-c]?x", "b1x"));
        assert!(!g("[!a-c]?x", "b1x"));
        assert!(g("*", "README.md"));
        assert!(!g("*", "a/b"));
        assert!(Glob::compile("[").is_err());
        assert!(Glob::compile("{a,b").is_err());
    }
}
