//! Changes to fields: added, removed, required, lengths, types, enum values, narrowings.

use std::collections::BTreeSet;

use super::{Cx, Place, opt, verdict};
use crate::diff::{Kind, Level};
use crate::model::{ChildConstraint, Condition, EnumValue, Field, FieldType, Flow};

impl Cx {
    /// Compares two field lists at `place` (a message or a shared type).
    pub(super) fn fields(&mut self, p: &Place, old: &[Field], new: &[Field]) {
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

    pub(super) fn field(&mut self, p: &Place, o: &Field, n: &Field) {
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
            // Judged on the wire and in Rust, the stricter of the two: the
            // constructor of what the merchant sends takes exactly the required
            // fields, and the checked view of what Alipay sends has them as
            // plain values, its optional ones as `Option`s.
            let v = verdict(&p.flows, |flow| {
                match (flow, to_required) {
                (Flow::Outbound, true) => (
                    Level::Major,
                    "merchants must now send it; `new` takes it as a parameter".into(),
                ),
                (Flow::Inbound, true) => (
                    Level::Major,
                    "Alipay now always sends it, but its checked-view field changes from `Option<T>` to `T`, so code reading it no longer compiles".into(),
                ),
                (Flow::Inbound, false) => (
                    Level::Major,
                    "Alipay may now omit it; code that relied on its presence breaks, and its checked-view field becomes an `Option`".into(),
                ),
                (Flow::Outbound, false) => (
                    Level::Major,
                    "merchants may now omit it, but `new` loses its parameter (and a strict struct's field becomes an `Option`), so code that builds the message no longer compiles".into(),
                ),
            }
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
                    Level::Patch,
                    format!(
                        "an expectation: values Alipay sends longer than {limit} give a notice, never a refusal"
                    ),
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

    pub(super) fn enum_values(
        &mut self,
        p: &Place,
        name: &str,
        old: &[EnumValue],
        new: &[EnumValue],
    ) {
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
            let verdict = verdict(&p.flows, |flow| {
                match flow {
                Flow::Outbound => (
                    Level::Minor,
                    "merchants need not send it; the enum is #[non_exhaustive], so matches still compile".into(),
                ),
                Flow::Inbound => (
                    Level::Minor,
                    format!(
                        "receivers already accepted it as Unknown(\"{}\"), which now decodes to its own variant; the enum is #[non_exhaustive], so matches still compile",
                        v.value
                    ),
                ),
            }
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
            if o.pending != n.pending {
                let what = if n.pending {
                    "now pending: its notifications' outcome() is Pending whatever resultStatus says"
                } else {
                    "no longer pending: its notifications' outcome() now follows resultStatus"
                };
                // A notification decided as succeeded may now be pending (or the reverse):
                // merchant code acting on the outcome behaves differently.
                self.at(
                    p,
                    name,
                    Kind::OutcomeChanged,
                    Level::Major,
                    format!("field {name}: notifyType {} {what}", o.value),
                );
            }
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

    pub(super) fn constraints(
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
            // `fixed: X` is `allowed: [X]`; neither allows any value of the type.
            let effective = |c: Option<&ChildConstraint>| -> Vec<String> {
                match c {
                    Some(c) => match &c.fixed {
                        Some(f) => vec![f.clone()],
                        None => c.allowed.clone(),
                    },
                    None => Vec::new(),
                }
            };
            let (oall, nall) = (effective(o), effective(n));
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
                        Level::Patch,
                        "an expectation: a removed value gives a notice, never a refusal".into(),
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
            let (odef, ndef) = (
                o.and_then(|c| c.default.clone()),
                n.and_then(|c| c.default.clone()),
            );
            if odef != ndef && oall == nall && o.is_some() && n.is_some() {
                self.at(
                    p,
                    &path,
                    Kind::ConstraintChanged,
                    Level::Minor,
                    at(format!(
                        "value written by the generated code {} -> {}",
                        opt(&odef),
                        opt(&ndef)
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

fn cond_text(c: &Option<Condition>) -> String {
    match c {
        Some(c) => format!("{} in [{}]", c.field.join("."), c.one_of.join(", ")),
        None => "none".into(),
    }
}

fn wire_name(w: crate::model::Wire) -> &'static str {
    match w {
        crate::model::Wire::String => "a JSON string",
        crate::model::Wire::Native => "a JSON number or boolean",
    }
}
