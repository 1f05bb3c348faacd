//! `krender build` of a generated overlay of 1k/2k/4k resources (benches/gen_overlay.py: a base of
//! Deployments, Services and ConfigMaps; an overlay with namePrefix, namespace, commonLabels,
//! commonAnnotations, images, a generated ConfigMap and a patch on every Deployment), in process:
//! read, build, emit. The inputs are written to a temporary directory when the bench starts.
//! `cargo bench --bench overlay`; `benches/kustomize_compare.sh` times the same overlays process to
//! process against the reference kustomize.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use krender::kustomize::{self, BuildOptions};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Writes the overlay of `n` resources under `dir` with the shared generator script.
fn generate(n: usize, dir: &Path) -> PathBuf {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/gen_overlay.py");
    let status = Command::new("python3").arg(&script).arg(n.to_string()).arg(dir).status().expect("python3 runs");
    assert!(status.success(), "{} failed", script.display());
    dir.join("overlay")
}

fn bench(c: &mut Criterion) {
    let tmp = std::env::temp_dir().join(format!("krender-bench-overlay-{}", std::process::id()));
    let mut g = c.benchmark_group("overlay");
    g.sample_size(10);
    for n in [1000, 2000, 4000] {
        let overlay = generate(n, &tmp.join(n.to_string()));
        let opts = BuildOptions::default();
        // The output must be the build's, not an error.
        let out = kustomize::emit(&kustomize::build(&overlay, &opts).unwrap().resources).unwrap();
        assert!(out.matches("\n---\n").count() + 1 >= n, "{n}: short output");
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &overlay, |b, dir| {
            b.iter(|| kustomize::emit(&kustomize::build(dir, &opts).unwrap().resources).unwrap().len())
        });
    }
    g.finish();
    let _ = std::fs::remove_dir_all(&tmp);
}

criterion_group!(benches, bench);
criterion_main!(benches);
