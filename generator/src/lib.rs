//! alipay-codegen: turns YAML specs of Alipay's APIs into Rust models and
//! validators, JSON Schema, OpenAPI and reference docs.
//!
//! The pipeline has separate stages, each in its own module:
//! - [`spec`]: the YAML format, the loader, the parser and the checker;
//! - [`diagnostics`]: what is wrong with a spec, where, and how to fix it;
//! - [`model`]: the checked model every emitter reads;
//! - [`emit`]: one emitter per artifact, each reading only the model;
//! - [`write`]: writing output files atomically and only when they change.

#![forbid(unsafe_code)]

pub mod builder;
pub mod bundled;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod model;
pub mod naming;
pub mod par;
pub mod spec;
pub mod spec_schema;
pub mod write;

pub use builder::Builder;
pub use model::Model;
pub use spec::{Diagnostic, Diagnostics, LoadError, load_dir};
