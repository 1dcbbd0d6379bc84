//! The endpoint on 127.0.0.1, driven by a real HTTP client (reqwest): signed,
//! forged, tampered, replayed, duplicated and malformed notifications, with the
//! status and body of every answer. Keys are generated here (aws-lc-rs).

use std::sync::{Arc, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use merchant_webhook::signature::{PrivateKey, SignedTime, Signer, Verifier};
use merchant_webhook::{App, Decision, MemoryStore, NOTIFY_PATH, Recorded, Store, StoreError};

const PAYMENT_OK: &[u8] = include_bytes!(
    "../../../tests/payloads/notifyPayment.request/valid/example-notify_payment.success.ams_java_sdk.json"
);
const CAPTURE_FAILED: &[u8] = include_bytes!(
    "../../../tests/payloads/notifyCapture.request/valid/example-notify_capture.fail.json"
);
const PAYMENT_PENDING: &[u8] = include_bytes!(
    "../../../tests/payloads/notifyPayment.request/valid/notifyType-PAYMENT_PENDING.json"
);
const UNKNOWN_CODE: &[u8] = include_bytes!(
    "../../../tests/payloads/notifyPayment.request/valid/result-resultCode-unknown-code-accepted-inbound.json"
);

const STATUS_U_CODE_SUCCESS: &[u8] = include_bytes!(
    "../../../tests/payloads/notifyPayment.request/valid/result-U-with-the-S-code-SUCCESS-noticed-pending.json"
);

const ACK: &str =
    r#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}"#;
const RESEND: &str = r#"{"result":{"resultCode":"UNKNOWN_EXCEPTION","resultStatus":"U","resultMessage":"UNKNOWN_EXCEPTION"}}"#;
const CLIENT: &str = "SANDBOX_5X00000000000000";

fn key() -> PrivateKey {
    let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
    PrivateKey::parse(AsDer::<Pkcs8V1Der>::as_der(&kp).unwrap().as_ref()).unwrap()
}

/// Alipay's signer (its key pair is generated once per test binary).
fn alipay() -> &'static Signer {
    static S: OnceLock<Signer> = OnceLock::new();
    S.get_or_init(|| Signer::new(CLIENT, key()))
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

struct Server {
    base: String,
    store: Arc<MemoryStore>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

async fn start<S: Store>(store: Arc<S>) -> (String, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = App {
        verifier: Verifier::new(alipay().public_key()),
        store,
    };
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(merchant_webhook::serve(listener, app, async {
        let _ = rx.await;
    }));
    (base, tx)
}

async fn server() -> Server {
    let store = Arc::new(MemoryStore::default());
    let (base, stop) = start(Arc::clone(&store)).await;
    Server {
        base,
        store,
        stop: Some(stop),
    }
}

/// Headers for `body` signed by `signer` at `time` (epoch ms).
fn headers(signer: &Signer, time: i64, body: &[u8]) -> Vec<(&'static str, String)> {
    let time = SignedTime::parse(&time.to_string()).unwrap();
    let h = signer.headers("POST", NOTIFY_PATH, &time, body).unwrap();
    vec![
        ("Content-Type", "application/json; charset=UTF-8".into()),
        ("client-id", h.client_id),
        ("request-time", h.request_time),
        ("signature", h.signature),
    ]
}

async fn post(base: &str, headers: &[(&'static str, String)], body: &[u8]) -> (u16, String) {
    let client = reqwest::Client::new();
    let mut req = client.post(format!("{base}{NOTIFY_PATH}"));
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    let resp = req.body(body.to_vec()).send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap())
}

#[tokio::test]
async fn a_signed_payment_is_fulfilled_once_however_often_it_arrives() {
    let s = server().await;
    let h = headers(alipay(), now_ms(), PAYMENT_OK);
    assert_eq!(post(&s.base, &h, PAYMENT_OK).await, (200, ACK.into()));
    // Alipay sends the same notification again (the same bytes, signed again later).
    assert_eq!(post(&s.base, &h, PAYMENT_OK).await, (200, ACK.into()));
    let h2 = headers(alipay(), now_ms() + 1000, PAYMENT_OK);
    assert_eq!(post(&s.base, &h2, PAYMENT_OK).await, (200, ACK.into()));
    assert_eq!(
        s.store.decisions(),
        vec![Decision::Succeeded {
            notify_type: "PAYMENT_RESULT".into(),
            request_id: "20200303074500020000036648".into()
        }]
    );
}

#[tokio::test]
async fn failures_and_pending_are_decided_by_status_and_notify_type() {
    let s = server().await;
    for body in [CAPTURE_FAILED, PAYMENT_PENDING, UNKNOWN_CODE] {
        let h = headers(alipay(), now_ms(), body);
        assert_eq!(post(&s.base, &h, body).await, (200, ACK.into()));
    }
    let mut got = s.store.decisions();
    got.sort_by_key(|d| format!("{d:?}"));
    assert_eq!(
        got,
        vec![
            Decision::Failed {
                notify_type: "CAPTURE_RESULT".into(),
                request_id: "Merchant_Request_ID_XXXXXX".into(),
                code: "PROCESS_FAIL".into()
            },
            // A code the table does not know: its resultStatus F decides.
            Decision::Failed {
                notify_type: "PAYMENT_RESULT".into(),
                request_id: "20200303074500020000036648".into(),
                code: "SOME_NEW_CODE".into()
            },
            // PAYMENT_PENDING with S ("being processed") is pending.
            Decision::Pending {
                notify_type: "PAYMENT_PENDING".into(),
                request_id: "20200303074500020000036648".into()
            },
        ]
    );
}

#[tokio::test]
async fn the_status_decides_not_the_code_and_a_rule_break_is_still_answered() {
    // resultCode SUCCESS (an S code in the table) with resultStatus U, which the
    // documents say Alipay does not send here (a notice, not a refusal): the
    // message decides, so it is acknowledged and pending.
    let s = server().await;
    let h = headers(alipay(), now_ms(), STATUS_U_CODE_SUCCESS);
    assert_eq!(
        post(&s.base, &h, STATUS_U_CODE_SUCCESS).await,
        (200, ACK.into())
    );
    assert_eq!(
        s.store.decisions(),
        vec![Decision::Pending {
            notify_type: "PAYMENT_RESULT".into(),
            request_id: "20200303074500020000036648".into()
        }]
    );
}

#[tokio::test]
async fn forged_tampered_and_replayed_notifications_are_refused() {
    let s = server().await;
    // Forged: a stranger's key.
    let stranger = Signer::new(CLIENT, key());
    let h = headers(&stranger, now_ms(), PAYMENT_OK);
    assert_eq!(post(&s.base, &h, PAYMENT_OK).await, (401, RESEND.into()));
    // Tampered: signed, then one byte of the body changed.
    let h = headers(alipay(), now_ms(), PAYMENT_OK);
    let mut tampered = PAYMENT_OK.to_vec();
    let at = tampered.iter().position(|b| *b == b'S').unwrap();
    tampered[at] = b'F';
    assert_eq!(post(&s.base, &h, &tampered).await, (401, RESEND.into()));
    // Tampered header: another client id.
    let mut h2 = h.clone();
    h2[1].1 = "SANDBOX_5X00000000000001".into();
    assert_eq!(post(&s.base, &h2, PAYMENT_OK).await, (401, RESEND.into()));
    // Re-serialized: the same JSON, other bytes.
    let value: serde_json::Value = serde_json::from_slice(PAYMENT_OK).unwrap();
    let reserialized = serde_json::to_vec(&value).unwrap();
    assert_eq!(post(&s.base, &h, &reserialized).await, (401, RESEND.into()));
    // Replayed: genuine but an hour old.
    let h = headers(alipay(), now_ms() - 3_600_000, PAYMENT_OK);
    assert_eq!(post(&s.base, &h, PAYMENT_OK).await, (401, RESEND.into()));
    assert!(s.store.decisions().is_empty());
}

#[tokio::test]
async fn malformed_requests_get_the_resend_answer() {
    let s = server().await;
    // No signature at all.
    let h = vec![("client-id", CLIENT.to_string())];
    assert_eq!(post(&s.base, &h, PAYMENT_OK).await, (400, RESEND.into()));
    // A garbled Signature header.
    let mut h = headers(alipay(), now_ms(), PAYMENT_OK);
    h[3].1 = "algorithm=RSA256,signature=%%%".into();
    assert_eq!(post(&s.base, &h, PAYMENT_OK).await, (400, RESEND.into()));
    // An algorithm nobody supports.
    h[3].1 = "algorithm=ECC224,signature=AAAA".into();
    assert_eq!(post(&s.base, &h, PAYMENT_OK).await, (400, RESEND.into()));
    // A signed body that is not JSON, and one of an unknown notifyType.
    for body in [&b"{not json"[..], br#"{"notifyType":"REFUND_RESULT"}"#, b""] {
        let h = headers(alipay(), now_ms(), body);
        assert_eq!(post(&s.base, &h, body).await, (422, RESEND.into()));
    }
    // Another path or method is not the endpoint.
    let client = reqwest::Client::new();
    let r = client
        .get(format!("{}{NOTIFY_PATH}", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 405);
    assert!(s.store.decisions().is_empty());
}

struct DownStore;

impl Store for DownStore {
    fn record(&self, _: &str, _: &Decision) -> Result<Recorded, StoreError> {
        Err(StoreError("database down".into()))
    }
}

#[tokio::test]
async fn a_notification_that_cannot_be_recorded_is_asked_again() {
    let (base, _stop) = start(Arc::new(DownStore)).await;
    let h = headers(alipay(), now_ms(), PAYMENT_OK);
    assert_eq!(post(&base, &h, PAYMENT_OK).await, (503, RESEND.into()));
}

/// A pending result (PAYMENT_RESULT with status U) never makes the final
/// result of the same payment a duplicate: both are recorded, and the final
/// one is acted on (issue 18).
#[tokio::test]
async fn a_pending_result_does_not_swallow_the_final_one() {
    let s = server().await;
    let h = headers(alipay(), now_ms(), STATUS_U_CODE_SUCCESS);
    assert_eq!(post(&s.base, &h, STATUS_U_CODE_SUCCESS).await.0, 200);
    let h = headers(alipay(), now_ms(), PAYMENT_OK);
    assert_eq!(post(&s.base, &h, PAYMENT_OK).await, (200, ACK.into()));
    let decisions = s.store.decisions();
    assert!(
        decisions.contains(&Decision::Succeeded {
            notify_type: "PAYMENT_RESULT".into(),
            request_id: "20200303074500020000036648".into()
        }),
        "{decisions:?}"
    );
    assert_eq!(decisions.len(), 2, "{decisions:?}");
}
