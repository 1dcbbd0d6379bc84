//! The documents' example messages: each parses, and satisfies its
//! message's rules except where its `contradicts` names a discrepancy.

use std::path::Path;

use super::Checker;
use crate::model::{self, rules};
use crate::spec::raw::{self, Sp};

impl Checker {
    /// Every example message parses and satisfies its message's rules, except
    /// at the places its `contradicts` names, where it must break them.
    pub(super) fn examples(
        &mut self,
        rel: &Path,
        a: &raw::ApiFile,
        api: &model::Api,
        types: &[model::TypeDef],
    ) {
        for (part, raw_msg, msg) in [
            ("request", &a.request, &api.request),
            ("response", &a.response, &api.response),
        ] {
            for e in &raw_msg.examples {
                self.example(rel, part, e, api, msg, types);
            }
        }
    }

    /// One example of the request or response (`part`).
    fn example(
        &mut self,
        rel: &Path,
        part: &str,
        e: &raw::MessageExample,
        api: &model::Api,
        msg: &model::Message,
        types: &[model::TypeDef],
    ) {
        let title = e.title.value.clone();
        let value: serde_json::Value = match serde_json::from_str(&e.json.value) {
            Ok(v) => v,
            Err(err) => {
                self.err(
                    rel,
                    &e.json,
                    format!(
                        "example `{title}` of the {part} is not JSON: {} (line {}, column {} of the example)",
                        json_error_text(&err),
                        err.line(),
                        err.column()
                    ),
                )
                .help("copy the document's example exactly; it must be one JSON object");
                return;
            }
        };
        let places = self.contradicted_places(rel, part, &title, e, api);
        let violations = rules::message_violations(types, msg, &value);
        let covered = |path: &str, place: &str| {
            path == place
                || path.starts_with(&format!("{place}."))
                || path.starts_with(&format!("{place}["))
        };
        for (path, what) in &violations {
            if !places.iter().any(|(_, p)| covered(path, p)) {
                self.err(
                    rel,
                    &e.json,
                    if path.is_empty() {
                        format!("example `{title}` of the {part}: the message {what}")
                    } else {
                        format!("example `{title}` of the {part}: `{path}` {what}")
                    },
                )
                .help("copy the example exactly as the document gives it; if the document's example really breaks the rule, record the readings under `discrepancies:` and name that subject in the example's `contradicts`");
            }
        }
        for (c, p) in &places {
            if !violations.iter().any(|(path, _)| covered(path, p)) {
                self.err(
                    rel,
                    *c,
                    format!(
                        "example `{title}` of the {part} does not contradict `{}`: it satisfies the rules there",
                        c.value
                    ),
                )
                .help("remove it from `contradicts` (the spec now accepts the example there)");
            }
        }
    }

    /// The places the example's `contradicts` names (paths inside `part`),
    /// each a discrepancy subject of the API.
    fn contradicted_places<'e>(
        &mut self,
        rel: &Path,
        part: &str,
        title: &str,
        e: &'e raw::MessageExample,
        api: &model::Api,
    ) -> Vec<(&'e Sp<String>, String)> {
        let mut places: Vec<(&'e Sp<String>, String)> = Vec::new();
        for c in &e.contradicts {
            let known = api.discrepancies.iter().any(|d| d.subject == c.value);
            let path = c
                .value
                .strip_prefix(&format!("{part}."))
                .map(str::to_string);
            match path {
                Some(p) if known => places.push((c, p)),
                _ => {
                    let subjects: Vec<&str> = api
                        .discrepancies
                        .iter()
                        .map(|d| d.subject.as_str())
                        .filter(|s| s.starts_with(&format!("{part}.")))
                        .collect();
                    self.err(
                        rel,
                        c,
                        format!(
                            "`contradicts: {}` of example `{title}` is not a discrepancy subject of this API's {part}",
                            c.value
                        ),
                    )
                    .help(if subjects.is_empty() {
                        format!("record the disagreement under `discrepancies:` with `subject: {part}.<field>` first, then name that subject here")
                    } else {
                        format!("name one of: {}", subjects.join(", "))
                    });
                }
            }
        }
        places
    }
}

/// serde_json's message without its own ` at line L column C` (the caller
/// says where, relative to the example).
fn json_error_text(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
