//! The crate as one file, for `include!` from a build script.

use super::*;

/// The crate as one file for `include!` at the root of a user's crate (what
/// [`crate::Builder`] writes): the modules of [`emit`] inlined, without the
/// crate-level attributes, which an included file cannot carry.
///
/// The `schemars` cargo feature of alipay-models is resolved here, since the
/// including crate has no such feature (a leftover `cfg(feature = "schemars")`
/// would warn there): with `schemars` on, the derives and impls are
/// unconditional and the including crate depends on schemars 1; off, they are
/// left out. The `signature` feature likewise: on, the `signature` module is
/// in and the including crate depends on aws-lc-rs, base64, bytes and http
/// (see [`crate::Builder::signature`]).
pub fn single_file(model: &Model, schemars: bool, signature: bool) -> String {
    let cx = Cx::new(model);
    let files = emit(model);
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
    resolve_feature(&mut items, "schemars", schemars);
    resolve_feature(&mut items, "signature", signature);
    let file = syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items,
    };
    format!("{}{}", cx.header(), prettyplease::unparse(&file))
}

/// Resolves `#[cfg(feature = "...")]` and `#[cfg_attr(feature = "...", ...)]`
/// for one feature, as if it were `on`, in these items and every module and
/// impl inside them.
fn resolve_feature(items: &mut Vec<syn::Item>, feature: &str, on: bool) {
    fn is_feature(meta: &syn::Meta, feature: &str) -> bool {
        let syn::Meta::NameValue(nv) = meta else {
            return false;
        };
        nv.path.is_ident("feature")
            && matches!(&nv.value, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) if s.value() == feature)
    }
    // Resolves this feature's cfg_attr in place; false when a cfg removes the item.
    fn cfg(attrs: &mut Vec<syn::Attribute>, feature: &str, on: bool) -> bool {
        let mut keep = true;
        let mut out = Vec::with_capacity(attrs.len());
        for attr in attrs.drain(..) {
            if attr.path().is_ident("cfg") {
                if let Ok(meta) = attr.parse_args::<syn::Meta>()
                    && is_feature(&meta, feature)
                {
                    keep &= on;
                    continue;
                }
            } else if attr.path().is_ident("cfg_attr") {
                let parsed = attr.parse_args_with(
                    syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
                );
                if let Ok(list) = parsed {
                    let mut parts = list.into_iter();
                    if let Some(pred) = parts.next()
                        && is_feature(&pred, feature)
                    {
                        if on {
                            out.extend(parts.map(|meta| syn::parse_quote!(#[#meta])));
                        }
                        continue;
                    }
                }
            }
            out.push(attr);
        }
        *attrs = out;
        keep
    }
    items.retain_mut(|item| match item {
        syn::Item::Struct(i) => cfg(&mut i.attrs, feature, on),
        syn::Item::Enum(i) => cfg(&mut i.attrs, feature, on),
        syn::Item::Fn(i) => cfg(&mut i.attrs, feature, on),
        syn::Item::Use(i) => cfg(&mut i.attrs, feature, on),
        syn::Item::Const(i) => cfg(&mut i.attrs, feature, on),
        syn::Item::Static(i) => cfg(&mut i.attrs, feature, on),
        syn::Item::Type(i) => cfg(&mut i.attrs, feature, on),
        syn::Item::Trait(i) => cfg(&mut i.attrs, feature, on),
        syn::Item::Impl(i) => {
            let keep = cfg(&mut i.attrs, feature, on);
            i.items.retain_mut(|it| match it {
                syn::ImplItem::Fn(f) => cfg(&mut f.attrs, feature, on),
                syn::ImplItem::Const(c) => cfg(&mut c.attrs, feature, on),
                syn::ImplItem::Type(t) => cfg(&mut t.attrs, feature, on),
                _ => true,
            });
            keep
        }
        syn::Item::Mod(m) => {
            let keep = cfg(&mut m.attrs, feature, on);
            if let Some((_, inner)) = &mut m.content {
                resolve_feature(inner, feature, on);
            }
            keep
        }
        _ => true,
    });
}
