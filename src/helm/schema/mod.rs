//! `values.schema.json` validation as Helm v4 does it (`ValidateAgainstSchema`, on
//! santhosh-tekuri/jsonschema v6): each chart's schema is first checked against its draft's
//! metaschema, then against the chart's coalesced values, subcharts against their own table;
//! errors in that library's words (`- at '/replicas': got string, want integer`), nested under
//! `anyOf`/`allOf`/... as it nests them, numbers printed the way its English message printer
//! prints them (`1,000`, `1.5×10⁰⁶`).
//!
//! Supported: drafts 4, 6, 7, 2019-09 and 2020-12 (chosen by `$schema`; 2020-12 without one),
//! boolean schemas, `$ref` (JSON pointers, anchors, the metaschema documents; in drafts before
//! 2019 a `$ref` hides its siblings), `$dynamicRef`, `$recursiveRef`, `type`, `enum`, `const`,
//! `format` ([`format`]), the object, array, string and number keywords,
//! `not`/`allOf`/`anyOf`/`oneOf`, `if`/`then`/`else`, `dependencies`, `dependentRequired`,
//! `dependentSchemas`, `propertyNames`, `contains` (`minContains`/`maxContains`),
//! `prefixItems`. Not supported: `unevaluatedProperties`/`unevaluatedItems`, `$id`s of nested
//! schemas, custom vocabularies; a `$ref` to any document other than the schema itself and the
//! metaschemas is an error (krender loads nothing from files or the network).
//!
//! The library visits object properties in Go's random map order; here they are visited in key
//! order, so several errors come out sorted.

mod compile;
mod errors;
pub mod format;
mod metaschemas;
mod number;
mod validate;

use super::chart::Chart;
use crate::gotmpl::{Map, Type, Value};
use compile::{Compiler, ROOT_URL};
use errors::{Kind, VErr};
use std::rc::Rc;
use validate::{Scope, Validator};

/// `ValidateAgainstSingleSchema`: `Ok`, or the text Helm puts under the chart's name.
pub fn validate_single(values: &Value, schema_json: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(schema_json);
    let doc = crate::sprig::jsonread::parse(&text)?;
    if let crate::sprig::jsonread::Json::Object(o) = &doc {
        if let Some(crate::sprig::jsonread::Json::String(u)) = compile::get(o, "$schema") {
            if compile::draft_from_url(u).is_none() {
                return Err(format!("failing loading {}: krender only knows the JSON Schema drafts' metaschemas", crate::gotmpl::quote::quote(u)));
            }
        }
    }
    let as_value = crate::sprig::json::from_json_value(&doc);
    let mut c = Compiler::new();
    let user = c.add_doc(ROOT_URL, doc, 2020, false);
    // The schema against its draft's metaschema first.
    let meta_url = metaschemas::draft_url(c.docs[user].draft);
    let meta_doc =
        c.add_doc(meta_url, crate::sprig::jsonread::parse(metaschemas::text(meta_url).expect("embedded")).expect("valid JSON"), 2020, true);
    let meta_root = c.enqueue(meta_doc, String::new());
    c.compile_all()?;
    if let Err(e) = run(&c, meta_root, &as_value) {
        let top = VErr { inst: Vec::new(), kind: Box::new(Kind::Schema(format!("{meta_url}#"))), causes: e };
        let mut out = String::new();
        top.display(&mut out, 0);
        return Err(format!("{} is not valid against metaschema: {out}", crate::gotmpl::quote::quote(&format!("{ROOT_URL}#"))));
    }
    let root = c.enqueue(user, String::new());
    c.compile_all()?;
    match run(&c, root, values) {
        Ok(()) => Ok(()),
        Err(causes) => {
            let mut out = String::new();
            for c in &causes {
                c.display(&mut out, 1);
            }
            // The library's text starts with a "jsonschema validation failed" line, which Helm
            // strips; Helm adds a final newline.
            Err(format!("{}\n", out.trim_start_matches('\n')))
        }
    }
}

/// `Schema.Validate`: the causes of the top error (a group's causes, or the one error).
fn run(c: &Compiler, root: compile::SchemaId, v: &Value) -> Result<(), Vec<VErr>> {
    let vd = Validator { compiler: c };
    let scope = Scope { sch: root, vid: 0, parent: None };
    let mut inst = Vec::new();
    vd.validate(root, v, &mut inst, &scope).map_err(|e| if matches!(*e.kind, Kind::Group) { e.causes } else { vec![e] })
}

/// `ValidateAgainstSchema(chart, values)`: the chart's schema, then each subchart's against
/// its own table of `values`.
pub fn validate_against_schema(chart: &Chart, values: &Rc<Map>) -> Result<(), String> {
    let mut sb = String::new();
    if let Some(schema) = &chart.schema {
        if let Err(e) = validate_single(&Value::Map(values.clone()), schema) {
            sb.push_str(&format!("{}:\n{e}", chart.name()));
        }
    }
    for sub in &chart.dependencies {
        match values.get(sub.name()) {
            None | Some(Value::Nil) => {}
            Some(Value::Map(m)) if m.ty == Type::AnyMap => {
                if let Err(e) = validate_against_schema(sub, &m) {
                    sb.push_str(&e);
                }
            }
            Some(other) => sb.push_str(&format!("{}:\ninvalid type for values: expected object (map), got {}\n", sub.name(), other.type_name())),
        }
    }
    if sb.is_empty() {
        Ok(())
    } else {
        Err(sb)
    }
}

#[cfg(test)]
mod tests;
