//! The protocol, independent of the HTTP server: check the headers, verify
//! the signature on the raw bytes, parse, decide, record durably, answer.

use std::fmt;
use std::marker::PhantomData;
use std::time::{Duration, SystemTime};

use alipay_models::signature::{
    CLIENT_ID, PublicKey, REQUEST_TIME, SIGNATURE, Verifier, VerifyError,
};
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode};

use crate::set::NotificationSet;
use crate::state::{Decision, Key};
use crate::store::{DeadLetter, Incoming, Store, StoreError};

/// Why a request was refused before anything was recorded. Answered with
/// the "send it again" body: a genuine notification refused by mistake is
/// not lost, Alipay resends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// `Client-Id` is not the configured one (signed for another client).
    ClientId {
        /// The configured client id.
        expected: String,
        /// The one received (truncated to 64 characters).
        received: String,
    },
    /// The signature headers are missing or malformed, or the signature does
    /// not verify (forged, altered, wrong key, outside the window).
    Signature(VerifyError),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::ClientId { expected, received } => write!(
                f,
                "Client-Id `{received}` is not the configured `{expected}`"
            ),
            Refusal::Signature(e) => write!(f, "signature: {e}"),
        }
    }
}

impl std::error::Error for Refusal {}

impl Refusal {
    /// 400 for a malformed request, 401 for one checked and refused, 403 for
    /// another client's.
    pub fn status(&self) -> StatusCode {
        match self {
            Refusal::ClientId { .. } => StatusCode::FORBIDDEN,
            Refusal::Signature(e) if e.is_malformed() => StatusCode::BAD_REQUEST,
            Refusal::Signature(_) => StatusCode::UNAUTHORIZED,
        }
    }
}

/// What the endpoint did with one request.
#[derive(Debug)]
pub enum Handled {
    /// Refused before verification completed; nothing recorded.
    Refused(Refusal),
    /// Verified, but not parsed or not classified: recorded as a dead letter
    /// (the reason given), answered so that Alipay resends.
    DeadLetter(String),
    /// Verified, classified and committed: acknowledged.
    Recorded {
        /// The key.
        key: Key,
        /// The decision committed.
        decision: Decision,
    },
    /// The store did not commit (or the merchant's action failed): answered
    /// so that Alipay resends.
    NotRecorded(StoreError),
}

/// The answer to one request and what was done.
#[derive(Debug)]
pub struct Answer {
    /// What was done.
    pub handled: Handled,
    /// The HTTP status.
    pub status: StatusCode,
    /// The body.
    pub body: Bytes,
}

impl Answer {
    /// As an HTTP response (`Content-Type: application/json; charset=UTF-8`).
    pub fn response(&self) -> http::Response<Bytes> {
        let mut r = http::Response::new(self.body.clone());
        *r.status_mut() = self.status;
        r.headers_mut().insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=UTF-8"),
        );
        r
    }

    /// Whether this is the acknowledgement (200, recorded).
    pub fn acknowledged(&self) -> bool {
        matches!(self.handled, Handled::Recorded { .. })
    }
}

/// The window covering a whole resend schedule: the longest schedule's span
/// plus [`Verifier::DEFAULT_WINDOW`] of clock skew. `None` when the set gives
/// no schedule.
pub fn retry_window<N: NotificationSet>() -> Option<Duration> {
    N::retry_schedules()
        .iter()
        .map(|s| s.span())
        .max()
        .map(|span| span + Verifier::DEFAULT_WINDOW)
}

/// A notification endpoint: a verifier, an optional expected `Client-Id`
/// and a store (whose action the merchant supplied).
pub struct Endpoint<S, N = alipay_models::Notification> {
    key: PublicKey,
    window: Option<Duration>,
    client_id: Option<String>,
    store: S,
    set: PhantomData<fn() -> N>,
}

impl<S, N> fmt::Debug for Endpoint<S, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Endpoint")
            .field("window", &self.window)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

fn truncated(s: &str) -> String {
    s.chars().take(64).collect()
}

/// The first 8 characters of the `Signature` header's `signature=` value,
/// for logs (enough to match a log line to a stored dead letter, never the
/// signature itself).
fn signature_prefix(headers: &HeaderMap) -> String {
    let Some(value) = headers.get(SIGNATURE).and_then(|v| v.to_str().ok()) else {
        return String::new();
    };
    let lower = value.to_ascii_lowercase();
    let start = lower
        .rfind("signature=")
        .map_or(0, |i| i + "signature=".len());
    let prefix: String = value.get(start..).unwrap_or("").chars().take(8).collect();
    prefix + "…"
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

impl<S: Store> Endpoint<S> {
    /// An endpoint for the generated crate's notifications, verifying with
    /// Alipay's public key, recording into `store`. The signature window
    /// accepts Alipay's whole resend schedule ([`retry_window`]).
    pub fn new(key: PublicKey, store: S) -> Self {
        Endpoint::for_set(key, store)
    }
}

impl<S: Store, N: NotificationSet> Endpoint<S, N> {
    /// [`Endpoint::new`] for another set of notifications `N`. The signature
    /// window accepts the set's whole resend schedule ([`retry_window`]);
    /// without a schedule, [`Verifier::DEFAULT_WINDOW`].
    pub fn for_set(key: PublicKey, store: S) -> Self {
        Endpoint {
            key,
            window: Some(retry_window::<N>().unwrap_or(Verifier::DEFAULT_WINDOW)),
            client_id: None,
            store,
            set: PhantomData,
        }
    }

    /// Refuses any `Client-Id` but this one ([`Refusal::ClientId`]).
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// The signature window (`None`: no time check). Narrower refuses
    /// replays of old signatures sooner, but refuses Alipay's own late
    /// resends too if they carry the first send's signature.
    pub fn window(mut self, window: Option<Duration>) -> Self {
        self.window = window;
        self
    }

    /// The window in force.
    pub fn current_window(&self) -> Option<Duration> {
        self.window
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The checks that need no body: the signature headers are present, once
    /// each, and `Client-Id` is the configured one. Run before reading the body.
    pub fn check_headers(&self, headers: &HeaderMap) -> Result<(), Refusal> {
        for name in [CLIENT_ID, REQUEST_TIME, SIGNATURE] {
            let mut values = headers.get_all(name).iter();
            let Some(value) = values.next() else {
                return Err(Refusal::Signature(VerifyError::MissingHeader(name)));
            };
            if values.next().is_some() {
                return Err(Refusal::Signature(VerifyError::DuplicateHeader(name)));
            }
            if value.to_str().is_err() {
                return Err(Refusal::Signature(VerifyError::HeaderNotText(name)));
            }
        }
        if let Some(expected) = &self.client_id {
            let received = header(headers, CLIENT_ID).unwrap_or_default();
            if &received != expected {
                return Err(Refusal::ClientId {
                    expected: expected.clone(),
                    received: truncated(&received),
                });
            }
        }
        Ok(())
    }

    /// The whole protocol for one request, against the system clock.
    pub async fn handle(
        &self,
        method: &Method,
        path: &str,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Answer {
        self.handle_at(method, path, headers, body, SystemTime::now())
            .await
    }

    /// The answer to a refused request (logged with its reason).
    pub fn refuse(&self, refusal: Refusal, headers: &HeaderMap) -> Answer {
        tracing::warn!(
            reason = %refusal,
            client_id = %truncated(&header(headers, CLIENT_ID).unwrap_or_default()),
            request_time = %truncated(&header(headers, REQUEST_TIME).unwrap_or_default()),
            signature = %signature_prefix(headers),
            "alipay notification refused"
        );
        Answer {
            status: refusal.status(),
            body: N::please_resend(),
            handled: Handled::Refused(refusal),
        }
    }

    /// [`Endpoint::handle`] against the clock `now`.
    pub async fn handle_at(
        &self,
        method: &Method,
        path: &str,
        headers: &HeaderMap,
        body: Bytes,
        now: SystemTime,
    ) -> Answer {
        if let Err(r) = self.check_headers(headers) {
            return self.refuse(r, headers);
        }
        let mut verifier = Verifier::new(self.key.clone());
        verifier = match self.window {
            Some(w) => verifier.window(w),
            None => verifier.without_window(),
        };
        let verified = match verifier.verify_parts(method, path, headers, REQUEST_TIME, &body, now)
        {
            Ok(v) => v,
            Err(e) => return self.refuse(Refusal::Signature(e), headers),
        };
        let request_time = verified.time.as_str().to_string();
        let dead = |reason: String, notify_type: Option<String>| DeadLetter {
            reason,
            notify_type,
            client_id: Some(verified.client_id.clone()),
            request_time: Some(request_time.clone()),
            signature: header(headers, SIGNATURE),
            body: body.clone(),
        };
        let n = match N::parse(&body) {
            Ok(n) => n,
            Err(e) => return self.dead_letter(dead(format!("body: {e}"), None)).await,
        };
        let notify_type = n.notify_type().to_string();
        let Some(api) = n.api() else {
            return self
                .dead_letter(dead(
                    format!("unknown notifyType `{}`", truncated(&notify_type)),
                    Some(notify_type),
                ))
                .await;
        };
        let Some(request_id) = n.request_id() else {
            return self
                .dead_letter(dead(
                    format!("{api}: no request id (one `...RequestId` string field)"),
                    Some(notify_type),
                ))
                .await;
        };
        let Some(status) = n.status() else {
            return self
                .dead_letter(dead(
                    format!("{api}: the result status says neither pending, succeeded nor failed"),
                    Some(notify_type),
                ))
                .await;
        };
        let Some(ack) = n.ack() else {
            return self
                .dead_letter(dead(
                    format!("{api}: no acknowledgement to answer with"),
                    Some(notify_type),
                ))
                .await;
        };
        let key = Key {
            api: api.to_string(),
            request_id,
        };
        for v in n.violations() {
            tracing::warn!(api, request_id = %key.request_id, violation = %v, "alipay notification breaks a rule (recorded anyway)");
        }
        for notice in n.notices() {
            tracing::info!(api, request_id = %key.request_id, notice = %notice, "alipay notification notice");
        }
        let incoming = Incoming {
            key: key.clone(),
            status,
            notify_type: notify_type.clone(),
            body: body.clone(),
            request_time,
        };
        match self.store.record(incoming).await {
            Ok(decision) => {
                match decision {
                    Decision::Conflict { acted, received } => tracing::error!(
                        api,
                        request_id = %key.request_id,
                        notify_type = %notify_type,
                        %acted,
                        %received,
                        "alipay notification contradicts the final result acted on: recorded as a conflict, not acted on"
                    ),
                    _ => tracing::info!(
                        api,
                        request_id = %key.request_id,
                        notify_type = %notify_type,
                        status = status.as_str(),
                        decision = decision.as_str(),
                        "alipay notification recorded"
                    ),
                }
                Answer {
                    handled: Handled::Recorded { key, decision },
                    status: StatusCode::OK,
                    body: ack,
                }
            }
            Err(e) => {
                tracing::error!(api, request_id = %key.request_id, error = %e, "alipay notification not recorded: asking Alipay to resend");
                Answer {
                    handled: Handled::NotRecorded(e),
                    status: StatusCode::SERVICE_UNAVAILABLE,
                    body: N::please_resend(),
                }
            }
        }
    }

    async fn dead_letter(&self, letter: DeadLetter) -> Answer {
        let reason = letter.reason.clone();
        tracing::error!(
            reason = %reason,
            notify_type = letter.notify_type.as_deref().unwrap_or(""),
            body_bytes = letter.body.len(),
            "alipay notification verified but not classified: dead letter"
        );
        match self.store.dead_letter(letter).await {
            Ok(()) => Answer {
                handled: Handled::DeadLetter(reason),
                status: StatusCode::UNPROCESSABLE_ENTITY,
                body: N::please_resend(),
            },
            Err(e) => {
                tracing::error!(error = %e, "dead letter not recorded: asking Alipay to resend");
                Answer {
                    handled: Handled::NotRecorded(e),
                    status: StatusCode::SERVICE_UNAVAILABLE,
                    body: N::please_resend(),
                }
            }
        }
    }
}
