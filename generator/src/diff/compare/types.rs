//! Changes to shared object types.

use super::*;

impl Cx {
    pub(super) fn types(&mut self, old: &Model, new: &Model) {
        let uses = usage(old, new);
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
