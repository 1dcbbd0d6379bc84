//! Receiving Alipay's notifications without losing any, and without acting
//! on any twice.
//!
//! The endpoint ([`Endpoint`], with the `axum` feature [`axum::router`]) does,
//! in order: check the headers (`Client-Id` against the configured value
//! first, before the body is read), verify the signature on the raw bytes,
//! parse, classify, record durably in a [`Store`] (running the merchant's
//! action in the same transaction), and only then acknowledge. It never
//! answers 200 unless the notification is committed.
//!
//! # The whole endpoint
//!
//! ```no_run
//! # #[cfg(all(feature = "axum", feature = "sqlite"))]
//! # async fn endpoint() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use alipay_models::signature::PublicKey;
//! use alipay_webhook::{Endpoint, axum::{Limits, router}, sqlite::SqliteStore};
//!
//! // Called once per final result, inside the transaction that records it.
//! let store = SqliteStore::open("notifications.db", |tx, n| {
//!     tx.execute(
//!         "UPDATE orders SET state = ?1 WHERE payment_request_id = ?2",
//!         (n.status.as_str(), &n.key.request_id),
//!     )?;
//!     Ok(())
//! })?;
//! let key = PublicKey::parse(&std::fs::read("alipay_public.pem")?)?;
//! let endpoint = Endpoint::new(key, store).client_id("SANDBOX_5X00000000000000");
//! let app = router(Arc::new(endpoint), "/alipay/notify", Limits::default());
//! let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
//! axum::serve(listener, app).await?;
//! # Ok(())
//! # }
//! ```
//!
//! The example binary (`examples/merchant-webhook`) adds a header read
//! timeout and a connection limit around it (hyper's server builder).
//!
//! # Idempotency
//!
//! The key is the API (its name in the documents, `notifyPayment`) and the
//! request id the notification reports on (`paymentRequestId`,
//! `captureRequestId`): not the notifyType, not the status. A store keeps per
//! key what it has recorded (nothing, pending, or the final result acted on);
//! [`decide`] gives the transition, applied inside one transaction:
//!
//! | recorded \ received | pending (U, or a pending notifyType) | succeeded (S) | failed (F) |
//! | --- | --- | --- | --- |
//! | nothing | `RecordPending`: record, no action | `Act`: record, **action runs** | `Act`: record, **action runs** |
//! | pending | `PendingAgain`: nothing | `Act`: record, **action runs** | `Act`: record, **action runs** |
//! | succeeded | `PendingAfterFinal`: ignored | `Duplicate`: nothing | `Conflict`: recorded, logged at error, returned, never acted on |
//! | failed | `PendingAfterFinal`: ignored | `Conflict`: recorded, logged at error, returned, never acted on | `Duplicate`: nothing |
//!
//! Every decision is acknowledged (HTTP 200 with the acknowledgement) once it
//! is committed, since a resend would change nothing. So:
//!
//! - a pending result never blocks the final one;
//! - a final result is acted on exactly once (the action and the record commit
//!   together: a crash between them cannot act twice or lose the result; an
//!   action that fails rolls the record back and the answer asks for a resend);
//! - a pending result after the final one is ignored;
//! - a second, different final result (F after S) is recorded as a
//!   [`Conflict`] and surfaced ([`Decision::Conflict`], an error log,
//!   [`Store::conflicts`]), never acted on.
//!
//! A verified notification that cannot be parsed or classified (an unknown
//! notifyType, no request id, a status that says nothing) is recorded as a
//! [`DeadLetter`] with its raw body, signature headers and reason, logged,
//! and answered with the "send it again" body (HTTP 422), so Alipay keeps it
//! alive while a person looks. A refused request (headers, signature, window,
//! Client-Id) records nothing and is answered 400/401/403 with the same body.
//! A store that does not commit is answered 503 with it.
//!
//! # Stores
//!
//! - [`sqlite::SqliteStore`] (feature `sqlite`, the default): a file, created
//!   on first use, WAL mode, `BEGIN IMMEDIATE` per record: safe across
//!   processes sharing the file.
//! - [`postgres::PostgresStore`] (feature `postgres`): several instances
//!   behind a load balancer; the key's row is created with `ON CONFLICT DO
//!   NOTHING` and locked with `SELECT .. FOR UPDATE`.
//! - [`MemoryStore`]: unit tests only.
//!
//! The merchant's action receives the store's open transaction (a
//! `rusqlite::Transaction`, a `tokio_postgres::Transaction`) so that what it
//! writes commits with the record.
//!
//! # Resends and the signature window
//!
//! Alipay resends a notification until it is acknowledged, on the schedule
//! in the spec's `retry:` (notifyPayment: 0 s, 2 m, 10 m, 10 m, 1 h, 2 h, 6 h,
//! 15 h). No Alipay document we have says whether a resend is signed afresh
//! (with a new `Request-Time`) or carries the first send's signature: "Sign a
//! request and verify the signature" (<https://docs.antom.com/ac/ams/digital_signature>)
//! gives the signed content (`<Method> <URI>\n<Client-Id>.<Request-Time>.<Body>`)
//! and no validity period; the notification pages
//! (<https://global.alipay.com/docs/ac/apo/notifications>,
//! <https://docs.antom.com/ac/autodebitpay/notify_payment>) and the older
//! AlipayHK page (<https://docs.antom.com/ac/openapi/notification>: "until over
//! 24 hours 22 minutes ... 2m, 10m, 10m, 1h, 2h, 6h, 15h") give the schedule
//! but say nothing of how a resend is signed. So the
//! default window ([`retry_window`]) accepts the whole schedule, read from
//! the generated catalog (`alipay_models::catalog::RETRIES`), plus 5 minutes
//! of clock skew. This is safe because replaying a recorded notification
//! changes nothing (the state machine above). [`Endpoint::window`] narrows it
//! (refusing replays sooner, at the risk of refusing Alipay's own late
//! resends) or removes it.
//!
//! # Logs
//!
//! With `tracing`: every refusal with its reason (warn), every rule broken
//! (warn) and notice (info), every decision (info; conflicts at error), every
//! dead letter and every failure to record (error). Never a key, never a full
//! signature (its first 8 characters at most).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod endpoint;
pub mod set;
pub mod state;
pub mod store;

#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "postgres")]
pub mod postgres;
#[cfg(feature = "sqlite")]
pub mod sqlite;

pub use endpoint::{Answer, Endpoint, Handled, Refusal, retry_window};
pub use set::{NotificationSet, RetrySchedule};
pub use state::{Decision, Final, Key, Recorded, Status, decide};
pub use store::{
    ActedOn, ActionError, Conflict, DeadLetter, Incoming, MemoryStore, Store, StoreError,
};
