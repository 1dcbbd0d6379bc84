//! The `diff` command line: exit codes, output formats, and git revisions.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_alipay-codegen"));
    c.env_remove("NO_COLOR");
    c
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/diff")
}

fn case(name: &str, side: &str) -> String {
    fixtures()
        .join(name)
        .join(side)
        .to_string_lossy()
        .into_owned()
}

fn run(args: &[&str], cwd: Option<&Path>) -> Output {
    let mut c = bin();
    c.arg("diff").args(args);
    if let Some(d) = cwd {
        c.current_dir(d);
    }
    c.output().expect("the binary runs")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("alipay-codegen-diff-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn copy_dir(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn exit_codes() {
    let o = run(
        &[&case("identical", "old"), &case("identical", "new")],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("no changes"));
    let o = run(
        &[&case("docs_only", "old"), &case("docs_only", "new")],
        None,
    );
    assert_eq!(code(&o), 0, "documentation changes are not breaking");
    let o = run(
        &[
            &case("required_flags", "old"),
            &case("required_flags", "new"),
        ],
        None,
    );
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains(
        "BREAKING  field extendInfo: optional -> required (outbound: merchants must now send it; `new` takes it as a parameter)"
    ));

    // Usage and I/O errors.
    let o = run(&[&case("identical", "old")], None);
    assert_eq!(code(&o), 2, "a missing argument");
    let o = run(
        &[
            &case("identical", "old"),
            &case("identical", "new"),
            "--format",
            "yaml",
        ],
        None,
    );
    assert_eq!(code(&o), 2, "an unknown format");
    let d = tmpdir("notgit");
    let o = run(&["no-such-revision", &case("identical", "new")], Some(&d));
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("`no-such-revision` is neither a directory nor a git revision"),
        "{}",
        stderr(&o)
    );
    let o = run(&[d.to_str().unwrap(), &case("identical", "new")], None);
    assert_eq!(code(&o), 2, "a directory without specs");
    assert!(stderr(&o).contains("holds no specs"), "{}", stderr(&o));

    // Specs that do not load: the diagnostics, and exit 2.
    let bad = d.join("bad");
    copy_dir(Path::new(&case("identical", "new")), &bad);
    std::fs::write(bad.join("apis/capture.yaml"), "name: capture\nbogus: 1\n").unwrap();
    let o = run(&[&case("identical", "old"), bad.to_str().unwrap()], None);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("apis/capture.yaml"), "{}", stderr(&o));
}

#[test]
fn text_is_plain_when_piped_and_json_is_the_documented_shape() {
    let (old, new) = (case("codes", "old"), case("codes", "new"));
    let o = run(&[&old, &new], None);
    assert!(
        !stdout(&o).contains('\x1b'),
        "no ANSI codes when stdout is not a terminal"
    );
    assert!(stdout(&o).contains("shared code PROCESS_FAIL\n  used by: capture result codes (inbound), notifyPayment result codes (inbound)"));
    assert!(stdout(&o).contains(
        "proposed bump for alipay-models: major (alipay-models is 0.x: bump the minor version"
    ));

    let o = run(&[&old, &new, "--format", "json"], None);
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert_eq!(v["breaking"], true);
    assert_eq!(v["semver"], "major");
    assert_eq!(v["semver_0x"], "minor");
    for c in v["changes"].as_array().unwrap() {
        for key in [
            "api", "message", "path", "kind", "class", "flow", "detail", "bump", "group", "affects",
        ] {
            assert!(c.get(key).is_some(), "change without {key}: {c}");
        }
        assert!(["breaking", "compatible"].contains(&c["class"].as_str().unwrap()));
    }
}

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args([
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn git_revisions() {
    let repo = tmpdir("git");
    git(&repo, &["init", "-q"]);
    copy_dir(Path::new(&case("lengths", "old")), &repo.join("spec"));
    std::fs::write(repo.join("README.md"), "not a spec\n").unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "v1"]);
    copy_dir(Path::new(&case("lengths", "new")), &repo.join("spec"));
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "v2"]);

    // Two revisions.
    let o = run(&["HEAD~1", "HEAD"], Some(&repo));
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("diff HEAD~1:spec -> HEAD:spec\n"),
        "{text}"
    );
    let by_dir = run(&[&case("lengths", "old"), &case("lengths", "new")], None);
    let body = |s: &str| s.split_once('\n').unwrap().1.to_string();
    assert_eq!(
        body(&text),
        body(&stdout(&by_dir)),
        "a revision reads the same specs as its directory"
    );

    // A revision against the working tree (`.` is the working tree's spec/).
    let o = run(&["HEAD", "."], Some(&repo));
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("no changes"));
    copy_dir(Path::new(&case("lengths", "old")), &repo.join("spec"));
    let o = run(&["HEAD~1", "."], Some(&repo));
    assert_eq!(code(&o), 0);
    let o = run(&["HEAD", ".", "--format", "json"], Some(&repo));
    assert_eq!(
        code(&o),
        1,
        "going back tightens what v2 relaxed (captureRequestId 128 -> 64)"
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["old"], "HEAD:spec");
    assert_eq!(v["new"], "spec");

    // --spec-path: specs elsewhere in the tree.
    std::fs::rename(repo.join("spec"), repo.join("api-specs")).unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "move"]);
    let o = run(&["HEAD~1", "HEAD", "--spec-path", "api-specs"], Some(&repo));
    assert_eq!(code(&o), 2, "HEAD~1 has no api-specs/");
    assert!(
        stderr(&o).contains("no spec files in HEAD~1:api-specs"),
        "{}",
        stderr(&o)
    );
    let o = run(&["HEAD~2", "HEAD", "--spec-path", "api-specs"], Some(&repo));
    assert_eq!(code(&o), 2);
    let o = run(&["HEAD", ".", "--spec-path", "api-specs"], Some(&repo));
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    // Outside a git repository, a revision is an error, not a panic.
    let plain = tmpdir("plain");
    let o = run(&["HEAD", &case("identical", "new")], Some(&plain));
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("neither a directory nor a git revision"),
        "{}",
        stderr(&o)
    );
}
