//! What a message gives besides its verdict: every notice (expectations a
//! message Alipay sent does not meet, which never make it invalid) and, for a
//! notification, its outcome. Read from `tests/payloads/<api>.<part>/expected.json`
//! (written by `build_corpus.py`), for every corpus folder that has one; the
//! folder's name gives the API and part, so a new API needs no edit here.

use std::collections::BTreeSet;
use std::path::Path;

use alipay_models::Message as _;
use alipay_models::runtime::Outcome;
use alipay_models::{Notification, check_json};

#[test]
fn every_valid_case_gives_the_expected_notices_and_outcome() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/payloads");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/payloads exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    dirs.sort();
    let notification_apis: BTreeSet<&str> =
        Notification::NOTIFY_TYPES.iter().map(|(_, api)| *api).collect();
    let (mut checked, mut outcomes, mut noticed) = (0, BTreeSet::new(), 0);
    let mut wrong = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_str().unwrap().to_string();
        let (api, part) = name.split_once('.').expect("<api>.<part>");
        let expected: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
        let expected = expected.as_object().expect("an object");
        // Every valid case of an inbound folder with expectations is listed.
        let valid: BTreeSet<String> = std::fs::read_dir(dir.join("valid"))
            .unwrap()
            .map(|e| format!("valid/{}", e.unwrap().file_name().to_str().unwrap()))
            .collect();
        let listed: BTreeSet<String> = expected.keys().cloned().collect();
        assert_eq!(valid, listed, "{name}/expected.json must list every valid case");
        for (case, want) in expected {
            let bytes = std::fs::read(dir.join(case)).unwrap();
            let found = check_json(api, part, &bytes)
                .unwrap_or_else(|| panic!("{name}: no such message in alipay-models"))
                .unwrap_or_else(|e| panic!("{name}/{case}: {e}"));
            checked += 1;
            if found.checked_view != Some(true) {
                wrong.push(format!("{name}/{case}: no checked view ({:?})", found.checked_view));
            }
            if !found.violations.is_empty() {
                wrong.push(format!("{name}/{case}: violations {:?}", found.violations));
            }
            let got: Vec<&str> = found.notices.iter().map(|n| n.path.as_str()).collect();
            let want_notices: Vec<&str> = want["notices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            let mut got_sorted = got.clone();
            got_sorted.sort();
            if got_sorted != want_notices {
                wrong.push(format!("{name}/{case}: notices {got:?}, expected {want_notices:?}"));
            }
            noticed += got.len();
            for n in &found.notices {
                // A notice says where, what and who said so.
                assert!(!n.sources.is_empty() && n.to_string().contains(&n.path), "{n}");
            }
            let got_outcome = found.outcome.map(Outcome::as_str);
            let want_outcome = want.get("outcome").and_then(|o| o.as_str());
            if got_outcome != want_outcome {
                wrong.push(format!(
                    "{name}/{case}: outcome {got_outcome:?}, expected {want_outcome:?}"
                ));
            }
            if let Some(o) = got_outcome {
                outcomes.insert(o.to_string());
            }
            // The dispatcher decides the same as the message type.
            if part == "request" && notification_apis.contains(api) {
                let n = Notification::parse_json(&bytes).unwrap();
                assert_eq!(n.outcome().as_str(), got_outcome.unwrap(), "{name}/{case}");
                assert_eq!(n.notices(), found.notices, "{name}/{case}");
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(checked >= 20, "only {checked} cases with expectations");
    assert!(noticed > 0, "no case gives a notice");
    for o in ["succeeded", "failed", "pending", "unrecognised"] {
        assert!(outcomes.contains(o), "no corpus case has outcome {o}");
    }
}

#[test]
fn outcome_comes_from_the_message_not_the_code_table() {
    // CAPTURE_IN_PROCESS is U in the code table; the message says F: failed.
    let body = br#"{"notifyType":"CAPTURE_RESULT","result":{"resultCode":"CAPTURE_IN_PROCESS","resultStatus":"F"},
        "captureRequestId":"r","paymentId":"p","captureId":"c","captureAmount":{"currency":"USD","value":"1"}}"#;
    let n = Notification::from_json(body).unwrap();
    assert!(matches!(n.outcome(), Outcome::Failed { .. }));
    // SUCCESS is S in the table; a message saying U is pending.
    let body = br#"{"notifyType":"CAPTURE_RESULT","result":{"resultCode":"SUCCESS","resultStatus":"U"},
        "captureRequestId":"r","paymentId":"p","captureId":"c","captureAmount":{"currency":"USD","value":"1"}}"#;
    // notifyCapture's spec names inquiryPayment as the inquiry (`inquiry:`).
    assert_eq!(
        Notification::from_json(body).unwrap().outcome(),
        Outcome::Pending {
            inquiry: Some("inquiryPayment")
        }
    );
    // A failure carries the code's further action from the table.
    let body = br#"{"notifyType":"PAYMENT_RESULT","result":{"resultCode":"USER_KYC_NOT_QUALIFIED","resultStatus":"F"},
        "paymentRequestId":"r","paymentAmount":{"currency":"USD","value":"1"}}"#;
    assert_eq!(
        Notification::from_json(body).unwrap().outcome(),
        Outcome::Failed {
            action: Some(alipay_models::FurtherAction::DoNotRetry)
        }
    );
}

#[test]
fn outbound_messages_do_not_serialize_while_invalid() {
    use alipay_models::{CaptureRequest, NotifyCaptureResponse};
    let mut ack = NotifyCaptureResponse::ack();
    assert!(ack.to_json().is_ok());
    ack.result.result_status = Some("F".into());
    let err = ack.to_json().unwrap_err();
    assert_eq!(err[0].path, "/result/resultStatus", "{err:?}");
    // please_resend() is deliberately not the acknowledgement: refused by to_json, sent unchecked.
    assert!(NotifyCaptureResponse::please_resend().to_json().is_err());
    assert!(!NotifyCaptureResponse::please_resend().to_json_unchecked().is_empty());
    let req = CaptureRequest::from_json(br#"{"captureRequestId":"c","paymentId":"p"}"#).unwrap();
    let mut long = req.clone();
    long.capture_request_id = "x".repeat(65);
    let err = long.to_json().unwrap_err();
    assert_eq!(err[0].path, "/captureRequestId");
    assert!(req.to_json().is_ok());
    // Through serde too (an HTTP client's `.json(&req)`): no silent serialization.
    let e = serde_json::to_vec(&long).unwrap_err();
    assert!(e.to_string().contains("/captureRequestId: max length 64 exceeded"), "{e}");
    assert_eq!(serde_json::to_vec(&req).unwrap(), req.to_json().unwrap());
    assert!(serde_json::to_vec(&NotifyCaptureResponse::please_resend()).is_err());
}

#[test]
fn checked_view_reads_required_fields_without_unwrap() {
    use alipay_models::{CheckedView as _, NotifyPaymentRequest};
    let body = br#"{"notifyType":"PAYMENT_RESULT","result":{"resultCode":"SUCCESS","resultStatus":"S"},
        "paymentRequestId":"pr-1","paymentAmount":{"currency":"JPY","value":"200"},
        "paymentTime":"2020-03-02T19:12:11-08:00","somethingNew":1}"#;
    let m = NotifyPaymentRequest::parse_json(body).unwrap();
    let v = m.checked().expect("valid");
    // Required fields are plain values; the types say so.
    let id: &str = v.payment_request_id;
    let amount: i64 = v.payment_amount.value;
    let currency: &str = v.payment_amount.currency;
    let code: &str = v.result.result_code;
    assert_eq!((id, amount, currency, code), ("pr-1", 200, "JPY", "SUCCESS"));
    assert_eq!(v.payment_time.map(|t| t.timestamp()), Some(1583205131));
    assert!(v.payment_id.is_none());
    assert!(v.extra.contains_key("somethingNew"));
    // A missing required field: no view, every violation instead.
    let m = NotifyPaymentRequest::parse_json(br#"{"notifyType":"PAYMENT_RESULT","result":{"resultCode":"SUCCESS","resultStatus":"S"},"paymentAmount":{"currency":"JPY","value":"x"}}"#).unwrap();
    let err = m.checked().unwrap_err();
    let paths: Vec<&str> = err.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(paths, ["/paymentRequestId", "/paymentAmount/value"]);
    assert!(m.view().is_none());
}

/// Audit items 2, 4 and 5 in the Rust models.
#[test]
fn audit_readings_reach_the_code_tables_and_the_acknowledgement() {
    use alipay_models::codes::SharedCode;
    use alipay_models::{
        CaptureResultCode, FurtherAction, NotifyCaptureResultCode, NotifyPaymentResponse, ResultCode,
        Status,
    };
    // M2: in a notification, a code the table gives U says what the receiver does.
    let u_rows: Vec<_> = NotifyCaptureResultCode::TABLE
        .iter()
        .filter(|r| r.status == Status::U)
        .collect();
    assert!(!u_rows.is_empty());
    for r in u_rows {
        assert_eq!(r.further_action, Some(FurtherAction::WaitOrInquire), "{}", r.code);
    }
    assert_eq!(
        NotifyCaptureResultCode::from_code("UNKNOWN_EXCEPTION").further_action(),
        Some(FurtherAction::WaitOrInquire)
    );
    // The synchronous API keeps the document's action for its caller (MP-ERR).
    assert_eq!(
        CaptureResultCode::from_code("UNKNOWN_EXCEPTION").further_action(),
        Some(FurtherAction::Retry)
    );
    // Item 4: S3 gives no further action: None, not an inferred do_not_retry.
    for code in ["SIGNATURE_INVALID", "INVALID_TOKEN", "KEY_NOT_FOUND", "REPEAT_REQ_INCONSISTENT"] {
        let c = CaptureResultCode::from_code(code);
        assert!(c.is_known(), "{code}");
        assert_eq!(c.further_action(), None, "{code}");
    }
    // M3: a Chinese text the spec marks mistranslated is withheld; the others are returned.
    assert_eq!(SharedCode::CaptureAmountExceedAuthLimit.message_zh(), None);
    assert_eq!(
        NotifyCaptureResultCode::from_code("CAPTURE_AMOUNT_EXCEED_AUTH_LIMIT").message_zh(),
        None
    );
    assert_eq!(SharedCode::AccessDenied.message_zh(), Some("访问被拒绝。"));
    assert!(SharedCode::CaptureAmountExceedAuthLimit.action_text_zh().is_some());
    // Item 2: the notifyPayment acknowledgement must be SUCCESS / S and nothing more;
    // the generated one writes the official SDK's message, which is not required.
    let ack: serde_json::Value =
        serde_json::from_slice(&NotifyPaymentResponse::ack().to_json().unwrap()).unwrap();
    assert_eq!(
        ack,
        serde_json::json!({"result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}})
    );
    for body in [
        &br#"{"result":{"resultCode":"SUCCESS","resultStatus":"S"}}"#[..],
        br#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"OK"}}"#,
    ] {
        assert!(NotifyPaymentResponse::from_json(body).is_ok());
    }
}
