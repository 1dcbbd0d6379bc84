//! Reference docs in Markdown: `docs/<apiName>.md` and `docs/index.md`.
//!
//! The pages are rendered with the tera templates of `templates/docs/`
//! (compiled in with `include_str!`, so the generator works as a packaged
//! build-dependency). This module turns the model into plain rows of text;
//! `rows` writes the lines a page repeats (table rows, list items, a
//! section per discrepancy) as Markdown, escaped as the templates escape
//! (with `markup::Md`), and the templates lay the page out around them,
//! placing those few large values as `safe`. (Evaluating filters per cell in
//! the templates was most of the docs' time.) Table cells are folded by
//! `markup::escape_cell` (the `cell` filter), which escapes `|` and folds
//! newlines, so every table stays valid Markdown.
//!
//! Written for a merchant reading on a screen: tables hold only short cells
//! (names, types, flags, letters; at most [`MAX_TABLE_LINE`] characters a
//! row), and the long texts (descriptions, messages, actions, readings) are
//! list items under the table, which wrap. Documents are named by their
//! titles from `spec/sources.yaml`; the ids appear only as the keys of the
//! Sources list, for reading the spec files. A translation marked
//! `mistranslated` is flagged in its code's table row and said in its entry.

mod markup;
mod rows;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Tera, Value};

use markup::{Md, Titles};
use rows::{Block, Table, block};

use crate::model::{
    Api, ChildConstraint, Condition, Direction, Example, Field, FieldType, Flow, Message, Model,
    ResultCode, StringFormat, TranslatedText, Wire,
};

/// The longest table line the pages may have, in characters: a table wider
/// than a laptop screen scrolls sideways on a code host.
pub const MAX_TABLE_LINE: usize = 120;

/// The titles of the documents `ids` names, for prose: `notifyCapture
/// (Cashier Payment), English; notifyCapture, official idocs OpenAPI export`.
fn titles(model: &Model, ids: &[String]) -> String {
    let mut out = String::new();
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(model.sources.get(id).map_or(id, |s| &s.title));
    }
    out
}

/// A code fence longer than any run of backticks in `text`.
fn fence(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat(longest.max(2) + 1)
}
use crate::write::OutputFile;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "api.md",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates/docs/api.md"
        )),
    ),
    (
        "index.md",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates/docs/index.md"
        )),
    ),
    (
        "fields.md",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates/docs/fields.md"
        )),
    ),
];

/// The docs pages, relative to the output directory.
pub fn emit(model: &Model) -> Vec<OutputFile> {
    let titles = Arc::new(Titles::new(
        model
            .sources
            .values()
            .map(|s| (s.id.clone(), s.title.clone()))
            .collect(),
    ));
    let tera = templates(titles.clone());
    let types = type_docs(model, &mut Md::new(&titles));
    // The index, the longest page, is written first so that the API pages
    // spread over the cores with it; it comes last in the output as before.
    let pages: Vec<Page> = std::iter::once(Page::Index)
        .chain(model.apis.iter().map(Page::Api))
        .collect();
    let mut files = crate::parallel::map(&pages, |page| {
        let md = &mut Md::new(&titles);
        match page {
            Page::Index => {
                let ctx = Context::from_serialize(index_page(model, md))
                    .expect("the index context serializes");
                OutputFile::new("docs/index.md", render(&tera, "index.md", &ctx))
            }
            Page::Api(api) => {
                let ctx = Context::from_serialize(api_page(model, &types, md, api))
                    .expect("the page context serializes");
                OutputFile::new(
                    crate::naming::names::docs_page(&api.name),
                    render(&tera, "api.md", &ctx),
                )
            }
        }
    });
    files.rotate_left(1);
    files
}

/// A page of the docs.
enum Page<'m> {
    Index,
    Api(&'m Api),
}

/// The templates, with the `titles` filter naming the documents of `titles`.
fn templates(titles: Arc<Titles>) -> Tera {
    let mut tera = Tera::default();
    // Every value a page shows is escaped as Markdown text on its way in
    // (HTML, entities, links, code fences, invisible characters): spec text
    // stays text. The two values that are the generator's own Markdown links
    // (a field's type, a shared type's users), made of names lint checked,
    // are marked `safe` in the templates. The rows of `rows` come escaped the
    // same way, and are marked `safe` too.
    tera.autoescape_on(vec![".md"]);
    tera.set_escape_fn(crate::naming::text::markdown);
    tera.register_filter("cell", cell_filter);
    tera.register_filter(
        "titles",
        move |value: &Value, _: &std::collections::HashMap<String, Value>| {
            Ok(match value {
                Value::String(s) => Value::String(titles.name_documents(s).into_owned()),
                other => other.clone(),
            })
        },
    );
    tera.add_raw_templates(TEMPLATES.iter().copied())
        .expect("the docs templates compile (a test renders them)");
    tera
}

fn render(tera: &Tera, name: &str, ctx: &Context) -> String {
    let text = tera
        .render(name, ctx)
        .unwrap_or_else(|e| panic!("rendering docs template {name}: {e:?}"));
    tidy(&text)
}

/// Trailing spaces removed, at most one blank line in a row, one final newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    // The lines are found as bytes (a line feed is always one); a line feed
    // that ends the text starts no line.
    let mut start = 0;
    while start < text.len() {
        let end = text.as_bytes()[start..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(text.len(), |n| start + n);
        let line = text[start..end].trim_end();
        start = end + 1;
        if line.is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn cell_filter(value: &Value, _: &std::collections::HashMap<String, Value>) -> tera::Result<Value> {
    let s = match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(Value::String(markup::escape_cell(&s)))
}

// ---------------------------------------------------------------------------
// Page contexts.

#[derive(Serialize)]
struct ApiPage<'t> {
    api: ApiHead,
    /// How a receiver decides (notifications only), as Markdown list items.
    outcome: Option<Block>,
    messages: Vec<MessageCtx>,
    types: Vec<TypeCtx<'t>>,
    /// The result-code table and entries ([`rows::codes`]); `None` without codes.
    codes: Option<Table>,
    codes_mistranslated: bool,
    retry: Option<RetryCtx>,
    /// [`rows::discrepancies`].
    discrepancies: Option<Block>,
    /// [`rows::sources`].
    sources: String,
}

#[derive(Serialize)]
struct ApiHead {
    name: String,
    title: String,
    description: String,
    description_zh: Option<String>,
    direction: String,
    request_flow: String,
    response_flow: String,
    method: Option<String>,
    path: Option<String>,
    path_none: String,
    http_note: Option<String>,
    sources: String,
    spec_file: String,
    codes_where: String,
}

#[derive(Serialize)]
struct MessageCtx {
    label: String,
    anchor: String,
    flow: String,
    /// What refuses and what is only noticed, for this direction.
    verdicts: String,
    /// Relations between two fields, as Markdown list items ([`rows::items`]).
    relations: Option<Block>,
    description: Option<String>,
    /// [`rows::fields`]; `None` for a body without fields.
    fields: Option<Table>,
    /// [`rows::value_lists`].
    enums: String,
    /// [`rows::examples`].
    examples: String,
}

struct ExampleCtx {
    title: String,
    title_zh: Option<String>,
    sources: String,
    fence: String,
    json: String,
    /// `response.result.resultMessage` (discrepancy 9), ...
    contradicts: String,
}

struct FieldRow {
    name: String,
    ty: String,
    required: String,
    max_length: String,
    values: String,
    conditions: String,
    description: String,
    description_zh: Option<String>,
    sources: String,
}

/// The values of an enum field.
struct EnumCtx {
    path: String,
    values: Vec<EnumRow>,
}

struct EnumRow {
    value: String,
    description: String,
    sources: String,
}

#[derive(Serialize)]
struct TypeCtx<'t> {
    #[serde(flatten)]
    doc: &'t TypeDoc,
    used_in: String,
    /// [`rows::constraints`].
    constraints: Option<Block>,
}

/// What a shared type's section shows on every page that uses it, written
/// once ([`type_docs`]), as Markdown ready for the page.
#[derive(Serialize)]
struct TypeDoc {
    name: String,
    description: String,
    description_zh: Option<String>,
    sources: String,
    /// [`rows::fields`].
    fields: Table,
    /// [`rows::value_lists`].
    enums: String,
    /// The documents the section cites.
    #[serde(skip)]
    cited: BTreeSet<String>,
}

/// Every shared type's [`TypeDoc`], by name.
fn type_docs(model: &Model, md: &mut Md) -> BTreeMap<String, TypeDoc> {
    model
        .types
        .iter()
        .map(|t| {
            let mut cited: BTreeSet<String> = t.provenance.sources.iter().cloned().collect();
            let (rows, enums) = field_rows(model, &t.fields, None, &mut cited);
            let doc = TypeDoc {
                name: md.text(&t.name).take(),
                description: md.titles(&t.description).take(),
                description_zh: t.description_zh.as_ref().map(|z| md.text(z).take()),
                sources: md.text(&titles(model, &t.provenance.sources)).take(),
                fields: rows::fields(md, &rows),
                enums: rows::value_lists(md, Some(&t.name), &enums),
                cited,
            };
            (t.name.clone(), doc)
        })
        .collect()
}

struct ConstraintRow {
    place: String,
    field: String,
    required: String,
    fixed: String,
    allowed: String,
    note: String,
    sources: String,
}

struct CodeRow {
    code: String,
    status: String,
    message: String,
    action_kind: String,
    action_text: String,
    sources: String,
    /// The table row's flag: `Chinese message mistranslated`, ...
    flags: String,
    /// What each wrong translation says, with the documents carrying it.
    mistranslations: Vec<String>,
}

#[derive(Serialize)]
struct RetryCtx {
    ack: String,
    max_sends: u32,
    sends: Vec<SendRow>,
    total: String,
    window: Option<String>,
    description: String,
    sources: String,
}

#[derive(Serialize)]
struct SendRow {
    n: usize,
    wait: String,
    at: String,
}

struct DiscrepancyCtx {
    subject: String,
    summary: String,
    readings: Vec<ReadingRow>,
    adopted: String,
    reason: String,
}

struct ReadingRow {
    source: String,
    reading: String,
}

struct IndexCodeUse {
    api: String,
    message: String,
    action: String,
    mistranslations: Vec<String>,
    sources: String,
}

struct SourceRow {
    id: String,
    title: String,
    location: String,
    language: String,
    date: String,
    note: String,
}

/// `md` writes the page's repeated lines ([`rows`]); `types` are the shared
/// types' sections.
fn api_page<'t>(
    model: &'t Model,
    types: &'t BTreeMap<String, TypeDoc>,
    md: &mut Md,
    api: &Api,
) -> ApiPage<'t> {
    let mut cited: BTreeSet<String> = BTreeSet::new();
    cited.extend(api.provenance.sources.iter().cloned());

    let (direction, req_flow, resp_flow, path_none, codes_where) = match api.direction {
        Direction::Notification => (
            "Notification: Alipay -> merchant. Alipay sends the request to the merchant's notification URL; the merchant answers with the response (its acknowledgement).",
            "Alipay -> merchant (inbound: the merchant receives it)",
            "merchant -> Alipay (outbound: the merchant sends it)",
            "the merchant's own notification URL",
            "in the notification's `result`",
        ),
        Direction::Request => (
            "Request: merchant -> Alipay / wallet. The merchant sends the request; Alipay (or the wallet) answers with the response.",
            "merchant -> Alipay (outbound: the merchant sends it)",
            "Alipay -> merchant (inbound: the merchant receives it)",
            "not documented",
            "in the response's `result`",
        ),
    };

    let mut messages = Vec::new();
    for (label, msg) in [("Request", &api.request), ("Response", &api.response)] {
        messages.push(message_ctx(model, md, api, label, msg, &mut cited));
    }

    // Shared types used by this API, transitively, in order of first use.
    let mut used: Vec<String> = Vec::new();
    let mut places: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut constraints: BTreeMap<String, Vec<ConstraintRow>> = BTreeMap::new();
    for (label, msg) in [("request", &api.request), ("response", &api.response)] {
        for f in &msg.fields {
            collect_types(
                model,
                &f.ty,
                &format!("{label}.{}", f.name),
                &mut used,
                &mut places,
            );
            if let Some(t) = object_name(&f.ty) {
                for c in &f.constraints {
                    cited.extend(c.sources.iter().cloned());
                    constraints
                        .entry(t.to_string())
                        .or_default()
                        .push(constraint_row(model, &format!("{label}.{}", f.name), c));
                }
            }
        }
    }
    let mut type_sections = Vec::new();
    for name in &used {
        let Some(doc) = types.get(name) else {
            continue;
        };
        cited.extend(doc.cited.iter().cloned());
        type_sections.push(TypeCtx {
            doc,
            used_in: places
                .get(name)
                .map(|p| {
                    p.iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default(),
            constraints: block(rows::constraints(
                md,
                &constraints.remove(name).unwrap_or_default(),
            )),
        });
    }

    let codes: Vec<CodeRow> = api
        .result_codes
        .iter()
        .map(|c| {
            cited.extend(c.provenance.sources.iter().cloned());
            for m in &c.mistranslated {
                cited.extend(m.sources.iter().cloned());
            }
            code_row(model, api, c)
        })
        .collect();
    let codes_mistranslated = codes.iter().any(|c| !c.mistranslations.is_empty());
    let outcome = block(rows::items(md, &outcome_items(api)));

    if let Some(i) = &api.inquiry {
        cited.extend(i.sources.iter().cloned());
    }
    if let Some(o) = &api.outcome_field {
        cited.extend(o.sources.iter().cloned());
    }
    let retry = api.retry.as_ref().map(|r| {
        cited.extend(r.sources.iter().cloned());
        let mut at = 0u64;
        let sends = r
            .intervals
            .iter()
            .zip(&r.intervals_secs)
            .enumerate()
            .map(|(i, (text, secs))| {
                at = at.saturating_add(*secs);
                SendRow {
                    n: i + 1,
                    wait: text.clone(),
                    at: duration(at),
                }
            })
            .collect();
        RetryCtx {
            ack: r.ack.clone(),
            max_sends: r.max_sends,
            sends,
            total: duration(
                r.intervals_secs
                    .iter()
                    .fold(0u64, |a, s| a.saturating_add(*s)),
            ),
            window: r.window_secs.map(duration),
            description: r.description.clone(),
            sources: titles(model, &r.sources),
        }
    });

    let discrepancies = api
        .discrepancies
        .iter()
        .map(|d| DiscrepancyCtx {
            subject: d.subject.clone(),
            summary: d.summary.clone(),
            readings: d
                .readings
                .iter()
                .map(|r| {
                    cited.insert(r.source.clone());
                    ReadingRow {
                        source: titles(model, std::slice::from_ref(&r.source)),
                        reading: r.reading.clone(),
                    }
                })
                .collect(),
            adopted: d.adopted.clone(),
            reason: d.reason.clone(),
        })
        .collect::<Vec<_>>();

    let sources: Vec<SourceRow> = cited
        .iter()
        .filter_map(|id| model.sources.get(id))
        .map(|s| source_row(s, false))
        .collect();

    ApiPage {
        api: ApiHead {
            name: api.name.clone(),
            title: api.title.clone(),
            description: api.description.clone(),
            description_zh: api.description_zh.clone(),
            direction: direction.into(),
            request_flow: req_flow.into(),
            response_flow: resp_flow.into(),
            method: api.http.as_ref().map(|h| h.method.clone()),
            path: api.http.as_ref().and_then(|h| h.path.clone()),
            path_none: path_none.into(),
            http_note: api.http.as_ref().and_then(|h| h.note.clone()),
            sources: titles(model, &api.provenance.sources),
            spec_file: format!("spec/{}", api.provenance.file),
            codes_where: codes_where.into(),
        },
        outcome,
        messages,
        types: type_sections,
        codes: (!codes.is_empty()).then(|| rows::codes(md, &codes)),
        codes_mistranslated,
        retry,
        discrepancies: block(rows::discrepancies(md, &discrepancies)),
        sources: rows::sources(md, &sources),
    }
}

/// How a receiver decides a notification, from the spec's data (pending notifyTypes)
/// and the runtime's rule (`Outcome::decide`).
fn outcome_items(api: &Api) -> Vec<String> {
    if api.direction != Direction::Notification {
        return Vec::new();
    }
    let known = api.notify_types();
    let pending = api.pending_notify_types();
    let fmt = |v: &[&str]| {
        v.iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let finals: Vec<&str> = known
        .iter()
        .copied()
        .filter(|t| !pending.contains(t))
        .collect();
    let scope = if finals.is_empty() || pending.is_empty() {
        "By `result.resultStatus`".to_string()
    } else {
        format!(
            "When `notifyType` is {}, by `result.resultStatus`",
            fmt(&finals)
        )
    };
    let mut items = vec![format!(
        "{scope}: **succeeded** for S (fulfil the order), **failed** for F (with the result code's further action from the table below), **pending** for U (not final: wait or inquire)."
    )];
    if !pending.is_empty() {
        items.push(format!(
            "When `notifyType` is {}: **pending** for S, which there means the payment is being processed, and for U (do not fulfil the order; wait for the final notification or inquire); **failed** for F, which means failed under every `notifyType`.",
            fmt(&pending)
        ));
    }
    if let Some(o) = &api.outcome_field {
        let list = crate::naming::text::code_spans;
        let field = crate::naming::text::code_span(&o.field);
        items.push(format!(
            "With S, {field} decides: **succeeded** for {}, **failed** for {}, **unrecognised** for any other value or none; with F, {field} {} contradicts the status: **unrecognised**. {} (sources: {}).",
            list(&o.succeeded),
            list(&o.failed),
            list(&o.succeeded),
            crate::naming::text::inline(&o.description),
            o.sources.join(", ")
        ));
    }
    if let Some(i) = &api.inquiry {
        items.push(format!(
            "While the result is **pending**, or when no notification arrives, inquire with `{}` (in Rust, `Outcome::Pending` names it): {} (sources: {}).",
            i.api,
            crate::naming::text::inline(&i.description),
            i.sources.join(", ")
        ));
    }
    let fixed = api
        .request
        .field("notifyType")
        .is_some_and(|f| f.fixed.is_some());
    items.push(if fixed {
        "**unrecognised** for a status that is missing or not S, F or U: do not act on it; keep it for a person. (Another `notifyType` is not this notification: it breaks the fixed value.)".into()
    } else {
        "**unrecognised** for a `notifyType` this spec does not list (accepted, as Alipay may add values), or a status that is missing or not S, F or U: do not act on it; keep it for a person.".into()
    });
    items.push("The status letter of the result-code table never decides: the documents disagree on it (see Discrepancies). In Rust: `outcome()` on the notification.".into());
    items
}

fn message_ctx(
    model: &Model,
    md: &mut Md,
    api: &Api,
    label: &str,
    msg: &Message,
    cited: &mut BTreeSet<String>,
) -> MessageCtx {
    let flow = match (msg.flow, api.direction) {
        (Flow::Inbound, Direction::Notification) => {
            "Inbound: Alipay sends it to the merchant (the notification)."
        }
        (Flow::Inbound, Direction::Request) => {
            "Inbound: Alipay answers the merchant's request with it."
        }
        (Flow::Outbound, Direction::Notification) => {
            "Outbound: the merchant sends it to Alipay to acknowledge the notification."
        }
        (Flow::Outbound, Direction::Request) => "Outbound: the merchant sends it to Alipay.",
    };
    let (rows, enums) = field_rows(model, &msg.fields, Some(msg.flow), cited);
    let verdicts = match msg.flow {
        Flow::Inbound => {
            "Alipay sends it, so only what the merchant cannot act on safely refuses it: a required field missing, a value that is not of its type (not an integer, a date-time, a currency code, below its minimum), a wrong fixed value. What the documents say Alipay sends (maximum lengths, presence conditions, narrowed values, relations) is an expectation: a message that breaks one is accepted and the break is reported as a notice to log."
        }
        Flow::Outbound => {
            "The merchant sends it, so every rule refuses: required fields, types, fixed and allowed values, maximum lengths, conditions, relations, unknown fields and wire forms. It cannot be serialized while it breaks one."
        }
    };
    let relations: Vec<String> = msg
        .relations
        .iter()
        .map(|r| {
            // The relation cites its sources once, after both conditions.
            let bare = |c: &Condition| c.sentence(|v| format!("`{v}`"), "");
            let mut t = format!(
                "When {}, then {} ({})",
                bare(&r.when),
                bare(&r.then),
                titles(model, &r.sources)
            );
            if let Some(n) = &r.note {
                t.push_str(". ");
                t.push_str(n.trim());
            }
            t
        })
        .collect();
    let examples: Vec<ExampleCtx> = msg
        .examples
        .iter()
        .map(|e| {
            cited.extend(e.sources.iter().cloned());
            example_ctx(model, api, e)
        })
        .collect();
    MessageCtx {
        label: label.into(),
        anchor: label.to_lowercase(),
        flow: flow.into(),
        verdicts: verdicts.into(),
        relations: block(rows::items(md, &relations)),
        description: msg.description.clone(),
        fields: (!rows.is_empty()).then(|| rows::fields(md, &rows)),
        enums: rows::value_lists(md, None, &enums),
        examples: rows::examples(md, &examples),
    }
}

fn example_ctx(model: &Model, api: &Api, e: &Example) -> ExampleCtx {
    let json = e.json.trim_end().to_string();
    let contradicts = e
        .contradicts
        .iter()
        .map(
            |c| match api.discrepancies.iter().position(|d| &d.subject == c) {
                Some(i) => format!("`{c}` (discrepancy {})", i + 1),
                None => format!("`{c}`"),
            },
        )
        .collect::<Vec<_>>()
        .join(", ");
    ExampleCtx {
        title: e.title.clone(),
        title_zh: e.title_zh.clone(),
        sources: titles(model, &e.sources),
        fence: fence(&json),
        json,
        contradicts,
    }
}

/// `flow`: the direction of the message the fields belong to (`None` for a shared type,
/// whose rules take the direction of each place it is used in).
fn field_rows(
    model: &Model,
    fields: &[Field],
    flow: Option<Flow>,
    cited: &mut BTreeSet<String>,
) -> (Vec<FieldRow>, Vec<EnumCtx>) {
    // Inbound, what the documents say Alipay sends is an expectation (README).
    let expected = if flow == Some(Flow::Inbound) {
        "expected: "
    } else {
        ""
    };
    let mut rows = Vec::new();
    let mut enums = Vec::new();
    for f in fields {
        cited.extend(f.provenance.sources.iter().cloned());
        let mut values = Vec::new();
        if let Some(v) = &f.fixed {
            values.push(format!("fixed `{v}`"));
        }
        let en = enum_values(&f.ty);
        if let Some(vals) = en {
            let list: Vec<String> = vals
                .iter()
                .map(|v| {
                    if v.deprecated.is_some() {
                        format!("`{}` (deprecated)", v.value)
                    } else {
                        format!("`{}`", v.value)
                    }
                })
                .collect();
            values.push(format!("one of {}", list.join(", ")));
            let rows: Vec<EnumRow> = vals
                .iter()
                .map(|v| {
                    cited.extend(v.sources.iter().cloned());
                    let mut d = bilingual(&v.description, v.description_zh.as_deref());
                    if let Some(dep) = &v.deprecated {
                        d.push_str(&format!(" **Deprecated:** {dep}"));
                    }
                    EnumRow {
                        value: v.value.clone(),
                        description: d,
                        sources: titles(model, &v.sources),
                    }
                })
                .collect();
            enums.push(EnumCtx {
                path: f.name.clone(),
                values: rows,
            });
        }
        if let Some(fmt) = f.format {
            values.push(match fmt {
                StringFormat::Currency => "ISO 4217 currency code".to_string(),
                StringFormat::JsonText => "JSON text in a string".to_string(),
            });
        }
        if let Some(min) = f.minimum {
            values.push(format!("minimum {min}"));
        }
        if let Some(d) = &f.default {
            values.push(format!("default `{d}`"));
        }
        if let Some(e) = &f.example {
            values.push(format!("e.g. `{e}`"));
        }
        let mut conditions = Vec::new();
        for (presence, c) in f.presence_conditions() {
            cited.extend(c.sources.iter().cloned());
            conditions.push(format!(
                "{expected}{} {}",
                presence.words(),
                condition(model, c)
            ));
        }
        for c in &f.constraints {
            conditions.push(format!("{expected}{}", constraint_text(model, c)));
        }
        rows.push(FieldRow {
            name: f.name.clone(),
            ty: type_text(&f.ty, f.wire),
            required: if f.required {
                "yes".into()
            } else {
                "no".into()
            },
            max_length: f.max_length.map(|m| m.to_string()).unwrap_or_default(),
            values: values.join("; "),
            conditions: conditions.join("; "),
            description: f.description.trim().to_string(),
            description_zh: f
                .description_zh
                .as_deref()
                .map(str::trim)
                .filter(|z| !z.is_empty())
                .map(str::to_string),
            sources: titles(model, &f.provenance.sources),
        });
    }
    (rows, enums)
}

/// `text`, ending with a full stop (or `。`) so that another sentence can follow.
fn with_period(text: &str) -> String {
    let t = text.trim_end();
    if t.ends_with(['.', '。', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

fn bilingual(en: &str, zh: Option<&str>) -> String {
    match zh {
        Some(zh) if !zh.trim().is_empty() => format!("{} 中文：{}", en.trim(), zh.trim()),
        _ => en.trim().to_string(),
    }
}

fn enum_values(ty: &FieldType) -> Option<&[crate::model::EnumValue]> {
    match ty {
        FieldType::Enum(v) => Some(v),
        FieldType::Array(inner) => enum_values(inner),
        _ => None,
    }
}

fn object_name(ty: &FieldType) -> Option<&str> {
    match ty {
        FieldType::Object(n) => Some(n),
        FieldType::Array(inner) => object_name(inner),
        _ => None,
    }
}

/// The anchor GitHub gives the heading `### Type <name>`.
fn type_anchor(name: &str) -> String {
    format!("type-{}", name.to_lowercase())
}

fn type_text(ty: &FieldType, wire: Wire) -> String {
    let on_wire = |base: &str| match wire {
        Wire::String => format!("{base} (as a JSON string)"),
        Wire::Native => base.to_string(),
    };
    match ty {
        FieldType::String => "string".into(),
        FieldType::Integer => on_wire("integer"),
        FieldType::Decimal => on_wire("decimal"),
        FieldType::Boolean => on_wire("boolean"),
        FieldType::Datetime => "datetime (ISO 8601)".into(),
        FieldType::Enum(_) => "enum (string)".into(),
        FieldType::Object(n) => format!("[{n}](#{})", type_anchor(n)),
        FieldType::Array(inner) => format!("array of {}", type_text(inner, wire)),
    }
}

/// A condition as the docs write it: values as code, sources by title
/// ([`Condition::sentence`]).
fn condition(model: &Model, c: &Condition) -> String {
    c.sentence(|v| format!("`{v}`"), &titles(model, &c.sources))
}

fn constraint_text(model: &Model, c: &ChildConstraint) -> String {
    let mut parts = Vec::new();
    match c.required {
        Some(true) => parts.push("required".to_string()),
        Some(false) => parts.push("optional".to_string()),
        None => {}
    }
    if let Some(f) = &c.fixed {
        parts.push(format!("fixed `{f}`"));
    }
    if !c.allowed.is_empty() {
        parts.push(format!("allowed {}", c.allowed.join(", ")));
    }
    if let (None, Some(d)) = (&c.fixed, &c.default) {
        parts.push(format!("written `{d}`"));
    }
    let srcs = if c.sources.is_empty() {
        String::new()
    } else {
        format!(" ({})", titles(model, &c.sources))
    };
    format!("`{}`: {}{srcs}", c.field, parts.join(", "))
}

fn constraint_row(model: &Model, place: &str, c: &ChildConstraint) -> ConstraintRow {
    ConstraintRow {
        place: place.into(),
        field: c.field.clone(),
        required: match c.required {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => String::new(),
        },
        fixed: c
            .fixed
            .as_ref()
            .map(|f| format!("`{f}`"))
            .unwrap_or_default(),
        allowed: c.allowed.join(", "),
        note: c.note.clone().unwrap_or_default(),
        sources: titles(model, &c.sources),
    }
}

fn collect_types(
    model: &Model,
    ty: &FieldType,
    place: &str,
    used: &mut Vec<String>,
    places: &mut BTreeMap<String, Vec<String>>,
) {
    let Some(name) = object_name(ty) else { return };
    places
        .entry(name.to_string())
        .or_default()
        .push(place.to_string());
    if used.iter().any(|u| u == name) {
        return;
    }
    used.push(name.to_string());
    if let Some(t) = model.type_def(name) {
        for f in &t.fields {
            collect_types(model, &f.ty, &format!("{place}.{}", f.name), used, places);
        }
    }
}

/// `Chinese message`, `Chinese further action`.
fn translated_text_name(t: TranslatedText) -> &'static str {
    match t {
        TranslatedText::MessageZh => "Chinese message",
        TranslatedText::ActionTextZh => "Chinese further action",
    }
}

/// `The Chinese message is a mistranslation: it says "...". (document)`
fn mistranslation_notes(model: &Model, c: &ResultCode) -> Vec<String> {
    c.mistranslated
        .iter()
        .map(|m| {
            format!(
                "The {} is a mistranslation: it says \"{}\" ({}).",
                translated_text_name(m.text),
                m.says.trim_end_matches('.'),
                titles(model, &m.sources)
            )
        })
        .collect()
}

/// What the docs say of a U code in a notification (M2): the receiver's action, an inference.
const RECEIVER_ACTION: &str = "For the receiver of this notification: `wait_or_inquire` (an inference: the table gives the code status U, and its further action speaks to the caller of the synchronous API the table is copied from; the notification's own `result.resultStatus` decides, and U is pending). The document's further action, for that caller:";

fn code_row(model: &Model, api: &Api, c: &ResultCode) -> CodeRow {
    let (kind, text) = match &c.action {
        Some(a) => (
            serde_json::to_value(a.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            bilingual(a.text.as_deref().unwrap_or(""), a.text_zh.as_deref()),
        ),
        None => (String::new(), String::new()),
    };
    let mut flags: Vec<String> = Vec::new();
    if c.shared {
        flags.push("shared".into());
    }
    for m in &c.mistranslated {
        flags.push(format!(
            "**{} mistranslated**",
            translated_text_name(m.text)
        ));
    }
    CodeRow {
        code: c.code.clone(),
        status: c.status.letter().into(),
        message: bilingual(&c.message, c.message_zh.as_deref()),
        flags: flags.join(", "),
        mistranslations: mistranslation_notes(model, c),
        action_kind: match api.replaced_action(c) {
            // A notification carrying a U code is pending: the receiver has nothing to call
            // again, whatever the table says to the caller of the synchronous API.
            Some(_) => "`wait_or_inquire`, receiver's, inferred".into(),
            None if kind.is_empty() => kind,
            None => format!("`{kind}`"),
        },
        action_text: match api.replaced_action(c) {
            Some(documented) => {
                let doc_kind = documented
                    .and_then(|k| serde_json::to_value(k).ok())
                    .and_then(|v| v.as_str().map(|k| format!(" (`{k}`)")))
                    .unwrap_or_default();
                let head = RECEIVER_ACTION.trim_end_matches(':');
                if text.is_empty() {
                    format!("{head}{doc_kind}.")
                } else {
                    format!("{head}{doc_kind}: {text}")
                }
            }
            None => text,
        },
        sources: titles(model, &c.provenance.sources),
    }
}

fn source_row(s: &crate::model::Source, with_note: bool) -> SourceRow {
    SourceRow {
        id: s.id.clone(),
        title: s.title.clone(),
        location: s.location.clone().unwrap_or_default(),
        language: s.language.clone().unwrap_or_default(),
        date: s.date.clone().unwrap_or_default(),
        note: if with_note {
            s.note.clone().unwrap_or_default()
        } else {
            String::new()
        },
    }
}

/// `24h22m`, `2m`, `0s`.
fn duration(secs: u64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 {
        out.push_str(&format!("{s}s"));
    }
    out
}

// ---------------------------------------------------------------------------
// Index.

/// The index's lists, each written by its function of [`rows`].
#[derive(Serialize)]
struct IndexPage {
    apis: Table,
    types: String,
    codes: String,
    sources: String,
}

struct IndexApi {
    name: String,
    summary: String,
    direction: String,
    http: String,
    request: String,
    response: String,
    codes: usize,
    discrepancies: usize,
}

struct IndexType {
    name: String,
    fields: String,
    used_by: String,
    description: String,
}

struct IndexCode {
    code: String,
    status: String,
    sources: String,
    /// Each API's own wording of the code (an API may reword a shared code).
    uses: Vec<IndexCodeUse>,
}

fn index_page(model: &Model, md: &mut Md) -> IndexPage {
    let flow = |m: &Message| {
        let n = m.fields.len();
        let fields = if n == 1 {
            "1 field".to_string()
        } else {
            format!("{n} fields")
        };
        match m.flow {
            Flow::Inbound => format!("inbound, {fields}"),
            Flow::Outbound => format!("outbound, {fields}"),
        }
    };
    let apis: Vec<IndexApi> = model
        .apis
        .iter()
        .map(|a| IndexApi {
            name: a.name.clone(),
            summary: first_sentence(&a.description),
            direction: match a.direction {
                Direction::Notification => "notification: Alipay -> merchant".into(),
                Direction::Request => "request: merchant -> Alipay".into(),
            },
            http: match &a.http {
                Some(h) => match &h.path {
                    Some(p) => format!("`{} {p}`", h.method),
                    None => format!("`{}` (merchant's URL)", h.method),
                },
                None => String::new(),
            },
            request: flow(&a.request),
            response: flow(&a.response),
            codes: a.result_codes.len(),
            discrepancies: a.discrepancies.len(),
        })
        .collect();

    let mut type_users: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for a in &model.apis {
        let mut used = Vec::new();
        let mut places = BTreeMap::new();
        for (label, msg) in [("request", &a.request), ("response", &a.response)] {
            for f in &msg.fields {
                collect_types(
                    model,
                    &f.ty,
                    &format!("{label}.{}", f.name),
                    &mut used,
                    &mut places,
                );
            }
        }
        for t in used {
            type_users.entry(t).or_default().insert(a.name.clone());
        }
    }
    let types: Vec<IndexType> = model
        .types
        .iter()
        .map(|t| IndexType {
            name: t.name.clone(),
            fields: t
                .fields
                .iter()
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            used_by: type_users
                .get(&t.name)
                .map(|u| {
                    u.iter()
                        .map(|a| format!("[{a}]({a}.md#{})", type_anchor(&t.name)))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default(),
            description: first_sentence(&t.description),
        })
        .collect();

    let codes: Vec<IndexCode> = model
        .shared_codes
        .iter()
        .map(|c| IndexCode {
            code: c.code.clone(),
            status: c.status.letter().into(),
            sources: titles(model, &c.provenance.sources),
            uses: model
                .apis
                .iter()
                .filter_map(|a| {
                    let rc = a.result_codes.iter().find(|rc| rc.code == c.code)?;
                    let action = rc
                        .action
                        .as_ref()
                        .map(|act| {
                            let kind = serde_json::to_value(act.kind)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))
                                .unwrap_or_default();
                            let text = bilingual(
                                act.text.as_deref().unwrap_or(""),
                                act.text_zh.as_deref(),
                            );
                            if text.is_empty() {
                                format!("Further action: `{kind}`.")
                            } else {
                                format!("Further action (`{kind}`): {text}")
                            }
                        })
                        .unwrap_or_default();
                    let action = if a.replaced_action(rc).is_some() {
                        format!("{} {}", RECEIVER_ACTION, action)
                    } else {
                        action
                    };
                    Some(IndexCodeUse {
                        api: a.name.clone(),
                        message: with_period(&bilingual(&rc.message, rc.message_zh.as_deref())),
                        action,
                        mistranslations: mistranslation_notes(model, rc),
                        sources: titles(model, &rc.provenance.sources),
                    })
                })
                .collect(),
        })
        .collect();

    let sources: Vec<SourceRow> = model
        .sources
        .values()
        .map(|s| source_row(s, true))
        .collect();
    IndexPage {
        apis: rows::index_apis(md, &apis),
        types: rows::index_types(md, &types),
        codes: rows::index_codes(md, &codes),
        sources: rows::sources(md, &sources),
    }
}

fn first_sentence(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.find(". ") {
        Some(i) => s[..=i].to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration(0), "0s");
        assert_eq!(duration(87_720), "24h22m");
        assert_eq!(duration(3600 * 24 - 1), "23h59m59s");
    }

    #[test]
    fn fences_are_longer_than_any_backtick_run() {
        assert_eq!(fence("{}"), "```");
        assert_eq!(fence("a ``` b ```` c"), "`````");
    }

    #[test]
    fn templates_compile() {
        let _ = templates(Arc::new(Titles::new(BTreeMap::new())));
    }
}
