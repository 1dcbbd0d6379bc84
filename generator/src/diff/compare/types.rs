//! Changes to shared object types.

use std::collections::{BTreeMap, BTreeSet};

use super::{Cx, Place, flow_name};
use crate::diff::{Kind, Level};
use crate::model::{FieldType, Flow, Model};

impl Cx {
    pub(super) fn types(&mut self, old: &Model, new: &Model) {
        let uses = usage(old, new);
        let (old_lenient, new_lenient) = (old.lenient_types(), new.lenient_types());
        let (old_built, new_built) = (
            old.types_reachable(Flow::Outbound),
            new.types_reachable(Flow::Outbound),
        );
        let names: BTreeSet<&str> = old
            .types
            .iter()
            .chain(&new.types)
            .map(|t| t.name.as_str())
            .collect();
        for name in names {
            let u = uses.get(name).cloned().unwrap_or_default();
            let flows: Vec<Flow> = {
                let mut f: Vec<Flow> = u.iter().map(|(_, f)| *f).collect();
                f.dedup();
                let mut out = Vec::new();
                for x in [Flow::Inbound, Flow::Outbound] {
                    if f.contains(&x) {
                        out.push(x);
                    }
                }
                out
            };
            let affects: Vec<String> = u
                .iter()
                .map(|(p, f)| format!("{p} ({})", flow_name(*f)))
                .collect();
            let place = Place {
                group: format!("type {name}"),
                api: None,
                message: None,
                prefix: format!("{name}."),
                flows,
                affects,
            };
            match (old.type_def(name), new.type_def(name)) {
                (Some(_), None) => {
                    let mut p = place;
                    p.prefix.clear();
                    self.at(
                        &p,
                        name,
                        Kind::SharedTypeRemoved,
                        Level::Major,
                        format!("type {name}: removed (its generated struct is gone)"),
                    );
                }
                (None, Some(_)) => {
                    let mut p = place;
                    p.prefix.clear();
                    self.at(
                        &p,
                        name,
                        Kind::SharedTypeAdded,
                        Level::Minor,
                        format!("type {name}: added"),
                    );
                }
                (Some(o), Some(n)) => {
                    let mut shape = Vec::new();
                    match (old_lenient.contains(name), new_lenient.contains(name)) {
                        (false, true) => shape.push((
                            Level::Major,
                            "strict -> lenient (now used in a message Alipay sends): every field becomes an `Option` and `extra` is added, so code that reads its required fields no longer compiles",
                        )),
                        (true, false) => shape.push((
                            Level::Major,
                            "lenient -> strict (no longer used in a message Alipay sends): required fields stop being `Option`s, and `extra` and the checked view are gone",
                        )),
                        _ => {}
                    }
                    match (old_built.contains(name), new_built.contains(name)) {
                        (false, true) => shape.push((
                            Level::Minor,
                            "now used in a message the merchant sends: it gains `new` and `with_` setters",
                        )),
                        (true, false) => shape.push((
                            Level::Major,
                            "no longer used in a message the merchant sends: its `new` and `with_` setters are gone",
                        )),
                        _ => {}
                    }
                    for (level, what) in shape {
                        let p = Place {
                            prefix: String::new(),
                            group: place.group.clone(),
                            api: None,
                            message: None,
                            flows: place.flows.clone(),
                            affects: place.affects.clone(),
                        };
                        self.at(
                            &p,
                            name,
                            Kind::SharedTypeShapeChanged,
                            level,
                            format!("type {name}: {what}"),
                        );
                    }
                    if o.description != n.description
                        || o.description_zh != n.description_zh
                        || o.provenance.sources != n.provenance.sources
                    {
                        let mut p = Place {
                            prefix: String::new(),
                            ..place
                        };
                        self.at(
                            &p,
                            name,
                            Kind::SharedTypeDocsChanged,
                            Level::Patch,
                            format!(
                                "type {name}: description or sources changed (documentation only)"
                            ),
                        );
                        p.prefix = format!("{name}.");
                        self.fields(&p, &o.fields, &n.fields);
                    } else {
                        self.fields(&place, &o.fields, &n.fields);
                    }
                }
                (None, None) => {}
            }
        }
    }
}

/// Where each shared type is used, in either model: `(place, flow)`, sorted, deduplicated.
fn usage(old: &Model, new: &Model) -> BTreeMap<String, Vec<(String, Flow)>> {
    let mut out: BTreeMap<String, BTreeSet<(String, u8)>> = BTreeMap::new();
    for m in [old, new] {
        for a in &m.apis {
            for (label, msg) in [("request", &a.request), ("response", &a.response)] {
                for f in &msg.fields {
                    walk(
                        m,
                        &f.ty,
                        &format!("{} {label}.{}", a.name, f.name),
                        msg.flow,
                        &mut out,
                        0,
                    );
                }
            }
        }
    }
    out.into_iter()
        .map(|(k, v)| {
            (
                k,
                v.into_iter()
                    .map(|(p, f)| {
                        (
                            p,
                            if f == 0 {
                                Flow::Inbound
                            } else {
                                Flow::Outbound
                            },
                        )
                    })
                    .collect(),
            )
        })
        .collect()
}

fn walk(
    m: &Model,
    ty: &FieldType,
    place: &str,
    flow: Flow,
    out: &mut BTreeMap<String, BTreeSet<(String, u8)>>,
    depth: usize,
) {
    let name = match ty {
        FieldType::Object(n) => n,
        FieldType::Array(i) => return walk(m, i, place, flow, out, depth),
        _ => return,
    };
    let f = if flow == Flow::Inbound { 0 } else { 1 };
    out.entry(name.clone())
        .or_default()
        .insert((place.to_string(), f));
    if depth > 16 {
        return;
    }
    if let Some(t) = m.type_def(name) {
        for fd in &t.fields {
            walk(
                m,
                &fd.ty,
                &format!("{place}.{}", fd.name),
                flow,
                out,
                depth + 1,
            );
        }
    }
}
