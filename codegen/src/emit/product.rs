//! The crate root and each product's module: declarations, re-exports and documentation.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs;
use crate::emit::types::ident;
use crate::model::{Api, Product, Signature};

/// `src/lib.rs`.
pub(crate) fn lib_rs(api: &Api) -> TokenStream {
    let mut text = String::from(
        "Typed Rust SDK for Alibaba Cloud's database backup APIs, generated from the specs in `specs/`.\n\nProducts:",
    );
    for p in &api.products {
        text.push_str(&format!("\n- [`{}`] — {} (`{}`, API {})", p.module, p.display_name, p.code, p.version));
    }
    let docs = docs::inner(&text);
    let modules = api.products.iter().map(|p| {
        let doc = format!(" {} (API version {}).", p.display_name, p.version);
        let module = ident(&p.module);
        quote!(#[doc = #doc] #[rustfmt::skip] pub mod #module;)
    });
    quote! {
        #docs
        #![deny(missing_docs)]
        #(#modules)*
        pub use runtime;
        pub use runtime::{Config, Error, Request, RetryPolicy, SignatureVersion};
    }
}

/// `src/<product>/mod.rs`.
pub(crate) fn mod_rs(p: &Product) -> TokenStream {
    let docs = docs::inner(&p.docs);
    let shared = (!p.types.is_empty()).then(|| {
        let names = p.types.iter().map(|t| ident(t.name()));
        quote! {
            mod types;
            pub use types::{#(#names),*};
        }
    });
    let operations = p.operations.iter().map(|op| {
        let module = ident(&op.module);
        let doc = format!(" `{}`: {}", op.name, op.docs.lines().next().unwrap_or_default());
        let mut names =
            vec![ident(&op.request.name), ident(&op.request.builder), ident(&op.response.name), ident(&op.errors.name)];
        names.extend(op.types.iter().map(|t| ident(t.name())));
        quote! {
            #[doc = #doc]
            pub mod #module;
            pub use #module::{#(#names),*};
        }
    });
    let client_doc = format!(
        " A client for {} (API version {}). Cheap to clone; clones share connections.",
        p.display_name, p.version
    );
    let new_doc = " A client with this configuration (credentials, region or endpoint, retries, timeouts).";
    let service = service_info(p);
    let server_doc =
        " The server side (a `Service` trait and `dispatch`), for local emulators and tests; built with the \
                      crate's `server` feature, so applications that only call the service do not compile it.";
    let waiters = crate::emit::client::waiters(p);
    quote! {
        #docs
        #shared
        #(#operations)*

        #[doc = #server_doc]
        #[cfg(feature = "server")]
        pub mod server;

        #[doc = #client_doc]
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: runtime::Client,
        }

        impl Client {
            #[doc = #new_doc]
            pub fn new(config: runtime::Config) -> Self {
                Self { inner: runtime::Client::new(config, &SERVICE) }
            }

            /// The underlying runtime client (endpoint, configuration).
            pub fn runtime(&self) -> &runtime::Client {
                &self.inner
            }
        }

        #service
        #waiters
    }
}

/// The product's `SERVICE`: code, version, signature and endpoint rule.
fn service_info(p: &Product) -> TokenStream {
    let (code, version) = (&p.code, &p.version);
    let signature = match p.signature {
        Signature::V3 => quote!(V3),
        Signature::V1 => quote!(V1),
    };
    let e = &p.endpoints;
    let regional = &e.regional;
    let central = match &e.central {
        Some(c) => quote!(Some(#c)),
        None => quote!(None),
    };
    let central_regions = &e.central_regions;
    let hosts = e.hosts.iter().map(|(region, host)| quote!((#region, #host)));
    let doc = format!(" How to reach {}: product code, API version, signature and endpoints.", p.display_name);
    quote! {
        #[doc = #doc]
        pub static SERVICE: runtime::ServiceInfo = runtime::ServiceInfo {
            product_code: #code,
            api_version: #version,
            signature: runtime::SignatureVersion::#signature,
            endpoints: runtime::EndpointRule {
                regional: #regional,
                central: #central,
                central_regions: &[#(#central_regions),*],
                hosts: &[#(#hosts),*],
            },
        };
    }
}
