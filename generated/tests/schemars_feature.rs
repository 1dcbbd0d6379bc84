//! The `schemars` feature: the schemas derived from the Rust types agree with
//! the JSON Schemas the generator emits in `schema/`.
//!
//! Compared: the property names at the top level and of every object in
//! `$defs`, the set of object `$defs`, `additionalProperties: false` on
//! outbound messages, and the `required` lists.
//!
//! Allowed differences, on purpose:
//! - Annotations and value constraints are not derived: `title`, `$id`,
//!   `$comment`, the spec's `description`s and `examples`, `pattern`,
//!   `maxLength`, `enum`, `const` come from the spec and only the emitted
//!   schemas carry them (the Rust types keep them in docs and in
//!   `validate()`; schemars derives descriptions from the doc comments, which
//!   add wire names and sources), so property schemas are compared by name
//!   only, never by content. The wire values (`Wired<T>`) derive the JSON
//!   forms they accept (`["string", "integer"]` and so on), broader than the
//!   emitted documented form.
//! - Conditional rules (`allOf` / `if` / `then`, e.g. `paymentTime` only when
//!   `result.resultStatus` is S) are not expressible by derive; `validate()`
//!   checks them.
//! - Optional fields derive as `"type": [..., "null"]` / `anyOf [..., null]`
//!   (an `Option` accepts `null` on input); the emitted schemas leave a
//!   missing field out rather than allowing `null`.
//! - String enums and result codes: the Rust enums keep an unlisted value in
//!   `Unknown(String)`, so their schema is any string with the known values
//!   as `examples`, and schemars puts them in `$defs` (by their Rust name)
//!   where the emitted schemas inline an `enum`. Such `$defs` entries exist
//!   only in the derived schema and must be `"type": "string"`.
//! - Inbound messages (Alipay sends them) and every shared type in
//!   `crate::types` are lenient in Rust: all fields are `Option` and unknown
//!   fields are kept in a flattened `extra` map (derived as
//!   `additionalProperties: true`), so that a message missing a field still
//!   parses and `validate()` reports it. Their derived `required` lists are
//!   therefore only checked to be a subset of the emitted ones. Outbound
//!   messages (the merchant sends them) are strict: the top-level `required`
//!   lists must be equal and both schemas must say
//!   `additionalProperties: false`. Shared types inside an outbound message
//!   (`Amount`, `Result`) are the same lenient Rust types, so their `$defs`
//!   `required` lists follow the subset rule too.
#![cfg(feature = "schemars")]

use std::collections::BTreeSet;

use serde_json::{Map, Value};

fn emitted(file: &str) -> Value {
    let path = format!("{}/schema/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn obj<'a>(v: &'a Value, what: &str) -> &'a Map<String, Value> {
    v.as_object()
        .unwrap_or_else(|| panic!("{what}: not an object"))
}

fn props(v: &Value) -> BTreeSet<String> {
    v.get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

fn required(v: &Value) -> BTreeSet<String> {
    v.get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .map(|s| s.as_str().expect("a required name").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn is_object_schema(v: &Value) -> bool {
    v.get("type") == Some(&Value::from("object")) || v.get("properties").is_some()
}

fn defs(v: &Value) -> Map<String, Value> {
    v.get("$defs")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn compare(file: &str, derived: schemars::Schema, outbound: bool) {
    let emitted = emitted(file);
    let derived = derived.to_value();
    obj(&emitted, file);
    obj(&derived, file);

    // Top level: same property names.
    assert_eq!(props(&derived), props(&emitted), "{file}: top-level properties");

    // Strictness.
    let strict = |v: &Value| v.get("additionalProperties") == Some(&Value::Bool(false));
    assert_eq!(strict(&emitted), outbound, "{file}: emitted additionalProperties");
    assert_eq!(strict(&derived), outbound, "{file}: derived additionalProperties");

    // Top level: required.
    if outbound {
        assert_eq!(required(&derived), required(&emitted), "{file}: top-level required");
    } else {
        assert!(
            required(&derived).is_subset(&required(&emitted)),
            "{file}: derived top-level required {:?} not within {:?}",
            required(&derived),
            required(&emitted)
        );
    }

    // $defs: the same objects with the same property names; derived-only
    // entries are the string enums.
    let (ed, dd) = (defs(&emitted), defs(&derived));
    for (name, e) in &ed {
        // Definitions only the emitter names (so that other teams' generators
        // name their classes): narrowed objects (`allOf` of a shared type and
        // its narrowing), value lists and result-code lists. A derive writes
        // those inline; what they narrow is compared where it is defined.
        if !is_object_schema(e) {
            assert!(
                ["allOf", "enum", "anyOf", "oneOf"].iter().any(|k| e.get(*k).is_some()),
                "{file}: emitted $defs/{name} is neither an object nor a named list or narrowing: {e}"
            );
            continue;
        }
        let d = dd
            .get(name)
            .unwrap_or_else(|| panic!("{file}: $defs/{name} not derived"));
        assert!(is_object_schema(d), "{file}: derived $defs/{name} is not an object");
        assert_eq!(props(d), props(e), "{file}: $defs/{name} properties");
        assert!(
            required(d).is_subset(&required(e)),
            "{file}: derived $defs/{name} required {:?} not within {:?}",
            required(d),
            required(e)
        );
    }
    for (name, d) in &dd {
        if ed.contains_key(name) {
            continue;
        }
        assert!(
            !is_object_schema(d) && d.get("type") == Some(&Value::from("string")),
            "{file}: derived $defs/{name} is neither emitted nor a string enum: {d}"
        );
    }
}

/// Every message of the crate (from the catalog, so a new API is covered).
#[test]
fn every_message() {
    for entry in alipay_models::catalog::MESSAGES {
        let derived = alipay_models::catalog::json_schema(entry.api, entry.message)
            .unwrap_or_else(|| panic!("no derived schema for {}", entry.name()));
        compare(&format!("{}.schema.json", entry.name()), derived, !entry.inbound);
    }
    assert!(alipay_models::catalog::json_schema("noSuchApiInAnySpec", "request").is_none());
}

/// Every schema file in `schema/` belongs to a message compared above.
#[test]
fn every_schema_file_is_compared() {
    let dir = format!("{}/schema", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".schema.json"))
        .collect();
    files.sort();
    let mut messages: Vec<String> = alipay_models::catalog::MESSAGES
        .iter()
        .map(|e| format!("{}.schema.json", e.name()))
        .collect();
    messages.sort();
    assert_eq!(files, messages);
}
