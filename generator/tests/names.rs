//! One place knows every name: the items the Rust emitter declares are
//! exactly the names `alipay_codegen::naming::names` computes for the model, and the
//! output paths of every emitter are the ones it computes. If an emitter
//! made up a name of its own, the collision check (which works on the
//! computed names) could miss a clash; this test catches the divergence.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use alipay_codegen::emit;
use alipay_codegen::model::Model;
use alipay_codegen::naming::names;

fn sets() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![root.join("../spec")];
    for e in std::fs::read_dir(root.join("tests/fixtures/rust")).unwrap() {
        out.push(e.unwrap().path());
    }
    out.sort();
    out
}

fn load(dir: &Path) -> Model {
    alipay_codegen::load_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

fn strip(s: &str) -> String {
    s.strip_prefix("r#").unwrap_or(s).to_string()
}

/// The type names the emitter declares in a module file: structs and enums.
fn declared(file: &syn::File) -> BTreeSet<String> {
    file.items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            _ => None,
        })
        .map(|s| strip(&s))
        .collect()
}

fn enum_fields<'a>(
    owner: &str,
    fields: &'a [alipay_codegen::model::Field],
) -> impl Iterator<Item = String> + 'a {
    let owner = owner.to_string();
    fields
        .iter()
        .filter(|f| names::enum_values(&f.ty).is_some())
        .map(move |f| strip(&names::enum_type(&owner, &f.name)))
}

#[test]
fn the_emitters_declare_exactly_the_computed_names() {
    for dir in sets() {
        let model = load(&dir);
        assert!(names::collisions(&model).is_empty());
        let files = emit::generate(&model, &emit::Options::default());
        let paths: BTreeSet<String> = files
            .iter()
            .map(|f| f.path.to_string_lossy().into_owned())
            .collect();
        let parse = |p: &str| -> syn::File {
            let f = files
                .iter()
                .find(|f| f.path == Path::new(p))
                .unwrap_or_else(|| panic!("{}: {p} not generated", dir.display()));
            syn::parse_file(std::str::from_utf8(&f.contents).unwrap()).unwrap()
        };
        // types.rs: the shared types and the value enums of their fields.
        let mut expected: BTreeSet<String> = BTreeSet::new();
        let lenient = model.lenient_types();
        for t in &model.types {
            let owner = names::type_name(&t.name);
            expected.insert(strip(&owner));
            if lenient.contains(&t.name) {
                expected.insert(strip(&names::view_type(&owner)));
            }
            expected.extend(enum_fields(&owner, &t.fields));
        }
        assert_eq!(
            declared(&parse("src/types.rs")),
            expected,
            "{}",
            dir.display()
        );
        for api in &model.apis {
            // The module file, the docs page and the schemas are where names.rs says.
            let file = names::api_file(&api.name);
            assert!(paths.contains(&file), "{file}");
            assert!(paths.contains(&names::docs_page(&api.name)));
            for part in ["request", "response"] {
                assert!(paths.contains(&names::schema_file(&api.name, part)));
            }
            let mut expected = BTreeSet::from([
                strip(&names::request_type(&api.name)),
                strip(&names::response_type(&api.name)),
                strip(&names::code_enum(&api.name)),
            ]);
            expected.extend(enum_fields(
                &names::request_type(&api.name),
                &api.request.fields,
            ));
            expected.extend(enum_fields(
                &names::response_type(&api.name),
                &api.response.fields,
            ));
            for (m, ty) in [
                (&api.request, names::request_type(&api.name)),
                (&api.response, names::response_type(&api.name)),
            ] {
                if m.flow == alipay_codegen::model::Flow::Inbound {
                    expected.insert(strip(&names::view_type(&ty)));
                }
            }
            assert_eq!(
                declared(&parse(&file)),
                expected,
                "{}: {file}",
                dir.display()
            );
            // Result-code variants.
            let codes = parse(&file);
            let code_enum = codes
                .items
                .iter()
                .find_map(|i| match i {
                    syn::Item::Enum(e) if e.ident == strip(&names::code_enum(&api.name)) => Some(e),
                    _ => None,
                })
                .unwrap();
            let variants: Vec<String> = code_enum
                .variants
                .iter()
                .map(|v| strip(&v.ident.to_string()))
                .collect();
            let mut want: Vec<String> = api
                .result_codes
                .iter()
                .map(|c| strip(&names::value_variant(&c.code)))
                .collect();
            want.push(names::UNKNOWN_VARIANT.to_string());
            assert_eq!(variants, want, "{}", api.name);
        }
        // lib.rs declares one module per API, named by names.rs.
        let lib = parse("src/lib.rs");
        let modules: BTreeSet<String> = lib
            .items
            .iter()
            .filter_map(|i| match i {
                syn::Item::Mod(m) => Some(strip(&m.ident.to_string())),
                _ => None,
            })
            .collect();
        for api in &model.apis {
            assert!(modules.contains(&strip(&names::api_module(&api.name))));
        }
        // Notification variants.
        let n = parse("src/notification.rs");
        let notification = n
            .items
            .iter()
            .find_map(|i| match i {
                syn::Item::Enum(e) if e.ident == "Notification" => Some(e),
                _ => None,
            })
            .unwrap();
        let variants: BTreeSet<String> = notification
            .variants
            .iter()
            .map(|v| v.ident.to_string())
            .collect();
        let mut want: BTreeSet<String> = model
            .apis
            .iter()
            .filter(|a| !a.notify_types().is_empty())
            .map(|a| names::notification_variant(&a.name))
            .collect();
        want.insert(names::UNKNOWN_VARIANT.to_string());
        assert_eq!(variants, want, "{}", dir.display());
    }
}
