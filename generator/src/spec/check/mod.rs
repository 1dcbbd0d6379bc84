//! Interpretation: parsed YAML ([`super::raw`]) -> checked model
//! ([`crate::model`]). Every problem is collected; nothing stops at the first.
//!
//! [`check`] runs the steps in order, one file per kind of thing checked:
//! - `sources`: `sources.yaml`, and every citation of it;
//! - `types`: shared types, field types, reference cycles;
//! - `codes`: shared result codes and each API's result codes;
//! - `apis`: API names and files, HTTP, the parts of one API;
//! - `messages`, `fields`, `constraints`, `conditions`: a message's
//!   fields, their keys and values, constraints on shared objects, and the
//!   conditions and relations between fields;
//! - `notifications`: what only a notification has (`pending`, `retry`);
//! - `discrepancies` and `examples`: recorded disagreements, and the
//!   documents' example messages checked against the rules.
//!
//! Whole-model checks run last ([`super::whole_model`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::load::SpecFiles;
use super::parse::parse_all;
use super::raw::{self, Sp};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{self, Model, Provenance};
use crate::naming::ident;

mod apis;
mod codes;
mod conditions;
mod constraints;
mod discrepancies;
mod examples;
mod fields;
mod messages;
mod notifications;
mod sources;
mod types;

/// The shared types by name, with the file each is defined in.
type Types<'a> = BTreeMap<String, (&'a PathBuf, &'a raw::TypeFile)>;

/// The shared result codes by code: file, raw entry, checked code.
type SharedCodes<'a> = BTreeMap<String, (PathBuf, &'a raw::ResultCode, model::ResultCode)>;

/// Checks the spec files and builds the model, or returns every problem found.
pub fn check(files: &SpecFiles) -> Result<Model, Diagnostics> {
    let mut diags = Diagnostics::default();
    let parsed = parse_all(files, &mut diags);
    let mut cx = Checker {
        diags,
        sources: BTreeSet::new(),
        // Without a readable sources.yaml, every citation would be reported
        // as unknown: one cause, reported once (by the loader).
        sources_read: parsed.sources.is_some(),
    };
    let sources = cx.sources_file(parsed.sources.as_ref());
    cx.sources = sources.keys().cloned().collect();
    // Shared types: names first, so fields can refer to any of them.
    let raw_types = cx.type_names(&parsed.types);
    let types = cx.shared_types(&raw_types);
    cx.cycles(&raw_types);
    let shared = cx.shared_codes(&parsed.codes);
    let apis = cx.apis(&parsed.apis, &raw_types, &shared, &types);

    let mut diags = cx.diags;
    if !diags.is_empty() {
        diags.finish();
        return Err(diags);
    }
    let model = Model {
        sources,
        types,
        shared_codes: shared.into_values().map(|(_, _, c)| c).collect(),
        apis,
        files: files.files.iter().map(|(p, _)| p.clone()).collect(),
        spec_hash: spec_hash(files),
    };
    // Whole-model checks: what the emitters will make of it.
    let mut diags = Diagnostics(super::whole_model::check_model(&model));
    if !diags.is_empty() {
        diags.finish();
        return Err(diags);
    }
    Ok(model)
}

/// SHA-256 over every file's path and bytes, in order.
fn spec_hash(files: &SpecFiles) -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::default();
    for (p, bytes) in &files.files {
        hasher.update(p.to_string_lossy().replace('\\', "/").as_bytes());
        hasher.update([0u8]);
        hasher.update(bytes);
        hasher.update([0u8]);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn prov<T>(rel: &Path, at: &Sp<T>, sources: &[Sp<String>]) -> Provenance {
    Provenance {
        file: rel.to_string_lossy().replace('\\', "/"),
        line: at.line,
        sources: sources.iter().map(|s| s.value.clone()).collect(),
    }
}

/// Collects the diagnostics of one run.
struct Checker {
    diags: Diagnostics,
    /// The source ids sources.yaml defines.
    sources: BTreeSet<String>,
    /// Whether sources.yaml was read (else citations are not checked).
    sources_read: bool,
}

/// A pushed diagnostic that can still take help text.
struct Pushed<'a>(&'a mut Diagnostic);

impl Pushed<'_> {
    fn help(self, h: impl Into<String>) {
        self.0.help = Some(h.into());
    }
}

impl Checker {
    fn err<T>(&mut self, rel: &Path, at: &Sp<T>, msg: impl Into<String>) -> Pushed<'_> {
        self.diags
            .push(Diagnostic::new(rel, at.line, at.column, msg));
        Pushed(self.diags.0.last_mut().expect("just pushed"))
    }

    /// A file `<dir>/<Name>.yaml` defines `Name`.
    fn stem_matches(&mut self, rel: &Path, name: &Sp<String>, what: &str) {
        let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if stem != name.value {
            let n = name.value.clone();
            self.err(
                rel,
                name,
                format!("{what} `{n}` is in a file named `{stem}.yaml`"),
            )
            .help(format!(
                "name the file `{n}.yaml`, so that each {what} is found where its name says"
            ));
        }
    }

    /// No two names become the same Rust name.
    fn camel_collisions<'a, T: 'a>(
        &mut self,
        items: impl Iterator<Item = (&'a Path, &'a Sp<T>, &'a str)>,
        what: &str,
    ) {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (rel, at, name) in items {
            let id = ident::to_upper_camel(name);
            match seen.get(&id) {
                Some(other) if other != name => {
                    let other = other.clone();
                    self.err(
                        rel,
                        at,
                        format!("{what} `{name}` and `{other}` both become the Rust name `{id}`"),
                    )
                    .help("rename one of them; generated code needs distinct identifiers");
                }
                _ => {
                    seen.insert(id, name.to_string());
                }
            }
        }
    }
}
