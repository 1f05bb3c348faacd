//! IAMPolicyGenerator (a `generators:` builtin): a ServiceAccount bound to a GKE workload
//! identity (`iam.gke.io/gcp-service-account`).

use super::Generate;
use crate::kustomize::decode::{self, DecodeResult};
use crate::kustomize::loader::Loader;
use crate::resource::Resource;
use crate::yaml::value::Value;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IamPolicy {
    pub cloud: String,
    pub service_name: String,
    pub namespace: String,
    pub account_name: String,
    pub project_id: String,
}

impl IamPolicy {
    /// The plugin config: `cloud`, `kubernetesService: {name, namespace}`,
    /// `serviceAccount: {name, projectId}`.
    pub fn from_config(v: &Value) -> DecodeResult<IamPolicy> {
        let o = decode::object(v, "builtins.IAMPolicyGeneratorPlugin")?;
        let ks = decode::object(decode::field(o, "kubernetesService").unwrap_or(&Value::Null), "types.KubernetesService")?;
        let sa = decode::object(decode::field(o, "serviceAccount").unwrap_or(&Value::Null), "types.ServiceAccount")?;
        Ok(IamPolicy {
            cloud: decode::string(decode::field(o, "cloud"), "IAMPolicyGeneratorPlugin.cloud")?,
            service_name: decode::string(decode::field(ks, "name"), "KubernetesService.name")?,
            namespace: decode::string(decode::field(ks, "namespace"), "KubernetesService.namespace")?,
            account_name: decode::string(decode::field(sa, "name"), "ServiceAccount.name")?,
            project_id: decode::string(decode::field(sa, "projectId"), "ServiceAccount.projectId")?,
        })
    }
}

impl Generate for IamPolicy {
    fn generate(&self, _loader: &Loader) -> Result<Vec<Resource>, String> {
        if self.cloud != "gke" {
            return Err(format!("cloud provider {} not supported yet", self.cloud));
        }
        // kustomize fills a YAML template and parses it, so the values are read as YAML.
        let mut text = format!(
            "\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  annotations:\n    iam.gke.io/gcp-service-account: {}@{}.iam.gserviceaccount.com\n  name: {}\n",
            self.account_name, self.project_id, self.service_name
        );
        if !self.namespace.is_empty() {
            text.push_str(&format!("\n  namespace: {}", self.namespace));
        }
        let node = crate::yaml::parse_one(text.as_bytes()).map_err(|e| e.to_string())?;
        Ok(vec![Resource::new(node)])
    }

    fn describe(&self) -> String {
        "IAMPolicyGenerator".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_a_service_account() {
        let p = IamPolicy { cloud: "gke".into(), service_name: "ksa".into(), namespace: "ns".into(), account_name: "gsa".into(), project_id: "proj".into() };
        let loader = Loader::new(std::path::Path::new("."), Default::default()).unwrap();
        let r = &p.generate(&loader).unwrap()[0];
        assert_eq!(r.name(), "ksa");
        assert_eq!(r.namespace(), "ns");
        assert_eq!(r.annotations()["iam.gke.io/gcp-service-account"], "gsa@proj.iam.gserviceaccount.com");
        assert!(IamPolicy { cloud: "aws".into(), ..p }.generate(&loader).is_err());
    }
}
