//! Messages: a request or response, its fields, examples and relations.

use std::path::Path;

use super::{Checker, Types};
use crate::model::{self, Flow};
use crate::spec::raw;

impl Checker {
    pub(super) fn message(
        &mut self,
        rel: &Path,
        m: &raw::Message,
        types: &Types<'_>,
        flow: Flow,
        owner: &str,
    ) -> model::Message {
        let fields = self.fields(rel, &m.fields, types, owner);
        self.field_conditions(rel, m, types);
        let examples = self.example_list(rel, m);
        let relations = self.relations(rel, m, types);
        model::Message {
            description: m.description.clone(),
            flow,
            fields,
            examples,
            relations,
        }
    }

    /// The examples, each cited (checked against the rules in [`super::examples`]).
    fn example_list(&mut self, rel: &Path, m: &raw::Message) -> Vec<model::Example> {
        m.examples
            .iter()
            .map(|e| {
                self.cite(rel, &e.sources, &e.title);
                model::Example {
                    title: e.title.value.clone(),
                    title_zh: e.title_zh.clone(),
                    json: e.json.value.clone(),
                    contradicts: e.contradicts.iter().map(|c| c.value.clone()).collect(),
                    sources: e.sources.iter().map(|s| s.value.clone()).collect(),
                }
            })
            .collect()
    }
}
