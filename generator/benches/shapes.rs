//! Lint on pathological shapes, against parsing the same YAML in the same
//! run (issue 13: lint on a chain of 1,000 types took 20 s, because the
//! cycle check cloned the whole path at every step):
//!
//! - `deep-chain/<n>`: the minimal fixture plus shared types `Deep1` ->
//!   `Deep2` -> ... -> `Deep<n>`, each holding the next, and `Amount`
//!   holding `Deep1` (beyond 32 levels lint refuses the spec, after running
//!   every check);
//! - `wide-message/<n>`: the minimal fixture's notification request with `n`
//!   more fields (beyond 1,000 refused, likewise);
//! - for each, `parse-yaml` (every file into a generic YAML value: the floor)
//!   and `lint` (parse into the spec format, check, and the whole-model checks),
//!   and for wide messages within the limit `lint+generate` (every artifact).
//!
//! Linear growth shows as a constant lint / parse-yaml ratio across sizes.
//! `cargo bench -p alipay-codegen --bench shapes`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use alipay_codegen::emit;
use alipay_codegen::spec::{SpecFiles, check};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn minimal() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/minimal");
    let mut out = Vec::new();
    for sub in ["", "codes", "types", "apis"] {
        let d = dir.join(sub);
        let mut names: Vec<PathBuf> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        names.sort();
        for p in names {
            let rel = p.strip_prefix(&dir).unwrap().to_path_buf();
            out.push((rel, std::fs::read(&p).unwrap()));
        }
    }
    out
}

fn replace(files: &mut [(PathBuf, Vec<u8>)], rel: &str, from: &str, to: &str) {
    let f = files
        .iter_mut()
        .find(|(p, _)| p == Path::new(rel))
        .expect("a fixture file");
    let text = String::from_utf8(f.1.clone()).unwrap();
    assert!(text.contains(from), "{rel}: {from}");
    f.1 = text.replacen(from, to, 1).into_bytes();
}

fn deep_chain(n: usize) -> SpecFiles {
    let mut files = minimal();
    replace(
        &mut files,
        "types/Amount.yaml",
        "fields:\n",
        "fields:\n  - name: deep\n    type: object\n    ref: Deep1\n    description: \"Deep.\"\n    sources: [DOC-A]\n",
    );
    for i in 1..=n {
        let next = if i < n {
            format!(
                "  - name: next\n    type: object\n    ref: Deep{}\n    description: \"Deeper.\"\n    sources: [DOC-A]\n",
                i + 1
            )
        } else {
            String::new()
        };
        files.push((
            PathBuf::from(format!("types/Deep{i}.yaml")),
            format!("name: Deep{i}\ndescription: \"Level {i}.\"\nsources: [DOC-A]\nfields:\n  - name: label\n    type: string\n    description: \"A label.\"\n    sources: [DOC-A]\n{next}").into_bytes(),
        ));
    }
    files.sort();
    SpecFiles {
        files,
        unread: Vec::new(),
    }
}

fn wide_message(n: usize) -> SpecFiles {
    let mut files = minimal();
    let extra: String = (0..n)
        .map(|k| format!("    - name: extra{k}\n      type: string\n      max_length: 32\n      description: \"Extra {k}.\"\n      sources: [DOC-A]\n"))
        .collect();
    replace(
        &mut files,
        "apis/notifyThing.yaml",
        "    - name: thingCount\n",
        &format!("{extra}    - name: thingCount\n"),
    );
    SpecFiles {
        files,
        unread: Vec::new(),
    }
}

fn parse_yaml(files: &SpecFiles) {
    for (_, bytes) in &files.files {
        let v: serde_json::Value = serde_saphyr::from_slice(bytes).expect("the YAML parses");
        black_box(v);
    }
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("shapes");
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(5));
    for n in [100, 1_000, 10_000] {
        let files = deep_chain(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(
            BenchmarkId::new("deep-chain/parse-yaml", n),
            &files,
            |b, f| b.iter(|| parse_yaml(f)),
        );
        g.bench_with_input(BenchmarkId::new("deep-chain/lint", n), &files, |b, f| {
            b.iter(|| black_box(check::check(f).is_ok()))
        });
    }
    for n in [100, 1_000, 10_000] {
        let files = wide_message(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(
            BenchmarkId::new("wide-message/parse-yaml", n),
            &files,
            |b, f| b.iter(|| parse_yaml(f)),
        );
        g.bench_with_input(BenchmarkId::new("wide-message/lint", n), &files, |b, f| {
            b.iter(|| black_box(check::check(f).is_ok()))
        });
        if n < alipay_codegen::spec::whole_model::MAX_FIELDS {
            g.bench_with_input(
                BenchmarkId::new("wide-message/lint+generate", n),
                &files,
                |b, f| {
                    b.iter(|| {
                        let model = check::check(f).expect("lints");
                        black_box(emit::generate(&model, &emit::Options::default()))
                    })
                },
            );
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
