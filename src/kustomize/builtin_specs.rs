//! kustomize's builtin transformer configuration as a flat table (`schema/fieldspecs.tsv`), read
//! at start-up without the YAML parser. The table is `schema/fieldspecs.yaml` (the document
//! kustomize's `GetDefaultFieldSpecs()` joins) already parsed and sorted by
//! [`TransformerConfig::from_bytes`]; a test keeps the two in step and rewrites the table when
//! `KRENDER_REGEN=1` is set.
//!
//! One line per spec, tab-separated:
//! - `F field group version kind create path` — a field spec of a transformer (`create` is 0/1);
//! - `N group version kind` — starts a `nameReference` entry (the referred-to type);
//! - `R group version kind create path` — a referrer of the last `N`.

use super::config::{NameBackReferences, TransformerConfig};
use super::fieldspec::FieldSpec;
use crate::resource::Gvk;

/// The transformer lists by their kustomization field names, in table order.
fn lists(t: &TransformerConfig) -> [(&'static str, &Vec<FieldSpec>); 10] {
    [
        ("namePrefix", &t.name_prefix),
        ("nameSuffix", &t.name_suffix),
        ("namespace", &t.namespace),
        ("commonLabels", &t.common_labels),
        ("labels", &t.labels),
        ("templateLabels", &t.template_labels),
        ("commonAnnotations", &t.common_annotations),
        ("varReference", &t.var_reference),
        ("images", &t.images),
        ("replicas", &t.replicas),
    ]
}

fn list_mut<'a>(t: &'a mut TransformerConfig, field: &str) -> Option<&'a mut Vec<FieldSpec>> {
    Some(match field {
        "namePrefix" => &mut t.name_prefix,
        "nameSuffix" => &mut t.name_suffix,
        "namespace" => &mut t.namespace,
        "commonLabels" => &mut t.common_labels,
        "labels" => &mut t.labels,
        "templateLabels" => &mut t.template_labels,
        "commonAnnotations" => &mut t.common_annotations,
        "varReference" => &mut t.var_reference,
        "images" => &mut t.images,
        "replicas" => &mut t.replicas,
        _ => return None,
    })
}

/// Reads the table; `Err` names the first line that is not one of the three shapes.
pub fn from_table(text: &str) -> Result<TransformerConfig, String> {
    let mut t = TransformerConfig::default();
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let bad = || format!("fieldspecs table line {}: {line:?}", n + 1);
        let gvk = |at: usize| Gvk::new(f[at], f[at + 1], f[at + 2]);
        let spec = |at: usize| FieldSpec { gvk: gvk(at), create: f[at + 3] == "1", path: f[at + 4].to_string() };
        match (f[0], f.len()) {
            ("F", 7) => list_mut(&mut t, f[1]).ok_or_else(bad)?.push(spec(2)),
            ("N", 4) => t.name_reference.push(NameBackReferences { gvk: gvk(1), referrers: Vec::new() }),
            ("R", 6) => t.name_reference.last_mut().ok_or_else(bad)?.referrers.push(spec(1)),
            _ => return Err(bad()),
        }
    }
    Ok(t)
}

/// Writes a configuration as the table (the inverse of [`from_table`]).
pub fn to_table(t: &TransformerConfig) -> String {
    let spec = |s: &FieldSpec| format!("{}\t{}\t{}\t{}\t{}", s.gvk.group, s.gvk.version, s.gvk.kind, u8::from(s.create), s.path);
    let mut out = String::from("# kustomize's builtin field specs, parsed and sorted: schema/fieldspecs.yaml as a table (see src/kustomize/builtin_specs.rs)\n");
    for (field, specs) in lists(t) {
        for s in specs {
            out.push_str(&format!("F\t{field}\t{}\n", spec(s)));
        }
    }
    for nbr in &t.name_reference {
        out.push_str(&format!("N\t{}\t{}\t{}\n", nbr.gvk.group, nbr.gvk.version, nbr.gvk.kind));
        for s in &nbr.referrers {
            out.push_str(&format!("R\t{}\n", spec(s)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = include_str!("../../schema/fieldspecs.yaml");
    const TABLE_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/fieldspecs.tsv");

    #[test]
    fn table_is_the_parsed_yaml() {
        let parsed = TransformerConfig::from_bytes(YAML.as_bytes()).unwrap();
        let want = to_table(&parsed);
        let have = std::fs::read_to_string(TABLE_PATH).unwrap_or_default();
        if have != want {
            if std::env::var_os("KRENDER_REGEN").is_some() {
                std::fs::write(TABLE_PATH, &want).unwrap();
            } else {
                panic!("schema/fieldspecs.tsv is stale: run `KRENDER_REGEN=1 cargo test --lib builtin_specs`");
            }
        }
        assert_eq!(from_table(&want).unwrap(), parsed);
    }

    #[test]
    fn bad_lines_are_named() {
        assert_eq!(from_table("F\tbogus\t\t\t\t0\tx\n").unwrap_err(), "fieldspecs table line 1: \"F\\tbogus\\t\\t\\t\\t0\\tx\"");
        assert!(from_table("R\t\t\tKind\t0\tpath\n").is_err());
        assert!(from_table("X\n").is_err());
    }
}
