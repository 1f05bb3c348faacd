//! The `helm template` command (`pkg/cmd/template.go`, `pkg/cmd/install.go`'s `runInstall`,
//! `pkg/action/install.go` in client-only dry-run mode, `pkg/cli/values/options.go`): values
//! merged from `-f` files and the `--set` family in Helm's order, the chart loaded and checked,
//! dependencies processed, values coalesced and validated against `values.schema.json`, the
//! chart's `kubeVersion` checked, templates rendered, split into manifests and hooks, and the
//! output assembled (`--include-crds`, `--no-hooks`, `--skip-tests`, `--show-only`,
//! `--output-dir`).
//!
//! Log lines Helm writes to stderr are recorded with [`super::log`]; the caller prints them
//! before the output or the error.

use super::capabilities::Capabilities;
use super::chart::Chart;
use super::engine::{ReleaseOptions, RenderOptions};
use super::log::{log, Level};
use super::strvals::{self, Mode};
use crate::gotmpl::{Map, Type, Value};
use crate::kustomize::timing;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Values given on the command line (`pkg/cli/values.Options`), in flag order within each kind.
#[derive(Debug, Clone, Default)]
pub struct ValueOptions {
    /// `-f/--values` (already split at commas, as a string-slice flag is).
    pub files: Vec<String>,
    pub set: Vec<String>,
    pub set_string: Vec<String>,
    pub set_file: Vec<String>,
    pub set_json: Vec<String>,
    pub set_literal: Vec<String>,
}

/// Everything `helm template` is told.
#[derive(Debug, Clone, Default)]
pub struct TemplateOptions {
    /// `[NAME] CHART`.
    pub args: Vec<String>,
    pub values: ValueOptions,
    /// The release namespace (`-n`, else `$HELM_NAMESPACE`, else `default`).
    pub namespace: String,
    pub include_crds: bool,
    pub skip_tests: bool,
    pub no_hooks: bool,
    pub show_only: Vec<String>,
    pub output_dir: Option<String>,
    /// `--release-name`: put files under `OUTPUT_DIR/RELEASE`.
    pub use_release_name: bool,
    pub name_template: String,
    pub generate_name: bool,
    pub is_upgrade: bool,
    pub kube_version: String,
    pub api_versions: Vec<String>,
    pub skip_schema_validation: bool,
    /// Print `{template path: text}` as JSON instead of manifests.
    pub templates_json: bool,
    /// `--debug`: on a rendering error, print what was rendered and omit Helm's hint.
    pub debug: bool,
    /// `--dependency-update`: missing dependencies would be downloaded (refused: offline).
    pub dependency_update: bool,
    /// Argo CD's retry after `helm dependency build`: missing dependencies whose repository
    /// is `file://DIR` are taken from DIR (relative to the chart), as the build packages them.
    pub build_local_dependencies: bool,
}

/// A failed command: what was printed on stdout before the error, and Helm's error text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub stdout: String,
    pub message: String,
}

impl Failure {
    fn new(message: impl Into<String>) -> Failure {
        Failure { stdout: String::new(), message: message.into() }
    }
}

const DEBUG_HINT: &str = "\n\nUse --debug flag to render out invalid YAML";

/// Helm's `readFile` for `-f` and `--set-file`: `-` is stdin; URLs would need the network.
pub fn read_value_file(path: &str) -> Result<Vec<u8>, String> {
    if path.trim() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map_err(|e| e.to_string())?;
        return Ok(buf);
    }
    if let Some((scheme, _)) = path.split_once("://") {
        if matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https" | "oci") {
            return Err(format!("cannot read {path}: remote values files are not supported (krender works offline)"));
        }
    }
    std::fs::read(path).map_err(|e| {
        // Go opens a directory fine and fails reading it.
        let op = if std::path::Path::new(path).is_dir() { "read" } else { "open" };
        super::loader::go_os_error(op, path, &e)
    })
}

fn new_table() -> Rc<Map> {
    Rc::new(Map::new(Type::AnyMap, Default::default()))
}

/// `Options.MergeValues`: `-f` files, then `--set-json`, `--set`, `--set-string`, `--set-file`,
/// `--set-literal`.
pub fn merge_values(opts: &ValueOptions) -> Result<Value, String> {
    let mut base = new_table();
    let merge = |base: &Rc<Map>, cur: &Value| -> Rc<Map> {
        let cur = cur.as_map().map(|m| m.entries().clone()).unwrap_or_default();
        Rc::new(Map::new(Type::AnyMap, super::values::merge_maps(base.entries().clone(), cur)))
    };
    for path in &opts.files {
        let raw = read_value_file(path)?;
        let cur = super::values::load_values(&raw).map_err(|e| format!("failed to parse {path}: {e}"))?;
        base = merge(&base, &cur);
    }
    for value in &opts.set_json {
        let trimmed = value.trim();
        if trimmed.starts_with('{') {
            let m = crate::sprig::json::unmarshal_object(trimmed).map_err(|_| format!("failed parsing --set-json data JSON: {value}"))?;
            base = merge(&base, &m);
        } else {
            strvals::parse_into(value, &base, Mode::Json, None).map_err(|_| format!("failed parsing --set-json data {value}"))?;
        }
    }
    for value in &opts.set {
        strvals::parse_into(value, &base, Mode::Set, None).map_err(|e| format!("failed parsing --set data: {e}"))?;
    }
    for value in &opts.set_string {
        strvals::parse_into(value, &base, Mode::String, None).map_err(|e| format!("failed parsing --set-string data: {e}"))?;
    }
    let reader = |p: &str| read_value_file(p).map(|b| String::from_utf8_lossy(&b).into_owned());
    for value in &opts.set_file {
        strvals::parse_into(value, &base, Mode::File, Some(&reader)).map_err(|e| format!("failed parsing --set-file data: {e}"))?;
    }
    for value in &opts.set_literal {
        strvals::parse_into(value, &base, Mode::Literal, None).map_err(|e| format!("failed parsing --set-literal data: {e}"))?;
    }
    Ok(Value::Map(base))
}

/// `ChartPathOptions.LocateChart` for local charts.
pub fn locate_chart(name: &str) -> Result<std::path::PathBuf, String> {
    let name = name.trim();
    let p = std::path::Path::new(name);
    if std::fs::metadata(p).is_ok() {
        return Ok(if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf()) });
    }
    if p.is_absolute() || name.starts_with('.') {
        return Err(format!("path {} not found", crate::gotmpl::quote::quote(name)));
    }
    Err(format!(
        "chart {} not found: only local chart directories and .tgz files are supported (repository and OCI charts need the network; krender works offline)",
        crate::gotmpl::quote::quote(name)
    ))
}

/// `Install.NameAndChart` as `helm template` sets it up (default name `release-name`).
fn name_and_chart(opts: &TemplateOptions) -> Result<(String, String), String> {
    let args = &opts.args;
    if args.is_empty() {
        return Err("\"helm template\" requires at least 1 argument\n\nUsage:  helm template [NAME] [CHART] [flags]".into());
    }
    if args.len() > 2 {
        return Err(format!("expected at most two arguments, unexpected arguments: {}", args[2..].join(", ")));
    }
    if args.len() == 2 {
        if opts.generate_name {
            return Err("cannot set --generate-name and also specify a name".into());
        }
        if !opts.name_template.is_empty() {
            return Err("cannot set --name-template and also specify a name".into());
        }
        return Ok((args[0].clone(), args[1].clone()));
    }
    if !opts.name_template.is_empty() {
        return Ok((super::release::template_name(&opts.name_template)?, args[0].clone()));
    }
    Ok(("release-name".into(), args[0].clone()))
}

/// `Chart.CRDObjects`: (file name under the chart's full path, contents), subcharts after.
pub fn crd_objects(chart: &Chart, full_path: &str, out: &mut Vec<(String, String)>) {
    for (name, data) in &chart.files {
        let ext = name.rsplit('/').next().and_then(|b| b.rfind('.').map(|i| b[i..].to_ascii_lowercase())).unwrap_or_default();
        if name.starts_with("crds/") && matches!(ext.as_str(), ".yaml" | ".yml" | ".json") {
            out.push((format!("{full_path}/{name}"), String::from_utf8_lossy(data).into_owned()));
        }
    }
    for dep in &chart.dependencies {
        crd_objects(dep, &format!("{full_path}/charts/{}", dep.name()), out);
    }
}

/// Writes one manifest under the output directory as Helm's `writeToFile` does, noting it on
/// stdout.
fn write_to_file(dir: &str, name: &str, data: &str, append: bool, stdout: &mut String) -> Result<(), String> {
    let file = format!("{dir}/{name}");
    if let Some(parent) = std::path::Path::new(&file).parent() {
        std::fs::create_dir_all(parent).map_err(|e| super::loader::go_os_error("mkdir", &parent.to_string_lossy(), &e))?;
    }
    let mut f = if append { std::fs::OpenOptions::new().append(true).open(&file) } else { std::fs::File::create(&file) }
        .map_err(|e| super::loader::go_os_error("open", &file, &e))?;
    std::io::Write::write_all(&mut f, format!("---\n# Source: {name}\n{data}\n").as_bytes())
        .map_err(|e| super::loader::go_os_error("write", &file, &e))?;
    stdout.push_str(&format!("wrote {file}\n"));
    Ok(())
}

/// `helm template`: the text for stdout, or the failure.
pub fn run(opts: &TemplateOptions) -> Result<String, Failure> {
    let kube_version = if opts.kube_version.is_empty() {
        None
    } else {
        Some(
            super::kubeversion::parse_kube_version(&opts.kube_version)
                .map_err(|e| Failure::new(format!("invalid kube version '{}': {e}", opts.kube_version)))?,
        )
    };
    super::early_parse::prepare();
    let (release_name, chart_ref) = name_and_chart(opts).map_err(Failure::new)?;
    let chart_path = locate_chart(&chart_ref).map_err(Failure::new)?;
    let span = timing::span(|| "helm: values files".into());
    let values = merge_values(&opts.values).map_err(Failure::new)?;
    drop(span);
    let span = timing::span(|| "helm: load chart".into());
    // the templates of a chart directory start parsing on the other cores once they are read
    let mut early_parse = None;
    let mut chart = super::loader::load_then(&chart_path, &mut |texts| {
        timing::mark(|| "template texts read".into());
        early_parse = Some(super::early_parse::EarlyParse::start_texts(texts));
    })
        .map_err(Failure::new)?;
    drop(span);
    match chart.metadata.chart_type.as_str() {
        "" | "application" => {}
        t => return Err(Failure::new(format!("{t} charts are not installable"))),
    }
    if chart.metadata.deprecated {
        log(Level::Warn, "this chart is deprecated", &[]);
    }
    if opts.build_local_dependencies && super::deps::check_dependencies(&chart).is_err() {
        super::deps::add_local_dependencies(&mut chart, &chart_path).map_err(Failure::new)?;
    }
    if !chart.metadata.dependencies.is_empty() {
        super::deps::check_dependencies(&chart).map_err(|e| {
            if opts.dependency_update {
                Failure::new(format!("{e}: --dependency-update would download them, which krender does not do (it works offline); vendor the dependencies into charts/"))
            } else {
                Failure::new(format!("an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: {e}"))
            }
        })?;
    }

    // The install action (client-only dry run).
    super::release::check_release_name(&release_name).map_err(Failure::new)?;
    // the templates of a packaged chart parse on the other cores from here on
    let early_parse = early_parse.unwrap_or_else(|| super::early_parse::EarlyParse::start(&chart));
    let span = timing::span(|| "helm: dependencies".into());
    super::deps::process_dependencies(&mut chart, &values).map_err(|e| {
        log(Level::Error, "chart dependencies processing failed", &[("error", &e)]);
        Failure::new(format!("chart dependencies processing failed: {e}"))
    })?;
    drop(span);
    let mut caps = Capabilities::default();
    if let Some(kv) = kube_version {
        caps.kube_version = Rc::new(kv);
    }
    caps.api_versions.extend(opts.api_versions.iter().cloned());
    let span = timing::span(|| "helm: coalesce values".into());
    let coalesced = super::coalesce::coalesce_values(&chart, &values).map_err(Failure::new)?;
    drop(span);
    let _span = timing::span(|| "helm: schema validation".into());
    if !opts.skip_schema_validation {
        super::schema::validate_against_schema(&chart, &coalesced)
            .map_err(|e| Failure::new(format!("values don't meet the specifications of the schema(s) in the following chart(s):\n{e}")))?;
    }
    // An error once the release exists: Helm adds a hint, or with --debug prints the release's
    // manifest (what was rendered so far, trimmed) and the error alone.
    let render_failure = |msg: String, manifest: String| {
        if opts.debug {
            Failure { stdout: format!("{}\n", manifest.trim()), message: msg }
        } else {
            Failure::new(format!("{msg}{DEBUG_HINT}"))
        }
    };
    let kv = &caps.kube_version;
    if !chart.metadata.kube_version.is_empty() {
        let current = if kv.normalized.is_empty() { kv.version.clone() } else { kv.normalized.clone() };
        if !super::kubeversion::is_compatible_range(&chart.metadata.kube_version, &current) {
            return Err(render_failure(
                format!("chart requires kubeVersion: {} which is incompatible with Kubernetes {}", chart.metadata.kube_version, kv.version),
                String::new(),
            ));
        }
    }
    let render_opts = RenderOptions {
        release: ReleaseOptions {
            name: release_name.clone(),
            namespace: opts.namespace.clone(),
            revision: 1,
            is_install: !opts.is_upgrade,
            is_upgrade: opts.is_upgrade,
        },
        strict: false,
        capabilities: caps,
    };
    let coalesced = Value::Map(coalesced);
    drop(_span);
    // the heads of each rendered file are decoded on the other cores while the next execute
    let mut early = super::manifest::EarlyHeads::new().after(early_parse.parsers());
    let mut on_file = |name: &str, text: &str| {
        if !opts.templates_json && !name.ends_with("NOTES.txt") {
            early.submit(name, text);
        }
    };
    let rendered = super::engine::render_values_with(&chart, &coalesced, &render_opts, &mut on_file, Some(early_parse));
    let span = timing::span(|| "helm: wait for manifest heads".into());
    let early = early.finish();
    drop(span);
    let mut files = rendered.map_err(|e| render_failure(e, String::new()))?;
    if opts.templates_json {
        let obj = Value::map(files.into_iter().map(|(k, v)| (k.into(), Value::from(v))).collect());
        return crate::sprig::json::marshal(&obj).map(|j| j + "\n").map_err(Failure::new);
    }
    files.retain(|k, _| !k.ends_with("NOTES.txt"));
    let _span = timing::span(|| "helm: sort manifests, assemble".into());
    let (hooks, manifests) = super::manifest::sort_manifests_with(&files, early).map_err(|e| {
        let all: String = files.iter().filter(|(_, c)| !c.trim().is_empty()).map(|(n, c)| format!("---\n# Source: {n}\n{c}\n")).collect();
        render_failure(e, all)
    })?;
    let out = assemble(opts, &chart, &release_name, &hooks, &manifests);
    super::release((chart, values, coalesced, files, hooks, manifests));
    out
}

/// Appends `---`, the `# Source:` line of `name` and `doc` with a line end.
fn push_source(out: &mut String, name: &str, doc: &str) {
    for part in ["---\n# Source: ", name, "\n", doc, "\n"] {
        out.push_str(part);
    }
}

/// The release manifest (CRDs with `--include-crds`, then manifests) and the hooks, as
/// `helm template` prints or writes them.
fn assemble(
    opts: &TemplateOptions,
    chart: &Chart,
    release_name: &str,
    hooks: &[super::manifest::Hook],
    manifests: &[super::manifest::Manifest],
) -> Result<String, Failure> {
    let mut stdout = String::new();
    let fail = |stdout: &String, e: String| Failure { stdout: stdout.clone(), message: e };
    // One buffer for what is printed, sized up front: the output is large and written once.
    let mut manifest = String::new();
    if opts.output_dir.is_none() {
        let source = |name: &str, doc: &str| "---\n# Source: \n\n".len() + name.len() + doc.len();
        let size = manifests.iter().map(|m| source(&m.name, &m.content)).sum::<usize>()
            + hooks.iter().map(|h| source(&h.path, &h.manifest)).sum::<usize>();
        manifest.reserve(size + 1);
    }
    let mut written: BTreeMap<String, bool> = BTreeMap::new();
    if opts.include_crds {
        let mut crds = Vec::new();
        crd_objects(chart, chart.name(), &mut crds);
        for (name, data) in crds {
            match &opts.output_dir {
                None => push_source(&mut manifest, &name, &data),
                Some(dir) => {
                    write_to_file(dir, &name, &data, written.contains_key(&name), &mut stdout).map_err(|e| fail(&stdout, e))?;
                    written.insert(name, true);
                }
            }
        }
    }
    let release_dir = |dir: &str| {
        if opts.use_release_name {
            super::archive::clean(&format!("{dir}/{release_name}"))
        } else {
            dir.to_string()
        }
    };
    for m in manifests {
        match &opts.output_dir {
            None => push_source(&mut manifest, &m.name, &m.content),
            Some(dir) => {
                write_to_file(&release_dir(dir), &m.name, &m.content, written.contains_key(&m.name), &mut stdout).map_err(|e| fail(&stdout, e))?;
                written.insert(m.name.clone(), true);
            }
        }
    }
    // `strings.TrimSpace(manifest) + "\n"`, in place
    let end = manifest.trim_end().len();
    manifest.truncate(end);
    let start = manifest.len() - manifest.trim_start().len();
    manifest.drain(..start);
    manifest.push('\n');
    let mut out = manifest;
    if !opts.no_hooks {
        for h in hooks {
            if opts.skip_tests && h.events.contains(&"test") {
                continue;
            }
            match &opts.output_dir {
                None => push_source(&mut out, &h.path, &h.manifest),
                Some(dir) => {
                    let dir = release_dir(dir);
                    let exists = std::path::Path::new(&format!("{dir}/{}", h.path)).exists();
                    write_to_file(&dir, &h.path, &h.manifest, exists, &mut stdout).map_err(|e| fail(&stdout, e))?;
                }
            }
        }
    }
    if opts.show_only.is_empty() {
        if stdout.is_empty() {
            return Ok(out);
        }
        stdout.push_str(&out);
        return Ok(stdout);
    }
    static SOURCE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"# Source: [^/]+/(.+)").expect("valid regex"));
    let docs = super::manifest::split_manifests(&out);
    let mut picked = Vec::new();
    for f in &opts.show_only {
        let mut missing = true;
        for d in &docs {
            let Some(m) = SOURCE.captures(d) else { continue };
            let path = m.get(1).map_or("", |x| x.as_str());
            if !crate::golang::filepath::matches(f, path).unwrap_or(false) {
                continue;
            }
            picked.push(*d);
            missing = false;
        }
        if missing {
            return Err(fail(&stdout, format!("could not find template {f} in chart")));
        }
    }
    for d in picked {
        stdout.push_str(&format!("---\n{d}\n"));
    }
    Ok(stdout)
}
