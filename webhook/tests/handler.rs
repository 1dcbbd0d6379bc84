//! The endpoint over loopback (axum, a real HTTP client, a real SQLite file):
//! signed notifications in every order, refusals, dead letters, old
//! signatures, store failures, and the body-reading limits.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use alipay_models::signature::{PrivateKey, SignedTime, Signer};
use alipay_webhook::axum::{Limits, router};
use alipay_webhook::sqlite::SqliteStore;
use alipay_webhook::{ActionError, Endpoint, Final, Handled, Refusal, Store, retry_window};
use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use bytes::Bytes;
use serde_json::{Value, json};

const PAYMENT_OK: &[u8] = include_bytes!(
    "../../tests/payloads/notifyPayment.request/valid/example-notify_payment.success.ams_java_sdk.json"
);
const PAYMENT_PENDING: &[u8] = include_bytes!(
    "../../tests/payloads/notifyPayment.request/valid/notifyType-PAYMENT_PENDING.json"
);
const CAPTURE_FAILED: &[u8] = include_bytes!(
    "../../tests/payloads/notifyCapture.request/valid/example-notify_capture.fail.json"
);
const CLIENT: &str = "SANDBOX_5X00000000000000";
const PATH: &str = "/alipay/notify";

fn key() -> PrivateKey {
    let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
    PrivateKey::parse(AsDer::<Pkcs8V1Der>::as_der(&kp).unwrap().as_ref()).unwrap()
}

/// Alipay's signer (its key pair generated once per test binary).
fn alipay() -> &'static Signer {
    static S: OnceLock<Signer> = OnceLock::new();
    S.get_or_init(|| Signer::new(CLIENT, key()))
}

/// A payment notification for `request_id` with this notifyType and status.
fn payment(request_id: &str, notify_type: &str, status: &str) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(PAYMENT_OK).unwrap();
    v["paymentRequestId"] = json!(request_id);
    v["notifyType"] = json!(notify_type);
    v["result"]["resultStatus"] = json!(status);
    if status == "F" {
        v["result"]["resultCode"] = json!("USER_KYC_NOT_QUALIFIED");
    }
    serde_json::to_vec(&v).unwrap()
}

type Acted = Arc<Mutex<Vec<(String, String, String)>>>;

struct Server {
    base: String,
    endpoint: Arc<Endpoint<SqliteStore>>,
    acted: Acted,
    fail: Arc<Mutex<bool>>,
    _dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

async fn server_with(
    configure: impl FnOnce(Endpoint<SqliteStore>) -> Endpoint<SqliteStore>,
    limits: Limits,
) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let acted: Acted = Arc::default();
    let fail = Arc::new(Mutex::new(false));
    let (a, f) = (Arc::clone(&acted), Arc::clone(&fail));
    let store = SqliteStore::open(
        dir.path().join("n.db"),
        move |_tx, n| -> Result<(), ActionError> {
            if *f.lock().unwrap() {
                return Err("the merchant's database is down".into());
            }
            a.lock().unwrap().push((
                n.key.api.clone(),
                n.key.request_id.clone(),
                n.status.as_str().into(),
            ));
            Ok(())
        },
    )
    .unwrap();
    let endpoint = Arc::new(configure(Endpoint::new(alipay().public_key(), store)));
    let app = router(Arc::clone(&endpoint), PATH, limits);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
            .unwrap();
    });
    Server {
        base,
        endpoint,
        acted,
        fail,
        _dir: dir,
        stop: Some(tx),
    }
}

async fn server() -> Server {
    server_with(|e| e.client_id(CLIENT), Limits::default()).await
}

/// Posts `body` signed by Alipay at `time`, with its headers changed by `edit`.
async fn post_signed_at(
    s: &Server,
    body: &[u8],
    time: SystemTime,
    edit: impl FnOnce(&mut http::HeaderMap),
) -> (u16, String) {
    let mut req = alipay()
        .request_at(
            http::Method::POST,
            PATH,
            Bytes::copy_from_slice(body),
            &SignedTime::from_system_time(time),
        )
        .unwrap();
    edit(req.headers_mut());
    let client = reqwest::Client::new();
    let mut r = client
        .post(format!("{}{PATH}", s.base))
        .body(req.body().clone());
    for (k, v) in req.headers() {
        r = r.header(k.as_str(), v.to_str().unwrap());
    }
    let resp = r.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap())
}

async fn post(s: &Server, body: &[u8]) -> (u16, String) {
    post_signed_at(s, body, SystemTime::now(), |_| {}).await
}

fn ack_status(body: &str) -> String {
    let v: Value = serde_json::from_str(body).unwrap();
    v["result"]["resultStatus"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_final_result_is_acted_on_once_and_resends_are_acknowledged() {
    let s = server().await;
    for _ in 0..3 {
        let (status, body) = post(&s, &payment("r1", "PAYMENT_RESULT", "S")).await;
        assert_eq!((status, ack_status(&body).as_str()), (200, "S"));
    }
    assert_eq!(
        *s.acted.lock().unwrap(),
        vec![("notifyPayment".into(), "r1".into(), "succeeded".into())]
    );
    let (status, _) = post(&s, CAPTURE_FAILED).await;
    assert_eq!(status, 200);
    assert_eq!(s.acted.lock().unwrap().len(), 2);
    let listed = s.endpoint.store().acted().await.unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[1].result, Final::Failed);
    assert_eq!(listed[1].key.api, "notifyCapture");
}

/// The bug of the old example: a pending result recorded first made the
/// final one a "duplicate" that was never acted on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pending_result_never_blocks_the_final_one() {
    let s = server().await;
    let mut pending: Value = serde_json::from_slice(PAYMENT_PENDING).unwrap();
    pending["paymentRequestId"] = json!("r2");
    let (status, _) = post(&s, &serde_json::to_vec(&pending).unwrap()).await;
    assert_eq!(status, 200);
    let (status, _) = post(&s, &payment("r2", "PAYMENT_RESULT", "U")).await;
    assert_eq!(status, 200);
    assert!(s.acted.lock().unwrap().is_empty(), "nothing final yet");
    let (status, _) = post(&s, &payment("r2", "PAYMENT_RESULT", "S")).await;
    assert_eq!(status, 200);
    assert_eq!(s.acted.lock().unwrap().len(), 1);
    // Pending after the final one: ignored; F after S: a conflict, not acted on.
    assert_eq!(
        post(&s, &serde_json::to_vec(&pending).unwrap()).await.0,
        200
    );
    assert_eq!(post(&s, &payment("r2", "PAYMENT_RESULT", "F")).await.0, 200);
    assert_eq!(s.acted.lock().unwrap().len(), 1);
    let conflicts = s.endpoint.store().conflicts().await.unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(
        (conflicts[0].acted, conflicts[0].received),
        (Final::Succeeded, Final::Failed)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notification_signed_30_minutes_ago_is_acknowledged_and_recorded_once() {
    let s = server().await;
    // The default window covers Alipay's whole resend schedule (catalog::RETRIES).
    let window = s.endpoint.current_window().unwrap();
    assert_eq!(Some(window), retry_window::<alipay_models::Notification>());
    let longest: u64 = alipay_models::catalog::RETRIES
        .iter()
        .map(|r| r.intervals_secs.iter().sum())
        .max()
        .unwrap();
    assert!(window >= Duration::from_secs(longest), "{window:?}");
    let then = SystemTime::now() - Duration::from_secs(30 * 60);
    let body = payment("r3", "PAYMENT_RESULT", "S");
    for _ in 0..2 {
        let (status, answer) = post_signed_at(&s, &body, then, |_| {}).await;
        assert_eq!((status, ack_status(&answer).as_str()), (200, "S"));
    }
    assert_eq!(s.acted.lock().unwrap().len(), 1);
    // The window is configurable: 5 minutes refuses it.
    let narrow = server_with(
        |e| e.window(Some(Duration::from_secs(300))),
        Limits::default(),
    )
    .await;
    let (status, answer) = post_signed_at(&narrow, &body, then, |_| {}).await;
    assert_eq!((status, ack_status(&answer).as_str()), (401, "U"));
    assert!(narrow.acted.lock().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verified_but_unclassifiable_is_a_dead_letter_and_asks_for_a_resend() {
    let s = server().await;
    let mut unknown: Value = serde_json::from_slice(PAYMENT_OK).unwrap();
    unknown["notifyType"] = json!("SOMETHING_NEW");
    let mut no_id: Value = serde_json::from_slice(PAYMENT_OK).unwrap();
    no_id.as_object_mut().unwrap().remove("paymentRequestId");
    let bodies = [
        serde_json::to_vec(&unknown).unwrap(),
        serde_json::to_vec(&no_id).unwrap(),
        b"{not json".to_vec(),
    ];
    for b in &bodies {
        let (status, answer) = post(&s, b).await;
        assert_eq!(
            (status, ack_status(&answer).as_str()),
            (422, "U"),
            "{}",
            String::from_utf8_lossy(b)
        );
    }
    let dead = s.endpoint.store().dead_letters().await.unwrap();
    assert_eq!(dead.len(), 3);
    for (d, b) in dead.iter().zip(&bodies) {
        assert_eq!(&d.body[..], &b[..]);
        assert_eq!(d.client_id.as_deref(), Some(CLIENT));
        assert!(
            d.signature
                .as_deref()
                .unwrap_or("")
                .starts_with("algorithm=RSA256")
        );
        assert!(d.request_time.is_some());
    }
    assert!(
        dead[0].reason.contains("SOMETHING_NEW"),
        "{}",
        dead[0].reason
    );
    assert!(dead[1].reason.contains("request id"), "{}", dead[1].reason);
    assert!(s.acted.lock().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_record_nothing() {
    let s = server().await;
    let body = payment("r4", "PAYMENT_RESULT", "S");
    // Another client's notification (Client-Id is checked before the signature).
    let (status, answer) = post_signed_at(&s, &body, SystemTime::now(), |h| {
        h.insert("client-id", http::HeaderValue::from_static("OTHER_CLIENT"));
    })
    .await;
    assert_eq!((status, ack_status(&answer).as_str()), (403, "U"));
    // A changed signed header, a missing signature.
    let (status, _) = post_signed_at(&s, &body, SystemTime::now(), |h| {
        h.insert("request-time", http::HeaderValue::from_static("1"));
    })
    .await;
    assert_eq!(status, 401);
    let (status, _) = post_signed_at(&s, &body, SystemTime::now(), |h| {
        h.remove("signature");
    })
    .await;
    assert_eq!(status, 400);
    assert!(s.acted.lock().unwrap().is_empty());
    assert!(s.endpoint.store().acted().await.unwrap().is_empty());
    assert!(s.endpoint.store().dead_letters().await.unwrap().is_empty());
    // The typed error, without HTTP.
    let mut headers = http::HeaderMap::new();
    for (k, v) in [
        ("client-id", "OTHER"),
        ("request-time", "1"),
        ("signature", "x"),
    ] {
        headers.insert(k, http::HeaderValue::from_static(v));
    }
    assert_eq!(
        s.endpoint.check_headers(&headers),
        Err(Refusal::ClientId {
            expected: CLIENT.into(),
            received: "OTHER".into()
        })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn never_200_unless_recorded() {
    let s = server().await;
    *s.fail.lock().unwrap() = true;
    let body = payment("r5", "PAYMENT_RESULT", "S");
    let (status, answer) = post(&s, &body).await;
    assert_eq!((status, ack_status(&answer).as_str()), (503, "U"));
    assert!(s.endpoint.store().acted().await.unwrap().is_empty());
    *s.fail.lock().unwrap() = false;
    let (status, _) = post(&s, &body).await;
    assert_eq!(status, 200);
    assert_eq!(s.acted.lock().unwrap().len(), 1);
    // Without HTTP: the answer says what was done.
    let req = alipay().post(PATH, body.clone()).unwrap();
    let a = s
        .endpoint
        .handle(req.method(), PATH, req.headers(), req.body().clone())
        .await;
    assert!(matches!(a.handled, Handled::Recorded { .. }) && a.acknowledged());
}

/// Raw HTTP on a socket, bounded by a read timeout: what the server answers.
fn raw(base: &str, request: &[u8]) -> String {
    let addr = base.trim_start_matches("http://");
    let mut sock = std::net::TcpStream::connect(addr).unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    sock.write_all(request).unwrap();
    let mut buf = vec![0u8; 4096];
    let n = sock.read(&mut buf).unwrap_or(0);
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversize_is_refused_before_the_body_and_without_100_continue() {
    let s = server().await;
    let signed = alipay().post(PATH, Bytes::from_static(b"{}")).unwrap();
    let h = signed.headers();
    let head = format!(
        "POST {PATH} HTTP/1.1\r\nHost: x\r\nClient-Id: {}\r\nRequest-Time: {}\r\nSignature: {}\r\nContent-Length: 2000000000\r\nExpect: 100-continue\r\n\r\n",
        h["client-id"].to_str().unwrap(),
        h["request-time"].to_str().unwrap(),
        h["signature"].to_str().unwrap()
    );
    let base = s.base.clone();
    let answer = tokio::task::spawn_blocking(move || raw(&base, head.as_bytes()))
        .await
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(!answer.contains("100 Continue"), "{answer}");
    // Headers are checked before the body is read: no Signature, a body never sent.
    let head = format!("POST {PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
    let base = s.base.clone();
    let answer = tokio::task::spawn_blocking(move || raw(&base, head.as_bytes()))
        .await
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_never_arrives_times_out() {
    let limits = Limits {
        body_timeout: Duration::from_millis(500),
        ..Limits::default()
    };
    let s = server_with(|e| e, limits).await;
    let signed = alipay().post(PATH, Bytes::from_static(b"{}")).unwrap();
    let h = signed.headers();
    let head = format!(
        "POST {PATH} HTTP/1.1\r\nHost: x\r\nClient-Id: {}\r\nRequest-Time: {}\r\nSignature: {}\r\nContent-Length: 100\r\n\r\n{{",
        h["client-id"].to_str().unwrap(),
        h["request-time"].to_str().unwrap(),
        h["signature"].to_str().unwrap()
    );
    let base = s.base.clone();
    let started = std::time::Instant::now();
    let answer = tokio::task::spawn_blocking(move || raw(&base, head.as_bytes()))
        .await
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// A writer the log subscriber appends to.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every refusal, decision, conflict and dead letter is logged with its
/// reason; no signature is logged in full. (Current-thread runtime: the
/// server's tasks run under this thread's subscriber.)
#[tokio::test]
async fn logs_say_why_and_never_carry_a_full_signature() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let s = server().await;
    let ok = payment("r6", "PAYMENT_RESULT", "S");
    let mut unknown: Value = serde_json::from_slice(PAYMENT_OK).unwrap();
    unknown["notifyType"] = json!("SOMETHING_NEW");
    let unknown = serde_json::to_vec(&unknown).unwrap();
    let mut signatures = Vec::new();
    for (body, edit) in [
        (&ok, None),
        (&payment("r6", "PAYMENT_RESULT", "F"), None),
        (&unknown, None),
        (&ok, Some("request-time")),
    ] {
        let req = alipay().post(PATH, Bytes::copy_from_slice(body)).unwrap();
        signatures.push(req.headers()["signature"].to_str().unwrap().to_string());
        post_signed_at(&s, body, SystemTime::now(), |h| {
            if let Some(name) = edit {
                h.insert(name, http::HeaderValue::from_static("1"));
            }
            signatures.push(h["signature"].to_str().unwrap().to_string());
        })
        .await;
    }
    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for needle in [
        "decision=\"act\"",
        "conflict",
        "dead letter",
        "SOMETHING_NEW",
        "refused",
        "signature does not match",
    ] {
        assert!(text.contains(needle), "no `{needle}` in the log:\n{text}");
    }
    for sig in &signatures {
        let b64 = sig.rsplit("signature=").next().unwrap();
        assert!(
            !text.contains(&b64[..40]),
            "a signature in the log:\n{text}"
        );
    }
}
