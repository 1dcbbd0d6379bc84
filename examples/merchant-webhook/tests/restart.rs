//! The binary, killed with SIGKILL part way through 1,000 signed
//! notifications, restarted on the same SQLite file, sent everything again:
//! every final result is acted on exactly once (`list`), and nothing that was
//! acknowledged before the kill is missing.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use alipay_models::signature::{PrivateKey, Signer};
use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use base64::Engine as _;
use bytes::Bytes;
use serde_json::{Value, json};

const PAYMENT_OK: &[u8] = include_bytes!(
    "../../../tests/payloads/notifyPayment.request/valid/example-notify_payment.success.ams_java_sdk.json"
);
const PATH: &str = "/alipay/notify";
const N: usize = 1000;
const BIN: &str = env!("CARGO_BIN_EXE_merchant-webhook");

fn signer() -> Signer {
    let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
    let key = PrivateKey::parse(AsDer::<Pkcs8V1Der>::as_der(&kp).unwrap().as_ref()).unwrap();
    Signer::new("SANDBOX_5X00000000000000", key)
}

/// Starts the server; returns it and its base URL (read from its log).
fn start(key_file: &std::path::Path, db: &str) -> (Child, String) {
    let mut child = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--public-key"])
        .arg(key_file)
        .args(["--database", db])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    let base = loop {
        assert!(Instant::now() < deadline, "the server did not start");
        let line = lines.next().expect("server log ended").unwrap();
        if let Some(rest) = line.strip_prefix("listening on ") {
            break rest.trim_end_matches(PATH).to_string();
        }
    };
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, base)
}

fn payment(i: usize, status: &str) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(PAYMENT_OK).unwrap();
    v["paymentRequestId"] = json!(format!("k{i}"));
    v["result"]["resultStatus"] = json!(status);
    if status == "F" {
        v["result"]["resultCode"] = json!("USER_KYC_NOT_QUALIFIED");
    } else if status == "U" {
        v["result"]["resultCode"] = json!("PAYMENT_IN_PROCESS");
    }
    serde_json::to_vec(&v).unwrap()
}

fn final_status(i: usize) -> &'static str {
    if i % 4 == 0 { "F" } else { "S" }
}

/// Posts every notification of `order`, 16 at a time, until `stop_after`
/// acknowledgements (then returns at once); the indexes acknowledged.
async fn deliver(
    base: &str,
    signer: &Arc<Signer>,
    order: Vec<(usize, &'static str)>,
    stop_after: usize,
) -> HashSet<usize> {
    let client = reqwest::Client::new();
    let acked = Arc::new(std::sync::Mutex::new(HashSet::new()));
    let permits = Arc::new(tokio::sync::Semaphore::new(16));
    let mut tasks = Vec::new();
    for (i, status) in order {
        if acked.lock().unwrap().len() >= stop_after {
            break;
        }
        let permit = Arc::clone(&permits).acquire_owned().await.unwrap();
        let (client, signer, acked, url) = (
            client.clone(),
            Arc::clone(signer),
            Arc::clone(&acked),
            format!("{base}{PATH}"),
        );
        tasks.push(tokio::spawn(async move {
            let req = signer.post(PATH, Bytes::from(payment(i, status))).unwrap();
            let mut r = client
                .post(url)
                .body(req.body().clone())
                .timeout(Duration::from_secs(30));
            for (k, v) in req.headers() {
                r = r.header(k.as_str(), v.to_str().unwrap());
            }
            if let Ok(resp) = r.send().await
                && resp.status() == 200
                && status != "U"
            {
                acked.lock().unwrap().insert(i);
            }
            drop(permit);
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    Arc::try_unwrap(acked).unwrap().into_inner().unwrap()
}

fn all_notifications() -> Vec<(usize, &'static str)> {
    let mut order = Vec::new();
    for i in 0..N {
        if i % 5 == 0 {
            order.push((i, "U"));
        }
        order.push((i, final_status(i)));
    }
    order
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_part_way_then_resend_everything_acts_once_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let signer = Arc::new(signer());
    let key_file = dir.path().join("alipay_public.txt");
    std::fs::write(
        &key_file,
        base64::engine::general_purpose::STANDARD.encode(signer.public_key().der()),
    )
    .unwrap();
    let db = format!("sqlite:{}", dir.path().join("notifications.db").display());

    let (mut first, base) = start(&key_file, &db);
    let acked_before = deliver(&base, &signer, all_notifications(), 300).await;
    first.kill().unwrap(); // SIGKILL
    first.wait().unwrap();
    assert!(
        acked_before.len() >= 300 && acked_before.len() < N,
        "{}",
        acked_before.len()
    );

    let (mut second, base) = start(&key_file, &db);
    let acked_after = deliver(&base, &signer, all_notifications(), usize::MAX).await;
    second.kill().unwrap();
    second.wait().unwrap();
    assert_eq!(acked_after.len(), N, "every resend acknowledged");

    let out = Command::new(BIN)
        .args(["list", "--database", &db])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut seen: HashMap<String, Vec<String>> = HashMap::new();
    for line in text.lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        assert_eq!(parts.len(), 3, "{line}");
        assert_eq!(parts[0], "notifyPayment");
        seen.entry(parts[1].to_string())
            .or_default()
            .push(parts[2].to_string());
    }
    assert_eq!(text.lines().count(), N, "one line per final result");
    for i in 0..N {
        let want = if final_status(i) == "F" {
            "failed"
        } else {
            "succeeded"
        };
        assert_eq!(
            seen.get(&format!("k{i}")),
            Some(&vec![want.to_string()]),
            "k{i}"
        );
    }
    for i in &acked_before {
        assert!(
            seen.contains_key(&format!("k{i}")),
            "k{i} was acknowledged before the kill"
        );
    }
}
