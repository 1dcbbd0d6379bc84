//! The README's table of which rules refuse and which only notice is the one
//! the generator follows (`model::rules::RuleKind::verdict`, which the Rust
//! emitter uses to choose between refusing and noticing).

use alipay_codegen::model::rules::verdict_table_markdown;

#[test]
fn readme_states_the_verdicts_the_generator_applies() {
    let readme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"),
    )
    .unwrap();
    let table = verdict_table_markdown();
    assert!(
        readme.contains(&table),
        "README.md must contain the verdict table exactly as the generator applies it:\n{table}"
    );
}
