//! `krender render-all [ROOT]` — every app of a repository, in parallel.

use super::Failure;
use clap::Args;
use krender::monorepo::render_all::{self, Options, Report, Status};
use krender::monorepo::summary;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct RenderAllArgs {
    /// The repository (or part of it) to render.
    #[arg(default_value = ".")]
    pub root: PathBuf,
    /// Threads rendering apps (default: the number of CPUs).
    #[arg(short = 'j', long = "jobs")]
    pub jobs: Option<usize>,
    /// Argo CD's `kustomize.buildOptions` (e.g. "--enable-helm"): flags of every kustomize
    /// build; with --enable-helm, Argo CD sources' kube/API versions reach helmCharts.
    #[arg(long = "kustomize-build-options", default_value = "", allow_hyphen_values = true)]
    pub kustomize_build_options: String,
    /// Write each app to DIR/<app path>.yaml instead of one stream on stdout.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// Compare with a hydrated output directory instead of writing: exit 1 when any file differs,
    /// is missing or is left over.
    #[arg(long = "check", conflicts_with = "output")]
    pub check: Option<PathBuf>,
    /// Summary format on completion: `text` (stderr) or `json` (stdout; manifests then only go
    /// to `-o`).
    #[arg(long = "format", default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
    /// Only list the apps found.
    #[arg(long = "list")]
    pub list: bool,
    /// Render these directories (one per line, relative to ROOT; `-` for stdin) as the apps,
    /// instead of discovering them.
    #[arg(long = "apps-from")]
    pub apps_from: Option<PathBuf>,
}

pub fn run(args: RenderAllArgs) -> Result<(), Failure> {
    if !args.root.is_dir() {
        return Err(Failure(format!("{}: not a directory", args.root.display())));
    }
    if args.list {
        let root = std::fs::canonicalize(&args.root)?;
        let (apps, notes) = krender::monorepo::discover::discover(&root);
        let mut out = String::new();
        for a in &apps {
            out.push_str(&format!("{}\t{}\n", a.id, render_all::source_name(&a.source)));
        }
        for n in notes {
            eprintln!("note: {}", n.0);
        }
        std::io::stdout().lock().write_all(out.as_bytes())?;
        return Ok(());
    }
    let opts = Options {
        jobs: args.jobs.unwrap_or_else(render_all::default_jobs).max(1),
        progress: std::io::stderr().is_terminal(),
        track: false,
        kustomize_build_options: args.kustomize_build_options.clone(),
    };
    let report = match &args.apps_from {
        None => render_all::render_all(&args.root, &opts),
        Some(file) => {
            let text = if file.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin())?
            } else {
                std::fs::read_to_string(file).map_err(|e| Failure(format!("{}: {e}", file.display())))?
            };
            let root = std::fs::canonicalize(&args.root)?;
            let dirs: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            let apps = krender::monorepo::discover::apps_at(&root, &dirs);
            let start = std::time::Instant::now();
            let mut r = render_all::render_apps(&root, apps, &opts);
            r.millis = start.elapsed().as_secs_f64() * 1000.0;
            r
        }
    };
    let mut result = Ok(());
    if let Some(dir) = &args.check {
        let stale = check(dir, &report)?;
        for line in &stale {
            eprintln!("{line}");
        }
        if !stale.is_empty() {
            result = Err(Failure(format!("{} is not up to date: {} file(s) differ (run `krender render-all -o {}`)", dir.display(), stale.len(), dir.display())));
        }
    } else if let Some(dir) = &args.output {
        write_dir(dir, &report)?;
    } else if args.format == "text" {
        let mut out = std::io::stdout().lock();
        out.write_all(render_all::one_stream(&report).as_bytes()).and_then(|_| out.flush())?;
    }
    if args.format == "json" {
        std::io::stdout().lock().write_all(summary::json(&report).as_bytes())?;
    } else {
        eprint!("{}", summary::text(&report));
    }
    let failed = report.failed();
    std::mem::forget(report);
    if failed > 0 && result.is_ok() {
        result = Err(Failure(format!("{failed} app(s) failed")));
    }
    result
}

/// `-o DIR`: `DIR/<app>.yaml` for each app that rendered.
fn write_dir(dir: &Path, report: &Report) -> Result<(), Failure> {
    for a in &report.apps {
        let Some(text) = &a.output else { continue };
        let path = dir.join(render_all::output_file(&a.app.id));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Failure(format!("{}: {e}", parent.display())))?;
        }
        std::fs::write(&path, text).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}

/// `--check DIR`: what differs between DIR and the outputs `-o DIR` would write.
fn check(dir: &Path, report: &Report) -> Result<Vec<String>, Failure> {
    let mut stale = Vec::new();
    let mut expected = std::collections::BTreeSet::new();
    for a in &report.apps {
        if a.status != Status::Ok {
            continue;
        }
        let rel = render_all::output_file(&a.app.id);
        let path = dir.join(&rel);
        expected.insert(rel.clone());
        match std::fs::read(&path) {
            Ok(bytes) if Some(bytes.as_slice()) == a.output.as_deref().map(str::as_bytes) => {}
            Ok(_) => stale.push(format!("out of date: {}", path.display())),
            Err(_) => stale.push(format!("missing: {}", path.display())),
        }
    }
    if dir.is_dir() {
        for e in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy();
            if e.file_type().is_file() && name.ends_with(".yaml") {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path()).to_path_buf();
                if !expected.contains(&rel) {
                    stale.push(format!("left over: {}", e.path().display()));
                }
            }
        }
    }
    Ok(stale)
}
