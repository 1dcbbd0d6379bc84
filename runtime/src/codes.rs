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

impl CodeRow {
    /// A row with its code and status; the other columns start empty and
    /// are set with the methods below (how a generated table writes a code
    /// its API's document words in its own way, one column a line).
    pub const fn new(code: &'static str, status: Status) -> CodeRow {
        CodeRow {
            code,
            status,
            further_action: None,
            message: "",
            message_zh: None,
            action_text: None,
        }
    }

    /// The row with this message.
    pub const fn message(self, message: &'static str) -> CodeRow {
        CodeRow { message, ..self }
    }

    /// The row with this further action.
    pub const fn action(self, further_action: FurtherAction) -> CodeRow {
        CodeRow {
            further_action: Some(further_action),
            ..self
        }
    }

    /// The row with the message column of the Chinese document.
    pub const fn message_zh(self, message_zh: &'static str) -> CodeRow {
        CodeRow {
            message_zh: Some(message_zh),
            ..self
        }
    }

    /// The row with the further-action text.
    pub const fn action_text(self, action_text: &'static str) -> CodeRow {
        CodeRow {
            action_text: Some(action_text),
            ..self
        }
    }

    /// The row with another further action: a notification's row of a code
    /// whose table (copied from a synchronous API) speaks to that API's caller.
    pub const fn with_further_action(self, further_action: Option<FurtherAction>) -> CodeRow {
        CodeRow {
            further_action,
            ..self
        }
    }
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

/// An API's result code (`result.resultCode`): what every generated
/// `<Api>ResultCode` enum implements, as every prost message implements
/// `prost::Message`. The enum gives its data (the document's [`CodeRow`]s and
/// the shared definitions; its known variants, in the same order, and its
/// `Unknown(String)` variant are derived); every accessor is a default method here.
///
/// Bring it into scope (`use alipay_runtime::ResultCode;`, or the generated
/// crate's re-export) to call `from_code`, `status`, `further_action`, ... on a code.
pub trait ResultCode: Sized + Clone + PartialEq + CodeVariants + 'static {
    /// The table of the API's document, in its order (`Unknown` has no row).
    const TABLE: &'static [CodeRow];
    /// The codes of the shared list this API defines as its own: they have
    /// no shared definition.
    #[doc(hidden)]
    const NOT_SHARED: &'static [&'static str] = &[];
    /// The shared definitions (the generated `codes::SharedCode`).
    type Shared: SharedCodes;

    /// The shared definition, for codes shared with other APIs.
    fn shared(&self) -> Option<Self::Shared> {
        let code = self.row()?.code;
        if Self::NOT_SHARED.contains(&code) {
            return None;
        }
        Self::Shared::lookup(code)
    }

    /// The code for a `resultCode`; never fails (a code the spec does not
    /// list is kept in `Unknown`).
    fn from_code(code: &str) -> Self {
        Self::TABLE
            .iter()
            .position(|r| r.code == code)
            .and_then(|i| Self::KNOWN.get(i))
            .cloned()
            .unwrap_or_else(|| Self::unknown(code.to_owned()))
    }

    /// The code's row of [`ResultCode::TABLE`]; `None` for unknown codes.
    fn row(&self) -> Option<&'static CodeRow> {
        if self.unknown_code().is_some() {
            return None;
        }
        let i = Self::KNOWN.iter().position(|k| k == self)?;
        Self::TABLE.get(i)
    }

    /// `result.resultCode`.
    fn as_str(&self) -> &str {
        match self.unknown_code() {
            Some(s) => s,
            None => self.row().map_or("", |r| r.code),
        }
    }

    /// The status the table gives the code; `None` for unknown codes.
    fn status(&self) -> Option<Status> {
        self.row().map(|r| r.status)
    }

    /// What a program should do; `None` for unknown codes and undocumented
    /// actions. In a notification, a code the table gives status U says what
    /// the receiver does ([`FurtherAction::WaitOrInquire`]), not the
    /// synchronous API's caller.
    fn further_action(&self) -> Option<FurtherAction> {
        self.row().and_then(|r| r.further_action)
    }

    /// The message column of the API's table.
    fn message(&self) -> Option<&'static str> {
        self.row().map(|r| r.message)
    }

    /// The message column of the Chinese document; `None` where the spec
    /// marks it mistranslated (the variant's docs say what it says).
    fn message_zh(&self) -> Option<&'static str> {
        self.row().and_then(|r| r.message_zh)
    }

    /// The further-action text, verbatim.
    fn action_text(&self) -> Option<&'static str> {
        self.row().and_then(|r| r.action_text)
    }

    /// Whether the spec lists the code for the API.
    fn is_known(&self) -> bool {
        self.unknown_code().is_none()
    }
}

/// The variants of a generated result-code enum: its known ones, in the
/// order of its table, and `Unknown(String)`. Derived
/// (`#[derive(CodeEnum)]`, from the enum itself), so that the generated
/// [`ResultCode`] impl holds only the API's data.
#[doc(hidden)]
pub trait CodeVariants: Sized + 'static {
    /// The known variants, in the order of [`ResultCode::TABLE`].
    const KNOWN: &'static [Self];
    /// A code the spec does not list (`Unknown(code)`).
    fn unknown(code: String) -> Self;
    /// The code kept by `Unknown`; `None` for a known code.
    fn unknown_code(&self) -> Option<&str>;
}

/// The shared definitions of result codes (the generated `codes::SharedCode`),
/// which [`ResultCode::shared`] looks a code up in.
pub trait SharedCodes: Sized {
    /// The shared definition with this `resultCode`.
    fn lookup(code: &str) -> Option<Self>;
}

/// The result code of a message's `result.resultCode` (`None` when absent
/// or not a JSON string): the body of every generated `result_code()`.
pub fn code_of<C: ResultCode>(code: Option<&impl crate::WireText>) -> Option<C> {
    code.and_then(crate::WireText::wire_text).map(C::from_code)
}

/// `From<&str>`, `FromStr`, `Display`, `Error`, `Serialize` and
/// `Deserialize` through [`ResultCode`], for a generated result-code enum:
/// part of what `#[derive(CodeEnum)]` writes.
#[doc(hidden)]
#[macro_export]
macro_rules! __result_code_impls {
    ($ty:ident) => {
        impl ::core::convert::From<&str> for $ty {
            fn from(s: &str) -> Self {
                <Self as $crate::ResultCode>::from_code(s)
            }
        }
        impl ::core::str::FromStr for $ty {
            type Err = ::core::convert::Infallible;
            // Not `Self::Err`: a variant named `Err` would make it ambiguous.
            fn from_str(s: &str) -> ::core::result::Result<Self, ::core::convert::Infallible> {
                ::core::result::Result::Ok(<Self as $crate::ResultCode>::from_code(s))
            }
        }
        impl ::core::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str($crate::ResultCode::as_str(self))
            }
        }
        impl ::std::error::Error for $ty {}
        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str($crate::ResultCode::as_str(self))
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let s = <$crate::__private::Text<'de> as $crate::__private::serde::Deserialize>::deserialize(d)?;
                ::core::result::Result::Ok(<Self as $crate::ResultCode>::from_code(s.as_str()))
            }
        }
    };
}

/// `schemars::JsonSchema` (feature `schemars`) for a generated result-code
/// enum: any string, the codes of its table as examples (an unlisted one is
/// kept in `Unknown`). One line of generated code, under the including
/// crate's own `cfg`.
#[doc(hidden)]
#[macro_export]
macro_rules! __result_code_schema {
    ($ty:ident) => {
        /// Any string: the known values are examples, an unlisted one is kept in `Unknown`.
        impl $crate::__private::schemars::JsonSchema for $ty {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::core::stringify!($ty).into()
            }
            fn json_schema(
                _: &mut $crate::__private::schemars::SchemaGenerator,
            ) -> $crate::__private::schemars::Schema {
                $crate::__private::result_code_schema::<$ty>()
            }
        }
    };
}

/// The schema of every result-code enum (see `result_code_schema!`).
#[cfg(feature = "schemars")]
pub fn result_code_schema<T: ResultCode>() -> schemars::Schema {
    let examples: Vec<&str> = T::TABLE.iter().map(|r| r.code).collect();
    schemars::json_schema!({ "type": "string", "examples": examples })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ResultCode;

    /// The shared definitions of the test: the generated `codes::SharedCode`.
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Shared {
        Success,
        Odd,
    }

    impl SharedCodes for Shared {
        fn lookup(code: &str) -> Option<Shared> {
            match code {
                "SUCCESS" => Some(Shared::Success),
                "ODD" => Some(Shared::Odd),
                _ => None,
            }
        }
    }

    /// A code enum as the generator emits one: `ODD` is in the shared list,
    /// but this API defines it as its own.
    #[derive(Debug, Clone, PartialEq, crate::__private::CodeEnum)]
    enum Code {
        Success,
        InProcess,
        Odd,
        Unknown(String),
    }

    impl ResultCode for Code {
        const TABLE: &'static [CodeRow] = &[
            CodeRow {
                code: "SUCCESS",
                status: Status::S,
                further_action: Some(FurtherAction::None),
                message: "Success",
                message_zh: Some("成功"),
                action_text: None,
            },
            CodeRow::new("IN_PROCESS", Status::U)
                .action(FurtherAction::WaitOrInquire)
                .message("Processing.")
                .action_text("Wait or inquire."),
            CodeRow::new("ODD", Status::F)
                .message("Odd.")
                .message_zh("奇怪。"),
        ];
        const NOT_SHARED: &'static [&'static str] = &["ODD"];
        type Shared = Shared;
    }

    #[test]
    fn the_derived_variants_are_the_enums_in_order() {
        assert_eq!(Code::KNOWN, [Code::Success, Code::InProcess, Code::Odd]);
        assert_eq!(Code::unknown("X".into()), Code::Unknown("X".into()));
        assert_eq!(Code::Odd.unknown_code(), None);
        assert_eq!(Code::Unknown("X".into()).unknown_code(), Some("X"));
    }

    #[test]
    fn every_accessor_reads_the_row_and_unknown_codes_are_kept() {
        let ok = Code::from_code("SUCCESS");
        assert_eq!(ok, Code::Success);
        assert_eq!(ok.row(), Some(&Code::TABLE[0]));
        assert_eq!(ok.as_str(), "SUCCESS");
        assert_eq!(ok.status(), Some(Status::S));
        assert_eq!(ok.further_action(), Some(FurtherAction::None));
        assert_eq!(ok.message(), Some("Success"));
        assert_eq!(ok.message_zh(), Some("成功"));
        assert_eq!(ok.action_text(), None);
        assert_eq!(ok.shared(), Some(Shared::Success));
        assert!(ok.is_known());

        // A U code says what the receiver does; a withheld (mistranslated) text is `None`.
        let u = Code::from_code("IN_PROCESS");
        assert_eq!(u, Code::InProcess);
        assert_eq!(u.status(), Some(Status::U));
        assert_eq!(u.further_action(), Some(FurtherAction::WaitOrInquire));
        assert_eq!(u.message_zh(), None);
        assert_eq!(u.action_text(), Some("Wait or inquire."));
        assert_eq!(u.shared(), None);

        let odd = Code::from_code("ODD");
        assert_eq!((odd.as_str(), odd.further_action()), ("ODD", None));
        // In the shared list, but this API's own definition.
        assert_eq!(Shared::lookup("ODD"), Some(Shared::Odd));
        assert_eq!(odd.shared(), None);

        let unknown = Code::from_code("FRAUD_REJECT");
        assert_eq!(unknown, Code::Unknown("FRAUD_REJECT".into()));
        assert_eq!(unknown.as_str(), "FRAUD_REJECT");
        assert_eq!(unknown.row(), None);
        assert_eq!(unknown.status(), None);
        assert_eq!(unknown.message(), None);
        assert_eq!(unknown.shared(), None);
        assert!(!unknown.is_known());
        // A code that differs from a known one only in case is not that code.
        assert_eq!(Code::from_code("success"), Code::Unknown("success".into()));
    }

    #[cfg(feature = "schemars")]
    crate::__private::result_code_schema!(Code);

    #[cfg(feature = "schemars")]
    #[test]
    fn the_schema_is_any_string_with_the_table_as_examples() {
        let s = schemars::schema_for!(Code);
        assert_eq!(s.get("type"), Some(&serde_json::json!("string")));
        assert_eq!(
            s.get("examples"),
            Some(&serde_json::json!(["SUCCESS", "IN_PROCESS", "ODD"]))
        );
    }

    #[test]
    fn a_row_built_column_by_column_is_the_literal_row() {
        let built = CodeRow::new("X", Status::F)
            .action(FurtherAction::FixRequest)
            .message("m")
            .message_zh("z")
            .action_text("t");
        let literal = CodeRow {
            code: "X",
            status: Status::F,
            further_action: Some(FurtherAction::FixRequest),
            message: "m",
            message_zh: Some("z"),
            action_text: Some("t"),
        };
        assert_eq!(built, literal);
        let bare = CodeRow::new("Y", Status::U).message("n");
        assert_eq!(
            (bare.further_action, bare.message_zh, bare.action_text),
            (None, None, None)
        );
    }

    #[test]
    fn code_of_reads_a_wire_text() {
        let text = String::from("IN_PROCESS");
        assert_eq!(code_of::<Code>(Some(&text)), Some(Code::InProcess));
        assert_eq!(code_of::<Code>(None::<&String>), None);
        let native = crate::Wired::<bool>::from_raw(serde_json::json!(1));
        assert_eq!(code_of::<Code>(Some(&native)), None);
    }

    #[test]
    fn text_forms_round_trip_through_the_table() {
        let c: Code = "IN_PROCESS".parse().unwrap();
        assert_eq!(c, Code::InProcess);
        assert_eq!(Code::from("ODD"), Code::Odd);
        assert_eq!(c.to_string(), "IN_PROCESS");
        assert_eq!(serde_json::to_string(&c).unwrap(), r#""IN_PROCESS""#);
        let back: Code = serde_json::from_str(r#""IN_PROCESS""#).unwrap();
        assert_eq!(back, c);
        let kept: Code = serde_json::from_str(r#""NEW_CODE""#).unwrap();
        assert_eq!(kept, Code::Unknown("NEW_CODE".into()));
        assert_eq!(serde_json::to_string(&kept).unwrap(), r#""NEW_CODE""#);
        assert!(serde_json::from_str::<Code>("1").is_err());
        let e: &dyn std::error::Error = &c;
        assert_eq!(e.to_string(), "IN_PROCESS");
    }
}
