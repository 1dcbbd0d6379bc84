//! Result codes: the shared ones (`codes/*.yaml`) and each API's own list,
//! with their `mistranslated` marks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Checker, SharedCodes, prov};
use crate::diagnostics::did_you_mean;
use crate::model::{self, Status};
use crate::naming::ident;
use crate::spec::raw::{self, Sp};

/// One entry of an API's `result_codes`, checked: where it is, and the code.
type Entry<'a> = Option<(&'a Sp<String>, model::ResultCode)>;

impl Checker {
    /// The shared result codes by code: each defined once, no two with the
    /// same Rust name.
    pub(super) fn shared_codes<'a>(
        &mut self,
        parsed: &'a [(PathBuf, raw::CodesFile)],
    ) -> SharedCodes<'a> {
        let mut shared: SharedCodes<'a> = BTreeMap::new();
        for (rel, file) in parsed {
            for c in &file.codes {
                let Some(code) = self.code(rel, c, true) else {
                    continue;
                };
                if let Some((orel, oraw, ocode)) = shared.get(&code.code) {
                    let where_ = format!("{}:{}", orel.display(), oraw.code.line);
                    if same_code(ocode, &code) {
                        self.err(
                            rel,
                            &c.code,
                            format!(
                                "shared code `{}` is defined twice (also at {where_})",
                                code.code
                            ),
                        )
                        .help("remove one of the two definitions");
                    } else {
                        self.err(
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
        self.camel_collisions(
            shared
                .values()
                .map(|(rel, raw, c)| (rel.as_path(), &raw.code, c.code.as_str())),
            "result code",
        );
        shared
    }

    /// An API's `result_codes`: each entry a known shared code (`ref:`) or
    /// a code of its own (`code:`), each listed once.
    pub(super) fn api_result_codes(
        &mut self,
        rel: &Path,
        a: &raw::ApiFile,
        shared: &SharedCodes<'_>,
    ) -> Vec<model::ResultCode> {
        let mut codes: Vec<model::ResultCode> = Vec::new();
        let mut seen: BTreeMap<String, u32> = BTreeMap::new();
        for e in &a.result_codes {
            let code = match (&e.reference, &e.code) {
                (Some(r), None) => self.shared_entry(rel, e, r, shared),
                (None, Some(c)) => self.own_entry(rel, e, c, shared),
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
        codes
    }

    /// `- ref: CODE`: a shared code, reworded (`message`, `action`) for this API.
    fn shared_entry<'a>(
        &mut self,
        rel: &Path,
        e: &raw::CodeEntry,
        r: &'a Sp<String>,
        shared: &SharedCodes<'_>,
    ) -> Entry<'a> {
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
                    model::TranslatedText::MessageZh => !zh_replaced,
                    model::TranslatedText::ActionTextZh => !action_replaced,
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

    /// `- code: CODE`: this API's own code, with `status` and `message`.
    fn own_entry<'a>(
        &mut self,
        rel: &Path,
        e: &raw::CodeEntry,
        c: &'a Sp<String>,
        shared: &SharedCodes<'_>,
    ) -> Entry<'a> {
        let Some(status) = &e.status else {
            self.err(rel, c, format!("result code `{}` has no `status`", c.value))
                .help("add `status: S`, `F` or `U` as the document's table says");
            return None;
        };
        let Some(message) = &e.message else {
            self.err(
                rel,
                c,
                format!("result code `{}` has no `message`", c.value),
            )
            .help("add the document's message column as `message:`");
            return None;
        };
        if let Some((orel, oraw, _)) = shared.get(&c.value) {
            let where_ = format!("{}:{}", orel.display(), oraw.code.line);
            self.err(rel, c, format!("result code `{}` is defined in {where_} as a shared code", c.value))
                    .help(format!("write `- ref: {}` (you may override `message` and `action`); a shared code cannot be redefined", c.value));
            return None;
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

    pub(super) fn code(
        &mut self,
        rel: &Path,
        c: &raw::ResultCode,
        shared: bool,
    ) -> Option<model::ResultCode> {
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
                model::TranslatedText::MessageZh => (has_message_zh, "message_zh"),
                model::TranslatedText::ActionTextZh => (has_action_zh, "action.text_zh"),
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
}

fn same_code(a: &model::ResultCode, b: &model::ResultCode) -> bool {
    a.status == b.status
        && a.message == b.message
        && a.action == b.action
        && a.message_zh == b.message_zh
        && a.mistranslated == b.mistranslated
}

/// Result codes: `UPPER_SNAKE`, digits allowed anywhere.
fn is_code_name(s: &str) -> bool {
    ident::is_convertible(s) && !s.chars().any(|c| c.is_ascii_lowercase())
}
