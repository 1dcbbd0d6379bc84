//! Changes to an API as a whole: direction, HTTP, messages, retry schedule, discrepancies.

use std::collections::{BTreeMap, BTreeSet};

use super::{Cx, Place, direction_text, opt, verdict};
use crate::diff::{Kind, Level};
use crate::model::{Api, Direction, Flow, Message, Model};
use crate::model::{Condition, Relation};

impl Cx {
    pub(super) fn api(&mut self, old_model: &Model, new_model: &Model, o: &Api, n: &Api) {
        let name = n.name.as_str();
        let g = name.to_string();
        if o.direction != n.direction {
            self.push(
                g.clone(),
                Some(name),
                None,
                "direction",
                Kind::DirectionChanged,
                Level::Major,
                None,
                format!(
                    "direction: {} -> {} (who sends what is reversed: every message changes flow)",
                    direction_text(o.direction),
                    direction_text(n.direction)
                ),
            );
        }
        let (om, op, onote) = match &o.http {
            Some(h) => (Some(h.method.clone()), h.path.clone(), h.note.clone()),
            None => (None, None, None),
        };
        let (nm, np, nnote) = match &n.http {
            Some(h) => (Some(h.method.clone()), h.path.clone(), h.note.clone()),
            None => (None, None, None),
        };
        if om != nm {
            self.push(
                g.clone(),
                Some(name),
                None,
                "http.method",
                Kind::HttpChanged,
                Level::Major,
                None,
                format!(
                    "HTTP method: {} -> {} ({})",
                    opt(&om),
                    opt(&nm),
                    match n.direction {
                        Direction::Request => "merchants must call it differently",
                        Direction::Notification =>
                            "the merchant's endpoint must accept the new method",
                    }
                ),
            );
        }
        if op != np {
            let (level, why) = match n.direction {
                Direction::Request => (Level::Major, "merchants must call the new path"),
                Direction::Notification => (
                    Level::Patch,
                    "documentation only: the notification goes to the merchant's own URL",
                ),
            };
            self.push(
                g.clone(),
                Some(name),
                None,
                "http.path",
                Kind::HttpChanged,
                level,
                None,
                format!("HTTP path: {} -> {} ({why})", opt(&op), opt(&np)),
            );
        }
        if onote != nnote {
            self.push(
                g.clone(),
                Some(name),
                None,
                "http.note",
                Kind::ApiDocsChanged,
                Level::Patch,
                None,
                "HTTP note changed".into(),
            );
        }
        for (what, a, b) in [
            ("title", Some(&o.title), Some(&n.title)),
            ("description", Some(&o.description), Some(&n.description)),
            (
                "description_zh",
                o.description_zh.as_ref(),
                n.description_zh.as_ref(),
            ),
        ] {
            if a != b {
                self.push(
                    g.clone(),
                    Some(name),
                    None,
                    what,
                    Kind::ApiDocsChanged,
                    Level::Patch,
                    None,
                    format!("{what} changed"),
                );
            }
        }
        if o.provenance.sources != n.provenance.sources {
            self.push(
                g.clone(),
                Some(name),
                None,
                "sources",
                Kind::ApiDocsChanged,
                Level::Patch,
                None,
                format!(
                    "sources: [{}] -> [{}]",
                    o.provenance.sources.join(", "),
                    n.provenance.sources.join(", ")
                ),
            );
        }
        for (label, om, nm) in [
            ("request", &o.request, &n.request),
            ("response", &o.response, &n.response),
        ] {
            self.message(name, label, om, nm);
        }
        self.api_codes(old_model, new_model, o, n);
        self.retry(o, n);
        self.discrepancies(o, n);
    }

    pub(super) fn message(&mut self, api: &str, label: &'static str, o: &Message, n: &Message) {
        let flows = if o.flow == n.flow {
            vec![n.flow]
        } else {
            vec![o.flow, n.flow]
        };
        let place = Place {
            group: format!("{api} / {label}"),
            api: Some(api),
            message: Some(label),
            prefix: String::new(),
            flows,
            affects: Vec::new(),
        };
        if o.description != n.description {
            self.at(
                &place,
                "",
                Kind::MessageDocsChanged,
                Level::Patch,
                format!("{label} description changed"),
            );
        }
        self.fields(&place, &o.fields, &n.fields);
        self.relations(&place, &o.relations, &n.relations);
    }

    /// Relations between fields: a rule outbound (adding one can refuse merchant
    /// payloads), an expectation inbound (never refuses: at most a new notice).
    fn relations(&mut self, p: &Place, old: &[Relation], new: &[Relation]) {
        let cond = |c: &Condition| format!("{} in [{}]", c.field.join("."), c.one_of.join(", "));
        let text = |r: &Relation| format!("when {}, {}", cond(&r.when), cond(&r.then));
        for r in old.iter().filter(|r| !new.contains(r)) {
            let v = verdict(&p.flows, |flow| match flow {
                Flow::Outbound => (Level::Minor, "merchant payloads are checked less".into()),
                Flow::Inbound => (
                    Level::Patch,
                    "one expectation fewer: a notice less, never a refusal".into(),
                ),
            });
            self.at(
                p,
                "",
                Kind::RelationChanged,
                v.level,
                format!("relation removed: {} ({})", text(r), v.why),
            );
        }
        for r in new.iter().filter(|r| !old.contains(r)) {
            let v = verdict(&p.flows, |flow| match flow {
                Flow::Outbound => (
                    Level::Major,
                    "merchant payloads that break it are now rejected".into(),
                ),
                Flow::Inbound => (
                    Level::Patch,
                    "an expectation: a message that breaks it gives a notice, never a refusal"
                        .into(),
                ),
            });
            self.at(
                p,
                "",
                Kind::RelationChanged,
                v.level,
                format!("relation added: {} ({})", text(r), v.why),
            );
        }
    }

    pub(super) fn retry(&mut self, o: &Api, n: &Api) {
        let api = n.name.as_str();
        let place = Place {
            group: format!("{api} / retry"),
            api: Some(api),
            message: Some("retry"),
            prefix: String::new(),
            flows: vec![Flow::Inbound],
            affects: Vec::new(),
        };
        match (&o.retry, &n.retry) {
            (None, None) => {}
            (Some(_), None) => self.at(
                &place,
                "retry",
                Kind::RetryChanged,
                Level::Minor,
                "retry schedule removed (receivers must accept resends at any time anyway)".into(),
            ),
            (None, Some(r)) => self.at(
                &place,
                "retry",
                Kind::RetryChanged,
                Level::Minor,
                format!(
                    "retry schedule added: {} sends, intervals {}",
                    r.max_sends,
                    r.intervals.join(", ")
                ),
            ),
            (Some(a), Some(b)) => {
                if a.ack != b.ack {
                    self.at(
                        &place,
                        "retry.ack",
                        Kind::RetryChanged,
                        Level::Major,
                        format!("acknowledgement `{}` -> `{}` (outbound: merchants must answer differently to stop the resends)", a.ack, b.ack),
                    );
                }
                if a.max_sends != b.max_sends
                    || a.intervals_secs != b.intervals_secs
                    || a.window_secs != b.window_secs
                {
                    self.at(
                        &place,
                        "retry",
                        Kind::RetryChanged,
                        Level::Minor,
                        format!(
                            "schedule {} sends [{}] -> {} sends [{}] (receivers accept resends at any time; the generated schedule constants change)",
                            a.max_sends,
                            a.intervals.join(", "),
                            b.max_sends,
                            b.intervals.join(", ")
                        ),
                    );
                }
                if a.description != b.description || a.sources != b.sources {
                    self.at(
                        &place,
                        "retry",
                        Kind::RetryDocsChanged,
                        Level::Patch,
                        "retry description or sources changed (documentation only)".into(),
                    );
                }
            }
        }
    }

    pub(super) fn discrepancies(&mut self, o: &Api, n: &Api) {
        let api = n.name.as_str();
        let place = Place {
            group: format!("{api} / discrepancies"),
            api: Some(api),
            message: Some("discrepancies"),
            prefix: String::new(),
            flows: Vec::new(),
            affects: Vec::new(),
        };
        let mut old_by: BTreeMap<String, Vec<&crate::model::Discrepancy>> = BTreeMap::new();
        for d in &o.discrepancies {
            old_by.entry(d.subject.clone()).or_default().push(d);
        }
        let mut new_by: BTreeMap<String, Vec<&crate::model::Discrepancy>> = BTreeMap::new();
        for d in &n.discrepancies {
            new_by.entry(d.subject.clone()).or_default().push(d);
        }
        let subjects: BTreeSet<&String> = old_by.keys().chain(new_by.keys()).collect();
        for s in subjects {
            let a = old_by.get(s).cloned().unwrap_or_default();
            let b = new_by.get(s).cloned().unwrap_or_default();
            let mut found = Vec::new();
            for i in 0..a.len().max(b.len()) {
                match (a.get(i), b.get(i)) {
                    (None, Some(d)) => {
                        found.push((Kind::DiscrepancyAdded, format!("added: {}", d.summary)))
                    }
                    (Some(d), None) => {
                        found.push((Kind::DiscrepancyRemoved, format!("removed: {}", d.summary)))
                    }
                    (Some(x), Some(y)) => {
                        let rx: Vec<_> =
                            x.readings.iter().map(|r| (&r.source, &r.reading)).collect();
                        let ry: Vec<_> =
                            y.readings.iter().map(|r| (&r.source, &r.reading)).collect();
                        if x.summary != y.summary
                            || rx != ry
                            || x.adopted != y.adopted
                            || x.reason != y.reason
                        {
                            found.push((
                                Kind::DiscrepancyChanged,
                                "summary, readings, adopted reading or reason changed".into(),
                            ));
                        }
                    }
                    (None, None) => {}
                }
            }
            for (kind, what) in found {
                self.at(
                    &place,
                    s,
                    kind,
                    Level::Patch,
                    format!("discrepancy {s}: {what} (documentation only)"),
                );
            }
        }
    }
}
