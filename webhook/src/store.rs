//! The [`Store`] trait, what it records, and the in-memory store (for unit
//! tests only: it forgets everything when the process ends).

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;

use crate::state::{Decision, Final, Key, Recorded, Status, decide};

/// A verified notification, classified, ready to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// The idempotency key.
    pub key: Key,
    /// What it says.
    pub status: Status,
    /// The `notifyType` received.
    pub notify_type: String,
    /// The body, byte for byte as received (and as signed).
    pub body: Bytes,
    /// The signed `Request-Time`, as received.
    pub request_time: String,
}

/// A final result acted on, as [`Store::acted`] lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActedOn {
    /// The key.
    pub key: Key,
    /// The result acted on.
    pub result: Final,
    /// The `notifyType` of the notification acted on.
    pub notify_type: String,
    /// Its body, as received.
    pub body: Bytes,
}

/// A final result that contradicts the one acted on, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The key.
    pub key: Key,
    /// The result acted on.
    pub acted: Final,
    /// The contradicting result received.
    pub received: Final,
    /// The contradicting notification's body, as received.
    pub body: Bytes,
}

/// A verified notification that could not be parsed or classified: kept with
/// everything needed to look at it again (its signature included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLetter {
    /// Why it could not be classified.
    pub reason: String,
    /// The `notifyType`, when one was read.
    pub notify_type: Option<String>,
    /// `Client-Id`.
    pub client_id: Option<String>,
    /// `Request-Time`.
    pub request_time: Option<String>,
    /// `Signature`, in full (stored, never logged).
    pub signature: Option<String>,
    /// The body, as received.
    pub body: Bytes,
}

/// The merchant's action refused the result: nothing is recorded, the
/// notification is answered so that Alipay sends it again.
pub type ActionError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a store did not record.
#[derive(Debug)]
pub enum StoreError {
    /// The database failed (connection, disk, lock timeout, ...).
    Backend(String),
    /// The merchant's action returned an error; the transaction was rolled back.
    Action(ActionError),
    /// The database holds a value this crate does not write.
    Corrupt(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Backend(e) => write!(f, "store: {e}"),
            StoreError::Action(e) => write!(f, "the action failed (rolled back): {e}"),
            StoreError::Corrupt(e) => write!(f, "store holds an unexpected value: {e}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// Where notifications are recorded. `record` applies [`decide`] in one
/// transaction with the merchant's action: the action runs exactly when the
/// decision is [`Decision::Act`], and if it fails nothing is recorded.
/// Implementations must be safe against concurrent duplicates, in one
/// process and across processes sharing the database.
pub trait Store: Send + Sync {
    /// Records a classified notification and returns the decision committed.
    fn record(
        &self,
        incoming: Incoming,
    ) -> impl Future<Output = Result<Decision, StoreError>> + Send;

    /// Records a dead letter.
    fn dead_letter(
        &self,
        letter: DeadLetter,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Every final result acted on, oldest first.
    fn acted(&self) -> impl Future<Output = Result<Vec<ActedOn>, StoreError>> + Send;

    /// Every conflict recorded, oldest first.
    fn conflicts(&self) -> impl Future<Output = Result<Vec<Conflict>, StoreError>> + Send;

    /// Every dead letter, oldest first.
    fn dead_letters(&self) -> impl Future<Output = Result<Vec<DeadLetter>, StoreError>> + Send;
}

/// Milliseconds since the Unix epoch, for the stores' timestamps.
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

type MemoryAction = Box<dyn Fn(&Incoming) -> Result<(), ActionError> + Send + Sync>;

#[derive(Default)]
struct Memory {
    keys: HashMap<Key, Recorded>,
    acted: Vec<ActedOn>,
    conflicts: Vec<Conflict>,
    dead: Vec<DeadLetter>,
}

/// In memory, for unit tests only: a restart forgets what was handled, so a
/// resent notification would be acted on twice.
pub struct MemoryStore {
    inner: Mutex<Memory>,
    action: MemoryAction,
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MemoryStore")
    }
}

impl Default for MemoryStore {
    fn default() -> Self {
        MemoryStore::new(|_| Ok(()))
    }
}

impl MemoryStore {
    /// A store whose `action` is called once per final result, under the
    /// store's lock (an error leaves nothing recorded).
    pub fn new(
        action: impl Fn(&Incoming) -> Result<(), ActionError> + Send + Sync + 'static,
    ) -> Self {
        MemoryStore {
            inner: Mutex::new(Memory::default()),
            action: Box::new(action),
        }
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Memory>, StoreError> {
        self.inner
            .lock()
            .map_err(|_| StoreError::Backend("memory store lock poisoned".into()))
    }

    fn record_now(&self, incoming: Incoming) -> Result<Decision, StoreError> {
        let mut m = self.lock()?;
        let recorded = m
            .keys
            .get(&incoming.key)
            .copied()
            .unwrap_or(Recorded::Nothing);
        let decision = decide(recorded, incoming.status);
        match decision {
            Decision::Act(result) => {
                (self.action)(&incoming).map_err(StoreError::Action)?;
                m.acted.push(ActedOn {
                    key: incoming.key.clone(),
                    result,
                    notify_type: incoming.notify_type.clone(),
                    body: incoming.body.clone(),
                });
            }
            Decision::Conflict { acted, received } => m.conflicts.push(Conflict {
                key: incoming.key.clone(),
                acted,
                received,
                body: incoming.body.clone(),
            }),
            _ => {}
        }
        m.keys.insert(incoming.key, decision.next());
        Ok(decision)
    }
}

impl Store for MemoryStore {
    async fn record(&self, incoming: Incoming) -> Result<Decision, StoreError> {
        self.record_now(incoming)
    }

    async fn dead_letter(&self, letter: DeadLetter) -> Result<(), StoreError> {
        self.lock()?.dead.push(letter);
        Ok(())
    }

    async fn acted(&self) -> Result<Vec<ActedOn>, StoreError> {
        Ok(self.lock()?.acted.clone())
    }

    async fn conflicts(&self) -> Result<Vec<Conflict>, StoreError> {
        Ok(self.lock()?.conflicts.clone())
    }

    async fn dead_letters(&self) -> Result<Vec<DeadLetter>, StoreError> {
        Ok(self.lock()?.dead.clone())
    }
}
