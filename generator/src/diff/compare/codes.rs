//! Changes to result codes: an API's table and the shared codes.

use std::collections::BTreeSet;

use super::{Cx, Place};
use crate::diff::{Kind, Level};
use crate::model::{Api, Flow, Model, ResultCode};

impl Cx {
    pub(super) fn api_codes(&mut self, old_model: &Model, new_model: &Model, o: &Api, n: &Api) {
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
                    "code {} ({}): added (inbound: receivers already accepted it as Unknown(\"{}\") and decide by the status; it now decodes to its own variant, and the result-code enum is #[non_exhaustive], so matches still compile)",
                    c.code,
                    c.status.letter(),
                    c.code
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

    pub(super) fn shared_codes(&mut self, old: &Model, new: &Model) {
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
