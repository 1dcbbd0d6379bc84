//! Structs and value enums: messages and shared objects, their docs and
//! lenient deserialization, and `src/types.rs`.

use std::collections::BTreeSet;

use proc_macro2::Ident;

use super::code::{Code, Expr, lit, lit_array};
use super::{Cx, Owner, condition_text, id};
use crate::model::{Field, FieldType, StringFormat, Wire};
use crate::naming::names;

/// The impls of a value enum `{name}` that are the same for every enum:
/// `FromStr`, `Display` and `WireText`, as prettyplease prints them.
/// `from_str` returns `Infallible`, not `Self::Err`: a variant named `Err`
/// (result code `ERR`, enum value `Err`) would make it ambiguous.
const WIRE_ENUM_TEXT_IMPLS: &str = "\
impl ::core::str::FromStr for {name} {
    type Err = ::core::convert::Infallible;
    fn from_str(s: &str) -> ::core::result::Result<Self, ::core::convert::Infallible> {
        Ok(Self::from(s))
    }
}
impl ::core::fmt::Display for {name} {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(self.as_str())
    }
}
impl runtime::WireText for {name} {
    fn wire_text(&self) -> ::core::option::Option<&str> {
        Some(self.as_str())
    }
}
";

/// A value enum's serde impls: its wire text.
const WIRE_ENUM_SERDE_IMPLS: &str = "\
impl serde::Serialize for {name} {
    fn serialize<S: serde::Serializer>(
        &self,
        s: S,
    ) -> ::core::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
impl<'de> serde::Deserialize<'de> for {name} {
    fn deserialize<D: serde::Deserializer<'de>>(
        d: D,
    ) -> ::core::result::Result<Self, D::Error> {
        let s = <runtime::Text<'de> as serde::Deserialize>::deserialize(d)?;
        Ok(Self::from(s.as_str()))
    }
}
";

impl<'m> Cx<'m> {
    /// A field's rustdoc: the descriptions, then one line of facts (wire
    /// name, presence, limits, form, values, default, example, source), and
    /// a line per condition and narrowing.
    pub(super) fn field_docs(&self, f: &Field, lenient: bool) -> String {
        let mut s = String::new();
        s.push_str(&crate::naming::text::rustdoc_text(&f.description));
        s.push_str("\n\n");
        if let Some(zh) = &f.description_zh {
            s.push_str(&crate::naming::text::rustdoc_text(zh));
            s.push_str("\n\n");
        }
        let mut facts = vec![match (f.required, lenient) {
            // The struct's docs say why a required field is an `Option` here.
            (true, true) => {
                "required (an `Option` in Rust: `validate()` reports it missing)".to_string()
            }
            (true, false) => "required".into(),
            (false, _) => "optional".into(),
        }];
        if let Some(m) = f.max_length {
            facts.push(format!("at most {m} characters"));
        }
        if let Some(m) = f.minimum {
            facts.push(format!("minimum {m}"));
        }
        if let Some(v) = &f.fixed {
            facts.push(format!("fixed value {}", crate::naming::text::code_span(v)));
        }
        match f.format {
            Some(StringFormat::Currency) => {
                facts.push("an ISO 4217 currency code (three letters A-Z)".into())
            }
            Some(StringFormat::JsonText) => facts.push("JSON text in a string".into()),
            None => {}
        }
        match (&f.ty, f.wire) {
            (FieldType::Integer | FieldType::Decimal | FieldType::Boolean, Wire::String) => {
                facts.push("travels as a JSON string".into())
            }
            (FieldType::Integer | FieldType::Decimal | FieldType::Boolean, Wire::Native) => {
                facts.push("travels as a JSON number or boolean".into())
            }
            (FieldType::Datetime, _) => {
                facts.push("an RFC 3339 date-time with offset, as a JSON string".into())
            }
            _ => {}
        }
        if let FieldType::Enum(values) = &f.ty {
            let v: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
            facts.push(format!("one of {}", v.join(", ")));
        }
        if let Some(d) = &f.default {
            facts.push(format!(
                "default when absent {}",
                crate::naming::text::code_span(d)
            ));
        }
        if let Some(e) = &f.example {
            facts.push(format!("example {}", crate::naming::text::code_span(e)));
        }
        // The source ends the line of facts: one line, not one more.
        let mut items = vec![format!(
            "`{}`: {}. {}",
            f.name,
            facts.join("; "),
            self.provenance_line(&f.provenance)
        )];
        for (presence, c) in f.presence_conditions() {
            items.push(format!(
                "{} {} ({})",
                presence.opening(),
                condition_text(c),
                c.sources.join(", ")
            ));
        }
        for c in &f.constraints {
            let mut parts = Vec::new();
            if c.required == Some(true) {
                parts.push("required".to_string());
            }
            if let Some(v) = &c.fixed {
                parts.push(format!("fixed {}", crate::naming::text::code_span(v)));
            }
            if !c.allowed.is_empty() {
                parts.push(format!("one of {}", c.allowed.join(", ")));
            }
            let mut line = format!(
                "Here `{}.{}`: {} ({})",
                f.name,
                c.field,
                parts.join(", "),
                c.sources.join(", ")
            );
            if let Some(n) = &c.note {
                line.push_str(". ");
                line.push_str(&crate::naming::text::inline(n));
            }
            items.push(line);
        }
        for i in items {
            s.push_str("- ");
            s.push_str(&i.replace('\n', " "));
            s.push('\n');
        }
        s
    }

    // ---------------------------------------------------------------- enums

    pub(super) fn enums_of(&self, c: &mut Code, owner: &Owner<'_>) {
        for f in owner.fields {
            let values = match &f.ty {
                FieldType::Enum(v) => v,
                FieldType::Array(inner) => match inner.as_ref() {
                    FieldType::Enum(v) => v,
                    _ => continue,
                },
                _ => continue,
            };
            let name = Self::enum_name(&owner.enum_prefix, &f.name);
            let docs = format!(
                "The values of `{}` in {}: {}.\n\nA value the spec does not list is kept in `Unknown`; `validate()` reports it.\n\n{}",
                f.name,
                owner.name,
                crate::naming::text::inline(&f.description),
                self.provenance_line(&f.provenance)
            );
            let variants: Vec<(String, String, String)> = values
                .iter()
                .map(|v| {
                    let mut d = crate::naming::text::rustdoc_text(&v.description);
                    if let Some(zh) = &v.description_zh {
                        d.push_str("\n\n");
                        d.push_str(&crate::naming::text::rustdoc_text(zh));
                    }
                    if let Some(dep) = &v.deprecated {
                        d.push_str("\n\nDeprecated: ");
                        d.push_str(&crate::naming::text::inline(dep));
                    }
                    d.push_str(&format!(
                        "\n\nWire value `{}`. Source: {}",
                        v.value,
                        v.sources.join(", ")
                    ));
                    (v.value.clone(), d, names::value_variant(&v.value))
                })
                .collect();
            self.wire_enum(c, &name, &docs, &variants);
        }
    }

    /// A string enum with an `Unknown(String)` variant; `variants` are
    /// (wire value, docs, variant name).
    pub(super) fn wire_enum(
        &self,
        c: &mut Code,
        name: &str,
        docs: &str,
        variants: &[(String, String, String)],
    ) {
        let values: Vec<String> = variants.iter().map(|v| v.0.clone()).collect();
        c.item(|c| {
            c.doc(docs);
            c.line("///");
            c.line("/// Non-exhaustive: a value the specs add later (a minor release) moves from");
            c.line("/// `Unknown` to its own variant; match with a `_` arm.");
            c.line("#[derive(Debug, Clone, PartialEq, Eq, Hash)]");
            let variants = variants.iter().map(|(_, d, v)| (d.as_str(), v.as_str()));
            open_enum_body(
                c,
                name,
                variants,
                "A value the spec does not list, kept as received.",
            );
        });
        c.item(|c| {
            c.open(&format!("impl {name} {{"));
            c.doc("The value as it travels.");
            c.open("pub fn as_str(&self) -> &str {");
            c.open("match self {");
            for (value, _, v) in variants {
                c.line(&format!("Self::{v} => {},", lit(value)));
            }
            c.line("Self::Unknown(s) => s,");
            c.close("}");
            c.close("}");
            c.doc("Whether the spec lists the value.");
            c.open("pub fn is_known(&self) -> bool {");
            c.line("!matches!(self, Self::Unknown(_))");
            c.close("}");
            c.close("}");
        });
        c.item(|c| {
            c.open(&format!("impl ::core::convert::From<&str> for {name} {{"));
            c.open("fn from(s: &str) -> Self {");
            c.open("match s {");
            for (value, _, v) in variants {
                c.line(&format!("{} => Self::{v},", lit(value)));
            }
            c.line("other => Self::Unknown(other.to_owned()),");
            c.close("}");
            c.close("}");
            c.close("}");
        });
        c.item(|c| c.raw(&WIRE_ENUM_TEXT_IMPLS.replace("{name}", name)));
        c.item(|c| {
            c.open(&format!("impl runtime::WireEnum for {name} {{"));
            c.expr(
                "const KNOWN: &'static [&'static str] = ",
                &Expr::prefixed("&", lit_array(&values)),
                ";",
            );
            c.open("fn as_str(&self) -> &str {");
            c.line(&format!("{name}::as_str(self)"));
            c.close("}");
            c.open("fn is_known(&self) -> bool {");
            c.line(&format!("{name}::is_known(self)"));
            c.close("}");
            c.close("}");
        });
        c.item(|c| c.raw(&WIRE_ENUM_SERDE_IMPLS.replace("{name}", name)));
        self.any_string_schema(c, name, &lit_array(&values).text());
    }

    // ---------------------------------------------------------------- structs

    pub(super) fn extra_name(owner: &Owner<'_>) -> Ident {
        let taken: BTreeSet<String> = owner
            .fields
            .iter()
            .map(|f| names::field_ident(&f.name))
            .collect();
        let mut name = "extra".to_string();
        while taken.contains(&name) {
            name.push('_');
        }
        id(&name)
    }

    /// The struct, its serde impls and its inherent impl (with `inherent`, a
    /// message's inherent methods besides the constructors).
    pub(super) fn struct_def(&self, c: &mut Code, owner: &Owner<'_>, docs: &str, inherent: &str) {
        let name = &owner.name;
        let all_optional = owner
            .fields
            .iter()
            .all(|f| Self::field_is_option(f, owner.lenient));
        let camel = camel_case_fields(owner.fields);
        // Lenient structs read in one pass (`runtime::Lenient`, derived from
        // the fields' serde names); serde's derive with `#[serde(flatten)]`
        // would buffer every field through its `Content`.
        // A message the merchant sends serializes only when it breaks no rule: serde's
        // `Serialize` (and so `to_json()`, reqwest's `.json()`, ...) checks first.
        let checked_ser = owner.message && !owner.lenient;
        let mut derives = vec!["Debug", "Clone", "PartialEq"];
        if all_optional {
            derives.push("Default");
        }
        if !checked_ser {
            derives.push("serde::Serialize");
        }
        derives.push(if owner.lenient {
            "runtime::Lenient"
        } else {
            "serde::Deserialize"
        });
        let mut struct_args = Vec::new();
        if camel {
            struct_args.push("rename_all = \"camelCase\"");
        }
        if !owner.lenient {
            struct_args.push("deny_unknown_fields");
        }
        c.item(|c| {
            c.doc(docs);
            c.line(&format!("#[derive({})]", derives.join(", ")));
            if let Some(d) = self.schemars_derive() {
                c.line(d);
            }
            serde_attr(c, &struct_args);
            c.line("#[non_exhaustive]");
            if owner.fields.is_empty() && !owner.lenient {
                c.line(&format!("pub struct {name} {{}}"));
                return;
            }
            c.open(&format!("pub struct {name} {{"));
            for f in owner.fields {
                c.doc(&self.field_docs(f, owner.lenient));
                // No `default`: serde reads a missing `Option` as `None` without
                // it, and a lenient struct is read by `runtime::Lenient` anyway.
                self.serde_field(c, owner, f, camel, ("pub ", ""), "runtime::none");
            }
            if owner.lenient {
                c.doc("Fields the spec does not list, kept as received so that serializing gives back the same JSON.");
                c.line("#[serde(flatten)]");
                c.line(&format!(
                    "pub {}: serde_json::Map<::std::string::String, serde_json::Value>,",
                    Self::extra_name(owner)
                ));
            }
            c.close("}");
        });
        if checked_ser {
            self.checked_serialize(c, owner);
        }
        // Non-exhaustive: outside the crate a value is built with `new` and the
        // `with_` setters (or `Default` and field assignment), so a field added
        // later breaks no struct literal.
        self.constructors(c, owner, inherent);
        // A message's checks are its `Message::validate_into`; a shared
        // type's are inherent, called by the messages that hold it.
        if !owner.message {
            c.item(|c| {
                c.open(&format!("impl {name} {{"));
                c.doc("Records every rule this value breaks, below `path`.");
                c.line("#[doc(hidden)]");
                self.validate_into_fn(c, "pub ", owner);
                c.close("}");
            });
        }
    }

    /// A field of a serde struct: its `#[serde(...)]` (a rename, and `skip` for
    /// an `Option`) and `{vis}name: {by_ref}Type,`, `(vis, by_ref)` given.
    fn serde_field(
        &self,
        c: &mut Code,
        owner: &Owner<'_>,
        f: &Field,
        camel: bool,
        (vis, by_ref): (&str, &str),
        skip: &str,
    ) {
        let fname = names::field_ident(&f.name);
        let ty = self.base_ty(&f.ty, &Self::enum_name(&owner.enum_prefix, &f.name));
        let rename = serde_rename(f, camel);
        let rename = rename.as_deref().unwrap_or_default();
        if Self::field_is_option(f, owner.lenient) {
            serde_attr(
                c,
                &[rename, &format!("skip_serializing_if = {}", lit(skip))],
            );
            c.line(&format!(
                "{vis}{fname}: {by_ref}::core::option::Option<{ty}>,"
            ));
        } else {
            serde_attr(c, &[rename]);
            c.line(&format!("{vis}{fname}: {by_ref}{ty},"));
        }
    }

    /// `Serialize` for a message the merchant sends: refuses (with every violation in the
    /// error) while a rule is broken; `runtime::SerializeUnchecked` writes the fields as they are.
    pub(super) fn checked_serialize(&self, c: &mut Code, owner: &Owner<'_>) {
        let name = &owner.name;
        let camel = camel_case_fields(owner.fields);
        c.line(&format!("runtime::checked_serialize!({name});"));
        c.item(|c| {
            c.open(&format!("impl runtime::SerializeUnchecked for {name} {{"));
            c.fn_open(
                "fn serialize_unchecked<S: serde::Serializer>",
                &["&self", "s: S"],
                " -> ::core::result::Result<S::Ok, S::Error>",
            );
            c.line("#[derive(serde::Serialize)]");
            if camel {
                c.line("#[serde(rename_all = \"camelCase\")]");
            }
            let mut inits = Vec::new();
            if owner.fields.is_empty() {
                c.line("struct Wire<'a> {}");
            } else {
                c.open("struct Wire<'a> {");
                for f in owner.fields {
                    self.serde_field(c, owner, f, camel, ("", "&'a "), "runtime::is_none");
                    let fname = names::field_ident(&f.name);
                    inits.push(Expr::flat(format!("{fname}: &self.{fname}")));
                }
                c.close("}");
            }
            let wire = Expr::prefixed("&", Expr::Struct("Wire".into(), inits));
            c.expr(
                "",
                &Expr::call("serde::Serialize::serialize", vec![wire, Expr::flat("s")]),
                "",
            );
            c.close("}");
            c.close("}");
        });
    }

    pub(super) fn types(&self) -> String {
        let mut c = Code::new();
        c.inner_doc("Shared objects (Amount, Result, ...), defined once and used by every API.");
        // The module names its own types as the API modules do (`types::Amount`).
        if self.model.types.iter().any(|t| names_types(&t.fields)) {
            c.line("use super::types;");
        }
        c.line("#[allow(unused_imports)]");
        c.line("use ::alipay_runtime::{CheckedView as _, __private as runtime};");
        for t in &self.model.types {
            let Some(owner) = self.type_owner(&t.name) else {
                continue;
            };
            let mut docs = crate::naming::text::rustdoc_text(&t.description);
            if let Some(zh) = &t.description_zh {
                docs.push_str("\n\n");
                docs.push_str(&crate::naming::text::rustdoc_text(zh));
            }
            docs.push_str("\n\n");
            docs.push_str(if owner.lenient {
                "Used in messages Alipay sends: parsing is lenient. Every field is optional in Rust (`validate()` reports missing required ones) and fields the spec does not list are kept in `extra`; inside a message the merchant sends, `validate()` reports those as unknown fields."
            } else {
                "Used only in messages the merchant sends: strict (unknown fields are rejected)."
            });
            docs.push_str("\n\n");
            docs.push_str(&self.provenance_line(&t.provenance));
            self.struct_def(&mut c, &owner, &docs, "");
            self.view_def(&mut c, &owner);
            self.enums_of(&mut c, &owner);
        }
        c.finish()
    }
}

/// Whether code about these fields names the module of the shared objects
/// (`types::Amount`): a field of an object type names it (its type, its view,
/// a value built for it), and nothing else does.
pub(super) fn names_types(fields: &[Field]) -> bool {
    fn object(ty: &FieldType) -> bool {
        match ty {
            FieldType::Object(_) => true,
            FieldType::Array(inner) => object(inner),
            _ => false,
        }
    }
    fields.iter().any(|f| object(&f.ty))
}

/// `#[non_exhaustive]` and the body of an enum of `variants` (docs, name)
/// and `Unknown(String)` (with `unknown_docs`).
pub(super) fn open_enum_body<'a>(
    c: &mut Code,
    name: &str,
    variants: impl Iterator<Item = (&'a str, &'a str)>,
    unknown_docs: &str,
) {
    c.line("#[non_exhaustive]");
    c.open(&format!("pub enum {name} {{"));
    for (d, v) in variants {
        c.doc(d);
        c.line(&format!("{v},"));
    }
    c.doc(unknown_docs);
    c.line("Unknown(::std::string::String),");
    c.close("}");
}

/// The name serde gives a field under `rename_all = "camelCase"`: serde's
/// own rule (`RenameRule::CamelCase`), for an identifier without its `r#`.
fn serde_camel_case(ident: &str) -> String {
    let mut pascal = String::new();
    let mut capitalize = true;
    for ch in ident.chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(ch);
        }
    }
    let mut chars = pascal.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => pascal,
    }
}

/// The Rust name of a wire field as serde sees it (without `r#`).
fn serde_own_name(f: &Field) -> String {
    let ident = names::field_ident(&f.name);
    ident.strip_prefix("r#").unwrap_or(&ident).to_owned()
}

/// Whether a struct's fields are named by `rename_all = "camelCase"`: when
/// that gives at least one field its wire name where its own name does not.
fn camel_case_fields(fields: &[Field]) -> bool {
    fields.iter().any(|f| {
        let own = serde_own_name(f);
        own != f.name && serde_camel_case(&own) == f.name
    })
}

/// `rename = "<wire>"` where serde's name (under `camel`) is not the wire
/// name, checked field by field; `None` where it is.
fn serde_rename(f: &Field, camel: bool) -> Option<String> {
    let own = serde_own_name(f);
    let serde_name = if camel { serde_camel_case(&own) } else { own };
    (serde_name != f.name).then(|| format!("rename = {}", lit(&f.name)))
}

/// `#[serde(...)]` of the non-empty `args`; no line when there is none.
fn serde_attr(c: &mut Code, args: &[&str]) {
    let args: Vec<&str> = args.iter().copied().filter(|a| !a.is_empty()).collect();
    if !args.is_empty() {
        c.line(&format!("#[serde({})]", args.join(", ")));
    }
}
