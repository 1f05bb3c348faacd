//! The `krender` binary: see `krender --help`.

mod cli;

use clap::Parser;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let parsed = cli::Cli::parse();
    if let Err(cli::Failure(msg)) = cli::run(parsed) {
        eprintln!("Error: {msg}");
        std::process::exit(1);
    }
}
