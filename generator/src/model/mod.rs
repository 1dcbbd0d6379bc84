//! The checked model of the specs: what every emitter reads.
//!
//! Everything here has been validated by [`crate::spec::check`]: references
//! resolve, names are unique and safe as identifiers, sources exist, codes do
//! not conflict. Emitters (Rust, JSON Schema, OpenAPI, docs) read this model
//! and never each other, and never the YAML.

use std::collections::BTreeMap;

use serde::Serialize;

mod kinds;
mod wording;

pub use kinds::{ActionKind, Direction, StringFormat, TranslatedText, Wire};
pub use wording::Presence;

/// All the specs of a directory.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    /// Source documents by id.
    pub sources: BTreeMap<String, Source>,
    /// Shared object types, sorted by name.
    pub types: Vec<TypeDef>,
    /// Result codes shared by several APIs, sorted by code.
    pub shared_codes: Vec<ResultCode>,
    /// APIs, sorted by name.
    pub apis: Vec<Api>,
    /// Spec files that were read, relative to the spec directory, sorted.
    #[serde(skip)]
    pub files: Vec<std::path::PathBuf>,
    /// Hex SHA-256 over the spec files' relative paths and bytes.
    #[serde(skip)]
    pub spec_hash: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub seed: Option<String>,
    pub location: Option<String>,
    pub language: Option<String>,
    pub date: Option<String>,
    pub note: Option<String>,
}

/// Where a definition came from: spec file and line, and the documents cited.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Provenance {
    /// Spec file relative to the spec directory, e.g. `apis/notifyCapture.yaml`.
    pub file: String,
    pub line: u32,
    /// Source document ids, as cited in the spec.
    pub sources: Vec<String>,
}

/// A shared object type (`spec/types/*.yaml`).
#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    pub name: String,
    pub description: String,
    pub description_zh: Option<String>,
    pub fields: Vec<Field>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// The documents' name: `notifyCapture`, `notifyPayment`, `capture`.
    pub name: String,
    pub title: String,
    pub description: String,
    pub description_zh: Option<String>,
    pub direction: Direction,
    pub http: Option<Http>,
    pub request: Message,
    pub response: Message,
    /// In table order.
    pub result_codes: Vec<ResultCode>,
    pub retry: Option<Retry>,
    /// For a notification: the request API to call while the result is pending.
    pub inquiry: Option<Inquiry>,
    /// For a notification: a request field that tells the result once
    /// `result.resultStatus` is S (notifyRefund's `refundStatus`).
    pub outcome_field: Option<OutcomeField>,
    pub discrepancies: Vec<Discrepancy>,
    pub provenance: Provenance,
}

impl Api {
    /// The `notifyType` values a notification carries (fixed value or enum values),
    /// empty for APIs that are not notifications or have no notifyType field.
    pub fn notify_types(&self) -> Vec<&str> {
        if self.direction != Direction::Notification {
            return Vec::new();
        }
        match self.request.field("notifyType") {
            Some(f) => match (&f.fixed, &f.ty) {
                (Some(v), _) => vec![v.as_str()],
                (None, FieldType::Enum(values)) => {
                    values.iter().map(|v| v.value.as_str()).collect()
                }
                _ => Vec::new(),
            },
            None => Vec::new(),
        }
    }
}

impl Api {
    /// The `notifyType` values the spec marks `pending: true`: under one, S is not
    /// final (pending); F is still failed.
    pub fn pending_notify_types(&self) -> Vec<&str> {
        if self.direction != Direction::Notification {
            return Vec::new();
        }
        match self.request.field("notifyType").map(|f| &f.ty) {
            Some(FieldType::Enum(values)) => values
                .iter()
                .filter(|v| v.pending)
                .map(|v| v.value.as_str())
                .collect(),
            _ => Vec::new(),
        }
    }
}

impl Api {
    /// The further action of a result code for whoever receives the message
    /// that carries it. In a notification, a code whose table status is U
    /// gives the receiver's action, `wait_or_inquire`: the receiver called
    /// nothing it could call again, and U is not final (an inference: the
    /// notification tables are copied from the synchronous API's, whose
    /// further-action column speaks to its caller; see
    /// [`Api::replaced_action`]). Otherwise the document's action, `None`
    /// when the document gives none.
    pub fn code_action(&self, c: &ResultCode) -> Option<ActionKind> {
        if self.direction == Direction::Notification && c.status == Status::U {
            return Some(ActionKind::WaitOrInquire);
        }
        c.action.as_ref().map(|a| a.kind)
    }

    /// The document's action where [`Api::code_action`] replaces it (`Some(document's kind)`)
    /// for a U code in a notification whose document action is not
    /// `wait_or_inquire`; `None` where the document's action stands.
    pub fn replaced_action(&self, c: &ResultCode) -> Option<Option<ActionKind>> {
        let documented = c.action.as_ref().map(|a| a.kind);
        let receiver = self.code_action(c);
        (documented != receiver).then_some(documented)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Http {
    pub method: String,
    pub path: Option<String>,
    pub note: Option<String>,
}

/// Which way a message travels, seen from the merchant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    /// Alipay sends it, the merchant receives it: notifications, and responses to the merchant's calls.
    /// Lenient: unknown fields, enum values and codes are accepted.
    Inbound,
    /// The merchant sends it: requests, and acknowledgements of notifications. Strict.
    Outbound,
}

#[derive(Debug, Clone, Serialize)]
pub struct Message {
    pub description: Option<String>,
    pub flow: Flow,
    pub fields: Vec<Field>,
    /// Relations between two fields (a rule outbound, an expectation inbound).
    pub relations: Vec<Relation>,
    /// Whole example messages from the documents, checked against this
    /// message's rules (see [`Example::contradicts`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

/// A whole example message as a document gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Example {
    pub title: String,
    pub title_zh: Option<String>,
    /// The document's JSON text, byte for byte.
    pub json: String,
    /// `discrepancies` subjects whose adopted reading the example breaks (it
    /// breaks exactly the rules at those places, checked by lint).
    pub contradicts: Vec<String>,
    pub sources: Vec<String>,
}

/// "When `when` holds, `then` holds" between two fields of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relation {
    pub when: Condition,
    pub then: Condition,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

impl Message {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Wire name (camelCase as documented).
    pub name: String,
    #[serde(rename = "type")]
    pub ty: FieldType,
    pub required: bool,
    /// In characters.
    pub max_length: Option<u32>,
    pub minimum: Option<i64>,
    pub format: Option<StringFormat>,
    pub fixed: Option<String>,
    pub default: Option<String>,
    /// How integer, decimal and boolean values travel.
    pub wire: Wire,
    pub description: String,
    pub description_zh: Option<String>,
    pub example: Option<String>,
    pub present_only_when: Option<Condition>,
    pub required_when: Option<Condition>,
    /// Narrowing of a shared object's fields in this place (for object fields).
    pub constraints: Vec<ChildConstraint>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum FieldType {
    String,
    Integer,
    Decimal,
    Boolean,
    Datetime,
    Enum(Vec<EnumValue>),
    /// A shared type, by name (resolved: it exists in [`Model::types`]).
    Object(String),
    Array(Box<FieldType>),
}

impl FieldType {
    /// The shared type a field holds, directly or as array elements.
    pub fn object(&self) -> Option<&str> {
        match self {
            FieldType::Object(name) => Some(name),
            FieldType::Array(inner) => inner.object(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnumValue {
    pub value: String,
    pub description: String,
    pub description_zh: Option<String>,
    pub deprecated: Option<String>,
    /// A `notifyType` value under which S is not final (spec `pending: true`).
    pub pending: bool,
    pub sources: Vec<String>,
}

/// "`field` is one of `values`", with `field` a path into the same message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// Path segments, e.g. `["result", "resultStatus"]`.
    pub field: Vec<String>,
    pub one_of: Vec<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChildConstraint {
    pub field: String,
    pub required: Option<bool>,
    pub fixed: Option<String>,
    pub allowed: Vec<String>,
    /// The value written when the message is built: `fixed`, or `default` among `allowed`.
    pub default: Option<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Status {
    S,
    F,
    U,
}

impl Status {
    pub fn letter(self) -> &'static str {
        match self {
            Status::S => "S",
            Status::F => "F",
            Status::U => "U",
        }
    }
    pub fn meaning(self) -> &'static str {
        match self {
            Status::S => "success",
            Status::F => "failure",
            Status::U => "unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultCode {
    pub code: String,
    pub status: Status,
    pub message: String,
    pub message_zh: Option<String>,
    pub action: Option<Action>,
    /// Translations in this row that are wrong, in the order of the texts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mistranslated: Vec<Mistranslation>,
    /// Defined in `spec/codes/` and shared with other APIs.
    pub shared: bool,
    pub provenance: Provenance,
}

/// A translated text of a result-code row that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mistranslation {
    pub text: TranslatedText,
    /// What the translation actually says, in English.
    pub says: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    pub kind: ActionKind,
    pub text: Option<String>,
    pub text_zh: Option<String>,
}

/// The request API a notification's pending result is inquired with.
#[derive(Debug, Clone, Serialize)]
pub struct Inquiry {
    /// A request API of the model (checked).
    pub api: String,
    pub description: String,
    pub sources: Vec<String>,
}

/// A top-level field of a notification's request whose values tell the
/// result (checked: the field exists, its listed values are allowed ones).
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeField {
    pub field: String,
    pub succeeded: Vec<String>,
    pub failed: Vec<String>,
    pub description: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Retry {
    pub ack: String,
    pub max_sends: u32,
    /// Wait before each send, in seconds, first send included.
    pub intervals_secs: Vec<u64>,
    /// As written in the spec (`0s`, `2m`, ...).
    pub intervals: Vec<String>,
    pub window_secs: Option<u64>,
    pub description: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Discrepancy {
    pub subject: String,
    pub summary: String,
    pub readings: Vec<Reading>,
    pub adopted: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reading {
    pub source: String,
    pub reading: String,
}

impl Model {
    /// Shared types reachable from a message of `flow`, directly or through
    /// other shared types.
    pub fn types_reachable(&self, flow: Flow) -> std::collections::BTreeSet<String> {
        let mut set = std::collections::BTreeSet::new();
        for api in &self.apis {
            for m in [&api.request, &api.response] {
                if m.flow != flow {
                    continue;
                }
                let mut stack: Vec<&Field> = m.fields.iter().collect();
                while let Some(f) = stack.pop() {
                    if let Some(t) = f.ty.object()
                        && set.insert(t.to_string())
                        && let Some(td) = self.type_def(t)
                    {
                        stack.extend(td.fields.iter());
                    }
                }
            }
        }
        set
    }

    /// Shared types that are read leniently: those reachable from a message
    /// Alipay sends, or from no message at all. They keep unknown fields, have
    /// every field optional, and get a checked view.
    pub fn lenient_types(&self) -> std::collections::BTreeSet<String> {
        let inbound = self.types_reachable(Flow::Inbound);
        let outbound = self.types_reachable(Flow::Outbound);
        self.types
            .iter()
            .map(|t| t.name.clone())
            .filter(|n| inbound.contains(n) || !outbound.contains(n))
            .collect()
    }

    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name == name)
    }
    pub fn api(&self, name: &str) -> Option<&Api> {
        self.apis.iter().find(|a| a.name == name)
    }
}
pub mod rules;
