//! Links the `krender` binary as a position-dependent executable on Linux: the linker then
//! resolves the ~23k relative relocations of Rust's static data (vtables, string tables) once,
//! instead of the loader at every start (with ~250 copy-on-write page faults). krender is run
//! once per build, often thousands of times in CI, and a small build takes a few milliseconds.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
