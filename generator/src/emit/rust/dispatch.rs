//! `src/notification.rs`: the `Notification` dispatcher by `notifyType` and
//! `Acknowledgement`.

use super::*;

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
        let mut notify_type = Vec::new();
        let mut ack_variants = Vec::new();
        let mut ack_arms = Vec::new();
        let mut resend_arms = Vec::new();
        let mut ack_json = Vec::new();
        let mut resend_first = None;
        let mut table = Vec::new();
        let mut seen = BTreeSet::new();
        for api in &apis {
            let v = camel(&api.name);
            let module = snake(&api.name);
            let req = id(&format!("{}Request", ident::to_upper_camel(&api.name)));
            let resp = id(&format!("{}Response", ident::to_upper_camel(&api.name)));
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
            variants.push(quote!(#d #v(crate::#module::#req)));
            if !types.is_empty() {
                dispatch.push(quote! {
                    #(#types)|* => serde_json::from_value(body).map(Self::#v).map_err(runtime::classify),
                });
            }
            validate.push(quote!(Self::#v(m) => m.validate()));
            to_json.push(quote!(Self::#v(m) => m.to_json()));
            let owner = self.message_owner(api, &api.request, "Request");
            let chain = self.access_chain(
                quote!(m),
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
            let has_ack = self
                .fixed_message(
                    &self.message_owner(api, &api.response, "Response"),
                    &BTreeMap::new(),
                )
                .is_some();
            let ad = doc(&format!("The answer to a `{}` notification.", api.name));
            ack_variants.push(quote!(#ad #v(crate::#module::#resp)));
            ack_json.push(quote!(Self::#v(m) => m.to_json()));
            if has_ack {
                ack_arms.push(
                    quote!(Self::#v(_) => Some(Acknowledgement::#v(crate::#module::#resp::ack()))),
                );
                if self.resend_code().is_some() {
                    resend_first.get_or_insert_with(|| {
                        quote!(Some(Acknowledgement::#v(crate::#module::#resp::please_resend())))
                    });
                    resend_arms.push(quote!(Self::#v(_) => Some(Acknowledgement::#v(crate::#module::#resp::please_resend()))));
                } else {
                    resend_arms.push(quote!(Self::#v(_) => None));
                }
            } else {
                ack_arms.push(quote!(Self::#v(_) => None));
                resend_arms.push(quote!(Self::#v(_) => None));
            }
        }
        let resend_first = resend_first.unwrap_or_else(|| quote!(None));
        quote! {
            //! Notifications that arrive at one endpoint, told apart by `notifyType`.
            use crate::runtime;

            /// A notification from Alipay, by `notifyType`.
            #[derive(Debug, Clone, PartialEq)]
            #[allow(clippy::large_enum_variant)]
            pub enum Notification {
                #(#variants,)*
                /// A `notifyType` the spec does not list (or none): the body as received.
                Unknown {
                    /// The `notifyType` value, empty when absent or not a string.
                    notify_type: String,
                    /// The whole body.
                    body: serde_json::Value,
                },
            }

            impl Notification {
                /// Which API each `notifyType` belongs to.
                pub const NOTIFY_TYPES: &'static [(&'static str, &'static str)] = &[#(#table),*];

                /// Parses by `notifyType` without validating. A body that is not a JSON object is
                /// [`runtime::FromJsonError::WrongShape`].
                pub fn parse_json(bytes: &[u8]) -> ::core::result::Result<Self, runtime::FromJsonError> {
                    let map: serde_json::Map<String, serde_json::Value> = runtime::parse(bytes)?;
                    let notify_type = match map.get("notifyType") {
                        Some(serde_json::Value::String(s)) => s.clone(),
                        _ => String::new(),
                    };
                    let body = serde_json::Value::Object(map);
                    match notify_type.as_str() {
                        #(#dispatch)*
                        _ => Ok(Self::Unknown { notify_type, body }),
                    }
                }

                /// Parses by `notifyType` and validates. An unknown `notifyType` is not an error.
                pub fn from_json(bytes: &[u8]) -> ::core::result::Result<Self, runtime::FromJsonError> {
                    let n = Self::parse_json(bytes)?;
                    n.validate().map_err(runtime::FromJsonError::Invalid)?;
                    Ok(n)
                }

                /// The violations of the notification; an unknown one has none.
                pub fn validate(&self) -> ::core::result::Result<(), Vec<runtime::Violation>> {
                    match self {
                        #(#validate,)*
                        Self::Unknown { .. } => Ok(()),
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
                pub fn to_json(&self) -> Vec<u8> {
                    match self {
                        #(#to_json,)*
                        Self::Unknown { body, .. } => runtime::to_vec(body),
                    }
                }

                /// The acknowledgement the spec fixes for this notification's API; `None` for unknown ones.
                pub fn ack(&self) -> Option<Acknowledgement> {
                    match self {
                        #(#ack_arms,)*
                        Self::Unknown { .. } => None,
                    }
                }

                /// The answer that asks Alipay to send this notification again; `None` for unknown ones.
                pub fn please_resend(&self) -> Option<Acknowledgement> {
                    match self {
                        #(#resend_arms,)*
                        Self::Unknown { .. } => None,
                    }
                }
            }

            /// The merchant's answer to a notification.
            #[derive(Debug, Clone, PartialEq)]
            pub enum Acknowledgement {
                #(#ack_variants,)*
            }

            impl Acknowledgement {
                /// The answer that asks Alipay to send a notification again, without a parsed
                /// notification (for a body that does not even parse); `None` when the specs give
                /// no notification such an answer.
                pub fn please_resend() -> Option<Acknowledgement> {
                    #resend_first
                }

                /// The JSON bytes to answer with (HTTP 200).
                pub fn to_json(&self) -> Vec<u8> {
                    match self {
                        #(#ack_json,)*
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- lib.rs and the example
}
