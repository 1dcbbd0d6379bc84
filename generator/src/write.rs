//! Writing generated files into an output directory that is someone's repo.
//!
//! The guarantees, each tested below and in `tests/output_dir.rs`:
//!
//! - **Only inside, never through a link.** Every path is relative with plain
//!   components, and no component below the output directory may be a
//!   symbolic link (nor the file itself): a symlinked `src/` is refused, not
//!   written through. Directories are created one level at a time and checked
//!   again just before each rename, so a link swapped in during the run is
//!   caught; what remains is the window between that check and the rename
//!   itself, which portable Rust without `openat` cannot close.
//! - **Old or new, per file; a failed run changes nothing.** Generation happens
//!   in memory first. Then every changed file is staged as a temporary file
//!   beside its target (`.<name>.tmp-<pid>`); only when all of them are staged
//!   are they renamed over their targets. A failure while staging removes the
//!   staged files and leaves the previous output as it was.
//! - **A killed run is detected and repaired.** Before staging, the list of
//!   files about to be written (with their SHA-256) is recorded in a journal
//!   (`.alipay-codegen-manifest.pending`); the manifest is written last and
//!   the journal removed after it. `check` reports a journal or a leftover
//!   temporary file, and the next `generate` removes them.
//! - **Deletes only what it wrote, unchanged.** A file named by the previous
//!   manifest (or journal) and no longer generated is removed only if it is a
//!   regular file reached without links, carries the `@generated` marker, and
//!   still has the SHA-256 recorded for it. Anything else (a hand-edited file,
//!   a line planted in the checked-in manifest naming a hand-written file, a
//!   path through a link, `..` or an absolute path) is left alone and
//!   reported.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

/// One generated file, with its path relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub contents: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<PathBuf>, contents: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// The list of files a run wrote, kept in the output directory so that the
/// next run can remove the ones it no longer produces (an API removed from the
/// specs) without touching anything else.
pub const MANIFEST: &str = ".alipay-codegen-manifest";

/// The journal of a run in progress: the files it is about to write. It
/// exists only while `write_all` runs; one left behind means a run was killed.
pub const JOURNAL: &str = ".alipay-codegen-manifest.pending";

/// The marker every generated file carries; a file without it is never removed.
pub const GENERATED_MARKER: &[u8] = b"@generated";

/// A manifest entry that was not removed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    /// The path as the manifest (or journal) names it.
    pub path: String,
    pub reason: String,
}

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<PathBuf>,
    pub unchanged: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
    /// Files the previous manifest names, no longer generated, that were left
    /// in place because removing them would not be safe (see the module docs).
    pub kept: Vec<Kept>,
    /// Leftovers of an interrupted run (temporary files, the journal) removed.
    pub repaired: Vec<PathBuf>,
}

impl fmt::Display for WriteReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.written {
            writeln!(f, "  wrote     {}", p.display())?;
        }
        for p in &self.removed {
            writeln!(f, "  removed   {}", p.display())?;
        }
        for p in &self.repaired {
            writeln!(
                f,
                "  repaired  {} (left by an interrupted run, removed)",
                p.display()
            )?;
        }
        for k in &self.kept {
            writeln!(f, "  warning: kept {}: {}", k.path, k.reason)?;
        }
        write!(
            f,
            "{} written, {} unchanged, {} removed",
            self.written.len(),
            self.unchanged.len(),
            self.removed.len()
        )?;
        if !self.kept.is_empty() {
            write!(f, ", {} kept (see the warnings)", self.kept.len())?;
        }
        Ok(())
    }
}

/// Why an output directory is stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    Missing(PathBuf),
    Differs(PathBuf),
    /// Listed in the manifest of a previous run but no longer generated.
    Extra(PathBuf),
    /// A temporary file left by a run that was killed.
    Leftover(PathBuf),
    /// The journal of a run that did not finish.
    Interrupted,
    /// A path that cannot be checked or written safely (a symbolic link on
    /// the way, a manifest line leaving the directory), and why.
    Unsafe(String, String),
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stale::Missing(p) => write!(f, "{}: missing", p.display()),
            Stale::Differs(p) => write!(f, "{}: out of date", p.display()),
            Stale::Extra(p) => write!(f, "{}: no longer generated, should be removed", p.display()),
            Stale::Leftover(p) => write!(
                f,
                "{}: temporary file of an interrupted run (generate removes it)",
                p.display()
            ),
            Stale::Interrupted => write!(
                f,
                "{JOURNAL}: a generate run was interrupted before it finished (generate repairs it)"
            ),
            Stale::Unsafe(p, why) => write!(f, "{p}: {why}"),
        }
    }
}

/// A path that would leave the output directory.
pub fn check_relative(path: &Path) -> io::Result<()> {
    let ok = !path.as_os_str().is_empty()
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "refusing to write `{}`: generated paths must stay inside the output directory",
                path.display()
            ),
        ))
    }
}

fn refuse(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

/// The state of `out/rel` found without following any link below `out`.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    /// A regular file.
    File,
    /// Nothing there yet (the missing part of the path can be created).
    Absent,
}

/// Walks `rel` below `out` with `symlink_metadata` (never following a link):
/// every existing parent must be a real directory and the final entry, if
/// present, a regular file. The output directory itself may be a link: the
/// user chose it.
fn inspect(out: &Path, rel: &Path) -> io::Result<Entry> {
    check_relative(rel)?;
    let mut at = out.to_path_buf();
    let mut comps = rel.components().peekable();
    while let Some(c) = comps.next() {
        at.push(c);
        let last = comps.peek().is_none();
        let meta = match std::fs::symlink_metadata(&at) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Entry::Absent),
            Err(e) => return Err(e),
        };
        let shown = at.strip_prefix(out).unwrap_or(&at).display().to_string();
        if meta.file_type().is_symlink() {
            return Err(refuse(format!(
                "refusing `{}`: `{shown}` is a symbolic link; the generator never writes, reads or deletes through a link inside the output directory (replace the link with a real {})",
                rel.display(),
                if last { "file" } else { "directory" }
            )));
        }
        if last {
            if !meta.is_file() {
                return Err(refuse(format!(
                    "refusing `{}`: it exists and is not a regular file",
                    rel.display()
                )));
            }
        } else if !meta.is_dir() {
            return Err(refuse(format!(
                "refusing `{}`: `{shown}` exists and is not a directory",
                rel.display()
            )));
        }
    }
    Ok(Entry::File)
}

/// Creates the parent directories of `rel` below `out`, one level at a time,
/// refusing a link or a file where a directory belongs.
fn create_parents(out: &Path, rel: &Path) -> io::Result<PathBuf> {
    let mut at = out.to_path_buf();
    let parent = rel.parent().unwrap_or(Path::new(""));
    for c in parent.components() {
        at.push(c);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.is_dir() => {}
            Ok(m) => {
                return Err(refuse(format!(
                    "refusing `{}`: `{}` is {} where a directory belongs",
                    rel.display(),
                    at.strip_prefix(out).unwrap_or(&at).display(),
                    if m.file_type().is_symlink() {
                        "a symbolic link"
                    } else {
                        "not a directory"
                    }
                )));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => match std::fs::create_dir(&at) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    // Created by a parallel writer of this run; check it again.
                    if !std::fs::symlink_metadata(&at)?.is_dir() {
                        return Err(refuse(format!(
                            "refusing `{}`: `{}` appeared and is not a directory",
                            rel.display(),
                            at.display()
                        )));
                    }
                }
                Err(e) => return Err(e),
            },
            Err(e) => return Err(e),
        }
    }
    Ok(at)
}

/// Just before a rename: the parents of `rel` are still real directories and
/// the directory still resolves inside `out` (a link swapped in is caught).
fn recheck_parents(out: &Path, canonical_out: &Path, rel: &Path) -> io::Result<()> {
    let mut at = out.to_path_buf();
    for c in rel.parent().unwrap_or(Path::new("")).components() {
        at.push(c);
        if !std::fs::symlink_metadata(&at)?.is_dir() {
            return Err(refuse(format!(
                "refusing `{}`: `{}` changed into a link or file during the run",
                rel.display(),
                at.display()
            )));
        }
    }
    if !std::fs::canonicalize(&at)?.starts_with(canonical_out) {
        return Err(refuse(format!(
            "refusing `{}`: its directory no longer resolves inside the output directory",
            rel.display()
        )));
    }
    Ok(())
}

/// What the manifest of an output directory says: the inputs it was
/// generated from, and each file with the SHA-256 of its bytes. Lines that
/// cannot name a file inside the directory are kept aside, to be reported.
#[derive(Debug, Default)]
struct Manifest {
    inputs: Option<String>,
    files: Vec<(PathBuf, Option<String>)>,
    refused: Vec<Kept>,
}

const MANIFEST_HEAD: &str =
    "# Files written by alipay-codegen generate; used to remove stale ones. @generated\n";
const INPUTS_PREFIX: &str = "# inputs: ";

/// Reads `out/name` (the manifest or the journal) without following a link.
fn read_list(out: &Path, name: &str) -> io::Result<Option<Manifest>> {
    match inspect(out, Path::new(name))? {
        Entry::Absent => return Ok(None),
        Entry::File => {}
    }
    let text = std::fs::read_to_string(out.join(name))?;
    let mut m = Manifest::default();
    for line in text.lines() {
        if let Some(inputs) = line.strip_prefix(INPUTS_PREFIX) {
            m.inputs = Some(inputs.to_owned());
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // `<sha256>  <path>`, as sha256sum writes it; a bare path (an older
        // manifest) has no record of the bytes, so it is never removed.
        let (hash, path) = match line.split_once("  ") {
            Some((h, p)) if h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) => {
                (Some(h.to_ascii_lowercase()), p)
            }
            _ => (None, line),
        };
        let path = PathBuf::from(path);
        if check_relative(&path).is_ok() && !is_own_file(&path) {
            m.files.push((path, hash));
        } else {
            m.refused.push(Kept {
                path: path.display().to_string(),
                reason: format!(
                    "{name} names a path outside the output directory (or the manifest itself); ignored"
                ),
            });
        }
    }
    Ok(Some(m))
}

fn is_own_file(p: &Path) -> bool {
    p == Path::new(MANIFEST) || p == Path::new(JOURNAL)
}

fn read_manifest(out: &Path) -> Manifest {
    read_list(out, MANIFEST).ok().flatten().unwrap_or_default()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The manifest's file lines: `<sha256>  <path>`, sorted by path.
fn manifest_entries(files: &[OutputFile]) -> String {
    let mut lines: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            (
                f.path.to_string_lossy().replace('\\', "/"),
                sha256_hex(&f.contents),
            )
        })
        .collect();
    lines.sort();
    let mut s = String::new();
    for (path, hash) in lines {
        s.push_str(&hash);
        s.push_str("  ");
        s.push_str(&path);
        s.push('\n');
    }
    s
}

fn manifest_bytes(files: &[OutputFile], inputs: Option<&str>) -> Vec<u8> {
    let mut s = String::from(MANIFEST_HEAD);
    if let Some(inputs) = inputs {
        s.push_str(INPUTS_PREFIX);
        s.push_str(inputs);
        s.push('\n');
    }
    s.push_str(&manifest_entries(files));
    s.into_bytes()
}

/// Reads `out/rel` if it is a regular file reached without links.
fn read_safely(out: &Path, rel: &Path) -> io::Result<Option<Vec<u8>>> {
    match inspect(out, rel)? {
        Entry::Absent => Ok(None),
        Entry::File => match std::fs::read(out.join(rel)) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        },
    }
}

/// Whether `out` holds exactly what a previous run generated from `inputs`
/// (see [`crate::emit::inputs_key`]): the manifest names the same inputs and
/// every file it lists still has the bytes it was written with, and no run was
/// interrupted. When true, generating again would write the same bytes, so
/// `check` and `generate` can skip generation; when false, they generate and
/// compare in full.
pub fn fresh_by_manifest(out: &Path, inputs: &str) -> bool {
    let m = read_manifest(out);
    if m.inputs.as_deref() != Some(inputs) || m.files.is_empty() || !m.refused.is_empty() {
        return false;
    }
    if !matches!(inspect(out, Path::new(JOURNAL)), Ok(Entry::Absent)) {
        return false;
    }
    let paths: Vec<&Path> = m.files.iter().map(|(p, _)| p.as_path()).collect();
    if !leftovers(out, &paths).is_empty() {
        return false;
    }
    m.files.iter().all(|(path, hash)| {
        let Some(hash) = hash else {
            return false;
        };
        matches!(read_safely(out, path), Ok(Some(bytes)) if sha256_hex(&bytes) == *hash)
    })
}

/// The files a fresh output directory holds, per its manifest.
pub fn manifest_paths(out: &Path) -> Vec<PathBuf> {
    read_manifest(out)
        .files
        .into_iter()
        .map(|(p, _)| p)
        .collect()
}

fn tmp_name(name: &str) -> String {
    format!(".{name}.tmp-{}", std::process::id())
}

/// Temporary files of earlier runs beside the files in `paths` (and beside
/// the manifest): `.<name>.tmp-<digits>` where `<name>` is one of those files,
/// a regular file in a directory reached without links.
fn leftovers(out: &Path, paths: &[&Path]) -> Vec<PathBuf> {
    let mut by_dir: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for name in [MANIFEST, JOURNAL] {
        by_dir
            .entry(PathBuf::new())
            .or_default()
            .insert(name.to_owned());
    }
    for p in paths {
        if let (Some(name), Some(dir)) = (p.file_name().and_then(|n| n.to_str()), p.parent()) {
            by_dir
                .entry(dir.to_path_buf())
                .or_default()
                .insert(name.to_owned());
        }
    }
    let mut found = Vec::new();
    for (dir, names) in by_dir {
        // The directory itself must be reached without links.
        let mut at = out.to_path_buf();
        let real = dir.components().all(|c| {
            at.push(c);
            std::fs::symlink_metadata(&at).is_ok_and(|m| m.is_dir())
        });
        if !real {
            continue;
        }
        let Ok(rd) = std::fs::read_dir(out.join(&dir)) else {
            continue;
        };
        for entry in rd.flatten() {
            let Some(file) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            let Some((base, pid)) = file.strip_prefix('.').and_then(|f| f.rsplit_once(".tmp-"))
            else {
                continue;
            };
            if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) || !names.contains(base) {
                continue;
            }
            if entry.file_type().is_ok_and(|t| t.is_file()) {
                found.push(dir.join(&file));
            }
        }
    }
    found.sort();
    found
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory,
/// renamed over the target, so that a reader (or an interrupted run) sees the
/// old file or the new one, never a part. There is no fsync: it cost 1 ms a
/// file (4 s for 1,000 APIs) and guards only against a power cut, after which
/// `alipay-codegen check` finds and `generate` repairs any damage.
///
/// This writes a single file the caller names (the spec format's schema);
/// output directories go through [`write_all`], which adds the link checks.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(tmp_name(name));
    let result = stage(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Creates `tmp` (never an existing file or a link: `create_new`) with `bytes`.
fn stage(tmp: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)
    {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            // Our own leftover from a crash of a process with the same id:
            // remove it only if it is a regular file, then try once more.
            if !std::fs::symlink_metadata(tmp)?.is_file() {
                return Err(refuse(format!(
                    "refusing `{}`: a temporary path exists and is not a regular file",
                    tmp.display()
                )));
            }
            std::fs::remove_file(tmp)?;
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(tmp)?
        }
        Err(e) => return Err(e),
    };
    f.write_all(bytes)
}

/// Writes a file only when its bytes differ. Returns whether it wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    match std::fs::read(path) {
        Ok(old) if old == bytes => Ok(false),
        _ => write_atomic(path, bytes).map(|()| true),
    }
}

/// Writes every file under `out`, removes files of the previous run that are
/// no longer generated (when that is safe, see the module docs), repairs what
/// an interrupted run left, and records the new manifest with `inputs` (what
/// the files were generated from, see [`crate::emit::inputs_key`]; `None` when
/// the caller does not want [`fresh_by_manifest`] to trust this directory).
///
/// On error, either nothing was changed (a bad path, a link, a failure while
/// staging) or, for a failure during the renames, the journal stays behind so
/// that `check` reports the directory and the next run repairs it.
pub fn write_all(
    out: &Path,
    files: &[OutputFile],
    inputs: Option<&str>,
) -> io::Result<WriteReport> {
    let mut seen = BTreeSet::new();
    for f in files {
        check_relative(&f.path)?;
        if is_own_file(&f.path) {
            return Err(refuse(format!(
                "refusing to write `{}`: the name is the generator's own bookkeeping file",
                f.path.display()
            )));
        }
        if !seen.insert(f.path.as_path()) {
            return Err(refuse(format!(
                "refusing to write `{}` twice in one run (two specs generate the same file)",
                f.path.display()
            )));
        }
    }
    std::fs::create_dir_all(out)?;
    let canonical_out = std::fs::canonicalize(out)?;
    let old = read_list(out, MANIFEST)?.unwrap_or_default();
    let journal = read_list(out, JOURNAL)?;

    // 1. Which files change. Every path is inspected (no links) before any write.
    let olds = crate::par::map(files, |f| read_safely(out, &f.path));
    let mut changed = Vec::new();
    let mut report = WriteReport::default();
    for (f, old_bytes) in files.iter().zip(olds) {
        if old_bytes?.as_deref() == Some(&f.contents[..]) {
            report.unchanged.push(f.path.clone());
        } else {
            changed.push(f);
        }
    }

    // 2. Stage: the journal, then every changed file as a temporary file.
    //    Any failure here removes what was staged: the output is untouched.
    if !changed.is_empty() {
        let mut pending = String::from("# alipay-codegen generate in progress. @generated\n");
        pending.push_str(&manifest_entries(files));
        write_atomic(&out.join(JOURNAL), pending.as_bytes())?;
    }
    let staged = crate::par::map(&changed, |f| -> io::Result<PathBuf> {
        let dir = create_parents(out, &f.path)?;
        let name = f.path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        let tmp = dir.join(tmp_name(name));
        stage(&tmp, &f.contents).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })?;
        Ok(tmp)
    });
    if staged.iter().any(Result::is_err) {
        let mut first = None;
        for s in staged {
            match s {
                Ok(tmp) => {
                    let _ = std::fs::remove_file(tmp);
                }
                Err(e) => {
                    first.get_or_insert(e);
                }
            }
        }
        if journal.is_none() {
            let _ = std::fs::remove_file(out.join(JOURNAL));
        }
        return Err(first.expect("an error was seen"));
    }

    // 3. Commit: rename each staged file over its target.
    for (f, tmp) in changed.iter().zip(staged) {
        let tmp = tmp?;
        let committed =
            recheck_parents(out, &canonical_out, &f.path).and_then(|()| {
                match inspect(out, &f.path)? {
                    Entry::File | Entry::Absent => std::fs::rename(&tmp, out.join(&f.path)),
                }
            });
        if let Err(e) = committed {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        report.written.push(f.path.clone());
    }

    // 4. Remove what the previous run (or an interrupted one) wrote and this
    //    run no longer generates, when its bytes are still what was recorded.
    let now: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    let mut records: BTreeMap<PathBuf, BTreeSet<Option<String>>> = BTreeMap::new();
    report.kept.extend(old.refused.iter().cloned());
    for (p, h) in old
        .files
        .iter()
        .chain(journal.iter().flat_map(|j| j.files.iter()))
    {
        records.entry(p.clone()).or_default().insert(h.clone());
    }
    if let Some(j) = &journal {
        report.kept.extend(j.refused.iter().cloned());
    }
    for (path, hashes) in records {
        if now.contains(path.as_path()) {
            continue;
        }
        match removable(out, &path, &hashes) {
            Ok(true) => {
                std::fs::remove_file(out.join(&path))?;
                report.removed.push(path);
            }
            Ok(false) => {}
            Err(reason) => report.kept.push(Kept {
                path: path.display().to_string(),
                reason,
            }),
        }
    }

    // 5. Temporary files of killed runs beside anything we write or wrote.
    let mut known: Vec<&Path> = now.iter().copied().collect();
    known.extend(old.files.iter().map(|(p, _)| p.as_path()));
    for tmp in leftovers(out, &known) {
        std::fs::remove_file(out.join(&tmp))?;
        report.repaired.push(tmp);
    }

    // 6. The manifest last, then the journal goes: the run is complete.
    write_if_changed(&out.join(MANIFEST), &manifest_bytes(files, inputs))?;
    if read_list(out, JOURNAL)?.is_some() {
        std::fs::remove_file(out.join(JOURNAL))?;
        if journal.is_some() {
            report.repaired.push(PathBuf::from(JOURNAL));
        }
    }
    Ok(report)
}

/// Whether the file a manifest line names may be removed: `Ok(false)` when it
/// is already gone, `Err(why)` when it must be kept.
fn removable(out: &Path, path: &Path, hashes: &BTreeSet<Option<String>>) -> Result<bool, String> {
    let bytes = match read_safely(out, path) {
        Ok(None) => return Ok(false),
        Ok(Some(b)) => b,
        Err(e) => return Err(format!("{e}; not removed")),
    };
    let hash = sha256_hex(&bytes);
    if !hashes.contains(&Some(hash)) {
        return Err(if hashes.iter().all(Option::is_none) {
            "the manifest records no SHA-256 for it, so it cannot be proven generated; remove it by hand if it is no longer wanted".into()
        } else {
            "its bytes differ from the ones the generator recorded (edited by hand, or not written by alipay-codegen); remove it by hand if it is no longer wanted".into()
        });
    }
    if !bytes
        .windows(GENERATED_MARKER.len())
        .any(|w| w == GENERATED_MARKER)
    {
        return Err(
            "it does not carry the @generated marker of a generated file; remove it by hand if it is no longer wanted"
                .into(),
        );
    }
    Ok(true)
}

/// Compares `out` with what would be written; an empty list means fresh.
pub fn check_all(out: &Path, files: &[OutputFile]) -> Vec<Stale> {
    let mut stale = Vec::new();
    for f in files {
        match read_safely(out, &f.path) {
            Ok(Some(old)) if old == f.contents => {}
            Ok(Some(_)) => stale.push(Stale::Differs(f.path.clone())),
            Ok(None) => stale.push(Stale::Missing(f.path.clone())),
            Err(e) => stale.push(Stale::Unsafe(f.path.display().to_string(), e.to_string())),
        }
    }
    let now: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    let manifest = match read_list(out, MANIFEST) {
        Ok(m) => m.unwrap_or_default(),
        Err(e) => {
            stale.push(Stale::Unsafe(MANIFEST.into(), e.to_string()));
            Manifest::default()
        }
    };
    for (old, _) in &manifest.files {
        if !now.contains(old.as_path()) {
            match inspect(out, old) {
                Ok(Entry::File) => stale.push(Stale::Extra(old.clone())),
                Ok(Entry::Absent) => {}
                Err(e) => stale.push(Stale::Unsafe(old.display().to_string(), e.to_string())),
            }
        }
    }
    for k in &manifest.refused {
        stale.push(Stale::Unsafe(k.path.clone(), k.reason.clone()));
    }
    if !matches!(inspect(out, Path::new(JOURNAL)), Ok(Entry::Absent)) {
        stale.push(Stale::Interrupted);
    }
    let mut known: Vec<&Path> = now.iter().copied().collect();
    known.extend(manifest.files.iter().map(|(p, _)| p.as_path()));
    stale.extend(leftovers(out, &known).into_iter().map(Stale::Leftover));
    // The file list and hashes must match; the inputs line is a cache key
    // (a generator change that alters no output leaves the files fresh).
    let entries = read_safely(out, Path::new(MANIFEST)).map(|m| {
        String::from_utf8_lossy(&m.unwrap_or_default())
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    });
    match entries {
        Ok(e) if e == manifest_entries(files) => {}
        _ => stale.push(Stale::Differs(PathBuf::from(MANIFEST))),
    }
    stale
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmpdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!(
            "alipay-codegen-write-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn refuses_a_path_generated_twice_before_writing_anything() {
        let d = tmpdir("twice");
        let files = [
            OutputFile::new("a.rs", "1"),
            OutputFile::new("src/lib.rs", "x"),
            OutputFile::new("src/lib.rs", "y"),
        ];
        assert!(write_all(&d, &files, None).is_err());
        assert!(!d.join("a.rs").exists());
    }

    #[test]
    fn refuses_paths_outside_the_output_directory() {
        for bad in ["../x.rs", "/etc/passwd", "a/../../b", "", "./a"] {
            assert!(check_relative(Path::new(bad)).is_err(), "{bad}");
        }
        let d = tmpdir("escape");
        let err = write_all(
            &d,
            &[
                OutputFile::new("ok.rs", "x"),
                OutputFile::new("../evil.rs", "x"),
            ],
            Some("k"),
        );
        assert!(err.is_err());
        // Nothing was written: paths are checked before the first write.
        assert!(!d.join("ok.rs").exists());
    }

    #[test]
    fn writes_only_changes_and_removes_stale_files() {
        let d = tmpdir("cycle");
        let r = write_all(
            &d,
            &[
                OutputFile::new("a.rs", "1"),
                OutputFile::new("sub/b.rs", "// @generated 2"),
            ],
            Some("k"),
        )
        .unwrap();
        assert_eq!(r.written.len(), 2);
        assert!(
            check_all(
                &d,
                &[
                    OutputFile::new("a.rs", "1"),
                    OutputFile::new("sub/b.rs", "// @generated 2")
                ]
            )
            .is_empty()
        );
        let r = write_all(&d, &[OutputFile::new("a.rs", "1")], Some("k")).unwrap();
        assert_eq!(r.unchanged, vec![PathBuf::from("a.rs")]);
        assert_eq!(r.removed, vec![PathBuf::from("sub/b.rs")]);
        assert!(!d.join("sub/b.rs").exists());
        std::fs::write(d.join("a.rs"), "edited").unwrap();
        assert_eq!(
            check_all(&d, &[OutputFile::new("a.rs", "1")]),
            vec![Stale::Differs(PathBuf::from("a.rs"))]
        );
        // A file the generator never wrote is left alone.
        std::fs::write(d.join("mine.txt"), "keep").unwrap();
        write_all(&d, &[], Some("k")).unwrap();
        assert!(d.join("mine.txt").exists());
    }

    #[test]
    fn the_manifest_proves_freshness_only_for_the_same_inputs_and_bytes() {
        let d = tmpdir("fresh");
        let files = [
            OutputFile::new("a.rs", "1"),
            OutputFile::new("s/b.json", "{}"),
        ];
        assert!(!fresh_by_manifest(&d, "k1"), "no manifest yet");
        write_all(&d, &files, Some("k1")).unwrap();
        assert!(fresh_by_manifest(&d, "k1"));
        assert!(!fresh_by_manifest(&d, "k2"), "other inputs");
        // A changed inputs line alone is not staleness: the files are right.
        write_all(&d, &files, Some("k2")).unwrap();
        assert!(check_all(&d, &files).is_empty());
        std::fs::write(d.join("s/b.json"), "{ }").unwrap();
        assert!(!fresh_by_manifest(&d, "k2"), "a hand edit");
        write_all(&d, &files, Some("k2")).unwrap();
        std::fs::remove_file(d.join("a.rs")).unwrap();
        assert!(!fresh_by_manifest(&d, "k2"), "a deleted file");
    }

    #[test]
    fn an_old_manifest_of_bare_paths_is_reported_not_obeyed() {
        let d = tmpdir("old-manifest");
        std::fs::write(d.join("gone.rs"), "// @generated").unwrap();
        std::fs::write(d.join(MANIFEST), "# old\ngone.rs\n").unwrap();
        assert!(!fresh_by_manifest(&d, "k"));
        let r = write_all(&d, &[OutputFile::new("a.rs", "1")], Some("k")).unwrap();
        assert!(r.removed.is_empty());
        assert_eq!(r.kept.len(), 1, "{r}");
        assert!(r.kept[0].reason.contains("no SHA-256"), "{r}");
        assert!(d.join("gone.rs").exists());
    }
}
