//! The spec loader and checker (`alipay-codegen lint`). `spec_emit` runs the
//! emitters on what it accepts (slower, so a separate target).
//!
//! Input: `<relative path>\n<file bytes>`: the repository's specs (bundled in
//! the generator) with that file replaced, or added when the path is new
//! (`apis/x.yaml`, `types/t.yaml`, `sources.yaml`, ...). Starting from the
//! real tree keeps most inputs close to valid, so the checks behind the YAML
//! parser are reached.
//!
//! Properties: nothing panics in the loader or the checker; an accepted tree
//! has one API per file under `apis/`; every refusal carries at least one
//! diagnostic, each rendered with its file.
#![no_main]

use alipay_codegen::spec;
use libfuzzer_sys::fuzz_target;

#[path = "shared/spec_input.rs"]
mod spec_input;

fuzz_target!(|data: &[u8]| {
    let Some(files) = spec_input::spec_tree(data) else {
        return;
    };
    match spec::check::check(&files) {
        // No API disappears: every file under apis/ is an API of the model.
        Ok(model) => assert_eq!(
            model.apis.len(),
            files
                .files
                .iter()
                .filter(|(p, _)| p.starts_with("apis"))
                .count(),
            "lint accepted a tree and lost an API"
        ),
        Err(diags) => {
            assert!(!diags.is_empty(), "refused without a diagnostic");
            let text = diags.render(std::path::Path::new("spec"));
            assert!(text.contains("spec"), "diagnostics name no file:\n{text}");
        }
    }
});
