//! Helm's log lines on stderr: `log/slog`'s text handler without the time
//! (`level=WARN msg="this chart is deprecated"`), collected while a command runs and written
//! before its output or its error, as Helm prints them first.

use std::cell::RefCell;

thread_local! {
    static LINES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// A log level as slog prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Level::Info => "INFO",
            Level::Warn => "WARN",
            Level::Error => "ERROR",
        }
    }
}

/// slog's `needsQuoting`: empty, or a space, `=`, `"`, a control character, or a non-printable
/// or space rune.
fn needs_quoting(s: &str) -> bool {
    s.is_empty()
        || s.chars().any(|c| {
            if c.is_ascii() {
                c != '\\' && (c == ' ' || c == '=' || c == '"' || c.is_ascii_control())
            } else {
                c == '\u{FFFD}' || c.is_whitespace() || !crate::gotmpl::quote::is_print(c)
            }
        })
}

fn value(s: &str) -> String {
    if needs_quoting(s) {
        crate::gotmpl::quote::quote(s)
    } else {
        s.to_string()
    }
}

/// One log record as the text handler formats it.
pub fn format(level: Level, msg: &str, attrs: &[(&str, &str)]) -> String {
    let mut line = format!("level={} msg={}", level.name(), value(msg));
    for (k, v) in attrs {
        line.push(' ');
        line.push_str(&value(k));
        line.push('=');
        line.push_str(&value(v));
    }
    line
}

/// Records a log line.
pub fn log(level: Level, msg: &str, attrs: &[(&str, &str)]) {
    let line = format(level, msg, attrs);
    LINES.with(|l| l.borrow_mut().push(line));
}

/// Takes the lines recorded so far (each without its newline).
pub fn take() -> Vec<String> {
    LINES.with(|l| std::mem::take(&mut *l.borrow_mut()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slog_text() {
        // As the reference Helm printed them (corpus case jiralert__release-name-invalid).
        assert_eq!(
            format(Level::Error, "release name check failed", &[("error", "release name \"Bad_Name\": invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53")]),
            "level=ERROR msg=\"release name check failed\" error=\"release name \\\"Bad_Name\\\": invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53\""
        );
        assert_eq!(
            format(Level::Info, "skipping unknown hooks", &[("hookTypes", "pre-instal")]),
            "level=INFO msg=\"skipping unknown hooks\" hookTypes=pre-instal"
        );
        assert_eq!(format(Level::Warn, "x", &[("path", ""), ("a", "b\\c")]), "level=WARN msg=x path=\"\" a=b\\c");
        log(Level::Warn, "this chart is deprecated", &[]);
        assert_eq!(take(), vec!["level=WARN msg=\"this chart is deprecated\"".to_string()]);
        assert!(take().is_empty());
    }
}
