//! Doc text as `#[doc]` attributes, one per line, so prettyplease prints ordinary `///` comments.

use proc_macro2::TokenStream;
use quote::quote;

/// Outer doc attributes (`///`).
pub(crate) fn outer(text: &str) -> TokenStream {
    let lines = lines(text);
    quote! { #(#[doc = #lines])* }
}

/// Inner doc attributes (`//!`), for a module's own documentation.
pub(crate) fn inner(text: &str) -> TokenStream {
    let lines = lines(text);
    quote! { #(#![doc = #lines])* }
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {}", l.trim_end()) }).collect()
}
