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

use std::path::PathBuf;

use alipay_codegen::{bundled, spec};
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
