//! `buildMetadata: [originAnnotations, transformerAnnotations]`: where each resource came from
//! (`config.kubernetes.io/origin`) and which transformers changed it
//! (`alpha.config.kubernetes.io/transformations`), as YAML text the way kyaml marshals
//! kustomize's `Origin` struct.

use crate::resource::{Resource, ORIGIN_ANNOTATION, TRANSFORMER_ANNOTATION};
use crate::yaml::Node;
pub use crate::golang::path::clean as clean_path;

/// kustomize's `resource.Origin`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub path: String,
    pub repo: String,
    pub git_ref: String,
    pub configured_in: String,
    /// apiVersion, kind, name, namespace of the generator or transformer config.
    pub configured_by: ConfiguredBy,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfiguredBy {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub namespace: String,
}

impl ConfiguredBy {
    fn is_empty(&self) -> bool {
        self.api_version.is_empty() && self.kind.is_empty() && self.name.is_empty() && self.namespace.is_empty()
    }
}

/// Go's `filepath.Join`: joined with `/` and cleaned (an empty result is "").
pub fn join_path(a: &str, b: &str) -> String {
    let joined = match (a.is_empty(), b.is_empty()) {
        (true, true) => return String::new(),
        (true, false) => b.to_string(),
        (false, true) => a.to_string(),
        (false, false) => format!("{a}/{b}"),
    };
    clean_path(&joined)
}


impl Origin {
    /// `Origin.Append`: the path of something named relative to this one.
    pub fn append(&self, path: &str) -> Origin {
        let mut o = self.clone();
        let mut path = path.to_string();
        if let Ok(spec) = super::remote::RepoSpec::parse(&path) {
            // kustomize strips its "/notCloned" placeholder from the clone path: the directory in
            // the repository, or "notCloned" itself for the repository root.
            o.repo = spec.clone_spec();
            o.git_ref = spec.git_ref.clone();
            o.path = String::new();
            path = if spec.kust_root_path.is_empty() { "notCloned".into() } else { spec.kust_root_path.clone() };
        }
        o.path = join_path(&o.path, &path);
        o
    }

    /// kyaml's marshalling of the struct (fields in declaration order, empty ones omitted),
    /// `indent` spaces before each line.
    fn write(&self, out: &mut String, first_prefix: &str, indent: &str) {
        let mut lines: Vec<String> = Vec::new();
        for (k, v) in [("path", &self.path), ("repo", &self.repo), ("ref", &self.git_ref), ("configuredIn", &self.configured_in)] {
            if !v.is_empty() {
                lines.push(format!("{k}: {}", scalar(v)));
            }
        }
        if !self.configured_by.is_empty() {
            lines.push("configuredBy:".into());
            let c = &self.configured_by;
            for (k, v) in [("apiVersion", &c.api_version), ("kind", &c.kind), ("name", &c.name), ("namespace", &c.namespace)] {
                if !v.is_empty() {
                    lines.push(format!("  {k}: {}", scalar(v)));
                }
            }
        }
        if lines.is_empty() {
            out.push_str(first_prefix);
            out.push_str("{}\n");
            return;
        }
        for (i, l) in lines.iter().enumerate() {
            out.push_str(if i == 0 { first_prefix } else { indent });
            out.push_str(l);
            out.push('\n');
        }
    }

    /// The annotation text.
    pub fn to_yaml(&self) -> String {
        let mut s = String::new();
        self.write(&mut s, "", "");
        s
    }

    /// Reads an origin annotation back.
    pub fn from_yaml(text: &str) -> Option<Origin> {
        let node = crate::yaml::parse_one(text.as_bytes()).ok()?;
        Some(Origin::from_node(&node))
    }

    fn from_node(node: &Node) -> Origin {
        let s = |p: &[&str]| node.str_at(p).unwrap_or("").to_string();
        Origin {
            path: s(&["path"]),
            repo: s(&["repo"]),
            git_ref: s(&["ref"]),
            configured_in: s(&["configuredIn"]),
            configured_by: ConfiguredBy {
                api_version: s(&["configuredBy", "apiVersion"]),
                kind: s(&["configuredBy", "kind"]),
                name: s(&["configuredBy", "name"]),
                namespace: s(&["configuredBy", "namespace"]),
            },
        }
    }
}

/// A string as go-yaml v3 writes it: plain when that reads back as the same string, else
/// double-quoted.
fn scalar(v: &str) -> String {
    let plain_ok = !v.is_empty()
        && crate::yaml::node::resolve_plain_tag(v) == crate::yaml::Tag::Str
        && !matches!(v.to_ascii_lowercase().as_str(), "y" | "yes" | "n" | "no" | "on" | "off")
        && !v.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !v.ends_with(' ')
        && !v.contains(": ")
        && !v.contains(" #")
        && !v.chars().any(|c| c.is_control());
    if plain_ok {
        return v.to_string();
    }
    let mut s = String::new();
    crate::yaml::json::write_json_string(&mut s, v);
    s
}

/// The resource's origin annotation, if any.
pub fn get_origin(r: &Resource) -> Option<Origin> {
    r.annotations().get(ORIGIN_ANNOTATION).and_then(|t| Origin::from_yaml(t))
}

/// Sets (or with `None` removes) the origin annotation.
pub fn set_origin(r: &mut Resource, origin: Option<&Origin>) {
    let mut a = r.annotations();
    match origin {
        Some(o) => {
            a.insert(ORIGIN_ANNOTATION.to_string(), o.to_yaml());
        }
        None => {
            a.remove(ORIGIN_ANNOTATION);
        }
    }
    r.set_annotations(&a);
}

/// `AddOriginAnnotation`: resources without an origin get this one.
pub fn add_origin(resources: &mut [Resource], origin: &Origin) {
    for r in resources {
        if !r.annotations().contains_key(ORIGIN_ANNOTATION) {
            set_origin(r, Some(origin));
        }
    }
}

/// `AddTransformerAnnotation`: a resource without an origin takes the transformer's as its
/// origin; the others record it as one more transformation.
pub fn add_transformation(resources: &mut [Resource], origin: &Origin) {
    for r in resources {
        let mut a = r.annotations();
        if !a.contains_key(ORIGIN_ANNOTATION) {
            set_origin(r, Some(origin));
            continue;
        }
        let mut list: Vec<Origin> = match a.get(TRANSFORMER_ANNOTATION) {
            None => Vec::new(),
            Some(t) => match crate::yaml::parse_one(t.as_bytes()) {
                Ok(Node::Seq(items)) => items.iter().map(Origin::from_node).collect(),
                _ => Vec::new(),
            },
        };
        list.push(origin.clone());
        let mut text = String::new();
        for o in &list {
            o.write(&mut text, "- ", "  ");
        }
        a.insert(TRANSFORMER_ANNOTATION.to_string(), text);
        r.set_annotations(&a);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_like_go() {
        assert_eq!(join_path("", "service.yaml"), "service.yaml");
        assert_eq!(join_path("../base", "namespace.yaml"), "../base/namespace.yaml");
        assert_eq!(join_path("a/b", "../c"), "a/c");
        assert_eq!(join_path("", "../base"), "../base");
    }

    #[test]
    fn marshals_like_kyaml() {
        let o = Origin {
            configured_in: "kustomization.yaml".into(),
            configured_by: ConfiguredBy { api_version: "builtin".into(), kind: "PrefixTransformer".into(), ..Default::default() },
            ..Default::default()
        };
        assert_eq!(o.to_yaml(), "configuredIn: kustomization.yaml\nconfiguredBy:\n  apiVersion: builtin\n  kind: PrefixTransformer\n");
        let mut t = String::new();
        o.write(&mut t, "- ", "  ");
        assert_eq!(t, "- configuredIn: kustomization.yaml\n  configuredBy:\n    apiVersion: builtin\n    kind: PrefixTransformer\n");
        assert_eq!(Origin::from_yaml(&o.to_yaml()).unwrap(), o);
        assert_eq!(scalar("true"), "\"true\"");
    }
}

