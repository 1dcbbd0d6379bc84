//! The order serde writes an object's members in: sorted keys (serde_json's
//! map), and in a schema schemars' keyword order. The text writers
//! ([`super::json_text`], [`super::yaml`]) follow it, so that they write what
//! serializing a `Schema` or a `Value` writes.

use serde_json::{Map, Value};

/// How an object's keys are ordered when serialized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Order {
    /// A plain value (serde_json's map): sorted keys, plain values.
    Plain,
    /// A schema (schemars' `Schema`): the leading keywords, the others
    /// sorted, `$defs` last; each member's value by what the keyword holds.
    Schema,
    /// An object of schemas (`properties`, `$defs`): sorted keys, schema values.
    Schemas,
}

/// schemars' keyword order: these first, in this order…
const FIRST: [&str; 7] = [
    "$id",
    "$schema",
    "title",
    "description",
    "type",
    "format",
    "properties",
];
/// …and these last.
const LAST: [&str; 2] = ["$defs", "definitions"];

/// How the value of member `key` of a schema is ordered.
fn member_order(key: &str) -> Order {
    if matches!(key, "examples" | "default") || key.starts_with("x-") {
        Order::Plain
    } else if matches!(
        key,
        "properties" | "patternProperties" | "dependentSchemas" | "$defs" | "definitions"
    ) {
        Order::Schemas
    } else {
        Order::Schema
    }
}

/// The members of an object in serialization order, with the order of each value.
pub(super) fn members(map: &Map<String, Value>, order: Order) -> Vec<(&str, &Value, Order)> {
    match order {
        Order::Plain => map
            .iter()
            .map(|(k, v)| (k.as_str(), v, Order::Plain))
            .collect(),
        Order::Schemas => map
            .iter()
            .map(|(k, v)| (k.as_str(), v, Order::Schema))
            .collect(),
        Order::Schema => {
            let with_order = |k: &str| {
                map.get_key_value(k)
                    .map(|(k, v)| (k.as_str(), v, member_order(k)))
            };
            let middle = map
                .iter()
                .filter(|(k, _)| !FIRST.contains(&k.as_str()) && !LAST.contains(&k.as_str()))
                .map(|(k, v)| (k.as_str(), v, member_order(k)));
            FIRST
                .iter()
                .filter_map(|k| with_order(k))
                .chain(middle)
                .chain(LAST.iter().filter_map(|k| with_order(k)))
                .collect()
        }
    }
}
