//! Jsonnet files of Argo CD Directory sources (`makeJsonnetVM` + `vm.EvaluateFile`), evaluated with
//! jrsonnet: external variables and top-level arguments (strings or code, values through the
//! build environment's `$VAR` substitution), imports resolved from the importing file's directory,
//! then from the library paths with the last one first (go-jsonnet's `FileImporter` order): the
//! application directory, then each `libs` entry (relative to the repository root).

use super::env::Env;
use super::gojson;
use crate::yaml::Value;
use jrsonnet_evaluator::{apply_tla, manifest::JsonFormat, tla::TlaArg, FileImportResolver, IStr, State};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One `extVars`/`tlas` entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonnetVar {
    pub name: String,
    pub value: String,
    pub code: bool,
}

/// `ApplicationSourceJsonnet`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonnetOptions {
    pub ext_vars: Vec<JsonnetVar>,
    pub tlas: Vec<JsonnetVar>,
    pub libs: Vec<String>,
}

impl JsonnetOptions {
    pub fn is_zero(&self) -> bool {
        self.ext_vars.is_empty() && self.tlas.is_empty() && self.libs.is_empty()
    }
}

/// Library search paths: the application directory, then each lib resolved inside the repository.
pub fn library_paths(app_dir: &Path, repo_root: &Path, libs: &[String]) -> Result<Vec<PathBuf>, String> {
    let mut paths = vec![app_dir.to_path_buf()];
    for lib in libs {
        paths.push(super::paths::resolve_in_repo(repo_root, lib)?);
    }
    Ok(paths)
}

/// Evaluates `file` to its JSON value (numbers as `unstructured` reads them).
pub fn evaluate_file(file: &Path, app_dir: &Path, repo_root: &Path, opts: &JsonnetOptions, env: &Env) -> Result<Value, String> {
    let mut jpaths = library_paths(app_dir, repo_root, &opts.libs)?;
    // go-jsonnet searches the library paths from the last to the first.
    jpaths.reverse();
    let json = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn_scoped(s, || run(file, jpaths, opts, env))
            .map_err(|e| e.to_string())?
            .join()
            .map_err(|_| "jsonnet evaluation panicked".to_string())?
    })?;
    gojson::parse(json.as_bytes()).map_err(|e| format!("invalid JSON from jsonnet: {e}"))
}

fn run(file: &Path, jpaths: Vec<PathBuf>, opts: &JsonnetOptions, env: &Env) -> Result<String, String> {
    let ctx = jrsonnet_stdlib::ContextInitializer::new(jrsonnet_evaluator::trace::PathResolver::new_cwd_fallback());
    for v in &opts.ext_vars {
        let value = env.envsubst(&v.value);
        if v.code {
            ctx.add_ext_code(&v.name, value).map_err(|e| e.to_string())?;
        } else {
            ctx.add_ext_str(v.name.as_str().into(), value.as_str().into());
        }
    }
    let mut builder = State::builder();
    builder.import_resolver(FileImportResolver::new(jpaths)).context_initializer(ctx);
    let state = builder.build();
    let _entered = state.enter();
    let mut tlas: HashMap<IStr, TlaArg> = HashMap::new();
    for v in &opts.tlas {
        let value = env.envsubst(&v.value);
        let arg = if v.code { TlaArg::InlineCode(value) } else { TlaArg::String(value.as_str().into()) };
        tlas.insert(v.name.as_str().into(), arg);
    }
    let abs = std::path::absolute(file).map_err(|e| e.to_string())?;
    let val = state.import(abs.as_path()).map_err(|e| e.to_string())?;
    let val = apply_tla(&tlas, val).map_err(|e| e.to_string())?;
    val.manifest(JsonFormat::default()).map_err(|e| e.to_string())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn ext_vars_tlas_and_imports() {
        let tmp = tempdir("jsonnet");
        write(&tmp, "lib/common.libsonnet", "{ name: 'from-lib' }");
        write(&tmp, "app/main.jsonnet", "local c = import 'common.libsonnet';\nfunction(replicas=1, label='x') { kind: 'A', name: c.name, r: replicas, l: label, e: std.extVar('e'), c: std.extVar('c') }");
        let env = Env::from_pairs(&[("ARGOCD_APP_NAME", "guestbook")]);
        let opts = JsonnetOptions {
            ext_vars: vec![JsonnetVar { name: "e".into(), value: "$ARGOCD_APP_NAME".into(), code: false }, JsonnetVar { name: "c".into(), value: "1+1".into(), code: true }],
            tlas: vec![JsonnetVar { name: "replicas".into(), value: "3".into(), code: true }, JsonnetVar { name: "label".into(), value: "${ARGOCD_APP_NAME}-x".into(), code: false }],
            libs: vec!["lib".into()],
        };
        let v = evaluate_file(&tmp.join("app/main.jsonnet"), &tmp.join("app"), &tmp, &opts, &env).unwrap();
        assert_eq!(crate::yaml::json::to_json(&v).unwrap(), r#"{"c":2,"e":"guestbook","kind":"A","l":"guestbook-x","name":"from-lib","r":3}"#);
    }

    #[test]
    fn errors_are_reported() {
        let tmp = tempdir("jsonnet-err");
        write(&tmp, "bad.jsonnet", "{ a: error 'boom' }");
        let e = evaluate_file(&tmp.join("bad.jsonnet"), &tmp, &tmp, &JsonnetOptions::default(), &Env::default()).unwrap_err();
        assert!(e.contains("boom"), "{e}");
    }

    pub(crate) fn tempdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("krender-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }
}
