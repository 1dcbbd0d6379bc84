//! Per-API modules (`src/<api>.rs`): message impls (`from_json`, `validate`,
//! `to_json`, `ack`, `please_resend`) and the module itself.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::code::{Code, Expr, lit, lit_array};
use super::models::names_types;
use super::{Cx, Owner, doc, id, methods_text, snake};
use crate::model::{
    ActionKind, Api, ChildConstraint, Direction, FieldType, Flow, Message, ResultCode, Status,
};
use crate::naming::names;

impl<'m> Cx<'m> {
    pub(super) fn result_code_chain(&self, owner: &Owner<'_>) -> Option<String> {
        let result = owner.fields.iter().find(|f| f.name == "result")?;
        let FieldType::Object(t) = &result.ty else {
            return None;
        };
        let td = self.model.type_def(t)?;
        let code = td.fields.iter().find(|f| f.name == "resultCode")?;
        if code.ty != FieldType::String {
            return None;
        }
        self.access_chain(
            "self",
            owner.fields,
            owner.lenient,
            &["result".to_string(), "resultCode".to_string()],
        )
    }

    /// An expression building the value of object type `t` with the fixed values of
    /// `constraints`, `overrides` (wire name -> value) winning; `None` when a required
    /// field would have no value. Through the type's constructor (`new` and the
    /// `with_` setters) when the merchant builds it, else as a struct literal.
    pub(super) fn object_value(
        &self,
        t: &str,
        constraints: &[ChildConstraint],
        overrides: &BTreeMap<&str, String>,
    ) -> Option<TokenStream> {
        let owner = self.type_owner(t)?;
        let tname = id(&owner.name);
        let mut inits = Vec::new();
        let mut args = Vec::new();
        let mut setters = Vec::new();
        // The constructor fills in a required field's own fixed value: usable
        // unless another value is asked for there.
        let mut by_constructor = owner.built;
        for f in owner.fields {
            let name = snake(&f.name);
            let fixed = overrides.get(f.name.as_str()).cloned().or_else(|| {
                constraints
                    .iter()
                    .find(|c| c.field == f.name)
                    .and_then(|c| c.default.clone())
            });
            let option = Self::field_is_option(f, owner.lenient);
            let plain = match (&fixed, &f.ty) {
                (Some(v), FieldType::String) => Some(quote!(#v)),
                (Some(v), FieldType::Enum(_)) => {
                    let e = id(&Self::enum_name(&owner.enum_prefix, &f.name));
                    Some(quote!(types::#e::from(#v)))
                }
                _ => None,
            };
            let value = match (&plain, &f.ty) {
                (Some(v), FieldType::String) => Some(quote!(#v.to_owned())),
                (Some(v), _) => Some(v.clone()),
                (None, _) => None,
            };
            if f.required && Self::fixed_value(&owner, f).is_some() {
                by_constructor &= fixed.is_none() || fixed == f.fixed;
            } else if f.required {
                match &plain {
                    Some(v) => args.push(v.clone()),
                    None => by_constructor = false,
                }
            } else if let Some(v) = &plain {
                let setter = id(&Self::setter_name(&f.name));
                setters.push(quote!(.#setter(#v)));
            }
            inits.push(match (value, option) {
                (Some(v), true) => quote!(#name: Some(#v)),
                (Some(v), false) => quote!(#name: #v),
                (None, true) => quote!(#name: None),
                (None, false) => return None,
            });
        }
        if by_constructor {
            return Some(quote!(types::#tname::new(#(#args),*) #(#setters)*));
        }
        if owner.lenient {
            let extra = Self::extra_name(&owner);
            inits.push(quote!(#extra: serde_json::Map::new()));
        }
        Some(quote!(types::#tname { #(#inits),* }))
    }

    /// The message value fixed by its constraints (the acknowledgement), with overrides.
    pub(super) fn fixed_message(
        &self,
        owner: &Owner<'_>,
        overrides: &BTreeMap<&str, String>,
    ) -> Option<TokenStream> {
        let mut inits = Vec::new();
        let mut any = false;
        for f in owner.fields {
            let name = snake(&f.name);
            let option = Self::field_is_option(f, owner.lenient);
            let value = match &f.ty {
                FieldType::Object(t) if !f.constraints.is_empty() => {
                    any = true;
                    Some(self.object_value(t, &f.constraints, overrides)?)
                }
                _ => None,
            };
            inits.push(match (value, option) {
                (Some(v), true) => quote!(#name: Some(#v)),
                (Some(v), false) => quote!(#name: #v),
                (None, true) => quote!(#name: None),
                (None, false) => return None,
            });
        }
        if owner.lenient {
            let extra = Self::extra_name(owner);
            inits.push(quote!(#extra: serde_json::Map::new()));
        }
        any.then(|| quote!(Self { #(#inits),* }))
    }

    /// The shared code a receiver answers to be sent a notification again: status U, action retry.
    pub(super) fn resend_code(&self) -> Option<&ResultCode> {
        self.model.shared_codes.iter().find(|c| {
            c.status == Status::U
                && c.action
                    .as_ref()
                    .is_some_and(|a| a.kind == ActionKind::Retry)
        })
    }

    /// The `alipay_runtime::NotifyMessage` impl of a notification: the spec's
    /// notifyTypes (those marked `pending: true`), its inquiry API and
    /// `outcome_field`, and the values `outcome()` reads (notifyType and
    /// `result.resultStatus`; the code table only gives a failure's further action).
    pub(super) fn outcome_impl(&self, c: &mut Code, api: &Api, owner: &Owner<'_>) {
        let chain = |segs: &[&str]| {
            let segs: Vec<String> = segs.iter().map(|s| s.to_string()).collect();
            match self.access_chain("self", owner.fields, owner.lenient, &segs) {
                Some(c) => Expr::call("runtime::text_of", vec![Expr::Flat(c)]),
                None => Expr::flat("None"),
            }
        };
        let notify_type = chain(&["notifyType"]);
        let status = chain(&["result", "resultStatus"]);
        let action = if self.result_code_chain(owner).is_some() {
            "self.result_code().and_then(|c| c.further_action())"
        } else {
            "None"
        };
        let known = api.notify_types();
        let pending = api.pending_notify_types();
        let mut d = format!(
            "How `outcome()` decides for `{}`: by `result.resultStatus`, S succeeded (pending when notifyType is {}, where S means \"being processed\"), F failed with the code's further action, U pending{}; unrecognised for a notifyType the spec does not list or a missing or unknown status. The result-code table's status letter is never the decider.",
            api.name,
            if pending.is_empty() {
                "one the spec marks pending (none for this API)".to_string()
            } else {
                pending
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            },
            match &api.inquiry {
                Some(i) => format!(" (inquire with `{}`, spec `inquiry`)", i.api),
                None => " (the spec names no inquiry API)".to_string(),
            }
        );
        // Both always written: the runtime gives them no default, so that a
        // list left out cannot turn a pending S into success.
        let inquiry = match &api.inquiry {
            Some(i) => format!("Some({})", lit(&i.api)),
            None => "None".to_string(),
        };
        let refine = api.outcome_field.as_ref().map(|o| {
            let value = chain(&[o.field.as_str()]);
            let (succeeded, failed) = (&o.succeeded, &o.failed);
            let list = crate::naming::text::code_spans;
            d.push_str(&format!(
                "\n\nWith S, `{}` tells the result (spec `outcome_field`): {} succeeded, {} failed, any other value or none unrecognised; with F, {} there contradicts the status: unrecognised (`Outcome::refine`).",
                o.field,
                list(succeeded),
                list(failed),
                list(succeeded)
            ));
            let args = vec![
                value,
                Expr::prefixed("&", lit_array(succeeded)),
                Expr::prefixed("&", lit_array(failed)),
            ];
            Expr::Chain(
                Box::new(Expr::flat("decided")),
                vec![Expr::call(".refine", args)],
            )
        });
        let str_list = "&'static [&'static str]";
        c.item(|c| {
            c.doc(&d);
            c.open(&format!(
                "impl ::alipay_runtime::NotifyMessage for {} {{",
                owner.name
            ));
            c.expr(
                &format!("const NOTIFY_TYPES: {str_list} = "),
                &Expr::prefixed("&", lit_array(&known)),
                ";",
            );
            c.expr(
                &format!("const PENDING_NOTIFY_TYPES: {str_list} = "),
                &Expr::prefixed("&", lit_array(&pending)),
                ";",
            );
            c.line(&format!(
                "const INQUIRY: ::core::option::Option<&'static str> = {inquiry};"
            ));
            c.open("fn notify_type_text(&self) -> ::core::option::Option<&str> {");
            c.expr("", &notify_type, "");
            c.close("}");
            c.open("fn status_text(&self) -> ::core::option::Option<&str> {");
            c.expr("", &status, "");
            c.close("}");
            c.open("fn code_action(&self) -> ::core::option::Option<runtime::FurtherAction> {");
            c.line(action);
            c.close("}");
            if let Some(refine) = &refine {
                c.fn_open(
                    "fn refine",
                    &["&self", "decided: runtime::Outcome"],
                    " -> runtime::Outcome",
                );
                c.expr("", refine, "");
                c.close("}");
            }
            c.close("}");
        });
    }

    /// A message's inherent methods besides its constructors (`result_code`,
    /// `ack`, `please_resend`), and its trait impls (`Message`, `NotifyMessage`).
    pub(super) fn message_impl(&self, api: &Api, owner: &Owner<'_>, is_response: bool) -> String {
        let mut c = Code::at(1);
        if let Some(chain) = self.result_code_chain(owner) {
            c.doc("`result.resultCode` as this API's result code; `None` when absent.");
            let ret = format!(
                " -> ::core::option::Option<{}>",
                names::code_enum(&api.name)
            );
            c.fn_open("pub fn result_code", &["&self"], &ret);
            c.expr(
                "",
                &Expr::call("runtime::code_of", vec![Expr::Flat(chain)]),
                "",
            );
            c.close("}");
        }
        let mut acks = TokenStream::new();
        if is_response
            && api.direction == Direction::Notification
            && let Some(ack) = self.fixed_message(owner, &BTreeMap::new())
        {
            {
                acks.extend(quote! {
                    /// The acknowledgement the spec fixes: answer it (HTTP 200) to stop Alipay's resends.
                    pub fn ack() -> Self {
                        #ack
                    }
                });
                if let Some(c) = self.resend_code() {
                    let mut over = BTreeMap::new();
                    over.insert("resultCode", c.code.clone());
                    over.insert("resultStatus", c.status.letter().to_string());
                    over.insert("resultMessage", c.code.clone());
                    if let Some(resend) = self.fixed_message(owner, &over) {
                        let d = doc(&format!(
                            "The answer that asks Alipay to send the notification again (`{}`, status {}), for a notification that could not be verified or processed yet.\n\nIt is deliberately not the fixed acknowledgement, so `validate()` reports it and `to_json()` refuses it: send it with `to_json_unchecked()` (or answer anything but the acknowledgement, e.g. HTTP 500).",
                            c.code,
                            c.status.letter()
                        ));
                        acks.extend(quote! {
                            #d
                            pub fn please_resend() -> Self {
                                #resend
                            }
                        });
                    }
                }
            }
        }
        let mut text = c.finish();
        text.push_str(&methods_text(acks));
        text
    }

    /// A message's trait impls: `NotifyMessage` for a notification, and `Message`.
    pub(super) fn message_traits(
        &self,
        c: &mut Code,
        api: &Api,
        m: &Message,
        owner: &Owner<'_>,
        is_response: bool,
    ) {
        let notification = !is_response && api.direction == Direction::Notification;
        if notification {
            self.outcome_impl(c, api, owner);
        }
        let inbound = m.flow != Flow::Outbound;
        c.item(|c| {
            c.open(&format!(
                "impl ::alipay_runtime::Message for {} {{",
                owner.name
            ));
            c.line(&format!("const API: &'static str = {};", lit(&api.name)));
            c.line(&format!("const INBOUND: bool = {inbound};"));
            self.validate_into_fn(c, "", owner);
            c.open("fn to_json_unchecked(&self) -> ::std::vec::Vec<u8> {");
            c.line(if inbound {
                "runtime::to_vec(self)"
            } else {
                "runtime::to_vec(&runtime::Unchecked(self))"
            });
            c.close("}");
            if notification {
                c.open(
                    "fn notification_outcome(&self) -> ::core::option::Option<runtime::Outcome> {",
                );
                c.line("Some(::alipay_runtime::NotifyMessage::outcome(self))");
                c.close("}");
            }
            if inbound {
                c.open("fn has_checked_view(&self) -> ::core::option::Option<bool> {");
                c.line("Some(::alipay_runtime::CheckedView::checked(self).is_ok())");
                c.close("}");
            }
            c.close("}");
        });
    }

    pub(super) fn api(&self, api: &Api) -> String {
        let mut module_docs = format!(
            "{}\n\n{}",
            crate::naming::text::inline(&api.title),
            crate::naming::text::rustdoc_text(&api.description)
        );
        if let Some(zh) = &api.description_zh {
            module_docs.push_str("\n\n");
            module_docs.push_str(&crate::naming::text::rustdoc_text(zh));
        }
        if let Some(h) = &api.http {
            module_docs.push_str(&format!(
                "\n\nHTTP: {}",
                crate::naming::text::code_span(&format!(
                    "{}{}",
                    h.method,
                    h.path
                        .as_deref()
                        .map(|p| format!(" {p}"))
                        .unwrap_or_default()
                ))
            ));
            if let Some(n) = &h.note {
                module_docs.push_str(". ");
                module_docs.push_str(&crate::naming::text::inline(n));
            }
        }
        if let Some(r) = &api.retry {
            module_docs.push_str(&format!(
                "\n\nResends: up to {} sends, waiting {} before each, until `{}` is answered ({}).",
                r.max_sends,
                r.intervals.join(", "),
                r.ack,
                r.sources.join(", ")
            ));
        }
        module_docs.push_str("\n\n");
        module_docs.push_str(&self.provenance_line(&api.provenance));
        let mut c = Code::new();
        c.inner_doc(&module_docs);
        // `codes` names the shared definitions of the result-code enum,
        // which every API has; the runtime's traits are not used by every API.
        if names_types(&api.request.fields) || names_types(&api.response.fields) {
            c.line("use super::{codes, types};");
        } else {
            c.line("use super::codes;");
        }
        c.line("use ::alipay_runtime::__private as runtime;");
        c.line("#[allow(unused_imports)]");
        c.line("use ::alipay_runtime::{CheckedView as _, Message as _, ResultCode as _};");
        for (m, kind, is_response) in [
            (&api.request, "Request", false),
            (&api.response, "Response", true),
        ] {
            let owner = self.message_owner(api, m, kind);
            let who = match (api.direction, is_response) {
                (Direction::Notification, false) => {
                    "The notification Alipay sends to the merchant."
                }
                (Direction::Notification, true) => "The merchant's answer to the notification.",
                (Direction::Request, false) => "The request the merchant sends.",
                (Direction::Request, true) => "The response the merchant receives.",
            };
            let mut docs = format!("`{}` {}: {who}", api.name, kind.to_lowercase());
            if let Some(d) = &m.description {
                docs.push_str("\n\n");
                docs.push_str(&crate::naming::text::rustdoc_text(d));
            }
            docs.push_str("\n\n");
            docs.push_str(if owner.lenient {
                "Lenient: fields the spec does not list are kept in `extra`, required fields are optional in Rust and reported by `validate()`, unknown enum values are kept."
            } else {
                "Strict: unknown fields are rejected when parsing."
            });
            let inherent = self.message_impl(api, &owner, is_response);
            self.struct_def(&mut c, &owner, &docs, &inherent);
            self.view_def(&mut c, &owner);
            self.message_traits(&mut c, api, m, &owner, is_response);
            self.enums_of(&mut c, &owner);
        }
        self.result_code_enum(&mut c, api);
        self.call_impl(&mut c, api);
        c.finish()
    }
}
