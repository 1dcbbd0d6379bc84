//! The spec format's own JSON Schema, derived from [`crate::spec::raw`] with
//! schemars, for editors (autocomplete, inline errors) and for other tools.
//!
//! Written to `spec/spec.schema.json` (draft 2020-12) and
//! `spec/spec.draft-07.schema.json` (for YAML language servers that only
//! support draft-07). `alipay-codegen spec-schema` rewrites both; `check` and a
//! test fail when either is stale.

use schemars::JsonSchema;

use crate::spec::raw;

/// Any spec file: `sources.yaml`, `codes/*.yaml`, `types/*.yaml` or `apis/*.yaml`.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code, clippy::large_enum_variant)] // only its schema is used
enum SpecFile {
    Api(raw::ApiFile),
    Type(raw::TypeFile),
    Codes(raw::CodesFile),
    Sources(raw::SourcesFile),
}

/// File name of the draft 2020-12 schema, in the spec directory.
pub const SCHEMA_2020_12: &str = "spec.schema.json";
/// File name of the draft-07 schema, in the spec directory.
pub const SCHEMA_DRAFT_07: &str = "spec.draft-07.schema.json";

fn render(settings: schemars::generate::SchemaSettings, id: &str) -> String {
    let mut schema = settings.into_generator().into_root_schema_for::<SpecFile>();
    let obj = schema.ensure_object();
    obj.insert("$id".into(), id.into());
    obj.insert("title".into(), "alipay-codegen spec file".into());
    obj.insert(
        "description".into(),
        "A file of an alipay-codegen spec directory: sources.yaml, codes/*.yaml, types/*.yaml or apis/*.yaml. Generated from the generator's spec format types; do not edit.".into(),
    );
    let mut s = serde_json::to_string_pretty(&schema).expect("a schema is always serializable");
    s.push('\n');
    s
}

/// The draft 2020-12 schema, as the file's bytes.
pub fn draft_2020_12() -> String {
    render(
        schemars::generate::SchemaSettings::draft2020_12(),
        "https://alipay-codegen.invalid/spec.schema.json",
    )
}

/// The draft-07 schema, as the file's bytes.
pub fn draft_07() -> String {
    render(
        schemars::generate::SchemaSettings::draft07(),
        "https://alipay-codegen.invalid/spec.draft-07.schema.json",
    )
}

/// Both files, with their names.
pub fn files() -> [(&'static str, String); 2] {
    [
        (SCHEMA_2020_12, draft_2020_12()),
        (SCHEMA_DRAFT_07, draft_07()),
    ]
}
