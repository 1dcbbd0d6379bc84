//! The Rust emitter: the sources of the `alipay-models` crate.
//!
//! Code is built as tokens (`quote!`), parsed into a [`syn::File`] and printed
//! with prettyplease, so the output is balanced, canonical and stable; spec
//! text only ever reaches the output inside string literals and `#[doc]`
//! attributes. Prose (the crate docs) comes from tera templates in
//! `templates/`.
//!
//! Files, relative to the output directory:
//! - `src/lib.rs`: crate docs, modules, re-exports;
//! - `src/runtime.rs`: [`RUNTIME`] verbatim (violations, errors, wire values);
//! - `src/types.rs`: the shared objects;
//! - `src/codes.rs`: the shared result codes, each defined once;
//! - `src/<api>.rs`: request, response, result-code enum of each API;
//! - `src/notification.rs`: dispatch of notifications by `notifyType`, acknowledgements;
//! - `examples/validate.rs`: a command-line validator.
//!
//! Leniency: a shared type reachable from an inbound message (Alipay sends
//! it) keeps unknown fields in `extra` and has every field optional (a missing
//! required field is a `Required` violation, not a parse failure). Outbound
//! messages (the merchant sends them) deny unknown fields and have their
//! required fields non-optional; shared objects inside them that are also
//! used inbound report their unknown fields (and wrong wire forms) as
//! violations instead.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::ident;
use crate::model::{
    ActionKind, Api, ChildConstraint, Condition, Direction, Field, FieldType, Flow, Message, Model,
    ResultCode, Status, StringFormat, Wire,
};
use crate::write::OutputFile;

/// The runtime module, emitted verbatim as `src/runtime.rs`.
pub const RUNTIME: &str = include_str!("runtime.rs");

// Through the `generator/templates` link, so that the packaged crate carries it.
const LIB_DOCS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/templates/lib_docs.md.tera"
));

/// Every file of the crate, sorted by path.
pub fn emit(model: &Model) -> Vec<OutputFile> {
    let cx = Cx::new(model);
    // One job per file; the per-API files dominate and are independent.
    enum Job<'a> {
        Lib,
        Types,
        Codes,
        Notification,
        Example,
        Api(&'a Api),
    }
    let mut jobs = vec![
        Job::Lib,
        Job::Types,
        Job::Codes,
        Job::Notification,
        Job::Example,
    ];
    jobs.extend(model.apis.iter().map(Job::Api));
    let mut files = crate::par::map(&jobs, |job| match job {
        Job::Lib => cx.file("src/lib.rs", cx.lib()),
        Job::Types => cx.file("src/types.rs", cx.types()),
        Job::Codes => cx.file("src/codes.rs", cx.codes()),
        Job::Notification => cx.file("src/notification.rs", cx.notification()),
        Job::Example => cx.file("examples/validate.rs", cx.validate_example()),
        Job::Api(api) => cx.file(
            &format!("src/{}.rs", ident::strip_raw(&ident::to_snake(&api.name))),
            cx.api(api),
        ),
    });
    files.push(OutputFile::new(
        "src/runtime.rs",
        format!("{}{RUNTIME}", cx.header()),
    ));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The crate as one file for `include!` at the root of a user's crate (what
/// [`crate::Builder`] writes): the modules of [`emit`] inlined, without the
/// crate-level attributes, which an included file cannot carry.
///
/// The `schemars` cargo feature of alipay-models is resolved here, since the
/// including crate has no such feature (a leftover `cfg(feature = "schemars")`
/// would warn there): with `schemars` on, the derives and impls are
/// unconditional and the including crate depends on schemars 1; off, they are
/// left out.
pub fn single_file(model: &Model, schemars: bool) -> String {
    let cx = Cx::new(model);
    let files = emit(model);
    let module = |path: &str| -> Option<syn::File> {
        let f = files
            .iter()
            .find(|f| f.path == std::path::Path::new(path))?;
        syn::parse_file(std::str::from_utf8(&f.contents).ok()?).ok()
    };
    let Some(lib) = module("src/lib.rs") else {
        panic!("alipay-codegen bug: src/lib.rs was not generated or does not parse");
    };
    let mut items = Vec::new();
    for item in lib.items {
        match item {
            syn::Item::Mod(mut m) if m.content.is_none() => {
                let name = m.ident.to_string();
                let name = name.strip_prefix("r#").unwrap_or(&name);
                let Some(body) = module(&format!("src/{name}.rs")) else {
                    panic!("alipay-codegen bug: module {name} was not generated or does not parse");
                };
                m.attrs.extend(body.attrs);
                m.content = Some((syn::token::Brace::default(), body.items));
                m.semi = None;
                items.push(syn::Item::Mod(m));
            }
            other => items.push(other),
        }
    }
    resolve_feature(&mut items, "schemars", schemars);
    let file = syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items,
    };
    format!("{}{}", cx.header(), prettyplease::unparse(&file))
}

/// `schemars::JsonSchema` (feature `schemars`) for an open string enum: any
/// string, with the known values as examples, since an unlisted one decodes
/// into `Unknown`.
fn any_string_schema(ty: &Ident, schema_name: &str, known: &[&String]) -> TokenStream {
    quote! {
        /// Any string: the known values are examples, an unlisted one is kept in `Unknown`.
        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for #ty {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                #schema_name.into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "examples": [#(#known),*]
                })
            }
        }
    }
}

/// Resolves `#[cfg(feature = "...")]` and `#[cfg_attr(feature = "...", ...)]`
/// for one feature, as if it were `on`, in these items and every module and
/// impl inside them.
fn resolve_feature(items: &mut Vec<syn::Item>, feature: &str, on: bool) {
    fn is_feature(meta: &syn::Meta, feature: &str) -> bool {
        let syn::Meta::NameValue(nv) = meta else {
            return false;
        };
        nv.path.is_ident("feature")
            && matches!(&nv.value, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) if s.value() == feature)
    }
    // Resolves this feature's cfg_attr in place; false when a cfg removes the item.
    fn cfg(attrs: &mut Vec<syn::Attribute>, feature: &str, on: bool) -> bool {
        let mut keep = true;
        let mut out = Vec::with_capacity(attrs.len());
        for attr in attrs.drain(..) {
            if attr.path().is_ident("cfg") {
                if let Ok(meta) = attr.parse_args::<syn::Meta>()
                    && is_feature(&meta, feature)
                {
                    keep &= on;
                    continue;
                }
            } else if attr.path().is_ident("cfg_attr") {
                let parsed = attr.parse_args_with(
                    syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
                );
                if let Ok(list) = parsed {
                    let mut parts = list.into_iter();
                    if let Some(pred) = parts.next()
                        && is_feature(&pred, feature)
                    {
                        if on {
                            out.extend(parts.map(|meta| syn::parse_quote!(#[#meta])));
                        }
                        continue;
                    }
                }
            }
            out.push(attr);
        }
        *attrs = out;
        keep
    }
    items.retain_mut(|item| match item {
        syn::Item::Struct(i) => cfg(&mut i.attrs, feature, on),
        syn::Item::Enum(i) => cfg(&mut i.attrs, feature, on),
        syn::Item::Fn(i) => cfg(&mut i.attrs, feature, on),
        syn::Item::Use(i) => cfg(&mut i.attrs, feature, on),
        syn::Item::Const(i) => cfg(&mut i.attrs, feature, on),
        syn::Item::Static(i) => cfg(&mut i.attrs, feature, on),
        syn::Item::Type(i) => cfg(&mut i.attrs, feature, on),
        syn::Item::Trait(i) => cfg(&mut i.attrs, feature, on),
        syn::Item::Impl(i) => {
            let keep = cfg(&mut i.attrs, feature, on);
            i.items.retain_mut(|it| match it {
                syn::ImplItem::Fn(f) => cfg(&mut f.attrs, feature, on),
                syn::ImplItem::Const(c) => cfg(&mut c.attrs, feature, on),
                syn::ImplItem::Type(t) => cfg(&mut t.attrs, feature, on),
                _ => true,
            });
            keep
        }
        syn::Item::Mod(m) => {
            let keep = cfg(&mut m.attrs, feature, on);
            if let Some((_, inner)) = &mut m.content {
                resolve_feature(inner, feature, on);
            }
            keep
        }
        _ => true,
    });
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

fn id(s: &str) -> Ident {
    match s.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(s, Span::call_site()),
    }
}

fn snake(s: &str) -> Ident {
    id(&ident::to_snake(s))
}

fn camel(s: &str) -> Ident {
    id(&ident::to_upper_camel(s))
}

/// `#[doc = " line"]` per line.
fn doc(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

fn opt_u32(v: Option<u32>) -> TokenStream {
    match v {
        Some(n) => {
            let n = Literal::u32_suffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    }
}

fn opt_str(v: Option<&str>) -> TokenStream {
    match v {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

fn str_slice(v: &[String]) -> TokenStream {
    quote!(&[#(#v),*])
}

fn status_tokens(s: Status) -> TokenStream {
    match s {
        Status::S => quote!(runtime::Status::S),
        Status::F => quote!(runtime::Status::F),
        Status::U => quote!(runtime::Status::U),
    }
}

fn action_tokens(k: ActionKind) -> TokenStream {
    match k {
        ActionKind::None => quote!(runtime::FurtherAction::None),
        ActionKind::Retry => quote!(runtime::FurtherAction::Retry),
        ActionKind::NewRequestId => quote!(runtime::FurtherAction::NewRequestId),
        ActionKind::WaitOrInquire => quote!(runtime::FurtherAction::WaitOrInquire),
        ActionKind::DoNotRetry => quote!(runtime::FurtherAction::DoNotRetry),
        ActionKind::FixRequest => quote!(runtime::FurtherAction::FixRequest),
    }
}

fn action_kind_name(k: ActionKind) -> &'static str {
    match k {
        ActionKind::None => "none",
        ActionKind::Retry => "retry",
        ActionKind::NewRequestId => "new_request_id",
        ActionKind::WaitOrInquire => "wait_or_inquire",
        ActionKind::DoNotRetry => "do_not_retry",
        ActionKind::FixRequest => "fix_request",
    }
}

fn condition_text(c: &Condition) -> String {
    let field = c.field.join(".");
    match c.one_of.as_slice() {
        [one] => format!("`{field}` is {one}"),
        many => format!("`{field}` is one of {}", many.join(", ")),
    }
}

/// A struct being generated: a message or a shared type.
struct Owner<'a> {
    /// Rust type name.
    name: String,
    fields: &'a [Field],
    /// Unknown fields kept in `extra`, every field optional.
    lenient: bool,
    /// Prefix of the names of its enums.
    enum_prefix: String,
}

struct Cx<'m> {
    model: &'m Model,
    /// Shared types reachable from an inbound message (or from no message at all).
    lenient_types: BTreeSet<String>,
}

impl<'m> Cx<'m> {
    fn new(model: &'m Model) -> Self {
        let mut inbound = BTreeSet::new();
        let mut outbound = BTreeSet::new();
        for api in &model.apis {
            for m in [&api.request, &api.response] {
                let set = match m.flow {
                    Flow::Inbound => &mut inbound,
                    Flow::Outbound => &mut outbound,
                };
                let mut stack: Vec<&Field> = m.fields.iter().collect();
                while let Some(f) = stack.pop() {
                    if let Some(t) = object_of(&f.ty)
                        && set.insert(t.to_string())
                        && let Some(td) = model.type_def(t)
                    {
                        stack.extend(td.fields.iter());
                    }
                }
            }
        }
        let lenient_types = model
            .types
            .iter()
            .map(|t| t.name.clone())
            .filter(|n| inbound.contains(n) || !outbound.contains(n))
            .collect();
        Cx {
            model,
            lenient_types,
        }
    }

    fn header(&self) -> String {
        let hash = self
            .model
            .spec_hash
            .get(..16)
            .unwrap_or(&self.model.spec_hash);
        format!(
            "// @generated by alipay-codegen {} from specs {hash}. Do not edit: run `alipay-codegen generate`.\n\n",
            env!("CARGO_PKG_VERSION")
        )
    }

    fn file(&self, path: &str, tokens: TokenStream) -> OutputFile {
        OutputFile::new(path, format!("{}{}", self.header(), format_tokens(tokens)))
    }

    fn type_lenient(&self, name: &str) -> bool {
        self.lenient_types.contains(name)
    }

    fn type_owner(&self, name: &str) -> Option<Owner<'m>> {
        let t = self.model.type_def(name)?;
        Some(Owner {
            name: ident::to_upper_camel(&t.name),
            fields: &t.fields,
            lenient: self.type_lenient(&t.name),
            enum_prefix: ident::to_upper_camel(&t.name),
        })
    }

    fn message_owner<'a>(&self, api: &Api, m: &'a Message, kind: &str) -> Owner<'a> {
        let name = format!("{}{kind}", ident::to_upper_camel(&api.name));
        Owner {
            enum_prefix: name.clone(),
            name,
            fields: &m.fields,
            lenient: m.flow == Flow::Inbound,
        }
    }

    // ---------------------------------------------------------------- names and types

    fn field_is_option(f: &Field, lenient: bool) -> bool {
        !f.required || lenient
    }

    fn enum_name(prefix: &str, field: &str) -> String {
        let f = ident::to_upper_camel(field);
        if f.starts_with(prefix) {
            f
        } else {
            format!("{prefix}{f}")
        }
    }

    fn base_ty(&self, ty: &FieldType, enum_name: &str) -> TokenStream {
        match ty {
            FieldType::String => quote!(String),
            FieldType::Integer => quote!(runtime::IntegerValue),
            FieldType::Decimal => quote!(runtime::DecimalValue),
            FieldType::Boolean => quote!(runtime::BooleanValue),
            FieldType::Datetime => quote!(runtime::DateTimeValue),
            FieldType::Enum(_) => {
                let e = id(enum_name);
                quote!(#e)
            }
            FieldType::Object(t) => {
                let t = camel(t);
                quote!(crate::types::#t)
            }
            FieldType::Array(inner) => {
                let inner = self.base_ty(inner, enum_name);
                quote!(Vec<#inner>)
            }
        }
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

    fn field_docs(&self, f: &Field, lenient: bool) -> String {
        let mut s = String::new();
        s.push_str(&f.description);
        s.push_str("\n\n");
        if let Some(zh) = &f.description_zh {
            s.push_str(zh);
            s.push_str("\n\n");
        }
        let mut items = vec![format!("Wire name: `{}`", f.name)];
        items.push(match (f.required, lenient) {
            (true, true) => "Required (optional in Rust so that a message without it still parses; `validate()` reports it)".into(),
            (true, false) => "Required".into(),
            (false, _) => "Optional".into(),
        });
        if let Some(m) = f.max_length {
            items.push(format!("Max length: {m} characters"));
        }
        if let Some(m) = f.minimum {
            items.push(format!("Minimum: {m}"));
        }
        if let Some(v) = &f.fixed {
            items.push(format!("Fixed value: `{v}`"));
        }
        match f.format {
            Some(StringFormat::Currency) => {
                items.push("Format: ISO 4217 currency code (three letters A-Z)".into())
            }
            Some(StringFormat::JsonText) => items.push("Format: JSON text in a string".into()),
            None => {}
        }
        match (&f.ty, f.wire) {
            (FieldType::Integer | FieldType::Decimal | FieldType::Boolean, Wire::String) => {
                items.push("Travels as a JSON string".into())
            }
            (FieldType::Integer | FieldType::Decimal | FieldType::Boolean, Wire::Native) => {
                items.push("Travels as a JSON number or boolean".into())
            }
            (FieldType::Datetime, _) => {
                items.push("RFC 3339 date-time with offset, as a JSON string".into())
            }
            _ => {}
        }
        if let FieldType::Enum(values) = &f.ty {
            let v: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
            items.push(format!("One of: {}", v.join(", ")));
        }
        if let Some(d) = &f.default {
            items.push(format!("Default when absent: `{d}`"));
        }
        if let Some(c) = &f.present_only_when {
            items.push(format!(
                "Present only when {} ({})",
                condition_text(c),
                c.sources.join(", ")
            ));
        }
        if let Some(c) = &f.required_when {
            items.push(format!(
                "Required when {} ({})",
                condition_text(c),
                c.sources.join(", ")
            ));
        }
        for c in &f.constraints {
            let mut parts = Vec::new();
            if c.required == Some(true) {
                parts.push("required".to_string());
            }
            if let Some(v) = &c.fixed {
                parts.push(format!("fixed `{v}`"));
            }
            if !c.allowed.is_empty() {
                parts.push(format!("one of {}", c.allowed.join(", ")));
            }
            let mut line = format!(
                "Here `{}.{}`: {} ({})",
                f.name,
                c.field,
                parts.join(", "),
                c.sources.join(", ")
            );
            if let Some(n) = &c.note {
                line.push_str(". ");
                line.push_str(n.trim());
            }
            items.push(line);
        }
        if let Some(e) = &f.example {
            items.push(format!("Example: `{e}`"));
        }
        for i in items {
            s.push_str("- ");
            s.push_str(&i.replace('\n', " "));
            s.push('\n');
        }
        s.push('\n');
        s.push_str(&self.provenance_line(&f.provenance));
        s
    }

    // ---------------------------------------------------------------- enums

    fn enums_of(&self, owner: &Owner<'_>) -> TokenStream {
        let mut out = TokenStream::new();
        for f in owner.fields {
            let values = match &f.ty {
                FieldType::Enum(v) => v,
                FieldType::Array(inner) => match inner.as_ref() {
                    FieldType::Enum(v) => v,
                    _ => continue,
                },
                _ => continue,
            };
            let name = Self::enum_name(&owner.enum_prefix, &f.name);
            let docs = format!(
                "The values of `{}` in {}: {}.\n\nA value the spec does not list is kept in `Unknown`; `validate()` reports it.\n\n{}",
                f.name,
                owner.name,
                f.description.trim(),
                self.provenance_line(&f.provenance)
            );
            let variants: Vec<(String, String, Ident)> = values
                .iter()
                .map(|v| {
                    let mut d = v.description.clone();
                    if let Some(zh) = &v.description_zh {
                        d.push_str("\n\n");
                        d.push_str(zh);
                    }
                    if let Some(dep) = &v.deprecated {
                        d.push_str("\n\nDeprecated: ");
                        d.push_str(dep);
                    }
                    d.push_str(&format!(
                        "\n\nWire value `{}`. Source: {}",
                        v.value,
                        v.sources.join(", ")
                    ));
                    (v.value.clone(), d, variant_ident(&v.value))
                })
                .collect();
            out.extend(self.wire_enum(&name, &docs, &variants));
        }
        out
    }

    /// A string enum with an `Unknown(String)` variant.
    fn wire_enum(
        &self,
        name: &str,
        docs: &str,
        variants: &[(String, String, Ident)],
    ) -> TokenStream {
        let schema_name = name;
        let name = id(name);
        let docs = doc(docs);
        let values: Vec<&String> = variants.iter().map(|v| &v.0).collect();
        let schema_impl = any_string_schema(&name, schema_name, &values);
        let vdocs: Vec<TokenStream> = variants.iter().map(|v| doc(&v.1)).collect();
        let idents: Vec<&Ident> = variants.iter().map(|v| &v.2).collect();
        quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            pub enum #name {
                #( #vdocs #idents, )*
                /// A value the spec does not list, kept as received.
                Unknown(String),
            }

            impl #name {
                /// The value as it travels.
                pub fn as_str(&self) -> &str {
                    match self {
                        #( Self::#idents => #values, )*
                        Self::Unknown(s) => s,
                    }
                }

                /// Whether the spec lists the value.
                pub fn is_known(&self) -> bool {
                    !matches!(self, Self::Unknown(_))
                }
            }

            impl From<&str> for #name {
                fn from(s: &str) -> Self {
                    match s {
                        #( #values => Self::#idents, )*
                        other => Self::Unknown(other.to_owned()),
                    }
                }
            }

            impl ::core::str::FromStr for #name {
                type Err = ::core::convert::Infallible;
                fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                    Ok(Self::from(s))
                }
            }

            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl runtime::WireText for #name {
                fn wire_text(&self) -> Option<&str> {
                    Some(self.as_str())
                }
            }

            impl runtime::WireEnum for #name {
                const KNOWN: &'static [&'static str] = &[#(#values),*];
                fn as_str(&self) -> &str {
                    #name::as_str(self)
                }
                fn is_known(&self) -> bool {
                    #name::is_known(self)
                }
            }

            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                    s.serialize_str(self.as_str())
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                    let s = <runtime::Text<'de> as serde::Deserialize>::deserialize(d)?;
                    Ok(Self::from(s.as_str()))
                }
            }

            #schema_impl
        }
    }

    // ---------------------------------------------------------------- structs

    fn extra_name(owner: &Owner<'_>) -> Ident {
        let taken: BTreeSet<String> = owner
            .fields
            .iter()
            .map(|f| ident::to_snake(&f.name))
            .collect();
        let mut name = "extra".to_string();
        while taken.contains(&name) {
            name.push('_');
        }
        id(&name)
    }

    fn struct_def(&self, owner: &Owner<'_>, docs: &str) -> TokenStream {
        let name = id(&owner.name);
        let docs = doc(docs);
        let mut fields = Vec::new();
        let all_optional = owner
            .fields
            .iter()
            .all(|f| Self::field_is_option(f, owner.lenient));
        for f in owner.fields {
            let fname = snake(&f.name);
            let wire = &f.name;
            let ty = self.base_ty(&f.ty, &Self::enum_name(&owner.enum_prefix, &f.name));
            let fdocs = doc(&self.field_docs(f, owner.lenient));
            if Self::field_is_option(f, owner.lenient) {
                fields.push(quote! {
                    #fdocs
                    #[serde(rename = #wire, default, skip_serializing_if = "Option::is_none")]
                    pub #fname: Option<#ty>,
                });
            } else {
                fields.push(quote! {
                    #fdocs
                    #[serde(rename = #wire)]
                    pub #fname: #ty,
                });
            }
        }
        let (serde_attr, extra) = if owner.lenient {
            let extra = Self::extra_name(owner);
            (
                quote!(),
                quote! {
                    /// Fields the spec does not list, kept as received so that serializing gives back the same JSON.
                    #[serde(flatten)]
                    pub #extra: serde_json::Map<String, serde_json::Value>,
                },
            )
        } else {
            (quote!(#[serde(deny_unknown_fields)]), quote!())
        };
        let default = if all_optional {
            quote!(Default,)
        } else {
            quote!()
        };
        let checks = self.validate_body(owner);
        // Lenient structs get a hand-written `Deserialize` (see `lenient_deserialize`);
        // `#[serde(flatten)]` would buffer every field through serde's `Content`.
        let (derive_de, manual_de) = if owner.lenient {
            (quote!(), Self::lenient_deserialize(owner, &name))
        } else {
            (quote!(serde::Deserialize), quote!())
        };
        quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, #default serde::Serialize, #derive_de)]
            #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
            #serde_attr
            pub struct #name {
                #( #fields )*
                #extra
            }

            #manual_de

            impl #name {
                /// Records every rule this value breaks, below `path`.
                pub fn validate_into(&self, path: &runtime::Path<'_>, r: &mut runtime::Report) {
                    #checks
                }
            }
        }
    }

    /// `Deserialize` for a lenient struct, in one pass (see
    /// `runtime::deserialize_lenient`): the struct only says which wire names
    /// it knows and where each value goes; the visitor is shared.
    fn lenient_deserialize(owner: &Owner<'_>, name: &Ident) -> TokenStream {
        let extra = Self::extra_name(owner);
        let expecting = format!("struct {}", owner.name);
        let fnames: Vec<Ident> = owner.fields.iter().map(|f| snake(&f.name)).collect();
        let wires: Vec<&str> = owner.fields.iter().map(|f| f.name.as_str()).collect();
        let index: Vec<Literal> = (0..owner.fields.len())
            .map(Literal::usize_unsuffixed)
            .collect();
        quote! {
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                    runtime::deserialize_lenient(d)
                }
            }

            impl runtime::Lenient for #name {
                const EXPECTING: &'static str = #expecting;
                const FIELDS: &'static [&'static str] = &[#(#wires),*];
                fn field_index(key: &str) -> Option<usize> {
                    match key {
                        #( #wires => Some(#index), )*
                        _ => None,
                    }
                }
                fn read_field<'de, A: serde::de::MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> ::core::result::Result<(), A::Error> {
                    match index {
                        #( #index => self.#fnames = map.next_value()?, )*
                        _ => {}
                    }
                    Ok(())
                }
                fn extra_mut(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
                    &mut self.#extra
                }
            }
        }
    }

    /// The body of `validate_into`.
    fn validate_body(&self, owner: &Owner<'_>) -> TokenStream {
        let mut out = Vec::new();
        for f in owner.fields {
            out.push(self.field_validation(owner, f));
        }
        if owner.lenient {
            let extra = Self::extra_name(owner);
            out.push(quote!(runtime::check_extra(r, path, &self.#extra);));
        }
        if out.iter().all(TokenStream::is_empty) {
            return quote!(let _ = (path, r););
        }
        quote!(#(#out)*)
    }

    fn field_validation(&self, owner: &Owner<'_>, f: &Field) -> TokenStream {
        let fname = snake(&f.name);
        let wire = &f.name;
        let checks = self.value_checks(&f.ty, f, quote!(v), quote!(p));
        if !Self::field_is_option(f, owner.lenient) {
            if checks.is_empty() {
                return quote!();
            }
            return quote! {
                {
                    let p = path.field(#wire);
                    let v = &self.#fname;
                    #checks
                }
            };
        }
        let mut missing = Vec::new();
        if f.required {
            missing.push(quote!(r.push(&p, runtime::Rule::Required);));
        } else if let Some(c) = &f.required_when {
            let cond = self.condition_expr(owner, c);
            let text = condition_text(c);
            missing.push(quote! {
                if #cond {
                    r.push(&p, runtime::Rule::RequiredWhen { condition: #text });
                }
            });
        }
        let uses_v = !checks.is_empty();
        let mut present = checks;
        if let Some(c) = &f.present_only_when {
            let cond = self.condition_expr(owner, c);
            let text = condition_text(c);
            present.extend(quote! {
                if !(#cond) {
                    r.push(&p, runtime::Rule::PresentOnlyWhen { condition: #text });
                }
            });
        }
        let head = if uses_v {
            quote!(if let Some(v) = &self.#fname)
        } else {
            quote!(if self.#fname.is_some())
        };
        let body = match (present.is_empty(), missing.is_empty()) {
            (true, true) => return quote!(),
            (false, true) => quote! {
                #head {
                    #present
                }
            },
            (true, false) => quote! {
                if self.#fname.is_none() {
                    #(#missing)*
                }
            },
            (false, false) => quote! {
                #head {
                    #present
                } else {
                    #(#missing)*
                }
            },
        };
        quote! {
            {
                let p = path.field(#wire);
                #body
            }
        }
    }
}

fn variant_ident(value: &str) -> Ident {
    let v = ident::to_upper_camel(value);
    if v == "Unknown" {
        id("UnknownValue")
    } else {
        id(&v)
    }
}

fn object_of(ty: &FieldType) -> Option<&str> {
    match ty {
        FieldType::Object(t) => Some(t),
        FieldType::Array(inner) => object_of(inner),
        _ => None,
    }
}

/// Where a chain of field accesses stands.
enum Access {
    /// A place expression (`self.result`).
    Direct(TokenStream),
    /// An `Option<&T>` expression.
    Opt(TokenStream),
}

impl<'m> Cx<'m> {
    // ---------------------------------------------------------------- validation

    /// Checks of the value `v` (a `&T` in scope) at the path `p` (a `Path` in scope).
    fn value_checks(
        &self,
        ty: &FieldType,
        f: &Field,
        v: TokenStream,
        p: TokenStream,
    ) -> TokenStream {
        let max = opt_u32(f.max_length);
        let wire = match f.wire {
            Wire::String => quote!(runtime::Wire::String),
            Wire::Native => quote!(runtime::Wire::Native),
        };
        match ty {
            FieldType::String => {
                if f.max_length.is_none() && f.fixed.is_none() && f.format.is_none() {
                    return quote!();
                }
                let fixed = opt_str(f.fixed.as_deref());
                let format = match f.format {
                    Some(StringFormat::Currency) => quote!(Some(runtime::Format::Currency)),
                    Some(StringFormat::JsonText) => quote!(Some(runtime::Format::JsonText)),
                    None => quote!(None),
                };
                quote!(runtime::check_str(r, &#p, #v, #max, #fixed, #format);)
            }
            FieldType::Integer => {
                let min = match f.minimum {
                    Some(m) => {
                        let m = Literal::i64_suffixed(m);
                        quote!(Some(#m))
                    }
                    None => quote!(None),
                };
                quote!(runtime::check_integer(r, &#p, #v, #wire, #min, #max);)
            }
            FieldType::Decimal => quote!(runtime::check_decimal(r, &#p, #v, #wire, #max);),
            FieldType::Boolean => quote!(runtime::check_boolean(r, &#p, #v, #wire);),
            FieldType::Datetime => quote!(runtime::check_datetime(r, &#p, #v);),
            FieldType::Enum(_) => {
                let fixed = opt_str(f.fixed.as_deref());
                quote!(runtime::check_enum(r, &#p, #v, #max, #fixed);)
            }
            FieldType::Object(t) => {
                let mut out = quote!(#v.validate_into(&#p, r););
                for c in &f.constraints {
                    out.extend(self.constraint_check(t, c, &v, &p));
                }
                out
            }
            FieldType::Array(inner) => {
                let inner_checks = self.value_checks(inner, f, quote!(e), quote!(pi));
                if inner_checks.is_empty() {
                    return quote!();
                }
                quote! {
                    for (i, e) in #v.iter().enumerate() {
                        let pi = #p.index(i);
                        #inner_checks
                    }
                }
            }
        }
    }

    fn constraint_check(
        &self,
        t: &str,
        c: &ChildConstraint,
        v: &TokenStream,
        p: &TokenStream,
    ) -> TokenStream {
        let Some(td) = self.model.type_def(t) else {
            return quote!();
        };
        let Some(child) = td.fields.iter().find(|cf| cf.name == c.field) else {
            return quote!();
        };
        if matches!(child.ty, FieldType::Object(_) | FieldType::Array(_)) {
            return quote!();
        }
        let cf = snake(&child.name);
        let cwire = &child.name;
        let narrowed = c.fixed.is_some() || !c.allowed.is_empty();
        let fixed = opt_str(c.fixed.as_deref());
        let allowed = str_slice(&c.allowed);
        let check = quote!(runtime::check_narrowed(r, &cp, cv, #fixed, #allowed););
        let option = Self::field_is_option(child, self.type_lenient(t));
        // A child the type itself requires is already reported missing by the type.
        let required = c.required == Some(true) && option && !child.required;
        let body = match (option, narrowed, required) {
            (false, true, _) => quote! {
                let cv = &#v.#cf;
                #check
            },
            (false, false, _) => return quote!(),
            (true, true, true) => quote! {
                if let Some(cv) = &#v.#cf {
                    #check
                } else {
                    r.push(&cp, runtime::Rule::Required);
                }
            },
            (true, true, false) => quote! {
                if let Some(cv) = &#v.#cf {
                    #check
                }
            },
            (true, false, true) => quote! {
                if #v.#cf.is_none() {
                    r.push(&cp, runtime::Rule::Required);
                }
            },
            (true, false, false) => return quote!(),
        };
        quote! {
            {
                let cp = #p.field(#cwire);
                #body
            }
        }
    }

    /// `Option<&Leaf>` for a dotted path from `self` of `owner`, or `None` when it does not resolve.
    fn access_chain(
        &self,
        root: TokenStream,
        fields: &[Field],
        lenient: bool,
        segs: &[String],
    ) -> Option<TokenStream> {
        let mut fields = fields;
        let mut lenient = lenient;
        let mut acc = Access::Direct(root);
        for (i, seg) in segs.iter().enumerate() {
            let f = fields.iter().find(|f| &f.name == seg)?;
            let name = snake(&f.name);
            let option = Self::field_is_option(f, lenient);
            acc = match (acc, option) {
                (Access::Direct(e), true) => Access::Opt(quote!(#e.#name.as_ref())),
                (Access::Direct(e), false) => Access::Direct(quote!(#e.#name)),
                (Access::Opt(e), true) => Access::Opt(quote!(#e.and_then(|v| v.#name.as_ref()))),
                (Access::Opt(e), false) => Access::Opt(quote!(#e.map(|v| &v.#name))),
            };
            if i + 1 < segs.len() {
                let FieldType::Object(t) = &f.ty else {
                    return None;
                };
                let td = self.model.type_def(t)?;
                fields = &td.fields;
                lenient = self.type_lenient(t);
            } else if matches!(f.ty, FieldType::Object(_) | FieldType::Array(_)) {
                return None;
            }
        }
        Some(match acc {
            Access::Direct(e) => quote!(Some(&#e)),
            Access::Opt(e) => e,
        })
    }

    fn condition_expr(&self, owner: &Owner<'_>, c: &Condition) -> TokenStream {
        match self.access_chain(quote!(self), owner.fields, owner.lenient, &c.field) {
            Some(chain) => {
                let one_of = str_slice(&c.one_of);
                quote!(runtime::holds(#chain, #one_of))
            }
            None => quote!(false),
        }
    }

    // ---------------------------------------------------------------- shared types

    fn types(&self) -> TokenStream {
        let mut items = Vec::new();
        for t in &self.model.types {
            let Some(owner) = self.type_owner(&t.name) else {
                continue;
            };
            let mut docs = t.description.clone();
            if let Some(zh) = &t.description_zh {
                docs.push_str("\n\n");
                docs.push_str(zh);
            }
            docs.push_str("\n\n");
            docs.push_str(if owner.lenient {
                "Used in messages Alipay sends: parsing is lenient. Every field is optional in Rust (`validate()` reports missing required ones) and fields the spec does not list are kept in `extra`; inside a message the merchant sends, `validate()` reports those as unknown fields."
            } else {
                "Used only in messages the merchant sends: strict (unknown fields are rejected)."
            });
            docs.push_str("\n\n");
            docs.push_str(&self.provenance_line(&t.provenance));
            items.push(self.struct_def(&owner, &docs));
            items.push(self.enums_of(&owner));
        }
        quote! {
            //! Shared objects (Amount, Result, ...), defined once and used by every API.
            use crate::runtime;
            #(#items)*
        }
    }

    // ---------------------------------------------------------------- result codes

    fn code_docs(&self, c: &ResultCode) -> String {
        let mut s = format!(
            "`{}` (status {}: {}): {}",
            c.code,
            c.status.letter(),
            c.status.meaning(),
            c.message.trim()
        );
        if let Some(zh) = &c.message_zh {
            s.push_str("\n\n");
            s.push_str(zh);
        }
        if let Some(a) = &c.action {
            s.push_str(&format!(
                "\n\nFurther action ({})",
                action_kind_name(a.kind)
            ));
            match &a.text {
                Some(t) => {
                    s.push_str(": ");
                    s.push_str(t.trim());
                }
                None => s.push('.'),
            }
            if let Some(zh) = &a.text_zh {
                s.push_str("\n\n");
                s.push_str(zh);
            }
        }
        s.push_str("\n\n");
        s.push_str(&self.provenance_line(&c.provenance));
        s
    }

    fn codes(&self) -> TokenStream {
        let codes = &self.model.shared_codes;
        let variants: Vec<Ident> = codes.iter().map(|c| variant_ident(&c.code)).collect();
        let docs: Vec<TokenStream> = codes.iter().map(|c| doc(&self.code_docs(c))).collect();
        let names: Vec<&String> = codes.iter().map(|c| &c.code).collect();
        let statuses: Vec<TokenStream> = codes.iter().map(|c| status_tokens(c.status)).collect();
        let messages: Vec<&String> = codes.iter().map(|c| &c.message).collect();
        let messages_zh: Vec<TokenStream> = codes
            .iter()
            .map(|c| opt_str(c.message_zh.as_deref()))
            .collect();
        let actions: Vec<TokenStream> = codes
            .iter()
            .map(|c| match &c.action {
                Some(a) => {
                    let k = action_tokens(a.kind);
                    quote!(Some(#k))
                }
                None => quote!(None),
            })
            .collect();
        let texts: Vec<TokenStream> = codes
            .iter()
            .map(|c| opt_str(c.action.as_ref().and_then(|a| a.text.as_deref())))
            .collect();
        let texts_zh: Vec<TokenStream> = codes
            .iter()
            .map(|c| opt_str(c.action.as_ref().and_then(|a| a.text_zh.as_deref())))
            .collect();
        quote! {
            //! Result codes shared by several APIs (`spec/codes/`), each defined once.
            //!
            //! The per-API result-code enums delegate to these definitions for the codes they share,
            //! unless their document words a row differently.
            use crate::runtime;

            /// A result code defined once in `spec/codes/` and used by several APIs.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum SharedCode {
                #( #docs #variants, )*
            }

            impl SharedCode {
                /// Every shared code, sorted by code.
                pub const ALL: &'static [SharedCode] = &[#(SharedCode::#variants),*];

                /// The shared code with this `resultCode`.
                pub fn from_code(code: &str) -> Option<SharedCode> {
                    Self::ALL.iter().copied().find(|c| c.as_str() == code)
                }

                /// `result.resultCode`.
                pub const fn as_str(self) -> &'static str {
                    match self {
                        #( SharedCode::#variants => #names, )*
                    }
                }

                /// `result.resultStatus` that comes with the code.
                pub const fn status(self) -> runtime::Status {
                    match self {
                        #( SharedCode::#variants => #statuses, )*
                    }
                }

                /// The message column, in English.
                pub const fn message(self) -> &'static str {
                    match self {
                        #( SharedCode::#variants => #messages, )*
                    }
                }

                /// The message column of the Chinese document.
                pub const fn message_zh(self) -> Option<&'static str> {
                    match self {
                        #( SharedCode::#variants => #messages_zh, )*
                    }
                }

                /// What a program should do.
                pub const fn further_action(self) -> Option<runtime::FurtherAction> {
                    match self {
                        #( SharedCode::#variants => #actions, )*
                    }
                }

                /// The further-action text, verbatim.
                pub const fn action_text(self) -> Option<&'static str> {
                    match self {
                        #( SharedCode::#variants => #texts, )*
                    }
                }

                /// The further-action text of the Chinese document, verbatim.
                pub const fn action_text_zh(self) -> Option<&'static str> {
                    match self {
                        #( SharedCode::#variants => #texts_zh, )*
                    }
                }
            }

            impl ::core::fmt::Display for SharedCode {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        }
    }

    fn result_code_enum(&self, api: &Api) -> TokenStream {
        let name = format!("{}ResultCode", ident::to_upper_camel(&api.name));
        let ty = id(&name);
        let all_codes: Vec<&String> = api.result_codes.iter().map(|c| &c.code).collect();
        let schema_impl = any_string_schema(&ty, &name, &all_codes);
        // One table row per code (the effective wording for this API: a
        // shared code's own, unless this API's document words it otherwise),
        // and two matches: text -> variant, variant -> row. Every accessor
        // reads the row, which keeps the emitted code (and the time to
        // format and compile it) small.
        let mut variants = Vec::new();
        let mut docs = Vec::new();
        let mut rows = Vec::new();
        let mut from = Vec::new();
        let mut index = Vec::new();
        let mut shared_arms = Vec::new();
        for (i, c) in api.result_codes.iter().enumerate() {
            let v = variant_ident(&c.code);
            docs.push(doc(&self.code_docs(c)));
            let code = &c.code;
            let st = status_tokens(c.status);
            let act = match c.action.as_ref() {
                Some(a) => {
                    let k = action_tokens(a.kind);
                    quote!(Some(#k))
                }
                None => quote!(None),
            };
            let m = &c.message;
            let mz = opt_str(c.message_zh.as_deref());
            let t = opt_str(c.action.as_ref().and_then(|a| a.text.as_deref()));
            rows.push(quote! {
                runtime::CodeRow {
                    code: #code,
                    status: #st,
                    further_action: #act,
                    message: #m,
                    message_zh: #mz,
                    action_text: #t,
                }
            });
            from.push(quote!(#code => Self::#v,));
            let i = Literal::usize_unsuffixed(i);
            index.push(quote!(Self::#v => #i,));
            if c.shared && self.model.shared_codes.iter().any(|s| s.code == c.code) {
                shared_arms.push(quote!(Self::#v => Some(codes::SharedCode::#v),));
            }
            variants.push(v);
        }
        let from_code = if from.is_empty() {
            quote!(Self::Unknown(code.to_owned()))
        } else {
            quote! {
                match code {
                    #(#from)*
                    _ => Self::Unknown(code.to_owned()),
                }
            }
        };
        let row = if index.is_empty() {
            quote!(None)
        } else {
            quote! {
                let i = match self {
                    #(#index)*
                    Self::Unknown(_) => return None,
                };
                Self::TABLE.get(i)
            }
        };
        let shared = if shared_arms.is_empty() {
            quote!(None)
        } else {
            quote! {
                match self {
                    #(#shared_arms)*
                    _ => None,
                }
            }
        };
        let tdocs = doc(&format!(
            "The result codes of `{}`, in the order of the document's table.\n\nA code the spec does not list is kept in `Unknown`: decide by `result.resultStatus` then. Codes shared with other APIs take their text from [`codes::SharedCode`] unless this API's document words them differently.",
            api.name
        ));
        quote! {
            #tdocs
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            pub enum #ty {
                #( #docs #variants, )*
                /// A code the spec does not list, kept as received.
                Unknown(String),
            }

            impl #ty {
                /// The table of this API's document, in its order (`Unknown` has no row).
                pub const TABLE: &'static [runtime::CodeRow] = &[#(#rows),*];

                /// The code for a `resultCode`; never fails.
                pub fn from_code(code: &str) -> Self {
                    #from_code
                }

                /// The code's row of [`Self::TABLE`]; `None` for unknown codes.
                pub fn row(&self) -> Option<&'static runtime::CodeRow> {
                    #row
                }

                /// `result.resultCode`.
                pub fn as_str(&self) -> &str {
                    match self {
                        Self::Unknown(s) => s,
                        known => known.row().map_or("", |r| r.code),
                    }
                }

                /// The status the table gives the code; `None` for unknown codes.
                pub fn status(&self) -> Option<runtime::Status> {
                    self.row().map(|r| r.status)
                }

                /// What a program should do; `None` for unknown codes and undocumented actions.
                pub fn further_action(&self) -> Option<runtime::FurtherAction> {
                    self.row().and_then(|r| r.further_action)
                }

                /// The message column of this API's table.
                pub fn message(&self) -> Option<&'static str> {
                    self.row().map(|r| r.message)
                }

                /// The message column of the Chinese document.
                pub fn message_zh(&self) -> Option<&'static str> {
                    self.row().and_then(|r| r.message_zh)
                }

                /// The further-action text, verbatim.
                pub fn action_text(&self) -> Option<&'static str> {
                    self.row().and_then(|r| r.action_text)
                }

                /// The shared definition, for codes shared with other APIs.
                pub fn shared(&self) -> Option<codes::SharedCode> {
                    #shared
                }

                /// Whether the spec lists the code for this API.
                pub fn is_known(&self) -> bool {
                    !matches!(self, Self::Unknown(_))
                }
            }

            impl From<&str> for #ty {
                fn from(s: &str) -> Self {
                    Self::from_code(s)
                }
            }

            impl ::core::str::FromStr for #ty {
                type Err = ::core::convert::Infallible;
                fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                    Ok(Self::from_code(s))
                }
            }

            impl ::core::fmt::Display for #ty {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::std::error::Error for #ty {}

            impl serde::Serialize for #ty {
                fn serialize<S: serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                    s.serialize_str(self.as_str())
                }
            }

            impl<'de> serde::Deserialize<'de> for #ty {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                    let s = <runtime::Text<'de> as serde::Deserialize>::deserialize(d)?;
                    Ok(Self::from_code(s.as_str()))
                }
            }

            #schema_impl
        }
    }
}

impl<'m> Cx<'m> {
    // ---------------------------------------------------------------- APIs

    fn result_code_chain(&self, owner: &Owner<'_>) -> Option<TokenStream> {
        let result = owner.fields.iter().find(|f| f.name == "result")?;
        let FieldType::Object(t) = &result.ty else {
            return None;
        };
        let td = self.model.type_def(t)?;
        let code = td.fields.iter().find(|f| f.name == "resultCode")?;
        if code.ty != FieldType::String {
            return None;
        }
        self.access_chain(
            quote!(self),
            owner.fields,
            owner.lenient,
            &["result".to_string(), "resultCode".to_string()],
        )
    }

    /// An expression building the value of object type `t` with the fixed values of
    /// `constraints`, `overrides` (wire name -> value) winning; `None` when a required
    /// field would have no value.
    fn object_value(
        &self,
        t: &str,
        constraints: &[ChildConstraint],
        overrides: &BTreeMap<&str, String>,
    ) -> Option<TokenStream> {
        let owner = self.type_owner(t)?;
        let tname = id(&owner.name);
        let mut inits = Vec::new();
        for f in owner.fields {
            let name = snake(&f.name);
            let fixed = overrides.get(f.name.as_str()).cloned().or_else(|| {
                constraints
                    .iter()
                    .find(|c| c.field == f.name)
                    .and_then(|c| c.fixed.clone())
            });
            let option = Self::field_is_option(f, owner.lenient);
            let value = match (&fixed, &f.ty) {
                (Some(v), FieldType::String) => Some(quote!(#v.to_owned())),
                (Some(v), FieldType::Enum(_)) => {
                    let e = id(&Self::enum_name(&owner.enum_prefix, &f.name));
                    Some(quote!(crate::types::#e::from(#v)))
                }
                _ => None,
            };
            inits.push(match (value, option) {
                (Some(v), true) => quote!(#name: Some(#v)),
                (Some(v), false) => quote!(#name: #v),
                (None, true) => quote!(#name: None),
                (None, false) => return None,
            });
        }
        if owner.lenient {
            let extra = Self::extra_name(&owner);
            inits.push(quote!(#extra: serde_json::Map::new()));
        }
        Some(quote!(crate::types::#tname { #(#inits),* }))
    }

    /// The message value fixed by its constraints (the acknowledgement), with overrides.
    fn fixed_message(
        &self,
        owner: &Owner<'_>,
        overrides: &BTreeMap<&str, String>,
    ) -> Option<TokenStream> {
        let mut inits = Vec::new();
        let mut any = false;
        for f in owner.fields {
            let name = snake(&f.name);
            let option = Self::field_is_option(f, owner.lenient);
            let value = match &f.ty {
                FieldType::Object(t) if !f.constraints.is_empty() => {
                    any = true;
                    Some(self.object_value(t, &f.constraints, overrides)?)
                }
                _ => None,
            };
            inits.push(match (value, option) {
                (Some(v), true) => quote!(#name: Some(#v)),
                (Some(v), false) => quote!(#name: #v),
                (None, true) => quote!(#name: None),
                (None, false) => return None,
            });
        }
        if owner.lenient {
            let extra = Self::extra_name(owner);
            inits.push(quote!(#extra: serde_json::Map::new()));
        }
        any.then(|| quote!(Self { #(#inits),* }))
    }

    /// The shared code a receiver answers to be sent a notification again: status U, action retry.
    fn resend_code(&self) -> Option<&ResultCode> {
        self.model.shared_codes.iter().find(|c| {
            c.status == Status::U
                && c.action
                    .as_ref()
                    .is_some_and(|a| a.kind == ActionKind::Retry)
        })
    }

    fn message_impl(
        &self,
        api: &Api,
        m: &Message,
        owner: &Owner<'_>,
        is_response: bool,
    ) -> TokenStream {
        let name = id(&owner.name);
        let strict = m.flow == Flow::Outbound;
        let code_ty = id(&format!("{}ResultCode", ident::to_upper_camel(&api.name)));
        let result_code = match self.result_code_chain(owner) {
            Some(chain) => quote! {
                /// `result.resultCode` as this API's result code; `None` when absent.
                pub fn result_code(&self) -> Option<#code_ty> {
                    #chain.and_then(runtime::WireText::wire_text).map(#code_ty::from_code)
                }
            },
            None => quote!(),
        };
        let mut acks = TokenStream::new();
        if is_response
            && api.direction == Direction::Notification
            && let Some(ack) = self.fixed_message(owner, &BTreeMap::new())
        {
            {
                acks.extend(quote! {
                    /// The acknowledgement the spec fixes: answer it (HTTP 200) to stop Alipay's resends.
                    pub fn ack() -> Self {
                        #ack
                    }
                });
                if let Some(c) = self.resend_code() {
                    let mut over = BTreeMap::new();
                    over.insert("resultCode", c.code.clone());
                    over.insert("resultStatus", c.status.letter().to_string());
                    over.insert("resultMessage", c.code.clone());
                    if let Some(resend) = self.fixed_message(owner, &over) {
                        let d = doc(&format!(
                            "The answer that asks Alipay to send the notification again (`{}`, status {}), for a notification that could not be verified or processed yet.\n\nIt is deliberately not the fixed acknowledgement, so `validate()` reports it.",
                            c.code,
                            c.status.letter()
                        ));
                        acks.extend(quote! {
                            #d
                            pub fn please_resend() -> Self {
                                #resend
                            }
                        });
                    }
                }
            }
        }
        let strict_doc = if strict {
            "The merchant sends this message: `validate()` is strict (unknown fields in shared objects and wrong wire forms are violations)."
        } else {
            "Alipay sends this message: parsing is lenient and `validate()` reports the spec's rules."
        };
        let validate_doc = doc(&format!(
            "Every rule the message breaks, each with its JSON pointer.\n\n{strict_doc}"
        ));
        let api_name = &api.name;
        quote! {
            impl #name {
                /// The API's name in the documents.
                pub const API: &'static str = #api_name;

                #validate_doc
                pub fn validate(&self) -> ::core::result::Result<(), Vec<runtime::Violation>> {
                    let mut r = runtime::Report::new(#strict);
                    self.validate_into(&runtime::Path::Root, &mut r);
                    r.finish()
                }

                /// Parses and validates: [`runtime::FromJsonError::NotJson`] for bytes that are not JSON,
                /// [`runtime::FromJsonError::WrongShape`] for JSON of another shape,
                /// [`runtime::FromJsonError::Invalid`] with every violation.
                pub fn from_json(bytes: &[u8]) -> ::core::result::Result<Self, runtime::FromJsonError> {
                    let m = Self::parse_json(bytes)?;
                    m.validate().map_err(runtime::FromJsonError::Invalid)?;
                    Ok(m)
                }

                /// Parses without validating (malformed values are kept; see `validate()`).
                pub fn parse_json(bytes: &[u8]) -> ::core::result::Result<Self, runtime::FromJsonError> {
                    runtime::parse(bytes)
                }

                /// The JSON bytes; values keep the form they were received in.
                pub fn to_json(&self) -> Vec<u8> {
                    runtime::to_vec(self)
                }

                #result_code
                #acks
            }
        }
    }

    fn api(&self, api: &Api) -> TokenStream {
        let mut module_docs = format!("{}\n\n{}", api.title, api.description.trim());
        if let Some(zh) = &api.description_zh {
            module_docs.push_str("\n\n");
            module_docs.push_str(zh);
        }
        if let Some(h) = &api.http {
            module_docs.push_str(&format!(
                "\n\nHTTP: `{}{}`",
                h.method,
                h.path
                    .as_deref()
                    .map(|p| format!(" {p}"))
                    .unwrap_or_default()
            ));
            if let Some(n) = &h.note {
                module_docs.push_str(". ");
                module_docs.push_str(n.trim());
            }
        }
        if let Some(r) = &api.retry {
            module_docs.push_str(&format!(
                "\n\nResends: up to {} sends, waiting {} before each, until `{}` is answered ({}).",
                r.max_sends,
                r.intervals.join(", "),
                r.ack,
                r.sources.join(", ")
            ));
        }
        module_docs.push_str("\n\n");
        module_docs.push_str(&self.provenance_line(&api.provenance));
        let mod_doc_lines = module_docs
            .trim_end()
            .lines()
            .map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!(" {l}")
                }
            })
            .collect::<Vec<_>>();

        let mut items = Vec::new();
        for (m, kind, is_response) in [
            (&api.request, "Request", false),
            (&api.response, "Response", true),
        ] {
            let owner = self.message_owner(api, m, kind);
            let who = match (api.direction, is_response) {
                (Direction::Notification, false) => {
                    "The notification Alipay sends to the merchant."
                }
                (Direction::Notification, true) => "The merchant's answer to the notification.",
                (Direction::Request, false) => "The request the merchant sends.",
                (Direction::Request, true) => "The response the merchant receives.",
            };
            let mut docs = format!("`{}` {}: {who}", api.name, kind.to_lowercase());
            if let Some(d) = &m.description {
                docs.push_str("\n\n");
                docs.push_str(d.trim());
            }
            docs.push_str("\n\n");
            docs.push_str(if owner.lenient {
                "Lenient: fields the spec does not list are kept in `extra`, required fields are optional in Rust and reported by `validate()`, unknown enum values are kept."
            } else {
                "Strict: unknown fields are rejected when parsing."
            });
            items.push(self.struct_def(&owner, &docs));
            items.push(self.message_impl(api, m, &owner, is_response));
            items.push(self.enums_of(&owner));
        }
        items.push(self.result_code_enum(api));
        quote! {
            #( #![doc = #mod_doc_lines] )*
            #[allow(unused_imports)]
            use crate::{codes, runtime};
            #(#items)*
        }
    }

    // ---------------------------------------------------------------- notifications

    fn notification_apis(&self) -> Vec<&'m Api> {
        self.model
            .apis
            .iter()
            .filter(|a| a.direction == Direction::Notification)
            .collect()
    }

    fn notification(&self) -> TokenStream {
        let apis = self.notification_apis();
        let mut variants = Vec::new();
        let mut dispatch = Vec::new();
        let mut validate = Vec::new();
        let mut to_json = Vec::new();
        let mut notify_type = Vec::new();
        let mut ack_variants = Vec::new();
        let mut ack_arms = Vec::new();
        let mut resend_arms = Vec::new();
        let mut ack_json = Vec::new();
        let mut table = Vec::new();
        let mut seen = BTreeSet::new();
        for api in &apis {
            let v = camel(&api.name);
            let module = snake(&api.name);
            let req = id(&format!("{}Request", ident::to_upper_camel(&api.name)));
            let resp = id(&format!("{}Response", ident::to_upper_camel(&api.name)));
            let types: Vec<&str> = api
                .notify_types()
                .into_iter()
                .filter(|t| seen.insert(t.to_string()))
                .collect();
            let api_name = &api.name;
            for t in &types {
                table.push(quote!((#t, #api_name)));
            }
            let d = doc(&format!("`{}`: notifyType {}.", api.name, types.join(", ")));
            variants.push(quote!(#d #v(crate::#module::#req)));
            if !types.is_empty() {
                dispatch.push(quote! {
                    #(#types)|* => serde_json::from_value(body).map(Self::#v).map_err(runtime::classify),
                });
            }
            validate.push(quote!(Self::#v(m) => m.validate()));
            to_json.push(quote!(Self::#v(m) => m.to_json()));
            let owner = self.message_owner(api, &api.request, "Request");
            let chain = self.access_chain(
                quote!(m),
                owner.fields,
                owner.lenient,
                &["notifyType".to_string()],
            );
            notify_type.push(match chain {
                Some(c) => {
                    quote!(Self::#v(m) => #c.and_then(runtime::WireText::wire_text).unwrap_or(""))
                }
                None => quote!(Self::#v(_) => ""),
            });
            let has_ack = self
                .fixed_message(
                    &self.message_owner(api, &api.response, "Response"),
                    &BTreeMap::new(),
                )
                .is_some();
            let ad = doc(&format!("The answer to a `{}` notification.", api.name));
            ack_variants.push(quote!(#ad #v(crate::#module::#resp)));
            ack_json.push(quote!(Self::#v(m) => m.to_json()));
            if has_ack {
                ack_arms.push(
                    quote!(Self::#v(_) => Some(Acknowledgement::#v(crate::#module::#resp::ack()))),
                );
                if self.resend_code().is_some() {
                    resend_arms.push(quote!(Self::#v(_) => Some(Acknowledgement::#v(crate::#module::#resp::please_resend()))));
                } else {
                    resend_arms.push(quote!(Self::#v(_) => None));
                }
            } else {
                ack_arms.push(quote!(Self::#v(_) => None));
                resend_arms.push(quote!(Self::#v(_) => None));
            }
        }
        quote! {
            //! Notifications that arrive at one endpoint, told apart by `notifyType`.
            use crate::runtime;

            /// A notification from Alipay, by `notifyType`.
            #[derive(Debug, Clone, PartialEq)]
            #[allow(clippy::large_enum_variant)]
            pub enum Notification {
                #(#variants,)*
                /// A `notifyType` the spec does not list (or none): the body as received.
                Unknown {
                    /// The `notifyType` value, empty when absent or not a string.
                    notify_type: String,
                    /// The whole body.
                    body: serde_json::Value,
                },
            }

            impl Notification {
                /// Which API each `notifyType` belongs to.
                pub const NOTIFY_TYPES: &'static [(&'static str, &'static str)] = &[#(#table),*];

                /// Parses by `notifyType` without validating. A body that is not a JSON object is
                /// [`runtime::FromJsonError::WrongShape`].
                pub fn parse_json(bytes: &[u8]) -> ::core::result::Result<Self, runtime::FromJsonError> {
                    let map: serde_json::Map<String, serde_json::Value> = runtime::parse(bytes)?;
                    let notify_type = match map.get("notifyType") {
                        Some(serde_json::Value::String(s)) => s.clone(),
                        _ => String::new(),
                    };
                    let body = serde_json::Value::Object(map);
                    match notify_type.as_str() {
                        #(#dispatch)*
                        _ => Ok(Self::Unknown { notify_type, body }),
                    }
                }

                /// Parses by `notifyType` and validates. An unknown `notifyType` is not an error.
                pub fn from_json(bytes: &[u8]) -> ::core::result::Result<Self, runtime::FromJsonError> {
                    let n = Self::parse_json(bytes)?;
                    n.validate().map_err(runtime::FromJsonError::Invalid)?;
                    Ok(n)
                }

                /// The violations of the notification; an unknown one has none.
                pub fn validate(&self) -> ::core::result::Result<(), Vec<runtime::Violation>> {
                    match self {
                        #(#validate,)*
                        Self::Unknown { .. } => Ok(()),
                    }
                }

                /// The `notifyType` received.
                pub fn notify_type(&self) -> &str {
                    match self {
                        #(#notify_type,)*
                        Self::Unknown { notify_type, .. } => notify_type,
                    }
                }

                /// The JSON bytes, as received.
                pub fn to_json(&self) -> Vec<u8> {
                    match self {
                        #(#to_json,)*
                        Self::Unknown { body, .. } => runtime::to_vec(body),
                    }
                }

                /// The acknowledgement the spec fixes for this notification's API; `None` for unknown ones.
                pub fn ack(&self) -> Option<Acknowledgement> {
                    match self {
                        #(#ack_arms,)*
                        Self::Unknown { .. } => None,
                    }
                }

                /// The answer that asks Alipay to send this notification again; `None` for unknown ones.
                pub fn please_resend(&self) -> Option<Acknowledgement> {
                    match self {
                        #(#resend_arms,)*
                        Self::Unknown { .. } => None,
                    }
                }
            }

            /// The merchant's answer to a notification.
            #[derive(Debug, Clone, PartialEq)]
            pub enum Acknowledgement {
                #(#ack_variants,)*
            }

            impl Acknowledgement {
                /// The JSON bytes to answer with (HTTP 200).
                pub fn to_json(&self) -> Vec<u8> {
                    match self {
                        #(#ack_json,)*
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- lib.rs and the example

    fn lib(&self) -> TokenStream {
        #[derive(serde::Serialize)]
        struct ApiCx {
            name: String,
            module: String,
            request: String,
            response: String,
            codes: String,
            direction: &'static str,
            notify_types: Vec<String>,
        }
        let apis: Vec<ApiCx> = self
            .model
            .apis
            .iter()
            .map(|a| ApiCx {
                name: a.name.clone(),
                module: ident::to_snake(&a.name),
                request: format!("{}Request", ident::to_upper_camel(&a.name)),
                response: format!("{}Response", ident::to_upper_camel(&a.name)),
                codes: format!("{}ResultCode", ident::to_upper_camel(&a.name)),
                direction: match a.direction {
                    Direction::Notification => "notification",
                    Direction::Request => "request",
                },
                notify_types: a.notify_types().into_iter().map(String::from).collect(),
            })
            .collect();
        let types: Vec<String> = self
            .model
            .types
            .iter()
            .map(|t| ident::to_upper_camel(&t.name))
            .collect();
        let mut context = tera::Context::new();
        context.insert("apis", &apis);
        context.insert("types", &types);
        context.insert("has_notifications", &!self.notification_apis().is_empty());
        context.insert("version", env!("CARGO_PKG_VERSION"));
        let text = match tera::Tera::one_off(LIB_DOCS, &context, false) {
            Ok(t) => t,
            Err(e) => panic!("alipay-codegen bug: templates/lib_docs.md.tera: {e}"),
        };
        let lines: Vec<String> = text
            .trim_end()
            .lines()
            .map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!(" {l}")
                }
            })
            .collect();
        let modules: Vec<Ident> = self.model.apis.iter().map(|a| snake(&a.name)).collect();
        let reexports: Vec<TokenStream> = self
            .model
            .apis
            .iter()
            .map(|a| {
                let m = snake(&a.name);
                let c = ident::to_upper_camel(&a.name);
                let (rq, rs, cd) = (
                    id(&format!("{c}Request")),
                    id(&format!("{c}Response")),
                    id(&format!("{c}ResultCode")),
                );
                quote!(pub use #m::{#rq, #rs, #cd};)
            })
            .collect();
        let hash = &self.model.spec_hash;
        quote! {
            #( #![doc = #lines] )*
            #![forbid(unsafe_code)]
            #![warn(missing_docs)]

            pub mod codes;
            pub mod notification;
            pub mod runtime;
            pub mod types;
            #( pub mod #modules; )*

            pub use notification::{Acknowledgement, Notification};
            pub use runtime::{FromJsonError, FurtherAction, Rule, Status, Violation};
            #(#reexports)*

            /// SHA-256 of the spec files this crate was generated from.
            pub const SPEC_HASH: &str = #hash;
        }
    }

    fn validate_example(&self) -> TokenStream {
        let mut arms = Vec::new();
        let mut listed = Vec::new();
        for a in &self.model.apis {
            let m = snake(&a.name);
            let c = ident::to_upper_camel(&a.name);
            let name = &a.name;
            listed.push(a.name.clone());
            for (kind, ty) in [
                ("request", format!("{c}Request")),
                ("response", format!("{c}Response")),
            ] {
                let ty = id(&ty);
                arms.push(quote! {
                    (#name, #kind) => check(alipay_models::#m::#ty::parse_json(&bytes), alipay_models::#m::#ty::validate),
                });
            }
        }
        let usage = format!(
            "usage: validate --api <{}> --message <request|response> FILE\n\nPrints each violation as `path: rule`. Exit status: 0 valid, 1 invalid, 2 unreadable, not JSON, wrong shape or usage.",
            listed.join("|")
        );
        quote! {
            //! Validates a JSON message against the spec.
            //!
            //! `cargo run -q -p alipay-models --example validate -- --api notifyCapture --message request FILE`
            //! prints each violation as `path: rule` and exits 0 when valid, 1 when invalid,
            //! 2 when the file is unreadable, not JSON, of the wrong shape, or on usage errors.

            use std::process::ExitCode;

            use alipay_models::{FromJsonError, Violation};

            const USAGE: &str = #usage;

            fn usage() -> ExitCode {
                eprintln!("{USAGE}");
                ExitCode::from(2)
            }

            fn check<T>(
                parsed: Result<T, FromJsonError>,
                validate: fn(&T) -> Result<(), Vec<Violation>>,
            ) -> ExitCode {
                match parsed {
                    Err(e) => {
                        eprintln!("{e}");
                        ExitCode::from(2)
                    }
                    Ok(m) => match validate(&m) {
                        Ok(()) => {
                            println!("valid");
                            ExitCode::SUCCESS
                        }
                        Err(violations) => {
                            for v in violations {
                                println!("{v}");
                            }
                            ExitCode::from(1)
                        }
                    },
                }
            }

            fn main() -> ExitCode {
                let mut api = None;
                let mut message = None;
                let mut file = None;
                let mut args = std::env::args().skip(1);
                while let Some(a) = args.next() {
                    match a.as_str() {
                        "--api" => api = args.next(),
                        "--message" => message = args.next(),
                        "-h" | "--help" => {
                            println!("{USAGE}");
                            return ExitCode::SUCCESS;
                        }
                        _ if file.is_none() && !a.starts_with("--") => file = Some(a),
                        _ => return usage(),
                    }
                }
                let (Some(api), Some(message), Some(file)) = (api, message, file) else {
                    return usage();
                };
                let bytes = match std::fs::read(&file) {
                    Ok(b) => b,
                    Err(e) => {
                        eprintln!("{file}: {e}");
                        return ExitCode::from(2);
                    }
                };
                match (api.as_str(), message.as_str()) {
                    #(#arms)*
                    _ => usage(),
                }
            }
        }
    }
}
