//! Comparing two renderings of an app resource by resource, keyed by group/kind/namespace/name,
//! after the filters (`--ignore-resource`, `--ignore` lines) and with Secret values redacted.

use crate::monorepo::render::{Doc, ResKey};
use regex::Regex;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    pub fn name(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// One resource that differs: its text on each side (after filters and redaction).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceDiff {
    pub key: ResKey,
    pub change: Change,
    pub base: String,
    pub head: String,
}

/// `--ignore-resource group:kind:name`: `*` matches anything, `core` or an empty group the core
/// group; a `namespace/name` name also matches the namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceSpec {
    group: String,
    kind: String,
    name: String,
}

impl ResourceSpec {
    pub fn parse(s: &str) -> Result<ResourceSpec, String> {
        let parts: Vec<&str> = s.split(':').collect();
        let [group, kind, name] = parts.as_slice() else {
            return Err(format!("--ignore-resource {s:?}: expected group:kind:name (`*` for any, `core` or empty for the core group)"));
        };
        let group = if *group == "core" { "" } else { group };
        Ok(ResourceSpec { group: group.to_string(), kind: kind.to_string(), name: name.to_string() })
    }

    pub fn matches(&self, k: &ResKey) -> bool {
        let eq = |pat: &str, v: &str| pat == "*" || pat == v;
        let name_ok = match self.name.split_once('/') {
            Some((ns, n)) => eq(ns, &k.namespace) && eq(n, &k.name),
            None => eq(&self.name, &k.name),
        };
        eq(&self.group, &k.group) && eq(&self.kind, &k.kind) && name_ok
    }
}

/// What is left out of a comparison, and how secrets are shown.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    pub ignore_lines: Vec<Regex>,
    pub ignore_resources: Vec<ResourceSpec>,
    /// Per-run salt for redacted values (`None`: secrets shown).
    pub redact_salt: Option<[u8; 16]>,
}

impl Filters {
    fn keep(&self, k: &ResKey) -> bool {
        !self.ignore_resources.iter().any(|s| s.matches(k))
    }

    /// A document's text as compared: redacted, ignored lines dropped.
    fn text(&self, d: &Doc) -> String {
        let text = match (&self.redact_salt, d.key.group.is_empty() && d.key.kind == "Secret") {
            (Some(salt), true) => super::redact::secret(&d.yaml, salt),
            _ => d.yaml.clone(),
        };
        if self.ignore_lines.is_empty() {
            return text;
        }
        text.split_inclusive('\n').filter(|l| !self.ignore_lines.iter().any(|r| r.is_match(l.trim_end_matches('\n')))).collect()
    }
}

/// Documents by key; a key seen again gets `#2`, `#3`… appended to its name.
fn by_key(docs: &[Doc], f: &Filters) -> BTreeMap<ResKey, String> {
    let mut out = BTreeMap::new();
    for d in docs.iter().filter(|d| f.keep(&d.key)) {
        let mut key = d.key.clone();
        let mut n = 1;
        while out.contains_key(&key) {
            n += 1;
            key = ResKey { name: format!("{}#{n}", d.key.name), ..d.key.clone() };
        }
        out.insert(key, f.text(d));
    }
    out
}

/// The resources that differ between `base` and `head`, sorted by key.
pub fn compare(base: &[Doc], head: &[Doc], f: &Filters) -> Vec<ResourceDiff> {
    let b = by_key(base, f);
    let mut h = by_key(head, f);
    let mut out = Vec::new();
    for (key, btext) in b {
        match h.remove(&key) {
            None => out.push(ResourceDiff { key, change: Change::Removed, base: btext, head: String::new() }),
            Some(htext) if htext != btext => out.push(ResourceDiff { key, change: Change::Changed, base: btext, head: htext }),
            Some(_) => {}
        }
    }
    for (key, htext) in h {
        out.push(ResourceDiff { key, change: Change::Added, base: String::new(), head: htext });
    }
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(kind: &str, name: &str, yaml: &str) -> Doc {
        Doc { key: ResKey { group: String::new(), kind: kind.into(), namespace: "ns".into(), name: name.into() }, yaml: yaml.into() }
    }

    #[test]
    fn added_removed_changed_and_filters() {
        let base = vec![doc("ConfigMap", "a", "x: 1\nstamp: 1\n"), doc("ConfigMap", "b", "y: 1\n"), doc("Service", "s", "p: 1\n")];
        let head = vec![doc("ConfigMap", "a", "x: 1\nstamp: 2\n"), doc("ConfigMap", "c", "z: 1\n"), doc("Service", "s", "p: 2\n")];
        let f = Filters::default();
        let d = compare(&base, &head, &f);
        let got: Vec<(String, Change)> = d.iter().map(|r| (r.key.to_string(), r.change)).collect();
        assert_eq!(
            got,
            [
                ("ConfigMap/ns/a".to_string(), Change::Changed),
                ("ConfigMap/ns/b".to_string(), Change::Removed),
                ("ConfigMap/ns/c".to_string(), Change::Added),
                ("Service/ns/s".to_string(), Change::Changed)
            ]
        );
        let f = Filters {
            ignore_lines: vec![Regex::new("^stamp:").unwrap()],
            ignore_resources: vec![ResourceSpec::parse("core:Service:*").unwrap(), ResourceSpec::parse(":ConfigMap:ns/b").unwrap()],
            redact_salt: None,
        };
        let d = compare(&base, &head, &f);
        let got: Vec<String> = d.iter().map(|r| r.key.to_string()).collect();
        assert_eq!(got, ["ConfigMap/ns/c"]);
        assert!(ResourceSpec::parse("a:b").is_err());
    }
}
