//! Runtime benchmarks of the generated validators.
//!
//! `cargo bench -p alipay-models --bench validate`
//!
//! One criterion group per message and payload (`<api>.<message>/<payload>`),
//! each with four functions over the same bytes:
//!
//! - `floor`: `parse_json` into the generated struct, no validation;
//! - `generated`: the generated `from_json` (parse + validate, every violation);
//! - `garde`: `serde_json::from_slice` into a hand-written garde mirror of the
//!   struct (`garde_models.rs`), then `.validate()`;
//! - `jsonschema`: `serde_json::from_slice::<Value>`, then the emitted JSON
//!   Schema compiled once (formats on): `is_valid` for a valid payload,
//!   `iter_errors(..).count()` for an invalid one (every error, like ours).
//!
//! Payloads, per message (read once, before any timing):
//!
//! - `valid`: the verbatim sample of tests/payloads/<api>.<message>/valid/
//!   (`seed-*.json`; notifyPayment.request has no seed, so its verbatim
//!   sample `example-notify_payment.success.ams_java_sdk.json`);
//! - `invalid-1`: a corpus case of tests/payloads/<api>.<message>/invalid/
//!   breaking exactly one rule (named in `MESSAGES`);
//! - `invalid-many`: the valid payload edited with serde_json at setup to
//!   break several rules at once (see `break_*`), shape kept so all four
//!   parse it. Every edit keeps the payload near its original size (no
//!   4097-character `extendInfo`: a string that long makes every contender
//!   spend its time scanning it, whatever its per-field overhead).
//!
//! Before timing, `agree` checks that the generated validator, garde and
//! jsonschema give every payload the same verdict (and that `invalid-1` has
//! exactly one violation and `invalid-many` several): it panics otherwise,
//! so the comparison is between equivalent checks.

// The mirrors keep every field of the generated structs (so serde does the same
// work), including the ones no rule reads.
#[allow(dead_code)]
#[path = "garde_models.rs"]
mod garde_models;

use std::hint::black_box;
use std::path::Path;

use alipay_models::Message as _;
use alipay_models::FromJsonError;
use criterion::{Criterion, Throughput, criterion_group};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// One benchmarked message: the generated type `M` and its garde mirror `G`.
trait Message {
    type G: DeserializeOwned + garde::Validate<Context = ()>;
    fn parse_json(b: &[u8]) -> Result<(), FromJsonError>;
    fn from_json(b: &[u8]) -> Result<(), FromJsonError>;
}

macro_rules! message {
    ($name:ident, $m:ty, $g:ty) => {
        struct $name;
        impl Message for $name {
            type G = $g;
            #[inline]
            fn parse_json(b: &[u8]) -> Result<(), FromJsonError> {
                black_box(<$m>::parse_json(b)).map(drop)
            }
            #[inline]
            fn from_json(b: &[u8]) -> Result<(), FromJsonError> {
                black_box(<$m>::from_json(b)).map(drop)
            }
        }
    };
}

message!(NcReq, alipay_models::NotifyCaptureRequest, garde_models::NotifyCaptureRequest);
message!(NpReq, alipay_models::NotifyPaymentRequest, garde_models::NotifyPaymentRequest);
message!(CqReq, alipay_models::CaptureRequest, garde_models::CaptureRequest);
message!(CqResp, alipay_models::CaptureResponse, garde_models::CaptureResponse);

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn read(rel: &str) -> Vec<u8> {
    let p = root().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn set(v: &mut Value, pointer: &str, new: Value) {
    *v.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer}")) = new;
}

fn insert(v: &mut Value, pointer: &str, key: &str, new: Value) {
    v.pointer_mut(pointer).unwrap().as_object_mut().unwrap().insert(key.into(), new);
}

fn remove(v: &mut Value, pointer: &str, key: &str) {
    v.pointer_mut(pointer).unwrap().as_object_mut().unwrap().remove(key).unwrap();
}

/// notifyCapture request: 5 violations (the long captureRequestId and the status U are notices inbound).
fn break_notify_capture(v: &mut Value) {
    set(v, "/notifyType", json!("CAPTURE"));
    set(v, "/captureRequestId", json!("中".repeat(65)));
    set(v, "/result/resultStatus", json!("U"));
    set(v, "/captureAmount/currency", json!("usd"));
    set(v, "/captureAmount/value", json!("-5"));
    set(v, "/captureTime", json!("2022-11-10 00:34:52-08:00"));
    remove(v, "", "captureId");
}

/// notifyPayment request: 4 violations (the too-long ids, the status F with paymentTime and the long
/// quoteCurrencyPair and pspName are notices inbound, not violations).
fn break_notify_payment(v: &mut Value) {
    set(v, "/paymentRequestId", json!("x".repeat(65)));
    set(v, "/paymentAmount/value", json!("12a"));
    set(v, "/actualPaymentAmount/currency", json!("usd"));
    set(v, "/result/resultStatus", json!("F"));
    set(v, "/paymentCreateTime", json!("2020-03-02T19:11:19"));
    set(v, "/paymentQuote/quoteCurrencyPair", json!("392/156/392/156/3"));
    set(v, "/paymentQuote/quotePrice", json!("abc"));
    set(v, "/pspCustomerInfo/pspName", json!("😀".repeat(65)));
}

/// capture request: 6 violations.
fn break_capture_request(v: &mut Value) {
    set(v, "/captureRequestId", json!("中".repeat(65)));
    set(v, "/paymentId", json!("x".repeat(65)));
    set(v, "/captureAmount/value", json!(1000));
    set(v, "/captureAmount/currency", json!("usd"));
    insert(v, "/captureAmount", "unit", json!("cent"));
    insert(v, "", "isLastCapture", json!("false"));
}

/// capture response: 5 violations (the long captureId is a notice inbound).
fn break_capture_response(v: &mut Value) {
    remove(v, "/result", "resultCode");
    set(v, "/captureId", json!("x".repeat(65)));
    set(v, "/captureAmount/currency", json!("us"));
    set(v, "/captureAmount/value", json!("12a"));
    set(v, "/captureTime", json!("2021-13-08T12:12:12+08:00"));
    remove(v, "/result", "resultStatus");
}

struct Spec {
    /// `<api>.<message>`, the corpus folder and schema name.
    name: &'static str,
    valid: &'static str,
    invalid_1: &'static str,
    break_many: fn(&mut Value),
}

const MESSAGES: [Spec; 4] = [
    Spec {
        name: "notifyCapture.request",
        valid: "seed-S1-capture-success.json",
        invalid_1: "captureAmount-currency-lowercase-usd.json",
        break_many: break_notify_capture,
    },
    Spec {
        name: "notifyPayment.request",
        valid: "example-notify_payment.success.ams_java_sdk.json",
        invalid_1: "paymentAmount-value-integer-string-12a.json",
        break_many: break_notify_payment,
    },
    Spec {
        name: "capture.request",
        valid: "seed-S3-request.json",
        invalid_1: "captureAmount-value-integer-string-12a.json",
        break_many: break_capture_request,
    },
    Spec {
        name: "capture.response",
        valid: "seed-S3-response.json",
        invalid_1: "captureTime-datetime-without-offset.json",
        break_many: break_capture_response,
    },
];

/// The payloads of a message: (label, bytes, expected violations: 0, 1 or more than 1).
fn payloads(spec: &Spec) -> Vec<(&'static str, Vec<u8>, Violations)> {
    let dir = format!("tests/payloads/{}", spec.name);
    let valid = read(&format!("{dir}/valid/{}", spec.valid));
    let mut many: Value = serde_json::from_slice(&valid).unwrap();
    (spec.break_many)(&mut many);
    vec![
        ("valid", valid, Violations::None),
        ("invalid-1", read(&format!("{dir}/invalid/{}", spec.invalid_1)), Violations::One),
        ("invalid-many", serde_json::to_vec_pretty(&many).unwrap(), Violations::Many),
    ]
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Violations {
    None,
    One,
    Many,
}

fn count(n: usize) -> Violations {
    match n {
        0 => Violations::None,
        1 => Violations::One,
        _ => Violations::Many,
    }
}

/// Panics unless the three validators agree on the payload (and ours counts as expected).
fn agree<M: Message>(
    name: &str,
    label: &str,
    bytes: &[u8],
    expect: Violations,
    schema: &jsonschema::Validator,
) -> String {
    let ours = match M::from_json(bytes) {
        Ok(()) => 0,
        Err(FromJsonError::Invalid(v)) => v.len(),
        Err(e) => panic!("{name}/{label}: generated: not of the message's shape: {e}"),
    };
    assert_eq!(M::parse_json(bytes).map_err(|e| e.to_string()), Ok(()), "{name}/{label}: floor");
    let g: M::G = serde_json::from_slice(bytes)
        .unwrap_or_else(|e| panic!("{name}/{label}: garde mirror does not parse: {e}"));
    let garde = match garde::Validate::validate(&g) {
        Ok(()) => 0,
        Err(r) => r.iter().count(),
    };
    let instance: Value = serde_json::from_slice(bytes).unwrap();
    let js = schema.iter_errors(&instance).count();
    assert_eq!(schema.is_valid(&instance), js == 0);
    assert_eq!(count(ours), expect, "{name}/{label}: generated found {ours} violation(s)");
    assert_eq!(ours == 0, garde == 0, "{name}/{label}: generated {ours} vs garde {garde} violations");
    assert_eq!(ours == 0, js == 0, "{name}/{label}: generated {ours} vs jsonschema {js} errors");
    format!("{name}/{label}: {} bytes; violations: generated {ours}, garde {garde}, jsonschema {js}", bytes.len())
}

/// The four contenders over one payload, each one call.
struct Contenders<'a, M: Message> {
    bytes: &'a [u8],
    valid: bool,
    schema: &'a jsonschema::Validator,
    _m: std::marker::PhantomData<M>,
}

impl<M: Message> Contenders<'_, M> {
    fn floor(&self) {
        drop(black_box(M::parse_json(black_box(self.bytes))));
    }

    fn generated(&self) {
        drop(black_box(M::from_json(black_box(self.bytes))));
    }

    fn garde(&self) {
        let m: M::G = serde_json::from_slice(black_box(self.bytes)).unwrap();
        black_box(garde::Validate::validate(&m).is_ok());
    }

    fn jsonschema(&self) {
        let v: Value = serde_json::from_slice(black_box(self.bytes)).unwrap();
        if self.valid {
            black_box(self.schema.is_valid(&v));
        } else {
            black_box(self.schema.iter_errors(&v).count());
        }
    }

    /// What `jsonschema` spends before validating (counted with `ALIPAY_BENCH_ITERS` only).
    fn value_only(&self) {
        black_box(serde_json::from_slice::<Value>(black_box(self.bytes)).unwrap());
    }

    fn get(which: &str) -> fn(&Self) {
        match which {
            "value-only" => Self::value_only,
            "floor" => Self::floor,
            "generated" => Self::generated,
            "garde" => Self::garde,
            "jsonschema" => Self::jsonschema,
            other => panic!("no contender {other}"),
        }
    }
}

const CONTENDERS: [&str; 4] = ["floor", "generated", "garde", "jsonschema"];

/// `ALIPAY_BENCH_ITERS="<api>.<message>/<payload>/<contender>=N"` runs that
/// contender N times without criterion, for counting instructions:
/// `valgrind --tool=callgrind` with N and with 0, the difference over N.
fn only() -> Option<(String, usize)> {
    let v = std::env::var("ALIPAY_BENCH_ITERS").ok()?;
    let (id, n) = v.rsplit_once('=').expect("ALIPAY_BENCH_ITERS=<group>/<contender>=N");
    Some((id.to_owned(), n.parse().expect("N")))
}

fn bench_message<M: Message>(c: &mut Criterion, spec: &Spec) {
    let schema_json: Value = serde_json::from_slice(&read(&format!(
        "generated/schema/{}.schema.json",
        spec.name
    )))
    .unwrap();
    let schema = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema_json)
        .expect("the emitted schema compiles");
    let only = only();
    for (label, bytes, expect) in payloads(spec) {
        let report = agree::<M>(spec.name, label, &bytes, expect, &schema);
        let run = Contenders::<M> {
            bytes: &bytes,
            valid: expect == Violations::None,
            schema: &schema,
            _m: std::marker::PhantomData,
        };
        if let Some((id, n)) = &only {
            for which in CONTENDERS.iter().chain(&["value-only"]) {
                if *id == format!("{}/{label}/{which}", spec.name) {
                    let f = Contenders::<M>::get(which);
                    for _ in 0..*n {
                        f(&run);
                    }
                }
            }
            continue;
        }
        eprintln!("{report}");
        let mut g = c.benchmark_group(format!("{}/{label}", spec.name));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function("floor", |b| b.iter(|| run.floor()));
        g.bench_function("generated", |b| b.iter(|| run.generated()));
        g.bench_function("garde", |b| b.iter(|| run.garde()));
        g.bench_function("jsonschema", |b| b.iter(|| run.jsonschema()));
        g.finish();
    }
}

fn benches(c: &mut Criterion) {
    bench_message::<NcReq>(c, &MESSAGES[0]);
    bench_message::<NpReq>(c, &MESSAGES[1]);
    bench_message::<CqReq>(c, &MESSAGES[2]);
    bench_message::<CqResp>(c, &MESSAGES[3]);
}

criterion_group!(validate, benches);

fn main() {
    if only().is_some() {
        benches(&mut Criterion::default());
        return;
    }
    validate();
    Criterion::default().configure_from_args().final_summary();
}
