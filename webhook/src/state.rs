//! Idempotency as a pure state machine: what is recorded for a key, what
//! arrives, what to do. No I/O here; every store applies [`decide`] inside
//! its own transaction.

use std::fmt;

/// What a notification says about its request, for idempotency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Not final (`resultStatus` U, or a notifyType the spec marks pending).
    Pending,
    /// Final success.
    Succeeded,
    /// Final failure.
    Failed,
}

impl Status {
    /// The final result this status is, if it is one.
    pub fn as_final(self) -> Option<Final> {
        match self {
            Status::Pending => None,
            Status::Succeeded => Some(Final::Succeeded),
            Status::Failed => Some(Final::Failed),
        }
    }

    /// `pending`, `succeeded` or `failed` (as stores write it).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Succeeded => "succeeded",
            Status::Failed => "failed",
        }
    }
}

/// A final result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Final {
    /// Fulfil.
    Succeeded,
    /// Do not fulfil.
    Failed,
}

impl Final {
    /// `succeeded` or `failed`.
    pub fn as_str(self) -> &'static str {
        self.status().as_str()
    }

    /// As a [`Status`].
    pub fn status(self) -> Status {
        match self {
            Final::Succeeded => Status::Succeeded,
            Final::Failed => Status::Failed,
        }
    }
}

impl fmt::Display for Final {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The idempotency key: the API (its name in the documents, `notifyPayment`)
/// and the request id the notification is about (`paymentRequestId`, ...).
/// Not the notifyType (PAYMENT_PENDING and PAYMENT_RESULT of one payment share
/// a key) and not the status (a pending result and the final one share a key).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// The API's name in the documents.
    pub api: String,
    /// The merchant's request id the notification reports on.
    pub request_id: String,
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.api, self.request_id)
    }
}

/// What a store holds for a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// Never seen.
    Nothing,
    /// Only pending results so far.
    Pending,
    /// A final result, acted on.
    Final(Final),
}

/// What to do with a notification, given what is recorded for its key.
/// Every decision is acknowledged once the store has committed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The first result for the key, pending: record it; nothing to act on.
    RecordPending,
    /// Pending again: nothing changes.
    PendingAgain,
    /// The first final result: record it and act on it, in one transaction.
    Act(Final),
    /// The final result already acted on, again (Alipay's resends): nothing changes.
    Duplicate(Final),
    /// A pending result after the final one: ignored.
    PendingAfterFinal(Final),
    /// A final result that contradicts the one acted on (F after S): recorded
    /// as a conflict and surfaced, never acted on.
    Conflict {
        /// The final result acted on.
        acted: Final,
        /// The contradicting one just received.
        received: Final,
    },
}

impl Decision {
    /// What is recorded for the key after this decision.
    pub fn next(self) -> Recorded {
        match self {
            Decision::RecordPending | Decision::PendingAgain => Recorded::Pending,
            Decision::Act(f) | Decision::Duplicate(f) | Decision::PendingAfterFinal(f) => {
                Recorded::Final(f)
            }
            Decision::Conflict { acted, .. } => Recorded::Final(acted),
        }
    }

    /// Whether the merchant's action runs.
    pub fn acts(self) -> bool {
        matches!(self, Decision::Act(_))
    }

    /// A short name for logs: `record_pending`, `pending_again`, `act`,
    /// `duplicate`, `pending_after_final`, `conflict`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::RecordPending => "record_pending",
            Decision::PendingAgain => "pending_again",
            Decision::Act(_) => "act",
            Decision::Duplicate(_) => "duplicate",
            Decision::PendingAfterFinal(_) => "pending_after_final",
            Decision::Conflict { .. } => "conflict",
        }
    }
}

/// The transition function (see the crate docs' table).
pub fn decide(recorded: Recorded, incoming: Status) -> Decision {
    match (recorded, incoming.as_final()) {
        (Recorded::Nothing, None) => Decision::RecordPending,
        (Recorded::Pending, None) => Decision::PendingAgain,
        (Recorded::Nothing | Recorded::Pending, Some(f)) => Decision::Act(f),
        (Recorded::Final(acted), None) => Decision::PendingAfterFinal(acted),
        (Recorded::Final(acted), Some(received)) if acted == received => Decision::Duplicate(acted),
        (Recorded::Final(acted), Some(received)) => Decision::Conflict { acted, received },
    }
}

/// Parses what stores write ([`Status::as_str`]).
pub fn recorded_from_str(s: &str) -> Option<Recorded> {
    match s {
        "pending" => Some(Recorded::Pending),
        "succeeded" => Some(Recorded::Final(Final::Succeeded)),
        "failed" => Some(Recorded::Final(Final::Failed)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Status; 3] = [Status::Pending, Status::Succeeded, Status::Failed];

    /// Every sequence of up to `n` arrivals over {pending, succeeded, failed}.
    pub(crate) fn sequences(n: usize) -> Vec<Vec<Status>> {
        let mut out = vec![Vec::new()];
        let mut frontier = vec![Vec::new()];
        for _ in 0..n {
            let mut next = Vec::new();
            for s in &frontier {
                for st in ALL {
                    let mut t: Vec<Status> = s.clone();
                    t.push(st);
                    next.push(t);
                }
            }
            out.extend(next.iter().cloned());
            frontier = next;
        }
        out
    }

    #[test]
    fn the_table() {
        use Decision::*;
        use Final::*;
        let f = |r, s| decide(r, s);
        assert_eq!(f(Recorded::Nothing, Status::Pending), RecordPending);
        assert_eq!(f(Recorded::Pending, Status::Pending), PendingAgain);
        assert_eq!(f(Recorded::Nothing, Status::Succeeded), Act(Succeeded));
        assert_eq!(f(Recorded::Pending, Status::Failed), Act(Failed));
        assert_eq!(
            f(Recorded::Final(Succeeded), Status::Succeeded),
            Duplicate(Succeeded)
        );
        assert_eq!(
            f(Recorded::Final(Succeeded), Status::Pending),
            PendingAfterFinal(Succeeded)
        );
        assert_eq!(
            f(Recorded::Final(Succeeded), Status::Failed),
            Conflict {
                acted: Succeeded,
                received: Failed
            }
        );
        assert_eq!(
            f(Recorded::Final(Failed), Status::Succeeded),
            Conflict {
                acted: Failed,
                received: Succeeded
            }
        );
    }

    /// Every interleaving of up to 5 arrivals for one key: the first final
    /// result is acted on exactly once, pending never blocks it, every later
    /// different final is a conflict, every later pending is ignored.
    #[test]
    fn every_interleaving() {
        let seqs = sequences(5);
        assert_eq!(seqs.len(), 1 + 3 + 9 + 27 + 81 + 243);
        for seq in seqs {
            let mut recorded = Recorded::Nothing;
            let mut acted = Vec::new();
            let mut conflicts = 0;
            for &s in &seq {
                let d = decide(recorded, s);
                if let Decision::Act(f) = d {
                    acted.push(f);
                }
                if matches!(d, Decision::Conflict { .. }) {
                    conflicts += 1;
                }
                recorded = d.next();
            }
            let first_final = seq.iter().find_map(|s| s.as_final());
            match first_final {
                None => {
                    assert!(acted.is_empty(), "{seq:?}");
                    let expect = if seq.is_empty() {
                        Recorded::Nothing
                    } else {
                        Recorded::Pending
                    };
                    assert_eq!(recorded, expect, "{seq:?}");
                }
                Some(f) => {
                    assert_eq!(acted, vec![f], "{seq:?}");
                    assert_eq!(recorded, Recorded::Final(f), "{seq:?}");
                    let contradicting = seq
                        .iter()
                        .filter_map(|s| s.as_final())
                        .filter(|g| *g != f)
                        .count();
                    assert_eq!(conflicts, contradicting, "{seq:?}");
                }
            }
        }
    }

    #[test]
    fn stored_names_round_trip() {
        for s in ALL {
            let r = recorded_from_str(s.as_str());
            assert_eq!(r, Some(decide(Recorded::Nothing, s).next()));
        }
        assert_eq!(recorded_from_str("x"), None);
    }
}
