//! Conditions and relations between the fields of one message
//! (`present_only_when`, `required_when`, `relations`).

use std::path::Path;

use super::types::kind_name;
use super::{Checker, Types};
use crate::model::{self, rules};
use crate::spec::raw::{self, Sp, TypeKind};

impl Checker {
    /// Conditions refer to other fields of the same message.
    pub(super) fn field_conditions(&mut self, rel: &Path, m: &raw::Message, types: &Types<'_>) {
        for f in &m.fields {
            for (cond, key) in [
                (&f.present_only_when, "present_only_when"),
                (&f.required_when, "required_when"),
            ] {
                let Some(c) = cond else { continue };
                self.cite(rel, &c.sources, &c.field);
                self.clause(
                    rel,
                    &c.field,
                    &c.one_of,
                    key,
                    Some(&f.name.value),
                    &m.fields,
                    types,
                );
            }
            if f.present_only_when.is_some() && f.required.as_ref().is_some_and(|r| r.value) {
                self.err(
                    rel,
                    &f.name,
                    format!(
                        "`{}` is required but also present only when a condition holds",
                        f.name.value
                    ),
                )
                .help("make it `required: false`, or drop `present_only_when`");
            }
        }
    }

    /// The message's relations: both sides usable, on two different fields.
    pub(super) fn relations(
        &mut self,
        rel: &Path,
        m: &raw::Message,
        types: &Types<'_>,
    ) -> Vec<model::Relation> {
        let mut relations = Vec::new();
        for r in &m.relations {
            self.cite(rel, &r.sources, &r.when.field);
            let ok_when = self.clause(
                rel,
                &r.when.field,
                &r.when.one_of,
                "relations[].when",
                None,
                &m.fields,
                types,
            );
            let ok_then = self.clause(
                rel,
                &r.then.field,
                &r.then.one_of,
                "relations[].then",
                None,
                &m.fields,
                types,
            );
            if r.when.field.value == r.then.field.value {
                self.err(rel, &r.then.field, "a relation's `when` and `then` name the same field")
                    .help("a relation ties two different fields; to limit one field's values use `constraints` or an enum");
                continue;
            }
            if ok_when && ok_then {
                let sources: Vec<String> = r.sources.iter().map(|s| s.value.clone()).collect();
                let clause = |c: &raw::Clause| model::Condition {
                    field: c.field.value.split('.').map(str::to_string).collect(),
                    one_of: c.one_of.iter().map(|v| v.value.clone()).collect(),
                    sources: sources.clone(),
                };
                relations.push(model::Relation {
                    when: clause(&r.when),
                    then: clause(&r.then),
                    note: r.note.clone(),
                    sources: sources.clone(),
                });
            }
        }
        relations
    }

    /// Checks one side of a condition or relation: `field` is a dotted path to a
    /// scalar field of the message (not `itself`), and every value is one it can take.
    /// Returns whether it is usable.
    #[allow(clippy::too_many_arguments)]
    fn clause(
        &mut self,
        rel: &Path,
        field: &Sp<String>,
        one_of: &[Sp<String>],
        key: &str,
        itself: Option<&str>,
        fields: &[raw::Field],
        types: &Types<'_>,
    ) -> bool {
        let path: Vec<&str> = field.value.split('.').collect();
        if let Some(me) = itself
            && path.first() == Some(&me)
        {
            self.err(
                rel,
                field,
                format!("`{key}` of `{me}` refers to the field itself"),
            )
            .help(
                "a condition names another field of the same message, e.g. `result.resultStatus`",
            );
            return false;
        }
        match resolve_path(fields, &path, types) {
            None => {
                self.err(
                    rel,
                    field,
                    format!(
                        "`{key}` refers to `{}`, which is not a field of this message",
                        field.value
                    ),
                )
                .help(
                    "write a dotted path from the message's top level, e.g. `result.resultStatus`",
                );
                false
            }
            Some(target) if matches!(target.ty.value, TypeKind::Object | TypeKind::Array) => {
                self.err(
                    rel,
                    field,
                    format!(
                        "`{key}` compares `{}`, an {}, with values",
                        field.value,
                        kind_name(target.ty.value)
                    ),
                )
                .help("name a scalar field inside it, e.g. `result.resultStatus`");
                false
            }
            Some(target) => {
                let mut ok = true;
                if one_of.is_empty() {
                    self.err(rel, field, format!("`{key}` has an empty `in` list"))
                        .help("list the values for which the condition holds, e.g. `in: [S]`");
                    ok = false;
                }
                let tf = self.scalar_field(rel, target, types);
                for v in one_of {
                    let problems = tf
                        .as_ref()
                        .map(|tf| rules::scalar_violations(tf, &v.value))
                        .unwrap_or_default();
                    for p in problems {
                        ok = false;
                        self.err(
                            rel,
                            v,
                            format!(
                                "`{key}` value `{}` {p} (rules of `{}`)",
                                v.value, field.value
                            ),
                        )
                        .help("a condition can only name values the field can take");
                    }
                }
                ok
            }
        }
    }
}

/// Follows a dotted path through object fields.
pub(super) fn resolve_path<'a>(
    fields: &'a [raw::Field],
    path: &[&str],
    types: &Types<'a>,
) -> Option<&'a raw::Field> {
    let (first, rest) = path.split_first()?;
    let f = fields.iter().find(|f| f.name.value == *first)?;
    if rest.is_empty() {
        return Some(f);
    }
    let r = f.reference.as_ref()?;
    let (_, t) = types.get(&r.value)?;
    resolve_path(&t.fields, rest, types)
}
