//! Reading a spec directory: files -> parsed YAML ([`super::raw`]) -> checked
//! model ([`crate::model::Model`]).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::diag::{Diagnostic, Diagnostics, did_you_mean};
use super::raw;

/// A spec file larger than this is refused before parsing.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// The spec files of a directory, as bytes, with paths relative to it.
#[derive(Debug, Clone, Default)]
pub struct SpecFiles {
    /// Sorted by path.
    pub files: Vec<(PathBuf, Vec<u8>)>,
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

impl SpecFiles {
    /// Reads `sources.yaml`, `codes/*.yaml`, `types/*.yaml` and `apis/*.yaml`
    /// under `dir`. Other files are not read (`.yml` files are reported by the
    /// checker, so that a misnamed spec is not silently skipped).
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
        let mut files = Vec::new();
        let top = dir.join("sources.yaml");
        if top.is_file() {
            files.push((PathBuf::from("sources.yaml"), read_limited(&top)?));
        }
        for sub in ["codes", "types", "apis"] {
            let d = dir.join(sub);
            if !d.is_dir() {
                continue;
            }
            let mut entries: Vec<PathBuf> = std::fs::read_dir(&d)
                .map_err(io_err(&d))?
                .map(|e| e.map(|e| e.path()))
                .collect::<Result<_, _>>()
                .map_err(io_err(&d))?;
            entries.sort();
            for p in entries {
                let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                if !(name.ends_with(".yaml") || name.ends_with(".yml")) || !p.is_file() {
                    continue;
                }
                let rel = PathBuf::from(sub).join(name);
                files.push((rel, read_limited(&p)?));
            }
        }
        Ok(SpecFiles { files })
    }

    /// Absolute (or `dir`-relative) paths of the files read, for
    /// `cargo::rerun-if-changed`.
    pub fn paths_under(&self, dir: &Path) -> Vec<PathBuf> {
        self.files.iter().map(|(p, _)| dir.join(p)).collect()
    }
}

fn read_limited(path: &Path) -> Result<Vec<u8>, LoadError> {
    let bytes = std::fs::read(path).map_err(|error| LoadError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    Ok(bytes)
}

/// Parsing options: strict about duplicates, with budgets that stop alias
/// bombs and pathological nesting long before they cost memory or stack.
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 40;
    budget.max_nodes = 200_000;
    budget.max_events = 400_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_documents = 1;
    budget.max_reader_input_bytes = Some(MAX_FILE_BYTES);
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    // YAML 1.2 booleans only: `yes`/`on` are not `true` (the spec schema agrees).
    options.strict_booleans = true;
    options
}

/// Parses one file into `T`, or explains why it cannot.
pub(crate) fn parse<T: DeserializeOwned>(
    rel: &Path,
    bytes: &[u8],
    expected: &str,
) -> Result<T, Diagnostic> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::new(
            rel,
            0,
            0,
            format!(
                "file is {} bytes, more than the {} bytes a spec file may have",
                bytes.len(),
                MAX_FILE_BYTES
            ),
        )
        .help("split it, or check that this is really a spec file"));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, column) = line_col(bytes, e.valid_up_to());
            return Err(
                Diagnostic::new(rel, line, column, "file is not valid UTF-8")
                    .help("spec files are UTF-8 text; re-save the file as UTF-8"),
            );
        }
    };
    if text.trim().is_empty()
        || text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(Diagnostic::new(rel, 1, 1, "file is empty").help(format!(
            "a spec file here holds {expected}; write it, or delete the file"
        )));
    }
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| {
                (
                    u32::try_from(l.line()).unwrap_or(u32::MAX),
                    u32::try_from(l.column()).unwrap_or(u32::MAX),
                )
            })
            .unwrap_or((0, 0));
        let raw = e.without_snippet().to_string();
        let message = match raw.rfind(" at line ") {
            Some(i) => raw[..i].to_string(),
            None => raw,
        };
        let message = message
            .replace(", set DuplicateKeyPolicy in Options if acceptable", "")
            .replace("`\\u{0}'", "NUL (byte 0)");
        let help = help_for(&message, expected);
        let mut d = Diagnostic::new(rel, line, column, message);
        d.help = help;
        d
    })
}

fn line_col(bytes: &[u8], offset: usize) -> (u32, u32) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

/// Turns serde's and the parser's messages into advice.
fn help_for(message: &str, expected: &str) -> Option<String> {
    let quoted = |s: &str| -> Option<String> {
        let a = s.find('`')?;
        let b = s[a + 1..].find('`')?;
        Some(s[a + 1..a + 1 + b].to_string())
    };
    let list = |s: &str| -> Vec<String> {
        s.split_once("expected one of ")
            .or_else(|| s.split_once("expected "))
            .map(|(_, l)| {
                l.split(',')
                    .map(|w| w.trim().trim_matches('`').to_string())
                    .filter(|w| !w.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    if message.starts_with("unknown field") {
        let key = quoted(message)?;
        let allowed = list(message);
        return Some(
            match did_you_mean(&key, allowed.iter().map(String::as_str)) {
                Some(s) => format!(
                    "did you mean `{s}`? Keys allowed here: {}",
                    allowed.join(", ")
                ),
                None => format!("remove `{key}`; keys allowed here: {}", allowed.join(", ")),
            },
        );
    }
    if message.starts_with("unknown variant") {
        let v = quoted(message)?;
        let allowed = list(message);
        return Some(match did_you_mean(&v, allowed.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`? Allowed values: {}", allowed.join(", ")),
            None => format!("use one of: {}", allowed.join(", ")),
        });
    }
    if message.starts_with("missing field") {
        let f = quoted(message)?;
        return Some(format!("add `{f}:` to this mapping"));
    }
    if message.starts_with("duplicate mapping key") {
        return Some("a key may appear once per mapping; remove or rename one of them".into());
    }
    if message.contains("Documents {") {
        return Some("a spec file holds one YAML document; remove the `---` separator and the second document, or move it to its own file".into());
    }
    if message.contains("budget") || message.contains("depth") || message.contains("alias") {
        return Some(
            "the file is nested too deeply or expands too many aliases to be a spec; write it out plainly"
                .into(),
        );
    }
    if message.starts_with("invalid boolean") {
        return Some(
            "write `true` or `false` (YAML 1.2: `yes`, `no`, `on`, `off` are not booleans)".into(),
        );
    }
    if message.starts_with("invalid u32")
        || message.starts_with("invalid i64")
        || message.starts_with("invalid u")
    {
        return Some(
            "write a whole number here (lengths and counts are 0 or more, without quotes)".into(),
        );
    }
    if message.starts_with("invalid type") || message.starts_with("invalid ") {
        return Some(format!(
            "the value has the wrong type for this key; this file holds {expected}, and spec/spec.schema.json lists every key's type"
        ));
    }
    None
}

/// Reads and checks the specs under `dir`.
pub fn load_dir(dir: &Path) -> Result<crate::model::Model, LoadError> {
    let files = SpecFiles::read_dir(dir)?;
    super::check::check(&files).map_err(LoadError::Invalid)
}

/// Parses every file, reporting each file's first syntax or shape error.
pub(crate) struct Parsed {
    pub sources: Option<(PathBuf, raw::SourcesFile)>,
    pub codes: Vec<(PathBuf, raw::CodesFile)>,
    pub types: Vec<(PathBuf, raw::TypeFile)>,
    pub apis: Vec<(PathBuf, raw::ApiFile)>,
}

pub(crate) fn parse_all(files: &SpecFiles, diags: &mut Diagnostics) -> Parsed {
    let mut p = Parsed {
        sources: None,
        codes: Vec::new(),
        types: Vec::new(),
        apis: Vec::new(),
    };
    // Each file parses on its own (in parallel); the results are folded in
    // path order, so diagnostics come out in the same order every run.
    enum One {
        Yml,
        Sources(Result<raw::SourcesFile, Diagnostic>),
        Codes(Result<raw::CodesFile, Diagnostic>),
        Type(Result<raw::TypeFile, Diagnostic>),
        Api(Box<Result<raw::ApiFile, Diagnostic>>),
        Other,
    }
    let parsed = crate::par::map(&files.files, |(rel, bytes)| {
        if rel.extension().is_some_and(|e| e == "yml") {
            return One::Yml;
        }
        match kind_of(rel) {
            Some(FileKind::Sources) => One::Sources(parse(
                rel,
                bytes,
                "`sources:`, the list of source documents",
            )),
            Some(FileKind::Codes) => {
                One::Codes(parse(rel, bytes, "`codes:`, a list of shared result codes"))
            }
            Some(FileKind::Type) => One::Type(parse(
                rel,
                bytes,
                "one shared object type (`name`, `description`, `sources`, `fields`)",
            )),
            Some(FileKind::Api) => One::Api(Box::new(parse(
                rel,
                bytes,
                "one API (`name`, `direction`, `request`, `response`, `result_codes`, ...)",
            ))),
            None => One::Other,
        }
    });
    let mut saw_sources = false;
    for ((rel, _), one) in files.files.iter().zip(parsed) {
        match one {
            One::Yml => diags.push(
                Diagnostic::new(
                    rel,
                    0,
                    0,
                    "spec files end in `.yaml`; this `.yml` file is not read",
                )
                .help("rename it to `.yaml`"),
            ),
            One::Sources(r) => {
                saw_sources = true;
                match r {
                    Ok(v) => p.sources = Some((rel.clone(), v)),
                    Err(d) => diags.push(d),
                }
            }
            One::Codes(Ok(v)) => p.codes.push((rel.clone(), v)),
            One::Type(Ok(v)) => p.types.push((rel.clone(), v)),
            One::Api(r) => match *r {
                Ok(v) => p.apis.push((rel.clone(), v)),
                Err(d) => diags.push(d),
            },
            One::Codes(Err(d)) | One::Type(Err(d)) => diags.push(d),
            One::Other => {}
        }
    }
    if !saw_sources {
        diags.push(
            Diagnostic::new("sources.yaml", 0, 0, "missing: the spec directory has no sources.yaml")
                .help("create sources.yaml with `sources:`, one entry (id, title, ...) per document the specs cite"),
        );
    }
    p
}
