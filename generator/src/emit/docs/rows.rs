//! The lines a page repeats, one per field, value, code, reading or source:
//! table rows and the list items under a table. The templates place them
//! (`{{ fields.rows | safe }}`); what each line says is written here with
//! [`Md`], whose methods escape every value as the templates would.

use serde::Serialize;

use super::markup::Md;
use super::{
    CodeRow, ConstraintRow, DiscrepancyCtx, EnumCtx, ExampleCtx, FieldRow, IndexApi, IndexCode,
    IndexType, SourceRow,
};

/// Lines of ready Markdown that a template tests before placing them
/// (`{% if x %}` on a string would escape the string only to test it); `None`
/// for no lines ([`block`]).
#[derive(Serialize)]
pub struct Block {
    pub md: String,
}

/// `md` as a [`Block`], `None` when it is empty.
pub fn block(md: String) -> Option<Block> {
    (!md.is_empty()).then_some(Block { md })
}

/// A table's rows and the list of entries under it, as ready Markdown.
#[derive(Serialize)]
pub struct Table {
    pub rows: String,
    pub items: String,
}

/// `fields.md`: a row per field (name, type, required, maximum length), then
/// an entry per field with its description, values, conditions and sources.
pub fn fields(md: &mut Md, fields: &[FieldRow]) -> Table {
    for r in fields {
        md.raw("| `")
            .cell(&r.name)
            .raw("` | ")
            .cell_safe(&r.ty)
            .raw(" | ")
            .cell(&r.required)
            .raw(" | ")
            .cell(&r.max_length)
            .raw(" |\n");
    }
    let rows = md.take();
    for r in fields {
        md.raw("- **`")
            .cell(&r.name)
            .raw("`**: ")
            .titles_cell(&r.description)
            .raw("\n");
        if let Some(zh) = r.description_zh.as_deref().filter(|z| !z.is_empty()) {
            md.raw("  - 中文：").cell(zh).raw("\n");
        }
        if !r.values.is_empty() {
            md.raw("  - Values: ").titles_cell(&r.values).raw(".\n");
        }
        if !r.conditions.is_empty() {
            md.raw("  - Conditions: ")
                .titles_cell(&r.conditions)
                .raw(".\n");
        }
        sources_line(md, &r.sources);
    }
    Table {
        rows,
        items: md.take(),
    }
}

/// `  - *Sources: ...*`, the last line of an entry.
fn sources_line(md: &mut Md, sources: &str) {
    md.raw("  - *Sources: ").cell(sources).raw(".*\n");
}

/// Spec prose as list items, each on a line of its own after a line break
/// (the outcome's rules, the relations between fields).
pub fn items(md: &mut Md, items: &[String]) -> String {
    for item in items {
        md.raw("\n- ").titles(item);
    }
    md.take()
}

/// The values of each enum field: a heading (`` **`type.field` values** ``,
/// the type's name only in a shared type's section), then an item per value.
pub fn value_lists(md: &mut Md, type_name: Option<&str>, enums: &[EnumCtx]) -> String {
    for e in enums {
        md.raw("\n**`");
        if let Some(t) = type_name {
            md.text(t).raw(".");
        }
        md.text(&e.path).raw("` values**\n\n");
        for v in &e.values {
            md.raw("- `")
                .cell(&v.value)
                .raw("`: ")
                .titles_cell(&v.description)
                .raw(" *Sources: ")
                .cell(&v.sources)
                .raw(".*\n");
        }
    }
    md.take()
}

/// A message's examples, copied exactly between fences, under a heading.
pub fn examples(md: &mut Md, examples: &[ExampleCtx]) -> String {
    if examples.is_empty() {
        return String::new();
    }
    md.raw(if examples.len() == 1 {
        "\n**Example from the documents** (copied exactly)\n"
    } else {
        "\n**Examples from the documents** (copied exactly)\n"
    });
    for e in examples {
        md.raw("\n*").text(&e.title).raw("*");
        if let Some(zh) = e.title_zh.as_deref().filter(|z| !z.is_empty()) {
            md.raw(" (").text(zh).raw(")");
        }
        md.raw(", from ").text(&e.sources);
        if !e.contradicts.is_empty() {
            md.raw(". It breaks this spec's reading of ")
                .text(&e.contradicts)
                .raw(": see [Discrepancies](#discrepancies)");
        }
        md.raw(":\n\n")
            .raw(&e.fence)
            .raw("json\n")
            .raw(&e.json)
            .raw("\n")
            .raw(&e.fence)
            .raw("\n");
    }
    md.take()
}

/// What each place of an API adds to a shared type: required, fixed, allowed, a note.
pub fn constraints(md: &mut Md, constraints: &[ConstraintRow]) -> String {
    for c in constraints {
        md.raw("- `")
            .cell(&c.place)
            .raw(".")
            .cell(&c.field)
            .raw("`:");
        for (label, value) in [
            (" required: ", &c.required),
            (" fixed ", &c.fixed),
            (" allowed ", &c.allowed),
        ] {
            if !value.is_empty() {
                md.raw(label).cell(value).raw(";");
            }
        }
        md.raw(" ").titles_cell(&c.note).raw("\n");
        sources_line(md, &c.sources);
    }
    md.take()
}

/// The result-code table (code, status, further action, flags) and an entry
/// per code with its message, mistranslations, further action and sources.
pub fn codes(md: &mut Md, codes: &[CodeRow]) -> Table {
    for c in codes {
        md.raw("| `")
            .text(&c.code)
            .raw("` | ")
            .text(&c.status)
            .raw(" | ")
            .cell(&c.action_kind)
            .raw(" | ")
            .text(&c.flags)
            .raw(" |\n");
    }
    let rows = md.take();
    for c in codes {
        md.raw("- **`")
            .text(&c.code)
            .raw("`** (")
            .text(&c.status)
            .raw("): ")
            .titles_cell(&c.message)
            .raw("\n");
        for m in &c.mistranslations {
            md.raw("  - **").cell(m).raw("**\n");
        }
        if !c.action_text.is_empty() {
            md.raw("  - Further action");
            if !c.action_kind.is_empty() {
                md.raw(" (").text(&c.action_kind).raw(")");
            }
            md.raw(": ").titles_cell(&c.action_text).raw("\n");
        }
        sources_line(md, &c.sources);
    }
    Table {
        rows,
        items: md.take(),
    }
}

/// Each discrepancy, numbered: its summary, every document's reading, the
/// reading adopted and why.
pub fn discrepancies(md: &mut Md, discrepancies: &[DiscrepancyCtx]) -> String {
    for (i, d) in discrepancies.iter().enumerate() {
        md.raw(&format!("\n### {}. ", i + 1))
            .text(&d.subject)
            .raw("\n\n")
            .titles(&d.summary)
            .raw("\n\n");
        for r in &d.readings {
            md.raw("- *")
                .cell(&r.source)
                .raw("*: ")
                .titles_cell(&r.reading)
                .raw("\n");
        }
        md.raw("\n**Adopted:** ")
            .titles(&d.adopted)
            .raw("\n\n**Reason:** ")
            .titles(&d.reason)
            .raw("\n");
    }
    md.take()
}

/// The Sources list: id, title, language and date, location, and the note
/// when the row has one.
pub fn sources(md: &mut Md, sources: &[SourceRow]) -> String {
    for s in sources {
        md.raw("- **")
            .cell(&s.id)
            .raw("**: *")
            .cell(&s.title)
            .raw("*");
        match (s.language.is_empty(), s.date.is_empty()) {
            (false, false) => {
                md.raw(" (")
                    .cell(&s.language)
                    .raw(", ")
                    .cell(&s.date)
                    .raw(")");
            }
            (false, true) => {
                md.raw(" (").cell(&s.language).raw(")");
            }
            (true, false) => {
                md.raw(" (").cell(&s.date).raw(")");
            }
            (true, true) => {}
        }
        md.raw(". ").cell(&s.location);
        if !s.note.is_empty() {
            md.raw("\n  - ").titles_cell(&s.note);
        }
        md.raw("\n");
    }
    md.take()
}

/// The index's table of APIs and an entry per API with its summary.
pub fn index_apis(md: &mut Md, apis: &[IndexApi]) -> Table {
    for a in apis {
        md.raw("| [")
            .text(&a.name)
            .raw("](")
            .text(&a.name)
            .raw(".md) | ")
            .cell(&a.direction)
            .raw(" | ")
            .cell(&a.http)
            .raw(&format!(" | {} | {} |\n", a.codes, a.discrepancies));
    }
    let rows = md.take();
    for a in apis {
        md.raw("- **[")
            .text(&a.name)
            .raw("](")
            .text(&a.name)
            .raw(".md)**: ")
            .titles(&a.summary)
            .raw(" Request: ")
            .text(&a.request)
            .raw("; response: ")
            .text(&a.response)
            .raw(".\n");
    }
    Table {
        rows,
        items: md.take(),
    }
}

/// The index's shared types: fields, description and the APIs using each.
pub fn index_types(md: &mut Md, types: &[IndexType]) -> String {
    for t in types {
        md.raw("- **")
            .text(&t.name)
            .raw("** (")
            .cell(&t.fields)
            .raw("): ")
            .titles_cell(&t.description)
            .raw(" Used by ")
            .raw(&t.used_by)
            .raw(".\n");
    }
    md.take()
}

/// The index's shared result codes, with each API's own wording of each.
pub fn index_codes(md: &mut Md, codes: &[IndexCode]) -> String {
    for c in codes {
        md.raw("- **`")
            .text(&c.code)
            .raw("`** (")
            .text(&c.status)
            .raw("). *Shared definition: ")
            .cell(&c.sources)
            .raw(".*\n");
        for u in &c.uses {
            md.raw("  - [")
                .text(&u.api)
                .raw("](")
                .text(&u.api)
                .raw(".md#result-codes): ")
                .titles_cell(&u.message);
            for m in &u.mistranslations {
                md.raw(" **").cell(m).raw("**");
            }
            if !u.action.is_empty() {
                md.raw(" ").titles_cell(&u.action);
            }
            md.raw(" *Sources: ").cell(&u.sources).raw(".*\n");
        }
    }
    md.take()
}
