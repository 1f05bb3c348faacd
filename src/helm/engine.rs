//! Rendering a chart's templates as Helm's engine does (`pkg/engine/engine.go`): one template
//! set named `gotpl` with `missingkey=zero`, every template parsed (deepest paths first, then
//! in reverse name order, so later definitions of a name win as in Helm), every non-partial
//! template executed with the chart's top-level object, `<no value>` removed from the output.

use super::capabilities::Capabilities;
use super::chart::Chart;
use super::files::new_files;
use super::values::{coalesce, load_values};
use crate::gotmpl::{map_of, Error, FuncMap, Method, MissingKey, NamedType, Template, Type, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

/// `common.Values`: `.` and `.Values` have this type (`map[string]interface {}` underneath).
pub static VALUES_TYPE: NamedType = NamedType {
    name: "common.Values",
    underlying: Type::AnyMap,
    methods: &[
        Method { name: "AsMap", sig: "func() map[string]interface {}", call: values_as_map },
        Method { name: "YAML", sig: "func() (string, error)", call: values_yaml },
    ],
};

fn values_as_map(recv: &Value, _: &[Value]) -> Result<Value, Error> {
    Ok(recv.retype(Type::AnyMap))
}

fn values_yaml(recv: &Value, _: &[Value]) -> Result<Value, Error> {
    let j = crate::sprig::json::to_json_value(recv).map_err(Error::msg)?;
    crate::yaml::to_yaml(&j).map(Value::from).map_err(|e| Error::msg(e.to_string()))
}

/// The release a chart is rendered for.
#[derive(Debug, Clone)]
pub struct ReleaseOptions {
    pub name: String,
    pub namespace: String,
    pub revision: i64,
    pub is_install: bool,
    pub is_upgrade: bool,
}

impl Default for ReleaseOptions {
    fn default() -> ReleaseOptions {
        ReleaseOptions { name: "release-name".into(), namespace: "default".into(), revision: 1, is_install: true, is_upgrade: false }
    }
}

/// How to render.
#[derive(Debug, Default)]
pub struct RenderOptions {
    pub release: ReleaseOptions,
    /// Helm's `--strict` rendering (`missingkey=error`).
    pub strict: bool,
    pub capabilities: Capabilities,
}

/// Every function a Helm template can call: Sprig's and Helm's.
pub fn helm_func_map() -> FuncMap {
    thread_local! {
        static BASE: FuncMap = {
            let mut f = crate::sprig::func_map();
            super::funcs::register(&mut f);
            f
        };
    }
    let mut f = BASE.with(FuncMap::clone);
    super::funcs::register_render_state(&mut f);
    f
}

/// Helm's template order: more `/` first, then reverse lexical order.
pub fn sort_templates(names: &mut [String]) {
    names.sort_by(|a, b| {
        let (ca, cb) = (a.matches('/').count(), b.matches('/').count());
        cb.cmp(&ca).then_with(|| b.cmp(a))
    });
}

/// Renders every template of `chart` with `user_values` coalesced over its defaults; returns
/// the output of each non-partial template by path (`CHART/templates/FILE`), or Helm's error.
pub fn render(chart: &Chart, user_values: &Value, opts: &RenderOptions) -> Result<BTreeMap<String, String>, String> {
    let defaults = match &chart.values_yaml {
        Some(data) => load_values(data).map_err(|e| format!("cannot load values.yaml: {e}"))?,
        None => Value::empty_map(),
    };
    let values = coalesce(&defaults, user_values, Type::Named(&VALUES_TYPE));
    let r = &opts.release;
    let release = map_of([
        ("Name", Value::from(r.name.as_str())),
        ("Namespace", Value::from(r.namespace.as_str())),
        ("IsUpgrade", Value::Bool(r.is_upgrade)),
        ("IsInstall", Value::Bool(r.is_install)),
        ("Revision", Value::int(r.revision)),
        ("Service", Value::from("Helm")),
    ]);
    let caps = Capabilities {
        kube_version: opts.capabilities.kube_version.clone(),
        api_versions: opts.capabilities.api_versions.clone(),
        helm_version: opts.capabilities.helm_version.clone(),
    };
    let top = map_of([
        ("Chart", chart.metadata_value(true)),
        ("Files", new_files(chart.files.iter().cloned())),
        ("Release", release),
        ("Capabilities", Value::Object(Rc::new(caps))),
        ("Values", values),
        ("Subcharts", Value::empty_map()),
    ])
    .retype(Type::Named(&VALUES_TYPE));
    let missing_key = if opts.strict { MissingKey::Error } else { MissingKey::Zero };
    let set = Template::with_missing_key("gotpl", helm_func_map(), missing_key);
    let mut sources: BTreeMap<String, &str> = BTreeMap::new();
    for (name, text) in &chart.templates {
        sources.insert(format!("{}/{}", chart.name(), name), text);
    }
    let mut keys: Vec<String> = sources.keys().cloned().collect();
    sort_templates(&mut keys);
    for k in &keys {
        set.parse(k, sources[k.as_str()]).map_err(|e| super::errors::parse_error(k, &e))?;
    }
    let base_path = format!("{}/templates", chart.name());
    let mut out = BTreeMap::new();
    for k in &keys {
        if crate::sprig::paths::base(k).starts_with('_') {
            continue;
        }
        if let Value::Map(m) = &top {
            m.insert("Template", map_of([("Name", Value::from(k.as_str())), ("BasePath", Value::from(base_path.as_str()))]).retype(Type::Named(&VALUES_TYPE)));
        }
        let text = set.execute(k, &top).map_err(|e| super::errors::exec_error(k, &e))?;
        out.insert(k.clone(), text.replace("<no value>", ""));
    }
    Ok(out)
}
