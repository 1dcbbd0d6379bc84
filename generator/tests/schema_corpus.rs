//! The emitted JSON Schemas: each passes the draft 2020-12 metaschema, and
//! every payload of the corpus (`tests/payloads/<api>.<part>/{valid,invalid}/`)
//! gets the verdict its folder names, with format validation on.

use std::path::{Path, PathBuf};

use alipay_codegen::emit::schema::{self, Part, Refs};
use alipay_codegen::model::Model;
use alipay_codegen::naming::ident::to_upper_camel;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn model() -> Model {
    alipay_codegen::load_dir(&root().join("spec")).expect("spec/ loads")
}

/// `(api, part, schema)` for every message.
fn schemas(model: &Model) -> Vec<(String, Part, Value)> {
    let mut out = Vec::new();
    for api in &model.apis {
        for part in Part::ALL {
            out.push((
                api.name.clone(),
                part,
                schema::message_schema(model, api, part).to_value(),
            ));
        }
    }
    out
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

#[test]
fn every_schema_passes_the_2020_12_metaschema() {
    let model = model();
    for (api, part, s) in schemas(&model) {
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        if let Err(e) = jsonschema::meta::validate(&s) {
            panic!("{api}.{}: {e} at {}", part.as_str(), e.instance_path());
        }
    }
}

#[test]
fn the_openapi_components_pass_the_2020_12_metaschema() {
    let model = model();
    let doc = serde_json::to_value(schema::openapi(&model)).unwrap();
    let components = doc["components"]["schemas"].as_object().unwrap();
    assert!(!components.is_empty());
    for (name, s) in components {
        let mut s = s.clone();
        s["$schema"] = "https://json-schema.org/draft/2020-12/schema".into();
        if let Err(e) = jsonschema::meta::validate(&s) {
            panic!("components/schemas/{name}: {e} at {}", e.instance_path());
        }
    }
}

/// The OpenAPI document's schemas are the standalone files' schemas, with
/// `$defs` moved to `components/schemas`: a shared type `T` and the named
/// definitions inside it (`TResultStatus`) become `T<Flow>...` (titles too),
/// the message's own named definitions keep their names, and the document
/// keywords are dropped.
#[test]
fn openapi_and_standalone_schemas_are_the_same_values() {
    let model = model();
    let doc = serde_json::to_value(schema::openapi(&model)).unwrap();
    // `Result` -> `ResultInbound`, `ResultResultStatus` -> `ResultInboundResultStatus`,
    // `NotifyCaptureRequestResult` (a message's) unchanged.
    let key = |name: &str, flow| -> String {
        let mut types: Vec<&str> = model.types.iter().map(|t| t.name.as_str()).collect();
        types.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let own = model.apis.iter().any(|a| {
            Part::ALL
                .iter()
                .any(|&p| name.starts_with(&schema::message_component_name(a, p)))
                || name.starts_with(&format!("{}ResultCode", to_upper_camel(&a.name)))
        });
        match types.iter().find(|t| name.starts_with(*t)) {
            Some(t) if !own => format!("{}{}", schema::component_name(t, flow), &name[t.len()..]),
            _ => name.to_string(),
        }
    };
    for api in &model.apis {
        for part in Part::ALL {
            let flow = part.message(api).flow;
            let mut standalone = schema::message_schema(&model, api, part).to_value();
            let defs = standalone.as_object_mut().unwrap().remove("$defs");
            for k in ["$schema", "$id", "$comment"] {
                standalone.as_object_mut().unwrap().remove(k);
            }
            fn rewrite(v: &mut Value, key: &dyn Fn(&str) -> String) {
                match v {
                    Value::Object(map) => {
                        for (k, child) in map.iter_mut() {
                            match (k.as_str(), &*child) {
                                ("$ref", Value::String(r)) if r.starts_with("#/$defs/") => {
                                    *child = Value::String(format!(
                                        "#/components/schemas/{}",
                                        key(&r["#/$defs/".len()..])
                                    ));
                                }
                                ("title", Value::String(t)) => *child = Value::String(key(t)),
                                _ => rewrite(child, key),
                            }
                        }
                    }
                    Value::Array(items) => items.iter_mut().for_each(|i| rewrite(i, key)),
                    _ => {}
                }
            }
            let key_here = |n: &str| key(n, flow);
            let empty = serde_json::Map::new();
            let defs = match &defs {
                Some(Value::Object(d)) => d,
                _ => &empty,
            };
            for (name, def) in defs {
                let c = &doc["components"]["schemas"][key(name, flow)];
                let mut def = def.clone();
                rewrite(&mut def, &key_here);
                assert_eq!(&def, c, "{name}");
            }
            let mut rewritten = standalone.clone();
            rewrite(&mut rewritten, &key_here);
            let expected = rewritten;
            let name = schema::message_component_name(api, part);
            assert_eq!(expected, doc["components"]["schemas"][&name], "{name}");
            // Same builder, other reference style.
            assert_eq!(
                schema::message_body(&model, api, part, Refs::Components).to_value(),
                doc["components"]["schemas"][&name]
            );
        }
    }
}

#[test]
fn every_corpus_case_gets_its_verdict() {
    let model = model();
    let corpus = root().join("tests/payloads");
    let mut failures = Vec::new();
    let mut counted = 0;
    for (api, part, s) in schemas(&model) {
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&s)
            .unwrap_or_else(|e| panic!("{api}.{}: {e}", part.as_str()));
        let dir = corpus.join(format!("{api}.{}", part.as_str()));
        for (verdict, expect_valid) in [("valid", true), ("invalid", false)] {
            let files = json_files(&dir.join(verdict));
            assert!(
                !files.is_empty(),
                "{}/{verdict} has no cases",
                dir.display()
            );
            for file in files {
                counted += 1;
                let bytes = std::fs::read(&file).unwrap();
                let instance: Value = serde_json::from_slice(&bytes)
                    .unwrap_or_else(|e| panic!("{}: not JSON: {e}", file.display()));
                let errors: Vec<String> = validator
                    .iter_errors(&instance)
                    .map(|e| format!("{} at {}", e, e.instance_path()))
                    .collect();
                if errors.is_empty() != expect_valid {
                    failures.push(format!(
                        "{}: expected {verdict}, got {}",
                        file.strip_prefix(root()).unwrap().display(),
                        if errors.is_empty() {
                            "valid".to_string()
                        } else {
                            errors.join("; ")
                        }
                    ));
                }
            }
        }
    }
    assert!(counted > 0);
    assert!(
        failures.is_empty(),
        "{} wrong verdicts:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every corpus folder names a message of the model (a typo would be skipped silently otherwise).
#[test]
fn every_corpus_folder_is_a_message() {
    let model = model();
    let names: Vec<String> = schemas(&model)
        .iter()
        .map(|(api, part, _)| format!("{api}.{}", part.as_str()))
        .collect();
    for entry in std::fs::read_dir(root().join("tests/payloads")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                names.contains(&name),
                "tests/payloads/{name} is not a message"
            );
            for sub in std::fs::read_dir(entry.path()).unwrap() {
                let sub = sub.unwrap().file_name().to_string_lossy().into_owned();
                assert!(
                    sub == "valid" || sub == "invalid" || sub == "expected.json",
                    "tests/payloads/{name}/{sub}"
                );
            }
        }
    }
}

/// Turns every `x-alipay` expectation of a schema into a real constraint (an
/// `allOf` entry where the annotation stands).
fn promote(v: &mut Value) {
    match v {
        Value::Object(map) => {
            let expected: Vec<Value> = map
                .get(schema::EXTENSION_KEYWORD)
                .and_then(|x| x.get("expected"))
                .and_then(Value::as_array)
                .map(|list| list.iter().map(|e| e["schema"].clone()).collect())
                .unwrap_or_default();
            for child in map.values_mut() {
                promote(child);
            }
            if !expected.is_empty() {
                let all = map
                    .entry("allOf".to_string())
                    .or_insert_with(|| Value::Array(Vec::new()));
                all.as_array_mut().unwrap().extend(expected);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(promote),
        _ => {}
    }
}

/// The schema and the Rust validators agree on expectations: a case for which
/// Rust gives notices (tests/payloads/<msg>/expected.json) is valid under the
/// schema and invalid once the schema's `x-alipay` expectations are made
/// constraints; a case without notices stays valid under them too.
#[test]
fn schema_expectations_agree_with_rust_notices() {
    let model = model();
    let corpus = root().join("tests/payloads");
    let mut failures = Vec::new();
    let (mut noticed, mut quiet) = (0, 0);
    for (api, part, s) in schemas(&model) {
        let dir = corpus.join(format!("{api}.{}", part.as_str()));
        let Ok(text) = std::fs::read(dir.join("expected.json")) else {
            continue;
        };
        let expected: Value = serde_json::from_slice(&text).unwrap();
        let mut promoted = s.clone();
        promote(&mut promoted);
        let strict = jsonschema::options()
            .should_validate_formats(true)
            .build(&promoted)
            .unwrap_or_else(|e| panic!("{api}.{} promoted: {e}", part.as_str()));
        for (case, want) in expected.as_object().unwrap() {
            let instance: Value =
                serde_json::from_slice(&std::fs::read(dir.join(case)).unwrap()).unwrap();
            let has_notices = !want["notices"].as_array().unwrap().is_empty();
            let errors: Vec<String> = strict
                .iter_errors(&instance)
                .map(|e| e.instance_path().to_string())
                .collect();
            if has_notices {
                noticed += 1;
                for path in want["notices"].as_array().unwrap() {
                    let path = path.as_str().unwrap();
                    if !errors.iter().any(|e| e == path) {
                        failures.push(format!("{api}.{}/{case}: Rust notices {path}, the schema's expectations do not ({errors:?})", part.as_str()));
                    }
                }
            } else {
                quiet += 1;
                if !errors.is_empty() {
                    failures.push(format!("{api}.{}/{case}: no Rust notice, but the schema's expectations fail at {errors:?}", part.as_str()));
                }
            }
        }
    }
    assert!(
        noticed > 5 && quiet > 5,
        "{noticed} noticed, {quiet} quiet cases"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Audit item 5: the `x-alipay` result-code table gives a notification's U codes
/// the receiver's action (`wait_or_inquire`, the document's kept as
/// `documentedAction`) and flags every text the spec marks mistranslated; the
/// OpenAPI document carries the same table.
#[test]
fn result_code_tables_carry_receiver_actions_and_mistranslations() {
    use alipay_codegen::model::{Direction, Status};
    let model = model();
    let doc = serde_json::to_value(schema::openapi(&model)).unwrap();
    let (mut u_codes, mut marked) = (0, 0);
    for api in &model.apis {
        for part in Part::ALL {
            if !schema::carries_codes(api, part) {
                continue;
            }
            let s = schema::message_schema(&model, api, part).to_value();
            let title = format!("{}ResultCode", to_upper_camel(&api.name));
            for table in [
                &s["$defs"][&title]["x-alipay"]["resultCodes"],
                &doc["components"]["schemas"][&title]["x-alipay"]["resultCodes"],
            ] {
                let rows = table
                    .as_array()
                    .unwrap_or_else(|| panic!("{title}: no table"));
                assert_eq!(rows.len(), api.result_codes.len(), "{title}");
                for (c, row) in api.result_codes.iter().zip(rows) {
                    assert_eq!(row["code"], c.code.as_str());
                    if api.direction == Direction::Notification && c.status == Status::U {
                        u_codes += 1;
                        assert_eq!(row["action"], "wait_or_inquire", "{title} {}", c.code);
                    }
                    let flagged = row["mistranslated"].as_array().map_or(0, Vec::len);
                    assert_eq!(flagged, c.mistranslated.len(), "{title} {}", c.code);
                    marked += flagged;
                }
            }
        }
    }
    assert!(
        u_codes > 0 && marked > 0,
        "{u_codes} U codes, {marked} marks"
    );
}
