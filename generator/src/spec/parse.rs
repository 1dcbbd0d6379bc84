//! Parsing the files read ([`super::load`]) into the YAML format
//! ([`super::raw`]), with advice for each syntax or shape error.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::load::{FileKind, MAX_FILE_BYTES, SpecFiles, kind_of};
use super::raw;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};

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
/// [`crate::naming::text::forbidden`]): control characters, a CR that does not end
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
            .find(|(_, c)| *c == '\r' || (crate::naming::text::forbidden(*c) && *c != '\0'));
        if let Some((col, c)) = found {
            out.push(
                Diagnostic::new(
                    rel,
                    u32::try_from(i + 1).unwrap_or(u32::MAX),
                    u32::try_from(col + 1).unwrap_or(u32::MAX),
                    format!(
                        "the text holds {}, which would reach the generated code and docs invisibly",
                        crate::naming::text::describe(c)
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
    let parsed = crate::parallel::map(&files.files, |(rel, bytes)| {
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
