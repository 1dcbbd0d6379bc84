//! Validators: `validate_into` bodies, value checks, narrowings and conditions.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::{Cx, Owner, condition_text, id, opt_str, opt_u32, snake, str_slice};
use crate::model::rules::RuleKind;
use crate::model::{ChildConstraint, Condition, Field, FieldType, Relation, StringFormat, Wire};

/// The call reporting a broken rule of `kind`: `r.expect` for an expectation (refused
/// outbound, noticed inbound), `r.push` for a rule that refuses both ways.
fn report(kind: RuleKind, p: TokenStream, rule: TokenStream, src: &str) -> TokenStream {
    if kind.is_expectation() {
        quote!(r.expect(#p, #rule, #src);)
    } else {
        quote!(r.push(#p, #rule);)
    }
}

impl<'m> Cx<'m> {
    /// The body of `validate_into`.
    pub(super) fn validate_body(&self, owner: &Owner<'_>) -> TokenStream {
        let mut out = Vec::new();
        for f in owner.fields {
            out.push(self.field_validation(owner, f));
        }
        for rel in owner.relations {
            out.push(self.relation_check(owner, rel));
        }
        if owner.lenient {
            let extra = Self::extra_name(owner);
            out.push(quote!(runtime::check_extra(r, path, &self.#extra);));
        }
        if out.iter().all(TokenStream::is_empty) {
            return quote!(let _ = (path, r););
        }
        quote!(#(#out)*)
    }

    pub(super) fn field_validation(&self, owner: &Owner<'_>, f: &Field) -> TokenStream {
        let fname = snake(&f.name);
        let wire = &f.name;
        let checks = self.value_checks(&f.ty, f, quote!(v), quote!(p));
        if !Self::field_is_option(f, owner.lenient) {
            if checks.is_empty() {
                return quote!();
            }
            return quote! {
                let p = path.field(#wire);
                let v = &self.#fname;
                #checks
            };
        }
        let mut missing = Vec::new();
        if f.required {
            missing.push(quote!(r.push(&p, runtime::Rule::Required);));
        } else if let Some(c) = &f.required_when {
            let cond = self.condition_expr(owner, c);
            let text = condition_text(c);
            let src = c.sources.join(", ");
            let call = report(
                RuleKind::RequiredWhen,
                quote!(&p),
                quote!(runtime::Rule::RequiredWhen { condition: #text }),
                &src,
            );
            missing.push(quote! {
                if #cond {
                    #call
                }
            });
        }
        let uses_v = !checks.is_empty();
        let mut present = checks;
        if let Some(c) = &f.present_only_when {
            let cond = self.condition_expr(owner, c);
            let text = condition_text(c);
            let src = c.sources.join(", ");
            let call = report(
                RuleKind::PresentOnlyWhen,
                quote!(&p),
                quote!(runtime::Rule::PresentOnlyWhen { condition: #text }),
                &src,
            );
            present.extend(quote! {
                if !(#cond) {
                    #call
                }
            });
        }
        // A required field: `runtime::required` reports it missing and gives its value.
        if f.required {
            let body = match (present.is_empty(), uses_v) {
                (true, _) => quote!(runtime::required(r, &p, &self.#fname);),
                (false, true) => quote! {
                    if let Some(v) = runtime::required(r, &p, &self.#fname) {
                        #present
                    }
                },
                (false, false) => quote! {
                    if runtime::required(r, &p, &self.#fname).is_some() {
                        #present
                    }
                },
            };
            return quote! {
                let p = path.field(#wire);
                #body
            };
        }
        let head = if uses_v {
            quote!(if let Some(v) = &self.#fname)
        } else {
            quote!(if self.#fname.is_some())
        };
        let body = match (present.is_empty(), missing.is_empty()) {
            (true, true) => return quote!(),
            (false, true) => quote! {
                #head {
                    #present
                }
            },
            (true, false) => quote! {
                if self.#fname.is_none() {
                    #(#missing)*
                }
            },
            (false, false) => quote! {
                #head {
                    #present
                } else {
                    #(#missing)*
                }
            },
        };
        // No block of its own: each field's `p` shadows the previous one.
        quote! {
            let p = path.field(#wire);
            #body
        }
    }

    /// Checks of the value `v` (a `&T` in scope) at the path `p` (a `Path` in scope).
    pub(super) fn value_checks(
        &self,
        ty: &FieldType,
        f: &Field,
        v: TokenStream,
        p: TokenStream,
    ) -> TokenStream {
        let max = opt_u32(f.max_length);
        let src = f.provenance.sources.join(", ");
        let wire = match f.wire {
            Wire::String => quote!(runtime::Wire::String),
            Wire::Native => quote!(runtime::Wire::Native),
        };
        match ty {
            FieldType::String => {
                if f.max_length.is_none() && f.fixed.is_none() && f.format.is_none() {
                    return quote!();
                }
                if let (None, None, Some(fixed)) = (f.max_length, f.format, &f.fixed) {
                    return quote!(runtime::check_fixed(r, &#p, #v, #fixed););
                }
                let fixed = opt_str(f.fixed.as_deref());
                let format = match f.format {
                    Some(StringFormat::Currency) => quote!(Some(runtime::Format::Currency)),
                    Some(StringFormat::JsonText) => quote!(Some(runtime::Format::JsonText)),
                    None => quote!(None),
                };
                quote!(runtime::check_str(r, &#p, #v, #max, #fixed, #format, #src);)
            }
            FieldType::Integer => {
                let min = match f.minimum {
                    Some(m) => {
                        let m = Literal::i64_suffixed(m);
                        quote!(Some(#m))
                    }
                    None => quote!(None),
                };
                quote!(runtime::check_integer(r, &#p, #v, #wire, #min, #max, #src);)
            }
            FieldType::Decimal => quote!(runtime::check_decimal(r, &#p, #v, #wire, #max, #src);),
            FieldType::Boolean => quote!(runtime::check_boolean(r, &#p, #v, #wire);),
            FieldType::Datetime => quote!(runtime::check_datetime(r, &#p, #v, #src);),
            FieldType::Enum(_) => {
                let fixed = opt_str(f.fixed.as_deref());
                quote!(runtime::check_enum(r, &#p, #v, #max, #fixed, #src);)
            }
            FieldType::Object(t) => {
                let mut out = quote!(#v.validate_into(&#p, r););
                for c in &f.constraints {
                    out.extend(self.constraint_check(t, c, &v, &p));
                }
                out
            }
            FieldType::Array(inner) => {
                let inner_checks = self.value_checks(inner, f, quote!(e), quote!(pi));
                if inner_checks.is_empty() {
                    return quote!();
                }
                quote! {
                    for (i, e) in #v.iter().enumerate() {
                        let pi = #p.index(i);
                        #inner_checks
                    }
                }
            }
        }
    }

    pub(super) fn constraint_check(
        &self,
        t: &str,
        c: &ChildConstraint,
        v: &TokenStream,
        p: &TokenStream,
    ) -> TokenStream {
        let Some(td) = self.model.type_def(t) else {
            return quote!();
        };
        let Some(child) = td.fields.iter().find(|cf| cf.name == c.field) else {
            return quote!();
        };
        if matches!(child.ty, FieldType::Object(_) | FieldType::Array(_)) {
            return quote!();
        }
        let cf = snake(&child.name);
        let cwire = &child.name;
        let narrowed = c.fixed.is_some() || !c.allowed.is_empty();
        let fixed = opt_str(c.fixed.as_deref());
        let allowed = str_slice(&c.allowed);
        let src = c.sources.join(", ");
        // The child's path bound first, so that the call fits one line.
        let call = if c.fixed.is_none() {
            quote!(runtime::check_one_of(r, &cp, cv, #allowed, #src);)
        } else {
            quote!(runtime::check_narrowed(r, &cp, cv, #fixed, #allowed, #src);)
        };
        let check = quote! {
            let cp = #p.field(#cwire);
            #call
        };
        // The `Required` report of the child, at a path expression.
        let missing_at = |path: TokenStream| {
            report(
                RuleKind::Constraint,
                path,
                quote!(runtime::Rule::Required),
                &src,
            )
        };
        let option = Self::field_is_option(child, self.type_lenient(t));
        // A child the type itself requires is already reported missing by the type.
        let required = c.required == Some(true) && option && !child.required;
        match (option, narrowed, required) {
            (false, true, _) => quote! {
                let cv = &#v.#cf;
                #check
            },
            (false, false, _) => quote!(),
            // The path is needed either way: bound once, before the branches.
            (true, true, true) => {
                let missing = missing_at(quote!(&cp));
                quote! {
                    let cp = #p.field(#cwire);
                    if let Some(cv) = &#v.#cf {
                        #call
                    } else {
                        #missing
                    }
                }
            }
            (true, true, false) => quote! {
                if let Some(cv) = &#v.#cf {
                    #check
                }
            },
            (true, false, true) => {
                let missing = missing_at(quote!(&#p.field(#cwire)));
                quote! {
                    if #v.#cf.is_none() {
                        #missing
                    }
                }
            }
            (true, false, false) => quote!(),
        }
    }

    /// `Option<&Leaf>` for a dotted path from `self` of `owner`, or `None` when it does not resolve.
    pub(super) fn access_chain(
        &self,
        root: TokenStream,
        fields: &[Field],
        lenient: bool,
        segs: &[String],
    ) -> Option<TokenStream> {
        let mut fields = fields;
        let mut lenient = lenient;
        let mut acc = Access::Direct(root);
        for (i, seg) in segs.iter().enumerate() {
            let f = fields.iter().find(|f| &f.name == seg)?;
            let name = snake(&f.name);
            let option = Self::field_is_option(f, lenient);
            acc = match (acc, option) {
                (Access::Direct(e), true) => Access::Opt(quote!(#e.#name.as_ref())),
                (Access::Direct(e), false) => Access::Direct(quote!(#e.#name)),
                (Access::Opt(e), true) => Access::Opt(quote!(#e.and_then(|v| v.#name.as_ref()))),
                (Access::Opt(e), false) => Access::Opt(quote!(#e.map(|v| &v.#name))),
            };
            if i + 1 < segs.len() {
                let FieldType::Object(t) = &f.ty else {
                    return None;
                };
                let td = self.model.type_def(t)?;
                fields = &td.fields;
                lenient = self.type_lenient(t);
            } else if matches!(f.ty, FieldType::Object(_) | FieldType::Array(_)) {
                return None;
            }
        }
        Some(match acc {
            Access::Direct(e) => quote!(Some(&#e)),
            Access::Opt(e) => e,
        })
    }

    /// "When `when` holds, `then` holds", reported at the `then` field's path: an
    /// expectation (refused outbound, noticed inbound).
    pub(super) fn relation_check(&self, owner: &Owner<'_>, rel: &Relation) -> TokenStream {
        let when = self.condition_expr(owner, &rel.when);
        let then = self.condition_expr(owner, &rel.then);
        let text = rel.sentence(condition_text);
        let src = rel.sources.join(", ");
        let segs = &rel.then.field;
        let names: Vec<Ident> = (0..segs.len()).map(|i| id(&format!("p{i}"))).collect();
        let mut lets = Vec::new();
        let mut prev = quote!(path);
        for (seg, n) in segs.iter().zip(&names) {
            lets.push(quote!(let #n = #prev.field(#seg);));
            prev = quote!(#n);
        }
        let call = report(
            RuleKind::Relation,
            quote!(&#prev),
            quote!(runtime::Rule::Relation { relation: #text }),
            &src,
        );
        quote! {
            if #when && !(#then) {
                #(#lets)*
                #call
            }
        }
    }

    pub(super) fn condition_expr(&self, owner: &Owner<'_>, c: &Condition) -> TokenStream {
        match self.access_chain(quote!(self), owner.fields, owner.lenient, &c.field) {
            Some(chain) => {
                let one_of = str_slice(&c.one_of);
                quote!(runtime::holds(#chain, #one_of))
            }
            None => quote!(false),
        }
    }
}

/// Where a chain of field accesses stands.
enum Access {
    /// A place expression (`self.result`).
    Direct(TokenStream),
    /// An `Option<&T>` expression.
    Opt(TokenStream),
}
