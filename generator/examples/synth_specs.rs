//! Writes a synthetic spec tree of N APIs shaped like the real ones (see
//! `benches/synth.rs`), to measure the CLI on it, e.g. peak memory:
//!
//! ```text
//! cargo run --release -p alipay-codegen --example synth_specs -- 1000 target/synth/spec
//! /usr/bin/time -v target/release/alipay-codegen generate --spec target/synth/spec --out target/synth/out
//! ```

#[path = "../benches/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(out)) = (args.first().and_then(|n| n.parse().ok()), args.get(1)) else {
        eprintln!("usage: synth_specs N OUT_DIR");
        return ExitCode::from(2);
    };
    let out = PathBuf::from(out);
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("spec");
    let _ = std::fs::remove_dir_all(&out);
    for (rel, bytes) in synth::spec_tree(&spec, n) {
        let p = out.join(rel);
        if let Err(e) = std::fs::create_dir_all(p.parent().expect("a parent"))
            .and_then(|()| std::fs::write(&p, bytes))
        {
            eprintln!("error: writing {}: {e}", p.display());
            return ExitCode::from(2);
        }
    }
    eprintln!("{n} APIs written to {}", out.display());
    ExitCode::SUCCESS
}
