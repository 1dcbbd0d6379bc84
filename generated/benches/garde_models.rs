//! Hand-written garde mirrors of the four benchmarked messages: the same
//! struct shapes and serde attributes as the generated models (field types
//! reused from `alipay_models` where they exist), with the spec's rules as
//! garde attributes, so `serde_json::from_slice` + `.validate()` does the same
//! work as the generated `from_json`.
//!
//! Rules and how each is expressed:
//!
//! - required: `required` on `Option` fields; required non-`Option` fields of
//!   the strict capture request are enforced by serde, as in the generated model.
//! - max length in characters: `length(chars, max = N)`.
//! - currency (three letters A-Z): `pattern("^[A-Z]{3}$")` (garde's `regex` feature).
//! - nested objects: `dive`.
//! - the integer-string pattern (`-?[0-9]+`) and `minimum: 0` of `Amount.value`,
//!   decimals, booleans and date-times: garde cannot apply `pattern`/`range`
//!   to these fields because they keep the generated wire types
//!   (`runtime::IntegerValue`, `DecimalValue`, `BooleanValue`,
//!   `DateTimeValue`: the JSON form as received plus the typed value parsed
//!   during deserialization, as in the generated model), and garde's
//!   `Pattern`/`Bounds` traits cannot be implemented for foreign types here.
//!   `custom` rules read the parsed value instead (`None` = malformed).
//! - wire form (a JSON string vs a JSON number/boolean, strict messages only):
//!   `custom` rules on the wire type.
//! - fixed values (`notifyType` = `CAPTURE_RESULT`): `custom` (garde's
//!   `matches` compares with another field, not a constant).
//! - enum membership narrowed where the shared `Result` is used
//!   (`result.resultStatus` S or F in the notifications): `custom` on the
//!   parent field, since the narrowing belongs to the use, not to `Result`.
//!   Unnarrowed enums are lenient in inbound messages (an unknown value is
//!   kept and valid), so they carry only `required`.
//! - conditional presence (`paymentTime` only when `result.resultStatus` is
//!   S): `custom` with `self` access.
//! - unknown fields: inbound messages keep them (`#[serde(flatten)] extra`,
//!   `skip`); the strict capture request denies them at the top level
//!   (`deny_unknown_fields`, as generated) and a `custom` rule reports those
//!   kept in its `captureAmount`.

use alipay_models::runtime::{BooleanValue, DateTimeValue, DecimalValue, IntegerValue};
use alipay_models::notify_payment::NotifyPaymentRequestNotifyType;
use alipay_models::types::ResultStatus;
use garde::Validate;
use serde::Deserialize;
use serde_json::{Map, Value};

type Extra = Map<String, Value>;

fn err(msg: &'static str) -> garde::Result {
    Err(garde::Error::new(msg))
}

fn integer_min_0(v: &Option<IntegerValue>, _: &()) -> garde::Result {
    match v.as_ref().map(|v| v.value()) {
        None => Ok(()),
        Some(None) => err("not an integer"),
        Some(Some(n)) if n < 0 => err("less than the minimum 0"),
        Some(Some(_)) => Ok(()),
    }
}

fn string_wire_form(v: &Option<IntegerValue>, _: &()) -> garde::Result {
    match v {
        Some(v) if v.is_valid() && !v.is_string_form() => err("must be sent as a JSON string"),
        _ => Ok(()),
    }
}

fn datetime(v: &Option<DateTimeValue>, _: &()) -> garde::Result {
    match v {
        Some(v) if !v.is_valid() => err("not an RFC 3339 date-time with offset"),
        _ => Ok(()),
    }
}

fn decimal(v: &Option<DecimalValue>, _: &()) -> garde::Result {
    match v {
        Some(v) if !v.is_valid() => err("not a decimal number"),
        _ => Ok(()),
    }
}

fn boolean(v: &Option<BooleanValue>, _: &()) -> garde::Result {
    match v {
        Some(v) if !v.is_valid() => err("not `true` or `false`"),
        _ => Ok(()),
    }
}

fn native_boolean(v: &Option<BooleanValue>, _: &()) -> garde::Result {
    match v {
        Some(v) if !v.is_valid() => err("not `true` or `false`"),
        Some(v) if v.is_string_form() => err("must be sent as a JSON boolean"),
        _ => Ok(()),
    }
}

fn fixed(expected: &'static str) -> impl FnOnce(&Option<String>, &()) -> garde::Result {
    move |v, _| match v {
        Some(v) if v != expected => err("not the fixed value"),
        _ => Ok(()),
    }
}

fn status_in(allowed: &'static [&'static str]) -> impl FnOnce(&Option<Result>, &()) -> garde::Result {
    move |v, _| match v.as_ref().and_then(|r| r.result_status.as_ref()) {
        Some(s) if !allowed.contains(&s.as_str()) => err("result.resultStatus not allowed here"),
        _ => Ok(()),
    }
}

fn only_when_status<'a, T>(
    result: &'a Option<Result>,
    one_of: &'static [&'static str],
) -> impl FnOnce(&Option<T>, &()) -> garde::Result + 'a {
    move |v, _| {
        let holds = result
            .as_ref()
            .and_then(|r| r.result_status.as_ref())
            .is_some_and(|s| one_of.contains(&s.as_str()));
        if v.is_some() && !holds {
            err("present, but only sent when result.resultStatus is S")
        } else {
            Ok(())
        }
    }
}

fn no_unknown_fields(v: &Extra, _: &()) -> garde::Result {
    if v.is_empty() { Ok(()) } else { err("unknown field") }
}

/// `types::Result`.
#[derive(Debug, Deserialize, Validate)]
pub struct Result {
    #[serde(rename = "resultCode", default)]
    #[garde(required, length(chars, max = 64))]
    pub result_code: Option<String>,
    #[serde(rename = "resultStatus", default)]
    #[garde(required)]
    pub result_status: Option<ResultStatus>,
    #[serde(rename = "resultMessage", default)]
    #[garde(length(chars, max = 256))]
    pub result_message: Option<String>,
    #[serde(flatten)]
    #[garde(skip)]
    pub extra: Extra,
}

/// `types::Amount` in a message Alipay sends (lenient).
#[derive(Debug, Deserialize, Validate)]
pub struct Amount {
    #[serde(rename = "currency", default)]
    #[garde(required, length(chars, max = 3), pattern("^[A-Z]{3}$"))]
    pub currency: Option<String>,
    #[serde(rename = "value", default)]
    #[garde(required, custom(integer_min_0))]
    pub value: Option<IntegerValue>,
    #[serde(flatten)]
    #[garde(skip)]
    pub extra: Extra,
}

/// `types::Amount` in a message the merchant sends (strict: wire form and unknown fields checked).
#[derive(Debug, Deserialize, Validate)]
pub struct StrictAmount {
    #[serde(rename = "currency", default)]
    #[garde(required, length(chars, max = 3), pattern("^[A-Z]{3}$"))]
    pub currency: Option<String>,
    #[serde(rename = "value", default)]
    #[garde(required, custom(integer_min_0), custom(string_wire_form))]
    pub value: Option<IntegerValue>,
    #[serde(flatten)]
    #[garde(custom(no_unknown_fields))]
    pub extra: Extra,
}

/// `types::PspCustomerInfo`.
#[derive(Debug, Deserialize, Validate)]
pub struct PspCustomerInfo {
    #[serde(rename = "pspName", default)]
    #[garde(length(chars, max = 64))]
    pub psp_name: Option<String>,
    #[serde(rename = "pspCustomerId", default)]
    #[garde(length(chars, max = 64))]
    pub psp_customer_id: Option<String>,
    #[serde(rename = "displayCustomerId", default)]
    #[garde(length(chars, max = 64))]
    pub display_customer_id: Option<String>,
    #[serde(rename = "displayCustomerName", default)]
    #[garde(skip)]
    pub display_customer_name: Option<String>,
    #[serde(rename = "customer2088Id", default)]
    #[garde(skip)]
    pub customer_2088_id: Option<String>,
    #[serde(rename = "extendInfo", default)]
    #[garde(skip)]
    pub extend_info: Option<String>,
    #[serde(flatten)]
    #[garde(skip)]
    pub extra: Extra,
}

/// `types::Quote`.
#[derive(Debug, Deserialize, Validate)]
pub struct Quote {
    #[serde(rename = "quoteId", default)]
    #[garde(length(chars, max = 64))]
    pub quote_id: Option<String>,
    #[serde(rename = "quoteCurrencyPair", default)]
    #[garde(length(chars, max = 16))]
    pub quote_currency_pair: Option<String>,
    #[serde(rename = "quotePrice", default)]
    #[garde(custom(decimal))]
    pub quote_price: Option<DecimalValue>,
    #[serde(rename = "quoteStartTime", default)]
    #[garde(custom(datetime))]
    pub quote_start_time: Option<DateTimeValue>,
    #[serde(rename = "quoteExpiryTime", default)]
    #[garde(custom(datetime))]
    pub quote_expiry_time: Option<DateTimeValue>,
    #[serde(rename = "guaranteed", default)]
    #[garde(custom(boolean))]
    pub guaranteed: Option<BooleanValue>,
    #[serde(flatten)]
    #[garde(skip)]
    pub extra: Extra,
}

/// `NotifyCaptureRequest`.
#[derive(Debug, Deserialize, Validate)]
pub struct NotifyCaptureRequest {
    #[serde(rename = "result", default)]
    #[garde(required, dive, custom(status_in(&["S", "F"])))]
    pub result: Option<Result>,
    #[serde(rename = "notifyType", default)]
    #[garde(required, custom(fixed("CAPTURE_RESULT")))]
    pub notify_type: Option<String>,
    #[serde(rename = "captureRequestId", default)]
    #[garde(required, length(chars, max = 64))]
    pub capture_request_id: Option<String>,
    #[serde(rename = "paymentId", default)]
    #[garde(required, length(chars, max = 64))]
    pub payment_id: Option<String>,
    #[serde(rename = "captureId", default)]
    #[garde(required, length(chars, max = 64))]
    pub capture_id: Option<String>,
    #[serde(rename = "captureAmount", default)]
    #[garde(required, dive)]
    pub capture_amount: Option<Amount>,
    #[serde(rename = "captureTime", default)]
    #[garde(custom(datetime))]
    pub capture_time: Option<DateTimeValue>,
    #[serde(rename = "acquirerReferenceNo", default)]
    #[garde(length(chars, max = 64))]
    pub acquirer_reference_no: Option<String>,
    #[serde(flatten)]
    #[garde(skip)]
    pub extra: Extra,
}

/// `NotifyPaymentRequest`.
#[derive(Debug, Deserialize, Validate)]
pub struct NotifyPaymentRequest {
    #[serde(rename = "notifyType", default)]
    #[garde(required)]
    pub notify_type: Option<NotifyPaymentRequestNotifyType>,
    #[serde(rename = "result", default)]
    #[garde(required, dive, custom(status_in(&["S", "F"])))]
    pub result: Option<Result>,
    #[serde(rename = "paymentRequestId", default)]
    #[garde(required, length(chars, max = 64))]
    pub payment_request_id: Option<String>,
    #[serde(rename = "paymentId", default)]
    #[garde(length(chars, max = 64))]
    pub payment_id: Option<String>,
    #[serde(rename = "paymentAmount", default)]
    #[garde(required, dive)]
    pub payment_amount: Option<Amount>,
    #[serde(rename = "paymentCreateTime", default)]
    #[garde(custom(datetime))]
    pub payment_create_time: Option<DateTimeValue>,
    #[serde(rename = "paymentTime", default)]
    #[garde(custom(datetime), custom(only_when_status(&self.result, &["S"])))]
    pub payment_time: Option<DateTimeValue>,
    #[serde(rename = "pspCustomerInfo", default)]
    #[garde(dive)]
    pub psp_customer_info: Option<PspCustomerInfo>,
    #[serde(rename = "customsDeclarationAmount", default)]
    #[garde(dive)]
    pub customs_declaration_amount: Option<Amount>,
    #[serde(rename = "paymentActionForm", default)]
    #[garde(skip)]
    pub payment_action_form: Option<String>,
    #[serde(rename = "actualPaymentAmount", default)]
    #[garde(dive)]
    pub actual_payment_amount: Option<Amount>,
    #[serde(rename = "paymentQuote", default)]
    #[garde(dive)]
    pub payment_quote: Option<Quote>,
    #[serde(flatten)]
    #[garde(skip)]
    pub extra: Extra,
}

/// `CaptureRequest` (strict).
#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct CaptureRequest {
    #[serde(rename = "captureRequestId")]
    #[garde(length(chars, max = 64))]
    pub capture_request_id: String,
    #[serde(rename = "paymentId")]
    #[garde(length(chars, max = 64))]
    pub payment_id: String,
    #[serde(rename = "captureAmount", default)]
    #[garde(dive)]
    pub capture_amount: Option<StrictAmount>,
    #[serde(rename = "isLastCapture", default)]
    #[garde(custom(native_boolean))]
    pub is_last_capture: Option<BooleanValue>,
    #[serde(rename = "extendInfo", default)]
    #[garde(length(chars, max = 4096))]
    pub extend_info: Option<String>,
}

/// `CaptureResponse`.
#[derive(Debug, Deserialize, Validate)]
pub struct CaptureResponse {
    #[serde(rename = "result", default)]
    #[garde(required, dive)]
    pub result: Option<Result>,
    #[serde(rename = "captureRequestId", default)]
    #[garde(length(chars, max = 64))]
    pub capture_request_id: Option<String>,
    #[serde(rename = "captureId", default)]
    #[garde(length(chars, max = 64))]
    pub capture_id: Option<String>,
    #[serde(rename = "paymentId", default)]
    #[garde(length(chars, max = 64))]
    pub payment_id: Option<String>,
    #[serde(rename = "captureAmount", default)]
    #[garde(dive)]
    pub capture_amount: Option<Amount>,
    #[serde(rename = "captureTime", default)]
    #[garde(custom(datetime))]
    pub capture_time: Option<DateTimeValue>,
    #[serde(rename = "extendInfo", default)]
    #[garde(length(chars, max = 4096))]
    pub extend_info: Option<String>,
    #[serde(flatten)]
    #[garde(skip)]
    pub extra: Extra,
}
