//! Where the time of `generate` goes: one run on a synthetic tree of N APIs
//! (`benches/synth.rs`), timing YAML parsing (the floor of the `generator`
//! bench), lint, and each emitter alone (each spreads its files over the
//! cores), then all of them as `generate` runs them. A profiling aid (run it
//! under `perf record` or valgrind); the figures to quote come from
//! `cargo bench -p alipay-codegen --bench generator`.
//!
//! `cargo run --release -p alipay-codegen --example emit_times -- 1000`
//!
//! Each emitter's line ends with a SHA-256 over its files (paths and
//! contents, in order), so that a change meant to make an emitter faster
//! can show it left every byte of a large tree as it was: compare the
//! digests before and after.

#[path = "../benches/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use alipay_codegen::emit;
use alipay_codegen::model::Model;
use alipay_codegen::spec::{SpecFiles, check};
use alipay_codegen::write::OutputFile;

// The command line's allocator, as in the bench; remove the line to see the
// system allocator (what a build script runs on).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let arg = std::env::args().nth(1);
    let Some(n) = arg
        .as_deref()
        .map_or(Some(1000), |a| a.parse::<usize>().ok())
    else {
        eprintln!("usage: emit_times [N]   (N APIs, default 1000)");
        return ExitCode::from(2);
    };
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("spec");
    let files = SpecFiles {
        files: synth::spec_tree(&spec, n),
        unread: Vec::new(),
    };
    let t = Instant::now();
    for (path, bytes) in &files.files {
        if let Err(e) = serde_saphyr::from_slice::<serde_json::Value>(bytes) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    let parse = t.elapsed();
    println!("{n} APIs: parse-yaml {parse:.2?}");
    let t = Instant::now();
    let model = match check::check(&files) {
        Ok(m) => m,
        Err(d) => {
            eprintln!("{}", d.render(&PathBuf::from("synth")));
            return ExitCode::FAILURE;
        }
    };
    println!("lint {:.2?}", t.elapsed());
    type Emitter = fn(&Model) -> Vec<OutputFile>;
    let emitters: [(&str, Emitter); 3] = [
        ("rust", emit::rust::emit),
        ("schema", emit::schema::emit),
        ("docs", emit::docs::emit),
    ];
    for (name, f) in emitters {
        let t = Instant::now();
        let out = f(&model);
        let took = t.elapsed();
        let bytes: usize = out.iter().map(|o| o.contents.len()).sum();
        println!(
            "emit {name} {took:.2?}: {} files, {:.1} MB, sha256 {}",
            out.len(),
            bytes as f64 / 1e6,
            digest(&out)
        );
    }
    let t = Instant::now();
    let all = emit::generate(&model, &emit::Options::default());
    let generate = t.elapsed();
    println!("generate {generate:.2?}: {} files", all.len());
    ExitCode::SUCCESS
}

/// SHA-256 over every file's path and contents, each length-prefixed.
fn digest(files: &[OutputFile]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for f in files {
        let path = f.path.to_string_lossy();
        for part in [path.as_bytes(), &f.contents[..]] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
