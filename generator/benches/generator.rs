//! The generator on synthetic spec trees of 10, 100 and 1,000 APIs shaped
//! like the real ones (`synth.rs`), measured in one run so that the figures
//! compare with each other on a noisy machine:
//!
//! - `parse-yaml`: every file parsed into a generic YAML value (the floor
//!   under `lint`: what reading YAML costs at all);
//! - `lint`: parse into the spec format and check (what `alipay-codegen lint` does);
//! - `lint+generate`: lint, then every artifact in memory (Rust, JSON Schema,
//!   OpenAPI, docs), what `generate` does before writing;
//! - `check-unchanged`: `check` on an output tree that is fresh, which lints
//!   and then trusts the manifest (inputs key + SHA-256 of each file) instead
//!   of generating; `check-full` generates and compares every byte.
//!
//! `cargo bench -p alipay-codegen --bench generator`; per-API cost is the time
//! divided by the API count, so linear growth shows as equal per-API costs.
//!
//! The allocator is the command line's (mimalloc, `src/main.rs`), so that the
//! figures are those of `alipay-codegen generate`; parse-yaml, the floor, runs
//! on the same allocator. (A build script runs on the system allocator: with
//! it, lint+generate of 1,000 APIs took about 1.4x as long as here on
//! 2026-12-06, by `examples/emit_times.rs` with and without its
//! `#[global_allocator]` line.)

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "synth.rs"]
mod synth;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use alipay_codegen::spec::{SpecFiles, check};
use alipay_codegen::{emit, write};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const SIZES: [usize; 3] = [10, 100, 1000];

fn tree(n: usize) -> SpecFiles {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("spec");
    SpecFiles {
        files: synth::spec_tree(&spec, n),
        unread: Vec::new(),
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("generator");
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(10));
    for n in SIZES {
        let files = tree(n);
        let model = match check::check(&files) {
            Ok(m) => m,
            Err(d) => panic!(
                "the synthetic specs do not lint:\n{}",
                d.render(&PathBuf::from("synth"))
            ),
        };
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("parse-yaml", n), &files, |b, files| {
            b.iter(|| {
                for (_, bytes) in &files.files {
                    let v: serde_json::Value =
                        serde_saphyr::from_slice(bytes).expect("the synthetic YAML parses");
                    black_box(v);
                }
            })
        });
        g.bench_with_input(BenchmarkId::new("lint", n), &files, |b, files| {
            b.iter(|| black_box(check::check(files).is_ok()))
        });
        g.bench_with_input(BenchmarkId::new("lint+generate", n), &files, |b, files| {
            b.iter(|| {
                let model = check::check(files).expect("lints");
                black_box(emit::generate(&model, &emit::Options::default()))
            })
        });

        // A fresh output tree on disk for the two kinds of check.
        let out = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../target/bench-generator")
            .join(n.to_string());
        let options = emit::Options::default();
        let inputs = emit::inputs_key(&model, &options);
        write::write_all(&out, &emit::generate(&model, &options), Some(&inputs))
            .expect("the bench output directory is writable");
        g.bench_with_input(
            BenchmarkId::new("check-unchanged", n),
            &files,
            |b, files| {
                b.iter(|| {
                    let model = check::check(files).expect("lints");
                    assert!(write::fresh_by_manifest(
                        &out,
                        &emit::inputs_key(&model, &options)
                    ));
                })
            },
        );
        g.bench_with_input(BenchmarkId::new("check-full", n), &files, |b, files| {
            b.iter(|| {
                let model = check::check(files).expect("lints");
                let generated = emit::generate(&model, &options);
                assert!(write::check_all(&out, &generated).is_empty());
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
