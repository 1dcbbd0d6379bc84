//! The two sides of a diff: a spec directory, or the spec directory of a git revision.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::spec::SpecFiles;

/// Reads one side of a diff.
///
/// - An existing directory holding specs (`sources.yaml` or `apis/`) is read as is.
/// - Any other existing directory (`.`, a checkout) is read at `<dir>/<spec_path>`.
/// - Anything else is a git revision: the files of `<rev>:<spec_path>/`, read
///   with `git ls-tree` and `git show` in the current directory.
///
/// Returns a label for people (`spec`, `HEAD~1:spec`) and the files.
pub fn read(arg: &str, spec_path: &Path) -> Result<(String, SpecFiles), String> {
    let p = Path::new(arg);
    if p.is_dir() {
        let dir = if is_spec_dir(p) {
            p.to_path_buf()
        } else if p.join(spec_path).is_dir() {
            p.join(spec_path)
        } else {
            return Err(format!(
                "`{arg}` is a directory but holds no specs (no sources.yaml or apis/), and has no {} subdirectory",
                spec_path.display()
            ));
        };
        let files =
            SpecFiles::read_dir(&dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
        return Ok((clean(&dir), files));
    }
    if p.exists() {
        return Err(format!(
            "`{arg}` is a file, not a spec directory or a git revision"
        ));
    }
    read_revision(arg, spec_path)
}

fn is_spec_dir(p: &Path) -> bool {
    p.join("sources.yaml").is_file() || p.join("apis").is_dir()
}

fn clean(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

fn git(args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .args(args)
        .output()
        .map_err(|e| format!("running git {}: {e} (is git installed?)", args.join(" ")))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// Reads `<rev>:<spec_path>/` through git.
pub fn read_revision(rev: &str, spec_path: &Path) -> Result<(String, SpecFiles), String> {
    if rev.starts_with('-') {
        return Err(format!("`{rev}` is not a directory or a git revision"));
    }
    let spec = clean(spec_path).trim_end_matches('/').to_string();
    let label = format!("{rev}:{spec}");
    git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{rev}^{{commit}}"),
    ])
    .map_err(|e| {
        let why = if e.is_empty() {
            String::new()
        } else {
            format!(" ({e})")
        };
        format!("`{rev}` is neither a directory nor a git revision{why}")
    })?;
    let listing = git(&[
        "ls-tree",
        "-r",
        "--name-only",
        rev,
        "--",
        &format!("{spec}/"),
    ])
    .map_err(|e| format!("listing {label}: {e}"))?;
    let listing = String::from_utf8(listing)
        .map_err(|_| format!("listing {label}: git printed a path that is not UTF-8"))?;
    let mut files = Vec::new();
    for path in listing.lines().filter(|l| !l.is_empty()) {
        let Some(rel) = path.strip_prefix(&format!("{spec}/")) else {
            continue;
        };
        if !wanted(rel) {
            continue;
        }
        let bytes = git(&["show", &format!("{rev}:./{path}")])
            .map_err(|e| format!("reading {rev}:{path}: {e}"))?;
        files.push((PathBuf::from(rel), bytes));
    }
    if files.is_empty() {
        return Err(format!("no spec files in {label} (is --spec-path right?)"));
    }
    // The order SpecFiles::read_dir gives: sources.yaml, then codes/, types/, apis/.
    let rank = |p: &Path| match p.iter().next().and_then(|c| c.to_str()) {
        Some("sources.yaml") => 0,
        Some("codes") => 1,
        Some("types") => 2,
        _ => 3,
    };
    files.sort_by(|a, b| (rank(&a.0), &a.0).cmp(&(rank(&b.0), &b.0)));
    Ok((
        label,
        SpecFiles {
            files,
            unread: Vec::new(),
        },
    ))
}

/// The files [`SpecFiles::read_dir`] reads: `sources.yaml` and
/// `codes|types|apis/*.yaml` (and `.yml`, which the checker reports).
fn wanted(rel: &str) -> bool {
    match rel.split('/').collect::<Vec<_>>().as_slice() {
        ["sources.yaml"] => true,
        [dir, name] => {
            ["codes", "types", "apis"].contains(dir)
                && (name.ends_with(".yaml") || name.ends_with(".yml"))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::wanted;

    #[test]
    fn reads_what_read_dir_reads() {
        assert!(wanted("sources.yaml"));
        assert!(wanted("apis/capture.yaml"));
        assert!(wanted("types/Amount.yml"));
        assert!(!wanted("spec.schema.json"));
        assert!(!wanted("apis/sub/x.yaml"));
        assert!(!wanted("other/x.yaml"));
    }
}
