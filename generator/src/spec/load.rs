//! Reading a spec directory: which files it holds, as bytes ([`SpecFiles`]).
//! Nothing here parses or checks them: [`super::parse`] parses the bytes and
//! [`super::check`] builds the model from them.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};

/// A spec file larger than this is refused before parsing.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// The spec files of a directory, as bytes, with paths relative to it.
#[derive(Debug, Clone, Default)]
pub struct SpecFiles {
    /// Sorted by path.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// Entries of the spec directory that are not read, each with the reason
    /// (a directory, a dangling symlink, a FIFO, `.YAML` casing, a name that
    /// is not UTF-8, ...): lint reports them, so that no spec is silently
    /// left out.
    pub unread: Vec<Diagnostic>,
}

/// Why a spec directory could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The directory or a file could not be read (exit code 2).
    Io { path: PathBuf, error: io::Error },
    /// The specs were read and are wrong (exit code 1).
    Invalid(Diagnostics),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            LoadError::Invalid(d) => write!(f, "{d}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// Which kind of file a path under the spec directory is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Sources,
    Codes,
    Type,
    Api,
}

pub(crate) fn kind_of(rel: &Path) -> Option<FileKind> {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    match parts.as_slice() {
        ["sources.yaml"] => Some(FileKind::Sources),
        ["codes", f] if f.ends_with(".yaml") => Some(FileKind::Codes),
        ["types", f] if f.ends_with(".yaml") => Some(FileKind::Type),
        ["apis", f] if f.ends_with(".yaml") => Some(FileKind::Api),
        _ => None,
    }
}

/// The folders of a spec directory.
const FOLDERS: [&str; 3] = ["codes", "types", "apis"];

/// What a directory entry is, following symlinks.
enum Entry {
    File(u64),
    Dir,
    /// Not read, with the reason.
    Other(String),
}

fn entry_kind(path: &Path) -> Entry {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Entry::File(m.len()),
        Ok(m) if m.is_dir() => Entry::Dir,
        Ok(_) => Entry::Other(
            "is not a regular file (a FIFO, socket or device), so it is not read".into(),
        ),
        Err(e) => match std::fs::symlink_metadata(path) {
            Ok(l) if l.file_type().is_symlink() => Entry::Other(format!(
                "is a symlink that leads to no file (dangling, or a loop: {e}), so it is not read"
            )),
            _ => Entry::Other(format!("cannot be inspected ({e}), so it is not read")),
        },
    }
}

impl SpecFiles {
    /// Reads `sources.yaml`, `codes/*.yaml`, `types/*.yaml` and `apis/*.yaml`
    /// under `dir`. Every other entry is reported in [`SpecFiles::unread`]
    /// (lint refuses them), except hidden entries (`.git`, `.gitkeep`, ...)
    /// and, at the top, `*.json`, `*.md` and `README*` files (the spec's
    /// JSON Schema and notes). `.yml` files are read so that the checker names them.
    pub fn read_dir(dir: &Path) -> Result<SpecFiles, LoadError> {
        let io_err = |path: &Path| {
            let path = path.to_path_buf();
            move |error| LoadError::Io { path, error }
        };
        let meta = std::fs::metadata(dir).map_err(io_err(dir))?;
        if !meta.is_dir() {
            return Err(LoadError::Io {
                path: dir.to_path_buf(),
                error: io::Error::new(io::ErrorKind::InvalidInput, "not a directory"),
            });
        }
        let mut out = SpecFiles::default();
        let mut folders: Vec<&str> = Vec::new();
        for (name, path) in sorted_entries(dir, Path::new(""), &mut out.unread)? {
            if name.starts_with('.') {
                continue;
            }
            let rel = PathBuf::from(&name);
            let kind = entry_kind(&path);
            match (name.as_str(), kind) {
                ("sources.yaml", Entry::File(len)) => {
                    out.files.insert(0, (rel, read_limited(&path, len)?));
                }
                (f, Entry::Dir) if FOLDERS.contains(&f) => {
                    folders.push(FOLDERS.iter().find(|x| **x == f).expect("listed"));
                }
                ("sources.yaml", Entry::Dir) => out.unread.push(
                    Diagnostic::new(rel, 0, 0, "`sources.yaml` is a directory, not a file")
                        .help("sources.yaml is the file listing the source documents (`sources:`); replace the directory with that file"),
                ),
                (f, Entry::File(_)) if FOLDERS.contains(&f) => out.unread.push(
                    Diagnostic::new(rel, 0, 0, format!("`{f}` is a file; it should be the folder of {f} specs"))
                        .help(format!("make `{f}` a directory holding one `.yaml` file per spec")),
                ),
                (_, Entry::Other(why)) => out.unread.push(
                    Diagnostic::new(rel, 0, 0, format!("`{name}` {why}"))
                        .help("make it a regular file or a directory, or remove it from the spec directory"),
                ),
                (n, Entry::File(_))
                    if n.ends_with(".json") || n.ends_with(".md") || n.starts_with("README") => {}
                (n, _) => {
                    let help = if n.eq_ignore_ascii_case("sources.yaml") {
                        "the file must be named `sources.yaml`, in lower case".to_string()
                    } else if FOLDERS.iter().any(|f| f.eq_ignore_ascii_case(n)) {
                        format!("the folders are named {}, in lower case", FOLDERS.join(", "))
                    } else if let Some(m) = did_you_mean(n, FOLDERS) {
                        format!("did you mean `{m}`? The folders of a spec directory are {}", FOLDERS.join(", "))
                    } else {
                        format!(
                            "a spec directory holds sources.yaml and the folders {} (plus .json, .md and README files, not read); move it out or rename it",
                            FOLDERS.join(", ")
                        )
                    };
                    out.unread.push(
                        Diagnostic::new(rel, 0, 0, format!("`{n}` is not part of the spec format, so it is not read"))
                            .help(help),
                    );
                }
            }
        }
        for sub in FOLDERS.iter().filter(|f| folders.contains(f)) {
            let d = dir.join(sub);
            for (name, path) in sorted_entries(&d, Path::new(sub), &mut out.unread)? {
                if name.starts_with('.') {
                    continue;
                }
                let rel = Path::new(sub).join(&name);
                let lower = name.to_ascii_lowercase();
                match entry_kind(&path) {
                    Entry::File(len) if name.ends_with(".yaml") || name.ends_with(".yml") => {
                        out.files.push((rel, read_limited(&path, len)?));
                    }
                    Entry::File(_) if lower.ends_with(".yaml") || lower.ends_with(".yml") => out.unread.push(
                        Diagnostic::new(&rel, 0, 0, format!("`{name}` is not read: spec files end in `.yaml`, in lower case"))
                            .help(format!("rename it to `{}.yaml`", &name[..name.rfind('.').unwrap_or(name.len())])),
                    ),
                    Entry::File(_) => out.unread.push(
                        Diagnostic::new(&rel, 0, 0, format!("`{name}` is not a `.yaml` file, so it is not read"))
                            .help(format!("{sub}/ holds only spec files (`<Name>.yaml`); rename it or move it out")),
                    ),
                    Entry::Dir => out.unread.push(
                        Diagnostic::new(&rel, 0, 0, format!("`{name}` is a directory; specs are not read from folders inside {sub}/"))
                            .help(format!("move its spec files up into {sub}/, or move the directory out of the spec directory")),
                    ),
                    Entry::Other(why) => out.unread.push(
                        Diagnostic::new(&rel, 0, 0, format!("`{name}` {why}"))
                            .help("make it a regular file (or fix the link), or remove it"),
                    ),
                }
            }
        }
        Ok(out)
    }

    /// Absolute (or `dir`-relative) paths of the files read, for
    /// `cargo::rerun-if-changed`.
    pub fn paths_under(&self, dir: &Path) -> Vec<PathBuf> {
        self.files.iter().map(|(p, _)| dir.join(p)).collect()
    }
}

/// The entries of `dir` with UTF-8 names, sorted; names that are not UTF-8
/// are reported (as `rel/<lossy name>`).
fn sorted_entries(
    dir: &Path,
    rel: &Path,
    unread: &mut Vec<Diagnostic>,
) -> Result<Vec<(String, PathBuf)>, LoadError> {
    let io_err = |error| LoadError::Io {
        path: dir.to_path_buf(),
        error,
    };
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).map_err(io_err)? {
        let e = e.map_err(io_err)?;
        match e.file_name().into_string() {
            Ok(name) => out.push((name, e.path())),
            Err(raw) => unread.push(
                Diagnostic::new(
                    rel.join(raw.to_string_lossy().as_ref()),
                    0,
                    0,
                    "this entry's name is not valid UTF-8, so it is not read",
                )
                .help("rename it with ASCII letters, digits, `_` and `.yaml`"),
            ),
        }
    }
    out.sort();
    Ok(out)
}

/// Reads a regular file of `len` bytes (as its metadata said); a file over
/// the limit is read only up to it plus one byte, which [`super::parse`] refuses.
fn read_limited(path: &Path, len: u64) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let io_err = |error| LoadError::Io {
        path: path.to_path_buf(),
        error,
    };
    let file = std::fs::File::open(path).map_err(io_err)?;
    let limit = MAX_FILE_BYTES as u64 + 1;
    let mut bytes = Vec::with_capacity(len.min(limit) as usize);
    file.take(limit).read_to_end(&mut bytes).map_err(io_err)?;
    Ok(bytes)
}

/// The old path of [`super::load_dir`] (which reads, then checks), kept for
/// callers not yet moved (`model/rules.rs`'s tests).
#[doc(hidden)]
pub use super::load_dir;
