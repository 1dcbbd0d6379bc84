//! The one-call intake of a notification: verify, parse, validate, answer.

use std::fmt;
use std::time::SystemTime;

use bytes::Bytes;
use http::{HeaderValue, StatusCode};

use super::{path_of, Verified, Verifier, VerifyError, REQUEST_TIME};
use crate::json::FromJsonError;
use crate::message::Notify;
use crate::report::Violation;

impl Verifier {
    /// One call from an HTTP request to a decision: verifies the signature on
    /// the raw body, parses and validates the notification, and says exactly
    /// what to answer. See [`Intake`]. `N` is the set of notifications the
    /// endpoint knows: the generated `Notification` (`verifier.intake::<Notification>(&request)`).
    pub fn intake<N: Notify>(&self, request: &http::Request<impl AsRef<[u8]>>) -> Intake<N> {
        self.intake_at(request, SystemTime::now())
    }

    /// [`Verifier::intake`] against the clock `now`.
    pub fn intake_at<N: Notify>(
        &self,
        request: &http::Request<impl AsRef<[u8]>>,
        now: SystemTime,
    ) -> Intake<N> {
        let body = request.body().as_ref();
        let verified = self.verify_parts(
            request.method(),
            path_of(request.uri()),
            request.headers(),
            REQUEST_TIME,
            body,
            now,
        );
        let verified = match verified {
            Ok(v) => v,
            Err(e) => {
                let status = if e.is_malformed() {
                    StatusCode::BAD_REQUEST
                } else {
                    StatusCode::UNAUTHORIZED
                };
                return Intake::rejected(Rejection::Signature(e), status);
            }
        };
        // Parsed, then validated: a notification Alipay signed that breaks a
        // rule is still delivered (with its violations) and acknowledged,
        // since Alipay would only resend the same bytes; the merchant decides
        // from what it carries.
        let n = match N::parse_json(body) {
            Ok(n) => n,
            Err(error) => {
                return Intake::rejected(
                    Rejection::Body { verified, error },
                    StatusCode::UNPROCESSABLE_ENTITY,
                );
            }
        };
        let Some(ack) = n.ack_json() else {
            return Intake::rejected(
                Rejection::UnknownNotifyType {
                    verified,
                    notify_type: n.notify_type().to_string(),
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        };
        let violations = n.validate().err().unwrap_or_default();
        // The acknowledgement the spec fixes always passes its own rules (lint
        // checks fixed values); should it not, nothing invalid leaves: the
        // answer asks Alipay to send the notification again.
        let (status, body) = match ack {
            Ok(bytes) => (StatusCode::OK, Bytes::from(bytes)),
            Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, please_resend_body::<N>()),
        };
        Intake {
            outcome: Ok((verified, n)),
            violations,
            status,
            body,
        }
    }
}

/// Why a notification was not acknowledged. Every case is answered with the
/// "send it again" answer, so Alipay retries (up to 8 times in 24 hours).
#[derive(Debug)]
pub enum Rejection {
    /// The signature did not verify (or its headers are missing or malformed).
    Signature(VerifyError),
    /// Signed by Alipay, but the body is not JSON or not of the notification's shape.
    Body {
        /// What verified.
        verified: Verified,
        /// Why the body is unusable.
        error: FromJsonError,
    },
    /// Signed by Alipay, but of a `notifyType` this crate does not know.
    UnknownNotifyType {
        /// What verified.
        verified: Verified,
        /// The `notifyType` received (empty when absent).
        notify_type: String,
    },
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Signature(e) => write!(f, "signature: {e}"),
            Rejection::Body { error, .. } => write!(f, "body: {error}"),
            Rejection::UnknownNotifyType { notify_type, .. } => {
                write!(f, "unknown notifyType `{notify_type}`")
            }
        }
    }
}

impl std::error::Error for Rejection {}

/// The result of [`Verifier::intake`]: the verified, parsed and validated
/// notification (or why there is none) and exactly what to answer.
///
/// | case | status | body |
/// | --- | --- | --- |
/// | verified, parsed, known `notifyType` (valid or not: see [`Intake::violations`]) | 200 | the acknowledgement (`resultStatus` `S`) |
/// | a header missing, repeated or malformed | 400 | [`please_resend_body`] |
/// | signature mismatch, wrong length, outside the window | 401 | [`please_resend_body`] |
/// | verified, but the body is not JSON, of the wrong shape, or of an unknown `notifyType` | 422 | [`please_resend_body`] |
///
/// After a notification is accepted, a merchant that cannot record it (its
/// database is down) answers [`please_resend`] instead of [`Intake::response`].
#[derive(Debug)]
pub struct Intake<N> {
    /// The notification and what verified, or why it was refused.
    pub outcome: Result<(Verified, N), Rejection>,
    /// The rules the accepted notification breaks (empty when valid, or when refused).
    pub violations: Vec<Violation>,
    /// The HTTP status to answer with.
    pub status: StatusCode,
    /// The body to answer with.
    pub body: Bytes,
}

impl<N: Notify> Intake<N> {
    fn rejected(rejection: Rejection, status: StatusCode) -> Intake<N> {
        Intake {
            outcome: Err(rejection),
            violations: Vec::new(),
            status,
            body: please_resend_body::<N>(),
        }
    }

    /// The notification, when it was accepted.
    pub fn notification(&self) -> Option<&N> {
        self.outcome.as_ref().ok().map(|(_, n)| n)
    }

    /// The answer, as an HTTP response (`Content-Type: application/json; charset=UTF-8`).
    pub fn response(&self) -> http::Response<Bytes> {
        json_response(self.status, self.body.clone())
    }
}

fn json_response(status: StatusCode, body: Bytes) -> http::Response<Bytes> {
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=UTF-8"),
    );
    response
}

/// The body that asks Alipay to send a notification again (`resultStatus`
/// `U`); needs no parsed notification, so it also answers a body that does not
/// parse. Empty when the specs define no notification with such an answer.
pub fn please_resend_body<N: Notify>() -> Bytes {
    N::please_resend_json().map_or_else(Bytes::new, Bytes::from)
}

/// The "send it again" answer with this status (the merchant's own reason:
/// say 503 when its store is down).
pub fn please_resend<N: Notify>(status: StatusCode) -> http::Response<Bytes> {
    json_response(status, please_resend_body::<N>())
}
