//! A resource's earlier identities, kept in build annotations while kustomize runs (so name
//! references can follow renames), and kyaml's setters for the identifying fields.

use super::{Gvk, ResId, Resource};
use crate::yaml::node::resolve_plain_tag;
use crate::yaml::{Mapping, Node, Scalar, Style, Tag};

pub const PREVIOUS_NAMES: &str = "internal.config.kubernetes.io/previousNames";
pub const PREVIOUS_NAMESPACES: &str = "internal.config.kubernetes.io/previousNamespaces";
pub const PREVIOUS_KINDS: &str = "internal.config.kubernetes.io/previousKinds";
pub const ALLOW_NAME_CHANGE: &str = "internal.config.kubernetes.io/allowNameChange";
pub const ALLOW_KIND_CHANGE: &str = "internal.config.kubernetes.io/allowKindChange";
pub const NEEDS_HASH_SUFFIX: &str = "internal.config.kubernetes.io/needsHashSuffix";
pub const PREFIXES: &str = "internal.config.kubernetes.io/prefixes";
pub const SUFFIXES: &str = "internal.config.kubernetes.io/suffixes";
pub const GENERATOR_BEHAVIOR: &str = "internal.config.kubernetes.io/generatorBehavior";
/// The value of an enabled build flag annotation.
pub const ENABLED: &str = "enabled";

/// One of a resource's ids with the scope kustomize gives it: previous ids are built from a bare
/// `resid.Gvk{}` and so never count as cluster scoped; the current id does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopedId {
    pub id: ResId,
    pub scoped: bool,
}

impl ScopedId {
    /// kyaml's `EffectiveNamespace` for this id.
    pub fn effective_namespace(&self) -> &str {
        if self.scoped {
            return self.id.effective_namespace();
        }
        if self.id.namespace.is_empty() || self.id.namespace == "default" {
            "default"
        } else {
            &self.id.namespace
        }
    }

    /// kyaml's `ResId.Equals`.
    pub fn equals(&self, other: &ScopedId) -> bool {
        self.effective_namespace() == other.effective_namespace() && self.id.name == other.id.name && self.id.gvk == other.id.gvk
    }
}

/// The scalar kyaml's `SetField(name, NewScalarRNode(value))` leaves: an untagged scalar whose
/// style is the replaced field's (a new field is quoted when YAML 1.1 would not read it as a
/// string), read back with go-yaml's resolution.
pub fn kyaml_scalar(value: &str, existing: Option<&Node>) -> Scalar {
    let style = match existing {
        Some(Node::Scalar(s)) => s.style,
        Some(_) => Style::Plain,
        None if crate::kustomize::rnode::is_value_non_string(value) => Style::DoubleQuoted,
        None => Style::Plain,
    };
    let tag = if style == Style::Plain { resolve_plain_tag(value) } else { Tag::Str };
    Scalar { value: value.to_string(), tag, style }
}

fn set_scalar(map: &mut Mapping, key: &str, value: &str) {
    let s = kyaml_scalar(value, map.get(key));
    map.insert(key, Node::Scalar(s));
}

impl Resource {
    /// kyaml's `SetKind`.
    pub fn set_kind(&mut self, kind: &str) {
        set_scalar(self.map_mut(), "kind", kind);
    }

    /// kyaml's `SetApiVersion`.
    pub fn set_api_version(&mut self, api_version: &str) {
        set_scalar(self.map_mut(), "apiVersion", api_version);
    }

    pub fn set_gvk(&mut self, gvk: &Gvk) {
        self.set_kind(&gvk.kind);
        self.set_api_version(&gvk.api_version());
    }

    fn metadata_mut(&mut self) -> &mut Mapping {
        let meta = self.map_mut().entry_or_insert_with("metadata", Node::empty_map);
        if !matches!(meta, Node::Map(_)) {
            *meta = Node::empty_map();
        }
        meta.as_map_mut().expect("metadata is a mapping")
    }

    /// kyaml's `SetName`.
    pub fn set_name(&mut self, name: &str) {
        set_scalar(self.metadata_mut(), "name", name);
    }

    /// kyaml's `SetNamespace`: an empty namespace removes the field.
    pub fn set_namespace(&mut self, namespace: &str) {
        if namespace.is_empty() {
            if let Some(Node::Map(meta)) = self.map_mut().get_mut("metadata") {
                meta.remove("namespace");
            }
            return;
        }
        set_scalar(self.metadata_mut(), "namespace", namespace);
    }

    /// One annotation's text (as kyaml's `GetAnnotations` reads it), found without building
    /// the whole map.
    pub fn annotation(&self, key: &str) -> Option<&str> {
        match self.node.get_path(&["metadata", "annotations", key])? {
            Node::Scalar(s) => Some(s.value.as_str()),
            _ => Some(""),
        }
    }

    /// kustomize's `getCsvAnnotation`.
    fn csv_annotation(&self, key: &str) -> Vec<String> {
        match self.annotation(key) {
            None => Vec::new(),
            Some(v) => v.split(',').map(str::to_string).collect(),
        }
    }

    /// kustomize's `PrevIds`: from the previous-names, -namespaces and -kinds annotations.
    pub fn prev_ids(&self) -> Result<Vec<ResId>, String> {
        let Some(names) = self.annotation(PREVIOUS_NAMES) else { return Ok(Vec::new()) };
        let names: Vec<&str> = names.split(',').collect();
        let ns: Vec<&str> = self.annotation(PREVIOUS_NAMESPACES).unwrap_or("").split(',').collect();
        let kinds: Vec<&str> = self.annotation(PREVIOUS_KINDS).unwrap_or("").split(',').collect();
        if names.len() != ns.len() || names.len() != kinds.len() {
            return Err("number of previous names, number of previous namespaces, number of previous kinds not equal".into());
        }
        let gvk = self.gvk();
        Ok(names
            .iter()
            .zip(ns)
            .zip(kinds)
            .map(|((n, ns), k)| ResId::new(Gvk::new(gvk.group.clone(), gvk.version.clone(), k), ns, *n))
            .collect())
    }

    /// The previous ids (unscoped) followed by the current id (scoped).
    pub fn all_ids(&self) -> Vec<ScopedId> {
        let mut ids: Vec<ScopedId> =
            self.prev_ids().unwrap_or_default().into_iter().map(|id| ScopedId { id, scoped: false }).collect();
        ids.push(ScopedId { id: self.cur_id(), scoped: true });
        ids
    }

    /// kustomize's `OrgId`: the first previous id, else the current one.
    pub fn org_id(&self) -> ScopedId {
        match self.prev_ids().unwrap_or_default().into_iter().next() {
            Some(id) => ScopedId { id, scoped: false },
            None => ScopedId { id: self.cur_id(), scoped: true },
        }
    }

    fn append_csv_annotation(&mut self, name: &str, value: &str) {
        if value.is_empty() {
            return;
        }
        let new = match self.annotation(name) {
            Some(cur) => format!("{cur},{value}"),
            None => value.to_string(),
        };
        self.set_annotation(name, &new);
    }

    /// kustomize's `AddNamePrefix`/`GetNamePrefixes`.
    pub fn add_name_prefix(&mut self, prefix: &str) {
        self.append_csv_annotation(PREFIXES, prefix);
    }

    pub fn name_prefixes(&self) -> Vec<String> {
        self.csv_annotation(PREFIXES)
    }

    /// kustomize's `AddNameSuffix`/`GetNameSuffixes`.
    pub fn add_name_suffix(&mut self, suffix: &str) {
        self.append_csv_annotation(SUFFIXES, suffix);
    }

    pub fn name_suffixes(&self) -> Vec<String> {
        self.csv_annotation(SUFFIXES)
    }

    /// kustomize's `Behavior`.
    pub fn behavior(&self) -> super::Behavior {
        super::Behavior::parse(self.annotation(GENERATOR_BEHAVIOR).unwrap_or(""))
    }

    /// kustomize's `SetBehavior` (the whole annotation map rewritten, as kustomize does).
    pub fn set_behavior(&mut self, b: super::Behavior) {
        let mut a = self.annotations();
        a.insert(GENERATOR_BEHAVIOR.to_string(), b.as_str().to_string());
        self.set_annotations(&a);
    }

    /// kustomize's `NeedHashSuffix`.
    pub fn needs_hash_suffix(&self) -> bool {
        self.annotation(NEEDS_HASH_SUFFIX) == Some(ENABLED)
    }

    /// kyaml's `SetAnnotation`: sets one annotation (a string), leaving the others as they are.
    pub fn set_annotation(&mut self, key: &str, value: &str) {
        let meta = self.metadata_mut();
        if matches!(meta.get("annotations"), Some(Node::Map(m)) if m.is_empty()) {
            meta.remove("annotations");
        }
        let annotations = meta.entry_or_insert_with("annotations", Node::empty_map);
        if !matches!(annotations, Node::Map(_)) {
            *annotations = Node::empty_map();
        }
        let scalar = Scalar { value: value.to_string(), tag: Tag::Str, style: Style::SingleQuoted };
        annotations.as_map_mut().expect("annotations is a mapping").insert(key, Node::Scalar(scalar));
    }

    /// kustomize's `StorePreviousId`: records the current name, effective namespace and kind.
    pub fn store_previous_id(&mut self) {
        let id = self.cur_id();
        let ns = id.effective_namespace().to_string();
        self.append_csv_annotation(PREVIOUS_NAMES, &id.name);
        self.append_csv_annotation(PREVIOUS_NAMESPACES, &ns);
        self.append_csv_annotation(PREVIOUS_KINDS, &id.gvk.kind);
    }

    /// True when a build flag annotation (`allowNameChange`, …) is `enabled`.
    pub fn flag_enabled(&self, annotation: &str) -> bool {
        self.annotation(annotation) == Some(ENABLED)
    }

    pub fn enable_flag(&mut self, annotation: &str) {
        let mut a = self.annotations();
        a.insert(annotation.to_string(), ENABLED.to_string());
        self.set_annotations(&a);
    }

    /// kyaml's `GetInternalAnnotations`: the `internal.config.kubernetes.io/` ones and the legacy
    /// path, index and id annotations.
    pub fn internal_annotations(&self) -> std::collections::BTreeMap<String, String> {
        let mut a = self.annotations();
        a.retain(|k, _| {
            k.starts_with("internal.config.kubernetes.io/")
                || k == "config.kubernetes.io/path"
                || k == "config.kubernetes.io/index"
                || k == "config.k8s.io/id"
        });
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_one;

    #[test]
    fn previous_ids_round_trip() {
        let mut r = Resource::new(parse_one(b"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n").unwrap());
        r.store_previous_id();
        r.set_name("b");
        r.store_previous_id();
        assert_eq!(r.annotations().get(PREVIOUS_NAMES).unwrap(), "a,b");
        assert_eq!(r.annotations().get(PREVIOUS_NAMESPACES).unwrap(), "_non_namespaceable_,_non_namespaceable_");
        let org = r.org_id();
        assert_eq!(org.id.name, "a");
        // a previous id is never cluster scoped
        assert_eq!(org.effective_namespace(), "_non_namespaceable_");
        assert!(!org.scoped);
        assert_eq!(r.all_ids().len(), 3);
    }

    #[test]
    fn setters_keep_style_and_quote_new_numbers() {
        let mut r = Resource::new(parse_one(b"kind: K\nmetadata:\n  name: \"1\"\n").unwrap());
        r.set_name("2");
        assert_eq!(r.node.get_path(&["metadata", "name"]).unwrap().as_scalar().unwrap().tag, Tag::Str);
        r.set_namespace("3");
        assert_eq!(r.node.get_path(&["metadata", "namespace"]).unwrap().as_scalar().unwrap().tag, Tag::Str);
        r.set_namespace("");
        assert!(r.node.get_path(&["metadata", "namespace"]).is_none());
    }
}
