//! Secrets' values hidden in diffs: each value of `data` and `stringData` becomes
//! `<redacted:HASH>`, HASH a salted digest (salt chosen per run) of the key and value, so a value
//! that changed shows as changed and equal ones compare equal, without the diff (or a PR comment)
//! revealing them, or allowing a guess to be checked against another run's output.

use sha2::{Digest, Sha256};

/// A random salt for one run.
pub fn new_salt() -> [u8; 16] {
    use rand_core::RngCore;
    let mut salt = [0u8; 16];
    rand_core::OsRng.fill_bytes(&mut salt);
    salt
}

fn token(salt: &[u8; 16], key: &str, value: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt);
    h.update(key.as_bytes());
    h.update([0]);
    h.update(value.as_bytes());
    let d = h.finalize();
    let hex: String = d.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("<redacted:{hex}>")
}

/// The Secret document `yaml` with its values replaced; a document that cannot be read is
/// replaced whole (nothing of it is shown).
pub fn secret(yaml: &str, salt: &[u8; 16]) -> String {
    let comments: String = yaml.lines().take_while(|l| l.starts_with('#')).map(|l| format!("{l}\n")).collect();
    let mut node = match crate::resource::read::objects_from_bytes(yaml.as_bytes()) {
        Ok(mut nodes) if nodes.len() == 1 => nodes.remove(0),
        _ => return format!("{}\n", token(salt, "", yaml)),
    };
    for field in ["data", "stringData"] {
        if let Some(map) = node.get_mut(field).and_then(|m| m.as_map_mut()) {
            for (k, v) in map.iter_mut() {
                let text = v.as_str().unwrap_or("").to_string();
                *v = crate::yaml::Node::string(token(salt, k, &text));
            }
        }
    }
    match crate::yaml::node_to_yaml(&node) {
        Ok(text) => format!("{comments}{text}"),
        Err(_) => format!("{}\n", token(salt, "", yaml)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_hidden_changes_visible() {
        let salt = [7u8; 16];
        let a = super::secret("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: aHVudGVyMg==\n  user: YWRtaW4=\n", &salt);
        let b = super::secret("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: c2VjcmV0\n  user: YWRtaW4=\n", &salt);
        assert!(!a.contains("aHVudGVyMg") && !b.contains("c2VjcmV0"), "{a}");
        assert!(a.contains("name: s\n"));
        let line = |t: &str, k: &str| t.lines().find(|l| l.trim_start().starts_with(k)).unwrap().to_string();
        assert_eq!(line(&a, "user:"), line(&b, "user:"));
        assert_ne!(line(&a, "password:"), line(&b, "password:"));
        assert!(line(&a, "password:").contains("<redacted:"));
    }
}
