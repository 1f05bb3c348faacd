//! Resources: one Kubernetes object each, with its identity, and the ordered, indexed map of them
//! that every kustomize step works on.

pub mod id;
pub mod previous;
pub mod read;
pub mod resmap;

pub use id::{Gvk, ResId};
pub use resmap::ResMap;

use crate::yaml::{Mapping, Node, Scalar};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One object (a YAML mapping), where it came from, and what kustomize tracks about it while
/// building.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    pub node: Node,
    /// The file it was read from, for messages.
    pub source: Option<Arc<str>>,
    /// kustomize's build annotations (`internal.config.kubernetes.io/...`) and var names, kept
    /// beside the object instead of inside it; they never reach the output.
    pub meta: BuildMeta,
}

/// How a generated resource combines with an existing one of the same id
/// (`internal.config.kubernetes.io/generatorBehavior`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Behavior {
    #[default]
    Unspecified,
    Create,
    Replace,
    Merge,
}

impl Behavior {
    /// kustomize's `NewGenerationBehavior`: unknown words are `Unspecified`.
    pub fn parse(s: &str) -> Behavior {
        match s {
            "create" => Behavior::Create,
            "replace" => Behavior::Replace,
            "merge" => Behavior::Merge,
            _ => Behavior::Unspecified,
        }
    }

    /// `GenerationBehavior.String()`.
    pub fn as_str(self) -> &'static str {
        match self {
            Behavior::Create => "create",
            Behavior::Replace => "replace",
            Behavior::Merge => "merge",
            Behavior::Unspecified => "unspecified",
        }
    }
}

/// What kustomize keeps on a resource outside the object itself (its build annotations live in
/// the object, as in kustomize).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BuildMeta {
    /// Names of the vars that read from this resource (kustomize's `refVarNames`).
    pub ref_var_names: Vec<String>,
}

impl Resource {
    pub fn new(node: Node) -> Resource {
        Resource { node, source: None, meta: BuildMeta::default() }
    }

    pub fn with_source(node: Node, source: Option<Arc<str>>) -> Resource {
        Resource { node, source, meta: BuildMeta::default() }
    }

    pub fn map(&self) -> &Mapping {
        self.node.as_map().expect("a resource is a mapping")
    }

    pub fn map_mut(&mut self) -> &mut Mapping {
        self.node.as_map_mut().expect("a resource is a mapping")
    }

    fn text(&self, path: &[&str]) -> &str {
        self.node.str_at(path).unwrap_or("")
    }

    pub fn api_version(&self) -> &str {
        self.text(&["apiVersion"])
    }

    pub fn kind(&self) -> &str {
        self.text(&["kind"])
    }

    pub fn name(&self) -> &str {
        self.text(&["metadata", "name"])
    }

    pub fn namespace(&self) -> &str {
        self.text(&["metadata", "namespace"])
    }

    pub fn gvk(&self) -> Gvk {
        Gvk::from_api_version(self.api_version(), self.kind())
    }

    /// The id made of the object's current gvk, namespace and name.
    pub fn cur_id(&self) -> ResId {
        ResId::new(self.gvk(), self.namespace(), self.name())
    }

    /// True when the object is an empty mapping (kustomize drops such resources).
    pub fn is_empty(&self) -> bool {
        match &self.node {
            Node::Map(m) => m.is_empty(),
            Node::Scalar(s) => s.is_null(),
            Node::Seq(s) => s.is_empty(),
        }
    }

}

impl Resource {
    /// kyaml's `getMapFromMeta`: the entries of `metadata.<field>` as text (a non-scalar value
    /// reads as "").
    fn meta_map(&self, field: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        if let Some(Node::Map(m)) = self.node.get_path(&["metadata", field]) {
            for (k, v) in m.iter() {
                let text = match v {
                    Node::Scalar(s) => s.value.clone(),
                    _ => String::new(),
                };
                out.insert(k.to_string(), text);
            }
        }
        out
    }

    /// kyaml's `setMapInMetadata`: replaces `metadata.<field>` with string values in key order,
    /// removing the field when the map is empty.
    fn set_meta_map(&mut self, field: &str, m: &BTreeMap<String, String>) {
        let meta = self.map_mut().entry_or_insert_with("metadata", Node::empty_map);
        if !matches!(meta, Node::Map(_)) {
            *meta = Node::empty_map();
        }
        let meta = meta.as_map_mut().expect("metadata is a mapping");
        meta.remove(field);
        if m.is_empty() {
            return;
        }
        let mut map = Mapping::with_capacity(m.len());
        for (k, v) in m {
            map.push(Scalar::string(k.clone()), Node::string(v.clone()));
        }
        meta.push(Scalar::string(field), Node::Map(map));
    }

    pub fn annotations(&self) -> BTreeMap<String, String> {
        self.meta_map("annotations")
    }

    pub fn set_annotations(&mut self, m: &BTreeMap<String, String>) {
        self.set_meta_map("annotations", m)
    }

    pub fn labels(&self) -> BTreeMap<String, String> {
        self.meta_map("labels")
    }

    pub fn set_labels(&mut self, m: &BTreeMap<String, String>) {
        self.set_meta_map("labels", m)
    }
}

/// Annotations kustomize uses internally while building and removes before printing.
pub const BUILD_ANNOTATIONS: &[&str] = &[
    "internal.config.kubernetes.io/previousKinds",
    "internal.config.kubernetes.io/previousNames",
    "internal.config.kubernetes.io/prefixes",
    "internal.config.kubernetes.io/suffixes",
    "internal.config.kubernetes.io/previousNamespaces",
    "internal.config.kubernetes.io/allowNameChange",
    "internal.config.kubernetes.io/allowKindChange",
    "internal.config.kubernetes.io/refBy",
    "internal.config.kubernetes.io/generatorBehavior",
    "internal.config.kubernetes.io/needsHashSuffix",
    "internal.config.kubernetes.io/path",
    "internal.config.kubernetes.io/index",
    "internal.config.kubernetes.io/seqindent",
    "internal.config.kubernetes.io/id",
    "internal.config.kubernetes.io/annotations-migration-resource-id",
    "config.kubernetes.io/path",
    "config.kubernetes.io/index",
    "config.k8s.io/id",
];

/// The origin annotation (`buildMetadata: [originAnnotations]` keeps it).
pub const ORIGIN_ANNOTATION: &str = "config.kubernetes.io/origin";
/// The transformations annotation (`buildMetadata: [transformerAnnotations]` keeps it).
pub const TRANSFORMER_ANNOTATION: &str = "alpha.config.kubernetes.io/transformations";

impl Resource {
    /// kustomize's last step on every resource: drop build annotations, then (unless kept) the
    /// origin and transformer annotations. Each step rewrites the annotations as kyaml does: every
    /// value becomes a string, and an empty map disappears.
    pub fn finish_annotations(&mut self, keep_origin: bool, keep_transformations: bool) {
        // Nothing to remove and nothing to rewrite: absent, or only string keys and values none
        // of which is removed (the rewrite's key order does not reach the output).
        match self.node.get_path(&["metadata", "annotations"]) {
            None => return,
            Some(Node::Map(m)) => {
                let clean = m.entries().iter().all(|(k, v)| {
                    k.tag == crate::yaml::Tag::Str
                        && matches!(v, Node::Scalar(s) if s.tag == crate::yaml::Tag::Str)
                        && !BUILD_ANNOTATIONS.contains(&k.value.as_str())
                        && (keep_origin || k.value != ORIGIN_ANNOTATION)
                        && (keep_transformations || k.value != TRANSFORMER_ANNOTATION)
                });
                if clean && !m.is_empty() {
                    return;
                }
            }
            Some(_) => {}
        }
        // Each of kustomize's three steps rewrites the map; rewriting the final map once is the
        // same, as long as at least one step would have.
        let mut a = self.annotations();
        let rewrite = !a.is_empty() || !keep_origin || !keep_transformations;
        for k in BUILD_ANNOTATIONS {
            a.remove(*k);
        }
        if !keep_origin {
            a.remove(ORIGIN_ANNOTATION);
        }
        if !keep_transformations {
            a.remove(TRANSFORMER_ANNOTATION);
        }
        if rewrite {
            self.set_annotations(&a);
        }
    }
}
