//! What a notification means for the merchant.

use std::fmt;

use crate::codes::{FurtherAction, Status};

/// What a notification means for the merchant: the one decision to act on.
///
/// It comes from the message itself: `result.resultStatus` (`S` succeeded, `F`
/// failed, `U` pending), except that under a `notifyType` the spec marks
/// `pending` (such as `PAYMENT_PENDING`, where S means "being processed") S is
/// pending too; F is failed under every `notifyType`. The
/// result-code table's status letter never decides: the documents disagree on
/// it (CAPTURE_IN_PROCESS is F in one and U in another); only the further
/// action of a failure is looked up there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Outcome {
    /// Final success (`resultStatus` S under a notifyType not marked pending): fulfil the order.
    Succeeded,
    /// Final failure (`resultStatus` F). `action` is the result code's further
    /// action in the API's table (what to do about the original request), `None`
    /// when the code is not in the table or the table gives none.
    Failed {
        /// What to do next, from the result-code table.
        action: Option<FurtherAction>,
    },
    /// Not final (`resultStatus` U, or S under a pending notifyType): do not fulfil and do
    /// not cancel; wait for the final notification or inquire.
    Pending {
        /// The request API to inquire with (`inquiryPayment`), from the spec's
        /// `inquiry:`; `None` when the spec names none.
        inquiry: Option<&'static str>,
    },
    /// The message does not say: an unknown notifyType, or a status that is
    /// missing or not S, F or U. Do not act on it; keep it for a person.
    Unrecognised,
}

/// A notification (the request of a notification API, such as
/// notifyPayment's): what its [`Outcome`] is decided from. The generated code
/// gives the spec's data (its notifyTypes, those marked pending, the inquiry
/// API) and reads the message's values; [`NotifyMessage::outcome`] is a
/// default method here.
///
/// Bring it into scope (`use alipay_runtime::NotifyMessage as _;`, or the
/// generated crate's re-export) to call `outcome` on a notification message;
/// the generated `Notification` enum has its own `outcome()`.
pub trait NotifyMessage {
    /// The notifyType values of the API (spec); another value's outcome is unrecognised.
    const NOTIFY_TYPES: &'static [&'static str];
    /// The notifyType values under which S is not final (spec `pending: true`):
    /// S is pending there, F still failed. No default: a list left out by
    /// mistake would turn a pending S into success, so the generated code
    /// always gives it, empty or not.
    const PENDING_NOTIFY_TYPES: &'static [&'static str];
    /// The request API that tells the result while it is pending (spec
    /// `inquiry`), named in [`Outcome::Pending`]; `None` when the spec names
    /// none (always given by the generated code, like the list above).
    const INQUIRY: Option<&'static str>;

    /// `notifyType` as received.
    #[doc(hidden)]
    fn notify_type_text(&self) -> Option<&str>;
    /// `result.resultStatus` as received.
    #[doc(hidden)]
    fn status_text(&self) -> Option<&str>;
    /// The further action of `result.resultCode` in the API's table.
    #[doc(hidden)]
    fn code_action(&self) -> Option<FurtherAction>;
    /// The decision refined by a field of the message that tells the result
    /// itself (the spec's `outcome_field`, [`Outcome::refine`]); unchanged by default.
    #[doc(hidden)]
    fn refine(&self, decided: Outcome) -> Outcome {
        decided
    }

    /// The decision this notification carries, by `result.resultStatus`: S
    /// succeeded (pending under a notifyType of [`NotifyMessage::PENDING_NOTIFY_TYPES`],
    /// where S means "being processed"), F failed with the code's further
    /// action, U pending (naming [`NotifyMessage::INQUIRY`]); unrecognised for a
    /// notifyType the API does not list or a missing or unknown status. The
    /// result-code table's status letter is never the decider. The impl's
    /// docs say what else decides for the API.
    fn outcome(&self) -> Outcome {
        let decided = Outcome::decide(
            self.notify_type_text(),
            Self::NOTIFY_TYPES,
            Self::PENDING_NOTIFY_TYPES,
            self.status_text(),
            || self.code_action(),
        );
        self.refine(decided).inquire_with(Self::INQUIRY)
    }
}

impl Outcome {
    /// Decides from the message's values (what [`NotifyMessage::outcome`] calls).
    ///
    /// `notify_type` is the value received; `known` lists the API's notifyTypes,
    /// `pending` those the spec marks pending; `status` is `result.resultStatus`;
    /// `action` looks up the further action of the result code, asked only for a failure.
    pub fn decide(
        notify_type: Option<&str>,
        known: &[&str],
        pending: &[&str],
        status: Option<&str>,
        action: impl FnOnce() -> Option<FurtherAction>,
    ) -> Outcome {
        let Some(t) = notify_type.filter(|t| known.contains(t)) else {
            return Outcome::Unrecognised;
        };
        match status.and_then(Status::from_letter) {
            // Under a pending notifyType S means "being processed" (DOC-NP); F still means failed.
            Some(Status::S) if pending.contains(&t) => Outcome::Pending { inquiry: None },
            Some(Status::S) => Outcome::Succeeded,
            Some(Status::F) => Outcome::Failed { action: action() },
            Some(Status::U) => Outcome::Pending { inquiry: None },
            None => Outcome::Unrecognised,
        }
    }

    /// A pending outcome with the API to inquire with; other outcomes unchanged.
    pub fn inquire_with(self, api: Option<&'static str>) -> Outcome {
        match self {
            Outcome::Pending { .. } => Outcome::Pending { inquiry: api },
            other => other,
        }
    }

    /// Refines the decision by a field of the message that tells the result
    /// itself (notifyRefund's `refundStatus`, the spec's `outcome_field`):
    /// with `resultStatus` S, a value in `succeeded` is succeeded, one in
    /// `failed` is failed (with no further action: the result code said
    /// success), and any other value, or none, is unrecognised (do not act;
    /// keep it for a person). With F, a value in `succeeded` contradicts the
    /// status: unrecognised; otherwise failed as decided. Pending and
    /// unrecognised stay as they are.
    pub fn refine(self, value: Option<&str>, succeeded: &[&str], failed: &[&str]) -> Outcome {
        let said = |list: &[&str]| value.is_some_and(|v| list.contains(&v));
        match self {
            Outcome::Succeeded if said(succeeded) => Outcome::Succeeded,
            Outcome::Succeeded if said(failed) => Outcome::Failed { action: None },
            Outcome::Succeeded => Outcome::Unrecognised,
            Outcome::Failed { .. } if said(succeeded) => Outcome::Unrecognised,
            other => other,
        }
    }

    /// For a pending outcome, the request API to inquire with, when the spec names one.
    pub fn inquiry(self) -> Option<&'static str> {
        match self {
            Outcome::Pending { inquiry } => inquiry,
            _ => None,
        }
    }

    /// `succeeded`, `failed`, `pending` or `unrecognised`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Succeeded => "succeeded",
            Outcome::Failed { .. } => "failed",
            Outcome::Pending { .. } => "pending",
            Outcome::Unrecognised => "unrecognised",
        }
    }

    /// Whether the outcome is final (succeeded or failed).
    pub fn is_final(self) -> bool {
        matches!(self, Outcome::Succeeded | Outcome::Failed { .. })
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(status: &str) -> Outcome {
        Outcome::decide(Some("T"), &["T", "P"], &["P"], Some(status), || {
            Some(FurtherAction::DoNotRetry)
        })
    }

    #[test]
    fn a_field_of_the_message_refines_the_status() {
        let refine =
            |status: &str, v: Option<&str>| decide(status).refine(v, &["SUCCESS"], &["FAIL"]);
        assert_eq!(refine("S", Some("SUCCESS")), Outcome::Succeeded);
        assert_eq!(refine("S", Some("FAIL")), Outcome::Failed { action: None });
        assert_eq!(refine("S", Some("LATER")), Outcome::Unrecognised);
        assert_eq!(refine("S", None), Outcome::Unrecognised);
        assert_eq!(
            refine("F", Some("FAIL")),
            Outcome::Failed {
                action: Some(FurtherAction::DoNotRetry)
            }
        );
        assert_eq!(
            refine("F", None),
            Outcome::Failed {
                action: Some(FurtherAction::DoNotRetry)
            }
        );
        assert_eq!(refine("F", Some("SUCCESS")), Outcome::Unrecognised);
        assert_eq!(
            refine("U", Some("SUCCESS")),
            Outcome::Pending { inquiry: None }
        );
        assert_eq!(refine("X", Some("SUCCESS")), Outcome::Unrecognised);
    }

    /// A notification as the generator emits one: notifyTypes `T` and `P`
    /// (pending), an inquiry, and a field that refines an S.
    struct Note {
        notify_type: &'static str,
        status: &'static str,
        refund_status: Option<&'static str>,
    }

    impl NotifyMessage for Note {
        const NOTIFY_TYPES: &'static [&'static str] = &["T", "P"];
        const PENDING_NOTIFY_TYPES: &'static [&'static str] = &["P"];
        const INQUIRY: Option<&'static str> = Some("inquiryX");
        fn notify_type_text(&self) -> Option<&str> {
            Some(self.notify_type)
        }
        fn status_text(&self) -> Option<&str> {
            Some(self.status)
        }
        fn code_action(&self) -> Option<FurtherAction> {
            Some(FurtherAction::NewRequestId)
        }
        fn refine(&self, decided: Outcome) -> Outcome {
            decided.refine(self.refund_status, &["SUCCESS"], &["FAIL"])
        }
    }

    #[test]
    fn a_notification_decides_by_its_data_and_values() {
        let note = |notify_type, status, refund_status| Note {
            notify_type,
            status,
            refund_status,
        };
        assert_eq!(
            note("T", "S", Some("SUCCESS")).outcome(),
            Outcome::Succeeded
        );
        assert_eq!(
            note("T", "S", Some("FAIL")).outcome(),
            Outcome::Failed { action: None }
        );
        assert_eq!(note("T", "S", None).outcome(), Outcome::Unrecognised);
        assert_eq!(
            note("T", "F", None).outcome(),
            Outcome::Failed {
                action: Some(FurtherAction::NewRequestId)
            }
        );
        let pending = Outcome::Pending {
            inquiry: Some("inquiryX"),
        };
        assert_eq!(note("T", "U", None).outcome(), pending);
        assert_eq!(note("P", "S", Some("SUCCESS")).outcome(), pending);
        assert_eq!(
            note("X", "S", Some("SUCCESS")).outcome(),
            Outcome::Unrecognised
        );
    }

    #[test]
    fn a_pending_outcome_names_the_inquiry_and_nothing_else_changes() {
        let api = Some("inquiryPayment");
        assert_eq!(
            decide("U").inquire_with(api),
            Outcome::Pending { inquiry: api }
        );
        assert_eq!(decide("U").inquire_with(api).inquiry(), api);
        assert_eq!(decide("U").inquiry(), None);
        assert_eq!(decide("S").inquire_with(api), Outcome::Succeeded);
        assert_eq!(
            decide("F").inquire_with(api),
            Outcome::Failed {
                action: Some(FurtherAction::DoNotRetry)
            }
        );
        assert_eq!(decide("X").inquire_with(api), Outcome::Unrecognised);
        assert_eq!(decide("S").inquire_with(api).inquiry(), None);
        // S under a pending notifyType is pending, and names the inquiry too.
        let p = Outcome::decide(Some("P"), &["T", "P"], &["P"], Some("S"), || None);
        assert_eq!(p.inquire_with(api).inquiry(), api);
        assert_eq!(p.as_str(), "pending");
    }
}
