//! The README's "Receiving notifications" code, compiled and run over
//! loopback. The README block is copied between the `// README:` markers
//! below; `the_readme_code_is_this_code` fails when the README and this file
//! differ, so a change to either is caught.

use std::sync::OnceLock;
use std::time::SystemTime;

use alipay_models::signature::{PrivateKey, SignedTime, Signer};
use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use bytes::Bytes;
use serde_json::{Value, json};

// README: receiving
use alipay_models::signature::PublicKey;
use alipay_webhook::axum::{Limits, router};
use alipay_webhook::sqlite::SqliteStore;
use alipay_webhook::{ActionError, Endpoint};
use std::sync::Arc;

/// Alipay's public key (PEM, or the console's bare base64), your client id
/// and a database file: `POST /alipay/notify`, ready for `axum::serve`.
fn notification_endpoint(
    alipay_public_key: &[u8],
    client_id: &str,
    database: &std::path::Path,
) -> Result<axum::Router, Box<dyn std::error::Error>> {
    // Called once per final result (S or F), inside the transaction that
    // records it: both commit or neither does (and Alipay is asked to resend).
    let store = SqliteStore::open(database, |tx, n| -> Result<(), ActionError> {
        tx.execute(
            "INSERT INTO order_results (api, request_id, result) VALUES (?1, ?2, ?3)",
            (&n.key.api, &n.key.request_id, n.status.as_str()),
        )?;
        Ok(())
    })?;
    let key = PublicKey::parse(alipay_public_key)?;
    // Verifies, checks Client-Id, decides, records, and only then answers 200.
    let endpoint = Endpoint::new(key, store).client_id(client_id);
    let app = router(Arc::new(endpoint), "/alipay/notify", Limits::default());
    Ok(app)
}
// README: end

const PAYMENT_OK: &[u8] = include_bytes!(
    "../../tests/payloads/notifyPayment.request/valid/example-notify_payment.success.ams_java_sdk.json"
);
const CLIENT: &str = "SANDBOX_5X00000000000000";

fn alipay(client: &str) -> Signer {
    static KEY: OnceLock<Vec<u8>> = OnceLock::new();
    let der = KEY.get_or_init(|| {
        let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
        AsDer::<Pkcs8V1Der>::as_der(&kp).unwrap().as_ref().to_vec()
    });
    Signer::new(client, PrivateKey::parse(der).unwrap())
}

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

async fn post(base: &str, signer: &Signer, body: Vec<u8>) -> u16 {
    let req = signer
        .request_at(
            http::Method::POST,
            "/alipay/notify",
            Bytes::from(body),
            &SignedTime::from_system_time(SystemTime::now()),
        )
        .unwrap();
    let mut r = reqwest::Client::new()
        .post(format!("{base}/alipay/notify"))
        .body(req.body().clone());
    for (k, v) in req.headers() {
        r = r.header(k.as_str(), v.to_str().unwrap());
    }
    r.send().await.unwrap().status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_endpoint_acts_once_per_final_result() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    // The merchant's own table, in the same file; UNIQUE so that acting twice
    // would fail loudly.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "CREATE TABLE order_results (api TEXT, request_id TEXT, result TEXT, UNIQUE (api, request_id));",
        )
        .unwrap();
    let public_der = alipay(CLIENT).public_key().der().to_vec();
    let app = notification_endpoint(&public_der, CLIENT, &db).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let a = alipay(CLIENT);
    // Pending first, then the final result, then a resend, then a
    // contradicting F: every one acknowledged, one action.
    for body in [
        payment("r-1", "PAYMENT_PENDING", "S"),
        payment("r-1", "PAYMENT_RESULT", "S"),
        payment("r-1", "PAYMENT_RESULT", "S"),
        payment("r-1", "PAYMENT_RESULT", "F"),
        payment("r-1", "PAYMENT_PENDING", "S"),
        payment("r-2", "PAYMENT_RESULT", "F"),
    ] {
        assert_eq!(post(&base, &a, body).await, 200);
    }
    // Another client's notification (same key): refused, nothing recorded.
    assert_eq!(
        post(
            &base,
            &alipay("ANOTHER_CLIENT"),
            payment("r-3", "PAYMENT_RESULT", "S")
        )
        .await,
        403
    );
    let rows: Vec<(String, String, String)> = {
        let c = rusqlite::Connection::open(&db).unwrap();
        let mut st = c
            .prepare("SELECT api, request_id, result FROM order_results ORDER BY request_id")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let row = |id: &str, r: &str| ("notifyPayment".to_string(), id.to_string(), r.to_string());
    assert_eq!(rows, vec![row("r-1", "succeeded"), row("r-2", "failed")]);
}

/// The README's block is the marked block of this file.
#[test]
fn the_readme_code_is_this_code() {
    let readme = include_str!("../../README.md");
    let this = include_str!("readme.rs");
    let section = "## Receiving notifications";
    let start = readme.find(section).expect("README has the section");
    let rest = &readme[start..];
    let open = rest.find("```rust\n").expect("a rust block in the section") + "```rust\n".len();
    let close = rest[open..].find("```").expect("the block closes");
    let block = &rest[open..open + close];
    let begin =
        this.find("// README: receiving\n").expect("marker") + "// README: receiving\n".len();
    let end = this[begin..].find("// README: end").expect("end marker");
    let marked = &this[begin..begin + end];
    assert_eq!(
        block, marked,
        "README's receiving code and webhook/tests/readme.rs differ: copy one to the other"
    );
    assert!(
        block.lines().count() <= 30,
        "the whole endpoint in at most 30 lines: {}",
        block.lines().count()
    );
}
