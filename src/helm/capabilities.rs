//! `.Capabilities`: Helm's `*common.Capabilities` as `helm template` sets it without a cluster
//! (Kubernetes v1.36.0, Helm's built-in API version list, the Helm build info).

use crate::gotmpl::{Error, Method, NamedType, Object, Type, Value};
use crate::yaml::Value as J;
use std::rc::Rc;

/// The API versions Helm v4.2.3 knows by default (client-go v0.36's scheme, in the scheme's
/// priority order), as the reference Helm reports them.
pub const DEFAULT_API_VERSIONS: &[&str] = &[
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha2",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
];

/// `common.VersionSet` (a `[]string` with `Has`).
pub static VERSION_SET: NamedType = NamedType {
    name: "common.VersionSet",
    underlying: Type::StringList,
    methods: &[Method { name: "Has", sig: "func(string) bool", call: has }],
};

fn has(recv: &Value, a: &[Value]) -> Result<Value, Error> {
    let want = a.first().and_then(Value::as_str).unwrap_or("");
    let found = recv.as_list().is_some_and(|l| l.items.iter().any(|v| v.as_str() == Some(want)));
    Ok(Value::Bool(found))
}

/// `common.KubeVersion`.
#[derive(Debug, Clone)]
pub struct KubeVersion {
    pub version: String,
    pub normalized: String,
    pub major: String,
    pub minor: String,
}

impl KubeVersion {
    /// `vMAJOR.MINOR.PATCH` as Helm parses a `--kube-version`.
    pub fn new(version: &str) -> KubeVersion {
        let git = if version.starts_with('v') { version.to_string() } else { format!("v{version}") };
        let core: Vec<&str> = git[1..].split(|c: char| c == '-' || c == '+').next().unwrap_or("").split('.').collect();
        let num = |i: usize| core.get(i).and_then(|x| x.parse::<u64>().ok()).unwrap_or(0);
        KubeVersion {
            version: git.clone(),
            normalized: format!("v{}.{}.{}", num(0), num(1), num(2)),
            major: num(0).to_string(),
            minor: num(1).to_string(),
        }
    }
}

static KUBE_METHODS: &[Method] = &[
    Method { name: "GitVersion", sig: "func() string", call: kube_git_version },
    Method { name: "String", sig: "func() string", call: kube_string },
];

fn kube(recv: &Value) -> Option<&KubeVersion> {
    match recv {
        Value::Object(o) => o.as_any().downcast_ref::<KubeVersion>(),
        _ => None,
    }
}

fn kube_git_version(recv: &Value, _: &[Value]) -> Result<Value, Error> {
    Ok(Value::from(kube(recv).map(|k| k.version.clone()).unwrap_or_default()))
}

fn kube_string(recv: &Value, _: &[Value]) -> Result<Value, Error> {
    Ok(Value::from(kube(recv).map(|k| if k.normalized.is_empty() { k.version.clone() } else { k.normalized.clone() }).unwrap_or_default()))
}

impl Object for KubeVersion {
    fn type_name(&self) -> &'static str {
        "common.KubeVersion"
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Version" => Some(Value::from(self.version.as_str())),
            "Major" => Some(Value::from(self.major.as_str())),
            "Minor" => Some(Value::from(self.minor.as_str())),
            _ => None,
        }
    }
    fn methods(&self) -> &'static [Method] {
        KUBE_METHODS
    }
    fn addr_string(&self) -> Option<String> {
        Some(self.normalized.clone())
    }
    fn fmt_struct(&self, plus: bool) -> String {
        if plus {
            format!("{{Version:{} normalizedVersion:{} Major:{} Minor:{}}}", self.version, self.normalized, self.major, self.minor)
        } else {
            format!("{{{} {} {} {}}}", self.version, self.normalized, self.major, self.minor)
        }
    }
    fn to_json(&self) -> Result<J, String> {
        Ok(J::Map(vec![
            ("Version".into(), J::Str(self.version.clone())),
            ("Major".into(), J::Str(self.major.clone())),
            ("Minor".into(), J::Str(self.minor.clone())),
        ]))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Helm's `version.BuildInfo` as the reference SDK build reports it.
#[derive(Debug, Clone)]
pub struct BuildInfo {
    pub version: String,
    pub git_commit: String,
    pub git_tree_state: String,
    pub go_version: String,
    pub kube_client_version: String,
}

impl Default for BuildInfo {
    fn default() -> BuildInfo {
        BuildInfo {
            version: "v4.2".into(),
            git_commit: String::new(),
            git_tree_state: String::new(),
            go_version: "go1.26.6".into(),
            kube_client_version: "v1.36".into(),
        }
    }
}

impl Object for BuildInfo {
    fn type_name(&self) -> &'static str {
        "version.BuildInfo"
    }
    fn field(&self, name: &str) -> Option<Value> {
        let v = match name {
            "Version" => &self.version,
            "GitCommit" => &self.git_commit,
            "GitTreeState" => &self.git_tree_state,
            "GoVersion" => &self.go_version,
            "KubeClientVersion" => &self.kube_client_version,
            _ => return None,
        };
        Some(Value::from(v.as_str()))
    }
    fn fmt_struct(&self, plus: bool) -> String {
        if plus {
            format!(
                "{{Version:{} GitCommit:{} GitTreeState:{} GoVersion:{} KubeClientVersion:{}}}",
                self.version, self.git_commit, self.git_tree_state, self.go_version, self.kube_client_version
            )
        } else {
            format!("{{{} {} {} {} {}}}", self.version, self.git_commit, self.git_tree_state, self.go_version, self.kube_client_version)
        }
    }
    fn to_json(&self) -> Result<J, String> {
        let mut m = vec![("version".into(), J::Str(self.version.clone()))];
        if !self.git_commit.is_empty() {
            m.push(("git_commit".into(), J::Str(self.git_commit.clone())));
        }
        if !self.git_tree_state.is_empty() {
            m.push(("git_tree_state".into(), J::Str(self.git_tree_state.clone())));
        }
        m.push(("go_version".into(), J::Str(self.go_version.clone())));
        m.push(("kube_client_version".into(), J::Str(self.kube_client_version.clone())));
        Ok(J::Map(m))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `*common.Capabilities`.
#[derive(Debug)]
pub struct Capabilities {
    pub kube_version: Rc<KubeVersion>,
    pub api_versions: Vec<String>,
    pub helm_version: Rc<BuildInfo>,
}

impl Default for Capabilities {
    fn default() -> Capabilities {
        Capabilities {
            kube_version: Rc::new(KubeVersion::new("v1.36.0")),
            api_versions: DEFAULT_API_VERSIONS.iter().map(|s| s.to_string()).collect(),
            helm_version: Rc::new(BuildInfo::default()),
        }
    }
}

impl Capabilities {
    fn api_value(&self) -> Value {
        Value::typed_list(Type::Named(&VERSION_SET), self.api_versions.iter().map(|s| Value::from(s.as_str())).collect())
    }
}

impl Object for Capabilities {
    fn type_name(&self) -> &'static str {
        "*common.Capabilities"
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "KubeVersion" => Some(Value::Object(self.kube_version.clone())),
            "APIVersions" => Some(self.api_value()),
            "HelmVersion" => Some(Value::Object(self.helm_version.clone())),
            _ => None,
        }
    }
    fn fmt_struct(&self, plus: bool) -> String {
        let apis = crate::gotmpl::fmt::format_value(&self.api_value(), 'v');
        if plus {
            format!("{{KubeVersion:{} APIVersions:{apis} HelmVersion:{}}}", self.kube_version.fmt_struct(true), self.helm_version.fmt_struct(true))
        } else {
            format!("{{{} {apis} {}}}", self.kube_version.fmt_struct(false), self.helm_version.fmt_struct(false))
        }
    }
    fn to_json(&self) -> Result<J, String> {
        Ok(J::Map(vec![
            ("KubeVersion".into(), self.kube_version.to_json()?),
            ("APIVersions".into(), J::Seq(self.api_versions.iter().map(|s| J::Str(s.clone())).collect())),
            ("HelmVersion".into(), self.helm_version.to_json()?),
        ]))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
