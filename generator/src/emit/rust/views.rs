//! Checked views: for every message Alipay sends (and every shared object in
//! one), a borrowed `<Name>View<'a>` whose required fields are plain values,
//! not `Option`s. The lenient as-received struct stays what parsing gives
//! (for diagnostics and exact round trips); `checked()` validates it and
//! returns the view, so a merchant reads required fields without `unwrap`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Cx, Owner, camel, doc, id, snake};
use crate::model::{Field, FieldType};
use crate::naming::names;

impl<'m> Cx<'m> {
    pub(super) fn view_name(owner: &Owner<'_>) -> Ident {
        id(&names::view_type(&owner.name))
    }

    /// The view's type for a field (without the `Option` of an optional one), and
    /// the expression reading it from `self.<field>` (an `Option` of the as-received value),
    /// giving an `Option` of the view's type.
    fn view_field(&self, owner: &Owner<'_>, f: &Field) -> (TokenStream, TokenStream) {
        let name = snake(&f.name);
        let src = quote!(self.#name);
        match &f.ty {
            FieldType::String => (quote!(&'a str), quote!(#src.as_deref())),
            FieldType::Integer => (quote!(i64), quote!(#src.as_ref().and_then(|v| v.value()))),
            FieldType::Decimal => (
                quote!(&'a runtime::DecimalText),
                quote!(#src.as_ref().and_then(|v| v.get())),
            ),
            FieldType::Boolean => (quote!(bool), quote!(#src.as_ref().and_then(|v| v.value()))),
            FieldType::Datetime => (
                quote!(chrono::DateTime<chrono::FixedOffset>),
                quote!(#src.as_ref().and_then(|v| v.value())),
            ),
            FieldType::Enum(_) => {
                let e = id(&Self::enum_name(&owner.enum_prefix, &f.name));
                (quote!(&'a #e), quote!(#src.as_ref()))
            }
            // A lenient object has its own view; a strict one (a type used by no message
            // beside one the merchant sends: its required fields are already plain values)
            // is borrowed as it is.
            FieldType::Object(t) if self.type_lenient(t) => {
                let v = id(&names::view_type(&names::type_name(t)));
                (
                    quote!(types::#v<'a>),
                    quote!(#src.as_ref().map(|v| v.view())),
                )
            }
            FieldType::Object(t) => {
                let t = camel(t);
                (quote!(&'a types::#t), quote!(#src.as_ref()))
            }
            FieldType::Array(inner) => {
                // Elements are kept as received: `&[T]` of the lenient element type.
                let elem = self.base_ty(inner, &Self::enum_name(&owner.enum_prefix, &f.name));
                (quote!(&'a [#elem]), quote!(#src.as_deref()))
            }
        }
    }

    /// The view struct and its `alipay_runtime::CheckedView` impl (`view()`,
    /// and for a message `checked()`) of a lenient owner; nothing for a strict one.
    pub(super) fn view_def(&self, owner: &Owner<'_>) -> TokenStream {
        if !owner.lenient {
            return quote!();
        }
        let name = id(&owner.name);
        let view = Self::view_name(owner);
        let extra = Self::extra_name(owner);
        let mut fields = Vec::new();
        let mut inits = Vec::new();
        for f in owner.fields {
            let fname = snake(&f.name);
            let (ty, read) = self.view_field(owner, f);
            // A lenient object's view may itself be missing (`Option<Option<_>>`).
            let is_object = matches!(&f.ty, FieldType::Object(t) if self.type_lenient(t));
            let d = doc(&format!(
                "`{}`{}",
                f.name,
                if f.required {
                    " (required: always here in a checked message)"
                } else {
                    " (optional)"
                }
            ));
            if f.required {
                fields.push(quote!(#d pub #fname: #ty,));
                if is_object {
                    inits.push(quote!(#fname: #read??,));
                } else {
                    inits.push(quote!(#fname: #read?,));
                }
            } else {
                fields.push(quote!(#d pub #fname: ::core::option::Option<#ty>,));
                if is_object {
                    // A present optional object must itself be complete.
                    inits.push(quote!(#fname: match #read { Some(v) => Some(v?), None => None },));
                } else {
                    inits.push(quote!(#fname: #read,));
                }
            }
        }
        let vdoc = doc(&format!(
            "`{}` as checked: required fields are plain values (no `Option`), optional ones `Option`s, values typed (integers as `i64`, date-times as `chrono`), enums kept (an unknown value is `Unknown`). Borrowed from the as-received message, which stays the source of truth for diagnostics and round trips.",
            owner.name
        ));
        quote! {
            #vdoc
            #[derive(Debug, Clone, Copy, PartialEq)]
            #[non_exhaustive]
            pub struct #view<'a> {
                #(#fields)*
                /// Fields the spec does not list, as received.
                pub #extra: &'a serde_json::Map<::std::string::String, serde_json::Value>,
            }

            // `view()`, and for a message `checked()`, are the runtime trait's.
            impl ::alipay_runtime::CheckedView for #name {
                type View<'a> = #view<'a>;
                fn view(&self) -> ::core::option::Option<#view<'_>> {
                    Some(#view {
                        #(#inits)*
                        #extra: &self.#extra,
                    })
                }
            }
        }
    }
}
