//! `krender template [NAME] CHART` — `helm template` (so far: `--templates-json`, each template
//! as Helm's engine renders it).

use super::Failure;
use clap::Args;
use krender::gotmpl::Value;
use krender::helm::{self, Chart, ReleaseOptions, RenderOptions};
use std::io::Write;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct TemplateArgs {
    /// Release name (default `release-name`) and chart directory.
    #[arg(required = true, num_args = 1..=2)]
    pub args: Vec<String>,
    /// Namespace of the release.
    #[arg(short = 'n', long = "namespace", default_value = "default")]
    pub namespace: String,
    /// Values files (YAML or JSON), merged in order over the chart's values.yaml.
    #[arg(short = 'f', long = "values")]
    pub values: Vec<PathBuf>,
    /// Print one JSON object {template path: rendered text}, as Helm's engine returns them.
    #[arg(long = "templates-json")]
    pub templates_json: bool,
}

/// Rendering runs on its own thread (the engine grows its stack further when templates nest
/// deeply, see `krender::gotmpl::deep`).
const RENDER_STACK: usize = 64 << 20;

pub fn run(args: TemplateArgs) -> Result<(), Failure> {
    let (name, chart_dir) = match args.args.as_slice() {
        [chart] => ("release-name".to_string(), PathBuf::from(chart)),
        [name, chart] => (name.clone(), PathBuf::from(chart)),
        _ => return Err(Failure("expected [NAME] CHART".into())),
    };
    if !args.templates_json {
        return Err(Failure("krender template: only --templates-json output is implemented so far".into()));
    }
    let namespace = args.namespace.clone();
    let value_files = args.values.clone();
    let json = std::thread::Builder::new()
        .stack_size(RENDER_STACK)
        .spawn(move || -> Result<String, String> {
            let mut user = std::collections::BTreeMap::new();
            for f in &value_files {
                let data = std::fs::read(f).map_err(|e| format!("open {}: {e}", f.display()))?;
                let v = helm::values::load_values(&data).map_err(|e| format!("failed to parse {}: {e}", f.display()))?;
                if let Value::Map(m) = v {
                    user = helm::values::merge_maps(user, m.entries().clone());
                }
            }
            let chart = Chart::load_dir(&chart_dir)?;
            let opts = RenderOptions { release: ReleaseOptions { name, namespace, ..ReleaseOptions::default() }, ..RenderOptions::default() };
            let rendered = helm::render(&chart, &Value::map(user), &opts)?;
            let obj = Value::map(rendered.into_iter().map(|(k, v)| (k.into(), Value::from(v))).collect());
            krender::sprig::json::marshal(&obj)
        })
        .map_err(|e| Failure(e.to_string()))?
        .join()
        .map_err(|_| Failure("rendering panicked".into()))?
        .map_err(Failure)?;
    let mut out = std::io::stdout().lock();
    out.write_all(json.as_bytes()).and_then(|_| out.write_all(b"\n")).and_then(|_| out.flush()).map_err(|e| Failure(e.to_string()))
}
