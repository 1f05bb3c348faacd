//! Finding the apps of a repository.
//!
//! An app is something a GitOps controller (or a person) renders on its own:
//! - a kustomization root: a directory with a kustomization file that no other kustomization of
//!   the repository names in `resources:`, `components:`, `generators:`, `transformers:` or
//!   `validators:`, and that is not a `Component` (bases and components are rendered as part of
//!   the apps that use them, not alone);
//! - a chart directory (`Chart.yaml`) that is not inside another chart (subcharts in `charts/`);
//! - the path of an Argo CD `Application` (`spec.source.path`, each `spec.sources[].path`) or of a
//!   Flux `Kustomization` (`spec.path`) found in the repository's YAML, when it names a directory
//!   of the repository. A kustomization base named that way becomes an app too.
//!
//! Apps are identified by their directory relative to the root (`.` for the root itself). An Argo
//! CD Application source is rendered as `krender render --app` renders it (`source::render`: its
//! helm/kustomize/directory options, `.argocd-source*.yaml` overrides, Directory rules for plain
//! directories) unless it is a kustomization root with no options at all (then it is that root's
//! app: the same build). Such an app gets `<dir>@<app name>` when its directory is a
//! kustomization or chart of its own (whose plain build keeps `<dir>`) or when it carries
//! options; an option-less plain directory keeps `<dir>`. The list is sorted by id, so
//! everything downstream is deterministic. A Flux Kustomization with fields beyond its path, or
//! of a directory without kustomization, is built as kustomize-controller builds it
//! (`flux::generator`, inline postBuild variables, commonMetadata) as `<dir>@<name>` (plain
//! directories keep `<dir>`).

use crate::kustomize::kustomization::{Kustomization, FILE_NAMES};
use crate::kustomize::loader::clean;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// How an app is rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// `kustomize build DIR`.
    Kustomize,
    /// `helm template` of a chart directory.
    Chart(ChartRelease),
    /// An Argo CD Application source, rendered with all its options as the repo-server does.
    Argo(Box<ArgoSource>),
    /// A Flux Kustomization with fields beyond its path (targetNamespace, patches, images,
    /// commonMetadata, inline postBuild variables, …), or of a directory without kustomization:
    /// built as kustomize-controller builds it.
    Flux(Box<FluxSource>),
    /// Something that cannot be rendered (reported as skipped).
    Unsupported(String),
}

/// An Argo CD Application source found in the repository.
#[derive(Clone, Debug, PartialEq)]
pub struct ArgoSource {
    pub app_name: String,
    /// The destination namespace.
    pub namespace: String,
    pub project: String,
    pub source: crate::source::app::AppSource,
    pub multi_source: bool,
    /// `$ref` names of the application's other sources: this repository is taken as their
    /// checkout.
    pub refs: Vec<String>,
    /// The type the repo-server detects (`Helm`, `Kustomize`, `Directory`, `Plugin`).
    pub kind: &'static str,
}

impl Eq for ArgoSource {}

/// A Flux Kustomization found in the repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FluxSource {
    pub name: String,
    pub overlay: crate::flux::generator::Overlay,
    /// `postBuild.substitute` (inline variables; `substituteFrom` objects live in the cluster).
    pub substitute: Vec<(String, String)>,
    /// `substituteFrom` references that are not optional (they cannot be resolved here).
    pub required_from: Vec<String>,
}

/// The Helm release a chart app is rendered as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartRelease {
    pub name: String,
    pub namespace: String,
    /// Values files, relative to the chart directory.
    pub value_files: Vec<String>,
}

impl Default for ChartRelease {
    fn default() -> ChartRelease {
        ChartRelease { name: "release-name".into(), namespace: "default".into(), value_files: Vec::new() }
    }
}

/// One app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct App {
    /// Unique id: the directory relative to the root (`/`-separated), maybe `@name`.
    pub id: String,
    /// The directory relative to the root.
    pub dir: String,
    pub source: Source,
    /// The manifests that declare the app (Argo CD / Flux), relative to the root: inputs too.
    pub declared_in: Vec<String>,
}

/// A discovery problem that does not stop the others (an unreadable manifest).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note(pub String);

/// The directories and files discovery looks at, gathered in one walk.
#[derive(Default)]
struct Scan {
    kustomizations: BTreeMap<String, PathBuf>,
    charts: BTreeSet<String>,
    manifests: Vec<String>,
}

fn rel(root: &Path, path: &Path) -> String {
    let r = path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/");
    if r.is_empty() {
        ".".into()
    } else {
        r
    }
}

fn scan(root: &Path) -> Scan {
    let mut s = Scan::default();
    let walker = walkdir::WalkDir::new(root).sort_by_file_name().into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        !(e.file_type().is_dir() && e.depth() > 0 && (name == ".git" || name == "node_modules"))
    });
    for entry in walker.filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        let dir = entry.path().parent().unwrap_or(root);
        if FILE_NAMES.contains(&name.as_ref()) {
            s.kustomizations.entry(rel(root, dir)).or_insert_with(|| entry.path().to_path_buf());
        } else if name == "Chart.yaml" {
            s.charts.insert(rel(root, dir));
        } else if name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json") {
            s.manifests.push(rel(root, entry.path()));
        }
    }
    s
}

/// True when `dir` lies inside chart `chart` (and is not `chart` itself).
fn inside(dir: &str, chart: &str) -> bool {
    chart == "." && dir != "." || dir.starts_with(chart) && dir[chart.len()..].starts_with('/')
}

fn join_rel(base: &str, path: &str) -> Option<String> {
    let base = if base == "." { PathBuf::from("/") } else { Path::new("/").join(base) };
    let joined = clean(&base.join(path));
    let s = joined.to_string_lossy();
    let r = s.trim_start_matches('/');
    Some(if r.is_empty() { ".".into() } else { r.to_string() })
}

/// The directories the kustomization in `dir` names (resources, components, plugin dirs).
fn referenced(dir: &str, file: &Path, kustomizations: &BTreeMap<String, PathBuf>) -> (Vec<String>, bool) {
    let Ok(bytes) = std::fs::read(file) else { return (Vec::new(), false) };
    let Ok(k) = Kustomization::parse(&bytes, file.to_path_buf()) else { return (Vec::new(), false) };
    let mut names = k.resources().unwrap_or_default();
    for field in ["components", "generators", "transformers", "validators"] {
        names.extend(k.string_list(field).unwrap_or_default());
    }
    let out = names
        .iter()
        .filter(|n| !n.contains("://") && !n.contains('\n'))
        .filter_map(|n| join_rel(dir, n))
        .filter(|d| kustomizations.contains_key(d))
        .collect();
    (out, k.is_component())
}

/// An Argo CD Application or Flux Kustomization found in a manifest.
struct Declared {
    file: String,
    name: String,
    path: String,
    /// The Argo CD source (with its application's settings); `None` for Flux.
    argo: Option<ArgoSource>,
    /// The Flux Kustomization's build settings; `None` for Argo CD.
    flux: Option<FluxSource>,
}

fn declared_apps(root: &Path, file: &str, notes: &mut Vec<Note>) -> Vec<Declared> {
    let Ok(bytes) = std::fs::read(root.join(file)) else { return Vec::new() };
    // Cheap filter first: most YAML files of a repository are neither.
    let text = String::from_utf8_lossy(&bytes);
    if !text.contains("argoproj.io") && !text.contains("kustomize.toolkit.fluxcd.io") {
        return Vec::new();
    }
    let docs = match crate::resource::read::objects_from_bytes(&bytes) {
        Ok(d) => d,
        Err(e) => {
            notes.push(Note(format!("{file}: {e}")));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for doc in docs {
        let api = doc.str_at(&["apiVersion"]).unwrap_or("");
        let kind = doc.str_at(&["kind"]).unwrap_or("");
        let name = doc.str_at(&["metadata", "name"]).unwrap_or("").to_string();
        if api.starts_with("argoproj.io/") && kind == "Application" {
            let value = match crate::yaml::to_json_value(&doc) {
                Ok(v) => v,
                Err(e) => {
                    notes.push(Note(format!("{file}: {e}")));
                    continue;
                }
            };
            let app = match crate::source::app::Application::from_value(&value) {
                Ok(a) => a,
                Err(e) => {
                    notes.push(Note(format!("{file}: Application {name}: {e}")));
                    continue;
                }
            };
            let refs: Vec<String> = app.sources.iter().filter(|s| !s.ref_name.is_empty()).map(|s| s.ref_name.clone()).collect();
            for source in &app.sources {
                // Chart-repository sources and ref-only sources render nothing from this checkout.
                if source.path.is_empty() || !source.chart.is_empty() {
                    continue;
                }
                let argo = ArgoSource {
                    app_name: app.name.clone(),
                    namespace: app.dest_namespace.clone(),
                    project: app.project.clone(),
                    source: source.clone(),
                    multi_source: app.multi_source,
                    refs: refs.clone(),
                    kind: "",
                };
                out.push(Declared { file: file.to_string(), name: name.clone(), path: source.path.clone(), argo: Some(argo), flux: None });
            }
        } else if api.starts_with("kustomize.toolkit.fluxcd.io/") && kind == "Kustomization" {
            let path = doc.str_at(&["spec", "path"]).unwrap_or("./");
            let flux = crate::yaml::to_json_value(&doc).map_err(|e| e.to_string()).and_then(|v| crate::flux::postbuild::FluxKustomization::from_value(&v));
            let flux = match flux {
                Ok(k) => FluxSource {
                    name: name.clone(),
                    overlay: k.overlay,
                    substitute: k.substitute,
                    required_from: k.substitute_from.iter().filter(|(_, _, optional)| !optional).map(|(kind, n, _)| format!("{kind}/{n}")).collect(),
                },
                Err(e) => {
                    notes.push(Note(format!("{file}: Kustomization {name}: {e}")));
                    continue;
                }
            };
            out.push(Declared { file: file.to_string(), name, path: path.to_string(), argo: None, flux: Some(flux) });
        }
    }
    out
}

/// Every app under `root`, sorted by id, with notes about manifests that could not be read.
pub fn discover(root: &Path) -> (Vec<App>, Vec<Note>) {
    let mut notes = Vec::new();
    let s = scan(root);
    let mut used = BTreeSet::new();
    let mut components = BTreeSet::new();
    for (dir, file) in &s.kustomizations {
        let (refs, is_component) = referenced(dir, file, &s.kustomizations);
        used.extend(refs);
        if is_component {
            components.insert(dir.clone());
        }
    }
    let mut apps: BTreeMap<String, App> = BTreeMap::new();
    for dir in s.kustomizations.keys() {
        if !used.contains(dir) && !components.contains(dir) {
            apps.insert(dir.clone(), App { id: dir.clone(), dir: dir.clone(), source: Source::Kustomize, declared_in: Vec::new() });
        }
    }
    let top_charts: Vec<&String> = s.charts.iter().filter(|c| !s.charts.iter().any(|o| inside(c, o))).collect();
    for dir in &top_charts {
        if !s.kustomizations.contains_key(*dir) {
            apps.insert((*dir).clone(), App { id: (*dir).clone(), dir: (*dir).clone(), source: Source::Chart(ChartRelease::default()), declared_in: Vec::new() });
        }
    }
    for file in &s.manifests {
        for d in declared_apps(root, file, &mut notes) {
            let Some(dir) = join_rel(".", &d.path) else { continue };
            if !root.join(&dir).is_dir() {
                continue;
            }
            let is_root = s.kustomizations.contains_key(&dir);
            let (source, id) = match d.argo {
                None => match d.flux {
                    Some(f) if !f.overlay.is_empty() || !f.substitute.is_empty() || !f.required_from.is_empty() || !is_root => {
                        (Source::Flux(Box::new(f)), if is_root { format!("{dir}@{}", d.name) } else { dir.clone() })
                    }
                    _ => (Source::Kustomize, dir.clone()),
                },
                Some(mut argo) => {
                    let has_options = argo.source.helm.is_some() || argo.source.kustomize.is_some() || argo.source.directory.is_some() || argo.source.plugin.is_some();
                    let overrides = std::fs::read_dir(root.join(&dir))
                        .map(|rd| rd.filter_map(Result::ok).any(|e| e.file_name().to_string_lossy().starts_with(".argocd-source")))
                        .unwrap_or(false);
                    if is_root && !has_options && !overrides {
                        (Source::Kustomize, dir.clone())
                    } else {
                        argo.kind = match crate::source::detect::source_type(&argo.source, &root.join(&dir)) {
                            Ok(t) => t.as_str(),
                            Err(_) => "Directory",
                        };
                        let own = is_root || s.charts.contains(&dir);
                        let id = if own || has_options || overrides { format!("{dir}@{}", d.name) } else { dir.clone() };
                        (Source::Argo(Box::new(argo)), id)
                    }
                }
            };
            let app = apps.entry(id.clone()).or_insert_with(|| App { id, dir, source, declared_in: Vec::new() });
            if !app.declared_in.contains(&d.file) {
                app.declared_in.push(d.file.clone());
            }
        }
    }
    (apps.into_values().collect(), notes)
}

/// The given directories (relative to `root`) as apps, in the order given: a kustomization, else
/// a chart.
pub fn apps_at(root: &Path, dirs: &[&str]) -> Vec<App> {
    dirs.iter()
        .map(|d| {
            let dir = join_rel(".", d).unwrap_or_else(|| d.to_string());
            let path = root.join(&dir);
            let source = if FILE_NAMES.iter().any(|f| path.join(f).is_file()) || !path.join("Chart.yaml").is_file() {
                Source::Kustomize
            } else {
                Source::Chart(ChartRelease::default())
            };
            App { id: dir.clone(), dir, source, declared_in: Vec::new() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, path: &str, text: &str) {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn finds_roots_charts_and_declared_apps() {
        let dir = std::env::temp_dir().join(format!("krender-discover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        write(&dir, "base/kustomization.yaml", "resources:\n- cm.yaml\n");
        write(&dir, "base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
        write(&dir, "comp/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n");
        write(&dir, "prod/kustomization.yaml", "resources:\n- ../base\ncomponents:\n- ../comp\n");
        write(&dir, "dev/kustomization.yml", "resources:\n- ../base\n");
        write(&dir, "charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n");
        write(&dir, "charts/web/charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 1.0.0\n");
        write(&dir, "plain/deploy.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\n");
        write(
            &dir,
            "argo/apps.yaml",
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web-prod\nspec:\n  destination:\n    namespace: web\n  source:\n    path: charts/web\n    helm:\n      valueFiles: [prod.yaml]\n---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: base\nspec:\n  sources:\n  - path: base\n  - path: plain\n  - chart: redis\n",
        );
        write(&dir, "flux/ks.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: dev\nspec:\n  path: ./dev\n");
        let (apps, notes) = discover(&dir);
        assert!(notes.is_empty(), "{notes:?}");
        let ids: Vec<&str> = apps.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["base", "charts/web", "charts/web@web-prod", "dev", "plain", "prod"]);
        let Source::Argo(web) = &apps[2].source else { panic!("{:?}", apps[2].source) };
        assert_eq!((web.app_name.as_str(), web.namespace.as_str(), web.kind), ("web-prod", "web", "Helm"));
        assert_eq!(web.source.helm.as_ref().unwrap().value_files, ["prod.yaml"]);
        assert_eq!(apps[3].declared_in, ["flux/ks.yaml"]);
        assert_eq!(apps[0].declared_in, ["argo/apps.yaml"]);
        // A plain directory: an Argo CD Directory source.
        assert!(matches!(&apps[4].source, Source::Argo(a) if a.kind == "Directory"), "{:?}", apps[4].source);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
