//! Rendering a chart's templates as Helm's engine does (`pkg/engine/engine.go`): one template
//! set named `gotpl` with `missingkey=zero`, every template parsed (deepest paths first, then
//! in reverse name order, so later definitions of a name win as in Helm), every non-partial
//! template executed with the chart's top-level object, `<no value>` removed from the output.

use super::capabilities::Capabilities;
use super::chart::Chart;
use super::files::new_files;
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
    // each name's depth is counted once (counting it in the comparison took 0.5 ms for the 264
    // templates of kube-prometheus-stack)
    let depth = |s: &str| s.bytes().filter(|&b| b == b'/').count();
    names.sort_by_cached_key(|n| std::cmp::Reverse((depth(n), n.clone())));
}

/// Renders every template of `chart` with `user_values` coalesced over its defaults, after
/// processing its dependencies (what Helm's render path does); returns the output of each
/// non-partial template by path (`CHART/templates/FILE`), or Helm's error.
pub fn render(chart: &Chart, user_values: &Value, opts: &RenderOptions) -> Result<BTreeMap<String, String>, String> {
    let mut chart = chart.clone();
    super::deps::process_dependencies(&mut chart, user_values)?;
    let values = super::coalesce::coalesce_values(&chart, user_values)?;
    render_values(&chart, &Value::Map(values), opts)
}

/// A template to execute: its text, the top-level object of its chart, its chart's base path.
struct Renderable<'a> {
    text: &'a std::sync::Arc<str>,
    top: Value,
    base_path: String,
}

/// `recAllTpls`: every template of `chart` and its subcharts, each with its chart's top-level
/// object (`.Values` the chart's own table of the parent's values); returns that object.
fn collect<'a>(chart: &'a Chart, parent: &Value, full_path: &str, is_root: bool, out: &mut BTreeMap<String, Renderable<'a>>) -> Value {
    let pm = parent.as_map().expect("the top-level object is a map");
    let subcharts = Value::empty_map();
    let values = if is_root {
        pm.get("Values").unwrap_or_else(Value::empty_map)
    } else {
        match pm.get("Values").as_ref().and_then(Value::as_map).and_then(|v| v.get(chart.name())) {
            Some(Value::Map(m)) if m.ty == Type::AnyMap || matches!(m.ty, Type::Named(_)) => Value::Map(m),
            _ => Value::empty_map(),
        }
    }
    .retype(Type::Named(&VALUES_TYPE));
    let next = map_of([
        ("Chart", chart.metadata_value(is_root)),
        ("Files", new_files(chart.files.iter().cloned())),
        ("Release", pm.get("Release").unwrap_or(Value::Nil)),
        ("Capabilities", pm.get("Capabilities").unwrap_or(Value::Nil)),
        ("Values", values),
        ("Subcharts", subcharts.clone()),
    ]);
    for child in &chart.dependencies {
        let child_path = format!("{full_path}/charts/{}", child.name());
        let v = collect(child, &next, &child_path, false, out);
        if let Value::Map(m) = &subcharts {
            m.insert(child.name(), v);
        }
    }
    let library = chart.is_library();
    for (name, text) in &chart.templates {
        if library && !crate::sprig::paths::base(name).starts_with('_') {
            continue;
        }
        out.insert(format!("{full_path}/{name}"), Renderable { text, top: next.clone(), base_path: format!("{full_path}/templates") });
    }
    next
}

/// Renders every template of `chart` and its subcharts with `values`, the coalesced values of
/// the chart (`CoalesceValues`), as Helm's engine does.
pub fn render_values(chart: &Chart, values: &Value, opts: &RenderOptions) -> Result<BTreeMap<String, String>, String> {
    render_values_with(chart, values, opts, &mut |_, _| {}, None)
}

/// [`render_values`], handing each rendered file to `rendered` (name, text) as soon as it is
/// done, while the next ones execute.
pub fn render_values_with(
    chart: &Chart,
    values: &Value,
    opts: &RenderOptions,
    rendered: &mut dyn FnMut(&str, &str),
    early: Option<super::early_parse::EarlyParse>,
) -> Result<BTreeMap<String, String>, String> {
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
        ("Capabilities", Value::Object(Rc::new(caps))),
        ("Release", release),
        ("Values", values.retype(Type::Named(&VALUES_TYPE))),
    ]);
    let mut tpls = BTreeMap::new();
    collect(chart, &top, chart.name(), true, &mut tpls);
    let missing_key = if opts.strict { MissingKey::Error } else { MissingKey::Zero };
    let set = Template::with_missing_key("gotpl", helm_func_map(), missing_key);
    let span = crate::kustomize::timing::span(|| "helm: parse templates".into());
    let mut keys: Vec<String> = tpls.keys().cloned().collect();
    sort_templates(&mut keys);
    // with the templates parsed in the background, execution starts once the definitions are in
    let feed = match early {
        Some(early) => Some(super::feed::Feed::start(&set, early, keys.iter().map(|k| (k.clone(), tpls[k.as_str()].text.clone())).collect())),
        None => {
            let texts: Vec<(&str, &str)> = keys.iter().map(|k| (k.as_str(), &**tpls[k.as_str()].text)).collect();
            set.parse_all(&texts).map_err(|(k, e)| super::errors::parse_error(k, &e))?;
            None
        }
    };
    let parse_failure = |feed: &super::feed::Feed| feed.finish().map_err(|(k, e)| super::errors::parse_error(&k, &e));
    drop(span);
    let _span = crate::kustomize::timing::span(|| "helm: execute templates".into());
    let mut out = BTreeMap::new();
    for k in &keys {
        if crate::sprig::paths::base(k).starts_with('_') {
            continue;
        }
        if let Some(feed) = &feed {
            feed.add(k);
            if feed.failed() {
                parse_failure(feed)?;
            }
        }
        let r = &tpls[k.as_str()];
        if let Value::Map(m) = &r.top {
            m.insert("Template", map_of([("Name", Value::from(k.as_str())), ("BasePath", Value::from(r.base_path.as_str()))]).retype(Type::Named(&VALUES_TYPE)));
        }
        let text = match set.execute(k, &r.top.retype(Type::Named(&VALUES_TYPE))) {
            Ok(text) => text,
            Err(e) => {
                // a parse error of a text not added yet comes first
                if let Some(feed) = &feed {
                    parse_failure(feed)?;
                }
                return Err(super::errors::exec_error(k, &e));
            }
        };
        let text = if text.contains("<no value>") { text.replace("<no value>", "") } else { text };
        rendered(k, &text);
        out.insert(k.clone(), text);
    }
    if let Some(feed) = &feed {
        parse_failure(feed)?;
    }
    super::release((set, tpls));
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn templates_sort_deepest_first_then_reverse_lexical() {
        let mut names: Vec<String> =
            ["c/templates/a.yaml", "c/charts/s/templates/b.yaml", "c/templates/b.yaml", "c/charts/s/templates/_h.tpl", "c/charts/t/templates/a.yaml", "c/templates/x/a.yaml"]
                .map(String::from)
                .to_vec();
        super::sort_templates(&mut names);
        assert_eq!(
            names,
            ["c/charts/t/templates/a.yaml", "c/charts/s/templates/b.yaml", "c/charts/s/templates/_h.tpl", "c/templates/x/a.yaml", "c/templates/b.yaml", "c/templates/a.yaml"]
        );
    }
}
