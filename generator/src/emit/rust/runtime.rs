//! Runtime support shared by every generated model: violations and their
//! paths, errors, result statuses and further actions, and the typed wire
//! values.
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
//! rule. Paths are built as a chain of [`Path`] segments on the stack and only
//! rendered to a JSON pointer when a violation is recorded, so validating a
//! valid message allocates nothing.

use std::fmt;

use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde::ser::{Serialize, Serializer};
use serde_json::Value;

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
    Pending,
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
            Some(Status::S) if pending.contains(&t) => Outcome::Pending,
            Some(Status::S) => Outcome::Succeeded,
            Some(Status::F) => Outcome::Failed { action: action() },
            Some(Status::U) => Outcome::Pending,
            None => Outcome::Unrecognised,
        }
    }

    /// `succeeded`, `failed`, `pending` or `unrecognised`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Succeeded => "succeeded",
            Outcome::Failed { .. } => "failed",
            Outcome::Pending => "pending",
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

/// How an integer, decimal or boolean travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Wire {
    /// As a JSON string (`"20"`, `"true"`).
    String,
    /// As a JSON number or boolean.
    Native,
}

/// A named format a string must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// ISO 4217 alphabetic code: three letters A-Z.
    Currency,
    /// JSON text carried in a string.
    JsonText,
}

/// A rule a value breaks, with its limit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A required field is missing.
    Required,
    /// Longer than the maximum length, in characters.
    MaxLength {
        /// The maximum, in characters.
        max: u32,
        /// The value's length, in characters.
        actual: usize,
    },
    /// Not the one value allowed.
    Fixed {
        /// The value required.
        expected: &'static str,
    },
    /// Not one of the values allowed here (an enum's values or a narrowing constraint).
    NotAllowed {
        /// The values allowed.
        allowed: &'static [&'static str],
    },
    /// Not an integer (digits only, optional leading `-`).
    Integer,
    /// An integer outside the 64-bit range the value is read into
    /// (-9223372036854775808 to 9223372036854775807); the JSON Schema's
    /// pattern and bounds say the same.
    IntegerRange,
    /// Less than the minimum.
    Minimum {
        /// The smallest value allowed.
        min: i64,
    },
    /// Not a decimal number.
    Decimal,
    /// Not `true` or `false`.
    Boolean,
    /// Not an ISO 4217 currency code (three letters A-Z).
    Currency,
    /// Not a date-time with offset in a form accepted here (see [`parse_datetime`]).
    DateTime,
    /// A date-time in an ISO 8601 form other than the RFC 3339 one the
    /// documents' examples use (`2019-06-12T14:07:05+08:00`): a violation in
    /// what the merchant sends, a notice in what Alipay sends.
    DateTimeForm,
    /// Not JSON text.
    JsonText,
    /// Present although the field is only sent when a condition holds.
    PresentOnlyWhen {
        /// The condition, e.g. `result.resultStatus is S`.
        condition: &'static str,
    },
    /// Missing although the condition making it required holds.
    RequiredWhen {
        /// The condition.
        condition: &'static str,
    },
    /// A relation between two fields does not hold (reported at the second field).
    Relation {
        /// The relation, e.g. ``when `notifyType` is PAYMENT_RESULT, `result.resultStatus` is one of S, F``.
        relation: &'static str,
    },
    /// A field the spec does not list, in a message the merchant sends.
    UnknownField,
    /// The value is right but travels in the wrong JSON form (checked in messages the merchant sends).
    WireForm {
        /// `a JSON string` or `a JSON number or boolean`.
        expected: &'static str,
    },
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Required => f.write_str("required field is missing"),
            Rule::MaxLength { max, actual } => {
                write!(f, "max length {max} exceeded ({actual} characters)")
            }
            Rule::Fixed { expected } => write!(f, "must be the fixed value `{expected}`"),
            Rule::NotAllowed { allowed } => {
                f.write_str("not one of the allowed values ")?;
                for (i, a) in allowed.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(a)?;
                }
                Ok(())
            }
            Rule::Integer => f.write_str("not an integer (digits only, optional leading `-`)"),
            Rule::IntegerRange => write!(
                f,
                "an integer outside the 64-bit range ({} to {})",
                i64::MIN,
                i64::MAX
            ),
            Rule::Minimum { min } => write!(f, "less than the minimum {min}"),
            Rule::Decimal => f.write_str("not a decimal number"),
            Rule::Boolean => f.write_str("not `true` or `false`"),
            Rule::Currency => f.write_str("not an ISO 4217 currency code (three letters A-Z)"),
            Rule::DateTime => f.write_str(
                "not an ISO 8601 date-time with offset (e.g. 2019-06-12T14:07:05+08:00)",
            ),
            Rule::DateTimeForm => f.write_str(
                "an ISO 8601 date-time, but not in the RFC 3339 form of the documents' examples (YYYY-MM-DDThh:mm:ss[.f] with Z or \u{b1}hh:mm)",
            ),
            Rule::JsonText => f.write_str("not JSON text"),
            Rule::PresentOnlyWhen { condition } => {
                write!(f, "present, but only sent when {condition}")
            }
            Rule::RequiredWhen { condition } => write!(f, "required when {condition}"),
            Rule::Relation { relation } => write!(f, "does not hold: {relation}"),
            Rule::UnknownField => f.write_str("unknown field"),
            Rule::WireForm { expected } => write!(f, "must be sent as {expected}"),
        }
    }
}

/// A broken rule at a place in a message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Violation {
    /// JSON pointer (RFC 6901) to the value, e.g. `/captureAmount/value`.
    pub path: String,
    /// The rule broken.
    pub rule: Rule,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "/" } else { &self.path };
        write!(f, "{path}: {}", self.rule)
    }
}

/// Why bytes did not become a valid message.
#[derive(Debug)]
pub enum FromJsonError {
    /// Not JSON at all (syntax error, truncated input, I/O).
    NotJson(serde_json::Error),
    /// JSON, but not of the message's shape (e.g. a number where an object or a string belongs,
    /// a missing required field of a message the merchant sends, an unknown field there).
    WrongShape(serde_json::Error),
    /// The message's shape, but rules are broken: every violation.
    Invalid(Vec<Violation>),
}

impl fmt::Display for FromJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FromJsonError::NotJson(e) => write!(f, "not JSON: {e}"),
            FromJsonError::WrongShape(e) => write!(f, "JSON of the wrong shape: {e}"),
            FromJsonError::Invalid(v) => {
                write!(f, "{} rule violation(s)", v.len())?;
                for (i, v) in v.iter().enumerate() {
                    f.write_str(if i == 0 { ": " } else { "; " })?;
                    write!(f, "{v}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for FromJsonError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FromJsonError::NotJson(e) | FromJsonError::WrongShape(e) => Some(e),
            FromJsonError::Invalid(_) => None,
        }
    }
}

impl FromJsonError {
    /// The violations, when the JSON had the right shape.
    pub fn violations(&self) -> &[Violation] {
        match self {
            FromJsonError::Invalid(v) => v,
            _ => &[],
        }
    }
}

/// Classifies a serde_json error: data errors are [`FromJsonError::WrongShape`], the rest
/// [`FromJsonError::NotJson`].
pub fn classify(e: serde_json::Error) -> FromJsonError {
    match e.classify() {
        serde_json::error::Category::Data => FromJsonError::WrongShape(e),
        _ => FromJsonError::NotJson(e),
    }
}

/// Parses bytes into `T` without validating.
///
/// UTF-8 is checked once for the whole input (then serde_json skips checking
/// each string); input that is not UTF-8 goes through `from_slice`, so its
/// error is serde_json's own, with its position.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, FromJsonError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    }
    .map_err(classify)
}

/// The top-level `notifyType` of a JSON object (empty when absent or not a
/// string), read without building the object. A repeated `notifyType` key is
/// refused ([`FromJsonError::WrongShape`]), as each message's own parser
/// refuses a repeated field: the dispatcher and the parser it hands the bytes
/// to can never read different values.
pub fn notify_type(bytes: &[u8]) -> Result<String, FromJsonError> {
    struct Peek;
    impl<'de> serde::de::Visitor<'de> for Peek {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
            let mut found: Option<String> = None;
            while let Some(key) = map.next_key::<Text<'de>>()? {
                if key.as_str() == "notifyType" {
                    if found.is_some() {
                        return Err(<A::Error as serde::de::Error>::duplicate_field("notifyType"));
                    }
                    let v: Value = map.next_value()?;
                    found = Some(match v {
                        Value::String(s) => s,
                        _ => String::new(),
                    });
                } else {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
            Ok(found.unwrap_or_default())
        }
    }
    fn run<'de, R: serde_json::de::Read<'de>>(
        mut d: serde_json::Deserializer<R>,
    ) -> Result<String, serde_json::Error> {
        let t = serde::Deserializer::deserialize_map(&mut d, Peek)?;
        d.end()?;
        Ok(t)
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => run(serde_json::Deserializer::from_str(text)),
        Err(_) => run(serde_json::Deserializer::from_slice(bytes)),
    }
    .map_err(classify)
}

/// A JSON string or object key, borrowed from the input when it holds no escapes
/// (so reading a known key or enum value allocates nothing).
#[derive(Debug)]
pub struct Text<'de>(std::borrow::Cow<'de, str>);

impl<'de> Text<'de> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(std::borrow::Cow::Owned(v)))
            }
        }
        d.deserialize_string(V)
    }
}

/// A struct Alipay sends, read leniently: its generated `Deserialize` calls
/// [`deserialize_lenient`], which reads the object in one pass. Known wire
/// names go to their fields (a repeated one is an error, as with serde's
/// derive); every other key goes to the extra map (the last of repeated
/// unknown keys wins), without buffering the object as `#[serde(flatten)]`
/// would.
pub trait Lenient: Default {
    /// `struct Name`, for error messages.
    const EXPECTING: &'static str;
    /// The wire names of the known fields; an index below is into this list.
    const FIELDS: &'static [&'static str];
    /// The index of a known wire name.
    fn field_index(key: &str) -> Option<usize>;
    /// Reads the value of known field `index` into its field.
    fn read_field<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;
    /// The fields the spec does not list.
    fn extra_mut(&mut self) -> &mut serde_json::Map<String, Value>;
}

/// The one-pass `Deserialize` of every [`Lenient`] struct.
pub fn deserialize_lenient<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<T, D::Error> {
    struct Visit<T>(std::marker::PhantomData<T>);
    impl<'de, T: Lenient> serde::de::Visitor<'de> for Visit<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut value = T::default();
            // Which known fields were read: a bit set on the stack, and a
            // vector only for a struct of more than 256 fields.
            let mut seen = [0u64; 4];
            let mut seen_more = if T::FIELDS.len() > 256 {
                vec![false; T::FIELDS.len()]
            } else {
                Vec::new()
            };
            while let Some(key) = map.next_key::<Text<'de>>()? {
                match T::field_index(key.as_str()) {
                    Some(i) => {
                        let repeated = if i < 256 {
                            let (word, bit) = (i / 64, 1u64 << (i % 64));
                            let was = seen[word] & bit != 0;
                            seen[word] |= bit;
                            was
                        } else {
                            std::mem::replace(&mut seen_more[i], true)
                        };
                        if repeated {
                            return Err(<A::Error as serde::de::Error>::duplicate_field(T::FIELDS[i]));
                        }
                        value.read_field(i, &mut map)?;
                    }
                    None => {
                        let v: Value = map.next_value()?;
                        value.extra_mut().insert(key.into_string(), v);
                    }
                }
            }
            Ok(value)
        }
    }
    d.deserialize_map(Visit(std::marker::PhantomData))
}

/// Serializing without checking the rules: implemented by the messages the merchant sends,
/// whose `Serialize` refuses while a rule is broken.
pub trait SerializeUnchecked {
    /// Writes the fields as they are.
    fn serialize_unchecked<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
}

/// A value serialized without checking its rules (see [`SerializeUnchecked`]).
#[derive(Debug, Clone, Copy)]
pub struct Unchecked<'a, T>(pub &'a T);

impl<T: SerializeUnchecked> Serialize for Unchecked<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_unchecked(s)
    }
}

/// `skip_serializing_if` for a borrowed `Option`.
pub fn is_none<T>(v: &&Option<T>) -> bool {
    v.is_none()
}

/// The violations as one line: `2 rule violation(s): /a: ...; /b: ...`.
pub fn violations_text(v: &[Violation]) -> String {
    use fmt::Write;
    let mut s = format!("{} rule violation(s)", v.len());
    for (i, v) in v.iter().enumerate() {
        s.push_str(if i == 0 { ": " } else { "; " });
        let _ = write!(s, "{v}");
    }
    s
}

/// Serializes to JSON bytes. The generated types have string keys only, so this cannot fail;
/// should it ever, the result is empty.
pub fn to_vec<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// A place in a message, as a chain of segments on the stack.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// The message itself.
    Root,
    /// A field of the parent.
    Field(&'a Path<'a>, &'a str),
    /// An element of the parent array.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The field `name` of this place.
    pub fn field(&'a self, name: &'a str) -> Path<'a> {
        Path::Field(self, name)
    }

    /// The element `i` of this place.
    pub fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }

    /// The JSON pointer (RFC 6901): `""` for the root, `/a/0/b` below it.
    pub fn render(&self) -> String {
        let mut s = String::with_capacity(self.rendered_len());
        self.render_into(&mut s);
        s
    }

    /// An upper bound of the rendered length (escapes aside), so rendering allocates once.
    fn rendered_len(&self) -> usize {
        match self {
            Path::Root => 0,
            Path::Field(p, name) => p.rendered_len() + 1 + name.len(),
            Path::Index(p, _) => p.rendered_len() + 21,
        }
    }

    fn render_into(&self, s: &mut String) {
        match self {
            Path::Root => {}
            Path::Field(p, name) => {
                p.render_into(s);
                s.push('/');
                if !name.bytes().any(|b| b == b'~' || b == b'/') {
                    s.push_str(name);
                    return;
                }
                for c in name.chars() {
                    match c {
                        '~' => s.push_str("~0"),
                        '/' => s.push_str("~1"),
                        c => s.push(c),
                    }
                }
            }
            Path::Index(p, i) => {
                use fmt::Write;
                p.render_into(s);
                s.push('/');
                let _ = write!(s, "{i}");
            }
        }
    }
}

/// An expectation a message Alipay sent does not meet: what the documents say
/// Alipay sends, which this message does not. It never makes the message
/// invalid (refusing it would make Alipay resend a message the merchant can
/// act on); log it, and look when it repeats.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Notice {
    /// JSON pointer (RFC 6901) to the value, e.g. `/paymentTime`.
    pub path: String,
    /// What was expected and not met.
    pub rule: Rule,
    /// The documents that state the expectation, e.g. `S2` or `IDOCS-NC, DOC-NC`.
    pub sources: &'static str,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "/" } else { &self.path };
        write!(f, "{path}: {} (expected by {}; noticed, not refused)", self.rule, self.sources)
    }
}

/// Everything a check of one message found (see the crate's `check_json`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Findings {
    /// The rules broken: the message is invalid when this is not empty.
    pub violations: Vec<Violation>,
    /// The expectations not met (never a reason to refuse).
    pub notices: Vec<Notice>,
    /// For a notification: what it means for the merchant.
    pub outcome: Option<Outcome>,
    /// For a message Alipay sends: whether its checked view (`checked()`) was given.
    pub checked_view: Option<bool>,
}

/// Where violations (and, when asked for, notices) are collected.
///
/// Rules come in two kinds. Those checked with [`Report::push`] refuse in
/// both directions (a required field missing, a value that is not of its
/// type). Those checked with [`Report::expect`] describe what Alipay does
/// (presence conditions, narrowings, relations, maximum lengths): in a message
/// the merchant sends they refuse like the others; in a message Alipay sends
/// they are [`Notice`]s.
#[derive(Debug)]
pub struct Report {
    strict: bool,
    collect_notices: bool,
    violations: Vec<Violation>,
    notices: Vec<Notice>,
}

impl Report {
    /// `strict` for messages the merchant sends: unknown fields and the wrong wire form are violations,
    /// and expectations are rules. Notices are not collected (nothing is allocated for them).
    pub fn new(strict: bool) -> Report {
        Report {
            strict,
            collect_notices: false,
            violations: Vec::new(),
            notices: Vec::new(),
        }
    }

    /// Like [`Report::new`], collecting notices too (see [`Report::into_notices`]).
    pub fn with_notices(strict: bool) -> Report {
        Report {
            collect_notices: true,
            ..Report::new(strict)
        }
    }

    /// Records an expectation not met: a violation in a message the merchant sends,
    /// a notice (when collected) in one Alipay sends.
    pub fn expect(&mut self, path: &Path<'_>, rule: Rule, sources: &'static str) {
        if self.strict {
            self.push(path, rule);
        } else if self.collect_notices {
            self.notices.push(Notice {
                path: path.render(),
                rule,
                sources,
            });
        }
    }

    /// The notices recorded (empty unless made by [`Report::with_notices`]).
    pub fn into_notices(self) -> Vec<Notice> {
        self.notices
    }

    /// The violations and the notices.
    pub fn into_parts(self) -> (Vec<Violation>, Vec<Notice>) {
        (self.violations, self.notices)
    }

    /// Whether unknown fields and wire forms are checked.
    pub fn strict(&self) -> bool {
        self.strict
    }

    /// Records a violation.
    pub fn push(&mut self, path: &Path<'_>, rule: Rule) {
        self.violations.push(Violation {
            path: path.render(),
            rule,
        });
    }

    /// `Ok` when nothing was recorded.
    pub fn finish(self) -> Result<(), Vec<Violation>> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(self.violations)
        }
    }
}

/// The text of a value as it travels, for comparisons with fixed and allowed values.
pub trait WireText {
    /// The string on the wire; `None` when the value is not a JSON string
    /// (native booleans give `true`/`false`).
    fn wire_text(&self) -> Option<&str>;
}

impl WireText for String {
    fn wire_text(&self) -> Option<&str> {
        Some(self)
    }
}

/// An enum generated from a spec: known values plus `Unknown(String)`.
pub trait WireEnum: WireText {
    /// The values the spec lists.
    const KNOWN: &'static [&'static str];
    /// The value as it travels.
    fn as_str(&self) -> &str;
    /// Whether the value is one the spec lists.
    fn is_known(&self) -> bool;
}

/// A value parsed from its JSON form.
pub trait WireValue: Sized {
    /// The typed value, when `raw` is a well-formed value of this type (string or native form).
    fn from_wire(raw: &Value) -> Option<Self>;
}

/// A typed value that keeps its JSON form: see the module docs.
#[derive(Debug, Clone, PartialEq)]
pub struct Wired<T> {
    value: Option<T>,
    raw: Value,
}

/// An integer (Amount.value: minor units), as a JSON string or number.
pub type IntegerValue = Wired<i64>;
/// A boolean, as a JSON string (`"true"`) or boolean.
pub type BooleanValue = Wired<bool>;
/// A decimal number, as a JSON string or number.
pub type DecimalValue = Wired<DecimalText>;
/// An RFC 3339 date-time with its offset, as a JSON string.
pub type DateTimeValue = Wired<chrono::DateTime<chrono::FixedOffset>>;

impl<T: WireValue> Wired<T> {
    /// Wraps a JSON value as received.
    pub fn from_raw(raw: Value) -> Wired<T> {
        Wired {
            value: T::from_wire(&raw),
            raw,
        }
    }
}

impl<T> Wired<T> {
    /// The typed value; `None` when the JSON value is malformed.
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// The JSON value exactly as received (or as constructed).
    pub fn raw(&self) -> &Value {
        &self.raw
    }

    /// Whether the value travels as a JSON string.
    pub fn is_string_form(&self) -> bool {
        self.raw.is_string()
    }

    /// Whether the JSON value parsed.
    pub fn is_valid(&self) -> bool {
        self.value.is_some()
    }
}

impl<T: Copy> Wired<T> {
    /// The typed value; `None` when the JSON value is malformed.
    pub fn value(&self) -> Option<T> {
        self.value
    }
}

impl<T> WireText for Wired<T> {
    fn wire_text(&self) -> Option<&str> {
        match &self.raw {
            Value::String(s) => Some(s),
            Value::Bool(true) => Some("true"),
            Value::Bool(false) => Some("false"),
            _ => None,
        }
    }
}

impl<T> Serialize for Wired<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(s)
    }
}

impl<'de, T: WireValue> Deserialize<'de> for Wired<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d).map(Wired::from_raw)
    }
}

/// JSON Schema for the wire values (feature `schemars`): the JSON forms a
/// [`Wired<T>`] accepts, the string form first.
#[cfg(feature = "schemars")]
mod json_schema {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

    use super::{DecimalText, Wired};

    macro_rules! wired_schema {
        ($t:ty, $name:literal, $schema:tt) => {
            impl JsonSchema for Wired<$t> {
                fn inline_schema() -> bool {
                    true
                }
                fn schema_name() -> Cow<'static, str> {
                    $name.into()
                }
                fn json_schema(_: &mut SchemaGenerator) -> Schema {
                    json_schema!($schema)
                }
            }
        };
    }

    wired_schema!(i64, "IntegerValue", {
        "description": "An integer, as a JSON string (`\"1000\"`) or number.",
        "type": ["string", "integer"]
    });
    wired_schema!(bool, "BooleanValue", {
        "description": "A boolean, as a JSON string (`\"true\"`) or boolean.",
        "type": ["string", "boolean"]
    });
    wired_schema!(DecimalText, "DecimalValue", {
        "description": "A decimal number, as a JSON string or number.",
        "type": ["string", "number"]
    });
    wired_schema!(chrono::DateTime<chrono::FixedOffset>, "DateTimeValue", {
        "description": "An RFC 3339 date-time with its offset, as a JSON string.",
        "type": "string",
        "format": "date-time"
    });
}

impl WireValue for i64 {
    fn from_wire(raw: &Value) -> Option<i64> {
        match raw {
            Value::String(s) if is_integer(s) => s.parse().ok(),
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }
}

impl Wired<i64> {
    /// An integer sent as a JSON string (`"1000"`), the AMS form.
    pub fn new_string(v: i64) -> Self {
        Wired {
            value: Some(v),
            raw: Value::String(v.to_string()),
        }
    }

    /// An integer sent as a JSON number.
    pub fn new_native(v: i64) -> Self {
        Wired {
            value: Some(v),
            raw: Value::from(v),
        }
    }
}

impl WireValue for bool {
    fn from_wire(raw: &Value) -> Option<bool> {
        match raw {
            Value::String(s) if s == "true" => Some(true),
            Value::String(s) if s == "false" => Some(false),
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

impl Wired<bool> {
    /// A boolean sent as a JSON string (`"true"`).
    pub fn new_string(v: bool) -> Self {
        Wired {
            value: Some(v),
            raw: Value::String(v.to_string()),
        }
    }

    /// A boolean sent as a JSON boolean.
    pub fn new_native(v: bool) -> Self {
        Wired {
            value: Some(v),
            raw: Value::Bool(v),
        }
    }
}

/// The text of a decimal number, e.g. `0.064622`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DecimalText(String);

impl DecimalText {
    /// The decimal text (a JSON number's shortest representation when it travelled as a number).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value as an `f64` (may round).
    pub fn to_f64(&self) -> Option<f64> {
        self.0.parse().ok()
    }
}

impl WireValue for DecimalText {
    fn from_wire(raw: &Value) -> Option<DecimalText> {
        match raw {
            Value::String(s) if is_decimal(s) => Some(DecimalText(s.clone())),
            Value::Number(n) => Some(DecimalText(n.to_string())),
            _ => None,
        }
    }
}

impl Wired<DecimalText> {
    /// A decimal sent as a JSON string; `None` when `text` is not `-?digits(.digits)?`.
    pub fn new_string(text: &str) -> Option<Self> {
        is_decimal(text).then(|| Wired {
            value: Some(DecimalText(text.to_owned())),
            raw: Value::String(text.to_owned()),
        })
    }

    /// A decimal sent as a JSON number; `None` for NaN and infinities.
    pub fn new_native(v: f64) -> Option<Self> {
        let n = serde_json::Number::from_f64(v)?;
        Some(Wired {
            value: Some(DecimalText(n.to_string())),
            raw: Value::Number(n),
        })
    }
}

impl WireValue for chrono::DateTime<chrono::FixedOffset> {
    fn from_wire(raw: &Value) -> Option<Self> {
        match raw {
            Value::String(s) => parse_datetime(s).map(|(v, _)| v),
            _ => None,
        }
    }
}

impl Wired<chrono::DateTime<chrono::FixedOffset>> {
    /// A date-time sent as RFC 3339 text with its offset (`2019-06-12T14:07:05+08:00`).
    pub fn new(v: chrono::DateTime<chrono::FixedOffset>) -> Self {
        let text = v.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false);
        Wired {
            value: Some(v),
            raw: Value::String(text),
        }
    }
}

impl From<chrono::DateTime<chrono::FixedOffset>> for Wired<chrono::DateTime<chrono::FixedOffset>> {
    fn from(v: chrono::DateTime<chrono::FixedOffset>) -> Self {
        Wired::new(v)
    }
}

/// An optional `-` and one or more ASCII digits.
pub fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Three ASCII uppercase letters.
pub fn is_currency(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// `-?digits(.digits)?`
pub fn is_decimal(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)`.
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        if part.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(part).ok()?.parse().ok()
        } else {
            None
        }
    };
    let (Some(year), Some(month), Some(day), Some(hour), Some(min), Some(sec)) = (
        num(0..4),
        num(5..7),
        num(8..10),
        num(11..13),
        num(14..16),
        num(17..19),
    ) else {
        return false;
    };
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day == 0 || day > days || hour > 23 || min > 59 || sec > 60 {
        return false;
    }
    let mut rest = &b[19..];
    if let Some(r) = rest.strip_prefix(b".") {
        let n = r.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &r[n..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            let digits = [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit());
            digits && (h1 - b'0') * 10 + (h2 - b'0') <= 23 && (m1 - b'0') * 10 + (m2 - b'0') <= 59
        }
        _ => false,
    }
}

/// Reads a date-time in the forms accepted from Alipay; the `bool` says whether
/// the text is RFC 3339 (the form of every example in the documents).
///
/// The documents say date-times "follow the ISO 8601 standard". Accepted, with
/// a calendar date (`YYYY-MM-DD` or `YYYYMMDD`) that exists, `T` (or `t`), a
/// time of day and a UTC designator or offset (ISO 8601:2000 5.4.1 and 5.4.2):
///
/// - RFC 3339: `YYYY-MM-DDThh:mm:ss[.f](Z|±hh:mm)`;
/// - ISO 8601 forms besides: the basic format `YYYYMMDDThhmmss[.f](Z|±hhmm|±hh)`,
///   an offset of hours only (`±hh`), reduced precision without seconds
///   (`YYYY-MM-DDThh:mm`, `YYYYMMDDThhmm`), a comma as decimal sign (`,f`);
/// - an extended date and time with a basic-format offset
///   (`2024-03-01T09:15:00+0800`), which ISO 8601 5.4.2 d) does not allow
///   (basic and extended are not mixed) but which is unambiguous.
///
/// Hours 00-23, minutes 00-59, seconds 00-60 (a leap second), offsets up to
/// ±23:59, `Z` or `z`. Not accepted: no offset (local time, whose zone no
/// document states), a date alone, a space for `T`, ordinal and week dates,
/// expanded years, fractions of hours or minutes, `24:00`, a basic date with an
/// extended time or offset.
pub fn parse_datetime(s: &str) -> Option<(chrono::DateTime<chrono::FixedOffset>, bool)> {
    let b = s.as_bytes();
    let num = |i: usize, n: usize| -> Option<u32> {
        let part = b.get(i..i + n)?;
        part.iter()
            .try_fold(0u32, |a, d| d.is_ascii_digit().then(|| a * 10 + u32::from(d - b'0')))
    };
    let extended = b.get(4) == Some(&b'-');
    let (year, month, day, mut i) = if extended {
        if b.get(7) != Some(&b'-') {
            return None;
        }
        (num(0, 4)?, num(5, 2)?, num(8, 2)?, 10)
    } else {
        (num(0, 4)?, num(4, 2)?, num(6, 2)?, 8)
    };
    if !matches!(b.get(i), Some(b'T' | b't')) {
        return None;
    }
    let hour = num(i + 1, 2)?;
    i += 3;
    if extended {
        if b.get(i) != Some(&b':') {
            return None;
        }
        i += 1;
    }
    let min = num(i, 2)?;
    i += 2;
    let (mut sec, mut nanos, mut seconds, mut comma) = (0, 0, false, false);
    let has_sec = if extended {
        b.get(i) == Some(&b':')
    } else {
        b.get(i).is_some_and(u8::is_ascii_digit)
    };
    if has_sec {
        i += usize::from(extended);
        sec = num(i, 2)?;
        i += 2;
        seconds = true;
        if let Some(&c @ (b'.' | b',')) = b.get(i) {
            comma = c == b',';
            let n = b[i + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            for k in 0..9 {
                let d = if k < n { u32::from(b[i + 1 + k] - b'0') } else { 0 };
                nanos = nanos * 10 + d;
            }
            i += 1 + n;
        }
    }
    let (offset, rfc_zone) = match &b[i..] {
        [b'Z' | b'z'] => (0, true),
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let (h, m, rfc) = match tail {
                [_, _] => (num(i + 1, 2)?, 0, false),
                [_, _, b':', _, _] if extended => (num(i + 1, 2)?, num(i + 4, 2)?, true),
                [_, _, _, _] => (num(i + 1, 2)?, num(i + 3, 2)?, false),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            let secs = i32::try_from(h * 3600 + m * 60).ok()?;
            (if *sign == b'-' { -secs } else { secs }, rfc)
        }
        _ => return None,
    };
    if hour > 23 || min > 59 || sec > 60 {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    // chrono keeps a leap second as second 59 with a fraction of 1 to 2 seconds.
    let time = if sec == 60 {
        chrono::NaiveTime::from_hms_nano_opt(hour, min, 59, 1_000_000_000 + nanos)?
    } else {
        chrono::NaiveTime::from_hms_nano_opt(hour, min, sec, nanos)?
    };
    let zone = chrono::FixedOffset::east_opt(offset)?;
    let value = date.and_time(time).and_local_timezone(zone).single()?;
    Some((value, extended && seconds && !comma && rfc_zone))
}

/// Counts the characters written, without storing them.
struct CharCount(usize);

impl fmt::Write for CharCount {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.chars().count();
        Ok(())
    }
}

/// The length in characters of a scalar's text form, without allocating.
fn text_len(raw: &Value) -> Option<usize> {
    use fmt::Write;
    match raw {
        Value::String(s) => Some(s.chars().count()),
        Value::Number(n) => {
            let mut c = CharCount(0);
            write!(c, "{n}").ok()?;
            Some(c.0)
        }
        Value::Bool(b) => Some(if *b { 4 } else { 5 }),
        _ => None,
    }
}

/// Records a [`Rule::MaxLength`] when `s` has more than `max` characters. A
/// string has no more characters than bytes, so one within `max` bytes is not
/// counted.
///
/// A maximum length is an expectation ([`Report::expect`]): refused in what the
/// merchant sends, noticed in what Alipay sends.
fn check_str_max(r: &mut Report, p: &Path<'_>, s: &str, max: Option<u32>, src: &'static str) {
    if let Some(max) = max
        && s.len() > max as usize
    {
        let actual = s.chars().count();
        if actual > max as usize {
            r.expect(p, Rule::MaxLength { max, actual }, src);
        }
    }
}

/// [`check_str_max`] for a wire value's text form (a string, number or boolean).
fn check_raw_max(r: &mut Report, p: &Path<'_>, raw: &Value, max: Option<u32>, src: &'static str) {
    match (raw, max) {
        (_, None) => {}
        (Value::String(s), _) => check_str_max(r, p, s, max, src),
        (raw, Some(max)) => {
            if let Some(actual) = text_len(raw)
                && actual > max as usize
            {
                r.expect(p, Rule::MaxLength { max, actual }, src);
            }
        }
    }
}

fn check_wire<T>(r: &mut Report, p: &Path<'_>, v: &Wired<T>, wire: Wire) {
    if !r.strict() || v.value.is_none() {
        return;
    }
    match (wire, v.raw.is_string()) {
        (Wire::String, false) => r.push(p, Rule::WireForm { expected: "a JSON string" }),
        (Wire::Native, true) => r.push(
            p,
            Rule::WireForm {
                expected: "a JSON number or boolean",
            },
        ),
        _ => {}
    }
}

/// Checks a string field.
pub fn check_str(
    r: &mut Report,
    p: &Path<'_>,
    v: &str,
    max: Option<u32>,
    fixed: Option<&'static str>,
    format: Option<Format>,
    src: &'static str,
) {
    check_str_max(r, p, v, max, src);
    if let Some(expected) = fixed
        && v != expected
    {
        r.push(p, Rule::Fixed { expected });
    }
    match format {
        Some(Format::Currency) if !is_currency(v) => r.push(p, Rule::Currency),
        Some(Format::JsonText)
            if serde_json::from_str::<serde::de::IgnoredAny>(v).is_err() =>
        {
            r.push(p, Rule::JsonText)
        }
        _ => {}
    }
}

/// Checks an enum field: membership, fixed value, length.
pub fn check_enum<E: WireEnum>(
    r: &mut Report,
    p: &Path<'_>,
    v: &E,
    max: Option<u32>,
    fixed: Option<&'static str>,
    src: &'static str,
) {
    check_str_max(r, p, v.as_str(), max, src);
    // A value the spec does not know is accepted from Alipay (it decodes into
    // `Unknown`, so a new value never breaks a merchant), and refused in what
    // the merchant sends.
    if !v.is_known() && r.strict() {
        r.push(p, Rule::NotAllowed { allowed: E::KNOWN });
    }
    if let Some(expected) = fixed
        && v.as_str() != expected
    {
        r.push(p, Rule::Fixed { expected });
    }
}

/// Checks an integer field.
pub fn check_integer(
    r: &mut Report,
    p: &Path<'_>,
    v: &IntegerValue,
    wire: Wire,
    minimum: Option<i64>,
    max: Option<u32>,
    src: &'static str,
) {
    check_raw_max(r, p, &v.raw, max, src);
    match v.value {
        None if integer_out_of_range(&v.raw) => r.push(p, Rule::IntegerRange),
        None => r.push(p, Rule::Integer),
        Some(n) => {
            if let Some(min) = minimum
                && n < min
            {
                r.push(p, Rule::Minimum { min });
            }
        }
    }
    check_wire(r, p, v, wire);
}

/// Whether a value that did not read as an i64 is nevertheless a whole number.
fn integer_out_of_range(raw: &Value) -> bool {
    match raw {
        Value::String(s) => is_integer(s),
        Value::Number(n) => {
            n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0 && f.abs() >= 9.2e18)
        }
        _ => false,
    }
}

/// Checks a decimal field.
pub fn check_decimal(
    r: &mut Report,
    p: &Path<'_>,
    v: &DecimalValue,
    wire: Wire,
    max: Option<u32>,
    src: &'static str,
) {
    check_raw_max(r, p, &v.raw, max, src);
    if v.value.is_none() {
        r.push(p, Rule::Decimal);
    }
    check_wire(r, p, v, wire);
}

/// Checks a boolean field.
pub fn check_boolean(r: &mut Report, p: &Path<'_>, v: &BooleanValue, wire: Wire) {
    if v.value.is_none() {
        r.push(p, Rule::Boolean);
    }
    check_wire(r, p, v, wire);
}

/// Checks a date-time field: a form [`parse_datetime`] does not accept is a
/// violation; an accepted form other than RFC 3339 is an expectation
/// ([`Report::expect`]: refused in what the merchant sends, noticed in what Alipay sends).
pub fn check_datetime(r: &mut Report, p: &Path<'_>, v: &DateTimeValue, src: &'static str) {
    if v.value.is_none() {
        r.push(p, Rule::DateTime);
    } else if !v.raw.as_str().is_some_and(is_rfc3339) {
        r.expect(p, Rule::DateTimeForm, src);
    }
}

/// In strict mode, every field a lenient shared object kept but the spec does not list.
pub fn check_extra(r: &mut Report, p: &Path<'_>, extra: &serde_json::Map<String, Value>) {
    if r.strict() {
        for k in extra.keys() {
            r.push(&p.field(k), Rule::UnknownField);
        }
    }
}

/// A child constraint: `fixed` / `allowed` values of a field of a shared object, where it is used.
/// An expectation ([`Report::expect`]).
pub fn check_narrowed<T: WireText + ?Sized>(
    r: &mut Report,
    p: &Path<'_>,
    v: &T,
    fixed: Option<&'static str>,
    allowed: &'static [&'static str],
    src: &'static str,
) {
    let text = v.wire_text();
    if let Some(expected) = fixed
        && text != Some(expected)
    {
        r.expect(p, Rule::Fixed { expected }, src);
    }
    if !allowed.is_empty() && !text.is_some_and(|t| allowed.contains(&t)) {
        r.expect(p, Rule::NotAllowed { allowed }, src);
    }
}

/// Whether a condition's field has one of the values.
pub fn holds<T: WireText + ?Sized>(v: Option<&T>, one_of: &[&str]) -> bool {
    v.and_then(WireText::wire_text).is_some_and(|t| one_of.contains(&t))
}
