//! JSON Schema (draft 2020-12) per message, and the OpenAPI 3.1 document.
//!
//! One set of functions builds every schema value; the standalone files
//! (`schema/<api>.<request|response>.schema.json`, shared objects under
//! `$defs`) and the OpenAPI document (shared objects under
//! `components/schemas`) differ only in where `$ref`s point ([`Refs`]).
//!
//! How the model's rules become JSON Schema:
//!
//! - **Flow.** Outbound messages (the merchant sends them) are strict:
//!   `additionalProperties: false` on the message and on every object inside
//!   it, enum values limited to the listed ones, integers/booleans/decimals
//!   only in their declared wire form. Inbound messages (Alipay sends them)
//!   are lenient: unknown properties are accepted, an enum accepts any string
//!   besides the listed values (`anyOf: [{const, description}..., {not: {enum}}]`,
//!   the Rust side decodes them as `Unknown`), and a scalar is accepted in
//!   either wire form (the declared one listed first). Shared objects
//!   therefore get one definition per flow.
//! - **Integers as strings**: a `pattern` accepting exactly the texts
//!   `rules::parse_integer` reads as an i64 (what lint and the generated
//!   runtime accept; [`integer_pattern`]); a `minimum` of 0 is
//!   [`non_negative_integer_pattern`]; any other minimum is stated in the
//!   description only (no spec field has one). In the JSON number form,
//!   `minimum` (the field's, or i64's) and `maximum` (i64's).
//! - **Date-times**: outbound, `format: date-time` plus a pattern for the
//!   RFC 3339 shape, so that validators that treat `format` as an annotation
//!   still reject a date-time without offset. Inbound, the ISO 8601 forms the
//!   runtime accepts ([`iso_datetime_pattern`], calendar checks included), with
//!   the RFC 3339 form as an expectation.
//! - **Conditions**: `present_only_when` is `if <condition> else
//!   {properties: {field: false}}` (absent unless the condition holds);
//!   `required_when` is `if <condition> then {required: [field]}`. A condition holds when every object on its path is
//!   present and the last field has one of the values.
//! - **Constraints** narrowing a shared object: `allOf: [{$ref}, {properties:
//!   {child: {const | enum}}, required}]`.
//! - **Result codes**: on the `result.resultCode` of the message that carries
//!   the API's outcome (the inbound one), as `anyOf` of `{const, description}`
//!   plus any other string, and the machine-readable table under the one
//!   extension keyword, `x-alipay` (`{"resultCodes": [...]}`; declare it once:
//!   `ajv.addKeyword("x-alipay")`). Other data about Alipay's messages will
//!   live under the same object, so consumers declare one keyword.
//! - **Titles** for code generators: every schema a generator would otherwise
//!   name from its position (message bodies, narrowed objects, narrowed
//!   values, the result-code list and each known code) has a `title` in
//!   UpperCamelCase that is unique in the OpenAPI document
//!   (`NotifyCaptureRequest`, `NotifyCaptureRequestResult`,
//!   `NotifyCaptureResultCode`, `NotifyCaptureResultCodeCaptureInProcess`), and
//!   `components/schemas` keys are such names too (`AmountInbound`). The
//!   result-code lists, narrowed objects and value lists are definitions of
//!   their own (`$defs` / `components/schemas`, keyed by title) referenced
//!   where used, so that a generator that ignores titles still names them
//!   after the definition instead of numbering them by position.
//! - **Expectations** (inbound only): what the documents say Alipay sends
//!   (`maxLength`, `present_only_when`, `required_when`, constraints,
//!   relations) does not constrain a message Alipay sends, because the Rust
//!   side only notices it. It is kept as an annotation, `x-alipay: {expected:
//!   [{schema, sources, description}]}`, where each `schema` is the rule in
//!   JSON Schema. In outbound schemas the same rules are ordinary keywords.
//! - Every description ends with its sources (`Source: S0, S1.`).
//!
//! The code: this module builds the schema values; `standalone.rs` writes
//! the per-message files, `openapi.rs` the OpenAPI document, both as text
//! (`json_text.rs`, `yaml.rs`: what serde_json and serde_saphyr write, in
//! the key order of `order.rs`, without serializing value trees through
//! serde). Each message's schemas are built once ([`emit`]); the shared
//! types' definitions once per flow.

mod json_text;
mod openapi;
mod order;
mod standalone;
mod yaml;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use schemars::{Schema, json_schema};
use serde_json::{Map, Value, json};

use crate::model::{
    ActionKind, Api, ChildConstraint, Condition, Direction, Field, FieldType, Flow, Message, Model,
    Presence, Relation, ResultCode, StringFormat, TranslatedText, TypeDef, Wire,
};
use crate::naming::ident;
use crate::write::OutputFile;

pub use openapi::openapi;
pub use standalone::message_schema;

/// Base of every schema's `$id`.
pub const ID_BASE: &str = "https://alipay-codegen.invalid/schema/";

/// The one extension keyword the schemas use (an annotation): an object whose
/// `resultCodes` member is the result-code table as data.
pub const EXTENSION_KEYWORD: &str = "x-alipay";
/// The member of [`EXTENSION_KEYWORD`] holding the result-code table.
pub const RESULT_CODES_MEMBER: &str = "resultCodes";
/// The member of a notification operation's `x-alipay` naming the operation
/// (a request API) to inquire with while its result is pending.
pub const INQUIRY_MEMBER: &str = "inquiry";
/// The member of a notification operation's `x-alipay` naming the request
/// field that tells the result with `resultStatus` S (`{field, succeeded,
/// failed}`), where the spec gives one (notifyRefund's `refundStatus`).
pub const OUTCOME_FIELD_MEMBER: &str = "outcomeField";

/// Digits (after any leading zeros) of a number from 0 to `bound`, as a
/// regular expression: fewer digits than `bound`, or as many and not more.
fn up_to(bound: &str) -> String {
    let b = bound.as_bytes();
    let n = b.len();
    let mut alts = vec![format!("[0-9]{{1,{}}}", n - 1)];
    for i in 0..n {
        if b[i] > b'0' {
            let lower = if b[i] - 1 == b'0' {
                "0".to_string()
            } else {
                format!("[0-{}]", (b[i] - 1) as char)
            };
            let rest = n - i - 1;
            let tail = if rest == 0 {
                String::new()
            } else {
                format!("[0-9]{{{rest}}}")
            };
            alts.push(format!("{}{lower}{tail}", &bound[..i]));
        }
    }
    alts.push(bound.to_string());
    alts.join("|")
}

/// The integer texts `rules::parse_integer` accepts: an optional `-`, digits,
/// and a value within i64 (what the generated runtime reads integers into).
pub fn integer_pattern() -> String {
    format!(
        "^(?:0*(?:{})|-0*(?:{}))$",
        up_to(&i64::MAX.to_string()),
        up_to(&i64::MIN.unsigned_abs().to_string())
    )
}

/// Integers `>= 0` within i64, `-0` included (it parses as 0).
pub fn non_negative_integer_pattern() -> String {
    format!("^(?:0*(?:{})|-0+)$", up_to(&i64::MAX.to_string()))
}
/// `-?digits(.digits)?`, as `rules::is_decimal`.
pub const DECIMAL_PATTERN: &str = "^-?[0-9]+(?:\\.[0-9]+)?$";
/// Three ASCII uppercase letters, as `rules::is_currency`.
pub const CURRENCY_PATTERN: &str = "^[A-Z]{3}$";
/// The shape of an RFC 3339 date-time with offset (ranges are `format`'s job).
pub const DATETIME_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})$";

/// The date-times accepted in what Alipay sends (the generated runtime's
/// `parse_datetime`): a calendar date that exists, `T`, a time and a UTC
/// designator or offset, in the extended format (`2024-03-01T09:15:00+08:00`,
/// also with `+0800` or `+08`, without seconds, with `,` as decimal sign) or
/// the basic one (`20240301T091500+0800`). Month lengths and leap years are in
/// the pattern, so that validators agree without `format`.
pub fn iso_datetime_pattern() -> String {
    let hh = "(?:[01][0-9]|2[0-3])";
    let mm = "[0-5][0-9]";
    let ss = "(?:[0-5][0-9]|60)";
    let frac = "(?:[.,][0-9]+)?";
    let leap_year = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)";
    // month and day, with `sep` between them
    let md = |sep: &str| {
        format!(
            "(?:(?:0[13578]|1[02]){sep}(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11){sep}(?:0[1-9]|[12][0-9]|30)|02{sep}(?:0[1-9]|1[0-9]|2[0-8]))"
        )
    };
    let date = |sep: &str| format!("(?:[0-9]{{4}}{sep}{}|{leap_year}{sep}02{sep}29)", md(sep));
    let extended = format!(
        "{}[Tt]{hh}:{mm}(?::{ss}{frac})?(?:[Zz]|[+-]{hh}(?::?{mm})?)",
        date("-")
    );
    let basic = format!(
        "{}[Tt]{hh}{mm}(?:{ss}{frac})?(?:[Zz]|[+-]{hh}(?:{mm})?)",
        date("")
    );
    format!("^(?:{extended}|{basic})$")
}

/// Which message of an API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Request,
    Response,
}

impl Part {
    pub const ALL: [Part; 2] = [Part::Request, Part::Response];

    pub fn as_str(self) -> &'static str {
        match self {
            Part::Request => "request",
            Part::Response => "response",
        }
    }

    pub fn message(self, api: &Api) -> &Message {
        match self {
            Part::Request => &api.request,
            Part::Response => &api.response,
        }
    }
}

/// Where `$ref`s to shared objects point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refs {
    /// `#/$defs/<Type>`, in a standalone schema file (one flow per file).
    Defs,
    /// `#/components/schemas/<Type><Flow>`, in the OpenAPI document.
    Components,
}

fn flow_str(flow: Flow) -> &'static str {
    match flow {
        Flow::Inbound => "inbound",
        Flow::Outbound => "outbound",
    }
}

/// A shared object's name under `components/schemas`: `AmountInbound`.
/// (No dots: generators such as datamodel-code-generator read a dotted name as
/// a module path.) Messages end in `Request`/`Response`, types in
/// `Inbound`/`Outbound`, so the two never collide.
pub fn component_name(type_name: &str, flow: Flow) -> String {
    format!("{type_name}{}", ident::to_upper_camel(flow_str(flow)))
}

/// A message's name under `components/schemas`, also its title: `NotifyCaptureRequest`.
pub fn message_component_name(api: &Api, part: Part) -> String {
    format!(
        "{}{}",
        ident::to_upper_camel(&api.name),
        ident::to_upper_camel(part.as_str())
    )
}

/// `schema/notifyCapture.request.schema.json`.
pub fn schema_path(api: &Api, part: Part) -> String {
    crate::naming::names::schema_file(&api.name, part.as_str())
}

/// The `$id` of a message's schema file.
pub fn schema_id(api: &Api, part: Part) -> String {
    format!("{ID_BASE}{}.{}.schema.json", api.name, part.as_str())
}

/// `schema/<apiName>.request.schema.json`, `schema/<apiName>.response.schema.json`
/// and `openapi.yaml`, relative to the output directory.
///
/// Each message's schemas are built once, with the files' references, on
/// the cores side by side: its file, and its entries of the OpenAPI
/// document's `components/schemas` (references pointed there) rendered as
/// YAML. The shared types' definitions are built once per flow.
pub fn emit(model: &Model) -> Vec<OutputFile> {
    let messages: Vec<(&Api, Part)> = model
        .apis
        .iter()
        .flat_map(|api| Part::ALL.into_iter().map(move |part| (api, part)))
        .collect();
    let types =
        standalone::TypeDefs::new(model, messages.iter().map(|&(api, part)| part.message(api)));
    let built = crate::parallel::map(&messages, |&(api, part)| {
        let item = (part == Part::Request).then(|| {
            let (section, key, item) = openapi::path_item(api);
            let yaml = yaml::entry(&key, &item, yaml::Order::Plain, 1);
            (section, key, yaml)
        });
        let (body, named) = message_body_and_named(model, api, part, Refs::Defs);
        let components = openapi::message_components_yaml(api, part, &body, &named);
        let file = standalone::file(model, api, part, body, named, &types);
        (file, item, components)
    });
    let mut files = Vec::with_capacity(built.len() + 1);
    let mut entries = openapi::YamlEntries::default();
    for (file, item, components) in built {
        files.push(file);
        if let Some((section, key, yaml)) = item {
            entries.section(section).insert(key, yaml);
        }
        entries.schemas.extend(components);
    }
    entries
        .schemas
        .extend(openapi::schemas_yaml(openapi::type_components(model)));
    files.push(openapi::yaml_file(model, &entries));
    files
}

/// `Source: S0, S1.`
fn sources_sentence(sources: &[String]) -> String {
    if sources.is_empty() {
        String::new()
    } else {
        format!("Source: {}.", sources.join(", "))
    }
}

/// Joins sentences with single spaces, skipping empty ones. Each is escaped
/// as Markdown text ([`crate::naming::text::markdown`]): Redoc and Swagger UI render
/// descriptions as CommonMark, and spec text must stay text there.
fn sentences<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&crate::naming::text::markdown(p));
        if !(p.ends_with(['.', '!', '?', ':']) || p.ends_with(".)") || p.ends_with(".\")")) {
            out.push('.');
        }
    }
    out
}

/// Builds schemas for one flow.
struct Ctx<'a> {
    model: &'a Model,
    flow: Flow,
    refs: Refs,
    /// UpperCamelCase name of the message or type being built: the prefix of
    /// the titles of the schemas inside it.
    title: String,
    /// UpperCamelCase name of the API whose result codes are listed here.
    api_title: String,
    /// Schemas given a name of their own (under `$defs` or
    /// `components/schemas`, by title) and referenced where they are used: a
    /// generator names a class after a definition even without reading
    /// titles (datamodel-code-generator's default), never after its position.
    named: RefCell<BTreeMap<String, Value>>,
}

impl Ctx<'_> {
    fn strict(&self) -> bool {
        self.flow == Flow::Outbound
    }

    /// Files `schema` (which has `title`) as a named definition; returns a reference to it.
    fn named(&self, title: &str, schema: Schema) -> Schema {
        self.named
            .borrow_mut()
            .insert(title.to_string(), schema.to_value());
        Schema::new_ref(match self.refs {
            Refs::Defs => format!("#/$defs/{title}"),
            Refs::Components => format!("#/components/schemas/{title}"),
        })
    }

    fn type_ref(&self, name: &str) -> String {
        match self.refs {
            Refs::Defs => format!("#/$defs/{name}"),
            Refs::Components => format!("#/components/schemas/{}", component_name(name, self.flow)),
        }
    }

    /// The value of a scalar written as text in the spec (example, default,
    /// fixed), in the field's declared wire form.
    fn typed(&self, ty: &FieldType, wire: Wire, text: &str) -> Value {
        if wire == Wire::Native {
            match ty {
                FieldType::Integer => {
                    if let Ok(n) = text.parse::<i64>() {
                        return json!(n);
                    }
                }
                FieldType::Decimal => {
                    if let Ok(Value::Number(n)) = serde_json::from_str::<Value>(text) {
                        return Value::Number(n);
                    }
                }
                FieldType::Boolean => match text {
                    "true" => return json!(true),
                    "false" => return json!(false),
                    _ => {}
                },
                _ => {}
            }
        }
        json!(text)
    }

    /// `maxLength` on `s`: a keyword outbound, an expectation inbound.
    fn max_length(&self, s: &mut Schema, f: &Field) {
        let Some(max) = f.max_length else { return };
        let map = s.ensure_object();
        if self.strict() {
            map.insert("maxLength".into(), json!(max));
        } else {
            add_expected(
                map,
                json!({"maxLength": max}),
                &f.provenance.sources,
                &format!("At most {max} characters (a longer value is noticed, not refused)"),
            );
        }
    }

    /// The schema of a scalar or array type, without description.
    fn type_schema(&self, ty: &FieldType, f: &Field) -> Schema {
        match ty {
            FieldType::String => {
                let mut s = json_schema!({"type": "string"});
                self.max_length(&mut s, f);
                match f.format {
                    Some(StringFormat::Currency) => {
                        s.insert("pattern".into(), json!(CURRENCY_PATTERN));
                    }
                    Some(StringFormat::JsonText) => {
                        // An annotation in 2020-12: validators do not check it (see tests/payloads/README.md).
                        s.insert("contentMediaType".into(), json!("application/json"));
                    }
                    None => {}
                }
                s
            }
            FieldType::Integer => {
                let pattern = match f.minimum {
                    Some(0) => non_negative_integer_pattern(),
                    _ => integer_pattern(),
                };
                let mut text = json_schema!({"type": "string", "pattern": pattern});
                self.max_length(&mut text, f);
                let min = f.minimum.unwrap_or(i64::MIN);
                let native = json_schema!({"type": "integer", "minimum": min, "maximum": i64::MAX});
                self.wire_forms(f.wire, text, native)
            }
            FieldType::Decimal => {
                let mut text = json_schema!({"type": "string", "pattern": DECIMAL_PATTERN});
                self.max_length(&mut text, f);
                self.wire_forms(f.wire, text, json_schema!({"type": "number"}))
            }
            FieldType::Boolean => self.wire_forms(
                f.wire,
                json_schema!({
                    "title": format!("{}{}Text", self.title, ident::to_upper_camel(&f.name)),
                    "type": "string",
                    "enum": ["true", "false"],
                }),
                json_schema!({"type": "boolean"}),
            ),
            FieldType::Datetime if self.strict() => json_schema!({
                "type": "string",
                "format": "date-time",
                "pattern": DATETIME_PATTERN,
            }),
            FieldType::Datetime => {
                // Inbound: every ISO 8601 form the runtime accepts; the RFC 3339
                // form of the documents' examples is an expectation.
                let mut s = json_schema!({
                    "type": "string",
                    "pattern": iso_datetime_pattern(),
                });
                add_expected(
                    s.ensure_object(),
                    json!({"format": "date-time", "pattern": DATETIME_PATTERN}),
                    &f.provenance.sources,
                    "In the RFC 3339 form of the documents' examples (YYYY-MM-DDThh:mm:ss[.f] with Z or ±hh:mm); another ISO 8601 form (basic format, +0800, no seconds, a decimal comma) is noticed, not refused",
                );
                s
            }
            FieldType::Enum(values) => {
                let title = format!("{}{}", self.title, ident::to_upper_camel(&f.name));
                let mut options: Vec<Value> = values
                    .iter()
                    .map(|v| {
                        let mut o = json_schema!({
                            "const": v.value,
                            "description": sentences([
                                v.description.as_str(),
                                v.deprecated.as_deref().map(|d| format!("Deprecated: {d}")).as_deref().unwrap_or(""),
                                &sources_sentence(&v.sources),
                            ]),
                        });
                        if v.deprecated.is_some() {
                            o.insert("deprecated".into(), json!(true));
                        }
                        o.to_value()
                    })
                    .collect();
                let mut s = json_schema!({
                    "title": title,
                    "type": "string",
                });
                self.max_length(&mut s, f);
                if self.strict() {
                    s.insert("oneOf".into(), Value::Array(options));
                } else {
                    let known: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                    options.push(other_value(&known, "A value this spec does not list: accepted in a message Alipay sends (Alipay may add values); decoders keep it as an unknown value."));
                    s.insert("anyOf".into(), Value::Array(options));
                }
                if f.fixed.is_some() {
                    // The property is narrowed to one value: no class of its own.
                    s
                } else {
                    self.named(&title, s)
                }
            }
            FieldType::Object(name) => Schema::new_ref(self.type_ref(name)),
            FieldType::Array(inner) => {
                let items = self.type_schema(inner, f);
                json_schema!({"type": "array", "items": items})
            }
        }
    }

    /// Strict: the declared form only. Lenient: either form, the declared one first.
    fn wire_forms(&self, wire: Wire, text: Schema, native: Schema) -> Schema {
        let (first, second) = match wire {
            Wire::String => (text, native),
            Wire::Native => (native, text),
        };
        if self.strict() {
            first
        } else {
            json_schema!({"anyOf": [first, second]})
        }
    }

    /// A property's schema: type, fixed value, constraints, description, examples, default.
    fn field_schema(&self, f: &Field, codes: Option<&Api>) -> Schema {
        let mut s = self.type_schema(&f.ty, f);
        if let Some(fixed) = &f.fixed {
            let v = self.typed(&f.ty, f.wire, fixed);
            let map = s.ensure_object();
            map.remove("oneOf");
            map.remove("anyOf");
            if matches!(f.ty, FieldType::String | FieldType::Enum(_)) || self.strict() {
                map.insert("const".into(), v);
            } else {
                let mut both = vec![v.clone()];
                if v != json!(fixed) {
                    both.push(json!(fixed));
                }
                map.insert("enum".into(), Value::Array(both));
            }
        }
        let mut narrow: Vec<&ChildConstraint> = f.constraints.iter().collect();
        narrow.sort_by(|a, b| a.field.cmp(&b.field));
        if let (FieldType::Object(name), true) = (&f.ty, !narrow.is_empty() || codes.is_some()) {
            s = self.narrowed(name, &f.name, &narrow, codes);
        }

        let mut notes: Vec<String> = vec![f.description.clone()];
        for (presence, c) in f.presence_conditions() {
            let words = if self.strict() {
                presence.opening().to_owned()
            } else {
                format!("Expected (noticed, not refused): {}", presence.words())
            };
            notes.push(format!("{words} {}", condition_text(c)));
        }
        if let Some(d) = &f.default {
            notes.push(format!("When absent, the receiver assumes `{d}`"));
        }
        if matches!(
            f.ty,
            FieldType::Integer | FieldType::Decimal | FieldType::Boolean
        ) {
            let form = match (f.wire, &f.ty) {
                (Wire::String, _) => "a JSON string",
                (Wire::Native, FieldType::Boolean) => "a JSON boolean",
                (Wire::Native, _) => "a JSON number",
            };
            if self.strict() {
                notes.push(format!("Sent as {form}"));
            } else {
                notes.push(format!("Sent as {form}; the other form is accepted too"));
            }
        }
        if let (FieldType::Integer, Some(min)) = (&f.ty, f.minimum)
            && min != 0
        {
            notes.push(format!(
                "Minimum {min} (not expressed by the string pattern; check it after decoding)"
            ));
        }
        if f.format == Some(StringFormat::JsonText) {
            notes.push(
                "Must be JSON text (contentMediaType is an annotation: validators do not check it)"
                    .into(),
            );
        }
        notes.push(sources_sentence(&f.provenance.sources));
        let map = s.ensure_object();
        map.insert(
            "description".into(),
            json!(sentences(notes.iter().map(String::as_str))),
        );
        if let Some(e) = &f.example
            && !matches!(f.ty, FieldType::Object(_) | FieldType::Array(_))
        {
            map.insert("examples".into(), json!([self.typed(&f.ty, f.wire, e)]));
        }
        if let Some(d) = &f.default {
            map.insert("default".into(), self.typed(&f.ty, f.wire, d));
        }
        s
    }

    /// `allOf: [{$ref}, {narrowing}]` for a shared object used with constraints
    /// (and, on the message carrying the outcome, the result-code table).
    fn narrowed(
        &self,
        name: &str,
        field: &str,
        narrow: &[&ChildConstraint],
        codes: Option<&Api>,
    ) -> Schema {
        let title = format!("{}{}", self.title, ident::to_upper_camel(field));
        let mut props = Map::new();
        let mut required: Vec<&str> = Vec::new();
        let mut expected_required: Vec<(&str, &[String])> = Vec::new();
        for c in narrow {
            let mut p = json_schema!({});
            let mut rule = Map::new();
            if let Some(fixed) = &c.fixed {
                rule.insert("const".into(), json!(fixed));
            }
            if !c.allowed.is_empty() {
                if self.strict() {
                    // A value list a generator would otherwise name after the property.
                    let t = format!("{title}{}", ident::to_upper_camel(&c.field));
                    p = self.named(&t, json_schema!({"title": t, "enum": c.allowed}));
                } else {
                    rule.insert("enum".into(), json!(c.allowed));
                }
            }
            let mut what = Vec::new();
            if c.required == Some(true) {
                if self.strict() {
                    required.push(&c.field);
                } else {
                    expected_required.push((&c.field, &c.sources));
                }
                what.push("required here".to_string());
            }
            if let Some(fixed) = &c.fixed {
                what.push(format!("fixed as `{fixed}` here"));
            }
            if !c.allowed.is_empty() {
                what.push(format!("one of {} here", c.allowed.join(", ")));
            }
            let head = if what.is_empty() {
                // `default` alone: what the generated code writes, no rule.
                if let Some(d) = &c.default {
                    p.insert("default".into(), json!(d));
                }
                format!("`{}` has no rule here", c.field)
            } else if self.strict() {
                format!("`{}` is {}", c.field, what.join(", "))
            } else {
                format!(
                    "Expected (noticed, not refused): `{}` is {}",
                    c.field,
                    what.join(", ")
                )
            };
            if !rule.is_empty() {
                if self.strict() {
                    p.ensure_object().extend(rule);
                } else {
                    add_expected(p.ensure_object(), Value::Object(rule), &c.sources, &head);
                }
            }
            p.insert(
                "description".into(),
                json!(sentences([
                    head.as_str(),
                    c.note.as_deref().unwrap_or(""),
                    &sources_sentence(&c.sources)
                ])),
            );
            props.insert(c.field.clone(), p.to_value());
        }
        if let Some(codes) = codes {
            let entry = props
                .entry("resultCode".to_string())
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .expect("an object");
            let codes_title = format!("{}ResultCode", self.api_title);
            let codes_ref = self.named(&codes_title, result_codes_schema(&self.api_title, codes));
            for (k, v) in codes_ref.as_object().expect("an object") {
                entry.entry(k.clone()).or_insert(v.clone());
            }
        }
        let mut narrowing = json_schema!({"type": "object", "properties": props});
        if !required.is_empty() {
            narrowing.insert("required".into(), json!(required));
        }
        for (field, sources) in expected_required {
            add_expected(
                narrowing.ensure_object(),
                json!({"required": [field]}),
                sources,
                &format!("Expected (noticed, not refused): `{field}` is present here"),
            );
        }
        let s = json_schema!({"title": title, "allOf": [Schema::new_ref(self.type_ref(name)), narrowing]});
        self.named(&title, s)
    }

    /// An object's schema: properties, required, conditions, strictness.
    fn object_schema(
        &self,
        fields: &[Field],
        relations: &[Relation],
        codes: Option<&Api>,
    ) -> Schema {
        let mut props = Map::new();
        let mut required = Vec::new();
        let mut conditions = Vec::new();
        for f in fields {
            let carries_codes = codes.filter(|_| is_result_field(f));
            props.insert(
                f.name.clone(),
                self.field_schema(f, carries_codes).to_value(),
            );
            if f.required {
                required.push(f.name.clone());
            }
            for (presence, c) in f.presence_conditions() {
                let text = format!("`{}` is {} {}", f.name, presence.words(), condition_text(c));
                let rule = match presence {
                    Presence::OnlyWhen => json!({
                        "if": self.holds(fields, c),
                        "else": {"type": "object", "properties": {f.name.as_str(): false}},
                    }),
                    Presence::RequiredWhen => json!({
                        "if": self.holds(fields, c),
                        "then": {"type": "object", "properties": {f.name.as_str(): true}, "required": [f.name]},
                    }),
                };
                conditions.push((text, rule, c.sources.clone()));
            }
        }
        for r in relations {
            let text = relation_text(r);
            let rule = json!({
                "if": self.holds(fields, &r.when),
                "then": self.holds(fields, &r.then),
            });
            conditions.push((text, rule, r.sources.clone()));
        }
        let mut s = json_schema!({"type": "object", "properties": props});
        if !required.is_empty() {
            s.insert("required".into(), json!(required));
        }
        if self.strict() {
            s.insert("additionalProperties".into(), json!(false));
        }
        if self.strict() {
            let rules: Vec<Value> = conditions
                .into_iter()
                .map(|(text, mut rule, _)| {
                    if let Value::Object(m) = &mut rule {
                        m.insert("$comment".into(), json!(text));
                    }
                    rule
                })
                .collect();
            if !rules.is_empty() {
                s.insert("allOf".into(), Value::Array(rules));
            }
        } else {
            for (text, rule, sources) in conditions {
                add_expected(
                    s.ensure_object(),
                    rule,
                    &sources,
                    &format!("Expected (noticed, not refused): {text}"),
                );
            }
        }
        s
    }

    /// The schema an object satisfies when condition `c` holds: every object on
    /// the path present, the last field one of the values.
    fn holds(&self, fields: &[Field], c: &Condition) -> Value {
        let target = resolve(self.model, fields, &c.field);
        let mut values: Vec<Value> = c.one_of.iter().map(|v| json!(v)).collect();
        if matches!(target.map(|t| &t.ty), Some(FieldType::Boolean)) {
            for v in &c.one_of {
                match v.as_str() {
                    "true" => values.push(json!(true)),
                    "false" => values.push(json!(false)),
                    _ => {}
                }
            }
        }
        let mut inner = json!({"enum": values});
        for seg in c.field.iter().rev() {
            inner = json!({
                "type": "object",
                "required": [seg],
                "properties": {seg.as_str(): inner},
            });
        }
        inner
    }

    fn type_def(&self, td: &TypeDef) -> Schema {
        let mut s = self.object_schema(&td.fields, &[], None);
        s.insert("title".into(), json!(self.title));
        s.insert(
            "description".into(),
            json!(sentences([
                td.description.as_str(),
                &sources_sentence(&td.provenance.sources)
            ])),
        );
        s
    }
}

/// Appends an expectation to the `x-alipay` annotation of `s`.
fn add_expected(s: &mut Map<String, Value>, schema: Value, sources: &[String], description: &str) {
    let ext = s
        .entry(EXTENSION_KEYWORD.to_string())
        .or_insert_with(|| json!({}));
    if let Value::Object(ext) = ext {
        let list = ext
            .entry("expected".to_string())
            .or_insert_with(|| json!([]));
        if let Value::Array(list) = list {
            list.push(json!({
                "schema": schema,
                "sources": sources,
                "description": crate::naming::text::markdown(description),
            }));
        }
    }
}

/// `{"type": "string", "not": {"enum": known}, "description": ...}`: the catch-all of a lenient value list.
fn other_value(known: &[&str], description: &str) -> Value {
    json!({"type": "string", "not": {"enum": known}, "description": description})
}

fn is_result_field(f: &Field) -> bool {
    f.name == "result" && matches!(&f.ty, FieldType::Object(t) if t == "Result")
}

/// The field a condition's path names, starting in `fields`.
fn resolve<'m>(model: &'m Model, fields: &'m [Field], path: &[String]) -> Option<&'m Field> {
    let (first, rest) = path.split_first()?;
    let f = fields.iter().find(|f| &f.name == first)?;
    if rest.is_empty() {
        return Some(f);
    }
    match &f.ty {
        FieldType::Object(t) => resolve(model, &model.type_def(t)?.fields, rest),
        _ => None,
    }
}

/// "`result.resultStatus` is S" / "is one of S, F".
/// "when `notifyType` is PAYMENT_RESULT, `result.resultStatus` is one of S, F".
pub fn relation_text(r: &Relation) -> String {
    r.sentence(condition_text)
}

/// A condition as the schemas write it: values plain, source ids in
/// parentheses ([`Condition::sentence`]).
pub fn condition_text(c: &Condition) -> String {
    c.sentence(str::to_owned, &c.sources.join(", "))
}

fn kind_str(kind: ActionKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// One line of the code table: `S (success): Success. Further action (none): ...`.
fn code_description(api: &Api, c: &ResultCode) -> String {
    let mut parts = vec![format!(
        "{} ({}): {}",
        c.status.letter(),
        c.status.meaning(),
        c.message
    )];
    if let Some(documented) = api.replaced_action(c) {
        let kind = api.code_action(c).map(kind_str).unwrap_or_default();
        let doc_kind = documented
            .map(|k| format!(" `{}`", kind_str(k)))
            .unwrap_or_default();
        parts.push(format!(
            "Further action for the receiver of this notification: {kind} (an inference: the table gives the code status U, and its further action{doc_kind} speaks to the caller of the synchronous API the table is copied from; the notification's own resultStatus decides, and U is pending)"
        ));
        if let Some(t) = c.action.as_ref().and_then(|a| a.text.as_deref()) {
            parts.push(format!(
                "The document's further action, for that caller: {t}"
            ));
        }
    } else if let Some(a) = &c.action {
        let kind = kind_str(a.kind);
        match &a.text {
            Some(t) => parts.push(format!("Further action ({kind}): {t}")),
            None => parts.push(format!("Further action: {kind}")),
        }
    }
    for m in &c.mistranslated {
        let what = match m.text {
            TranslatedText::MessageZh => "Chinese message",
            TranslatedText::ActionTextZh => "Chinese further action",
        };
        parts.push(format!(
            "The {what} of this row is a mistranslation: it says \"{}\" ({})",
            m.says.trim_end_matches('.'),
            m.sources.join(", ")
        ));
    }
    parts.push(sources_sentence(&c.provenance.sources));
    sentences(parts.iter().map(String::as_str))
}

/// The known result codes of an API, any other string accepted. `api` is the
/// API's UpperCamelCase name, the prefix of the titles.
fn result_codes_schema(api: &str, the_api: &Api) -> Schema {
    let codes = &the_api.result_codes;
    let title = format!("{api}ResultCode");
    let mut options: Vec<Value> = codes
        .iter()
        .map(|c| {
            json!({
                "title": format!("{title}{}", ident::to_upper_camel(&c.code)),
                "const": c.code,
                "description": code_description(the_api, c),
            })
        })
        .collect();
    let known: Vec<&str> = codes.iter().map(|c| c.code.as_str()).collect();
    let mut other = other_value(
        &known,
        "A code this spec does not list: accepted (Alipay adds codes); act on resultStatus.",
    );
    other["title"] = json!(format!("{title}Other"));
    options.push(other);
    let table: Vec<Value> = codes
        .iter()
        .map(|c| {
            let mut row =
                json!({"code": c.code, "status": c.status.letter(), "message": c.message});
            if let Some(k) = the_api.code_action(c) {
                row["action"] = json!(kind_str(k));
            }
            // M2: a U code in a notification gives the receiver's action; the
            // document's (for the synchronous API's caller) is kept beside it.
            if let Some(documented) = the_api.replaced_action(c) {
                row["documentedAction"] = documented.map_or(Value::Null, |k| json!(kind_str(k)));
            }
            // M3: a Chinese text the spec marks mistranslated, with what it says.
            if !c.mistranslated.is_empty() {
                row["mistranslated"] = Value::Array(
                    c.mistranslated
                        .iter()
                        .map(|m| {
                            json!({
                                "text": serde_json::to_value(m.text).unwrap_or(Value::Null),
                                "says": m.says,
                                "sources": m.sources,
                            })
                        })
                        .collect(),
                );
            }
            row
        })
        .collect();
    let mut sources: Vec<String> = Vec::new();
    for c in codes {
        for id in &c.provenance.sources {
            if !sources.contains(id) {
                sources.push(id.clone());
            }
        }
    }
    let description = sentences([
        "The result code. Known codes of this API with their result status (S success, F failure, U unknown) are listed (table as data: x-alipay.resultCodes); any other string is accepted",
        &sources_sentence(&sources),
    ]);
    let mut s = json_schema!({
        "title": title,
        "type": "string",
        "description": description,
        "anyOf": options,
    });
    s.insert(
        EXTENSION_KEYWORD.into(),
        json!({ RESULT_CODES_MEMBER: table }),
    );
    s
}

/// The message whose `result` carries the API's outcome (and its code table):
/// a notification's request, a request API's response, when that message has
/// a `result` field (a notification whose page lists none, such as a dispute
/// notification, carries no code table in its schema).
pub fn carries_codes(api: &Api, part: Part) -> bool {
    matches!(
        (api.direction, part),
        (Direction::Notification, Part::Request) | (Direction::Request, Part::Response)
    ) && part.message(api).fields.iter().any(is_result_field)
}

/// Shared types reachable from `fields`, transitively, sorted by name.
pub fn reachable_types(model: &Model, fields: &[Field]) -> BTreeSet<String> {
    fn walk(model: &Model, ty: &FieldType, out: &mut BTreeSet<String>) {
        match ty {
            FieldType::Object(name) => {
                if out.insert(name.clone())
                    && let Some(td) = model.type_def(name)
                {
                    for f in &td.fields {
                        walk(model, &f.ty, out);
                    }
                }
            }
            FieldType::Array(inner) => walk(model, inner, out),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for f in fields {
        walk(model, &f.ty, &mut out);
    }
    out
}

/// A message's body schema (no `$schema`, `$id` or `$defs`): what both the
/// standalone file and the OpenAPI document use.
pub fn message_body(model: &Model, api: &Api, part: Part, refs: Refs) -> Schema {
    message_body_and_named(model, api, part, refs).0
}

/// [`message_body`] and the named definitions it refers to (narrowed
/// objects, the result-code list), by title.
pub fn message_body_and_named(
    model: &Model,
    api: &Api,
    part: Part,
    refs: Refs,
) -> (Schema, BTreeMap<String, Value>) {
    let msg = part.message(api);
    let ctx = Ctx {
        model,
        flow: msg.flow,
        refs,
        title: message_component_name(api, part),
        api_title: ident::to_upper_camel(&api.name),
        named: RefCell::default(),
    };
    let codes = carries_codes(api, part).then_some(api);
    let mut s = ctx.object_schema(&msg.fields, &msg.relations, codes);
    s.insert("title".into(), json!(message_component_name(api, part)));
    s.insert(
        "description".into(),
        json!(message_description(model, api, part)),
    );
    (s, ctx.named.into_inner())
}

/// A shared object's schema for one flow.
pub fn type_schema(model: &Model, td: &TypeDef, flow: Flow, refs: Refs) -> Schema {
    type_schema_and_named(model, td, flow, refs).0
}

/// [`type_schema`] and the named definitions it refers to, by title.
pub fn type_schema_and_named(
    model: &Model,
    td: &TypeDef,
    flow: Flow,
    refs: Refs,
) -> (Schema, BTreeMap<String, Value>) {
    let title = match refs {
        Refs::Defs => td.name.clone(),
        Refs::Components => component_name(&td.name, flow),
    };
    let ctx = Ctx {
        model,
        flow,
        refs,
        title,
        api_title: String::new(),
        named: RefCell::default(),
    };
    let s = ctx.type_def(td);
    (s, ctx.named.into_inner())
}

/// Every source id cited by a message and the types it reaches, sorted.
fn cited_sources(model: &Model, api: &Api, part: Part) -> BTreeSet<String> {
    let msg = part.message(api);
    let mut out: BTreeSet<String> = api.provenance.sources.iter().cloned().collect();
    let add_fields = |fields: &[Field], out: &mut BTreeSet<String>| {
        for f in fields {
            out.extend(f.provenance.sources.iter().cloned());
            for c in [&f.present_only_when, &f.required_when]
                .into_iter()
                .flatten()
            {
                out.extend(c.sources.iter().cloned());
            }
            for c in &f.constraints {
                out.extend(c.sources.iter().cloned());
            }
            if let FieldType::Enum(vs) = &f.ty {
                for v in vs {
                    out.extend(v.sources.iter().cloned());
                }
            }
        }
    };
    add_fields(&msg.fields, &mut out);
    for t in reachable_types(model, &msg.fields) {
        if let Some(td) = model.type_def(&t) {
            out.extend(td.provenance.sources.iter().cloned());
            add_fields(&td.fields, &mut out);
        }
    }
    if carries_codes(api, part) {
        for c in &api.result_codes {
            out.extend(c.provenance.sources.iter().cloned());
        }
    }
    out
}

fn message_description(model: &Model, api: &Api, part: Part) -> String {
    let msg = part.message(api);
    let flow = match msg.flow {
        Flow::Inbound => {
            "Alipay sends this message: the schema is lenient (properties it does not list, enum values and result codes it does not know, and integers, booleans and decimals in either JSON form are accepted)."
        }
        Flow::Outbound => {
            "The merchant sends this message: the schema is strict (no other properties, only the listed values, each scalar in its documented JSON form)."
        }
    };
    let head = format!(
        "The {} of {}: {}",
        part.as_str(),
        api.title,
        api.description
    );
    let mut text = sentences([
        head.as_str(),
        msg.description.as_deref().unwrap_or(""),
        flow,
    ]);
    text.push_str(" Source documents: ");
    let docs: Vec<String> = cited_sources(model, api, part)
        .iter()
        .map(|id| match model.sources.get(id) {
            Some(s) => match &s.date {
                Some(d) => format!(
                    "{id} ({}, {})",
                    crate::naming::text::inline(&s.title),
                    crate::naming::text::inline(d)
                ),
                None => format!("{id} ({})", crate::naming::text::inline(&s.title)),
            },
            None => id.clone(),
        })
        .collect();
    text.push_str(&docs.join("; "));
    text.push_str(". ");
    text.push_str(&sources_sentence(&api.provenance.sources));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The string patterns accept exactly the texts the checker and the
    /// generated runtime read as an i64 (ECMA-262 regexes, through jsonschema).
    #[test]
    fn integer_patterns_accept_exactly_the_i64_texts() {
        let any =
            jsonschema::validator_for(&json!({"type": "string", "pattern": integer_pattern()}))
                .unwrap();
        let nn = jsonschema::validator_for(
            &json!({"type": "string", "pattern": non_negative_integer_pattern()}),
        )
        .unwrap();
        let mut texts: Vec<String> = [
            "0", "-0", "00", "-000", "1", "-1", "", "-", "+1", "1.0", "a", "1 ",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for n in [
            i64::MAX,
            i64::MIN,
            i64::MAX - 1,
            i64::MIN + 1,
            9_000_000_000_000_000_000,
            999_999_999_999_999_999,
            1_000_000_000_000_000_000,
        ] {
            texts.push(n.to_string());
            texts.push(if n < 0 {
                format!("-000{}", n.unsigned_abs())
            } else {
                format!("000{n}")
            });
        }
        for big in [
            "9223372036854775808",
            "-9223372036854775809",
            "10000000000000000000",
            "99999999999999999999",
            "9223372036854775810",
            "9323372036854775807",
            "-9223372036854775810",
        ] {
            texts.push(big.to_string());
        }
        for t in &texts {
            let rust = crate::model::rules::parse_integer(t);
            assert_eq!(any.is_valid(&json!(t)), rust.is_some(), "{t}");
            assert_eq!(nn.is_valid(&json!(t)), rust.is_some_and(|n| n >= 0), "{t}");
        }
    }
}
