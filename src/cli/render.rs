//! `krender render [PATH]` — what Argo CD's repo-server generates for a source: a directory
//! (type detected, `.argocd-source*.yaml` merged), an `Application` manifest (`--app`), or one
//! `ApplicationSource` as JSON (`--source-json`).

use super::Failure;
use clap::Args;
use krender::argocd::response;
use krender::argocd::tracking::{Method, Tracking, DEFAULT_LABEL_KEY};
use krender::source::app::{AppSource, Application};
use krender::source::render::{generate, Request, Response};
use krender::yaml::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// The application directory (a source's `path` inside the repository); with `--app` or
    /// `--source-json`, the repository checkout.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// An Application manifest (YAML or JSON): every source rendered with its options.
    #[arg(long = "app")]
    pub app: Option<PathBuf>,
    /// One ApplicationSource as JSON.
    #[arg(long = "source-json")]
    pub source_json: Option<String>,
    /// The repository checkout (default: the nearest directory upwards holding `.git`).
    #[arg(long = "repo-root")]
    pub repo_root: Option<PathBuf>,
    /// Checkouts of other repositories of a multi-source application: `REPO_URL=DIR`.
    #[arg(long = "repo")]
    pub repos: Vec<String>,
    /// The application name (build environment, release name, tracking).
    #[arg(long = "app-name")]
    pub app_name: Option<String>,
    /// The destination namespace.
    #[arg(long = "namespace")]
    pub namespace: Option<String>,
    #[arg(long = "project", default_value = "")]
    pub project: String,
    /// The resolved revision (`ARGOCD_APP_REVISION`).
    #[arg(long = "revision", default_value = "")]
    pub revision: String,
    #[arg(long = "kube-version", default_value = "")]
    pub kube_version: String,
    #[arg(long = "api-versions")]
    pub api_versions: Vec<String>,
    /// `kustomize.buildOptions` of `argocd-cm` (e.g. "--enable-helm"): added to every
    /// `kustomize build`; with --enable-helm the kube and API versions are passed on to helmCharts.
    #[arg(long = "kustomize-build-options", default_value = "", allow_hyphen_values = true)]
    pub kustomize_build_options: String,
    /// Inject tracking: annotation (default when --app-name is given), label, annotation+label, or none.
    #[arg(long = "tracking-method")]
    pub tracking_method: Option<String>,
    #[arg(long = "label-key", default_value = DEFAULT_LABEL_KEY)]
    pub label_key: String,
    #[arg(long = "installation-id", default_value = "")]
    pub installation_id: String,
    /// yaml (default), json (an array), repo-server (the ManifestResponse JSON).
    #[arg(long = "format", default_value = "yaml")]
    pub format: String,
}

fn read_manifest(path: &Path) -> Result<Value, String> {
    let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let nodes = krender::yaml::read::parse_stream_with(&data, krender::yaml::resolve::Dialect::V2).map_err(|e| format!("{}: {e}", path.display()))?;
    let node = nodes.into_iter().flatten().next().ok_or_else(|| format!("{}: empty file", path.display()))?;
    krender::yaml::value::yaml_to_json_value(&node).map_err(|e| format!("{}: {e}", path.display()))
}

fn tracking(args: &RenderArgs, app_name: &str, namespace: &str) -> Result<Option<Tracking>, String> {
    let method = match args.tracking_method.as_deref() {
        Some("none") => return Ok(None),
        None if app_name.is_empty() => return Ok(None),
        Some(m) => Method::parse(m)?,
        None => Method::Annotation,
    };
    if app_name.is_empty() {
        return Err("--tracking-method needs --app-name".into());
    }
    Ok(Some(Tracking {
        app_name: app_name.to_string(),
        namespace: namespace.to_string(),
        label_key: args.label_key.clone(),
        method,
        installation_id: args.installation_id.clone(),
    }))
}

fn repo_dir(url: &str, default: &Path, repos: &[(String, PathBuf)]) -> PathBuf {
    let norm = |u: &str| u.trim_end_matches('/').trim_end_matches(".git").to_ascii_lowercase();
    repos.iter().find(|(u, _)| norm(u) == norm(url)).map(|(_, d)| d.clone()).unwrap_or_else(|| default.to_path_buf())
}

fn run_render(args: &RenderArgs) -> Result<(Response, String), String> {
    let repos: Vec<(String, PathBuf)> = args
        .repos
        .iter()
        .map(|r| r.rsplit_once('=').map(|(u, d)| (u.to_string(), PathBuf::from(d))).ok_or_else(|| format!("--repo {r}: expected REPO_URL=DIR")))
        .collect::<Result<_, _>>()?;
    let base = |app_name: String, namespace: String| Request {
        app_name,
        namespace,
        project: args.project.clone(),
        revision: args.revision.clone(),
        kube_version: args.kube_version.clone(),
        api_versions: args.api_versions.clone(),
        kustomize_build_options: args.kustomize_build_options.clone(),
        ..Default::default()
    };
    if args.app.is_some() || args.source_json.is_some() {
        let root = krender::source::paths::abs(args.repo_root.as_deref().unwrap_or(&args.path));
        let (app, sources) = match (&args.app, &args.source_json) {
            (Some(f), _) => {
                let app = Application::from_value(&read_manifest(f)?).map_err(|e| format!("{}: {e}", f.display()))?;
                let sources = app.sources.clone();
                (app, sources)
            }
            (None, Some(json)) => {
                let v = krender::source::gojson::parse(json.as_bytes()).map_err(|e| format!("--source-json: {}", e.0))?;
                (Application::default(), vec![AppSource::from_value(&v).map_err(|e| format!("--source-json: {e}"))?])
            }
            _ => unreachable!(),
        };
        let app_name = args.app_name.clone().unwrap_or(app.name.clone());
        let namespace = args.namespace.clone().unwrap_or(app.dest_namespace.clone());
        let project = if args.project.is_empty() { app.project.clone() } else { args.project.clone() };
        let ref_sources: Vec<(String, PathBuf)> =
            sources.iter().filter(|s| !s.ref_name.is_empty()).map(|s| (format!("${}", s.ref_name), repo_dir(&s.repo_url, &root, &repos))).collect();
        let mut total = Response::default();
        for source in sources {
            // A source that only provides a `ref` for value files renders nothing.
            if app.multi_source && !source.ref_name.is_empty() && source.path.is_empty() && source.chart.is_empty() {
                continue;
            }
            let req = Request {
                repo_root: repo_dir(&source.repo_url, &root, &repos),
                source,
                project: project.clone(),
                tracking: tracking(args, &app_name, &namespace)?,
                ref_sources: ref_sources.clone(),
                multi_source: app.multi_source,
                ..base(app_name.clone(), namespace.clone())
            };
            let r = generate(&req)?;
            total.manifests.extend(r.manifests);
            total.commands.extend(r.commands);
            total.warnings.extend(r.warnings);
            total.source_type = r.source_type;
            total.revision = r.revision;
        }
        return Ok((total, namespace));
    }
    let app_dir = krender::source::paths::abs(&args.path);
    let root = match &args.repo_root {
        Some(r) => krender::source::paths::abs(r),
        None => krender::source::paths::find_repo_root(&app_dir),
    };
    let rel = app_dir.strip_prefix(&root).map_err(|_| format!("{} is not inside the repository root {}", app_dir.display(), root.display()))?;
    let app_name = args.app_name.clone().unwrap_or_default();
    let namespace = args.namespace.clone().unwrap_or_default();
    let req = Request {
        repo_root: root,
        source: AppSource { path: rel.to_string_lossy().into_owned(), ..Default::default() },
        tracking: tracking(args, &app_name, &namespace)?,
        ..base(app_name.clone(), namespace.clone())
    };
    Ok((generate(&req)?, namespace))
}

pub fn run(args: RenderArgs) -> Result<(), Failure> {
    let (resp, _namespace) = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || -> Result<(Response, String, RenderArgs), String> { run_render(&args).map(|(r, n)| (r, n, args)) })
        .map_err(|e| Failure(e.to_string()))?
        .join()
        .map_err(|_| Failure("rendering panicked".into()))?
        .map(|(r, n, a)| ((r, a), n))
        .map_err(Failure)?;
    let (resp, args) = resp;
    for w in &resp.warnings {
        eprintln!("{w}");
    }
    let text = match args.format.as_str() {
        "yaml" => response::yaml_stream(&resp.manifests)?,
        "json" => response::json_array(&resp.manifests)? + "\n",
        // The repo-server never fills `namespace` or `server` (see `argocd::response`).
        "repo-server" => response::repo_server_json(&resp)? + "\n",
        other => return Err(Failure(format!("unknown --format {other:?}: use yaml, json or repo-server"))),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|_| out.flush()).map_err(|e| Failure(e.to_string()))
}
