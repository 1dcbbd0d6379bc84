//! `diff` on the fixture pairs of tests/diff/<case>/{old,new}/ (built by
//! tests/diff/make_cases.py from tests/diff/base/): text and JSON snapshots of
//! each, and the classification the brief asks for, asserted directly.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use alipay_codegen::diff::{self, Level, Report, render};

const CASES: &[&str] = &[
    "identical",
    "docs_only",
    "change_history",
    "required_flags",
    "fields_added_removed",
    "lengths",
    "enums",
    "codes",
    "types_and_values",
    "type_shape",
    "api_level",
    "api_removed",
    "notification_added",
];

fn dir(case: &str, side: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/diff")
        .join(case)
        .join(side)
}

fn report(case: &str) -> Report {
    let load = |side: &str| match alipay_codegen::load_dir(&dir(case, side)) {
        Ok(m) => m,
        Err(e) => panic!("tests/diff/{case}/{side} does not load:\n{e}"),
    };
    let mut r = diff::compare(&load("old"), &load("new"));
    r.old_label = format!("{case}/old");
    r.new_label = format!("{case}/new");
    r
}

#[test]
fn every_case_matches_its_snapshots() {
    for case in CASES {
        let r = report(case);
        insta::assert_snapshot!(format!("diff_{case}_text"), render::text(&r, false));
        insta::assert_json_snapshot!(format!("diff_{case}_json"), render::json(&r));
    }
}

#[test]
fn every_case_directory_is_listed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/diff");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("old").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let listed: BTreeSet<String> = CASES.iter().map(|s| s.to_string()).collect();
    assert_eq!(on_disk, listed);
}

fn find<'a>(r: &'a Report, path: &str, kind: &str) -> &'a diff::Change {
    r.changes
        .iter()
        .find(|c| c.path == path && serde_json::to_value(c.kind).unwrap() == kind)
        .unwrap_or_else(|| panic!("no {kind} change at {path} in:\n{}", render::text(r, false)))
}

#[test]
fn bumps() {
    let level = |c: &str| report(c).level();
    assert_eq!(level("identical"), None);
    assert_eq!(level("docs_only"), Some(Level::Patch));
    assert_eq!(level("notification_added"), Some(Level::Minor));
    for c in CASES
        .iter()
        .filter(|c| !["identical", "docs_only", "notification_added"].contains(c))
    {
        assert_eq!(level(c), Some(Level::Major), "{c}");
    }
    let json = render::json(&report("identical"));
    assert_eq!(json["semver"], "none");
    assert_eq!(json["breaking"], false);
    let json = render::json(&report("docs_only"));
    assert_eq!(json["semver"], "patch");
    let json = render::json(&report("change_history"));
    assert_eq!(
        (json["semver"].as_str(), json["semver_0x"].as_str()),
        (Some("major"), Some("minor"))
    );
}

#[test]
fn direction_decides_required_changes() {
    // Judged on the wire and on the generated Rust, the stricter: `new` takes
    // exactly the required fields of what the merchant sends, and the checked
    // view has the required fields of what Alipay sends as plain values.
    let r = report("required_flags");
    // Outbound: optional -> required breaks senders; required -> optional is
    // compatible on the wire, but `new` loses a parameter.
    let c = find(&r, "extendInfo", "required_changed");
    assert_eq!(c.level, Level::Major);
    assert_eq!(
        c.detail,
        "field extendInfo: optional -> required (outbound: merchants must now send it; `new` takes it as a parameter)"
    );
    let c = find(&r, "paymentId", "required_changed");
    assert_eq!(c.level, Level::Major);
    assert!(
        c.detail.contains("`new` loses its parameter"),
        "{}",
        c.detail
    );
    // Inbound: required -> optional breaks readers; optional -> required is
    // compatible on the wire, but the view's field stops being an Option.
    assert_eq!(
        find(&r, "captureTime", "required_changed").level,
        Level::Major
    );
    let c = find(&r, "paymentCreateTime", "required_changed");
    assert_eq!(c.level, Level::Major);
    assert!(c.detail.contains("from `Option<T>` to `T`"), "{}", c.detail);
}

#[test]
fn a_shared_type_changes_shape_with_where_it_is_used() {
    let r = report("type_shape");
    let c = find(&r, "Goods", "shared_type_shape_changed");
    assert_eq!(c.level, Level::Major);
    assert!(c.detail.contains("strict -> lenient"), "{}", c.detail);
    let c = find(&r, "Memo", "shared_type_shape_changed");
    assert_eq!(c.level, Level::Minor);
    assert!(c.detail.contains("gains `new`"), "{}", c.detail);
    // The fields themselves are added where the types are used: reported there.
    assert_eq!(find(&r, "memo", "field_added").level, Level::Minor);
}

#[test]
fn classification_of_each_kind() {
    let r = report("fields_added_removed");
    assert_eq!(find(&r, "memo", "field_removed").level, Level::Major);
    assert!(
        find(&r, "memo", "field_removed")
            .detail
            .contains("possibly renamed to note")
    );
    assert_eq!(find(&r, "captureReason", "field_added").level, Level::Minor);
    assert_eq!(find(&r, "merchantId", "field_added").level, Level::Major);
    assert_eq!(find(&r, "settlementId", "field_added").level, Level::Minor);

    let r = report("lengths");
    assert_eq!(
        find(&r, "extendInfo", "max_length_changed").level,
        Level::Major
    );
    // Inbound (notifyPayment), a maximum length is an expectation: a notice, never a refusal.
    assert_eq!(
        find(&r, "paymentRequestId", "max_length_changed").level,
        Level::Patch
    );
    assert_eq!(
        find(&r, "captureRequestId", "max_length_changed").level,
        Level::Minor
    );
    assert_eq!(find(&r, "memo", "max_length_changed").level, Level::Minor);
    let shared = find(&r, "Result.resultMessage", "max_length_changed");
    assert_eq!(shared.level, Level::Major);
    assert_eq!(shared.affects.len(), 3, "{:?}", shared.affects);

    let r = report("enums");
    assert_eq!(
        find(&r, "captureMode", "enum_value_removed").level,
        Level::Major
    );
    assert_eq!(
        find(&r, "captureMode", "enum_value_added").level,
        Level::Minor
    );
    assert!(
        find(&r, "notifyType", "enum_value_added")
            .detail
            .contains("now decodes to its own variant")
    );
    assert_eq!(
        find(&r, "notifyType", "enum_value_docs_changed").level,
        Level::Patch
    );
    // A narrowing of what Alipay sends is an expectation: a notice, never a refusal.
    assert_eq!(
        find(&r, "result.resultStatus", "constraint_changed").level,
        Level::Patch
    );

    let r = report("codes");
    assert_eq!(
        find(&r, "UNKNOWN_EXCEPTION", "code_removed").level,
        Level::Major
    );
    assert_eq!(find(&r, "PROCESS_FAIL", "code_added").level, Level::Minor);
    assert_eq!(
        find(&r, "CAPTURE_IN_PROCESS", "code_status_changed").level,
        Level::Major
    );
    let shared = find(&r, "PROCESS_FAIL", "code_status_changed");
    assert_eq!(shared.api, None);
    assert_eq!(
        shared.affects,
        [
            "capture result codes (inbound)",
            "notifyPayment result codes (inbound)"
        ]
    );
    // A shared code's status change is reported once, not again under each API.
    assert_eq!(
        r.changes
            .iter()
            .filter(|c| c.path == "PROCESS_FAIL" && c.level == Level::Major)
            .count(),
        1
    );

    let r = report("types_and_values");
    assert_eq!(
        find(&r, "isLastCapture", "type_changed").level,
        Level::Major
    );
    assert_eq!(
        find(&r, "result.resultCode", "constraint_changed").level,
        Level::Major
    );
    assert_eq!(find(&r, "Amount.value", "wire_changed").level, Level::Major);
    let fee = find(&r, "Amount.fee", "field_added");
    assert_eq!(
        fee.level,
        Level::Major,
        "required in the outbound capture request"
    );
    assert!(fee.detail.contains("outbound: merchants must now send it"));

    let r = report("docs_only");
    for c in &r.changes {
        assert_eq!(c.level, Level::Patch, "{}", c.detail);
    }
    find(&r, "request.memo", "discrepancy_added");
    find(&r, "paymentRequestId", "field_docs_changed");
}

#[test]
fn the_change_history_edits() {
    let r = report("change_history");
    // Inbound optional -> required: the checked view's field stops being an Option.
    assert_eq!(
        find(&r, "paymentId", "required_changed").level,
        Level::Major
    );
    assert_eq!(find(&r, "FRAUD_REJECT", "code_added").level, Level::Minor);
    // Inbound: an expectation, so tightening it only adds notices.
    assert_eq!(
        find(&r, "paymentRequestId", "max_length_changed").level,
        Level::Patch
    );
    assert_eq!(
        find(&r, "CAPTURE_IN_PROCESS", "code_status_changed").level,
        Level::Major
    );
    assert_eq!(
        find(&r, "notifyType", "enum_value_removed").level,
        Level::Major
    );
}

#[test]
fn the_real_specs_have_no_changes_against_themselves() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let m = alipay_codegen::load_dir(&spec).expect("spec/ loads");
    assert!(diff::compare(&m, &m).changes.is_empty());
}

/// Adding a notification is compatible (`Notification` and `Acknowledgement`
/// are `#[non_exhaustive]`), and the notifyType it receives moving from
/// `Unknown` to the new variant is reported; removing it breaks.
#[test]
fn notification_routing_is_reported() {
    let r = report("notification_added");
    assert_eq!(find(&r, "notifyRefund", "api_added").level, Level::Minor);
    let routed = find(&r, "REFUND_RESULT", "notify_type_routed");
    assert_eq!(routed.level, Level::Minor);
    assert!(
        routed
            .detail
            .contains("Notification::Unknown now decode to Notification::NotifyRefund"),
        "{}",
        routed.detail
    );
    assert_eq!(render::json(&r)["summary"]["behaviour"], 1);
    assert!(render::text(&r, false).contains("1 behaviour change(s)"));

    // The same pair the other way round: the route is gone.
    let load = |side: &str| alipay_codegen::load_dir(&dir("notification_added", side)).unwrap();
    let back = diff::compare(&load("new"), &load("old"));
    let gone = find(&back, "REFUND_RESULT", "notify_type_routed");
    assert_eq!(gone.level, Level::Major);
    assert!(
        gone.detail.contains("now decode to Notification::Unknown"),
        "{}",
        gone.detail
    );

    // A value added to an existing notification's notifyType routes too.
    let r = report("enums");
    assert_eq!(
        find(&r, "PAYMENT_PENDING", "notify_type_routed").level,
        Level::Minor
    );
}
