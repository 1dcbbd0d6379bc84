//! The YAML of one entry of `openapi.yaml`, written the way serde_saphyr
//! (the document's serializer) writes it, without going through serde.
//!
//! The layout is serde_saphyr's block style: two spaces per level, a
//! sequence's dashes at its key's column, a mapping or sequence inside a
//! sequence item starting on the dash's line, `{}` and `[]` for empty ones.
//! Which form a string takes (plain, quoted, a block scalar) follows
//! serde_saphyr's rules where they come down to a few tests (one line,
//! nothing to escape: [`Known`]); any other string is given to serde_saphyr
//! alone, and a block scalar's lines are moved to the column of its key.
//! The tests below compare the text with serde_saphyr's, on edge cases,
//! random strings and the whole document of `spec/` and the hostile fixture.
//! Objects come out in the order serde serializes them: sorted keys, and in
//! a schema schemars' keyword order ([`Order`]). Anything else (a number
//! that is not an integer, a key that is not written `key: `) is written by
//! serde_saphyr whole ([`entry`] falls back to it), so the text is always
//! serde_saphyr's.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use serde_json::Value;

pub(super) use super::order::Order;
use super::order::members;

/// The YAML of the one-entry mapping `{key: value}` with its lines indented
/// `depth` levels: an entry of a mapping that deep.
pub(super) fn entry(key: &str, value: &Value, order: Order, depth: usize) -> String {
    let mut w = Writer {
        out: String::with_capacity(1024),
        refs: None,
    };
    match w.member(depth * 2, key, value, order) {
        Some(()) => w.out,
        None => saphyr_entry(key, value, order, depth),
    }
}

/// What a `$ref` member's string becomes, when it changes.
pub(super) type RefTarget<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// [`entry`] of `value` with the string of every `$ref` member replaced by
/// what `refs` makes of it (when it makes something): the entry of the value
/// so changed, without copying it.
pub(super) fn entry_with_refs(
    key: &str,
    value: &Value,
    order: Order,
    depth: usize,
    refs: &RefTarget<'_>,
) -> String {
    let mut w = Writer {
        out: String::with_capacity(4096),
        refs: Some(refs),
    };
    match w.member(depth * 2, key, value, order) {
        Some(()) => w.out,
        None => {
            let mut changed = value.clone();
            replace_refs(&mut changed, refs);
            saphyr_entry(key, &changed, order, depth)
        }
    }
}

/// Replaces the string of every `$ref` member in `v` by what `refs` makes of it.
pub(super) fn replace_refs(v: &mut Value, refs: &RefTarget<'_>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if let ("$ref", Value::String(r)) = (k.as_str(), &*child)
                    && let Some(target) = refs(r)
                {
                    *child = Value::String(target);
                } else {
                    replace_refs(child, refs);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| replace_refs(i, refs)),
        _ => {}
    }
}

/// [`entry`], all of it by serde_saphyr: the YAML of the one-entry mapping,
/// each line indented (block style is relative to the parent's
/// indentation; lines left empty inside block scalars stay empty).
fn saphyr_entry(key: &str, value: &Value, order: Order, depth: usize) -> String {
    let alone = match order {
        Order::Plain => serde_saphyr::to_string(&BTreeMap::from([(key, value)])),
        Order::Schema | Order::Schemas => {
            let schema = schemars::Schema::try_from(value.clone()).unwrap_or_default();
            serde_saphyr::to_string(&BTreeMap::from([(key, schema)]))
        }
    }
    .expect("a value serializes");
    indent_lines(&alone, depth * 2)
}

/// `text` with each non-empty line indented by `columns` more spaces.
fn indent_lines(text: &str, columns: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.split_inclusive('\n') {
        if line != "\n" {
            out.extend(std::iter::repeat_n(' ', columns));
        }
        out.push_str(line);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Strings whose form is known without asking serde_saphyr: its rules
/// (`ser::quoting`, `YamlSerializer::serialize_str`) applied to strings
/// where they come down to a few tests.
#[derive(Debug, PartialEq, Eq)]
enum Known {
    /// Written as is.
    Plain,
    /// Written in double quotes as is (nothing to escape).
    Quoted,
}

/// The form of a string in value position, when it is known.
///
/// - Plain: one line of at most 80 bytes (a longer plain one is folded)
///   starting with an ASCII letter (so not a number, date or indicator)
///   that is not a word YAML reads as a boolean or null, with nothing to
///   escape, no `: `, no `#` after white space, no `:` at the end and no
///   white space at either end.
/// - Quoted: one line with nothing to escape that cannot be plain (it
///   starts with an indicator, or has `: `): neither plain nor folded.
fn known_value(s: &str) -> Option<Known> {
    let b = s.as_bytes();
    let first = *b.first()?;
    let last = *b.last()?;
    // One pass that does not stop early; characters beyond ASCII checked apart.
    let (escaped, ascii) = b.iter().fold((false, true), |(e, a), &c| {
        (
            e | (c < 0x20) | (c == 0x7f) | (c == b'"') | (c == b'\\'),
            a & (c < 0x80),
        )
    });
    if escaped || (!ascii && s.chars().any(needs_escape)) {
        return None;
    }
    if b.len() > 1
        && (s.contains(": ")
            || matches!(
                first,
                b'#' | b'`'
                    | b'\''
                    | b'%'
                    | b'@'
                    | b'&'
                    | b'*'
                    | b'!'
                    | b'|'
                    | b'>'
                    | b','
                    | b'['
                    | b']'
                    | b'{'
                    | b'}'
                    | b':'
            ))
    {
        return Some(Known::Quoted);
    }
    let plain = first.is_ascii_alphabetic()
        && b.len() <= 80
        && !last.is_ascii_whitespace()
        && !is_yaml11_word(s)
        && !s.trim().ends_with(':')
        && !has_comment_start(s);
    plain.then_some(Known::Plain)
}

/// Whether a key is written as is: a name (ASCII letters, digits and
/// `_ . $ / -`, starting with a letter or `$`) of at most 80 bytes that is
/// not a word YAML reads as a boolean or null.
fn plain_key(s: &str) -> bool {
    let b = s.as_bytes();
    b.first()
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'$')
        && b.len() <= 80
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'$' | b'/' | b'-'))
        && !is_yaml11_word(s)
}

/// Characters serde_saphyr escapes in double quotes (and never writes plain).
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{FEFF}' | '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}'
        )
}

/// `#` after white space: a comment in a plain scalar.
fn has_comment_start(s: &str) -> bool {
    s.match_indices('#')
        .any(|(i, _)| s[..i].chars().next_back().is_some_and(char::is_whitespace))
}

/// The words YAML 1.1 or 1.2 resolve to a boolean, null or special float.
fn is_yaml11_word(s: &str) -> bool {
    [
        "y", "yes", "n", "no", "true", "false", "on", "off", "null", "nan", "inf",
    ]
    .iter()
    .any(|w| s.eq_ignore_ascii_case(w))
}

/// At most this many strings are kept by [`saphyr_string`] per thread.
const KEPT_STRINGS: usize = 1 << 14;

thread_local! {
    /// serde_saphyr's text of strings alone, by string ([`saphyr_string`]).
    static SAPHYR_STRINGS: RefCell<HashMap<Box<str>, Rc<str>>> = RefCell::new(HashMap::new());
}

/// serde_saphyr's text of `s` alone (a block scalar, folded lines, escapes),
/// kept per thread: a description found in many schemas (a shared type's, in
/// each flow; a field's, in many messages) is rendered once. The text
/// depends on `s` only, so keeping it changes nothing written.
fn saphyr_string(s: &str) -> Option<Rc<str>> {
    SAPHYR_STRINGS.with_borrow_mut(|kept| {
        if let Some(text) = kept.get(s) {
            return Some(Rc::clone(text));
        }
        let text: Rc<str> = serde_saphyr::to_string(&s).ok()?.into();
        if kept.len() >= KEPT_STRINGS {
            kept.clear();
        }
        kept.insert(s.into(), Rc::clone(&text));
        Some(text)
    })
}

struct Writer<'r> {
    out: String,
    /// What a `$ref` member's string becomes ([`entry_with_refs`]).
    refs: Option<&'r RefTarget<'r>>,
}

impl Writer<'_> {
    fn indent(&mut self, columns: usize) {
        self.out.extend(std::iter::repeat_n(' ', columns));
    }

    /// `key: value` at `column` (the line not yet indented).
    fn member(&mut self, column: usize, key: &str, value: &Value, order: Order) -> Option<()> {
        self.indent(column);
        self.key(key)?;
        self.out.push(':');
        self.member_value(column, key, value, order)
    }

    /// [`Self::after_key`], a `$ref` member's string changed by `refs`.
    fn member_value(
        &mut self,
        column: usize,
        key: &str,
        value: &Value,
        order: Order,
    ) -> Option<()> {
        if key == "$ref"
            && let (Some(refs), Value::String(r)) = (self.refs, value)
            && let Some(target) = refs(r)
        {
            self.out.push(' ');
            return self.string(column, &target);
        }
        self.after_key(column, value, order)
    }

    /// What follows `key:`: a scalar or an empty collection on the same
    /// line, a mapping one level deeper, a sequence at the key's column.
    fn after_key(&mut self, column: usize, value: &Value, order: Order) -> Option<()> {
        match value {
            Value::Object(map) if !map.is_empty() => {
                self.out.push('\n');
                for (k, v, o) in members(map, order) {
                    self.member(column + 2, k, v, o)?;
                }
                Some(())
            }
            Value::Array(items) if !items.is_empty() => {
                self.out.push('\n');
                self.items(column, items, order)
            }
            _ => {
                self.out.push(' ');
                self.scalar(column, value)
            }
        }
    }

    /// A sequence's items, each `- ` at `column` (the first line not yet indented).
    fn items(&mut self, column: usize, items: &[Value], order: Order) -> Option<()> {
        let order = if order == Order::Plain {
            Order::Plain
        } else {
            Order::Schema
        };
        for item in items {
            self.indent(column);
            self.item(column, item, order)?;
        }
        Some(())
    }

    /// What follows a dash at `column`: a mapping or sequence starts on its
    /// line, its next lines two columns right of the dash.
    fn item(&mut self, column: usize, item: &Value, order: Order) -> Option<()> {
        self.out.push_str("- ");
        match item {
            Value::Object(map) if !map.is_empty() => {
                for (i, (k, v, o)) in members(map, order).enumerate() {
                    let at = if i == 0 { 0 } else { column + 2 };
                    self.indent(at);
                    self.key(k)?;
                    self.out.push(':');
                    self.member_value(column + 2, k, v, o)?;
                }
                Some(())
            }
            Value::Array(items) if !items.is_empty() => {
                let order = if order == Order::Plain {
                    Order::Plain
                } else {
                    Order::Schema
                };
                for (i, inner) in items.iter().enumerate() {
                    if i > 0 {
                        self.indent(column + 2);
                    }
                    self.item(column + 2, inner, order)?;
                }
                Some(())
            }
            _ => self.scalar(column, item),
        }
    }

    /// A mapping key as serde_saphyr writes it before `:`.
    fn key(&mut self, key: &str) -> Option<()> {
        if plain_key(key) {
            self.out.push_str(key);
            return Some(());
        }
        let alone = serde_saphyr::to_string(&BTreeMap::from([(key, 0)])).ok()?;
        self.out.push_str(alone.strip_suffix(": 0\n")?);
        Some(())
    }

    /// A scalar (or an empty collection) in a member or item whose key or
    /// dash is at `column`, and the end of its line.
    fn scalar(&mut self, column: usize, value: &Value) -> Option<()> {
        match value {
            Value::Null => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) if n.is_i64() || n.is_u64() => self.out.push_str(&n.to_string()),
            Value::Object(_) => self.out.push_str("{}"),
            Value::Array(_) => self.out.push_str("[]"),
            Value::String(s) => return self.string(column, s),
            Value::Number(_) => return None,
        }
        self.out.push('\n');
        Some(())
    }

    fn string(&mut self, column: usize, s: &str) -> Option<()> {
        match known_value(s) {
            Some(Known::Plain) => {
                self.out.push_str(s);
                self.out.push('\n');
            }
            Some(Known::Quoted) => {
                self.out.push('"');
                self.out.push_str(s);
                self.out.push_str("\"\n");
            }
            None => {
                // Alone, a block scalar's lines are two columns right of
                // column 0; here, two columns right of `column`.
                let alone = saphyr_string(s)?;
                let (first, body) = alone.split_once('\n')?;
                self.out.push_str(first);
                self.out.push('\n');
                for line in body.split_inclusive('\n') {
                    if line != "\n" {
                        self.indent(column);
                    }
                    self.out.push_str(line);
                }
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    /// `entry` writes what serde_saphyr writes for `value` as a member
    /// value, in a sequence, in a mapping in a sequence, as a key and in a
    /// schema, at several depths (the fallback `saphyr_entry` is serde_saphyr).
    fn assert_as_saphyr(s: &str) {
        let cases = [
            ("k", json!(s), Order::Plain),
            (s, json!(1), Order::Plain),
            ("k", json!([s, {"a": s, "b": [s, [s]]}, []]), Order::Plain),
            (
                "k",
                json!({"description": s, "properties": {s: {"title": s, "enum": [s]}}, "x-alipay": {s: s}}),
                Order::Schema,
            ),
        ];
        for (key, value, order) in &cases {
            for depth in [0, 1, 2] {
                assert_eq!(
                    entry(key, value, *order, depth),
                    saphyr_entry(key, value, *order, depth),
                    "{s:?} in {value}"
                );
            }
        }
    }

    #[test]
    fn strings_at_the_edges_of_the_rules_are_written_as_serde_saphyr_writes_them() {
        let long = "word ".repeat(20);
        let cases = [
            "",
            "a",
            ".",
            "#",
            "-",
            "?",
            "- a",
            "-a",
            "a: b",
            "a:b",
            "a:",
            "a: ",
            "a #b",
            "a#b",
            "#/components/schemas/X",
            "`code`",
            "'q'",
            "\"q\"",
            "back\\slash",
            "yes",
            "Yes",
            "NO",
            "y",
            "n",
            "on",
            "Off",
            "null",
            "~",
            "nan",
            ".inf",
            "1",
            "1.5",
            "0x1F",
            "1_000",
            "2024-01-01",
            "12:30",
            "a\tb",
            "a\nb",
            "a\n",
            "\nb",
            " lead",
            "trail ",
            "  two\nlines",
            "a\u{3000}#b",
            "a:\u{3000}",
            "\u{FEFF}a",
            "a\u{2028}b",
            "a\u{85}b",
            "\u{7f}",
            "Amount",
            "$ref",
            "x-alipay",
            "/v1/payments/capture",
            "Source: S0.",
            "The amount, in the currency's minor unit (no `: ` inside)",
            &long,
            long.trim_end(),
            &format!("{long}: x"),
            &format!("a{}", "b".repeat(90)),
            "中文: 说明",
            "中文说明",
            "é",
        ];
        for s in cases {
            assert_as_saphyr(s);
        }
    }

    #[test]
    fn numbers_and_empty_collections_are_written_as_serde_saphyr_writes_them() {
        let value = json!({"i": -3, "u": u64::MAX, "f": 1.5, "b": true, "n": null, "m": {}, "s": [], "l": [[], {}, [1, [2]], {"a": []}]});
        for order in [Order::Plain, Order::Schema] {
            for depth in [0, 2] {
                assert_eq!(
                    entry("k", &value, order, depth),
                    saphyr_entry("k", &value, order, depth)
                );
            }
        }
    }

    proptest! {
        #[test]
        fn any_string_is_written_as_serde_saphyr_writes_it(
            s in "[a-zA-Z0-9 :#\\-\n\t\"'\\\\`.,\\[\\]{}|>!%@&*?~_$/\u{3000}\u{2028}\u{FEFF}\u{85}é中]{0,120}"
        ) {
            assert_as_saphyr(&s);
        }
    }
}
