//! Parse + emit throughput of the YAML layer on a large multi-document file (MB/s of input).
//! `cargo bench --bench yaml`; the figure is compared with the reference kustomize by
//! `benches/compare.sh`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use krender::resource::read::objects_from_bytes;
use krender::yaml::node_to_yaml;

#[path = "gen.rs"]
mod gen;

fn bench(c: &mut Criterion) {
    let input = gen::manifests(1000);
    let bytes = input.as_bytes();
    let mut g = c.benchmark_group("yaml");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.sample_size(20);
    g.bench_function("parse", |b| b.iter(|| objects_from_bytes(bytes).unwrap()));
    let objects = objects_from_bytes(bytes).unwrap();
    g.bench_function("emit", |b| {
        b.iter(|| objects.iter().map(|o| node_to_yaml(o).unwrap().len()).sum::<usize>())
    });
    g.bench_function("parse+emit", |b| {
        b.iter(|| objects_from_bytes(bytes).unwrap().iter().map(|o| node_to_yaml(o).unwrap().len()).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
