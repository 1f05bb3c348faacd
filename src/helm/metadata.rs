//! `Chart.yaml` (and a v1 chart's `requirements.yaml`) decoded into Helm's `chart.Metadata` the
//! way `sigs.k8s.io/yaml.Unmarshal` does it, then validated as `Metadata.Validate` does.
//!
//! Decoding rules of `sigs.k8s.io/yaml` into a typed struct: YAML is read with go-yaml v2 rules
//! (`yes` is a boolean); a scalar whose target field is a string becomes that string (`1.0`
//! becomes `"1"`, float formatting at 32-bit precision; `yes` becomes `"true"`); keys match
//! fields exactly or case-insensitively, the last matching key wins; `null` leaves a field
//! unchanged; a value of the wrong JSON kind is `json: cannot unmarshal X into Go struct field
//! S.path of type T`, decoding continuing so that the first such error is reported.

use super::chart::{Dependency, Metadata};
use super::values::kind;
use crate::gotmpl::Value;
use crate::yaml::Value as J;
use std::collections::BTreeMap;

/// `strconv.FormatFloat(f, 'g', -1, 32)`.
pub fn format_float32_g(f: f64) -> String {
    let x = f as f32;
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    let s = format!("{:e}", x.abs());
    let (mant, exp) = s.split_once('e').expect("LowerExp has an exponent");
    let exp: i32 = exp.parse().expect("valid exponent");
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let neg = if x < 0.0 { "-" } else { "" };
    if !(-4..6).contains(&exp) {
        let rest = &digits[1..];
        let frac = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{neg}{}{frac}e{sign}{:02}", &digits[..1], exp.abs());
    }
    let dp = exp + 1;
    let (int, frac) = if dp <= 0 {
        ("0".to_string(), format!("{}{digits}", "0".repeat((-dp) as usize)))
    } else if dp as usize >= digits.len() {
        (format!("{digits}{}", "0".repeat(dp as usize - digits.len())), String::new())
    } else {
        (digits[..dp as usize].to_string(), digits[dp as usize..].to_string())
    };
    if frac.is_empty() {
        format!("{neg}{int}")
    } else {
        format!("{neg}{int}.{frac}")
    }
}


/// Collects the first decoding error, as `encoding/json` does.
#[derive(Default)]
pub struct Decoder {
    pub first_error: Option<String>,
}

impl Decoder {
    fn mismatch(&mut self, j: &J, strukt: &str, path: &str, ty: &str) {
        if self.first_error.is_none() {
            let msg = if strukt.is_empty() {
                format!("json: cannot unmarshal {} into Go value of type {ty}", kind(j))
            } else {
                format!("json: cannot unmarshal {} into Go struct field {strukt}.{path} of type {ty}", kind(j))
            };
            self.first_error = Some(msg);
        }
    }

    /// A string field: scalars become their text; `None` for null (field unchanged).
    pub fn string(&mut self, j: &J, strukt: &str, path: &str) -> Option<String> {
        match j {
            J::Null => None,
            J::Str(s) => Some(s.clone()),
            J::Bool(b) => Some(b.to_string()),
            J::Int(i) => Some(i.to_string()),
            J::Uint(u) => Some(u.to_string()),
            J::Float(f) => Some(match format_float32_g(*f).as_str() {
                "+Inf" => ".inf".into(),
                "-Inf" => "-.inf".into(),
                "NaN" => ".nan".into(),
                s => s.to_string(),
            }),
            other => {
                self.mismatch(other, strukt, path, "string");
                None
            }
        }
    }

    pub fn boolean(&mut self, j: &J, strukt: &str, path: &str) -> Option<bool> {
        match j {
            J::Null => None,
            J::Bool(b) => Some(*b),
            other => {
                self.mismatch(other, strukt, path, "bool");
                None
            }
        }
    }

    /// A `[]string` field (`None` for null: the slice becomes nil).
    pub fn strings(&mut self, j: &J, strukt: &str, path: &str) -> Option<Vec<String>> {
        match j {
            J::Null => Some(Vec::new()),
            J::Seq(items) => Some(items.iter().map(|i| self.string(i, strukt, path).unwrap_or_default()).collect()),
            other => {
                self.mismatch(other, strukt, path, "[]string");
                None
            }
        }
    }

    /// The entries of an object for a struct: each JSON key matched to one of `fields` exactly or
    /// case-insensitively (later keys win), in key order.
    pub fn fields<'a>(&mut self, j: &'a J, strukt: &str, path: &str, ty: &str, fields: &[&'static str]) -> Option<Vec<(&'static str, &'a J)>> {
        match j {
            J::Null => None,
            J::Map(entries) => {
                let mut out = Vec::new();
                for (k, v) in entries {
                    let f = fields.iter().find(|f| **f == k).or_else(|| fields.iter().find(|f| f.eq_ignore_ascii_case(k)));
                    if let Some(f) = f {
                        out.push((*f, v));
                    }
                }
                Some(out)
            }
            other => {
                self.mismatch(other, strukt, path, ty);
                None
            }
        }
    }
}

fn join(path: &str, f: &str) -> String {
    if path.is_empty() {
        f.to_string()
    } else {
        format!("{path}.{f}")
    }
}

const DEPENDENCY_FIELDS: &[&str] = &["name", "version", "repository", "condition", "tags", "enabled", "import-values", "alias"];

/// One `dependencies:` entry (`None` for a null entry).
fn dependency(d: &mut Decoder, j: &J, path: &str) -> Option<Dependency> {
    let fields = d.fields(j, "Metadata", path, "v2.Dependency", DEPENDENCY_FIELDS)?;
    let mut dep = Dependency::default();
    for (f, v) in fields {
        let p = join(path, f);
        match f {
            "name" => dep.name = d.string(v, "Dependency", &p).unwrap_or(dep.name),
            "version" => dep.version = d.string(v, "Dependency", &p).unwrap_or(dep.version),
            "repository" => dep.repository = d.string(v, "Dependency", &p).unwrap_or(dep.repository),
            "condition" => dep.condition = d.string(v, "Dependency", &p).unwrap_or(dep.condition),
            "alias" => dep.alias = d.string(v, "Dependency", &p).unwrap_or(dep.alias),
            "tags" => dep.tags = d.strings(v, "Dependency", &p).unwrap_or(dep.tags),
            "enabled" => dep.enabled = d.boolean(v, "Dependency", &p).unwrap_or(dep.enabled),
            _ => match v {
                J::Null => dep.import_values = Vec::new(),
                J::Seq(items) => dep.import_values = items.iter().map(crate::sprig::json::from_yaml_value).collect(),
                other => d.mismatch(other, "Dependency", &p, "[]interface {}"),
            },
        }
    }
    Some(dep)
}

const METADATA_FIELDS: &[&str] = &[
    "name",
    "home",
    "sources",
    "version",
    "description",
    "keywords",
    "maintainers",
    "icon",
    "apiVersion",
    "condition",
    "tags",
    "appVersion",
    "deprecated",
    "annotations",
    "kubeVersion",
    "dependencies",
    "type",
];

/// `yaml.Unmarshal(data, md)`: decodes `data` over `md` (fields absent from `data` keep their
/// value). The error is what `sigs.k8s.io/yaml` returns.
pub fn decode(data: &[u8], md: &mut Metadata) -> Result<(), String> {
    let node = crate::yaml::read::parse_first_v2(data).map_err(|e| format!("error converting YAML to JSON: {e}"))?;
    let j = match node {
        Some(n) => crate::yaml::value::yaml_to_json_value(&n).map_err(|e| format!("error converting YAML to JSON: {e}"))?,
        None => J::Null,
    };
    let mut d = Decoder::default();
    let fields = d.fields(&j, "", "", "v2.Metadata", METADATA_FIELDS).unwrap_or_default();
    let s = "Metadata";
    for (f, v) in fields {
        let set = |d: &mut Decoder, old: &mut String| {
            if let Some(x) = d.string(v, s, f) {
                *old = x;
            }
        };
        match f {
            "name" => set(&mut d, &mut md.name),
            "home" => set(&mut d, &mut md.home),
            "version" => set(&mut d, &mut md.version),
            "description" => set(&mut d, &mut md.description),
            "icon" => set(&mut d, &mut md.icon),
            "apiVersion" => set(&mut d, &mut md.api_version),
            "condition" => set(&mut d, &mut md.condition),
            "tags" => set(&mut d, &mut md.tags),
            "appVersion" => set(&mut d, &mut md.app_version),
            "kubeVersion" => set(&mut d, &mut md.kube_version),
            "type" => set(&mut d, &mut md.chart_type),
            "sources" => md.sources = d.strings(v, s, f).unwrap_or(std::mem::take(&mut md.sources)),
            "keywords" => md.keywords = d.strings(v, s, f).unwrap_or(std::mem::take(&mut md.keywords)),
            "deprecated" => md.deprecated = d.boolean(v, s, f).unwrap_or(md.deprecated),
            "annotations" => match v {
                J::Null => md.annotations = None,
                J::Map(entries) => {
                    let mut m = BTreeMap::new();
                    for (k, x) in entries {
                        let text = d.string(x, s, f).unwrap_or_default();
                        m.insert(k.clone(), text);
                    }
                    md.annotations = Some(m);
                }
                other => d.mismatch(other, s, f, "map[string]string"),
            },
            "maintainers" => match v {
                J::Null => md.maintainers = Vec::new(),
                J::Seq(items) => {
                    md.maintainers = Vec::new();
                    for item in items {
                        match d.fields(item, s, f, "v2.Maintainer", &["name", "email", "url"]) {
                            None => {
                                md.invalid.get_or_insert_with(|| "maintainers must not contain empty or null nodes".into());
                                md.maintainers.push(BTreeMap::new());
                            }
                            Some(fs) => {
                                let mut m: BTreeMap<String, String> =
                                    [("Name", ""), ("Email", ""), ("URL", "")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
                                for (mf, mv) in fs {
                                    let key = match mf {
                                        "name" => "Name",
                                        "email" => "Email",
                                        _ => "URL",
                                    };
                                    if let Some(x) = d.string(mv, "Maintainer", &join(f, mf)) {
                                        m.insert(key.into(), x);
                                    }
                                }
                                md.maintainers.push(m);
                            }
                        }
                    }
                }
                other => d.mismatch(other, s, f, "[]*v2.Maintainer"),
            },
            _ => match v {
                J::Null => md.dependencies = Vec::new(),
                J::Seq(items) => {
                    md.dependencies = Vec::new();
                    for item in items {
                        match dependency(&mut d, item, f) {
                            Some(dep) => md.dependencies.push(dep),
                            None => {
                                md.invalid.get_or_insert_with(|| "dependencies must not contain empty or null nodes".into());
                            }
                        }
                    }
                }
                other => d.mismatch(other, s, f, "[]*v2.Dependency"),
            },
        }
    }
    match d.first_error {
        Some(e) => Err(format!("error unmarshaling JSON: while decoding JSON: {e}")),
        None => Ok(()),
    }
}

/// `sanitizeString`: white space becomes a space, other non-printable runes are dropped.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            if c.is_whitespace() {
                Some(' ')
            } else if crate::gotmpl::quote::is_print(c) {
                Some(c)
            } else {
                None
            }
        })
        .collect()
}

/// `Metadata.Validate` (which also sanitizes the text fields in place): `validation: ...`.
pub fn validate(md: &mut Metadata) -> Result<(), String> {
    let v = |m: String| Err(format!("validation: {m}"));
    for f in
        [&mut md.name, &mut md.description, &mut md.home, &mut md.icon, &mut md.condition, &mut md.tags, &mut md.app_version, &mut md.kube_version]
    {
        *f = sanitize(f);
    }
    for f in md.sources.iter_mut().chain(md.keywords.iter_mut()) {
        *f = sanitize(f);
    }
    if md.api_version.is_empty() {
        return v("chart.metadata.apiVersion is required".into());
    }
    if md.name.is_empty() {
        return v("chart.metadata.name is required".into());
    }
    let q = crate::gotmpl::quote::quote;
    if md.name == "." || md.name == ".." {
        return v(format!("chart.metadata.name {} is not allowed", q(&md.name)));
    }
    if md.name.contains('/') {
        return v(format!("chart.metadata.name {} is invalid", q(&md.name)));
    }
    if md.version.is_empty() {
        return v("chart.metadata.version is required".into());
    }
    if !super::kubeversion::is_valid_semver(&md.version) {
        return v(format!("chart.metadata.version {} is invalid", q(&md.version)));
    }
    if !matches!(md.chart_type.as_str(), "" | "application" | "library") {
        return v("chart.metadata.type must be application or library".into());
    }
    if let Some(m) = &md.invalid {
        if m.starts_with("maintainers") {
            return v(m.clone());
        }
    }
    for m in md.maintainers.iter_mut() {
        for x in m.values_mut() {
            *x = sanitize(x);
        }
    }
    if let Some(m) = &md.invalid {
        return v(m.clone());
    }
    let mut seen = std::collections::HashSet::new();
    for d in md.dependencies.iter_mut() {
        d.name = sanitize(&d.name);
        d.version = sanitize(&d.version);
        d.repository = sanitize(&d.repository);
        d.condition = sanitize(&d.condition);
        for t in d.tags.iter_mut() {
            *t = sanitize(t);
        }
        if !d.alias.is_empty() && !d.alias.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            return v(format!("dependency {} has disallowed characters in the alias", q(&d.name)));
        }
        let key = if d.alias.is_empty() { d.name.clone() } else { d.alias.clone() };
        if !seen.insert(key.clone()) {
            return v(format!("more than one dependency with name or alias {}", q(&key)));
        }
    }
    Ok(())
}

/// `Dependency` as `structToMap` turns it into `.Chart.Dependencies` items.
pub fn dependency_value(d: &Dependency) -> Value {
    let s = |x: &str| Value::from(x);
    crate::gotmpl::map_of([
        ("Name", s(&d.name)),
        ("Version", s(&d.version)),
        ("Repository", s(&d.repository)),
        ("Condition", s(&d.condition)),
        ("Tags", Value::list(d.tags.iter().map(|t| s(t)).collect())),
        ("Enabled", Value::Bool(d.enabled)),
        ("ImportValues", Value::list(d.import_values.clone())),
        ("Alias", s(&d.alias)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float32_text() {
        assert_eq!(format_float32_g(1.0), "1");
        assert_eq!(format_float32_g(1.10), "1.1");
        assert_eq!(format_float32_g(123456789.0), "1.2345679e+08");
        assert_eq!(format_float32_g(0.0001), "0.0001");
        assert_eq!(format_float32_g(0.00001), "1e-05");
        assert_eq!(format_float32_g(-2.5), "-2.5");
    }

    #[test]
    fn chart_yaml_as_helm_decodes_it() {
        // Expected values from the reference Helm (`.Chart` of such a chart, or its error).
        let mut md = Metadata::default();
        decode(b"apiVersion: v2\nname: c\nversion: 1.0\nappVersion: 1.10\nkeywords: [1, true]\ndescription: yes\nkubeVersion: 123456789\n", &mut md)
            .unwrap();
        assert_eq!(
            (md.version.as_str(), md.app_version.as_str(), md.description.as_str(), md.kube_version.as_str()),
            ("1", "1.1", "true", "123456789")
        );
        assert_eq!(md.keywords, ["1", "true"]);
        let mut md = Metadata::default();
        decode(b"apiVersion: v2\nName: c\nVERSION: 1.0.0\nmaintainers: [{name: 5}]\n", &mut md).unwrap();
        assert_eq!((md.name.as_str(), md.version.as_str(), md.maintainers[0]["Name"].as_str()), ("c", "1.0.0", "5"));
        let mut md = Metadata::default();
        assert_eq!(
            decode(b"name: c\ndescription: [a]\n", &mut md).unwrap_err(),
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field Metadata.description of type string"
        );
        assert_eq!(
            decode(b"deprecated: \"yes\"\n", &mut md).unwrap_err(),
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field Metadata.deprecated of type bool"
        );
    }
}
