//! `helmCharts` / `helmGlobals`: kustomize's HelmChartInflationGenerator, with the built-in Helm
//! engine instead of a `helm` binary and no network (charts must be vendored where kustomize
//! would pull them: `<chartHome>/<name>`, or `<chartHome>/<name>-<version>/<name>` when both
//! `version` and `repo` are set; `chartHome` defaults to `charts` under the kustomization).
//!
//! As kustomize does: the values file defaults to the chart's `values.yaml`; `valuesInline` is
//! merged with it (`valuesMerge`: `override` — inline wins, the default —, `merge` — the file
//! wins —, or `replace` — inline only) and the result passed as the one `-f` file, followed by
//! `additionalValuesFiles`; then `helm template RELEASE CHART [--namespace] [--name-template]
//! -f … [--api-versions …] [--kube-version] [--include-crds] [--skip-tests] [--no-hooks]`.

use super::Generate;
use crate::kustomize::loader::Loader;
use crate::resource::Resource;
use crate::yaml::Value;
use std::path::{Path, PathBuf};

/// One `helmCharts` entry with the `helmGlobals` it is configured with.
#[derive(Clone, Debug, Default)]
pub struct HelmChart {
    pub chart_home: String,
    pub name: String,
    pub version: String,
    pub repo: String,
    pub release_name: String,
    pub namespace: String,
    pub name_template: String,
    pub values_file: String,
    pub additional_values_files: Vec<String>,
    pub values_inline: Option<Value>,
    pub values_merge: String,
    pub include_crds: bool,
    pub skip_hooks: bool,
    pub skip_tests: bool,
    pub api_versions: Vec<String>,
    pub kube_version: String,
}

fn str_of(v: &Value, k: &str) -> Result<String, String> {
    match v.get(k) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::Str(s)) => Ok(s.clone()),
        Some(_) => Err(format!("json: cannot unmarshal into Go struct field HelmChart.{k} of type string")),
    }
}

fn bool_of(v: &Value, k: &str) -> Result<bool, String> {
    match v.get(k) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(format!("json: cannot unmarshal into Go struct field HelmChart.{k} of type bool")),
    }
}

fn strs_of(v: &Value, k: &str) -> Result<Vec<String>, String> {
    match v.get(k) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Seq(items)) => items.iter().map(|i| i.as_str().map(str::to_string).ok_or_else(|| format!("json: cannot unmarshal into Go struct field HelmChart.{k} of type string"))).collect(),
        Some(_) => Err(format!("json: cannot unmarshal into Go struct field HelmChart.{k} of type []string")),
    }
}

/// The charts of a kustomization (`helmCharts` with `helmGlobals`). `kube_version` and
/// `api_versions` are `--helm-kube-version` / `--helm-api-versions`: kustomize writes them into
/// the plugin before decoding the chart's config over it, so a chart's own field wins.
pub fn from_kustomization(charts: Option<&Value>, globals: Option<&Value>, kube_version: &str, api_versions: &[String]) -> Result<Vec<HelmChart>, String> {
    let (chart_home, config_home) = match globals {
        Some(g @ Value::Map(_)) => (str_of(g, "chartHome")?, str_of(g, "configHome")?),
        _ => (String::new(), String::new()),
    };
    let _ = config_home; // HELM_CONFIG_HOME: nothing is downloaded here.
    let Some(Value::Seq(items)) = charts else { return Ok(Vec::new()) };
    items.iter().map(|c| chart_from_value(c, &chart_home, kube_version, api_versions)).collect()
}

/// `helmCharts` followed by the deprecated `helmChartInflationGenerator` entries converted as
/// kustomize's `SplitHelmParameters` converts them (chartName → name, chartVersion → version,
/// chartRepoUrl → repo, values → valuesFile, valuesLocal → valuesInline, valuesMerge,
/// releaseName; the rest is dropped), and the globals: `helmGlobals`, or else the last non-empty
/// chartHome / helmHome of the deprecated entries.
pub fn with_legacy(charts: Option<&Value>, globals: Option<&Value>, legacy: Option<&Value>) -> (Vec<Value>, Option<Value>) {
    let mut list = match charts {
        Some(Value::Seq(items)) => items.clone(),
        _ => Vec::new(),
    };
    let mut legacy_globals: Vec<(String, Value)> = Vec::new();
    if let Some(Value::Seq(old)) = legacy {
        for o in old {
            let mut chart: Vec<(String, Value)> = Vec::new();
            for (from, to) in [
                ("chartName", "name"),
                ("chartVersion", "version"),
                ("chartRepoUrl", "repo"),
                ("values", "valuesFile"),
                ("valuesLocal", "valuesInline"),
                ("valuesMerge", "valuesMerge"),
                ("releaseName", "releaseName"),
            ] {
                match o.get(from) {
                    None | Some(Value::Null) => {}
                    Some(Value::Str(t)) if t.is_empty() => {}
                    Some(Value::Map(m)) if m.is_empty() => {}
                    Some(v) => chart.push((to.to_string(), v.clone())),
                }
            }
            chart.sort_by(|a, b| a.0.cmp(&b.0));
            list.push(Value::Map(chart));
            for (from, to) in [("helmHome", "configHome"), ("chartHome", "chartHome")] {
                if let Some(Value::Str(t)) = o.get(from).filter(|v| v.as_str().is_some_and(|t| !t.is_empty())) {
                    legacy_globals.retain(|(k, _)| k != to);
                    legacy_globals.push((to.to_string(), Value::Str(t.clone())));
                }
            }
        }
    }
    let globals = match globals {
        Some(g @ Value::Map(_)) => Some(g.clone()),
        _ if !legacy_globals.is_empty() => Some(Value::Map(legacy_globals)),
        _ => None,
    };
    (list, globals)
}

/// A `HelmChartInflationGenerator` plugin config (`generators:` entry, `apiVersion: builtin`):
/// the globals (`chartHome`, `configHome`) and one chart's fields side by side.
pub fn from_plugin_config(config: &Value, kube_version: &str, api_versions: &[String]) -> Result<HelmChart, String> {
    chart_from_value(config, &str_of(config, "chartHome")?, kube_version, api_versions)
}

fn chart_from_value(c: &Value, chart_home: &str, kube_version: &str, api_versions: &[String]) -> Result<HelmChart, String> {
    Ok(HelmChart {
        chart_home: chart_home.to_string(),
        name: str_of(c, "name")?,
        version: str_of(c, "version")?,
        repo: str_of(c, "repo")?,
        release_name: str_of(c, "releaseName")?,
        namespace: str_of(c, "namespace")?,
        name_template: str_of(c, "nameTemplate")?,
        values_file: str_of(c, "valuesFile")?,
        additional_values_files: strs_of(c, "additionalValuesFiles")?,
        values_inline: match c.get("valuesInline") {
            Some(Value::Map(m)) if !m.is_empty() => Some(Value::Map(m.clone())),
            _ => None,
        },
        values_merge: str_of(c, "valuesMerge")?,
        include_crds: bool_of(c, "includeCRDs")?,
        skip_hooks: bool_of(c, "skipHooks")?,
        skip_tests: bool_of(c, "skipTests")?,
        // The chart's config reaches the plugin through `yaml.Marshal` of the typed chart
        // (`omitempty`): an empty value there leaves the flag's.
        api_versions: Some(strs_of(c, "apiVersions")?).filter(|v| !v.is_empty()).unwrap_or_else(|| api_versions.to_vec()),
        kube_version: Some(str_of(c, "kubeVersion")?).filter(|v| !v.is_empty()).unwrap_or_else(|| kube_version.to_string()),
    })
}

impl HelmChart {
    fn abs_chart_home(&self, root: &Path) -> PathBuf {
        let home = if self.chart_home.is_empty() { "charts" } else { self.chart_home.as_str() };
        let base = if Path::new(home).is_absolute() { PathBuf::from(home) } else { root.join(home) };
        if !self.version.is_empty() && !self.repo.is_empty() {
            base.join(format!("{}-{}", self.name, self.version))
        } else {
            base
        }
    }

    /// The values passed with `-f` (`copyValuesFile` / `createNewMergedValuesFile`).
    fn values(&self, loader: &Loader, chart_dir: &Path) -> Result<Vec<u8>, String> {
        let values_file = if self.values_file.is_empty() { chart_dir.join("values.yaml").to_string_lossy().into_owned() } else { self.values_file.clone() };
        let Some(inline) = &self.values_inline else {
            return loader.load(&values_file).map_err(|e| e.0);
        };
        let merged = match self.values_merge.as_str() {
            "replace" => inline.clone(),
            mode @ ("" | "override" | "merge") => {
                let data = loader.load(&values_file).map_err(|e| e.0)?;
                let file_node = crate::yaml::read::parse_stream_with(&data, crate::yaml::resolve::Dialect::V3)
                    .map_err(|e| format!("could not parse values file into rnode: {e}"))?
                    .into_iter()
                    .next()
                    .flatten()
                    .unwrap_or_else(|| crate::yaml::value::to_node(&Value::Map(Vec::new())));
                let inline_node = crate::yaml::value::to_node(inline);
                let schemas = crate::kustomize::openapi::Schemas::builtin();
                let out = if mode == "merge" {
                    crate::kustomize::patch::smp::merge(&file_node, &inline_node, schemas)
                } else {
                    crate::kustomize::patch::smp::merge(&inline_node, &file_node, schemas)
                }
                .map_err(|e| format!("could not merge values: {e}"))?;
                match out {
                    Some(n) => crate::yaml::to_json_value(&n).map_err(|e| format!("could not parse merged values into map: {e}"))?,
                    None => Value::Map(Vec::new()),
                }
            }
            _ => return Err("valuesMerge must be one of [merge override replace]".into()),
        };
        crate::yaml::to_yaml(&merged).map(String::into_bytes).map_err(|e| e.to_string())
    }
}

impl Generate for HelmChart {
    fn generate(&self, loader: &Loader) -> Result<Vec<Resource>, String> {
        if self.name.is_empty() {
            return Err("chart name cannot be empty".into());
        }
        let root = loader.root().to_path_buf();
        let home = self.abs_chart_home(&root);
        let chart_dir = home.join(&self.name);
        if !chart_dir.is_dir() {
            if self.repo.is_empty() {
                return Err(format!("no repo specified for pull, no chart found at '{}'", chart_dir.display()));
            }
            return Err(format!(
                "chart {} not found at '{}': krender does not download charts (no network); vendor it there (helm pull --untar --untardir {})",
                self.name,
                chart_dir.display(),
                home.display()
            ));
        }
        let mut additional = Vec::new();
        for f in &self.additional_values_files {
            loader.load(f).map_err(|e| format!("could not load additionalValuesFile: {}", e.0))?;
            additional.push(root.join(f));
        }
        let values = self.values(loader, &chart_dir)?;
        if self.release_name.is_empty() {
            // kustomize passes --generate-name: a random name, which would make the output
            // differ on every build.
            return Err(format!("helm chart {}: releaseName is empty, and helm would generate a random one (--generate-name); set releaseName", self.name));
        }
        // One directory per inflation: builds of one process run in parallel (render-all).
        static SEQ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("krender-helm-{}-{seq}-{}", std::process::id(), self.name));
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create tmp dir to write helm values: {e}"))?;
        let values_path = dir.join(format!("{}-kustomize-values.yaml", self.name));
        std::fs::write(&values_path, &values).map_err(|e| format!("failed to write values file: {e}"))?;
        let mut files = vec![values_path];
        files.extend(additional);
        let t = crate::source::helm::HelmTemplate {
            chart_dir,
            release_name: self.release_name.clone(),
            name_template: self.name_template.clone(),
            namespace: self.namespace.clone(),
            kube_version: self.kube_version.clone(),
            api_versions: self.api_versions.clone(),
            values: files,
            include_crds: self.include_crds,
            skip_tests: self.skip_tests,
            no_hooks: self.skip_hooks,
            ..Default::default()
        };
        let out = crate::source::helm::template(&t);
        let _ = std::fs::remove_dir_all(&dir);
        let out = out?;
        let nodes = crate::resource::read::objects_from_bytes(out.as_bytes()).map_err(|e| format!("error reading helm output: {e}"))?;
        Ok(nodes.into_iter().map(Resource::new).collect())
    }

    fn describe(&self) -> String {
        format!("HelmChartInflationGenerator {}", self.name)
    }
}
