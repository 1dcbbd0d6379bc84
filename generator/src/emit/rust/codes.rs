//! Result codes: the shared codes (`src/codes.rs`) and each API's code enum.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::code::{Code, Expr, lit, lit_array};
use super::models::open_enum_body;
use super::{
    Cx, action_kind_name, action_tokens, doc, further_action, opt_str, status_tokens, variant_ident,
};
use crate::model::{ActionKind, Api, ResultCode, Status, TranslatedText};
use crate::naming::names;

impl<'m> Cx<'m> {
    pub(super) fn code_docs(&self, c: &ResultCode) -> String {
        let mut s = format!(
            "`{}` (status {}: {}): {}",
            c.code,
            c.status.letter(),
            c.status.meaning(),
            crate::naming::text::inline(&c.message)
        );
        if let Some(zh) = &c.message_zh {
            s.push_str("\n\n");
            s.push_str(&crate::naming::text::rustdoc_text(zh));
        }
        if let Some(a) = &c.action {
            s.push_str(&format!(
                "\n\nFurther action ({})",
                action_kind_name(a.kind)
            ));
            match &a.text {
                Some(t) => {
                    s.push_str(": ");
                    s.push_str(&crate::naming::text::inline(t));
                }
                None => s.push('.'),
            }
            if let Some(zh) = &a.text_zh {
                s.push_str("\n\n");
                s.push_str(&crate::naming::text::rustdoc_text(zh));
            }
        }
        for m in &c.mistranslated {
            let what = match m.text {
                TranslatedText::MessageZh => "Chinese message",
                TranslatedText::ActionTextZh => "Chinese further action",
            };
            s.push_str(&format!(
                "\n\nThe {what} above is a mistranslation: it says \"{}\" ({}); the accessors withhold it (`None`).",
                m.says.trim_end_matches('.'),
                m.sources.join(", ")
            ));
        }
        s.push_str("\n\n");
        s.push_str(&self.provenance_line(&c.provenance));
        s
    }

    /// A per-API variant's docs, in one line: the code, its status, its
    /// further action and message; the source and any note the spec
    /// makes (a mistranslation, an inferred action). The full row (Chinese
    /// texts, action text) is the enum's `TABLE` and the API's docs/*.md.
    fn variant_docs(&self, api: &Api, c: &ResultCode) -> String {
        let action = api
            .code_action(c)
            .map(|k| format!(", {}", action_kind_name(k)))
            .unwrap_or_default();
        let mut s = format!(
            "`{}` (status {}{action}): {} {}",
            c.code,
            c.status.letter(),
            crate::naming::text::inline(&c.message),
            self.provenance_line(&c.provenance)
        );
        for m in &c.mistranslated {
            let what = match m.text {
                TranslatedText::MessageZh => "Chinese message",
                TranslatedText::ActionTextZh => "Chinese further action",
            };
            s.push_str(&format!(
                ". The document's {what} is a mistranslation (it says \"{}\", {}), withheld (`None`)",
                m.says.trim_end_matches('.'),
                m.sources.join(", ")
            ));
        }
        if let Some(documented) = api.replaced_action(c) {
            // A receiver has nothing to call again: the notification is not final.
            s.push_str(&format!(
                ". In a notification the action is the receiver's (an inference: status U{}, the table's action speaks to the synchronous API's caller); `outcome()` decides by `result.resultStatus`",
                documented
                    .map(|k| format!(" with `{}`", action_kind_name(k)))
                    .unwrap_or_default()
            ));
        }
        if !c.mistranslated.is_empty() || api.replaced_action(c).is_some() {
            s.push('.');
        }
        s
    }

    pub(super) fn codes(&self) -> TokenStream {
        let codes = &self.model.shared_codes;
        let variants: Vec<Ident> = codes.iter().map(|c| variant_ident(&c.code)).collect();
        let docs: Vec<TokenStream> = codes.iter().map(|c| doc(&self.code_docs(c))).collect();
        let names: Vec<&String> = codes.iter().map(|c| &c.code).collect();
        let statuses: Vec<TokenStream> = codes.iter().map(|c| status_tokens(c.status)).collect();
        let messages: Vec<&String> = codes.iter().map(|c| &c.message).collect();
        let messages_zh: Vec<TokenStream> = codes
            .iter()
            .map(|c| opt_str(zh_unless_mistranslated(c, TranslatedText::MessageZh)))
            .collect();
        let actions: Vec<TokenStream> = codes
            .iter()
            .map(|c| match &c.action {
                Some(a) => {
                    let k = action_tokens(a.kind);
                    quote!(Some(#k))
                }
                None => quote!(None),
            })
            .collect();
        let texts: Vec<TokenStream> = codes
            .iter()
            .map(|c| opt_str(c.action.as_ref().and_then(|a| a.text.as_deref())))
            .collect();
        let texts_zh: Vec<TokenStream> = codes
            .iter()
            .map(|c| opt_str(zh_unless_mistranslated(c, TranslatedText::ActionTextZh)))
            .collect();
        quote! {
            //! Result codes shared by several APIs (`spec/codes/`), each defined once.
            //!
            //! The per-API result-code enums delegate to these definitions for the codes they share,
            //! unless their document words a row differently.
            #[allow(unused_imports)] use ::alipay_runtime::__private as runtime;

            /// A result code defined once in `spec/codes/` and used by several APIs.
            ///
            /// Non-exhaustive: the specs add codes as Alipay documents them (a minor
            /// release); decide by the status letter and further action, and match
            /// codes with a `_` arm.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[non_exhaustive]
            pub enum SharedCode {
                #( #docs #variants, )*
            }

            impl SharedCode {
                /// Every shared code, sorted by code.
                pub const ALL: &'static [SharedCode] = &[#(SharedCode::#variants),*];

                /// The shared code with this `resultCode`.
                pub fn from_code(code: &str) -> ::core::option::Option<SharedCode> {
                    Self::ALL.iter().copied().find(|c| c.as_str() == code)
                }

                /// `result.resultCode`.
                pub const fn as_str(self) -> &'static str {
                    match self {
                        #( SharedCode::#variants => #names, )*
                    }
                }

                /// `result.resultStatus` that comes with the code.
                pub const fn status(self) -> runtime::Status {
                    match self {
                        #( SharedCode::#variants => #statuses, )*
                    }
                }

                /// The message column, in English.
                pub const fn message(self) -> &'static str {
                    match self {
                        #( SharedCode::#variants => #messages, )*
                    }
                }

                /// The message column of the Chinese document; `None` where the spec marks
                /// it mistranslated (the variant's docs and the reference docs quote it and
                /// say what it says).
                pub const fn message_zh(self) -> ::core::option::Option<&'static str> {
                    match self {
                        #( SharedCode::#variants => #messages_zh, )*
                    }
                }

                /// What a program should do.
                pub const fn further_action(self) -> ::core::option::Option<runtime::FurtherAction> {
                    match self {
                        #( SharedCode::#variants => #actions, )*
                    }
                }

                /// The further-action text, verbatim.
                pub const fn action_text(self) -> ::core::option::Option<&'static str> {
                    match self {
                        #( SharedCode::#variants => #texts, )*
                    }
                }

                /// The code's row, as an API's `TABLE` holds it where its document
                /// words the code the same way.
                pub const fn row(self) -> runtime::CodeRow {
                    runtime::CodeRow {
                        code: self.as_str(),
                        status: self.status(),
                        further_action: self.further_action(),
                        message: self.message(),
                        message_zh: self.message_zh(),
                        action_text: self.action_text(),
                    }
                }

                /// The further-action text of the Chinese document, verbatim; `None` where
                /// the spec marks it mistranslated (quoted in the variant's docs).
                pub const fn action_text_zh(self) -> ::core::option::Option<&'static str> {
                    match self {
                        #( SharedCode::#variants => #texts_zh, )*
                    }
                }
            }

            impl runtime::SharedCodes for SharedCode {
                fn lookup(code: &str) -> ::core::option::Option<SharedCode> {
                    SharedCode::from_code(code)
                }
            }

            impl ::core::fmt::Display for SharedCode {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        }
    }

    /// The result-code enum of an API (as text), its `ResultCode` impl (the
    /// table, as tokens: its rows are method chains) and its schema.
    pub(super) fn result_code_enum(&self, code: &mut Code, api: &Api) {
        let name = names::code_enum(&api.name);
        // One table row per code (the effective wording for this API: a
        // shared code's own, unless this API's document words it otherwise),
        // in the order of the variants (`CodeEnum` derives the known ones
        // from the enum): the data that differs. Every accessor is a default
        // method of `alipay_runtime::ResultCode`.
        let mut variants = Vec::new();
        let mut docs = Vec::new();
        let mut rows = Vec::new();
        let mut not_shared = Vec::new();
        for c in &api.result_codes {
            let v = variant_ident(&c.code);
            docs.push(self.variant_docs(api, c));
            // A shared code this API's document words the same way is the
            // shared definition's row (its further action replaced where a
            // notification's receiver acts otherwise): one line, one definition.
            let same = self.model.shared_codes.iter().find(|s| {
                c.shared
                    && s.code == c.code
                    && s.status == c.status
                    && s.message == c.message
                    && zh_unless_mistranslated(s, TranslatedText::MessageZh)
                        == zh_unless_mistranslated(c, TranslatedText::MessageZh)
                    && s.action.as_ref().and_then(|a| a.text.as_deref())
                        == c.action.as_ref().and_then(|a| a.text.as_deref())
            });
            let shared_row = || format!("codes::SharedCode::{v}.row()");
            rows.push(match same {
                Some(s) if s.action.as_ref().map(|a| a.kind) == api.code_action(c) => {
                    Expr::flat(shared_row())
                }
                Some(_) => Expr::Chain(
                    Box::new(Expr::flat(format!("codes::SharedCode::{v}"))),
                    vec![
                        Expr::flat(".row()"),
                        Expr::call(
                            ".with_further_action",
                            vec![Expr::flat(action_text(api.code_action(c)))],
                        ),
                    ],
                ),
                // The API's own row, a column a line (the empty ones left out).
                None => {
                    let new = Expr::call(
                        "runtime::CodeRow::new",
                        vec![Expr::Atom(lit(&c.code)), Expr::flat(status_text(c.status))],
                    );
                    let mut segs = Vec::new();
                    let mut column = |method: &str, arg: String| {
                        segs.push(Expr::call(format!(".{method}"), vec![Expr::Atom(arg)]));
                    };
                    if let Some(k) = api.code_action(c) {
                        column("action", further_action_path(k));
                    }
                    column("message", lit(&c.message));
                    if let Some(z) = zh_unless_mistranslated(c, TranslatedText::MessageZh) {
                        column("message_zh", lit(z));
                    }
                    if let Some(t) = c.action.as_ref().and_then(|a| a.text.as_deref()) {
                        column("action_text", lit(t));
                    }
                    Expr::Chain(Box::new(new), segs)
                }
            });
            // A code of the shared list this API defines as its own has no shared definition.
            if !c.shared && self.model.shared_codes.iter().any(|s| s.code == c.code) {
                not_shared.push(c.code.clone());
            }
            variants.push(v);
        }
        let tdocs = format!(
            "The result codes of `{}`, in the order of the document's table.\n\nA code the spec does not list is kept in `Unknown`: decide by `result.resultStatus` then. Non-exhaustive: a code the specs add later (a minor release) moves from `Unknown` to its own variant, so match codes with a `_` arm. Codes shared with other APIs take their text from [`codes::SharedCode`] unless this API's document words them differently. The accessors (`from_code`, `status`, `further_action`, ...) are methods of the trait `ResultCode` (`alipay_runtime::ResultCode`, re-exported at the crate root): bring it into scope.",
            api.name
        );
        code.item(|code| {
            code.doc(&tdocs);
            code.line("#[derive(Debug, Clone, PartialEq, Eq, Hash, runtime::CodeEnum)]");
            let variants: Vec<String> = variants.iter().map(Ident::to_string).collect();
            let variants = docs
                .iter()
                .map(String::as_str)
                .zip(variants.iter().map(String::as_str));
            open_enum_body(
                code,
                &name,
                variants,
                "A code the spec does not list, kept as received.",
            );
        });
        code.item(|code| {
            code.open(&format!("impl runtime::ResultCode for {name} {{"));
            code.expr(
                "const TABLE: &'static [runtime::CodeRow] = ",
                &Expr::prefixed("&", Expr::Array(rows)),
                ";",
            );
            if !not_shared.is_empty() {
                code.expr(
                    "const NOT_SHARED: &'static [&'static str] = ",
                    &Expr::prefixed("&", lit_array(&not_shared)),
                    ";",
                );
            }
            code.line("type Shared = codes::SharedCode;");
            code.close("}");
        });
        // Any string, the table's codes as examples (`any_string_schema`, read from `TABLE`).
        if let Some(cfg) = self.cfg_line("schemars") {
            code.item(|code| {
                if let Some(cfg) = cfg {
                    code.line(&cfg);
                }
                code.line(&format!("runtime::result_code_schema!({name});"));
            });
        }
    }
}

/// A Chinese text of a code's row, withheld (`None`) when the spec marks it mistranslated.
fn zh_unless_mistranslated(c: &ResultCode, which: TranslatedText) -> Option<&str> {
    if c.mistranslated.iter().any(|m| m.text == which) {
        return None;
    }
    match which {
        TranslatedText::MessageZh => c.message_zh.as_deref(),
        TranslatedText::ActionTextZh => c.action.as_ref().and_then(|a| a.text_zh.as_deref()),
    }
}

/// `runtime::Status::S` ...
fn status_text(s: Status) -> String {
    format!("runtime::Status::{}", s.letter())
}

/// `runtime::FurtherAction::Retry` ...
fn further_action_path(k: ActionKind) -> String {
    format!("runtime::FurtherAction::{:?}", further_action(k))
}

/// `Some(runtime::FurtherAction::Retry)` or `None`.
fn action_text(k: Option<ActionKind>) -> String {
    match k {
        Some(k) => format!("Some({})", further_action_path(k)),
        None => "None".to_string(),
    }
}
