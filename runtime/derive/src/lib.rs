//! Derive macros of `alipay-runtime`, re-exported by it (hidden, in
//! `alipay_runtime::__private`): they write the impls that are the same for
//! every generated struct but need its fields, as `prost-derive` writes
//! `prost::Message` impls. The generated code stays the data (fields and
//! their serde names); the code derived from it names the runtime by
//! absolute path (`::alipay_runtime::...`), so it compiles wherever the
//! generated code is included.

use proc_macro::TokenStream;
use proc_macro2::{Literal, Span, TokenStream as TokenStream2};
use quote::quote;
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Fields, Ident, LitStr};

/// The one-pass lenient reading of a struct Alipay sends: `Deserialize`
/// through `alipay_runtime::__private::deserialize_lenient`, and the
/// `Lenient` impl it reads with (the wire names of the known fields, where
/// each value goes, the `#[serde(flatten)]` map that keeps the others).
///
/// Wire names are serde's: a field's `rename`, else its name under the
/// container's `rename_all = "camelCase"`, else its name.
#[proc_macro_derive(Lenient, attributes(serde))]
pub fn derive_lenient(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    lenient(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// The variants of a generated result-code enum (`CodeVariants`: the known
/// ones in order, which is the order of its table, and `Unknown(String)`)
/// and its text forms (`From<&str>`, `FromStr`, `Display`, `Error`,
/// `Serialize`, `Deserialize`, through `alipay_runtime::ResultCode`).
#[proc_macro_derive(CodeEnum)]
pub fn derive_code_enum(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    code_enum(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

fn code_enum(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let name = &input.ident;
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(name, "CodeEnum: an enum only"));
    };
    let mut known = Vec::new();
    let mut unknown = false;
    for v in &data.variants {
        match &v.fields {
            Fields::Unit => known.push(&v.ident),
            Fields::Unnamed(f) if v.ident == "Unknown" && f.unnamed.len() == 1 => unknown = true,
            _ => {
                return Err(syn::Error::new_spanned(
                    &v.ident,
                    "CodeEnum: unit variants and `Unknown(String)` only",
                ))
            }
        }
    }
    if !unknown {
        return Err(syn::Error::new_spanned(
            name,
            "CodeEnum: the `Unknown(String)` variant is missing",
        ));
    }
    let rt = quote!(::alipay_runtime::__private);
    Ok(quote! {
        impl #rt::CodeVariants for #name {
            const KNOWN: &'static [Self] = &[#(Self::#known),*];
            fn unknown(code: ::std::string::String) -> Self {
                Self::Unknown(code)
            }
            fn unknown_code(&self) -> ::core::option::Option<&str> {
                match self {
                    Self::Unknown(s) => ::core::option::Option::Some(s),
                    _ => ::core::option::Option::None,
                }
            }
        }
        // Rows and variants pair up by position (`ResultCode::from_code`):
        // a count that differs is a compile error, not a mislabelled code.
        const _: () = ::core::assert!(
            <#name as #rt::CodeVariants>::KNOWN.len()
                == <#name as ::alipay_runtime::ResultCode>::TABLE.len(),
            "CodeEnum: the known variants and the TABLE rows differ in number",
        );
        #rt::result_code_impls!(#name);
    })
}

/// What a field's or container's `#[serde(...)]` attributes say, as far as
/// the wire names go.
#[derive(Default)]
struct Serde {
    rename: Option<String>,
    rename_all: Option<LitStr>,
    flatten: bool,
}

fn serde_attrs(attrs: &[syn::Attribute]) -> syn::Result<Serde> {
    let mut out = Serde::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                out.rename = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.path.is_ident("rename_all") {
                out.rename_all = Some(meta.value()?.parse::<LitStr>()?);
            } else if meta.path.is_ident("flatten") {
                out.flatten = true;
            } else if meta.path.is_ident("skip_serializing_if") {
                // Serialization only: the lenient reader has nothing to follow.
                meta.value()?.parse::<LitStr>()?;
            } else {
                // Anything else (alias, default, skip, with, ...) changes how
                // serde reads a field, which this reader would not follow:
                // Serialize and the reader would disagree without a word.
                return Err(meta.error(
                    "Lenient reads only `rename`, `rename_all = \"camelCase\"`, \
                     `flatten` and `skip_serializing_if`",
                ));
            }
            Ok(())
        })?;
    }
    Ok(out)
}

/// serde's `RenameRule::CamelCase` for a field.
fn camel_case(field: &str) -> String {
    let mut pascal = String::new();
    let mut capitalize = true;
    for ch in field.chars() {
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

fn lenient(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let name = &input.ident;
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(name, "Lenient: a struct only"));
    };
    let Fields::Named(fields) = &data.fields else {
        return Err(syn::Error::new_spanned(name, "Lenient: named fields only"));
    };
    let camel = match serde_attrs(&input.attrs)?.rename_all {
        None => false,
        Some(rule) if rule.value() == "camelCase" => true,
        Some(rule) => {
            return Err(syn::Error::new_spanned(
                rule,
                "Lenient: rename_all = \"camelCase\" only",
            ))
        }
    };
    let mut extra: Option<&Ident> = None;
    let mut idents = Vec::new();
    let mut wires = Vec::new();
    for f in &fields.named {
        let Some(ident) = &f.ident else { continue };
        let attrs = serde_attrs(&f.attrs)?;
        if attrs.flatten {
            if extra.replace(ident).is_some() {
                return Err(syn::Error::new_spanned(ident, "Lenient: one flatten field"));
            }
            continue;
        }
        let own = ident.unraw().to_string();
        let wire = match attrs.rename {
            Some(w) => w,
            None if camel => camel_case(&own),
            None => own,
        };
        idents.push(ident);
        wires.push(wire);
    }
    let Some(extra) = extra else {
        return Err(syn::Error::new(
            Span::call_site(),
            "Lenient: the #[serde(flatten)] map of the fields not listed is missing",
        ));
    };
    let expecting = format!("struct {}", name.unraw());
    let index: Vec<Literal> = (0..idents.len()).map(Literal::usize_unsuffixed).collect();
    let rt = quote!(::alipay_runtime::__private);
    Ok(quote! {
        impl<'de> #rt::serde::Deserialize<'de> for #name {
            fn deserialize<__D: #rt::serde::Deserializer<'de>>(
                d: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                #rt::deserialize_lenient(d)
            }
        }
        impl #rt::Lenient for #name {
            const EXPECTING: &'static str = #expecting;
            const FIELDS: &'static [&'static str] = &[#(#wires),*];
            #[allow(clippy::match_single_binding, clippy::single_match)]
            fn read_field<'de, __A: #rt::serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                map: &mut __A,
            ) -> ::core::result::Result<(), __A::Error> {
                let _ = &map;
                match index {
                    #( #index => self.#idents = #rt::serde::de::MapAccess::next_value(map)?, )*
                    _ => {}
                }
                ::core::result::Result::Ok(())
            }
            fn extra_mut(&mut self) -> &mut #rt::Extra {
                &mut self.#extra
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_is_serdes() {
        assert_eq!(camel_case("capture_request_id"), "captureRequestId");
        assert_eq!(camel_case("result"), "result");
        assert_eq!(camel_case("is_3ds"), "is3ds");
        assert_eq!(camel_case("_x_y"), "xY");
    }

    #[test]
    fn wire_names_come_from_rename_then_rename_all() {
        let input: DeriveInput = syn::parse_quote! {
            #[serde(rename_all = "camelCase")]
            struct S {
                #[serde(skip_serializing_if = "runtime::none")]
                payment_id: Option<String>,
                #[serde(rename = "Odd_Name", skip_serializing_if = "runtime::none")]
                odd: Option<String>,
                r#type: Option<String>,
                #[serde(flatten)]
                extra: Extra,
            }
        };
        let out = lenient(&input).unwrap().to_string();
        assert!(
            out.contains(r#"& ["paymentId" , "Odd_Name" , "type"]"#),
            "{out}"
        );
        assert!(out.contains("& mut self . extra"), "{out}");
        assert!(out.contains(r#""struct S""#), "{out}");
    }

    #[test]
    fn a_code_enum_lists_its_unit_variants_in_order() {
        let input: DeriveInput = syn::parse_quote! {
            enum C { B, A, Unknown(String) }
        };
        let out = code_enum(&input).unwrap().to_string();
        assert!(out.contains("& [Self :: B , Self :: A]"), "{out}");
        let no_unknown: DeriveInput = syn::parse_quote!(
            enum C {
                A,
            }
        );
        assert!(code_enum(&no_unknown).is_err());
        let data: DeriveInput = syn::parse_quote!(
            enum C {
                A { x: u8 },
                Unknown(String),
            }
        );
        assert!(code_enum(&data).is_err());
    }

    #[test]
    fn what_it_cannot_read_is_a_compile_error() {
        let no_extra: DeriveInput = syn::parse_quote!(
            struct S {
                a: Option<String>,
            }
        );
        assert!(lenient(&no_extra).is_err());
        let other_rule: DeriveInput = syn::parse_quote!(
            #[serde(rename_all = "snake_case")]
            struct S {
                #[serde(flatten)]
                extra: Extra,
            }
        );
        assert!(lenient(&other_rule).is_err());
        // serde options that change how a field is read: the reader would not
        // follow them, so they are refused rather than ignored.
        for attr in [
            quote!(#[serde(alias = "b")]),
            quote!(#[serde(default)]),
            quote!(#[serde(skip)]),
            quote!(#[serde(with = "m")]),
            quote!(#[serde(deserialize_with = "f")]),
        ] {
            let odd: DeriveInput = syn::parse_quote!(
                struct S {
                    #attr
                    a: Option<String>,
                    #[serde(flatten)]
                    extra: Extra,
                }
            );
            let err = lenient(&odd).err().map(|e| e.to_string());
            assert!(
                err.as_deref()
                    .is_some_and(|e| e.contains("Lenient reads only")),
                "{attr}: {err:?}"
            );
        }
        let fine: DeriveInput = syn::parse_quote!(
            #[serde(rename_all = "camelCase")]
            struct S {
                #[serde(rename = "B", skip_serializing_if = "none")]
                a: Option<String>,
                #[serde(flatten)]
                extra: Extra,
            }
        );
        assert!(lenient(&fine).is_ok());
    }
}
