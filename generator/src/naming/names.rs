//! Every name the emitters produce, computed in one place, and the check that
//! they are distinct.
//!
//! The emitters take their identifiers and paths from the functions here
//! (never from [`crate::naming::ident`] directly), and [`collisions`] computes the
//! whole set for a model and reports every pair of spec definitions that
//! would become the same Rust item, enum variant, field or output file, at
//! the spec lines of both. The checker runs it before anything is generated,
//! so a spec lint accepts cannot produce two items with one name.
//!
//! Namespaces (each checked on its own):
//! - the crate root: API modules, the crate's own modules and the extern
//!   crates generated code names (`std`, `serde`, ...), and the re-exported
//!   message and result-code types;
//! - `types`: shared object types and the value enums of their fields;
//! - each API module: its request, response and result-code types and the
//!   value enums of its messages' fields;
//! - the variants of each value enum, result-code enum, `SharedCode`,
//!   `Notification` and `Acknowledgement` (with the `Unknown` variant the
//!   generator adds);
//! - the fields of each struct;
//! - output paths, compared without case (a case-insensitive file system
//!   would write `docs/fooBar.md` and `docs/foobar.md` to one file).

use std::collections::BTreeMap;

use crate::model::{Api, Direction, Field, FieldType, Model, Provenance};
use crate::naming::ident;
use crate::spec::diag::Diagnostic;

/// Modules of the generated crate (and files of its `src/`) that an API
/// module may not take: the crate's own, `main` (cargo would build
/// `src/main.rs` as a binary), and the crates generated code refers to by
/// name.
pub const RESERVED_MODULES: &[&str] = &[
    "lib",
    "main",
    "runtime",
    "types",
    "codes",
    "notification",
    "catalog",
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "chrono",
    "schemars",
    "alipay_models",
];

/// Docs pages the generator writes besides one per API (`docs/<name>.md`).
pub const RESERVED_PAGES: &[&str] = &["index"];

/// Items re-exported at the crate root besides each API's message and code types.
pub const ROOT_ITEMS: &[&str] = &[
    "Acknowledgement",
    "Notification",
    "FromJsonError",
    "FurtherAction",
    "Rule",
    "Status",
    "Violation",
];

/// The variant the generator adds to every open enum.
pub const UNKNOWN_VARIANT: &str = "Unknown";

// ---------------------------------------------------------------------------
// The names.

/// The module of an API (`notifyCapture` -> `notify_capture`), possibly a raw identifier.
pub fn api_module(api: &str) -> String {
    ident::to_snake(api)
}

/// `src/notify_capture.rs`.
pub fn api_file(api: &str) -> String {
    format!("src/{}.rs", ident::strip_raw(&api_module(api)))
}

/// `docs/notifyCapture.md`.
pub fn docs_page(api: &str) -> String {
    format!("docs/{api}.md")
}

/// `schema/notifyCapture.request.schema.json` (`part` is `request` or `response`).
pub fn schema_file(api: &str, part: &str) -> String {
    format!("schema/{api}.{part}.schema.json")
}

/// The struct of a message: `NotifyCaptureRequest` (`kind` is `Request` or `Response`).
pub fn message_type(api: &str, kind: &str) -> String {
    ident::to_upper_camel(&format!("{api}{kind}"))
}

/// `NotifyCaptureRequest`.
pub fn request_type(api: &str) -> String {
    message_type(api, "Request")
}

/// `NotifyCaptureResponse`.
pub fn response_type(api: &str) -> String {
    message_type(api, "Response")
}

/// The result-code enum of an API: `NotifyCaptureResultCode`.
pub fn code_enum(api: &str) -> String {
    message_type(api, "ResultCode")
}

/// A shared object type.
pub fn type_name(name: &str) -> String {
    ident::to_upper_camel(name)
}

/// The checked view of a struct (a message or a shared type) named `owner`:
/// `NotifyCaptureRequestView`, `AmountView`.
pub fn view_type(owner: &str) -> String {
    format!("{}View", stem(owner))
}

/// A type name without the `_` that escapes a keyword (`Self_` -> `Self`), for
/// names built on it: `SelfView` is upper camel case, `Self_View` is not.
fn stem(owner: &str) -> &str {
    owner.strip_suffix('_').unwrap_or(owner)
}

/// The value enum of an enum field, prefixed by its struct's name unless the
/// field's name already starts with it (`Result` + `resultStatus` -> `ResultStatus`).
pub fn enum_type(owner: &str, field: &str) -> String {
    let owner = stem(owner);
    let f = ident::to_upper_camel(field);
    if f.starts_with(owner) {
        f
    } else {
        format!("{owner}{}", stem(&f))
    }
}

/// The variant of an enum value or result code; a value spelled like the
/// generator's own `Unknown` variant becomes `UnknownValue`.
pub fn value_variant(value: &str) -> String {
    let v = ident::to_upper_camel(value);
    if v == UNKNOWN_VARIANT {
        "UnknownValue".to_string()
    } else {
        v
    }
}

/// The variant of `Notification` and `Acknowledgement` for an API.
pub fn notification_variant(api: &str) -> String {
    ident::to_upper_camel(api)
}

/// The Rust field of a wire field (`captureRequestId` -> `capture_request_id`).
pub fn field_ident(wire: &str) -> String {
    ident::to_snake(wire)
}

/// The values of an enum field (or an array of enums), if it is one.
pub fn enum_values(ty: &FieldType) -> Option<&[crate::model::EnumValue]> {
    match ty {
        FieldType::Enum(v) => Some(v),
        FieldType::Array(inner) => enum_values(inner),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// The check.

/// Where a name comes from: a spec definition, or the generator itself.
#[derive(Clone)]
struct Origin {
    /// `None` for names the generator owns.
    at: Option<(String, u32)>,
    /// `result code `UNKNOWN``, `field `mode` of `captureRequest``, ...
    what: String,
}

impl Origin {
    fn spec(p: &Provenance, what: String) -> Origin {
        Origin {
            at: Some((p.file.clone(), p.line)),
            what,
        }
    }
    fn generator(what: impl Into<String>) -> Origin {
        Origin {
            at: None,
            what: what.into(),
        }
    }
}

#[derive(Default)]
struct Check {
    out: Vec<Diagnostic>,
}

/// One namespace being filled.
struct Space<'c> {
    check: &'c mut Check,
    scope: String,
    taken: BTreeMap<String, Origin>,
    /// Compare names without case (file paths).
    fold_case: bool,
}

impl Check {
    fn space(&mut self, scope: impl Into<String>) -> Space<'_> {
        Space {
            check: self,
            scope: scope.into(),
            taken: BTreeMap::new(),
            fold_case: false,
        }
    }
}

impl Space<'_> {
    fn add(&mut self, name: &str, origin: Origin) {
        let key = if self.fold_case {
            name.to_lowercase()
        } else {
            ident::strip_raw(name).to_string()
        };
        let Some(first) = self.taken.get(&key).cloned() else {
            self.taken.insert(key, origin);
            return;
        };
        let scope = &self.scope;
        let help = "rename one of them: generated code needs a distinct name for each";
        match (&first.at, &origin.at) {
            (Some(a), Some(b)) => {
                let message = |this: &Origin, other: &Origin, (file, line): &(String, u32)| {
                    format!(
                        "{} and {} (spec/{file}:{line}) both become `{name}` in {scope}",
                        this.what, other.what
                    )
                };
                self.check
                    .out
                    .push(Diagnostic::new(&b.0, b.1, 0, message(&origin, &first, a)).help(help));
                if a != b {
                    self.check.out.push(
                        Diagnostic::new(&a.0, a.1, 0, message(&first, &origin, b)).help(help),
                    );
                }
            }
            (None, Some(b)) | (Some(b), None) => {
                let (spec, generator) = if first.at.is_none() {
                    (&origin, &first)
                } else {
                    (&first, &origin)
                };
                self.check.out.push(
                    Diagnostic::new(
                        &b.0,
                        b.1,
                        0,
                        format!(
                            "{} becomes `{name}` in {scope}, which is {}",
                            spec.what, generator.what
                        ),
                    )
                    .help("rename it: that name belongs to the generated code"),
                );
            }
            (None, None) => {}
        }
    }
}

/// Every collision of generated names in `model`, two diagnostics per
/// collision between spec definitions (one at each), sorted.
pub fn collisions(model: &Model) -> Vec<Diagnostic> {
    let mut c = Check::default();
    crate_root(&mut c, model);
    output_paths(&mut c, model);
    types_module(&mut c, model);
    for api in &model.apis {
        api_module_items(&mut c, api);
    }
    variants(&mut c, model);
    for t in &model.types {
        struct_fields(
            &mut c,
            &t.fields,
            &format!("struct `{}`", type_name(&t.name)),
        );
    }
    for api in &model.apis {
        struct_fields(
            &mut c,
            &api.request.fields,
            &format!("struct `{}`", request_type(&api.name)),
        );
        struct_fields(
            &mut c,
            &api.response.fields,
            &format!("struct `{}`", response_type(&api.name)),
        );
    }
    let mut out = c.out;
    out.sort();
    out.dedup();
    out
}

fn crate_root(c: &mut Check, model: &Model) {
    let mut s = c.space("the crate root of the generated crate");
    for m in RESERVED_MODULES {
        s.add(
            m,
            Origin::generator(format!("the name `{m}` the generated crate uses")),
        );
    }
    for i in ROOT_ITEMS {
        s.add(i, Origin::generator(format!("the crate's own `{i}`")));
    }
    for api in &model.apis {
        s.add(
            &api_module(&api.name),
            Origin::spec(&api.provenance, format!("the module of API `{}`", api.name)),
        );
        for (name, origin) in api_types(api) {
            s.add(&name, origin);
        }
    }
}

/// The three types every API module defines (and the crate root re-exports):
/// request, response and result-code enum, with where each comes from.
fn api_types(api: &Api) -> [(String, Origin); 3] {
    let what = |x: &str| Origin::spec(&api.provenance, format!("the {x} of API `{}`", api.name));
    [
        (request_type(&api.name), what("request type")),
        (response_type(&api.name), what("response type")),
        (code_enum(&api.name), what("result-code enum")),
    ]
}

fn output_paths(c: &mut Check, model: &Model) {
    let mut s = c.space("the output directory (file names compared without case)");
    s.fold_case = true;
    for m in RESERVED_MODULES {
        s.add(
            &format!("src/{m}.rs"),
            Origin::generator(format!("the generated file `src/{m}.rs`")),
        );
    }
    for p in RESERVED_PAGES {
        s.add(
            &format!("docs/{p}.md"),
            Origin::generator(format!("the generated page `docs/{p}.md`")),
        );
    }
    for api in &model.apis {
        let o =
            |what: &str| Origin::spec(&api.provenance, format!("the {what} of API `{}`", api.name));
        s.add(&api_file(&api.name), o("module file"));
        s.add(&docs_page(&api.name), o("docs page"));
        for part in ["request", "response"] {
            s.add(&schema_file(&api.name, part), o(&format!("{part} schema")));
        }
    }
}

fn enum_field_what(f: &Field, owner: &str) -> String {
    format!("the value enum of field `{}` of {owner}", f.name)
}

fn types_module(c: &mut Check, model: &Model) {
    let mut s = c.space("module `types`");
    for t in &model.types {
        s.add(
            &type_name(&t.name),
            Origin::spec(&t.provenance, format!("shared type `{}`", t.name)),
        );
    }
    let lenient = model.lenient_types();
    for t in model.types.iter().filter(|t| lenient.contains(&t.name)) {
        s.add(
            &view_type(&type_name(&t.name)),
            Origin::spec(
                &t.provenance,
                format!("the checked view of shared type `{}`", t.name),
            ),
        );
    }
    for t in &model.types {
        let owner = type_name(&t.name);
        for f in t.fields.iter().filter(|f| enum_values(&f.ty).is_some()) {
            s.add(
                &enum_type(&owner, &f.name),
                Origin::spec(
                    &f.provenance,
                    enum_field_what(f, &format!("type `{}`", t.name)),
                ),
            );
        }
    }
}

fn api_module_items(c: &mut Check, api: &Api) {
    let module = api_module(&api.name);
    let mut s = c.space(format!("module `{}`", ident::strip_raw(&module)));
    for (name, origin) in api_types(api) {
        s.add(&name, origin);
    }
    for (m, kind) in [(&api.request, "Request"), (&api.response, "Response")] {
        let owner = message_type(&api.name, kind);
        let label = format!("the `{}` {}", api.name, kind.to_lowercase());
        if m.flow == crate::model::Flow::Inbound {
            s.add(
                &view_type(&owner),
                Origin::spec(&api.provenance, format!("the checked view of {label}")),
            );
        }
        for f in m.fields.iter().filter(|f| enum_values(&f.ty).is_some()) {
            s.add(
                &enum_type(&owner, &f.name),
                Origin::spec(&f.provenance, enum_field_what(f, &label)),
            );
        }
    }
}

fn variants(c: &mut Check, model: &Model) {
    let unknown =
        || Origin::generator("the variant the generator adds for values the spec does not list");
    // Value enums.
    let mut enums: Vec<(String, &Field)> = Vec::new();
    for t in &model.types {
        let owner = type_name(&t.name);
        enums.extend(t.fields.iter().map(|f| (enum_type(&owner, &f.name), f)));
    }
    for api in &model.apis {
        for (m, kind) in [(&api.request, "Request"), (&api.response, "Response")] {
            let owner = message_type(&api.name, kind);
            enums.extend(m.fields.iter().map(|f| (enum_type(&owner, &f.name), f)));
        }
    }
    for (name, f) in enums {
        let Some(values) = enum_values(&f.ty) else {
            continue;
        };
        let mut s = c.space(format!("enum `{name}`"));
        s.add(UNKNOWN_VARIANT, unknown());
        for v in values {
            s.add(
                &value_variant(&v.value),
                Origin::spec(
                    &f.provenance,
                    format!("value `{}` of field `{}`", v.value, f.name),
                ),
            );
        }
    }
    // Result codes.
    {
        let mut s = c.space("enum `codes::SharedCode`");
        for code in &model.shared_codes {
            s.add(
                &value_variant(&code.code),
                Origin::spec(
                    &code.provenance,
                    format!("shared result code `{}`", code.code),
                ),
            );
        }
    }
    for api in &model.apis {
        let mut s = c.space(format!("enum `{}`", code_enum(&api.name)));
        s.add(UNKNOWN_VARIANT, unknown());
        for code in &api.result_codes {
            s.add(
                &value_variant(&code.code),
                Origin::spec(&code.provenance, format!("result code `{}`", code.code)),
            );
        }
    }
    // Notifications.
    for (name, with_unknown) in [("Notification", true), ("Acknowledgement", false)] {
        let mut s = c.space(format!("enum `notification::{name}`"));
        if with_unknown {
            s.add(
                UNKNOWN_VARIANT,
                Origin::generator("the variant for notifications the spec does not list"),
            );
        }
        for api in model
            .apis
            .iter()
            .filter(|a| a.direction == Direction::Notification)
        {
            s.add(
                &notification_variant(&api.name),
                Origin::spec(&api.provenance, format!("notification API `{}`", api.name)),
            );
        }
    }
}

fn struct_fields(c: &mut Check, fields: &[Field], owner: &str) {
    let mut s = c.space(owner.to_string());
    for f in fields {
        s.add(
            &field_ident(&f.name),
            Origin::spec(&f.provenance, format!("field `{}`", f.name)),
        );
    }
}
