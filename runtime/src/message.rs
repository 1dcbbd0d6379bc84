//! The traits generated code implements.

use crate::json::FromJsonError;
use crate::outcome::Outcome;
use crate::report::{Findings, Notice, Path, Report, Violation};

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

/// A struct Alipay sends (a message, or a shared object in one) with its
/// checked view: a borrowed `<Name>View<'a>` whose required fields are plain
/// values, not `Option`s. The generated code gives the view and how to build
/// it; `checked()` is a default method here.
///
/// Bring it into scope (`use alipay_runtime::CheckedView as _;`, or the
/// generated crate's re-export) to call `view` and `checked`.
pub trait CheckedView {
    /// The checked view (`<Name>View<'a>`), borrowed from the as-received
    /// value, which stays the source of truth for diagnostics and round trips.
    type View<'a>
    where
        Self: 'a;

    /// The checked view, or `None` when a required field is missing or a
    /// value does not parse as its type (the cases `validate()` reports).
    /// Does not check expectations.
    fn view(&self) -> Option<Self::View<'_>>;

    /// Validates, then returns the checked view: what a merchant reads after
    /// intake, without `unwrap`. `Err` carries every violation. (A message
    /// that validates always has a view; an empty `Err` would be a generator bug.)
    fn checked(&self) -> Result<Self::View<'_>, Vec<Violation>>
    where
        Self: Message,
    {
        self.validate()?;
        self.view().ok_or_else(Vec::new)
    }
}

/// A message of an API: what every generated request and response implements,
/// as every prost message implements `prost::Message`. The generated code
/// gives the data that differs per message (its API, its direction, its
/// rules); everything else is a default method here.
///
/// Bring it into scope (`use alipay_runtime::Message;`, or the generated
/// crate's re-export) to call `from_json`, `validate`, `to_json`, ... on a message.
pub trait Message: Sized + serde::de::DeserializeOwned {
    /// The API's name in the documents (`notifyCapture`).
    const API: &'static str;
    /// Alipay sends it (a notification, or the response to the merchant's
    /// call): read leniently, and what the documents say Alipay does is an
    /// expectation (a [`Notice`]), not a rule. `false`: the merchant sends it,
    /// and every rule refuses.
    const INBOUND: bool;

    /// Records every rule this value breaks, below `path`.
    #[doc(hidden)]
    fn validate_into(&self, path: &Path<'_>, report: &mut Report);

    /// The JSON bytes without checking the rules: for a message the merchant
    /// sends, only for an answer that is deliberately not the documented one
    /// (such as a notification's `please_resend()`).
    fn to_json_unchecked(&self) -> Vec<u8>;

    /// For a notification: what it means for the merchant (its `outcome()`);
    /// `None` for other messages.
    fn notification_outcome(&self) -> Option<Outcome> {
        None
    }

    /// For a message Alipay sends: whether its checked view (`checked()`) is
    /// given; `None` for messages the merchant sends.
    #[doc(hidden)]
    fn has_checked_view(&self) -> Option<bool> {
        None
    }

    /// Parses without validating (malformed values are kept; see [`Message::validate`]).
    fn parse_json(bytes: &[u8]) -> Result<Self, FromJsonError> {
        crate::json::parse(bytes)
    }

    /// Parses and validates: [`FromJsonError::NotJson`] for bytes that are not
    /// JSON, [`FromJsonError::WrongShape`] for JSON of another shape,
    /// [`FromJsonError::Invalid`] with every violation.
    fn from_json(bytes: &[u8]) -> Result<Self, FromJsonError> {
        let m = Self::parse_json(bytes)?;
        m.validate().map_err(FromJsonError::Invalid)?;
        Ok(m)
    }

    /// Every rule the message breaks, each with its JSON pointer.
    ///
    /// In a message Alipay sends, only the rules that refuse (a required field
    /// missing, a value not of its type); what the documents say Alipay does
    /// (presence conditions, narrowings, relations, maximum lengths) is an
    /// expectation: see [`Message::notices`]. In a message the merchant sends,
    /// every rule, unknown fields in shared objects and wrong wire forms included.
    fn validate(&self) -> Result<(), Vec<Violation>> {
        let mut r = Report::new(!Self::INBOUND);
        self.validate_into(&Path::Root, &mut r);
        r.finish()
    }

    /// Expectations this message does not meet, each with its path and source.
    ///
    /// In a message Alipay sends they never make it invalid: log them. In a
    /// message the merchant sends there are none (expectations are rules there).
    fn notices(&self) -> Vec<Notice> {
        let mut r = Report::with_notices(!Self::INBOUND);
        self.validate_into(&Path::Root, &mut r);
        r.into_notices()
    }

    /// The JSON bytes. A message Alipay sends keeps the form its values were
    /// received in (never `Err`); one the merchant sends is refused with every
    /// violation while it breaks a rule, so nothing invalid leaves silently.
    fn to_json(&self) -> Result<Vec<u8>, Vec<Violation>> {
        if !Self::INBOUND {
            self.validate()?;
        }
        Ok(self.to_json_unchecked())
    }

    /// Everything a check finds: violations, notices, outcome, checked view.
    fn findings(&self) -> Findings {
        let mut r = Report::with_notices(!Self::INBOUND);
        self.validate_into(&Path::Root, &mut r);
        let (violations, notices) = r.into_parts();
        Findings::new(
            violations,
            notices,
            self.notification_outcome(),
            self.has_checked_view(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check_str;

    /// A message with one required string field `id` of at most 3 characters
    /// (an expectation), sent by Alipay or by the merchant.
    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct Tiny<const INBOUND: bool> {
        id: Option<String>,
    }

    impl<const IN: bool> Message for Tiny<IN> {
        const API: &'static str = "tiny";
        const INBOUND: bool = IN;
        fn validate_into(&self, path: &Path<'_>, r: &mut Report) {
            let p = path.field("id");
            match &self.id {
                Some(v) => check_str(r, &p, v, Some(3), None, None, "T1"),
                None => r.push(&p, crate::Rule::Required),
            }
        }
        fn to_json_unchecked(&self) -> Vec<u8> {
            crate::json::to_vec(self)
        }
    }

    #[test]
    fn inbound_expectations_are_notices_and_to_json_never_refuses() {
        let m = Tiny::<true>::from_json(br#"{"id":"long"}"#).expect("valid: a notice only");
        assert!(m.validate().is_ok());
        let notices = m.notices();
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].path, "/id");
        assert_eq!(notices[0].sources, "T1");
        assert_eq!(m.to_json().unwrap(), br#"{"id":"long"}"#);
        let f = m.findings();
        assert!(f.violations.is_empty());
        assert_eq!(f.notices, notices);
        assert_eq!(f.outcome, None);
    }

    /// The checked view of `Tiny`: its required `id`, present.
    impl<const IN: bool> CheckedView for Tiny<IN> {
        type View<'a> = &'a str;
        fn view(&self) -> Option<&str> {
            self.id.as_deref()
        }
    }

    #[test]
    fn checked_is_the_view_of_a_valid_message_and_every_violation_otherwise() {
        let m = Tiny::<true>::parse_json(br#"{"id":"abc"}"#).unwrap();
        assert_eq!(m.checked(), Ok("abc"));
        let m = Tiny::<true>::parse_json(br#"{}"#).unwrap();
        assert_eq!(m.view(), None);
        let v = m.checked().unwrap_err();
        assert_eq!((v.len(), v[0].path.as_str()), (1, "/id"));
        // A view the rules do not refuse: an expectation broken inbound is a notice.
        let m = Tiny::<true>::parse_json(br#"{"id":"long"}"#).unwrap();
        assert_eq!(m.checked(), Ok("long"));
    }

    #[test]
    fn outbound_expectations_refuse_and_to_json_returns_every_violation() {
        let m = Tiny::<false>::parse_json(br#"{"id":"long"}"#).unwrap();
        let v = m.validate().unwrap_err();
        assert_eq!(v.len(), 1);
        assert_eq!(m.to_json().unwrap_err(), v);
        assert!(m.notices().is_empty());
        assert_eq!(m.to_json_unchecked(), br#"{"id":"long"}"#);
        assert!(matches!(
            Tiny::<false>::from_json(br#"{}"#),
            Err(FromJsonError::Invalid(v)) if v.len() == 1 && v[0].path == "/id"
        ));
        assert!(matches!(
            Tiny::<false>::from_json(b"{"),
            Err(FromJsonError::NotJson(_))
        ));
        assert!(matches!(
            Tiny::<false>::from_json(br#"{"id":1}"#),
            Err(FromJsonError::WrongShape(_))
        ));
    }
}
