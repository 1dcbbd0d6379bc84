//! Notifications at one endpoint: dispatch on notifyType, acknowledgements.

use alipay_models::Message as _;
use alipay_models::*;

fn load(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/payloads/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn dispatches_on_notify_type() {
    let n = Notification::from_json(&load("notify_capture.fail.json")).unwrap();
    assert!(matches!(n, Notification::NotifyCapture(_)));
    assert_eq!(n.notify_type(), "CAPTURE_RESULT");
    let n = Notification::from_json(&load("notify_payment.success.ams_java_sdk.json")).unwrap();
    assert!(matches!(n, Notification::NotifyPayment(_)));
    for t in ["PAYMENT_PENDING", "OFFLINE_PAYMENT_CODE"] {
        let body = format!(
            r#"{{"notifyType":"{t}","paymentRequestId":"1","paymentAmount":{{"currency":"JPY","value":"1"}},"result":{{"resultCode":"SUCCESS","resultStatus":"S"}}}}"#
        );
        let n = Notification::from_json(body.as_bytes()).unwrap();
        assert!(matches!(n, Notification::NotifyPayment(_)), "{t}");
    }
    // The table is derived from the specs.
    assert!(Notification::NOTIFY_TYPES.contains(&("CAPTURE_RESULT", "notifyCapture")));
    assert!(Notification::NOTIFY_TYPES.contains(&("PAYMENT_RESULT", "notifyPayment")));
}

#[test]
fn unknown_notifications_are_kept() {
    let body = br#"{"notifyType":"NOT_A_NOTIFY_TYPE_OF_ANY_SPEC","x":[1,2]}"#;
    let n = Notification::from_json(body).unwrap();
    match &n {
        Notification::Unknown { notify_type, body } => {
            assert_eq!(notify_type, "NOT_A_NOTIFY_TYPE_OF_ANY_SPEC");
            assert_eq!(body["x"][1], 2);
        }
        other => panic!("{other:?}"),
    }
    assert!(n.ack().is_none());
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&n.to_json()).unwrap(),
        serde_json::from_slice::<serde_json::Value>(body).unwrap()
    );
    let n = Notification::from_json(br#"{"no":"type"}"#).unwrap();
    assert_eq!(n.notify_type(), "");
}

#[test]
fn errors() {
    assert!(matches!(
        Notification::from_json(b""),
        Err(FromJsonError::NotJson(_))
    ));
    assert!(matches!(
        Notification::from_json(b"[]"),
        Err(FromJsonError::WrongShape(_))
    ));
    assert!(matches!(
        Notification::from_json(br#"{"notifyType":"CAPTURE_RESULT","captureId":1}"#),
        Err(FromJsonError::WrongShape(_))
    ));
    let e = Notification::from_json(br#"{"notifyType":"CAPTURE_RESULT"}"#).unwrap_err();
    assert!(!e.violations().is_empty());
    // parse_json does not validate.
    assert!(Notification::parse_json(br#"{"notifyType":"CAPTURE_RESULT"}"#).is_ok());
}

#[test]
fn ack_and_please_resend_bytes() {
    let success = load("notify_ack.success.ams_java_sdk.json");
    let unknown = load("notify_ack.unknown.ams_java_sdk.json");
    for name in [
        "notify_capture.fail.json",
        "notify_payment.success.ams_java_sdk.json",
    ] {
        let n = Notification::from_json(&load(name)).unwrap();
        assert_eq!(
            n.ack().unwrap().to_json().unwrap(),
            success.trim_ascii_end(),
            "{name}"
        );
        assert_eq!(
            n.please_resend().unwrap().to_json_unchecked(),
            unknown.trim_ascii_end(),
            "{name}"
        );
    }
}

#[test]
fn round_trip() {
    for name in [
        "notify_capture.fail.json",
        "notify_payment.success.ams_java_sdk.json",
        "seed001.notify_capture.request.json",
    ] {
        let bytes = load(name);
        let n = Notification::from_json(&bytes).unwrap();
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&n.to_json()).unwrap(),
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap(),
            "{name}"
        );
    }
}

/// A repeated `notifyType` is refused, as each message's own parser refuses
/// a repeated field: the dispatcher never picks one of two values the message
/// parser would not accept (issue 13: last-key-wins routing).
#[test]
fn a_repeated_notify_type_is_refused_like_the_message_parser_does() {
    let mut body = String::from_utf8(load("notify_capture.fail.json")).unwrap();
    let at = body.find('{').unwrap() + 1;
    body.insert_str(at, r#""notifyType":"PAYMENT_RESULT","#);
    let dispatched = Notification::parse_json(body.as_bytes());
    assert!(
        matches!(dispatched, Err(FromJsonError::WrongShape(_))),
        "{dispatched:?}"
    );
    assert!(matches!(
        NotifyCaptureRequest::parse_json(body.as_bytes()),
        Err(FromJsonError::WrongShape(_))
    ));
    // Also for an unknown type, and whatever the order.
    let twice = br#"{"notifyType":"A","x":1,"notifyType":"CAPTURE_RESULT"}"#;
    assert!(matches!(
        Notification::parse_json(twice),
        Err(FromJsonError::WrongShape(_))
    ));
    // Not an object: the wrong shape, as before.
    assert!(matches!(
        Notification::parse_json(b"[1]"),
        Err(FromJsonError::WrongShape(_))
    ));
}
