//! `commonLabels:` and `labels:` (LabelTransformer): adds labels to `metadata/labels` and, as the
//! field specs say, to selectors and pod templates.

use super::{Context, Transformer};
use crate::kustomize::config::TransformerConfig;
use crate::kustomize::decode::{self, DecodeResult};
use crate::kustomize::fieldspec::{self, merge_all, merge_one, Compiled, CreateKind, FieldSpec};
use crate::kustomize::setters::set_entry;
use crate::kustomize::KustomizeError;
use crate::resource::ResMap;
use crate::yaml::value::Value;
use crate::yaml::Tag;
use std::collections::BTreeMap;

/// Sets string entries of a map field: LabelTransformer and AnnotationsTransformer.
#[derive(Clone, Debug, Default)]
pub struct MapEntries {
    pub entries: BTreeMap<String, String>,
    pub field_specs: Vec<FieldSpec>,
}

impl MapEntries {
    /// A LabelTransformer (`labels`) or AnnotationsTransformer (`annotations`) config.
    pub fn from_config(v: &Value, key: &str) -> DecodeResult<MapEntries> {
        let o = decode::object(v, "builtins.LabelTransformerPlugin")?;
        let entries = decode::string_map(decode::field(o, key), key)?;
        let field_specs = match decode::field(o, "fieldSpecs") {
            Some(v) => fieldspec::specs_from_value(v, false)?,
            None => Vec::new(),
        };
        Ok(MapEntries { entries, field_specs })
    }

    /// Applies to one object. kustomize sets each key through every field spec in turn; setting
    /// all keys at each field reached gives the same object (maps are printed sorted).
    pub fn apply(&self, obj: &mut crate::yaml::Node) -> Result<(), String> {
        let compiled: Vec<Compiled<'_>> = self.field_specs.iter().map(Compiled::new).collect();
        self.apply_compiled(obj, &compiled)
    }

    fn apply_compiled(&self, obj: &mut crate::yaml::Node, compiled: &[Compiled<'_>]) -> Result<(), String> {
        for c in compiled {
            c.apply(obj, CreateKind::Map, None, &mut |n| {
                for (k, v) in &self.entries {
                    set_entry(n, k, v, Tag::Str)?;
                }
                Ok(())
            })?;
        }
        Ok(())
    }
}

impl Transformer for MapEntries {
    fn transform(&self, resources: &mut ResMap, _cx: &mut Context<'_>) -> Result<(), KustomizeError> {
        if self.entries.is_empty() {
            return Ok(());
        }
        let compiled: Vec<Compiled<'_>> = self.field_specs.iter().map(Compiled::new).collect();
        resources.try_each_mut(|r| self.apply_compiled(&mut r.node, &compiled).map_err(KustomizeError))
    }
}

/// One entry of the `labels:` field.
#[derive(Clone, Debug, Default)]
pub struct LabelEntry {
    pub pairs: BTreeMap<String, String>,
    pub include_selectors: bool,
    pub include_templates: bool,
    pub fields: Vec<FieldSpec>,
}

impl LabelEntry {
    pub fn from_value(v: &Value) -> DecodeResult<LabelEntry> {
        let o = decode::object(v, "types.Label")?;
        Ok(LabelEntry {
            pairs: decode::string_map(decode::field(o, "pairs"), "Kustomization.labels.pairs")?,
            include_selectors: decode::boolean(decode::field(o, "includeSelectors"), "Kustomization.labels.includeSelectors")?,
            include_templates: decode::boolean(decode::field(o, "includeTemplates"), "Kustomization.labels.includeTemplates")?,
            fields: match decode::field(o, "fields") {
                Some(v) => fieldspec::specs_from_value(v, false)?,
                None => Vec::new(),
            },
        })
    }

    /// The LabelTransformer kustomize configures for this entry.
    pub fn transformer(&self, tc: &TransformerConfig) -> Result<MapEntries, String> {
        let mut fss = self.fields.clone();
        let fail = |e: String| format!("failed to merge labels: {e}");
        merge_all(&mut fss, &tc.labels).map_err(fail)?;
        if self.include_selectors {
            merge_all(&mut fss, &tc.common_labels).map_err(fail)?;
        } else {
            if self.include_templates {
                merge_all(&mut fss, &tc.template_labels).map_err(|e| format!("failed to merge template fieldSpec: {e}"))?;
            }
            merge_one(&mut fss, FieldSpec::new("metadata/labels", true)).map_err(fail)?;
        }
        Ok(MapEntries { entries: self.pairs.clone(), field_specs: fss })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_one;

    #[test]
    fn common_labels_reach_selectors_and_templates() {
        let tc = TransformerConfig::default_config();
        let t = MapEntries { entries: [("app".to_string(), "web".to_string())].into(), field_specs: tc.common_labels.clone() };
        let mut d = parse_one(b"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  template:\n    spec: {}\n").unwrap();
        t.apply(&mut d).unwrap();
        assert_eq!(d.str_at(&["metadata", "labels", "app"]), Some("web"));
        assert_eq!(d.str_at(&["spec", "selector", "matchLabels", "app"]), Some("web"));
        assert_eq!(d.str_at(&["spec", "template", "metadata", "labels", "app"]), Some("web"));
    }

    #[test]
    fn labels_without_selectors_touch_metadata_only() {
        let tc = TransformerConfig::default_config();
        let e = LabelEntry { pairs: [("a".to_string(), "b".to_string())].into(), ..Default::default() };
        let t = e.transformer(&tc).unwrap();
        let mut d = parse_one(b"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  template:\n    spec: {}\n").unwrap();
        t.apply(&mut d).unwrap();
        assert_eq!(d.str_at(&["metadata", "labels", "a"]), Some("b"));
        assert!(d.get_path(&["spec", "selector"]).is_none());
        assert!(d.get_path(&["spec", "template", "metadata"]).is_none());
    }
}
