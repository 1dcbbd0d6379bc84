//! Interpretation: parsed YAML ([`super::raw`]) -> checked model
//! ([`crate::model`]). Every problem is collected; nothing stops at the first.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::diag::{Diagnostic, Diagnostics, did_you_mean};
use super::load::SpecFiles;
use super::parse::parse_all;
use super::raw::{self, Sp, TypeKind};
use crate::ident;
use crate::model::{self, Flow, Model, Provenance, Status, rules};

use crate::names::{RESERVED_MODULES, RESERVED_PAGES};

/// Checks the spec files and builds the model, or returns every problem found.
pub fn check(files: &SpecFiles) -> Result<Model, Diagnostics> {
    let mut diags = Diagnostics::default();
    let parsed = parse_all(files, &mut diags);
    let mut cx = Checker {
        diags,
        sources: BTreeSet::new(),
        // Without a readable sources.yaml, every citation would be reported
        // as unknown: one cause, reported once (by the loader).
        sources_read: parsed.sources.is_some(),
    };

    // Sources.
    let mut sources = BTreeMap::new();
    if let Some((rel, file)) = &parsed.sources {
        for s in &file.sources {
            let id = &s.id.value;
            if !is_source_id(id) {
                cx.err(
                    rel,
                    &s.id,
                    format!("source id `{id}` is not of the form `S0` or `IDOCS-NC`"),
                )
                .help("use capital letters, digits and `-`, starting with a letter or digit");
            }
            if sources.contains_key(id) {
                cx.err(rel, &s.id, format!("source `{id}` is defined twice"))
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
    }
    cx.sources = sources.keys().cloned().collect();

    // Shared types: names first, so fields can refer to any of them.
    let mut raw_types: BTreeMap<String, (&PathBuf, &raw::TypeFile)> = BTreeMap::new();
    for (rel, t) in &parsed.types {
        let name = &t.name.value;
        if !is_type_name(name) {
            cx.err(rel, &t.name, format!("type name `{name}` is not UpperCamelCase ASCII"))
                .help("type names start with a capital letter and contain letters and digits only, e.g. `PspCustomerInfo`");
        }
        cx.stem_matches(rel, &t.name, "type");
        if let Some((other, _)) = raw_types.get(name) {
            let other = other.display().to_string();
            cx.err(
                rel,
                &t.name,
                format!("type `{name}` is also defined in {other}"),
            )
            .help("define each shared type once");
            continue;
        }
        raw_types.insert(name.clone(), (rel, t));
    }
    let mut types = Vec::new();
    for (rel, t) in raw_types.values() {
        cx.cite(rel, &t.sources, &t.name);
        for f in &t.fields {
            for v in &f.values {
                if let Some(p) = &v.pending {
                    cx.err(rel, p, format!("`pending` on value `{}` of `{}`: only a notification's `notifyType` values can be pending", v.value.value, f.name.value))
                        .help("remove `pending`; it marks a notifyType whose notification is not final (e.g. PAYMENT_PENDING)");
                }
            }
        }
        let fields = cx.fields(
            rel,
            &t.fields,
            &raw_types,
            &format!("type `{}`", t.name.value),
        );
        types.push(model::TypeDef {
            name: t.name.value.clone(),
            description: t.description.clone(),
            description_zh: t.description_zh.clone(),
            fields,
            provenance: prov(rel, &t.name, &t.sources),
        });
    }
    cx.cycles(&raw_types);

    // Shared result codes.
    let mut shared: BTreeMap<String, (PathBuf, &raw::ResultCode, model::ResultCode)> =
        BTreeMap::new();
    for (rel, file) in &parsed.codes {
        for c in &file.codes {
            let Some(code) = cx.code(rel, c, true) else {
                continue;
            };
            if let Some((orel, oraw, ocode)) = shared.get(&code.code) {
                let where_ = format!("{}:{}", orel.display(), oraw.code.line);
                if same_code(ocode, &code) {
                    cx.err(
                        rel,
                        &c.code,
                        format!(
                            "shared code `{}` is defined twice (also at {where_})",
                            code.code
                        ),
                    )
                    .help("remove one of the two definitions");
                } else {
                    cx.err(
                        rel,
                        &c.code,
                        format!(
                            "conflicting definitions of shared code `{}`: this one says {} `{}`, {where_} says {} `{}`",
                            code.code,
                            code.status.letter(),
                            code.message,
                            ocode.status.letter(),
                            ocode.message
                        ),
                    )
                    .help("a shared code has one definition; keep the right one, and record the other reading under the API's `discrepancies`");
                }
                continue;
            }
            shared.insert(code.code.clone(), (rel.clone(), c, code));
        }
    }
    cx.camel_collisions(
        shared
            .values()
            .map(|(rel, raw, c)| (rel.as_path(), &raw.code, c.code.as_str())),
        "result code",
    );

    // APIs.
    let mut apis: BTreeMap<String, model::Api> = BTreeMap::new();
    let mut api_files: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (rel, a) in &parsed.apis {
        let name = &a.name.value;
        if !is_api_name(name) {
            cx.err(
                rel,
                &a.name,
                format!("API name `{name}` is not lowerCamelCase ASCII"),
            )
            .help("write the name as the documents do, e.g. `notifyCapture` or `capture`");
        }
        cx.stem_matches(rel, &a.name, "API");
        let module = crate::ident::strip_raw(&crate::ident::to_snake(name)).to_string();
        if RESERVED_MODULES.contains(&module.as_str()) || RESERVED_PAGES.contains(&name.as_str()) {
            cx.err(
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
            cx.err(
                rel,
                &a.name,
                format!("API `{name}` is also defined in {other}"),
            )
            .help("define each API once");
            continue;
        }
        api_files.insert(name.clone(), rel.clone());
        if let Some(api) = cx.api(rel, a, &raw_types, &shared) {
            cx.examples(rel, a, &api, &types);
            apis.insert(name.clone(), api);
        }
    }
    cx.camel_collisions(
        parsed
            .apis
            .iter()
            .map(|(rel, a)| (rel.as_path(), &a.name, a.name.value.as_str())),
        "API name",
    );

    let mut diags = cx.diags;
    if !diags.is_empty() {
        diags.finish();
        return Err(diags);
    }
    let mut hasher = Sha256Hasher::default();
    for (p, bytes) in &files.files {
        hasher.update(p.to_string_lossy().replace('\\', "/").as_bytes());
        hasher.update(&[0]);
        hasher.update(bytes);
        hasher.update(&[0]);
    }
    let model = Model {
        sources,
        types,
        shared_codes: shared.into_values().map(|(_, _, c)| c).collect(),
        apis: apis.into_values().collect(),
        files: files.files.iter().map(|(p, _)| p.clone()).collect(),
        spec_hash: hasher.finish(),
    };
    // Whole-model checks: what the emitters will make of it.
    let mut diags = Diagnostics(super::gate::check_model(&model));
    if !diags.is_empty() {
        diags.finish();
        return Err(diags);
    }
    Ok(model)
}

#[derive(Default)]
struct Sha256Hasher(sha2::Sha256);

impl Sha256Hasher {
    fn update(&mut self, b: &[u8]) {
        use sha2::Digest;
        self.0.update(b);
    }
    fn finish(self) -> String {
        use sha2::Digest;
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

fn same_code(a: &model::ResultCode, b: &model::ResultCode) -> bool {
    a.status == b.status
        && a.message == b.message
        && a.action == b.action
        && a.message_zh == b.message_zh
        && a.mistranslated == b.mistranslated
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

fn prov<T>(rel: &Path, at: &Sp<T>, sources: &[Sp<String>]) -> Provenance {
    Provenance {
        file: rel.to_string_lossy().replace('\\', "/"),
        line: at.line,
        sources: sources.iter().map(|s| s.value.clone()).collect(),
    }
}

fn is_source_id(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

fn is_type_name(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_api_name(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Names of wire fields: letters, digits, `_`, at least one letter or digit.
fn is_wire_name(s: &str) -> bool {
    ident::is_convertible(s)
}

/// Result codes: `UPPER_SNAKE`, digits allowed anywhere.
fn is_code_name(s: &str) -> bool {
    ident::is_convertible(s) && !s.chars().any(|c| c.is_ascii_lowercase())
}

/// `0s`, `2m`, `1h`, `1d` -> seconds.
fn parse_duration(s: &str) -> Option<u64> {
    let unit = s.chars().last()?;
    let body = &s[..s.len() - unit.len_utf8()];
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u64 = body.parse().ok()?;
    let mul = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86400,
        _ => return None,
    };
    n.checked_mul(mul)
}

struct Checker {
    diags: Diagnostics,
    sources: BTreeSet<String>,
    sources_read: bool,
}

/// A pushed diagnostic that can still take help text.
struct Pushed<'a>(&'a mut Diagnostic);

impl Pushed<'_> {
    fn help(self, h: impl Into<String>) {
        self.0.help = Some(h.into());
    }
}

impl Checker {
    fn err<T>(&mut self, rel: &Path, at: &Sp<T>, msg: impl Into<String>) -> Pushed<'_> {
        self.diags
            .push(Diagnostic::new(rel, at.line, at.column, msg));
        Pushed(self.diags.0.last_mut().expect("just pushed"))
    }

    fn stem_matches(&mut self, rel: &Path, name: &Sp<String>, what: &str) {
        let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if stem != name.value {
            let n = name.value.clone();
            self.err(
                rel,
                name,
                format!("{what} `{n}` is in a file named `{stem}.yaml`"),
            )
            .help(format!(
                "name the file `{n}.yaml`, so that each {what} is found where its name says"
            ));
        }
    }

    /// Every cited source must be listed in sources.yaml.
    fn cite<T>(&mut self, rel: &Path, sources: &[Sp<String>], owner: &Sp<T>) {
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

    fn camel_collisions<'a, T: 'a>(
        &mut self,
        items: impl Iterator<Item = (&'a Path, &'a Sp<T>, &'a str)>,
        what: &str,
    ) {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (rel, at, name) in items {
            let id = ident::to_upper_camel(name);
            match seen.get(&id) {
                Some(other) if other != name => {
                    let other = other.clone();
                    self.err(
                        rel,
                        at,
                        format!("{what} `{name}` and `{other}` both become the Rust name `{id}`"),
                    )
                    .help("rename one of them; generated code needs distinct identifiers");
                }
                _ => {
                    seen.insert(id, name.to_string());
                }
            }
        }
    }

    fn code(&mut self, rel: &Path, c: &raw::ResultCode, shared: bool) -> Option<model::ResultCode> {
        self.own_code(
            rel,
            &c.code,
            &c.status,
            &c.message,
            &c.message_zh,
            c.action.as_ref(),
            &c.mistranslated,
            &c.sources,
            shared,
        )
    }

    /// The `mistranslated` marks of a result-code entry, each naming a text the
    /// entry has; sorted by text.
    fn mistranslations(
        &mut self,
        rel: &Path,
        code: &str,
        marks: &[raw::Mistranslation],
        has_message_zh: bool,
        has_action_zh: bool,
    ) -> Vec<model::Mistranslation> {
        let mut out: Vec<model::Mistranslation> = Vec::new();
        for m in marks {
            self.cite(rel, &m.sources, &m.text);
            let (exists, key) = match m.text.value {
                raw::TranslatedText::MessageZh => (has_message_zh, "message_zh"),
                raw::TranslatedText::ActionTextZh => (has_action_zh, "action.text_zh"),
            };
            if !exists {
                self.err(
                    rel,
                    &m.text,
                    format!("`mistranslated` marks `{key}` of result code `{code}`, which has no `{key}`"),
                )
                .help(format!(
                    "add the document's `{key}` to this entry, or remove the mark (on a `ref:` entry that rewords the shared code, the shared Chinese text no longer applies)"
                ));
                continue;
            }
            if m.says.trim().is_empty() {
                self.err(rel, &m.text, format!("`mistranslated` of `{key}` (result code `{code}`) has an empty `says`"))
                    .help("write what the translation actually says, in English, so a reader sees the difference");
                continue;
            }
            if out.iter().any(|o| o.text == m.text.value) {
                self.err(
                    rel,
                    &m.text,
                    format!("`{key}` of result code `{code}` is marked mistranslated twice"),
                )
                .help("mark each text once; put every source in its `sources`");
                continue;
            }
            out.push(model::Mistranslation {
                text: m.text.value,
                says: m.says.trim().to_string(),
                sources: m.sources.iter().map(|s| s.value.clone()).collect(),
            });
        }
        out.sort_by_key(|m| m.text);
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn own_code(
        &mut self,
        rel: &Path,
        code: &Sp<String>,
        status: &Sp<String>,
        message: &str,
        message_zh: &Option<String>,
        action: Option<&raw::Action>,
        mistranslated: &[raw::Mistranslation],
        sources: &[Sp<String>],
        shared: bool,
    ) -> Option<model::ResultCode> {
        let mut ok = true;
        if !is_code_name(&code.value) {
            self.err(rel, code, format!("result code `{}` is not UPPER_SNAKE_CASE ASCII", code.value))
                .help("codes are written as in the documents, e.g. `PROCESS_FAIL`: capital letters, digits and `_`");
            ok = false;
        }
        let st = match status.value.as_str() {
            "S" => Some(Status::S),
            "F" => Some(Status::F),
            "U" => Some(Status::U),
            other => {
                self.err(rel, status, format!("status `{other}` of result code `{}` is not S, F or U", code.value))
                    .help("resultStatus is `S` (success), `F` (failure) or `U` (unknown, retry or inquire)");
                None
            }
        };
        self.cite(rel, sources, code);
        let mistranslated = self.mistranslations(
            rel,
            &code.value,
            mistranslated,
            message_zh.is_some(),
            action.as_ref().is_some_and(|a| a.text_zh.is_some()),
        );
        Some(model::ResultCode {
            code: code.value.clone(),
            status: st.filter(|_| ok)?,
            message: message.to_string(),
            message_zh: message_zh.clone(),
            action: action.as_ref().map(|a| model::Action {
                kind: a.kind.value,
                text: a.text.clone(),
                text_zh: a.text_zh.clone(),
            }),
            mistranslated,
            shared,
            provenance: prov(rel, code, sources),
        })
    }

    fn api(
        &mut self,
        rel: &Path,
        a: &raw::ApiFile,
        types: &BTreeMap<String, (&PathBuf, &raw::TypeFile)>,
        shared: &BTreeMap<String, (PathBuf, &raw::ResultCode, model::ResultCode)>,
    ) -> Option<model::Api> {
        let name = &a.name.value;
        self.cite(rel, &a.sources, &a.name);
        let direction = a.direction.value;
        let (req_flow, resp_flow) = match direction {
            raw::Direction::Notification => (Flow::Inbound, Flow::Outbound),
            raw::Direction::Request => (Flow::Outbound, Flow::Inbound),
        };
        let http = a.http.as_ref().map(|h| {
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
        });
        // `pending` says what a notifyType means; it belongs nowhere else.
        for (m, is_notification_request) in [
            (&a.request, direction == raw::Direction::Notification),
            (&a.response, false),
        ] {
            for f in &m.fields {
                for v in &f.values {
                    let Some(p) = &v.pending else { continue };
                    if !(is_notification_request && f.name.value == "notifyType") {
                        self.err(
                            rel,
                            p,
                            format!(
                                "`pending` on value `{}` of `{}`: only a notification's `notifyType` values can be pending",
                                v.value.value, f.name.value
                            ),
                        )
                        .help("remove `pending`; it marks a notifyType whose notification is not final (e.g. PAYMENT_PENDING)");
                    }
                }
            }
        }
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

        // Result codes.
        let mut codes: Vec<model::ResultCode> = Vec::new();
        let mut seen: BTreeMap<String, u32> = BTreeMap::new();
        for e in &a.result_codes {
            let code = match (&e.reference, &e.code) {
                (Some(r), None) => {
                    if let Some(s) = &e.status {
                        self.err(rel, s, format!("`status` cannot be set on `ref: {}`", r.value))
                            .help("a shared code's status is defined once in spec/codes/; if this API's status differs, the code is not shared: define it here with `code:` and remove the `ref:`");
                    }
                    self.cite(rel, &e.sources, r);
                    match shared.get(&r.value) {
                        None => {
                            let hint = match did_you_mean(&r.value, shared.keys().map(String::as_str)) {
                                Some(m) => format!("did you mean `{m}`?"),
                                None => "define it in spec/codes/ (shared) or write it here with `code:` and `status:`".into(),
                            };
                            self.err(rel, r, format!("unknown shared result code `{}`", r.value))
                                .help(hint);
                            None
                        }
                        Some((_, _, c)) => {
                            let mut c = c.clone();
                            // Reworded in English: the shared Chinese text no longer
                            // translates it, so only this entry's own Chinese applies.
                            if let Some(m) = &e.message {
                                c.message = m.clone();
                                c.message_zh = e.message_zh.clone();
                            } else if e.message_zh.is_some() {
                                c.message_zh = e.message_zh.clone();
                            }
                            match &e.action {
                                Some(Some(act)) => {
                                    c.action = Some(model::Action {
                                        kind: act.kind.value,
                                        text: act.text.clone(),
                                        text_zh: act.text_zh.clone(),
                                    });
                                }
                                // `action: null`: this API's document gives none.
                                Some(None) => c.action = None,
                                None => {}
                            }
                            // A shared mark applies only to the shared text it marks.
                            let zh_replaced = e.message.is_some() || e.message_zh.is_some();
                            let action_replaced = e.action.is_some();
                            c.mistranslated.retain(|m| match m.text {
                                raw::TranslatedText::MessageZh => !zh_replaced,
                                raw::TranslatedText::ActionTextZh => !action_replaced,
                            });
                            let own = self.mistranslations(
                                rel,
                                &r.value,
                                &e.mistranslated,
                                c.message_zh.is_some(),
                                c.action.as_ref().is_some_and(|a| a.text_zh.is_some()),
                            );
                            c.mistranslated
                                .retain(|m| !own.iter().any(|o| o.text == m.text));
                            c.mistranslated.extend(own);
                            c.mistranslated.sort_by_key(|m| m.text);
                            c.provenance = prov(rel, r, &e.sources);
                            Some((r, c))
                        }
                    }
                }
                (None, Some(c)) => {
                    let Some(status) = &e.status else {
                        self.err(rel, c, format!("result code `{}` has no `status`", c.value))
                            .help("add `status: S`, `F` or `U` as the document's table says");
                        continue;
                    };
                    let Some(message) = &e.message else {
                        self.err(
                            rel,
                            c,
                            format!("result code `{}` has no `message`", c.value),
                        )
                        .help("add the document's message column as `message:`");
                        continue;
                    };
                    if let Some((orel, oraw, _)) = shared.get(&c.value) {
                        let where_ = format!("{}:{}", orel.display(), oraw.code.line);
                        self.err(rel, c, format!("result code `{}` is defined in {where_} as a shared code", c.value))
                            .help(format!("write `- ref: {}` (you may override `message` and `action`); a shared code cannot be redefined", c.value));
                        continue;
                    }
                    self.own_code(
                        rel,
                        c,
                        status,
                        message,
                        &e.message_zh,
                        e.action.as_ref().and_then(Option::as_ref),
                        &e.mistranslated,
                        &e.sources,
                        false,
                    )
                    .map(|code| (c, code))
                }
                (Some(r), Some(_)) => {
                    self.err(rel, r, "a result code entry has both `ref` and `code`")
                        .help("use `ref:` for a shared code or `code:` + `status:` for this API's own, not both");
                    None
                }
                (None, None) => {
                    let at = e.sources.first().cloned().unwrap_or(Sp::new(String::new()));
                    self.err(rel, &at, "a result code entry has neither `ref` nor `code`")
                        .help("write `- ref: CODE` or `- code: CODE` with `status` and `message`");
                    None
                }
            };
            let Some((at, code)) = code else { continue };
            if let Some(line) = seen.get(&code.code) {
                self.err(
                    rel,
                    at,
                    format!(
                        "result code `{}` is listed twice (first at line {line})",
                        code.code
                    ),
                )
                .help("list each code once per API");
                continue;
            }
            seen.insert(code.code.clone(), at.line);
            codes.push(code);
        }
        self.camel_collisions(
            a.result_codes
                .iter()
                .filter_map(|e| e.reference.as_ref().or(e.code.as_ref()))
                .map(|c| (rel, c, c.value.as_str())),
            "result code",
        );

        // Retry schedule.
        let retry = a.retry.as_ref().map(|r| {
            self.cite(rel, &r.sources, &r.max_sends);
            if direction != raw::Direction::Notification {
                self.err(rel, &r.max_sends, "`retry` is a notification's resend schedule, but this API is `direction: request`")
                    .help("remove `retry`, or set `direction: notification` if Alipay sends this request");
            }
            if r.max_sends.value == 0 {
                self.err(rel, &r.max_sends, "`max_sends: 0` means the notification is never sent")
                    .help("write how many times the document says Alipay sends it, first send included");
            }
            let mut secs = Vec::new();
            for i in &r.intervals {
                match parse_duration(&i.value) {
                    Some(s) => secs.push(s),
                    None => self
                        .err(rel, i, format!("interval `{}` is not a duration", i.value))
                        .help("write a whole number and a unit: `0s`, `2m`, `10m`, `1h`, `1d`"),
                }
            }
            if secs.iter().try_fold(0u64, |a, s| a.checked_add(*s)).is_none() {
                self.err(
                    rel,
                    &r.max_sends,
                    "the resend intervals add up to more than 2^64 seconds",
                )
                .help("write the intervals the document gives (minutes and hours, e.g. `2m`, `1h`)");
            }
            if r.intervals.len() != r.max_sends.value as usize {
                self.err(
                    rel,
                    &r.max_sends,
                    format!(
                        "max_sends is {} but {} intervals are listed",
                        r.max_sends.value,
                        r.intervals.len()
                    ),
                )
                .help("list one interval per send, the first one included (usually `0s`)");
            }
            let window_secs = r.window.as_ref().and_then(|w| {
                let s = parse_duration(&w.value);
                if s.is_none() {
                    self.err(rel, w, format!("window `{}` is not a duration", w.value))
                        .help("write a whole number and a unit, e.g. `24h`");
                }
                s
            });
            model::Retry {
                ack: r.ack.clone(),
                max_sends: r.max_sends.value,
                intervals_secs: secs,
                intervals: r.intervals.iter().map(|i| i.value.clone()).collect(),
                window_secs,
                description: r.description.clone(),
                sources: r.sources.iter().map(|s| s.value.clone()).collect(),
            }
        });

        // Discrepancies.
        let mut discrepancies = Vec::new();
        for d in &a.discrepancies {
            if !self.subject_exists(&d.subject.value, &a.request, &a.response, &codes, types) {
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
            discrepancies,
            provenance: prov(rel, &a.name, &a.sources),
        })
    }

    /// Every example message parses and satisfies its message's rules, except
    /// at the places its `contradicts` names, where it must break them.
    fn examples(
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
                        continue;
                    }
                };
                let mut places: Vec<(&Sp<String>, String)> = Vec::new();
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
        }
    }

    fn subject_exists(
        &self,
        subject: &str,
        req: &raw::Message,
        resp: &raw::Message,
        codes: &[model::ResultCode],
        types: &BTreeMap<String, (&PathBuf, &raw::TypeFile)>,
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

    fn message(
        &mut self,
        rel: &Path,
        m: &raw::Message,
        types: &BTreeMap<String, (&PathBuf, &raw::TypeFile)>,
        flow: Flow,
        owner: &str,
    ) -> model::Message {
        let fields = self.fields(rel, &m.fields, types, owner);
        // Conditions refer to other fields of the same message.
        for f in &m.fields {
            for (cond, key) in [
                (&f.present_only_when, "present_only_when"),
                (&f.required_when, "required_when"),
            ] {
                let Some(c) = cond else { continue };
                self.cite(rel, &c.sources, &c.field);
                self.clause(
                    rel,
                    &c.field,
                    &c.one_of,
                    key,
                    Some(&f.name.value),
                    &m.fields,
                    types,
                );
            }
            if f.present_only_when.is_some() && f.required.as_ref().is_some_and(|r| r.value) {
                self.err(
                    rel,
                    &f.name,
                    format!(
                        "`{}` is required but also present only when a condition holds",
                        f.name.value
                    ),
                )
                .help("make it `required: false`, or drop `present_only_when`");
            }
        }
        let examples = m
            .examples
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
            .collect();
        let mut relations = Vec::new();
        for r in &m.relations {
            self.cite(rel, &r.sources, &r.when.field);
            let ok_when = self.clause(
                rel,
                &r.when.field,
                &r.when.one_of,
                "relations[].when",
                None,
                &m.fields,
                types,
            );
            let ok_then = self.clause(
                rel,
                &r.then.field,
                &r.then.one_of,
                "relations[].then",
                None,
                &m.fields,
                types,
            );
            if r.when.field.value == r.then.field.value {
                self.err(rel, &r.then.field, "a relation's `when` and `then` name the same field")
                    .help("a relation ties two different fields; to limit one field's values use `constraints` or an enum");
                continue;
            }
            if ok_when && ok_then {
                let sources: Vec<String> = r.sources.iter().map(|s| s.value.clone()).collect();
                let clause = |c: &raw::Clause| model::Condition {
                    field: c.field.value.split('.').map(str::to_string).collect(),
                    one_of: c.one_of.iter().map(|v| v.value.clone()).collect(),
                    sources: sources.clone(),
                };
                relations.push(model::Relation {
                    when: clause(&r.when),
                    then: clause(&r.then),
                    note: r.note.clone(),
                    sources: sources.clone(),
                });
            }
        }
        model::Message {
            description: m.description.clone(),
            flow,
            fields,
            examples,
            relations,
        }
    }

    /// Checks one side of a condition or relation: `field` is a dotted path to a
    /// scalar field of the message (not `itself`), and every value is one it can take.
    /// Returns whether it is usable.
    #[allow(clippy::too_many_arguments)]
    fn clause(
        &mut self,
        rel: &Path,
        field: &Sp<String>,
        one_of: &[Sp<String>],
        key: &str,
        itself: Option<&str>,
        fields: &[raw::Field],
        types: &BTreeMap<String, (&PathBuf, &raw::TypeFile)>,
    ) -> bool {
        let path: Vec<&str> = field.value.split('.').collect();
        if let Some(me) = itself
            && path.first() == Some(&me)
        {
            self.err(
                rel,
                field,
                format!("`{key}` of `{me}` refers to the field itself"),
            )
            .help(
                "a condition names another field of the same message, e.g. `result.resultStatus`",
            );
            return false;
        }
        match resolve_path(fields, &path, types) {
            None => {
                self.err(
                    rel,
                    field,
                    format!(
                        "`{key}` refers to `{}`, which is not a field of this message",
                        field.value
                    ),
                )
                .help(
                    "write a dotted path from the message's top level, e.g. `result.resultStatus`",
                );
                false
            }
            Some(target) if matches!(target.ty.value, TypeKind::Object | TypeKind::Array) => {
                self.err(
                    rel,
                    field,
                    format!(
                        "`{key}` compares `{}`, an {}, with values",
                        field.value,
                        kind_name(target.ty.value)
                    ),
                )
                .help("name a scalar field inside it, e.g. `result.resultStatus`");
                false
            }
            Some(target) => {
                let mut ok = true;
                if one_of.is_empty() {
                    self.err(rel, field, format!("`{key}` has an empty `in` list"))
                        .help("list the values for which the condition holds, e.g. `in: [S]`");
                    ok = false;
                }
                let tf = self.scalar_field(rel, target, types);
                for v in one_of {
                    let problems = tf
                        .as_ref()
                        .map(|tf| rules::scalar_violations(tf, &v.value))
                        .unwrap_or_default();
                    for p in problems {
                        ok = false;
                        self.err(
                            rel,
                            v,
                            format!(
                                "`{key}` value `{}` {p} (rules of `{}`)",
                                v.value, field.value
                            ),
                        )
                        .help("a condition can only name values the field can take");
                    }
                }
                ok
            }
        }
    }

    /// A checked copy of a raw field, for applying its rules to values.
    fn scalar_field(
        &mut self,
        rel: &Path,
        f: &raw::Field,
        types: &BTreeMap<String, (&PathBuf, &raw::TypeFile)>,
    ) -> Option<model::Field> {
        let mut scratch = Checker {
            diags: Diagnostics::default(),
            sources: self.sources.clone(),
            sources_read: self.sources_read,
        };
        scratch.field(rel, f, types, "")
    }

    fn fields(
        &mut self,
        rel: &Path,
        fields: &[raw::Field],
        types: &BTreeMap<String, (&PathBuf, &raw::TypeFile)>,
        owner: &str,
    ) -> Vec<model::Field> {
        let mut out = Vec::new();
        let mut names: BTreeMap<&str, u32> = BTreeMap::new();
        let mut idents: BTreeMap<String, &str> = BTreeMap::new();
        for f in fields {
            let n = f.name.value.as_str();
            if let Some(line) = names.get(n) {
                self.err(
                    rel,
                    &f.name,
                    format!("field `{n}` is defined twice in {owner} (first at line {line})"),
                )
                .help("each field appears once; merge the two definitions");
                continue;
            }
            names.insert(n, f.name.line);
            if is_wire_name(n) {
                let id = ident::to_snake(n);
                if let Some(other) = idents.get(&id) {
                    let other = other.to_string();
                    self.err(rel, &f.name, format!("fields `{n}` and `{other}` of {owner} both become the Rust field `{id}`"))
                        .help("rename one of them; generated structs need distinct field names");
                } else {
                    idents.insert(id, n);
                }
            }
            if let Some(mf) = self.field(rel, f, types, owner) {
                out.push(mf);
            }
        }
        out
    }

    fn field(
        &mut self,
        rel: &Path,
        f: &raw::Field,
        types: &BTreeMap<String, (&PathBuf, &raw::TypeFile)>,
        owner: &str,
    ) -> Option<model::Field> {
        let name = &f.name.value;
        let mut ok = true;
        if !is_wire_name(name) {
            self.err(
                rel,
                &f.name,
                format!(
                    "field name `{name}` cannot be made a Rust identifier and a plain JSON property"
                ),
            )
            .help("use ASCII letters, digits and `_` as the documents do, e.g. `captureRequestId`");
            ok = false;
        }
        self.cite(rel, &f.sources, &f.name);
        let kind = f.ty.value;
        let ty = self.field_type(
            rel,
            &f.name,
            kind,
            &f.reference,
            f.items.as_deref(),
            &f.values,
            types,
        );
        if let Some(r) = f.reference.as_ref().filter(|_| kind != TypeKind::Object) {
            self.err(rel, r, "`ref` is only allowed with `type: object`")
                .help("set `type: object`, or remove `ref`");
        }
        if f.items.is_some() && kind != TypeKind::Array {
            self.err(rel, &f.name, "`items` is only allowed with `type: array`")
                .help("set `type: array`, or remove `items`");
        }
        if !f.values.is_empty() && kind != TypeKind::Enum {
            self.err(rel, &f.name, "`values` is only allowed with `type: enum`")
                .help("set `type: enum`, or remove `values` (a single allowed value is `fixed:`)");
        }
        if let Some(m) = &f.max_length {
            if !matches!(
                kind,
                TypeKind::String | TypeKind::Integer | TypeKind::Enum | TypeKind::Decimal
            ) {
                self.err(
                    rel,
                    m,
                    format!("`max_length` does not apply to `type: {}`", kind_name(kind)),
                )
                .help("max_length counts characters of a string value; remove it here");
            }
            if m.value == 0 {
                self.err(rel, m, "`max_length: 0` allows no value at all")
                    .help("write the document's maximum length in characters");
            }
        }
        if let Some(m) = &f.minimum
            && kind != TypeKind::Integer
        {
            self.err(rel, m, "`minimum` is only allowed with `type: integer`")
                .help("remove it");
        }
        if let Some(fm) = &f.format
            && kind != TypeKind::String
        {
            self.err(rel, fm, "`format` is only allowed with `type: string`")
                .help("remove it");
        }
        if let Some(w) = &f.wire
            && !matches!(
                kind,
                TypeKind::Integer | TypeKind::Decimal | TypeKind::Boolean
            )
        {
            self.err(rel, w, format!("`wire` does not apply to `type: {}`", kind_name(kind)))
                    .help("`wire` says whether integers, decimals and booleans travel as JSON strings or natively; remove it");
        }
        if let Some(fx) = &f.fixed
            && !matches!(kind, TypeKind::String | TypeKind::Enum)
        {
            self.err(
                rel,
                fx,
                format!("`fixed` does not apply to `type: {}`", kind_name(kind)),
            )
            .help("a fixed value is a string or one of an enum's values");
        }
        if kind == TypeKind::Enum && ident::to_upper_camel(name) == "View" {
            self.err(
                rel,
                &f.name,
                format!("enum field `{name}` would be named like the checked view of its owner"),
            )
            .help("the generator names an enum `<Owner><Field>` and the checked view `<Owner>View`; give the field another name");
        }
        if !f.constraints.is_empty() && kind != TypeKind::Object {
            self.err(
                rel,
                &f.name,
                "`constraints` are only allowed with `type: object`",
            )
            .help("constraints narrow the fields of a shared object; remove them here");
        }
        for v in &f.values {
            self.cite(rel, &v.sources, &v.value);
        }
        let ty = ty?;
        let mut model_field = model::Field {
            name: name.clone(),
            ty,
            required: f.required.as_ref().is_some_and(|r| r.value),
            max_length: f.max_length.as_ref().map(|m| m.value),
            minimum: f.minimum.as_ref().map(|m| m.value),
            format: f.format.as_ref().map(|m| m.value),
            fixed: None,
            default: f.default.as_ref().map(|d| d.value.clone()),
            wire: f
                .wire
                .as_ref()
                .map(|w| w.value)
                .unwrap_or(raw::Wire::String),
            description: f.description.clone(),
            description_zh: f.description_zh.clone(),
            example: f.example.as_ref().map(|e| e.value.clone()),
            present_only_when: None,
            required_when: None,
            constraints: Vec::new(),
            provenance: prov(rel, &f.name, &f.sources),
        };
        // Values written in the spec obey the field's own rules.
        if let Some(fx) = &f.fixed {
            for p in rules::scalar_violations(&model_field, &fx.value) {
                self.err(
                    rel,
                    fx,
                    format!("fixed value `{}` of `{name}` {p}", fx.value),
                )
                .help("a fixed value must satisfy the field's other rules");
            }
            model_field.fixed = Some(fx.value.clone());
        }
        if let Some(ex) = &f.example {
            for p in rules::scalar_violations(&model_field, &ex.value) {
                self.err(rel, ex, format!("example `{}` of `{name}` {p}", ex.value))
                    .help("fix the example or the rule: the documents' examples must satisfy the documents' rules");
            }
        }
        if let Some(d) = &f.default {
            if model_field.required {
                self.err(rel, d, format!("required field `{name}` has a `default`"))
                    .help("a default applies when a field is absent; a required field is never absent");
            }
            for p in rules::scalar_violations(&model_field, &d.value) {
                self.err(rel, d, format!("default `{}` of `{name}` {p}", d.value))
                    .help("the default must be a value the field can take");
            }
        }
        // Constraints on a shared object's fields.
        if let (model::FieldType::Object(tname), Some((_, t))) = (
            &model_field.ty,
            f.reference.as_ref().and_then(|r| types.get(&r.value)),
        ) {
            let tname = tname.clone();
            let mut constrained: BTreeMap<&str, u32> = BTreeMap::new();
            for c in &f.constraints {
                self.cite(rel, &c.sources, &c.field);
                if let Some(line) = constrained.insert(c.field.value.as_str(), c.field.line) {
                    self.err(
                        rel,
                        &c.field,
                        format!(
                            "`{}.{}` is constrained twice (first at line {line})",
                            name, c.field.value
                        ),
                    )
                    .help("merge the two constraints into one");
                    continue;
                }
                let Some(child) = t.fields.iter().find(|cf| cf.name.value == c.field.value) else {
                    let known: Vec<&str> =
                        t.fields.iter().map(|cf| cf.name.value.as_str()).collect();
                    let hint = match did_you_mean(&c.field.value, known.iter().copied()) {
                        Some(m) => format!("did you mean `{m}`?"),
                        None => format!("`{tname}` has the fields {}", known.join(", ")),
                    };
                    self.err(
                        rel,
                        &c.field,
                        format!("`{tname}` has no field `{}`", c.field.value),
                    )
                    .help(hint);
                    continue;
                };
                if c.fixed.is_none()
                    && c.allowed.is_empty()
                    && c.required.is_none()
                    && c.default.is_none()
                {
                    self.err(
                        rel,
                        &c.field,
                        "a constraint sets none of `required`, `fixed`, `allowed`, `default`",
                    )
                    .help("say what is narrowed here, or remove the constraint");
                }
                if c.fixed.is_some() && !c.allowed.is_empty() {
                    self.err(rel, &c.field, "a constraint has both `fixed` and `allowed`")
                        .help("`fixed: X` is the same as `allowed: [X]`; keep one");
                }
                // Without `allowed`, `default` is only what the generated code writes.
                if let Some(d) = &c.default
                    && !c.allowed.is_empty()
                    && !c.allowed.iter().any(|a| a.value == d.value)
                {
                    self.err(rel, d, format!("`default` `{}` is not one of `allowed`", d.value))
                        .help("the default is the allowed value the generated code writes; list it under `allowed`");
                }
                let child_model = self.scalar_field(rel, child, types);
                let values = c
                    .fixed
                    .iter()
                    .chain(c.allowed.iter())
                    .chain(c.default.iter());
                for v in values {
                    let problems = child_model
                        .as_ref()
                        .map(|m| rules::scalar_violations(m, &v.value))
                        .unwrap_or_default();
                    for p in problems {
                        self.err(
                            rel,
                            v,
                            format!("value `{}` for `{}.{}` {p}", v.value, name, c.field.value),
                        )
                        .help(format!(
                            "a constraint can only narrow `{tname}.{}` to values it accepts",
                            c.field.value
                        ));
                    }
                }
                model_field.constraints.push(model::ChildConstraint {
                    field: c.field.value.clone(),
                    required: c.required.as_ref().map(|r| r.value),
                    fixed: c.fixed.as_ref().map(|v| v.value.clone()),
                    allowed: c.allowed.iter().map(|v| v.value.clone()).collect(),
                    default: c
                        .fixed
                        .as_ref()
                        .or(c.default.as_ref())
                        .map(|v| v.value.clone()),
                    note: c.note.clone(),
                    sources: c.sources.iter().map(|s| s.value.clone()).collect(),
                });
            }
        }
        let cond = |c: &raw::Condition| model::Condition {
            field: c.field.value.split('.').map(str::to_string).collect(),
            one_of: c.one_of.iter().map(|v| v.value.clone()).collect(),
            sources: c.sources.iter().map(|s| s.value.clone()).collect(),
        };
        model_field.present_only_when = f.present_only_when.as_ref().map(cond);
        model_field.required_when = f.required_when.as_ref().map(cond);
        let _ = owner;
        ok.then_some(model_field)
    }

    #[allow(clippy::too_many_arguments)]
    fn field_type(
        &mut self,
        rel: &Path,
        at: &Sp<String>,
        kind: TypeKind,
        reference: &Option<Sp<String>>,
        items: Option<&raw::Items>,
        values: &[raw::EnumValue],
        types: &BTreeMap<String, (&PathBuf, &raw::TypeFile)>,
    ) -> Option<model::FieldType> {
        Some(match kind {
            TypeKind::String => model::FieldType::String,
            TypeKind::Integer => model::FieldType::Integer,
            TypeKind::Decimal => model::FieldType::Decimal,
            TypeKind::Boolean => model::FieldType::Boolean,
            TypeKind::Datetime => model::FieldType::Datetime,
            TypeKind::Enum => {
                if values.is_empty() {
                    self.err(rel, at, format!("enum field `{}` has no `values`", at.value))
                        .help("list the values the document gives, each with `value`, `description` and `sources`");
                    return None;
                }
                let mut seen = BTreeSet::new();
                let mut out = Vec::new();
                for v in values {
                    if !seen.insert(v.value.value.as_str()) {
                        self.err(
                            rel,
                            &v.value,
                            format!("enum value `{}` is listed twice", v.value.value),
                        )
                        .help("list each value once");
                        continue;
                    }
                    if !ident::is_convertible(&v.value.value) {
                        self.err(rel, &v.value, format!("enum value `{}` cannot be made a Rust identifier", v.value.value))
                            .help("enum values are codes such as `PAYMENT_RESULT`: ASCII letters, digits and `_`");
                    }
                    out.push(model::EnumValue {
                        value: v.value.value.clone(),
                        description: v.description.clone(),
                        description_zh: v.description_zh.clone(),
                        deprecated: v.deprecated.clone(),
                        pending: v.pending.as_ref().is_some_and(|p| p.value),
                        sources: v.sources.iter().map(|s| s.value.clone()).collect(),
                    });
                }
                self.camel_collisions(
                    values
                        .iter()
                        .map(|v| (rel, &v.value, v.value.value.as_str())),
                    "enum value",
                );
                model::FieldType::Enum(out)
            }
            TypeKind::Object => {
                let Some(r) = reference else {
                    self.err(rel, at, format!("object field `{}` has no `ref`", at.value))
                        .help("name the shared type with `ref:`, e.g. `ref: Amount`");
                    return None;
                };
                if !types.contains_key(&r.value) {
                    let hint = match did_you_mean(&r.value, types.keys().map(String::as_str)) {
                        Some(m) => format!("did you mean `{m}`?"),
                        None => format!(
                            "shared types are defined in spec/types/<Name>.yaml; known: {}",
                            types.keys().cloned().collect::<Vec<_>>().join(", ")
                        ),
                    };
                    self.err(rel, r, format!("unknown type `{}`", r.value))
                        .help(hint);
                    return None;
                }
                model::FieldType::Object(r.value.clone())
            }
            TypeKind::Array => {
                let Some(items) = items else {
                    self.err(
                        rel,
                        at,
                        format!("array field `{}` has no `items`", at.value),
                    )
                    .help("describe the element type, e.g. `items: {type: object, ref: Amount}`");
                    return None;
                };
                if items.ty.value == TypeKind::Array {
                    self.err(rel, &items.ty, "arrays of arrays are not supported")
                        .help("the documents have none; wrap the inner list in a shared type");
                    return None;
                }
                let inner = self.field_type(
                    rel,
                    at,
                    items.ty.value,
                    &items.reference,
                    None,
                    &items.values,
                    types,
                )?;
                model::FieldType::Array(Box::new(inner))
            }
        })
    }

    /// Reports each cycle of object references once.
    fn cycles(&mut self, types: &BTreeMap<String, (&PathBuf, &raw::TypeFile)>) {
        fn refs(t: &raw::TypeFile) -> Vec<(&Sp<String>, String)> {
            let mut out = Vec::new();
            for f in &t.fields {
                if let Some(r) = &f.reference {
                    out.push((&f.name, r.value.clone()));
                }
                if let Some(i) = &f.items
                    && let Some(r) = &i.reference
                {
                    out.push((&f.name, r.value.clone()));
                }
            }
            out
        }
        // Depth-first search with colours, each type and reference visited
        // once (linear in the size of the specs); a reference to a type on
        // the current path closes a cycle, reported at that type.
        let names: Vec<&String> = types.keys().collect();
        let index: BTreeMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let edges: Vec<Vec<usize>> = names
            .iter()
            .map(|n| {
                refs(types[*n].1)
                    .into_iter()
                    .filter_map(|(_, r)| index.get(r.as_str()).copied())
                    .collect()
            })
            .collect();
        const NEW: u8 = 0;
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![NEW; names.len()];
        let mut pos = vec![0usize; names.len()];
        for start in 0..names.len() {
            if state[start] != NEW {
                continue;
            }
            let mut path = vec![start];
            let mut stack = vec![(start, 0usize)];
            state[start] = ON_PATH;
            while let Some((node, i)) = stack.last_mut() {
                let node = *node;
                let Some(&next) = edges[node].get(*i) else {
                    state[node] = DONE;
                    path.pop();
                    stack.pop();
                    continue;
                };
                *i += 1;
                match state[next] {
                    NEW => {
                        state[next] = ON_PATH;
                        pos[next] = path.len();
                        path.push(next);
                        stack.push((next, 0));
                    }
                    ON_PATH => {
                        let mut cyc: Vec<&str> = path[pos[next]..]
                            .iter()
                            .map(|&k| names[k].as_str())
                            .collect();
                        cyc.push(names[next].as_str());
                        let (rel, st) = types[names[next]];
                        let at = st.name.clone();
                        self.err(rel, &at, format!("reference cycle: {}", cyc.join(" -> ")))
                            .help("a shared type cannot contain itself, directly or through others; break the cycle");
                    }
                    _ => {}
                }
            }
        }
    }
}

fn kind_name(k: TypeKind) -> &'static str {
    match k {
        TypeKind::String => "string",
        TypeKind::Integer => "integer",
        TypeKind::Decimal => "decimal",
        TypeKind::Boolean => "boolean",
        TypeKind::Datetime => "datetime",
        TypeKind::Enum => "enum",
        TypeKind::Object => "object",
        TypeKind::Array => "array",
    }
}

/// Follows a dotted path through object fields.
fn resolve_path<'a>(
    fields: &'a [raw::Field],
    path: &[&str],
    types: &BTreeMap<String, (&'a PathBuf, &'a raw::TypeFile)>,
) -> Option<&'a raw::Field> {
    let (first, rest) = path.split_first()?;
    let f = fields.iter().find(|f| f.name.value == *first)?;
    if rest.is_empty() {
        return Some(f);
    }
    let r = f.reference.as_ref()?;
    let (_, t) = types.get(&r.value)?;
    resolve_path(&t.fields, rest, types)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("0s"), Some(0));
        assert_eq!(parse_duration("2m"), Some(120));
        assert_eq!(parse_duration("15h"), Some(54000));
        assert_eq!(parse_duration("h"), None);
        assert_eq!(parse_duration("1x"), None);
        assert_eq!(parse_duration(""), None);
        assert_eq!(parse_duration("-1s"), None);
        assert_eq!(parse_duration("1é"), None);
    }
}
