//! Structs and value enums: messages and shared objects, their docs and
//! lenient deserialization, and `src/types.rs`.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Cx, Owner, condition_text, doc, id, snake, variant_ident};
use crate::model::{Field, FieldType, StringFormat, Wire};
use crate::naming::names;

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

    pub(super) fn enums_of(&self, owner: &Owner<'_>) -> TokenStream {
        let mut out = TokenStream::new();
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
            let variants: Vec<(String, String, Ident)> = values
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
                    (v.value.clone(), d, variant_ident(&v.value))
                })
                .collect();
            out.extend(self.wire_enum(&name, &docs, &variants));
        }
        out
    }

    /// A string enum with an `Unknown(String)` variant.
    pub(super) fn wire_enum(
        &self,
        name: &str,
        docs: &str,
        variants: &[(String, String, Ident)],
    ) -> TokenStream {
        let schema_name = name;
        let name = id(name);
        let docs = doc(docs);
        let values: Vec<&String> = variants.iter().map(|v| &v.0).collect();
        let schema_impl = self.any_string_schema(&name, schema_name, &values);
        let vdocs: Vec<TokenStream> = variants.iter().map(|v| doc(&v.1)).collect();
        let idents: Vec<&Ident> = variants.iter().map(|v| &v.2).collect();
        quote! {
            #docs
            ///
            /// Non-exhaustive: a value the specs add later (a minor release) moves from
            /// `Unknown` to its own variant; match with a `_` arm.
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name {
                #( #vdocs #idents, )*
                /// A value the spec does not list, kept as received.
                Unknown(::std::string::String),
            }

            impl #name {
                /// The value as it travels.
                pub fn as_str(&self) -> &str {
                    match self {
                        #( Self::#idents => #values, )*
                        Self::Unknown(s) => s,
                    }
                }

                /// Whether the spec lists the value.
                pub fn is_known(&self) -> bool {
                    !matches!(self, Self::Unknown(_))
                }
            }

            impl ::core::convert::From<&str> for #name {
                fn from(s: &str) -> Self {
                    match s {
                        #( #values => Self::#idents, )*
                        other => Self::Unknown(other.to_owned()),
                    }
                }
            }

            impl ::core::str::FromStr for #name {
                type Err = ::core::convert::Infallible;
                // Not `Self::Err`: a variant named `Err` (result code `ERR`,
                // enum value `Err`) would make it ambiguous.
                fn from_str(s: &str) -> ::core::result::Result<Self, ::core::convert::Infallible> {
                    Ok(Self::from(s))
                }
            }

            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl runtime::WireText for #name {
                fn wire_text(&self) -> ::core::option::Option<&str> {
                    Some(self.as_str())
                }
            }

            impl runtime::WireEnum for #name {
                const KNOWN: &'static [&'static str] = &[#(#values),*];
                fn as_str(&self) -> &str {
                    #name::as_str(self)
                }
                fn is_known(&self) -> bool {
                    #name::is_known(self)
                }
            }

            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                    s.serialize_str(self.as_str())
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                    let s = <runtime::Text<'de> as serde::Deserialize>::deserialize(d)?;
                    Ok(Self::from(s.as_str()))
                }
            }

            #schema_impl
        }
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
    pub(super) fn struct_def(
        &self,
        owner: &Owner<'_>,
        docs: &str,
        inherent: TokenStream,
    ) -> TokenStream {
        let name = id(&owner.name);
        let docs = doc(docs);
        let mut fields = Vec::new();
        let all_optional = owner
            .fields
            .iter()
            .all(|f| Self::field_is_option(f, owner.lenient));
        let camel = camel_case_fields(owner.fields);
        for f in owner.fields {
            let fname = snake(&f.name);
            let ty = self.base_ty(&f.ty, &Self::enum_name(&owner.enum_prefix, &f.name));
            let fdocs = doc(&self.field_docs(f, owner.lenient));
            let rename = serde_rename(f, camel);
            // No `default`: serde reads a missing `Option` as `None` without
            // it, and a lenient struct is read by `runtime::Lenient` anyway.
            if Self::field_is_option(f, owner.lenient) {
                fields.push(quote! {
                    #fdocs
                    #[serde(#rename skip_serializing_if = "runtime::none")]
                    pub #fname: ::core::option::Option<#ty>,
                });
            } else {
                let attr = serde_attr(rename);
                fields.push(quote! {
                    #fdocs
                    #attr
                    pub #fname: #ty,
                });
            }
        }
        let rename_all = if camel {
            quote!(rename_all = "camelCase",)
        } else {
            quote!()
        };
        let (serde_attr, extra) = if owner.lenient {
            let extra = Self::extra_name(owner);
            (
                serde_attr(rename_all),
                quote! {
                    /// Fields the spec does not list, kept as received so that serializing gives back the same JSON.
                    #[serde(flatten)]
                    pub #extra: serde_json::Map<::std::string::String, serde_json::Value>,
                },
            )
        } else {
            (quote!(#[serde(#rename_all deny_unknown_fields)]), quote!())
        };
        let default = if all_optional {
            quote!(Default,)
        } else {
            quote!()
        };
        // A message's checks are its `Message::validate_into`; a shared
        // type's are inherent, called by the messages that hold it.
        let inherent_validate = if owner.message {
            quote!()
        } else {
            let checks = self.validate_body(owner);
            quote! {
                impl #name {
                    /// Records every rule this value breaks, below `path`.
                    #[doc(hidden)]
                    pub fn validate_into(&self, path: &runtime::Path<'_>, r: &mut runtime::Report) {
                        #checks
                    }
                }
            }
        };
        // Lenient structs read in one pass (`runtime::Lenient`, derived from
        // the fields' serde names); serde's derive with `#[serde(flatten)]`
        // would buffer every field through its `Content`.
        let derive_de = if owner.lenient {
            quote!(runtime::Lenient)
        } else {
            quote!(serde::Deserialize)
        };
        // A message the merchant sends serializes only when it breaks no rule: serde's
        // `Serialize` (and so `to_json()`, reqwest's `.json()`, ...) checks first.
        let schemars_derive = self.schemars_derive();
        let checked_ser = owner.message && !owner.lenient;
        let (derive_ser, manual_ser) = if checked_ser {
            (quote!(), self.checked_serialize(owner, &name))
        } else {
            (quote!(serde::Serialize,), quote!())
        };
        // Non-exhaustive: outside the crate a value is built with `new` and the
        // `with_` setters (or `Default` and field assignment), so a field added
        // later breaks no struct literal.
        let constructors = self.constructors(owner, inherent);
        quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, #default #derive_ser #derive_de)]
            #schemars_derive
            #serde_attr
            #[non_exhaustive]
            pub struct #name {
                #( #fields )*
                #extra
            }

            #manual_ser

            #constructors

            #inherent_validate
        }
    }

    /// `Serialize` for a message the merchant sends: refuses (with every violation in the
    /// error) while a rule is broken; `runtime::SerializeUnchecked` writes the fields as they are.
    pub(super) fn checked_serialize(&self, owner: &Owner<'_>, name: &Ident) -> TokenStream {
        let mut fields = Vec::new();
        let mut inits = Vec::new();
        let camel = camel_case_fields(owner.fields);
        for f in owner.fields {
            let fname = snake(&f.name);
            let ty = self.base_ty(&f.ty, &Self::enum_name(&owner.enum_prefix, &f.name));
            let rename = serde_rename(f, camel);
            if Self::field_is_option(f, owner.lenient) {
                fields.push(quote! {
                    #[serde(#rename skip_serializing_if = "runtime::is_none")]
                    #fname: &'a ::core::option::Option<#ty>,
                });
            } else {
                let attr = serde_attr(rename);
                fields.push(quote! {
                    #attr
                    #fname: &'a #ty,
                });
            }
            inits.push(quote!(#fname: &self.#fname,));
        }
        let wire_attr = if camel {
            quote!(#[serde(rename_all = "camelCase")])
        } else {
            quote!()
        };
        quote! {
            runtime::checked_serialize!(#name);

            impl runtime::SerializeUnchecked for #name {
                fn serialize_unchecked<S: serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                    #[derive(serde::Serialize)]
                    #wire_attr
                    struct Wire<'a> {
                        #(#fields)*
                    }
                    serde::Serialize::serialize(&Wire { #(#inits)* }, s)
                }
            }
        }
    }

    pub(super) fn types(&self) -> TokenStream {
        let mut items = Vec::new();
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
            items.push(self.struct_def(&owner, &docs, TokenStream::new()));
            items.push(self.view_def(&owner));
            items.push(self.enums_of(&owner));
        }
        let items = quote!(#(#items)*);
        // The module names its own types as the API modules do (`types::Amount`).
        let use_types = super::use_types(&items);
        quote! {
            //! Shared objects (Amount, Result, ...), defined once and used by every API.
            #use_types
            #[allow(unused_imports)] use ::alipay_runtime::{CheckedView as _, __private as runtime};
            #items
        }
    }
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

/// `rename = "<wire>",` where serde's name (under `camel`) is not the wire
/// name, checked field by field; empty where it is.
fn serde_rename(f: &Field, camel: bool) -> TokenStream {
    let own = serde_own_name(f);
    let serde_name = if camel { serde_camel_case(&own) } else { own };
    if serde_name == f.name {
        return TokenStream::new();
    }
    let wire = &f.name;
    quote!(rename = #wire,)
}

/// `#[serde(...)]` around `args` (ending in a comma); nothing when empty.
fn serde_attr(args: TokenStream) -> TokenStream {
    if args.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[serde(#args)])
    }
}
