//! `src/catalog.rs`: every message of the crate as data (API name, request or
//! response, direction, type-erased parse/validate/serialize functions), so
//! that tools, tests and the validate example handle messages by name without
//! a hand-written list.

use super::*;

impl<'m> Cx<'m> {
    pub(super) fn catalog(&self) -> TokenStream {
        let mut entries = Vec::new();
        let mut impls = Vec::new();
        for api in &self.model.apis {
            let module = snake(&api.name);
            let camel_name = ident::to_upper_camel(&api.name);
            for (m, kind) in [(&api.request, "request"), (&api.response, "response")] {
                let ty_name = format!(
                    "{camel_name}{}",
                    if kind == "request" {
                        "Request"
                    } else {
                        "Response"
                    }
                );
                let ty = id(&ty_name);
                let rust_type = format!(
                    "{}::{ty_name}",
                    ident::strip_raw(&ident::to_snake(&api.name))
                );
                let api_name = &api.name;
                let inbound = m.flow == Flow::Inbound;
                entries.push(quote! {
                    MessageEntry {
                        api: #api_name,
                        message: #kind,
                        inbound: #inbound,
                        rust_type: #rust_type,
                        from_json: |bytes| crate::#module::#ty::from_json(bytes).map(|_| ()),
                        parse_json: |bytes| {
                            crate::#module::#ty::parse_json(bytes).map(|m| Box::new(m) as Parsed)
                        },
                    },
                });
                impls.push(quote! {
                    impl AnyMessage for crate::#module::#ty {
                        fn validate(&self) -> Result<(), Vec<Violation>> {
                            crate::#module::#ty::validate(self)
                        }
                        fn to_json(&self) -> Vec<u8> {
                            crate::#module::#ty::to_json(self)
                        }
                        fn as_any(&self) -> &dyn ::core::any::Any {
                            self
                        }
                    }
                });
            }
        }
        quote! {
            //! Every message of the crate as data, sorted by API name then `request`, `response`:
            //! handle messages by their names in the documents without listing them
            //! (`message("capture", "request")`, or iterate [`MESSAGES`]).

            use crate::runtime::{FromJsonError, Violation};

            /// One message of one API.
            #[derive(Debug, Clone, Copy)]
            pub struct MessageEntry {
                /// The API's name in the documents (the spec's `name`).
                pub api: &'static str,
                /// `"request"` or `"response"`.
                pub message: &'static str,
                /// Alipay sends it (a notification, or the response to the merchant's call):
                /// read leniently. `false`: the merchant sends it, strict.
                pub inbound: bool,
                /// The Rust type, relative to the crate root (`module::Type`).
                pub rust_type: &'static str,
                /// Parses and validates (the type's `from_json`), dropping the value.
                pub from_json: fn(&[u8]) -> Result<(), FromJsonError>,
                /// Parses without validating (the type's `parse_json`); validate, serialize or
                /// downcast the result through [`AnyMessage`].
                pub parse_json: fn(&[u8]) -> Result<Parsed, FromJsonError>,
            }

            impl MessageEntry {
                /// `<api>.<message>`, the name of its JSON Schema file and payload-corpus folder.
                pub fn name(&self) -> String {
                    format!("{}.{}", self.api, self.message)
                }
            }

            /// A parsed message of any API: what [`MessageEntry::parse_json`] returns.
            pub type Parsed = Box<dyn AnyMessage>;

            /// What every message can do, whatever its type.
            pub trait AnyMessage {
                /// Every rule the message breaks, each with its JSON pointer (the type's `validate()`).
                fn validate(&self) -> Result<(), Vec<Violation>>;
                /// The JSON bytes (the type's `to_json()`).
                fn to_json(&self) -> Vec<u8>;
                /// The concrete message, for `downcast_ref::<module::Type>()`.
                fn as_any(&self) -> &dyn ::core::any::Any;
            }

            #(#impls)*

            /// Every message, sorted by API name, then request before response.
            pub static MESSAGES: &[MessageEntry] = &[#(#entries)*];

            /// The message `message` (`"request"` or `"response"`) of the API named `api` in the documents.
            pub fn message(api: &str, message: &str) -> Option<&'static MessageEntry> {
                MESSAGES.iter().find(|e| e.api == api && e.message == message)
            }
        }
    }
}
