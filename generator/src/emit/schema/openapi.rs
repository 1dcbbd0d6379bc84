//! The OpenAPI 3.1 document: request APIs as paths, notifications as
//! `webhooks`, every schema from the same functions as the standalone files.

use std::collections::BTreeMap;

use schemars::Schema;
use serde::Serialize;
use serde_json::{Value, json};

use super::standalone::as_schema;
use super::yaml;
use super::{
    Part, Refs, component_name, message_body_and_named, message_component_name, reachable_types,
    type_schema_and_named,
};
use crate::model::{Api, Direction, Flow, Model, ResultCode};
use crate::write::OutputFile;

/// A Markdown table cell: no pipes, no line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The API's result codes as a Markdown table.
pub fn result_code_table(codes: &[ResultCode]) -> String {
    let mut t = String::from(
        "| resultCode | resultStatus | message | further action |\n| --- | --- | --- | --- |\n",
    );
    for c in codes {
        let action = match &c.action {
            Some(a) => {
                let kind = serde_json::to_value(a.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                match &a.text {
                    Some(text) => format!("`{kind}`: {}", cell(&crate::naming::text::inline(text))),
                    None => format!("`{kind}`"),
                }
            }
            None => String::new(),
        };
        t.push_str(&format!(
            "| `{}` | {} ({}) | {} | {} |\n",
            c.code,
            c.status.letter(),
            c.status.meaning(),
            cell(&crate::naming::text::inline(&c.message)),
            action
        ));
    }
    t
}

fn operation(api: &Api) -> Value {
    // Spec text is escaped as Markdown text: the description is CommonMark.
    let mut desc = crate::naming::text::markdown(api.description.trim());
    if let Some(http) = &api.http
        && let Some(note) = &http.note
    {
        desc.push_str("\n\n");
        desc.push_str(&crate::naming::text::markdown(note.trim()));
    }
    if let Some(r) = &api.retry {
        desc.push_str(&format!(
            "\n\n**Resends.** Acknowledge with `{}`. {}",
            r.ack,
            crate::naming::text::markdown(r.description.trim())
        ));
    }
    if let Some(o) = &api.outcome_field {
        desc.push_str(&format!(
            "\n\n**Outcome.** With `resultStatus` S, `{}` tells the result (`x-alipay.outcomeField`): succeeded for {}, failed for {}; any other value, none, or F with a succeeded value: keep it for a person. {}",
            o.field,
            crate::naming::text::code_spans(&o.succeeded),
            crate::naming::text::code_spans(&o.failed),
            crate::naming::text::markdown(o.description.trim())
        ));
    }
    if let Some(i) = &api.inquiry {
        desc.push_str(&format!(
            "\n\n**Pending.** While the result is pending, or when no notification arrives, inquire with `{}` (`x-alipay.inquiry`, an operationId of this document). {}",
            i.api,
            crate::naming::text::markdown(i.description.trim())
        ));
    }
    let codes_in = match api.direction {
        Direction::Notification => "the notification's `result`",
        Direction::Request => "the response's `result`",
    };
    desc.push_str(&format!(
        "\n\n**Result codes** (in {codes_in}; codes not listed are accepted, act on `resultStatus`):\n\n{}",
        result_code_table(&api.result_codes)
    ));
    desc.push_str(&format!("\nSource: {}.", api.provenance.sources.join(", ")));
    let body = |part: Part| json!({"$ref": format!("#/components/schemas/{}", message_component_name(api, part))});
    let response_desc = match api.direction {
        Direction::Notification => "The merchant's acknowledgement (HTTP 200).",
        Direction::Request => "The result of the request (HTTP 200).",
    };
    let mut op = json!({
        "operationId": api.name,
        "summary": api.title,
        "description": desc,
        "requestBody": {
            "required": true,
            "description": api.request.description.as_deref().map(crate::naming::text::markdown).unwrap_or_else(|| format!("The {} request.", api.name)),
            "content": {"application/json": {"schema": body(Part::Request)}},
        },
        "responses": {
            "200": {
                "description": response_desc,
                "content": {"application/json": {"schema": body(Part::Response)}},
            }
        },
    });
    let mut ext = serde_json::Map::new();
    if let Some(i) = &api.inquiry {
        ext.insert(super::INQUIRY_MEMBER.into(), json!(i.api));
    }
    if let Some(o) = &api.outcome_field {
        ext.insert(
            super::OUTCOME_FIELD_MEMBER.into(),
            json!({"field": o.field, "succeeded": o.succeeded, "failed": o.failed}),
        );
    }
    if !ext.is_empty() {
        op[super::EXTENSION_KEYWORD] = Value::Object(ext);
    }
    op
}

/// The OpenAPI document, with its top-level keys in the usual order.
#[derive(Debug, Clone, Serialize)]
pub struct OpenApi {
    pub openapi: &'static str,
    pub info: Value,
    pub servers: Value,
    /// Every request (and notification) carries the three signature headers.
    pub security: Value,
    pub paths: BTreeMap<String, Value>,
    pub webhooks: BTreeMap<String, Value>,
    pub components: Components,
}

#[derive(Debug, Clone, Serialize)]
pub struct Components {
    pub schemas: BTreeMap<String, Schema>,
    #[serde(rename = "securitySchemes")]
    pub security_schemes: Value,
}

/// The request headers of Alipay's signature scheme (the AMS document "Sign a
/// request and verify the signature"; the mini-program OpenAPI uses the same
/// scheme), as OpenAPI security schemes: `(scheme name, header, description)`.
/// Together they authenticate a message; each alone does not, so the
/// security requirement lists all three.
pub const SIGNATURE_HEADERS: [(&str, &str, &str); 3] = [
    (
        "Signature",
        "Signature",
        "`algorithm=RSA256, keyVersion=1, signature=<URL-encoded Base64>`: SHA256withRSA (RSA PKCS#1 v1.5) over `<HTTP method> <request URI>\\n<Client-Id>.<Request-Time>.<body>`, \
         the body being the raw bytes as sent. A receiver verifies it over the raw body as received, never a re-serialization. \
         Notifications carry it as `signature`; header names are case-insensitive. Alipay's responses are signed the same way with `Response-Time`.",
    ),
    (
        "ClientId",
        "Client-Id",
        "The client ID the merchant was given (sandbox IDs start with `SANDBOX_`); part of the signed content.",
    ),
    (
        "RequestTime",
        "Request-Time",
        "When the request was sent: milliseconds since the epoch in the current AMS documents (`1685599933871`), \
         an ISO 8601 date-time in older AMS and the mini-program documents; part of the signed content, sent exactly as signed.",
    ),
];

/// The OpenAPI 3.1 document of every API in the model.
pub fn openapi(model: &Model) -> OpenApi {
    let mut doc = skeleton(model);
    for api in &model.apis {
        let (section, key, item) = path_item(api);
        let entries = match section {
            Section::Paths => &mut doc.paths,
            Section::Webhooks => &mut doc.webhooks,
        };
        entries.insert(key, item);
        for part in Part::ALL {
            let (body, named) = message_body_and_named(model, api, part, Refs::Defs);
            doc.components
                .schemas
                .extend(message_components(api, part, &body, &named));
        }
    }
    doc.components.schemas.extend(type_components(model));
    doc
}

/// The two mappings of the document that hold operations.
#[derive(Debug, Clone, Copy)]
pub(super) enum Section {
    Paths,
    Webhooks,
}

/// An API's entry, `{method: operation}`: under `paths` by HTTP path for a
/// request API that has one, under `webhooks` by name otherwise.
pub(super) fn path_item(api: &Api) -> (Section, String, Value) {
    let method = api
        .http
        .as_ref()
        .map(|h| h.method.to_ascii_lowercase())
        .unwrap_or_else(|| "post".into());
    let item = json!({ method: operation(api) });
    match (
        api.direction,
        api.http.as_ref().and_then(|h| h.path.clone()),
    ) {
        (Direction::Request, Some(path)) => (Section::Paths, path, item),
        _ => (Section::Webhooks, api.name.clone(), item),
    }
}

/// A message's entries under `components/schemas`: its body and the named
/// definitions it refers to, from the standalone file's
/// ([`message_body_and_named`] with [`Refs::Defs`]) with every `$ref` pointed
/// into `components/schemas` (what [`Refs::Components`] builds).
pub(super) fn message_components(
    api: &Api,
    part: Part,
    body: &Schema,
    named: &BTreeMap<String, Value>,
) -> Vec<(String, Schema)> {
    each_message_component(api, part, body, named, |_, v, refs| {
        let mut v = v.clone();
        yaml::replace_refs(&mut v, refs);
        as_schema(v)
    })
}

/// [`message_components`] as YAML entries ([`schemas_yaml`]), each `$ref`
/// pointed into `components/schemas` as the YAML is written rather than in
/// a copy of the schema.
pub(super) fn message_components_yaml(
    api: &Api,
    part: Part,
    body: &Schema,
    named: &BTreeMap<String, Value>,
) -> Vec<(String, String)> {
    each_message_component(api, part, body, named, |name, v, refs| {
        yaml::entry_with_refs(name, v, yaml::Order::Schema, 2, refs)
    })
}

/// `entry(name, schema, refs)` for the body and each named definition of a
/// message, by component name, `refs` pointing a `$ref` at `components/schemas`.
fn each_message_component<T>(
    api: &Api,
    part: Part,
    body: &Schema,
    named: &BTreeMap<String, Value>,
    entry: impl Fn(&str, &Value, &yaml::RefTarget<'_>) -> T,
) -> Vec<(String, T)> {
    let flow = part.message(api).flow;
    let refs = |r: &str| component_ref(r, named, flow);
    let name = message_component_name(api, part);
    let mut out = Vec::with_capacity(named.len() + 1);
    let body = entry(&name, body.as_value(), &refs);
    out.push((name, body));
    out.extend(named.iter().map(|(k, v)| (k.clone(), entry(k, v, &refs))));
    out
}

/// A message schema's `$ref` `r` pointed at `components/schemas`: its own
/// named definitions keep their names (titles are the same in both), a
/// shared type `T` becomes `T<Flow>` ([`component_name`]). `None` for a
/// `$ref` that does not point into `$defs`.
fn component_ref(r: &str, named: &BTreeMap<String, Value>, flow: Flow) -> Option<String> {
    let name = r.strip_prefix("#/$defs/")?;
    let target = if named.contains_key(name) {
        name.to_string()
    } else {
        component_name(name, flow)
    };
    Some(format!("#/components/schemas/{target}"))
}

/// The shared types' entries under `components/schemas`: each type reachable
/// from a message, once per flow it travels in, and the named definitions it
/// refers to.
pub(super) fn type_components(model: &Model) -> Vec<(String, Schema)> {
    let mut out = Vec::new();
    for flow in [Flow::Inbound, Flow::Outbound] {
        let mut used = std::collections::BTreeSet::new();
        for api in &model.apis {
            for part in Part::ALL {
                let msg = part.message(api);
                if msg.flow == flow {
                    used.extend(reachable_types(model, &msg.fields));
                }
            }
        }
        for name in used {
            if let Some(td) = model.type_def(&name) {
                let (t, named) = type_schema_and_named(model, td, flow, Refs::Components);
                out.push((component_name(&name, flow), t));
                out.extend(named.into_iter().map(|(k, v)| (k, as_schema(v))));
            }
        }
    }
    out
}

/// The entries of `openapi.yaml`'s mappings, each as YAML rendered apart
/// ([`yaml::entry`]), by key. Inserting them in the order [`openapi`] inserts
/// the values gives the same entries.
#[derive(Debug, Default)]
pub(super) struct YamlEntries {
    pub paths: BTreeMap<String, String>,
    pub webhooks: BTreeMap<String, String>,
    pub schemas: BTreeMap<String, String>,
}

impl YamlEntries {
    pub(super) fn section(&mut self, section: Section) -> &mut BTreeMap<String, String> {
        match section {
            Section::Paths => &mut self.paths,
            Section::Webhooks => &mut self.webhooks,
        }
    }
}

/// `openapi.yaml`: the [`skeleton`] with its empty mappings filled with the entries.
pub(super) fn yaml_file(model: &Model, entries: &YamlEntries) -> OutputFile {
    let skeleton =
        serde_saphyr::to_string(&skeleton(model)).expect("the OpenAPI document serializes");
    let size: usize = [&entries.paths, &entries.webhooks, &entries.schemas]
        .iter()
        .flat_map(|m| m.values())
        .map(String::len)
        .sum();
    let mut yaml = String::with_capacity(size + skeleton.len() + 128);
    yaml.push_str(
        "# @generated by alipay-codegen from spec/; do not edit: run `alipay-codegen generate`.\n",
    );
    // Each empty mapping is a `key: {}` line (the first a line starts with:
    // block scalars' lines are indented deeper, quoted scalars are one line),
    // in this order.
    let mut rest = skeleton.as_str();
    for (empty, key, section) in [
        ("paths: {}\n", "paths:\n", &entries.paths),
        ("webhooks: {}\n", "webhooks:\n", &entries.webhooks),
        (
            "components:\n  schemas: {}\n",
            "components:\n  schemas:\n",
            &entries.schemas,
        ),
    ] {
        if section.is_empty() {
            continue;
        }
        let at = line_start(rest, empty).expect("the skeleton has the empty mapping");
        yaml.push_str(&rest[..at]);
        yaml.push_str(key);
        for entry in section.values() {
            yaml.push_str(entry);
        }
        rest = &rest[at + empty.len()..];
    }
    yaml.push_str(rest);
    if !yaml.ends_with('\n') {
        yaml.push('\n');
    }
    OutputFile::new("openapi.yaml", yaml)
}

/// Where `lines` first occurs at the start of a line of `text`.
fn line_start(text: &str, lines: &str) -> Option<usize> {
    if text.starts_with(lines) {
        return Some(0);
    }
    text.find(&format!("\n{lines}")).map(|at| at + 1)
}

/// The YAML of `components/schemas` entries.
pub(super) fn schemas_yaml(
    schemas: Vec<(String, Schema)>,
) -> impl Iterator<Item = (String, String)> {
    schemas.into_iter().map(|(name, s)| {
        let yaml = yaml::entry(&name, s.as_value(), yaml::Order::Schema, 2);
        (name, yaml)
    })
}

/// The document without operations and schemas (empty `paths`, `webhooks`
/// and `components/schemas`).
fn skeleton(model: &Model) -> OpenApi {
    let sources: Vec<String> = model
        .sources
        .values()
        .map(|s| format!("- **{}**: {}", s.id, crate::naming::text::inline(&s.title)))
        .collect();
    let names: Vec<&str> = model.apis.iter().map(|a| a.name.as_str()).collect();
    let summary = match names.split_last() {
        None => "No APIs, generated from the YAML specs.".to_string(),
        Some((last, [])) => format!("{last}, generated from the YAML specs."),
        Some((last, rest)) => format!(
            "{} and {last}, generated from the YAML specs.",
            rest.join(", ")
        ),
    };
    let mut security_schemes = serde_json::Map::new();
    let mut requirement = serde_json::Map::new();
    for (scheme, header, description) in SIGNATURE_HEADERS {
        security_schemes.insert(
            scheme.into(),
            json!({"type": "apiKey", "in": "header", "name": header, "description": description}),
        );
        requirement.insert(scheme.into(), json!([]));
    }
    OpenApi {
        openapi: "3.1.0",
        info: json!({
            "title": "Alipay APIs (alipay-codegen)",
            "version": env!("CARGO_PKG_VERSION"),
            "summary": summary,
            "license": {
                "name": env!("CARGO_PKG_LICENSE"),
                "identifier": env!("CARGO_PKG_LICENSE"),
            },
            "description": format!(
                "Generated by alipay-codegen from the YAML specs in `spec/`; the same schemas are published one file per message under `schema/`. \
                 Messages Alipay sends (notifications, responses) are described leniently: unknown properties, enum values and result codes are accepted. \
                 Messages the merchant sends are strict. Schema descriptions end with the documents they were transcribed from.\n\n\
                 The one extension keyword, `x-alipay`, is an annotation: an object whose `resultCodes` member is the result-code table as data; with ajv strict mode declare it: `ajv.addKeyword(\"x-alipay\")`.\n\n\
                 Every request and notification carries the three headers of Alipay's signature scheme (`Signature`, `Client-Id`, `Request-Time`: the security schemes); the license is that of this generated description, not of Alipay's APIs.\n\n\
                 **Source documents**\n\n{}",
                sources.join("\n")
            ),
        }),
        servers: json!([{
            "url": "https://{domainName}/api/open",
            "description": "Alipay+ mini-program OpenAPI (capture); notifications are sent to the merchant's notification URL.",
            "variables": {"domainName": {"default": "wallet-domain.invalid", "description": "The wallet's OpenAPI domain (each wallet has its own; see the capture operation)."}},
        }]),
        security: json!([requirement]),
        paths: BTreeMap::new(),
        webhooks: BTreeMap::new(),
        components: Components {
            schemas: BTreeMap::new(),
            security_schemes: Value::Object(security_schemes),
        },
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// `openapi.yaml` as [`super::super::emit`] writes it (entries rendered
    /// apart, without serde) is serde_saphyr's serialization of
    /// [`super::openapi`], for the specs and for the hostile fixture.
    #[test]
    fn openapi_yaml_is_serde_saphyr_s_serialization_of_the_document() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["spec", "tests/fixtures/rust/hostile"] {
            let model = crate::load_dir(&root.join(dir)).unwrap_or_else(|e| panic!("{dir}: {e}"));
            let written = super::super::emit(&model)
                .into_iter()
                .find(|f| f.path == Path::new("openapi.yaml"))
                .expect("openapi.yaml is written");
            let expected = format!(
                "# @generated by alipay-codegen from spec/; do not edit: run `alipay-codegen generate`.\n{}",
                serde_saphyr::to_string(&super::openapi(&model)).unwrap()
            );
            assert!(
                String::from_utf8(written.contents).unwrap() == expected,
                "{dir}: openapi.yaml differs from serde_saphyr's"
            );
        }
    }
}
