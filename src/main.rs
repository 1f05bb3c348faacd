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

/// Process settings per command, made before anything runs (the allocator's set-up included;
/// glibc calls `.preinit_array` functions with the program's arguments before any constructor):
/// - `krender build`: transparent huge pages off (`prctl(PR_SET_THP_DISABLE)`). mimalloc asks
///   for huge pages on its arenas, which cuts the page faults of a large `helm template`
///   (kube-prometheus-stack: 7,800 to 300) and its CPU time by about a quarter, but a
///   `kustomize build` is small and short, and huge pages only raise its peak memory.
/// - `krender template`: no purging. mimalloc hands memory freed for 10 ms back to the OS
///   (decommits it), and the next allocation there faults it in and has it zeroed again; a
///   single render never gets to give memory back for good, so that is pure cost (about 1.6 ms
///   of 36 ms CPU on kube-prometheus-stack, measured side by side); and a main-thread stack of
///   the size rendering wants (`RLIMIT_STACK` raised to 64 MiB where the hard limit allows),
///   so that the render runs on this thread rather than on one of its own, whose start and
///   fresh heap cost about half a millisecond before anything was rendered
///   (`cli::template::run`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[used]
#[link_section = ".preinit_array"]
static COMMAND_SETTINGS: extern "C" fn(std::ffi::c_int, *const *const std::ffi::c_char) = command_settings;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
extern "C" fn command_settings(argc: std::ffi::c_int, argv: *const *const std::ffi::c_char) {
    extern "C" {
        fn prctl(option: std::ffi::c_int, ...) -> std::ffi::c_int;
        fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    }
    const PR_SET_THP_DISABLE: std::ffi::c_int = 41;
    // `mi_option_purge_delay` in mimalloc v2's `mi_option_t` (the crate does not name it); its
    // default is 10 (ms), which is checked before the option is changed.
    const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;
    if argc < 2 || argv.is_null() {
        return;
    }
    // SAFETY: glibc passes the process's argc and argv (NUL-terminated strings that live for
    // the whole process); prctl with PR_SET_THP_DISABLE takes plain integers and touches no
    // memory of ours (a failure, on an old kernel, only leaves huge pages allowed); mimalloc's
    // option calls read and write its static option table (an index in range), no allocation.
    unsafe {
        let first = *argv.add(1);
        if first.is_null() {
            return;
        }
        match std::ffi::CStr::from_ptr(first).to_bytes() {
            b"build" => {
                let zero: std::ffi::c_ulong = 0;
                prctl(PR_SET_THP_DISABLE, 1 as std::ffi::c_ulong, zero, zero, zero);
            }
            b"template" => {
                if mi_option_get(MI_OPTION_PURGE_DELAY) == 10 {
                    mi_option_set(MI_OPTION_PURGE_DELAY, -1);
                }
                cli::template::raise_stack_limit();
            }
            _ => {}
        }
    }
}
