//! The per-operation error-code enum, from the page's error table, and the product's enum of the codes every
//! operation can answer (`CommonErrorCode`, in the product's `types` module).

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs;
use crate::emit::types::ident;
use crate::model::{ErrorEnum, Operation};

/// An operation's enum (see [`codes`]).
pub(crate) fn error_enum(op: &Operation) -> TokenStream {
    codes(&op.errors)
}

/// The enum, with a documented variant per code, and its table for `runtime::error_codes!`, one row per code
/// (code, HTTP status, message, other messages, description); the conversions and `info()` come from the macro.
/// An operation of a product with product-wide codes also gets the variant holding them
/// (`Common(super::CommonErrorCode)`), named in the macro's `Common(..)` clause; its rows are not repeated.
pub(crate) fn codes(e: &ErrorEnum) -> TokenStream {
    let name = ident(&e.name);
    let docs = docs::outer(&e.docs);
    let unknown = ident(&e.unknown);
    let variants: Vec<_> = e.codes.iter().map(|c| ident(&c.rust)).collect();
    let variant_docs = e.codes.iter().map(|c| docs::outer(&c.docs));
    let rows = e.codes.iter().map(|c| {
        let (variant, code, message) = (ident(&c.rust), &c.code, &c.message);
        let status = proc_macro2::Literal::u16_unsuffixed(c.status);
        let others = &c.other_messages;
        let description = match &c.description {
            Some(d) => quote!(Some(#d)),
            None => quote!(None),
        };
        quote!(#variant(#code, #status, #message, [#(#others),*], #description))
    });
    let (common_variant, common_clause) = match &e.common {
        Some(c) => {
            let (variant, ty, docs) = (ident(&c.rust), ident(&c.ty), docs::outer(&c.docs));
            (quote!(#docs #variant(super::#ty),), quote!(, #variant(super::#ty)))
        }
        None => (quote!(), quote!()),
    };
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            #common_variant
            /// A code the API reference does not list, kept exactly as the service sent it.
            #unknown(String),
        }

        runtime::error_codes!(#name, #unknown #common_clause { #(#rows),* });
    }
}
