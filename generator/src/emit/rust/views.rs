//! Checked views: for every message Alipay sends (and every shared object in
//! one), a borrowed `<Name>View<'a>` whose required fields are plain values,
//! not `Option`s. The lenient as-received struct stays what parsing gives
//! (for diagnostics and exact round trips); `checked()` validates it and
//! returns the view, so a merchant reads required fields without `unwrap`.

use super::code::{Code, Expr};
use super::{Cx, Owner};
use crate::model::{Field, FieldType};
use crate::naming::names;

impl<'m> Cx<'m> {
    pub(super) fn view_name(owner: &Owner<'_>) -> String {
        names::view_type(&owner.name)
    }

    /// The view's type for a field (without the `Option` of an optional one), and
    /// the expression reading it from `self.<field>` (an `Option` of the as-received value),
    /// giving an `Option` of the view's type.
    fn view_field(&self, owner: &Owner<'_>, f: &Field) -> (Expr, Expr) {
        let name = names::field_ident(&f.name);
        let read = |methods: &[&str]| {
            let mut segs = vec![Expr::flat(format!(".{name}"))];
            segs.extend(methods.iter().map(|m| Expr::flat(*m)));
            Expr::Chain(Box::new(Expr::flat("self")), segs)
        };
        match &f.ty {
            FieldType::String => (Expr::flat("&'a str"), read(&[".as_deref()"])),
            FieldType::Integer => (
                Expr::flat("i64"),
                read(&[".as_ref()", ".and_then(|v| v.value())"]),
            ),
            FieldType::Decimal => (
                Expr::flat("&'a runtime::DecimalText"),
                read(&[".as_ref()", ".and_then(|v| v.get())"]),
            ),
            FieldType::Boolean => (
                Expr::flat("bool"),
                read(&[".as_ref()", ".and_then(|v| v.value())"]),
            ),
            FieldType::Datetime => (
                Expr::generic("chrono::DateTime", vec![Expr::flat("chrono::FixedOffset")]),
                read(&[".as_ref()", ".and_then(|v| v.value())"]),
            ),
            FieldType::Enum(_) => (
                Expr::flat(format!(
                    "&'a {}",
                    Self::enum_name(&owner.enum_prefix, &f.name)
                )),
                read(&[".as_ref()"]),
            ),
            // A lenient object has its own view; a strict one (a type used by no message
            // beside one the merchant sends: its required fields are already plain values)
            // is borrowed as it is.
            FieldType::Object(t) if self.type_lenient(t) => (
                Expr::generic(
                    format!("types::{}", names::view_type(&names::type_name(t))),
                    vec![Expr::flat("'a")],
                ),
                read(&[".as_ref()", ".map(|v| v.view())"]),
            ),
            FieldType::Object(t) => (
                Expr::flat(format!("&'a types::{}", names::type_name(t))),
                read(&[".as_ref()"]),
            ),
            FieldType::Array(inner) => {
                // Elements are kept as received: `&[T]` of the lenient element type.
                let elem = self.base_ty(inner, &Self::enum_name(&owner.enum_prefix, &f.name));
                (Expr::flat(format!("&'a [{elem}]")), read(&[".as_deref()"]))
            }
        }
    }

    /// The view struct and its `alipay_runtime::CheckedView` impl (`view()`,
    /// and for a message `checked()`) of a lenient owner; nothing for a strict one.
    pub(super) fn view_def(&self, c: &mut Code, owner: &Owner<'_>) {
        if !owner.lenient {
            return;
        }
        let name = &owner.name;
        let view = Self::view_name(owner);
        let extra = Self::extra_name(owner);
        let fields: Vec<(&Field, String, Expr, Expr)> = owner
            .fields
            .iter()
            .map(|f| {
                let (ty, read) = self.view_field(owner, f);
                (f, names::field_ident(&f.name), ty, read)
            })
            .collect();
        c.item(|c| {
            c.doc(&format!(
                "`{}` as checked: required fields are plain values (no `Option`), optional ones `Option`s, values typed (integers as `i64`, date-times as `chrono`), enums kept (an unknown value is `Unknown`). Borrowed from the as-received message, which stays the source of truth for diagnostics and round trips.",
                owner.name
            ));
            c.line("#[derive(Debug, Clone, Copy, PartialEq)]");
            c.line("#[non_exhaustive]");
            c.open(&format!("pub struct {view}<'a> {{"));
            for (f, fname, ty, _) in &fields {
                c.doc(&format!(
                    "`{}`{}",
                    f.name,
                    if f.required {
                        " (required: always here in a checked message)"
                    } else {
                        " (optional)"
                    }
                ));
                let lead = format!("pub {fname}: ");
                if f.required {
                    c.expr(&lead, ty, ",");
                } else {
                    let ty = Expr::generic("::core::option::Option", vec![ty.clone()]);
                    c.expr(&lead, &ty, ",");
                }
            }
            c.doc("Fields the spec does not list, as received.");
            c.line(&format!(
                "pub {extra}: &'a serde_json::Map<::std::string::String, serde_json::Value>,"
            ));
            c.close("}");
        });
        // `view()`, and for a message `checked()`, are the runtime trait's.
        c.item(|c| {
            c.open(&format!("impl ::alipay_runtime::CheckedView for {name} {{"));
            c.line(&format!("type View<'a> = {view}<'a>;"));
            c.fn_open(
                "fn view",
                &["&self"],
                &format!(" -> ::core::option::Option<{view}<'_>>"),
            );
            c.open(&format!("Some({view} {{"));
            for (f, fname, _, read) in &fields {
                // A lenient object's view may itself be missing (`Option<Option<_>>`).
                let is_object = matches!(&f.ty, FieldType::Object(t) if self.type_lenient(t));
                let lead = format!("{fname}: ");
                match (f.required, is_object) {
                    (true, true) => c.expr(&lead, read, "??,"),
                    (true, false) => c.expr(&lead, read, "?,"),
                    // A present optional object must itself be complete.
                    (false, true) => {
                        c.block_open(&format!("{lead}match "), read, "");
                        c.line("Some(v) => Some(v?),");
                        c.line("None => None,");
                        c.close("},");
                    }
                    (false, false) => c.expr(&lead, read, ","),
                }
            }
            c.line(&format!("{extra}: &self.{extra},"));
            c.close("})");
            c.close("}");
            c.close("}");
        });
    }
}
