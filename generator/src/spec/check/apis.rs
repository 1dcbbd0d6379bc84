//! APIs (`apis/*.yaml`): names and files, HTTP, and the parts of one API,
//! each checked by its own step.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Checker, SharedCodes, Types, prov};
use crate::model::{self, Flow};
use crate::naming::names::{RESERVED_MODULES, RESERVED_PAGES};
use crate::spec::raw;

impl Checker {
    /// Every API checked (with its examples), in name order: each name well
    /// formed, in its own file, free, defined once.
    pub(super) fn apis(
        &mut self,
        parsed: &[(PathBuf, raw::ApiFile)],
        raw_types: &Types<'_>,
        shared: &SharedCodes<'_>,
        types: &[model::TypeDef],
    ) -> Vec<model::Api> {
        let mut apis: BTreeMap<String, model::Api> = BTreeMap::new();
        let mut api_files: BTreeMap<String, PathBuf> = BTreeMap::new();
        for (rel, a) in parsed {
            let name = &a.name.value;
            if !is_api_name(name) {
                self.err(
                    rel,
                    &a.name,
                    format!("API name `{name}` is not lowerCamelCase ASCII"),
                )
                .help("write the name as the documents do, e.g. `notifyCapture` or `capture`");
            }
            self.stem_matches(rel, &a.name, "API");
            let module =
                crate::naming::ident::strip_raw(&crate::naming::ident::to_snake(name)).to_string();
            if RESERVED_MODULES.contains(&module.as_str())
                || RESERVED_PAGES.contains(&name.as_str())
            {
                self.err(
                    rel,
                    &a.name,
                    format!("API name `{name}` is taken by a generated file (`src/{module}.rs` or `docs/{name}.md`)"),
                )
                .help(format!(
                    "rename the API: {} are the crate's own modules and files or crates its code names, {} the docs' own pages",
                    RESERVED_MODULES.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", "),
                    RESERVED_PAGES.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
                ));
                continue;
            }
            if let Some(other) = api_files.get(name) {
                let other = other.display().to_string();
                self.err(
                    rel,
                    &a.name,
                    format!("API `{name}` is also defined in {other}"),
                )
                .help("define each API once");
                continue;
            }
            api_files.insert(name.clone(), rel.clone());
            if let Some(api) = self.api(rel, a, parsed, raw_types, shared) {
                self.examples(rel, a, &api, types);
                apis.insert(name.clone(), api);
            }
        }
        self.camel_collisions(
            parsed
                .iter()
                .map(|(rel, a)| (rel.as_path(), &a.name, a.name.value.as_str())),
            "API name",
        );
        apis.into_values().collect()
    }

    fn api(
        &mut self,
        rel: &Path,
        a: &raw::ApiFile,
        parsed: &[(PathBuf, raw::ApiFile)],
        types: &Types<'_>,
        shared: &SharedCodes<'_>,
    ) -> Option<model::Api> {
        let name = &a.name.value;
        self.cite(rel, &a.sources, &a.name);
        let direction = a.direction.value;
        let (req_flow, resp_flow) = match direction {
            model::Direction::Notification => (Flow::Inbound, Flow::Outbound),
            model::Direction::Request => (Flow::Outbound, Flow::Inbound),
        };
        let http = a.http.as_ref().map(|h| self.http(rel, h));
        self.pending_only_on_notify_type(rel, a);
        let request = self.message(
            rel,
            &a.request,
            types,
            req_flow,
            &format!("`{name}` request"),
        );
        let response = self.message(
            rel,
            &a.response,
            types,
            resp_flow,
            &format!("`{name}` response"),
        );
        let codes = self.api_result_codes(rel, a, shared);
        let retry = a.retry.as_ref().map(|r| self.retry(rel, r, direction));
        let inquiry = a
            .inquiry
            .as_ref()
            .map(|i| self.inquiry(rel, i, direction, parsed));
        let outcome_field = a
            .outcome_field
            .as_ref()
            .map(|o| self.outcome_field(rel, o, direction, &request));
        let discrepancies = self.discrepancies(rel, a, &codes, types);
        Some(model::Api {
            name: name.clone(),
            title: a.title.clone(),
            description: a.description.clone(),
            description_zh: a.description_zh.clone(),
            direction,
            http,
            request,
            response,
            result_codes: codes,
            retry,
            inquiry,
            outcome_field,
            discrepancies,
            provenance: prov(rel, &a.name, &a.sources),
        })
    }

    /// `http`: a known method, a path without host or spaces.
    fn http(&mut self, rel: &Path, h: &raw::Http) -> model::Http {
        let m = h.method.value.clone();
        if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&m.as_str()) {
            self.err(
                rel,
                &h.method,
                format!("HTTP method `{m}` is not one of GET, POST, PUT, PATCH, DELETE"),
            )
            .help("write the method in capitals as the document does, e.g. `POST`");
        }
        if let Some(p) = &h.path
            && (!p.value.starts_with('/') || p.value.contains(char::is_whitespace))
        {
            self.err(
                rel,
                p,
                format!(
                    "HTTP path `{}` must start with `/` and contain no spaces",
                    p.value
                ),
            )
            .help("write the path without the host, e.g. `/v2/payments/capture`");
        }
        model::Http {
            method: m,
            path: h.path.as_ref().map(|p| p.value.clone()),
            note: h.note.clone(),
        }
    }
}

fn is_api_name(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}
