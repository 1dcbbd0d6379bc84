//! Result statuses, further actions and rows of the result-code tables.

use std::fmt;

/// `result.resultStatus`: what a result code says about the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Success.
    S,
    /// Failure: final.
    F,
    /// Unknown: not final yet.
    U,
}

impl Status {
    /// The letter on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::S => "S",
            Status::F => "F",
            Status::U => "U",
        }
    }

    /// `S`, `F` or `U`; anything else is `None`.
    pub fn from_letter(s: &str) -> Option<Status> {
        match s {
            "S" => Some(Status::S),
            "F" => Some(Status::F),
            "U" => Some(Status::U),
            _ => None,
        }
    }

    /// `success`, `failure` or `unknown`.
    pub fn meaning(self) -> &'static str {
        match self {
            Status::S => "success",
            Status::F => "failure",
            Status::U => "unknown",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a program should do about a result code (the further-action column, as data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FurtherAction {
    /// Nothing: the operation succeeded.
    None,
    /// Call again with the same request id.
    Retry,
    /// Start over with a new request id.
    NewRequestId,
    /// Not final yet: wait for the notification or inquire.
    WaitOrInquire,
    /// Do not retry; a person must look.
    DoNotRetry,
    /// The request is wrong: fix it, then send again.
    FixRequest,
}

/// One row of an API's result-code table (`<Api>ResultCode::TABLE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CodeRow {
    /// `result.resultCode`.
    pub code: &'static str,
    /// The status letter the table gives the code.
    pub status: Status,
    /// The further-action column as data; `None` when the document gives none.
    pub further_action: Option<FurtherAction>,
    /// The message column.
    pub message: &'static str,
    /// The message column of the Chinese document, where it has one.
    pub message_zh: Option<&'static str>,
    /// The further-action column, verbatim.
    pub action_text: Option<&'static str>,
}

impl FurtherAction {
    /// `none`, `retry`, `new_request_id`, `wait_or_inquire`, `do_not_retry` or `fix_request`.
    pub fn as_str(self) -> &'static str {
        match self {
            FurtherAction::None => "none",
            FurtherAction::Retry => "retry",
            FurtherAction::NewRequestId => "new_request_id",
            FurtherAction::WaitOrInquire => "wait_or_inquire",
            FurtherAction::DoNotRetry => "do_not_retry",
            FurtherAction::FixRequest => "fix_request",
        }
    }
}

impl fmt::Display for FurtherAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
