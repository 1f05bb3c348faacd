//! Chart dependencies as `helm template` processes them (`pkg/chart/v2/util/dependencies.go`
//! and the install command's `CheckDependencies`):
//!
//! - every `Chart.yaml` dependency must have a chart of that name under `charts/`;
//! - a vendored subchart matches a dependency by name and version range (a dependency without
//!   a version, or whose range the subchart's version is outside of, leaves the subchart as it
//!   is, unaliased); `alias` renames a copy of the subchart (one copy per alias);
//! - `tags` (any tag true enables, else any false disables) then `condition` (comma-separated
//!   paths, the first one holding a boolean decides) enable or drop subcharts, looked up in
//!   the values coalesced at that level, recursively;
//! - `import-values` (`{child, parent}` tables or `exports.` names) copy values from children
//!   up into the parent's values, children first, parent values winning.

use super::chart::{Chart, Dependency};
use super::coalesce::{coalesce_values, merge_tables, merge_values, table};
use super::kubeversion::is_compatible_range;
use super::log::{log, Level};
use crate::gotmpl::{Map, Type, Value};
use std::rc::Rc;

/// `action.CheckDependencies`: every dependency of `Chart.yaml` has a chart under `charts/`.
pub fn check_dependencies(chart: &Chart) -> Result<(), String> {
    let missing: Vec<&str> =
        chart.metadata.dependencies.iter().filter(|r| !chart.dependencies.iter().any(|d| d.name() == r.name)).map(|r| r.name.as_str()).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("found in Chart.yaml, but missing in charts/ directory: {}", missing.join(", ")))
    }
}

/// What `helm dependency build` (which, without a `Chart.lock`, updates) leaves under `charts/`
/// for the dependencies missing there whose repository is `file://PATH`: the chart at PATH
/// (relative to the chart directory), when its version satisfies the dependency's range.
/// Dependencies from other repositories stay missing (nothing is downloaded).
pub fn add_local_dependencies(chart: &mut Chart, chart_dir: &std::path::Path) -> Result<(), String> {
    let missing: Vec<Dependency> =
        chart.metadata.dependencies.iter().filter(|r| !chart.dependencies.iter().any(|d| d.name() == r.name)).cloned().collect();
    for dep in missing {
        let Some(rel) = dep.repository.strip_prefix("file://") else { continue };
        let dir = chart_dir.join(rel);
        let sub = super::loader::load(&dir).map_err(|e| format!("directory {} not found: {e}", dir.display()))?;
        if !dep.version.is_empty() && !is_compatible_range(&dep.version, &sub.metadata.version) {
            return Err(format!("can't get a valid version for 1 subchart(s): \"{}\" (repository \"{}\", version \"{}\")", dep.name, dep.repository, dep.version));
        }
        if chart.dependencies.iter().any(|d| d.name() == sub.name()) {
            continue;
        }
        chart.dependencies.push(sub);
    }
    Ok(())
}

/// `ProcessDependencies(chart, values)`: enables/disables/aliases subcharts, then imports
/// values.
pub fn process_dependencies(chart: &mut Chart, values: &Value) -> Result<(), String> {
    process_enabled(chart, values, "")?;
    process_import_values_tree(chart)
}

/// `Values.Table(path)`: the table at a dotted path.
pub fn values_table(v: &Rc<Map>, path: &str) -> Result<Rc<Map>, String> {
    let mut t = v.clone();
    for part in path.split('.') {
        let next = match t.get(part) {
            Some(Value::Map(m)) if m.ty == Type::AnyMap || matches!(m.ty, Type::Named(_)) => m.clone(),
            _ => return Err(format!("{} is not a table", crate::gotmpl::quote::quote(part))),
        };
        t = next;
    }
    Ok(t)
}

/// `Values.PathValue(path)`: `Ok(Some(v))` for a non-table value, `Ok(None)` for `ErrNoValue`.
fn path_value(v: &Rc<Map>, path: &str) -> Result<Option<Value>, String> {
    if path.is_empty() {
        return Err("YAML path cannot be empty".into());
    }
    let (table_path, key) = match path.rsplit_once('.') {
        Some((t, k)) => (Some(t), k),
        None => (None, path),
    };
    let t = match table_path {
        None => v.clone(),
        Some(p) => match values_table(v, p) {
            Ok(t) => t,
            Err(_) => return Ok(None),
        },
    };
    match t.get(key) {
        Some(x) if table(&x).is_none() => Ok(Some(x)),
        _ => Ok(None),
    }
}

/// `getAliasDependency`: the first chart named as `dep` whose version is in its range.
fn alias_match(charts: &[Chart], dep: &Dependency) -> Option<usize> {
    charts.iter().position(|c| c.name() == dep.name && is_compatible_range(&dep.version, &c.metadata.version))
}

fn process_tags(reqs: &mut [Dependency], cvals: &Rc<Map>) {
    let Ok(vt) = values_table(cvals, "tags") else { return };
    for r in reqs.iter_mut() {
        let (mut has_true, mut has_false) = (false, false);
        for k in &r.tags {
            if let Some(b) = vt.get(k) {
                match b {
                    Value::Bool(true) => has_true = true,
                    Value::Bool(false) => has_false = true,
                    _ => log(Level::Warn, "returned non-bool value", &[("tag", k), ("chart", &r.name)]),
                }
            }
        }
        if !has_true && has_false {
            r.enabled = false;
        } else if has_true || !has_false {
            r.enabled = true;
        }
    }
}

fn process_conditions(reqs: &mut [Dependency], cvals: &Rc<Map>, cpath: &str) {
    for r in reqs.iter_mut() {
        let cond = r.condition.trim().to_string();
        for c in cond.split(',') {
            if c.is_empty() {
                continue;
            }
            match path_value(cvals, &format!("{cpath}{c}")) {
                Ok(Some(Value::Bool(b))) => {
                    r.enabled = b;
                    break;
                }
                Ok(Some(_)) => log(Level::Warn, "returned non-bool value", &[("path", c), ("chart", &r.name)]),
                Ok(None) => {}
                Err(e) => log(Level::Warn, "the method PathValue returned error", &[("error", &e)]),
            }
        }
    }
}

/// `processDependencyEnabled`.
fn process_enabled(c: &mut Chart, v: &Value, path: &str) -> Result<(), String> {
    if c.metadata.dependencies.is_empty() {
        return Ok(());
    }
    // Charts no dependency names stay as they are; each dependency gets its own copy of the chart
    // it names (renamed to its alias). Charts are moved rather than copied where they are used
    // once.
    let existing = std::mem::take(&mut c.dependencies);
    let kept: Vec<bool> = existing
        .iter()
        .map(|e| !c.metadata.dependencies.iter().any(|req| e.name() == req.name && is_compatible_range(&req.version, &e.metadata.version)))
        .collect();
    let matches: Vec<Option<usize>> = c.metadata.dependencies.iter().map(|req| alias_match(&existing, req)).collect();
    let mut uses = vec![0usize; existing.len()];
    for i in matches.iter().flatten() {
        uses[*i] += 1;
    }
    let mut slots: Vec<Option<Chart>> = existing.into_iter().map(Some).collect();
    let mut chart_deps: Vec<Chart> = Vec::new();
    for (i, keep) in kept.iter().enumerate() {
        if *keep {
            let chart = if uses[i] == 0 { slots[i].take() } else { slots[i].clone() };
            chart_deps.extend(chart);
        }
    }
    for (req, m) in c.metadata.dependencies.iter_mut().zip(&matches) {
        if let Some(i) = *m {
            uses[i] -= 1;
            let mut copy = if uses[i] == 0 { slots[i].take() } else { slots[i].clone() }.expect("a matched chart is present");
            if !req.alias.is_empty() {
                copy.metadata.name = req.alias.clone();
            }
            chart_deps.push(copy);
        }
        if !req.alias.is_empty() {
            req.name = req.alias.clone();
        }
    }
    c.dependencies = chart_deps;
    for r in c.metadata.dependencies.iter_mut() {
        r.enabled = true;
    }
    let cvals = coalesce_values(c, v)?;
    process_tags(&mut c.metadata.dependencies, &cvals);
    process_conditions(&mut c.metadata.dependencies, &cvals, path);
    let removed: Vec<String> = c.metadata.dependencies.iter().filter(|r| !r.enabled).map(|r| r.name.clone()).collect();
    c.dependencies.retain(|d| !removed.iter().any(|n| n == d.name()));
    c.metadata.dependencies.retain(|r| !removed.contains(&r.name));
    let cvals = Value::Map(cvals);
    for t in c.dependencies.iter_mut() {
        let sub_path = format!("{path}{}.", t.name());
        process_enabled(t, &cvals, &sub_path)?;
    }
    Ok(())
}

/// `processDependencyImportValues(c, merge = true)`: children first.
fn process_import_values_tree(c: &mut Chart) -> Result<(), String> {
    for d in c.dependencies.iter_mut() {
        process_import_values_tree(d)?;
    }
    process_import_values(c)
}

/// `pathToMap`: `data` nested under the dotted `path` (`.` is the top).
fn path_to_map(path: &str, data: Rc<Map>) -> Rc<Map> {
    if path == "." {
        return data;
    }
    let mut cur = data;
    for part in path.split('.').rev() {
        let m = Map::new(Type::AnyMap, Default::default());
        m.insert(part, Value::Map(cur));
        cur = Rc::new(m);
    }
    cur
}

fn string_map(pairs: [(&str, String); 2]) -> Value {
    Value::typed_map(Type::StringMap, pairs.into_iter().map(|(k, v)| (k.into(), Value::from(v))).collect())
}

/// `processImportValues(c, merge = true)`.
fn process_import_values(c: &mut Chart) -> Result<(), String> {
    if c.metadata.dependencies.is_empty() {
        return Ok(());
    }
    let cvals = merge_values(c, &Value::Nil)?;
    let b = Rc::new(Map::new(Type::AnyMap, Default::default()));
    for r in c.metadata.dependencies.iter_mut() {
        let mut outiv = Vec::new();
        for riv in &r.import_values {
            match riv {
                Value::Map(iv) if iv.ty == Type::AnyMap => {
                    let text = |k: &str| crate::gotmpl::fmt::print_one(&iv.get(k).unwrap_or(Value::Nil));
                    let (child, parent) = (text("child"), text("parent"));
                    outiv.push(string_map([("child", child.clone()), ("parent", parent.clone())]));
                    match values_table(&cvals, &format!("{}.{child}", r.name)) {
                        Ok(vv) => merge_tables(&b, &path_to_map(&parent, vv)),
                        Err(e) => log(Level::Warn, "ImportValues missing table from chart", &[("chart", &r.name), ("error", &e)]),
                    }
                }
                Value::String(iv) => {
                    let child = format!("exports.{iv}");
                    outiv.push(string_map([("child", child.clone()), ("parent", ".".to_string())]));
                    match values_table(&cvals, &format!("{}.{child}", r.name)) {
                        Ok(vm) => merge_tables(&b, &vm),
                        Err(e) => log(Level::Warn, "ImportValues missing table", &[("error", &e)]),
                    }
                }
                _ => {}
            }
        }
        r.import_values = outiv;
    }
    let cvals = super::coalesce::copy_values(&Value::Map(cvals));
    merge_tables(&cvals, &b);
    c.values = Some(Value::Map(cvals));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_dependencies() {
        let mut c = Chart::default();
        c.metadata.dependencies =
            vec![Dependency { name: "a".into(), ..Dependency::default() }, Dependency { name: "b".into(), ..Dependency::default() }];
        let mut sub = Chart::default();
        sub.metadata.name = "a".into();
        c.dependencies.push(sub);
        assert_eq!(check_dependencies(&c).unwrap_err(), "found in Chart.yaml, but missing in charts/ directory: b");
    }
}
