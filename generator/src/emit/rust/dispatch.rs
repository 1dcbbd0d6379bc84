//! `src/notification.rs`: the `Notification` dispatcher by `notifyType` and
//! `Acknowledgement`.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::{Cx, doc, id};
use crate::model::{Api, Direction, FieldType};
use crate::naming::names;

impl<'m> Cx<'m> {
    pub(super) fn notification_apis(&self) -> Vec<&'m Api> {
        self.model
            .apis
            .iter()
            .filter(|a| a.direction == Direction::Notification)
            .collect()
    }

    pub(super) fn notification(&self) -> TokenStream {
        let apis = self.notification_apis();
        let mut variants = Vec::new();
        let mut dispatch = Vec::new();
        let mut validate = Vec::new();
        let mut to_json = Vec::new();
        let mut outcome = Vec::new();
        let mut notify_type = Vec::new();
        let mut ack_variants = Vec::new();
        let mut ack_arms = Vec::new();
        let mut resend_arms = Vec::new();
        let mut ack_json = Vec::new();
        let mut ack_json_unchecked = Vec::new();
        let mut notices = Vec::new();
        let mut api_arms = Vec::new();
        let mut request_id = Vec::new();
        let mut resend_first = None;
        let mut table = Vec::new();
        let mut seen = BTreeSet::new();
        for api in &apis {
            let v = id(&names::notification_variant(&api.name));
            let module = id(&names::api_module(&api.name));
            let req = id(&names::request_type(&api.name));
            let resp = id(&names::response_type(&api.name));
            let types: Vec<&str> = api
                .notify_types()
                .into_iter()
                .filter(|t| seen.insert(t.to_string()))
                .collect();
            let api_name = &api.name;
            for t in &types {
                table.push(quote!((#t, #api_name)));
            }
            let d = doc(&format!("`{}`: notifyType {}.", api.name, types.join(", ")));
            variants.push(quote!(#d #v(super::#module::#req)));
            if !types.is_empty() {
                dispatch.push(quote! {
                    #(#types)|* => super::#module::#req::parse_json(bytes).map(Self::#v),
                });
            }
            validate.push(quote!(Self::#v(m) => m.validate()));
            to_json.push(quote!(Self::#v(m) => m.to_json_unchecked()));
            outcome.push(quote!(Self::#v(m) => m.outcome()));
            let owner = self.message_owner(api, &api.request, "Request");
            let chain = self.access_chain_tokens(
                "m",
                owner.fields,
                owner.lenient,
                &["notifyType".to_string()],
            );
            notify_type.push(match chain {
                Some(c) => {
                    quote!(Self::#v(m) => #c.and_then(runtime::WireText::wire_text).unwrap_or(""))
                }
                None => quote!(Self::#v(_) => ""),
            });
            api_arms.push(quote!(Self::#v(_) => Some(#api_name)));
            // The merchant's request id the notification is about: its
            // top-level string field named `...RequestId` (the spec's data).
            let id_field = owner
                .fields
                .iter()
                .find(|f| f.name.ends_with("RequestId") && matches!(f.ty, FieldType::String));
            let id_chain = id_field.and_then(|f| {
                self.access_chain_tokens(
                    "m",
                    owner.fields,
                    owner.lenient,
                    std::slice::from_ref(&f.name),
                )
            });
            request_id.push(match id_chain {
                Some(c) => quote!(Self::#v(m) => #c.and_then(runtime::WireText::wire_text)),
                None => quote!(Self::#v(_) => None),
            });
            let has_ack = self
                .fixed_message(
                    &self.message_owner(api, &api.response, "Response"),
                    &BTreeMap::new(),
                )
                .is_some();
            let ad = doc(&format!("The answer to a `{}` notification.", api.name));
            ack_variants.push(quote!(#ad #v(super::#module::#resp)));
            ack_json.push(quote!(Self::#v(m) => m.to_json()));
            ack_json_unchecked.push(quote!(Self::#v(m) => m.to_json_unchecked()));
            notices.push(quote!(Self::#v(m) => m.notices()));
            if has_ack {
                ack_arms.push(
                    quote!(Self::#v(_) => Some(Acknowledgement::#v(super::#module::#resp::ack()))),
                );
                if self.resend_code().is_some() {
                    resend_first.get_or_insert_with(|| {
                        quote!(Some(Acknowledgement::#v(super::#module::#resp::please_resend())))
                    });
                    resend_arms.push(quote!(Self::#v(_) => Some(Acknowledgement::#v(super::#module::#resp::please_resend()))));
                } else {
                    resend_arms.push(quote!(Self::#v(_) => None));
                }
            } else {
                ack_arms.push(quote!(Self::#v(_) => None));
                resend_arms.push(quote!(Self::#v(_) => None));
            }
        }
        // With no notification API (a build script that selects only
        // requests), `Acknowledgement` has no variant: a reference to it is
        // matched by dereferencing, or rustc reports the match non-exhaustive.
        let (ack_body, ack_unchecked_body) = if ack_json.is_empty() {
            (quote!(match *self {}), quote!(match *self {}))
        } else {
            (
                quote!(match self { #(#ack_json,)* }),
                quote!(match self { #(#ack_json_unchecked,)* }),
            )
        };
        let resend_first = resend_first.unwrap_or_else(|| quote!(::core::option::Option::None));
        quote! {
            //! Notifications that arrive at one endpoint, told apart by `notifyType`.
            #[allow(unused_imports)]
            use ::alipay_runtime::{Message as _, NotifyMessage as _, __private as runtime};

            /// A notification from Alipay, by `notifyType`.
            ///
            /// Non-exhaustive: a notification API added to the specs (a minor release)
            /// adds a variant, and the `notifyType` values it receives move from
            /// `Unknown` to it. Match with a `_` arm, and answer every notification:
            /// `ack()` where it gives one.
            #[derive(Debug, Clone, PartialEq)]
            #[allow(clippy::large_enum_variant)]
            #[non_exhaustive]
            pub enum Notification {
                #(#variants,)*
                /// A `notifyType` the spec does not list (or none): the body as received.
                Unknown {
                    /// The `notifyType` value, empty when absent or not a string.
                    notify_type: ::std::string::String,
                    /// The whole body.
                    body: serde_json::Value,
                },
            }

            impl Notification {
                /// Which API each `notifyType` belongs to.
                pub const NOTIFY_TYPES: &'static [(&'static str, &'static str)] = &[#(#table),*];

                /// Parses by `notifyType` without validating: the bytes go to the parser of the
                /// notification's own message. A body that is not a JSON object, or that repeats
                /// `notifyType`, is [`runtime::FromJsonError::WrongShape`].
                pub fn parse_json(bytes: &[u8]) -> ::core::result::Result<Self, runtime::FromJsonError> {
                    let notify_type = runtime::notify_type(bytes)?;
                    match notify_type.as_str() {
                        #(#dispatch)*
                        _ => {
                            let body = runtime::parse(bytes)?;
                            Ok(Self::Unknown { notify_type, body })
                        }
                    }
                }

                /// Parses by `notifyType` and validates. An unknown `notifyType` is not an error.
                pub fn from_json(bytes: &[u8]) -> ::core::result::Result<Self, runtime::FromJsonError> {
                    let n = Self::parse_json(bytes)?;
                    n.validate().map_err(runtime::FromJsonError::Invalid)?;
                    Ok(n)
                }

                /// The violations of the notification; an unknown one has none.
                pub fn validate(&self) -> ::core::result::Result<(), ::std::vec::Vec<runtime::Violation>> {
                    match self {
                        #(#validate,)*
                        Self::Unknown { .. } => Ok(()),
                    }
                }

                /// What the notification means: succeeded, failed (with the further action),
                /// pending (not final: wait or inquire) or unrecognised (an unknown notifyType).
                /// Decide by this, not by the result-code table's status letter.
                pub fn outcome(&self) -> runtime::Outcome {
                    match self {
                        #(#outcome,)*
                        Self::Unknown { .. } => runtime::Outcome::Unrecognised,
                    }
                }

                /// Expectations the notification does not meet (never a reason to refuse it): log them.
                pub fn notices(&self) -> ::std::vec::Vec<runtime::Notice> {
                    match self {
                        #(#notices,)*
                        Self::Unknown { .. } => ::std::vec::Vec::new(),
                    }
                }

                /// The `notifyType` received.
                pub fn notify_type(&self) -> &str {
                    match self {
                        #(#notify_type,)*
                        Self::Unknown { notify_type, .. } => notify_type,
                    }
                }

                /// The JSON bytes, as received.
                pub fn to_json(&self) -> ::std::vec::Vec<u8> {
                    match self {
                        #(#to_json,)*
                        Self::Unknown { body, .. } => runtime::to_vec(body),
                    }
                }

                /// The acknowledgement the spec fixes for this notification's API; `None` for unknown ones.
                pub fn ack(&self) -> ::core::option::Option<Acknowledgement> {
                    match self {
                        #(#ack_arms,)*
                        Self::Unknown { .. } => None,
                    }
                }

                /// The answer that asks Alipay to send this notification again; `None` for unknown ones.
                pub fn please_resend(&self) -> ::core::option::Option<Acknowledgement> {
                    match self {
                        #(#resend_arms,)*
                        Self::Unknown { .. } => None,
                    }
                }
            }

            /// The merchant's answer to a notification: get it from [`Notification::ack`]
            /// or [`Notification::please_resend`], send [`Acknowledgement::to_json`].
            ///
            /// Non-exhaustive: a notification API added to the specs adds a variant.
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum Acknowledgement {
                #(#ack_variants,)*
            }

            impl ::alipay_runtime::Notify for Notification {
                fn parse_json(bytes: &[u8]) -> ::core::result::Result<Self, runtime::FromJsonError> {
                    Notification::parse_json(bytes)
                }
                fn validate(&self) -> ::core::result::Result<(), ::std::vec::Vec<runtime::Violation>> {
                    Notification::validate(self)
                }
                fn notify_type(&self) -> &str {
                    Notification::notify_type(self)
                }
                fn api(&self) -> ::core::option::Option<&'static str> {
                    match self {
                        #(#api_arms,)*
                        Self::Unknown { .. } => None,
                    }
                }
                fn request_id(&self) -> ::core::option::Option<&str> {
                    match self {
                        #(#request_id,)*
                        Self::Unknown { .. } => None,
                    }
                }
                fn outcome(&self) -> runtime::Outcome {
                    Notification::outcome(self)
                }
                fn ack_json(&self) -> ::core::option::Option<::core::result::Result<::std::vec::Vec<u8>, ::std::vec::Vec<runtime::Violation>>> {
                    self.ack().map(|a| a.to_json())
                }
                fn please_resend_json() -> ::core::option::Option<::std::vec::Vec<u8>> {
                    Acknowledgement::please_resend().map(|a| a.to_json_unchecked())
                }
            }

            impl Acknowledgement {
                /// The answer that asks Alipay to send a notification again, without a parsed
                /// notification (for a body that does not even parse); `None` when the specs give
                /// no notification such an answer.
                pub fn please_resend() -> ::core::option::Option<Acknowledgement> {
                    #resend_first
                }

                /// The JSON bytes to answer with (HTTP 200), or every violation of an answer that is
                /// not the documented acknowledgement.
                pub fn to_json(&self) -> ::core::result::Result<::std::vec::Vec<u8>, ::std::vec::Vec<runtime::Violation>> {
                    #ack_body
                }

                /// The JSON bytes without checking: only for a deliberately undocumented answer
                /// (`Notification::please_resend()`).
                pub fn to_json_unchecked(&self) -> ::std::vec::Vec<u8> {
                    #ack_unchecked_body
                }
            }
        }
    }
}
