//! The endpoint built from build.rs-generated models handles Alipay's real payloads.

use merchant_webhook::{Outcome, handle};

const PAYMENT_OK: &[u8] = include_bytes!(
    "../../../tests/payloads/notifyPayment.request/valid/example-notify_payment.success.ams_java_sdk.json"
);

#[test]
fn a_successful_payment_is_fulfilled_and_acknowledged() {
    let (outcome, ack) = handle(PAYMENT_OK);
    assert_eq!(
        outcome,
        Outcome::Paid {
            request_id: "20200303074500020000036648".into()
        }
    );
    assert_eq!(
        ack,
        br#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}"#
    );
}

#[test]
fn a_failed_capture_is_reported_with_its_code() {
    let body = include_bytes!("../../../../shared/examples/notify_capture.fail.json");
    let (outcome, ack) = handle(body);
    assert_eq!(
        outcome,
        Outcome::Failed {
            code: "PROCESS_FAIL".into(),
            retry_with_new_id: false
        }
    );
    assert!(ack.starts_with(br#"{"result":{"resultCode":"SUCCESS""#));
}

#[test]
fn garbage_asks_alipay_to_resend() {
    let (outcome, ack) = handle(b"{not json");
    assert!(matches!(outcome, Outcome::Resend(_)));
    assert_eq!(
        ack,
        br#"{"result":{"resultCode":"UNKNOWN_EXCEPTION","resultStatus":"U","resultMessage":"UNKNOWN_EXCEPTION"}}"#
    );
}
