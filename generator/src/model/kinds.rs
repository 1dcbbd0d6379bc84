//! The small closed vocabularies a spec names by keyword (`direction:`,
//! `format:`, `wire:`, an action's `kind:`, a mistranslated text): the same
//! enums in the YAML format ([`crate::spec::raw`] deserializes straight into
//! them) and in the checked model, so they live here, in the model, and the
//! format borrows them. Their serde names are the spec's keywords, and their
//! schemars derives feed `spec/spec.schema.json`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Who sends an API's request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Alipay sends the request to the merchant; the merchant answers.
    Notification,
    /// The merchant sends the request; Alipay (or the wallet) answers.
    Request,
}

/// A named format a string field must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StringFormat {
    /// ISO 4217 alphabetic code: three letters A-Z.
    Currency,
    /// A JSON text carried inside a string (e.g. `{"memo":"memo"}`).
    JsonText,
}

/// How integer, decimal and boolean values travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Wire {
    /// As a JSON string (`"20"`, `"true"`): the AMS rule "set the data type of each field as String".
    String,
    /// As a JSON number or boolean.
    Native,
}

/// What a program should do about a result code.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Nothing: the operation succeeded.
    None,
    /// Call again (same request id).
    Retry,
    /// Start over with a new request id.
    NewRequestId,
    /// The outcome is not final yet: wait for the notification or inquire.
    WaitOrInquire,
    /// Do not retry; a person must look (usually Alipay Technical Support, the user or the bank).
    DoNotRetry,
    /// The request is wrong: fix it, then send again.
    FixRequest,
}

/// A translated text of a result-code row.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TranslatedText {
    /// `message_zh`.
    MessageZh,
    /// `action.text_zh`.
    ActionTextZh,
}
