//! Printing a [`Report`]: text for people, JSON for programs.

use serde_json::{Value, json};

use super::{FlowTag, Level, Report};

const RED: &str = "\x1b[1;31m";
const GREEN: &str = "\x1b[32m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

fn label(level: Level) -> &'static str {
    match level {
        Level::Major => "BREAKING",
        Level::Minor => "minor",
        Level::Patch => "patch",
    }
}

/// The proposed version bump of alipay-models, as a sentence.
pub fn proposal(report: &Report) -> String {
    match report.level() {
        None => "no change: no release needed".into(),
        Some(Level::Major) => {
            "major (alipay-models is 0.x: bump the minor version, 0.x.y -> 0.(x+1).0)".into()
        }
        Some(Level::Minor) => {
            "minor: additions only (alipay-models is 0.x: bump the patch version)".into()
        }
        Some(Level::Patch) => "patch: documentation only".into(),
    }
}

/// Text for people: changes grouped under `api / message` headings, one line
/// each, then a summary and the proposed bump. ANSI colors when `color`.
pub fn text(report: &Report, color: bool) -> String {
    let paint = |code: &str, s: &str| {
        if color {
            format!("{code}{s}{RESET}")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    out.push_str(&format!(
        "diff {} -> {}\n",
        report.old_label, report.new_label
    ));
    let mut group: Option<&str> = None;
    for c in &report.changes {
        if group != Some(c.group.as_str()) {
            group = Some(&c.group);
            let flow = match (c.message.as_deref(), c.flow) {
                (Some("request" | "response"), Some(FlowTag::Inbound)) => {
                    "  (inbound: Alipay -> merchant)"
                }
                (Some("request" | "response"), Some(FlowTag::Outbound)) => {
                    "  (outbound: merchant -> Alipay)"
                }
                (Some("request" | "response"), Some(FlowTag::Both)) => "  (flow changed)",
                _ => "",
            };
            out.push('\n');
            out.push_str(&paint(BOLD, &c.group));
            out.push_str(flow);
            out.push('\n');
            if !c.affects.is_empty() {
                out.push_str(&format!("  used by: {}\n", c.affects.join(", ")));
            }
        }
        let l = format!("{:<8}", label(c.level));
        let l = match c.level {
            Level::Major => paint(RED, &l),
            Level::Minor => paint(GREEN, &l),
            Level::Patch => paint(DIM, &l),
        };
        out.push_str(&format!("  {l}  {}\n", c.detail));
    }
    if report.changes.is_empty() {
        out.push_str("\nno changes\n");
    }
    out.push('\n');
    out.push_str(&format!(
        "{} breaking, {} compatible (minor), {} documentation only (patch)\n",
        report.count(Level::Major),
        report.count(Level::Minor),
        report.count(Level::Patch)
    ));
    let routed = report
        .changes
        .iter()
        .filter(|c| c.kind == super::Kind::NotifyTypeRouted)
        .count();
    if routed > 0 {
        out.push_str(&format!(
            "{routed} behaviour change(s) in the notification dispatch: code compiles, but notifications reach other match arms (see \"notification dispatch\")\n"
        ));
    }
    let bump = format!("proposed bump for alipay-models: {}", proposal(report));
    out.push_str(&if report.breaking() {
        paint(RED, &bump)
    } else {
        bump
    });
    out.push('\n');
    out
}

/// The JSON document (shape documented in [`super`]).
pub fn json(report: &Report) -> Value {
    let changes: Vec<Value> = report
        .changes
        .iter()
        .map(|c| {
            json!({
                "group": c.group,
                "api": c.api,
                "message": c.message,
                "path": c.path,
                "kind": c.kind,
                "class": c.level.class(),
                "bump": c.level.bump(),
                "flow": c.flow,
                "detail": c.detail,
                "affects": c.affects,
            })
        })
        .collect();
    json!({
        "old": report.old_label,
        "new": report.new_label,
        "breaking": report.breaking(),
        "semver": report.level().map_or("none", |l| l.bump()),
        "semver_0x": report.level().map_or("none", |l| l.bump_0x()),
        "summary": {
            "breaking": report.count(Level::Major),
            "minor": report.count(Level::Minor),
            "patch": report.count(Level::Patch),
            "behaviour": report.changes.iter().filter(|c| c.kind == super::Kind::NotifyTypeRouted).count(),
        },
        "changes": changes,
    })
}

pub fn json_string(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(&json(report)).expect("a JSON value serializes");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::text;
    use crate::diff::{Change, FlowTag, Kind, Level, Report};

    #[test]
    fn colors_only_when_asked() {
        let report = Report {
            old_label: "a".into(),
            new_label: "b".into(),
            changes: vec![Change {
                group: "capture / request".into(),
                api: Some("capture".into()),
                message: Some("request".into()),
                path: "x".into(),
                kind: Kind::FieldRemoved,
                level: Level::Major,
                flow: Some(FlowTag::Outbound),
                detail: "field x: removed".into(),
                affects: Vec::new(),
            }],
        };
        let plain = text(&report, false);
        assert!(!plain.contains('\x1b'));
        assert!(plain.contains(
            "capture / request  (outbound: merchant -> Alipay)\n  BREAKING  field x: removed\n"
        ));
        let colored = text(&report, true);
        assert!(colored.contains("\x1b[1;31mBREAKING\x1b[0m  field x: removed"));
    }
}
