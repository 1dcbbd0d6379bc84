//! The endpoint as an axum router (cargo feature `axum`).
//!
//! The headers are checked before the body is read; a declared
//! `Content-Length` over the limit is answered 413 at once (hyper sends no
//! `100 Continue` for a body that is never read); the body is read with a
//! size limit and a timeout.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http_body_util::{BodyExt, Limited};

use crate::endpoint::Endpoint;
use crate::set::NotificationSet;
use crate::store::Store;

/// Limits on reading a body.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest body accepted, in bytes (64 KiB by default: a notification
    /// is a few KiB).
    pub max_body: usize,
    /// How long reading the body may take once the headers are in (10 s).
    pub body_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body: 64 * 1024,
            body_timeout: Duration::from_secs(10),
        }
    }
}

struct Shared<S, N> {
    endpoint: Arc<Endpoint<S, N>>,
    limits: Limits,
}

impl<S, N> Clone for Shared<S, N> {
    fn clone(&self) -> Self {
        Shared {
            endpoint: Arc::clone(&self.endpoint),
            limits: self.limits,
        }
    }
}

fn resend<N: NotificationSet>(status: StatusCode, reason: &str) -> Response {
    tracing::warn!(
        reason,
        status = status.as_u16(),
        "alipay notification refused"
    );
    let mut r = http::Response::new(Body::from(N::please_resend()));
    *r.status_mut() = status;
    r.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json; charset=UTF-8"),
    );
    r
}

async fn handle<S, N>(State(shared): State<Shared<S, N>>, request: Request) -> Response
where
    S: Store + 'static,
    N: NotificationSet,
{
    let (parts, body) = request.into_parts();
    let endpoint = &shared.endpoint;
    if let Err(refusal) = endpoint.check_headers(&parts.headers) {
        return endpoint
            .refuse(refusal, &parts.headers)
            .response()
            .map(Body::from)
            .into_response();
    }
    let declared = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > shared.limits.max_body as u64) {
        return resend::<N>(
            StatusCode::PAYLOAD_TOO_LARGE,
            "declared body over the limit",
        );
    }
    let read = tokio::time::timeout(
        shared.limits.body_timeout,
        Limited::new(body, shared.limits.max_body).collect(),
    )
    .await;
    let bytes = match read {
        Err(_) => return resend::<N>(StatusCode::REQUEST_TIMEOUT, "body not received in time"),
        Ok(Err(e)) => {
            let status = if e.is::<http_body_util::LengthLimitError>() {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::BAD_REQUEST
            };
            return resend::<N>(status, &format!("body: {e}"));
        }
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    endpoint
        .handle(&parts.method, path, &parts.headers, bytes)
        .await
        .response()
        .map(Body::from)
        .into_response()
}

/// A router answering `POST path` with the endpoint.
pub fn router<S, N>(endpoint: Arc<Endpoint<S, N>>, path: &str, limits: Limits) -> axum::Router
where
    S: Store + 'static,
    N: NotificationSet,
{
    axum::Router::new()
        .route(path, axum::routing::post(handle::<S, N>))
        .with_state(Shared { endpoint, limits })
}
