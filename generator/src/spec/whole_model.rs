//! Whole-model checks that lint runs once the specs are read: what the
//! emitters will make of the model must compile and route correctly.
//!
//! - every generated name is distinct ([`crate::naming::names::collisions`]);
//! - every notification API has a fixed `notifyType` (a `fixed` string or
//!   an enum), and no two share a value, so the `Notification` dispatcher
//!   routes every known `notifyType` to exactly one API;
//! - the generated crate stays within what rustc compiles: at most
//!   [`MAX_FIELDS`] fields in a message or shared type, shared objects nested
//!   at most [`MAX_DEPTH`] levels deep.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::Diagnostic;
use crate::model::{Api, Direction, Field, FieldType, Model, Provenance};

/// Fields of one message or shared type, at most.
pub const MAX_FIELDS: usize = 1_000;

/// Levels of shared objects inside one another, at most (a message's field of
/// type `Amount` is one level; `Amount` holding another object is two).
pub const MAX_DEPTH: usize = 32;

/// Every problem found in the model, unsorted.
pub fn check_model(model: &Model) -> Vec<Diagnostic> {
    let mut out = crate::naming::names::collisions(model);
    notify_types(model, &mut out);
    sizes(model, &mut out);
    out
}

fn at(p: &Provenance, message: String) -> Diagnostic {
    Diagnostic::new(&p.file, p.line, 0, message)
}

fn notify_types(model: &Model, out: &mut Vec<Diagnostic>) {
    // notifyType value -> (API, field) of its first definition.
    let mut owners: BTreeMap<&str, (&Api, &Field)> = BTreeMap::new();
    for api in model
        .apis
        .iter()
        .filter(|a| a.direction == Direction::Notification)
    {
        let Some(f) = api.request.field("notifyType") else {
            out.push(
                at(&api.provenance, format!("notification API `{}` has no `notifyType` field in its request", api.name))
                    .help("add the `notifyType` field with `fixed:` (or `type: enum` with its values): the `Notification` dispatcher routes by it"),
            );
            continue;
        };
        let fixed = matches!(
            (&f.ty, &f.fixed),
            (FieldType::Enum(_), _) | (FieldType::String, Some(_))
        );
        if !fixed {
            out.push(
                at(&f.provenance, format!("`notifyType` of notification API `{}` is not fixed", api.name))
                    .help("write `fixed: <VALUE>` (one notification type) or `type: enum` with `values` (several): the `Notification` dispatcher routes by it"),
            );
            continue;
        }
        for v in api.notify_types() {
            if !crate::naming::ident::is_convertible(v) {
                out.push(
                    at(&f.provenance, format!("notifyType `{v}` of `{}` is not a code", api.name))
                        .help("notification types are codes such as `PAYMENT_RESULT`: ASCII letters, digits and `_`"),
                );
            }
            match owners.get(v) {
                None => {
                    owners.insert(v, (api, f));
                }
                Some((other, of)) => {
                    let help = "each notifyType belongs to one API, or the dispatcher cannot tell which message arrived; remove it from one of them";
                    out.push(at(&f.provenance, format!(
                        "notifyType `{v}` of `{}` is also a notifyType of `{}` (spec/{}:{})",
                        api.name, other.name, of.provenance.file, of.provenance.line
                    )).help(help));
                    out.push(at(&of.provenance, format!(
                        "notifyType `{v}` of `{}` is also a notifyType of `{}` (spec/{}:{})",
                        other.name, api.name, f.provenance.file, f.provenance.line
                    )).help(help));
                }
            }
        }
    }
}

fn sizes(model: &Model, out: &mut Vec<Diagnostic>) {
    let too_many = |fields: &[Field], what: String, p: &Provenance| {
        (fields.len() > MAX_FIELDS).then(|| {
            at(p, format!("{what} has {} fields, more than the {MAX_FIELDS} the generator supports", fields.len()))
                .help("split it into shared objects (`type: object`, `ref:`): a struct this wide makes rustc run out of stack")
        })
    };
    for t in &model.types {
        out.extend(too_many(
            &t.fields,
            format!("shared type `{}`", t.name),
            &t.provenance,
        ));
    }
    for api in &model.apis {
        out.extend(too_many(
            &api.request.fields,
            format!("the `{}` request", api.name),
            &api.provenance,
        ));
        out.extend(too_many(
            &api.response.fields,
            format!("the `{}` response", api.name),
            &api.provenance,
        ));
    }

    // Depth of each type (itself included), memoized, in one pass over the
    // reference graph (the checker has refused cycles). Iterative, so a
    // chain of any length cannot overflow the generator's stack.
    let index: BTreeMap<&str, usize> = model
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let children: Vec<Vec<usize>> = model
        .types
        .iter()
        .map(|t| {
            t.fields
                .iter()
                .filter_map(|f| f.ty.object())
                .filter_map(|n| index.get(n).copied())
                .collect()
        })
        .collect();
    let mut depth: Vec<usize> = vec![0; model.types.len()];
    // Deepest child, for naming the chain.
    let mut next: Vec<Option<usize>> = vec![None; model.types.len()];
    for start in 0..model.types.len() {
        if depth[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        let mut on_path = BTreeSet::new();
        on_path.insert(start);
        while let Some(&mut (node, ref mut i)) = stack.last_mut() {
            if let Some(&c) = children[node].get(*i) {
                *i += 1;
                if depth[c] == 0 && on_path.insert(c) {
                    stack.push((c, 0));
                }
                continue;
            }
            let (d, n) = children[node]
                .iter()
                .map(|&c| (depth[c], Some(c)))
                .max()
                .unwrap_or((0, None));
            depth[node] = d + 1;
            next[node] = n;
            on_path.remove(&node);
            stack.pop();
        }
    }
    let chain = |mut i: usize| {
        let mut names = vec![model.types[i].name.as_str()];
        while let Some(n) = next[i] {
            names.push(model.types[n].name.as_str());
            i = n;
            if names.len() > 4 {
                names.push("...");
                break;
            }
        }
        names.join(" -> ")
    };
    let help = "flatten the nesting (a shared object holding a shared object ...): rustc cannot compile types nested this deep";
    // Report where the excess starts: a type too deep that no too-deep type refers to.
    let mut referred = vec![false; model.types.len()];
    for (i, cs) in children.iter().enumerate() {
        if depth[i] > MAX_DEPTH {
            for &c in cs {
                referred[c] = true;
            }
        }
    }
    for (i, t) in model.types.iter().enumerate() {
        if depth[i] > MAX_DEPTH && !referred[i] {
            out.push(at(&t.provenance, format!(
                "shared type `{}` nests shared objects {} levels deep ({}), more than the {MAX_DEPTH} the generator supports",
                t.name, depth[i], chain(i)
            )).help(help));
        }
    }
    for api in &model.apis {
        for (m, part) in [(&api.request, "request"), (&api.response, "response")] {
            for f in &m.fields {
                let Some(&i) = f.ty.object().and_then(|n| index.get(n)) else {
                    continue;
                };
                if depth[i] > MAX_DEPTH {
                    out.push(at(&f.provenance, format!(
                        "field `{}` of the `{}` {part} nests shared objects {} levels deep ({}), more than the {MAX_DEPTH} the generator supports",
                        f.name, api.name, depth[i], chain(i)
                    )).help(help));
                }
            }
        }
    }
}
