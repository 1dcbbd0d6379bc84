//! Snapshots of every emitted JSON Schema and of the OpenAPI document, exactly
//! as `generate` writes them, plus the shape rules the files must keep.

use std::path::{Path, PathBuf};

use alipay_codegen::emit::schema;
use alipay_codegen::model::Model;
use serde_json::Value;

fn load() -> Model {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    match alipay_codegen::load_dir(&dir) {
        Ok(m) => m,
        Err(e) => panic!("spec/ does not load:\n{e}"),
    }
}

fn files() -> Vec<(PathBuf, String)> {
    schema::emit(&load())
        .into_iter()
        .map(|f| (f.path, String::from_utf8(f.contents).expect("UTF-8")))
        .collect()
}

#[test]
fn the_emitted_files_are_one_schema_per_message_and_openapi() {
    let model = load();
    let mut paths: Vec<String> = files()
        .iter()
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .collect();
    paths.sort();
    let mut expected = vec!["openapi.yaml".to_string()];
    for api in &model.apis {
        for part in ["request", "response"] {
            expected.push(format!("schema/{}.{part}.schema.json", api.name));
        }
    }
    expected.sort();
    assert_eq!(paths, expected);
}

#[test]
fn every_schema_matches_its_snapshot() {
    for (path, text) in files() {
        let name = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".schema.json", "");
        if path.extension().is_some_and(|e| e == "json") {
            insta::assert_snapshot!(format!("schema_{name}"), text);
        }
    }
}

#[test]
fn the_openapi_document_matches_its_snapshot() {
    let (_, text) = files()
        .into_iter()
        .find(|(p, _)| p == Path::new("openapi.yaml"))
        .unwrap();
    insta::assert_snapshot!("openapi", text);
}

#[test]
fn generating_twice_gives_the_same_bytes() {
    assert_eq!(files(), files());
}

/// `$id`, title, provenance in every property description, `$defs` only when reachable.
#[test]
fn schemas_carry_ids_and_sources() {
    let model = load();
    for (path, text) in files() {
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let v: Value = serde_json::from_str(&text).unwrap();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(
            v["$id"],
            format!("https://alipay-codegen.invalid/schema/{file}")
        );
        assert!(v["title"].is_string());
        assert!(
            v["description"]
                .as_str()
                .unwrap()
                .contains("Source documents: ")
        );
        let mut described = Vec::new();
        collect_property_descriptions(&v, &mut described);
        assert!(!described.is_empty());
        for (prop, d) in described {
            assert!(
                d.contains("Source: ") && d.ends_with('.'),
                "{file}: property {prop} description does not end with its sources: {d}"
            );
        }
        // Every $defs entry is referenced.
        if let Some(defs) = v["$defs"].as_object() {
            for name in defs.keys() {
                assert!(
                    text.contains(&format!("\"#/$defs/{name}\"")),
                    "{file}: unreachable $defs/{name}"
                );
            }
        }
        let _ = &model;
    }
}

fn collect_property_descriptions(v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                for (k, p) in props {
                    // Narrowing subschemas restate a rule, not a property; they carry sources too.
                    if let Some(d) = p.get("description").and_then(Value::as_str) {
                        out.push((k.clone(), d.to_string()));
                    }
                }
            }
            for (k, child) in map {
                if k != schema::EXTENSION_KEYWORD {
                    collect_property_descriptions(child, out);
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|i| collect_property_descriptions(i, out)),
        _ => {}
    }
}

/// Other teams declare one extension keyword (`ajv.addKeyword("x-alipay")`):
/// no other `x-` key appears anywhere, and `x-alipay` is an object.
#[test]
fn the_only_extension_keyword_is_x_alipay() {
    fn walk(v: &Value, at: &str, file: &str, seen: &mut usize) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    if k.starts_with("x-") {
                        assert_eq!(
                            k,
                            schema::EXTENSION_KEYWORD,
                            "{file}: {at}/{k} is a second extension keyword"
                        );
                        assert!(child.is_object(), "{file}: {at}/{k} is not an object");
                        *seen += 1;
                        continue;
                    }
                    walk(child, &format!("{at}/{k}"), file, seen);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{at}/{i}"), file, seen);
                }
            }
            _ => {}
        }
    }
    let mut seen = 0;
    for (path, text) in files() {
        let file = path.to_string_lossy().into_owned();
        let v: Value = if path.extension().is_some_and(|e| e == "json") {
            serde_json::from_str(&text).unwrap()
        } else {
            serde_saphyr::from_str(&text).unwrap()
        };
        walk(&v, "", &file, &mut seen);
    }
    assert!(seen > 0, "the result-code tables are under x-alipay");
}

/// Code generators name classes after titles (datamodel-code-generator
/// `--use-title-as-name`) or component keys: every result code, the code list,
/// every message and every narrowed object has a title, unique in the OpenAPI
/// document, made of ASCII letters and digits.
#[test]
fn generated_class_names_come_from_unique_titles() {
    let (_, text) = files()
        .into_iter()
        .find(|(p, _)| p == Path::new("openapi.yaml"))
        .unwrap();
    let doc: Value = serde_saphyr::from_str(&text).unwrap();
    let mut titles: Vec<String> = Vec::new();
    fn walk(v: &Value, out: &mut Vec<String>, untitled_consts: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(t)) = map.get("title") {
                    out.push(t.clone());
                } else if let Some(c) = map.get("const")
                    && map.contains_key("description")
                {
                    untitled_consts.push(c.to_string());
                }
                for (k, child) in map {
                    if k != "x-alipay" && k != "properties" {
                        walk(child, out, untitled_consts);
                    }
                    if k == "properties"
                        && let Value::Object(props) = child
                    {
                        for p in props.values() {
                            walk(p, out, untitled_consts);
                        }
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, out, untitled_consts)),
            _ => {}
        }
    }
    let mut result_code_consts = Vec::new();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for (key, s) in schemas {
        assert!(
            key.chars().all(|c| c.is_ascii_alphanumeric()),
            "component key {key} is not a class name"
        );
        assert_eq!(s["title"], Value::String(key.clone()), "title of {key}");
        let mut consts = Vec::new();
        walk(s, &mut titles, &mut consts);
        if key.ends_with("Request") || key.ends_with("Response") {
            result_code_consts.extend(consts);
        }
    }
    let model = load();
    // Every code of every API whose schemas carry its table (a message with
    // a `result` field; a notification without one carries none).
    let codes: usize = model
        .apis
        .iter()
        .filter(|a| {
            schema::Part::ALL
                .into_iter()
                .any(|p| schema::carries_codes(a, p))
        })
        .map(|a| a.result_codes.len())
        .sum();
    let code_titles = titles
        .iter()
        .filter(|t| t.contains("ResultCode") && !t.ends_with("ResultCode") && !t.ends_with("Other"))
        .count();
    assert_eq!(code_titles, codes, "one title per result code of every API");
    for t in &titles {
        assert!(t.chars().all(|c| c.is_ascii_alphanumeric()), "title {t}");
    }
    let mut sorted = titles.clone();
    sorted.sort();
    let before = sorted.len();
    sorted.dedup();
    // Component titles are listed twice (the key and the walk); everything else once.
    assert_eq!(
        before - sorted.len(),
        0,
        "duplicate titles in the OpenAPI document"
    );
}

/// A generator that does not read titles (datamodel-code-generator's default)
/// names a class after the definition it comes from, and numbers inline ones
/// (`ResultCode1`...): the result-code lists, the narrowed objects and the
/// value lists are definitions of their own, referenced where used.
#[test]
fn value_lists_and_narrowed_objects_are_named_definitions() {
    let (_, text) = files()
        .into_iter()
        .find(|(p, _)| p == Path::new("openapi.yaml"))
        .unwrap();
    let doc: Value = serde_saphyr::from_str(&text).unwrap();
    fn inline(v: &Value, top: bool, at: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                if !top {
                    let lists = map
                        .get(schema::EXTENSION_KEYWORD)
                        .is_some_and(|x| x.get(schema::RESULT_CODES_MEMBER).is_some())
                        || map.get("allOf").is_some()
                        || map.get("oneOf").is_some()
                        || map.get("anyOf").and_then(Value::as_array).is_some_and(|o| {
                            o.iter().filter(|x| x.get("const").is_some()).count() > 1
                        })
                        || map.get("enum").and_then(Value::as_array).is_some_and(|e| {
                            e.len() > 1 && e != &vec![Value::from("true"), Value::from("false")]
                        });
                    if lists {
                        out.push(at.to_string());
                    }
                }
                for (k, child) in map {
                    // Conditions, and the annotations under the extension keyword (an
                    // expectation's `schema` documents a rule; no class is made of it).
                    if !["if", "then", "else", "not", schema::EXTENSION_KEYWORD]
                        .contains(&k.as_str())
                    {
                        inline(child, false, &format!("{at}/{k}"), out);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    inline(item, false, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    for (key, s) in doc["components"]["schemas"].as_object().unwrap() {
        // Conditions (`allOf` of if/then/else at the top) are not value lists.
        let mut s = s.clone();
        if let Some(all) = s.get_mut("allOf").and_then(Value::as_array_mut) {
            all.retain(|c| c.get("if").is_none());
        }
        inline(&s, true, key, &mut found);
    }
    assert_eq!(
        found,
        Vec::<String>::new(),
        "inline value lists or narrowed objects"
    );
}
