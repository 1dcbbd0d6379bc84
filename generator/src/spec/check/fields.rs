//! Fields: names, the keys each type allows, and the values written in the
//! spec (`fixed`, `example`, `default`) checked against the field's rules.

use std::collections::BTreeMap;
use std::path::Path;

use super::types::kind_name;
use super::{Checker, Types, prov};
use crate::diagnostics::Diagnostics;
use crate::model::{self, rules};
use crate::naming::ident;
use crate::spec::raw::{self, TypeKind};

impl Checker {
    pub(super) fn fields(
        &mut self,
        rel: &Path,
        fields: &[raw::Field],
        types: &Types<'_>,
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
            if let Some(mf) = self.field(rel, f, types) {
                out.push(mf);
            }
        }
        out
    }

    fn field(&mut self, rel: &Path, f: &raw::Field, types: &Types<'_>) -> Option<model::Field> {
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
        self.field_keys(rel, f, kind);
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
                .unwrap_or(model::Wire::String),
            description: f.description.clone(),
            description_zh: f.description_zh.clone(),
            example: f.example.as_ref().map(|e| e.value.clone()),
            present_only_when: None,
            required_when: None,
            constraints: Vec::new(),
            provenance: prov(rel, &f.name, &f.sources),
        };
        self.spec_values(rel, f, &mut model_field);
        self.constraints(rel, f, &mut model_field, types);
        let cond = |c: &raw::Condition| model::Condition {
            field: c.field.value.split('.').map(str::to_string).collect(),
            one_of: c.one_of.iter().map(|v| v.value.clone()).collect(),
            sources: c.sources.iter().map(|s| s.value.clone()).collect(),
        };
        model_field.present_only_when = f.present_only_when.as_ref().map(cond);
        model_field.required_when = f.required_when.as_ref().map(cond);
        ok.then_some(model_field)
    }

    /// Each key is one the field's type allows.
    fn field_keys(&mut self, rel: &Path, f: &raw::Field, kind: TypeKind) {
        let name = &f.name.value;
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
    }

    /// Values written in the spec obey the field's own rules.
    fn spec_values(&mut self, rel: &Path, f: &raw::Field, model_field: &mut model::Field) {
        let name = &f.name.value;
        if let Some(fx) = &f.fixed {
            for p in rules::scalar_violations(model_field, &fx.value) {
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
            for p in rules::scalar_violations(model_field, &ex.value) {
                self.err(rel, ex, format!("example `{}` of `{name}` {p}", ex.value))
                    .help("fix the example or the rule: the documents' examples must satisfy the documents' rules");
            }
        }
        if let Some(d) = &f.default {
            if model_field.required {
                self.err(rel, d, format!("required field `{name}` has a `default`"))
                    .help("a default applies when a field is absent; a required field is never absent");
            }
            for p in rules::scalar_violations(model_field, &d.value) {
                self.err(rel, d, format!("default `{}` of `{name}` {p}", d.value))
                    .help("the default must be a value the field can take");
            }
        }
    }

    /// A checked copy of a raw field, for applying its rules to values.
    pub(super) fn scalar_field(
        &mut self,
        rel: &Path,
        f: &raw::Field,
        types: &Types<'_>,
    ) -> Option<model::Field> {
        let mut scratch = Checker {
            diags: Diagnostics::default(),
            sources: self.sources.clone(),
            sources_read: self.sources_read,
        };
        scratch.field(rel, f, types)
    }
}

/// Names of wire fields: letters, digits, `_`, at least one letter or digit.
fn is_wire_name(s: &str) -> bool {
    ident::is_convertible(s)
}
