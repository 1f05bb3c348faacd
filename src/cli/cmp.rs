//! `krender generate`, `krender discover`, `krender parameters`: the commands of the Argo CD
//! Config Management Plugin (see `deploy/argocd-cmp/`). They read the working directory and
//! the environment the cmp-server sets, never standard input; on error nothing is printed on
//! stdout (an empty output with auto-prune would delete the application's resources).

use super::Failure;
use krender::argocd::cmp::{self, PluginEnv};
use std::io::Write;

fn print(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|_| out.flush()).map_err(|e| Failure(e.to_string()))
}

fn cwd() -> Result<std::path::PathBuf, Failure> {
    std::env::current_dir().map_err(|e| Failure(format!("working directory: {e}")))
}

pub fn generate() -> Result<(), Failure> {
    let dir = cwd()?;
    let env = PluginEnv::from_process();
    let text = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || cmp::generate(&dir, &env))
        .map_err(|e| Failure(e.to_string()))?
        .join()
        .map_err(|_| Failure("rendering panicked".into()))??;
    print(&text)
}

pub fn discover() -> Result<(), Failure> {
    print(&cmp::discover(&cwd()?)?)
}

pub fn parameters() -> Result<(), Failure> {
    print(&cmp::parameters(&cwd()?)?)
}
