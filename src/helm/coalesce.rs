//! Helm's values coalescing (`pkg/chart/common/util/coalesce.go`) over a chart and its
//! subcharts: user values over the chart's defaults, parent values over a subchart's (the
//! subchart's table `values[<subchart name>]`), `global` copied down into every subchart, maps
//! merged and everything else replaced.
//!
//! `CoalesceValues` (merge = false) drops keys set to `null` by a higher level and nulls left in
//! defaults; `MergeValues` (merge = true, used for `import-values`) keeps nulls. Conflicts are
//! logged as Helm logs them (`log.Printf`, shown as `level=INFO msg="warning: ..."`), in key
//! order (Helm's order is Go's random map order).
//!
//! Maps are Go maps here too: shared and changed in place, with the same aliasing as in Helm
//! (globals are copied shallowly, so nested global tables are shared between charts).

use super::chart::Chart;
use super::log::{log, Level};
use crate::gotmpl::{Map, Str, Type, Value};
use crate::sprig::defaults::deep_copy;
use std::rc::Rc;

/// The key of the values shared with every subchart.
pub const GLOBAL_KEY: &str = "global";

fn printf(msg: String) {
    log(Level::Info, &msg, &[]);
}

fn concat_prefix(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}.{b}")
    }
}

/// `istable`: a `map[string]interface {}`.
pub fn table(v: &Value) -> Option<&Rc<Map>> {
    match v {
        Value::Map(m) if m.ty == Type::AnyMap => Some(m),
        _ => None,
    }
}

fn new_table() -> Rc<Map> {
    Rc::new(Map::new(Type::AnyMap, Default::default()))
}

fn fmt_v(v: &Value) -> String {
    crate::gotmpl::fmt::print_one(v)
}

/// A deep copy of a values map as a fresh `map[string]interface {}` (`copystructure.Copy`;
/// nil becomes an empty map).
pub fn copy_values(v: &Value) -> Rc<Map> {
    match deep_copy(v) {
        Value::Map(m) if !m.nil => Rc::new(m.retyped(Type::AnyMap)),
        _ => new_table(),
    }
}

/// `CoalesceValues(chart, vals)`.
pub fn coalesce_values(chart: &Chart, vals: &Value) -> Result<Rc<Map>, String> {
    let dest = copy_values(vals);
    coalesce(chart, dest, "", false)
}

/// `MergeValues(chart, vals)`.
pub fn merge_values(chart: &Chart, vals: &Value) -> Result<Rc<Map>, String> {
    let dest = copy_values(vals);
    coalesce(chart, dest, "", true)
}

fn coalesce(chart: &Chart, dest: Rc<Map>, prefix: &str, merge: bool) -> Result<Rc<Map>, String> {
    coalesce_values_of(chart, &dest, prefix, merge)?;
    coalesce_deps(chart, dest, prefix, merge)
}

fn coalesce_deps(chart: &Chart, dest: Rc<Map>, prefix: &str, merge: bool) -> Result<Rc<Map>, String> {
    for sub in &chart.dependencies {
        let name = sub.name();
        match dest.get(name) {
            None => dest.insert(name, Value::Map(new_table())),
            Some(c) if table(&c).is_none() => {
                return Err(format!("type mismatch on {name}: {}", crate::gotmpl::fmt::sprintf("%t", &[c])));
            }
            Some(_) => {}
        }
        let Some(Value::Map(dv)) = dest.get(name) else { continue };
        let sub_prefix = concat_prefix(prefix, chart.name());
        coalesce_globals(&dv, &dest, &sub_prefix);
        let out = coalesce(sub, dv, &sub_prefix, merge)?;
        dest.insert(name, Value::Map(out));
    }
    Ok(dest)
}

/// `coalesceGlobals`: `src`'s globals copied into `dest`'s.
fn coalesce_globals(dest: &Rc<Map>, src: &Rc<Map>, prefix: &str) {
    let dg = match dest.get(GLOBAL_KEY) {
        None => new_table(),
        Some(v) => match table(&v) {
            Some(m) => m.clone(),
            None => {
                printf(format!("warning: skipping globals because destination {GLOBAL_KEY} is not a table."));
                return;
            }
        },
    };
    let sg = match src.get(GLOBAL_KEY) {
        None => new_table(),
        Some(v) => match table(&v) {
            Some(m) => m.clone(),
            None => {
                printf(format!("warning: skipping globals because source {GLOBAL_KEY} is not a table."));
                return;
            }
        },
    };
    let entries: Vec<(Str, Value)> = sg.entries().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    for (key, val) in entries {
        if let Some(vt) = table(&val) {
            let vv = Rc::new(Map::new(Type::AnyMap, vt.entries().clone()));
            match dg.get(&key) {
                None => dg.insert(key, Value::Map(vv)),
                Some(destv) => match table(&destv) {
                    None => printf(format!("Conflict: cannot merge map onto non-map for {}. Skipping.", crate::gotmpl::quote::quote(&key))),
                    Some(destvmap) => {
                        let sub_prefix = concat_prefix(prefix, &key);
                        coalesce_tables_full_key(&vv, destvmap, &sub_prefix, true);
                        dg.insert(key, Value::Map(vv));
                    }
                },
            }
        } else if dg.get(&key).is_some_and(|dv| table(&dv).is_some()) {
            printf(format!("key {key} is table. Skipping"));
        } else {
            dg.insert(key, val);
        }
    }
    dest.insert(GLOBAL_KEY, Value::Map(dg));
}

/// `coalesceValues`: the chart's own values under `v`.
fn coalesce_values_of(chart: &Chart, v: &Rc<Map>, prefix: &str, merge: bool) -> Result<(), String> {
    let sub_prefix = concat_prefix(prefix, chart.name());
    let vc = copy_values(&chart.default_values()?);
    let entries: Vec<(Str, Value)> = vc.entries().iter().map(|(k, x)| (k.clone(), x.clone())).collect();
    for (key, val) in entries {
        match v.get(&key) {
            Some(value) => {
                if value.is_nil() && !merge {
                    v.remove(&key);
                } else if let Some(dest) = table(&value) {
                    match table(&val) {
                        None => {
                            if !val.is_nil() {
                                printf(format!("warning: skipped value for {sub_prefix}.{key}: Not a table."));
                            }
                        }
                        Some(src) => {
                            let merge = merge || chart.dependencies.iter().any(|d| d.name() == &*key);
                            if !merge {
                                clean_nil_values(src);
                            }
                            coalesce_tables_full_key(dest, src, &concat_prefix(&sub_prefix, &key), merge);
                        }
                    }
                }
            }
            None => {
                if !merge {
                    if val.is_nil() {
                        continue;
                    }
                    if let Some(sub) = table(&val) {
                        clean_nil_values(sub);
                    }
                }
                v.insert(key, val);
            }
        }
    }
    Ok(())
}

/// `CoalesceTables(dst, src)`: `dst` wins; nulls in `dst` delete.
pub fn coalesce_tables(dst: &Rc<Map>, src: &Rc<Map>) {
    coalesce_tables_full_key(dst, src, "", false);
}

/// `MergeTables(dst, src)`: `dst` wins; nulls are kept.
pub fn merge_tables(dst: &Rc<Map>, src: &Rc<Map>) {
    coalesce_tables_full_key(dst, src, "", true);
}

fn coalesce_tables_full_key(dst: &Rc<Map>, src: &Rc<Map>, prefix: &str, merge: bool) {
    // `dst`'s nulls, each with whether `src` had a non-null value under that key (those are
    // deleted from `dst` when coalescing); the nulls are copied into `src` first, as Helm does
    let dst_nils: Vec<(Str, bool)> =
        dst.entries().iter().filter(|(_, v)| v.is_nil()).map(|(k, _)| (k.clone(), src.get(k).is_some_and(|v| !v.is_nil()))).collect();
    for (k, _) in &dst_nils {
        src.insert(k.clone(), Value::Nil);
    }
    let entries: Vec<(Str, Value)> = src.entries().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    for (key, val) in entries {
        // the key's full path, only for messages and nested tables
        let full_key = || concat_prefix(prefix, &key);
        match dst.get(&key) {
            Some(Value::Nil) if !merge && dst_nils.iter().any(|(k, src_non_nil)| *src_non_nil && *k == key) => {
                dst.remove(&key);
            }
            None => dst.insert(key, val),
            Some(dv) => {
                if let Some(vt) = table(&val) {
                    match table(&dv) {
                        Some(dt) => coalesce_tables_full_key(dt, vt, &full_key(), merge),
                        None => printf(format!("warning: cannot overwrite table with non table for {} ({})", full_key(), fmt_v(&val))),
                    }
                } else if table(&dv).is_some() && !val.is_nil() {
                    printf(format!("warning: destination for {} is a table. Ignoring non-table value ({})", full_key(), fmt_v(&val)));
                }
            }
        }
    }
}

/// `cleanNilValues`: nulls removed, recursively through tables.
pub(super) fn clean_nil_values(m: &Map) {
    let keys: Vec<Str> = m.entries().keys().cloned().collect();
    for k in keys {
        match m.get(&k) {
            Some(Value::Nil) => {
                m.remove(&k);
            }
            Some(v) => {
                if let Some(sub) = table(&v) {
                    clean_nil_values(sub);
                }
            }
            None => {}
        }
    }
}

#[cfg(test)]
#[path = "coalesce_tests.rs"]
mod tests;
