//! The report as JSON: `{"base", "head", "changedPaths", "appsTotal", "appsAffected", "differs",
//! "failed", "apps": [{"app", "status", "error"?, "resources": [{"group", "kind", "namespace",
//! "name", "change", "diff"}]}]}` (`diff` is the unified diff of the resource).

use super::Report;
use crate::yaml::value::Value;

fn s(v: &str) -> Value {
    Value::Str(v.to_string())
}

pub fn report(r: &Report) -> String {
    let apps = r
        .apps
        .iter()
        .map(|a| {
            let resources = a
                .resources
                .iter()
                .map(|res| {
                    Value::Map(vec![
                        ("group".into(), s(&res.key.group)),
                        ("kind".into(), s(&res.key.kind)),
                        ("namespace".into(), s(&res.key.namespace)),
                        ("name".into(), s(&res.key.name)),
                        ("change".into(), s(res.change.name())),
                        ("diff".into(), Value::Str(super::unified::hunks(&res.base, &res.head, 3))),
                    ])
                })
                .collect();
            let mut m = vec![("app".into(), s(&a.id)), ("status".into(), s(a.status.name())), ("resources".into(), Value::Seq(resources))];
            if let Some(e) = &a.error {
                m.push(("error".into(), s(e)));
            }
            Value::Map(m)
        })
        .collect();
    let v = Value::Map(vec![
        ("base".into(), s(&r.base)),
        ("head".into(), s(&r.head)),
        ("changedPaths".into(), Value::Int(r.changed_paths as i64)),
        ("appsTotal".into(), Value::Int(r.apps_total as i64)),
        ("appsAffected".into(), Value::Int(r.apps_affected as i64)),
        ("differs".into(), Value::Bool(r.differs())),
        ("failed".into(), Value::Bool(r.failed())),
        ("apps".into(), Value::Seq(apps)),
    ]);
    let mut out = crate::yaml::json::to_json_indent(&v, "  ").unwrap_or_default();
    out.push('\n');
    out
}
