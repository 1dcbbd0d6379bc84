//! The build.rs-generated models read every valid notification of the
//! payload corpus (for each API they were generated for, taken from their
//! own `Notification::NOTIFY_TYPES`) exactly as the checked-in
//! `alipay-models` does: the same message back, the same outcome, the same
//! acknowledgement bytes.

use std::path::Path;

#[test]
fn build_rs_models_agree_with_the_checked_in_crate_on_the_corpus() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/payloads");
    let mut apis: Vec<&str> = merchant_webhook::Notification::NOTIFY_TYPES
        .iter()
        .map(|(_, api)| *api)
        .collect();
    apis.sort_unstable();
    apis.dedup();
    assert!(!apis.is_empty());
    let mut checked = 0;
    for api in apis {
        let dir = corpus.join(format!("{api}.request/valid"));
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{}: no payloads", dir.display());
        for file in files {
            let body = std::fs::read(&file).unwrap();
            let ours = merchant_webhook::Notification::parse_json(&body)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let theirs = alipay_models::Notification::parse_json(&body)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let name = file.display();
            assert_eq!(ours.to_json(), theirs.to_json(), "{name}");
            assert_eq!(ours.notify_type(), theirs.notify_type(), "{name}");
            assert_eq!(
                format!("{:?}", ours.outcome()),
                format!("{:?}", theirs.outcome()),
                "{name}"
            );
            assert_eq!(
                ours.ack().map(|a| a.to_json().unwrap()),
                theirs.ack().map(|a| a.to_json().unwrap()),
                "{name}"
            );
            checked += 1;
        }
    }
    assert!(checked > 0);
}
