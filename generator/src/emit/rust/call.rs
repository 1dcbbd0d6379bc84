//! The `Call` impl of each request API: what lets the runtime's client
//! (`alipay_runtime::client::Client`, its feature `client`) call every API
//! the specs give, with the method and path of the spec's `http:` and the
//! API's own response type. No API is named here: the impls follow the model.

use proc_macro2::TokenStream;
use quote::quote;

use super::code::{Code, lit};
use super::{Cx, id};
use crate::model::{Api, Direction};
use crate::naming::names;

impl Cx<'_> {
    /// The method and path of an API the merchant calls (`direction: request`)
    /// whose spec gives them; `None` for a notification, or a request API without a path.
    fn call_route(api: &Api) -> Option<(String, &str)> {
        if api.direction != Direction::Request {
            return None;
        }
        api.http
            .as_ref()
            .and_then(|h| Some((h.method.to_ascii_uppercase(), h.path.as_deref()?)))
    }

    /// `impl runtime::Call for <Api>Request`, for an API with a [`Self::call_route`].
    pub(super) fn call_impl(&self, c: &mut Code, api: &Api) {
        let Some((method, path)) = Self::call_route(api) else {
            return;
        };
        let request = names::request_type(&api.name);
        let response = names::response_type(&api.name);
        c.item(|c| {
            c.doc(&format!(
                "`{}`: `{method} {path}` (the spec's path, after the gateway's base URL), answered by [`{response}`].",
                api.name
            ));
            c.open(&format!("impl runtime::Call for {request} {{"));
            c.line(&format!("type Response = {response};"));
            c.line(&format!("const METHOD: &'static str = {};", lit(&method)));
            c.line(&format!("const PATH: &'static str = {};", lit(path)));
            c.close("}");
        });
    }
}

impl Cx<'_> {
    /// `catalog::for_each_call`: hands every type with a `Call` impl to a
    /// visitor, so code generic over `R: Call` (a test calling every API, a
    /// smoke check of the gateway) runs for each API without listing them.
    pub(super) fn for_each_call(&self) -> TokenStream {
        let visits: Vec<TokenStream> = self
            .model
            .apis
            .iter()
            .filter(|api| Self::call_route(api).is_some())
            .map(|api| {
                let module = id(&names::api_module(&api.name));
                let request = id(&names::request_type(&api.name));
                quote!(visitor.visit::<super::#module::#request>();)
            })
            .collect();
        quote! {
            /// Hands every request type with a [`Call`](::alipay_runtime::Call) impl (every API the
            /// merchant calls whose spec gives a method and path) to `visitor`, sorted by API name:
            /// run code generic over `R: Call` for each API without listing them.
            pub fn for_each_call<V: ::alipay_runtime::CallVisitor>(visitor: &mut V) {
                let _ = &visitor;
                #(#visits)*
            }
        }
    }
}
