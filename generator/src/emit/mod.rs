//! Emitters: each turns the checked [`Model`] into files, reading nothing else.
//!
//! - `rust`: the `alipay-models` crate sources (models, validators, result codes);
//! - [`schema`]: JSON Schema per message and the OpenAPI document;
//! - `docs`: reference docs in Markdown (cargo feature `docs`, which brings
//!   tera; a build script generating Rust only does not compile it).
//!
//! Every emitter returns [`OutputFile`]s relative to the output directory;
//! [`crate::write`] puts them on disk.

#[cfg(feature = "docs")]
pub mod docs;
pub mod rust;
pub mod schema;

use crate::model::Model;
use crate::write::OutputFile;

/// Which artifacts to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Rust sources of the models crate.
    pub rust: bool,
    /// JSON Schema files and openapi.yaml.
    pub schema: bool,
    /// Markdown reference docs (with the cargo feature `docs`; without it
    /// they are not generated).
    pub docs: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            rust: true,
            schema: true,
            docs: cfg!(feature = "docs"),
        }
    }
}

/// What [`generate`]'s output depends on, for the output manifest: this
/// generator (its version, and a fingerprint of its sources and templates
/// taken when it was compiled), the specs (their hash) and the artifacts
/// asked for. Equal keys mean equal output, which lets `check` and `generate`
/// skip generating when the manifest already names this key (see
/// [`crate::write::fresh_by_manifest`]). It describes what the command line
/// writes; [`crate::Builder`] output (API selection, one file, schemars) is
/// not keyed, and its manifest carries no key.
pub fn inputs_key(model: &Model, options: &Options) -> String {
    let artifacts: Vec<&str> = [
        (options.rust, "rust"),
        (options.schema, "schema"),
        (options.docs, "docs"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, name)| *name)
    .collect();
    format!(
        "alipay-codegen {} source {} specs {} artifacts {}",
        env!("CARGO_PKG_VERSION"),
        env!("ALIPAY_CODEGEN_SOURCE_HASH"),
        model.spec_hash,
        artifacts.join(",")
    )
}

/// Everything `generate` writes for `model`, in a deterministic order.
///
/// The emitters read only the model, so they run side by side (each also
/// spreads its per-API files over the cores); the single large files (the
/// OpenAPI document, the docs index) then overlap with the Rust emission
/// instead of running after it.
pub fn generate(model: &Model, options: &Options) -> Vec<OutputFile> {
    let run = |on: bool, emit: fn(&Model) -> Vec<OutputFile>| {
        if on { emit(model) } else { Vec::new() }
    };
    let (mut files, schema, docs) = std::thread::scope(|s| {
        let schema = s.spawn(|| run(options.schema, schema::emit));
        #[cfg(feature = "docs")]
        let docs = s.spawn(|| run(options.docs, docs::emit));
        #[cfg(not(feature = "docs"))]
        let docs = s.spawn(Vec::new);
        let rust = run(options.rust, rust::emit);
        let join = |h: std::thread::ScopedJoinHandle<'_, Vec<OutputFile>>| {
            h.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        };
        (rust, join(schema), join(docs))
    });
    files.extend(schema);
    files.extend(docs);
    files.sort_by(|a: &OutputFile, b: &OutputFile| a.path.cmp(&b.path));
    files
}
