//! The `Call` impl of each request API: what lets the runtime's client
//! (`alipay_runtime::client::Client`, its feature `client`) call every API
//! the specs give, with the method and path of the spec's `http:` and the
//! API's own response type. No API is named here: the impls follow the model.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Cx, doc, id};
use crate::model::{Api, Direction};
use crate::naming::names;

impl Cx<'_> {
    /// `impl runtime::Call for <Api>Request`, for an API the merchant calls
    /// (`direction: request`) whose spec gives an HTTP method and path;
    /// nothing for a notification, or a request API without a path.
    pub(super) fn call_impl(&self, api: &Api) -> TokenStream {
        if api.direction != Direction::Request {
            return TokenStream::new();
        }
        let Some((method, path)) = api
            .http
            .as_ref()
            .and_then(|h| Some((h.method.to_ascii_uppercase(), h.path.as_deref()?)))
        else {
            return TokenStream::new();
        };
        let request = id(&names::request_type(&api.name));
        let response = id(&names::response_type(&api.name));
        let docs = doc(&format!(
            "`{}`: `{method} {path}` (the spec's path, after the gateway's base URL), answered by [`{response}`].",
            api.name
        ));
        quote! {
            #docs
            impl runtime::Call for #request {
                type Response = #response;
                const METHOD: &'static str = #method;
                const PATH: &'static str = #path;
            }
        }
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
            .filter(|api| !self.call_impl(api).is_empty())
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
