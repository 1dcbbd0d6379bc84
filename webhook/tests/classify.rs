//! The endpoint without a server (`Endpoint::handle_at`, a `MemoryStore`):
//! what each notification of the payload corpus is decided to be, and what
//! is refused before anything is recorded. (Moved here from the old
//! in-memory recipe in examples/merchant-webhook, whose decisions these were.)

use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use alipay_models::signature::{PrivateKey, SignedTime, Signer};
use alipay_webhook::{Decision, Endpoint, Final, Handled, MemoryStore, Refusal, Store};
use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use bytes::Bytes;
use http::{HeaderMap, Method};

const PAYMENT_OK: &[u8] = include_bytes!(
    "../../tests/payloads/notifyPayment.request/valid/example-notify_payment.success.ams_java_sdk.json"
);
const CAPTURE_FAILED: &[u8] = include_bytes!(
    "../../tests/payloads/notifyCapture.request/valid/example-notify_capture.fail.json"
);
const PAYMENT_PENDING: &[u8] = include_bytes!(
    "../../tests/payloads/notifyPayment.request/valid/notifyType-PAYMENT_PENDING.json"
);
const UNKNOWN_CODE: &[u8] = include_bytes!(
    "../../tests/payloads/notifyPayment.request/valid/result-resultCode-unknown-code-accepted-inbound.json"
);
const STATUS_U_CODE_SUCCESS: &[u8] = include_bytes!(
    "../../tests/payloads/notifyPayment.request/valid/result-U-with-the-S-code-SUCCESS-noticed-pending.json"
);
const ACK: &[u8] =
    br#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}"#;
const CLIENT: &str = "SANDBOX_5X00000000000000";
const PATH: &str = "/alipay/notify";

fn key() -> PrivateKey {
    let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
    PrivateKey::parse(AsDer::<Pkcs8V1Der>::as_der(&kp).unwrap().as_ref()).unwrap()
}

fn alipay() -> &'static Signer {
    static S: OnceLock<Signer> = OnceLock::new();
    S.get_or_init(|| Signer::new(CLIENT, key()))
}

fn endpoint() -> Endpoint<MemoryStore> {
    Endpoint::new(alipay().public_key(), MemoryStore::default())
}

fn signed_at(signer: &Signer, body: &[u8], time: SystemTime) -> HeaderMap {
    signer
        .request_at(
            Method::POST,
            PATH,
            Bytes::copy_from_slice(body),
            &SignedTime::from_system_time(time),
        )
        .unwrap()
        .headers()
        .clone()
}

async fn deliver(
    e: &Endpoint<MemoryStore>,
    headers: &HeaderMap,
    body: &[u8],
) -> alipay_webhook::Answer {
    e.handle(&Method::POST, PATH, headers, Bytes::copy_from_slice(body))
        .await
}

fn decided(answer: &alipay_webhook::Answer) -> (String, String, Decision) {
    match &answer.handled {
        Handled::Recorded { key, decision } => (key.api.clone(), key.request_id.clone(), *decision),
        other => panic!("not recorded: {other:?}"),
    }
}

#[tokio::test]
async fn decided_by_status_and_notify_type_never_by_the_code() {
    let cases: [(&[u8], &str, &str, Decision); 4] = [
        (
            CAPTURE_FAILED,
            "notifyCapture",
            "Merchant_Request_ID_XXXXXX",
            Decision::Act(Final::Failed),
        ),
        // PAYMENT_PENDING with S ("being processed") is pending.
        (
            PAYMENT_PENDING,
            "notifyPayment",
            "20200303074500020000036648",
            Decision::RecordPending,
        ),
        // A code the table does not know: its resultStatus F decides.
        (
            UNKNOWN_CODE,
            "notifyPayment",
            "20200303074500020000036648",
            Decision::Act(Final::Failed),
        ),
        // resultCode SUCCESS (an S code) with resultStatus U: a notice, not a
        // refusal; the status decides, so it is pending (and acknowledged).
        (
            STATUS_U_CODE_SUCCESS,
            "notifyPayment",
            "20200303074500020000036648",
            Decision::RecordPending,
        ),
    ];
    for (body, api, request_id, decision) in cases {
        let e = endpoint(); // a fresh store each: the decision on nothing recorded
        let a = deliver(&e, &signed_at(alipay(), body, SystemTime::now()), body).await;
        assert_eq!(a.status, 200);
        assert_eq!(&a.body[..], ACK);
        assert_eq!(decided(&a), (api.into(), request_id.into(), decision));
    }
}

#[tokio::test]
async fn forged_tampered_reserialized_and_too_old_are_refused_and_record_nothing() {
    let e = endpoint();
    let refused = |a: &alipay_webhook::Answer, status: u16| {
        assert_eq!(a.status, status, "{:?}", a.handled);
        assert!(matches!(a.handled, Handled::Refused(_)), "{:?}", a.handled);
    };
    // Forged: a stranger's key.
    let stranger = Signer::new(CLIENT, key());
    refused(
        &deliver(
            &e,
            &signed_at(&stranger, PAYMENT_OK, SystemTime::now()),
            PAYMENT_OK,
        )
        .await,
        401,
    );
    // Tampered body: one byte changed after signing.
    let h = signed_at(alipay(), PAYMENT_OK, SystemTime::now());
    let mut tampered = PAYMENT_OK.to_vec();
    let at = tampered.iter().position(|b| *b == b'S').unwrap();
    tampered[at] = b'F';
    refused(&deliver(&e, &h, &tampered).await, 401);
    // Tampered header: another client id (no Client-Id configured here, so
    // it is the signature that refuses it).
    let mut h2 = h.clone();
    h2.insert("client-id", "SANDBOX_5X00000000000001".parse().unwrap());
    refused(&deliver(&e, &h2, PAYMENT_OK).await, 401);
    // Re-serialized: the same JSON, other bytes.
    let v: serde_json::Value = serde_json::from_slice(PAYMENT_OK).unwrap();
    refused(
        &deliver(&e, &h, &serde_json::to_vec(&v).unwrap()).await,
        401,
    );
    // Older than a narrowed window (the default accepts Alipay's whole schedule).
    let narrow = endpoint().window(Some(Duration::from_secs(300)));
    let old = signed_at(
        alipay(),
        PAYMENT_OK,
        SystemTime::now() - Duration::from_secs(3600),
    );
    let a = deliver(&narrow, &old, PAYMENT_OK).await;
    refused(&a, 401);
    assert!(matches!(a.handled, Handled::Refused(Refusal::Signature(_))));
    assert!(e.store().acted().await.unwrap().is_empty());
    assert!(e.store().dead_letters().await.unwrap().is_empty());
    assert!(narrow.store().acted().await.unwrap().is_empty());
    // The same hour-old signature, default window: acknowledged, acted on once.
    let a = deliver(&e, &old, PAYMENT_OK).await;
    assert_eq!(a.status, 200);
    assert_eq!(e.store().acted().await.unwrap().len(), 1);
}

#[tokio::test]
async fn malformed_headers_are_refused_and_unreadable_bodies_are_dead_letters() {
    let e = endpoint();
    // No signature at all.
    let mut h = HeaderMap::new();
    h.insert("client-id", CLIENT.parse().unwrap());
    assert_eq!(deliver(&e, &h, PAYMENT_OK).await.status, 400);
    // A garbled Signature header, an algorithm nobody supports.
    for garbled in [
        "algorithm=RSA256,signature=%%%",
        "algorithm=ECC224,signature=AAAA",
    ] {
        let mut h = signed_at(alipay(), PAYMENT_OK, SystemTime::now());
        h.insert("signature", garbled.parse().unwrap());
        assert_eq!(deliver(&e, &h, PAYMENT_OK).await.status, 400, "{garbled}");
    }
    // Signed, but not JSON, of an unknown notifyType, or empty: each a dead
    // letter with its raw body, answered so that Alipay resends.
    let bodies: [&[u8]; 3] = [b"{not json", br#"{"notifyType":"REFUND_RESULT"}"#, b""];
    for body in bodies {
        let a = deliver(&e, &signed_at(alipay(), body, SystemTime::now()), body).await;
        assert_eq!(a.status, 422);
        assert!(matches!(a.handled, Handled::DeadLetter(_)));
    }
    let dead = e.store().dead_letters().await.unwrap();
    let raw: Vec<&[u8]> = dead.iter().map(|d| &d.body[..]).collect();
    assert_eq!(raw, bodies.to_vec());
    assert!(e.store().acted().await.unwrap().is_empty());
}
