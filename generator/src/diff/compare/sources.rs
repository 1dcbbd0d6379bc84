//! Changes to the source documents.

use std::collections::BTreeSet;

use super::Cx;
use crate::diff::{Kind, Level};
use crate::model::Model;

impl Cx {
    pub(super) fn sources(&mut self, old: &Model, new: &Model) {
        let ids: BTreeSet<&String> = old.sources.keys().chain(new.sources.keys()).collect();
        for id in ids {
            let (kind, what) = match (old.sources.get(id), new.sources.get(id)) {
                (Some(_), None) => (Kind::SourceRemoved, "removed"),
                (None, Some(_)) => (Kind::SourceAdded, "added"),
                (Some(a), Some(b)) => {
                    let ja = serde_json::to_value(a).ok();
                    let jb = serde_json::to_value(b).ok();
                    if ja == jb {
                        continue;
                    }
                    (Kind::SourceChanged, "changed")
                }
                (None, None) => continue,
            };
            self.push(
                "sources".into(),
                None,
                None,
                id,
                kind,
                Level::Patch,
                None,
                format!("source {id}: {what} (documentation only)"),
            );
        }
    }
}
