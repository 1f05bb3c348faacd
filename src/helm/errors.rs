//! Helm's rewriting of template errors (`cleanupParseError`, `reformatExecErrorMsg` in
//! `pkg/engine/engine.go`): parse errors become `parse error at (FILE:LINE): msg`; `fail` and
//! `required` become `execution error at (FILE:LINE:COL): msg`; other execution errors become a
//! multi-line trace of every template in the error chain, or stay as Go wrote them when the
//! chain holds an error Helm cannot parse (an error returned by a function).

use super::funcs::{WARN_END, WARN_START};
use crate::gotmpl::Error;

/// `cleanupParseError`.
pub fn parse_error(filename: &str, err: &Error) -> String {
    let tokens: Vec<&str> = err.text.split(": ").collect();
    if tokens.len() == 1 {
        return format!("parse error in ({filename}): {}", err.text);
    }
    format!("parse error at ({}): {}", tokens[1], tokens[tokens.len() - 1])
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Traceable {
    location: String,
    message: String,
    executed_function: String,
}

impl Traceable {
    fn render(&self, out: &mut String) {
        if !self.location.is_empty() {
            out.push_str(&self.location);
            out.push_str("\n  ");
        }
        if !self.executed_function.is_empty() {
            out.push_str(&self.executed_function);
            out.push_str("\n    ");
        }
        if !self.message.is_empty() {
            out.push_str(&self.message);
            out.push('\n');
        }
    }
}

fn cut_template(msg: &str) -> &str {
    match msg.find(" template:") {
        Some(i) => &msg[..i],
        None => msg,
    }
}

fn parse_executing(remainder: &str) -> Option<Traceable> {
    let (template_name, after) = remainder.split_once(": executing ")?;
    let after = after.strip_prefix('"')?;
    let end = after.find('"')?;
    let function_name = &after[..end];
    let after_at = after[end + 1..].strip_prefix(" at <")?;
    let (location, msg) = after_at.split_once(">: ")?;
    Some(Traceable {
        location: template_name.to_string(),
        message: cut_template(msg).to_string(),
        executed_function: format!("executing \"{function_name}\" at <{location}>:"),
    })
}

/// `parseTemplateExecErrorString`.
fn parse_trace(s: &str) -> Option<Traceable> {
    let remainder = s.strip_prefix("template: ")?;
    if remainder.starts_with("no template ") {
        return Some(Traceable { message: s.to_string(), ..Traceable::default() });
    }
    if let Some(t) = parse_executing(remainder) {
        return Some(t);
    }
    let sep = remainder.rfind(": ")?;
    Some(Traceable { location: remainder[..sep].to_string(), message: cut_template(&remainder[sep + 2..]).to_string(), ..Traceable::default() })
}

/// `reformatExecErrorMsg`.
pub fn exec_error(filename: &str, err: &Error) -> String {
    if !err.has_exec_error() {
        return err.text.clone();
    }
    let tokens: Vec<&str> = err.text.splitn(3, ": ").collect();
    if tokens.len() != 3 {
        return format!("execution error in ({filename}): {}", err.text);
    }
    let location = tokens[1];
    if let (Some(start), Some(end)) = (tokens[2].find(WARN_START), tokens[2].rfind(WARN_END)) {
        let from = start + WARN_START.len();
        if from <= end {
            return format!("execution error at ({location}): {}", &tokens[2][from..end]);
        }
    }
    let mut traces: Vec<Traceable> = Vec::new();
    for e in err.chain() {
        match parse_trace(&e.text) {
            Some(t) => {
                if traces.last() != Some(&t) {
                    traces.push(t);
                }
            }
            None => return err.text.clone(),
        }
    }
    let mut out = String::new();
    for t in &traces {
        t.render(&mut out);
    }
    out.trim().to_string()
}
