//! A merchant's notification endpoint, as a merchant could copy it: an axum
//! server that verifies Alipay's signature on the raw body, decides what the
//! notification means, records it once (Alipay sends the same notification up
//! to 8 times in 24 hours) and answers. The models and the signature code are
//! generated at build time from the specs bundled in alipay-codegen (see
//! build.rs).
//!
//! - [`decide`] is the business decision, in one function.
//! - [`Store`] is what has been handled, behind a small trait ([`MemoryStore`] here;
//!   a database table with a unique key in production).
//! - [`router`] is the HTTP endpoint: `POST /alipay/notify`.

#![forbid(unsafe_code)]
#![allow(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/alipay_models.rs"));

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use signature::bytes::Bytes;
use signature::http;
use signature::http::StatusCode;

use signature::Verifier;

/// Where Alipay posts notifications (configured in Alipay's console).
pub const NOTIFY_PATH: &str = "/alipay/notify";

/// What a verified notification means for the order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The payment or capture succeeded (`resultStatus` `S`): fulfil the order.
    Succeeded {
        notify_type: String,
        request_id: String,
    },
    /// It failed for good (`resultStatus` `F`): tell the buyer; `code` says why.
    Failed {
        notify_type: String,
        request_id: String,
        code: String,
    },
    /// Not final (`resultStatus` `S` under `notifyType` `PAYMENT_PENDING`, or
    /// `U`): wait for the result notification, or inquire.
    Pending {
        notify_type: String,
        request_id: String,
    },
    /// No readable result status: ask Alipay to send it again and look at it.
    Unrecognised { notify_type: String },
}

impl Decision {
    /// The key under which a notification is recorded once. A pending result
    /// has a key of its own, so that it never makes the final result a
    /// "duplicate" (the final one must still be acted on). This in-memory
    /// recipe is for reading; the binary (src/main.rs) uses alipay-webhook,
    /// keyed by API and request id with the whole state machine, durably.
    fn key(&self) -> Option<String> {
        match self {
            Decision::Succeeded {
                notify_type,
                request_id,
            }
            | Decision::Failed {
                notify_type,
                request_id,
                ..
            } => Some(format!("final/{notify_type}/{request_id}")),
            Decision::Pending {
                notify_type,
                request_id,
            } => Some(format!("pending/{notify_type}/{request_id}")),
            Decision::Unrecognised { .. } => None,
        }
    }
}

/// The business decision, by the message itself: `notifyType` and
/// `result.resultStatus`, never the result-code table's letter (a code the
/// table does not know still carries its status).
pub fn decide(n: &Notification) -> Decision {
    let notify_type = n.notify_type().to_string();
    // The notification passed intake, so its checked view gives the required
    // fields as plain values: no `unwrap`, no defaults.
    let read = match n {
        Notification::NotifyPayment(p) => p.checked().ok().map(|v| {
            (
                v.payment_request_id.to_string(),
                v.result.result_code.to_string(),
            )
        }),
        Notification::NotifyCapture(c) => c.checked().ok().map(|v| {
            (
                v.capture_request_id.to_string(),
                v.result.result_code.to_string(),
            )
        }),
        _ => None,
    };
    let Some((request_id, code)) = read else {
        return Decision::Unrecognised { notify_type };
    };
    // Decided by the message (notifyType and result.resultStatus), never by the
    // result-code table's letter: `outcome()` is the generated decision.
    match n.outcome() {
        runtime::Outcome::Succeeded => Decision::Succeeded {
            notify_type,
            request_id,
        },
        runtime::Outcome::Failed { .. } => Decision::Failed {
            notify_type,
            request_id,
            code,
        },
        runtime::Outcome::Pending => Decision::Pending {
            notify_type,
            request_id,
        },
        _ => Decision::Unrecognised { notify_type },
    }
}

/// Whether a notification was new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// First time: act on it.
    New,
    /// Seen before: acknowledge again, do nothing.
    Duplicate,
}

/// The store could not record (database down): Alipay is asked to resend.
#[derive(Debug)]
pub struct StoreError(pub String);

/// What the endpoint has handled, keyed by notification.
pub trait Store: Send + Sync + 'static {
    /// Records `decision` under `key` unless something is recorded there already.
    fn record(&self, key: &str, decision: &Decision) -> Result<Recorded, StoreError>;
}

/// A [`Store`] in memory (for the example and its tests).
#[derive(Debug, Default)]
pub struct MemoryStore {
    handled: Mutex<HashMap<String, Decision>>,
}

impl MemoryStore {
    /// What was recorded, in no order.
    pub fn decisions(&self) -> Vec<Decision> {
        match self.handled.lock() {
            Ok(m) => m.values().cloned().collect(),
            Err(p) => p.into_inner().values().cloned().collect(),
        }
    }
}

impl Store for MemoryStore {
    fn record(&self, key: &str, decision: &Decision) -> Result<Recorded, StoreError> {
        let mut handled = self
            .handled
            .lock()
            .map_err(|_| StoreError("store lock poisoned".into()))?;
        if handled.contains_key(key) {
            return Ok(Recorded::Duplicate);
        }
        handled.insert(key.to_string(), decision.clone());
        Ok(Recorded::New)
    }
}

/// The endpoint's state.
pub struct App<S: Store> {
    pub verifier: Verifier,
    pub store: Arc<S>,
}

impl<S: Store> Clone for App<S> {
    fn clone(&self) -> Self {
        App {
            verifier: self.verifier.clone(),
            store: Arc::clone(&self.store),
        }
    }
}

/// The HTTP endpoint: `POST /alipay/notify`.
pub fn router<S: Store>(app: App<S>) -> axum::Router {
    axum::Router::new()
        .route(NOTIFY_PATH, axum::routing::post(notify::<S>))
        .with_state(app)
}

/// Handles one notification. The body is taken as raw bytes (never a
/// `Json<T>` extractor: the signature covers the bytes as received).
async fn notify<S: Store>(
    State(app): State<App<S>>,
    request: http::Request<axum::body::Body>,
) -> Response {
    let (parts, body) = request.into_parts();
    // Alipay's notifications are small; 1 MiB bounds what a stranger can make us buffer.
    let body = match axum::body::to_bytes(body, 1 << 20).await {
        Ok(b) => b,
        Err(_) => {
            return into_axum(signature::please_resend::<Notification>(
                StatusCode::PAYLOAD_TOO_LARGE,
            ));
        }
    };
    let request = http::Request::from_parts(parts, body);
    let intake = app.verifier.intake::<Notification>(&request);
    let Ok((_, n)) = &intake.outcome else {
        // Forged, tampered, stale, malformed or unusable: the intake's answer says which.
        return into_axum(intake.response());
    };
    let decision = decide(n);
    let Some(key) = decision.key() else {
        return into_axum(signature::please_resend::<Notification>(
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    match app.store.record(&key, &decision) {
        // New: this is where an order is fulfilled, once (after recording it).
        Ok(Recorded::New) | Ok(Recorded::Duplicate) => into_axum(intake.response()),
        Err(_) => into_axum(signature::please_resend::<Notification>(
            StatusCode::SERVICE_UNAVAILABLE,
        )),
    }
}

fn into_axum(response: http::Response<Bytes>) -> Response {
    response.map(axum::body::Body::from).into_response()
}

/// Serves `app` on `listener` until `shutdown` resolves.
pub async fn serve<S: Store>(
    listener: tokio::net::TcpListener,
    app: App<S>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown)
        .await
}
