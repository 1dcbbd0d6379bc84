//! Validators: `validate_into` bodies, value checks, narrowings and conditions.

use super::code::{Code, Expr, Stmt, lit, lit_slice, opt_lit, opt_num};
use super::{Cx, Owner, condition_text};
use crate::model::rules::RuleKind;
use crate::model::{ChildConstraint, Condition, Field, FieldType, Relation, StringFormat, Wire};
use crate::naming::names;

/// The call reporting a broken rule of `kind`: `r.expect` for an expectation (refused
/// outbound, noticed inbound), `r.push` for a rule that refuses both ways.
fn report(kind: RuleKind, p: &str, rule: Expr, src: &str) -> Stmt {
    let p = Expr::flat(p);
    if kind.is_expectation() {
        Stmt::semi(Expr::call("r.expect", vec![p, rule, Expr::Atom(lit(src))]))
    } else {
        Stmt::semi(Expr::call("r.push", vec![p, rule]))
    }
}

/// `runtime::Rule::<variant> { <name>: "<text>" }`.
fn rule_with_text(variant: &str, name: &str, text: &str) -> Expr {
    Expr::Struct(
        format!("runtime::Rule::{variant}"),
        vec![Expr::Atom(format!("{name}: {}", lit(text)))],
    )
}

/// `runtime::<check>(r, &<p>, <v>, args...);`
fn check(name: &str, p: &str, v: &str, args: Vec<String>) -> Stmt {
    let mut all = vec![Expr::flat("r"), Expr::flat(format!("&{p}")), Expr::flat(v)];
    all.extend(args.into_iter().map(Expr::Flat));
    Stmt::semi(Expr::call(format!("runtime::{name}"), all))
}

impl<'m> Cx<'m> {
    /// `fn validate_into` (after `vis`) and its body.
    pub(super) fn validate_into_fn(&self, c: &mut Code, vis: &str, owner: &Owner<'_>) {
        c.fn_open(
            &format!("{vis}fn validate_into"),
            &[
                "&self",
                "path: &runtime::Path<'_>",
                "r: &mut runtime::Report",
            ],
            "",
        );
        c.stmts(&self.validate_body(owner));
        c.close("}");
    }

    /// The body of `validate_into`.
    pub(super) fn validate_body(&self, owner: &Owner<'_>) -> Vec<Stmt> {
        let mut out = Vec::new();
        for f in owner.fields {
            out.extend(self.field_validation(owner, f));
        }
        for rel in owner.relations {
            out.push(self.relation_check(owner, rel));
        }
        if owner.lenient {
            let extra = Self::extra_name(owner);
            out.push(Stmt::semi(Expr::flat(format!(
                "runtime::check_extra(r, path, &self.{extra})"
            ))));
        }
        if out.is_empty() {
            out.push(Stmt::semi(Expr::flat("let _ = (path, r)")));
        }
        out
    }

    pub(super) fn field_validation(&self, owner: &Owner<'_>, f: &Field) -> Vec<Stmt> {
        let fname = names::field_ident(&f.name);
        let let_p = Stmt::semi(Expr::flat(format!("let p = path.field({})", lit(&f.name))));
        let checks = self.value_checks(&f.ty, f, "v", "p");
        if !Self::field_is_option(f, owner.lenient) {
            if checks.is_empty() {
                return Vec::new();
            }
            let mut out = vec![
                let_p,
                Stmt::semi(Expr::flat(format!("let v = &self.{fname}"))),
            ];
            out.extend(checks);
            return out;
        }
        let mut missing = Vec::new();
        if f.required {
            missing.push(Stmt::semi(Expr::flat(
                "r.push(&p, runtime::Rule::Required)",
            )));
        } else if let Some(c) = &f.required_when {
            let rule = rule_with_text("RequiredWhen", "condition", &condition_text(c));
            let call = report(RuleKind::RequiredWhen, "&p", rule, &c.sources.join(", "));
            missing.push(Stmt::block(
                "if ",
                self.condition_expr(owner, c),
                vec![call],
            ));
        }
        let uses_v = !checks.is_empty();
        let mut present = checks;
        if let Some(c) = &f.present_only_when {
            let rule = rule_with_text("PresentOnlyWhen", "condition", &condition_text(c));
            let call = report(RuleKind::PresentOnlyWhen, "&p", rule, &c.sources.join(", "));
            let cond = self.condition_expr(owner, c);
            present.push(Stmt::Block {
                head: "if !(".into(),
                expr: cond,
                tail: ")".into(),
                body: vec![call],
                otherwise: Vec::new(),
            });
        }
        // A required field: `runtime::required` reports it missing and gives its value.
        if f.required {
            let required = Expr::flat(format!("runtime::required(r, &p, &self.{fname})"));
            let body = match (present.is_empty(), uses_v) {
                (true, _) => Stmt::semi(required),
                (false, true) => Stmt::block("if let Some(v) = ", required, present),
                (false, false) => Stmt::block(
                    "if ",
                    Expr::flat(format!("{}.is_some()", required.text())),
                    present,
                ),
            };
            return vec![let_p, body];
        }
        let head = if uses_v {
            Expr::flat(format!("let Some(v) = &self.{fname}"))
        } else {
            Expr::flat(format!("self.{fname}.is_some()"))
        };
        let body = match (present.is_empty(), missing.is_empty()) {
            (true, true) => return Vec::new(),
            (false, true) => Stmt::block("if ", head, present),
            (true, false) => Stmt::block(
                "if ",
                Expr::flat(format!("self.{fname}.is_none()")),
                missing,
            ),
            (false, false) => Stmt::Block {
                head: "if ".into(),
                expr: head,
                tail: String::new(),
                body: present,
                otherwise: missing,
            },
        };
        // No block of its own: each field's `p` shadows the previous one.
        vec![let_p, body]
    }

    /// Checks of the value `v` (a `&T` in scope) at the path `p` (a `Path` in scope).
    pub(super) fn value_checks(&self, ty: &FieldType, f: &Field, v: &str, p: &str) -> Vec<Stmt> {
        let max = opt_num(f.max_length);
        let src = lit(&f.provenance.sources.join(", "));
        let wire = match f.wire {
            Wire::String => "runtime::Wire::String",
            Wire::Native => "runtime::Wire::Native",
        }
        .to_string();
        match ty {
            FieldType::String => {
                if f.max_length.is_none() && f.fixed.is_none() && f.format.is_none() {
                    return Vec::new();
                }
                if let (None, None, Some(fixed)) = (f.max_length, f.format, &f.fixed) {
                    return vec![check("check_fixed", p, v, vec![lit(fixed)])];
                }
                let fixed = opt_lit(f.fixed.as_deref());
                let format = match f.format {
                    Some(StringFormat::Currency) => "Some(runtime::Format::Currency)",
                    Some(StringFormat::JsonText) => "Some(runtime::Format::JsonText)",
                    None => "None",
                };
                vec![check(
                    "check_str",
                    p,
                    v,
                    vec![max, fixed, format.into(), src],
                )]
            }
            FieldType::Integer => {
                let min = match f.minimum {
                    Some(m) => format!("Some({})", proc_macro2::Literal::i64_suffixed(m)),
                    None => "None".into(),
                };
                vec![check("check_integer", p, v, vec![wire, min, max, src])]
            }
            FieldType::Decimal => vec![check("check_decimal", p, v, vec![wire, max, src])],
            FieldType::Boolean => vec![check("check_boolean", p, v, vec![wire])],
            FieldType::Datetime => vec![check("check_datetime", p, v, vec![src])],
            FieldType::Enum(_) => {
                let fixed = opt_lit(f.fixed.as_deref());
                vec![check("check_enum", p, v, vec![max, fixed, src])]
            }
            FieldType::Object(t) => {
                let mut out = vec![Stmt::semi(Expr::flat(format!(
                    "{v}.validate_into(&{p}, r)"
                )))];
                for c in &f.constraints {
                    out.extend(self.constraint_check(t, c, v, p));
                }
                out
            }
            FieldType::Array(inner) => {
                let inner_checks = self.value_checks(inner, f, "e", "pi");
                if inner_checks.is_empty() {
                    return Vec::new();
                }
                let mut body = vec![Stmt::semi(Expr::flat(format!("let pi = {p}.index(i)")))];
                body.extend(inner_checks);
                vec![Stmt::block(
                    "for (i, e) in ",
                    Expr::flat(format!("{v}.iter().enumerate()")),
                    body,
                )]
            }
        }
    }

    pub(super) fn constraint_check(
        &self,
        t: &str,
        c: &ChildConstraint,
        v: &str,
        p: &str,
    ) -> Vec<Stmt> {
        let Some(td) = self.model.type_def(t) else {
            return Vec::new();
        };
        let Some(child) = td.fields.iter().find(|cf| cf.name == c.field) else {
            return Vec::new();
        };
        if matches!(child.ty, FieldType::Object(_) | FieldType::Array(_)) {
            return Vec::new();
        }
        let cf = names::field_ident(&child.name);
        let let_cp = Stmt::semi(Expr::flat(format!(
            "let cp = {p}.field({})",
            lit(&child.name)
        )));
        let narrowed = c.fixed.is_some() || !c.allowed.is_empty();
        let allowed = lit_slice(&c.allowed);
        let src = c.sources.join(", ");
        // The child's path bound first, so that the call fits one line.
        let call = if c.fixed.is_none() {
            check("check_one_of", "cp", "cv", vec![allowed, lit(&src)])
        } else {
            let fixed = opt_lit(c.fixed.as_deref());
            check(
                "check_narrowed",
                "cp",
                "cv",
                vec![fixed, allowed, lit(&src)],
            )
        };
        let if_some = Expr::flat(format!("let Some(cv) = &{v}.{cf}"));
        // The `Required` report of the child, at a path expression.
        let missing_at = |path: &str| {
            report(
                RuleKind::Constraint,
                path,
                Expr::flat("runtime::Rule::Required"),
                &src,
            )
        };
        let option = Self::field_is_option(child, self.type_lenient(t));
        // A child the type itself requires is already reported missing by the type.
        let required = c.required == Some(true) && option && !child.required;
        match (option, narrowed, required) {
            (false, true, _) => vec![
                Stmt::semi(Expr::flat(format!("let cv = &{v}.{cf}"))),
                let_cp,
                call,
            ],
            (false, false, _) => Vec::new(),
            // The path is needed either way: bound once, before the branches.
            (true, true, true) => vec![
                let_cp,
                Stmt::Block {
                    head: "if ".into(),
                    expr: if_some,
                    tail: String::new(),
                    body: vec![call],
                    otherwise: vec![missing_at("&cp")],
                },
            ],
            (true, true, false) => vec![Stmt::block("if ", if_some, vec![let_cp, call])],
            (true, false, true) => {
                let missing = missing_at(&format!("&{p}.field({})", lit(&child.name)));
                vec![Stmt::block(
                    "if ",
                    Expr::flat(format!("{v}.{cf}.is_none()")),
                    vec![missing],
                )]
            }
            (true, false, false) => Vec::new(),
        }
    }

    /// `Option<&Leaf>` for a dotted path from `root` of `fields`, or `None` when it does not resolve.
    pub(super) fn access_chain(
        &self,
        root: &str,
        fields: &[Field],
        lenient: bool,
        segs: &[String],
    ) -> Option<String> {
        let mut fields = fields;
        let mut lenient = lenient;
        let mut acc = Access::Direct(root.to_string());
        for (i, seg) in segs.iter().enumerate() {
            let f = fields.iter().find(|f| &f.name == seg)?;
            let name = names::field_ident(&f.name);
            let option = Self::field_is_option(f, lenient);
            acc = match (acc, option) {
                (Access::Direct(e), true) => Access::Opt(format!("{e}.{name}.as_ref()")),
                (Access::Direct(e), false) => Access::Direct(format!("{e}.{name}")),
                (Access::Opt(e), true) => {
                    Access::Opt(format!("{e}.and_then(|v| v.{name}.as_ref())"))
                }
                (Access::Opt(e), false) => Access::Opt(format!("{e}.map(|v| &v.{name})")),
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
            Access::Direct(e) => format!("Some(&{e})"),
            Access::Opt(e) => e,
        })
    }

    /// "When `when` holds, `then` holds", reported at the `then` field's path: an
    /// expectation (refused outbound, noticed inbound).
    pub(super) fn relation_check(&self, owner: &Owner<'_>, rel: &Relation) -> Stmt {
        let when = self.condition_expr(owner, &rel.when);
        let then = self.condition_expr(owner, &rel.then);
        let text = rel.sentence(condition_text);
        let src = rel.sources.join(", ");
        let mut body = Vec::new();
        let mut prev = "path".to_string();
        for (i, seg) in rel.then.field.iter().enumerate() {
            body.push(Stmt::semi(Expr::flat(format!(
                "let p{i} = {prev}.field({})",
                lit(seg)
            ))));
            prev = format!("p{i}");
        }
        let rule = rule_with_text("Relation", "relation", &text);
        body.push(report(RuleKind::Relation, &format!("&{prev}"), rule, &src));
        let not_then = Expr::Paren("!".into(), Box::new(then));
        Stmt::block("if ", Expr::And(Box::new(when), Box::new(not_then)), body)
    }

    pub(super) fn condition_expr(&self, owner: &Owner<'_>, c: &Condition) -> Expr {
        match self.access_chain("self", owner.fields, owner.lenient, &c.field) {
            Some(chain) => Expr::call(
                "runtime::holds",
                vec![Expr::Flat(chain), Expr::Flat(lit_slice(&c.one_of))],
            ),
            None => Expr::flat("false"),
        }
    }
}

/// Where a chain of field accesses stands.
enum Access {
    /// A place expression (`self.result`).
    Direct(String),
    /// An `Option<&T>` expression.
    Opt(String),
}
