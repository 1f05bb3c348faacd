//! Template parse throughput (MB/s of template text) on a real chart: every file under the
//! `templates/` directories of kube-prometheus-stack and its subcharts, parsed with Helm's
//! function map, one thread. The chart is read from the conformance corpus at run time
//! (`../shared/corpus/helm/charts/kube-prometheus-stack`, or the directory in
//! `KRENDER_PARSE_CHART`); the bench is skipped when it is absent. `cargo bench --bench gotmpl_parse`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use krender::gotmpl::builtins::Builtin;
use krender::gotmpl::parse::parse;
use krender::helm::engine::helm_func_map;
use std::collections::HashSet;
use std::hint::black_box;

/// The chart's template texts (path, text).
fn templates(root: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(root).sort_by_file_name() {
        let Ok(e) = e else { continue };
        let path = e.path().to_string_lossy().to_string();
        if e.file_type().is_file() && path.contains("/templates/") && !path.ends_with(".txt") {
            if let Ok(text) = std::fs::read_to_string(e.path()) {
                out.push((path, text));
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let root = std::env::var("KRENDER_PARSE_CHART").unwrap_or_else(|_| "../shared/corpus/helm/charts/kube-prometheus-stack".into());
    let texts = templates(&root);
    if texts.is_empty() {
        eprintln!("gotmpl_parse: no chart templates under {root}; skipped");
        return;
    }
    let funcs = helm_func_map();
    let names: HashSet<&str> = funcs.names().collect();
    let has = |n: &str| names.contains(n) || Builtin::by_name(n).is_some();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group("gotmpl_parse");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    g.bench_function("kube-prometheus-stack", |b| {
        b.iter(|| texts.iter().map(|(name, text)| black_box(parse(name, text, &has).unwrap()).len()).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
