//! `constraints`: how a field narrows the fields of the shared object it
//! holds (`required`, `fixed`, `allowed`, `default`).

use std::collections::BTreeMap;
use std::path::Path;

use super::{Checker, Types};
use crate::diagnostics::did_you_mean;
use crate::model::{self, rules};
use crate::spec::raw;

impl Checker {
    /// Constraints on a shared object's fields: each names a field of the
    /// type once, and narrows it to values it accepts.
    pub(super) fn constraints(
        &mut self,
        rel: &Path,
        f: &raw::Field,
        model_field: &mut model::Field,
        types: &Types<'_>,
    ) {
        let name = &f.name.value;
        if let (model::FieldType::Object(tname), Some((_, t))) = (
            &model_field.ty,
            f.reference.as_ref().and_then(|r| types.get(&r.value)),
        ) {
            let tname = tname.clone();
            let mut constrained: BTreeMap<&str, u32> = BTreeMap::new();
            for c in &f.constraints {
                self.cite(rel, &c.sources, &c.field);
                if let Some(line) = constrained.insert(c.field.value.as_str(), c.field.line) {
                    self.err(
                        rel,
                        &c.field,
                        format!(
                            "`{}.{}` is constrained twice (first at line {line})",
                            name, c.field.value
                        ),
                    )
                    .help("merge the two constraints into one");
                    continue;
                }
                let Some(child) = t.fields.iter().find(|cf| cf.name.value == c.field.value) else {
                    let known: Vec<&str> =
                        t.fields.iter().map(|cf| cf.name.value.as_str()).collect();
                    let hint = match did_you_mean(&c.field.value, known.iter().copied()) {
                        Some(m) => format!("did you mean `{m}`?"),
                        None => format!("`{tname}` has the fields {}", known.join(", ")),
                    };
                    self.err(
                        rel,
                        &c.field,
                        format!("`{tname}` has no field `{}`", c.field.value),
                    )
                    .help(hint);
                    continue;
                };
                self.constraint_keys(rel, c);
                self.constraint_values(rel, name, &tname, c, child, types);
                model_field.constraints.push(model::ChildConstraint {
                    field: c.field.value.clone(),
                    required: c.required.as_ref().map(|r| r.value),
                    fixed: c.fixed.as_ref().map(|v| v.value.clone()),
                    allowed: c.allowed.iter().map(|v| v.value.clone()).collect(),
                    default: c
                        .fixed
                        .as_ref()
                        .or(c.default.as_ref())
                        .map(|v| v.value.clone()),
                    note: c.note.clone(),
                    sources: c.sources.iter().map(|s| s.value.clone()).collect(),
                });
            }
        }
    }

    /// A constraint sets something, and not both `fixed` and `allowed`;
    /// its `default` is one of `allowed`.
    fn constraint_keys(&mut self, rel: &Path, c: &raw::ChildConstraint) {
        if c.fixed.is_none() && c.allowed.is_empty() && c.required.is_none() && c.default.is_none()
        {
            self.err(
                rel,
                &c.field,
                "a constraint sets none of `required`, `fixed`, `allowed`, `default`",
            )
            .help("say what is narrowed here, or remove the constraint");
        }
        if c.fixed.is_some() && !c.allowed.is_empty() {
            self.err(rel, &c.field, "a constraint has both `fixed` and `allowed`")
                .help("`fixed: X` is the same as `allowed: [X]`; keep one");
        }
        // Without `allowed`, `default` is only what the generated code writes.
        if let Some(d) = &c.default
            && !c.allowed.is_empty()
            && !c.allowed.iter().any(|a| a.value == d.value)
        {
            self.err(rel, d, format!("`default` `{}` is not one of `allowed`", d.value))
                .help("the default is the allowed value the generated code writes; list it under `allowed`");
        }
    }

    /// Every value a constraint names is one the child field accepts.
    fn constraint_values(
        &mut self,
        rel: &Path,
        name: &str,
        tname: &str,
        c: &raw::ChildConstraint,
        child: &raw::Field,
        types: &Types<'_>,
    ) {
        let child_model = self.scalar_field(rel, child, types);
        let values = c
            .fixed
            .iter()
            .chain(c.allowed.iter())
            .chain(c.default.iter());
        for v in values {
            let problems = child_model
                .as_ref()
                .map(|m| rules::scalar_violations(m, &v.value))
                .unwrap_or_default();
            for p in problems {
                self.err(
                    rel,
                    v,
                    format!("value `{}` for `{}.{}` {p}", v.value, name, c.field.value),
                )
                .help(format!(
                    "a constraint can only narrow `{tname}.{}` to values it accepts",
                    c.field.value
                ));
            }
        }
    }
}
