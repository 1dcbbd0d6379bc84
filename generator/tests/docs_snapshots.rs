//! The reference docs generated from spec/: one snapshot per page, and the
//! Markdown rules every page must follow to read well on a code host.

use std::path::{Path, PathBuf};

use alipay_codegen::emit::docs;
use alipay_codegen::model::Model;

fn load() -> Model {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    match alipay_codegen::load_dir(&dir) {
        Ok(m) => m,
        Err(e) => panic!("spec/ does not load:\n{e}"),
    }
}

fn pages() -> Vec<(String, String)> {
    docs::emit(&load())
        .into_iter()
        .map(|f| {
            let name = f.path.file_stem().unwrap().to_string_lossy().into_owned();
            assert_eq!(f.path, PathBuf::from(format!("docs/{name}.md")));
            (
                name,
                String::from_utf8(f.contents).expect("pages are UTF-8"),
            )
        })
        .collect()
}

#[test]
fn every_page_matches_its_snapshot() {
    let model = load();
    let pages = pages();
    let mut names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    names.sort();
    let mut expected: Vec<&str> = model.apis.iter().map(|a| a.name.as_str()).collect();
    expected.push("index");
    expected.sort();
    assert_eq!(names, expected);
    for (name, text) in &pages {
        insta::assert_snapshot!(format!("docs_{name}"), text);
    }
}

/// Splits a table row into cells, honouring `\|` escapes.
fn cells(line: &str) -> usize {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    let mut n = 1;
    let mut prev = ' ';
    for c in inner.chars() {
        if c == '|' && prev != '\\' {
            n += 1;
        }
        prev = c;
    }
    n
}

#[test]
fn tables_are_valid_markdown() {
    for (name, text) in pages() {
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            if lines[i].starts_with('|') {
                let header = cells(lines[i]);
                assert!(
                    lines.get(i + 1).is_some_and(|l| l.starts_with("| ---")),
                    "{name}.md:{}: a table must have a delimiter row",
                    i + 2
                );
                assert_eq!(
                    cells(lines[i + 1]),
                    header,
                    "{name}.md:{}: delimiter row",
                    i + 2
                );
                let mut j = i + 2;
                while j < lines.len() && lines[j].starts_with('|') {
                    assert_eq!(
                        cells(lines[j]),
                        header,
                        "{name}.md:{}: row has the wrong number of cells",
                        j + 1
                    );
                    j += 1;
                }
                assert!(
                    i == 0 || lines[i - 1].is_empty(),
                    "{name}.md:{}: a table must follow a blank line",
                    i + 1
                );
                i = j;
            } else {
                i += 1;
            }
        }
        assert!(
            text.ends_with('\n') && !text.ends_with("\n\n"),
            "{name}.md ends with one newline"
        );
        assert!(!text.contains("<br"), "{name}.md uses no HTML line breaks");
    }
}

#[test]
fn links_point_at_pages_and_anchors_that_exist() {
    let pages = pages();
    let anchors = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with('#'))
            .map(|l| {
                l.trim_start_matches('#')
                    .trim()
                    .to_lowercase()
                    .chars()
                    .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
                    .map(|c| if c == ' ' { '-' } else { c })
                    .collect()
            })
            .collect()
    };
    for (name, text) in &pages {
        let mut rest = text.as_str();
        while let Some(i) = rest.find("](") {
            rest = &rest[i + 2..];
            let end = rest.find(')').unwrap();
            let target = &rest[..end];
            if target.starts_with("http") {
                continue;
            }
            let (page, anchor) = target.split_once('#').unwrap_or((target, ""));
            let page_text = if page.is_empty() {
                text.as_str()
            } else {
                let stem = page.trim_end_matches(".md");
                &pages
                    .iter()
                    .find(|(n, _)| n == stem)
                    .unwrap_or_else(|| panic!("{name}.md links to missing page {page}"))
                    .1
            };
            if !anchor.is_empty() {
                assert!(
                    anchors(page_text).iter().any(|a| a == anchor),
                    "{name}.md links to missing anchor {target}"
                );
            }
        }
    }
}

/// Every field, enum value, result code and constraint entry names its sources.
#[test]
fn every_field_and_code_entry_names_its_sources() {
    for (name, text) in pages() {
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !(line.starts_with("- **`") || line.starts_with("- `")) {
                continue;
            }
            let entry: Vec<&str> = std::iter::once(*line)
                .chain(
                    lines[i + 1..]
                        .iter()
                        .copied()
                        .take_while(|l| l.starts_with("  ")),
                )
                .collect();
            assert!(
                entry
                    .iter()
                    .any(|l| l.contains("Sources: ") || l.contains("Shared definition: ")),
                "{name}.md:{}: entry without sources: {line}",
                i + 1
            );
        }
    }
}

/// Tables fit on a screen: long texts are list items, which wrap.
#[test]
fn tables_fit_on_a_screen() {
    for (name, text) in pages() {
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('|') {
                let width = line.chars().count();
                assert!(
                    width <= docs::MAX_TABLE_LINE,
                    "{name}.md:{}: a table line of {width} characters (at most {}): {line}",
                    i + 1,
                    docs::MAX_TABLE_LINE
                );
            }
        }
    }
}

/// Prose names documents by their titles: outside code and the Sources list
/// (where the ids are the keys for reading the spec files), no source id
/// appears, whether the generator or the spec's own text wrote it.
#[test]
fn documents_are_named_by_their_titles() {
    let model = load();
    let is_token = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    for (name, text) in pages() {
        let body = text.split("\n## Sources").next().unwrap();
        let mut in_block = false;
        for (i, line) in body.lines().enumerate() {
            if line.starts_with("```") {
                in_block = !in_block;
                continue;
            }
            if in_block {
                continue;
            }
            // Drop code spans.
            let prose: String = line
                .split('`')
                .enumerate()
                .filter(|(k, _)| k % 2 == 0)
                .map(|(_, p)| p)
                .collect::<Vec<_>>()
                .join(" ");
            for token in prose.split(|c: char| !is_token(c)) {
                assert!(
                    !model.sources.contains_key(token),
                    "{name}.md:{}: source id `{token}` in prose (write the title): {line}",
                    i + 1
                );
            }
            for marker in ["Sources: ", "Shared definition: "] {
                let Some(i) = line.find(marker) else { continue };
                let list = line[i + marker.len()..].trim_end_matches(['*', '.']);
                for item in list.split("; ") {
                    assert!(
                        model.sources.values().any(|s| s.title == item.trim()),
                        "{name}.md: `{item}` is not a document title: {line}"
                    );
                }
            }
        }
    }
}

/// A translation marked wrong in the spec is flagged in its own code's row and
/// said in its entry, on the API page and in the shared-codes index.
#[test]
fn mistranslations_are_flagged_in_their_rows() {
    let model = load();
    let pages = pages();
    let page = |n: &str| &pages.iter().find(|(p, _)| p == n).unwrap().1;
    let mut flagged = 0;
    for api in &model.apis {
        for c in api
            .result_codes
            .iter()
            .filter(|c| !c.mistranslated.is_empty())
        {
            let text = page(&api.name);
            let row = text
                .lines()
                .find(|l| l.starts_with(&format!("| `{}` |", c.code)))
                .unwrap_or_else(|| panic!("{}: no row for {}", api.name, c.code));
            assert!(row.contains("mistranslated"), "{}: {row}", api.name);
            for m in &c.mistranslated {
                assert!(
                    text.contains(m.says.trim_end_matches('.')),
                    "{}: {} does not say what its translation says",
                    api.name,
                    c.code
                );
                if c.shared {
                    assert!(page("index").contains(m.says.trim_end_matches('.')));
                }
            }
            flagged += 1;
        }
    }
    assert!(
        flagged > 0,
        "the specs mark CAPTURE_AMOUNT_EXCEED_AUTH_LIMIT's Chinese message"
    );
}

/// Every example message of the specs is shown byte for byte in a code block.
#[test]
fn example_messages_are_shown_exactly() {
    let model = load();
    let pages = pages();
    let mut shown = 0;
    for api in &model.apis {
        let text = &pages.iter().find(|(p, _)| p == &api.name).unwrap().1;
        for e in api.request.examples.iter().chain(&api.response.examples) {
            let block = format!("```json\n{}\n```", e.json.trim_end());
            assert!(
                text.contains(&block),
                "{}: example {} is not shown as written",
                api.name,
                e.title
            );
            shown += 1;
        }
    }
    assert!(
        shown >= 2,
        "the Chinese notifyCapture document's two examples"
    );
}

/// Spec text reaches the pages as text: in the docs of the hostile fixture
/// (HTML tags, fenced blocks open and closed,
/// escaped control characters in descriptions), no raw HTML tag, no fence
/// and no invisible character comes through, and the text is still readable.
#[test]
fn hostile_spec_text_stays_text_in_markdown() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rust/hostile");
    let model = alipay_codegen::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    let mut all = String::new();
    for f in docs::emit(&model) {
        let text = String::from_utf8(f.contents).unwrap();
        for line in text.lines() {
            let t = line.trim_start();
            assert!(
                !(t.starts_with("```") || t.starts_with("~~~")),
                "{}: a fence reached the page: {line}",
                f.path.display()
            );
        }
        assert!(
            !text.chars().any(alipay_codegen::naming::text::forbidden),
            "{}",
            f.path.display()
        );
        all.push_str(&text);
    }
    // Every `<` of spec text is escaped (`\<`); the only raw one opens the
    // generator's own header comment. (tests/inert_text.rs renders the pages.)
    for (i, _) in all.match_indices('<') {
        assert!(
            all[i..].starts_with("<!-- @generated") || all[..i].ends_with('\\'),
            "raw `<` reached the docs: {}",
            &all[i..(i + 40).min(all.len())]
        );
    }
    assert!(all.contains("\\<script>alert(1)\\</script>"), "{all}");
    assert!(all.contains("\\u{202e} reversed"));
}
