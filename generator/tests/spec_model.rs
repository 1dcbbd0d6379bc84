//! The real specs under spec/: they load, their model is what the snapshots
//! say, their examples obey their own rules, and the spec format's schema files
//! are fresh.

use std::path::{Path, PathBuf};

use alipay_codegen::model::{FieldType, Model, rules};

/// The synthetic spec trees of the generator benchmarks (clones of spec/apis/).
#[path = "../benches/synth.rs"]
mod synth;

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

fn load() -> Model {
    match alipay_codegen::load_dir(&spec_dir()) {
        Ok(m) => m,
        Err(e) => panic!("spec/ does not load:\n{e}"),
    }
}

/// The names of spec/apis/*.yaml (a file is named after its API), sorted.
fn api_files() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(spec_dir().join("apis"))
        .expect("spec/apis/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no API in spec/apis/");
    names
}

#[test]
fn every_api_model_matches_its_snapshot() {
    let model = load();
    let names: Vec<&str> = model.apis.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, api_files(), "one API per file of spec/apis/, sorted");
    for api in &model.apis {
        insta::assert_yaml_snapshot!(format!("api_{}", api.name), api);
    }
    insta::assert_yaml_snapshot!("types", &model.types);
    insta::assert_yaml_snapshot!("shared_codes", &model.shared_codes);
    insta::assert_yaml_snapshot!("sources", &model.sources);
}

/// Every example and fixed value in the specs satisfies its own field's rules
/// (the checker enforces this; the test states it for the real specs).
#[test]
fn every_example_satisfies_its_field() {
    let model = load();
    let mut checked = 0;
    let fields = model
        .apis
        .iter()
        .flat_map(|a| a.request.fields.iter().chain(&a.response.fields))
        .chain(model.types.iter().flat_map(|t| &t.fields));
    for f in fields {
        if let Some(ex) = &f.example {
            let v = rules::scalar_violations(f, ex);
            assert!(v.is_empty(), "example {ex:?} of {} breaks: {v:?}", f.name);
            checked += 1;
        }
        if let Some(fx) = &f.fixed {
            assert!(rules::scalar_violations(f, fx).is_empty(), "{}", f.name);
        }
    }
    assert!(checked >= 10, "only {checked} examples in the specs");
}

/// What the documents state, checked against the model directly: a few facts a
/// reviewer would look up first.
#[test]
fn documented_facts_hold() {
    let model = load();
    let nc = model.api("notifyCapture").unwrap();
    let f = nc.request.field("captureRequestId").unwrap();
    assert_eq!((f.required, f.max_length), (true, Some(64)));
    assert_eq!(
        nc.request.field("notifyType").unwrap().fixed.as_deref(),
        Some("CAPTURE_RESULT")
    );
    assert!(!nc.request.field("captureTime").unwrap().required);
    let code = |api: &str, c: &str| {
        model
            .api(api)
            .unwrap()
            .result_codes
            .iter()
            .find(|k| k.code == c)
            .unwrap_or_else(|| panic!("{api} has no {c}"))
            .clone()
    };
    assert_eq!(
        code("notifyCapture", "CAPTURE_IN_PROCESS").status.letter(),
        "U"
    );
    assert_eq!(
        code("notifyCapture", "UNKNOWN_EXCEPTION").status.letter(),
        "U"
    );
    assert_eq!(
        code("notifyCapture", "MULTI_CAPTURE_NOT_SUPPORTED")
            .status
            .letter(),
        "F"
    );
    assert_eq!(
        code("notifyPayment", "USER_KYC_NOT_QUALIFIED")
            .status
            .letter(),
        "F"
    );
    assert_eq!(code("capture", "SIGNATURE_INVALID").status.letter(), "F");
    let np = model.api("notifyPayment").unwrap();
    let pt = np.request.field("paymentTime").unwrap();
    let cond = pt
        .present_only_when
        .as_ref()
        .expect("paymentTime is conditional");
    assert_eq!(cond.field, ["result", "resultStatus"]);
    assert_eq!(cond.one_of, ["S"]);
    assert!(np.request.field("customsDeclarationAmount").is_some());
    assert!(np.response.field("customsDeclarationAmount").is_none());
    let retry = np.retry.as_ref().unwrap();
    assert_eq!(retry.max_sends, 8);
    assert_eq!(
        retry.intervals_secs,
        [0, 120, 600, 600, 3600, 7200, 21600, 54000]
    );
    let cap = model.api("capture").unwrap();
    assert_eq!(
        cap.http.as_ref().unwrap().path.as_deref(),
        Some("/v2/payments/capture")
    );
    assert!(
        matches!(cap.request.field("captureAmount").unwrap().ty, FieldType::Object(ref t) if t == "Amount")
    );
    assert_eq!(
        cap.request.field("extendInfo").unwrap().max_length,
        Some(4096)
    );
    // Every discrepancy cites sources that exist.
    for api in &model.apis {
        for d in &api.discrepancies {
            for r in &d.readings {
                assert!(
                    model.sources.contains_key(&r.source),
                    "{}: {}",
                    api.name,
                    r.source
                );
            }
        }
    }
}

#[test]
fn loading_is_deterministic() {
    let a = load();
    let b = load();
    assert_eq!(a.spec_hash, b.spec_hash);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

#[test]
fn spec_format_schemas_are_fresh() {
    for (name, text) in alipay_codegen::spec_schema::files() {
        let path = spec_dir().join(name);
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == text,
            "{} is out of date: run `cargo run -p alipay-codegen -- spec-schema`",
            path.display()
        );
    }
}

/// The benchmarks measure lint and generate on clones of the real specs; a
/// clone that does not lint would stop them (CI only compiles them). A count
/// that is not a multiple of the API count leaves some inquiries without a
/// clone to name.
#[test]
fn the_benchmarks_synthetic_trees_lint() {
    let n = api_files().len() * 2 + 3;
    let files = alipay_codegen::spec::SpecFiles {
        files: synth::spec_tree(&spec_dir(), n),
        unread: Vec::new(),
    };
    match alipay_codegen::spec::check::check(&files) {
        Ok(m) => assert_eq!(m.apis.len(), n),
        Err(d) => panic!(
            "the synthetic specs do not lint:\n{}",
            d.render(Path::new("synth"))
        ),
    }
}
