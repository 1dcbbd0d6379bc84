//! Validation cost of every message, from the catalog: no list of messages here.
//!
//! `cargo bench -p alipay-models --bench every_message`
//!
//! For each message of `alipay_models::catalog::MESSAGES` and one valid case
//! of its payload corpus (`tests/payloads/<api>.<message>/valid/*.json`, read
//! once before any timing; see `representative_case` for which), two
//! functions over the same bytes:
//!
//! - `floor`: the entry's `parse_json` (serde into the generated struct,
//!   boxed as the catalog returns it), no validation;
//! - `generated`: the same `parse_json`, then `validate()` (every violation).
//!
//! Both go through the same function pointer and the same box, so their ratio
//! is what validation adds to parsing. A message added to the specs is
//! measured here with no edit. `validate.rs` compares four messages with garde
//! and jsonschema as well; this bench covers the rest, including pay's nested
//! request.
//!
//! `EVERY_MESSAGE_ONLY=<api>.<message>` limits the run to one message.
//! `EVERY_MESSAGE_ITERS=<api>.<message>/<floor|generated>=N` runs that
//! function N times without criterion, for counting instructions
//! (`tools/bench-every-message.sh` runs callgrind with N and with 0 for every
//! message and prints the ratio per message).

use std::hint::black_box;
use std::path::{Path, PathBuf};

use alipay_models::catalog::{MESSAGES, MessageEntry};
use criterion::{Criterion, Throughput, criterion_group};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The valid cases of a message, sorted by file name: (file name, bytes).
fn valid_cases(m: &MessageEntry) -> Vec<(String, Vec<u8>)> {
    let dir: PathBuf = root().join(format!("tests/payloads/{}/valid", m.name()));
    let mut cases: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, bytes)
        })
        .collect();
    cases.sort();
    cases
}

fn floor(m: &MessageEntry, bytes: &[u8]) {
    drop(black_box((m.parse_json)(black_box(bytes))));
}

fn generated(m: &MessageEntry, bytes: &[u8]) {
    let parsed = (m.parse_json)(black_box(bytes)).expect("a valid case parses");
    black_box(parsed.validate().is_ok());
}

/// `EVERY_MESSAGE_ITERS=<api>.<message>/<function>=N`.
fn iters() -> Option<(String, String, usize)> {
    let v = std::env::var("EVERY_MESSAGE_ITERS").ok()?;
    let (id, n) = v
        .rsplit_once('=')
        .expect("EVERY_MESSAGE_ITERS=<api>.<message>/<function>=N");
    let (name, which) = id
        .split_once('/')
        .expect("EVERY_MESSAGE_ITERS=<api>.<message>/<function>=N");
    Some((name.to_owned(), which.to_owned(), n.parse().expect("N")))
}

/// The message's most representative valid case: a document's verbatim
/// sample (`seed-*`, `example-*`) when there is one, else a case with every
/// field (`*every*`), else any case but the length-limit ones (`*max-length*`,
/// whose one long string would make the run measure character counting);
/// among those the largest (the last of equal size, by name). Checked to
/// parse and validate.
fn representative_case(m: &MessageEntry) -> (String, Vec<u8>) {
    let name = m.name();
    let cases = valid_cases(m);
    assert!(!cases.is_empty(), "{name}: no valid case in tests/payloads");
    let tiers: [fn(&str) -> bool; 3] = [
        |c| c.starts_with("seed-") || c.starts_with("example-"),
        |c| c.contains("every"),
        |c| !c.contains("max-length"),
    ];
    let pick = tiers
        .iter()
        .find(|tier| cases.iter().any(|(c, _)| tier(c)))
        .copied()
        .unwrap_or(|_| true);
    let (case, bytes) = cases
        .into_iter()
        .filter(|(c, _)| pick(c))
        .max_by_key(|(_, b)| b.len())
        .expect("a case");
    let parsed = (m.parse_json)(&bytes).unwrap_or_else(|e| panic!("{name}/{case}: {e}"));
    assert!(
        parsed.validate().is_ok(),
        "{name}/{case}: a valid case does not validate"
    );
    (case, bytes)
}

fn benches(c: &mut Criterion) {
    if let Some((name, which, n)) = iters() {
        let m = MESSAGES
            .iter()
            .find(|m| m.name() == name)
            .unwrap_or_else(|| panic!("no message {name} in the catalog"));
        let (case, bytes) = representative_case(m);
        eprintln!("case: {case}");
        let f = match which.as_str() {
            "floor" => floor,
            "generated" => generated,
            other => panic!("no function {other}: floor or generated"),
        };
        for _ in 0..n {
            f(m, &bytes);
        }
        return;
    }
    let only = std::env::var("EVERY_MESSAGE_ONLY").ok();
    for m in MESSAGES {
        let name = m.name();
        if only.as_ref().is_some_and(|o| *o != name) {
            continue;
        }
        let (case, bytes) = representative_case(m);
        let bytes = &bytes[..];
        eprintln!("{name}/{case}: {} bytes", bytes.len());
        let mut g = c.benchmark_group(format!("{name}/{case}"));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function("floor", |b| b.iter(|| floor(m, bytes)));
        g.bench_function("generated", |b| b.iter(|| generated(m, bytes)));
        g.finish();
    }
}

criterion_group!(every_message, benches);

fn main() {
    if iters().is_some() {
        benches(&mut Criterion::default());
        return;
    }
    every_message();
    Criterion::default().configure_from_args().final_summary();
}
