//! `configMapGenerator:` and `secretGenerator:` (ConfigMapGenerator, SecretGenerator): a ConfigMap
//! or Secret made from literals (`key=value`), files (`[key=]path`) and env files, with
//! `generatorOptions` (labels, annotations, immutable, the content-hash name suffix) and a
//! `behavior` (create, replace or merge with an object of the same id).

use crate::kustomize::decode::{self, DecodeResult};
use crate::kustomize::loader::Loader;
use crate::kustomize::setters::string_node;
use crate::resource::{Behavior, Resource};
use crate::yaml::value::Value;
use crate::yaml::{Mapping, Node, Scalar, Style, Tag};
use std::collections::BTreeMap;

/// Which object a generator makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeneratorKind {
    ConfigMap,
    Secret,
}

impl GeneratorKind {
    pub fn name(self) -> &'static str {
        match self {
            GeneratorKind::ConfigMap => "ConfigMap",
            GeneratorKind::Secret => "Secret",
        }
    }
}

/// `generatorOptions:` and per-generator `options:`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GeneratorOptions {
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    pub disable_name_suffix_hash: bool,
    pub immutable: bool,
}

impl GeneratorOptions {
    pub fn from_value(v: &Value, strict: bool) -> DecodeResult<GeneratorOptions> {
        let o = decode::object(v, "types.GeneratorOptions")?;
        if strict {
            if let Some(k) = decode::unknown_key(o, &["labels", "annotations", "disableNameSuffixHash", "immutable"]) {
                return Err(format!("json: unknown field \"{k}\""));
            }
        }
        Ok(GeneratorOptions {
            labels: decode::string_map(decode::field(o, "labels"), "GeneratorOptions.labels")?,
            annotations: decode::string_map(decode::field(o, "annotations"), "GeneratorOptions.annotations")?,
            disable_name_suffix_hash: decode::boolean(decode::field(o, "disableNameSuffixHash"), "GeneratorOptions.disableNameSuffixHash")?,
            immutable: decode::boolean(decode::field(o, "immutable"), "GeneratorOptions.immutable")?,
        })
    }

    /// `MergeGlobalOptionsIntoLocal`: local map entries win, a global `true` wins.
    pub fn merge_global(local: Option<GeneratorOptions>, global: Option<&GeneratorOptions>) -> Option<GeneratorOptions> {
        let Some(global) = global else { return local };
        let mut local = local.unwrap_or_default();
        for (k, v) in &global.labels {
            local.labels.entry(k.clone()).or_insert_with(|| v.clone());
        }
        for (k, v) in &global.annotations {
            local.annotations.entry(k.clone()).or_insert_with(|| v.clone());
        }
        local.disable_name_suffix_hash |= global.disable_name_suffix_hash;
        local.immutable |= global.immutable;
        Some(local)
    }
}

/// One generator entry (`types.ConfigMapArgs`/`types.SecretArgs`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GeneratorArgs {
    pub name: String,
    pub namespace: String,
    pub behavior: String,
    pub literals: Vec<String>,
    pub files: Vec<String>,
    pub envs: Vec<String>,
    pub options: Option<GeneratorOptions>,
    /// Secrets only.
    pub secret_type: String,
}

impl GeneratorArgs {
    /// An entry of `configMapGenerator:`/`secretGenerator:` (unknown fields refused, `env` folded
    /// into `envs` as kustomize's FixKustomization does).
    pub fn from_kustomization(v: &Value, kind: GeneratorKind) -> DecodeResult<GeneratorArgs> {
        let o = decode::object(v, "types.ConfigMapArgs")?;
        let mut known = vec!["namespace", "name", "behavior", "literals", "files", "envs", "env", "options"];
        if kind == GeneratorKind::Secret {
            known.push("type");
        }
        if let Some(k) = decode::unknown_key(o, &known) {
            return Err(format!("json: unknown field \"{k}\""));
        }
        GeneratorArgs::decode(o, kind, true)
    }

    fn decode(o: &[(String, Value)], kind: GeneratorKind, strict: bool) -> DecodeResult<GeneratorArgs> {
        let t = if kind == GeneratorKind::Secret { "SecretArgs" } else { "ConfigMapArgs" };
        let s = |k: &str| decode::string(decode::field(o, k), &format!("{t}.{k}"));
        let l = |k: &str| decode::string_list(decode::field(o, k), &format!("{t}.{k}"));
        let mut envs = l("envs")?;
        let env = s("env")?;
        if !env.is_empty() {
            envs.push(env);
        }
        let options = match decode::field(o, "options") {
            None | Some(Value::Null) => None,
            Some(v) => Some(GeneratorOptions::from_value(v, strict)?),
        };
        Ok(GeneratorArgs {
            name: s("name")?,
            namespace: s("namespace")?,
            behavior: s("behavior")?,
            literals: l("literals")?,
            files: l("files")?,
            envs,
            options,
            secret_type: if kind == GeneratorKind::Secret { s("type")? } else { String::new() },
        })
    }

    /// A ConfigMapGenerator/SecretGenerator plugin config: the args inline, `metadata.name` and
    /// `metadata.namespace` as fallbacks.
    pub fn from_config(v: &Value, kind: GeneratorKind) -> DecodeResult<GeneratorArgs> {
        let o = decode::object(v, "builtins.ConfigMapGeneratorPlugin")?;
        let mut args = GeneratorArgs::decode(o, kind, false)?;
        let meta = decode::object(decode::field(o, "metadata").unwrap_or(&Value::Null), "types.ObjectMeta")?;
        if args.name.is_empty() {
            args.name = decode::string(decode::field(meta, "name"), "ObjectMeta.name")?;
        }
        if args.namespace.is_empty() {
            args.namespace = decode::string(decode::field(meta, "namespace"), "ObjectMeta.namespace")?;
        }
        Ok(args)
    }
}

/// A generator ready to run.
#[derive(Clone, Debug)]
pub struct Generator {
    pub kind: GeneratorKind,
    pub args: GeneratorArgs,
}

impl super::Generate for Generator {
    fn generate(&self, loader: &Loader) -> Result<Vec<Resource>, String> {
        Generator::generate(self, loader).map(|r| vec![r])
    }

    fn describe(&self) -> String {
        format!("{}Generator {}", self.kind.name(), self.args.name)
    }
}

/// A key and its raw value (file contents need not be UTF-8).
struct Pair {
    key: String,
    value: Vec<u8>,
}

impl Generator {
    /// Makes the object (`MakeConfigMap`/`MakeSecret` plus the resource factory's build flags).
    pub fn generate(&self, loader: &Loader) -> Result<Resource, String> {
        let args = &self.args;
        if args.name.is_empty() {
            return Err("a configmap must have a name".into());
        }
        let mut metadata = Mapping::new();
        metadata.push(Scalar::plain("name"), Node::Scalar(Scalar::untagged(args.name.as_str(), Style::Plain)));
        if !args.namespace.is_empty() {
            metadata.push(Scalar::plain("namespace"), Node::Scalar(Scalar::untagged(args.namespace.as_str(), Style::Plain)));
        }
        let mut obj = Mapping::new();
        obj.push(Scalar::plain("apiVersion"), Node::plain("v1"));
        obj.push(Scalar::plain("kind"), Node::plain(self.kind.name()));
        obj.push(Scalar::plain("metadata"), Node::Map(metadata));

        let pairs = load_pairs(loader, args).map_err(|e| format!("loading KV pairs: {e}"))?;
        let mut data: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for p in pairs {
            if data.contains_key(&p.key) {
                return Err(format!("configmap {} illegally repeats the key `{}`", args.name, p.key));
            }
            data.insert(p.key, p.value);
        }
        match self.kind {
            GeneratorKind::ConfigMap => {
                let (mut text, mut binary) = (Mapping::new(), Mapping::new());
                for (k, v) in &data {
                    match std::str::from_utf8(v) {
                        Ok(s) => text.push(Scalar::plain(k.as_str()), string_node(s)),
                        Err(_) => binary.push(Scalar::plain(k.as_str()), string_node(&encode_base64(v))),
                    }
                }
                if !text.is_empty() {
                    obj.push(Scalar::plain("data"), Node::Map(text));
                }
                if !binary.is_empty() {
                    obj.push(Scalar::plain("binaryData"), Node::Map(binary));
                }
            }
            GeneratorKind::Secret => {
                let t = if args.secret_type.is_empty() { "Opaque" } else { args.secret_type.as_str() };
                obj.push(Scalar::plain("type"), Node::string(t));
                let mut m = Mapping::new();
                for (k, v) in &data {
                    m.push(Scalar::plain(k.as_str()), string_node(&encode_base64(v)));
                }
                obj.push(Scalar::plain("data"), Node::Map(m));
            }
        }
        let mut r = Resource::new(Node::Map(obj));
        if let Some(opts) = &args.options {
            let mut labels = r.labels();
            labels.extend(opts.labels.iter().map(|(k, v)| (k.clone(), v.clone())));
            if !opts.labels.is_empty() {
                r.set_labels(&labels);
            }
            let mut annotations = r.annotations();
            annotations.extend(opts.annotations.iter().map(|(k, v)| (k.clone(), v.clone())));
            if !opts.annotations.is_empty() {
                r.set_annotations(&annotations);
            }
            if opts.immutable {
                r.map_mut().insert("immutable", Node::Scalar(Scalar { value: "true".into(), tag: Tag::Bool, style: Style::Plain }));
            }
        }
        // The resource factory's `makeOne`: each flag rewrites the annotation map.
        if !args.options.as_ref().is_some_and(|o| o.disable_name_suffix_hash) {
            r.enable_flag(crate::resource::previous::NEEDS_HASH_SUFFIX);
        }
        r.set_behavior(Behavior::parse(&args.behavior));
        Ok(r)
    }
}

fn load_pairs(loader: &Loader, args: &GeneratorArgs) -> Result<Vec<Pair>, String> {
    let mut all = Vec::new();
    for path in &args.envs {
        let content = loader.load(path).map_err(|e| format!("env source files: [{}]: {}", args.envs.join(" "), e.0))?;
        all.extend(env_pairs(&content).map_err(|e| format!("env source files: [{}]: {e}", args.envs.join(" ")))?);
    }
    for source in &args.literals {
        let (k, v) = parse_literal(source).map_err(|e| format!("literal sources [{}]: {e}", args.literals.join(" ")))?;
        all.push(Pair { key: k, value: v.into_bytes() });
    }
    for source in &args.files {
        let wrap = |e: String| format!("file sources: [{}]: {e}", args.files.join(" "));
        let (key, path) = parse_file_source(source).map_err(wrap)?;
        let content = loader.load(&path).map_err(|e| wrap(e.0))?;
        all.push(Pair { key, value: content });
    }
    Ok(all)
}

/// `parseLiteralSource`: `key=value`, the value unquoted when wrapped in matching quotes.
fn parse_literal(source: &str) -> Result<(String, String), String> {
    let Some((k, v)) = source.split_once('=') else {
        return Err(format!("invalid literal source {source}, expected key=value"));
    };
    if k.is_empty() {
        return Err(format!("invalid literal source {source}, expected key=value"));
    }
    Ok((k.to_string(), remove_quotes(v).to_string()))
}

fn remove_quotes(s: &str) -> &str {
    let b = s.as_bytes();
    if b.len() < 2 || b[0] != b[b.len() - 1] {
        return s;
    }
    if b[0] == b'"' || b[0] == b'\'' {
        return &s[1..s.len() - 1];
    }
    s
}

/// `ParseFileSource`: `path` (key: its base name) or `key=path`.
pub fn parse_file_source(source: &str) -> Result<(String, String), String> {
    let n = source.matches('=').count();
    match n {
        0 => Ok((go_path_base(source), source.to_string())),
        1 if source.starts_with('=') => Err(format!("missing key name for file path \"{}\" in source \"{source}\"", &source[1..])),
        1 if source.ends_with('=') => Err(format!("missing file path for key name \"{}\" in source \"{source}\"", &source[..source.len() - 1])),
        1 => {
            let (k, p) = source.split_once('=').expect("one '='");
            Ok((k.to_string(), p.to_string()))
        }
        _ => Err(format!("source \"{source}\" key name or file path contains '='")),
    }
}

/// Go's `path.Base`.
fn go_path_base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".into();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_string()
}

/// An env file: `KEY=value` lines; blank lines and `#` comments skipped, leading space trimmed,
/// a UTF-8 BOM dropped from the first line, `KEY` alone means an empty value.
fn env_pairs(content: &[u8]) -> Result<Vec<Pair>, String> {
    let mut out = Vec::new();
    let mut lines: Vec<&[u8]> = content.split(|&b| b == b'\n').collect();
    if content.ends_with(b"\n") || content.is_empty() {
        lines.pop();
    }
    for (i, raw) in lines.into_iter().enumerate() {
        let mut line = raw.strip_suffix(b"\r").unwrap_or(raw);
        let Ok(text) = std::str::from_utf8(line) else {
            return Err(format!("line {i} has invalid utf8 bytes : {}", String::from_utf8_lossy(line)));
        };
        if i == 0 {
            line = text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes();
        }
        let text = std::str::from_utf8(line).expect("checked").trim_start();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let (k, v) = text.split_once('=').unwrap_or((text, ""));
        out.push(Pair { key: k.to_string(), value: v.as_bytes().to_vec() });
    }
    Ok(out)
}

/// kyaml's `encodeBase64`: standard base64, broken into 70-column lines (each ended by a newline)
/// when longer than one line.
pub fn encode_base64(data: &[u8]) -> String {
    let enc = crate::yaml::base64::encode_std(data);
    const LINE: usize = 70;
    let lines = enc.len() / LINE + 1;
    if lines <= 1 {
        return enc;
    }
    let mut out = String::with_capacity(enc.len() + lines);
    for chunk in enc.as_bytes().chunks(LINE) {
        out.push_str(std::str::from_utf8(chunk).expect("ascii"));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_and_file_sources() {
        assert_eq!(parse_literal("a=\"b=c\"").unwrap(), ("a".into(), "b=c".into()));
        assert!(parse_literal("=x").is_err());
        assert!(parse_literal("x").is_err());
        assert_eq!(parse_file_source("dir/app.properties").unwrap(), ("app.properties".into(), "dir/app.properties".into()));
        assert_eq!(parse_file_source("k=dir/f").unwrap(), ("k".into(), "dir/f".into()));
        assert!(parse_file_source("a=b=c").is_err());
    }

    #[test]
    fn env_files() {
        let pairs = env_pairs(b"\xEF\xBB\xBFA=1\n  # c\n\nB\nC=x=y\r\n").unwrap();
        let got: Vec<(String, String)> = pairs.into_iter().map(|p| (p.key, String::from_utf8(p.value).unwrap())).collect();
        assert_eq!(got, vec![("A".into(), "1".into()), ("B".into(), "".into()), ("C".into(), "x=y".into())]);
    }

    #[test]
    fn base64_lines() {
        assert_eq!(encode_base64(b"b"), "Yg==");
        let long = encode_base64(&[b'x'; 60]);
        assert!(long.ends_with('\n') && long.lines().next().unwrap().len() == 70, "{long}");
    }

    #[test]
    fn options_merge() {
        let global = GeneratorOptions { labels: [("a".into(), "g".into()), ("b".into(), "g".into())].into(), immutable: true, ..Default::default() };
        let local = GeneratorOptions { labels: [("a".into(), "l".into())].into(), ..Default::default() };
        let m = GeneratorOptions::merge_global(Some(local), Some(&global)).unwrap();
        assert_eq!(m.labels["a"], "l");
        assert_eq!(m.labels["b"], "g");
        assert!(m.immutable);
    }
}
