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

impl Outcome {
    /// Decides from the message's values (what the generated `outcome()` methods call).
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
