//! What the endpoint needs from "the notifications this merchant receives",
//! and its implementation for the generated `alipay_models::Notification`.
//!
//! Everything API-specific comes from the generated crate's data (its
//! `notifyType` table, its outcome, its acknowledgement): nothing here lists
//! APIs.

use std::time::Duration;

use bytes::Bytes;

use crate::state::Status;

/// Alipay's resend schedule for one notification API (the spec's `retry:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetrySchedule {
    /// The API's name in the documents.
    pub api: &'static str,
    /// The wait before each send, the first send included.
    pub intervals: Vec<Duration>,
}

impl RetrySchedule {
    /// From the last send back to the first: how old the first signature can
    /// be when the last resend arrives, if resends are not signed afresh.
    pub fn span(&self) -> Duration {
        self.intervals.iter().sum()
    }
}

/// A set of notifications told apart by `notifyType` (the generated
/// `Notification` enum is one).
pub trait NotificationSet: Sized + Send + 'static {
    /// Parses the body as received (without validating).
    fn parse(body: &[u8]) -> Result<Self, String>;
    /// The `notifyType` received (empty when absent).
    fn notify_type(&self) -> &str;
    /// The API it belongs to, `None` for a `notifyType` the set does not know.
    fn api(&self) -> Option<&'static str>;
    /// The request id it reports on (the idempotency key's second half).
    fn request_id(&self) -> Option<String>;
    /// Pending, succeeded or failed; `None` when the message does not say.
    fn status(&self) -> Option<Status>;
    /// The rules it breaks, for the log (it is still recorded).
    fn violations(&self) -> Vec<String>;
    /// The expectations it does not meet, for the log.
    fn notices(&self) -> Vec<String>;
    /// The acknowledgement's bytes; `None` for an unknown `notifyType`.
    fn ack(&self) -> Option<Bytes>;
    /// The answer that asks Alipay to send a notification again.
    fn please_resend() -> Bytes;
    /// Alipay's resend schedule for each notification API that has one.
    fn retry_schedules() -> Vec<RetrySchedule>;
}

/// The request id of a notification body: the one top-level string field
/// whose name ends in `RequestId` (`paymentRequestId`, `captureRequestId`).
/// `None` when there is none or more than one (ambiguous).
pub fn request_id_of(body: &serde_json::Value) -> Option<String> {
    let mut found = body
        .as_object()?
        .iter()
        .filter(|(k, _)| k.ends_with("RequestId") && k.len() > "RequestId".len())
        .filter_map(|(_, v)| v.as_str());
    let first = found.next()?;
    if found.next().is_some() || first.is_empty() {
        return None;
    }
    Some(first.to_string())
}

impl NotificationSet for alipay_models::Notification {
    fn parse(body: &[u8]) -> Result<Self, String> {
        alipay_models::Notification::parse_json(body).map_err(|e| e.to_string())
    }

    fn notify_type(&self) -> &str {
        alipay_models::Notification::notify_type(self)
    }

    fn api(&self) -> Option<&'static str> {
        let t = alipay_models::Notification::notify_type(self);
        alipay_models::Notification::NOTIFY_TYPES
            .iter()
            .find(|(nt, _)| *nt == t)
            .map(|(_, api)| *api)
    }

    fn request_id(&self) -> Option<String> {
        let value: serde_json::Value = serde_json::from_slice(&self.to_json()).ok()?;
        request_id_of(&value)
    }

    fn status(&self) -> Option<Status> {
        use alipay_models::runtime::Outcome;
        match self.outcome() {
            Outcome::Succeeded => Some(Status::Succeeded),
            Outcome::Failed { .. } => Some(Status::Failed),
            Outcome::Pending { .. } => Some(Status::Pending),
            _ => None,
        }
    }

    fn violations(&self) -> Vec<String> {
        self.validate()
            .err()
            .unwrap_or_default()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn notices(&self) -> Vec<String> {
        alipay_models::Notification::notices(self)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn ack(&self) -> Option<Bytes> {
        alipay_models::Notification::ack(self)?
            .to_json()
            .ok()
            .map(Bytes::from)
    }

    fn please_resend() -> Bytes {
        alipay_models::signature::please_resend_body::<alipay_models::Notification>()
    }

    fn retry_schedules() -> Vec<RetrySchedule> {
        alipay_models::catalog::RETRIES
            .iter()
            .map(|r| RetrySchedule {
                api: r.api,
                intervals: r
                    .intervals_secs
                    .iter()
                    .map(|s| Duration::from_secs(*s))
                    .collect(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_id_is_the_one_request_id_field() {
        let v = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap_or_default();
        assert_eq!(
            request_id_of(&v(r#"{"paymentRequestId":"a","x":1}"#)),
            Some("a".into())
        );
        assert_eq!(request_id_of(&v(r#"{"x":1}"#)), None);
        assert_eq!(
            request_id_of(&v(r#"{"aRequestId":"a","bRequestId":"b"}"#)),
            None
        );
        assert_eq!(request_id_of(&v(r#"{"aRequestId":""}"#)), None);
        assert_eq!(request_id_of(&v(r#"{"aRequestId":1}"#)), None);
        assert_eq!(request_id_of(&v(r#"{"RequestId":"a"}"#)), None);
        assert_eq!(request_id_of(&v("[]")), None);
    }
}
