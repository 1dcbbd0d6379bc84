//! The Rust emitter: the sources of the `alipay-models` crate.
//!
//! The output is code as prettyplease prints it (balanced, canonical,
//! stable). The per-API modules and `src/types.rs`, most of the output, are
//! written as text in that layout by `code::Code` (building tokens and
//! parsing them back cost most of the time); the crate-level files, one of
//! each, are built as tokens (`quote!`), parsed into a [`syn::File`] and
//! printed with prettyplease. Either way spec text only ever reaches the
//! output inside string literals and doc comments. Prose (the crate docs) comes from the Markdown templates
//! `templates/lib_docs*.md`, filled in without a template engine.
//!
//! The generated code depends on the runtime crate `alipay-runtime` as
//! prost's output depends on `prost`: it names the runtime by absolute path
//! (`::alipay_runtime::...`, through `use ::alipay_runtime::__private as
//! runtime;` in each module) and its own items by module-relative paths
//! (`types::Amount`, through `use super::types;`), so it can be included in any module of a crate
//! of edition 2021 or 2024.
//!
//! Files, relative to the output directory:
//! - `src/lib.rs`: crate docs, modules, re-exports;
//! - `src/types.rs`: the shared objects;
//! - `src/codes.rs`: the shared result codes, each defined once;
//! - `src/<api>.rs`: request, response, result-code enum of each API;
//! - `src/notification.rs`: dispatch of notifications by `notifyType`, acknowledgements;
//! - `src/catalog.rs`: every message as data (name, direction, parse/validate functions);
//! - `examples/validate.rs`: a command-line validator;
//! - `examples/verify.rs`, `examples/sign.rs`: signatures by hand (verbatim).
//!
//! Leniency: a shared type reachable from an inbound message (Alipay sends
//! it) keeps unknown fields in `extra` and has every field optional (a missing
//! required field is a `Required` violation, not a parse failure). Outbound
//! messages (the merchant sends them) deny unknown fields and have their
//! required fields non-optional; shared objects inside them that are also
//! used inbound report their unknown fields (and wrong wire forms) as
//! violations instead.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{
    ActionKind, Api, Condition, Field, FieldType, Flow, Message, Model, Relation, Status,
};
use crate::naming::names;
use crate::write::OutputFile;

mod builders;
mod call;
mod catalog;
mod code;
mod codes;
mod crate_files;
mod dispatch;
mod messages;
mod models;
mod single_file;
mod validators;
mod views;

pub use single_file::single_file;

/// The `verify` and `sign` command-line examples, emitted verbatim.
const EXAMPLE_VERIFY: &str = include_str!("example_verify.rs");
const EXAMPLE_SIGN: &str = include_str!("example_sign.rs");

// Through the `generator/templates` link, so that the packaged crate carries
// them. Plain Markdown with `{{ name }}` values (see `crate_files::fill`); the
// second part is there when the crate has notifications.
const LIB_DOCS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/templates/lib_docs.md"
));
const LIB_DOCS_NOTIFICATIONS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/templates/lib_docs_notifications.md"
));

/// Every file of the crate, sorted by path.
pub fn emit(model: &Model) -> Vec<OutputFile> {
    Cx::new(model, Features::Cargo).files()
}

impl Cx<'_> {
    /// Every file of the crate, sorted by path, with these features.
    fn files(&self) -> Vec<OutputFile> {
        let cx = self;
        let model = self.model;
        // One job per file; the per-API files dominate and are independent.
        enum Job<'a> {
            Lib,
            Types,
            Codes,
            Notification,
            Catalog,
            Example,
            Api(&'a Api),
        }
        let mut jobs = vec![
            Job::Lib,
            Job::Types,
            Job::Codes,
            Job::Notification,
            Job::Catalog,
            Job::Example,
        ];
        jobs.extend(model.apis.iter().map(Job::Api));
        let mut files = crate::parallel::map(&jobs, |job| match job {
            Job::Lib => cx.text_file("src/lib.rs", cx.lib()),
            Job::Types => cx.text_file("src/types.rs", cx.types()),
            Job::Codes => cx.file("src/codes.rs", cx.codes()),
            Job::Notification => cx.file("src/notification.rs", cx.notification()),
            Job::Catalog => cx.text_file("src/catalog.rs", cx.catalog()),
            Job::Example => cx.file("examples/validate.rs", cx.validate_example()),
            Job::Api(api) => cx.text_file(&crate::naming::names::api_file(&api.name), cx.api(api)),
        });
        for (path, text) in [
            ("examples/verify.rs", EXAMPLE_VERIFY),
            ("examples/sign.rs", EXAMPLE_SIGN),
        ] {
            files.push(OutputFile::new(path, format!("{}{text}", cx.header())));
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

/// Formats tokens as a Rust file. Panics only on an emitter bug (tokens that do not parse).
pub fn format_tokens(tokens: TokenStream) -> String {
    // No clone kept for the message: parsing a shared stream would copy it
    // whole. The emitter's tests parse every fixture, so this is a bug path.
    let file: syn::File = match syn::parse2(tokens) {
        Ok(f) => f,
        Err(e) => panic!("alipay-codegen bug: generated Rust does not parse: {e}"),
    };
    prettyplease::unparse(&file)
}

/// Methods built as tokens, as prettyplease prints them inside an impl
/// block (the lines between `impl _ {` and `}`).
fn methods_text(methods: TokenStream) -> String {
    if methods.is_empty() {
        return String::new();
    }
    let text = format_tokens(quote!(impl X { #methods }));
    let inner = text
        .strip_prefix("impl X {\n")
        .and_then(|t| t.strip_suffix("}\n"));
    match inner {
        Some(inner) => inner.to_string(),
        None => panic!("alipay-codegen bug: methods printed as {text}"),
    }
}

/// Tokens of an expression written as text.
fn tokens_of(text: &str) -> TokenStream {
    match text.parse() {
        Ok(t) => t,
        Err(e) => panic!("alipay-codegen bug: generated Rust does not lex: {e}: {text}"),
    }
}

fn id(s: &str) -> Ident {
    match s.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(s, Span::call_site()),
    }
}

/// The Rust field of a wire field.
fn snake(s: &str) -> Ident {
    id(&names::field_ident(s))
}

/// `#[doc = " line"]` per line, spec text made safe by
/// [`crate::naming::text::rustdoc_lines`] (never a doctest, no control characters).
fn doc(text: &str) -> TokenStream {
    let lines = crate::naming::text::rustdoc_lines(text);
    quote! { #( #[doc = #lines] )* }
}

fn opt_str(v: Option<&str>) -> TokenStream {
    match v {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

fn status_tokens(s: Status) -> TokenStream {
    match s {
        Status::S => quote!(runtime::Status::S),
        Status::F => quote!(runtime::Status::F),
        Status::U => quote!(runtime::Status::U),
    }
}

/// The runtime's further action for the spec's: the one mapping between the
/// two (names, wire text and emitted variant all come from the runtime's).
fn further_action(k: ActionKind) -> alipay_runtime::FurtherAction {
    use alipay_runtime::FurtherAction as F;
    match k {
        ActionKind::None => F::None,
        ActionKind::Retry => F::Retry,
        ActionKind::NewRequestId => F::NewRequestId,
        ActionKind::WaitOrInquire => F::WaitOrInquire,
        ActionKind::DoNotRetry => F::DoNotRetry,
        ActionKind::FixRequest => F::FixRequest,
    }
}

fn action_tokens(k: ActionKind) -> TokenStream {
    let variant = id(&format!("{:?}", further_action(k)));
    quote!(runtime::FurtherAction::#variant)
}

fn action_kind_name(k: ActionKind) -> &'static str {
    further_action(k).as_str()
}

/// How the cargo features of the output are handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Features {
    /// The `alipay-models` crate: `#[cfg(feature = "...")]`, its own features
    /// forwarding to the runtime's.
    Cargo,
    /// One file included in another crate, which has no such features: the
    /// code for each is emitted or not.
    Resolved { schemars: bool, signature: bool },
}

/// A condition as the Rust code writes it (docs and rule texts): values
/// plain, sources cited apart ([`Condition::sentence`]).
fn condition_text(c: &Condition) -> String {
    c.sentence(str::to_owned, "")
}

/// A struct being generated: a message or a shared type.
struct Owner<'a> {
    /// Rust type name.
    name: String,
    fields: &'a [Field],
    /// Relations between its fields (messages only).
    relations: &'a [Relation],
    /// Unknown fields kept in `extra`, every field optional.
    lenient: bool,
    /// Prefix of the names of its enums.
    enum_prefix: String,
    /// A message (not a shared type): when strict, serializing it checks every rule.
    message: bool,
    /// The merchant builds it (an outbound message, or a shared type in one):
    /// it gets a constructor and `with_` setters taking plain values.
    built: bool,
}

struct Cx<'m> {
    model: &'m Model,
    features: Features,
    /// Shared types reachable from an inbound message (or from no message at all).
    lenient_types: BTreeSet<String>,
    /// Shared types reachable from an outbound message.
    built_types: BTreeSet<String>,
}

impl<'m> Cx<'m> {
    fn new(model: &'m Model, features: Features) -> Self {
        let lenient_types = model.lenient_types();
        let built_types = model.types_reachable(Flow::Outbound);
        Cx {
            model,
            features,
            lenient_types,
            built_types,
        }
    }

    /// The attribute that keeps an item only with the cargo feature `name`
    /// (empty when resolved on); `None` when resolved off: leave the item out.
    fn cfg(&self, name: &str) -> Option<TokenStream> {
        match (self.features, name) {
            (Features::Cargo, _) => Some(quote!(#[cfg(feature = #name)])),
            (Features::Resolved { schemars, .. }, "schemars") => schemars.then(TokenStream::new),
            (Features::Resolved { signature, .. }, _) => signature.then(TokenStream::new),
        }
    }

    /// [`Self::cfg`] as a line of text: `Some(None)` when resolved on.
    fn cfg_line(&self, name: &str) -> Option<Option<String>> {
        match (self.features, name) {
            (Features::Cargo, _) => Some(Some(format!("#[cfg(feature = {})]", code::lit(name)))),
            (Features::Resolved { schemars, .. }, "schemars") => schemars.then_some(None),
            (Features::Resolved { signature, .. }, _) => signature.then_some(None),
        }
    }

    /// `derive(schemars::JsonSchema)`, as the `schemars` feature says.
    fn schemars_derive(&self) -> Option<&'static str> {
        match self.features {
            Features::Cargo => {
                Some("#[cfg_attr(feature = \"schemars\", derive(schemars::JsonSchema))]")
            }
            Features::Resolved { schemars: true, .. } => Some("#[derive(schemars::JsonSchema)]"),
            Features::Resolved {
                schemars: false, ..
            } => None,
        }
    }

    /// `schemars::JsonSchema` (feature `schemars`) for an open string enum: any
    /// string, with the known values (`examples`, an array's text) as examples,
    /// since an unlisted one decodes into `Unknown`.
    fn any_string_schema(&self, c: &mut code::Code, ty: &str, examples: &str) {
        let Some(cfg) = self.cfg_line("schemars") else {
            return;
        };
        c.item(|c| {
            c.doc(
                "Any string: the known values are examples, an unlisted one is kept in `Unknown`.",
            );
            if let Some(cfg) = cfg {
                c.line(&cfg);
            }
            c.open(&format!("impl schemars::JsonSchema for {ty} {{"));
            c.open("fn schema_name() -> ::std::borrow::Cow<'static, str> {");
            c.line(&format!("{}.into()", code::lit(ty)));
            c.close("}");
            c.open("fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {");
            c.line(&format!(
                "schemars::json_schema!({{ \"type\" : \"string\", \"examples\" : {examples} }})"
            ));
            c.close("}");
            c.close("}");
        });
    }

    /// The first line of every file. It names no hash of the specs, so that
    /// a change to one API changes only the files that say something about
    /// it; the manifest (`.alipay-codegen-manifest`) records the inputs.
    fn header(&self) -> String {
        format!(
            "// @generated by alipay-codegen {}. Do not edit: run `alipay-codegen generate`.\n\n",
            env!("CARGO_PKG_VERSION")
        )
    }

    fn file(&self, path: &str, tokens: TokenStream) -> OutputFile {
        self.text_file(path, format_tokens(tokens))
    }

    /// A file of code written by [`code::Code`].
    fn text_file(&self, path: &str, text: String) -> OutputFile {
        OutputFile::new(path, format!("{}{text}", self.header()))
    }

    fn type_lenient(&self, name: &str) -> bool {
        self.lenient_types.contains(name)
    }

    fn type_owner(&self, name: &str) -> Option<Owner<'m>> {
        let t = self.model.type_def(name)?;
        Some(Owner {
            name: names::type_name(&t.name),
            fields: &t.fields,
            relations: &[],
            lenient: self.type_lenient(&t.name),
            enum_prefix: names::type_name(&t.name),
            message: false,
            built: self.built_types.contains(&t.name),
        })
    }

    fn message_owner<'a>(&self, api: &Api, m: &'a Message, kind: &str) -> Owner<'a> {
        let name = names::message_type(&api.name, kind);
        Owner {
            enum_prefix: name.clone(),
            name,
            fields: &m.fields,
            relations: &m.relations,
            lenient: m.flow == Flow::Inbound,
            message: true,
            built: m.flow == Flow::Outbound,
        }
    }

    // ---------------------------------------------------------------- names and types

    fn field_is_option(f: &Field, lenient: bool) -> bool {
        !f.required || lenient
    }

    fn enum_name(prefix: &str, field: &str) -> String {
        names::enum_type(prefix, field)
    }

    /// The Rust type of a field of type `ty` (`enum_name`: its enum's name).
    fn base_ty(&self, ty: &FieldType, enum_name: &str) -> String {
        match ty {
            FieldType::String => "::std::string::String".into(),
            FieldType::Integer => "runtime::IntegerValue".into(),
            FieldType::Decimal => "runtime::DecimalValue".into(),
            FieldType::Boolean => "runtime::BooleanValue".into(),
            FieldType::Datetime => "runtime::DateTimeValue".into(),
            FieldType::Enum(_) => enum_name.into(),
            FieldType::Object(t) => format!("types::{}", names::type_name(t)),
            FieldType::Array(inner) => {
                format!("::std::vec::Vec<{}>", self.base_ty(inner, enum_name))
            }
        }
    }

    /// [`Self::access_chain`] as tokens.
    fn access_chain_tokens(
        &self,
        root: &str,
        fields: &[Field],
        lenient: bool,
        segs: &[String],
    ) -> Option<TokenStream> {
        self.access_chain(root, fields, lenient, segs)
            .map(|c| tokens_of(&c))
    }

    // ---------------------------------------------------------------- docs

    fn provenance_line(&self, p: &crate::model::Provenance) -> String {
        format!(
            "Source: {} (spec/{}:{})",
            p.sources.join(", "),
            p.file,
            p.line
        )
    }
}

fn variant_ident(value: &str) -> Ident {
    id(&names::value_variant(value))
}
