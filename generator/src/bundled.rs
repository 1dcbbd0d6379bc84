//! The specs shipped inside this package (the repository's `spec/`), for build
//! scripts that generate without a spec directory of their own.

use std::path::PathBuf;

use crate::spec::SpecFiles;

include!(concat!(env!("OUT_DIR"), "/bundled_specs.rs"));

/// The bundled spec files, as if read from a directory.
pub fn spec_files() -> SpecFiles {
    SpecFiles {
        files: BUNDLED_SPECS
            .iter()
            .map(|(p, b)| (PathBuf::from(p), b.to_vec()))
            .collect(),
        unread: Vec::new(),
    }
}
