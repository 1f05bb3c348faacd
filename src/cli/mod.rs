//! The command line: a thin layer over the library. Each command prints its whole output only
//! after everything succeeded; on failure it prints one `Error: ...` message on stderr and exits 1.

pub mod build;
pub mod cmp;
pub mod diff;
pub mod render;
pub mod render_all;
pub mod template;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "krender", version, about = "Render GitOps repositories to Kubernetes manifests, byte-identical to kustomize and helm")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Each command's arguments are defined only when it is the one invoked (`defer`): building
/// all of them took about 0.5 ms of CPU, and the memory it touched as much again in page
/// faults, before `krender template` could start.
#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum Command {
    /// Build a kustomization directory, as `kustomize build` does.
    Build(build::BuildArgs),
    /// Render a Helm chart, as `helm template` does.
    Template(template::TemplateArgs),
    /// Render a source as Argo CD's repo-server does (directory, --app Application, --source-json).
    Render(render::RenderArgs),
    /// Argo CD Config Management Plugin: render the working directory from the plugin environment.
    Generate,
    /// Argo CD Config Management Plugin: print the source type if krender should handle this directory.
    Discover,
    /// Argo CD Config Management Plugin: the dynamic parameter announcements (JSON).
    Parameters,
    /// Render every app of a repository (kustomizations, charts, Argo CD and Flux apps) in parallel.
    #[command(name = "render-all")]
    RenderAll(render_all::RenderAllArgs),
    /// Compare the rendered manifests of two git revisions or directories, app by app.
    Diff(diff::DiffArgs),
}

/// An error for the user: the message, printed once, and exit status 1.
pub struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

pub fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Template(args) => template::run(args),
        Command::Render(args) => render::run(args),
        Command::Generate => cmp::generate(),
        Command::Discover => cmp::discover(),
        Command::Parameters => cmp::parameters(),
        Command::RenderAll(args) => render_all::run(args),
        Command::Diff(args) => std::process::exit(diff::run(args)),
    }
}
