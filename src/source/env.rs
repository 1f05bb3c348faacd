//! The build environment Argo CD gives a source (`newEnv`): `ARGOCD_APP_NAME`,
//! `ARGOCD_APP_NAMESPACE`, `ARGOCD_APP_REVISION`, … and its `Envsubst`, Go's `os.Expand` where
//! `$$` stands for a literal `$` and unknown variables expand to nothing.

/// An ordered list of `NAME=value` entries (`v1alpha1.Env`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Env(pub Vec<(String, String)>);

/// What the build environment is made of (`ManifestRequest` fields).
#[derive(Clone, Debug, Default)]
pub struct EnvInputs {
    pub app_name: String,
    pub app_namespace: String,
    pub project: String,
    pub revision: String,
    pub repo_url: String,
    pub source_path: String,
    pub target_revision: String,
}

fn shorten(revision: &str, n: usize) -> String {
    if revision.len() > n {
        revision.get(..n).unwrap_or(revision).to_string()
    } else {
        revision.to_string()
    }
}

impl Env {
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Env {
        Env(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    /// `newEnv(q, revision)`.
    pub fn build(i: &EnvInputs) -> Env {
        Env::from_pairs(&[
            ("ARGOCD_APP_NAME", &i.app_name),
            ("ARGOCD_APP_NAMESPACE", &i.app_namespace),
            ("ARGOCD_APP_PROJECT_NAME", &i.project),
            ("ARGOCD_APP_REVISION", &i.revision),
            ("ARGOCD_APP_REVISION_SHORT", &shorten(&i.revision, 7)),
            ("ARGOCD_APP_REVISION_SHORT_8", &shorten(&i.revision, 8)),
            ("ARGOCD_APP_SOURCE_REPO_URL", &i.repo_url),
            ("ARGOCD_APP_SOURCE_PATH", &i.source_path),
            ("ARGOCD_APP_SOURCE_TARGET_REVISION", &i.target_revision),
        ])
    }

    /// The value of a variable (the last entry of that name).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }

    /// `Env.Environ()`: `NAME=value` strings.
    pub fn environ(&self) -> Vec<String> {
        self.0.iter().map(|(k, v)| format!("{k}={v}")).collect()
    }

    /// `Env.Envsubst`.
    pub fn envsubst(&self, s: &str) -> String {
        os_expand(s, |name| if name == "$" { "$".to_string() } else { self.get(name).unwrap_or("").to_string() })
    }
}

fn is_shell_special(c: u8) -> bool {
    matches!(c, b'*' | b'#' | b'$' | b'@' | b'!' | b'?' | b'-' | b'0'..=b'9')
}

fn is_alnum(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphanumeric()
}

/// Go's `getShellName`: the name after a `$` and how many bytes it takes.
fn shell_name(s: &[u8]) -> (&[u8], usize) {
    if s[0] == b'{' {
        if s.len() > 2 && is_shell_special(s[1]) && s[2] == b'}' {
            return (&s[1..2], 3);
        }
        for i in 1..s.len() {
            if s[i] == b'}' {
                if i == 1 {
                    return (&[], 2);
                }
                return (&s[1..i], i + 1);
            }
        }
        return (&[], 1);
    }
    if is_shell_special(s[0]) {
        return (&s[0..1], 1);
    }
    let n = s.iter().take_while(|&&c| is_alnum(c)).count();
    (&s[..n], n)
}

/// Go's `os.Expand`.
pub fn os_expand(s: &str, mapping: impl Fn(&str) -> String) -> String {
    let b = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    let mut j = 0;
    while j < b.len() {
        if b[j] == b'$' && j + 1 < b.len() {
            out.extend_from_slice(&b[i..j]);
            let (name, w) = shell_name(&b[j + 1..]);
            if name.is_empty() && w > 0 {
                // Bad syntax: the characters are eaten.
            } else if name.is_empty() {
                out.push(b'$');
            } else {
                out.extend_from_slice(mapping(&String::from_utf8_lossy(name)).as_bytes());
            }
            j += w;
            i = j + 1;
        }
        j += 1;
    }
    if i <= b.len() {
        out.extend_from_slice(&b[i.min(b.len())..]);
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envsubst_as_go_os_expand() {
        let env = Env::from_pairs(&[("ARGOCD_APP_NAME", "guestbook"), ("A", "x")]);
        let cases = [
            ("$ARGOCD_APP_NAME", "guestbook"),
            ("${ARGOCD_APP_NAME}-1", "guestbook-1"),
            ("a$$b", "a$b"),
            ("$$ARGOCD_APP_NAME", "$ARGOCD_APP_NAME"),
            ("${UNKNOWN}z", "z"),
            ("cost: 5$", "cost: 5$"),
            ("$-x", "x"),
            ("${}y", "y"),
            ("${A", "A"),
            ("$Ab", ""),
            ("$A.b", "x.b"),
            ("100% $ sure", "100% $ sure"),
        ];
        for (input, want) in cases {
            assert_eq!(env.envsubst(input), want, "{input}");
        }
    }

    #[test]
    fn build_env_shortens_revisions() {
        let env = Env::build(&EnvInputs { app_name: "a".into(), revision: "0123456789abcdef".into(), ..Default::default() });
        assert_eq!(env.get("ARGOCD_APP_REVISION_SHORT"), Some("0123456"));
        assert_eq!(env.get("ARGOCD_APP_REVISION_SHORT_8"), Some("01234567"));
        assert_eq!(env.environ()[0], "ARGOCD_APP_NAME=a");
    }
}
