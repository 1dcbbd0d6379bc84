//! Names and text on their way from a spec into generated files.
//!
//! - [`ident`]: the spelling rules, a spec name (camelCase wire name,
//!   UPPER_SNAKE result code, type name) to a valid Rust identifier
//!   (`snake_case`, `UpperCamel`, raw identifiers for keywords);
//! - [`names`]: every identifier and output path the emitters produce,
//!   computed in one place from [`ident`], and the check that no two spec
//!   definitions get the same one ([`names::collisions`]);
//! - [`text`]: spec prose (descriptions, messages, notes) made inert in each
//!   artifact, escaped for Markdown and rustdoc and never turned into code.

pub mod ident;
pub mod names;
pub mod text;
