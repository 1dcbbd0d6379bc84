//! `discrepancies`: where the documents disagree, each reading cited, the
//! subject naming something in the API.

use std::path::Path;

use super::conditions::resolve_path;
use super::{Checker, Types};
use crate::model;
use crate::spec::raw;

impl Checker {
    /// The API's discrepancies: a subject that exists, two readings or more.
    pub(super) fn discrepancies(
        &mut self,
        rel: &Path,
        a: &raw::ApiFile,
        codes: &[model::ResultCode],
        types: &Types<'_>,
    ) -> Vec<model::Discrepancy> {
        let mut discrepancies = Vec::new();
        for d in &a.discrepancies {
            if !self.subject_exists(&d.subject.value, &a.request, &a.response, codes, types) {
                let s = d.subject.value.clone();
                self.err(rel, &d.subject, format!("discrepancy subject `{s}` names nothing in this API"))
                    .help("write `api`, `http`, `retry`, `request.<field>[.<child>]`, `response.<field>[.<child>]` or `result_codes.<CODE>`");
            }
            if d.readings.len() < 2 {
                self.err(rel, &d.subject, "a discrepancy needs at least two readings")
                    .help("record each source's reading, the one adopted included");
            }
            for r in &d.readings {
                let srcs = [r.source.clone()];
                self.cite(rel, &srcs, &r.source);
            }
            discrepancies.push(model::Discrepancy {
                subject: d.subject.value.clone(),
                summary: d.summary.clone(),
                readings: d
                    .readings
                    .iter()
                    .map(|r| model::Reading {
                        source: r.source.value.clone(),
                        reading: r.reading.clone(),
                    })
                    .collect(),
                adopted: d.adopted.clone(),
                reason: d.reason.clone(),
            });
        }
        discrepancies
    }

    /// Whether `subject` (`api`, `request.<path>`, `result_codes.<CODE>`, ...)
    /// names something in this API.
    fn subject_exists(
        &self,
        subject: &str,
        req: &raw::Message,
        resp: &raw::Message,
        codes: &[model::ResultCode],
        types: &Types<'_>,
    ) -> bool {
        let mut parts = subject.split('.');
        match parts.next() {
            Some("api" | "http" | "retry") => parts.next().is_none(),
            Some("result_codes") => {
                let code = parts.next();
                let rest = parts.next();
                rest.is_none_or(|r| ["status", "message", "action"].contains(&r))
                    && code.is_some_and(|c| codes.iter().any(|k| k.code == c))
                    && parts.next().is_none()
            }
            Some(m @ ("request" | "response")) => {
                let msg = if m == "request" { req } else { resp };
                let path: Vec<&str> = parts.collect();
                !path.is_empty() && resolve_path(&msg.fields, &path, types).is_some()
            }
            _ => false,
        }
    }
}
