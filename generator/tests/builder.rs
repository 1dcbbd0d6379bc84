//! The build.rs API: what a build script gets from `Builder` (selection,
//! errors as `cargo::error=` lines with locations, file names kept inside the
//! output directory, writes only when bytes change). Building a real crate
//! outside the workspace with it is `tools/ci-downstream.sh`.

use std::path::{Path, PathBuf};

use alipay_codegen::Builder;
use alipay_codegen::builder::Error;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = workspace().join("target/builder-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn quiet() -> Builder {
    Builder::new().cargo_directives(false)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn bundled_specs_are_the_spec_directory() {
    let bundled = quiet().load().expect("bundled specs load");
    let dir = quiet()
        .spec_dir(workspace().join("spec"))
        .load()
        .expect("spec/ loads");
    let names = |m: &alipay_codegen::model::Model| -> Vec<String> {
        m.apis.iter().map(|a| a.name.clone()).collect()
    };
    // A file per API, named after it (lint refuses anything else).
    let mut files: Vec<String> = std::fs::read_dir(workspace().join("spec/apis"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(names(&bundled), files);
    assert_eq!(names(&bundled), names(&dir));
    let b = quiet().generate(&bundled).unwrap();
    let d = quiet().generate(&dir).unwrap();
    assert_eq!(
        b, d,
        "the bundled specs differ from spec/: rebuild alipay-codegen"
    );
}

#[test]
fn apis_selects_and_unknown_names_are_refused() {
    let b = quiet().apis(["notifyPayment"]);
    let model = b.load().unwrap();
    assert_eq!(model.apis.len(), 1);
    let files = b.generate(&model).unwrap();
    assert_eq!(files.len(), 1, "Rust only by default");
    let text = std::str::from_utf8(&files[0].contents).unwrap();
    assert!(text.contains("pub mod notify_payment"));
    assert!(!text.contains("pub mod notify_capture"));
    assert!(!text.contains("pub mod capture"));

    // A made-up name: no future spec can make it known.
    let err = quiet().apis(["noSuchApiInAnySpec"]).load().unwrap_err();
    let msg = err.to_string();
    let known = quiet().load().unwrap();
    assert!(msg.contains("noSuchApiInAnySpec"), "{msg}");
    for api in &known.apis {
        assert!(msg.contains(&api.name), "{msg} does not list {}", api.name);
    }
    assert!(matches!(err, Error::Config(_)));
}

#[test]
fn extras_add_schemas_and_docs() {
    let model = quiet().load().unwrap();
    let files = quiet()
        .json_schema(true)
        .docs(true)
        .generate(&model)
        .unwrap();
    let paths: Vec<String> = files
        .iter()
        .map(|f| f.path.to_string_lossy().replace('\\', "/"))
        .collect();
    assert!(paths.contains(&"alipay_models.rs".to_owned()), "{paths:?}");
    assert!(paths.contains(&"openapi.yaml".to_owned()), "{paths:?}");
    assert!(
        paths.contains(&"schema/capture.request.schema.json".to_owned()),
        "{paths:?}"
    );
    assert!(paths.iter().any(|p| p.starts_with("docs/")), "{paths:?}");
}

#[test]
fn spec_errors_become_located_cargo_errors() {
    let dir = scratch("bad-spec");
    copy_dir(&workspace().join("spec"), &dir.join("spec"));
    let api = dir.join("spec/apis/capture.yaml");
    let text = std::fs::read_to_string(&api).unwrap();
    // An unknown key on the first line after `name:`.
    let broken = text.replacen("name: capture\n", "name: capture\nnmae: capture\n", 1);
    assert_ne!(
        broken, text,
        "capture.yaml no longer starts with `name: capture`"
    );
    std::fs::write(&api, broken).unwrap();
    let err = quiet().spec_dir(dir.join("spec")).load().unwrap_err();
    let lines = err.cargo_lines();
    assert!(!lines.is_empty());
    for l in &lines {
        assert!(l.starts_with("cargo::error="), "{l}");
        assert!(!l[1..].contains('\n'), "one line per diagnostic: {l:?}");
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains("apis/capture.yaml:") && l.contains("nmae")),
        "{lines:?}"
    );
}

#[test]
fn file_name_cannot_leave_the_output_directory() {
    let model = quiet().load().unwrap();
    for bad in ["../escape.rs", "/tmp/escape.rs"] {
        let err = quiet().file_name(bad).generate(&model).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{bad}: {err}");
    }
}

#[test]
fn write_only_touches_changed_files() {
    let out = scratch("write");
    let b = quiet().out_dir(&out).apis(["notifyCapture"]);
    let first = b.compile().unwrap();
    // The file and the manifest.
    assert_eq!(first.written.len(), 2, "{first}");
    let path = out.join("alipay_models.rs");
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    let second = b.compile().unwrap();
    assert!(second.written.is_empty(), "{second}");
    assert_eq!(second.unchanged.len(), 1);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        before
    );
}

#[test]
fn no_out_dir_is_a_clear_error() {
    // Tests do not run under a build script, so OUT_DIR is unset here.
    if std::env::var_os("OUT_DIR").is_some() {
        return;
    }
    let err = quiet().compile().unwrap_err();
    assert!(err.to_string().contains("OUT_DIR"), "{err}");
}
