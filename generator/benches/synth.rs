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
    let names: Vec<&str> = templates.iter().map(|(n, _)| n.as_str()).collect();
    let mut types: Vec<String> = templates
        .iter()
        .flat_map(|(_, t)| notify_types(t))
        .collect();
    // Longest first, so that a value containing another is replaced whole.
    types.sort_by_key(|t| std::cmp::Reverse(t.len()));
    for i in 0..n {
        let (name, template) = &templates[i % templates.len()];
        files.push((
            PathBuf::from(format!("apis/{name}S{i}.yaml")),
            rename(template, i, n, &names, &types).into_bytes(),
        ));
    }
    files.sort();
    files
}

/// The notifyType values of a spec (its request's `notifyType` field: the
/// fixed value or the enum values), read from the spec rather than listed, so
/// that a notification added to `spec/` is cloned with unique values too.
fn notify_types(template: &str) -> Vec<String> {
    let doc: serde_json::Value = serde_saphyr::from_str(template).expect("a spec parses");
    let fields = doc["request"]["fields"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let Some(f) = fields.iter().find(|f| f["name"] == "notifyType") else {
        return Vec::new();
    };
    let mut out: Vec<String> = f["fixed"].as_str().map(str::to_owned).into_iter().collect();
    for v in f["values"].as_array().into_iter().flatten() {
        out.extend(v["value"].as_str().map(str::to_owned));
    }
    out
}

/// The clone an `inquiry: api:` of clone `i` names: the clone of that API in
/// the same round of the templates (or the round before, when this round
/// stops before it); `None` when there is none.
fn inquiry_clone(api: &str, i: usize, n: usize, names: &[&str]) -> Option<String> {
    let k = names.iter().position(|m| *m == api)?;
    let round = i - i % names.len();
    let j = [round + k, (round + k).checked_sub(names.len())?]
        .into_iter()
        .find(|j| *j < n)?;
    Some(format!("{api}S{j}"))
}

/// One clone of a real API, with every name that must be unique suffixed,
/// and its inquiry naming a clone of the API it names.
fn rename(template: &str, i: usize, n: usize, names: &[&str], types: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    // The clone the inquiry names; with none in the tree, the block is left out.
    let mut inquiry = None;
    let mut in_inquiry = false;
    for line in template.lines() {
        if !line.starts_with(' ') {
            in_inquiry = line == "inquiry:";
        }
        if let (true, Some(api)) = (in_inquiry, line.strip_prefix("  api: ")) {
            inquiry = inquiry_clone(api.trim(), i, n, names);
        }
    }
    for line in template.lines() {
        if !line.starts_with(' ') {
            in_inquiry = line == "inquiry:";
        }
        if in_inquiry && inquiry.is_none() {
            continue;
        }
        let renamed = if let Some(name) = line.strip_prefix("name: ") {
            format!("name: {name}S{i}")
        } else if let (true, Some(clone)) = (in_inquiry && line.starts_with("  api: "), &inquiry) {
            format!("  api: {clone}")
        } else if let Some(path) = line.strip_prefix("  path: ") {
            format!("  path: {path}/s{i}")
        } else {
            let mut l = line.to_owned();
            for t in types {
                l = l.replace(t.as_str(), &format!("{t}_S{i}"));
            }
            l
        };
        out.push_str(&renamed);
        out.push('\n');
    }
    out
}
