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

fn read_manifest(out: &Path) -> BTreeSet<PathBuf> {
    std::fs::read_to_string(out.join(MANIFEST))
        .map(|s| {
            s.lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(PathBuf::from)
                .filter(|p| check_relative(p).is_ok())
                .collect()
        })
        .unwrap_or_default()
}

fn manifest_bytes(files: &[OutputFile]) -> Vec<u8> {
    let mut s = String::from(
        "# Files written by alipay-codegen generate; used to remove stale ones. @generated\n",
    );
    let mut paths: Vec<String> = files
        .iter()
        .map(|f| f.path.to_string_lossy().replace('\\', "/"))
        .collect();
    paths.sort();
    for p in paths {
        s.push_str(&p);
        s.push('\n');
    }
    s.into_bytes()
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory,
/// flushed, then renamed over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
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
/// no longer generated, and records the new manifest.
pub fn write_all(out: &Path, files: &[OutputFile]) -> io::Result<WriteReport> {
    for f in files {
        check_relative(&f.path)?;
    }
    let mut report = WriteReport::default();
    for f in files {
        if write_if_changed(&out.join(&f.path), &f.contents)? {
            report.written.push(f.path.clone());
        } else {
            report.unchanged.push(f.path.clone());
        }
    }
    let now: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    for old in read_manifest(out) {
        if !now.contains(old.as_path()) {
            match std::fs::remove_file(out.join(&old)) {
                Ok(()) => report.removed.push(old),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
    }
    write_if_changed(&out.join(MANIFEST), &manifest_bytes(files))?;
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
    for old in read_manifest(out) {
        if !now.contains(old.as_path()) && out.join(&old).exists() {
            stale.push(Stale::Extra(old));
        }
    }
    match std::fs::read(out.join(MANIFEST)) {
        Ok(m) if m == manifest_bytes(files) => {}
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
        let r = write_all(&d, &[OutputFile::new("a.rs", "1")]).unwrap();
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
        write_all(&d, &[]).unwrap();
        assert!(d.join("mine.txt").exists());
    }
}
