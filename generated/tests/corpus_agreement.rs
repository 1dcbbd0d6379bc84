//! The Rust validators give every case of the shared payload corpus
//! (tests/payloads/<api>.<message>/{valid,invalid}/) the verdict its folder
//! states: the same corpus the emitted JSON Schemas are checked against with
//! the jsonschema crate, ajv and Python's jsonschema.

use std::path::Path;

use alipay_models::*;

fn verdict(api_message: &str, bytes: &[u8]) -> Result<(), String> {
    fn run<T>(r: Result<T, FromJsonError>) -> Result<(), String> {
        r.map(|_| ()).map_err(|e| e.to_string())
    }
    match api_message {
        "capture.request" => run(CaptureRequest::from_json(bytes)),
        "capture.response" => run(CaptureResponse::from_json(bytes)),
        "notifyCapture.request" => run(NotifyCaptureRequest::from_json(bytes)),
        "notifyCapture.response" => run(NotifyCaptureResponse::from_json(bytes)),
        "notifyPayment.request" => run(NotifyPaymentRequest::from_json(bytes)),
        "notifyPayment.response" => run(NotifyPaymentResponse::from_json(bytes)),
        other => panic!("corpus folder {other} names no message of alipay-models"),
    }
}

#[test]
fn rust_validators_agree_with_the_corpus_verdicts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/payloads");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/payloads exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut disagreements = Vec::new();
    let mut cases = 0;
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_str().unwrap().to_string();
        for expect_valid in [true, false] {
            let sub = dir.join(if expect_valid { "valid" } else { "invalid" });
            let Ok(entries) = std::fs::read_dir(&sub) else { continue };
            let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
            files.sort();
            for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "json")) {
                cases += 1;
                let got = verdict(&name, &std::fs::read(f).unwrap());
                if got.is_ok() != expect_valid {
                    disagreements.push(format!("{}: expected {}, got {got:?}", f.display(), if expect_valid { "valid" } else { "invalid" }));
                }
            }
        }
    }
    assert!(cases >= 100, "only {cases} corpus cases found");
    assert!(disagreements.is_empty(), "{} disagreements:\n{}", disagreements.len(), disagreements.join("\n"));
}
