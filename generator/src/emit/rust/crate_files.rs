//! `src/lib.rs` (crate docs, modules, re-exports) and `examples/validate.rs`.

use super::*;

impl<'m> Cx<'m> {
    pub(super) fn lib(&self) -> TokenStream {
        #[derive(serde::Serialize)]
        struct ApiCx {
            name: String,
            module: String,
            request: String,
            response: String,
            codes: String,
            direction: &'static str,
            notify_types: Vec<String>,
        }
        let apis: Vec<ApiCx> = self
            .model
            .apis
            .iter()
            .map(|a| ApiCx {
                name: a.name.clone(),
                module: ident::to_snake(&a.name),
                request: format!("{}Request", ident::to_upper_camel(&a.name)),
                response: format!("{}Response", ident::to_upper_camel(&a.name)),
                codes: format!("{}ResultCode", ident::to_upper_camel(&a.name)),
                direction: match a.direction {
                    Direction::Notification => "notification",
                    Direction::Request => "request",
                },
                notify_types: a.notify_types().into_iter().map(String::from).collect(),
            })
            .collect();
        let types: Vec<String> = self
            .model
            .types
            .iter()
            .map(|t| ident::to_upper_camel(&t.name))
            .collect();
        let mut context = tera::Context::new();
        context.insert("apis", &apis);
        context.insert("types", &types);
        context.insert("has_notifications", &!self.notification_apis().is_empty());
        context.insert("version", env!("CARGO_PKG_VERSION"));
        let text = match tera::Tera::one_off(LIB_DOCS, &context, false) {
            Ok(t) => t,
            Err(e) => panic!("alipay-codegen bug: templates/lib_docs.md.tera: {e}"),
        };
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
        let modules: Vec<Ident> = self.model.apis.iter().map(|a| snake(&a.name)).collect();
        let reexports: Vec<TokenStream> = self
            .model
            .apis
            .iter()
            .map(|a| {
                let m = snake(&a.name);
                let c = ident::to_upper_camel(&a.name);
                let (rq, rs, cd) = (
                    id(&format!("{c}Request")),
                    id(&format!("{c}Response")),
                    id(&format!("{c}ResultCode")),
                );
                quote!(pub use #m::{#rq, #rs, #cd};)
            })
            .collect();
        let hash = &self.model.spec_hash;
        quote! {
            #( #![doc = #lines] )*
            #![forbid(unsafe_code)]
            #![warn(missing_docs)]

            pub mod codes;
            pub mod notification;
            pub mod runtime;
            #[cfg(feature = "signature")]
            pub mod signature;
            pub mod types;
            #( pub mod #modules; )*

            pub use notification::{Acknowledgement, Notification};
            pub use runtime::{FromJsonError, FurtherAction, Rule, Status, Violation};
            #(#reexports)*

            /// SHA-256 of the spec files this crate was generated from.
            pub const SPEC_HASH: &str = #hash;
        }
    }

    pub(super) fn validate_example(&self) -> TokenStream {
        let mut arms = Vec::new();
        let mut listed = Vec::new();
        for a in &self.model.apis {
            let m = snake(&a.name);
            let c = ident::to_upper_camel(&a.name);
            let name = &a.name;
            listed.push(a.name.clone());
            for (kind, ty) in [
                ("request", format!("{c}Request")),
                ("response", format!("{c}Response")),
            ] {
                let ty = id(&ty);
                arms.push(quote! {
                    (#name, #kind) => check(alipay_models::#m::#ty::parse_json(&bytes), alipay_models::#m::#ty::validate),
                });
            }
        }
        let usage = format!(
            "usage: validate --api <{}> --message <request|response> FILE\n\nPrints each violation as `path: rule`. Exit status: 0 valid, 1 invalid, 2 unreadable, not JSON, wrong shape or usage.",
            listed.join("|")
        );
        quote! {
            //! Validates a JSON message against the spec.
            //!
            //! `cargo run -q -p alipay-models --example validate -- --api notifyCapture --message request FILE`
            //! prints each violation as `path: rule` and exits 0 when valid, 1 when invalid,
            //! 2 when the file is unreadable, not JSON, of the wrong shape, or on usage errors.

            use std::process::ExitCode;

            use alipay_models::{FromJsonError, Violation};

            const USAGE: &str = #usage;

            fn usage() -> ExitCode {
                eprintln!("{USAGE}");
                ExitCode::from(2)
            }

            fn check<T>(
                parsed: Result<T, FromJsonError>,
                validate: fn(&T) -> Result<(), Vec<Violation>>,
            ) -> ExitCode {
                match parsed {
                    Err(e) => {
                        eprintln!("{e}");
                        ExitCode::from(2)
                    }
                    Ok(m) => match validate(&m) {
                        Ok(()) => {
                            println!("valid");
                            ExitCode::SUCCESS
                        }
                        Err(violations) => {
                            for v in violations {
                                println!("{v}");
                            }
                            ExitCode::from(1)
                        }
                    },
                }
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
                        "-h" | "--help" => {
                            println!("{USAGE}");
                            return ExitCode::SUCCESS;
                        }
                        _ if file.is_none() && !a.starts_with("--") => file = Some(a),
                        _ => return usage(),
                    }
                }
                let (Some(api), Some(message), Some(file)) = (api, message, file) else {
                    return usage();
                };
                let bytes = match std::fs::read(&file) {
                    Ok(b) => b,
                    Err(e) => {
                        eprintln!("{file}: {e}");
                        return ExitCode::from(2);
                    }
                };
                match (api.as_str(), message.as_str()) {
                    #(#arms)*
                    _ => usage(),
                }
            }
        }
    }
}
