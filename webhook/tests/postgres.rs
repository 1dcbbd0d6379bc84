//! The PostgreSQL store against a real server (`tools/ci-postgres.sh` starts
//! one and sets DATABASE_URL). Without DATABASE_URL the tests say so and skip.

mod common;

use std::sync::{Arc, Mutex};

use alipay_webhook::postgres::PostgresStore;
use alipay_webhook::{Decision, Final, Status, Store};
use common::{ActionLog, incoming, log};

const URL: &str = "DATABASE_URL";

fn url() -> Option<String> {
    match std::env::var(URL) {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            eprintln!(
                "SKIPPED: {URL} is not set (tools/ci-postgres.sh starts a server and sets it)"
            );
            None
        }
    }
}

/// The merchant's action: a row in its own table (`fulfilled`), in the
/// store's transaction, and the in-memory log.
async fn store(url: &str, log: &ActionLog, fail_next: &Arc<Mutex<bool>>) -> PostgresStore {
    let (log, fail) = (Arc::clone(log), Arc::clone(fail_next));
    PostgresStore::connect(url, 4, move |tx, n| {
        let (log, fail) = (Arc::clone(&log), Arc::clone(&fail));
        Box::pin(async move {
            tx.execute(
                "INSERT INTO fulfilled (api, request_id, status) VALUES ($1, $2, $3)",
                &[&n.key.api, &n.key.request_id, &n.status.as_str()],
            )
            .await?;
            if std::mem::take(&mut *fail.lock().unwrap()) {
                return Err("the merchant's check refused".into());
            }
            log.lock().unwrap().push((n.key.clone(), n.status));
            Ok(())
        })
    })
    .await
    .expect("connect")
}

async fn merchant_table(url: &str) {
    let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(conn);
    client
        .batch_execute(
            "SELECT pg_advisory_lock(42); \
             CREATE TABLE IF NOT EXISTS fulfilled (api TEXT, request_id TEXT, status TEXT); \
             SELECT pg_advisory_unlock(42);",
        )
        .await
        .expect("merchant table");
}

async fn fulfilled(url: &str, prefix: &str) -> (i64, i64) {
    let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(conn);
    let row = client
        .query_one(
            "SELECT COUNT(*), COUNT(DISTINCT request_id) FROM fulfilled WHERE request_id LIKE $1",
            &[&format!("{prefix}%")],
        )
        .await
        .expect("count");
    (row.get(0), row.get(1))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_every_interleaving_and_duplicates() {
    let Some(url) = url() else { return };
    merchant_table(&url).await;
    let (log, fail) = (log(), Arc::new(Mutex::new(false)));
    let s = Arc::new(store(&url, &log, &fail).await);
    let run = common::run_id("pg");
    common::every_interleaving(&*s, &log, &run).await;
    common::concurrent_duplicates(Arc::clone(&s), &log, &run).await;
    common::failed_action_rolls_back(&*s, &fail, &log, &run).await;
    common::dead_letters_round_trip(&*s, &run).await;
    // The merchant's rows committed with the records, and only with them.
    let (rows, _) = fulfilled(&url, &run).await;
    assert_eq!(rows as usize, log.lock().unwrap().len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_remembers_across_connections() {
    let Some(url) = url() else { return };
    merchant_table(&url).await;
    let (log, fail) = (log(), Arc::new(Mutex::new(false)));
    let rid = common::run_id("pg-restart");
    {
        let s = store(&url, &log, &fail).await;
        let d = s
            .record(incoming("notifyTest", &rid, Status::Failed))
            .await
            .unwrap();
        assert_eq!(d, Decision::Act(Final::Failed));
    }
    let s = store(&url, &log, &fail).await;
    let d = s
        .record(incoming("notifyTest", &rid, Status::Failed))
        .await
        .unwrap();
    assert_eq!(d, Decision::Duplicate(Final::Failed));
    let d = s
        .record(incoming("notifyTest", &rid, Status::Succeeded))
        .await
        .unwrap();
    assert_eq!(
        d,
        Decision::Conflict {
            acted: Final::Failed,
            received: Final::Succeeded
        }
    );
    assert_eq!(log.lock().unwrap().len(), 1);
}

const CHILD_RUN: &str = "ALIPAY_WEBHOOK_TEST_PG_RUN";
const CHILD_INDEX: &str = "ALIPAY_WEBHOOK_TEST_PG_INDEX";
const KEYS: usize = 100;

/// Run by `postgres_two_processes_share_one_database`: one "instance" delivering every key.
#[test]
#[ignore = "a child process of postgres_two_processes_share_one_database"]
fn postgres_child_delivers() {
    let url = std::env::var(URL).expect("run by the parent test");
    let run = std::env::var(CHILD_RUN).expect("run");
    let index: usize = std::env::var(CHILD_INDEX)
        .expect("index")
        .parse()
        .expect("index");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (log, fail) = (log(), Arc::new(Mutex::new(false)));
        let s = Arc::new(store(&url, &log, &fail).await);
        let mut tasks = Vec::new();
        for i in 0..KEYS {
            let k = (i * 7 + index * 31) % KEYS;
            let s = Arc::clone(&s);
            let rid = format!("{run}-k{k}");
            tasks.push(tokio::spawn(async move {
                s.record(incoming("notifyTest", &rid, Status::Pending))
                    .await
                    .unwrap();
                s.record(incoming("notifyTest", &rid, Status::Succeeded))
                    .await
                    .unwrap();
                s.record(incoming("notifyTest", &rid, Status::Succeeded))
                    .await
                    .unwrap();
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_two_processes_share_one_database() {
    let Some(url) = url() else { return };
    merchant_table(&url).await;
    let run = common::run_id("pg-procs");
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..2)
        .map(|i| {
            std::process::Command::new(&exe)
                .args([
                    "--ignored",
                    "--exact",
                    "postgres_child_delivers",
                    "--test-threads=1",
                ])
                .env(URL, &url)
                .env(CHILD_RUN, &run)
                .env(CHILD_INDEX, i.to_string())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "child failed: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("1 passed"),
            "the child ran"
        );
    }
    assert_eq!(
        fulfilled(&url, &run).await,
        (KEYS as i64, KEYS as i64),
        "each key acted on once"
    );
}
