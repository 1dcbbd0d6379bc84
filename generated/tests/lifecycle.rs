//! The README's "The payment lifecycle" code, run end to end against a
//! loopback gateway: pay, a pending notifyPayment that sends the story to
//! inquiryPayment, capture (or, in a second run, cancel), refund, and a
//! pending notifyRefund that sends it to inquiryRefund.
//!
//! The gateway knows no API by name: it finds the API of each request's path
//! among the catalog's `Call` impls (`catalog::for_each_call`), checks the
//! body is a valid request of that API (`catalog::message`), verifies the
//! merchant's signature, and answers with the next file of the run's script
//! from `tests/payloads/<api>.response/valid/`, signed with a key generated
//! here. A script file that is not in the folder of the API called fails the
//! run, so the order of the calls is checked too.
//!
//! The README block is copied between `// README:` markers below;
//! `the_readme_code_is_this_code` fails when the two differ.

#[path = "support/http.rs"]
mod http_support;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use alipay_models::catalog;
use alipay_models::runtime::{Call, CallVisitor};
use alipay_models::signature::{PrivateKey, SignedTime, Signer, Verifier};
use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use bytes::Bytes;
use http_support::parse;

// README: lifecycle
use alipay_models::inquiry_payment::InquiryPaymentResponsePaymentStatus as PaymentStatus;
use alipay_models::inquiry_refund::InquiryRefundResponseRefundStatus as RefundStatus;
use alipay_models::runtime::client::Client;
use alipay_models::runtime::Outcome;
use alipay_models::types::{self, Amount, Order, PaymentFactor, PaymentMethod, ResultStatus};
use alipay_models::{CancelRequest, CancelResponse, CaptureAmsRequest, CaptureAmsResponse};
use alipay_models::{InquiryPaymentRequest, InquiryRefundRequest, Message, Notification};
use alipay_models::{PayRequest, PayResponse, RefundRequest, RefundResponse};

type Error = Box<dyn std::error::Error>;

/// `result.resultStatus` of an answer: S done, F refused, U not known yet.
fn status(result: Option<&types::Result>) -> Option<&ResultStatus> {
    result.and_then(|r| r.result_status.as_ref())
}

/// Step 1, pay (cashier): authorize a card payment, to be captured by hand
/// (captureMode MANUAL). F: refused. U with PAYMENT_IN_PROCESS: send the buyer
/// to `normalUrl` (or `schemeUrl`, `applinkUrl`); the end comes as notifyPayment.
async fn pay(client: &Client, order_id: &str, total: Amount) -> Result<PayResponse, Error> {
    // productCode is fixed (CASHIER_PAYMENT): the constructor writes it.
    let order = Order::new()
        .with_reference_order_id(order_id)
        .with_order_description("Cotton T-shirt")
        .with_order_amount(total.clone());
    let method = PaymentMethod::new().with_payment_method_type("CARD");
    let factor = PaymentFactor::new()
        .with_is_authorization(true)
        .with_capture_mode(types::PaymentFactorCaptureMode::Manual);
    let request = PayRequest::new(format!("pay-{order_id}"), order, total, method)
        .with_payment_factor(factor)
        .with_payment_redirect_url(format!("https://shop.example/orders/{order_id}"))
        .with_payment_notify_url("https://shop.example/alipay/notify");
    let answer = client.call(&request).await?;
    match status(answer.result.as_ref()) {
        Some(ResultStatus::F) => Err(format!("pay refused: {:?}", answer.result).into()),
        _ => Ok(answer),
    }
}

/// Steps 2 and 4: what a notification decides (notifyPayment, notifyRefund, once
/// verified: "Receiving notifications"). When it is pending, the inquiry it
/// names is asked with the ids the notification carries; still pending after
/// that: wait for the next notification.
async fn decide(client: &Client, notification: &Notification) -> Result<Outcome, Error> {
    let outcome = notification.outcome();
    let failed = Outcome::Failed { action: None };
    match notification {
        Notification::NotifyPayment(n) if outcome.inquiry() == Some(InquiryPaymentRequest::API) => {
            let mut request = InquiryPaymentRequest::new();
            request.payment_request_id = n.payment_request_id.clone();
            request.payment_id = n.payment_id.clone();
            let answer = client.call(&request).await?;
            // result: whether the inquiry worked; paymentStatus: the payment's state.
            Ok(match (status(answer.result.as_ref()), answer.payment_status) {
                (Some(ResultStatus::S), Some(PaymentStatus::Success)) => Outcome::Succeeded,
                (Some(ResultStatus::S), Some(PaymentStatus::Fail | PaymentStatus::Cancelled)) => {
                    failed
                }
                _ => outcome,
            })
        }
        Notification::NotifyRefund(n) if outcome.inquiry() == Some(InquiryRefundRequest::API) => {
            let mut request = InquiryRefundRequest::new();
            request.refund_request_id = n.refund_request_id.clone();
            request.refund_id = n.refund_id.clone();
            let answer = client.call(&request).await?;
            Ok(match (status(answer.result.as_ref()), answer.refund_status) {
                (Some(ResultStatus::S), Some(RefundStatus::Success)) => Outcome::Succeeded,
                (Some(ResultStatus::S), Some(RefundStatus::Fail)) => failed,
                _ => outcome,
            })
        }
        _ => Ok(outcome),
    }
}

/// Step 3, paid: capture the authorized amount (AMS capture). S captured,
/// F refused, U: wait for notifyCapture or inquire.
async fn capture(client: &Client, payment_id: &str, total: Amount) -> Result<CaptureAmsResponse, Error> {
    let request = CaptureAmsRequest::new(format!("capture-{payment_id}"), payment_id, total);
    Ok(client.call(&request).await?)
}

/// Step 3, no result after a long time: cancel (within the contract's period).
async fn cancel(client: &Client, payment_id: &str) -> Result<CancelResponse, Error> {
    let request = CancelRequest::new().with_payment_id(payment_id);
    Ok(client.call(&request).await?)
}

/// Step 4: refund all or part of a successful payment. S refunded, F refused,
/// U: the end comes as notifyRefund (to `decide`) or from inquiryRefund.
async fn refund(
    client: &Client,
    payment_id: &str,
    refund_request_id: &str,
    part: Amount,
) -> Result<RefundResponse, Error> {
    let request = RefundRequest::new(refund_request_id, payment_id, part)
        .with_refund_reason("returned by the buyer")
        .with_refund_notify_url("https://shop.example/alipay/notify");
    Ok(client.call(&request).await?)
}
// README: end

const CLIENT_ID: &str = "SANDBOX_5X00000000000000";
/// The gateway prefix of AMS, as the README's "Calling capture" configures it.
const PREFIX: &str = "/ams/api";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn generate() -> Vec<u8> {
    let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
    AsDer::<Pkcs8V1Der>::as_der(&kp).unwrap().as_ref().to_vec()
}

/// Each request API's path, from the catalog's `Call` impls.
#[derive(Default)]
struct Paths(BTreeMap<&'static str, &'static str>);

impl CallVisitor for Paths {
    fn visit<R: Call + 'static>(&mut self) {
        let before = self.0.insert(R::PATH, R::API);
        assert!(before.is_none(), "{} and {before:?} share {}", R::API, R::PATH);
    }
}

/// A payload of the corpus: `<folder>/valid/<file>`.
fn payload(folder: &str, file: &str) -> Vec<u8> {
    let path = root().join("tests/payloads").join(folder).join("valid").join(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One call the gateway answered: the API, the file it answered with, the
/// request's body.
type Served = (&'static str, &'static str, serde_json::Value);

/// The loopback "Alipay": one connection per call, as many calls as the
/// script has files; returns what it served.
fn gateway(
    merchant: Verifier,
    alipay: Signer,
    script: Vec<&'static str>,
) -> (String, std::thread::JoinHandle<Vec<Served>>) {
    let mut paths = Paths::default();
    catalog::for_each_call(&mut paths);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}{PREFIX}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let mut log = Vec::new();
        for file in script {
            let (mut sock, _) = listener.accept().unwrap();
            let request = read_request(&mut sock);
            merchant
                .verify_request(&request)
                .unwrap_or_else(|e| panic!("the merchant's signature: {e}"));
            let path = request.uri().path().to_string();
            let api = path
                .strip_prefix(PREFIX)
                .and_then(|p| paths.0.get(p).copied())
                .unwrap_or_else(|| panic!("no API of the catalog at {path}"));
            let entry = catalog::message(api, "request").unwrap();
            (entry.from_json)(request.body())
                .unwrap_or_else(|e| panic!("{api}: not a valid request: {e}"));
            let body = payload(&format!("{api}.response"), file);
            let time = SignedTime::now();
            let sig = alipay.signature("POST", &path, &time, &body).unwrap();
            let head = format!(
                "HTTP/1.1 200 OK\r\nclient-id: {CLIENT_ID}\r\nresponse-time: {}\r\nsignature: {sig}\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n",
                time.as_str(),
                body.len()
            );
            sock.write_all(head.as_bytes()).unwrap();
            sock.write_all(&body).unwrap();
            log.push((api, file, json(request.body())));
        }
        log
    });
    (base, server)
}

fn read_request(sock: &mut std::net::TcpStream) -> http::Request<Bytes> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = sock.read(&mut chunk).unwrap();
        assert!(n > 0, "the client closed before a whole request");
        buf.extend_from_slice(&chunk[..n]);
        if let Some(r) = parse(&buf) {
            return r;
        }
    }
}


struct Story {
    rt: tokio::runtime::Runtime,
    merchant_key: Vec<u8>,
    alipay_key: Vec<u8>,
}

impl Story {
    fn new() -> Story {
        Story {
            rt: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap(),
            merchant_key: generate(),
            alipay_key: generate(),
        }
    }

    /// A client and a gateway that answers with `script`, in order.
    fn start(
        &self,
        script: Vec<&'static str>,
    ) -> (Client, std::thread::JoinHandle<Vec<Served>>) {
        let merchant = PrivateKey::parse(&self.merchant_key).unwrap();
        let alipay = PrivateKey::parse(&self.alipay_key).unwrap();
        let (base, server) = gateway(
            Verifier::new(merchant.public_key()),
            Signer::new(CLIENT_ID, alipay),
            script,
        );
        let client = Client::new(
            &base,
            Signer::new(CLIENT_ID, merchant),
            Verifier::new(
                PrivateKey::parse(&self.alipay_key)
                    .unwrap()
                    .public_key(),
            ),
        )
        .unwrap();
        (client, server)
    }
}

/// A notification of the corpus, as alipay-webhook hands it over once verified.
fn notification(folder: &str, file: &str) -> Notification {
    Notification::from_json(&payload(folder, file)).unwrap()
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap()
}

#[test]
fn pay_pending_inquire_capture_refund_pending_inquire() {
    let story = Story::new();
    let script = vec![
        "result-U-PAYMENT_IN_PROCESS-unlisted-code-accepted-inbound.json",
        "paymentStatus-SUCCESS-every-transcribed-field.json",
        "captured-with-every-field.json",
        "result-U-UNKNOWN_EXCEPTION.json",
        "sample-IDOCS-IR-SUCCESS.json",
    ];
    let (client, server) = story.start(script.clone());
    let rt = &story.rt;

    // 1. pay: U, PAYMENT_IN_PROCESS: the buyer goes to the cashier page.
    let paid = rt
        .block_on(pay(&client, "order-20261206-0001", Amount::new("USD", 1000)))
        .unwrap();
    assert_eq!(status(paid.result.as_ref()), Some(&ResultStatus::U));
    assert!(paid.normal_url.is_some());

    // 2. notifyPayment PAYMENT_PENDING (U): pending, naming inquiryPayment,
    // which answers SUCCESS.
    let n = notification(
        "notifyPayment.request",
        "PAYMENT_PENDING-with-resultStatus-U-pending.json",
    );
    assert_eq!(n.outcome().inquiry(), Some(InquiryPaymentRequest::API));
    assert_eq!(rt.block_on(decide(&client, &n)).unwrap(), Outcome::Succeeded);
    let Notification::NotifyPayment(np) = &n else {
        panic!("{n:?}")
    };
    let payment_id = np.payment_id.clone().unwrap();
    let total = np.payment_amount.clone().unwrap();

    // 3. capture: S, with Antom's captureId.
    let captured = rt.block_on(capture(&client, &payment_id, total)).unwrap();
    assert_eq!(status(captured.result.as_ref()), Some(&ResultStatus::S));
    assert!(captured.capture_id.is_some());

    // 4. refund: U; notifyRefund REFUND_IN_PROCESS (U) is pending, naming
    // inquiryRefund, which answers SUCCESS.
    let refunded = rt
        .block_on(refund(&client, &payment_id, "refund-0001", Amount::new("JPY", 100)))
        .unwrap();
    assert_eq!(status(refunded.result.as_ref()), Some(&ResultStatus::U));
    let n = notification(
        "notifyRefund.request",
        "result-U-REFUND_IN_PROCESS-noticed-pending.json",
    );
    assert_eq!(n.outcome().inquiry(), Some(InquiryRefundRequest::API));
    assert_eq!(rt.block_on(decide(&client, &n)).unwrap(), Outcome::Succeeded);

    // Every answer was the script's file, parsed as sent, in order, for the
    // request API the story meant (routed by path, named here by type).
    let log = server.join().unwrap();
    assert_eq!(log.iter().map(|s| s.1).collect::<Vec<_>>(), script);
    assert_eq!(
        log.iter().map(|s| s.0).collect::<Vec<_>>(),
        [
            PayRequest::API,
            InquiryPaymentRequest::API,
            CaptureAmsRequest::API,
            RefundRequest::API,
            InquiryRefundRequest::API
        ]
    );
    let sent = |i: usize| json(&payload(&format!("{}.response", log[i].0), log[i].1));
    assert_eq!(json(&paid.to_json().unwrap()), sent(0));
    assert_eq!(json(&captured.to_json().unwrap()), sent(2));
    assert_eq!(json(&refunded.to_json().unwrap()), sent(3));
    // The ids travel from the notifications to the calls that follow them.
    let np = json(&payload(
        "notifyPayment.request",
        "PAYMENT_PENDING-with-resultStatus-U-pending.json",
    ));
    let nr = json(&payload(
        "notifyRefund.request",
        "result-U-REFUND_IN_PROCESS-noticed-pending.json",
    ));
    assert_eq!(log[1].2["paymentId"], np["paymentId"]);
    assert_eq!(log[1].2["paymentRequestId"], np["paymentRequestId"]);
    assert_eq!(log[2].2["paymentId"], np["paymentId"]);
    assert_eq!(log[2].2["captureAmount"], np["paymentAmount"]);
    assert_eq!(log[3].2["paymentId"], np["paymentId"]);
    assert_eq!(log[4].2["refundId"], nr["refundId"]);
    assert_eq!(log[4].2["refundRequestId"], nr["refundRequestId"]);
}

#[test]
fn a_payment_still_processing_is_cancelled() {
    let story = Story::new();
    let script = vec![
        "paymentStatus-PROCESSING-without-paymentTime.json",
        "cancelled-with-every-field.json",
    ];
    let (client, server) = story.start(script.clone());
    let rt = &story.rt;
    let n = notification(
        "notifyPayment.request",
        "PAYMENT_PENDING-with-resultStatus-U-pending.json",
    );
    // The inquiry says PROCESSING: still pending, and still naming the inquiry.
    let outcome = rt.block_on(decide(&client, &n)).unwrap();
    assert_eq!(outcome.inquiry(), Some(InquiryPaymentRequest::API));
    let Notification::NotifyPayment(np) = &n else {
        panic!("{n:?}")
    };
    let cancelled = rt
        .block_on(cancel(&client, np.payment_id.as_deref().unwrap()))
        .unwrap();
    assert_eq!(status(cancelled.result.as_ref()), Some(&ResultStatus::S));
    let log = server.join().unwrap();
    assert_eq!(log.iter().map(|s| s.1).collect::<Vec<_>>(), script);
    assert_eq!(log[0].2["paymentId"], json(&payload(
        "notifyPayment.request",
        "PAYMENT_PENDING-with-resultStatus-U-pending.json",
    ))["paymentId"]);
    assert_eq!(log[1].0, CancelRequest::API);
}

#[test]
fn a_final_notification_needs_no_inquiry() {
    // The gateway answers nothing: a call would fail the test.
    let story = Story::new();
    let (client, server) = story.start(Vec::new());
    let n = notification("notifyPayment.request", "minimal-fields-success.json");
    assert_eq!(story.rt.block_on(decide(&client, &n)).unwrap(), Outcome::Succeeded);
    let n = notification(
        "notifyRefund.request",
        "refundStatus-FAIL-with-resultStatus-F-failed.json",
    );
    assert!(matches!(
        story.rt.block_on(decide(&client, &n)).unwrap(),
        Outcome::Failed { .. }
    ));
    assert!(server.join().unwrap().is_empty());
}

/// The README's block in "The payment lifecycle" is the marked block of this file.
#[test]
fn the_readme_code_is_this_code() {
    let readme = include_str!("../../README.md");
    let this = include_str!("lifecycle.rs");
    let section = "## The payment lifecycle";
    let start = readme
        .find(section)
        .unwrap_or_else(|| panic!("README has no `{section}`"));
    let rest = &readme[start + section.len()..];
    let rest = &rest[..rest.find("\n## ").unwrap_or(rest.len())];
    let mut blocks = Vec::new();
    let mut tail = rest;
    while let Some(open) = tail.find("```rust\n") {
        let body = &tail[open + "```rust\n".len()..];
        let close = body.find("```").expect("the block closes");
        blocks.push(body[..close].to_string());
        tail = &body[close..][3..];
    }
    let mut marked = Vec::new();
    let mut current: Option<String> = None;
    for line in this.lines() {
        match (line.strip_prefix("// README: "), current.as_mut()) {
            (Some("end"), Some(_)) => marked.extend(current.take()),
            (Some(_), None) => current = Some(String::new()),
            (None, Some(block)) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    assert_eq!(blocks.len(), 1, "one rust block in the section");
    assert_eq!(
        marked, blocks,
        "README code and tests/lifecycle.rs differ: copy one to the other"
    );
}
