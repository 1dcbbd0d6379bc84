//! Construction of what the merchant sends: for every outbound message and
//! every shared object inside one, `new(required fields)` and a `with_`
//! setter per optional field, each taking plain Rust values (`&str` or
//! `String`, `i64`, `bool`, `DecimalText`, `chrono` date-times, enums,
//! objects). The spec says how each value travels (a JSON string or a
//! native value), so the generated code wraps it: the merchant never
//! chooses a wire form. Fixed values are filled in and are no parameter.
//!
//! With the structs `#[non_exhaustive]`, these are the only way to build a
//! value outside the crate, so a field the specs add later (optional) is a
//! minor change: no constructor changes, one setter is added.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Cx, Owner, doc, id, snake};
use crate::model::{Field, FieldType, Wire};
use crate::naming::names;

/// How a field's plain value becomes the field's value.
struct Plain {
    /// The parameter's type.
    ty: TokenStream,
    /// The expression turning the parameter into the field's type.
    conv: TokenStream,
    /// How it travels, for the docs (`None` when nothing to say).
    travels: Option<&'static str>,
    /// The parameter is the value as it is.
    identity: bool,
}

impl<'m> Cx<'m> {
    /// The plain type of field `f` (of type `ty`: the field's, or its
    /// elements'), and the conversion of the parameter `v`.
    fn plain(&self, owner: &Owner<'_>, f: &Field, ty: &FieldType, v: &TokenStream) -> Plain {
        let wired = |plain: TokenStream| {
            let (ctor, travels) = match f.wire {
                Wire::String => (quote!(new_string), "a JSON string"),
                Wire::Native => (quote!(new_native), "a JSON number or boolean"),
            };
            Plain {
                ty: plain,
                conv: quote!(runtime::Wired::#ctor(#v)),
                travels: Some(travels),
                identity: false,
            }
        };
        match ty {
            FieldType::String => Plain {
                ty: quote!(impl ::core::convert::Into<::std::string::String>),
                conv: quote!(#v.into()),
                travels: None,
                identity: false,
            },
            FieldType::Integer => wired(quote!(i64)),
            FieldType::Boolean => wired(quote!(bool)),
            FieldType::Decimal => wired(quote!(runtime::DecimalText)),
            FieldType::Datetime => Plain {
                ty: quote!(runtime::chrono::DateTime<runtime::chrono::FixedOffset>),
                conv: quote!(runtime::Wired::new(#v)),
                travels: Some("RFC 3339 text"),
                identity: false,
            },
            FieldType::Enum(_) | FieldType::Object(_) => Plain {
                ty: self.base_ty(ty, &Self::enum_name(&owner.enum_prefix, &f.name)),
                conv: v.clone(),
                travels: None,
                identity: true,
            },
            // Elements taken as they are.
            FieldType::Array(inner)
                if matches!(
                    inner.as_ref(),
                    FieldType::String | FieldType::Enum(_) | FieldType::Object(_)
                ) =>
            {
                Plain {
                    ty: self.base_ty(ty, &Self::enum_name(&owner.enum_prefix, &f.name)),
                    conv: v.clone(),
                    travels: None,
                    identity: true,
                }
            }
            FieldType::Array(inner) => {
                let elem = self.plain(owner, f, inner, &quote!(e));
                let (ety, conv) = (elem.ty, elem.conv);
                Plain {
                    ty: quote!(::std::vec::Vec<#ety>),
                    conv: quote!(#v.into_iter().map(|e| #conv).collect()),
                    travels: elem.travels,
                    identity: false,
                }
            }
        }
    }

    /// The fixed value of a field the constructor fills in itself, when it is
    /// a string or an enum value; other fixed values stay parameters.
    pub(super) fn fixed_value(owner: &Owner<'_>, f: &Field) -> Option<TokenStream> {
        let v = f.fixed.as_ref()?;
        match &f.ty {
            FieldType::String => Some(quote!(#v.to_owned())),
            FieldType::Enum(_) => {
                let e = id(&Self::enum_name(&owner.enum_prefix, &f.name));
                Some(quote!(#e::from(#v)))
            }
            _ => None,
        }
    }

    /// The inherent impl: `new` and the `with_` setters of an owner the
    /// merchant builds, then `more` (a message's other inherent methods);
    /// nothing when there is neither.
    pub(super) fn constructors(&self, owner: &Owner<'_>, more: TokenStream) -> TokenStream {
        if !owner.built {
            if more.is_empty() {
                return TokenStream::new();
            }
            let name = id(&owner.name);
            return quote!(impl #name { #more });
        }
        let name = id(&owner.name);
        let mut params = Vec::new();
        let mut inits = Vec::new();
        let mut setters = Vec::new();
        let mut taken = Vec::new();
        let mut fixed = Vec::new();
        for f in owner.fields {
            let fname = snake(&f.name);
            let option = Self::field_is_option(f, owner.lenient);
            let wrap = |e: TokenStream| if option { quote!(Some(#e)) } else { e };
            if f.required {
                if let Some(value) = Self::fixed_value(owner, f) {
                    let value = wrap(value);
                    inits.push(quote!(#fname: #value));
                    fixed.push(format!(
                        "{} = {}",
                        crate::naming::text::code_span(&f.name),
                        crate::naming::text::code_span(f.fixed.as_deref().unwrap_or_default())
                    ));
                    continue;
                }
                let plain = self.plain(owner, f, &f.ty, &quote!(#fname));
                let (ty, conv, identity) = (plain.ty, plain.conv, plain.identity);
                params.push(quote!(#fname: #ty));
                if !option && identity {
                    inits.push(quote!(#fname));
                } else {
                    let value = wrap(conv);
                    inits.push(quote!(#fname: #value));
                }
                taken.push(crate::naming::text::code_span(&f.name));
            } else {
                inits.push(quote!(#fname: None));
                let plain = self.plain(owner, f, &f.ty, &quote!(v));
                let (ty, conv) = (plain.ty, plain.conv);
                let setter = Self::setter_ident(&f.name);
                let d = doc(&match plain.travels {
                    Some(t) => format!(
                        "Sets {} (optional), sent as {t}.",
                        crate::naming::text::code_span(&f.name)
                    ),
                    None => format!(
                        "Sets {} (optional).",
                        crate::naming::text::code_span(&f.name)
                    ),
                });
                setters.push(quote! {
                    #d
                    #[must_use]
                    pub fn #setter(mut self, v: #ty) -> Self {
                        self.#fname = Some(#conv);
                        self
                    }
                });
            }
        }
        if owner.lenient {
            let extra = Self::extra_name(owner);
            inits.push(quote!(#extra: serde_json::Map::new()));
        }
        let mut text = if taken.is_empty() {
            "Creates a value with no field to give".to_string()
        } else {
            format!(
                "Creates a value from its required fields ({}), each a plain value sent in the form the spec gives",
                taken.join(", ")
            )
        };
        if !fixed.is_empty() {
            text.push_str(&format!("; fixed: {}", fixed.join(", ")));
        }
        text.push_str(". Optional fields start absent: set them with the `with_` methods.");
        let d = doc(&text);
        let mut allows = Vec::new();
        if params.len() > 7 {
            allows.push(quote!(clippy::too_many_arguments));
        }
        let all_optional = owner
            .fields
            .iter()
            .all(|f| Self::field_is_option(f, owner.lenient));
        if params.is_empty() && !all_optional {
            allows.push(quote!(clippy::new_without_default));
        }
        let allow = if allows.is_empty() {
            quote!()
        } else {
            quote!(#[allow(#(#allows),*)])
        };
        quote! {
            impl #name {
                #d
                #allow
                pub fn new(#(#params),*) -> Self {
                    Self { #(#inits),* }
                }

                #(#setters)*

                #more
            }
        }
    }

    /// `with_<field>`: never a keyword, so never raw.
    pub(super) fn setter_ident(wire: &str) -> Ident {
        let field = names::field_ident(wire);
        id(&format!("with_{}", field.trim_start_matches("r#")))
    }
}
