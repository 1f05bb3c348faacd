//! `images:` (ImageTagTransformer): rewrites container image references whose name matches —
//! any `image` field of a `containers`/`initContainers` list anywhere in an object, then the image
//! field specs.

use super::{Context, Transformer};
use crate::kustomize::decode::{self, DecodeResult};
use crate::kustomize::fieldspec::{self, Compiled, CreateKind, FieldSpec};
use crate::kustomize::setters::{kind_name, set_scalar};
use crate::kustomize::KustomizeError;
use crate::resource::ResMap;
use crate::yaml::value::Value;
use crate::yaml::Node;

/// One `images:` entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Image {
    pub name: String,
    pub new_name: String,
    pub tag_suffix: String,
    pub new_tag: String,
    pub digest: String,
}

impl Image {
    pub fn from_value(v: &Value) -> DecodeResult<Image> {
        let o = decode::object(v, "types.Image")?;
        let s = |k: &str| decode::string(decode::field(o, k), &format!("Image.images.{k}"));
        Ok(Image { name: s("name")?, new_name: s("newName")?, tag_suffix: s("tagSuffix")?, new_tag: s("newTag")?, digest: s("digest")? })
    }
}

#[derive(Clone, Debug)]
pub struct ImageTag {
    pub image: Image,
    pub field_specs: Vec<FieldSpec>,
    matcher: Option<Matcher>,
}

/// kustomize's image pattern `^NAME(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`, NAME
/// unescaped. Names whose only metacharacter is `.` (nearly all) are matched directly; compiling
/// a regex costs more than a small build's whole transform.
#[derive(Clone, Debug)]
enum Matcher {
    Plain(String),
    Regex(regex::Regex),
}

impl Matcher {
    fn new(name: &str) -> Option<Matcher> {
        if !name.contains(['\\', '^', '$', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|']) {
            return Some(Matcher::Plain(name.to_string()));
        }
        // kustomize ignores a compile error (and then crashes on use).
        let pattern = format!("^{name}(:[a-zA-Z0-9_.{{}}-]*)?(@sha256:[a-zA-Z0-9_.{{}}-]*)?$");
        regex::Regex::new(&pattern).ok().map(Matcher::Regex)
    }

    fn is_match(&self, s: &str) -> bool {
        match self {
            Matcher::Regex(r) => r.is_match(s),
            Matcher::Plain(name) => {
                let mut chars = s.chars();
                // `.` is any character but a newline; everything else stands for itself.
                let prefix = name.chars().all(|p| chars.next().is_some_and(|c| if p == '.' { c != '\n' } else { c == p }));
                let rest = chars.as_str();
                let class = |t: &str| t.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.{}-".contains(&b));
                let (tag, digest) = match rest.find('@') {
                    Some(at) => (&rest[..at], Some(&rest[at..])),
                    None => (rest, None),
                };
                prefix
                    && (tag.is_empty() || tag.strip_prefix(':').is_some_and(class))
                    && digest.map_or(true, |d| d.strip_prefix("@sha256:").is_some_and(class))
            }
        }
    }
}

impl ImageTag {
    pub fn new(image: Image, field_specs: Vec<FieldSpec>) -> ImageTag {
        let matcher = Matcher::new(&image.name);
        ImageTag { image, field_specs, matcher }
    }

    /// An ImageTagTransformer config (`imageTag`, `fieldSpecs`).
    pub fn from_config(v: &Value) -> DecodeResult<ImageTag> {
        let o = decode::object(v, "builtins.ImageTagTransformerPlugin")?;
        let image = Image::from_value(decode::field(o, "imageTag").unwrap_or(&Value::Null))?;
        let field_specs = match decode::field(o, "fieldSpecs") {
            Some(v) => fieldspec::specs_from_value(v, false)?,
            None => Vec::new(),
        };
        Ok(ImageTag::new(image, field_specs))
    }

    fn update(&self, node: &mut Node) -> Result<(), String> {
        let Node::Scalar(s) = &*node else {
            return Err(format!("wrong node kind: expected ScalarNode but got {}", kind_name(node)));
        };
        let value = s.value.clone();
        let Some(matcher) = &self.matcher else {
            // kustomize crashes here (it ignores the compile error).
            return Err(format!("invalid image name '{}': not a valid regular expression", self.image.name));
        };
        if !matcher.is_match(&value) {
            return Ok(());
        }
        let (mut name, mut tag, mut digest) = split(&value);
        let img = &self.image;
        if !img.new_name.is_empty() {
            name = img.new_name.clone();
        }
        if !img.new_tag.is_empty() && !img.digest.is_empty() {
            tag = img.new_tag.clone();
            digest = img.digest.clone();
        } else if !img.new_tag.is_empty() {
            tag = img.new_tag.clone();
            digest.clear();
        } else if !img.digest.is_empty() {
            tag.clear();
            digest = img.digest.clone();
        } else if !img.tag_suffix.is_empty() {
            tag.push_str(&img.tag_suffix);
            digest.clear();
        }
        if !tag.is_empty() {
            name = format!("{name}:{tag}");
        }
        if !digest.is_empty() {
            name = format!("{name}@{digest}");
        }
        set_scalar(node, &name, None)
    }

    /// The legacy pass: `image` of every element of any `containers`/`initContainers` sequence.
    fn legacy(&self, node: &mut Node) -> Result<(), String> {
        match node {
            Node::Map(m) => {
                for (key, value) in m.iter_mut() {
                    self.legacy(value)?;
                    if key == "containers" || key == "initContainers" {
                        if let Node::Seq(items) = value {
                            for item in items.iter_mut() {
                                match item {
                                    Node::Map(c) => {
                                        if let Some(img) = c.get_mut("image") {
                                            if !crate::kustomize::setters::is_null(img) {
                                                self.update(img)?;
                                            }
                                        }
                                    }
                                    Node::Scalar(s) if s.tag == crate::yaml::Tag::Null => {}
                                    other => return Err(format!("wrong node kind: expected MappingNode but got {}", kind_name(other))),
                                }
                            }
                        }
                    }
                }
                Ok(())
            }
            Node::Seq(items) => items.iter_mut().try_for_each(|i| self.legacy(i)),
            Node::Scalar(_) => Ok(()),
        }
    }

    pub fn apply(&self, obj: &mut Node) -> Result<(), String> {
        let compiled: Vec<Compiled<'_>> = self.field_specs.iter().map(Compiled::new).collect();
        self.apply_compiled(obj, &compiled)
    }

    fn apply_compiled(&self, obj: &mut Node, compiled: &[Compiled<'_>]) -> Result<(), String> {
        if obj.str_at(&["kind"]) == Some("CustomResourceDefinition") {
            return Ok(());
        }
        self.legacy(obj)?;
        for c in compiled {
            c.apply(obj, CreateKind::None, None, &mut |n| self.update(n))?;
        }
        Ok(())
    }
}

/// kustomize's `image.Split`: name, tag and digest of `[host[:port]/]path[:tag][@digest]`.
pub fn split(image: &str) -> (String, String, String) {
    let (search, offset) = match image.find('/') {
        Some(i) if i > 0 => (&image[i..], i),
        _ => (image, 0),
    };
    let id = search.find('@');
    let ic = search.find(':');
    match (ic, id) {
        (None, None) => (image.to_string(), String::new(), String::new()),
        (ic, Some(id)) if ic.is_none() || id < ic.unwrap() => {
            let id = id + offset;
            (image[..id].to_string(), String::new(), image[id + 1..].to_string())
        }
        (Some(ic), Some(id)) => {
            let (ic, id) = (ic + offset, id + offset);
            (image[..ic].to_string(), image[ic + 1..id].to_string(), image[id + 1..].to_string())
        }
        (Some(ic), None) => {
            let ic = ic + offset;
            (image[..ic].to_string(), image[ic + 1..].to_string(), String::new())
        }
        (None, Some(_)) => unreachable!("handled above"),
    }
}

impl Transformer for ImageTag {
    fn transform(&self, resources: &mut ResMap, _cx: &mut Context<'_>) -> Result<(), KustomizeError> {
        let compiled: Vec<Compiled<'_>> = self.field_specs.iter().map(Compiled::new).collect();
        resources.try_each_mut(|r| self.apply_compiled(&mut r.node, &compiled).map_err(KustomizeError))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_one;

    #[test]
    fn plain_names_match_as_the_regex_does() {
        let names = ["nginx", "gcr.io/app", "host:5000/a.b", "my-app_1"];
        let values = [
            "nginx", "nginx:1.2", "nginx:", "nginx@sha256:ab", "nginx:1@sha256:ab", "nginx:1@sha256:", "nginx@sha25:ab",
            "nginx:1:2", "nginx@sha256:a@b", "nginx:1 ", "nginxx", "nginx/x", "gcr.io/app:v1", "gcrXio/app", "gcr\nio/app",
            "gcr.io/ap", "host:5000/aXb@sha256:0", "my-app_1:{{v}}", "ngin", "", "nginx:é",
        ];
        for name in names {
            let plain = Matcher::new(name).unwrap();
            assert!(matches!(plain, Matcher::Plain(_)));
            let re = regex::Regex::new(&format!("^{name}(:[a-zA-Z0-9_.{{}}-]*)?(@sha256:[a-zA-Z0-9_.{{}}-]*)?$")).unwrap();
            for v in values {
                assert_eq!(plain.is_match(v), re.is_match(v), "{name} vs {v:?}");
            }
        }
        assert!(matches!(Matcher::new("app[0-9]"), Some(Matcher::Regex(_))));
        assert!(Matcher::new("app(").is_none());
    }

    #[test]
    fn splits_like_kustomize() {
        let s = |x: &str| split(x);
        assert_eq!(s("nginx"), ("nginx".into(), "".into(), "".into()));
        assert_eq!(s("nginx:1.2"), ("nginx".into(), "1.2".into(), "".into()));
        assert_eq!(s("host:5000/app:v1@sha256:ab"), ("host:5000/app".into(), "v1".into(), "sha256:ab".into()));
        assert_eq!(s("app@sha256:ab"), ("app".into(), "".into(), "sha256:ab".into()));
    }

    #[test]
    fn rewrites_matching_images_anywhere() {
        let t = ImageTag::new(Image { name: "nginx".into(), new_tag: "1.25".into(), ..Default::default() }, Vec::new());
        let mut d = parse_one(b"kind: Whatever\nspec:\n  x:\n    containers:\n    - image: nginx:1.0\n    - image: nginx-other\n").unwrap();
        t.apply(&mut d).unwrap();
        let items = d.get_path(&["spec", "x", "containers"]).unwrap().as_seq().unwrap();
        assert_eq!(items[0].str_at(&["image"]), Some("nginx:1.25"));
        assert_eq!(items[1].str_at(&["image"]), Some("nginx-other"));
    }
}
