//! The runtime of the code `alipay-codegen` generates, as `prost` is the
//! runtime of the code `prost-build` generates: generated models name it by
//! absolute path (`::alipay_runtime::...`), so they can be included in any
//! module of any crate, of edition 2021 or 2024.
//!
//! It holds what is the same for every message: result statuses and further
//! actions ([`Status`], [`FurtherAction`]), the decision a notification
//! carries ([`Outcome`]), what a check finds ([`Violation`], [`Notice`],
//! [`Findings`]), the typed wire values ([`Wired`]), the rule primitives
//! ([`rules`], also used by the generator's lint, so each rule has one
//! implementation) and, with the cargo feature `signature`, Alipay's
//! signatures and the intake of notifications ([`signature`]).
//!
//! # Wire values
//!
//! Alipay carries integers, booleans, decimals and date-times as JSON strings
//! (`"value": "1000"`), sometimes natively (`"guaranteed": false`). A
//! [`Wired<T>`] keeps the JSON value exactly as received (so serializing it
//! gives back the same form, the same text) and the typed value parsed from it
//! when it parses. A malformed value (`"12a"`, `"not-a-date"`) is not a parse
//! failure: it is kept, [`Wired::value`] returns `None`, and `validate()`
//! reports it with its path.
//!
//! # Validation
//!
//! `validate()` walks a message and records a [`Violation`] for every broken
//! rule. Paths are built as a chain of segments on the stack and only
//! rendered to a JSON pointer when a violation is recorded, so validating a
//! valid message allocates nothing.
//!
//! # Features
//!
//! - `signature`: [`signature`] (aws-lc-rs, base64, bytes, http).
//! - `client`: [`client`], a typed client calling every request API over
//!   reqwest (with `signature`); `client-rustls` adds TLS (rustls on
//!   aws-lc-rs, webpki roots): without it only `http://` gateways can be called.
//! - `schemars`: `JsonSchema` for the wire values, so generated types can derive it.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The derive macros name the runtime by absolute path; its own tests use them too.
#[cfg(test)]
extern crate self as alipay_runtime;

mod call;
#[cfg(feature = "client")]
pub mod client;
mod codes;
mod json;
mod message;
mod outcome;
mod report;
pub mod rules;
#[cfg(feature = "signature")]
pub mod signature;
mod wire;

pub use call::{Call, CallVisitor};
pub use codes::{CodeRow, FurtherAction, ResultCode, SharedCodes, Status};
pub use json::FromJsonError;
pub use message::{CheckedView, Message, Notify};
pub use outcome::{NotifyMessage, Outcome};
pub use report::{Findings, Format, Notice, Rule, Violation, Wire};
pub use wire::{
    BooleanValue, DateTimeValue, DecimalText, DecimalValue, IntegerValue, WireEnum, WireForm,
    WireText, Wired,
};

/// What only generated code uses: not part of the public API, and hidden
/// from the documentation so a merchant's rustdoc shows their own types.
#[doc(hidden)]
pub mod __private {
    pub use crate::__checked_serialize as checked_serialize;
    pub use crate::__result_code_impls as result_code_impls;
    pub use crate::__result_code_schema as result_code_schema;
    pub use crate::call::{Call, CallVisitor};
    #[cfg(feature = "schemars")]
    pub use crate::codes::result_code_schema;
    pub use crate::codes::{
        code_of, CodeRow, CodeVariants, FurtherAction, ResultCode, SharedCodes, Status,
    };
    pub use crate::json::{
        classify, deserialize_lenient, is_none, none, notify_type, parse, serialize_checked,
        to_vec, Extra, FromJsonError, Lenient, SerializeUnchecked, Text, Unchecked,
    };
    pub use crate::message::{CheckedView, Message, Notify};
    pub use crate::outcome::{NotifyMessage, Outcome};
    pub use crate::report::{
        violations_text, Findings, Format, Notice, Path, Report, Rule, Violation, Wire,
    };
    pub use crate::rules::{
        check_boolean, check_datetime, check_decimal, check_enum, check_extra, check_fixed,
        check_integer, check_narrowed, check_one_of, check_str, holds, required,
    };
    pub use crate::wire::{
        text_of, BooleanValue, DateTimeValue, DecimalText, DecimalValue, IntegerValue, WireEnum,
        WireForm, WireText, WireValue, Wired,
    };
    /// `#[derive(CodeEnum)]`: the variants and text forms of a result-code enum.
    pub use alipay_runtime_derive::CodeEnum;
    /// `#[derive(Lenient)]`: `Deserialize` and the `Lenient` impl of a struct Alipay sends.
    pub use alipay_runtime_derive::Lenient;
    // The crates generated code names through the runtime, so that the
    // including crate needs no dependency of its own on them.
    pub use chrono;
    #[cfg(feature = "schemars")]
    pub use schemars;
    pub use serde;
    pub use serde_json;
}
