//! alipay-codegen: turns YAML specs of Alipay's APIs into Rust models and
//! validators, JSON Schema, OpenAPI and reference docs.
//!
//! The pipeline has separate stages, each in its own module:
//! - [`spec`]: the YAML format, the loader, the parser and the checker;
//! - [`diagnostics`]: what is wrong with a spec, where, and how to fix it;
//! - [`model`]: the checked model every emitter reads;
//! - [`naming`]: spec names to Rust identifiers and output paths, and spec
//!   text made inert in generated files;
//! - [`emit`]: one emitter per artifact, each reading only the model;
//! - [`write`](mod@write): writing output files atomically and only when they change.
//!
//! Beside the pipeline: [`builder`] (the [`Builder`] for build scripts),
//! [`bundled`] (the specs shipped in this package), [`diff`] (what changed
//! between two spec versions, and the version bump it calls for),
//! [`spec_schema`] (the spec format's own JSON Schema) and [`parallel`] (the
//! deterministic parallel map the stages use per file or per API).

#![forbid(unsafe_code)]

pub mod builder;
pub mod bundled;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod model;
pub mod naming;
pub mod parallel;
pub mod spec;
pub mod spec_schema;
pub mod write;

pub use builder::Builder;
pub use model::Model;
pub use spec::{Diagnostic, Diagnostics, LoadError, load_dir};
