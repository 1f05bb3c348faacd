//! `namePrefix:`/`nameSuffix:` (PrefixTransformer, SuffixTransformer, PrefixSuffixTransformer):
//! prepends or appends to names. The resource remembers its previous name and the prefixes and
//! suffixes applied, so that references to it can be fixed at the end of the build (`nameref`).

use super::{Context, Transformer};
use crate::kustomize::decode::{self, DecodeResult};
use crate::kustomize::fieldspec::{self, Compiled, CreateKind, FieldSpec};
use crate::kustomize::setters::set_scalar;
use crate::kustomize::KustomizeError;
use crate::resource::{Gvk, ResMap};
use crate::yaml::value::Value;
use crate::yaml::{Node, Tag};

/// Prefix or suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Affix {
    Prefix,
    Suffix,
}

#[derive(Clone, Debug)]
pub struct NameAffix {
    pub affix: Affix,
    pub value: String,
    pub field_specs: Vec<FieldSpec>,
}

impl NameAffix {
    /// A PrefixTransformer/SuffixTransformer config (`prefix` or `suffix`, `fieldSpecs`, which
    /// must be present).
    pub fn from_config(v: &Value, affix: Affix) -> DecodeResult<NameAffix> {
        let o = decode::object(v, "builtins.PrefixTransformerPlugin")?;
        let key = match affix {
            Affix::Prefix => "prefix",
            Affix::Suffix => "suffix",
        };
        let value = decode::string(decode::field(o, key), key)?;
        let field_specs = match decode::field(o, "fieldSpecs") {
            Some(v) if *v != Value::Null => fieldspec::specs_from_value(v, false)?,
            _ => return Err("fieldSpecs is not expected to be nil".into()),
        };
        Ok(NameAffix { affix, value, field_specs })
    }

    fn new_value(&self, old: &str) -> String {
        match self.affix {
            Affix::Prefix => format!("{}{old}", self.value),
            Affix::Suffix => format!("{old}{}", self.value),
        }
    }
}

/// Kinds whose names are never prefixed or suffixed.
fn skipped(gvk: &Gvk) -> bool {
    gvk.kind == "CustomResourceDefinition" || (gvk.group == "apiregistration.k8s.io" && gvk.kind == "APIService") || gvk.kind == "Namespace"
}

impl Transformer for NameAffix {
    fn transform(&self, resources: &mut ResMap, _cx: &mut Context<'_>) -> Result<(), KustomizeError> {
        let compiled: Vec<Compiled<'_>> = self.field_specs.iter().map(Compiled::new).collect();
        resources.try_each_mut(|r| -> Result<(), KustomizeError> {
            let org = r.org_id().id;
            if skipped(&org.gvk) {
                return Ok(());
            }
            for c in &compiled {
                let fs = c.spec;
                if !org.gvk.is_selected_by(&fs.gvk) {
                    continue;
                }
                // The name itself: recorded so references can follow (nothing for "").
                if fs.path == "metadata/name" && !self.value.is_empty() {
                    match self.affix {
                        Affix::Prefix => r.add_name_prefix(&self.value),
                        Affix::Suffix => r.add_name_suffix(&self.value),
                    }
                    r.store_previous_id();
                }
                let mut set = |n: &mut Node| {
                    let old = n.as_scalar().map(|s| s.value.clone()).unwrap_or_default();
                    set_scalar(n, &self.new_value(&old), None)
                };
                c.apply(&mut r.node, CreateKind::Scalar, Some(Tag::Str), &mut set).map_err(KustomizeError)?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::Resource;
    use crate::yaml::parse_one;

    fn resmap(docs: &[&str]) -> ResMap {
        let mut m = ResMap::new();
        for d in docs {
            m.append(Resource::new(parse_one(d.as_bytes()).unwrap())).unwrap();
        }
        m
    }

    #[test]
    fn prefixes_names_and_remembers_them() {
        let mut m = resmap(&["apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n"]);
        let t = NameAffix { affix: Affix::Prefix, value: "p-".into(), field_specs: vec![FieldSpec::new("metadata/name", false)] };
        let loader = crate::kustomize::loader::Loader::new(std::path::Path::new("."), Default::default()).unwrap();
        let mut warnings = Vec::new();
        t.transform(&mut m, &mut Context { loader: &loader, warnings: &mut warnings }).unwrap();
        let r = &m.resources()[0];
        assert_eq!(r.name(), "p-a");
        assert_eq!(r.name_prefixes(), ["p-"]);
        assert_eq!(r.org_id().id.name, "a");
        assert_eq!(m.resources()[1].name(), "n");
    }
}
