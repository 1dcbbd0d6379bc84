//! For every rule, an invalid payload rejected with the right path and rule.

use alipay_models::Message as _;
use alipay_models::*;
use serde_json::{Value, json};

fn base_capture() -> Value {
    json!({
        "captureAmount": {"currency": "BRL", "value": "50000"},
        "notifyType": "CAPTURE_RESULT",
        "captureId": "2022XXXXXXX",
        "captureRequestId": "Merchant_Request_ID_XXXXXX",
        "captureTime": "2022-11-10T00:34:52-08:00",
        "paymentId": "2022XXXXXXX",
        "result": {"resultCode": "SUCCESS", "resultMessage": "success.", "resultStatus": "S"}
    })
}

fn base_payment() -> Value {
    json!({
        "notifyType": "PAYMENT_RESULT",
        "paymentAmount": {"currency": "JPY", "value": "200"},
        "paymentRequestId": "20200303074500020000036648",
        "paymentTime": "2020-03-02T19:12:11-08:00",
        "paymentQuote": {"guaranteed": false, "quotePrice": 0.064622},
        "result": {"resultCode": "SUCCESS", "resultStatus": "S"}
    })
}

fn base_capture_request() -> Value {
    json!({
        "captureRequestId": "2019112719074101000701321315",
        "paymentId": "20191127190741010007013213121",
        "captureAmount": {"value": "1000", "currency": "USD"},
        "isLastCapture": false,
        "extendInfo": "{\"memo\":\"memo\"}"
    })
}

fn set(v: &mut Value, pointer: &str, new: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    v.pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .insert(key.to_string(), new);
}

fn remove(v: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    v.pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove(key);
}

fn violations<T>(v: &Value, from_json: fn(&[u8]) -> Result<T, FromJsonError>) -> Vec<Violation> {
    match from_json(&serde_json::to_vec(v).unwrap()) {
        Ok(_) => Vec::new(),
        Err(FromJsonError::Invalid(v)) => v,
        Err(e) => panic!("not a validation error: {e}"),
    }
}

fn nc(v: &Value) -> Vec<Violation> {
    violations(v, NotifyCaptureRequest::from_json)
}

/// The notices of a notifyCapture request (expectations not met; it stays valid).
fn nc_notices(v: &Value) -> Vec<(String, Rule)> {
    let m = NotifyCaptureRequest::parse_json(&serde_json::to_vec(v).unwrap()).unwrap();
    m.notices().into_iter().map(|n| (n.path, n.rule)).collect()
}

fn assert_only(got: Vec<Violation>, path: &str, rule: Rule) {
    assert_eq!(
        got,
        vec![Violation {
            path: path.into(),
            rule
        }]
    );
}

#[test]
fn bases_are_valid() {
    assert!(nc(&base_capture()).is_empty());
    assert!(violations(&base_payment(), NotifyPaymentRequest::from_json).is_empty());
    assert!(violations(&base_capture_request(), CaptureRequest::from_json).is_empty());
}

#[test]
fn required() {
    let mut v = base_capture();
    remove(&mut v, "/captureId");
    assert_only(nc(&v), "/captureId", Rule::Required);
    let mut v = base_capture();
    remove(&mut v, "/captureAmount/currency");
    assert_only(nc(&v), "/captureAmount/currency", Rule::Required);
}

#[test]
fn max_length_counts_characters() {
    let mut v = base_capture();
    set(&mut v, "/captureRequestId", json!("é".repeat(64)));
    assert!(
        nc(&v).is_empty(),
        "64 two-byte characters are 64 characters"
    );
    set(&mut v, "/captureRequestId", json!("x".repeat(70)));
    // Inbound, a maximum length is an expectation: noticed, not refused.
    assert!(nc(&v).is_empty());
    let rule = Rule::MaxLength {
        max: 64,
        actual: 70,
    };
    assert_eq!(nc_notices(&v), vec![("/captureRequestId".to_string(), rule.clone())]);
    // Outbound, the same limit refuses.
    let mut r = base_capture_request();
    set(&mut r, "/captureRequestId", json!("x".repeat(70)));
    let got = violations(&r, CaptureRequest::from_json);
    assert_only(got.clone(), "/captureRequestId", rule);
    assert_eq!(
        got[0].to_string(),
        "/captureRequestId: max length 64 exceeded (70 characters)"
    );
}

#[test]
fn fixed() {
    let mut v = base_capture();
    set(&mut v, "/notifyType", json!("PAYMENT_RESULT"));
    assert_only(
        nc(&v),
        "/notifyType",
        Rule::Fixed {
            expected: "CAPTURE_RESULT",
        },
    );
}

#[test]
fn enum_membership_and_narrowing() {
    let mut v = base_capture();
    set(&mut v, "/result/resultStatus", json!("U"));
    // The narrowing to S and F describes Alipay: a U is noticed, not refused (W2).
    let narrowed = Rule::NotAllowed {
        allowed: &["S", "F"],
    };
    assert!(nc(&v).is_empty());
    assert_eq!(
        nc_notices(&v),
        vec![("/result/resultStatus".to_string(), narrowed.clone())]
    );
    set(&mut v, "/result/resultStatus", json!("X"));
    assert!(nc(&v).is_empty());
    assert_eq!(
        nc_notices(&v),
        vec![("/result/resultStatus".to_string(), narrowed)]
    );
    // An unknown notifyType from Alipay is not a violation: a new value must
    // never make a merchant reject a notification.
    let mut v = base_payment();
    set(&mut v, "/notifyType", json!("UPDATE_AMOUNT_RESULT"));
    let got = violations(&v, NotifyPaymentRequest::from_json);
    assert!(got.is_empty(), "{got:?}");
    // Parsing alone keeps the unknown value.
    let m = NotifyPaymentRequest::parse_json(&serde_json::to_vec(&v).unwrap()).unwrap();
    assert_eq!(m.notify_type.unwrap().as_str(), "UPDATE_AMOUNT_RESULT");
}

#[test]
fn integer_and_minimum() {
    let mut v = base_capture();
    set(&mut v, "/captureAmount/value", json!("12a"));
    assert_only(nc(&v), "/captureAmount/value", Rule::Integer);
    let m = NotifyCaptureRequest::parse_json(&serde_json::to_vec(&v).unwrap()).unwrap();
    assert_eq!(
        m.capture_amount
            .as_ref()
            .unwrap()
            .value
            .as_ref()
            .unwrap()
            .value(),
        None
    );
    assert_eq!(
        serde_json::to_value(&m).unwrap(),
        v,
        "the malformed value round-trips"
    );
    set(&mut v, "/captureAmount/value", json!("-1"));
    assert_only(nc(&v), "/captureAmount/value", Rule::Minimum { min: 0 });
    set(
        &mut v,
        "/captureAmount/value",
        json!("99999999999999999999999"),
    );
    // Digits, but beyond i64: a range violation, as lint and the schema say.
    assert_only(nc(&v), "/captureAmount/value", Rule::IntegerRange);
    assert_eq!(
        Rule::IntegerRange.to_string(),
        "an integer outside the 64-bit range (-9223372036854775808 to 9223372036854775807)"
    );
    set(&mut v, "/captureAmount/value", json!("9223372036854775807"));
    assert!(nc(&v).is_empty());
}

#[test]
fn currency() {
    let mut v = base_capture();
    set(&mut v, "/captureAmount/currency", json!("usd"));
    assert_only(nc(&v), "/captureAmount/currency", Rule::Currency);
}

#[test]
fn date_time() {
    let mut v = base_capture();
    set(&mut v, "/captureTime", json!("not-a-date"));
    assert_only(nc(&v), "/captureTime", Rule::DateTime);
    set(&mut v, "/captureTime", json!("2019-02-29T14:07:05Z"));
    assert_only(nc(&v), "/captureTime", Rule::DateTime);
    set(&mut v, "/captureTime", json!(1685599933871u64));
    assert_only(nc(&v), "/captureTime", Rule::DateTime);
}

#[test]
fn decimal_and_boolean() {
    let mut v = base_payment();
    set(&mut v, "/paymentQuote/quotePrice", json!("1."));
    set(&mut v, "/paymentQuote/guaranteed", json!("yes"));
    let got = violations(&v, NotifyPaymentRequest::from_json);
    assert_eq!(
        got,
        vec![
            Violation {
                path: "/paymentQuote/quotePrice".into(),
                rule: Rule::Decimal
            },
            Violation {
                path: "/paymentQuote/guaranteed".into(),
                rule: Rule::Boolean
            },
        ]
    );
    // Both forms are accepted inbound.
    set(&mut v, "/paymentQuote/quotePrice", json!("0.064622"));
    set(&mut v, "/paymentQuote/guaranteed", json!("true"));
    assert!(violations(&v, NotifyPaymentRequest::from_json).is_empty());
}

#[test]
fn present_only_when() {
    let mut v = base_payment();
    set(&mut v, "/result/resultStatus", json!("F"));
    set(
        &mut v,
        "/result/resultCode",
        json!("USER_KYC_NOT_QUALIFIED"),
    );
    // Inbound, a presence condition is an expectation: noticed, not refused (W1).
    assert!(violations(&v, NotifyPaymentRequest::from_json).is_empty());
    let m = NotifyPaymentRequest::from_json(&serde_json::to_vec(&v).unwrap()).unwrap();
    let notices = m.notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0].path, "/paymentTime");
    assert_eq!(
        notices[0].rule,
        Rule::PresentOnlyWhen {
            condition: "`result.resultStatus` is S",
        }
    );
    assert_eq!(notices[0].sources, "S2");
    remove(&mut v, "/paymentTime");
    let m = NotifyPaymentRequest::from_json(&serde_json::to_vec(&v).unwrap()).unwrap();
    assert!(m.notices().is_empty());
}

#[test]
fn extend_info_is_free_text() {
    // S3 does not require JSON in extendInfo (only MP-DEMO's example is JSON),
    // so a merchant's free text is not a violation; the length still counts.
    let mut v = base_capture_request();
    set(&mut v, "/extendInfo", json!("{not json"));
    assert!(violations(&v, CaptureRequest::from_json).is_empty());
    set(&mut v, "/extendInfo", json!("字".repeat(4097)));
    assert_only(
        violations(&v, CaptureRequest::from_json),
        "/extendInfo",
        Rule::MaxLength {
            max: 4096,
            actual: 4097,
        },
    );
}

#[test]
fn outbound_is_strict() {
    let mut v = base_capture_request();
    set(&mut v, "/surprise", json!(1));
    assert!(matches!(
        CaptureRequest::from_json(&serde_json::to_vec(&v).unwrap()),
        Err(FromJsonError::WrongShape(_))
    ));
    let mut v = base_capture_request();
    set(&mut v, "/captureAmount/extra", json!(1));
    assert_only(
        violations(&v, CaptureRequest::from_json),
        "/captureAmount/extra",
        Rule::UnknownField,
    );
    let mut v = base_capture_request();
    set(&mut v, "/captureAmount/value", json!(1000));
    assert_only(
        violations(&v, CaptureRequest::from_json),
        "/captureAmount/value",
        Rule::WireForm {
            expected: "a JSON string",
        },
    );
    let mut v = base_capture_request();
    set(&mut v, "/isLastCapture", json!("false"));
    assert_only(
        violations(&v, CaptureRequest::from_json),
        "/isLastCapture",
        Rule::WireForm {
            expected: "a JSON number or boolean",
        },
    );
    let mut v = base_capture_request();
    remove(&mut v, "/paymentId");
    assert!(matches!(
        CaptureRequest::from_json(&serde_json::to_vec(&v).unwrap()),
        Err(FromJsonError::WrongShape(_))
    ));
}

#[test]
fn inbound_keeps_unknown_fields() {
    let mut v = base_capture();
    set(&mut v, "/acquirerInfo", json!({"a": [1, 2.5, null]}));
    set(&mut v, "/result/extraThing", json!(true));
    let m = NotifyCaptureRequest::from_json(&serde_json::to_vec(&v).unwrap()).unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&m.to_json().unwrap()).unwrap(), v);
}

#[test]
fn all_violations_are_reported() {
    let mut v = base_capture();
    remove(&mut v, "/captureId");
    set(&mut v, "/paymentId", json!("x".repeat(65)));
    set(&mut v, "/captureAmount/value", json!("abc"));
    set(&mut v, "/captureAmount/currency", json!("EURO"));
    let got = nc(&v);
    let paths: Vec<&str> = got.iter().map(|v| v.path.as_str()).collect();
    // The too-long paymentId and currency are notices inbound, not violations.
    assert_eq!(
        paths,
        [
            "/captureId",
            "/captureAmount/currency",
            "/captureAmount/value"
        ]
    );
}

#[test]
fn errors_are_classified() {
    assert!(matches!(
        NotifyCaptureRequest::from_json(b"{"),
        Err(FromJsonError::NotJson(_))
    ));
    assert!(matches!(
        NotifyCaptureRequest::from_json(b"nope"),
        Err(FromJsonError::NotJson(_))
    ));
    assert!(matches!(
        NotifyCaptureRequest::from_json(b"[1]"),
        Err(FromJsonError::WrongShape(_))
    ));
    assert!(matches!(
        NotifyCaptureRequest::from_json(br#"{"captureId": 5}"#),
        Err(FromJsonError::WrongShape(_))
    ));
    let e = NotifyCaptureRequest::from_json(b"{}").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("6 rule violation(s): /result: required field is missing"),
        "{e}"
    );
}

#[test]
fn result_codes() {
    use std::str::FromStr;
    let c = NotifyCaptureResultCode::from_str("CAPTURE_IN_PROCESS").unwrap();
    assert_eq!(c.status(), Some(Status::U));
    assert_eq!(c.further_action(), Some(FurtherAction::WaitOrInquire));
    assert_eq!(c.shared(), Some(codes::SharedCode::CaptureInProcess));
    let own = NotifyCaptureResultCode::from_code("INVALID_CONTRACT");
    assert_eq!(own, NotifyCaptureResultCode::InvalidContract);
    assert_eq!(own.shared(), None);
    let unknown = NotifyCaptureResultCode::from_code("FRAUD_REJECT");
    assert_eq!(
        unknown,
        NotifyCaptureResultCode::Unknown("FRAUD_REJECT".into())
    );
    assert_eq!(unknown.status(), None);
    assert_eq!(unknown.to_string(), "FRAUD_REJECT");
    // Not in notifyPayment's table: unknown there, though it is a shared code.
    assert!(!NotifyPaymentResultCode::from_code("PROCESS_FAIL").is_known());
    // capture words shared codes its own way.
    assert_eq!(
        CaptureResultCode::from_code("PROCESS_FAIL").message(),
        Some("A general business failure occurred. Do not retry.")
    );
    assert_eq!(
        NotifyCaptureResultCode::from_code("PROCESS_FAIL").message(),
        Some(codes::SharedCode::ProcessFail.message())
    );
    let e: &dyn std::error::Error = &c;
    assert_eq!(e.to_string(), "CAPTURE_IN_PROCESS");
}

#[test]
fn constructing_an_outbound_request() {
    // Plain values: the constructors know each field's wire form from the spec
    // (Amount.value travels as a JSON string, isLastCapture as a JSON boolean).
    let req = CaptureRequest::new("capture_1", "2019061211401080010018882020035588")
        .with_capture_amount(types::Amount::new("USD", 1000))
        .with_is_last_capture(false);
    assert!(req.validate().is_ok());
    assert_eq!(
        serde_json::from_slice::<Value>(&req.to_json().unwrap()).unwrap(),
        json!({"captureRequestId": "capture_1", "paymentId": "2019061211401080010018882020035588", "captureAmount": {"currency": "USD", "value": "1000"}, "isLastCapture": false})
    );
    // Still strict where a plain value can be wrong: the length limit.
    let long = CaptureRequest::new("c".repeat(65), "p");
    assert_eq!(
        long.validate().unwrap_err()[0].path,
        "/captureRequestId",
        "{:?}",
        long.validate()
    );
}

#[test]
fn a_repeated_known_key_is_the_wrong_shape_and_a_repeated_unknown_key_keeps_the_last() {
    let body = serde_json::to_string(&base_capture()).unwrap();
    let repeated = body.replacen('{', r#"{"captureId":"first","#, 1);
    assert!(matches!(
        NotifyCaptureRequest::from_json(repeated.as_bytes()),
        Err(FromJsonError::WrongShape(_))
    ));
    let unknown = body.replacen('{', r#"{"x":1,"x":2,"#, 1);
    let parsed = NotifyCaptureRequest::from_json(unknown.as_bytes()).expect("accepted");
    assert_eq!(parsed.extra.get("x"), Some(&json!(2)));
}
