//! A Kustomize source as Argo CD's `kustomize.Build` runs it: the source's options become
//! `kustomize edit` commands on the application's kustomization (`set nameprefix`, `set
//! namesuffix`, `set image`, `set replicas`, `add label [--force] [--without-selector]
//! [--include-templates]`, `add annotation [--force]`, `set namespace`, patches appended,
//! `add component`), then `kustomize build`. Here the edits are applied to the kustomization's
//! data in memory, with `kustomize edit`'s semantics, and the build reads that text instead of
//! the file: the user's files are never changed.

use super::app::KustomizeOptions;
use super::env::Env;
use super::render::Request;
use crate::kustomize::{self, BuildOptions};
use crate::yaml::value::{map_get as get, map_set as set};
use crate::yaml::Value;
use std::path::Path;

type Map = Vec<(String, Value)>;

fn s(v: &str) -> Value {
    Value::Str(v.to_string())
}

/// `GetCommandArgsToLog`: arguments with white space quoted, empty ones as `""`.
pub fn command_to_log(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            if a.is_empty() {
                "\"\"".to_string()
            } else if a.chars().any(char::is_whitespace) {
                crate::golang::strconv::quote(a)
            } else {
                a.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `image.Split`: name, tag, digest (a registry's `host:port/` is not a tag).
pub fn split_image(image: &str) -> (String, String, String) {
    let slash = image.find('/').filter(|&i| i > 0).unwrap_or(0);
    let search = &image[slash..];
    let id = search.find('@');
    let ic = search.find(':');
    match (ic, id) {
        (None, None) => (image.to_string(), String::new(), String::new()),
        (ic, Some(id)) if ic.is_none() || id < ic.unwrap_or(usize::MAX) => {
            let id = id + slash;
            (image[..id].to_string(), String::new(), image[id + 1..].to_string())
        }
        (Some(ic), Some(id)) => {
            let (ic, id) = (ic + slash, id + slash);
            (image[..ic].to_string(), image[ic + 1..id].to_string(), image[id + 1..].to_string())
        }
        (Some(ic), None) => {
            let ic = ic + slash;
            (image[..ic].to_string(), image[ic + 1..].to_string(), String::new())
        }
        _ => unreachable!(),
    }
}

const IMAGE_ARGS_ERROR: &str = "invalid format of image, use one of the following options:
- <image>=<newimage>:<newtag>
- <image>=<newimage>@<digest>
- <image>=<newimage>:<newtag>@<digest>
- <image>=<newimage>
- <image>:<newtag>
- <image>:<newtag>@<digest>
- <image>@<digest>";

#[derive(Clone, Debug, Default, PartialEq)]
struct Image {
    name: String,
    new_name: String,
    new_tag: String,
    digest: String,
}

impl Image {
    fn from_value(v: &Value) -> Image {
        let f = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        Image { name: f("name"), new_name: f("newName"), new_tag: f("newTag"), digest: f("digest") }
    }

    fn to_value(&self) -> Value {
        let mut m = vec![("name".to_string(), s(&self.name))];
        if !self.new_name.is_empty() {
            m.push(("newName".into(), s(&self.new_name)));
        }
        if !self.new_tag.is_empty() {
            m.push(("newTag".into(), s(&self.new_tag)));
        }
        if !self.digest.is_empty() {
            m.push(("digest".into(), s(&self.digest)));
        }
        Value::Map(m)
    }
}

/// `kustomize edit set image ARGS…`.
fn set_images(k: &mut Map, args: &[String]) -> Result<(), String> {
    let mut wanted: Vec<Image> = Vec::new();
    for arg in args {
        let (key, value) = match arg.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (String::new(), arg.clone()),
        };
        let (name, tag, digest) = split_image(&value);
        if name == *arg {
            return Err(IMAGE_ARGS_ERROR.into());
        }
        let img = if key.is_empty() { Image { name, new_tag: tag, digest, ..Default::default() } } else { Image { name: key, new_name: name, new_tag: tag, digest } };
        wanted.retain(|w| w.name != img.name);
        wanted.push(img);
    }
    let existing: Vec<Image> = match get(k, "images") {
        Some(Value::Seq(items)) => items.iter().map(Image::from_value).collect(),
        _ => Vec::new(),
    };
    for im in existing {
        if let Some(arg) = wanted.iter_mut().find(|w| w.name == im.name) {
            if arg.new_name == "*" {
                arg.new_name = im.new_name.clone();
            }
            if arg.new_tag == "*" {
                arg.new_tag = im.new_tag.clone();
            }
            if arg.digest == "*" {
                arg.digest = im.digest.clone();
            }
            continue;
        }
        wanted.push(im);
    }
    for w in &mut wanted {
        for f in [&mut w.new_name, &mut w.new_tag, &mut w.digest] {
            if f == "*" {
                f.clear();
            }
        }
    }
    wanted.sort_by(|a, b| a.name.cmp(&b.name));
    set(k, "images", Value::Seq(wanted.iter().map(Image::to_value).collect()));
    Ok(())
}

/// `kustomize edit set replicas NAME=COUNT…`.
fn set_replicas(k: &mut Map, reps: &[(String, i64)]) {
    let mut all: Vec<(String, Value)> = reps.iter().map(|(n, c)| (n.clone(), Value::Int(*c))).collect();
    if let Some(Value::Seq(items)) = get(k, "replicas") {
        for r in items {
            let name = r.get("name").and_then(Value::as_str).unwrap_or("").to_string();
            if all.iter().any(|(n, _)| *n == name) {
                continue;
            }
            all.push((name, r.get("count").cloned().unwrap_or(Value::Int(0))));
        }
    }
    all.sort_by(|a, b| a.0.cmp(&b.0));
    set(k, "replicas", Value::Seq(all.into_iter().map(|(n, c)| Value::Map(vec![("name".into(), s(&n)), ("count".into(), c)])).collect()));
}

/// `ConvertSliceToMap` over the `key:value` arguments Argo CD passes (quotes around a value
/// trimmed).
fn metadata_pairs(pairs: &[(String, String)], kind: &str) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in pairs {
        let input = format!("{k}:{v}");
        let c = input.find(':').unwrap_or(0);
        if c == 0 {
            return Err(format!("invalid {kind}: '{input}' (need k:v pair where v may be quoted)"));
        }
        let key = input[..c].to_string();
        let mut value = &input[c + 1..];
        if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
            value = &value[1..value.len() - 1];
        }
        out.retain(|(k, _)| *k != key);
        out.push((key, value.to_string()));
    }
    Ok(out)
}

fn write_to_map(target: &mut Map, pairs: &[(String, String)], force: bool, kind: &str) -> Result<(), String> {
    for (k, v) in pairs {
        if target.iter().any(|(key, _)| key == k) && !force {
            return Err(format!("{kind} {k} already in kustomization file"));
        }
        set(target, k, s(v));
    }
    Ok(())
}

fn string_map(v: Option<&Value>) -> Map {
    match v {
        Some(Value::Map(m)) => m.clone(),
        _ => Vec::new(),
    }
}

/// `kustomize edit add label`.
fn add_labels(k: &mut Map, pairs: &[(String, String)], force: bool, without_selector: bool, include_templates: bool) -> Result<(), String> {
    if without_selector {
        let mut p = Vec::new();
        write_to_map(&mut p, pairs, force, "label")?;
        let mut entry = vec![("pairs".to_string(), Value::Map(p))];
        if include_templates {
            entry.push(("includeTemplates".into(), Value::Bool(true)));
        }
        let mut labels = match get(k, "labels") {
            Some(Value::Seq(items)) => items.clone(),
            _ => Vec::new(),
        };
        labels.push(Value::Map(entry));
        set(k, "labels", Value::Seq(labels));
        return Ok(());
    }
    if include_templates {
        return Err("--without-selector flag must be specified for --include-templates to work".into());
    }
    let mut m = string_map(get(k, "commonLabels"));
    write_to_map(&mut m, pairs, force, "label")?;
    set(k, "commonLabels", Value::Map(m));
    Ok(())
}

fn add_annotations(k: &mut Map, pairs: &[(String, String)], force: bool) -> Result<(), String> {
    let mut m = string_map(get(k, "commonAnnotations"));
    write_to_map(&mut m, pairs, force, "annotation")?;
    set(k, "commonAnnotations", Value::Map(m));
    Ok(())
}

/// The kustomization file of a directory (`findKustomizeFile`).
fn kustomization_file(dir: &Path) -> Option<std::path::PathBuf> {
    crate::kustomize::kustomization::FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

fn sorted_pairs(m: &[(String, String)], subst: impl Fn(&str) -> String) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = m.iter().map(|(k, v)| (k.clone(), subst(v))).collect();
    out.sort();
    out
}

/// The kustomization text with the source's options applied, and the commands Argo CD runs.
pub fn edited_kustomization(opts: &KustomizeOptions, app_dir: &Path, repo_root: &Path, env: &Env, commands: &mut Vec<String>) -> Result<Option<Vec<u8>>, String> {
    let Some(file) = kustomization_file(app_dir) else { return Ok(None) };
    let text = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let node = crate::yaml::read::parse_stream_with(&text, crate::yaml::resolve::Dialect::V2)
        .map_err(|e| format!("{}: {e}", file.display()))?
        .into_iter()
        .next()
        .flatten();
    let mut k: Map = match node.map(|n| crate::yaml::value::yaml_to_json_value(&n)) {
        Some(Ok(Value::Map(m))) => m,
        Some(Ok(Value::Null)) | None => Vec::new(),
        Some(Ok(_)) => return Err(format!("{}: not a kustomization", file.display())),
        Some(Err(e)) => return Err(format!("{}: {e}", file.display())),
    };
    let original = k.clone();
    let cmd = |args: &[&str], rest: &[String]| {
        let mut all: Vec<String> = std::iter::once("kustomize".to_string()).chain(args.iter().map(|a| a.to_string())).collect();
        all.extend(rest.iter().cloned());
        command_to_log(&all)
    };
    if !opts.name_prefix.is_empty() {
        commands.push(cmd(&["edit", "set", "nameprefix", "--", &opts.name_prefix], &[]));
        set(&mut k, "namePrefix", s(&opts.name_prefix));
    }
    if !opts.name_suffix.is_empty() {
        commands.push(cmd(&["edit", "set", "namesuffix", "--", &opts.name_suffix], &[]));
        set(&mut k, "nameSuffix", s(&opts.name_suffix));
    }
    if !opts.images.is_empty() {
        let args: Vec<String> = opts.images.iter().map(|i| env.envsubst(i)).collect();
        commands.push(cmd(&["edit", "set", "image"], &args));
        set_images(&mut k, &args)?;
    }
    if !opts.replicas.is_empty() {
        let mut reps = Vec::new();
        for r in &opts.replicas {
            reps.push((r.name.clone(), r.int_count()?));
        }
        let args: Vec<String> = reps.iter().map(|(n, c)| format!("{n}={c}")).collect();
        commands.push(cmd(&["edit", "set", "replicas"], &args));
        set_replicas(&mut k, &reps);
    }
    if !opts.common_labels.is_empty() {
        let mut flags = vec!["edit", "add", "label"];
        if opts.force_common_labels {
            flags.push("--force");
        }
        if opts.label_without_selector {
            flags.push("--without-selector");
        }
        if opts.label_include_templates {
            flags.push("--include-templates");
        }
        let pairs = sorted_pairs(&opts.common_labels, |v| env.envsubst(v));
        let args: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}:{v}")).collect();
        commands.push(cmd(&flags, &args));
        let parsed = metadata_pairs(&pairs, "label")?;
        add_labels(&mut k, &parsed, opts.force_common_labels, opts.label_without_selector, opts.label_include_templates)?;
    }
    if !opts.common_annotations.is_empty() {
        let mut flags = vec!["edit", "add", "annotation"];
        if opts.force_common_annotations {
            flags.push("--force");
        }
        let pairs = if opts.common_annotations_envsubst { sorted_pairs(&opts.common_annotations, |v| env.envsubst(v)) } else { sorted_pairs(&opts.common_annotations, str::to_string) };
        let args: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}:{v}")).collect();
        commands.push(cmd(&flags, &args));
        let parsed = metadata_pairs(&pairs, "annotation")?;
        add_annotations(&mut k, &parsed, opts.force_common_annotations)?;
    }
    if !opts.namespace.is_empty() {
        commands.push(cmd(&["edit", "set", "namespace", "--", &opts.namespace], &[]));
        set(&mut k, "namespace", s(&opts.namespace));
    }
    if !opts.patches.is_empty() {
        let mut list = match get(&k, "patches") {
            Some(Value::Seq(items)) => items.clone(),
            None => Vec::new(),
            Some(other) => return Err(format!("expected 'patches' field in kustomization.yaml to be []any, but got {}", go_type(other))),
        };
        list.extend(opts.patches.iter().cloned());
        set(&mut k, "patches", Value::Seq(list));
        commands.push("# kustomization.yaml updated with patches. There is no `kustomize edit` command for adding patches. In order to generate the manifests in your local environment, you will need to copy the patches into kustomization.yaml manually.".into());
    }
    if !opts.components.is_empty() {
        let mut found = Vec::new();
        for c in &opts.components {
            if opts.ignore_missing_components {
                let p = super::paths::clean(&app_dir.join(c));
                if !p.starts_with(super::paths::abs(repo_root)) || !p.exists() {
                    continue;
                }
            }
            found.push(c.clone());
        }
        if !found.is_empty() {
            commands.push(cmd(&["edit", "add", "component"], &found));
            let mut comps = match get(&k, "components") {
                Some(Value::Seq(items)) => items.clone(),
                _ => Vec::new(),
            };
            for c in found {
                if !app_dir.join(&c).exists() {
                    return Err(format!("{c} has no match: must build at directory: not a valid directory: evalsymlink failure on '{}' : lstat {}: no such file or directory", app_dir.join(&c).display(), app_dir.join(&c).display()));
                }
                if !comps.contains(&s(&c)) {
                    comps.push(s(&c));
                }
            }
            set(&mut k, "components", Value::Seq(comps));
        }
    }
    if k == original {
        return Ok(None);
    }
    let yaml = crate::yaml::to_yaml(&Value::Map(k)).map_err(|e| e.to_string())?;
    Ok(Some(yaml.into_bytes()))
}

fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Uint(_) | Value::Float(_) => "float64",
        Value::Str(_) => "string",
        Value::Seq(_) => "[]interface {}",
        Value::Map(_) => "map[string]interface {}",
    }
}

/// `parseKustomizeBuildOptions`: `build PATH`, then the `kustomize.buildOptions` fields, then,
/// when they enable Helm (kustomize ≥ 5.3), `--helm-kube-version` and one `--helm-api-versions`
/// per API version of the source (or cluster).
pub fn build_args(path: &str, build_options: &str, kube_version: &str, api_versions: &[String]) -> Vec<String> {
    let mut args: Vec<String> = vec!["build".into(), path.into()];
    if build_options.is_empty() {
        return args;
    }
    args.extend(build_options.split_whitespace().map(str::to_string));
    if build_options.contains("--enable-helm") {
        if !kube_version.is_empty() {
            args.extend(["--helm-kube-version".to_string(), kube_version.to_string()]);
        }
        for v in api_versions {
            args.extend(["--helm-api-versions".to_string(), v.clone()]);
        }
    }
    args
}

/// The flags of a `kustomize build` command line (after `build PATH`) as build options; the
/// flags a repo-server's `kustomize.buildOptions` can hold. Unknown flags are refused as
/// kustomize's command line refuses them.
pub fn build_options_from_flags(flags: &[String]) -> Result<BuildOptions, String> {
    let mut opts = BuildOptions::default();
    let mut i = 0;
    while i < flags.len() {
        let arg = &flags[i];
        let Some(flag) = arg.strip_prefix("--") else {
            return Err("specify one path to kustomization.yaml".into());
        };
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (flag, None),
        };
        let boolean = |v: Option<String>| -> Result<bool, String> {
            match v.as_deref() {
                None => Ok(true),
                Some("1" | "t" | "T" | "true" | "TRUE" | "True") => Ok(true),
                Some("0" | "f" | "F" | "false" | "FALSE" | "False") => Ok(false),
                Some(o) => Err(format!("invalid argument {o:?} for \"--{name}\" flag: strconv.ParseBool: parsing {o:?}: invalid syntax")),
            }
        };
        let mut value = |inline: Option<String>| -> Result<String, String> {
            if let Some(v) = inline {
                return Ok(v);
            }
            i += 1;
            flags.get(i).cloned().ok_or_else(|| format!("flag needs an argument: --{name}"))
        };
        match name {
            "enable-helm" => opts.enable_helm = boolean(inline)?,
            "enable-alpha-plugins" => {
                opts.enable_plugins = boolean(inline)?;
                opts.enable_helm |= opts.enable_plugins;
            }
            "enable-managedby-label" => opts.add_managed_by_label = boolean(inline)?,
            "enable-exec" | "network" | "as-current-user" | "helm-debug" | "stack-trace" => {
                boolean(inline)?;
            }
            "helm-kube-version" => opts.helm_kube_version = value(inline)?,
            "helm-api-versions" => opts.helm_api_versions.push(value(inline)?),
            "helm-command" | "network-name" | "mount" | "env" => {
                value(inline)?;
            }
            "load-restrictor" => {
                opts.load_restrictor = match value(inline)?.as_str() {
                    "LoadRestrictionsRootOnly" | "" => kustomize::loader::LoadRestrictor::RootOnly,
                    "LoadRestrictionsNone" => kustomize::loader::LoadRestrictor::None,
                    other => return Err(format!("illegal flag value --load-restrictor {other}; legal values: [LoadRestrictionsRootOnly LoadRestrictionsNone]")),
                }
            }
            "reorder" => {
                opts.reorder = match value(inline)?.as_str() {
                    "legacy" => kustomize::Reorder::Legacy,
                    "none" => kustomize::Reorder::None,
                    other => return Err(format!("illegal flag value --reorder {other}; legal values: [legacy none]")),
                }
            }
            _ => return Err(format!("unknown flag: --{name}")),
        }
        i += 1;
    }
    Ok(opts)
}

/// Builds the source's kustomization with its options; the objects it printed.
pub fn render(req: &Request, app_dir: &Path, env: &Env, commands: &mut Vec<String>) -> Result<Vec<Value>, String> {
    let built = build(req, app_dir, env, commands)?;
    let yaml = kustomize::emit(&built).map_err(|e| e.to_string())?;
    super::render::split_yaml(&yaml)
}

/// Builds the source's kustomization with its options (sharing the caches and read log of
/// `req.shared`, when a run shares them).
pub fn build(req: &Request, app_dir: &Path, env: &Env, commands: &mut Vec<String>) -> Result<crate::resource::ResMap, String> {
    let kube_version = super::helm_source::parse_kube_version(&req.source.kube_version_or(&req.kube_version))?;
    let api_versions = req.source.api_versions_or(&req.api_versions);
    let opts = req.source.kustomize.clone().unwrap_or_default();
    let edited = edited_kustomization(&opts, app_dir, &req.repo_root, env, commands)?;
    let path = app_dir.to_string_lossy().into_owned();
    let args = build_args(&path, &req.kustomize_build_options, &kube_version, &api_versions);
    let mut line = vec!["kustomize".to_string()];
    line.extend(args.iter().cloned());
    commands.push(super::render::redact(&command_to_log(&line), &req.repo_root));
    let flags = build_options_from_flags(&args[2..]).map_err(|e| format!("`kustomize build {}` failed: Error: {e}", app_dir.display()))?;
    let build_opts = BuildOptions {
        top_kustomization: edited,
        cache: req.shared.files.clone(),
        bases: req.shared.bases.clone(),
        reads: req.shared.reads.clone(),
        ..flags
    };
    let built = kustomize::build(app_dir, &build_opts).map_err(|e| format!("`kustomize build {}` failed: Error: {e}", app_dir.display()))?;
    Ok(built.resources)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_names_split_as_kustomize() {
        let t = |i: &str| split_image(i);
        assert_eq!(t("nginx"), ("nginx".into(), "".into(), "".into()));
        assert_eq!(t("nginx:1.2"), ("nginx".into(), "1.2".into(), "".into()));
        assert_eq!(t("reg:5000/app:v1"), ("reg:5000/app".into(), "v1".into(), "".into()));
        assert_eq!(t("app@sha256:abc"), ("app".into(), "".into(), "sha256:abc".into()));
        assert_eq!(t("app:v1@sha256:abc"), ("app".into(), "v1".into(), "sha256:abc".into()));
    }

    #[test]
    fn set_image_merges_and_sorts() {
        let mut k: Map = vec![(
            "images".into(),
            Value::Seq(vec![Value::Map(vec![("name".into(), s("b")), ("newTag".into(), s("old"))]), Value::Map(vec![("name".into(), s("a")), ("newName".into(), s("x"))])]),
        )];
        set_images(&mut k, &["a=*:v2".into(), "c:1".into()]).unwrap();
        assert_eq!(crate::yaml::json::to_json(get(&k, "images").unwrap()).unwrap(), r#"[{"name":"a","newName":"x","newTag":"v2"},{"name":"b","newTag":"old"},{"name":"c","newTag":"1"}]"#);
        assert!(set_images(&mut k, &["nginx".into()]).is_err());
    }

    #[test]
    fn labels_refuse_existing_keys_without_force() {
        let mut k: Map = vec![("commonLabels".into(), Value::Map(vec![("app".into(), s("a"))]))];
        assert_eq!(add_labels(&mut k, &[("app".into(), "b".into())], false, false, false).unwrap_err(), "label app already in kustomization file");
        add_labels(&mut k, &[("app".into(), "b".into())], true, false, false).unwrap();
        assert_eq!(get(&k, "commonLabels").unwrap().get("app").unwrap().as_str(), Some("b"));
        assert_eq!(command_to_log(&["a".into(), "b c".into(), "".into()]), "a \"b c\" \"\"");
    }

    #[test]
    fn build_options_as_argo_cd_passes_them() {
        let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // No build options: neither kube version nor API versions reach kustomize.
        assert_eq!(build_args("p", "", "1.30.0", &v(&["v1/X"])), v(&["build", "p"]));
        // Build options without --enable-helm: passed as they are.
        assert_eq!(build_args("p", " --load-restrictor  LoadRestrictionsNone", "1.30.0", &v(&["v1/X"])), v(&["build", "p", "--load-restrictor", "LoadRestrictionsNone"]));
        assert_eq!(
            build_args("p", "--enable-helm", "1.30.0", &v(&["v1/X", "a/v1"])),
            v(&["build", "p", "--enable-helm", "--helm-kube-version", "1.30.0", "--helm-api-versions", "v1/X", "--helm-api-versions", "a/v1"])
        );
        let o = build_options_from_flags(&v(&["--enable-helm", "--helm-kube-version", "1.30.0", "--helm-api-versions=v1/X", "--load-restrictor=LoadRestrictionsNone"])).unwrap();
        assert!(o.enable_helm);
        assert_eq!(o.helm_kube_version, "1.30.0");
        assert_eq!(o.helm_api_versions, v(&["v1/X"]));
        assert_eq!(o.load_restrictor, kustomize::loader::LoadRestrictor::None);
        assert!(!build_options_from_flags(&v(&["--enable-helm=false"])).unwrap().enable_helm);
        assert_eq!(build_options_from_flags(&v(&["--nope"])).err().unwrap(), "unknown flag: --nope");
        assert_eq!(build_options_from_flags(&v(&["--helm-kube-version"])).err().unwrap(), "flag needs an argument: --helm-kube-version");
    }
}
