//! The traits generated code implements.

use crate::json::FromJsonError;
use crate::outcome::Outcome;
use crate::report::Violation;

/// A set of notifications that arrive at one endpoint, told apart by
/// `notifyType`: what the generated `Notification` enum implements, and what
/// the intake (`Verifier::intake::<Notification>`, feature `signature`) is
/// generic over.
pub trait Notify: Sized {
    /// Parses the body of a notification, dispatched on its `notifyType`
    /// (one the set does not know is kept, not refused), without validating.
    fn parse_json(bytes: &[u8]) -> Result<Self, FromJsonError>;
    /// Every rule the notification breaks (an unknown one breaks none).
    fn validate(&self) -> Result<(), Vec<Violation>>;
    /// The `notifyType` received (empty when absent).
    fn notify_type(&self) -> &str;
    /// The API the notification belongs to, as the documents name it
    /// (`notifyPayment`); `None` for an unknown `notifyType`.
    fn api(&self) -> Option<&'static str>;
    /// The merchant's request id the notification is about
    /// (`paymentRequestId`, `captureRequestId`), when it carries one.
    fn request_id(&self) -> Option<&str>;
    /// What the notification means for the merchant.
    fn outcome(&self) -> Outcome;
    /// The acknowledgement's JSON bytes (or the rules it breaks); `None` for
    /// an unknown `notifyType`, which has none.
    fn ack_json(&self) -> Option<Result<Vec<u8>, Vec<Violation>>>;
    /// The JSON bytes of the answer that asks Alipay to send a notification
    /// again, needing no parsed notification; `None` when the set has no such answer.
    fn please_resend_json() -> Option<Vec<u8>>;
}
