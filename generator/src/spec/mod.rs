//! Reading specs: the YAML format ([`raw`]), loading files ([`load`]), and
//! checking them into the model ([`check`]), with diagnostics ([`diag`]).

pub mod check;
/// Diagnostics moved to [`crate::diagnostics`]; the old path stays.
pub use crate::diagnostics as diag;
pub mod gate;
pub mod load;
pub mod raw;
mod shape;

pub use diag::{Diagnostic, Diagnostics};
pub use load::{LoadError, SpecFiles, load_dir};
