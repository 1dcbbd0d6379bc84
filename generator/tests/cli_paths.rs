//! `lint`, `generate` and `check` run outside the repository root: they say
//! where they looked (relative to which directory) and which flag to pass,
//! exit 2, and never create an output directory nobody asked for.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// An empty directory outside the repository's spec/ and generated/.
fn elsewhere(name: &str) -> PathBuf {
    let dir = workspace().join("target/cli-paths-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_alipay-codegen"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn missing_spec_directory_says_where_and_what_to_pass() {
    let cwd = elsewhere("no-spec");
    for cmd in ["lint", "generate", "check", "spec-schema"] {
        let o = run(&cwd, &[cmd]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {err}");
        assert!(
            err.contains("spec directory `spec` not found"),
            "{cmd}: {err}"
        );
        assert!(
            err.contains(&cwd.display().to_string()),
            "{cmd} does not name the directory it looked in: {err}"
        );
        assert!(err.contains("--spec <dir>"), "{cmd}: {err}");
        assert!(!err.contains("os error"), "{cmd}: {err}");
    }
    assert_eq!(
        std::fs::read_dir(&cwd).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn generate_outside_the_root_writes_only_where_told() {
    let cwd = elsewhere("generate");
    let spec = workspace().join("spec").canonicalize().unwrap();
    let spec = spec.to_str().unwrap();

    // No --out and no ./generated: refuse instead of creating one here.
    let o = run(&cwd, &["generate", "--spec", spec]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("output directory `generated` not found"),
        "{err}"
    );
    assert!(err.contains("--out <dir>"), "{err}");
    assert!(!cwd.join("generated").exists());

    // check has nothing to compare with.
    let o = run(&cwd, &["check", "--spec", spec, "--out", "models"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("output directory `models` not found"));

    // An explicit --out is created, and check then finds it fresh.
    let o = run(&cwd, &["generate", "--spec", spec, "--out", "models"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(cwd.join("models/src/lib.rs").is_file());
    let o = run(&cwd, &["check", "--spec", spec, "--out", "models"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&cwd);
}
