//! A merchant's notification endpoint, durable and hardened:
//!
//! ```text
//! merchant-webhook --listen 127.0.0.1:8080 --public-key alipay_public.pem \
//!     --database sqlite:notifications.db [--client-id ID] [--max-connections N]
//! merchant-webhook list --database sqlite:notifications.db
//! ```
//!
//! `--database` is `sqlite:PATH` (a file, created on first use) or
//! `postgres://...` (several instances may share it). Serves
//! `POST /alipay/notify` (alipay-webhook: verify, decide, record, then
//! acknowledge) until Ctrl-C. The merchant's action, run once per final
//! result in the store's transaction, writes a row to `merchant_actions`;
//! `list` prints those rows, one line per final result acted on:
//! `<api> <requestId> <succeeded|failed>`.
//!
//! Hardening: a header read timeout (`--header-timeout`, 10 s), the body read with a 64 KiB limit
//! and a 10 s timeout after the headers are checked, an early 413 (and no
//! `100 Continue`) for a declared length over the limit, and at most
//! `--max-connections` (256) connections served at once (more wait in the
//! listen backlog). Exit status 2 on unusable arguments.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use alipay_models::signature::PublicKey;
use alipay_webhook::axum::{Limits, router};
use alipay_webhook::postgres::PostgresStore;
use alipay_webhook::sqlite::SqliteStore;
use alipay_webhook::{ActionError, Endpoint, Store};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;

/// Where Alipay posts notifications (configured in Alipay's console).
const NOTIFY_PATH: &str = "/alipay/notify";
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

const USAGE: &str = "usage: merchant-webhook --listen ADDR --public-key FILE --database (sqlite:PATH|postgres://...) [--client-id ID] [--max-connections N] [--header-timeout SECS]\n       merchant-webhook list --database (sqlite:PATH|postgres://...)";

#[derive(Debug, Default)]
struct Args {
    list: bool,
    listen: Option<String>,
    public_key: Option<String>,
    database: Option<String>,
    client_id: Option<String>,
    max_connections: Option<usize>,
    header_timeout: Option<Duration>,
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut a = Args::default();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "list" => a.list = true,
            "--listen" => a.listen = Some(value("--listen")?),
            "--public-key" => a.public_key = Some(value("--public-key")?),
            "--database" => a.database = Some(value("--database")?),
            "--client-id" => a.client_id = Some(value("--client-id")?),
            "--max-connections" => {
                let v = value("--max-connections")?;
                a.max_connections = Some(
                    v.parse()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or(format!("--max-connections `{v}` is not a positive number"))?,
                );
            }
            "--header-timeout" => {
                let v = value("--header-timeout")?;
                a.header_timeout = Some(Duration::from_secs_f64(
                    v.parse::<f64>()
                        .ok()
                        .filter(|s| s.is_finite() && *s > 0.0 && *s < 3600.0)
                        .ok_or(format!("--header-timeout `{v}` is not a number of seconds"))?,
                ));
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(a)
}

const SQLITE_ACTIONS: &str = "CREATE TABLE IF NOT EXISTS merchant_actions (api TEXT NOT NULL, request_id TEXT NOT NULL, result TEXT NOT NULL, at_ms INTEGER NOT NULL)";
const POSTGRES_ACTIONS: &str = "CREATE TABLE IF NOT EXISTS merchant_actions (id BIGSERIAL PRIMARY KEY, api TEXT NOT NULL, request_id TEXT NOT NULL, result TEXT NOT NULL)";

enum Database {
    Sqlite(String),
    Postgres(String),
}

fn database(url: &str) -> Result<Database, String> {
    if let Some(path) = url.strip_prefix("sqlite:") {
        if path.is_empty() {
            return Err("sqlite: needs a file path (sqlite:notifications.db)".into());
        }
        Ok(Database::Sqlite(path.to_string()))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Database::Postgres(url.to_string()))
    } else {
        Err(format!(
            "--database `{url}`: expected sqlite:PATH or postgres://..."
        ))
    }
}

fn open_sqlite(path: &str) -> Result<SqliteStore, String> {
    let store = SqliteStore::open(path, |tx, n| -> Result<(), ActionError> {
        // The merchant's business: here, a row saying what was done.
        tx.execute(
            "INSERT INTO merchant_actions (api, request_id, result, at_ms) VALUES (?1, ?2, ?3, strftime('%s','now') * 1000)",
            rusqlite::params![n.key.api, n.key.request_id, n.status.as_str()],
        )?;
        Ok(())
    })
    .map_err(|e| format!("{path}: {e}"))?;
    let conn = rusqlite::Connection::open(path).map_err(|e| format!("{path}: {e}"))?;
    conn.busy_timeout(Duration::from_secs(30))
        .and_then(|()| conn.execute_batch(SQLITE_ACTIONS))
        .map_err(|e| format!("{path}: {e}"))?;
    Ok(store)
}

async fn postgres_client(url: &str) -> Result<tokio_postgres::Client, String> {
    let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .map_err(|e| format!("postgres: {e}"))?;
    tokio::spawn(conn);
    Ok(client)
}

async fn open_postgres(url: &str) -> Result<PostgresStore, String> {
    let client = postgres_client(url).await?;
    client
        .batch_execute(&format!(
            "SELECT pg_advisory_lock(7301); {POSTGRES_ACTIONS}; SELECT pg_advisory_unlock(7301);"
        ))
        .await
        .map_err(|e| format!("postgres: {e}"))?;
    PostgresStore::connect(url, 8, |tx, n| {
        Box::pin(async move {
            tx.execute(
                "INSERT INTO merchant_actions (api, request_id, result) VALUES ($1, $2, $3)",
                &[&n.key.api, &n.key.request_id, &n.status.as_str()],
            )
            .await?;
            Ok(())
        })
    })
    .await
    .map_err(|e| format!("postgres: {e}"))
}

async fn list(db: Database) -> Result<Vec<String>, String> {
    let rows: Vec<(String, String, String)> = match db {
        Database::Sqlite(path) => {
            let conn = rusqlite::Connection::open(&path).map_err(|e| format!("{path}: {e}"))?;
            conn.execute_batch(SQLITE_ACTIONS)
                .map_err(|e| format!("{path}: {e}"))?;
            let mut st = conn
                .prepare("SELECT api, request_id, result FROM merchant_actions ORDER BY rowid")
                .map_err(|e| format!("{path}: {e}"))?;
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(|e| format!("{path}: {e}"))?
        }
        Database::Postgres(url) => {
            let client = postgres_client(&url).await?;
            client
                .batch_execute(POSTGRES_ACTIONS)
                .await
                .map_err(|e| format!("postgres: {e}"))?;
            client
                .query(
                    "SELECT api, request_id, result FROM merchant_actions ORDER BY id",
                    &[],
                )
                .await
                .map_err(|e| format!("postgres: {e}"))?
                .into_iter()
                .map(|r| (r.get(0), r.get(1), r.get(2)))
                .collect()
        }
    };
    Ok(rows
        .into_iter()
        .map(|(api, id, result)| format!("{api} {id} {result}"))
        .collect())
}

async fn serve<S: Store + 'static>(
    listener: tokio::net::TcpListener,
    endpoint: Endpoint<S>,
    max_connections: usize,
    header_timeout: Duration,
) {
    let app = router(Arc::new(endpoint), NOTIFY_PATH, Limits::default());
    let permits = Arc::new(tokio::sync::Semaphore::new(max_connections));
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    loop {
        // Past the limit, connections wait in the listen backlog.
        let permit = tokio::select! {
            _ = &mut stop => return,
            p = Arc::clone(&permits).acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => return,
            },
        };
        let stream = tokio::select! {
            _ = &mut stop => return,
            s = listener.accept() => match s {
                Ok((s, _)) => s,
                Err(e) => {
                    // Out of file descriptors and the like: back off, keep serving.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service);
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended");
            }
            drop(permit);
        });
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let Some(db_url) = args.database.as_deref() else {
        eprintln!("--database is required\n{USAGE}");
        return ExitCode::from(2);
    };
    let db = match database(db_url) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    if args.list {
        return match list(db).await {
            Ok(lines) => {
                for l in lines {
                    println!("{l}");
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        };
    }
    let (Some(listen), Some(key_file)) = (args.listen, args.public_key) else {
        eprintln!("--listen and --public-key are required\n{USAGE}");
        return ExitCode::from(2);
    };
    let key = match std::fs::read(&key_file)
        .map_err(|e| e.to_string())
        .and_then(|b| PublicKey::parse(&b).map_err(|e| e.to_string()))
    {
        Ok(k) => k,
        Err(e) => {
            eprintln!("{key_file}: {e}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(&listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{listen}: {e}");
            return ExitCode::from(2);
        }
    };
    let addr = listener
        .local_addr()
        .map_or(listen.clone(), |a| a.to_string());
    let max = args.max_connections.unwrap_or(256);
    macro_rules! run {
        ($store:expr) => {{
            let mut endpoint = Endpoint::new(key, $store);
            if let Some(id) = args.client_id {
                endpoint = endpoint.client_id(id);
            }
            eprintln!("listening on http://{addr}{NOTIFY_PATH}");
            serve(
                listener,
                endpoint,
                max,
                args.header_timeout.unwrap_or(HEADER_READ_TIMEOUT),
            )
            .await;
        }};
    }
    match db {
        Database::Sqlite(path) => match open_sqlite(&path) {
            Ok(s) => run!(s),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        },
        Database::Postgres(url) => match open_postgres(&url).await {
            Ok(s) => run!(s),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        },
    }
    ExitCode::SUCCESS
}
