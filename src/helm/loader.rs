//! Loading charts as Helm v4's `pkg/chart/loader` and `pkg/chart/v2/loader` do: a directory
//! (walked in name order, symbolic links followed, `.helmignore` applied, each file at most
//! 5 MiB, a UTF-8 BOM stripped) or a packaged `.tgz` ([`super::archive`]); then `LoadFiles`:
//! `Chart.yaml` first, then every file in order (`Chart.lock`, `values.yaml`,
//! `values.schema.json`, a v1 chart's `requirements.yaml`/`requirements.lock`, `templates/`,
//! `charts/` subcharts as directories or `.tgz`, other files for `.Files`), then validation,
//! then the subcharts, each loaded the same way.

use super::archive;
use super::chart::{Chart, Metadata};
use crate::gotmpl::bytes::Bytes;
use super::helmignore::Rules;
use super::log::{log, Level};
use super::values::ParsedValues;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

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
    load_then(path, &mut |_| {})
}

/// The template texts of a chart directory and its subchart directories, by path in the
/// directory (`templates/x`, `charts/SUB/templates/y`), as soon as they are read.
/// Each comes with whether it may define templates ([`super::early_parse::may_define`], found
/// by the reading thread while the text is fresh in its cache).
pub type OnTexts<'a> = dyn FnMut(Vec<(String, Arc<str>, bool)>) + 'a;

/// [`load`], handing a directory's template texts to `on_texts` before the chart is assembled
/// (not called for a packaged chart).
pub fn load_then(path: &Path, on_texts: &mut OnTexts<'_>) -> Result<Chart, String> {
    let name = path.to_string_lossy().into_owned();
    let meta = std::fs::metadata(path).map_err(|e| go_os_error("stat", &name, &e))?;
    if meta.is_dir() {
        let chart_yaml = format!("{}/Chart.yaml", clean_abs(path));
        let data =
            std::fs::read(&chart_yaml).map_err(|e| format!("unable to detect chart at {chart_yaml}: {}", go_os_error("open", &chart_yaml, &e)))?;
        check_api_version(&api_version(&data)?)?;
        return load_dir_then(path, on_texts);
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
    load_dir_then(dir, &mut |_| {})
}

/// [`load_dir`], handing the template texts to `on_texts` once every file is read without error.
fn load_dir_then(dir: &Path, on_texts: &mut OnTexts<'_>) -> Result<Chart, String> {
    use rayon::prelude::*;
    let top = clean_abs(dir);
    let ignore_file = format!("{top}/.helmignore");
    let rules = match std::fs::read(&ignore_file) {
        Ok(text) => Rules::parse(&text)?,
        Err(_) => Rules::defaults(),
    };
    let mut found = Vec::new();
    let sp = crate::kustomize::timing::span(|| "load: walk".into());
    let walk_error = walk(Path::new(&top), &top, &rules, &mut found, None).err();
    drop(sp);
    let sp = crate::kustomize::timing::span(|| "load: read".into());
    // The `values.yaml` files go first, as their parse is the longest job; the results are
    // then put back in walk order.
    let mut order: Vec<(usize, Found)> = found.into_iter().enumerate().collect();
    order.sort_by_key(|(i, f)| (!is_values_file(&f.rel), *i));
    let mut read: Vec<(usize, Result<Read, String>)> = order.into_par_iter().map(|(i, f)| (i, read_file(f))).collect();
    read.sort_unstable_by_key(|(i, _)| *i);
    let read = read.into_iter().map(|(_, r)| r);
    drop(sp);
    let _sp = crate::kustomize::timing::span(|| "load: files".into());
    let mut files = Vec::with_capacity(read.len());
    let mut later = Later::default();
    for r in read {
        let r = r?;
        if let Some(v) = r.values {
            later.parsed.insert(r.rel.clone(), v);
        }
        if let Some(f) = r.deferred {
            later.deferred.insert(r.rel.clone(), f);
        }
        if let Some(t) = r.text {
            later.texts.insert(r.rel.clone(), t);
        }
        files.push((r.rel, r.data));
    }
    if let Some(e) = walk_error {
        return Err(e);
    }
    on_texts(later.texts.iter().map(|(rel, (text, defines))| (rel.clone(), text.clone(), *defines)).collect());
    load_files_with(files, "", &mut later)
}

/// What the reading threads did beyond reading, by path from the top chart: the parsed
/// `values.yaml` files, and the large files left to be read when a template asks for them.
#[derive(Default)]
struct Later {
    parsed: HashMap<String, ParsedValues>,
    deferred: HashMap<String, (std::fs::File, String)>,
    /// Template texts read straight into the `Arc` the chart and the parse trees share, and
    /// whether each may define templates.
    texts: HashMap<String, (Arc<str>, bool)>,
}

/// Files this large are opened by the load but read on first use: only `.Files` shows them,
/// and charts ship large CRDs and dashboards that most renders never look at.
const DEFER_SIZE: u64 = 64 * 1024;

/// Whether a file of `size` bytes at `rel` can only end up in `.Files` and is worth deferring.
fn deferrable(rel: &str, size: u64) -> bool {
    size >= DEFER_SIZE && only_in_files(in_own_chart(rel))
}

/// Whether `name`, relative to its chart, is a file `LoadFiles` keeps only for `.Files`.
fn only_in_files(name: &str) -> bool {
    !name.starts_with("charts/") && !name.starts_with("templates/") && !LOAD_NAMES.contains(&name)
}

/// `rel` (from the top chart) relative to the subchart directory it is in: `charts/a/charts/b/x`
/// is `x` of subchart `b`.
fn in_own_chart(rel: &str) -> &str {
    let mut rest = rel;
    while let Some((_, after)) = rest.strip_prefix("charts/").and_then(|sub| sub.split_once('/')) {
        rest = after;
    }
    rest
}

fn strip_bom(data: &mut Vec<u8>) {
    if data.starts_with(b"\xEF\xBB\xBF") {
        data.drain(..3);
    }
}

/// The contents of a deferred file when first used; a read that fails then (the file was
/// opened at load) is reported on stderr and reads as empty.
fn deferred_bytes(mut file: std::fs::File, name: String) -> Bytes {
    Bytes::deferred(Box::new(move || {
        let mut data = Vec::new();
        if let Err(e) = std::io::Read::read_to_end(&mut file, &mut data) {
            eprintln!("Warning: error reading {name}: {e}");
            data.clear();
        }
        strip_bom(&mut data);
        data
    }))
}

/// Whether `rel` is the `values.yaml` of the chart or of a subchart directory below it.
fn is_values_file(rel: &str) -> bool {
    in_own_chart(rel) == "values.yaml"
}

/// A file the walk keeps: its path relative to the chart and its path on disk.
struct Found {
    rel: String,
    path: std::path::PathBuf,
}

/// A file the walk kept, as a reading thread leaves it.
struct Read {
    rel: String,
    data: Vec<u8>,
    values: Option<ParsedValues>,
    /// A large file opened but not read (`data` is empty), and its path for messages.
    deferred: Option<(std::fs::File, String)>,
    /// A template's text (`data` is empty) and whether it may define templates.
    text: Option<(Arc<str>, bool)>,
}

/// A template of `size` bytes read into an `Arc<str>` (no copy when the chart and the parse
/// trees take it); `None` when the text needs [`read_file`]'s general path: not UTF-8, a BOM,
/// or a file that shrank since the stat (it is then read again from its start). What the file
/// holds beyond its size at the stat (a file growing meanwhile) is not read.
fn read_text(file: &mut std::fs::File, size: usize) -> std::io::Result<Option<Arc<str>>> {
    use std::io::{Read as _, Seek as _};
    // SAFETY: zeroed bytes are valid `u8`s.
    let mut buf: Arc<[u8]> = unsafe { Arc::<[u8]>::new_zeroed_slice(size).assume_init() };
    let slot = Arc::get_mut(&mut buf).expect("a new Arc has one owner");
    // the size the file had when it was opened is all that is read (no read to see the end)
    let whole = file.read_exact(slot).is_ok();
    if !whole || buf.starts_with(b"\xEF\xBB\xBF") || std::str::from_utf8(&buf).is_err() {
        file.rewind()?;
        return Ok(None);
    }
    // SAFETY: the bytes were just checked to be UTF-8, and `str` has the layout of `[u8]`.
    Ok(Some(unsafe { Arc::from_raw(Arc::into_raw(buf) as *const str) }))
}

/// Reads a file the walk kept; a chart's `values.yaml` is parsed here as well, on the reading
/// thread, since it is by far the largest YAML a chart load decodes.
/// The size limit is checked here too, on the open file (the walk knows file types from the
/// directory listing and stats only symbolic links); the first error in walk order still wins.
fn read_file(f: Found) -> Result<Read, String> {
    let name = f.path.to_string_lossy();
    let read_err = |e: std::io::Error| format!("error reading {}: {}", f.rel, go_os_error("read", &name, &e));
    let mut file = std::fs::File::open(&f.path).map_err(read_err)?;
    let size = file.metadata().map_err(read_err)?.len();
    if size > archive::MAX_FILE_SIZE {
        let base = f.path.file_name().map(|b| b.to_string_lossy().into_owned()).unwrap_or_default();
        return Err(format!("chart file {} is larger than the maximum file size {}", crate::gotmpl::quote::quote(&base), archive::MAX_FILE_SIZE));
    }
    if deferrable(&f.rel, size) {
        let name = name.into_owned();
        return Ok(Read { rel: f.rel, data: Vec::new(), values: None, deferred: Some((file, name)), text: None });
    }
    if in_own_chart(&f.rel).starts_with("templates/") {
        if let Some(text) = read_text(&mut file, size as usize).map_err(read_err)? {
            let defines = super::early_parse::may_define(&text);
            return Ok(Read { rel: f.rel, data: Vec::new(), values: None, deferred: None, text: Some((text, defines)) });
        }
    }
    // One read of the size the file had when it was opened: `File::read_to_end` would ask the
    // file's size and position again, and read once more to see the end.
    let mut data = Vec::with_capacity(size as usize + 1);
    std::io::Read::read_to_end(&mut std::io::Read::take(&mut file, size), &mut data).map_err(read_err)?;
    strip_bom(&mut data);
    let values = is_values_file(&f.rel).then(|| super::values::parse_values(&data));
    Ok(Read { rel: f.rel, data, values, deferred: None, text: None })
}

/// The walk in Helm's order. `known` is the entry's type from its directory listing (`None`
/// for the top, which is stat'ed); only symbolic links are stat'ed below it.
fn walk(path: &Path, top: &str, rules: &Rules, out: &mut Vec<Found>, known: Option<std::fs::FileType>) -> Result<(), String> {
    let name = path.to_string_lossy().into_owned();
    let ftype = match known {
        Some(t) if !t.is_symlink() => t,
        _ => std::fs::symlink_metadata(path).map_err(|e| go_os_error("lstat", &name, &e))?.file_type(),
    };
    let ftype = if ftype.is_symlink() {
        let resolved = std::fs::canonicalize(path).map_err(|e| format!("error evaluating symlink {name}: {}", go_os_error("lstat", &name, &e)))?;
        log(
            Level::Info,
            "found symbolic link in path. Contents of linked file included and used",
            &[("path", &name), ("resolved", &resolved.to_string_lossy())],
        );
        std::fs::metadata(&resolved).map_err(|e| go_os_error("lstat", &resolved.to_string_lossy(), &e))?.file_type()
    } else {
        ftype
    };
    let rel = name.strip_prefix(top).unwrap_or(&name).trim_start_matches('/').to_string();
    if ftype.is_dir() {
        if !rel.is_empty() && rules.ignore(&rel, true) {
            return Ok(());
        }
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| go_os_error("open", &name, &e))?
            .filter_map(Result::ok)
            .map(|e| (e.file_name(), e.file_type().ok()))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (n, t) in entries {
            walk(&path.join(n), top, rules, out, t)?;
        }
        return Ok(());
    }
    if rules.ignore(&rel, false) {
        return Ok(());
    }
    if !ftype.is_file() {
        return Err(format!("cannot load irregular file {name} as it has file mode type bits set"));
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

/// The files `LoadFiles` reads itself rather than keeping for `.Files`.
const LOAD_NAMES: &[&str] = &["Chart.yaml", "Chart.lock", "values.yaml", "values.schema.json", "requirements.yaml", "requirements.lock"];

/// `LoadFiles`: a chart from its files (paths relative to the chart).
pub fn load_files(files: Vec<(String, Vec<u8>)>) -> Result<Chart, String> {
    load_files_with(files, "", &mut Later::default())
}

/// [`load_files`] of the chart at `prefix` in a directory tree, with the `values.yaml` files the
/// reading threads already parsed (by path from the top chart).
fn load_files_with(files: Vec<(String, Vec<u8>)>, prefix: &str, later: &mut Later) -> Result<Chart, String> {
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
    for (name, mut data) in files {
        // a deferred file that is not only a `.Files` entry after all is read now
        let mut deferred = if name.starts_with("charts/") { None } else { later.deferred.remove(&format!("{prefix}{name}")) };
        if !only_in_files(&name) {
            if let Some((file, path)) = deferred.take() {
                data = deferred_bytes(file, path).to_vec();
            }
        }
        match name.as_str() {
            "Chart.yaml" => {}
            "Chart.lock" => check_lock(&data).map_err(|e| format!("cannot load Chart.lock: {e}"))?,
            "values.yaml" => {
                let docs = later.parsed.remove(&format!("{prefix}values.yaml")).unwrap_or_else(|| super::values::parse_values(&data));
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
                    c.files.push((name, Rc::new(data.into())));
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
                    c.files.push((name, Rc::new(data.into())));
                }
            }
            n if n.starts_with("templates/") => {
                let text = match later.texts.remove(&format!("{prefix}{name}")) {
                    Some((t, _)) => t,
                    None => String::from_utf8(data).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()).into(),
                };
                c.templates.push((name, text))
            }
            n if n.starts_with("charts/") => {
                if extension(n) == ".prov" {
                    c.files.push((name, Rc::new(data.into())));
                    continue;
                }
                let fname = &n["charts/".len()..];
                let cname = fname.split('/').next().unwrap_or("").to_string();
                subcharts.entry(cname).or_default().push((fname.to_string(), data));
            }
            _ => match deferred {
                Some((file, path)) => c.files.push((name, Rc::new(deferred_bytes(file, path)))),
                None => c.files.push((name, Rc::new(data.into()))),
            },
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
            load_files_with(buff, &format!("{prefix}charts/{n}/"), later)
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
    fn large_files_read_on_first_use() {
        let dir = std::env::temp_dir().join(format!("krender-defer-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("crds")).unwrap();
        std::fs::write(dir.join("Chart.yaml"), "apiVersion: v2\nname: t\nversion: 1.0.0\n").unwrap();
        let big: Vec<u8> = b"\xEF\xBB\xBF".iter().copied().chain((0..DEFER_SIZE as usize).map(|i| b'a' + (i % 26) as u8)).collect();
        std::fs::write(dir.join("crds/big.yaml"), &big).unwrap();
        std::fs::write(dir.join("small.txt"), "s").unwrap();
        let c = load_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let get = |n: &str| c.files.iter().find(|(name, _)| name == n).map(|(_, b)| b.to_vec()).unwrap();
        assert_eq!(get("crds/big.yaml"), big[3..].to_vec());
        assert_eq!(get("small.txt"), b"s".to_vec());
        assert!(deferrable("crds/big.yaml", DEFER_SIZE));
        assert!(!deferrable("crds/big.yaml", DEFER_SIZE - 1));
        assert!(!deferrable("charts/x/values.yaml", DEFER_SIZE));
        assert!(!deferrable("charts/x/templates/a.yaml", DEFER_SIZE));
        assert!(!deferrable("charts/x-1.0.0.tgz", DEFER_SIZE));
        assert!(!deferrable("charts/x/charts/y-1.0.0.tgz.prov", DEFER_SIZE));
        assert!(deferrable("charts/x/crds/big.yaml", DEFER_SIZE));
    }

    #[test]
    fn template_texts_read_whole_or_by_the_general_path() {
        let dir = std::env::temp_dir().join(format!("krender-texts-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("templates")).unwrap();
        std::fs::write(dir.join("Chart.yaml"), "apiVersion: v2\nname: t\nversion: 1.0.0\n").unwrap();
        std::fs::write(dir.join("templates/a.yaml"), "a: {{ .Values.x }}\n").unwrap();
        std::fs::write(dir.join("templates/_h.tpl"), "{{- define \"h\" }}h{{ end }}\n").unwrap();
        std::fs::write(dir.join("templates/bom.yaml"), b"\xEF\xBB\xBFb: 1\n").unwrap();
        std::fs::write(dir.join("templates/bad.yaml"), b"c: \xFF\n").unwrap();
        let mut handed = Vec::new();
        let c = load_then(&dir, &mut |texts| handed = texts).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let text = |n: &str| c.templates.iter().find(|(name, _)| name == n).map(|(_, t)| t.to_string()).unwrap();
        assert_eq!(text("templates/a.yaml"), "a: {{ .Values.x }}\n");
        assert_eq!(text("templates/bom.yaml"), "b: 1\n");
        assert_eq!(text("templates/bad.yaml"), "c: \u{FFFD}\n");
        // only the text read whole is handed over early, and it is the chart's own
        handed.sort();
        assert_eq!(handed.iter().map(|(n, _, defines)| (n.as_str(), *defines)).collect::<Vec<_>>(), [("templates/_h.tpl", true), ("templates/a.yaml", false)]);
        let own = &c.templates.iter().find(|(n, _)| n == "templates/a.yaml").unwrap().1;
        assert!(Arc::ptr_eq(own, &handed[1].1));
    }

    #[test]
    fn file_size_limit() {
        let dir = std::env::temp_dir().join(format!("krender-limit-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("files")).unwrap();
        std::fs::write(dir.join("Chart.yaml"), "apiVersion: v2\nname: t\nversion: 1.0.0\n").unwrap();
        std::fs::write(dir.join("files/huge.bin"), vec![b'x'; archive::MAX_FILE_SIZE as usize + 1]).unwrap();
        let err = load_dir(&dir).map(|_| ()).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(err, format!("chart file \"huge.bin\" is larger than the maximum file size {}", archive::MAX_FILE_SIZE));
    }

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
