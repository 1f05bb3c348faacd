//! Helm sources: the `helm template` run Argo CD's `helmTemplate` makes (`util/helm/cmd.go`):
//! `helm template . --name-template NAME --namespace NS [--kube-version V] [--set k=v]…
//! [--set-string k=v]… [--set-file k=path]… [--values file]… [--api-versions v]…
//! [--include-crds unless skipCrds] [--skip-schema-validation] [--skip-tests]`.
//!
//! [`template`] is the single call into the Helm engine: `crate::helm::template::run`, the
//! library behind `krender template`, with [`HelmTemplate`] turned into its `TemplateOptions`.

use std::path::PathBuf;

/// What Argo CD passes to `helm template`.
#[derive(Clone, Debug, Default)]
pub struct HelmTemplate {
    pub chart_dir: PathBuf,
    /// The positional release name (kustomize's `releaseName`).
    pub release_name: String,
    /// `--name-template` (Argo CD passes the release name this way).
    pub name_template: String,
    pub namespace: String,
    pub kube_version: String,
    pub api_versions: Vec<String>,
    /// `--set name=value`, in order.
    pub set: Vec<(String, String)>,
    pub set_string: Vec<(String, String)>,
    pub set_file: Vec<(String, String)>,
    /// `--values` files, in order (the inline values file last).
    pub values: Vec<PathBuf>,
    pub include_crds: bool,
    pub skip_schema_validation: bool,
    pub skip_tests: bool,
    /// `--no-hooks` (kustomize's `skipHooks`).
    pub no_hooks: bool,
    /// Argo CD runs `helm dependency build` when dependencies are missing: local (`file://`)
    /// ones are then found.
    pub build_local_dependencies: bool,
}

impl HelmTemplate {
    /// The command line as Argo CD logs it (`GetCommandArgsToLog`: arguments with white space
    /// quoted); the caller replaces checkout paths by `.`.
    pub fn command(&self) -> String {
        let mut args = vec!["helm".to_string(), "template".into(), ".".into(), "--name-template".into(), self.name_template.clone()];
        if !self.namespace.is_empty() {
            args.extend(["--namespace".into(), self.namespace.clone()]);
        }
        if !self.kube_version.is_empty() {
            args.extend(["--kube-version".into(), self.kube_version.clone()]);
        }
        for (flag, list) in [("--set", &self.set), ("--set-string", &self.set_string), ("--set-file", &self.set_file)] {
            for (k, v) in list {
                args.extend([flag.to_string(), format!("{k}={}", clean_set_parameter(v))]);
            }
        }
        for v in &self.values {
            args.extend(["--values".into(), v.display().to_string()]);
        }
        for v in &self.api_versions {
            args.extend(["--api-versions".into(), v.clone()]);
        }
        if self.include_crds {
            args.push("--include-crds".into());
        }
        if self.skip_schema_validation {
            args.push("--skip-schema-validation".into());
        }
        if self.skip_tests {
            args.push("--skip-tests".into());
        }
        if self.no_hooks {
            args.push("--no-hooks".into());
        }
        super::kustomize_source::command_to_log(&args)
    }
}

/// `cleanSetParameters`: commas in a value are escaped (`,` → `\,`) unless the value is a
/// `{…}` list, and already escaped ones are kept.
pub fn clean_set_parameter(val: &str) -> String {
    if val.starts_with('{') && val.ends_with('}') {
        return val.to_string();
    }
    let mut out = String::with_capacity(val.len());
    let mut prev = '\0';
    for c in val.chars() {
        if c == ',' && prev != '\\' {
            out.push('\\');
        }
        out.push(c);
        prev = c;
    }
    out
}

/// Runs `helm template` (`crate::helm::template::run`) and returns its standard output; Helm's
/// log lines are dropped (Argo CD and kustomize only read stdout).
pub fn template(t: &HelmTemplate) -> Result<String, String> {
    // The values as Argo CD puts them on the command line (commas escaped).
    let pair = |(k, v): &(String, String)| format!("{k}={}", clean_set_parameter(v));
    let mut args = Vec::new();
    if !t.release_name.is_empty() {
        args.push(t.release_name.clone());
    }
    args.push(t.chart_dir.to_string_lossy().into_owned());
    let opts = crate::helm::template::TemplateOptions {
        args,
        values: crate::helm::template::ValueOptions {
            files: t.values.iter().map(|p| p.to_string_lossy().into_owned()).collect(),
            set: t.set.iter().map(pair).collect(),
            set_string: t.set_string.iter().map(pair).collect(),
            set_file: t.set_file.iter().map(pair).collect(),
            ..Default::default()
        },
        namespace: if t.namespace.is_empty() { "default".into() } else { t.namespace.clone() },
        name_template: t.name_template.clone(),
        include_crds: t.include_crds,
        skip_tests: t.skip_tests,
        no_hooks: t.no_hooks,
        kube_version: t.kube_version.clone(),
        api_versions: t.api_versions.clone(),
        skip_schema_validation: t.skip_schema_validation,
        build_local_dependencies: t.build_local_dependencies,
        ..Default::default()
    };
    let out = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let r = crate::helm::template::run(&opts);
            let _ = crate::helm::log::take();
            r
        })
        .map_err(|e| e.to_string())?
        .join()
        .map_err(|_| "helm rendering panicked".to_string())?;
    out.map_err(|f| f.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_parameters_escape_commas() {
        assert_eq!(clean_set_parameter("a,b"), "a\\,b");
        assert_eq!(clean_set_parameter("a\\,b"), "a\\,b");
        assert_eq!(clean_set_parameter("{a,b}"), "{a,b}");
    }

}
