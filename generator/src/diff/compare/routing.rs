//! Behaviour changes of the notification dispatcher: which variant of
//! `Notification` a `notifyType` decodes into. They compile either way, so
//! they are reported on their own: a body that used to arrive as
//! `Notification::Unknown` and now arrives as a typed variant is validated and
//! acknowledged differently, and the reverse silently drops it from a typed
//! handler.

use std::collections::{BTreeMap, BTreeSet};

use super::Cx;
use crate::diff::{FlowTag, Kind, Level};
use crate::model::Model;

/// `notifyType` -> the notification API that receives it.
fn routes(m: &Model) -> BTreeMap<&str, &str> {
    let mut out = BTreeMap::new();
    for a in &m.apis {
        for t in a.notify_types() {
            out.entry(t).or_insert(a.name.as_str());
        }
    }
    out
}

fn variant(api: &str) -> String {
    format!(
        "Notification::{}",
        crate::naming::ident::to_upper_camel(api)
    )
}

impl Cx {
    pub(super) fn routing(&mut self, old: &Model, new: &Model) {
        let (o, n) = (routes(old), routes(new));
        let types: BTreeSet<&str> = o.keys().chain(n.keys()).copied().collect();
        for t in types {
            let (level, api, detail) = match (o.get(t), n.get(t)) {
                (None, Some(to)) => (
                    Level::Minor,
                    *to,
                    format!(
                        "notifyType {t}: bodies that decoded to Notification::Unknown now decode to {} (validated against {to}'s rules, answered by its ack()); a receiver that handled {t} in its Unknown arm must move that code (Notification is #[non_exhaustive], so its match still compiles)",
                        variant(to)
                    ),
                ),
                (Some(from), None) => (
                    Level::Major,
                    *from,
                    format!(
                        "notifyType {t}: bodies that decoded to {} now decode to Notification::Unknown (not validated, no ack()); code handling {from} no longer sees them",
                        variant(from)
                    ),
                ),
                (Some(from), Some(to)) if from != to => (
                    Level::Major,
                    *to,
                    format!(
                        "notifyType {t}: bodies that decoded to {} now decode to {}; code handling {from} no longer sees them",
                        variant(from),
                        variant(to)
                    ),
                ),
                _ => continue,
            };
            self.push(
                "notification dispatch".into(),
                Some(api),
                None,
                t,
                Kind::NotifyTypeRouted,
                level,
                Some(FlowTag::Inbound),
                detail,
            );
        }
    }
}
