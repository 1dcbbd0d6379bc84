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
                if k != "x-result-codes" {
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
