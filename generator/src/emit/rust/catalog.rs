//! `src/catalog.rs`: every message of the crate as data (API name, request or
//! response, direction, type-erased parse/validate/serialize functions), so
//! that tools, tests and the validate example handle messages by name without
//! a hand-written list.

use quote::quote;

use super::code::{Code, Expr, lit};
use super::{Cx, format_tokens, id};
use crate::model::Flow;
use crate::naming::{ident, names};

impl<'m> Cx<'m> {
    pub(super) fn catalog(&self) -> String {
        let mut entries = Vec::new();
        let mut schema_arms = Vec::new();
        let mut retries = Vec::new();
        for api in &self.model.apis {
            if let Some(r) = &api.retry {
                let api_name = &api.name;
                let ack = &r.ack;
                let max_sends = r.max_sends;
                let intervals = &r.intervals_secs;
                let window = match r.window_secs {
                    Some(w) => quote!(::core::option::Option::Some(#w)),
                    None => quote!(::core::option::Option::None),
                };
                retries.push(quote! {
                    RetryEntry {
                        api: #api_name,
                        ack: #ack,
                        max_sends: #max_sends,
                        intervals_secs: &[#(#intervals),*],
                        window_secs: #window,
                    },
                });
            }
            let module = id(&names::api_module(&api.name));
            for (m, kind) in [(&api.request, "request"), (&api.response, "response")] {
                let ty_name = if kind == "request" {
                    names::request_type(&api.name)
                } else {
                    names::response_type(&api.name)
                };
                let ty = id(&ty_name);
                let rust_type = format!(
                    "{}::{ty_name}",
                    ident::strip_raw(&names::api_module(&api.name))
                );
                let api_name = &api.name;
                let inbound = m.flow == Flow::Inbound;
                let entry = |f: &str, then: &str| {
                    let call = Expr::call(
                        format!("<super::{module}::{ty} as ::alipay_runtime::Message>::{f}"),
                        vec![Expr::flat("bytes")],
                    );
                    let chain = Expr::Chain(Box::new(call), vec![Expr::flat(then)]);
                    Expr::prefixed(
                        format!("{f}: "),
                        Expr::Closure("|bytes|".into(), Box::new(chain)),
                    )
                };
                entries.push(Expr::Struct(
                    "MessageEntry".into(),
                    vec![
                        Expr::Atom(format!("api: {}", lit(api_name))),
                        Expr::Atom(format!("message: {}", lit(kind))),
                        Expr::Atom(format!("inbound: {inbound}")),
                        Expr::Atom(format!("rust_type: {}", lit(&rust_type))),
                        entry("from_json", ".map(|_| ())"),
                        entry(
                            "parse_json",
                            ".map(|m| ::std::boxed::Box::new(m) as Parsed)",
                        ),
                    ],
                ));
                schema_arms.push((
                    format!("({}, {})", lit(api_name), lit(kind)),
                    Expr::flat(format!(
                        "Some(schemars::schema_for!(super::{module}::{ty}))"
                    )),
                ));
            }
        }
        let for_each_call = self.for_each_call();
        let head = quote! {
            //! Every message of the crate as data, sorted by API name then `request`, `response`:
            //! handle messages by their names in the documents without listing them
            //! (`message("capture", "request")`, or iterate [`MESSAGES`]).

            use ::alipay_runtime::{Findings, FromJsonError, Notice, Outcome, Violation};

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
                pub from_json: fn(&[u8]) -> ::core::result::Result<(), FromJsonError>,
                /// Parses without validating (the type's `parse_json`); validate, serialize or
                /// downcast the result through [`AnyMessage`].
                pub parse_json: fn(&[u8]) -> ::core::result::Result<Parsed, FromJsonError>,
            }

            impl MessageEntry {
                /// `<api>.<message>`, the name of its JSON Schema file and payload-corpus folder.
                pub fn name(&self) -> ::std::string::String {
                    format!("{}.{}", self.api, self.message)
                }
            }

            /// A parsed message of any API: what [`MessageEntry::parse_json`] returns.
            pub type Parsed = ::std::boxed::Box<dyn AnyMessage>;

            /// What every message can do, whatever its type: [`Message`](::alipay_runtime::Message)
            /// without its type (object-safe), for the values [`MessageEntry::parse_json`] returns.
            pub trait AnyMessage {
                /// Every rule the message breaks, each with its JSON pointer (the type's `validate()`).
                fn validate(&self) -> ::core::result::Result<(), ::std::vec::Vec<Violation>>;
                /// Every expectation the message does not meet (the type's `notices()`).
                fn notices(&self) -> ::std::vec::Vec<Notice>;
                /// For a notification: what it means for the merchant (the type's `outcome()`);
                /// `None` for other messages.
                fn outcome(&self) -> ::core::option::Option<Outcome>;
                /// The JSON bytes (the type's `to_json()`); for a message the merchant sends,
                /// every violation instead when it breaks a rule.
                fn to_json(&self) -> ::core::result::Result<::std::vec::Vec<u8>, ::std::vec::Vec<Violation>>;
                /// Everything a check finds: violations, notices, outcome, checked view.
                fn findings(&self) -> Findings;
                /// The concrete message, for `downcast_ref::<module::Type>()`.
                fn as_any(&self) -> &dyn ::core::any::Any;
            }

            impl<M: ::alipay_runtime::Message + 'static> AnyMessage for M {
                fn validate(&self) -> ::core::result::Result<(), ::std::vec::Vec<Violation>> {
                    ::alipay_runtime::Message::validate(self)
                }
                fn notices(&self) -> ::std::vec::Vec<Notice> {
                    ::alipay_runtime::Message::notices(self)
                }
                fn outcome(&self) -> ::core::option::Option<Outcome> {
                    ::alipay_runtime::Message::notification_outcome(self)
                }
                fn to_json(&self) -> ::core::result::Result<::std::vec::Vec<u8>, ::std::vec::Vec<Violation>> {
                    ::alipay_runtime::Message::to_json(self)
                }
                fn findings(&self) -> Findings {
                    ::alipay_runtime::Message::findings(self)
                }
                fn as_any(&self) -> &dyn ::core::any::Any {
                    self
                }
            }

        };
        let mut c = Code::new();
        c.raw(&format_tokens(head));
        c.item(|c| {
            c.doc("Every message, sorted by API name, then request before response.");
            c.expr(
                "pub static MESSAGES: &[MessageEntry] = ",
                &Expr::prefixed("&", Expr::Array(entries)),
                ";",
            );
        });
        c.raw(&format_tokens(quote! {            /// The message `message` (`"request"` or `"response"`) of the API named `api` in the documents.
            pub fn message(api: &str, message: &str) -> ::core::option::Option<&'static MessageEntry> {
                MESSAGES.iter().find(|e| e.api == api && e.message == message)
            }

            /// Alipay's resend schedule for one notification API (the spec's `retry:`).
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub struct RetryEntry {
                /// The API's name in the documents.
                pub api: &'static str,
                /// What the merchant answers to stop the resends.
                pub ack: &'static str,
                /// How many times the notification is sent at most, the first send included.
                pub max_sends: u32,
                /// The wait before each send, in seconds, the first send included.
                pub intervals_secs: &'static [u64],
                /// The window the documents state, in seconds, when they state one.
                pub window_secs: ::core::option::Option<u64>,
            }

            /// The resend schedule of every notification API whose spec gives one, sorted by API name.
            pub static RETRIES: &[RetryEntry] = &[#(#retries)*];

            #for_each_call
        }));
        // The JSON Schema of a message, `schemars` deriving it.
        if let Some(cfg) = self.cfg_line("schemars") {
            c.item(|c| {
                c.line("/// The JSON Schema that schemars derives for a message (the `schemars` feature);");
                c.line("/// `None` for a name [`message`] does not know.");
                if let Some(cfg) = cfg {
                    c.line(&cfg);
                }
                c.fn_open(
                    "pub fn json_schema",
                    &["api: &str", "message: &str"],
                    " -> ::core::option::Option<schemars::Schema>",
                );
                c.open("match (api, message) {");
                for (pat, body) in &schema_arms {
                    c.arm(pat, body);
                }
                c.line("_ => None,");
                c.close("}");
                c.close("}");
            });
        }
        c.finish()
    }
}
