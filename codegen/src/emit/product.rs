//! The crate roots: the facade's `lib.rs` (one re-exported crate per product), and each product crate's
//! `lib.rs` (its modules and re-exports) and `client.rs` (its `Client` and `SERVICE`).
//!
//! Crate roots are the files `cargo fmt` formats, so they hold only short module declarations and
//! re-exports, which prettyplease and rustfmt print alike; every module they declare is `#[rustfmt::skip]`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs;
use crate::emit::manifest::{CREDENTIALS_FEATURE, TLS_FEATURES};
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
    let guide = layout.facade_guide.as_ref().map(|guide| {
        let path = format!("../{}", guide.file);
        quote!(#![doc = include_str!(#path)])
    });
    let errors = error_types();
    let reexports = runtime_reexports();
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
        #guide
        #![deny(missing_docs)]
        #(#products)*
        pub use runtime;
        #reexports
        #errors
    }
}

/// A product crate's `src/lib.rs`: the product's docs, then a getting-started section (dependency lines, the
/// model's first call as a compiled example, where to go next) and the crate's features.
pub(crate) fn product_lib(p: &Product, layout: &Layout) -> TokenStream {
    let docs = docs::inner(&p.docs);
    let getting_started = getting_started(p, layout);
    let shared = (!p.types.is_empty() || p.common_errors.is_some()).then(|| {
        quote! {
            #[rustfmt::skip]
            mod types;
            pub use types::*;
        }
    });
    let errors = error_types();
    let reexports = runtime_reexports();
    let operations = p.operations.iter().map(|op| {
        let module = ident(&op.module);
        let doc = docs::outer(&op.listing);
        quote! {
            #doc
            #[rustfmt::skip]
            pub mod #module;
            pub use #module::*;
        }
    });
    quote! {
        #docs
        #getting_started
        #![deny(missing_docs)]
        #[rustfmt::skip]
        mod client;
        pub use client::{Client, SERVICE};
        #shared
        #(#operations)*

        #[cfg(feature = "server")]
        #[doc(hidden)]
        #[rustfmt::skip]
        pub mod server;

        pub use runtime;
        #reexports
        #errors
    }
}

/// The runtime's types an application names next to a client, re-exported at every crate root.
fn runtime_reexports() -> TokenStream {
    quote! {
        pub use runtime::credentials::Credentials;
        pub use runtime::waiter::{WaitError, WaitOptions};
        pub use runtime::{Config, Overrides, Request, RetryPolicy, SignatureVersion};
    }
}

/// The getting-started section of a product crate's root (inner doc attributes). The example is compiled by the
/// crate's doctests; it is not run (it calls the real service with the environment's credentials).
fn getting_started(p: &Product, layout: &Layout) -> TokenStream {
    let (package, lib) = (layout.product_package(p), layout.product_lib(p));
    let mut lines = vec![
        String::new(),
        "# Getting started".to_owned(),
        String::new(),
        "Nothing is published: depend on this crate by path or git, with an async runtime:".to_owned(),
        String::new(),
        "```toml".to_owned(),
        "[dependencies]".to_owned(),
        format!(
            "{package} = {{ path = \"<checkout>/generated/products/{}\" }}   # or {{ git = \"<repository>\" }}",
            p.module
        ),
        "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }".to_owned(),
        "```".to_owned(),
        String::new(),
        "Then make a [`Client`] from a [`Config`] and call an operation:".to_owned(),
        String::new(),
        "```no_run".to_owned(),
        format!("use {lib}::{{Client, Config}};"),
        String::new(),
        "#[tokio::main]".to_owned(),
        "async fn main() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
        "    // Credentials from the environment (or the official chain: profiles, roles, ...); the region is sent"
            .to_owned(),
        "    // with every request that takes one. ALIBABA_CLOUD_ENDPOINT points the client at another host."
            .to_owned(),
        "    let client = Client::new(Config::from_env()?.region(\"cn-hangzhou\"));".to_owned(),
    ];
    lines.extend(p.example.lines().map(|l| format!("    {l}")));
    lines.extend([
        "    Ok(())".to_owned(),
        "}".to_owned(),
        "```".to_owned(),
        String::new(),
        "Each operation is a method of [`Client`] that returns a builder: required parameters and documented limits \
         are checked before anything is sent. Listings that page have `.paginate()`, operations that start work \
         have `wait_until_*` waiters, and each operation's error ([`OperationError`]) carries its documented codes; \
         [`Error`] is the error of any operation."
            .to_owned(),
        String::new(),
        "# Features".to_owned(),
        String::new(),
    ]);
    for (feature, what) in TLS_FEATURES {
        lines.push(format!("- `{feature}`: TLS with {what}."));
    }
    let (feature, what) = CREDENTIALS_FEATURE;
    lines.push(format!("- `{feature}` (default): {what}."));
    lines.push(
        "- `server`: the `server` module (a `Service` trait and `dispatch`), for emulators and tests.".to_owned(),
    );
    let lines = lines.into_iter().map(|l| if l.is_empty() { l } else { format!(" {l}") });
    quote! { #(#![doc = #lines])* }
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
pub(crate) fn client(p: &Product, lib: &str) -> TokenStream {
    let docs = docs::inner(&p.item_docs.module);
    let client_doc = docs::outer(&p.item_docs.client);
    let new_doc = " A client with this configuration (credentials, region or endpoint, retries, timeouts).";
    let new_example = docs::example(
        lib,
        "// Credentials from the environment or the official chain; requests that take a region get this one.\n\
         let client = Client::new(Config::from_env()?.region(\"cn-hangzhou\"));\n\
         // Clones share the connections: clone a client rather than making another.\n\
         let shared = client.clone();\n\
         # let _ = shared;",
    );
    let runtime_example = docs::example(
        lib,
        "match client.runtime().endpoint() {\n    \
             Ok(endpoint) => println!(\"requests go to {endpoint:?}\"),\n    \
             Err(error) => println!(\"no endpoint: {error}\"),\n\
         }",
    );
    let overrides_example = docs::example(
        lib,
        "use std::time::Duration;\n\n\
         // A slow listing: a longer read timeout and no retries for these calls only.\n\
         let patient = client.with_overrides(\n    \
             Overrides::new().read_timeout(Duration::from_secs(120)).retry_policy(RetryPolicy::none()),\n\
         );\n\
         # let _ = patient;",
    );
    let service = service_info(p);
    quote! {
        #docs
        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            pub(crate) inner: runtime::Client,
        }

        impl Client {
            #[doc = #new_doc]
            #new_example
            pub fn new(config: runtime::Config) -> Self {
                Self { inner: runtime::Client::new(config, &SERVICE) }
            }

            /// The underlying runtime client (endpoint, configuration).
            #runtime_example
            pub fn runtime(&self) -> &runtime::Client {
                &self.inner
            }

            /// A client that shares this one's connections, credentials and endpoint and differs in what
            /// `overrides` sets (read and operation timeouts, retry policy), for one call or a group of calls.
            #overrides_example
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

        /// The underlying runtime client, which builders' `send` and `paginate` hand their request to.
        impl AsRef<runtime::Client> for Client {
            fn as_ref(&self) -> &runtime::Client {
                &self.inner
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
    let doc = docs::outer(&p.item_docs.service);
    quote! {
        #doc
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
