//! What the test suites that compile generated code share.

/// The `[dependencies]` and `[features]` a crate made of generated code needs:
/// those of `generated/Cargo.toml` (alipay-models), without the workspace
/// inheritance a scratch crate cannot use, and with the runtime crate by its
/// absolute path. One copy, so that a dependency the generated code gains is
/// added in one place.
pub fn models_dependencies() -> String {
    let runtime = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let runtime = runtime.canonicalize().unwrap_or(runtime);
    format!(
        r#"[dependencies]
alipay-runtime = {{ path = "{}" }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = {{ version = "1", features = ["float_roundtrip"] }}
chrono = {{ version = "0.4", default-features = false, features = ["std", "serde"] }}
schemars = {{ version = "1", optional = true }}

[features]
schemars = ["dep:schemars", "alipay-runtime/schemars"]
signature = ["alipay-runtime/signature"]
"#,
        runtime.display()
    )
}

/// The dependency names of [`models_dependencies`] are exactly those of
/// `generated/Cargo.toml`'s `[dependencies]`, so the two cannot drift apart.
pub fn check_models_dependencies(generated_manifest: &str) {
    fn names(section: &str, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut inside = false;
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                inside = line == section;
                continue;
            }
            if inside
                && !line.starts_with('#')
                && let Some((k, _)) = line.split_once('=')
            {
                out.push(k.trim().to_string());
            }
        }
        out.sort();
        out
    }
    assert_eq!(
        names("[dependencies]", &models_dependencies()),
        names("[dependencies]", generated_manifest),
        "generator/tests/support/mod.rs and generated/Cargo.toml list different dependencies"
    );
}
