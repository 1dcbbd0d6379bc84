//! The corpus of bad specs under `tests/bad-specs/`: every case must be
//! refused, with the exact diagnostics recorded in a snapshot
//! (`snapshots/lint_corpus__<case>.snap`). Each case is a complete spec
//! directory (`tests/fixtures/minimal/` with one thing broken) and a `README`
//! saying what is wrong and what a spec author should be told.
//!
//! Inputs that are awkward to commit (binary bytes, 10,000 nested `[`, an
//! alias bomb, a file over the size limit) are generated here into a
//! temporary directory; they must be refused with a diagnostic, never a panic.
//!
//! Also: the minimal fixture and the real `spec/` load with no diagnostics,
//! and `alipay-codegen lint` exits 0 / 1 / 2 as documented.
//!
//! To update the snapshots after a deliberate change to the loader's messages:
//! `INSTA_UPDATE=always cargo test -p alipay-codegen --test lint_corpus`
//! (or `cargo insta test --accept`), then read every changed `.snap`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;

use alipay_codegen::spec::check::check;
use alipay_codegen::spec::{LoadError, SpecFiles};

/// Cases the loader accepts today although they are wrong: each is a loader
/// bug, listed here so the corpus stays green. When the loader is fixed, the
/// case is refused, this test fails: remove the name here and accept the new
/// snapshot.
const ACCEPTED_TODAY: &[&str] = &[];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn minimal() -> PathBuf {
    repo().join("tests/fixtures/minimal")
}

/// What the loader says about a spec directory's files, rendered as the CLI
/// renders it (files shown under `spec/`), or a marker when it accepts them.
/// Panics in the loader are caught and reported as such.
fn lint_files(files: &SpecFiles) -> Result<String, String> {
    match catch_unwind(AssertUnwindSafe(|| check(files))) {
        Err(panic) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(format!("the loader panicked: {msg}"))
        }
        Ok(Ok(_)) => Ok("<accepted: no diagnostics>\n".to_string()),
        Ok(Err(diags)) => {
            assert!(!diags.is_empty(), "an Err with no diagnostics");
            Ok(diags.render(Path::new("spec")))
        }
    }
}

fn read(dir: &Path) -> SpecFiles {
    match catch_unwind(AssertUnwindSafe(|| SpecFiles::read_dir(dir))) {
        Err(_) => panic!("{}: SpecFiles::read_dir panicked", dir.display()),
        Ok(Err(e)) => panic!("{}: cannot be read: {e}", dir.display()),
        Ok(Ok(f)) => f,
    }
}

fn cases() -> Vec<(String, PathBuf)> {
    let root = repo().join("tests/bad-specs");
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

/// Compares `text` with the case's snapshot; returns the failure instead of
/// panicking, so one run reports every case that changed.
fn snapshot(name: &str, description: &str, text: &str) -> Option<String> {
    let r = catch_unwind(AssertUnwindSafe(|| {
        insta::with_settings!({
            description => description.trim(),
            omit_expression => true,
            prepend_module_to_snapshot => true,
        }, {
            insta::assert_snapshot!(name, text);
        });
    }));
    r.err().map(|_| format!("{name}: snapshot differs"))
}

#[test]
fn every_bad_spec_is_refused_with_the_recorded_diagnostics() {
    let cases = cases();
    assert!(
        cases.len() >= 35,
        "only {} cases under tests/bad-specs/",
        cases.len()
    );
    let mut failures = Vec::new();
    for (name, dir) in &cases {
        let readme = std::fs::read_to_string(dir.join("README"))
            .unwrap_or_else(|e| panic!("{name}: README: {e}"));
        assert!(!readme.trim().is_empty(), "{name}: empty README");
        let files = read(dir);
        let text = match lint_files(&files) {
            Ok(t) => t,
            Err(panic) => {
                failures.push(format!("{name}: {panic}"));
                continue;
            }
        };
        let accepted = text.starts_with("<accepted");
        if accepted != ACCEPTED_TODAY.contains(&name.as_str()) {
            failures.push(if accepted {
                format!("{name}: a bad spec was accepted")
            } else {
                format!("{name}: now refused; remove it from ACCEPTED_TODAY")
            });
        }
        // Every diagnostic names a file of the case, says how to fix it
        // (a help line), and is written for people (no Rust `Debug` text).
        if !accepted {
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                if line.starts_with("  help: ") {
                    continue;
                }
                assert!(line.starts_with("spec/"), "{name}: {line}");
                if !lines.get(i + 1).is_some_and(|h| h.starts_with("  help: ")) {
                    failures.push(format!("{name}: no help line after `{line}`"));
                }
                if line.contains(" { ") && line.contains(" }") {
                    failures.push(format!("{name}: Rust Debug text in `{line}`"));
                }
            }
        }
        failures.extend(snapshot(name, &readme, &text));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------
// Generated cases: written into a temporary copy of the minimal fixture.

/// A copy of the minimal fixture under the system temp dir, removed on drop.
struct TempSpec(PathBuf);

impl TempSpec {
    fn new(tag: &str) -> TempSpec {
        let dir = std::env::temp_dir().join(format!("lint_corpus-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&minimal(), &dir);
        TempSpec(dir)
    }
    fn write(&self, rel: &str, bytes: &[u8]) {
        std::fs::write(self.0.join(rel), bytes).unwrap();
    }
}

impl Drop for TempSpec {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dst = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dst);
        } else {
            std::fs::copy(&p, &dst).unwrap();
        }
    }
}

/// Writes `bytes` as `rel` in a copy of the minimal fixture, loads it, and
/// asserts: no panic, an Err, and a diagnostic on `rel`. Snapshots the text.
fn generated_case(name: &str, description: &str, rel: &str, bytes: &[u8]) {
    let spec = TempSpec::new(name);
    spec.write(rel, bytes);
    let files = read(&spec.0);
    let started = std::time::Instant::now();
    let text = lint_files(&files).unwrap_or_else(|p| panic!("{name}: {p}"));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{name}: took {:?}",
        started.elapsed()
    );
    assert!(!text.starts_with("<accepted"), "{name}: accepted");
    assert!(
        text.lines().any(|l| l.starts_with(&format!("spec/{rel}"))),
        "{name}: no diagnostic on {rel}:\n{text}"
    );
    if let Some(f) = snapshot(name, description, &text) {
        panic!("{f}");
    }
}

#[test]
fn binary_file_is_refused() {
    let mut bytes = b"name: Amount\ndescription: \"An amount\x00 of money.\"\n".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, 0x00, 0x80, b'\n', 0xc3, 0x28, 0x00]);
    generated_case(
        "gen-binary-file",
        "types/Amount.yaml holds a NUL byte and invalid UTF-8 (0xff at line 3); expect `file is not valid UTF-8` at 3:1.",
        "types/Amount.yaml",
        &bytes,
    );
}

#[test]
fn nul_byte_in_valid_utf8_is_refused() {
    let text = std::fs::read_to_string(minimal().join("types/Amount.yaml")).unwrap();
    let bytes = text.replacen("An amount of money.", "An amount\0 of money.", 1);
    generated_case(
        "gen-nul-byte",
        "types/Amount.yaml is valid UTF-8 but has a NUL byte inside a quoted string; YAML forbids it; expect an error at that line.",
        "types/Amount.yaml",
        bytes.as_bytes(),
    );
}

// The format's types refuse a sequence where a string or a mapping is
// expected at the first nested node, so the two nesting cases below stop
// there (not at the depth budget); they prove there is no stack overflow.
#[test]
fn deep_nesting_is_refused() {
    let mut text = String::from("name: Amount\ndescription: ");
    text.push_str(&"[".repeat(10_000));
    text.push_str(&"]".repeat(10_000));
    text.push('\n');
    generated_case(
        "gen-deep-nesting",
        "types/Amount.yaml nests 10,000 flow sequences; expect a depth-limit error, not a stack overflow.",
        "types/Amount.yaml",
        text.as_bytes(),
    );
}

#[test]
fn deep_block_nesting_is_refused() {
    let mut text = String::from("name: Amount\ndescription: x\nsources: [DOC-A]\nfields:\n");
    for i in 0..10_000usize {
        text.push_str(&" ".repeat(i % 200));
        text.push_str("- \n");
    }
    generated_case(
        "gen-deep-block-nesting",
        "types/Amount.yaml nests 10,000 block sequences (`- - - ...`); expect an error, not a stack overflow.",
        "types/Amount.yaml",
        text.as_bytes(),
    );
}

#[test]
fn alias_bomb_is_refused() {
    // Billion laughs: ten levels, each repeating the previous ten times, under
    // keys the format accepts, so that the loader gets as far as it can.
    let mut text = String::from(
        "name: Amount\ndescription: x\nsources: &s0 [DOC-A, DOC-A, DOC-A, DOC-A, DOC-A, DOC-A, DOC-A, DOC-A, DOC-A, DOC-A]\nfields:\n",
    );
    for k in 1..10 {
        let refs = vec![format!("*s{}", k - 1); 10].join(", ");
        text.push_str(&format!("  - &s{k} [{refs}]\n"));
    }
    generated_case(
        "gen-alias-bomb",
        "types/Amount.yaml is a billion-laughs alias bomb (10 levels of 10 aliases each) inside `fields:`; expect an error quickly, without expanding it.",
        "types/Amount.yaml",
        text.as_bytes(),
    );
}

#[test]
fn too_many_aliases_are_refused() {
    // 5,000 aliases of one anchor, in a list the format accepts (`sources`).
    let mut text = String::from("name: Amount\ndescription: x\nsources: [&a DOC-A");
    for _ in 0..5_000 {
        text.push_str(", *a");
    }
    text.push_str("]\nfields: []\n");
    generated_case(
        "gen-too-many-aliases",
        "types/Amount.yaml cites the same source through 5,000 aliases; expect the alias budget to refuse it.",
        "types/Amount.yaml",
        text.as_bytes(),
    );
}

#[test]
fn huge_file_is_refused() {
    // A valid type whose description is a little over the 4 MiB limit.
    let mut text = String::from("name: Amount\nsources: [DOC-A]\nfields: []\ndescription: >-\n");
    let line = format!("  {}\n", "lorem ipsum ".repeat(8));
    while text.len() <= alipay_codegen::spec::load::MAX_FILE_BYTES {
        text.push_str(&line);
    }
    generated_case(
        "gen-huge-file",
        "types/Amount.yaml is a little over 4 MiB; expect a whole-file error saying it is too large.",
        "types/Amount.yaml",
        text.as_bytes(),
    );
}

// ---------------------------------------------------------------------------
// Good specs.

fn assert_loads_clean(dir: &Path) {
    let files = read(dir);
    match catch_unwind(AssertUnwindSafe(|| check(&files))) {
        Err(_) => panic!("{}: the loader panicked", dir.display()),
        Ok(Err(d)) => panic!("{} does not load:\n{}", dir.display(), d.render(dir)),
        Ok(Ok(_)) => {}
    }
}

#[test]
fn minimal_fixture_loads_clean() {
    assert_loads_clean(&minimal());
    let model = alipay_codegen::load_dir(&minimal()).expect("loads");
    assert_eq!(model.apis.len(), 1);
    assert_eq!(model.types.len(), 2);
    assert_eq!(model.shared_codes.len(), 2);
    let api = &model.apis[0];
    assert_eq!(api.name, "notifyThing");
    assert_eq!(api.result_codes.len(), 3);
    assert!(api.retry.is_some());
    assert_eq!(api.discrepancies.len(), 1);
}

#[test]
fn real_spec_loads_clean() {
    assert_loads_clean(&repo().join("spec"));
}

/// Harmless variations of the minimal fixture: still clean.
#[test]
fn minimal_fixture_variants_load_clean() {
    let api = std::fs::read_to_string(minimal().join("apis/notifyThing.yaml")).unwrap();
    let variants: [(&str, String); 4] = [
        ("crlf", api.replace('\n', "\r\n")),
        ("bom", format!("\u{feff}{api}")),
        ("no-final-newline", api.trim_end().to_string()),
        ("document-marker", format!("%YAML 1.2\n---\n{api}...\n")),
    ];
    let mut failures = Vec::new();
    for (tag, text) in variants {
        let spec = TempSpec::new(&format!("good-{tag}"));
        spec.write("apis/notifyThing.yaml", text.as_bytes());
        let files = read(&spec.0);
        match lint_files(&files) {
            Err(p) => failures.push(format!("{tag}: {p}")),
            Ok(t) if !t.starts_with("<accepted") => failures.push(format!("{tag}:\n{t}")),
            Ok(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------
// The command line.

fn lint(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_alipay-codegen"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().expect("exited"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_lint_exit_codes() {
    let good = minimal();
    let (code, err) = lint(&["lint", "--spec", good.to_str().unwrap()]);
    assert_eq!(code, 0, "good spec: {err}");

    let bad = repo().join("tests/bad-specs/03-unknown-key-typo");
    let (code, err) = lint(&["lint", "--spec", bad.to_str().unwrap()]);
    assert_eq!(code, 1, "bad spec: {err}");
    let at = bad.join("apis/notifyThing.yaml").display().to_string()
        + ":30:7: error: unknown field `max_lenght`";
    assert!(err.contains(&at), "stderr lacks `{at}`:\n{err}");
    assert!(err.contains("did you mean `max_length`?"), "{err}");

    let missing = repo().join("tests/bad-specs/no-such-directory");
    let (code, err) = lint(&["lint", "--spec", missing.to_str().unwrap()]);
    assert_eq!(code, 2, "missing dir: {err}");
    assert!(err.contains("no-such-directory"), "{err}");

    let file = minimal().join("sources.yaml");
    let (code, err) = lint(&["lint", "--spec", file.to_str().unwrap()]);
    assert_eq!(code, 2, "a file, not a directory: {err}");

    let (code, err) = lint(&["lint", "--no-such-flag"]);
    assert_eq!(code, 2, "unknown flag: {err}");
    let (code, err) = lint(&["no-such-command"]);
    assert_eq!(code, 2, "unknown command: {err}");
}

#[test]
fn load_dir_distinguishes_io_errors_from_bad_specs() {
    match alipay_codegen::spec::load_dir(&repo().join("tests/bad-specs/no-such-directory")) {
        Err(LoadError::Io { .. }) => {}
        other => panic!("expected an I/O error, got {other:?}"),
    }
    match alipay_codegen::spec::load_dir(&repo().join("tests/bad-specs/03-unknown-key-typo")) {
        Err(LoadError::Invalid(d)) => assert_eq!(d.len(), 1),
        other => panic!("expected diagnostics, got {other:?}"),
    }
}

#[test]
fn api_named_like_a_generated_module_is_refused() {
    // An API `types` would be emitted as src/types.rs over the shared types.
    let text = std::fs::read_to_string(minimal().join("apis/notifyThing.yaml")).unwrap();
    let bytes = text.replacen("name: notifyThing", "name: types", 1);
    generated_case(
        "gen-api-name-taken-by-generated-file",
        "apis/types.yaml defines an API `types`, whose module would be the crate's src/types.rs; expect `is taken by a generated file` at 1:7.",
        "apis/types.yaml",
        bytes.as_bytes(),
    );
}

// ---------------------------------------------------------------------------
// Issue 13: inputs that cannot be committed as files (invisible characters,
// symlinks, FIFOs, names that are not UTF-8, very large specs).

#[test]
fn bidi_override_in_a_description_is_refused() {
    let text = std::fs::read_to_string(minimal().join("types/Amount.yaml")).unwrap();
    let bytes = text.replacen("An amount of money.", "An amount \u{202e}of money.", 1);
    generated_case(
        "gen-bidi-override",
        "types/Amount.yaml's description holds U+202E RIGHT-TO-LEFT OVERRIDE (Trojan Source), written literally; expect an error at its line and column naming the character.",
        "types/Amount.yaml",
        bytes.as_bytes(),
    );
}

#[test]
fn bare_carriage_return_in_a_description_is_refused() {
    let text = std::fs::read_to_string(minimal().join("types/Amount.yaml")).unwrap();
    let bytes = text.replacen("An amount of money.", "An amount\rof money.", 1);
    generated_case(
        "gen-bare-cr",
        "types/Amount.yaml's description holds a bare CR (not followed by LF), which rustc refuses in a doc comment; expect an error at its line and column.",
        "types/Amount.yaml",
        bytes.as_bytes(),
    );
}

/// Like `generated_case`, for a spec directory prepared by `prepare`; the
/// diagnostics must name `rel`.
#[cfg(unix)]
fn prepared_case(name: &str, description: &str, rel: &str, prepare: impl FnOnce(&Path)) {
    let spec = TempSpec::new(name);
    prepare(&spec.0);
    let files = read(&spec.0);
    let text = lint_files(&files).unwrap_or_else(|p| panic!("{name}: {p}"));
    assert!(!text.starts_with("<accepted"), "{name}: accepted");
    assert!(
        text.lines().any(|l| l.starts_with(&format!("spec/{rel}"))),
        "{name}: no diagnostic on {rel}:\n{text}"
    );
    if let Some(f) = snapshot(name, description, &text) {
        panic!("{f}");
    }
}

#[cfg(unix)]
#[test]
fn dangling_symlink_and_symlink_loop_are_reported() {
    prepared_case(
        "gen-dangling-symlink",
        "apis/notifyOther.yaml is a symlink to a file that does not exist; expect an error naming it (the API is not silently left out).",
        "apis/notifyOther.yaml",
        |d| {
            std::os::unix::fs::symlink(d.join("apis/missing.yaml"), d.join("apis/notifyOther.yaml"))
                .unwrap()
        },
    );
    prepared_case(
        "gen-symlink-loop",
        "apis/a.yaml and apis/b.yaml are symlinks to each other; expect an error for each, not a hang.",
        "apis/a.yaml",
        |d| {
            std::os::unix::fs::symlink(d.join("apis/b.yaml"), d.join("apis/a.yaml")).unwrap();
            std::os::unix::fs::symlink(d.join("apis/a.yaml"), d.join("apis/b.yaml")).unwrap();
        },
    );
}

#[cfg(unix)]
#[test]
fn fifo_is_reported_without_being_opened() {
    prepared_case(
        "gen-fifo",
        "apis/notifyOther.yaml is a FIFO (named pipe); opening it would block forever; expect an error naming it, at once.",
        "apis/notifyOther.yaml",
        |d| {
            let st = Command::new("mkfifo")
                .arg(d.join("apis/notifyOther.yaml"))
                .status()
                .expect("mkfifo");
            assert!(st.success());
        },
    );
}

#[cfg(target_os = "linux")]
#[test]
fn non_utf8_file_name_is_reported() {
    use std::os::unix::ffi::OsStrExt;
    prepared_case(
        "gen-non-utf8-name",
        "apis/ holds a file whose name is not UTF-8 (byte 0xff); expect an error naming it (lossily), not a silent skip.",
        "apis/notify",
        |d| {
            let name = std::ffi::OsStr::from_bytes(b"notify\xffOther.yaml");
            std::fs::write(d.join("apis").join(name), b"name: x\n").unwrap();
        },
    );
}

/// The minimal fixture's notifyThing request with `n` more string fields.
fn wide_api(n: usize) -> String {
    let api = std::fs::read_to_string(minimal().join("apis/notifyThing.yaml")).unwrap();
    let extra: String = (0..n)
        .map(|k| format!("    - name: extra{k}\n      type: string\n      description: \"Extra {k}.\"\n      sources: [DOC-A]\n"))
        .collect();
    api.replacen(
        "    - name: thingCount\n",
        &format!("{extra}    - name: thingCount\n"),
        1,
    )
}

#[test]
fn too_many_fields_are_refused() {
    // 10,000 fields made rustc overflow its stack; the limit is 1,000.
    let bytes = wide_api(10_000);
    generated_case(
        "gen-too-many-fields",
        "The notifyThing request has 10,007 fields (rustc overflows its stack on the generated struct); expect one error at the API saying the limit is 1,000.",
        "apis/notifyThing.yaml",
        bytes.as_bytes(),
    );
}

#[test]
fn too_deep_nesting_is_refused() {
    // 1,000 levels: Amount holds Deep1, which holds Deep2, ... (rustc's drop
    // check overflows at 200 levels); lint must also stay fast.
    let spec = TempSpec::new("gen-too-deep");
    let amount = std::fs::read_to_string(minimal().join("types/Amount.yaml")).unwrap();
    spec.write(
        "types/Amount.yaml",
        amount
            .replacen("fields:\n", "fields:\n  - name: deep\n    type: object\n    ref: Deep1\n    description: \"Deep.\"\n    sources: [DOC-A]\n", 1)
            .as_bytes(),
    );
    for i in 1..=1_000 {
        let next = if i < 1_000 {
            format!(
                "  - name: next\n    type: object\n    ref: Deep{}\n    description: \"Deeper.\"\n    sources: [DOC-A]\n",
                i + 1
            )
        } else {
            String::new()
        };
        spec.write(
            &format!("types/Deep{i}.yaml"),
            format!("name: Deep{i}\ndescription: \"Level {i}.\"\nsources: [DOC-A]\nfields:\n  - name: label\n    type: string\n    description: \"A label.\"\n    sources: [DOC-A]\n{next}").as_bytes(),
        );
    }
    let files = read(&spec.0);
    let text = lint_files(&files).unwrap();
    assert!(!text.starts_with("<accepted"), "accepted");
    if let Some(f) = snapshot(
        "gen-too-deep",
        "Shared objects nested 1,001 levels deep (Amount -> Deep1 -> ... -> Deep1000); expect one error where the excess starts (Amount) and one at each message field reaching it, saying the limit is 32.",
        &text,
    ) {
        panic!("{f}");
    }
}
