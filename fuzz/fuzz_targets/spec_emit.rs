//! The emitters (Rust crate, single file, JSON Schema, OpenAPI, docs) on
//! every spec tree lint accepts; `spec_loader` is the faster lint-only target.
//!
//! Input: `<relative path>\n<file bytes>`: the repository's specs (bundled in
//! the generator) with that file replaced, or added when the path is new
//! (`apis/x.yaml`, `types/t.yaml`, `sources.yaml`, ...). Starting from the
//! real tree keeps most inputs close to valid, so the checks behind the YAML
//! parser are reached.
//!
//! Properties: nothing panics, in the loader, the checker or, for a tree it
//! accepts, any emitter; every refusal carries at least one diagnostic, each
//! rendered with its file.
#![no_main]

use std::path::PathBuf;

use alipay_codegen::{bundled, emit, spec};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(i) = data.iter().position(|&b| b == b'\n') else {
        return;
    };
    let Ok(path) = std::str::from_utf8(&data[..i]) else {
        return;
    };
    // Only paths a spec directory is read from (`SpecFiles::read_dir`).
    let readable = path == "sources.yaml"
        || ["codes/", "types/", "apis/"].iter().any(|dir| {
            path.strip_prefix(dir)
                .is_some_and(|f| !f.contains('/') && f.len() > 5 && f.ends_with(".yaml"))
        });
    if !readable {
        return;
    }
    let path = PathBuf::from(path);
    let mut files = bundled::spec_files();
    match files.files.iter_mut().find(|(p, _)| *p == path) {
        Some((_, bytes)) => *bytes = data[i + 1..].to_vec(),
        None => {
            files.files.push((path, data[i + 1..].to_vec()));
            files.files.sort();
        }
    }
    match spec::check::check(&files) {
        Ok(model) => {
            let out = emit::generate(&model, &emit::Options::default());
            assert!(!out.is_empty());
            let _ = emit::rust::single_file(&model, false, false);
        }
        Err(diags) => {
            assert!(!diags.is_empty(), "refused without a diagnostic");
            let text = diags.render(std::path::Path::new("spec"));
            assert!(text.contains("spec"), "diagnostics name no file:\n{text}");
        }
    }
});
