//! Go's `path` package: slash-separated paths, whatever the OS.

/// Go's `path.Clean`.
pub fn clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if matches!(out.last(), Some(l) if *l != "..") {
                    out.pop();
                } else if !rooted {
                    out.push("..");
                }
            }
            x => out.push(x),
        }
    }
    let joined = out.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_as_go() {
        // Cases of Go's path/path_test.go, with their answers.
        for (p, want) in [("", "."), ("abc/", "abc"), ("/abc/def/../..", "/"), ("abc/./../def", "def"), ("../../abc", "../../abc"), ("/../abc", "/abc"), ("a//b/../c", "a/c"), ("abc/def/../../..", "..")] {
            assert_eq!(clean(p), want, "Clean({p:?})");
        }
    }
}
