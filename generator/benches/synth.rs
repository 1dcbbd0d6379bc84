//! Synthetic spec trees shaped like the real ones, for the generator
//! benchmarks and for measuring peak memory (`examples/synth_specs.rs`).
//!
//! `n` APIs are made by cycling through the three real APIs of `spec/apis/`
//! (a notification with a fixed notifyType, one with an enum and a
//! conditional field, a request/response pair with a result-code table that
//! references shared codes), each renamed so that names, HTTP paths and
//! notifyType values stay unique. The shared types, shared codes and the
//! sources file are the real ones, so every clone exercises the same mix of
//! types, codes, conditionals and discrepancies as the documents.

use std::path::{Path, PathBuf};

/// The spec tree with `n` APIs, as (path relative to the spec directory, bytes).
pub fn spec_tree(spec_dir: &Path, n: usize) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut templates = Vec::new();
    for sub in ["", "codes", "types", "apis"] {
        let dir = spec_dir.join(sub);
        let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        names.sort();
        for p in names {
            let text = std::fs::read_to_string(&p).expect("a spec file");
            let rel = p.strip_prefix(spec_dir).expect("under spec/").to_path_buf();
            if sub == "apis" {
                let name = p
                    .file_stem()
                    .expect("a file name")
                    .to_string_lossy()
                    .into_owned();
                templates.push((name, text));
            } else {
                files.push((rel, text.into_bytes()));
            }
        }
    }
    assert!(
        !templates.is_empty(),
        "no APIs under {}",
        spec_dir.display()
    );
    for i in 0..n {
        let (name, template) = &templates[i % templates.len()];
        files.push((
            PathBuf::from(format!("apis/{name}S{i}.yaml")),
            rename(template, i).into_bytes(),
        ));
    }
    files.sort();
    files
}

/// The notifyType values of the real specs: unique per notification.
const NOTIFY_TYPES: [&str; 4] = [
    "CAPTURE_RESULT",
    "PAYMENT_RESULT",
    "OFFLINE_PAYMENT_CODE",
    "PAYMENT_PENDING",
];

/// One clone of a real API, with every name that must be unique suffixed.
fn rename(template: &str, i: usize) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    for line in template.lines() {
        let renamed = if let Some(name) = line.strip_prefix("name: ") {
            format!("name: {name}S{i}")
        } else if let Some(path) = line.strip_prefix("  path: ") {
            format!("  path: {path}/s{i}")
        } else {
            let mut l = line.to_owned();
            for t in NOTIFY_TYPES {
                l = l.replace(t, &format!("{t}_S{i}"));
            }
            l
        };
        out.push_str(&renamed);
        out.push('\n');
    }
    out
}
