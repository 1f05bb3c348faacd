//! Validation errors as santhosh-tekuri/jsonschema v6 builds and prints them: a tree of errors
//! (groups for several errors of one schema, references that show only when they hold several
//! causes), each `at '<instance pointer>': <message>`, the messages in the library's words.

use super::compile::escape_token;
use super::number::{fmt_float, fmt_int, Dec};
use crate::sprig::jsonread::Json;

#[derive(Debug, Clone)]
pub enum Kind {
    /// The top: `jsonschema validation failed with '<schema location>'`.
    Schema(String),
    Format {
        got: String,
        name: &'static str,
        reason: String,
    },
    Group,
    Reference,
    FalseSchema,
    RefCycle,
    InvalidJson(String),
    Type {
        got: &'static str,
        want: Vec<&'static str>,
    },
    Enum(Vec<Json>),
    Const(Json),
    MinProperties(i64, i64),
    MaxProperties(i64, i64),
    Required(Vec<String>),
    Dependency(String, Vec<String>),
    DependentRequired(String, Vec<String>),
    AdditionalProperties(Vec<String>),
    PropertyNames(String),
    MinItems(i64, i64),
    MaxItems(i64, i64),
    UniqueItems(usize, usize),
    AdditionalItems(usize),
    Contains,
    MinContains(Vec<usize>, i64),
    MaxContains(Vec<usize>, i64),
    MinLength(i64, i64),
    MaxLength(i64, i64),
    Pattern(String, String),
    Minimum(Dec, Dec),
    Maximum(Dec, Dec),
    ExclusiveMinimum(Dec, Dec),
    ExclusiveMaximum(Dec, Dec),
    MultipleOf(Dec, Dec),
    Not,
    AllOf,
    AnyOf,
    OneOf(Option<(usize, usize)>),
}

/// The library's `quote`: Go's `%q` in single quotes.
pub fn squote(s: &str) -> String {
    let q = crate::gotmpl::quote::quote(s);
    let inner = &q[1..q.len() - 1];
    format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
}

fn join_quoted(items: &[String]) -> String {
    items.iter().map(|s| squote(s)).collect::<Vec<_>>().join(", ")
}

/// `display` of an enum/const value.
pub fn display(v: &Json) -> String {
    match v {
        Json::String(s) => squote(s),
        Json::Array(_) | Json::Object(_) => "value".into(),
        Json::Null => "<nil>".into(),
        Json::Bool(b) => b.to_string(),
        Json::Number(f) => crate::golang::strconv::format_float_g(*f),
    }
}

impl Kind {
    pub fn message(&self) -> String {
        let f = |d: &Dec| fmt_float(d.to_f64());
        let n = |i: &i64| fmt_int(*i);
        match self {
            Kind::Schema(loc) => format!("jsonschema validation failed with {}", squote(loc)),
            Kind::Format { got, name, reason } => format!("{got} is not valid {name}: {reason}"),
            Kind::Group | Kind::Reference => "validation failed".into(),
            Kind::FalseSchema => "false schema".into(),
            Kind::RefCycle => "reference cycle".into(),
            Kind::InvalidJson(t) => format!("invalid jsonType {t}"),
            Kind::Type { got, want } => format!("got {got}, want {}", want.join(" or ")),
            Kind::Enum(want) => {
                if want.iter().any(|w| matches!(w, Json::Array(_) | Json::Object(_))) {
                    "'enum' failed".into()
                } else if want.len() == 1 {
                    format!("value must be {}", display(&want[0]))
                } else {
                    format!("value must be one of {}", want.iter().map(display).collect::<Vec<_>>().join(", "))
                }
            }
            Kind::Const(want) => match want {
                Json::Array(_) | Json::Object(_) => "'const' failed".into(),
                w => format!("value must be {}", display(w)),
            },
            Kind::MinProperties(g, w) => format!("minProperties: got {}, want {}", n(g), n(w)),
            Kind::MaxProperties(g, w) => format!("maxProperties: got {}, want {}", n(g), n(w)),
            Kind::Required(m) => {
                if m.len() == 1 {
                    format!("missing property {}", squote(&m[0]))
                } else {
                    format!("missing properties {}", join_quoted(m))
                }
            }
            Kind::Dependency(p, m) | Kind::DependentRequired(p, m) => format!("properties {} required, if {} exists", join_quoted(m), squote(p)),
            Kind::AdditionalProperties(p) => format!("additional properties {} not allowed", join_quoted(p)),
            Kind::PropertyNames(p) => format!("invalid propertyName {}", squote(p)),
            Kind::MinItems(g, w) => format!("minItems: got {}, want {}", n(g), n(w)),
            Kind::MaxItems(g, w) => format!("maxItems: got {}, want {}", n(g), n(w)),
            Kind::UniqueItems(i, j) => format!("items at {} and {} are equal", fmt_int(*i as i64), fmt_int(*j as i64)),
            Kind::AdditionalItems(c) => format!("last {} additionalItem(s) not allowed", fmt_int(*c as i64)),
            Kind::Contains => "no items match contains schema".into(),
            Kind::MinContains(got, w) => {
                if got.is_empty() {
                    format!("min {} items required to match contains schema, but none matched", n(w))
                } else {
                    let at = got.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(" ");
                    format!("min {} items required to match contains schema, but matched {} items at {at}", n(w), fmt_int(got.len() as i64))
                }
            }
            Kind::MaxContains(got, w) => {
                let at = got.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(" ");
                format!("max {} items required to match contains schema, but matched {} items at {at}", n(w), fmt_int(got.len() as i64))
            }
            Kind::MinLength(g, w) => format!("minLength: got {}, want {}", n(g), n(w)),
            Kind::MaxLength(g, w) => format!("maxLength: got {}, want {}", n(g), n(w)),
            Kind::Pattern(g, w) => format!("{} does not match pattern {}", squote(g), squote(w)),
            Kind::Minimum(g, w) => format!("minimum: got {}, want {}", f(g), f(w)),
            Kind::Maximum(g, w) => format!("maximum: got {}, want {}", f(g), f(w)),
            Kind::ExclusiveMinimum(g, w) => format!("exclusiveMinimum: got {}, want {}", f(g), f(w)),
            Kind::ExclusiveMaximum(g, w) => format!("exclusiveMaximum: got {}, want {}", f(g), f(w)),
            Kind::MultipleOf(g, w) => format!("multipleOf: got {}, want {}", f(g), f(w)),
            Kind::Not => "'not' failed".into(),
            Kind::AllOf => "'allOf' failed".into(),
            Kind::AnyOf => "'anyOf' failed".into(),
            Kind::OneOf(None) => "'oneOf' failed, none matched".into(),
            Kind::OneOf(Some((a, b))) => format!("'oneOf' failed, subschemas {}, {} matched", fmt_int(*a as i64), fmt_int(*b as i64)),
        }
    }
}

#[derive(Debug, Clone)]
pub struct VErr {
    pub inst: Vec<String>,
    pub kind: Box<Kind>,
    pub causes: Vec<VErr>,
}

impl VErr {
    fn skip(&self) -> bool {
        self.causes.len() == 1 && matches!(*self.kind, Kind::Reference)
    }

    pub fn display(&self, out: &mut String, indent: usize) {
        let mut indent = indent;
        if !self.skip() {
            if indent > 0 {
                out.push('\n');
                for _ in 0..indent - 1 {
                    out.push_str("  ");
                }
                out.push_str("- ");
            }
            indent += 1;
            if let Kind::Schema(_) = *self.kind {
                out.push_str(&self.kind.message());
            } else {
                let ptr: String = self.inst.iter().map(|t| format!("/{}", escape_token(t))).collect();
                out.push_str(&format!("at {}: {}", squote(&ptr), self.kind.message()));
            }
        }
        for c in &self.causes {
            c.display(out, indent);
        }
    }
}
