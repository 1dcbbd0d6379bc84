//! The crate as one file, for `include!` from a build script.

use super::{Cx, Features};
use crate::model::Model;

/// The crate as one file for `include!` from a build script (what
/// [`crate::Builder`] writes): the modules of [`emit`](super::emit) inlined, without the
/// crate-level attributes, which an included file cannot carry. It names the
/// runtime by absolute path and its own items by module-relative paths, so it
/// can be included at the root of a crate or in any module of it
/// (`pub mod alipay { include!(...); }`), in edition 2021 or 2024.
///
/// The including crate has no `schemars` or `signature` feature of its own:
/// with `schemars`, the models derive `schemars::JsonSchema` (the including
/// crate depends on schemars 1 and turns on `alipay-runtime/schemars`);
/// with `signature`, the runtime's `signature` module is re-exported as
/// `signature` (the including crate turns on `alipay-runtime/signature`).
pub fn single_file(model: &Model, schemars: bool, signature: bool) -> String {
    let cx = Cx::new(
        model,
        Features::Resolved {
            schemars,
            signature,
        },
    );
    let files = cx.files();
    let module = |path: &str| -> Option<syn::File> {
        let f = files
            .iter()
            .find(|f| f.path == std::path::Path::new(path))?;
        syn::parse_file(std::str::from_utf8(&f.contents).ok()?).ok()
    };
    let Some(lib) = module("src/lib.rs") else {
        panic!("alipay-codegen bug: src/lib.rs was not generated or does not parse");
    };
    let mut items = Vec::new();
    for item in lib.items {
        match item {
            syn::Item::Mod(mut m) if m.content.is_none() => {
                let name = m.ident.to_string();
                let name = name.strip_prefix("r#").unwrap_or(&name);
                let Some(body) = module(&format!("src/{name}.rs")) else {
                    panic!("alipay-codegen bug: module {name} was not generated or does not parse");
                };
                m.attrs.extend(body.attrs);
                m.content = Some((syn::token::Brace::default(), body.items));
                m.semi = None;
                items.push(syn::Item::Mod(m));
            }
            other => items.push(other),
        }
    }
    let file = syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items,
    };
    format!("{}{}", cx.header(), prettyplease::unparse(&file))
}
