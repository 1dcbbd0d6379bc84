//! Parsing: errors, the lenient one-pass reader, unchecked serialization.

use std::fmt;

use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde::ser::{Serialize, Serializer};
use serde_json::Value;

use crate::report::Violation;

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
                        return Err(<A::Error as serde::de::Error>::duplicate_field(
                            "notifyType",
                        ));
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

/// A struct Alipay sends, read leniently: its `Deserialize` and this impl
/// are derived (`#[derive(Lenient)]`, from its fields' serde names), and
/// [`deserialize_lenient`] reads the object in one pass. Known wire
/// names go to their fields (a repeated one is an error, as with serde's
/// derive); every other key goes to the extra map (the last of repeated
/// unknown keys wins), without buffering the object as `#[serde(flatten)]`
/// would.
pub trait Lenient: Default {
    /// `struct Name`, for error messages.
    const EXPECTING: &'static str;
    /// The wire names of the known fields; an index below is into this list.
    const FIELDS: &'static [&'static str];
    /// The index of a known wire name (its position in [`Lenient::FIELDS`]).
    fn field_index(key: &str) -> Option<usize> {
        Self::FIELDS.iter().position(|f| *f == key)
    }
    /// Reads the value of known field `index` into its field.
    fn read_field<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;
    /// The fields the spec does not list.
    fn extra_mut(&mut self) -> &mut Extra;
}

/// The fields a [`Lenient`] struct does not list, kept as received.
pub type Extra = serde_json::Map<String, Value>;

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
                            return Err(<A::Error as serde::de::Error>::duplicate_field(
                                T::FIELDS[i],
                            ));
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

/// `Serialize` for a generated message the merchant sends: refuses (with
/// every violation in the error) while a rule is broken, then writes the
/// fields through [`SerializeUnchecked`]. One line of generated code
/// (`::alipay_runtime::__private::checked_serialize!(Ty);`).
#[doc(hidden)]
#[macro_export]
macro_rules! __checked_serialize {
    ($ty:ident) => {
        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::__private::serialize_checked(self, s)
            }
        }
    };
}

/// The body of every checked `Serialize` (see `checked_serialize!`).
pub fn serialize_checked<T, S>(value: &T, s: S) -> Result<S::Ok, S::Error>
where
    T: crate::Message + SerializeUnchecked,
    S: Serializer,
{
    if let Err(v) = value.validate() {
        return Err(<S::Error as serde::ser::Error>::custom(
            crate::report::violations_text(&v),
        ));
    }
    value.serialize_unchecked(s)
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

/// `skip_serializing_if` for an `Option` field.
pub fn none<T>(v: &Option<T>) -> bool {
    v.is_none()
}

/// `skip_serializing_if` for a borrowed `Option`.
pub fn is_none<T>(v: &&Option<T>) -> bool {
    v.is_none()
}

/// Serializes to JSON bytes. The generated types have string keys only, so this cannot fail;
/// should it ever, the result is empty.
pub fn to_vec<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lenient struct as the generator emits one.
    #[derive(Debug, Default, PartialEq, serde::Serialize, crate::__private::Lenient)]
    #[serde(rename_all = "camelCase")]
    struct Note {
        #[serde(skip_serializing_if = "none")]
        payment_id: Option<String>,
        #[serde(rename = "Odd_Name", skip_serializing_if = "none")]
        odd: Option<u32>,
        #[serde(skip_serializing_if = "none")]
        r#type: Option<String>,
        #[serde(flatten)]
        extra: Extra,
    }

    #[test]
    fn a_derived_lenient_struct_reads_its_wire_names_and_keeps_the_rest() {
        assert_eq!(Note::FIELDS, ["paymentId", "Odd_Name", "type"]);
        assert_eq!(Note::EXPECTING, "struct Note");
        let text = r#"{"paymentId":"p","somethingNew":[1],"Odd_Name":7,"type":"t"}"#;
        let n: Note = parse(text.as_bytes()).unwrap();
        assert_eq!(n.payment_id.as_deref(), Some("p"));
        assert_eq!((n.odd, n.r#type.as_deref()), (Some(7), Some("t")));
        assert_eq!(n.extra.get("somethingNew"), Some(&serde_json::json!([1])));
        let back: Value = serde_json::from_slice(&to_vec(&n)).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(text).unwrap());
        // A repeated known field is refused, as serde's derive refuses it.
        let repeated = parse::<Note>(br#"{"paymentId":null,"paymentId":"p"}"#);
        assert!(matches!(repeated, Err(FromJsonError::WrongShape(_))));
        // A value of the wrong type in a known field is the wrong shape too.
        assert!(matches!(
            parse::<Note>(br#"{"Odd_Name":"x"}"#),
            Err(FromJsonError::WrongShape(_))
        ));
    }
}
