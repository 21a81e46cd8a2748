//! From the model (and the crates' [`Layout`]) to the generated crates' files: a pure function, no decisions.
//!
//! Each Rust file is built as one `proc_macro2::TokenStream` with `quote!`, parsed as a `syn::File`, printed by
//! prettyplease, and prefixed with a header naming the spec it came from (prettyplease drops `//` comments,
//! so docs travel as `#[doc]` attributes and the header is added as text). Manifests are text with the same
//! header as `#` comments (`manifest.rs`). Output depends only on the model, whose lists are ordered, so it is
//! byte-for-byte deterministic.

mod client;
mod docs;
mod errors;
mod manifest;
mod product;
mod request;
mod server;
mod tidy;
mod types;

use std::{fmt, slice};

use proc_macro2::TokenStream;

use rayon::prelude::*;

use crate::layout::Layout;
use crate::model::{Api, Operation, Product, SourceRef};

pub use manifest::{toml_string, PRODUCT_DEPENDENCIES};

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the facade crate's folder (`products/rds/src/describe_backups.rs`).
    pub path: String,
    /// The file's full text.
    pub contents: String,
}

/// The generator produced tokens that are not valid Rust: a bug in an emitter, reported instead of panicking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError {
    /// The file being emitted.
    pub path: String,
    /// What `syn` said.
    pub message: String,
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "internal error: the code generated for {} does not parse ({}); please report this with the spec",
            self.path, self.message
        )
    }
}

impl std::error::Error for EmitError {}

/// Every generated file, in path order: the facade crate (`Cargo.toml`, `src/lib.rs`) and, under
/// `products/<module>/`, each product's crate (`Cargo.toml`, `src/lib.rs`, `src/client.rs`, `src/types.rs`,
/// `src/server.rs`, one file per operation).
///
/// Files are independent, so they are built and formatted in parallel (token streams are not `Send`, so each
/// file's tokens are made on the thread that prints them); the output is sorted, so it does not depend on
/// which thread finished first.
pub fn emit(api: &Api, layout: &Layout) -> Result<Vec<OutputFile>, EmitError> {
    let mut jobs = vec![Job::FacadeManifest, Job::FacadeLib];
    for p in &api.products {
        jobs.extend([Job::ProductManifest(p), Job::ProductLib(p), Job::Client(p), Job::Server(p)]);
        if !p.types.is_empty() {
            jobs.push(Job::SharedTypes(p));
        }
        jobs.extend(p.operations.iter().map(|op| Job::Operation(p, op)));
    }
    let mut files = jobs.into_par_iter().map(|job| job.run(api, layout)).collect::<Result<Vec<_>, _>>()?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// One file to generate.
enum Job<'a> {
    FacadeManifest,
    FacadeLib,
    ProductManifest(&'a Product),
    ProductLib(&'a Product),
    Client(&'a Product),
    SharedTypes(&'a Product),
    Server(&'a Product),
    Operation(&'a Product, &'a Operation),
}

impl Job<'_> {
    fn run(&self, api: &Api, layout: &Layout) -> Result<OutputFile, EmitError> {
        let product_sources = |p: &Product| {
            let mut sources = vec![p.source.clone()];
            sources.extend(p.operations.iter().map(|o| o.source.clone()));
            sources
        };
        let in_product = |p: &Product, file: &str| format!("{}/{file}", layout.product_dir(p));
        match *self {
            Job::FacadeManifest => {
                Ok(OutputFile { path: "Cargo.toml".into(), contents: manifest::facade(api, layout, &lib_sources(api)) })
            }
            Job::FacadeLib => render("src/lib.rs", &lib_sources(api), product::facade_lib(api, layout)),
            Job::ProductManifest(p) => {
                Ok(OutputFile { path: in_product(p, "Cargo.toml"), contents: manifest::product(p, layout) })
            }
            Job::ProductLib(p) => render(&in_product(p, "src/lib.rs"), &product_sources(p), product::product_lib(p)),
            Job::Client(p) => render(&in_product(p, "src/client.rs"), slice::from_ref(&p.source), product::client(p)),
            Job::SharedTypes(p) => {
                render(&in_product(p, "src/types.rs"), slice::from_ref(&p.source), types::shared_types(p))
            }
            Job::Server(p) => render(&in_product(p, "src/server.rs"), &product_sources(p), server::server_module(p)),
            Job::Operation(p, op) => render(
                &in_product(p, &format!("src/{}.rs", op.module)),
                slice::from_ref(&op.source),
                operation_file(op),
            ),
        }
    }
}

fn lib_sources(api: &Api) -> Vec<SourceRef> {
    api.products.iter().map(|p| p.source.clone()).collect()
}

/// Everything one operation's module holds.
fn operation_file(op: &Operation) -> TokenStream {
    let docs = docs::inner(&op.docs);
    let request = request::request(op);
    let response = types::structure(&op.response, types::Place::Operation);
    let local = op.types.iter().map(|t| types::type_def(t, types::Place::Operation));
    let errors = errors::error_enum(op);
    let client = client::operation(op);
    let waiters = client::waiters(op);
    let decoder = server::request_decoder(op);
    // The module itself names its deprecated request everywhere; users of it get the warnings.
    let allow = op.deprecated.is_some().then(|| quote::quote!(#![allow(deprecated)]));
    quote::quote! {
        #docs
        #allow
        #request
        #response
        #(#local)*
        #errors
        #client
        #waiters
        #decoder
    }
}

fn render(path: &str, sources: &[SourceRef], tokens: TokenStream) -> Result<OutputFile, EmitError> {
    let file =
        syn::parse2::<syn::File>(tokens).map_err(|e| EmitError { path: path.to_owned(), message: e.to_string() })?;
    let printed = tidy::tidy(&prettyplease::unparse(&file));
    let mut contents = header("//", sources);
    contents.push_str(&printed);
    Ok(OutputFile { path: path.to_owned(), contents })
}

/// The first lines of every generated file, as comments: that it is generated, and from which specs (with their
/// SHA-256, so a spec edit always shows in the output). Ends with a blank line.
fn header(comment: &str, sources: &[SourceRef]) -> String {
    let mut text =
        format!("{comment} @generated by `cargo xtask codegen`. Do not edit: change the spec and regenerate.\n");
    for s in sources {
        text.push_str(&format!("{comment} source: {} (sha256 {})\n", s.path, s.sha256));
    }
    text.push('\n');
    text
}
