//! `krender template [NAME] CHART` — `helm template` (v4.2): the flags Helm's template command
//! takes, parsed as pflag parses them (string slices split at commas, booleans accepting
//! `=false`), then [`krender::helm::template`]. Flags that need a cluster or the network are
//! refused with a clear error; flags without effect on client-only rendering are accepted.
//! `--templates-json` prints each template as Helm's engine renders it, as one JSON object.

use super::Failure;
use clap::Args;
use krender::helm::template::{self, TemplateOptions, ValueOptions};
use std::io::Write;

/// pflag's boolean parsing (`strconv.ParseBool`).
fn go_bool(s: &str) -> Result<bool, String> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(format!("strconv.ParseBool: parsing {s:?}: invalid syntax")),
    }
}

#[derive(Args, Debug, Default)]
pub struct TemplateArgs {
    /// Release name (default `release-name`) and chart (directory or .tgz).
    #[arg(num_args = 0..)]
    pub args: Vec<String>,
    /// Namespace of the release (else $HELM_NAMESPACE, else `default`).
    #[arg(short = 'n', long = "namespace")]
    pub namespace: Option<String>,
    /// Values files (YAML or JSON; `-` is stdin), merged in order; commas separate several.
    #[arg(short = 'f', long = "values")]
    pub values: Vec<String>,
    /// Set values (key1=val1,key2=val2).
    #[arg(long = "set", allow_hyphen_values = true)]
    pub set: Vec<String>,
    /// Set STRING values.
    #[arg(long = "set-string", allow_hyphen_values = true)]
    pub set_string: Vec<String>,
    /// Set values from files (key1=path1,key2=path2).
    #[arg(long = "set-file", allow_hyphen_values = true)]
    pub set_file: Vec<String>,
    /// Set JSON values (key=jsonval, or a JSON object).
    #[arg(long = "set-json", allow_hyphen_values = true)]
    pub set_json: Vec<String>,
    /// Set a literal STRING value.
    #[arg(long = "set-literal", allow_hyphen_values = true)]
    pub set_literal: Vec<String>,
    /// Include CRDs in the output.
    #[arg(long = "include-crds", num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = go_bool)]
    pub include_crds: Option<bool>,
    /// Skip tests (hooks of type `test`) in the output.
    #[arg(long = "skip-tests", num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = go_bool)]
    pub skip_tests: Option<bool>,
    /// Leave hooks out of the output.
    #[arg(long = "no-hooks", num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = go_bool)]
    pub no_hooks: Option<bool>,
    /// Only print the manifests of these templates (Go filepath.Match patterns).
    #[arg(short = 's', long = "show-only")]
    pub show_only: Vec<String>,
    /// Write the manifests to files under this directory.
    #[arg(long = "output-dir")]
    pub output_dir: Option<String>,
    /// With --output-dir: put the files under OUTPUT_DIR/RELEASE.
    #[arg(long = "release-name", num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = go_bool)]
    pub release_name: Option<bool>,
    /// A Go template (Sprig functions) for the release name.
    #[arg(long = "name-template", default_value = "")]
    pub name_template: String,
    /// Generate the name (no effect with one argument, as in Helm).
    #[arg(short = 'g', long = "generate-name", num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = go_bool)]
    pub generate_name: Option<bool>,
    /// Set .Release.IsUpgrade instead of .Release.IsInstall.
    #[arg(long = "is-upgrade", num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = go_bool)]
    pub is_upgrade: Option<bool>,
    /// Kubernetes version for .Capabilities.KubeVersion.
    #[arg(long = "kube-version", default_value = "")]
    pub kube_version: String,
    /// More API versions for .Capabilities.APIVersions (commas separate several).
    #[arg(short = 'a', long = "api-versions")]
    pub api_versions: Vec<String>,
    /// Do not validate values against values.schema.json.
    #[arg(long = "skip-schema-validation", num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = go_bool)]
    pub skip_schema_validation: Option<bool>,
    /// Print one JSON object {template path: rendered text}, as Helm's engine returns them.
    #[arg(long = "templates-json")]
    pub templates_json: bool,
    /// On a rendering error, print what was rendered (and no hint).
    #[arg(long = "debug", num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = go_bool)]
    pub debug: Option<bool>,
    /// `--dry-run` / `--dry-run=client` (always client-side).
    #[arg(long = "dry-run", num_args = 0..=1, require_equals = true, default_missing_value = "unset")]
    pub dry_run: Option<String>,
    /// Update missing dependencies first (needs the network: refused when dependencies are missing).
    #[arg(long = "dependency-update", num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = go_bool)]
    pub dependency_update: Option<bool>,

    // Flags that need the network or a cluster.
    #[arg(long = "repo", hide = true)]
    pub repo: Option<String>,
    #[arg(long = "verify", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = go_bool)]
    pub verify: Option<bool>,
    #[arg(long = "post-renderer", hide = true)]
    pub post_renderer: Option<String>,
    #[arg(long = "post-renderer-args", hide = true)]
    pub post_renderer_args: Vec<String>,
    #[arg(long = "enable-dns", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = go_bool)]
    pub enable_dns: Option<bool>,
    #[arg(long = "validate", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = go_bool)]
    pub validate: Option<bool>,

    // Flags without effect on a local, client-only render (accepted as Helm accepts them).
    #[arg(long = "version", hide = true)]
    pub version: Option<String>,
    #[arg(long = "devel", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub devel: Option<String>,
    #[arg(long = "skip-crds", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub skip_crds: Option<String>,
    #[arg(short = 'l', long = "labels", hide = true)]
    pub labels: Vec<String>,
    #[arg(long = "timeout", hide = true)]
    pub timeout: Option<String>,
    #[arg(long = "wait", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "watcher")]
    pub wait: Option<String>,
    #[arg(long = "description", hide = true)]
    pub description: Option<String>,
    #[arg(long = "kubeconfig", hide = true)]
    pub kubeconfig: Option<String>,
    #[arg(long = "kube-context", hide = true)]
    pub kube_context: Option<String>,
    #[arg(long = "kube-token", hide = true)]
    pub kube_token: Option<String>,
    #[arg(long = "kube-as-user", hide = true)]
    pub kube_as_user: Option<String>,
    #[arg(long = "kube-as-group", hide = true)]
    pub kube_as_group: Vec<String>,
    #[arg(long = "kube-apiserver", hide = true)]
    pub kube_apiserver: Option<String>,
    #[arg(long = "kube-ca-file", hide = true)]
    pub kube_ca_file: Option<String>,
    #[arg(long = "kube-tls-server-name", hide = true)]
    pub kube_tls_server_name: Option<String>,
    #[arg(long = "registry-config", hide = true)]
    pub registry_config: Option<String>,
    #[arg(long = "repository-config", hide = true)]
    pub repository_config: Option<String>,
    #[arg(long = "repository-cache", hide = true)]
    pub repository_cache: Option<String>,
    #[arg(long = "content-cache", hide = true)]
    pub content_cache: Option<String>,
    #[arg(long = "burst-limit", hide = true)]
    pub burst_limit: Option<String>,
    #[arg(long = "qps", hide = true)]
    pub qps: Option<String>,
    #[arg(long = "color", alias = "colour", hide = true)]
    pub color: Option<String>,
    #[arg(long = "keyring", hide = true)]
    pub keyring: Option<String>,
    #[arg(long = "username", hide = true)]
    pub username: Option<String>,
    #[arg(long = "password", hide = true)]
    pub password: Option<String>,
    #[arg(long = "cert-file", hide = true)]
    pub cert_file: Option<String>,
    #[arg(long = "key-file", hide = true)]
    pub key_file: Option<String>,
    #[arg(long = "ca-file", hide = true)]
    pub ca_file: Option<String>,
    /// Accepted boolean flags without effect on the output.
    #[arg(long = "create-namespace", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub create_namespace: Option<String>,
    #[arg(long = "force", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub force: Option<String>,
    #[arg(long = "force-replace", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub force_replace: Option<String>,
    #[arg(long = "force-conflicts", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub force_conflicts: Option<String>,
    #[arg(long = "server-side", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub server_side: Option<String>,
    #[arg(long = "replace", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub replace: Option<String>,
    #[arg(long = "wait-for-jobs", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub wait_for_jobs: Option<String>,
    #[arg(long = "disable-openapi-validation", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub disable_openapi_validation: Option<String>,
    #[arg(long = "rollback-on-failure", alias = "atomic", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub rollback_on_failure: Option<String>,
    #[arg(long = "render-subchart-notes", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub render_subchart_notes: Option<String>,
    #[arg(long = "hide-notes", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub hide_notes: Option<String>,
    #[arg(long = "take-ownership", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub take_ownership: Option<String>,
    #[arg(long = "insecure-skip-tls-verify", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub insecure_skip_tls_verify: Option<String>,
    #[arg(long = "plain-http", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub plain_http: Option<String>,
    #[arg(long = "pass-credentials", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub pass_credentials: Option<String>,
    #[arg(long = "kube-insecure-skip-tls-verify", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub kube_insecure_skip_tls_verify: Option<String>,
}

/// pflag's string-slice parsing: each occurrence is a CSV record (`encoding/csv`).
fn csv_values(items: &[String]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for item in items {
        if item.is_empty() {
            continue;
        }
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = item.chars().peekable();
        let mut at_start = true;
        while let Some(c) = chars.next() {
            match c {
                '"' if at_start && !quoted => quoted = true,
                '"' if quoted => {
                    if chars.peek() == Some(&'"') {
                        field.push('"');
                        chars.next();
                    } else {
                        quoted = false;
                    }
                }
                ',' if !quoted => {
                    out.push(std::mem::take(&mut field));
                    at_start = true;
                    continue;
                }
                c => field.push(c),
            }
            at_start = false;
        }
        if quoted {
            return Err(format!("parse error on line 1, column {}: extraneous or missing \" in quoted-field", item.chars().count() + 1));
        }
        out.push(field);
    }
    Ok(out)
}

/// The stack rendering runs on: the main thread's when the stack limit allows this much (the
/// binary raises it at start), else a thread of its own (the engine grows its stack further
/// when templates nest deeply, see `krender::gotmpl::deep`).
pub const RENDER_STACK: usize = 64 << 20;

#[cfg(target_os = "linux")]
mod stack_limit {
    extern "C" {
        fn getrlimit(resource: std::ffi::c_int, rlim: *mut [u64; 2]) -> std::ffi::c_int;
        fn setrlimit(resource: std::ffi::c_int, rlim: *const [u64; 2]) -> std::ffi::c_int;
    }
    const RLIMIT_STACK: std::ffi::c_int = 3;

    /// `RLIMIT_STACK` as (current, maximum): a `struct rlimit` is two `rlim_t`, u64 on 64-bit
    /// Linux.
    fn get() -> Option<[u64; 2]> {
        let mut lim = [0u64; 2];
        // SAFETY: getrlimit writes one `struct rlimit` into `lim`.
        (unsafe { getrlimit(RLIMIT_STACK, &mut lim) } == 0).then_some(lim)
    }

    /// Raises the current limit to `want` where it is lower and the maximum allows it. No
    /// allocation: the binary calls it before the allocator is set up.
    pub fn raise(want: u64) {
        if let Some([cur, max]) = get() {
            if cur < want && max >= want {
                // SAFETY: setrlimit reads one `struct rlimit`.
                unsafe { setrlimit(RLIMIT_STACK, &[want, max]) };
            }
        }
    }

    /// Whether the limit is at least `want` (or none).
    pub fn at_least(want: u64) -> bool {
        get().is_some_and(|[cur, _]| cur >= want)
    }
}

/// Raises the stack limit to [`RENDER_STACK`] where the hard limit allows (the binary does so at
/// start, for `template`).
#[cfg(target_os = "linux")]
pub fn raise_stack_limit() {
    stack_limit::raise(RENDER_STACK as u64);
}

/// Whether the main thread may grow its stack to [`RENDER_STACK`]: the limit is that large (or
/// none). The kernel checks the limit as the stack grows and leaves a gap of at least 128 MiB
/// below it, so a limit raised after the start counts as well.
#[cfg(target_os = "linux")]
fn main_stack_is_large() -> bool {
    stack_limit::at_least(RENDER_STACK as u64) && std::thread::current().name() == Some("main")
}

#[cfg(not(target_os = "linux"))]
fn main_stack_is_large() -> bool {
    false
}

fn refuse(what: &str) -> Failure {
    Failure(format!("{what} is not supported: krender renders charts offline, without a cluster"))
}

fn options(args: TemplateArgs) -> Result<TemplateOptions, Failure> {
    if args.repo.is_some() {
        return Err(refuse("--repo (charts from a repository)"));
    }
    if args.verify == Some(true) {
        return Err(refuse("--verify"));
    }
    if args.post_renderer.is_some() || !args.post_renderer_args.is_empty() {
        return Err(refuse("--post-renderer"));
    }
    if args.enable_dns == Some(true) {
        return Err(refuse("--enable-dns (DNS lookups while rendering)"));
    }
    if args.validate == Some(true) {
        return Err(refuse("--validate (server-side validation)"));
    }
    let mut log_warn = None;
    match args.dry_run.as_deref() {
        None | Some("client") => {}
        Some("unset") => log_warn = Some("--dry-run is deprecated and should be replaced with '--dry-run=client'".to_string()),
        Some("server") => return Err(refuse("--dry-run=server")),
        Some("none") => return Err(Failure("invalid dry-run value (\"none\"). Must be \"server\" or \"client\"".into())),
        Some(v) => match go_bool(v) {
            Ok(true) => log_warn = Some(format!("boolean '--dry-run={v}' flag is deprecated and must be replaced with '--dry-run=client'")),
            Ok(false) => return Err(Failure(format!("invalid dry-run value ({v:?}). Must be \"server\" or \"client\""))),
            Err(_) => return Err(Failure(format!("invalid dry-run value ({v:?}). Must be \"none\", \"server\", or \"client\""))),
        },
    }
    if let Some(w) = log_warn {
        krender::helm::log::log(krender::helm::log::Level::Warn, &w, &[]);
    }
    let namespace = match args.namespace.filter(|n| !n.is_empty()) {
        Some(n) => n,
        None => std::env::var("HELM_NAMESPACE").ok().filter(|n| !n.is_empty()).unwrap_or_else(|| "default".into()),
    };
    fn flag_err(flag: &'static str) -> impl Fn(String) -> Failure {
        move |e| Failure(format!("invalid argument for \"{flag}\" flag: {e}"))
    }
    Ok(TemplateOptions {
        args: args.args,
        values: ValueOptions {
            files: csv_values(&args.values).map_err(flag_err("-f, --values"))?,
            set: args.set,
            set_string: args.set_string,
            set_file: args.set_file,
            set_json: args.set_json,
            set_literal: args.set_literal,
        },
        namespace,
        include_crds: args.include_crds.unwrap_or(false),
        skip_tests: args.skip_tests.unwrap_or(false),
        no_hooks: args.no_hooks.unwrap_or(false),
        show_only: args.show_only,
        output_dir: args.output_dir.filter(|d| !d.is_empty()),
        use_release_name: args.release_name.unwrap_or(false),
        name_template: args.name_template,
        generate_name: args.generate_name.unwrap_or(false),
        is_upgrade: args.is_upgrade.unwrap_or(false),
        kube_version: args.kube_version,
        api_versions: csv_values(&args.api_versions).map_err(flag_err("-a, --api-versions"))?,
        skip_schema_validation: args.skip_schema_validation.unwrap_or(false),
        templates_json: args.templates_json,
        debug: args.debug.unwrap_or(false),
        dependency_update: args.dependency_update.unwrap_or(false),
        build_local_dependencies: false,
    })
}

fn flush_logs() {
    let lines = krender::helm::log::take();
    if !lines.is_empty() {
        let mut err = std::io::stderr().lock();
        for l in lines {
            let _ = writeln!(err, "{l}");
        }
    }
}

pub fn run(args: TemplateArgs) -> Result<(), Failure> {
    krender::helm::one_shot_process();
    let render = move || {
        let r = options(args).and_then(|o| {
            template::run(&o).map_err(|f| {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(f.stdout.as_bytes());
                let _ = out.flush();
                Failure(f.message)
            })
        });
        flush_logs();
        r
    };
    let result = if main_stack_is_large() {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(render)).map_err(|_| Failure("rendering panicked".into()))?
    } else {
        std::thread::Builder::new()
            .stack_size(RENDER_STACK)
            .spawn(render)
            .map_err(|e| Failure(e.to_string()))?
            .join()
            .map_err(|_| Failure("rendering panicked".into()))?
    };
    let text = result?;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|_| out.flush()).map_err(|e| Failure(e.to_string()))
}
