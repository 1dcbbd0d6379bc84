//! Pretty-printed JSON text of a schema or value, as serde_json's pretty
//! printer writes it (two spaces per level, `"key": value`, `{}` and `[]`
//! for empty ones, serde_json's string escapes), objects in the order serde
//! serializes them ([`Order`]), starting at a given depth so that the text
//! can be placed inside an enclosing document as is.

use serde_json::Value;

use super::order::{Order, members};

/// `value` as pretty JSON, its lines after the first indented `depth` levels.
pub(super) fn pretty(value: &Value, order: Order, depth: usize) -> String {
    let mut out = String::with_capacity(256);
    write(&mut out, value, order, depth);
    out
}

/// [`pretty`], appended to `out`.
pub(super) fn push_pretty(out: &mut String, value: &Value, order: Order, depth: usize) {
    write(out, value, order, depth);
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n("  ", depth));
}

fn write(out: &mut String, value: &Value, order: Order, depth: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('{');
            for (i, (k, v, o)) in members(map, order).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                string(out, k);
                out.push_str(": ");
                write(out, v, o, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            let order = if order == Order::Plain {
                Order::Plain
            } else {
                Order::Schema
            };
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write(out, item, order, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => string(out, s),
    }
}

/// A JSON string with serde_json's escapes: `\"`, `\\`, `\b \t \n \f \r`,
/// other control characters below U+0020 as `\u00xx`; all else as is.
pub(super) fn string(out: &mut String, s: &str) {
    out.push('"');
    // Most strings have nothing to escape: one pass that does not stop early.
    let plain = s
        .bytes()
        .fold(true, |ok, b| ok & (b >= 0x20) & (b != b'"') & (b != b'\\'));
    if plain {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\x08' => "\\b",
            b'\t' => "\\t",
            b'\n' => "\\n",
            b'\x0c' => "\\f",
            b'\r' => "\\r",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn assert_as_serde_json(value: &Value) {
        let schema = schemars::Schema::try_from(value.clone()).unwrap();
        assert_eq!(
            pretty(value, Order::Schema, 0),
            serde_json::to_string_pretty(&schema).unwrap()
        );
        assert_eq!(
            pretty(value, Order::Plain, 0),
            serde_json::to_string_pretty(value).unwrap()
        );
    }

    #[test]
    fn values_are_written_as_serde_json_writes_them() {
        assert_as_serde_json(&json!({
            "$defs": {"B": {"type": "object", "title": "B"}},
            "title": "T", "$id": "i", "type": "object", "examples": [{"b": 1, "a": 2}],
            "properties": {"z": {"description": "d", "const": 1.5}, "a": {"enum": [], "default": {}}},
            "x-alipay": {"expected": [{"schema": {"type": "string", "maxLength": 3}}]},
            "allOf": [{"required": ["a"], "type": "object"}], "n": null, "t": true, "i": -3, "u": u64::MAX,
        }));
    }

    proptest! {
        #[test]
        fn any_string_is_escaped_as_serde_json_escapes_it(s in "\\PC*|[\u{0}-\u{1f}\"\\\\a\u{7f}\u{2028}é]{0,40}") {
            let mut out = String::new();
            string(&mut out, &s);
            prop_assert_eq!(out, serde_json::to_string(&s).unwrap());
        }
    }
}
