//! `krender build DIR` — drop-in `kustomize build`.

use super::Failure;
use clap::Args;
use krender::kustomize::{self, loader::LoadRestrictor, BuildOptions, Reorder};
use krender::resource::Resource;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Go's `strconv.ParseBool`, as pflag parses `--flag=VALUE` for boolean flags.
fn go_bool(s: &str) -> Result<bool, String> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(format!("strconv.ParseBool: parsing {s:?}: invalid syntax")),
    }
}

/// The Flux substitution the flags ask for, and the directory to build.
type FluxSteps = (Option<krender::flux::postbuild::Substitution>, PathBuf, Option<krender::flux::generator::Overlay>);

/// What `--flux-kustomization` / `--substitute*` ask for: the substitution, the directory to
/// build, and the Flux Kustomization's overlay (generated kustomization, common metadata).
fn flux_substitution(args: &BuildArgs, dir: &str) -> Result<FluxSteps, Failure> {
    use krender::flux::postbuild::{read_objects, FluxKustomization, Substitution};
    let mut dir = PathBuf::from(dir);
    let mut overlay = None;
    let mut sub = Substitution { strict: args.substitute_strict, ..Default::default() };
    if let Some(file) = &args.flux_kustomization {
        let objs = read_objects(file)?;
        let fk = objs
            .iter()
            .find(|o| o.get("kind").and_then(krender::yaml::Value::as_str) == Some("Kustomization"))
            .ok_or_else(|| Failure(format!("{}: no Kustomization found", file.display())))?;
        let fk = FluxKustomization::from_value(fk).map_err(|e| Failure(format!("{}: {e}", file.display())))?;
        let mut from = Vec::new();
        for f in &args.substitute_from {
            from.extend(read_objects(f)?);
        }
        sub = fk.substitution(&from, args.substitute_strict)?;
        if dir == Path::new(".") && !fk.path.is_empty() {
            dir = PathBuf::from(fk.path.trim_start_matches("./"));
        }
        overlay = Some(fk.overlay.clone());
    } else {
        for f in &args.substitute_from {
            sub.add_file(f)?;
        }
    }
    for pair in &args.substitute {
        sub.add_pair(pair)?;
    }
    let wanted = args.flux_kustomization.is_some() || !args.substitute.is_empty() || !args.substitute_from.is_empty();
    Ok((wanted.then_some(sub), dir, overlay))
}

// The flags of `kustomize build` v5.5 (kustomize/commands/build), with its defaults. Boolean
// flags take an optional `=VALUE`, as pflag's do. (A plain comment: a doc comment would become
// the command's `about`, replacing the one in `cli::Command`, as the arguments are deferred.)
#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Directory containing a kustomization file, or a git repository URL with a path suffix
    /// (default: the current directory).
    #[arg(value_name = "DIR")]
    pub dirs: Vec<String>,
    /// If specified, write output to this path (one file per resource if it is a directory).
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// If set to 'LoadRestrictionsNone', local kustomizations may load files from outside their
    /// root. This does, however, break the relocatability of the kustomization.
    #[arg(long = "load-restrictor", default_value = "LoadRestrictionsRootOnly")]
    pub load_restrictor: String,
    /// Enable use of the Helm chart inflator generator (`helmCharts` on vendored charts, rendered
    /// by the built-in Helm engine).
    #[arg(long = "enable-helm", num_args = 0..=1, require_equals = true, default_value = "false", default_missing_value = "true", value_parser = go_bool)]
    pub enable_helm: bool,
    /// Helm command (path to executable); accepted, never run.
    #[arg(long = "helm-command", default_value = "helm")]
    pub helm_command: String,
    /// Kubernetes api versions used by Helm for Capabilities.APIVersions (charts that set no
    /// `apiVersions`).
    #[arg(long = "helm-api-versions")]
    pub helm_api_versions: Vec<String>,
    /// Kubernetes version used by Helm for Capabilities.KubeVersion (charts that set no
    /// `kubeVersion`).
    #[arg(long = "helm-kube-version", default_value = "")]
    pub helm_kube_version: String,
    /// Enable debug output from the Helm chart inflator generator (accepted).
    #[arg(long = "helm-debug", num_args = 0..=1, require_equals = true, default_value = "false", default_missing_value = "true", value_parser = go_bool)]
    pub helm_debug: bool,
    /// Enable kustomize plugins: builtin ones always work; exec, Go and container plugins are
    /// then refused as unsupported (instead of as disabled).
    #[arg(long = "enable-alpha-plugins", num_args = 0..=1, require_equals = true, default_value = "false", default_missing_value = "true", value_parser = go_bool)]
    pub enable_alpha_plugins: bool,
    /// Enable support for exec functions (raw executables); krender runs none: accepted only.
    #[arg(long = "enable-exec", num_args = 0..=1, require_equals = true, default_value = "false", default_missing_value = "true", value_parser = go_bool)]
    pub enable_exec: bool,
    /// Enable network access for functions that declare it (krender runs no functions).
    #[arg(long = "network", num_args = 0..=1, require_equals = true, default_value = "false", default_missing_value = "true", value_parser = go_bool)]
    pub network: bool,
    /// The docker network to run the container in (krender runs no functions).
    #[arg(long = "network-name", default_value = "bridge")]
    pub network_name: String,
    /// A list of storage options read from the filesystem (for functions; accepted).
    #[arg(long = "mount")]
    pub mount: Vec<String>,
    /// A list of environment variables to be used by functions (accepted).
    #[arg(short = 'e', long = "env")]
    pub env: Vec<String>,
    /// Use the uid and gid of the command executor to run the function in the container (accepted).
    #[arg(long = "as-current-user", num_args = 0..=1, require_equals = true, default_value = "false", default_missing_value = "true", value_parser = go_bool)]
    pub as_current_user: bool,
    /// Deprecated: reorder the resources just before output ('legacy' or 'none').
    #[arg(long = "reorder", hide = true)]
    pub reorder: Option<String>,
    /// Deprecated: add the app.kubernetes.io/managed-by label.
    #[arg(long = "enable-managedby-label", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = go_bool)]
    pub enable_managedby_label: Option<bool>,
    /// Print a stack-trace on error (kustomize's global flag; krender's errors carry no Go stack,
    /// so it is accepted and changes nothing).
    #[arg(long = "stack-trace", num_args = 0..=1, require_equals = true, default_value = "false", default_missing_value = "true", value_parser = go_bool)]
    pub stack_trace: bool,
    /// Flux postBuild substitution: a variable, `NAME=VALUE` (repeatable).
    #[arg(long = "substitute")]
    pub substitute: Vec<String>,
    /// Flux postBuild substitution: variables from a ConfigMap or Secret manifest (repeatable;
    /// with --flux-kustomization, the objects its substituteFrom names).
    #[arg(long = "substitute-from")]
    pub substitute_from: Vec<PathBuf>,
    /// Flux strict substitution: a variable without value or default is an error.
    #[arg(long = "substitute-strict")]
    pub substitute_strict: bool,
    /// A Flux Kustomization manifest: its postBuild is applied, and its spec.path (relative to
    /// the current directory, the source's root) built when DIR is not given.
    #[arg(long = "flux-kustomization")]
    pub flux_kustomization: Option<PathBuf>,
}

/// `Validate` and `HonorKustomizeFlags`: the build options the flags ask for, and the
/// deprecation notices pflag prints when a deprecated flag is used.
pub fn options(args: &BuildArgs, notices: &mut Vec<String>) -> Result<(String, BuildOptions), Failure> {
    if args.dirs.len() > 1 {
        return Err(Failure("specify one path to kustomization.yaml".into()));
    }
    let dir = args.dirs.first().cloned().unwrap_or_else(|| ".".into());
    if args.reorder.is_some() {
        notices.push("Flag --reorder has been deprecated, use the new 'sortOptions' field in kustomization.yaml instead.".into());
    }
    if args.enable_managedby_label.is_some() {
        notices.push("Flag --enable-managedby-label has been deprecated, The flag `enable-managedby-label` has been deprecated. Use the `managedByLabel` option in the `buildMetadata` field instead.".into());
    }
    let load_restrictor = match args.load_restrictor.as_str() {
        "LoadRestrictionsRootOnly" | "" => LoadRestrictor::RootOnly,
        "LoadRestrictionsNone" => LoadRestrictor::None,
        other => {
            return Err(Failure(format!(
                "illegal flag value --load-restrictor {other}; legal values: [LoadRestrictionsRootOnly LoadRestrictionsNone]"
            )))
        }
    };
    let reorder = match args.reorder.as_deref() {
        None => Reorder::Unspecified,
        Some("legacy") => Reorder::Legacy,
        Some("none") => Reorder::None,
        Some(other) => return Err(Failure(format!("illegal flag value --reorder {other}; legal values: [legacy none]"))),
    };
    let add_managed_by_label =
        args.enable_managedby_label == Some(true) || std::env::var("KUSTOMIZE_ENABLE_MANAGEDBY_LABEL").is_ok_and(|v| v == "on");
    let opts = BuildOptions {
        load_restrictor,
        reorder,
        add_managed_by_label,
        enable_plugins: args.enable_alpha_plugins,
        // kustomize: enabling plugins enables helm too.
        enable_helm: args.enable_helm || args.enable_alpha_plugins,
        helm_kube_version: args.helm_kube_version.clone(),
        helm_api_versions: args.helm_api_versions.clone(),
        ..BuildOptions::default()
    };
    Ok((dir, opts))
}

pub fn run(args: BuildArgs) -> Result<(), Failure> {
    let mut notices = Vec::new();
    let options = options(&args, &mut notices);
    for n in &notices {
        eprintln!("{n}");
    }
    let (dir, mut opts) = options?;
    let (substitution, dir, overlay) = flux_substitution(&args, &dir)?;
    if let Some(o) = &overlay {
        // kustomize-controller builds its generated kustomization without load restrictions.
        opts.top_kustomization = Some(krender::flux::generator::generate(&dir, o).map_err(Failure)?);
        opts.load_restrictor = kustomize::loader::LoadRestrictor::None;
    }
    let mut warnings = Vec::new();
    let result = kustomize::build_with_warnings(&dir, &opts, &mut warnings);
    // kustomize prints deprecation warnings as it reads each file, before any error.
    for w in &warnings {
        eprintln!("{w}");
    }
    let mut resources = result?;
    if let Some(sub) = &substitution {
        resources = krender::flux::postbuild::apply(resources, sub)?;
    }
    if let Some(o) = &overlay {
        resources = krender::flux::generator::apply_common_metadata(resources, o)?;
    }
    let build = kustomize::Build { resources, warnings };
    let result = match &args.output {
        Some(dir) if dir.is_dir() => write_individual_files(dir, build.resources.resources()),
        Some(file) => {
            let yaml = kustomize::emit(&build.resources)?;
            std::fs::write(file, yaml).map_err(|e| Failure(format!("{}: {e}", file.display())))
        }
        None => {
            let yaml = kustomize::emit(&build.resources)?;
            let mut out = std::io::stdout().lock();
            out.write_all(yaml.as_bytes()).and_then(|_| out.flush()).map_err(|e| Failure(e.to_string()))
        }
    };
    // The process ends here: freeing every node one by one would only cost time.
    std::mem::forget(build);
    result
}

/// kustomize's `-o DIR`: one file per resource, `<group_version_kind>_<name>.yaml` lower-cased,
/// prefixed by the namespace when resources span several namespaces.
fn write_individual_files(dir: &Path, resources: &[Resource]) -> Result<(), Failure> {
    let file_name = |r: &Resource| {
        let g = r.gvk();
        let parts: Vec<&str> = [g.group.as_str(), g.version.as_str(), g.kind.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
        format!("{}_{}.yaml", parts.join("_").to_lowercase(), r.name().to_lowercase())
    };
    let namespaces: std::collections::BTreeSet<String> = resources
        .iter()
        .filter(|r| !r.gvk().is_cluster_scoped())
        .map(|r| r.cur_id().effective_namespace().to_string())
        .collect();
    let mut files = Vec::new();
    for r in resources {
        let mut name = file_name(r);
        if !r.gvk().is_cluster_scoped() && namespaces.len() > 1 {
            name = format!("{}_{name}", r.cur_id().effective_namespace().to_lowercase());
        }
        let yaml = krender::yaml::node_to_yaml(&r.node)?;
        files.push((dir.join(name), yaml));
    }
    for (path, yaml) in files {
        std::fs::write(&path, yaml).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}
