//! The report as markdown for a pull-request comment or a job summary: a summary table, then each
//! app's diff folded in `<details>`, the whole capped at 65,536 characters (GitHub's limit for a
//! comment): apps that do not fit are named in a closing line instead.

use super::resource::Change;
use super::{AppDiff, AppStatus, Report};

pub const LIMIT: usize = 65_536;

fn code(s: &str) -> String {
    format!("<code>{}</code>", html(s))
}

fn html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('|', "&#124;")
}

fn counts(a: &AppDiff) -> String {
    format!("+{} −{} ~{}", a.count(Change::Added), a.count(Change::Removed), a.count(Change::Changed))
}

/// A fence longer than any run of backticks in `text`.
fn fence(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat((longest + 1).max(3))
}

fn section(a: &AppDiff) -> String {
    let mut body = String::new();
    if let Some(e) = &a.error {
        body.push_str(&format!("{}\n\n", html(e)));
    }
    let mut diff = String::new();
    for r in &a.resources {
        diff.push_str(&super::unified::resource(&a.id, r));
    }
    if !diff.is_empty() {
        let f = fence(&diff);
        body.push_str(&format!("{f}diff\n{diff}{f}\n"));
    }
    let open = if a.status == AppStatus::Failed { " open" } else { "" };
    format!("<details{open}><summary>{} — {} ({})</summary>\n\n{body}\n</details>\n\n", code(&a.id), a.status.name(), counts(a))
}

fn len(s: &str) -> usize {
    s.chars().count()
}

/// The markdown, at most `limit` characters.
pub fn report(r: &Report, limit: usize) -> String {
    let changed = r.apps.iter().filter(|a| a.status != AppStatus::Failed).count();
    let failed = r.apps.len() - changed;
    let total = |c: Change| r.apps.iter().map(|a| a.count(c)).sum::<usize>();
    let mut head = format!("### krender diff `{}`…`{}`\n\n", r.base.replace('`', "'"), r.head.replace('`', "'"));
    if r.apps.is_empty() {
        head.push_str(&format!("No rendered manifest changes ({} changed files, {} apps).\n", r.changed_paths, r.apps_total));
        return head;
    }
    head.push_str(&format!(
        "**{changed}** app(s) changed, **{failed}** failed: {} resource(s) added, {} removed, {} changed ({} of {} apps affected by {} changed files).\n\n",
        total(Change::Added),
        total(Change::Removed),
        total(Change::Changed),
        r.apps_affected,
        r.apps_total,
        r.changed_paths
    ));
    let tail_reserve = 400;
    let mut out = head;
    out.push_str("| App | Status | Added | Removed | Changed |\n|---|---|---:|---:|---:|\n");
    let mut rows_cut = 0;
    for a in &r.apps {
        let row = format!(
            "| {} | {} | {} | {} | {} |\n",
            code(&a.id),
            a.status.name(),
            a.count(Change::Added),
            a.count(Change::Removed),
            a.count(Change::Changed)
        );
        if len(&out) + len(&row) + tail_reserve > limit / 2 {
            rows_cut += 1;
            continue;
        }
        out.push_str(&row);
    }
    if rows_cut > 0 {
        out.push_str(&format!("| … {rows_cut} more | | | | |\n"));
    }
    out.push('\n');
    let mut left_out = 0;
    for a in &r.apps {
        let s = section(a);
        if left_out > 0 || len(&out) + len(&s) + tail_reserve > limit {
            left_out += 1;
            continue;
        }
        out.push_str(&s);
    }
    if left_out > 0 {
        out.push_str(&format!(
            "_{left_out} more app diff(s) not shown: this comment is limited to {limit} characters. Run `krender diff {} {}` for all of them._\n",
            r.base.replace('`', "'"),
            r.head.replace('`', "'")
        ));
    }
    out
}
