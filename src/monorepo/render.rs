//! Rendering one app: a kustomization through the kustomize library, a chart through the Helm
//! engine. A build is kept as built until its text is wanted ([`Built::docs`]), so `diff` can
//! look at the paths an app read before paying for printing it.

use super::cache::RunCache;
use super::discover::{App, Source};
use crate::kustomize::shared::{ReadLog, Reads};
use crate::kustomize::{self, BuildOptions};
use crate::resource::ResMap;
use std::path::Path;
use std::sync::Arc;

/// A resource's identity in an app's output: group, kind, namespace, name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResKey {
    pub group: String,
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl std::fmt::Display for ResKey {
    /// `Kind.group/namespace/name` as kubectl writes kinds (`Service/ns/web`,
    /// `Deployment.apps/ns/web`); no namespace part for cluster-scoped or unnamespaced objects.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.kind)?;
        if !self.group.is_empty() {
            write!(f, ".{}", self.group)?;
        }
        if !self.namespace.is_empty() {
            write!(f, "/{}", self.namespace)?;
        }
        write!(f, "/{}", self.name)
    }
}

impl ResKey {
    pub fn of_node(node: &crate::yaml::Node) -> ResKey {
        let api = node.str_at(&["apiVersion"]).unwrap_or("");
        let group = match api.rsplit_once('/') {
            Some((g, _)) => g.to_string(),
            None => String::new(),
        };
        ResKey {
            group,
            kind: node.str_at(&["kind"]).unwrap_or("").to_string(),
            namespace: node.str_at(&["metadata", "namespace"]).unwrap_or("").to_string(),
            name: node.str_at(&["metadata", "name"]).unwrap_or("").to_string(),
        }
    }
}

/// One document of an app's output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    pub key: ResKey,
    /// The document as printed (a chart's with its `# Source:` line), without `---`.
    pub yaml: String,
}

/// An app built but not printed yet.
pub enum Built {
    Kustomize(ResMap),
    /// Documents already printed: `true` for Helm's text (`# Source:` documents, printed as
    /// `helm template` prints them), `false` for objects printed one by one (joined by `---`).
    Docs(Vec<Doc>, bool),
}

/// The result of building one app.
pub struct Outcome {
    pub built: Built,
    pub warnings: Vec<String>,
    /// The paths read (absolute), when tracked.
    pub reads: Option<Reads>,
}

impl Built {
    /// The documents, in output order.
    pub fn docs(&self) -> Result<Vec<Doc>, String> {
        match self {
            Built::Kustomize(m) => m
                .iter()
                .map(|r| {
                    let yaml = crate::yaml::node_to_yaml(&r.node).map_err(|e| e.to_string())?;
                    Ok(Doc { key: ResKey::of_node(&r.node), yaml })
                })
                .collect(),
            Built::Docs(d, _) => Ok(d.clone()),
        }
    }

    /// The whole output stream, as the tool prints it.
    pub fn stream(&self) -> Result<String, String> {
        match self {
            Built::Kustomize(m) => kustomize::emit(m).map_err(|e| e.to_string()),
            Built::Docs(docs, true) => Ok(super::chart::stream(docs)),
            Built::Docs(docs, false) => Ok(join_docs(docs, false)),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Built::Kustomize(m) => m.len(),
            Built::Docs(d, _) => d.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Documents joined by `---` lines (and one before the first, as Helm prints).
pub fn join_docs(docs: &[Doc], leading: bool) -> String {
    let mut out = String::new();
    for (i, d) in docs.iter().enumerate() {
        if i > 0 || leading {
            out.push_str("---\n");
        }
        out.push_str(&d.yaml);
    }
    out
}

/// Builds `app` of the repository at `root`. A failure comes with the paths read until then.
pub fn build_app(root: &Path, app: &App, cache: &RunCache, track: bool) -> Result<Outcome, (String, Option<Reads>)> {
    let dir = root.join(&app.dir);
    let log = track.then(|| Arc::new(ReadLog::new()));
    if let Some(log) = &log {
        for f in &app.declared_in {
            log.file(&root.join(f));
        }
    }
    match &app.source {
        Source::Kustomize => {
            let flags: Vec<String> = cache.kustomize_build_options.split_whitespace().map(str::to_string).collect();
            let flags = crate::source::kustomize_source::build_options_from_flags(&flags).map_err(|e| (e, None))?;
            let opts = BuildOptions { cache: Some(cache.files.clone()), bases: Some(cache.bases.clone()), reads: log.clone(), ..flags };
            let mut warnings = Vec::new();
            let built = kustomize::build_with_warnings(&dir, &opts, &mut warnings).map_err(|e| e.to_string());
            let reads = log.map(|l| l.take());
            match built {
                Ok(m) => Ok(Outcome { built: Built::Kustomize(m), warnings, reads }),
                Err(e) => Err((e, reads)),
            }
        }
        Source::Chart(release) => {
            if let Some(log) = &log {
                log.tree(&crate::kustomize::loader::clean_abs(&dir));
                for f in &release.value_files {
                    log.file(&crate::kustomize::loader::clean_abs(&dir.join(f)));
                }
            }
            let reads = log.map(|l| l.take());
            match super::chart::render(&dir, release) {
                Ok(docs) => Ok(Outcome { built: Built::Docs(docs, true), warnings: Vec::new(), reads }),
                Err(e) => Err((e, reads)),
            }
        }
        Source::Argo(a) => {
            if let Some(log) = &log {
                // Overrides merged first; Helm and Directory sources may read anywhere in the
                // repository (value files, `$ref`s, Jsonnet libraries): the whole tree is an input.
                log.file(&dir.join(".argocd-source.yaml"));
                log.file(&dir.join(format!(".argocd-source-{}.yaml", a.app_name)));
                if a.kind != "Kustomize" {
                    log.tree(&crate::kustomize::loader::clean_abs(root));
                }
            }
            let req = crate::source::render::Request {
                repo_root: root.to_path_buf(),
                source: a.source.clone(),
                app_name: a.app_name.clone(),
                namespace: a.namespace.clone(),
                project: a.project.clone(),
                ref_sources: a.refs.iter().map(|r| (format!("${r}"), root.to_path_buf())).collect(),
                multi_source: a.multi_source,
                kustomize_build_options: cache.kustomize_build_options.clone(),
                shared: crate::source::render::Shared {
                    files: Some(cache.files.clone()),
                    bases: Some(cache.bases.clone()),
                    reads: log.clone(),
                    symlinks: Some(cache.symlinks.clone()),
                },
                ..Default::default()
            };
            let result = crate::source::render::generate_raw(&req).and_then(|(resp, raw)| {
                let built = match raw {
                    crate::source::render::Raw::Helm(text) => Built::Docs(super::chart::docs_of(&dir, &text)?, true),
                    crate::source::render::Raw::Kustomize(m) => Built::Kustomize(m),
                    crate::source::render::Raw::Objects(objs) => {
                        let mut docs = Vec::new();
                        for o in crate::source::decode::flatten(objs)? {
                            let node = crate::yaml::value::to_node(&o);
                            docs.push(Doc { key: ResKey::of_node(&node), yaml: crate::yaml::to_yaml(&o).map_err(|e| e.to_string())? });
                        }
                        Built::Docs(docs, false)
                    }
                };
                Ok((built, resp.warnings))
            });
            let reads = log.map(|l| l.take());
            match result {
                Ok((built, warnings)) => Ok(Outcome { built, warnings, reads }),
                Err(e) => Err((e, reads)),
            }
        }
        Source::Flux(f) => {
            let result = (|| -> Result<(ResMap, Vec<String>), String> {
                if let Some(r) = f.required_from.first() {
                    return Err(format!("substitute from '{r}' error: the object lives in the cluster; render with `krender build --flux-kustomization FILE --substitute-from FILE`"));
                }
                let text = crate::flux::generator::generate(&dir, &f.overlay)?;
                let opts = BuildOptions {
                    top_kustomization: Some(text),
                    load_restrictor: crate::kustomize::loader::LoadRestrictor::None,
                    cache: Some(cache.files.clone()),
                    bases: Some(cache.bases.clone()),
                    reads: log.clone(),
                    ..BuildOptions::default()
                };
                let mut warnings = Vec::new();
                let mut m = kustomize::build_with_warnings(&dir, &opts, &mut warnings).map_err(|e| e.to_string())?;
                let mut sub = crate::flux::postbuild::Substitution::default();
                for (k, v) in &f.substitute {
                    sub.vars.insert(k.clone(), v.replace('\n', ""));
                }
                m = crate::flux::postbuild::apply(m, &sub)?;
                m = crate::flux::generator::apply_common_metadata(m, &f.overlay)?;
                Ok((m, warnings))
            })();
            if let Some(log) = &log {
                // A generated kustomization lists the directory's files.
                log.tree(&crate::kustomize::loader::clean_abs(&dir));
            }
            let reads = log.map(|l| l.take());
            match result {
                Ok((m, warnings)) => Ok(Outcome { built: Built::Kustomize(m), warnings, reads }),
                Err(e) => Err((e, reads)),
            }
        }
        Source::Unsupported(why) => Err((why.clone(), log.map(|l| l.take()))),
    }
}
