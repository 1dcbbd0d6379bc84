//! The rules a scalar value must satisfy, as the checker applies them to the
//! specs' own examples and fixed values. The generated validators implement
//! the same rules in the generated crate; tests hold the two together.

use serde_json::Value;

use super::{Condition, Field, FieldType, Flow, Message, StringFormat, TypeDef};
/// The kinds of rule a spec states, for the verdicts by direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    Required,
    Type,
    /// A date-time in an ISO 8601 form other than RFC 3339 (`Rule::DateTimeForm`).
    DateTimeForm,
    Minimum,
    Fixed,
    MaxLength,
    PresentOnlyWhen,
    RequiredWhen,
    Constraint,
    Relation,
    UnknownEnumValue,
    UnknownField,
    WireForm,
}

/// What breaking a rule does to a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The message is invalid (`validate()`, the JSON Schema).
    Refuse,
    /// Reported as a notice; the message stays valid (the schema carries it as `x-alipay`).
    Notice,
    /// Accepted without a word.
    Accept,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Refuse => "refuses",
            Verdict::Notice => "notice only",
            Verdict::Accept => "accepted",
        }
    }
}

impl RuleKind {
    pub const ALL: [RuleKind; 13] = [
        RuleKind::Required,
        RuleKind::Type,
        RuleKind::DateTimeForm,
        RuleKind::Minimum,
        RuleKind::Fixed,
        RuleKind::MaxLength,
        RuleKind::PresentOnlyWhen,
        RuleKind::RequiredWhen,
        RuleKind::Constraint,
        RuleKind::Relation,
        RuleKind::UnknownEnumValue,
        RuleKind::UnknownField,
        RuleKind::WireForm,
    ];

    /// Whether the rule says what the sender does (an expectation): refused in what the
    /// merchant sends, only noticed in what Alipay sends. The Rust emitter reports these
    /// with `Report::expect`, the others with `Report::push`.
    pub fn is_expectation(self) -> bool {
        matches!(
            self,
            RuleKind::MaxLength
                | RuleKind::DateTimeForm
                | RuleKind::PresentOnlyWhen
                | RuleKind::RequiredWhen
                | RuleKind::Constraint
                | RuleKind::Relation
        )
    }

    /// What breaking the rule does in a message travelling `flow`.
    pub fn verdict(self, flow: Flow) -> Verdict {
        match (flow, self) {
            (Flow::Outbound, _) => Verdict::Refuse,
            // Leniency: Alipay may add values and fields, and send either wire form.
            (
                Flow::Inbound,
                RuleKind::UnknownEnumValue | RuleKind::UnknownField | RuleKind::WireForm,
            ) => Verdict::Accept,
            (Flow::Inbound, k) if k.is_expectation() => Verdict::Notice,
            (Flow::Inbound, _) => Verdict::Refuse,
        }
    }

    /// What the rule is, in the README's words.
    pub fn describe(self) -> &'static str {
        match self {
            RuleKind::Required => "`required: true`: the field is missing",
            RuleKind::Type => {
                "the value is not of its type (integer, decimal, boolean, date-time, `format: currency` / `json_text`, an object or a string where the other belongs)"
            }
            RuleKind::DateTimeForm => {
                "a date-time in an ISO 8601 form other than the RFC 3339 one of the documents' examples (`+0800`, basic format, no seconds)"
            }
            RuleKind::Minimum => "`minimum`: an integer below it",
            RuleKind::Fixed => {
                "`fixed` on a field (e.g. notifyCapture's `notifyType` `CAPTURE_RESULT`)"
            }
            RuleKind::MaxLength => "`max_length`: more characters",
            RuleKind::PresentOnlyWhen => {
                "`present_only_when`: present although the condition does not hold"
            }
            RuleKind::RequiredWhen => "`required_when`: missing although the condition holds",
            RuleKind::Constraint => {
                "`constraints` on a shared object where it is used (`required`, `fixed`, `allowed`)"
            }
            RuleKind::Relation => {
                "`relations`: when one field has a value, another has one of some values"
            }
            RuleKind::UnknownEnumValue => {
                "an enum value the spec does not list (inbound, result codes too)"
            }
            RuleKind::UnknownField => "a field the spec does not list",
            RuleKind::WireForm => {
                "an integer, decimal or boolean in the other JSON form (`\"20\"` vs `20`)"
            }
        }
    }
}

/// The table of verdicts by direction, as Markdown (the README's "Which rules refuse and
/// which only notice" section is this text; a test keeps them equal).
pub fn verdict_table_markdown() -> String {
    let mut s = String::from(
        "| rule (spec key) | Alipay sends it (inbound) | the merchant sends it (outbound) |\n| --- | --- | --- |\n",
    );
    for k in RuleKind::ALL {
        s.push_str(&format!(
            "| {} | {} | {} |\n",
            k.describe(),
            k.verdict(Flow::Inbound).as_str(),
            k.verdict(Flow::Outbound).as_str()
        ));
    }
    s
}

/// Every rule of `field` that `value` (the text form of a scalar) breaks, as
/// sentences. Object and array fields have no scalar rules.
pub fn scalar_violations(field: &Field, value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars = value.chars().count();
    if let Some(max) = field.max_length
        && chars > max as usize
    {
        out.push(format!(
            "is {chars} characters long, more than max_length {max}"
        ));
    }
    if let Some(fixed) = &field.fixed
        && value != fixed
    {
        out.push(format!("is not the fixed value `{fixed}`"));
    }
    match &field.ty {
        FieldType::String => match field.format {
            Some(StringFormat::Currency) if !is_currency(value) => {
                out.push("is not an ISO 4217 currency code (three letters A-Z)".into())
            }
            Some(StringFormat::JsonText)
                if serde_json::from_str::<serde_json::Value>(value).is_err() =>
            {
                out.push("is not JSON text".into())
            }
            _ => {}
        },
        FieldType::Integer => match parse_integer(value) {
            None if is_integer_text(value) => out.push(format!(
                "is outside the 64-bit range of integers ({} to {}) that the generated code, the runtime and the schema accept",
                i64::MIN,
                i64::MAX
            )),
            None => out.push("is not an integer (digits only, optional leading `-`)".into()),
            Some(n) => {
                if let Some(min) = field.minimum
                    && n < min
                {
                    out.push(format!("is less than the minimum {min}"));
                }
            }
        },
        FieldType::Decimal => {
            if !is_decimal(value) {
                out.push("is not a decimal number".into());
            }
        }
        FieldType::Boolean => {
            if value != "true" && value != "false" {
                out.push("is not `true` or `false`".into());
            }
        }
        FieldType::Datetime => {
            if !is_rfc3339(value) {
                out.push(
                    "is not an ISO 8601 date-time with offset (e.g. 2019-06-12T14:07:05+08:00)"
                        .into(),
                );
            }
        }
        FieldType::Enum(values) => {
            if !values.iter().any(|v| v.value == value) {
                let known: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                out.push(format!("is not one of the values {}", known.join(", ")));
            }
        }
        FieldType::Object(_) | FieldType::Array(_) => {}
    }
    out
}

/// Every rule of `msg` that the whole message `value` breaks, as
/// `(dotted path, sentence)`: what the generated validator of that message
/// refuses, applied by lint to the documents' example messages. Inbound
/// messages are read as the generated code reads them: unknown properties and
/// enum values not listed are accepted, and integers, decimals and booleans
/// in either JSON form. Outbound messages are strict.
pub fn message_violations(
    types: &[TypeDef],
    msg: &Message,
    value: &Value,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let cx = MessageCx {
        types,
        strict: msg.flow == Flow::Outbound,
    };
    cx.object(&msg.fields, value, "", &mut out);
    out
}

struct MessageCx<'a> {
    types: &'a [TypeDef],
    strict: bool,
}

impl MessageCx<'_> {
    fn fields_of(&self, name: &str) -> &[Field] {
        self.types
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.fields.as_slice())
            .unwrap_or_default()
    }

    fn object(&self, fields: &[Field], value: &Value, at: &str, out: &mut Vec<(String, String)>) {
        let join = |name: &str| {
            if at.is_empty() {
                name.to_string()
            } else {
                format!("{at}.{name}")
            }
        };
        let Some(map) = value.as_object() else {
            out.push((at.to_string(), format!("is {}, not an object", kind(value))));
            return;
        };
        for f in fields {
            let path = join(&f.name);
            let present = map.get(&f.name);
            let required = f.required
                || f.required_when
                    .as_ref()
                    .is_some_and(|c| self.holds(fields, map, c));
            match present {
                None if required => out.push((path, "is required".into())),
                None => {}
                Some(v) => {
                    if let Some(c) = &f.present_only_when
                        && !self.holds(fields, map, c)
                    {
                        out.push((
                            path.clone(),
                            format!(
                                "is present although `{}` is not {}",
                                c.field.join("."),
                                c.one_of.join(" or ")
                            ),
                        ));
                    }
                    self.value(f, &f.ty, v, &path, out);
                }
            }
        }
        if self.strict {
            for k in map.keys() {
                if !fields.iter().any(|f| &f.name == k) {
                    out.push((join(k), "is not a field of this message".into()));
                }
            }
        }
    }

    fn value(
        &self,
        f: &Field,
        ty: &FieldType,
        v: &Value,
        path: &str,
        out: &mut Vec<(String, String)>,
    ) {
        match ty {
            FieldType::Object(name) => {
                self.object(self.fields_of(name), v, path, out);
                if let Some(map) = v.as_object() {
                    for c in &f.constraints {
                        let child = format!("{path}.{}", c.field);
                        match map.get(&c.field) {
                            None if c.required == Some(true) => {
                                out.push((child, "is required here".into()))
                            }
                            None => {}
                            Some(cv) => {
                                let text = scalar_text(cv);
                                if let Some(fixed) = &c.fixed
                                    && text.as_deref() != Some(fixed.as_str())
                                {
                                    out.push((child.clone(), format!("is not `{fixed}` here")));
                                }
                                if !c.allowed.is_empty()
                                    && !text.as_ref().is_some_and(|t| c.allowed.contains(t))
                                {
                                    out.push((
                                        child,
                                        format!("is not one of {} here", c.allowed.join(", ")),
                                    ));
                                }
                            }
                        }
                    }
                }
            }
            FieldType::Array(inner) => match v.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.value(f, inner, item, &format!("{path}[{i}]"), out);
                    }
                }
                None => out.push((path.to_string(), format!("is {}, not an array", kind(v)))),
            },
            _ => {
                let native_ok = !self.strict || f.wire == super::Wire::Native;
                let string_ok = !self.strict || f.wire == super::Wire::String;
                let text = match (ty, v) {
                    (_, Value::String(s))
                        if string_ok
                            || !matches!(
                                ty,
                                FieldType::Integer | FieldType::Decimal | FieldType::Boolean
                            ) =>
                    {
                        s.clone()
                    }
                    (FieldType::Integer | FieldType::Decimal, Value::Number(n)) if native_ok => {
                        n.to_string()
                    }
                    (FieldType::Boolean, Value::Bool(b)) if native_ok => b.to_string(),
                    _ => {
                        out.push((
                            path.to_string(),
                            format!("is {}, the wrong JSON type", kind(v)),
                        ));
                        return;
                    }
                };
                for p in scalar_violations(f, &text) {
                    // Inbound: an enum value the spec does not list is accepted.
                    if !self.strict
                        && matches!(ty, FieldType::Enum(_))
                        && p.starts_with("is not one of the values")
                    {
                        continue;
                    }
                    out.push((path.to_string(), p));
                }
            }
        }
    }

    /// Whether condition `c` holds in the object `map` whose fields are `fields`.
    fn holds(&self, fields: &[Field], map: &serde_json::Map<String, Value>, c: &Condition) -> bool {
        let mut fields = fields;
        let mut map = map;
        let Some((last, parents)) = c.field.split_last() else {
            return false;
        };
        for seg in parents {
            let Some(f) = fields.iter().find(|f| &f.name == seg) else {
                return false;
            };
            let FieldType::Object(t) = &f.ty else {
                return false;
            };
            let Some(Value::Object(m)) = map.get(seg) else {
                return false;
            };
            fields = self.fields_of(t);
            map = m;
        }
        map.get(last)
            .and_then(scalar_text)
            .is_some_and(|t| c.one_of.contains(&t))
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The rule primitives are the runtime's own (one implementation of each
/// rule, shared by the lint and the generated code).
pub use alipay_runtime::rules::{
    is_currency, is_decimal, is_integer as is_integer_text, is_rfc3339,
};

/// The value of an integer text ([`is_integer_text`]) when it fits an i64,
/// as the runtime reads it (leading zeros allowed, `-0` is 0).
pub fn parse_integer(s: &str) -> Option<i64> {
    if !is_integer_text(s) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The minimal fixture: notifyThing (inbound request: notifyType fixed,
    /// result narrowed to S/F, thingId max 64, thingAmount present only when
    /// S, thingKind an enum, thingCount an integer >= 1; outbound response:
    /// result fixed SUCCESS/S).
    fn fixture() -> crate::model::Model {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/minimal");
        crate::spec::load::load_dir(&dir).expect("the minimal fixture loads")
    }

    fn violations(part: &str, json: &str) -> Vec<String> {
        let m = fixture();
        let api = m.api("notifyThing").unwrap();
        let msg = if part == "request" {
            &api.request
        } else {
            &api.response
        };
        let v: Value = serde_json::from_str(json).unwrap();
        message_violations(&m.types, msg, &v)
            .into_iter()
            .map(|(p, w)| format!("{p}: {w}"))
            .collect()
    }

    #[test]
    fn inbound_messages_are_read_leniently() {
        // Unknown fields, an unknown enum value and a native integer are accepted.
        let ok = r#"{"notifyType": "THING_RESULT", "result": {"resultCode": "X", "resultStatus": "S"},
            "thingId": "1", "thingKind": "HUGE", "thingCount": 3, "extra": {"a": 1},
            "thingAmount": {"currency": "USD", "value": "1"}}"#;
        assert_eq!(violations("request", ok), Vec::<String>::new());
    }

    #[test]
    fn inbound_rules_that_refuse_are_reported_with_paths() {
        let bad = r#"{"notifyType": "OTHER", "result": {"resultCode": "X", "resultStatus": "U"},
            "thingCount": "0", "thingAmount": {"currency": "usd", "value": "1"}}"#;
        assert_eq!(
            violations("request", bad),
            [
                "notifyType: is not the fixed value `THING_RESULT`",
                "result.resultStatus: is not one of S, F here",
                "thingId: is required",
                "thingAmount: is present although `result.resultStatus` is not S",
                "thingAmount.currency: is not an ISO 4217 currency code (three letters A-Z)",
                "thingKind: is required",
                "thingCount: is less than the minimum 1",
            ]
        );
    }

    #[test]
    fn outbound_messages_are_strict() {
        let ok = r#"{"result": {"resultCode": "SUCCESS", "resultStatus": "S"}}"#;
        assert_eq!(violations("response", ok), Vec::<String>::new());
        let bad = r#"{"result": {"resultCode": "SUCCESS", "resultStatus": "F", "more": 1}, "extra": true}"#;
        assert_eq!(
            violations("response", bad),
            [
                "result.more: is not a field of this message",
                "result.resultStatus: is not `S` here",
                "extra: is not a field of this message",
            ]
        );
        assert_eq!(
            violations("response", "[]"),
            [": is an array, not an object"]
        );
    }

    #[test]
    fn datetimes() {
        for ok in [
            "2019-06-12T14:07:05+08:00",
            "2022-11-10T00:34:52-08:00",
            "2020-02-29T00:00:00Z",
            "2019-04-04T12:08:56.253+05:30",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "",
            "2019-06-12",
            "2019-06-12 14:07:05+08:00",
            "2019-06-12T14:07:05",
            "2019-13-12T14:07:05Z",
            "2019-02-29T14:07:05Z",
            "2019-06-12T24:07:05Z",
            "2019-06-12T14:07:05+0800",
            "2019-06-12T14:07:05.Z",
            "1685599933871",
            "２０１９-06-12T14:07:05Z",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }

    #[test]
    fn numbers_and_currencies() {
        assert_eq!(parse_integer("50000"), Some(50000));
        assert_eq!(parse_integer("-1"), Some(-1));
        assert_eq!(parse_integer("1.0"), None);
        assert_eq!(parse_integer(""), None);
        assert_eq!(parse_integer("+1"), None);
        assert_eq!(parse_integer("9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_integer("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_integer("00009223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_integer("9223372036854775808"), None);
        assert!(is_integer_text("99999999999999999999"));
        assert!(is_decimal("0.064622"));
        assert!(!is_decimal("1."));
        assert!(is_currency("USD"));
        assert!(!is_currency("usd"));
        assert!(!is_currency("US"));
    }
}
