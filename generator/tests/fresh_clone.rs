//! The README's "On a fresh machine": its first command, `generate`, run in a
//! fresh clone, changes nothing: `git status` stays empty, `generate` says
//! "0 written" (the manifest included), and `check` passes. (CI runs the
//! second command, `cargo test --workspace`, in a clone and then checks
//! `git status` the same way: .ci/run.)
//!
//! The binary under test is built from this working tree, and a clone holds
//! its HEAD: when the two differ in anything the binary or the output is made
//! of (the generator's sources and templates, Cargo.lock, spec/, generated/),
//! the test says so and checks nothing; a clone (CI's) always has them equal.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn git(dir: &Path, args: &[&str]) -> Option<Output> {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()
}

#[test]
fn generate_leaves_a_fresh_clone_clean() {
    let root = workspace();
    match git(&root, &["rev-parse", "--is-inside-work-tree"]) {
        Some(o) if o.status.success() => {}
        _ => {
            eprintln!("skipped: {} is not a git checkout", root.display());
            return;
        }
    }
    let inputs = [
        "generator/src",
        "generator/templates",
        "generator/build.rs",
        "generator/Cargo.toml",
        "Cargo.lock",
        "spec",
        "generated",
    ];
    let mut args = vec!["status", "--porcelain", "--"];
    args.extend(inputs);
    let changed = git(&root, &args).expect("git status runs").stdout;
    if !changed.is_empty() {
        eprintln!(
            "skipped: uncommitted changes to what the binary or the output is made of; commit them to check a fresh clone:\n{}",
            String::from_utf8_lossy(&changed)
        );
        return;
    }

    let clone = root.join("target/fresh-clone");
    let _ = std::fs::remove_dir_all(&clone);
    let o = git(
        &root,
        &[
            "clone",
            "-q",
            "--no-hardlinks",
            ".",
            clone.to_str().unwrap(),
        ],
    )
    .expect("git clone runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    // The README's command, from the clone's root, with its defaults.
    let run = |cmd: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_alipay-codegen"))
            .arg(cmd)
            .current_dir(&clone)
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, stderr) = run("generate");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("0 written, ") && stderr.contains(" 0 removed"),
        "generate rewrote files in a fresh clone:\n{stderr}"
    );
    let status = git(&clone, &["status", "--porcelain", "--untracked-files=all"])
        .expect("git status runs")
        .stdout;
    assert!(
        status.is_empty(),
        "a fresh clone is dirty after `generate`:\n{}",
        String::from_utf8_lossy(&status)
    );
    let (code, stderr) = run("check");
    assert_eq!(code, Some(0), "{stderr}");
    let _ = std::fs::remove_dir_all(&clone);
}
