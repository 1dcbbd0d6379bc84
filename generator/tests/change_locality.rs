//! A change to one API changes only that API's generated files, plus the
//! index that embeds every API's text (openapi.yaml): headers carry no hash
//! of all the specs, so review diffs show what changed and nothing else.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use alipay_codegen::emit::{self, Options};
use alipay_codegen::naming::ident;
use alipay_codegen::write::OutputFile;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, dest).unwrap();
        }
    }
}

fn generate(spec: &Path) -> Vec<OutputFile> {
    let model = alipay_codegen::load_dir(spec).unwrap_or_else(|e| panic!("{e}"));
    emit::generate(&model, &Options::default())
}

/// Appends a word to the first one-line `description:` (plain or double
/// quoted) of a field in an API's file, returning the line edited.
fn edit_one_description(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let mut edited = None;
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            let t = l.trim_start();
            if edited.is_none()
                && l.starts_with(' ')
                && let Some(v) = t.strip_prefix("description: ")
                && !v.contains(" #")
            {
                let new = if v.len() > 2 && v.starts_with('"') && v.ends_with('"') {
                    Some(format!("{} Edited.\"", &l[..l.len() - 1]))
                } else if !v.starts_with(['>', '|', '"', '\'', '[', '{']) {
                    Some(format!("{l} Edited."))
                } else {
                    None
                };
                if let Some(new) = new {
                    edited = Some(l.to_owned());
                    return new;
                }
            }
            l.to_owned()
        })
        .collect();
    let edited = edited.unwrap_or_else(|| panic!("{} has no one-line description", file.display()));
    std::fs::write(file, lines.join("\n") + "\n").unwrap();
    edited
}

#[test]
fn editing_one_api_changes_only_its_files() {
    let spec = workspace().join("spec");
    let before = generate(&spec);
    let model = alipay_codegen::load_dir(&spec).unwrap();
    assert!(!model.apis.is_empty());
    // Each API is generated apart (a whole generation each), the APIs shared
    // out over the machine's cores.
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    std::thread::scope(|scope| {
        for k in 0..threads {
            let (spec, before, model) = (&spec, &before, &model);
            scope.spawn(move || {
                for api in model.apis.iter().skip(k).step_by(threads) {
                    api_edit_stays_local(spec, before, api);
                }
            });
        }
    });
}

/// Edits one description of `api` in a copy of `spec`: only the API's own
/// files (and openapi.yaml) change, and its Rust module and docs do.
fn api_edit_stays_local(spec: &Path, before: &[OutputFile], api: &alipay_codegen::model::Api) {
    let scratch = workspace().join("target/change-locality").join(&api.name);
    let _ = std::fs::remove_dir_all(&scratch);
    copy_dir(spec, &scratch);
    let line = edit_one_description(&scratch.join(format!("apis/{}.yaml", api.name)));
    let after = generate(&scratch);

    let old: std::collections::BTreeMap<_, _> =
        before.iter().map(|f| (&f.path, &f.contents)).collect();
    let changed: BTreeSet<String> = after
        .iter()
        .filter(|f| old.get(&f.path) != Some(&&f.contents))
        .map(|f| f.path.to_string_lossy().replace('\\', "/"))
        .collect();
    assert_eq!(
        before.len(),
        after.len(),
        "{}: files appeared or vanished",
        api.name
    );

    let own: BTreeSet<String> = [
        format!("src/{}.rs", ident::strip_raw(&ident::to_snake(&api.name))),
        format!("schema/{}.request.schema.json", api.name),
        format!("schema/{}.response.schema.json", api.name),
        format!("docs/{}.md", api.name),
    ]
    .into();
    let index: BTreeSet<String> = ["openapi.yaml".to_owned()].into();
    let outside: Vec<&String> = changed
        .iter()
        .filter(|p| !own.contains(*p) && !index.contains(*p))
        .collect();
    assert!(
        outside.is_empty(),
        "editing `{}` in spec/apis/{}.yaml changed other files: {outside:?}",
        line.trim(),
        api.name
    );
    // The edit reached the API's own Rust module and docs.
    for p in [
        format!("src/{}.rs", ident::strip_raw(&ident::to_snake(&api.name))),
        format!("docs/{}.md", api.name),
    ] {
        assert!(
            changed.contains(&p),
            "editing `{}` did not change {p}",
            line.trim()
        );
    }
    let _ = std::fs::remove_dir_all(&scratch);
}
