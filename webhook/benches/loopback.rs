//! End to end over loopback: 1,000 signed notifications through the real
//! endpoint (axum router, `Endpoint`, a real store), against bare RSA-2048
//! verification of the same bodies measured in the same run.
//!
//! ```text
//! cargo bench -p alipay-webhook --features axum,sqlite,postgres --bench loopback
//! DATABASE_URL=postgres://... cargo bench ... (adds the PostgreSQL store)
//! tools/ci-postgres.sh bench   (starts a throwaway PostgreSQL, fsync on, and runs it)
//! ```
//!
//! A bench binary (no criterion: each figure is one pass of 1,000 distinct
//! notifications, since a resent one would be a cheaper duplicate). Per
//! store it prints notifications per second and p50/p99 latency with one
//! client (requests one after another) and with 16 concurrent clients, and
//! the cost of each stage measured alone on the same 1,000 bodies: bare
//! RSA verification, `Verifier::verify_parts` (headers, decoding, RSA, the
//! window), parsing and classifying (`NotificationSet`), and `Store::record`
//! (one transaction with the merchant's action: an INSERT into its own
//! table). The server and the client share the process and the machine's
//! cores: the end-to-end figures include the client's HTTP work.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use alipay_models::signature::{
    PrivateKey, REQUEST_TIME, SignedTime, Signer, Verifier, signed_content,
};
use alipay_webhook::axum::{Limits, router};
use alipay_webhook::sqlite::SqliteStore;
use alipay_webhook::{Endpoint, Incoming, Key, NotificationSet, Store};
use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use bytes::Bytes;
use serde_json::{Value, json};

const N: usize = 1_000;
const CONCURRENCY: usize = 16;
const CLIENT: &str = "SANDBOX_5X00000000000000";
const PATH: &str = "/alipay/notify";
const PAYMENT_OK: &[u8] = include_bytes!(
    "../../tests/payloads/notifyPayment.request/valid/example-notify_payment.success.ams_java_sdk.json"
);

/// One signed notification, as Alipay would post it.
struct Signed {
    body: Bytes,
    headers: http::HeaderMap,
    /// The signed content and the raw signature, for the bare verification.
    content: Vec<u8>,
    raw_signature: Vec<u8>,
}

fn notifications(signer: &Signer, key: &PrivateKey, run: &str) -> Vec<Signed> {
    let time = SignedTime::from_system_time(SystemTime::now());
    (0..N)
        .map(|i| {
            let mut v: Value = serde_json::from_slice(PAYMENT_OK).expect("corpus payload");
            v["paymentRequestId"] = json!(format!("{run}-{i:04}"));
            let body = Bytes::from(serde_json::to_vec(&v).expect("json"));
            let req = signer
                .request_at(http::Method::POST, PATH, body.clone(), &time)
                .expect("sign");
            let content = signed_content("POST", PATH, CLIENT, time.as_str(), &body);
            let raw_signature = key.sign(&content).expect("sign");
            Signed {
                body,
                headers: req.headers().clone(),
                content,
                raw_signature,
            }
        })
        .collect()
}

fn per_second(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64()
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

struct Run {
    rate: f64,
    p50: Duration,
    p99: Duration,
}

/// Posts every notification (`clients` at a time), each must be
/// acknowledged; the rate and latencies.
async fn post_all(base: &str, notes: &[Signed], clients: usize) -> Run {
    let http = reqwest::Client::new();
    let url = format!("{base}{PATH}");
    let chunk = notes.len().div_ceil(clients);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for part in notes.chunks(chunk) {
        let reqs: Vec<(Bytes, http::HeaderMap)> = part
            .iter()
            .map(|s| (s.body.clone(), s.headers.clone()))
            .collect();
        let (http, url) = (http.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(reqs.len());
            for (body, headers) in reqs {
                let t = Instant::now();
                let r = http
                    .post(&url)
                    .headers(headers)
                    .body(body)
                    .send()
                    .await
                    .expect("post");
                let status = r.status();
                let _ = r.bytes().await.expect("answer");
                assert_eq!(status, 200, "every notification is acknowledged");
                lat.push(t.elapsed());
            }
            lat
        }));
    }
    let mut lat = Vec::new();
    for t in tasks {
        lat.extend(t.await.expect("join"));
    }
    let total = start.elapsed();
    lat.sort();
    Run {
        rate: per_second(notes.len(), total),
        p50: percentile(&lat, 0.5),
        p99: percentile(&lat, 0.99),
    }
}

async fn serve<S: Store + 'static>(endpoint: Endpoint<S>) -> String {
    let app = router(Arc::new(endpoint), PATH, Limits::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    base
}

/// The stages alone, on the same bodies: verify, parse + classify, record.
async fn stages<S: Store>(verifier: &Verifier, notes: &[Signed], store: &S) -> [Duration; 3] {
    let now = SystemTime::now();
    let t = Instant::now();
    for s in notes {
        verifier
            .verify_parts(
                &http::Method::POST,
                PATH,
                &s.headers,
                REQUEST_TIME,
                &s.body,
                now,
            )
            .expect("verifies");
    }
    let verify = t.elapsed() / N as u32;
    let t = Instant::now();
    let mut incoming = Vec::with_capacity(N);
    for s in notes {
        type Set = alipay_models::Notification;
        let n = <Set as NotificationSet>::parse(&s.body).expect("parses");
        let key = Key {
            api: NotificationSet::api(&n).expect("known").to_string(),
            request_id: NotificationSet::request_id(&n).expect("request id"),
        };
        let status = NotificationSet::status(&n).expect("status");
        assert!(NotificationSet::violations(&n).is_empty());
        assert!(NotificationSet::ack(&n).is_some());
        incoming.push(Incoming {
            key,
            status,
            notify_type: NotificationSet::notify_type(&n).to_string(),
            body: s.body.clone(),
            request_time: "0".into(),
        });
    }
    let parse = t.elapsed() / N as u32;
    let t = Instant::now();
    for i in incoming {
        assert!(store.record(i).await.expect("recorded").acts());
    }
    let record = t.elapsed() / N as u32;
    [verify, parse, record]
}

struct Row {
    store: &'static str,
    clients: usize,
    run: Run,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing
    // else useful: run the full thing either way (it takes seconds).
    let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).expect("key");
    let der = AsDer::<Pkcs8V1Der>::as_der(&kp)
        .expect("der")
        .as_ref()
        .to_vec();
    let key = PrivateKey::parse(&der).expect("key");
    let signer = Signer::new(CLIENT, PrivateKey::parse(&der).expect("key"));
    let public = signer.public_key();
    let verifier = Verifier::new(public.clone());

    // Bare RSA-2048 verification of the same signed contents (key parsed once).
    let bare_key = aws_lc_rs::signature::ParsedPublicKey::new(
        &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
        public.der(),
    )
    .expect("public key");
    let probe = notifications(&signer, &key, "probe");
    let bare = |notes: &[Signed]| {
        let t = Instant::now();
        for s in notes {
            bare_key
                .verify_sig(&s.content, &s.raw_signature)
                .expect("bare verifies");
        }
        t.elapsed() / notes.len() as u32
    };
    let bare_before = bare(&probe);

    let dir = tempfile::tempdir().expect("tempdir");
    let mut rows = Vec::new();
    let mut stage_rows = Vec::new();

    // SQLite: a file, WAL, synchronous=FULL (an fsync per commit).
    for clients in [1, CONCURRENCY] {
        let db = dir.path().join(format!("bench-{clients}.db"));
        let action_db = db.clone();
        rusqlite::Connection::open(&action_db)
            .expect("db")
            .execute_batch("CREATE TABLE orders (api TEXT, request_id TEXT, result TEXT)")
            .expect("table");
        let store = SqliteStore::open(&db, |tx, n| {
            tx.execute(
                "INSERT INTO orders (api, request_id, result) VALUES (?1, ?2, ?3)",
                (&n.key.api, &n.key.request_id, n.status.as_str()),
            )?;
            Ok(())
        })
        .expect("sqlite");
        let base = serve(Endpoint::new(public.clone(), store.clone()).client_id(CLIENT)).await;
        let notes = notifications(&signer, &key, &format!("sqlite{clients}"));
        let run = post_all(&base, &notes, clients).await;
        rows.push(Row {
            store: "SQLite (file, WAL, synchronous=FULL)",
            clients,
            run,
        });
        if clients == 1 {
            let notes = notifications(&signer, &key, "sqlite-stages");
            stage_rows.push(("SQLite", stages(&verifier, &notes, &store).await));
        }
    }

    #[cfg(feature = "postgres")]
    match std::env::var("DATABASE_URL") {
        Ok(url) if !url.is_empty() => {
            use alipay_webhook::postgres::PostgresStore;
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .expect("connect");
            tokio::spawn(conn);
            client
                .batch_execute(
                    "DROP TABLE IF EXISTS bench_orders; \
                     CREATE TABLE bench_orders (api TEXT, request_id TEXT, result TEXT)",
                )
                .await
                .expect("table");
            let run_id = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .expect("clock")
                .as_millis();
            for clients in [1, CONCURRENCY] {
                let store = PostgresStore::connect(&url, 4, |tx, n| {
                    Box::pin(async move {
                        tx.execute(
                            "INSERT INTO bench_orders (api, request_id, result) VALUES ($1, $2, $3)",
                            &[&n.key.api, &n.key.request_id, &n.status.as_str()],
                        )
                        .await?;
                        Ok(())
                    })
                })
                .await
                .expect("postgres");
                let base =
                    serve(Endpoint::new(public.clone(), store.clone()).client_id(CLIENT)).await;
                let notes = notifications(&signer, &key, &format!("pg{run_id}-{clients}"));
                let run = post_all(&base, &notes, clients).await;
                rows.push(Row {
                    store: "PostgreSQL (loopback, 4 connections)",
                    clients,
                    run,
                });
                if clients == 1 {
                    let notes = notifications(&signer, &key, &format!("pg{run_id}-stages"));
                    stage_rows.push(("PostgreSQL", stages(&verifier, &notes, &store).await));
                }
            }
        }
        _ => eprintln!(
            "PostgreSQL: skipped (DATABASE_URL is not set; tools/ci-postgres.sh bench sets it)"
        ),
    }
    #[cfg(not(feature = "postgres"))]
    eprintln!("PostgreSQL: skipped (built without the `postgres` feature)");

    let bare_after = bare(&probe);
    let bare_us = us((bare_before + bare_after) / 2);
    let bare_rate = 1e6 / bare_us;
    println!(
        "bare RSA-2048 verify: {bare_us:.1} µs ({bare_rate:.0}/s; {:.1} µs before, {:.1} µs after the runs)",
        us(bare_before),
        us(bare_after)
    );
    println!();
    println!(
        "| store | clients | notifications/s | p50 | p99 | bare RSA verifications/s ÷ notifications/s |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for r in &rows {
        println!(
            "| {} | {} | {:.0} | {:.2} ms | {:.2} ms | {:.1} |",
            r.store,
            r.clients,
            r.run.rate,
            us(r.run.p50) / 1000.0,
            us(r.run.p99) / 1000.0,
            bare_rate / r.run.rate
        );
    }
    println!();
    println!(
        "| stage, alone, per notification (1 at a time) | {} |",
        stage_rows
            .iter()
            .map(|(s, _)| *s)
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("| --- |{}", " ---: |".repeat(stage_rows.len()));
    let names = [
        "verify (`Verifier::verify_parts`)",
        "parse + classify",
        "record (`Store::record`: one transaction, the action's INSERT, commit)",
    ];
    for (i, name) in names.iter().enumerate() {
        println!(
            "| {name} | {} |",
            stage_rows
                .iter()
                .map(|(_, d)| format!("{:.1} µs", us(d[i])))
                .collect::<Vec<_>>()
                .join(" | ")
        );
    }
    println!(
        "| bare RSA-2048 verify (same bodies) | {} |",
        stage_rows
            .iter()
            .map(|_| format!("{bare_us:.1} µs"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
}
