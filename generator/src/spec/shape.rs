//! Every shape problem of a file, not only the first.
//!
//! serde stops at the first unknown key, missing key or value of the wrong
//! type. When that happens, the loader reads the file again as a plain YAML
//! tree (with positions) and walks it against the spec format's JSON Schema
//! (derived from [`super::raw`], the same types the file failed to parse
//! into), reporting each problem at its place, with the same wording serde
//! uses so that the loader's advice applies.

use std::fmt;
use std::path::Path;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::raw::Sp;
use crate::diagnostics::Diagnostic;

/// A YAML value of any shape.
enum Node {
    Map(Vec<(Sp<String>, Sp<Node>)>),
    Seq(Vec<Sp<Node>>),
    Str(String),
    Bool(bool),
    Int(i128),
    Float,
    Null,
}

impl Node {
    fn kind(&self) -> &'static str {
        match self {
            Node::Map(_) => "object",
            Node::Seq(_) => "array",
            Node::Str(_) => "string",
            Node::Bool(_) => "boolean",
            Node::Int(_) => "integer",
            Node::Float => "number",
            Node::Null => "null",
        }
    }
    fn describe(&self) -> String {
        match self {
            Node::Map(_) => "a mapping".into(),
            Node::Seq(_) => "a sequence".into(),
            Node::Str(s) => format!("string {s:?}"),
            Node::Bool(b) => format!("boolean `{b}`"),
            Node::Int(n) => format!("integer `{n}`"),
            Node::Float => "a floating point number".into(),
            Node::Null => "null".into(),
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Int(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Int(v.into()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
                Ok(Node::Int(v))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Float)
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Str(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Node, E> {
                Ok(Node::Str(v))
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = a.next_element::<Sp<Node>>()? {
                    out.push(v);
                }
                Ok(Node::Seq(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = a.next_key::<Sp<KeyText>>()? {
                    let v = a.next_value::<Sp<Node>>()?;
                    let key = Sp {
                        value: k.value.0,
                        line: k.line,
                        column: k.column,
                    };
                    out.push((key, v));
                }
                Ok(Node::Map(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A mapping key, whatever scalar it is written as.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(KeyText(match Node::deserialize(d)? {
            Node::Str(s) => s,
            Node::Bool(b) => b.to_string(),
            Node::Int(n) => n.to_string(),
            other => other.describe(),
        }))
    }
}

/// Every shape problem of `text` against the JSON Schema of `T`; empty when
/// the file cannot be read as YAML at all (the caller keeps serde's error).
pub(crate) fn problems<T: schemars::JsonSchema>(
    rel: &Path,
    text: &str,
    options: serde_saphyr::Options,
) -> Vec<Diagnostic> {
    let Ok(root) = serde_saphyr::from_str_with_options::<Sp<Node>>(text, options) else {
        return Vec::new();
    };
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    let schema = schema.as_value();
    let mut walk = Walk {
        rel,
        root: schema,
        out: Vec::new(),
    };
    walk.node(&root, schema, 0);
    walk.out
}

struct Walk<'a> {
    rel: &'a Path,
    root: &'a Value,
    out: Vec<Diagnostic>,
}

impl<'a> Walk<'a> {
    fn err(&mut self, at: &Sp<impl Sized>, message: String) {
        self.out
            .push(Diagnostic::new(self.rel, at.line, at.column, message));
    }

    fn resolve(&self, schema: &'a Value) -> &'a Value {
        resolve(self.root, schema)
    }

    /// The problems `node` has against `schema`, without recording them.
    fn trial(&self, node: &Sp<Node>, schema: &'a Value, depth: usize) -> Vec<Diagnostic> {
        let mut w = Walk {
            rel: self.rel,
            root: self.root,
            out: Vec::new(),
        };
        w.node(node, schema, depth);
        w.out
    }

    fn node(&mut self, node: &Sp<Node>, schema: &'a Value, depth: usize) {
        // The parser's depth budget bounds this already; a second guard.
        if depth > 64 {
            return;
        }
        let schema = self.resolve(schema);
        if let Some(values) = enum_values(schema, self.root) {
            match &node.value {
                Node::Str(s) if values.iter().any(|v| v == s) => {}
                Node::Str(s) => {
                    let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                    self.err(
                        node,
                        format!("unknown variant `{s}`, expected one of {}", list.join(", ")),
                    );
                }
                other => {
                    let d = other.describe();
                    self.err(
                        node,
                        format!("invalid type: {d}, expected one of {}", values.join(", ")),
                    );
                }
            }
            return;
        }
        if let Some(branches) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array)
        {
            let live: Vec<&Value> = branches
                .iter()
                .filter(|b| !is_null(self.resolve(b)))
                .collect();
            if matches!(node.value, Node::Null) && branches.iter().any(|b| is_null(self.resolve(b)))
            {
                return;
            }
            let mut first = None;
            for b in &live {
                let found = self.trial(node, b, depth + 1);
                if found.is_empty() {
                    return;
                }
                let fits = types_of(self.resolve(b)).contains(&node.value.kind());
                if first.is_none() || fits {
                    first = Some(found);
                    if fits {
                        break;
                    }
                }
            }
            self.out.extend(first.unwrap_or_default());
            return;
        }
        let types = types_of(schema);
        let kind = node.value.kind();
        let fits = types.is_empty()
            || types.contains(&kind)
            || (kind == "integer" && types.contains(&"number"));
        if !fits {
            let d = node.value.describe();
            self.err(
                node,
                format!("invalid type: {d}, expected {}", expected(&types)),
            );
            return;
        }
        match &node.value {
            Node::Map(entries) => {
                let props = schema.get("properties").and_then(Value::as_object);
                let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
                for (k, v) in entries {
                    match props.and_then(|p| p.get(&k.value)) {
                        Some(sub) => self.node(v, sub, depth + 1),
                        None if closed => {
                            let list: Vec<String> = props
                                .map(|p| p.keys().map(|k| format!("`{k}`")).collect())
                                .unwrap_or_default();
                            self.err(
                                k,
                                format!(
                                    "unknown field `{}`, expected one of {}",
                                    k.value,
                                    list.join(", ")
                                ),
                            );
                        }
                        None => {}
                    }
                }
                for r in schema
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    if !entries.iter().any(|(k, _)| k.value == r) {
                        self.err(node, format!("missing field `{r}`"));
                    }
                }
            }
            Node::Seq(items) => {
                if let Some(sub) = schema.get("items") {
                    for i in items {
                        self.node(i, sub, depth + 1);
                    }
                }
            }
            Node::Int(n) => {
                if let Some(min) = schema.get("minimum").and_then(Value::as_i64)
                    && *n < i128::from(min)
                {
                    self.err(
                        node,
                        format!(
                            "invalid value: integer `{n}`, expected an integer of at least {min}"
                        ),
                    );
                }
                if let Some(max) = schema.get("maximum").and_then(Value::as_u64)
                    && *n > i128::from(max)
                {
                    self.err(
                        node,
                        format!(
                            "invalid value: integer `{n}`, expected an integer of at most {max}"
                        ),
                    );
                }
            }
            _ => {}
        }
    }
}

fn resolve<'s>(root: &'s Value, schema: &'s Value) -> &'s Value {
    let mut s = schema;
    for _ in 0..16 {
        let Some(r) = s.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let name = r.rsplit('/').next().unwrap_or_default();
        match root.get("$defs").and_then(|d| d.get(name)) {
            Some(next) => s = next,
            None => break,
        }
    }
    s
}

fn is_null(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
}

fn types_of(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn expected(types: &[&str]) -> String {
    let words: Vec<&str> = types
        .iter()
        .filter(|t| **t != "null")
        .map(|t| match *t {
            "object" => "a mapping",
            "array" => "a sequence",
            "string" => "a string",
            "boolean" => "a boolean (`true` or `false`, without quotes)",
            "integer" => "an integer",
            "number" => "a number",
            other => other,
        })
        .collect();
    words.join(" or ")
}

/// The allowed strings of an enum schema (`enum`, or `oneOf`/`anyOf` of `const`s).
fn enum_values(schema: &Value, root: &Value) -> Option<Vec<String>> {
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        return Some(
            e.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
        );
    }
    let branches = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array)?;
    let mut out = Vec::new();
    for b in branches {
        let b = match b.get("$ref").and_then(Value::as_str) {
            Some(r) => root.get("$defs")?.get(r.rsplit('/').next()?)?,
            None => b,
        };
        if let Some(c) = b.get("const").and_then(Value::as_str) {
            out.push(c.to_string());
        } else if let Some(e) = b.get("enum").and_then(Value::as_array) {
            out.extend(e.iter().filter_map(Value::as_str).map(str::to_string));
        } else {
            return None;
        }
    }
    Some(out)
}
