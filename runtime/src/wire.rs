//! Typed wire values that keep their JSON form.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};
use serde_json::Value;

use crate::rules::{is_decimal, is_integer};

/// The text of a value as it travels, for comparisons with fixed and allowed values.
pub trait WireText {
    /// The string on the wire; `None` when the value is not a JSON string
    /// (native booleans give `true`/`false`).
    fn wire_text(&self) -> Option<&str>;
}

/// The wire text of an optional value (`None` when absent or not a JSON
/// string): what generated accessors read a message's values with.
pub fn text_of<T: WireText + ?Sized>(v: Option<&T>) -> Option<&str> {
    v.and_then(WireText::wire_text)
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

/// A value that can travel either as a JSON string or as a native JSON
/// value: integers, booleans and decimals. [`Wired::new_string`] and
/// [`Wired::new_native`] build a [`Wired`] of it in the chosen form; the
/// constructors generated for each message choose the form the spec gives,
/// so merchant code passes plain values and never chooses.
pub trait WireForm: WireValue {
    /// The value as a JSON string (`"1000"`, `"true"`, `"0.5"`).
    fn string_form(&self) -> Value;
    /// The value as a JSON number or boolean.
    fn native_form(&self) -> Value;
}

impl WireForm for i64 {
    fn string_form(&self) -> Value {
        Value::String(self.to_string())
    }
    fn native_form(&self) -> Value {
        Value::from(*self)
    }
}

impl WireForm for bool {
    fn string_form(&self) -> Value {
        Value::String(self.to_string())
    }
    fn native_form(&self) -> Value {
        Value::Bool(*self)
    }
}

impl WireForm for DecimalText {
    fn string_form(&self) -> Value {
        Value::String(self.0.clone())
    }
    /// A JSON number; a decimal too large for one stays a string, which
    /// `validate()` then reports against the native form the spec asks for.
    fn native_form(&self) -> Value {
        serde_json::from_str::<serde_json::Number>(&self.0)
            .map(Value::Number)
            .unwrap_or_else(|_| Value::String(self.0.clone()))
    }
}

impl<T: WireForm> Wired<T> {
    /// `v` sent as a JSON string (`"1000"`, `"true"`): the AMS form.
    pub fn new_string(v: T) -> Self {
        Wired::from_raw(v.string_form())
    }

    /// `v` sent as a JSON number or boolean.
    pub fn new_native(v: T) -> Self {
        Wired::from_raw(v.native_form())
    }
}

/// A typed value that keeps its JSON form: see the module docs.
#[derive(Debug, Clone, PartialEq)]
pub struct Wired<T> {
    pub(crate) value: Option<T>,
    pub(crate) raw: Value,
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

    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

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

impl DecimalText {
    /// The decimal `text`; `None` unless it is `-?digits(.digits)?`.
    pub fn new(text: &str) -> Option<Self> {
        is_decimal(text).then(|| DecimalText(text.to_owned()))
    }

    /// The shortest text of `v`; `None` for NaN and infinities.
    pub fn from_f64(v: f64) -> Option<Self> {
        serde_json::Number::from_f64(v).map(|n| DecimalText(n.to_string()))
    }
}

impl WireValue for chrono::DateTime<chrono::FixedOffset> {
    fn from_wire(raw: &Value) -> Option<Self> {
        match raw {
            Value::String(s) => crate::rules::parse_datetime(s).map(|(v, _)| v),
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
