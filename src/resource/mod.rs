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

/// One object (a YAML mapping) and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    pub node: Node,
    /// The file it was read from, for messages.
    pub source: Option<Arc<str>>,
}

impl Resource {
    pub fn new(node: Node) -> Resource {
        Resource { node, source: None }
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
        let mut a = self.annotations();
        if !a.is_empty() {
            for k in BUILD_ANNOTATIONS {
                a.remove(*k);
            }
            self.set_annotations(&a);
        }
        if !keep_origin {
            a.remove(ORIGIN_ANNOTATION);
            self.set_annotations(&a);
        }
        if !keep_transformations {
            a.remove(TRANSFORMER_ANNOTATION);
            self.set_annotations(&a);
        }
    }
}
