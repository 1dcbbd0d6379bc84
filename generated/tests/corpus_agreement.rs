//! The Rust validators give every case of the shared payload corpus
//! (tests/payloads/<api>.<message>/{valid,invalid}/) the verdict its folder
//! states: the same corpus the emitted JSON Schemas are checked against with
//! the jsonschema crate, ajv and Python's jsonschema.
//!
//! The messages come from `alipay_models::catalog`, the folders from the
//! corpus: every message of the crate has a folder with at least one valid
//! case, and every folder names a message of the crate.

use std::path::{Path, PathBuf};

use alipay_models::catalog;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/payloads")
}

/// The `.json` files of `dir`, sorted; empty when it does not exist.
fn cases(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|f| f.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_message_has_corpus_cases_and_every_folder_a_message() {
    let mut missing = Vec::new();
    for entry in catalog::MESSAGES {
        if cases(&corpus().join(entry.name()).join("valid")).is_empty() {
            missing.push(format!(
                "tests/payloads/{}/valid/ has no case: add at least one message the documents call valid",
                entry.name()
            ));
        }
    }
    for dir in std::fs::read_dir(corpus()).expect("tests/payloads exists") {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let known = name
            .split_once('.')
            .and_then(|(api, message)| catalog::message(api, message))
            .is_some();
        if !known {
            missing.push(format!(
                "tests/payloads/{name}/ names no message of alipay-models (expected <apiName>.<request|response>)"
            ));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn rust_validators_agree_with_the_corpus_verdicts() {
    let mut disagreements = Vec::new();
    let mut count = 0;
    for entry in catalog::MESSAGES {
        let dir = corpus().join(entry.name());
        for expect_valid in [true, false] {
            let verdict = if expect_valid { "valid" } else { "invalid" };
            for f in cases(&dir.join(verdict)) {
                count += 1;
                let got = (entry.from_json)(&std::fs::read(&f).unwrap());
                if got.is_ok() != expect_valid {
                    disagreements.push(format!(
                        "{}: expected {verdict}, got {got:?}",
                        f.display()
                    ));
                }
            }
        }
    }
    assert!(count >= 2 * catalog::MESSAGES.len(), "only {count} corpus cases found");
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

/// Every valid case parses through the catalog, serializes back to the same
/// JSON, and the result parses and validates again: a merchant can store and
/// forward what it received.
#[test]
fn valid_cases_round_trip() {
    let mut failures = Vec::new();
    for entry in catalog::MESSAGES {
        for f in cases(&corpus().join(entry.name()).join("valid")) {
            let bytes = std::fs::read(&f).unwrap();
            let m = (entry.parse_json)(&bytes).unwrap();
            let out = match m.to_json() {
                Ok(out) => out,
                Err(v) => {
                    failures.push(format!("{}: a valid message does not serialize: {v:?}", f.display()));
                    continue;
                }
            };
            let a: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            let b: serde_json::Value = serde_json::from_slice(&out).unwrap();
            if a != b {
                failures.push(format!("{}: to_json gives {b}", f.display()));
            } else if let Err(e) = (entry.from_json)(&out) {
                failures.push(format!("{}: its own output is refused: {e}", f.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The catalog agrees with the crate: `message` finds every entry, entries
/// are unique and sorted, and the downcast reaches the named type.
#[test]
fn catalog_lookup() {
    let names: Vec<String> = catalog::MESSAGES.iter().map(|e| e.name()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(names, sorted);
    for e in catalog::MESSAGES {
        assert!(std::ptr::eq(catalog::message(e.api, e.message).unwrap(), e));
        assert!(e.message == "request" || e.message == "response");
    }
    assert!(catalog::message("noSuchApiInAnySpec", "request").is_none());
    assert!(catalog::message(catalog::MESSAGES[0].api, "reply").is_none());
    let capture = catalog::message("capture", "request").unwrap();
    assert!(!capture.inbound, "the merchant sends a capture request");
    let m = (capture.parse_json)(br#"{"captureRequestId":"c","paymentId":"p"}"#).unwrap();
    assert!(m.as_any().downcast_ref::<alipay_models::CaptureRequest>().is_some());
}
