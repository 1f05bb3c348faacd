//! `namespace:` (NamespaceTransformer): sets `metadata.namespace` on every namespaced object and
//! the namespace fields the field specs name (a Namespace object's name, APIService and CRD webhook
//! services), and on RoleBinding subjects as `setRoleBindingSubjects` says.

use super::{Context, Transformer};
use crate::kustomize::decode::{self, DecodeResult};
use crate::kustomize::fieldspec::{self, Compiled, CreateKind, FieldSpec};
use crate::kustomize::setters::set_scalar;
use crate::kustomize::KustomizeError;
use crate::resource::{Gvk, ResMap};
use crate::yaml::value::Value;
use crate::yaml::{Node, Tag};
use std::collections::HashMap;

/// Which RoleBinding subjects get the namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SubjectMode {
    /// Subjects named `default` (the default).
    #[default]
    DefaultOnly,
    AllServiceAccounts,
    None,
}

#[derive(Clone, Debug, Default)]
pub struct Namespace {
    pub namespace: String,
    pub field_specs: Vec<FieldSpec>,
    /// Only set namespace fields that are empty.
    pub unset_only: bool,
    pub subjects: SubjectMode,
}

impl Namespace {
    /// A NamespaceTransformer plugin config (`metadata.namespace`, `fieldSpecs`, `unsetOnly`,
    /// `setRoleBindingSubjects`).
    pub fn from_config(v: &Value) -> DecodeResult<Namespace> {
        let o = decode::object(v, "builtins.NamespaceTransformerPlugin")?;
        let meta = decode::object(decode::field(o, "metadata").unwrap_or(&Value::Null), "types.ObjectMeta")?;
        let namespace = decode::string(decode::field(meta, "namespace"), "NamespaceTransformerPlugin.metadata.namespace")?;
        let field_specs = match decode::field(o, "fieldSpecs") {
            Some(v) => fieldspec::specs_from_value(v, false)?,
            None => Vec::new(),
        };
        let unset_only = decode::boolean(decode::field(o, "unsetOnly"), "NamespaceTransformerPlugin.unsetOnly")?;
        let mode = decode::string(decode::field(o, "setRoleBindingSubjects"), "NamespaceTransformerPlugin.setRoleBindingSubjects")?;
        let subjects = match mode.as_str() {
            "" | "defaultOnly" => SubjectMode::DefaultOnly,
            "allServiceAccounts" => SubjectMode::AllServiceAccounts,
            "none" => SubjectMode::None,
            other => {
                return Err(format!(
                    "invalid value \"{other}\" for setRoleBindingSubjects: must be one of \"defaultOnly\", \"none\" or \"allServiceAccounts\""
                ))
            }
        };
        Ok(Namespace { namespace, field_specs, unset_only, subjects })
    }

    fn set(&self, node: &mut Node) -> Result<(), String> {
        if self.unset_only && has_value(node) {
            return Ok(());
        }
        set_scalar(node, &self.namespace, Some(Tag::Str))
    }

    /// The namespace filter on one object.
    pub fn apply(&self, obj: &mut Node) -> Result<(), String> {
        let compiled: Vec<Compiled<'_>> = self.field_specs.iter().map(Compiled::new).collect();
        let meta = FieldSpec::new("metadata/namespace", true);
        self.apply_compiled(obj, &compiled, &Compiled::new(&meta))
    }

    fn apply_compiled(&self, obj: &mut Node, compiled: &[Compiled<'_>], meta: &Compiled<'_>) -> Result<(), String> {
        let api_version = obj.str_at(&["apiVersion"]).unwrap_or("").to_string();
        let gvk = Gvk::from_api_version(&api_version, obj.str_at(&["kind"]).unwrap_or(""));
        let mut specs: Vec<&Compiled<'_>> = compiled
            .iter()
            .filter(|c| c.spec.path != "metadata/namespace" && (api_version == "v1" || c.spec.path != "metadata/name"))
            .collect();
        if !gvk.is_cluster_scoped() {
            meta.apply(obj, CreateKind::Scalar, None, &mut |n| self.set(n))?;
        }
        if gvk.kind == "RoleBinding" || gvk.kind == "ClusterRoleBinding" {
            specs.retain(|c| !((c.spec.gvk.kind == "RoleBinding" || c.spec.gvk.kind == "ClusterRoleBinding") && c.spec.path == "subjects/namespace"));
            self.set_subjects(obj).map_err(|e| format!("setting namespace on (cluster)role binding subjects: {e}"))?;
        }
        for c in specs {
            c.apply(obj, CreateKind::Scalar, Some(Tag::Str), &mut |n| self.set(n)).map_err(|e| format!("namespace transformation failed: {e}"))?;
        }
        Ok(())
    }

    fn set_subjects(&self, obj: &mut Node) -> Result<(), String> {
        let (key, want) = match self.subjects {
            SubjectMode::None => return Ok(()),
            SubjectMode::DefaultOnly => ("name", "default"),
            SubjectMode::AllServiceAccounts => ("kind", "ServiceAccount"),
        };
        let Some(subjects) = obj.get_mut("subjects") else { return Ok(()) };
        let items = match subjects {
            Node::Scalar(s) if s.tag == Tag::Null => return Ok(()),
            Node::Seq(items) => items,
            other => return Err(format!("wrong node kind: expected SequenceNode but got {}", crate::kustomize::setters::kind_name(other))),
        };
        for item in items.iter_mut() {
            let Node::Map(m) = item else {
                return Err(format!("wrong node kind: expected MappingNode but got {}", crate::kustomize::setters::kind_name(item)));
            };
            if m.get(key).and_then(Node::as_str) != Some(want) {
                continue;
            }
            let field = m.entry_or_insert_with("namespace", || Node::Scalar(crate::yaml::Scalar { value: String::new(), tag: Tag::Null, style: Default::default() }));
            self.set(field)?;
        }
        Ok(())
    }
}

/// `hasExistingValue`: a non-empty scalar.
fn has_value(n: &Node) -> bool {
    match n {
        Node::Scalar(s) => s.tag != Tag::Null && !s.value.is_empty(),
        Node::Map(m) => !m.is_empty(),
        Node::Seq(s) => !s.is_empty(),
    }
}

impl Transformer for Namespace {
    fn transform(&self, resources: &mut ResMap, _cx: &mut Context<'_>) -> Result<(), KustomizeError> {
        if self.namespace.is_empty() {
            return Ok(());
        }
        let compiled: Vec<Compiled<'_>> = self.field_specs.iter().map(Compiled::new).collect();
        let meta_spec = FieldSpec::new("metadata/namespace", true);
        let meta = Compiled::new(&meta_spec);
        resources.try_each_mut(|r| -> Result<(), KustomizeError> {
            if !r.is_empty() {
                r.store_previous_id();
                self.apply_compiled(&mut r.node, &compiled, &meta).map_err(KustomizeError)?;
            }
            Ok(())
        })?;
        resources.modify(|rs| -> Result<(), KustomizeError> {
            // kustomize checks each object right after changing it; every conflict it finds is
            // also one of the final state.
            let mut seen: HashMap<_, usize> = HashMap::new();
            for r in rs.iter() {
                let id = r.cur_id();
                if seen.insert(id.key(), 1).is_some() {
                    return Err(KustomizeError(format!("namespace transformation produces ID conflict: {id}")));
                }
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_one;

    fn ns(namespace: &str) -> Namespace {
        let defaults = crate::kustomize::config::TransformerConfig::default_config();
        Namespace { namespace: namespace.into(), field_specs: defaults.namespace, ..Default::default() }
    }

    #[test]
    fn sets_namespaced_objects_only() {
        let mut d = parse_one(b"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n").unwrap();
        ns("prod").apply(&mut d).unwrap();
        assert_eq!(d.str_at(&["metadata", "namespace"]), Some("prod"));
        let mut c = parse_one(b"apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: a\n").unwrap();
        ns("prod").apply(&mut c).unwrap();
        assert_eq!(c.str_at(&["metadata", "namespace"]), None);
        let mut n = parse_one(b"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: old\n").unwrap();
        ns("prod").apply(&mut n).unwrap();
        assert_eq!(n.str_at(&["metadata", "name"]), Some("prod"));
    }

    #[test]
    fn role_binding_subjects_named_default() {
        let mut rb = parse_one(
            b"apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: a\nsubjects:\n- kind: ServiceAccount\n  name: default\n- kind: ServiceAccount\n  name: other\n  namespace: x\n",
        )
        .unwrap();
        ns("prod").apply(&mut rb).unwrap();
        let subjects = rb.get("subjects").unwrap().as_seq().unwrap();
        assert_eq!(subjects[0].str_at(&["namespace"]), Some("prod"));
        assert_eq!(subjects[1].str_at(&["namespace"]), Some("x"));
    }

    #[test]
    fn unset_only_keeps_existing() {
        let mut d = parse_one(b"apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  namespace: keep\n").unwrap();
        let t = Namespace { unset_only: true, ..ns("prod") };
        t.apply(&mut d).unwrap();
        assert_eq!(d.str_at(&["metadata", "namespace"]), Some("keep"));
    }
}
