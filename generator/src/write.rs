//! Writing generated files: only inside the output directory, only when the
//! bytes change, each file atomically (temporary file + rename), and removing
//! files a previous run wrote that this run no longer produces.
//!
//! Generation happens entirely in memory before anything is written, so a run
//! that fails (a bad spec, an emitter error) leaves the previous output as it was.

use std::collections::BTreeSet;
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

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<PathBuf>,
    pub unchanged: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
}

impl fmt::Display for WriteReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.written {
            writeln!(f, "  wrote     {}", p.display())?;
        }
        for p in &self.removed {
            writeln!(f, "  removed   {}", p.display())?;
        }
        write!(
            f,
            "{} written, {} unchanged, {} removed",
            self.written.len(),
            self.unchanged.len(),
            self.removed.len()
        )
    }
}

/// Why an output file is stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    Missing(PathBuf),
    Differs(PathBuf),
    /// Listed in the manifest of a previous run but no longer generated.
    Extra(PathBuf),
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stale::Missing(p) => write!(f, "{}: missing", p.display()),
            Stale::Differs(p) => write!(f, "{}: out of date", p.display()),
            Stale::Extra(p) => write!(f, "{}: no longer generated, should be removed", p.display()),
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

/// What the manifest of an output directory says: the inputs it was
/// generated from, and each file with the SHA-256 of its bytes.
#[derive(Debug, Default)]
struct Manifest {
    inputs: Option<String>,
    files: Vec<(PathBuf, Option<String>)>,
}

const MANIFEST_HEAD: &str =
    "# Files written by alipay-codegen generate; used to remove stale ones. @generated\n";
const INPUTS_PREFIX: &str = "# inputs: ";

fn read_manifest(out: &Path) -> Manifest {
    let Ok(text) = std::fs::read_to_string(out.join(MANIFEST)) else {
        return Manifest::default();
    };
    let mut m = Manifest::default();
    for line in text.lines() {
        if let Some(inputs) = line.strip_prefix(INPUTS_PREFIX) {
            m.inputs = Some(inputs.to_owned());
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // `<sha256>  <path>`, as sha256sum writes it; a bare path from an
        // older manifest still names a file to remove.
        let (hash, path) = match line.split_once("  ") {
            Some((h, p)) if h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) => {
                (Some(h.to_owned()), p)
            }
            _ => (None, line),
        };
        let path = PathBuf::from(path);
        if check_relative(&path).is_ok() {
            m.files.push((path, hash));
        }
    }
    m
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

/// Whether `out` holds exactly what a previous run generated from `inputs`
/// (see [`crate::emit::inputs_key`]): the manifest names the same inputs and
/// every file it lists still has the bytes it was written with. When true,
/// generating again would write the same bytes, so `check` and `generate` can
/// skip generation; when false, they generate and compare in full.
pub fn fresh_by_manifest(out: &Path, inputs: &str) -> bool {
    let m = read_manifest(out);
    if m.inputs.as_deref() != Some(inputs) || m.files.is_empty() {
        return false;
    }
    m.files.iter().all(|(path, hash)| {
        let Some(hash) = hash else {
            return false;
        };
        std::fs::read(out.join(path)).is_ok_and(|bytes| sha256_hex(&bytes) == *hash)
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

/// Writes `bytes` to `path` atomically: a temporary file in the same directory,
/// renamed over the target, so that a reader (or an interrupted run) sees the
/// old file or the new one, never a part. There is no fsync: it cost 1 ms a
/// file (4 s for 1,000 APIs) and guards only against a power cut, after which
/// `alipay-codegen check` finds and `generate` repairs any damage.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes a file only when its bytes differ. Returns whether it wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    match std::fs::read(path) {
        Ok(old) if old == bytes => Ok(false),
        _ => write_atomic(path, bytes).map(|()| true),
    }
}

/// Writes every file under `out`, removes files of the previous run that are
/// no longer generated, and records the new manifest with `inputs` (what the
/// files were generated from, see [`crate::emit::inputs_key`]; `None` when the
/// caller does not want [`fresh_by_manifest`] to trust this directory).
pub fn write_all(
    out: &Path,
    files: &[OutputFile],
    inputs: Option<&str>,
) -> io::Result<WriteReport> {
    let mut seen = BTreeSet::new();
    for f in files {
        check_relative(&f.path)?;
        if !seen.insert(f.path.as_path()) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "refusing to write `{}` twice in one run (two specs generate the same file)",
                    f.path.display()
                ),
            ));
        }
    }
    let mut report = WriteReport::default();
    // Files are independent; on a slow file system the syscalls dominate, so
    // they are spread over the cores too. The report keeps the input order.
    let results = crate::par::map(files, |f| write_if_changed(&out.join(&f.path), &f.contents));
    for (f, wrote) in files.iter().zip(results) {
        if wrote? {
            report.written.push(f.path.clone());
        } else {
            report.unchanged.push(f.path.clone());
        }
    }
    let now: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    for (old, _) in read_manifest(out).files {
        if !now.contains(old.as_path()) {
            match std::fs::remove_file(out.join(&old)) {
                Ok(()) => report.removed.push(old),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
    }
    write_if_changed(&out.join(MANIFEST), &manifest_bytes(files, inputs))?;
    Ok(report)
}

/// Compares `out` with what would be written; an empty list means fresh.
pub fn check_all(out: &Path, files: &[OutputFile]) -> Vec<Stale> {
    let mut stale = Vec::new();
    for f in files {
        match std::fs::read(out.join(&f.path)) {
            Ok(old) if old == f.contents => {}
            Ok(_) => stale.push(Stale::Differs(f.path.clone())),
            Err(_) => stale.push(Stale::Missing(f.path.clone())),
        }
    }
    let now: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    for (old, _) in read_manifest(out).files {
        if !now.contains(old.as_path()) && out.join(&old).exists() {
            stale.push(Stale::Extra(old));
        }
    }
    // The file list and hashes must match; the inputs line is a cache key
    // (a generator change that alters no output leaves the files fresh).
    let entries = std::fs::read_to_string(out.join(MANIFEST)).map(|m| {
        m.lines()
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
                OutputFile::new("sub/b.rs", "2"),
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
                    OutputFile::new("sub/b.rs", "2")
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
    fn an_old_manifest_of_bare_paths_still_removes_stale_files() {
        let d = tmpdir("old-manifest");
        std::fs::write(d.join("gone.rs"), "x").unwrap();
        std::fs::write(d.join(MANIFEST), "# old\ngone.rs\n").unwrap();
        assert!(!fresh_by_manifest(&d, "k"));
        let r = write_all(&d, &[OutputFile::new("a.rs", "1")], Some("k")).unwrap();
        assert_eq!(r.removed, vec![PathBuf::from("gone.rs")]);
    }
}
