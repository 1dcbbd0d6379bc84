//! Comparing two checked models.

use std::collections::BTreeSet;

use super::{Change, FlowTag, Kind, Level, Report};
use crate::model::{Direction, Flow, Model};

mod apis;
mod codes;
mod fields;
mod routing;
mod sources;
mod types;

/// Every change from `old` to `new`, grouped by API and message, then the
/// notification dispatch (behaviour changes), shared types, shared codes and
/// sources.
pub fn compare(old: &Model, new: &Model) -> Report {
    let mut cx = Cx::default();
    let names: BTreeSet<&str> = old
        .apis
        .iter()
        .chain(&new.apis)
        .map(|a| a.name.as_str())
        .collect();
    for name in names {
        match (old.api(name), new.api(name)) {
            (Some(_), None) => cx.push(
                name.to_string(),
                Some(name),
                None,
                name,
                Kind::ApiRemoved,
                Level::Major,
                None,
                format!("API {name}: removed (its models, validators and codes are gone)"),
            ),
            (None, Some(a)) => cx.push(
                name.to_string(),
                Some(name),
                None,
                name,
                Kind::ApiAdded,
                Level::Minor,
                None,
                match a.direction {
                    Direction::Notification => format!(
                        "API {name}: added ({}; Notification and Acknowledgement gain a variant, compatible because both are #[non_exhaustive])",
                        direction_text(a.direction)
                    ),
                    Direction::Request => {
                        format!("API {name}: added ({})", direction_text(a.direction))
                    }
                },
            ),
            (Some(o), Some(n)) => cx.api(old, new, o, n),
            (None, None) => {}
        }
    }
    cx.routing(old, new);
    cx.types(old, new);
    cx.shared_codes(old, new);
    cx.sources(old, new);
    Report {
        changes: cx.changes,
        ..Report::default()
    }
}

#[derive(Default)]
struct Cx {
    changes: Vec<Change>,
}

fn direction_text(d: Direction) -> &'static str {
    match d {
        Direction::Notification => "notification: Alipay -> merchant",
        Direction::Request => "request: merchant -> Alipay",
    }
}

fn flow_name(f: Flow) -> &'static str {
    match f {
        Flow::Inbound => "inbound",
        Flow::Outbound => "outbound",
    }
}

/// One classification per flow the change reaches, merged into one level and explanation.
struct Verdict {
    level: Level,
    why: String,
}

fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    match v {
        Some(v) => format!("`{v}`"),
        None => "none".into(),
    }
}

fn verdict(flows: &[Flow], rule: impl Fn(Flow) -> (Level, String)) -> Verdict {
    let flows: Vec<Flow> = if flows.is_empty() {
        // Unused shared type: judge as if used both ways.
        vec![Flow::Inbound, Flow::Outbound]
    } else {
        flows.to_vec()
    };
    let results: Vec<(Flow, Level, String)> = flows
        .iter()
        .map(|&f| {
            let (l, w) = rule(f);
            (f, l, w)
        })
        .collect();
    let level = results.iter().map(|r| r.1).max().unwrap_or(Level::Patch);
    let why = if results.len() > 1 && results.iter().all(|r| r.2 == results[0].2) {
        format!("inbound and outbound: {}", results[0].2)
    } else {
        results
            .iter()
            .map(|(f, _, w)| format!("{}: {w}", flow_name(*f)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    Verdict { level, why }
}

fn flow_tag(flows: &[Flow]) -> Option<FlowTag> {
    let i = flows.contains(&Flow::Inbound);
    let o = flows.contains(&Flow::Outbound);
    match (i, o) {
        (true, true) => Some(FlowTag::Both),
        (true, false) => Some(FlowTag::Inbound),
        (false, true) => Some(FlowTag::Outbound),
        (false, false) => None,
    }
}

/// Where a change is reported and what it reaches.
struct Place<'a> {
    group: String,
    api: Option<&'a str>,
    message: Option<&'a str>,
    /// Prefix of field paths (`Amount.` for shared types).
    prefix: String,
    flows: Vec<Flow>,
    affects: Vec<String>,
}

impl Cx {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        group: String,
        api: Option<&str>,
        message: Option<&str>,
        path: &str,
        kind: Kind,
        level: Level,
        flow: Option<FlowTag>,
        detail: String,
    ) {
        self.changes.push(Change {
            group,
            api: api.map(str::to_string),
            message: message.map(str::to_string),
            path: path.to_string(),
            kind,
            level,
            flow,
            detail,
            affects: Vec::new(),
        });
    }

    fn at(&mut self, p: &Place, path: &str, kind: Kind, level: Level, detail: String) {
        self.changes.push(Change {
            group: p.group.clone(),
            api: p.api.map(str::to_string),
            message: p.message.map(str::to_string),
            path: format!("{}{path}", p.prefix),
            kind,
            level,
            flow: flow_tag(&p.flows),
            detail,
            affects: p.affects.clone(),
        });
    }
}
