//! Resource identity as kustomize defines it: group/version/kind plus namespace and name, with
//! "" and "default" the same namespace and cluster-scoped kinds outside any namespace.

use std::fmt;
use std::sync::OnceLock;

/// Group, version, kind.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Gvk {
    pub group: String,
    pub version: String,
    pub kind: String,
}

impl Gvk {
    pub fn new(group: impl Into<String>, version: impl Into<String>, kind: impl Into<String>) -> Gvk {
        Gvk { group: group.into(), version: version.into(), kind: kind.into() }
    }

    /// From `apiVersion` and `kind` (`apps/v1` → group `apps`, version `v1`).
    pub fn from_api_version(api_version: &str, kind: &str) -> Gvk {
        let (group, version) = match api_version.split_once('/') {
            Some((g, v)) => (g, v),
            None => ("", api_version),
        };
        Gvk::new(group, version, kind)
    }

    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// True when the Kubernetes OpenAPI kustomize uses says this kind is cluster scoped.
    pub fn is_cluster_scoped(&self) -> bool {
        is_cluster_scoped(&self.group, &self.version, &self.kind)
    }

    /// kyaml's `Gvk.IsSelected`: empty selector fields match anything.
    pub fn is_selected_by(&self, selector: &Gvk) -> bool {
        (selector.group.is_empty() || selector.group == self.group)
            && (selector.version.is_empty() || selector.version == self.version)
            && (selector.kind.is_empty() || selector.kind == self.kind)
    }

    /// kyaml's `Gvk.IsLessThan`: kinds in the legacy priority order, then `group_version_kind`.
    pub fn is_less_than(&self, other: &Gvk) -> bool {
        let (a, b) = (kind_rank(&self.kind), kind_rank(&other.kind));
        if a != b {
            return a < b;
        }
        // The bytes of `stable_sort_string`, compared without building the strings.
        fn part<'a>(s: &'a str, default: &'static str) -> std::slice::Iter<'a, u8> {
            if s.is_empty() { default.as_bytes().iter() } else { s.as_bytes().iter() }
        }
        fn bytes(g: &Gvk) -> impl Iterator<Item = u8> + '_ {
            part(&g.group, "~G").chain(b"_").chain(part(&g.version, "~V")).chain(b"_").chain(part(&g.kind, "~K")).copied()
        }
        bytes(self).lt(bytes(other))
    }

    /// kyaml's `stableSortString`: `group_version_kind` with `~G`/`~V`/`~K` for empty parts.
    pub fn stable_sort_string(&self) -> String {
        let or = |s: &str, d: &'static str| if s.is_empty() { d.to_string() } else { s.to_string() };
        format!("{}_{}_{}", or(&self.group, "~G"), or(&self.version, "~V"), or(&self.kind, "~K"))
    }
}

/// [`Gvk::is_cluster_scoped`] on borrowed parts.
pub fn is_cluster_scoped(group: &str, version: &str, kind: &str) -> bool {
    let table = scopes();
    let found = table
        .binary_search_by(|(k, _)| k.as_str().cmp(kind))
        .ok()
        .and_then(|i| table[i].1.iter().find(|(g, v, _)| g == group && v == version));
    match found {
        Some((_, _, namespaced)) => !namespaced,
        None => {
            crate::kustomize::openapi::build_state::note_unknown_scope_query();
            false
        }
    }
}

/// `apiVersion` split into group and version, borrowed (`apps/v1` → `apps`, `v1`).
pub fn split_api_version(api_version: &str) -> (&str, &str) {
    api_version.split_once('/').unwrap_or(("", api_version))
}

/// The rank kyaml gives a kind in its default order (negative: first kinds, positive: last kinds).
pub fn kind_rank(kind: &str) -> i64 {
    use crate::kustomize::sort::{DEFAULT_ORDER_FIRST, DEFAULT_ORDER_LAST};
    if let Some(i) = DEFAULT_ORDER_FIRST.iter().position(|k| *k == kind) {
        return i as i64 - DEFAULT_ORDER_FIRST.len() as i64;
    }
    if let Some(i) = DEFAULT_ORDER_LAST.iter().position(|k| *k == kind) {
        return 1 + i as i64;
    }
    0
}

/// kyaml's `Gvk.String()`: `Deployment.v1.apps`, with `[noKind]`, `[noVer]`, `[noGrp]` for empty
/// parts.
impl fmt::Display for Gvk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn or<'a>(s: &'a str, d: &'a str) -> &'a str {
            if s.is_empty() {
                d
            } else {
                s
            }
        }
        write!(f, "{}.{}.{}", or(&self.kind, "[noKind]"), or(&self.version, "[noVer]"), or(&self.group, "[noGrp]"))
    }
}

/// kind → [(group, version, namespaced)].
/// Sorted by kind, for lookups without hashing (this is on every id computation's path).
type ScopeTable = Vec<(String, Vec<(String, String, bool)>)>;

fn scopes() -> &'static ScopeTable {
    static SCOPES: OnceLock<ScopeTable> = OnceLock::new();
    SCOPES.get_or_init(|| {
        let mut map: std::collections::BTreeMap<String, Vec<(String, String, bool)>> = Default::default();
        for l in include_str!("../../schema/scopes.tsv").lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let mut parts = l.split('\t');
            let (Some(av), Some(kind), Some(scope)) = (parts.next(), parts.next(), parts.next()) else { continue };
            let g = Gvk::from_api_version(av, kind);
            map.entry(kind.to_string()).or_default().push((g.group, g.version, scope == "Namespaced"));
        }
        map.into_iter().collect()
    })
}

/// The namespace kustomize reports for an id: a marker for cluster-scoped kinds, `default` for an
/// empty namespace.
pub const NOT_A_NAMESPACE: &str = "_non_namespaceable_";

/// A resource's identity.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct ResId {
    pub gvk: Gvk,
    pub name: String,
    pub namespace: String,
}

impl ResId {
    pub fn new(gvk: Gvk, namespace: impl Into<String>, name: impl Into<String>) -> ResId {
        ResId { gvk, namespace: namespace.into(), name: name.into() }
    }

    /// kustomize's `EffectiveNamespace`.
    pub fn effective_namespace(&self) -> &str {
        if self.gvk.is_cluster_scoped() {
            NOT_A_NAMESPACE
        } else if self.namespace.is_empty() || self.namespace == "default" {
            "default"
        } else {
            &self.namespace
        }
    }

    /// kustomize's `ResId.Equals`: same gvk and name, same effective namespace.
    pub fn equals(&self, other: &ResId) -> bool {
        self.gvk == other.gvk && self.name == other.name && self.effective_namespace() == other.effective_namespace()
    }

    /// kyaml's `GvknEquals`: same gvk and name, namespace ignored.
    pub fn gvkn_equals(&self, other: &ResId) -> bool {
        self.gvk == other.gvk && self.name == other.name
    }

    /// kyaml's `IsNsEquals`.
    pub fn is_ns_equals(&self, other: &ResId) -> bool {
        self.effective_namespace() == other.effective_namespace()
    }

    /// kyaml's `IsSelectedBy`: empty selector name/namespace/gvk parts match anything.
    pub fn is_selected_by(&self, selector: &ResId) -> bool {
        (selector.name.is_empty() || selector.name == self.name)
            && (selector.namespace.is_empty() || selector.is_ns_equals(self))
            && self.gvk.is_selected_by(&selector.gvk)
    }

    /// kyaml's `resid.FromString`, the inverse of `Display`.
    pub fn from_string(s: &str) -> ResId {
        let (gvk_part, rest) = s.split_once('/').unwrap_or((s, ""));
        let gvk = {
            let values: Vec<&str> = gvk_part.split('.').collect();
            if values.len() < 3 {
                Gvk::new("[noGrp]", "[noVer]", "[noKind]")
            } else {
                let k = if values[0] == "[noKind]" { "" } else { values[0] };
                let v = if values[1] == "[noVer]" { "" } else { values[1] };
                let g = values[2..].join(".");
                Gvk::new(if g == "[noGrp]" { String::new() } else { g }, v, k)
            }
        };
        let rest: Vec<&str> = rest.split('.').collect();
        let last = rest.len() - 1;
        let ns = if rest[last] == "[noNs]" { "" } else { rest[last] };
        let name = rest[..last].join(".");
        ResId::new(gvk, ns, if name == "[noName]" { String::new() } else { name })
    }

    /// A key for hashing that agrees with [`ResId::equals`].
    pub fn key(&self) -> (Gvk, String, String) {
        (self.gvk.clone(), self.effective_namespace().to_string(), self.name.clone())
    }
}

/// kyaml's `ResId.String()`: `Deployment.v1.apps/name.namespace` with `[noName]`/`[noNs]` for
/// empties.
impl fmt::Display for ResId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ns = if self.namespace.is_empty() { "[noNs]" } else { &self.namespace };
        let name = if self.name.is_empty() { "[noName]" } else { &self.name };
        write!(f, "{}/{}.{}", self.gvk, name, ns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_and_strings() {
        assert!(Gvk::new("", "v1", "Namespace").is_cluster_scoped());
        assert!(!Gvk::new("apps", "v1", "Deployment").is_cluster_scoped());
        assert!(!Gvk::new("example.com", "v1", "Unknown").is_cluster_scoped());
        let id = ResId::new(Gvk::new("apps", "v1", "Deployment"), "", "web");
        assert_eq!(id.to_string(), "Deployment.v1.apps/web.[noNs]");
        assert_eq!(ResId::from_string("Deployment.v1.apps/web.[noNs]"), id);
        let dotted = ResId::new(Gvk::new("", "v1", "ConfigMap"), "ns", "a.b");
        assert_eq!(ResId::from_string(&dotted.to_string()), dotted);
        assert!(id.equals(&ResId::new(Gvk::new("apps", "v1", "Deployment"), "default", "web")));
    }
}

#[cfg(test)]
mod less_than_tests {
    use super::Gvk;

    #[test]
    fn same_order_as_stable_sort_strings() {
        let parts = ["", "a", "apps", "a_b", "~", "v1", "Z", "Deployment", "Foo"];
        let mut gvks = Vec::new();
        for g in parts {
            for v in ["", "v1", "v1beta1"] {
                for k in parts {
                    gvks.push(Gvk::new(g, v, k));
                }
            }
        }
        for a in &gvks {
            for b in &gvks {
                let expected = if super::kind_rank(&a.kind) != super::kind_rank(&b.kind) {
                    super::kind_rank(&a.kind) < super::kind_rank(&b.kind)
                } else {
                    a.stable_sort_string() < b.stable_sort_string()
                };
                assert_eq!(a.is_less_than(b), expected, "{a:?} {b:?}");
            }
        }
    }
}
