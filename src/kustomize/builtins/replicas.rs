//! `replicas:` (ReplicaCountTransformer): sets the replica count of the named workloads, found by
//! any of their names (current or previous).

use super::{Context, Transformer};
use crate::kustomize::decode::{self, DecodeResult};
use crate::kustomize::fieldspec::{self, CreateKind, FieldSpec};
use crate::kustomize::setters::set_scalar;
use crate::kustomize::KustomizeError;
use crate::resource::ResMap;
use crate::yaml::value::Value;
use crate::yaml::Tag;

/// One `replicas:` entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Replica {
    pub name: String,
    pub count: i64,
}

impl Replica {
    pub fn from_value(v: &Value) -> DecodeResult<Replica> {
        let o = decode::object(v, "types.Replica")?;
        Ok(Replica {
            name: decode::string(decode::field(o, "name"), "Replica.replicas.name")?,
            count: decode::int64(decode::field(o, "count"), "Replica.replicas.count")?,
        })
    }
}

#[derive(Clone, Debug)]
pub struct ReplicaCount {
    pub replica: Replica,
    pub field_specs: Vec<FieldSpec>,
}

impl ReplicaCount {
    /// A ReplicaCountTransformer config (`replica`, `fieldSpecs`).
    pub fn from_config(v: &Value) -> DecodeResult<ReplicaCount> {
        let o = decode::object(v, "builtins.ReplicaCountTransformerPlugin")?;
        let replica = Replica::from_value(decode::field(o, "replica").unwrap_or(&Value::Null))?;
        let field_specs = match decode::field(o, "fieldSpecs") {
            Some(v) => fieldspec::specs_from_value(v, false)?,
            None => Vec::new(),
        };
        Ok(ReplicaCount { replica, field_specs })
    }
}

impl Transformer for ReplicaCount {
    fn transform(&self, resources: &mut ResMap, _cx: &mut Context<'_>) -> Result<(), KustomizeError> {
        let count = self.replica.count.to_string();
        let mut found = false;
        resources.modify(|rs| -> Result<(), KustomizeError> {
            for fs in &self.field_specs {
                for r in rs.iter_mut() {
                    let matches = r.all_ids().iter().any(|s| s.id.name == self.replica.name && s.id.gvk.is_selected_by(&fs.gvk));
                    if !matches {
                        continue;
                    }
                    found = true;
                    fieldspec::apply(&mut r.node, fs, CreateKind::Scalar, Some(Tag::Int), &mut |n| set_scalar(n, &count, Some(Tag::Int)))
                        .map_err(KustomizeError)?;
                }
            }
            Ok(())
        })?;
        if !found {
            let gvks: Vec<String> = self.field_specs.iter().map(|f| f.gvk.to_string()).collect();
            return Err(KustomizeError(format!(
                "resource with name {} does not match a config with the following GVK [{}]",
                self.replica.name,
                gvks.join(" ")
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kustomize::config::TransformerConfig;
    use crate::resource::Resource;
    use crate::yaml::parse_one;

    #[test]
    fn sets_count_and_requires_a_match() {
        let mut m = ResMap::new();
        m.append(Resource::new(parse_one(b"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n").unwrap())).unwrap();
        let loader = crate::kustomize::loader::Loader::new(std::path::Path::new("."), Default::default()).unwrap();
        let mut w = Vec::new();
        let mut cx = Context { loader: &loader, warnings: &mut w };
        let specs = TransformerConfig::default_config().replicas;
        let t = ReplicaCount { replica: Replica { name: "web".into(), count: 3 }, field_specs: specs.clone() };
        t.transform(&mut m, &mut cx).unwrap();
        let spec = m.resources()[0].node.get_path(&["spec", "replicas"]).unwrap().as_scalar().unwrap().clone();
        assert_eq!((spec.value.as_str(), spec.tag), ("3", Tag::Int));
        let t = ReplicaCount { replica: Replica { name: "nope".into(), count: 3 }, field_specs: specs };
        assert!(t.transform(&mut m, &mut cx).is_err());
    }
}
