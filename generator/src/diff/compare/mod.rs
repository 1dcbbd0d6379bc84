//! Comparing two checked models.

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, FlowTag, Kind, Level, Report};

mod apis;
mod codes;
mod fields;
mod routing;
mod sources;
mod types;
use crate::model::{
    Api, ChildConstraint, Condition, Direction, EnumValue, Field, FieldType, Flow, Message, Model,
    ResultCode,
};

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

/// A field's type for people: `string`, `enum`, `object Amount`, `array of object Amount`.
fn type_name(t: &FieldType) -> String {
    match t {
        FieldType::String => "string".into(),
        FieldType::Integer => "integer".into(),
        FieldType::Decimal => "decimal".into(),
        FieldType::Boolean => "boolean".into(),
        FieldType::Datetime => "datetime".into(),
        FieldType::Enum(_) => "enum".into(),
        FieldType::Object(n) => format!("object {n}"),
        FieldType::Array(i) => format!("array of {}", type_name(i)),
    }
}

fn enum_values(t: &FieldType) -> Option<&[EnumValue]> {
    match t {
        FieldType::Enum(v) => Some(v),
        FieldType::Array(i) => enum_values(i),
        _ => None,
    }
}

fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    match v {
        Some(v) => format!("`{v}`"),
        None => "none".into(),
    }
}

fn cond_text(c: &Option<Condition>) -> String {
    match c {
        Some(c) => format!("{} in [{}]", c.field.join("."), c.one_of.join(", ")),
        None => "none".into(),
    }
}

/// One classification per flow the change reaches, merged into one level and explanation.
struct Verdict {
    level: Level,
    why: String,
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

fn wire_name(w: crate::model::Wire) -> &'static str {
    match w {
        crate::model::Wire::String => "a JSON string",
        crate::model::Wire::Native => "a JSON number or boolean",
    }
}

fn shared<'a>(m: &'a Model, code: &str) -> Option<&'a ResultCode> {
    m.shared_codes.iter().find(|c| c.code == code)
}

/// A code's wording (message and action texts), without its sources.
fn docs_of(c: &ResultCode) -> String {
    format!(
        "{:?}|{:?}|{:?}",
        c.message,
        c.message_zh,
        c.action.as_ref().map(|a| (&a.text, &a.text_zh))
    )
}

fn status_detail(o: &ResultCode, n: &ResultCode) -> String {
    use crate::model::Status::{F, S, U};
    let effect = match (o.status, n.status) {
        (F, U) => {
            "a final failure becomes not final: receivers must now wait or inquire instead of giving up"
        }
        (U, F) => {
            "a result that was not final becomes a final failure: receivers must stop waiting or inquiring"
        }
        (S, _) => "a success becomes a non-success: receivers must not treat it as done",
        (_, S) => "a non-success becomes a success: receivers must now treat it as done",
        _ => "receivers that decide by the status behave differently",
    };
    format!(
        "code {}: status {} -> {} ({} -> {}; inbound: {effect})",
        o.code,
        o.status.letter(),
        n.status.letter(),
        o.status.meaning(),
        n.status.meaning()
    )
}

fn action_detail(o: &ResultCode, n: &ResultCode) -> String {
    let k = |c: &ResultCode| {
        c.action
            .as_ref()
            .and_then(|a| serde_json::to_value(a.kind).ok())
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| "none given".into())
    };
    format!(
        "code {}: further action {} -> {} (programs acting on the action kind now behave differently)",
        o.code,
        k(o),
        k(n)
    )
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
