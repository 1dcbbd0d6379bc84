//! PostgreSQL, for several instances behind a load balancer (cargo feature
//! `postgres`, with tokio-postgres: no TLS, no macros, no pool crate).
//!
//! Each record is one transaction: `INSERT .. ON CONFLICT DO NOTHING` makes
//! the key's row exist (waiting for a concurrent inserter of the same key to
//! finish), `SELECT .. FOR UPDATE` locks it, then [`decide`] and the writes,
//! with the merchant's action running on the same transaction. Concurrent
//! duplicates, in one process or in several sharing the database, are
//! serialized on the row: the action runs once.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use tokio::sync::Mutex;
use tokio_postgres::{Client, NoTls};

use crate::state::{Decision, Final, Key, Recorded, decide, recorded_from_str};
use crate::store::{
    ActedOn, ActionError, Conflict, DeadLetter, Incoming, Store, StoreError, now_ms,
};

/// What the merchant's action returns.
pub type ActionFuture<'a> = Pin<Box<dyn Future<Output = Result<(), ActionError>> + Send + 'a>>;

/// The merchant's action: called once per final result with the open
/// transaction (write its own tables through it: they commit together).
/// Write it as `|tx, n| Box::pin(async move { tx.execute(..).await?; Ok(()) })`.
pub type PostgresAction = dyn for<'a> Fn(&'a tokio_postgres::Transaction<'a>, &'a Incoming) -> ActionFuture<'a>
    + Send
    + Sync;

/// The tables (created if missing, under an advisory lock so that instances
/// starting together do not race).
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS alipay_notifications (
    api TEXT NOT NULL,
    request_id TEXT NOT NULL,
    status TEXT NOT NULL,
    notify_type TEXT NOT NULL,
    body BYTEA NOT NULL,
    first_received_ms BIGINT NOT NULL,
    decided_ms BIGINT NOT NULL,
    PRIMARY KEY (api, request_id)
);
CREATE TABLE IF NOT EXISTS alipay_conflicts (
    id BIGSERIAL PRIMARY KEY,
    api TEXT NOT NULL,
    request_id TEXT NOT NULL,
    acted TEXT NOT NULL,
    received TEXT NOT NULL,
    body BYTEA NOT NULL,
    received_ms BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS alipay_dead_letters (
    id BIGSERIAL PRIMARY KEY,
    reason TEXT NOT NULL,
    notify_type TEXT,
    client_id TEXT,
    request_time TEXT,
    signature TEXT,
    body BYTEA NOT NULL,
    received_ms BIGINT NOT NULL
);
";

/// An arbitrary constant naming this crate's schema lock.
const SCHEMA_LOCK: i64 = 0x616c_6970_6179;

struct Inner {
    url: String,
    clients: Vec<Mutex<Client>>,
    next: AtomicUsize,
    action: Box<PostgresAction>,
}

/// A store in a PostgreSQL database, with a few connections of its own.
#[derive(Clone)]
pub struct PostgresStore {
    inner: Arc<Inner>,
}

impl fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostgresStore({} connections)", self.inner.clients.len())
    }
}

fn backend(e: impl fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

async fn connect(url: &str) -> Result<Client, StoreError> {
    let (client, connection) = tokio_postgres::connect(url, NoTls).await.map_err(backend)?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!(error = %e, "postgres connection ended");
        }
    });
    Ok(client)
}

impl PostgresStore {
    /// Connects `connections` times (at least once) to `url`
    /// (`postgres://user@host:port/db`, or key=value form), creates the tables
    /// if missing. `action` is called once per final result, inside the
    /// transaction that records it.
    pub async fn connect(
        url: &str,
        connections: usize,
        action: impl for<'a> Fn(&'a tokio_postgres::Transaction<'a>, &'a Incoming) -> ActionFuture<'a>
        + Send
        + Sync
        + 'static,
    ) -> Result<PostgresStore, StoreError> {
        let mut clients = Vec::new();
        for _ in 0..connections.max(1) {
            clients.push(Mutex::new(connect(url).await?));
        }
        {
            let mut first = clients[0].lock().await;
            let tx = first.transaction().await.map_err(backend)?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])
                .await
                .map_err(backend)?;
            tx.batch_execute(SCHEMA).await.map_err(backend)?;
            tx.commit().await.map_err(backend)?;
        }
        Ok(PostgresStore {
            inner: Arc::new(Inner {
                url: url.to_string(),
                clients,
                next: AtomicUsize::new(0),
                action: Box::new(action),
            }),
        })
    }

    /// One connection, reconnected if the server closed it.
    async fn client(&self) -> Result<tokio::sync::MutexGuard<'_, Client>, StoreError> {
        let i = self.inner.next.fetch_add(1, Ordering::Relaxed) % self.inner.clients.len();
        let mut guard = self.inner.clients[i].lock().await;
        if guard.is_closed() {
            *guard = connect(&self.inner.url).await?;
        }
        Ok(guard)
    }
}

fn final_of(s: String) -> Result<Final, StoreError> {
    match recorded_from_str(&s) {
        Some(Recorded::Final(f)) => Ok(f),
        _ => Err(StoreError::Corrupt(s)),
    }
}

impl Store for PostgresStore {
    async fn record(&self, n: Incoming) -> Result<Decision, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(backend)?;
        let now = now_ms();
        let body: &[u8] = &n.body;
        let inserted = tx
            .execute(
                "INSERT INTO alipay_notifications \
                 (api, request_id, status, notify_type, body, first_received_ms, decided_ms) \
                 VALUES ($1, $2, 'pending', $3, $4, $5, $5) ON CONFLICT (api, request_id) DO NOTHING",
                &[&n.key.api, &n.key.request_id, &n.notify_type, &body, &now],
            )
            .await
            .map_err(backend)?;
        let row = tx
            .query_one(
                "SELECT status FROM alipay_notifications WHERE api = $1 AND request_id = $2 FOR UPDATE",
                &[&n.key.api, &n.key.request_id],
            )
            .await
            .map_err(backend)?;
        let recorded = if inserted == 1 {
            Recorded::Nothing
        } else {
            let s: String = row.get(0);
            recorded_from_str(&s).ok_or(StoreError::Corrupt(s))?
        };
        let decision = decide(recorded, n.status);
        match decision {
            Decision::Act(result) => {
                tx.execute(
                    "UPDATE alipay_notifications SET status = $3, notify_type = $4, body = $5, \
                     decided_ms = $6 WHERE api = $1 AND request_id = $2",
                    &[
                        &n.key.api,
                        &n.key.request_id,
                        &result.as_str(),
                        &n.notify_type,
                        &body,
                        &now,
                    ],
                )
                .await
                .map_err(backend)?;
                (self.inner.action)(&tx, &n)
                    .await
                    .map_err(StoreError::Action)?;
            }
            Decision::Conflict { acted, received } => {
                tx.execute(
                    "INSERT INTO alipay_conflicts (api, request_id, acted, received, body, received_ms) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                    &[
                        &n.key.api,
                        &n.key.request_id,
                        &acted.as_str(),
                        &received.as_str(),
                        &body,
                        &now,
                    ],
                )
                .await
                .map_err(backend)?;
            }
            // RecordPending: the INSERT above wrote it.
            Decision::RecordPending
            | Decision::PendingAgain
            | Decision::Duplicate(_)
            | Decision::PendingAfterFinal(_) => {}
        }
        tx.commit().await.map_err(backend)?;
        Ok(decision)
    }

    async fn dead_letter(&self, d: DeadLetter) -> Result<(), StoreError> {
        let client = self.client().await?;
        let body: &[u8] = &d.body;
        client
            .execute(
                "INSERT INTO alipay_dead_letters \
                 (reason, notify_type, client_id, request_time, signature, body, received_ms) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    &d.reason,
                    &d.notify_type,
                    &d.client_id,
                    &d.request_time,
                    &d.signature,
                    &body,
                    &now_ms(),
                ],
            )
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn acted(&self) -> Result<Vec<ActedOn>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT api, request_id, status, notify_type, body FROM alipay_notifications \
                 WHERE status <> 'pending' ORDER BY decided_ms, api, request_id",
                &[],
            )
            .await
            .map_err(backend)?;
        rows.into_iter()
            .map(|r| {
                Ok(ActedOn {
                    key: Key {
                        api: r.get(0),
                        request_id: r.get(1),
                    },
                    result: final_of(r.get(2))?,
                    notify_type: r.get(3),
                    body: Bytes::from(r.get::<_, Vec<u8>>(4)),
                })
            })
            .collect()
    }

    async fn conflicts(&self) -> Result<Vec<Conflict>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT api, request_id, acted, received, body FROM alipay_conflicts ORDER BY id",
                &[],
            )
            .await
            .map_err(backend)?;
        rows.into_iter()
            .map(|r| {
                Ok(Conflict {
                    key: Key {
                        api: r.get(0),
                        request_id: r.get(1),
                    },
                    acted: final_of(r.get(2))?,
                    received: final_of(r.get(3))?,
                    body: Bytes::from(r.get::<_, Vec<u8>>(4)),
                })
            })
            .collect()
    }

    async fn dead_letters(&self) -> Result<Vec<DeadLetter>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT reason, notify_type, client_id, request_time, signature, body \
                 FROM alipay_dead_letters ORDER BY id",
                &[],
            )
            .await
            .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|r| DeadLetter {
                reason: r.get(0),
                notify_type: r.get(1),
                client_id: r.get(2),
                request_time: r.get(3),
                signature: r.get(4),
                body: Bytes::from(r.get::<_, Vec<u8>>(5)),
            })
            .collect())
    }
}
