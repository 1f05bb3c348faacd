//! Resource identity as kustomize defines it: group/version/kind plus namespace and name, with
//! "" and "default" the same namespace and cluster-scoped kinds outside any namespace.

use std::collections::HashMap;
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
        scopes().get(&(self.api_version(), self.kind.clone())).copied() == Some(false)
    }
}

/// kyaml's `Gvk.String()`: `Deployment.v1.apps`, with `[noKind]`, `[noVer]`, `[noGrp]` for empty
/// parts.
impl fmt::Display for Gvk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let or = |s: &str, d: &'static str| if s.is_empty() { d.to_string() } else { s.to_string() };
        write!(f, "{}.{}.{}", or(&self.kind, "[noKind]"), or(&self.version, "[noVer]"), or(&self.group, "[noGrp]"))
    }
}

/// (apiVersion, kind) → namespaced?
fn scopes() -> &'static HashMap<(String, String), bool> {
    static SCOPES: OnceLock<HashMap<(String, String), bool>> = OnceLock::new();
    SCOPES.get_or_init(|| {
        include_str!("../../schema/scopes.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| {
                let mut parts = l.split('\t');
                let (av, kind, scope) = (parts.next()?, parts.next()?, parts.next()?);
                Some(((av.to_string(), kind.to_string()), scope == "Namespaced"))
            })
            .collect()
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

    /// A key for hashing that agrees with [`ResId::equals`].
    pub fn key(&self) -> (Gvk, String, String) {
        (self.gvk.clone(), self.effective_namespace().to_string(), self.name.clone())
    }
}

/// kyaml's `ResId.String()`: `Deployment.v1.apps/name.namespace` with `[noName]`/`[noNs]` for
/// empties (error messages name resources this way).
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
        assert_eq!(ResId::new(Gvk::new("", "v1", "ConfigMap"), "ns", "").to_string(), "ConfigMap.v1.[noGrp]/[noName].ns");
        assert!(id.equals(&ResId::new(Gvk::new("apps", "v1", "Deployment"), "default", "web")));
    }
}
