//! The crate roots: the facade's `lib.rs` (one re-exported crate per product), and each product crate's
//! `lib.rs` (its modules and re-exports) and `client.rs` (its `Client` and `SERVICE`).
//!
//! Crate roots are the files `cargo fmt` formats, so they hold only short module declarations and
//! re-exports, which prettyplease and rustfmt print alike; every module they declare is `#[rustfmt::skip]`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs;
use crate::emit::types::ident;
use crate::layout::Layout;
use crate::model::{Api, Product, Signature};

/// The facade's `src/lib.rs`.
pub(crate) fn facade_lib(api: &Api, layout: &Layout) -> TokenStream {
    let mut text = format!(
        "{}\n\nEach product is its own crate, re-exported here as a module and built when the feature of the same \
         name is on (all are, by default). An application that needs one product can depend on its crate alone.\n\n\
         Products:",
        layout.description
    );
    for p in &api.products {
        text.push_str(&format!(
            "\n- [`{}`] — {} (`{}`, API {}; crate `{}`)",
            p.module,
            p.display_name,
            p.code,
            p.version,
            layout.product_package(p)
        ));
    }
    let docs = docs::inner(&text);
    let errors = error_types();
    let products = api.products.iter().map(|p| {
        let feature = &p.module;
        let krate = ident(&layout.product_lib(p));
        let module = ident(&p.module);
        quote! {
            #[cfg(feature = #feature)]
            #[doc(inline)]
            pub use #krate as #module;
        }
    });
    quote! {
        #docs
        #![deny(missing_docs)]
        #(#products)*
        pub use runtime;
        pub use runtime::credentials::Credentials;
        pub use runtime::waiter::{WaitError, WaitOptions};
        pub use runtime::{Config, Overrides, Request, RetryPolicy, SignatureVersion};
        #errors
    }
}

/// A product crate's `src/lib.rs`.
pub(crate) fn product_lib(p: &Product) -> TokenStream {
    let docs = docs::inner(&p.docs);
    let shared = (!p.types.is_empty() || p.common_errors.is_some()).then(|| {
        quote! {
            #[rustfmt::skip]
            mod types;
            pub use types::*;
        }
    });
    let errors = error_types();
    let operations = p.operations.iter().map(|op| {
        let module = ident(&op.module);
        let doc = format!(" `{}`: {}", op.name, op.summary);
        quote! {
            #[doc = #doc]
            #[rustfmt::skip]
            pub mod #module;
            pub use #module::*;
        }
    });
    quote! {
        #docs
        #![deny(missing_docs)]
        #[rustfmt::skip]
        mod client;
        pub use client::{Client, SERVICE};
        #shared
        #(#operations)*

        #[cfg(feature = "server")]
        #[rustfmt::skip]
        pub mod server;

        pub use runtime;
        #errors
    }
}

/// The two error types of every crate root: one for any operation, one for a single operation.
fn error_types() -> TokenStream {
    quote! {
        /// The error of any operation, of this product or another: each operation's [`OperationError`] converts
        /// into it with `?`, keeping the code, what the API reference says of it, and the operation's typed
        /// code (`err.service_error().and_then(|e| e.code.downcast_ref::<DescribeBackupsErrorCode>())`).
        /// `{:#}` prints it with its causes, one per line.
        pub type Error = runtime::AnyError;
        /// The error of one operation, typed by the codes that operation documents
        /// (`OperationError<DescribeBackupsErrorCode>`): what each `send()` returns.
        pub use runtime::Error as OperationError;
    }
}

/// A product crate's `src/client.rs`: the `Client` every operation module adds its methods to, and `SERVICE`.
pub(crate) fn client(p: &Product) -> TokenStream {
    let docs = docs::inner(&format!("The client of {} and how it reaches the service.", p.display_name));
    let client_doc = format!(
        " A client for {} (API version {}). Cheap to clone; clones share connections.",
        p.display_name, p.version
    );
    let new_doc = " A client with this configuration (credentials, region or endpoint, retries, timeouts).";
    let service = service_info(p);
    quote! {
        #docs
        #[doc = #client_doc]
        #[derive(Debug, Clone)]
        pub struct Client {
            pub(crate) inner: runtime::Client,
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

            /// A client that shares this one's connections, credentials and endpoint and differs in what
            /// `overrides` sets (read and operation timeouts, retry policy), for one call or a group of calls.
            pub fn with_overrides(&self, overrides: runtime::Overrides) -> Self {
                Self { inner: self.inner.with_overrides(overrides) }
            }
        }

        /// Builders made by this client send its configured region when their `RegionId` is not set.
        impl runtime::build::DefaultRegion for Client {
            fn default_region(&self) -> Option<&str> {
                runtime::build::DefaultRegion::default_region(&self.inner)
            }
        }

        #service
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
