//! Loading charts as Helm v4's `pkg/chart/loader` and `pkg/chart/v2/loader` do: a directory
//! (walked in name order, symbolic links followed, `.helmignore` applied, each file at most
//! 5 MiB, a UTF-8 BOM stripped) or a packaged `.tgz` ([`super::archive`]); then `LoadFiles`:
//! `Chart.yaml` first, then every file in order (`Chart.lock`, `values.yaml`,
//! `values.schema.json`, a v1 chart's `requirements.yaml`/`requirements.lock`, `templates/`,
//! `charts/` subcharts as directories or `.tgz`, other files for `.Files`), then validation,
//! then the subcharts, each loaded the same way.

use super::archive;
use super::chart::{Chart, Metadata};
use super::helmignore::Rules;
use super::log::{log, Level};
use super::values::ParsedValues;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::rc::Rc;

/// Go's text for an OS error (`open /x: no such file or directory`).
pub fn go_os_error(op: &str, path: &str, e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let text = match e.kind() {
        K::NotFound => "no such file or directory".to_string(),
        K::PermissionDenied => "permission denied".to_string(),
        K::IsADirectory => "is a directory".to_string(),
        K::NotADirectory => "not a directory".to_string(),
        _ => {
            let s = e.to_string();
            let s = s.split(" (os error").next().unwrap_or(&s).to_string();
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
                None => s,
            }
        }
    };
    format!("{op} {path}: {text}")
}

/// `filepath.Abs`.
fn abs(p: &Path) -> std::path::PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf())
    }
}

/// Go's `filepath.Clean` of an absolute path, as text.
fn clean_abs(p: &Path) -> String {
    archive::clean(&abs(p).to_string_lossy())
}

/// The `apiVersion` of a `Chart.yaml` (`chartBase`), with Helm's errors.
fn api_version(data: &[u8]) -> Result<String, String> {
    let node = crate::yaml::read::parse_first_v2(data).map_err(|e| format!("cannot load Chart.yaml: error converting YAML to JSON: {e}"))?;
    let j = match node {
        Some(n) => crate::yaml::value::yaml_to_json_value(&n).map_err(|e| format!("cannot load Chart.yaml: error converting YAML to JSON: {e}"))?,
        None => crate::yaml::Value::Null,
    };
    let mut d = super::metadata::Decoder::default();
    let mut version = String::new();
    if let Some(fields) = d.fields(&j, "", "", "loader.chartBase", &["apiVersion"]) {
        for (_, v) in fields {
            if let Some(s) = d.string(v, "chartBase", "apiVersion") {
                version = s;
            }
        }
    }
    match d.first_error {
        Some(e) => Err(format!("cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: {e}")),
        None => Ok(version),
    }
}

fn check_api_version(v: &str) -> Result<(), String> {
    match v {
        "" | "v1" | "v2" => Ok(()),
        "v3" => Err("chart apiVersion v3 is not supported by krender yet".into()),
        _ => Err("unsupported chart version".into()),
    }
}

/// `loader.Load(path)`: a chart directory or a packaged chart.
pub fn load(path: &Path) -> Result<Chart, String> {
    let name = path.to_string_lossy().into_owned();
    let meta = std::fs::metadata(path).map_err(|e| go_os_error("stat", &name, &e))?;
    if meta.is_dir() {
        let chart_yaml = format!("{}/Chart.yaml", clean_abs(path));
        let data =
            std::fs::read(&chart_yaml).map_err(|e| format!("unable to detect chart at {chart_yaml}: {}", go_os_error("open", &chart_yaml, &e)))?;
        check_api_version(&api_version(&data)?)?;
        return load_dir(path);
    }
    let data = std::fs::read(path).map_err(|e| go_os_error("open", &name, &e))?;
    archive::ensure_archive(&name, &data)?;
    let files = archive::load_archive_files(&data).map_err(|e| match e {
        archive::ArchiveError::GzipHeader => format!("file '{name}' does not appear to be a valid chart file (details: {e})"),
        archive::ArchiveError::Other(_) => "unable to load chart archive".to_string(),
    })?;
    let Some((_, chart_yaml)) = files.iter().find(|(n, _)| n == "Chart.yaml") else {
        return Err("unable to detect chart version, no Chart.yaml found".into());
    };
    check_api_version(&api_version(chart_yaml)?)?;
    load_files(files)
}

/// `LoadArchive` (a subchart `.tgz`).
pub fn load_archive(data: &[u8]) -> Result<Chart, String> {
    load_files(archive::load_archive_files(data).map_err(|e| e.to_string())?)
}

/// The v2 loader's `LoadDir`: the walk (stat, `.helmignore`, size checks) runs in Helm's order;
/// the files it keeps are then read in parallel, and the first error in walk order wins, as in
/// Helm's sequential walk.
pub fn load_dir(dir: &Path) -> Result<Chart, String> {
    use rayon::prelude::*;
    let top = clean_abs(dir);
    let ignore_file = format!("{top}/.helmignore");
    let rules = match std::fs::read(&ignore_file) {
        Ok(text) => Rules::parse(&text)?,
        Err(_) => Rules::defaults(),
    };
    let mut found = Vec::new();
    let walk_error = walk(Path::new(&top), &top, &rules, &mut found).err();
    let read: Vec<Result<(String, Vec<u8>, Option<ParsedValues>), String>> = found.into_par_iter().map(read_file).collect();
    let mut files = Vec::with_capacity(read.len());
    let mut parsed = HashMap::new();
    for r in read {
        let (rel, data, values) = r?;
        if let Some(v) = values {
            parsed.insert(rel.clone(), v);
        }
        files.push((rel, data));
    }
    if let Some(e) = walk_error {
        return Err(e);
    }
    load_files_with(files, "", &mut parsed)
}

/// Whether `rel` is the `values.yaml` of the chart or of a subchart directory below it.
fn is_values_file(rel: &str) -> bool {
    let mut rest = rel;
    loop {
        if rest == "values.yaml" {
            return true;
        }
        let Some(sub) = rest.strip_prefix("charts/") else { return false };
        let Some((_, after)) = sub.split_once('/') else { return false };
        rest = after;
    }
}

/// A file the walk keeps: its path relative to the chart and its path on disk.
struct Found {
    rel: String,
    path: std::path::PathBuf,
}

/// Reads a file the walk kept; a chart's `values.yaml` is parsed here as well, on the reading
/// thread, since it is by far the largest YAML a chart load decodes.
fn read_file(f: Found) -> Result<(String, Vec<u8>, Option<ParsedValues>), String> {
    let name = f.path.to_string_lossy();
    let mut data = std::fs::read(&f.path).map_err(|e| format!("error reading {}: {}", f.rel, go_os_error("read", &name, &e)))?;
    if data.starts_with(b"\xEF\xBB\xBF") {
        data.drain(..3);
    }
    let values = is_values_file(&f.rel).then(|| super::values::parse_values(&data));
    Ok((f.rel, data, values))
}

fn walk(path: &Path, top: &str, rules: &Rules, out: &mut Vec<Found>) -> Result<(), String> {
    let name = path.to_string_lossy().into_owned();
    let lmeta = std::fs::symlink_metadata(path).map_err(|e| go_os_error("lstat", &name, &e))?;
    let meta = if lmeta.file_type().is_symlink() {
        let resolved = std::fs::canonicalize(path).map_err(|e| format!("error evaluating symlink {name}: {}", go_os_error("lstat", &name, &e)))?;
        log(
            Level::Info,
            "found symbolic link in path. Contents of linked file included and used",
            &[("path", &name), ("resolved", &resolved.to_string_lossy())],
        );
        std::fs::metadata(&resolved).map_err(|e| go_os_error("lstat", &resolved.to_string_lossy(), &e))?
    } else {
        lmeta
    };
    let rel = name.strip_prefix(top).unwrap_or(&name).trim_start_matches('/').to_string();
    if meta.is_dir() {
        if !rel.is_empty() && rules.ignore(&rel, true) {
            return Ok(());
        }
        let mut names: Vec<_> =
            std::fs::read_dir(path).map_err(|e| go_os_error("open", &name, &e))?.filter_map(Result::ok).map(|e| e.file_name()).collect();
        names.sort();
        for n in names {
            walk(&path.join(n), top, rules, out)?;
        }
        return Ok(());
    }
    if rules.ignore(&rel, false) {
        return Ok(());
    }
    if !meta.is_file() {
        return Err(format!("cannot load irregular file {name} as it has file mode type bits set"));
    }
    if meta.len() > archive::MAX_FILE_SIZE {
        let base = path.file_name().map(|b| b.to_string_lossy().into_owned()).unwrap_or_default();
        return Err(format!("chart file {} is larger than the maximum file size {}", crate::gotmpl::quote::quote(&base), archive::MAX_FILE_SIZE));
    }
    out.push(Found { rel, path: path.to_path_buf() });
    Ok(())
}

/// A `Chart.lock`/`requirements.lock` must decode into Helm's `Lock`.
fn check_lock(data: &[u8]) -> Result<(), String> {
    let node = crate::yaml::read::parse_first_v2(data).map_err(|e| format!("error converting YAML to JSON: {e}"))?;
    let j = match node {
        Some(n) => crate::yaml::value::yaml_to_json_value(&n).map_err(|e| format!("error converting YAML to JSON: {e}"))?,
        None => return Ok(()),
    };
    match &j {
        crate::yaml::Value::Map(_) | crate::yaml::Value::Null => Ok(()),
        other => {
            let kind = match other {
                crate::yaml::Value::Seq(_) => "array",
                crate::yaml::Value::Str(_) => "string",
                crate::yaml::Value::Bool(_) => "bool",
                _ => "number",
            };
            Err(format!("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {kind} into Go value of type v2.Lock"))
        }
    }
}

/// `LoadFiles`: a chart from its files (paths relative to the chart).
pub fn load_files(files: Vec<(String, Vec<u8>)>) -> Result<Chart, String> {
    load_files_with(files, "", &mut HashMap::new())
}

/// [`load_files`] of the chart at `prefix` in a directory tree, with the `values.yaml` files the
/// reading threads already parsed (by path from the top chart).
fn load_files_with(files: Vec<(String, Vec<u8>)>, prefix: &str, parsed: &mut HashMap<String, ParsedValues>) -> Result<Chart, String> {
    let mut md: Option<Metadata> = None;
    for (name, data) in &files {
        if name == "Chart.yaml" {
            let m = md.get_or_insert_with(Metadata::default);
            super::metadata::decode(data, m).map_err(|e| format!("cannot load Chart.yaml: {e}"))?;
            if m.api_version.is_empty() {
                m.api_version = "v1".into();
            }
        }
    }
    let mut c = Chart::default();
    let mut subcharts: BTreeMap<String, Vec<(String, Vec<u8>)>> = BTreeMap::new();
    for (name, data) in files {
        match name.as_str() {
            "Chart.yaml" => {}
            "Chart.lock" => check_lock(&data).map_err(|e| format!("cannot load Chart.lock: {e}"))?,
            "values.yaml" => {
                let docs = parsed.remove(&format!("{prefix}values.yaml")).unwrap_or_else(|| super::values::parse_values(&data));
                c.values = Some(super::values::load_parsed_values(docs).map_err(|e| format!("cannot load values.yaml: {e}"))?);
                c.values_yaml = Some(data);
            }
            "values.schema.json" => c.schema = Some(data),
            "requirements.yaml" => {
                let m = md.get_or_insert_with(Metadata::default);
                if m.api_version != "v1" {
                    log(
                        Level::Info,
                        "Warning: Dependencies are handled in Chart.yaml since apiVersion \"v2\". We recommend migrating dependencies to Chart.yaml.",
                        &[],
                    );
                }
                super::metadata::decode(&data, m).map_err(|e| format!("cannot load requirements.yaml: {e}"))?;
                if m.api_version == "v1" {
                    c.files.push((name, Rc::new(data)));
                }
            }
            "requirements.lock" => {
                check_lock(&data).map_err(|e| format!("cannot load requirements.lock: {e}"))?;
                let m = md.get_or_insert_with(Metadata::default);
                if m.api_version != "v1" {
                    log(
                        Level::Info,
                        "Warning: Dependency locking is handled in Chart.lock since apiVersion \"v2\". We recommend migrating to Chart.lock.",
                        &[],
                    );
                }
                if m.api_version == "v1" {
                    c.files.push((name, Rc::new(data)));
                }
            }
            n if n.starts_with("templates/") => {
                let text = String::from_utf8(data).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                c.templates.push((name, text))
            }
            n if n.starts_with("charts/") => {
                if extension(n) == ".prov" {
                    c.files.push((name, Rc::new(data)));
                    continue;
                }
                let fname = &n["charts/".len()..];
                let cname = fname.split('/').next().unwrap_or("").to_string();
                subcharts.entry(cname).or_default().push((fname.to_string(), data));
            }
            _ => c.files.push((name, Rc::new(data))),
        }
    }
    let Some(mut md) = md else { return Err("Chart.yaml file is missing".into()) };
    super::metadata::validate(&mut md)?;
    c.metadata = md;
    for (n, files) in subcharts {
        if n.starts_with('_') || n.starts_with('.') {
            continue;
        }
        let sc = if extension(&n) == ".tgz" {
            let (fname, data) = &files[0];
            if *fname != n {
                return Err(format!("error unpacking subchart tar in {}: expected {n}, got {fname}", c.name()));
            }
            load_archive(data)
        } else {
            let buff: Vec<(String, Vec<u8>)> =
                files.into_iter().filter_map(|(f, d)| f.split_once('/').map(|(_, rest)| (rest.to_string(), d))).collect();
            load_files_with(buff, &format!("{prefix}charts/{n}/"), parsed)
        };
        let sc = sc.map_err(|e| format!("error unpacking subchart {n} in {}: {e}", c.name()))?;
        c.dependencies.push(sc);
    }
    Ok(c)
}

/// `filepath.Ext`.
fn extension(p: &str) -> &str {
    let base_start = p.rfind('/').map_or(0, |i| i + 1);
    match p[base_start..].rfind('.') {
        Some(i) => &p[base_start + i..],
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_files_of_the_tree() {
        assert!(is_values_file("values.yaml"));
        assert!(is_values_file("charts/a/values.yaml"));
        assert!(is_values_file("charts/a/charts/b/values.yaml"));
        assert!(!is_values_file("charts/values.yaml"));
        assert!(!is_values_file("templates/values.yaml"));
        assert!(!is_values_file("charts/a/files/values.yaml"));
    }

    #[test]
    fn files_into_chart() {
        let files = vec![
            ("values.yaml".to_string(), b"a: 1\n".to_vec()),
            ("Chart.yaml".to_string(), b"apiVersion: v2\nname: top\nversion: 1.0.0\n".to_vec()),
            ("templates/x.yaml".to_string(), b"x".to_vec()),
            ("charts/sub/Chart.yaml".to_string(), b"name: sub\nversion: 0.1.0\n".to_vec()),
            ("charts/sub/templates/y.yaml".to_string(), b"y".to_vec()),
            ("charts/sub-1.0.0.tgz.prov".to_string(), b"p".to_vec()),
            ("charts/.keep".to_string(), b"".to_vec()),
            ("README.md".to_string(), b"r".to_vec()),
        ];
        let c = load_files(files).unwrap();
        assert_eq!(c.name(), "top");
        assert_eq!(c.templates.len(), 1);
        assert_eq!(c.files.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["charts/sub-1.0.0.tgz.prov", "README.md"]);
        assert_eq!(c.dependencies.len(), 1);
        assert_eq!(c.dependencies[0].metadata.api_version, "v1");
        assert_eq!(c.dependencies[0].templates[0].0, "templates/y.yaml");
        let err =
            load_files(vec![("charts/README.md".to_string(), b"r".to_vec()), ("Chart.yaml".to_string(), b"name: t\nversion: 1.0.0\n".to_vec())])
                .unwrap_err();
        assert_eq!(err, "error unpacking subchart README.md in t: Chart.yaml file is missing");
        assert_eq!(load_files(vec![("values.yaml".into(), b"a: 1\n".to_vec())]).unwrap_err(), "Chart.yaml file is missing");
        assert_eq!(
            load_files(vec![("Chart.yaml".into(), b"name: t\nversion: one\n".to_vec())]).unwrap_err(),
            "validation: chart.metadata.version \"one\" is invalid"
        );
    }
}
