//! Comparing two checked models.

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, FlowTag, Kind, Level, Report};
use crate::model::{
    Api, ChildConstraint, Condition, Direction, EnumValue, Field, FieldType, Flow, Message, Model,
    ResultCode,
};

/// Every change from `old` to `new`, grouped by API and message, then shared
/// types, shared codes and sources.
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
                format!("API {name}: added ({})", direction_text(a.direction)),
            ),
            (Some(o), Some(n)) => cx.api(old, new, o, n),
            (None, None) => {}
        }
    }
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

    fn api(&mut self, old_model: &Model, new_model: &Model, o: &Api, n: &Api) {
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

    fn message(&mut self, api: &str, label: &'static str, o: &Message, n: &Message) {
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
    }

    /// Compares two field lists at `place` (a message or a shared type).
    fn fields(&mut self, p: &Place, old: &[Field], new: &[Field]) {
        let removed: Vec<&Field> = old
            .iter()
            .filter(|f| !new.iter().any(|g| g.name == f.name))
            .collect();
        let added: Vec<&Field> = new
            .iter()
            .filter(|f| !old.iter().any(|g| g.name == f.name))
            .collect();
        // A removed and an added field of the same type may be one field renamed;
        // of several candidates, name those that also agree on required and max length.
        let likely = |f: &Field, pool: &[&Field]| -> Vec<String> {
            let same: Vec<&&Field> = pool
                .iter()
                .filter(|g| type_name(&g.ty) == type_name(&f.ty))
                .collect();
            let score = |g: &Field| {
                u8::from(g.required == f.required) + u8::from(g.max_length == f.max_length)
            };
            let best = same.iter().map(|g| score(g)).max().unwrap_or(0);
            same.iter()
                .filter(|g| score(g) == best)
                .map(|g| g.name.clone())
                .collect()
        };
        let renamed_to = |f: &Field| likely(f, &added);
        let renamed_from = |f: &Field| -> Vec<String> {
            removed
                .iter()
                .filter(|r| likely(r, &added).contains(&f.name))
                .map(|r| r.name.clone())
                .collect()
        };
        for f in &removed {
            let hint = match renamed_to(f).as_slice() {
                [] => String::new(),
                names => format!("; possibly renamed to {}", names.join(" or ")),
            };
            let v = verdict(&p.flows, |flow| {
                match flow {
                Flow::Outbound => (Level::Major, "merchant code that sets it no longer compiles, and payloads carrying it are rejected".into()),
                Flow::Inbound => (Level::Major, "code that reads it no longer compiles".into()),
            }
            });
            self.at(
                p,
                &f.name,
                Kind::FieldRemoved,
                v.level,
                format!("field {}: removed ({}){hint}", f.name, v.why),
            );
        }
        for f in &added {
            let hint = match renamed_from(f).as_slice() {
                [] => String::new(),
                names => format!("; possibly renamed from {}", names.join(" or ")),
            };
            let req = f.required;
            let v = verdict(&p.flows, |flow| match (flow, req) {
                (Flow::Outbound, true) => (Level::Major, "merchants must now send it".into()),
                (Flow::Outbound, false) => (Level::Minor, "merchants may send it".into()),
                (Flow::Inbound, true) => (
                    Level::Minor,
                    "Alipay always sends it; receivers that do not know it ignore it".into(),
                ),
                (Flow::Inbound, false) => (
                    Level::Minor,
                    "Alipay may send it; receivers that do not know it ignore it".into(),
                ),
            });
            let what = if req { "required" } else { "optional" };
            self.at(
                p,
                &f.name,
                Kind::FieldAdded,
                v.level,
                format!(
                    "field {}: added, {what} {} ({}){hint}",
                    f.name,
                    type_name(&f.ty),
                    v.why
                ),
            );
        }
        for o in old {
            if let Some(n) = new.iter().find(|g| g.name == o.name) {
                self.field(p, o, n);
            }
        }
    }

    fn field(&mut self, p: &Place, o: &Field, n: &Field) {
        let name = &n.name;
        let at = |s: &str| format!("field {name}: {s}");
        // Type.
        let same_shape = match (&o.ty, &n.ty) {
            (a, b) if enum_values(a).is_some() && enum_values(b).is_some() => {
                type_name(a) == type_name(b)
            }
            (a, b) => a == b,
        };
        if !same_shape {
            let v = verdict(&p.flows, |_| {
                (
                    Level::Major,
                    "the generated type changes; payloads of the old type are rejected".into(),
                )
            });
            self.at(
                p,
                name,
                Kind::TypeChanged,
                v.level,
                at(&format!(
                    "type {} -> {} ({})",
                    type_name(&o.ty),
                    type_name(&n.ty),
                    v.why
                )),
            );
        } else if let (Some(ov), Some(nv)) = (enum_values(&o.ty), enum_values(&n.ty)) {
            self.enum_values(p, name, ov, nv);
        }
        if o.wire != n.wire && same_shape {
            let v = verdict(&p.flows, |_| {
                (
                    Level::Major,
                    "the value is encoded differently on the wire".into(),
                )
            });
            self.at(
                p,
                name,
                Kind::WireChanged,
                v.level,
                at(&format!(
                    "sent as {} -> {} ({})",
                    wire_name(o.wire),
                    wire_name(n.wire),
                    v.why
                )),
            );
        }
        // Required.
        if o.required != n.required {
            let to_required = n.required;
            let v = verdict(&p.flows, |flow| match (flow, to_required) {
                (Flow::Outbound, true) => (Level::Major, "merchants must now send it".into()),
                (Flow::Inbound, true) => (
                    Level::Minor,
                    "Alipay now always sends it; code that handled its absence still works".into(),
                ),
                (Flow::Inbound, false) => (
                    Level::Major,
                    "Alipay may now omit it; code that relied on its presence breaks".into(),
                ),
                (Flow::Outbound, false) => (Level::Minor, "merchants may now omit it".into()),
            });
            let (a, b) = if to_required {
                ("optional", "required")
            } else {
                ("required", "optional")
            };
            self.at(
                p,
                name,
                Kind::RequiredChanged,
                v.level,
                at(&format!("{a} -> {b} ({})", v.why)),
            );
        }
        // Max length.
        if o.max_length != n.max_length {
            let tighter = match (o.max_length, n.max_length) {
                (None, Some(_)) => true,
                (Some(a), Some(b)) => b < a,
                _ => false,
            };
            let limit = n.max_length.map(|m| m.to_string()).unwrap_or_default();
            let v = verdict(&p.flows, |flow| match (flow, tighter) {
                (Flow::Outbound, true) => (
                    Level::Major,
                    format!("merchant payloads longer than {limit} are now rejected"),
                ),
                (Flow::Inbound, true) => (
                    Level::Major,
                    format!("validators now reject values Alipay sends longer than {limit}"),
                ),
                (_, false) => (Level::Minor, "longer values are now accepted".into()),
            });
            let show = |m: Option<u32>| m.map(|m| m.to_string()).unwrap_or_else(|| "none".into());
            self.at(
                p,
                name,
                Kind::MaxLengthChanged,
                v.level,
                at(&format!(
                    "max length {} -> {}, {} ({})",
                    show(o.max_length),
                    show(n.max_length),
                    if tighter { "tightened" } else { "relaxed" },
                    v.why
                )),
            );
        }
        if o.minimum != n.minimum {
            let tighter = match (o.minimum, n.minimum) {
                (None, Some(_)) => true,
                (Some(a), Some(b)) => b > a,
                _ => false,
            };
            let v = verdict(&p.flows, |flow| match (flow, tighter) {
                (Flow::Outbound, true) => (
                    Level::Major,
                    "merchant payloads below it are now rejected".into(),
                ),
                (Flow::Inbound, true) => (
                    Level::Major,
                    "validators now reject smaller values Alipay sends".into(),
                ),
                (_, false) => (Level::Minor, "smaller values are now accepted".into()),
            });
            self.at(
                p,
                name,
                Kind::MinimumChanged,
                v.level,
                at(&format!(
                    "minimum {} -> {} ({})",
                    opt(&o.minimum),
                    opt(&n.minimum),
                    v.why
                )),
            );
        }
        if o.format != n.format {
            let tighter = n.format.is_some();
            let v = verdict(&p.flows, |_| {
                if tighter {
                    (
                        Level::Major,
                        "values that do not follow the new format are now rejected".into(),
                    )
                } else {
                    (Level::Minor, "any text is now accepted".into())
                }
            });
            let show = |f: Option<crate::model::StringFormat>| match f {
                Some(f) => format!(
                    "`{}`",
                    serde_json::to_value(f)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                ),
                None => "none".into(),
            };
            self.at(
                p,
                name,
                Kind::FormatChanged,
                v.level,
                at(&format!(
                    "format {} -> {} ({})",
                    show(o.format),
                    show(n.format),
                    v.why
                )),
            );
        }
        if o.fixed != n.fixed {
            let v = verdict(&p.flows, |flow| match flow {
                Flow::Outbound => (Level::Major, "merchants must send a different value".into()),
                Flow::Inbound => (
                    Level::Major,
                    "validators and code expecting the old value break".into(),
                ),
            });
            self.at(
                p,
                name,
                Kind::FixedChanged,
                v.level,
                at(&format!(
                    "fixed value {} -> {} ({})",
                    opt(&o.fixed),
                    opt(&n.fixed),
                    v.why
                )),
            );
        }
        if o.default != n.default {
            let v = verdict(&p.flows, |flow| match flow {
                Flow::Outbound => (
                    Level::Major,
                    "Alipay assumes a different value when merchants omit it".into(),
                ),
                Flow::Inbound => (
                    Level::Major,
                    "receivers assume a different value when Alipay omits it".into(),
                ),
            });
            self.at(
                p,
                name,
                Kind::DefaultChanged,
                v.level,
                at(&format!(
                    "default {} -> {} ({})",
                    opt(&o.default),
                    opt(&n.default),
                    v.why
                )),
            );
        }
        // Conditions.
        if o.present_only_when != n.present_only_when {
            let narrowed = n.present_only_when.is_some();
            let v = verdict(&p.flows, |flow| match (flow, narrowed) {
                (Flow::Outbound, true) => (
                    Level::Major,
                    "merchant payloads that carry it outside the condition are now rejected".into(),
                ),
                (Flow::Inbound, true) => (
                    Level::Minor,
                    "the field stays optional; receivers already handle its absence".into(),
                ),
                (_, false) => (
                    Level::Minor,
                    "the field may now appear in more cases".into(),
                ),
            });
            self.at(
                p,
                name,
                Kind::ConditionChanged,
                v.level,
                at(&format!(
                    "present only when: {} -> {} ({})",
                    cond_text(&o.present_only_when),
                    cond_text(&n.present_only_when),
                    v.why
                )),
            );
        }
        if o.required_when != n.required_when {
            let stricter = n.required_when.is_some();
            let v = verdict(&p.flows, |flow| {
                match (flow, stricter) {
                (Flow::Outbound, true) => (Level::Major, "merchants must now send it when the condition holds".into()),
                (Flow::Inbound, true) => (Level::Minor, "Alipay sends it when the condition holds; code that handled its absence still works".into()),
                (Flow::Inbound, false) => (Level::Major, "Alipay may now omit it; code that relied on its presence breaks".into()),
                (Flow::Outbound, false) => (Level::Minor, "merchants may now omit it".into()),
            }
            });
            self.at(
                p,
                name,
                Kind::ConditionChanged,
                v.level,
                at(&format!(
                    "required when: {} -> {} ({})",
                    cond_text(&o.required_when),
                    cond_text(&n.required_when),
                    v.why
                )),
            );
        }
        self.constraints(p, name, &o.constraints, &n.constraints);
        // Documentation.
        let mut docs = Vec::new();
        if o.description != n.description {
            docs.push("description");
        }
        if o.description_zh != n.description_zh {
            docs.push("description_zh");
        }
        if o.example != n.example {
            docs.push("example");
        }
        if o.provenance.sources != n.provenance.sources {
            docs.push("sources");
        }
        if !docs.is_empty() {
            self.at(
                p,
                name,
                Kind::FieldDocsChanged,
                Level::Patch,
                at(&format!("{} changed (documentation only)", docs.join(", "))),
            );
        }
    }

    fn enum_values(&mut self, p: &Place, name: &str, old: &[EnumValue], new: &[EnumValue]) {
        for v in old
            .iter()
            .filter(|v| !new.iter().any(|w| w.value == v.value))
        {
            let verdict = verdict(&p.flows, |flow| {
                match flow {
                Flow::Outbound => (Level::Major, "merchant code that sends it no longer compiles, and Alipay no longer accepts it".into()),
                Flow::Inbound => (Level::Major, "code matching on the variant no longer compiles; the value now parses as Unknown".into()),
            }
            });
            self.at(
                p,
                name,
                Kind::EnumValueRemoved,
                verdict.level,
                format!(
                    "field {name}: enum value {} removed ({})",
                    v.value, verdict.why
                ),
            );
        }
        for v in new
            .iter()
            .filter(|v| !old.iter().any(|w| w.value == v.value))
        {
            let verdict = verdict(&p.flows, |flow| match flow {
                Flow::Outbound => (Level::Minor, "merchants need not send it".into()),
                Flow::Inbound => (
                    Level::Minor,
                    "receivers already accept it: generated enums have an Unknown variant".into(),
                ),
            });
            self.at(
                p,
                name,
                Kind::EnumValueAdded,
                verdict.level,
                format!(
                    "field {name}: enum value {} added ({})",
                    v.value, verdict.why
                ),
            );
        }
        for o in old {
            let Some(n) = new.iter().find(|w| w.value == o.value) else {
                continue;
            };
            if o.deprecated != n.deprecated {
                let what = if n.deprecated.is_some() {
                    "now deprecated"
                } else {
                    "no longer deprecated"
                };
                self.at(
                    p,
                    name,
                    Kind::EnumValueDocsChanged,
                    Level::Patch,
                    format!(
                        "field {name}: enum value {} {what} (documentation only)",
                        o.value
                    ),
                );
            }
            if o.description != n.description
                || o.description_zh != n.description_zh
                || o.sources != n.sources
            {
                self.at(
                    p,
                    name,
                    Kind::EnumValueDocsChanged,
                    Level::Patch,
                    format!("field {name}: enum value {} description or sources changed (documentation only)", o.value),
                );
            }
        }
    }

    fn constraints(
        &mut self,
        p: &Place,
        name: &str,
        old: &[ChildConstraint],
        new: &[ChildConstraint],
    ) {
        let children: BTreeSet<&str> = old.iter().chain(new).map(|c| c.field.as_str()).collect();
        for child in children {
            let o = old.iter().find(|c| c.field == child);
            let n = new.iter().find(|c| c.field == child);
            let path = format!("{name}.{child}");
            let at = |s: String| format!("field {path}: {s}");
            let (oreq, nreq) = (o.and_then(|c| c.required), n.and_then(|c| c.required));
            if oreq != nreq {
                let to_required = nreq == Some(true);
                let was_required = oreq == Some(true);
                if to_required != was_required {
                    let v = verdict(&p.flows, |flow| match (flow, to_required) {
                        (Flow::Outbound, true) => {
                            (Level::Major, "merchants must now send it".into())
                        }
                        (Flow::Inbound, true) => {
                            (Level::Minor, "Alipay now always sends it here".into())
                        }
                        (Flow::Inbound, false) => (
                            Level::Major,
                            "Alipay may now omit it here; code that relied on its presence breaks"
                                .into(),
                        ),
                        (Flow::Outbound, false) => {
                            (Level::Minor, "merchants may now omit it".into())
                        }
                    });
                    let (a, b) = if to_required {
                        ("optional", "required")
                    } else {
                        ("required", "optional")
                    };
                    self.at(
                        p,
                        &path,
                        Kind::ConstraintChanged,
                        v.level,
                        at(format!("required here: {a} -> {b} ({})", v.why)),
                    );
                }
            }
            let (ofix, nfix) = (
                o.and_then(|c| c.fixed.clone()),
                n.and_then(|c| c.fixed.clone()),
            );
            if ofix != nfix {
                let (level, why) = if nfix.is_none() {
                    (
                        Level::Minor,
                        "any value of the type is now allowed here".to_string(),
                    )
                } else {
                    (
                        Level::Major,
                        "senders must use the new value; validators reject the old one".to_string(),
                    )
                };
                let v = verdict(&p.flows, |_| (level, why.clone()));
                self.at(
                    p,
                    &path,
                    Kind::ConstraintChanged,
                    v.level,
                    at(format!(
                        "fixed value here {} -> {} ({})",
                        opt(&ofix),
                        opt(&nfix),
                        v.why
                    )),
                );
            }
            let oall: Vec<String> = o.map(|c| c.allowed.clone()).unwrap_or_default();
            let nall: Vec<String> = n.map(|c| c.allowed.clone()).unwrap_or_default();
            if oall != nall {
                // An empty list allows every value of the type.
                let narrowed = match (oall.is_empty(), nall.is_empty()) {
                    (true, false) => true,
                    (false, true) => false,
                    _ => oall.iter().any(|v| !nall.contains(v)),
                };
                let show = |l: &[String]| {
                    if l.is_empty() {
                        "any".to_string()
                    } else {
                        l.join(", ")
                    }
                };
                let v = verdict(&p.flows, |flow| match (flow, narrowed) {
                    (Flow::Outbound, true) => (
                        Level::Major,
                        "merchants may no longer send the removed values".into(),
                    ),
                    (Flow::Inbound, true) => (
                        Level::Major,
                        "validators now reject the removed values if Alipay sends them".into(),
                    ),
                    (Flow::Outbound, false) => {
                        (Level::Minor, "merchants may send more values".into())
                    }
                    (Flow::Inbound, false) => (
                        Level::Minor,
                        "receivers already accept unknown values".into(),
                    ),
                });
                self.at(
                    p,
                    &path,
                    Kind::ConstraintChanged,
                    v.level,
                    at(format!(
                        "allowed values here [{}] -> [{}] ({})",
                        show(&oall),
                        show(&nall),
                        v.why
                    )),
                );
            }
            let (onote, nnote) = (
                o.map(|c| (&c.note, &c.sources)),
                n.map(|c| (&c.note, &c.sources)),
            );
            if o.is_some() && n.is_some() && onote != nnote {
                self.at(
                    p,
                    &path,
                    Kind::FieldDocsChanged,
                    Level::Patch,
                    at("constraint note or sources changed (documentation only)".into()),
                );
            }
        }
    }

    fn api_codes(&mut self, old_model: &Model, new_model: &Model, o: &Api, n: &Api) {
        let api = n.name.as_str();
        let place = Place {
            group: format!("{api} / result codes"),
            api: Some(api),
            message: Some("result_codes"),
            prefix: String::new(),
            flows: vec![Flow::Inbound],
            affects: Vec::new(),
        };
        for c in o
            .result_codes
            .iter()
            .filter(|c| !n.result_codes.iter().any(|d| d.code == c.code))
        {
            self.at(
                &place,
                &c.code,
                Kind::CodeRemoved,
                Level::Major,
                format!(
                    "code {} ({}): removed (inbound: the generated result-code enum loses the variant; code matching on it no longer compiles, the code now parses as unknown)",
                    c.code,
                    c.status.letter()
                ),
            );
        }
        for c in n
            .result_codes
            .iter()
            .filter(|c| !o.result_codes.iter().any(|d| d.code == c.code))
        {
            self.at(
                &place,
                &c.code,
                Kind::CodeAdded,
                Level::Minor,
                format!(
                    "code {} ({}): added (inbound: receivers already accept unknown codes and decide by the status; the enum gains a variant)",
                    c.code,
                    c.status.letter()
                ),
            );
        }
        for oc in &o.result_codes {
            let Some(nc) = n.result_codes.iter().find(|d| d.code == oc.code) else {
                continue;
            };
            // A shared code's own changes are reported once, under shared result codes.
            let os = oc.shared.then(|| shared(old_model, &oc.code)).flatten();
            let ns = nc.shared.then(|| shared(new_model, &nc.code)).flatten();
            let inherited = |get: fn(&ResultCode) -> String| -> bool {
                match (os, ns) {
                    (Some(os), Some(ns)) => get(oc) == get(os) && get(nc) == get(ns),
                    _ => false,
                }
            };
            if oc.status != nc.status && !(os.is_some() && ns.is_some()) {
                self.at(
                    &place,
                    &oc.code,
                    Kind::CodeStatusChanged,
                    Level::Major,
                    status_detail(oc, nc),
                );
            }
            if oc.action.as_ref().map(|a| a.kind) != nc.action.as_ref().map(|a| a.kind)
                && !inherited(|c| format!("{:?}", c.action.as_ref().map(|a| a.kind)))
            {
                self.at(
                    &place,
                    &oc.code,
                    Kind::CodeActionChanged,
                    Level::Major,
                    action_detail(oc, nc),
                );
            }
            if (docs_of(oc) != docs_of(nc) && !inherited(docs_of))
                || oc.provenance.sources != nc.provenance.sources
            {
                self.at(
                    &place,
                    &oc.code,
                    Kind::CodeDocsChanged,
                    Level::Patch,
                    format!(
                        "code {}: message, action text or sources changed (documentation only)",
                        oc.code
                    ),
                );
            }
            if oc.shared != nc.shared {
                self.at(
                    &place,
                    &oc.code,
                    Kind::CodeDocsChanged,
                    Level::Patch,
                    format!(
                        "code {}: {} (documentation only)",
                        oc.code,
                        if nc.shared {
                            "now a shared code (spec/codes/)"
                        } else {
                            "now this API's own code"
                        }
                    ),
                );
            }
        }
    }

    fn retry(&mut self, o: &Api, n: &Api) {
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

    fn discrepancies(&mut self, o: &Api, n: &Api) {
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

    fn types(&mut self, old: &Model, new: &Model) {
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

    fn shared_codes(&mut self, old: &Model, new: &Model) {
        let names: BTreeSet<&str> = old
            .shared_codes
            .iter()
            .chain(&new.shared_codes)
            .map(|c| c.code.as_str())
            .collect();
        for code in names {
            let mut users: BTreeSet<String> = BTreeSet::new();
            for m in [old, new] {
                for a in &m.apis {
                    if a.result_codes.iter().any(|c| c.code == code && c.shared) {
                        users.insert(format!("{} result codes (inbound)", a.name));
                    }
                }
            }
            let place = Place {
                group: format!("shared code {code}"),
                api: None,
                message: Some("result_codes"),
                prefix: String::new(),
                flows: vec![Flow::Inbound],
                affects: users.into_iter().collect(),
            };
            let used = if place.affects.is_empty() {
                " (not used by any API)".to_string()
            } else {
                String::new()
            };
            match (shared(old, code), shared(new, code)) {
                (Some(c), None) => self.at(
                    &place,
                    code,
                    Kind::CodeRemoved,
                    if place.affects.is_empty() {
                        Level::Patch
                    } else {
                        Level::Major
                    },
                    format!(
                        "code {code} ({}): removed from spec/codes/{used}",
                        c.status.letter()
                    ),
                ),
                (None, Some(c)) => self.at(
                    &place,
                    code,
                    Kind::CodeAdded,
                    if place.affects.is_empty() {
                        Level::Patch
                    } else {
                        Level::Minor
                    },
                    format!(
                        "code {code} ({}): added to spec/codes/{used}",
                        c.status.letter()
                    ),
                ),
                (Some(o), Some(n)) => {
                    if o.status != n.status {
                        self.at(
                            &place,
                            code,
                            Kind::CodeStatusChanged,
                            Level::Major,
                            status_detail(o, n),
                        );
                    }
                    if o.action.as_ref().map(|a| a.kind) != n.action.as_ref().map(|a| a.kind) {
                        self.at(
                            &place,
                            code,
                            Kind::CodeActionChanged,
                            Level::Major,
                            action_detail(o, n),
                        );
                    }
                    if docs_of(o) != docs_of(n) || o.provenance.sources != n.provenance.sources {
                        self.at(
                            &place,
                            code,
                            Kind::CodeDocsChanged,
                            Level::Patch,
                            format!("code {code}: message, action text or sources changed (documentation only)"),
                        );
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn sources(&mut self, old: &Model, new: &Model) {
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
