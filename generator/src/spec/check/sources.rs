//! `sources.yaml`, and every citation of it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::Checker;
use crate::diagnostics::did_you_mean;
use crate::model;
use crate::spec::raw::{self, Sp};

impl Checker {
    /// The sources of sources.yaml by id: each id well formed and defined once.
    pub(super) fn sources_file(
        &mut self,
        file: Option<&(PathBuf, raw::SourcesFile)>,
    ) -> BTreeMap<String, model::Source> {
        let mut sources = BTreeMap::new();
        let Some((rel, file)) = file else {
            return sources;
        };
        for s in &file.sources {
            let id = &s.id.value;
            if !is_source_id(id) {
                self.err(
                    rel,
                    &s.id,
                    format!("source id `{id}` is not of the form `S0` or `IDOCS-NC`"),
                )
                .help("use capital letters, digits and `-`, starting with a letter or digit");
            }
            if sources.contains_key(id) {
                self.err(rel, &s.id, format!("source `{id}` is defined twice"))
                    .help("give each document one entry");
                continue;
            }
            sources.insert(
                id.clone(),
                model::Source {
                    id: id.clone(),
                    title: s.title.clone(),
                    seed: s.seed.clone(),
                    location: s.location.clone(),
                    language: s.language.clone(),
                    date: s.date.clone(),
                    note: s.note.clone(),
                },
            );
        }
        sources
    }

    /// Every cited source must be listed in sources.yaml.
    pub(super) fn cite<T>(&mut self, rel: &Path, sources: &[Sp<String>], owner: &Sp<T>) {
        if sources.is_empty() {
            self.err(rel, owner, "`sources` is empty").help(
                "cite at least one document from sources.yaml, so that every fact can be traced",
            );
        }
        let known = self.sources.clone();
        let mut seen = BTreeSet::new();
        for s in sources {
            if self.sources_read && !known.contains(&s.value) {
                let hint = match did_you_mean(&s.value, known.iter().map(String::as_str)) {
                    Some(m) => format!("did you mean `{m}`? Sources are defined in sources.yaml"),
                    None => {
                        "add the document to sources.yaml, or cite one that is listed there".into()
                    }
                };
                self.err(rel, s, format!("unknown source `{}`", s.value))
                    .help(hint);
            }
            if !seen.insert(&s.value) {
                self.err(rel, s, format!("source `{}` is cited twice here", s.value))
                    .help("cite each document once");
            }
        }
    }
}

fn is_source_id(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}
