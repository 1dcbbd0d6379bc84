//! Shared types (`types/*.yaml`), the type of each field, and reference cycles
//! between shared types.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{Checker, Types, prov};
use crate::diagnostics::did_you_mean;
use crate::model;
use crate::naming::ident;
use crate::spec::raw::{self, Sp, TypeKind};

impl Checker {
    /// The shared types by name: each name well formed, in its own file,
    /// defined once.
    pub(super) fn type_names<'a>(&mut self, parsed: &'a [(PathBuf, raw::TypeFile)]) -> Types<'a> {
        let mut raw_types: Types<'a> = BTreeMap::new();
        for (rel, t) in parsed {
            let name = &t.name.value;
            if !is_type_name(name) {
                self.err(rel, &t.name, format!("type name `{name}` is not UpperCamelCase ASCII"))
                    .help("type names start with a capital letter and contain letters and digits only, e.g. `PspCustomerInfo`");
            }
            self.stem_matches(rel, &t.name, "type");
            if let Some((other, _)) = raw_types.get(name) {
                let other = other.display().to_string();
                self.err(
                    rel,
                    &t.name,
                    format!("type `{name}` is also defined in {other}"),
                )
                .help("define each shared type once");
                continue;
            }
            raw_types.insert(name.clone(), (rel, t));
        }
        raw_types
    }

    /// Each shared type checked, in name order.
    pub(super) fn shared_types(&mut self, raw_types: &Types<'_>) -> Vec<model::TypeDef> {
        let mut types = Vec::new();
        for (rel, t) in raw_types.values() {
            self.cite(rel, &t.sources, &t.name);
            for f in &t.fields {
                for v in &f.values {
                    if let Some(p) = &v.pending {
                        self.misplaced_pending(rel, p, &v.value.value, &f.name.value);
                    }
                }
            }
            let fields = self.fields(
                rel,
                &t.fields,
                raw_types,
                &format!("type `{}`", t.name.value),
            );
            types.push(model::TypeDef {
                name: t.name.value.clone(),
                description: t.description.clone(),
                description_zh: t.description_zh.clone(),
                fields,
                provenance: prov(rel, &t.name, &t.sources),
            });
        }
        types
    }

    /// The model type of a field (or of an array's items), or `None` after
    /// reporting why there is none.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn field_type(
        &mut self,
        rel: &Path,
        at: &Sp<String>,
        kind: TypeKind,
        reference: &Option<Sp<String>>,
        items: Option<&raw::Items>,
        values: &[raw::EnumValue],
        types: &Types<'_>,
    ) -> Option<model::FieldType> {
        Some(match kind {
            TypeKind::String => model::FieldType::String,
            TypeKind::Integer => model::FieldType::Integer,
            TypeKind::Decimal => model::FieldType::Decimal,
            TypeKind::Boolean => model::FieldType::Boolean,
            TypeKind::Datetime => model::FieldType::Datetime,
            TypeKind::Enum => model::FieldType::Enum(self.enum_values(rel, at, values)?),
            TypeKind::Object => {
                model::FieldType::Object(self.object_ref(rel, at, reference, types)?)
            }
            TypeKind::Array => {
                model::FieldType::Array(Box::new(self.array_items(rel, at, items, types)?))
            }
        })
    }

    /// An enum's values: at least one, each once, each a Rust identifier.
    fn enum_values(
        &mut self,
        rel: &Path,
        at: &Sp<String>,
        values: &[raw::EnumValue],
    ) -> Option<Vec<model::EnumValue>> {
        if values.is_empty() {
            self.err(rel, at, format!("enum field `{}` has no `values`", at.value))
                .help("list the values the document gives, each with `value`, `description` and `sources`");
            return None;
        }
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for v in values {
            if !seen.insert(v.value.value.as_str()) {
                self.err(
                    rel,
                    &v.value,
                    format!("enum value `{}` is listed twice", v.value.value),
                )
                .help("list each value once");
                continue;
            }
            if !ident::is_convertible(&v.value.value) {
                self.err(
                    rel,
                    &v.value,
                    format!(
                        "enum value `{}` cannot be made a Rust identifier",
                        v.value.value
                    ),
                )
                .help(
                    "enum values are codes such as `PAYMENT_RESULT`: ASCII letters, digits and `_`",
                );
            }
            out.push(model::EnumValue {
                value: v.value.value.clone(),
                description: v.description.clone(),
                description_zh: v.description_zh.clone(),
                deprecated: v.deprecated.clone(),
                pending: v.pending.as_ref().is_some_and(|p| p.value),
                sources: v.sources.iter().map(|s| s.value.clone()).collect(),
            });
        }
        self.camel_collisions(
            values
                .iter()
                .map(|v| (rel, &v.value, v.value.value.as_str())),
            "enum value",
        );
        Some(out)
    }

    /// An object field's `ref`: present, and naming a shared type.
    fn object_ref(
        &mut self,
        rel: &Path,
        at: &Sp<String>,
        reference: &Option<Sp<String>>,
        types: &Types<'_>,
    ) -> Option<String> {
        let Some(r) = reference else {
            self.err(rel, at, format!("object field `{}` has no `ref`", at.value))
                .help("name the shared type with `ref:`, e.g. `ref: Amount`");
            return None;
        };
        if !types.contains_key(&r.value) {
            let hint = match did_you_mean(&r.value, types.keys().map(String::as_str)) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!(
                    "shared types are defined in spec/types/<Name>.yaml; known: {}",
                    types.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            };
            self.err(rel, r, format!("unknown type `{}`", r.value))
                .help(hint);
            return None;
        }
        Some(r.value.clone())
    }

    /// An array's `items`: present, and not an array; their type.
    fn array_items(
        &mut self,
        rel: &Path,
        at: &Sp<String>,
        items: Option<&raw::Items>,
        types: &Types<'_>,
    ) -> Option<model::FieldType> {
        let Some(items) = items else {
            self.err(
                rel,
                at,
                format!("array field `{}` has no `items`", at.value),
            )
            .help("describe the element type, e.g. `items: {type: object, ref: Amount}`");
            return None;
        };
        if items.ty.value == TypeKind::Array {
            self.err(rel, &items.ty, "arrays of arrays are not supported")
                .help("the documents have none; wrap the inner list in a shared type");
            return None;
        }
        self.field_type(
            rel,
            at,
            items.ty.value,
            &items.reference,
            None,
            &items.values,
            types,
        )
    }

    /// Reports each cycle of object references once.
    pub(super) fn cycles(&mut self, types: &Types<'_>) {
        fn refs(t: &raw::TypeFile) -> Vec<(&Sp<String>, String)> {
            let mut out = Vec::new();
            for f in &t.fields {
                if let Some(r) = &f.reference {
                    out.push((&f.name, r.value.clone()));
                }
                if let Some(i) = &f.items
                    && let Some(r) = &i.reference
                {
                    out.push((&f.name, r.value.clone()));
                }
            }
            out
        }
        // Depth-first search with colours, each type and reference visited
        // once (linear in the size of the specs); a reference to a type on
        // the current path closes a cycle, reported at that type.
        let names: Vec<&String> = types.keys().collect();
        let index: BTreeMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let edges: Vec<Vec<usize>> = names
            .iter()
            .map(|n| {
                refs(types[*n].1)
                    .into_iter()
                    .filter_map(|(_, r)| index.get(r.as_str()).copied())
                    .collect()
            })
            .collect();
        const NEW: u8 = 0;
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![NEW; names.len()];
        let mut pos = vec![0usize; names.len()];
        for start in 0..names.len() {
            if state[start] != NEW {
                continue;
            }
            let mut path = vec![start];
            let mut stack = vec![(start, 0usize)];
            state[start] = ON_PATH;
            while let Some((node, i)) = stack.last_mut() {
                let node = *node;
                let Some(&next) = edges[node].get(*i) else {
                    state[node] = DONE;
                    path.pop();
                    stack.pop();
                    continue;
                };
                *i += 1;
                match state[next] {
                    NEW => {
                        state[next] = ON_PATH;
                        pos[next] = path.len();
                        path.push(next);
                        stack.push((next, 0));
                    }
                    ON_PATH => {
                        let mut cyc: Vec<&str> = path[pos[next]..]
                            .iter()
                            .map(|&k| names[k].as_str())
                            .collect();
                        cyc.push(names[next].as_str());
                        let (rel, st) = types[names[next]];
                        let at = st.name.clone();
                        self.err(rel, &at, format!("reference cycle: {}", cyc.join(" -> ")))
                            .help("a shared type cannot contain itself, directly or through others; break the cycle");
                    }
                    _ => {}
                }
            }
        }
    }
}

pub(super) fn kind_name(k: TypeKind) -> &'static str {
    match k {
        TypeKind::String => "string",
        TypeKind::Integer => "integer",
        TypeKind::Decimal => "decimal",
        TypeKind::Boolean => "boolean",
        TypeKind::Datetime => "datetime",
        TypeKind::Enum => "enum",
        TypeKind::Object => "object",
        TypeKind::Array => "array",
    }
}

fn is_type_name(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}
