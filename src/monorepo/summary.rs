//! A run's summary: plain lines for stderr, or JSON with per-app timing.

use super::render_all::{source_name, Report, Status};
use crate::yaml::value::Value;

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Ok => "ok",
        Status::Failed => "failed",
        Status::Skipped => "skipped",
    }
}

/// Failures, skips and notes, one per line, then a total line.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    for n in &report.notes {
        out.push_str(&format!("note: {}\n", n.0));
    }
    // The same warning from many apps (a deprecated field in a shared base) is printed once.
    let mut warnings: Vec<(&str, Vec<&str>)> = Vec::new();
    for a in &report.apps {
        for w in &a.warnings {
            match warnings.iter_mut().find(|(t, _)| *t == w.as_str()) {
                Some((_, ids)) => ids.push(&a.app.id),
                None => warnings.push((w, vec![&a.app.id])),
            }
        }
    }
    for (w, ids) in &warnings {
        let more = if ids.len() > 1 { format!(" (and {} more apps)", ids.len() - 1) } else { String::new() };
        out.push_str(&format!("warning: {}{more}: {w}\n", ids[0]));
    }
    for a in &report.apps {
        match a.status {
            Status::Failed => out.push_str(&format!("FAILED {}: {}\n", a.app.id, a.error.as_deref().unwrap_or(""))),
            Status::Skipped => out.push_str(&format!("skipped {}: {}\n", a.app.id, a.error.as_deref().unwrap_or(""))),
            Status::Ok => {}
        }
    }
    let ok = report.apps.iter().filter(|a| a.status == Status::Ok).count();
    let skipped = report.apps.iter().filter(|a| a.status == Status::Skipped).count();
    let resources: usize = report.apps.iter().map(|a| a.resources).sum();
    out.push_str(&format!(
        "rendered {ok} of {} apps ({resources} resources), {} failed, {skipped} skipped, in {:.0} ms with {} jobs\n",
        report.apps.len(),
        report.failed(),
        report.millis,
        report.jobs
    ));
    out
}

fn ms(v: f64) -> Value {
    Value::Float((v * 1000.0).round() / 1000.0)
}

/// `{"root", "millis", "jobs", "apps": [{"id", "dir", "source", "status", "resources", "millis", "error"?}], "counts"}`.
pub fn json(report: &Report) -> String {
    let apps = report
        .apps
        .iter()
        .map(|a| {
            let mut m = vec![
                ("id".to_string(), Value::Str(a.app.id.clone())),
                ("dir".to_string(), Value::Str(a.app.dir.clone())),
                ("source".to_string(), Value::Str(source_name(&a.app.source).into())),
                ("status".to_string(), Value::Str(status_name(a.status).into())),
                ("resources".to_string(), Value::Int(a.resources as i64)),
                ("millis".to_string(), ms(a.millis)),
            ];
            if let Some(e) = &a.error {
                m.push(("error".to_string(), Value::Str(e.clone())));
            }
            if !a.app.declared_in.is_empty() {
                m.push(("declaredIn".to_string(), Value::Seq(a.app.declared_in.iter().map(|s| Value::Str(s.clone())).collect())));
            }
            if !a.warnings.is_empty() {
                m.push(("warnings".to_string(), Value::Seq(a.warnings.iter().map(|s| Value::Str(s.clone())).collect())));
            }
            Value::Map(m)
        })
        .collect();
    let count = |s: Status| Value::Int(report.apps.iter().filter(|a| a.status == s).count() as i64);
    let v = Value::Map(vec![
        ("root".to_string(), Value::Str(report.root.display().to_string())),
        ("millis".to_string(), ms(report.millis)),
        ("jobs".to_string(), Value::Int(report.jobs as i64)),
        ("cacheHits".to_string(), Value::Int(report.cache_hits as i64)),
        ("baseHits".to_string(), Value::Int(report.base_hits as i64)),
        ("apps".to_string(), Value::Seq(apps)),
        ("counts".to_string(), Value::Map(vec![
            ("ok".to_string(), count(Status::Ok)),
            ("failed".to_string(), count(Status::Failed)),
            ("skipped".to_string(), count(Status::Skipped)),
        ])),
        ("notes".to_string(), Value::Seq(report.notes.iter().map(|n| Value::Str(n.0.clone())).collect())),
    ]);
    let mut s = crate::yaml::json::to_json_indent(&v, "  ").unwrap_or_default();
    s.push('\n');
    s
}
