//! The YAML spec format, exactly as it is written in `spec/`.
//!
//! These types are the *format*: every key a spec file may contain, and nothing
//! else (`deny_unknown_fields` everywhere, so a typo such as `max_lenght` is an
//! error, not a silently ignored key). They carry source locations
//! ([`Sp`]) so that problems found after parsing can still point at
//! `file:line:column`. They are not the model the emitters read: the checker
//! ([`crate::spec::check`]) turns them into [`crate::model::Model`].
//!
//! `spec/spec.schema.json` is derived from these types with schemars.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use crate::model::{ActionKind, Direction, StringFormat, TranslatedText, Wire};

/// A value with the place it was written in the YAML file.
#[derive(Clone, PartialEq, Eq)]
pub struct Sp<T> {
    pub value: T,
    /// 1-based line, 0 when unknown.
    pub line: u32,
    /// 1-based column, 0 when unknown.
    pub column: u32,
}

impl<T> Sp<T> {
    /// A value that was not read from a file (tests, synthesized defaults).
    pub fn new(value: T) -> Self {
        Sp {
            value,
            line: 0,
            column: 0,
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Sp<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        let loc = s.referenced;
        Ok(Sp {
            value: s.value,
            line: u32::try_from(loc.line()).unwrap_or(u32::MAX),
            column: u32::try_from(loc.column()).unwrap_or(u32::MAX),
        })
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// A boolean written as YAML's `true` or `false`: a quoted `"true"` is a
/// string, and refused (the spec schema says `boolean` too).
fn strict_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Sp<bool>>, D::Error> {
    struct Flag(bool);
    impl<'de> Deserialize<'de> for Flag {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl serde::de::Visitor<'_> for V {
                type Value = Flag;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a boolean (`true` or `false`, without quotes)")
                }
                fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Flag, E> {
                    Ok(Flag(v))
                }
            }
            d.deserialize_any(V)
        }
    }
    let v = Option::<Sp<Flag>>::deserialize(d)?;
    Ok(v.map(|s| Sp {
        value: s.value.0,
        line: s.line,
        column: s.column,
    }))
}

/// `spec/sources.yaml`: the documents the specs are transcribed from.
/// Every `sources:` entry in the other files names one of these ids.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    pub sources: Vec<Source>,
}

/// One source document.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short id used in `sources:` lists, e.g. `S0` or `IDOCS-NC`.
    pub id: Sp<String>,
    /// What the document is.
    pub title: String,
    /// File name under `../shared/seeds/` when the document is a seed.
    #[serde(default)]
    pub seed: Option<String>,
    /// Where the document is published (URL or repository path).
    #[serde(default)]
    pub location: Option<String>,
    /// Language of the document (`en`, `zh`).
    #[serde(default)]
    pub language: Option<String>,
    /// Date or version of the document as far as it is known.
    #[serde(default)]
    pub date: Option<String>,
    /// Anything a reader should know about the document's reliability.
    #[serde(default)]
    pub note: Option<String>,
}

/// A file under `spec/codes/`: result codes shared by several APIs, defined once.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodesFile {
    pub codes: Vec<ResultCode>,
}

/// A result code: a row of a document's "Result/Error codes" table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultCode {
    /// `result.resultCode`, e.g. `PROCESS_FAIL`.
    pub code: Sp<String>,
    /// `result.resultStatus`: `S` (success), `F` (failure) or `U` (unknown).
    pub status: Sp<String>,
    /// The message column, in English.
    pub message: String,
    /// The message column of the Chinese document.
    #[serde(default)]
    pub message_zh: Option<String>,
    /// The "further action" column.
    #[serde(default)]
    pub action: Option<Action>,
    /// Translations of this row that are wrong (kept verbatim because they are
    /// quotations), each with what it actually says and who says so.
    #[serde(default)]
    pub mistranslated: Vec<Mistranslation>,
    /// Documents this row was transcribed from.
    pub sources: Vec<Sp<String>>,
}

/// A translated text of a result-code row that does not say what the original
/// says, e.g. S1's message of CAPTURE_AMOUNT_EXCEED_AUTH_LIMIT:
///
/// ```yaml
/// mistranslated:
///   - text: message_zh
///     says: "the payment amount exceeds the authorization limit"
///     sources: [S1]
/// ```
///
/// The docs flag the text in the row itself. The text must exist in the same
/// entry (after a `ref:` entry's overrides: an API that rewords a shared
/// code's message drops the shared Chinese message and its mark).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mistranslation {
    /// Which text is wrong.
    pub text: Sp<TranslatedText>,
    /// What the wrong translation actually says, in English.
    pub says: String,
    /// The documents carrying the wrong translation.
    pub sources: Vec<Sp<String>>,
}

/// An API's use of a result code: either `ref:` to a code defined once in
/// `spec/codes/` (optionally with the wording this API's document uses; the
/// status letter is the shared one and cannot be changed here), or a code of
/// this API's own, with `code:` and `status:`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeEntry {
    /// A shared code's name.
    #[serde(default, rename = "ref")]
    pub reference: Option<Sp<String>>,
    /// This API's own code.
    #[serde(default)]
    pub code: Option<Sp<String>>,
    /// For an own code: `S`, `F` or `U`.
    #[serde(default)]
    pub status: Option<Sp<String>>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub message_zh: Option<String>,
    /// The further action. On a `ref:` entry, absent means the shared code's
    /// action, and `action: null` that this API's document gives none (the
    /// generated `further_action()` is then `None`).
    #[serde(default, deserialize_with = "explicit_null")]
    #[schemars(with = "Option<Action>")]
    pub action: Option<Option<Action>>,
    /// Wrong translations in this entry (see [`Mistranslation`]); on a `ref:`
    /// entry, they replace the shared code's marks of the same text.
    #[serde(default)]
    pub mistranslated: Vec<Mistranslation>,
    pub sources: Vec<Sp<String>>,
}

/// `Some(None)` for an explicit `null`, `Some(Some(_))` for a value (absent is `None`, by `serde(default)`).
fn explicit_null<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<Action>>, D::Error> {
    Option::<Action>::deserialize(d).map(Some)
}

/// The further-action column, as data a program can act on, with the original text.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// What a program should do.
    pub kind: Sp<ActionKind>,
    /// The document's text, verbatim.
    #[serde(default)]
    pub text: Option<String>,
    /// The Chinese document's text, verbatim.
    #[serde(default)]
    pub text_zh: Option<String>,
}

/// A file under `spec/types/`: a shared object (Amount, Result, ...).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeFile {
    /// The object's name as the documents write it, e.g. `Amount`.
    pub name: Sp<String>,
    pub description: String,
    #[serde(default)]
    pub description_zh: Option<String>,
    pub sources: Vec<Sp<String>>,
    pub fields: Vec<Field>,
}

/// A file under `spec/apis/`: one API.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiFile {
    /// The name the documents use: `notifyCapture`, `notifyPayment`, `capture`.
    pub name: Sp<String>,
    /// The document's title.
    pub title: String,
    /// What the API is for.
    pub description: String,
    #[serde(default)]
    pub description_zh: Option<String>,
    /// Who sends the request.
    pub direction: Sp<Direction>,
    /// HTTP method and path, where the documents give one.
    #[serde(default)]
    pub http: Option<Http>,
    /// The documents this API was transcribed from.
    pub sources: Vec<Sp<String>>,
    pub request: Message,
    pub response: Message,
    /// The result-code table. Entries are `ref:` to shared codes or codes of this API.
    pub result_codes: Vec<CodeEntry>,
    /// Alipay's resend schedule for an unacknowledged notification.
    #[serde(default)]
    pub retry: Option<Retry>,
    /// For a notification: the request API that tells the final result when
    /// this notification leaves it pending (`inquiryPayment`).
    #[serde(default)]
    pub inquiry: Option<Inquiry>,
    /// For a notification whose request has a field of its own that tells
    /// the result (notifyRefund's `refundStatus`): which of its values mean
    /// succeeded and failed once `result.resultStatus` is S.
    #[serde(default)]
    pub outcome_field: Option<OutcomeField>,
    /// Places where the sources disagree, each reading, and the one adopted.
    #[serde(default)]
    pub discrepancies: Vec<Discrepancy>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Http {
    pub method: Sp<String>,
    /// Path of the endpoint, where the document gives one.
    #[serde(default)]
    pub path: Option<Sp<String>>,
    /// Notes on the URL (hosts, prefixes, where a notification is sent).
    #[serde(default)]
    pub note: Option<String>,
}

/// A request or response body.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Message {
    #[serde(default)]
    pub description: Option<String>,
    pub fields: Vec<Field>,
    /// Relations the documents state between two fields of this message
    /// (e.g. "refundStatus FAIL comes with resultStatus S").
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// Whole example messages as a document gives them, transcribed exactly.
    #[serde(default)]
    pub examples: Vec<MessageExample>,
}

/// A whole example message from a document, e.g. the notification and the
/// acknowledgement that the Chinese notifyCapture page shows:
///
/// ```yaml
/// examples:
///   - title: Capture succeeded
///     title_zh: 扣款成功
///     sources: [S1]
///     json: |
///       {
///         "notifyType": "CAPTURE_RESULT",
///         ...
///       }
/// ```
///
/// `json` is the document's text byte for byte (the docs show it as written).
/// Lint parses it and checks it against this message's rules, like a
/// field's `example`; where the document's example breaks a rule on purpose
/// of the spec (the spec adopted another reading), `contradicts` names the
/// `discrepancies` subject that records it, and lint checks that the example
/// breaks that rule and no other.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageExample {
    /// What the example shows, in English.
    pub title: Sp<String>,
    /// The document's own caption, when it is not English.
    #[serde(default)]
    pub title_zh: Option<String>,
    /// The documents the example is copied from.
    pub sources: Vec<Sp<String>>,
    /// `discrepancies` subjects (`response.result.resultMessage`) whose adopted
    /// reading this example contradicts.
    #[serde(default)]
    pub contradicts: Vec<Sp<String>>,
    /// The example, exactly as the document writes it (JSON).
    pub json: Sp<String>,
}

/// "When `when` holds, `then` holds": a relation between two fields of one
/// message, each named by a dotted path from the message's top level.
///
/// Its force depends on who sends the message, as for every rule that says
/// what the sender does (`present_only_when`, `required_when`, `constraints`,
/// `max_length`): in a message the merchant sends it is a rule (`validate()`
/// refuses, the JSON Schema has `if`/`then`); in a message Alipay sends it is
/// an expectation (a notice the merchant can log; the JSON Schema carries it
/// as an `x-alipay` annotation and does not refuse).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// The premise: the field has one of these values.
    pub when: Clause,
    /// The consequence: the field is present and has one of these values.
    pub then: Clause,
    /// Documents that state the relation.
    pub sources: Vec<Sp<String>>,
    /// The documents' words, or why the relation is read this way.
    #[serde(default)]
    pub note: Option<String>,
}

/// One side of a relation: a scalar field of the same message and its values.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    /// Dotted path, e.g. `result.resultStatus`.
    pub field: Sp<String>,
    /// The values.
    #[serde(rename = "in")]
    pub one_of: Vec<Sp<String>>,
}

/// The kind of a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TypeKind {
    /// Text.
    String,
    /// A whole number; AMS carries it as a JSON string (`"20"`).
    Integer,
    /// A decimal number (e.g. an exchange rate); a JSON string or number.
    Decimal,
    /// `true`/`false`; AMS carries it as a JSON string (`"true"`).
    Boolean,
    /// An ISO 8601 date-time with offset, as a JSON string.
    Datetime,
    /// One of the values listed under `values:`.
    Enum,
    /// A shared object named by `ref:`.
    Object,
    /// A list whose elements are described by `items:`.
    Array,
}

/// One field of a message or shared object.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Wire name, exactly as the documents write it (camelCase).
    pub name: Sp<String>,
    #[serde(rename = "type")]
    pub ty: Sp<TypeKind>,
    /// For `type: object`: the shared type's name.
    #[serde(default, rename = "ref")]
    pub reference: Option<Sp<String>>,
    /// For `type: array`: the element type.
    #[serde(default)]
    pub items: Option<Box<Items>>,
    /// For `type: enum`: the values and what they mean.
    #[serde(default)]
    pub values: Vec<EnumValue>,
    #[serde(default, deserialize_with = "strict_bool")]
    pub required: Option<Sp<bool>>,
    /// Maximum length in characters (Unicode scalar values), not bytes. In a
    /// message Alipay sends this is an expectation (a longer value is noticed,
    /// not refused); in one the merchant sends, a rule.
    #[serde(default)]
    pub max_length: Option<Sp<u32>>,
    /// For `type: integer`: the smallest value allowed.
    #[serde(default)]
    pub minimum: Option<Sp<i64>>,
    #[serde(default)]
    pub format: Option<Sp<StringFormat>>,
    /// The only value the field may take (e.g. notifyType `CAPTURE_RESULT`).
    #[serde(default)]
    pub fixed: Option<Sp<String>>,
    /// The value the receiver assumes when the field is absent.
    #[serde(default)]
    pub default: Option<Sp<String>>,
    /// How integer, decimal and boolean values travel; `string` when omitted.
    #[serde(default)]
    pub wire: Option<Sp<Wire>>,
    pub description: String,
    #[serde(default)]
    pub description_zh: Option<String>,
    /// An example value as the documents give it (for strings, the text).
    #[serde(default)]
    pub example: Option<Sp<String>>,
    /// Documents this field was transcribed from.
    pub sources: Vec<Sp<String>>,
    /// The field is present only when the condition holds (absent otherwise).
    /// In a message Alipay sends this is an expectation (noticed, never refused).
    #[serde(default)]
    pub present_only_when: Option<Condition>,
    /// The field is required when the condition holds.
    /// In a message Alipay sends this is an expectation (noticed, never refused).
    #[serde(default)]
    pub required_when: Option<Condition>,
    /// For `type: object`: rules that narrow the shared type's fields in this place
    /// (e.g. an acknowledgement's `result.resultCode` is `SUCCESS`). In a message
    /// Alipay sends they are expectations (noticed, never refused).
    #[serde(default)]
    pub constraints: Vec<ChildConstraint>,
}

/// The element type of an array.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Items {
    #[serde(rename = "type")]
    pub ty: Sp<TypeKind>,
    #[serde(default, rename = "ref")]
    pub reference: Option<Sp<String>>,
    #[serde(default)]
    pub values: Vec<EnumValue>,
    #[serde(default)]
    pub max_length: Option<Sp<u32>>,
}

/// A value of an enum field.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    pub value: Sp<String>,
    pub description: String,
    #[serde(default)]
    pub description_zh: Option<String>,
    pub sources: Vec<Sp<String>>,
    /// Set when a later source says the value was removed or is not sent any more.
    #[serde(default)]
    pub deprecated: Option<String>,
    /// Only on a value of a notification's `notifyType`: `true` when the
    /// documents say S is not final under this value (notifyPayment's
    /// `PAYMENT_PENDING`: S "indicates the payment is being processed"). Such
    /// a notification's outcome is *pending* for S (and U) and *failed* for
    /// F; the generated `outcome()` reads this, never a list in code.
    #[serde(default)]
    pub pending: Option<Sp<bool>>,
}

/// A condition on another field of the same message, by dotted path
/// (`result.resultStatus`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub field: Sp<String>,
    /// The condition holds when the field's value is one of these.
    #[serde(rename = "in")]
    pub one_of: Vec<Sp<String>>,
    pub sources: Vec<Sp<String>>,
}

/// A rule narrowing one field of a shared object where it is used.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChildConstraint {
    /// The shared object's field.
    pub field: Sp<String>,
    /// The field must be present here.
    #[serde(default, deserialize_with = "strict_bool")]
    pub required: Option<Sp<bool>>,
    /// The only value allowed here.
    #[serde(default)]
    pub fixed: Option<Sp<String>>,
    /// The values allowed here.
    #[serde(default)]
    pub allowed: Vec<Sp<String>>,
    /// The value the generated code writes when it builds the message (e.g.
    /// the acknowledgement's `resultMessage` `success`, where the documents
    /// also show `Success`). With `allowed`, one of them; alone, it restricts
    /// nothing (any value, or none, is accepted).
    #[serde(default)]
    pub default: Option<Sp<String>>,
    pub sources: Vec<Sp<String>>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Alipay's resend schedule for an unacknowledged notification.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Retry {
    /// What the merchant must answer to stop the resends.
    pub ack: String,
    /// How many times the notification is sent at most (first send included).
    pub max_sends: Sp<u32>,
    /// Wait before each send, first included, as `0s`, `2m`, `1h`.
    pub intervals: Vec<Sp<String>>,
    /// The window the document states, e.g. `24h`.
    #[serde(default)]
    pub window: Option<Sp<String>>,
    pub description: String,
    pub sources: Vec<Sp<String>>,
}

/// The request API a merchant calls when a notification leaves the result
/// pending (or never arrives), and where the documents say so.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Inquiry {
    /// The request API's name, as in its `apis/<name>.yaml` (`inquiryPayment`).
    pub api: Sp<String>,
    /// What the documents say, quoted or paraphrased; an inference is marked
    /// as one, with its reasoning.
    pub description: String,
    pub sources: Vec<Sp<String>>,
}

/// A field of a notification's request that tells the result itself.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeField {
    /// A top-level field of the request (`refundStatus`).
    pub field: Sp<String>,
    /// Its values that mean the result succeeded.
    pub succeeded: Vec<Sp<String>>,
    /// Its values that mean the result failed.
    pub failed: Vec<Sp<String>>,
    /// What the documents say, and what is inferred (marked as such).
    pub description: String,
    pub sources: Vec<Sp<String>>,
}

/// Sources that disagree, each reading, the reading adopted and why.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Discrepancy {
    /// What is in question: `api`, `request.<field>[.<child>]`,
    /// `response.<field>`, or `result_codes.<CODE>`.
    pub subject: Sp<String>,
    /// One line saying what differs.
    pub summary: String,
    pub readings: Vec<Reading>,
    /// The reading the spec adopts.
    pub adopted: String,
    /// Why.
    pub reason: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    pub source: Sp<String>,
    pub reading: String,
}
