//! The server side of each product, for local emulators and tests.
//!
//! Two pieces, both thin because the work is in `runtime::server`:
//! - in each operation's file, `ServerRequest::from_params`, the inverse of `to_params`: the builder's
//!   `from_query` (made by `runtime::builder!` from the same table as `to_params`) reads every parameter back
//!   through one typed getter of `runtime::server::Query` (numbers, documented enum values, times in the
//!   operation's format), then the builder checks them (required parameters, valid values, ranges), so the
//!   server refuses exactly what the client refuses (faults carry the page's status and message through the
//!   error enum's table);
//! - per product, `server.rs`: a `Service` trait with one method per operation (typed request in, typed
//!   response or `Fault` out) and `dispatch`, one line per action handing the method to
//!   `runtime::server::respond`, which reads the request, calls it, fills in the request id and encodes the answer;
//!   `reencode_response`, one line per action, which decodes a response body by action and encodes it again; and
//!   `reencode_request`, one line per action, which reads a request's parameters back and writes them again.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs;
use crate::emit::types::ident;
use crate::model::{Operation, Product};

/// The request's `runtime::server::ServerRequest` impl (in the operation's file): `from_params`, and the
/// response's request-id field when the operation has one.
pub(crate) fn request_decoder(op: &Operation) -> TokenStream {
    let request = ident(&op.request.name);
    let builder = ident(&op.request.builder);
    let request_id = op.request_id.as_ref().map(|field| {
        let field = ident(field);
        quote! {
            fn request_id(response: &mut Self::Response) -> Option<&mut Option<String>> {
                Some(&mut response.#field)
            }
        }
    });
    quote! {
        #[cfg(feature = "server")]
        impl runtime::server::ServerRequest for #request {
            #request_id

            fn from_params(query: &runtime::server::Query) -> Result<Self, runtime::server::ParamError> {
                #builder::from_query(query)?.build().map_err(runtime::server::ParamError::from)
            }
        }
    }
}

/// A product crate's `src/server.rs`.
pub(crate) fn server_module(p: &Product) -> TokenStream {
    let docs = docs::inner(&p.item_docs.server_module);
    let trait_doc = docs::outer(&p.item_docs.server_trait);
    let methods = p.operations.iter().map(trait_method);
    let actions = p.operations.iter().map(|op| &op.name);
    let arms = p.operations.iter().map(dispatch_arm);
    let reencodes = p.operations.iter().map(|op| reencode_arm(op, "reencode", &op.response.name, "body"));
    let request_reencodes =
        p.operations.iter().map(|op| reencode_arm(op, "reencode_request", &op.request.name, "query"));
    quote! {
        #docs

        #trait_doc
        pub trait Service: Send + Sync {
            #(#methods)*
        }

        /// The actions this product serves, as on the wire.
        pub const ACTIONS: &[&str] = &[#(#actions),*];

        /// Answers the action named in `ctx` with `service`: the request is decoded from `query` (a parameter
        /// the spec does not accept is answered with the service's error code), the method is called, and its
        /// response or fault is encoded as the service encodes it. `None` for an action this product does not
        /// have.
        pub async fn dispatch<S: Service>(
            service: &S,
            ctx: &runtime::server::Context,
            query: &runtime::server::Query,
        ) -> Option<runtime::server::Reply> {
            use runtime::server::respond;
            let reply = match ctx.action.as_str() {
                #(#arms)*
                _ => return None,
            };
            Some(reply)
        }

        /// Decodes `body` as the response of `action` and encodes it again as [`dispatch`] would send it (`None`
        /// for an action this product does not have): for servers that replay recorded answers, and for checking
        /// that every documented sample survives the trip.
        pub fn reencode_response(action: &str, body: &str) -> Option<Result<String, serde_json::Error>> {
            use runtime::server::reencode;
            let reencoded = match action {
                #(#reencodes)*
                _ => return None,
            };
            Some(reencoded)
        }

        /// Reads `query` as a request of `action`, as [`dispatch`] would, and writes its parameters again as a
        /// client sends them (`None` for an action this product does not have): for checking that the server reads
        /// every parameter as the client writes it.
        pub fn reencode_request(
            action: &str,
            query: &runtime::server::Query,
        ) -> Option<Result<runtime::wire::Params, runtime::server::ParamError>> {
            use runtime::server::reencode_request;
            let reencoded = match action {
                #(#request_reencodes)*
                _ => return None,
            };
            Some(reencoded)
        }
    }
}

fn trait_method(op: &Operation) -> TokenStream {
    let method = ident(&op.module);
    let request = ident(&op.request.name);
    let response = ident(&op.response.name);
    let error = ident(&op.errors.name);
    let doc = docs::outer(&op.listing);
    let name = &op.name;
    let allow = allow_deprecated(op);
    quote! {
        #doc
        #allow
        #[doc = ""]
        #[doc = " Unless implemented, answers `InvalidAction.NotFound` (404) as the service does for an action it does"]
        #[doc = " not have; so a server written before this operation existed still compiles."]
        fn #method(
            &self,
            _ctx: &runtime::server::Context,
            _request: super::#request,
        ) -> impl std::future::Future<Output = Result<super::#response, runtime::server::Fault<super::#error>>> + Send {
            std::future::ready(Err(runtime::server::Fault::not_implemented(#name)))
        }
    }
}

fn dispatch_arm(op: &Operation) -> TokenStream {
    let name = &op.name;
    let method = ident(&op.module);
    let allow = allow_deprecated(op);
    quote! {
        #allow
        #name => respond(service, ctx, query, S::#method).await,
    }
}

/// One action's arm of a `reencode_*` function: `function::<super::Type>(input)`.
fn reencode_arm(op: &Operation, function: &str, ty: &str, input: &str) -> TokenStream {
    let name = &op.name;
    let (function, ty, input) = (ident(function), ident(ty), ident(input));
    let allow = allow_deprecated(op);
    quote! {
        #allow
        #name => #function::<super::#ty>(#input),
    }
}

/// `#[allow(deprecated)]` where a deprecated operation's request is named (the service still serves it).
fn allow_deprecated(op: &Operation) -> Option<TokenStream> {
    op.deprecated.is_some().then(|| quote!(#[allow(deprecated)]))
}
