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

use alipay_codegen::{emit, spec};
use libfuzzer_sys::fuzz_target;

#[path = "shared/spec_input.rs"]
mod spec_input;

fuzz_target!(|data: &[u8]| {
    let Some(files) = spec_input::spec_tree(data) else {
        return;
    };
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
