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

/// The members of an object in serialization order, with the order of each
/// value (an iterator: objects are many and small, no list is built).
pub(super) fn members<'m>(
    map: &'m Map<String, Value>,
    order: Order,
) -> impl Iterator<Item = (&'m str, &'m Value, Order)> {
    let schema = order == Order::Schema;
    let value_order = move |k: &str| match order {
        Order::Plain => Order::Plain,
        Order::Schemas => Order::Schema,
        Order::Schema => member_order(k),
    };
    let with_order = move |(k, v): (&'m String, &'m Value)| (k.as_str(), v, value_order(k));
    // In a schema, the leading and the last keywords, in their order…
    let keywords = move |keys: &'static [&'static str]| {
        keys.iter()
            .take(if schema { keys.len() } else { 0 })
            .filter_map(move |k| map.get_key_value(*k))
            .map(with_order)
    };
    // …around the others, sorted (the map's order).
    let middle = map
        .iter()
        .filter(move |(k, _)| {
            !(schema && (FIRST.contains(&k.as_str()) || LAST.contains(&k.as_str())))
        })
        .map(with_order);
    keywords(&FIRST).chain(middle).chain(keywords(&LAST))
}
