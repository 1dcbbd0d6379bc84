//! SQLite, the embedded default (cargo feature `sqlite`): a file, created on
//! first use, in WAL mode. Each record is one `BEGIN IMMEDIATE` transaction
//! (the write lock is taken before the key is read), so concurrent duplicates
//! are serialized in one process and across processes sharing the file; the
//! merchant's action runs inside it, on the same connection.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::state::{Decision, Final, Key, Recorded, decide, recorded_from_str};
use crate::store::{
    ActedOn, ActionError, Conflict, DeadLetter, Incoming, Store, StoreError, now_ms,
};

/// The merchant's action: called once per final result with the open
/// transaction (write its own tables through it: they commit together).
pub type SqliteAction =
    dyn Fn(&rusqlite::Transaction<'_>, &Incoming) -> Result<(), ActionError> + Send + Sync;

/// The tables (created if missing).
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS alipay_notifications (
    api TEXT NOT NULL,
    request_id TEXT NOT NULL,
    status TEXT NOT NULL,
    notify_type TEXT NOT NULL,
    body BLOB NOT NULL,
    first_received_ms INTEGER NOT NULL,
    decided_ms INTEGER NOT NULL,
    PRIMARY KEY (api, request_id)
);
CREATE TABLE IF NOT EXISTS alipay_conflicts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    api TEXT NOT NULL,
    request_id TEXT NOT NULL,
    acted TEXT NOT NULL,
    received TEXT NOT NULL,
    body BLOB NOT NULL,
    received_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS alipay_dead_letters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reason TEXT NOT NULL,
    notify_type TEXT,
    client_id TEXT,
    request_time TEXT,
    signature TEXT,
    body BLOB NOT NULL,
    received_ms INTEGER NOT NULL
);
";

struct Inner {
    path: PathBuf,
    conn: Mutex<Connection>,
    action: Box<SqliteAction>,
}

/// A store in one SQLite file. Cheap to clone (shared).
#[derive(Clone)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SqliteStore({})", self.inner.path.display())
    }
}

fn backend(e: impl fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// How long opening waits for other connections (the same as the busy
/// timeout of each statement).
const BUSY_WAIT: Duration = Duration::from_secs(30);

/// Opens the file, puts it in WAL mode and creates the tables, retrying the
/// whole (idempotent) setup while another connection holds a lock.
///
/// The busy timeout alone is not enough when several processes open a new
/// file at once: SQLite returns `SQLITE_BUSY` without waiting when waiting
/// could deadlock (a statement holding a read lock that needs the write
/// lock, as switching the journal mode does), and a WAL read snapshot that
/// another connection has moved past cannot be upgraded to a write.
fn open_connection(path: &Path) -> Result<Connection, StoreError> {
    let deadline = std::time::Instant::now() + BUSY_WAIT;
    let mut pause = Duration::from_millis(1);
    loop {
        match setup(path) {
            Ok(conn) => return Ok(conn),
            Err(Setup::Sqlite(_, e)) if is_busy(&e) && std::time::Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            Err(Setup::Sqlite(step, e)) => {
                return Err(StoreError::Backend(format!(
                    "{}: {step}: {e}",
                    path.display()
                )));
            }
            Err(Setup::NotWal(mode)) => {
                return Err(StoreError::Backend(format!(
                    "{} cannot be put in WAL mode (journal_mode is {mode})",
                    path.display()
                )));
            }
        }
    }
}

enum Setup {
    Sqlite(&'static str, rusqlite::Error),
    NotWal(String),
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn setup(path: &Path) -> Result<Connection, Setup> {
    let at = |step: &'static str| move |e| Setup::Sqlite(step, e);
    let mut conn = Connection::open(path).map_err(at("opening"))?;
    conn.busy_timeout(BUSY_WAIT)
        .map_err(at("setting the busy timeout"))?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(at("switching to WAL mode"))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Setup::NotWal(mode));
    }
    // WAL with synchronous=FULL: a committed record survives power loss.
    conn.execute_batch("PRAGMA synchronous = FULL;")
        .map_err(at("setting synchronous = FULL"))?;
    // The write lock first, so that creating the tables never needs to
    // upgrade a read snapshot.
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(at("creating the tables"))?;
    tx.execute_batch(SCHEMA)
        .map_err(at("creating the tables"))?;
    tx.commit().map_err(at("creating the tables"))?;
    Ok(conn)
}

impl SqliteStore {
    /// Opens (creating it on first use) the database at `path`, in WAL mode,
    /// waiting up to 30 s for another process's write lock. `action` is
    /// called once per final result, inside the transaction that records it.
    pub fn open(
        path: impl AsRef<Path>,
        action: impl Fn(&rusqlite::Transaction<'_>, &Incoming) -> Result<(), ActionError>
        + Send
        + Sync
        + 'static,
    ) -> Result<SqliteStore, StoreError> {
        let path = path.as_ref().to_path_buf();
        let conn = open_connection(&path)?;
        Ok(SqliteStore {
            inner: Arc::new(Inner {
                path,
                conn: Mutex::new(conn),
                action: Box::new(action),
            }),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Inner) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || f(&inner))
            .await
            .map_err(backend)?
    }
}

impl Inner {
    fn conn(&self) -> Result<std::sync::MutexGuard<'_, Connection>, StoreError> {
        self.conn
            .lock()
            .map_err(|_| StoreError::Backend("sqlite connection lock poisoned".into()))
    }

    fn record(&self, n: &Incoming) -> Result<Decision, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(backend)?;
        let status: Option<String> = tx
            .query_row(
                "SELECT status FROM alipay_notifications WHERE api = ?1 AND request_id = ?2",
                params![n.key.api, n.key.request_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(backend)?;
        let recorded = match status {
            None => Recorded::Nothing,
            Some(s) => recorded_from_str(&s).ok_or(StoreError::Corrupt(s))?,
        };
        let decision = decide(recorded, n.status);
        let now = now_ms();
        match decision {
            Decision::RecordPending => {
                tx.execute(
                    "INSERT INTO alipay_notifications \
                     (api, request_id, status, notify_type, body, first_received_ms, decided_ms) \
                     VALUES (?1, ?2, 'pending', ?3, ?4, ?5, ?5)",
                    params![n.key.api, n.key.request_id, n.notify_type, &n.body[..], now],
                )
                .map_err(backend)?;
            }
            Decision::Act(result) => {
                tx.execute(
                    "INSERT INTO alipay_notifications \
                     (api, request_id, status, notify_type, body, first_received_ms, decided_ms) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) \
                     ON CONFLICT (api, request_id) DO UPDATE SET \
                     status = excluded.status, notify_type = excluded.notify_type, \
                     body = excluded.body, decided_ms = excluded.decided_ms",
                    params![
                        n.key.api,
                        n.key.request_id,
                        result.as_str(),
                        n.notify_type,
                        &n.body[..],
                        now
                    ],
                )
                .map_err(backend)?;
                (self.action)(&tx, n).map_err(StoreError::Action)?;
            }
            Decision::Conflict { acted, received } => {
                tx.execute(
                    "INSERT INTO alipay_conflicts (api, request_id, acted, received, body, received_ms) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        n.key.api,
                        n.key.request_id,
                        acted.as_str(),
                        received.as_str(),
                        &n.body[..],
                        now
                    ],
                )
                .map_err(backend)?;
            }
            Decision::PendingAgain | Decision::Duplicate(_) | Decision::PendingAfterFinal(_) => {}
        }
        tx.commit().map_err(backend)?;
        Ok(decision)
    }
}

fn final_of(s: String) -> Result<Final, StoreError> {
    match recorded_from_str(&s) {
        Some(Recorded::Final(f)) => Ok(f),
        _ => Err(StoreError::Corrupt(s)),
    }
}

impl Store for SqliteStore {
    async fn record(&self, incoming: Incoming) -> Result<Decision, StoreError> {
        self.blocking(move |inner| inner.record(&incoming)).await
    }

    async fn dead_letter(&self, d: DeadLetter) -> Result<(), StoreError> {
        self.blocking(move |inner| {
            inner
                .conn()?
                .execute(
                    "INSERT INTO alipay_dead_letters \
                     (reason, notify_type, client_id, request_time, signature, body, received_ms) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        d.reason,
                        d.notify_type,
                        d.client_id,
                        d.request_time,
                        d.signature,
                        &d.body[..],
                        now_ms()
                    ],
                )
                .map_err(backend)?;
            Ok(())
        })
        .await
    }

    async fn acted(&self) -> Result<Vec<ActedOn>, StoreError> {
        self.blocking(|inner| {
            let conn = inner.conn()?;
            let mut st = conn
                .prepare(
                    "SELECT api, request_id, status, notify_type, body FROM alipay_notifications \
                     WHERE status <> 'pending' ORDER BY decided_ms, api, request_id",
                )
                .map_err(backend)?;
            let rows = st
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, Vec<u8>>(4)?,
                    ))
                })
                .map_err(backend)?;
            let mut out = Vec::new();
            for row in rows {
                let (api, request_id, status, notify_type, body) = row.map_err(backend)?;
                out.push(ActedOn {
                    key: Key { api, request_id },
                    result: final_of(status)?,
                    notify_type,
                    body: Bytes::from(body),
                });
            }
            Ok(out)
        })
        .await
    }

    async fn conflicts(&self) -> Result<Vec<Conflict>, StoreError> {
        self.blocking(|inner| {
            let conn = inner.conn()?;
            let mut st = conn
                .prepare(
                    "SELECT api, request_id, acted, received, body FROM alipay_conflicts ORDER BY id",
                )
                .map_err(backend)?;
            let rows = st
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, Vec<u8>>(4)?,
                    ))
                })
                .map_err(backend)?;
            let mut out = Vec::new();
            for row in rows {
                let (api, request_id, acted, received, body) = row.map_err(backend)?;
                out.push(Conflict {
                    key: Key { api, request_id },
                    acted: final_of(acted)?,
                    received: final_of(received)?,
                    body: Bytes::from(body),
                });
            }
            Ok(out)
        })
        .await
    }

    async fn dead_letters(&self) -> Result<Vec<DeadLetter>, StoreError> {
        self.blocking(|inner| {
            let conn = inner.conn()?;
            let mut st = conn
                .prepare(
                    "SELECT reason, notify_type, client_id, request_time, signature, body \
                     FROM alipay_dead_letters ORDER BY id",
                )
                .map_err(backend)?;
            let rows = st
                .query_map([], |r| {
                    Ok(DeadLetter {
                        reason: r.get(0)?,
                        notify_type: r.get(1)?,
                        client_id: r.get(2)?,
                        request_time: r.get(3)?,
                        signature: r.get(4)?,
                        body: Bytes::from(r.get::<_, Vec<u8>>(5)?),
                    })
                })
                .map_err(backend)?;
            rows.collect::<Result<Vec<_>, _>>().map_err(backend)
        })
        .await
    }
}
