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
/// the limit is read only up to it plus one byte, which [`parse`] refuses.
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
            format!("file is larger than the {MAX_FILE_BYTES} bytes a spec file may have"),
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
        let message = plain_budget(
            &message
                .replace(", set DuplicateKeyPolicy in Options if acceptable", "")
                .replace("`\\u{0}'", "NUL (byte 0)"),
        );
        let help = help_for(&message, expected);
        let mut d = Diagnostic::new(rel, line, column, message);
        d.help = help;
        d
    })
}

/// Parses one file into `T`; when serde stops at a shape problem (unknown
/// key, missing key, wrong type), reports every shape problem of the file
/// ([`super::shape`]), not only the first.
pub(crate) fn parse_reporting_all<T: DeserializeOwned + schemars::JsonSchema>(
    rel: &Path,
    bytes: &[u8],
    expected: &str,
) -> Result<T, Vec<Diagnostic>> {
    let first = match parse::<T>(rel, bytes, expected) {
        Ok(v) => return Ok(v),
        Err(d) => d,
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(t) if first.line > 0 && !first.message.starts_with("file is") => t,
        _ => return Err(vec![first]),
    };
    let mut all: Vec<Diagnostic> = super::shape::problems::<T>(rel, text, options())
        .into_iter()
        .map(|mut d| {
            d.help = help_for(&d.message, expected);
            d
        })
        .collect();
    // serde's own report stays unless the walk found it too (at its place,
    // or the same problem placed at the start of its mapping).
    if !all
        .iter()
        .any(|d| d.line == first.line || d.message == first.message)
    {
        all.push(first);
    }
    Err(all)
}

/// Characters no spec text may hold, written literally in the file (see
/// [`crate::text::forbidden`]): control characters, a CR that does not end
/// a line, bidirectional overrides. One diagnostic per line that has any.
/// (Written as a YAML escape, `"\u202E"`, such a character parses; the
/// emitters then show it as `\u{202e}` text.)
fn scan_text(rel: &Path, bytes: &[u8]) -> Vec<Diagnostic> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        // A BOM at the very start of the file is an encoding mark, not text.
        let skip_bom = usize::from(i == 0 && line.starts_with('\u{feff}'));
        let found = line
            .chars()
            .enumerate()
            .skip(skip_bom)
            .find(|(_, c)| *c == '\r' || (crate::text::forbidden(*c) && *c != '\0'));
        if let Some((col, c)) = found {
            out.push(
                Diagnostic::new(
                    rel,
                    u32::try_from(i + 1).unwrap_or(u32::MAX),
                    u32::try_from(col + 1).unwrap_or(u32::MAX),
                    format!(
                        "the text holds {}, which would reach the generated code and docs invisibly",
                        crate::text::describe(c)
                    ),
                )
                .help("delete the character (an editor that shows invisible characters helps); spec text is plain text"),
            );
        }
    }
    out
}

/// The parser's budget errors print a Rust value (`budget breached:
/// Documents { documents: 2 }`); says the same in words.
fn plain_budget(message: &str) -> String {
    let Some(rest) = message.strip_prefix("budget breached: ") else {
        return message.to_string();
    };
    let number = rest
        .split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())
        .unwrap_or("?");
    let kind = rest.split([' ', '{']).next().unwrap_or_default();
    match kind {
        "Documents" => {
            "the file holds more than one YAML document (`---` separates documents)".to_string()
        }
        "Aliases" => {
            format!("the file uses {number} or more aliases (`*name`), more than a spec file may")
        }
        "Anchors" => format!(
            "the file defines {number} or more anchors (`&name`), more than a spec file may"
        ),
        "Depth" | "MaxDepth" => {
            format!("the file nests {number} or more levels deep, more than a spec file may")
        }
        "Nodes" | "Events" => {
            format!("the file has {number} or more YAML nodes, more than a spec file may")
        }
        _ => {
            let words: String = kind
                .chars()
                .flat_map(|c| {
                    if c.is_ascii_uppercase() {
                        vec![' ', c.to_ascii_lowercase()]
                    } else {
                        vec![c]
                    }
                })
                .collect();
            format!("the file exceeds the parser's limit on{words} ({number})")
        }
    }
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
    if message.contains("more than one YAML document") {
        return Some("a spec file holds one YAML document; remove the `---` separator and the second document, or move it to its own file".into());
    }
    if message.contains("budget") || message.contains("depth") || message.contains("alias") {
        return Some(
            "the file is nested too deeply or expands too many aliases to be a spec; write it out plainly"
                .into(),
        );
    }
    if message.starts_with("invalid boolean") || message.contains("expected a boolean") {
        return Some(
            "write `true` or `false` (YAML 1.2: `yes`, `no`, `on`, `off` are not booleans)".into(),
        );
    }
    if message.starts_with("invalid u32")
        || message.starts_with("invalid i64")
        || message.starts_with("invalid u")
        || message.contains("expected an integer")
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
    if message.contains("tab") {
        return Some("indent with spaces: YAML does not allow tabs in indentation".into());
    }
    if message.contains("mapping") {
        return Some(format!(
            "a mapping (`key: value` lines) is expected here; this file holds {expected}, and spec/spec.schema.json shows every key's shape"
        ));
    }
    Some(format!(
        "fix the YAML at this place (indentation with spaces, `key: value` pairs, closed quotes and brackets); this file holds {expected}"
    ))
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
        Sources(Result<raw::SourcesFile, Vec<Diagnostic>>),
        Codes(Result<raw::CodesFile, Vec<Diagnostic>>),
        Type(Result<raw::TypeFile, Vec<Diagnostic>>),
        Api(Box<Result<raw::ApiFile, Vec<Diagnostic>>>),
        Other,
    }
    let parsed = crate::par::map(&files.files, |(rel, bytes)| {
        if rel.extension().is_some_and(|e| e == "yml") {
            return (Vec::new(), One::Yml);
        }
        let scanned = scan_text(rel, bytes);
        let one = match kind_of(rel) {
            Some(FileKind::Sources) => One::Sources(parse_reporting_all(
                rel,
                bytes,
                "`sources:`, the list of source documents",
            )),
            Some(FileKind::Codes) => One::Codes(parse_reporting_all(
                rel,
                bytes,
                "`codes:`, a list of shared result codes",
            )),
            Some(FileKind::Type) => One::Type(parse_reporting_all(
                rel,
                bytes,
                "one shared object type (`name`, `description`, `sources`, `fields`)",
            )),
            Some(FileKind::Api) => One::Api(Box::new(parse_reporting_all(
                rel,
                bytes,
                "one API (`name`, `direction`, `request`, `response`, `result_codes`, ...)",
            ))),
            None => One::Other,
        };
        (scanned, one)
    });
    let mut saw_sources = files
        .unread
        .iter()
        .any(|d| d.file == Path::new("sources.yaml"));
    diags.0.extend(files.unread.iter().cloned());
    for ((rel, _), (scanned, one)) in files.files.iter().zip(parsed) {
        diags.0.extend(scanned);
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
                    Err(d) => diags.0.extend(d),
                }
            }
            One::Codes(Ok(v)) => p.codes.push((rel.clone(), v)),
            One::Type(Ok(v)) => p.types.push((rel.clone(), v)),
            One::Api(r) => match *r {
                Ok(v) => p.apis.push((rel.clone(), v)),
                Err(d) => diags.0.extend(d),
            },
            One::Codes(Err(d)) | One::Type(Err(d)) => diags.0.extend(d),
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
