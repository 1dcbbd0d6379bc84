//! Spec text never becomes markup that does something, in any artifact.
//!
//! The hostile fixture (tests/fixtures/rust/hostile) writes `<script>`,
//! `<img onerror=...>`, `javascript:` links, autolinks, images and reference
//! definitions, entities, backslashes, code spans and fences (open, quoted,
//! in a list item) into titles, descriptions, messages, action texts, default
//! and example values and a source's title; every payload names itself
//! `hostile-...`. Each artifact is rendered as its readers render it, and no
//! HTML tag nor script that comes out may carry one of them, while their text
//! must still be there:
//! - the generated crate's rustdoc (`cargo doc`, the real thing);
//! - the Markdown docs, and every `description` of the JSON Schemas and the
//!   OpenAPI document (Redoc and Swagger UI render them as CommonMark), with
//!   pulldown-cmark, the CommonMark renderer rustdoc uses.
//!
//! A fence a description leaves open is closed at the end of that
//! description: the generator's own lines after it (wire name, required,
//! source) stay outside any code block.

#[allow(dead_code)]
mod support;

use std::path::PathBuf;
use std::process::Command;

use alipay_codegen::emit::{docs, rust, schema};
use alipay_codegen::model::Model;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn hostile_dir() -> PathBuf {
    manifest_dir().join("tests/fixtures/rust/hostile")
}

fn hostile() -> Model {
    alipay_codegen::load_dir(&hostile_dir()).unwrap_or_else(|e| panic!("{e}"))
}

/// The `hostile-...` markers the fixture's payloads carry.
fn markers() -> Vec<String> {
    let mut found = std::collections::BTreeSet::new();
    let mut stack = vec![hostile_dir()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for (i, _) in text.match_indices("hostile-") {
                let rest = &text[i..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                    .unwrap_or(rest.len());
                found.insert(rest[..end].to_owned());
            }
        }
    }
    assert!(found.len() >= 10, "the fixture's payloads: {found:?}");
    found.into_iter().collect()
}

/// Every HTML tag in `html` (`<name ...>`, `</name>`), lowercased.
fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let starts_tag = rest[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        if !starts_tag {
            rest = &rest[1..];
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len() - 1);
        out.push(rest[..=end].to_ascii_lowercase());
        rest = &rest[end + 1..];
    }
    out
}

/// The name and attributes of a tag (`<img src=x onerror="...">`), values
/// unquoted and with `&#58;`/`&colon;` decoded.
fn attributes(tag: &str) -> (String, Vec<(String, String)>) {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    let chars: Vec<char> = inner.chars().collect();
    let mut i = 0;
    let word = |i: &mut usize| {
        let start = *i;
        while *i < chars.len()
            && !chars[*i].is_whitespace()
            && !matches!(chars[*i], '=' | '/' | '>')
        {
            *i += 1;
        }
        chars[start..*i].iter().collect::<String>()
    };
    let name = word(&mut i);
    let mut attrs = Vec::new();
    while i < chars.len() {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '/') {
            i += 1;
        }
        let attr = word(&mut i);
        if attr.is_empty() {
            i += 1;
            continue;
        }
        let mut value = String::new();
        if chars.get(i) == Some(&'=') {
            i += 1;
            match chars.get(i) {
                Some(&q) if q == '"' || q == '\'' => {
                    i += 1;
                    while i < chars.len() && chars[i] != q {
                        value.push(chars[i]);
                        i += 1;
                    }
                    i += 1;
                }
                _ => {
                    while i < chars.len() && !chars[i].is_whitespace() {
                        value.push(chars[i]);
                        i += 1;
                    }
                }
            }
        }
        let value = value
            .replace("&#58;", ":")
            .replace("&colon;", ":")
            .replace("&#x3a;", ":");
        attrs.push((attr, value));
    }
    (name, attrs)
}

/// No spec text became markup: no event handler attribute carrying a payload,
/// no URL attribute (`href`, `src`, ...) that is `javascript:` or a payload,
/// and no script whose body is a payload. (Spec text inside an attribute that
/// only shows text, such as rustdoc's `<meta name="description">`, is text.)
fn assert_inert(html: &str, what: &str) {
    for t in tags(html) {
        let (name, attrs) = attributes(&t);
        for (attr, value) in attrs {
            let url = matches!(
                attr.as_str(),
                "href"
                    | "src"
                    | "action"
                    | "formaction"
                    | "xlink:href"
                    | "data"
                    | "srcdoc"
                    | "poster"
            );
            assert!(
                !(attr.starts_with("on") && value.contains("hostile-")),
                "{what}: spec text became an event handler: {t}"
            );
            assert!(
                !(url
                    && (value.trim_start().starts_with("javascript:")
                        || value.contains("hostile-"))),
                "{what}: spec text became a link or a source: {t}"
            );
        }
        assert!(
            !(name == "script" && t.contains("hostile-")),
            "{what}: spec text became a script: {t}"
        );
    }
    let lower = html.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("<script") {
        let body = &rest[i..];
        let end = body.find("</script").unwrap_or(body.len());
        assert!(
            !body[..end].contains("hostile-"),
            "{what}: spec text became a script: {}",
            &body[..end]
        );
        rest = &body[end..];
    }
}

/// The checks themselves catch live markup (they could not pass vacuously).
#[test]
fn the_checks_catch_live_markup() {
    for live in [
        "<p><img src=x onerror=\"alert('hostile-img')\"></p>",
        "<a href=\"javascript:alert('hostile-link')\">x</a>",
        "<a href='JavaScript&#58;alert(1)'>x</a>",
        "<script>alert('hostile-script')</script>",
    ] {
        let caught = std::panic::catch_unwind(|| assert_inert(live, "probe")).is_err();
        assert!(caught, "not caught: {live}");
    }
    assert_inert(
        "<meta name=\"description\" content=\"&lt;img onerror=alert('hostile-x')&gt;\"><p>&lt;script&gt;hostile-y</p>",
        "text only",
    );
}

fn render(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new(markdown));
    html
}

/// Text inside code blocks of `markdown`, by block.
fn code_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for e in Parser::new(markdown) {
        match e {
            Event::Start(Tag::CodeBlock(_)) => current = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            Event::Text(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    blocks
}

/// Every `description` string in a JSON value, at any depth.
fn descriptions<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                match v {
                    serde_json::Value::String(s) if k == "description" => out.push(s),
                    _ => descriptions(v, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| descriptions(v, out)),
        _ => {}
    }
}

#[test]
fn markdown_docs_render_spec_text_as_text() {
    let model = hostile();
    let mut all = String::new();
    for f in docs::emit(&model) {
        let text = String::from_utf8(f.contents).unwrap();
        let html = render(&text);
        assert_inert(&html, &f.path.display().to_string());
        assert!(
            code_blocks(&text).is_empty(),
            "{}: spec text opened a code block",
            f.path.display()
        );
        all.push_str(&html);
    }
    for m in markers() {
        // The source's title and the action text are on the pages too.
        assert!(
            all.contains(&m),
            "{m} is missing from the docs: no longer text?"
        );
    }
}

#[test]
fn schema_and_openapi_descriptions_render_spec_text_as_text() {
    let model = hostile();
    let mut all = String::new();
    let mut count = 0;
    for f in schema::emit(&model) {
        let text = String::from_utf8(f.contents).unwrap();
        let value: serde_json::Value = if f.path.extension().is_some_and(|e| e == "json") {
            serde_json::from_str(&text).unwrap()
        } else {
            serde_saphyr::from_str(&text).unwrap()
        };
        let mut found = Vec::new();
        descriptions(&value, &mut found);
        for d in found {
            let html = render(d);
            assert_inert(&html, &format!("{}: {d}", f.path.display()));
            assert!(code_blocks(d).is_empty(), "{}: {d}", f.path.display());
            all.push_str(&html);
            count += 1;
        }
    }
    assert!(count > 20, "{count} descriptions");
    for m in [
        "hostile-img",
        "hostile-link",
        "hostile-fence",
        "hostile-backslash",
    ] {
        assert!(all.contains(m), "{m} is missing from the descriptions");
    }
}

/// The doc comments of the generated source, one per item, as Markdown.
fn doc_comments(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    for line in source.lines() {
        match line.trim_start().strip_prefix("///") {
            Some(rest) => current.push(rest.strip_prefix(' ').unwrap_or(rest).to_owned()),
            None if !current.is_empty() => out.push(std::mem::take(&mut current).join("\n")),
            None => {}
        }
    }
    out
}

#[test]
fn an_open_fence_ends_with_its_own_description() {
    let model = hostile();
    let mut seen = false;
    for f in rust::emit(&model) {
        let text = String::from_utf8(f.contents).unwrap();
        for doc in doc_comments(&text) {
            for block in code_blocks(&doc) {
                for own in ["Wire name", "Required", "Optional", "Source: "] {
                    assert!(
                        !block.contains(own),
                        "{}: a description's fence swallowed the generator's lines:\n{doc}",
                        f.path.display()
                    );
                }
                seen |= block.contains("hostile-fence");
            }
        }
    }
    assert!(seen, "the open fence of the fixture is a text block");
}

/// The crate generated from the hostile fixture, documented by `cargo doc`:
/// no HTML of rustdoc's carries spec text as markup, and the text is there.
#[test]
fn rustdoc_renders_spec_text_as_text() {
    let base = manifest_dir().join("../target/rust-fixtures");
    let crate_dir = base.join("hostile-rustdoc");
    let _ = std::fs::remove_dir_all(&crate_dir);
    for f in rust::emit(&hostile()) {
        let p = crate_dir.join(&f.path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, &f.contents).unwrap();
    }
    std::fs::write(
        crate_dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"hostile-rustdoc\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n{}\n[workspace]\n",
            support::models_dependencies()
        ),
    )
    .unwrap();
    std::fs::write(
        crate_dir.join("Cargo.lock"),
        std::fs::read(manifest_dir().join("../Cargo.lock")).unwrap(),
    )
    .unwrap();
    let target = base.join("target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["doc", "--offline", "--quiet", "--no-deps", "--lib"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", &target)
        // The flags of rust_snapshots' checks in this target directory, so
        // that the dependencies they built are reused.
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS")
        .output()
        .expect("run cargo doc");
    assert!(
        out.status.success(),
        "cargo doc fails on the hostile fixture:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc_dir = target.join("doc/hostile_rustdoc");
    let mut all = String::new();
    let mut pages = 0;
    let mut stack = vec![doc_dir.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "html") {
                let html = std::fs::read_to_string(&p).unwrap();
                assert_inert(&html, &p.display().to_string());
                all.push_str(&html);
                pages += 1;
            }
        }
    }
    assert!(pages > 5, "{pages} pages in {}", doc_dir.display());
    let missing: Vec<String> = markers()
        .into_iter()
        .filter(|m| !all.contains(m.as_str()))
        .collect();
    // The source's title is not in the crate (only its id is).
    assert_eq!(
        missing,
        ["hostile-source"],
        "missing from the rustdoc pages"
    );
}

/// The escaping is no mere absence: text written as spec text reads the same
/// once rendered (here, characters that would have been markup).
#[test]
fn escaped_text_renders_as_written() {
    for text in [
        "a < b & c [S, F] `x` \\ \\< ~~~ ```",
        "<script>alert(1)</script> [x](javascript:y)",
    ] {
        let html = render(&alipay_codegen::naming::text::markdown(text));
        let plain: String = {
            let mut s = String::new();
            for e in Parser::new(&alipay_codegen::naming::text::markdown(text)) {
                match e {
                    Event::Text(t) | Event::Code(t) => s.push_str(&t),
                    _ => {}
                }
            }
            s
        };
        assert_inert(&html, text);
        assert!(!plain.is_empty());
        // Code spans keep their content, escaped characters show as written.
        assert_eq!(plain.replace('`', ""), text.replace('`', ""));
    }
}
