//! The input of the spec targets (`spec_loader`, `spec_emit`): a spec-relative
//! path, a newline, then that file's bytes, put into the bundled spec tree in
//! place of (or beside) the file of that name.

use std::path::PathBuf;

use alipay_codegen::bundled;
use alipay_codegen::spec::SpecFiles;

/// The bundled spec tree with the input's file in it; `None` for an input
/// whose path is not one a spec directory is read from (`SpecFiles::read_dir`).
pub fn spec_tree(data: &[u8]) -> Option<SpecFiles> {
    let i = data.iter().position(|&b| b == b'\n')?;
    let path = std::str::from_utf8(&data[..i]).ok()?;
    let readable = path == "sources.yaml"
        || ["codes/", "types/", "apis/"].iter().any(|dir| {
            path.strip_prefix(dir)
                .is_some_and(|f| !f.contains('/') && f.len() > 5 && f.ends_with(".yaml"))
        });
    if !readable {
        return None;
    }
    let path = PathBuf::from(path);
    let mut files = bundled::spec_files();
    match files.files.iter_mut().find(|(p, _)| *p == path) {
        Some((_, bytes)) => *bytes = data[i + 1..].to_vec(),
        None => {
            files.files.push((path, data[i + 1..].to_vec()));
            files.files.sort();
        }
    }
    Some(files)
}
