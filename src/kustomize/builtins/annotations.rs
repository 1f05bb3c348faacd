//! `commonAnnotations:` (AnnotationsTransformer): the same map-entry setter as labels, on the
//! annotation field specs.

pub use super::labels::MapEntries as Annotations;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kustomize::config::TransformerConfig;
    use crate::yaml::parse_one;

    #[test]
    fn annotates_objects_and_pod_templates() {
        let tc = TransformerConfig::default_config();
        let t = Annotations { entries: [("note".to_string(), "x".to_string())].into(), field_specs: tc.common_annotations.clone() };
        let mut d = parse_one(b"apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: a\nspec: {}\n").unwrap();
        t.apply(&mut d).unwrap();
        assert_eq!(d.str_at(&["metadata", "annotations", "note"]), Some("x"));
        assert_eq!(d.str_at(&["spec", "jobTemplate", "spec", "template", "metadata", "annotations", "note"]), Some("x"));
        let mut s = parse_one(b"apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n").unwrap();
        t.apply(&mut s).unwrap();
        assert!(s.get_path(&["spec"]).is_none());
    }
}
