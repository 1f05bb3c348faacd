//! `krender diff BASE HEAD [ROOT]` — the rendered-manifest changes between two git revisions (or
//! two directories), per app and per resource.
//!
//! Exit status: 0, or with `--exit-code` 0 when nothing differs and 1 when something does;
//! 2 on error (a side that cannot be read, an app that fails to render at HEAD).

use clap::Args;
use krender::diff::{self, git, resource::{Filters, ResourceSpec}, Options};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The base: a git revision, or a directory.
    pub base: String,
    /// The head: a git revision, or a directory.
    pub head: String,
    /// For revisions, the repository directory (or a part of it) whose apps are compared.
    #[arg(default_value = ".")]
    pub root: PathBuf,
    /// Output: `unified` (diff -u), `markdown` (a PR comment, capped at 65,536 characters), `json`.
    #[arg(long = "format", default_value = "unified", value_parser = ["unified", "markdown", "json"])]
    pub format: String,
    /// Colours in the unified diff: auto (on a terminal), always, never.
    #[arg(long = "color", default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
    /// Exit 1 when something differs, 0 when not (2 on error), as `git diff --exit-code`.
    #[arg(long = "exit-code")]
    pub exit_code: bool,
    /// Lines matching this regular expression are left out of the comparison (repeatable).
    #[arg(long = "ignore")]
    pub ignore: Vec<String>,
    /// Resources left out: group:kind:name (`*` for any part, `core` for the core group,
    /// `namespace/name` for a namespaced name); repeatable.
    #[arg(long = "ignore-resource")]
    pub ignore_resource: Vec<String>,
    /// Show Secrets' data and stringData (redacted by default).
    #[arg(long = "show-secrets")]
    pub show_secrets: bool,
    /// Threads rendering apps (default: the number of CPUs).
    #[arg(short = 'j', long = "jobs")]
    pub jobs: Option<usize>,
    /// Also write the markdown report to this file (e.g. $GITHUB_STEP_SUMMARY), appending.
    #[arg(long = "markdown-file")]
    pub markdown_file: Option<PathBuf>,
}

/// Runs the command; the exit status to use.
pub fn run(args: DiffArgs) -> i32 {
    match run_inner(args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("Error: {msg}");
            2
        }
    }
}

fn side(arg: &str, root: &Path, repo: &mut Option<(PathBuf, String)>) -> Result<git::Tree, String> {
    let p = Path::new(arg);
    if p.is_dir() {
        return git::from_dir(p);
    }
    if repo.is_none() {
        *repo = Some(git::locate(root).map_err(|e| format!("{arg} is not a directory, and {} is not in a git repository: {e}", root.display()))?);
    }
    let (top, prefix) = repo.as_ref().unwrap();
    git::from_rev(top, prefix, arg)
}

fn run_inner(args: DiffArgs) -> Result<i32, String> {
    let mut ignore_lines = Vec::new();
    for r in &args.ignore {
        let re = regex::Regex::new(r).map_err(|e| format!("--ignore {r:?}: {e}"))?;
        ignore_lines.push(re);
    }
    let ignore_resources = args.ignore_resource.iter().map(|s| ResourceSpec::parse(s)).collect::<Result<Vec<_>, _>>()?;
    let filters = Filters { ignore_lines, ignore_resources, redact_salt: (!args.show_secrets).then(diff::redact::new_salt) };
    let mut repo = None;
    if !Path::new(&args.base).is_dir() || !Path::new(&args.head).is_dir() {
        repo = Some(git::locate(&args.root).map_err(|e| format!("{} is not in a git repository: {e}", args.root.display()))?);
    }
    // The two sides are read at the same time (each mostly waits on git and the file system).
    let (base, head) = std::thread::scope(|s| {
        let b = s.spawn(|| side(&args.base, &args.root, &mut repo.clone()));
        let h = side(&args.head, &args.root, &mut repo.clone());
        (b.join().unwrap_or_else(|_| Err("reading the base panicked".into())), h)
    });
    let (base, head) = (base?, head?);
    let opts = Options { jobs: args.jobs.unwrap_or_else(krender::monorepo::render_all::default_jobs).max(1), filters };
    let report = diff::diff(&base, &head, &opts);
    let text = match args.format.as_str() {
        "json" => diff::json::report(&report),
        "markdown" => diff::markdown::report(&report, diff::markdown::LIMIT),
        _ => {
            let color = match args.color.as_str() {
                "always" => true,
                "never" => false,
                _ => std::io::stdout().is_terminal(),
            };
            diff::unified::report(&report, color)
        }
    };
    if let Some(path) = &args.markdown_file {
        let md = diff::markdown::report(&report, diff::markdown::LIMIT);
        let mut f = std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        f.write_all(md.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|_| out.flush()).map_err(|e| e.to_string())?;
    eprintln!(
        "krender diff: {} changed files, {} of {} apps affected, {} differ, in {:.0} ms",
        report.changed_paths,
        report.apps_affected,
        report.apps_total,
        report.apps.iter().filter(|a| a.status != diff::AppStatus::Failed).count(),
        report.millis
    );
    if report.failed() {
        for a in report.apps.iter().filter(|a| a.status == diff::AppStatus::Failed) {
            eprintln!("Error: {}: {}", a.id, a.error.as_deref().unwrap_or(""));
        }
        return Ok(2);
    }
    Ok(if args.exit_code && report.differs() { 1 } else { 0 })
}
