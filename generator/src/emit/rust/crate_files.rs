//! `src/lib.rs` (crate docs, modules, re-exports) and `examples/validate.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::code::Code;
use super::{Cx, LIB_DOCS, LIB_DOCS_NOTIFICATIONS, format_tokens};
use crate::model::Direction;
use crate::naming::names;

impl<'m> Cx<'m> {
    pub(super) fn lib(&self) -> String {
        let model = self.model;
        let apis: Vec<String> = model.apis.iter().map(|a| format!("`{}`", a.name)).collect();
        let rows: Vec<String> = model
            .apis
            .iter()
            .map(|a| {
                let module = names::api_module(&a.name);
                let direction = match a.direction {
                    Direction::Notification => "notification",
                    Direction::Request => "request",
                };
                let notify_types = a.notify_types();
                let notify_types = if notify_types.is_empty() {
                    String::new()
                } else {
                    format!(" (notifyType {})", notify_types.join(", "))
                };
                format!(
                    "| `{name}` | {direction}{notify_types} | [`{module}::{rq}`] | [`{module}::{rs}`] | [`{module}::{codes}`] |",
                    name = a.name,
                    rq = names::request_type(&a.name),
                    rs = names::response_type(&a.name),
                    codes = names::code_enum(&a.name),
                )
            })
            .collect();
        let types: Vec<String> = model
            .types
            .iter()
            .map(|t| format!("`{}`", names::type_name(&t.name)))
            .collect();
        let types = if types.is_empty() {
            String::new()
        } else {
            format!(" ({})", types.join(", "))
        };
        let values = [
            ("apis", apis.join(", ")),
            ("api_rows", rows.join("\n")),
            ("types", types),
            ("version", env!("CARGO_PKG_VERSION").to_owned()),
            ("crate_name", "alipay_models".to_owned()),
        ];
        let mut text = fill(LIB_DOCS, &values);
        if !self.notification_apis().is_empty() {
            text.push_str(&fill(LIB_DOCS_NOTIFICATIONS, &values));
        }
        let lines: Vec<String> = text
            .trim_end()
            .lines()
            .map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!(" {l}")
                }
            })
            .collect();
        // The signature module is the runtime's (its feature `signature`),
        // re-exported where it was when it was generated code.
        let signature = self.cfg("signature").map(|cfg| {
            quote! {
                /// Alipay's signatures and the intake of notifications: the runtime's
                /// `signature` module, re-exported.
                #cfg
                pub use ::alipay_runtime::signature;
            }
        });
        let mut c = Code::new();
        for l in &lines {
            c.line(&format!("//!{}", l.trim_end_matches(' ')));
        }
        c.line("#![forbid(unsafe_code)]");
        c.line("#![warn(missing_docs)]");
        for m in ["catalog", "codes", "notification", "types"] {
            c.line(&format!("pub mod {m};"));
        }
        for a in &self.model.apis {
            c.line(&format!("pub mod {};", names::api_module(&a.name)));
        }
        c.raw(&format_tokens(quote! {
            /// The runtime these models are built on (`alipay-runtime`).
            pub use ::alipay_runtime as runtime;
            #signature
            pub use notification::{Acknowledgement, Notification};
            pub use ::alipay_runtime::{CheckedView, FromJsonError, FurtherAction, Message, NotifyMessage, ResultCode, Rule, Status, Violation};
        }));
        for a in &self.model.apis {
            let module = names::api_module(&a.name);
            let items = [
                names::request_type(&a.name),
                names::response_type(&a.name),
                names::code_enum(&a.name),
            ];
            c.item(|c| c.use_line(&format!("pub use {module}::"), &items));
        }
        c.raw(&format_tokens(quote! {
            /// Parses and checks a message named by its API (as the documents name it) and part
            /// (`request` or `response`): every violation, every notice and, for a notification,
            /// its outcome. `None` for an API or part this crate does not have (see
            /// [`catalog::MESSAGES`]); `Err` for bytes that are not JSON or not of the message's shape.
            pub fn check_json(
                api: &str,
                part: &str,
                bytes: &[u8],
            ) -> ::core::option::Option<::core::result::Result<::alipay_runtime::Findings, FromJsonError>> {
                let entry = catalog::message(api, part)?;
                ::core::option::Option::Some((entry.parse_json)(bytes).map(|m| m.findings()))
            }
        }));
        c.finish()
    }

    pub(super) fn validate_example(&self) -> TokenStream {
        // The messages come from the catalog at run time: this file does not
        // change when an API is added.
        quote! {
            //! Validates a JSON message against the spec.
            //!
            //! `cargo run -q -p alipay-models --example validate -- --api notifyCapture --message request FILE`
            //! prints each violation as `path: rule`, and for a valid notification one line
            //! `outcome: succeeded|failed|pending|unrecognised`; exits 0 when valid, 1 when invalid,
            //! 2 when the file is unreadable, not JSON, of the wrong shape, or on usage errors.
            //! `--list` prints every API and message it knows.

            use std::process::ExitCode;

            use alipay_models::catalog;

            fn usage_text() -> String {
                let mut apis: Vec<&str> = catalog::MESSAGES.iter().map(|e| e.api).collect();
                apis.dedup();
                format!(
                    "usage: validate --api <{}> --message <request|response> FILE\n       validate --list\n\nPrints each violation as `path: rule`; for a valid notification, its decision as `outcome: succeeded|failed|pending|unrecognised`, and each expectation it does not meet as `notice: path: rule (expected by sources; ...)`. Exit status: 0 valid, 1 invalid, 2 unreadable, not JSON, wrong shape or usage.",
                    apis.join("|")
                )
            }

            fn usage() -> ExitCode {
                eprintln!("{}", usage_text());
                ExitCode::from(2)
            }

            fn main() -> ExitCode {
                let mut api = None;
                let mut message = None;
                let mut file = None;
                let mut args = std::env::args().skip(1);
                while let Some(a) = args.next() {
                    match a.as_str() {
                        "--api" => api = args.next(),
                        "--message" => message = args.next(),
                        "--list" => {
                            for e in catalog::MESSAGES {
                                let who = if e.inbound { "Alipay sends it" } else { "the merchant sends it" };
                                println!("{} {} ({who})", e.api, e.message);
                            }
                            return ExitCode::SUCCESS;
                        }
                        "-h" | "--help" => {
                            println!("{}", usage_text());
                            return ExitCode::SUCCESS;
                        }
                        _ if file.is_none() && !a.starts_with("--") => file = Some(a),
                        _ => return usage(),
                    }
                }
                let (Some(api), Some(message), Some(file)) = (api, message, file) else {
                    return usage();
                };
                let Some(entry) = catalog::message(&api, &message) else {
                    eprintln!("no message `{message}` of an API named `{api}` (`--list` lists them)");
                    return usage();
                };
                let bytes = match std::fs::read(&file) {
                    Ok(b) => b,
                    Err(e) => {
                        eprintln!("{file}: {e}");
                        return ExitCode::from(2);
                    }
                };
                let parsed = match (entry.parse_json)(&bytes) {
                    Ok(m) => m,
                    Err(e) => {
                        eprintln!("{file}: {e}");
                        return ExitCode::from(2);
                    }
                };
                let status = match parsed.validate() {
                    Ok(()) => {
                        println!("valid");
                        if let Some(o) = parsed.outcome() {
                            println!("outcome: {o}");
                        }
                        ExitCode::SUCCESS
                    }
                    Err(violations) => {
                        for v in violations {
                            println!("{v}");
                        }
                        ExitCode::from(1)
                    }
                };
                for n in parsed.notices() {
                    println!("notice: {n}");
                }
                status
            }
        }
    }
}

/// The crate docs' templates (`templates/lib_docs*.md`) with each
/// `{{ name }}` replaced by its value: plain substitution, no template
/// engine, so that a build script generating the crate does not compile one.
/// A name without a value is a generator bug (the tests render every
/// template), as is an unclosed `{{`.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 1024);
    let mut rest = template;
    while let Some(start) = rest.find("{{ ") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 3..];
        let Some(end) = after.find(" }}") else {
            panic!("alipay-codegen bug: an unclosed {{{{ in the crate docs' template");
        };
        let name = &after[..end];
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => out.push_str(v),
            None => panic!(
                "alipay-codegen bug: the crate docs' template names `{name}`, which has no value"
            ),
        }
        rest = &after[end + 3..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fill_replaces_each_name_and_keeps_other_text() {
        let values = [("a", "1".to_owned()), ("b", String::new())];
        assert_eq!(fill("x {{ a }}y{{ b }} {{ a }}", &values), "x 1y 1");
        assert_eq!(fill("no names { here }", &values), "no names { here }");
    }

    #[test]
    #[should_panic(expected = "has no value")]
    fn fill_refuses_an_unknown_name() {
        fill("{{ c }}", &[]);
    }
}
