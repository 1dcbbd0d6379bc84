//! Every seed sample and shared example parses, round-trips to equal JSON,
//! and validates as the spec says (see payloads/README.md for the invalid ones).

use alipay_models::Message as _;
use alipay_models::*;
use serde_json::Value;

fn load(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/payloads/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

/// Parses, checks the round trip, returns the validation result as strings.
fn check<T>(
    name: &str,
    parse: fn(&[u8]) -> Result<T, FromJsonError>,
    validate: fn(&T) -> Result<(), Vec<Violation>>,
    to_json: fn(&T) -> Vec<u8>,
) -> Vec<String> {
    let bytes = load(name);
    let m = parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(json(&to_json(&m)), json(&bytes), "{name}: round trip");
    match validate(&m) {
        Ok(()) => Vec::new(),
        Err(v) => v.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn notify_capture_request_seed_is_valid() {
    let v = check(
        "seed001.notify_capture.request.json",
        NotifyCaptureRequest::parse_json,
        NotifyCaptureRequest::validate,
        NotifyCaptureRequest::to_json_unchecked,
    );
    assert!(v.is_empty(), "{v:?}");
    let m = NotifyCaptureRequest::from_json(&load("seed001.notify_capture.request.json")).unwrap();
    assert_eq!(
        m.capture_amount
            .as_ref()
            .unwrap()
            .value
            .as_ref()
            .unwrap()
            .value(),
        Some(50000)
    );
    let t = m.capture_time.as_ref().unwrap().value().unwrap();
    assert_eq!(t.offset().local_minus_utc(), -8 * 3600);
    assert_eq!(m.result_code(), Some(NotifyCaptureResultCode::Success));
}

#[test]
fn notify_capture_response_seed_is_accepted_w3() {
    // The document's own example acknowledgement writes "Success" (issue 12, W3).
    let v = check(
        "seed001.notify_capture.response.json",
        NotifyCaptureResponse::parse_json,
        NotifyCaptureResponse::validate,
        NotifyCaptureResponse::to_json_unchecked,
    );
    assert!(v.is_empty(), "{v:?}");
}

#[test]
fn notify_capture_fail_example_is_valid() {
    let v = check(
        "notify_capture.fail.json",
        NotifyCaptureRequest::parse_json,
        NotifyCaptureRequest::validate,
        NotifyCaptureRequest::to_json_unchecked,
    );
    assert!(v.is_empty(), "{v:?}");
    let m = NotifyCaptureRequest::from_json(&load("notify_capture.fail.json")).unwrap();
    let code = m.result_code().unwrap();
    assert_eq!(code, NotifyCaptureResultCode::ProcessFail);
    assert_eq!(code.status(), Some(Status::F));
    assert_eq!(code.further_action(), Some(FurtherAction::DoNotRetry));
    assert_eq!(code.message(), Some("The capture failed."));
}

#[test]
fn notify_payment_example_is_valid_and_keeps_native_forms() {
    let v = check(
        "notify_payment.success.ams_java_sdk.json",
        NotifyPaymentRequest::parse_json,
        NotifyPaymentRequest::validate,
        NotifyPaymentRequest::to_json_unchecked,
    );
    assert!(v.is_empty(), "{v:?}");
    let m =
        NotifyPaymentRequest::from_json(&load("notify_payment.success.ams_java_sdk.json")).unwrap();
    let q = m.payment_quote.as_ref().unwrap();
    assert_eq!(q.guaranteed.as_ref().unwrap().value(), Some(false));
    assert!(!q.guaranteed.as_ref().unwrap().is_string_form());
    assert_eq!(
        q.quote_price.as_ref().unwrap().get().unwrap().as_str(),
        "0.064622"
    );
    assert_eq!(m.result_code(), Some(NotifyPaymentResultCode::Success));
}

#[test]
fn capture_seeds_are_valid() {
    for (name, req) in [
        ("seed003.capture.request.json", true),
        ("seed003.capture.response.json", false),
    ] {
        let v = if req {
            check(
                name,
                CaptureRequest::parse_json,
                CaptureRequest::validate,
                CaptureRequest::to_json_unchecked,
            )
        } else {
            check(
                name,
                CaptureResponse::parse_json,
                CaptureResponse::validate,
                CaptureResponse::to_json_unchecked,
            )
        };
        assert!(v.is_empty(), "{name}: {v:?}");
    }
    let r = CaptureResponse::from_json(&load("seed003.capture.response.json")).unwrap();
    assert_eq!(r.result_code(), Some(CaptureResultCode::Success));
    assert_eq!(r.result_code().unwrap().message(), Some("success"));
}

#[test]
fn acknowledgements() {
    let v = check(
        "notify_ack.success.ams_java_sdk.json",
        NotifyCaptureResponse::parse_json,
        NotifyCaptureResponse::validate,
        NotifyCaptureResponse::to_json_unchecked,
    );
    assert!(v.is_empty(), "{v:?}");
    let v = check(
        "notify_ack.unknown.ams_java_sdk.json",
        NotifyCaptureResponse::parse_json,
        NotifyCaptureResponse::validate,
        NotifyCaptureResponse::to_json_unchecked,
    );
    assert_eq!(v.len(), 3, "{v:?}");
    let v = check(
        "notify_ack.success.ams_java_sdk.json",
        NotifyPaymentResponse::parse_json,
        NotifyPaymentResponse::validate,
        NotifyPaymentResponse::to_json_unchecked,
    );
    assert!(v.is_empty(), "{v:?}");
    let v = check(
        "notify_ack.unknown.ams_java_sdk.json",
        NotifyPaymentResponse::parse_json,
        NotifyPaymentResponse::validate,
        NotifyPaymentResponse::to_json_unchecked,
    );
    // notifyPayment's document asks only for SUCCESS: no rule on resultMessage (audit item 2).
    assert_eq!(
        v,
        [
            "/result/resultCode: must be the fixed value `SUCCESS`",
            "/result/resultStatus: must be the fixed value `S`",
        ]
    );
}

#[test]
fn ack_bytes_are_exact() {
    let ack = NotifyCaptureResponse::ack();
    assert!(ack.validate().is_ok());
    assert_eq!(
        ack.to_json().unwrap(),
        load("notify_ack.success.ams_java_sdk.json").trim_ascii_end()
    );
    assert_eq!(
        NotifyPaymentResponse::ack().to_json().unwrap(),
        load("notify_ack.success.ams_java_sdk.json").trim_ascii_end()
    );
    assert_eq!(
        NotifyCaptureResponse::please_resend().to_json_unchecked(),
        load("notify_ack.unknown.ams_java_sdk.json").trim_ascii_end()
    );
}
