//! Sprig's regex family over [`crate::golang::regexp`]. The plain variants use Go's
//! `regexp.MustCompile`, whose panic text becomes the template error (`regexp: Compile(`…`): …`);
//! the `must*` variants return the compile error itself (`error parsing regexp: …`), except
//! `regexMatch`, which swallows it into `false`.

pub mod funcs;

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::golang::regexp::{must_compile_message, quote_meta, Error, GoRegexp};

/// Compiled patterns, shared (templates call the same pattern over and over).
type Cache = Mutex<HashMap<String, Result<GoRegexp, Error>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn compile(pattern: &str) -> Result<GoRegexp, Error> {
    let cache = cache();
    if let Some(hit) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(pattern) {
        return hit.clone();
    }
    let result = GoRegexp::compile(pattern);
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    if map.len() > 4096 {
        map.clear();
    }
    map.insert(pattern.to_string(), result.clone());
    result
}

/// The functions whose first argument is a pattern.
const PATTERN_FUNCS: &[&str] = &[
    "regexMatch",
    "mustRegexMatch",
    "regexFindAll",
    "mustRegexFindAll",
    "regexFind",
    "mustRegexFind",
    "regexReplaceAll",
    "mustRegexReplaceAll",
    "regexReplaceAllLiteral",
    "mustRegexReplaceAllLiteral",
    "regexSplit",
    "mustRegexSplit",
];

/// Compiles, into the shared cache, the constant patterns a template text passes to the regex
/// functions (`regexMatch "^v\\d+"`): compiling is most of a first call's cost, and this can run
/// on another core ahead of execution. A text the scan misreads only costs a wasted compile.
pub fn precompile_literals(text: &str) {
    let b = text.as_bytes();
    for at in memchr::memmem::find_iter(b, b"egex") {
        let start = b[..at].iter().rposition(|c| !c.is_ascii_alphanumeric()).map_or(0, |i| i + 1);
        let end = b[at..].iter().position(|c| !c.is_ascii_alphanumeric()).map_or(b.len(), |i| at + i);
        if !PATTERN_FUNCS.contains(&&text[start..end]) {
            continue;
        }
        let rest = text[end..].trim_start_matches([' ', '\t', '\n', '\r']);
        if rest.len() == text.len() - end {
            continue; // no space after the name
        }
        if let Some(pattern) = literal_at(rest) {
            let _ = compile(&pattern);
        }
    }
}

/// The Go string constant at the start of `s` (quoted or raw), unquoted.
fn literal_at(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let end = match b.first()? {
        b'`' => 1 + s[1..].find('`')?,
        b'"' => {
            let mut i = 1;
            loop {
                match *b.get(i)? {
                    b'\\' => i += 2,
                    b'"' => break i,
                    b'\n' => return None,
                    _ => i += 1,
                }
            }
        }
        _ => return None,
    };
    crate::gotmpl::quote::unquote(&s[..=end])
}

fn must(pattern: &str) -> Result<GoRegexp, String> {
    compile(pattern).map_err(|e| must_compile_message(pattern, &e))
}

fn owned(v: Vec<&str>) -> Vec<String> {
    v.into_iter().map(str::to_string).collect()
}

/// `regexMatch regex s` (a bad pattern is `false`).
pub fn regex_match(regex: &str, s: &str) -> bool {
    must_regex_match(regex, s).unwrap_or(false)
}

/// `mustRegexMatch regex s`.
pub fn must_regex_match(regex: &str, s: &str) -> Result<bool, String> {
    compile(regex).map(|re| re.is_match(s)).map_err(|e| e.to_string())
}

/// `regexFindAll regex s n` (an empty result is Go's nil slice).
pub fn regex_find_all(regex: &str, s: &str, n: i64) -> Result<Vec<String>, String> {
    Ok(owned(must(regex)?.find_all_string(s, n)))
}

/// `mustRegexFindAll regex s n`.
pub fn must_regex_find_all(regex: &str, s: &str, n: i64) -> Result<Vec<String>, String> {
    compile(regex).map(|re| owned(re.find_all_string(s, n))).map_err(|e| e.to_string())
}

/// `regexFind regex s`.
pub fn regex_find(regex: &str, s: &str) -> Result<String, String> {
    Ok(must(regex)?.find_string(s).to_string())
}

/// `mustRegexFind regex s`.
pub fn must_regex_find(regex: &str, s: &str) -> Result<String, String> {
    compile(regex).map(|re| re.find_string(s).to_string()).map_err(|e| e.to_string())
}

/// `regexReplaceAll regex s repl` (`$1`, `${name}` expanded).
pub fn regex_replace_all(regex: &str, s: &str, repl: &str) -> Result<String, String> {
    Ok(must(regex)?.replace_all_string(s, repl))
}

/// `mustRegexReplaceAll regex s repl`.
pub fn must_regex_replace_all(regex: &str, s: &str, repl: &str) -> Result<String, String> {
    compile(regex).map(|re| re.replace_all_string(s, repl)).map_err(|e| e.to_string())
}

/// `regexReplaceAllLiteral regex s repl`.
pub fn regex_replace_all_literal(regex: &str, s: &str, repl: &str) -> Result<String, String> {
    Ok(must(regex)?.replace_all_literal_string(s, repl))
}

/// `mustRegexReplaceAllLiteral regex s repl`.
pub fn must_regex_replace_all_literal(regex: &str, s: &str, repl: &str) -> Result<String, String> {
    compile(regex).map(|re| re.replace_all_literal_string(s, repl)).map_err(|e| e.to_string())
}

/// `regexSplit regex s n`.
pub fn regex_split(regex: &str, s: &str, n: i64) -> Result<Vec<String>, String> {
    Ok(owned(must(regex)?.split(s, n)))
}

/// `mustRegexSplit regex s n`.
pub fn must_regex_split(regex: &str, s: &str, n: i64) -> Result<Vec<String>, String> {
    compile(regex).map(|re| owned(re.split(s, n))).map_err(|e| e.to_string())
}

/// `regexQuoteMeta s`.
pub fn regex_quote_meta(s: &str) -> String {
    quote_meta(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values from the helm v4.2.3 oracle.
    #[test]
    fn sprig_wrappers() {
        assert!(!regex_match("(", "x"));
        assert_eq!(must_regex_match("(", "x").unwrap_err(), "error parsing regexp: missing closing ): `(`");
        assert_eq!(
            regex_find("(", "x").unwrap_err(),
            "regexp: Compile(`(`): error parsing regexp: missing closing ): `(`"
        );
        assert_eq!(regex_replace_all("a(x*)b", "-ab-axxb-", "${1}W").unwrap(), "-W-xxW-");
        assert_eq!(regex_replace_all_literal("a(x*)b", "-ab-axxb-", "${1}").unwrap(), "-${1}-${1}-");
        assert_eq!(regex_find_all("a.", "paranormal", 2).unwrap(), vec!["ar", "an"]);
        assert_eq!(regex_split("z+", "pizza", -1).unwrap(), vec!["pi", "a"]);
        assert_eq!(must_regex_split("", "abc", 2).unwrap(), vec!["a", "bc"]);
        assert_eq!(regex_quote_meta("1.2.3"), "1\\.2\\.3");
    }
}

#[cfg(test)]
mod precompile_tests {
    use super::*;

    #[test]
    fn constant_patterns_are_compiled_ahead() {
        let text = "{{ if regexMatch \"^x\\\\d+$\" .v }}{{ mustRegexReplaceAllLiteral `@y.*` .t \"\" }}{{ regexFind (printf \"z\") . }}{{ notregexMatch \"^w$\" }}";
        precompile_literals(text);
        let cached = |p: &str| cache().lock().unwrap().contains_key(p);
        assert!(cached("^x\\d+$"));
        assert!(cached("@y.*"));
        assert!(!cached("^w$"));
        assert_eq!(literal_at("\"a\\\"b\" rest"), Some("a\"b".to_string()));
        assert_eq!(literal_at("`raw\\d` x"), Some("raw\\d".to_string()));
        assert_eq!(literal_at("\"open"), None);
        assert_eq!(literal_at(".x"), None);
    }
}
