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

use std::collections::BTreeMap;
use std::{fmt, slice};

use proc_macro2::TokenStream;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

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
pub fn emit(api: &Api, layout: &Layout) -> Result<Vec<OutputFile>, EmitError> {
    Ok(emit_reusing(api, layout, &|_: &str, _: &Key| None)?.files)
}

/// What [`emit_reusing`] produced: the files, and the key of each file that has one.
#[derive(Debug)]
pub struct Emitted {
    /// Every generated file, in path order, as [`emit`] gives them.
    pub files: Vec<OutputFile>,
    /// `(path, key)` for each file whose inputs have a key (see [`Key`]), in path order.
    pub keys: Vec<(String, Key)>,
    /// How many files `reuse` supplied instead of being emitted.
    pub reused: usize,
}

/// [`emit`], asking `reuse(path, key)` first for each file that has a [`Key`]: when it answers with the text
/// that file had when it was last emitted from inputs with that key, the text is taken as it is, and the
/// file is neither built nor formatted (formatting is most of the generator's time).
///
/// Files are independent, so they are built and formatted in parallel (token streams are not `Send`, so each
/// file's tokens are made on the thread that prints them); the output is sorted, so it does not depend on
/// which thread finished first.
pub fn emit_reusing<R>(api: &Api, layout: &Layout, reuse: &R) -> Result<Emitted, EmitError>
where
    R: Fn(&str, &Key) -> Option<String> + Sync,
{
    let mut jobs = vec![Job::FacadeManifest, Job::FacadeLib];
    for p in &api.products {
        jobs.extend([Job::ProductManifest(p), Job::ProductLib(p), Job::Client(p), Job::Server(p)]);
        if !p.types.is_empty() || p.common_errors.is_some() {
            jobs.push(Job::SharedTypes(p));
        }
        jobs.extend(p.operations.iter().map(|op| Job::Operation(p, op)));
    }
    // A product's key is computed once for its three files that read the whole product.
    let product_keys: BTreeMap<&str, Key> =
        api.products.par_iter().map(|p| (p.module.as_str(), key_of("product", p))).collect();
    let product_key = |p: &Product| product_keys.get(p.module.as_str()).copied();
    let mut done = jobs
        .into_par_iter()
        .map(|job| {
            let path = job.path(layout);
            let key = job.key(layout, &product_key).map(|k| file_key(&path, &k));
            if let Some(contents) = key.as_ref().and_then(|k| reuse(&path, k)) {
                return Ok((OutputFile { path, contents }, key, true));
            }
            Ok((job.run(api, layout, path)?, key, false))
        })
        .collect::<Result<Vec<_>, EmitError>>()?;
    done.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    let reused = done.iter().filter(|d| d.2).count();
    let keys = done.iter().filter_map(|(f, k, _)| k.map(|k| (f.path.clone(), k))).collect();
    Ok(Emitted { files: done.into_iter().map(|d| d.0).collect(), keys, reused })
}

/// A file's cache key: the SHA-256 of the generator's fingerprint (its sources and the locked versions of the
/// crates it prints with; see `build.rs`), the file's path, and the `Debug` text of every model value its
/// emitter reads. Emission is a pure function of those, so one key always stands for one output.
pub type Key = [u8; 32];

/// The generator's fingerprint, computed by `build.rs`.
pub const GENERATOR_FINGERPRINT: &str = env!("CODEGEN_FINGERPRINT");

/// The key of a model value: its `Debug` text streamed into SHA-256 (derived `Debug` prints every field, and
/// the model's lists are ordered, so equal text means equal input).
fn key_of(kind: &str, value: &impl fmt::Debug) -> Key {
    struct Hashing(Sha256);
    impl fmt::Write for Hashing {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0.update(s.as_bytes());
            Ok(())
        }
    }
    let mut hashing = Hashing(Sha256::new());
    hashing.0.update(GENERATOR_FINGERPRINT.as_bytes());
    hashing.0.update(kind.as_bytes());
    // Writing into a hasher cannot fail.
    let _ = fmt::write(&mut hashing, format_args!("{value:?}"));
    hashing.0.finalize().into()
}

fn file_key(path: &str, inputs: &Key) -> Key {
    let mut hasher = Sha256::new();
    hasher.update(path.as_bytes());
    hasher.update(inputs);
    hasher.finalize().into()
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
    fn path(&self, layout: &Layout) -> String {
        let in_product = |p: &Product, file: &str| format!("{}/{file}", layout.product_dir(p));
        match *self {
            Job::FacadeManifest => "Cargo.toml".into(),
            Job::FacadeLib => "src/lib.rs".into(),
            Job::ProductManifest(p) => in_product(p, "Cargo.toml"),
            Job::ProductLib(p) => in_product(p, "src/lib.rs"),
            Job::Client(p) => in_product(p, "src/client.rs"),
            Job::SharedTypes(p) => in_product(p, "src/types.rs"),
            Job::Server(p) => in_product(p, "src/server.rs"),
            Job::Operation(p, op) => in_product(p, &format!("src/{}.rs", op.module)),
        }
    }

    /// The key of what the emitter reads, for the files worth reusing: an operation's file reads the
    /// operation alone; the product's library, client, types and server read the product. The manifests and
    /// the facade read the layout and every product, and cost next to nothing to print, so they have none.
    fn key(&self, layout: &Layout, product_key: &impl Fn(&Product) -> Option<Key>) -> Option<Key> {
        match *self {
            Job::FacadeManifest | Job::FacadeLib | Job::ProductManifest(_) => None,
            // The library's and the client's docs name the crate.
            Job::ProductLib(p) | Job::Client(p) => {
                product_key(p).map(|k| key_of("named", &(layout.product_package(p), layout.product_lib(p), k)))
            }
            Job::SharedTypes(p) | Job::Server(p) => product_key(p),
            // The crate's name is in the file's doc examples.
            Job::Operation(p, op) => Some(key_of("operation", &(layout.product_lib(p), op))),
        }
    }

    fn run(&self, api: &Api, layout: &Layout, path: String) -> Result<OutputFile, EmitError> {
        let product_sources = |p: &Product| {
            let mut sources = vec![p.source.clone()];
            sources.extend(p.operations.iter().map(|o| o.source.clone()));
            sources
        };
        match *self {
            Job::FacadeManifest => Ok(OutputFile { path, contents: manifest::facade(api, layout, &lib_sources(api)) }),
            Job::FacadeLib => render(path, &lib_sources(api), product::facade_lib(api, layout)),
            Job::ProductManifest(p) => Ok(OutputFile { path, contents: manifest::product(p, layout) }),
            Job::ProductLib(p) => render(path, &product_sources(p), product::product_lib(p, layout)),
            Job::Client(p) => render(path, slice::from_ref(&p.source), product::client(p, &layout.product_lib(p))),
            Job::SharedTypes(p) => render(path, slice::from_ref(&p.source), types::shared_types(p)),
            Job::Server(p) => render(path, &product_sources(p), server::server_module(p)),
            Job::Operation(p, op) => {
                render(path, slice::from_ref(&op.source), operation_file(op, &layout.product_lib(p)))
            }
        }
    }
}

fn lib_sources(api: &Api) -> Vec<SourceRef> {
    api.products.iter().map(|p| p.source.clone()).collect()
}

/// Everything one operation's module holds; `lib` is the product crate's name, for the doc examples.
fn operation_file(op: &Operation, lib: &str) -> TokenStream {
    let docs = docs::inner(&op.docs);
    let request = request::request(op);
    let response = types::structure(&op.response, types::Place::Operation);
    let local = op.types.iter().map(|t| types::type_def(t, types::Place::Operation));
    let errors = errors::error_enum(op);
    let client = client::operation(op, lib);
    let waiters = client::waiters(op, lib);
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

fn render(path: String, sources: &[SourceRef], tokens: TokenStream) -> Result<OutputFile, EmitError> {
    let file = match syn::parse2::<syn::File>(tokens) {
        Ok(file) => file,
        Err(e) => return Err(EmitError { path, message: e.to_string() }),
    };
    let printed = tidy::tidy(&prettyplease::unparse(&file));
    let mut contents = header("//", sources);
    contents.push_str(&printed);
    Ok(OutputFile { path, contents })
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
