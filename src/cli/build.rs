//! `krender build DIR` — drop-in `kustomize build`.

use super::Failure;
use clap::Args;
use krender::kustomize::{self, loader::LoadRestrictor, BuildOptions};
use krender::resource::Resource;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Directory containing a kustomization file (default: current directory).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Write the output to this file, or one file per resource if it is a directory.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// LoadRestrictionsRootOnly (default) or LoadRestrictionsNone.
    #[arg(long = "load-restrictor", default_value = "LoadRestrictionsRootOnly")]
    pub load_restrictor: String,
    /// Accepted for compatibility with kustomize (helm charts use the built-in engine).
    #[arg(long = "enable-helm")]
    pub enable_helm: bool,
}

pub fn run(args: BuildArgs) -> Result<(), Failure> {
    let load_restrictor = match args.load_restrictor.as_str() {
        "LoadRestrictionsRootOnly" | "rootOnly" => LoadRestrictor::RootOnly,
        "LoadRestrictionsNone" | "none" => LoadRestrictor::None,
        other => {
            return Err(Failure(format!(
                "illegal flag value --load-restrictor {other}; legal values: [LoadRestrictionsNone LoadRestrictionsRootOnly]"
            )))
        }
    };
    let opts = BuildOptions { load_restrictor, ..BuildOptions::default() };
    let mut warnings = Vec::new();
    let result = kustomize::build_with_warnings(&args.dir, &opts, &mut warnings);
    // kustomize prints deprecation warnings as it reads each file, before any error.
    for w in &warnings {
        eprintln!("{w}");
    }
    let build = kustomize::Build { resources: result?, warnings };
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
