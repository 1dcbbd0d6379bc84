//! Reading specs, in three steps that call only forward:
//! [`load`] reads the files of a spec directory (bytes, nothing parsed),
//! [`parse`] parses them into the YAML format ([`raw`]), and [`check`] builds
//! the checked model from them ([`whole_model`]: the whole-model checks it runs
//! last). Problems are [`Diagnostic`]s ([`crate::diagnostics`]).

pub mod check;
pub mod load;
pub mod parse;
pub mod raw;
mod shape;
pub mod whole_model;

/// Diagnostics moved to [`crate::diagnostics`]; the old path stays.
pub use crate::diagnostics as diag;
pub use crate::diagnostics::{Diagnostic, Diagnostics};
pub use load::{LoadError, SpecFiles};

use std::path::Path;

/// Reads and checks the specs under `dir`.
pub fn load_dir(dir: &Path) -> Result<crate::model::Model, LoadError> {
    let files = SpecFiles::read_dir(dir)?;
    check::check(&files).map_err(LoadError::Invalid)
}
