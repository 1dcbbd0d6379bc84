//! Construction of what the merchant sends: for every outbound message and
//! every shared object inside one, `new(required fields)` and a `with_`
//! setter per optional field, each taking plain Rust values (`&str` or
//! `String`, `i64`, `bool`, `DecimalText`, `chrono` date-times, enums,
//! objects). The spec says how each value travels (a JSON string or a
//! native value), so the generated code wraps it: the merchant never
//! chooses a wire form. Fixed values are filled in and are no parameter.
//!
//! With the structs `#[non_exhaustive]`, these are the only way to build a
//! value outside the crate, so a field the specs add later (optional) is a
//! minor change: no constructor changes, one setter is added.

use super::code::{Code, Expr, lit};
use super::{Cx, Owner};
use crate::model::{Field, FieldType, Wire};
use crate::naming::names;

/// How a field's plain value becomes the field's value.
struct Plain {
    /// The parameter's type.
    ty: String,
    /// The expression turning the parameter into the field's type.
    conv: String,
    /// How it travels, for the docs (`None` when nothing to say).
    travels: Option<&'static str>,
    /// The parameter is the value as it is.
    identity: bool,
}

impl<'m> Cx<'m> {
    /// The plain type of field `f` (of type `ty`: the field's, or its
    /// elements'), and the conversion of the parameter `v`.
    fn plain(&self, owner: &Owner<'_>, f: &Field, ty: &FieldType, v: &str) -> Plain {
        let wired = |plain: &str| {
            let (ctor, travels) = match f.wire {
                Wire::String => ("new_string", "a JSON string"),
                Wire::Native => ("new_native", "a JSON number or boolean"),
            };
            Plain {
                ty: plain.to_string(),
                conv: format!("runtime::Wired::{ctor}({v})"),
                travels: Some(travels),
                identity: false,
            }
        };
        let as_is = || Plain {
            ty: self.base_ty(ty, &Self::enum_name(&owner.enum_prefix, &f.name)),
            conv: v.to_string(),
            travels: None,
            identity: true,
        };
        match ty {
            FieldType::String => Plain {
                ty: "impl ::core::convert::Into<::std::string::String>".into(),
                conv: format!("{v}.into()"),
                travels: None,
                identity: false,
            },
            FieldType::Integer => wired("i64"),
            FieldType::Boolean => wired("bool"),
            FieldType::Decimal => wired("runtime::DecimalText"),
            FieldType::Datetime => Plain {
                ty: "runtime::chrono::DateTime<runtime::chrono::FixedOffset>".into(),
                conv: format!("runtime::Wired::new({v})"),
                travels: Some("RFC 3339 text"),
                identity: false,
            },
            FieldType::Enum(_) | FieldType::Object(_) => as_is(),
            // Elements taken as they are.
            FieldType::Array(inner)
                if matches!(
                    inner.as_ref(),
                    FieldType::String | FieldType::Enum(_) | FieldType::Object(_)
                ) =>
            {
                as_is()
            }
            FieldType::Array(inner) => {
                let elem = self.plain(owner, f, inner, "e");
                Plain {
                    ty: format!("::std::vec::Vec<{}>", elem.ty),
                    conv: format!("{v}.into_iter().map(|e| {}).collect()", elem.conv),
                    travels: elem.travels,
                    identity: false,
                }
            }
        }
    }

    /// The fixed value of a field the constructor fills in itself, when it is
    /// a string or an enum value; other fixed values stay parameters.
    pub(super) fn fixed_value(owner: &Owner<'_>, f: &Field) -> Option<String> {
        let v = lit(f.fixed.as_ref()?);
        match &f.ty {
            FieldType::String => Some(format!("{v}.to_owned()")),
            FieldType::Enum(_) => Some(format!(
                "{}::from({v})",
                Self::enum_name(&owner.enum_prefix, &f.name)
            )),
            _ => None,
        }
    }

    /// The inherent impl: `new` and the `with_` setters of an owner the
    /// merchant builds, then `more` (a message's other inherent methods,
    /// written at the impl's indentation); nothing when there is neither.
    pub(super) fn constructors(&self, c: &mut Code, owner: &Owner<'_>, more: &str) {
        let name = &owner.name;
        if !owner.built {
            if !more.is_empty() {
                c.item(|c| {
                    c.open(&format!("impl {name} {{"));
                    c.raw(more);
                    c.close("}");
                });
            }
            return;
        }
        let mut params = Vec::new();
        let mut inits = Vec::new();
        let mut taken = Vec::new();
        let mut fixed = Vec::new();
        let mut setters = Vec::new();
        for f in owner.fields {
            let fname = names::field_ident(&f.name);
            let option = Self::field_is_option(f, owner.lenient);
            let wrap = |e: String| if option { format!("Some({e})") } else { e };
            if f.required {
                if let Some(value) = Self::fixed_value(owner, f) {
                    inits.push(Expr::flat(format!("{fname}: {}", wrap(value))));
                    fixed.push(format!(
                        "{} = {}",
                        crate::naming::text::code_span(&f.name),
                        crate::naming::text::code_span(f.fixed.as_deref().unwrap_or_default())
                    ));
                    continue;
                }
                let plain = self.plain(owner, f, &f.ty, &fname);
                params.push(format!("{fname}: {}", plain.ty));
                if !option && plain.identity {
                    inits.push(Expr::flat(fname));
                } else {
                    inits.push(Expr::flat(format!("{fname}: {}", wrap(plain.conv))));
                }
                taken.push(crate::naming::text::code_span(&f.name));
            } else {
                inits.push(Expr::flat(format!("{fname}: None")));
                setters.push((f, fname));
            }
        }
        if owner.lenient {
            let extra = Self::extra_name(owner);
            inits.push(Expr::flat(format!("{extra}: serde_json::Map::new()")));
        }
        let mut text = if taken.is_empty() {
            "Creates a value with no field to give".to_string()
        } else {
            format!(
                "Creates a value from its required fields ({}), each a plain value sent in the form the spec gives",
                taken.join(", ")
            )
        };
        if !fixed.is_empty() {
            text.push_str(&format!("; fixed: {}", fixed.join(", ")));
        }
        text.push_str(". Optional fields start absent: set them with the `with_` methods.");
        let mut allows = Vec::new();
        if params.len() > 7 {
            allows.push("clippy::too_many_arguments");
        }
        let all_optional = owner
            .fields
            .iter()
            .all(|f| Self::field_is_option(f, owner.lenient));
        if params.is_empty() && !all_optional {
            allows.push("clippy::new_without_default");
        }
        c.item(|c| {
            c.open(&format!("impl {name} {{"));
            c.doc(&text);
            if !allows.is_empty() {
                c.line(&format!("#[allow({})]", allows.join(", ")));
            }
            let params: Vec<&str> = params.iter().map(String::as_str).collect();
            c.fn_open("pub fn new", &params, " -> Self");
            c.expr("", &Expr::Struct("Self".into(), inits), "");
            c.close("}");
            for (f, fname) in setters {
                let plain = self.plain(owner, f, &f.ty, "v");
                let span = crate::naming::text::code_span(&f.name);
                c.doc(&match plain.travels {
                    Some(t) => format!("Sets {span} (optional), sent as {t}."),
                    None => format!("Sets {span} (optional)."),
                });
                c.line("#[must_use]");
                let setter = Self::setter_name(&f.name);
                let v = format!("v: {}", plain.ty);
                c.fn_open(&format!("pub fn {setter}"), &["mut self", &v], " -> Self");
                c.line(&format!("self.{fname} = Some({});", plain.conv));
                c.line("self");
                c.close("}");
            }
            c.raw(more);
            c.close("}");
        });
    }

    /// `with_<field>`: never a keyword, so never raw.
    pub(super) fn setter_name(wire: &str) -> String {
        let field = names::field_ident(wire);
        format!("with_{}", field.trim_start_matches("r#"))
    }
}
