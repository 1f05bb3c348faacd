//! The `krender` binary: see `krender --help`.

mod cli;

use clap::Parser;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    krender::kustomize::timing::mark(|| "main starts".into());
    let parsed = cli::Cli::parse();
    let r = cli::run(parsed);
    krender::kustomize::timing::mark(|| "main ends".into());
    if let Err(cli::Failure(msg)) = r {
        eprintln!("Error: {msg}");
        std::process::exit(1);
    }
}

/// Transparent huge pages for `krender build` are turned off (`prctl(PR_SET_THP_DISABLE)`)
/// before anything runs, the allocator's set-up included: mimalloc asks for huge pages on its
/// arenas, which cuts the page faults of a large `helm template` (kube-prometheus-stack: 7,800
/// to 300) and its CPU time by about a quarter, but a `kustomize build` is small and short, and
/// huge pages only raise its peak memory. glibc calls `.preinit_array` functions with the
/// program's arguments before any constructor.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[used]
#[link_section = ".preinit_array"]
static NO_HUGE_PAGES_FOR_BUILD: extern "C" fn(std::ffi::c_int, *const *const std::ffi::c_char) = no_huge_pages_for_build;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
extern "C" fn no_huge_pages_for_build(argc: std::ffi::c_int, argv: *const *const std::ffi::c_char) {
    extern "C" {
        fn prctl(option: std::ffi::c_int, ...) -> std::ffi::c_int;
    }
    const PR_SET_THP_DISABLE: std::ffi::c_int = 41;
    if argc < 2 || argv.is_null() {
        return;
    }
    // SAFETY: glibc passes the process's argc and argv (NUL-terminated strings that live for
    // the whole process); prctl with PR_SET_THP_DISABLE takes plain integers and touches no
    // memory of ours (a failure, on an old kernel, only leaves huge pages allowed).
    unsafe {
        let first = *argv.add(1);
        if !first.is_null() && std::ffi::CStr::from_ptr(first).to_bytes() == b"build" {
            let zero: std::ffi::c_ulong = 0;
            prctl(PR_SET_THP_DISABLE, 1 as std::ffi::c_ulong, zero, zero, zero);
        }
    }
}
