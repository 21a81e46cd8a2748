//! The per-operation error-code enum, from the page's error table.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs;
use crate::emit::types::ident;
use crate::model::Operation;

pub(crate) fn error_enum(op: &Operation) -> TokenStream {
    let e = &op.errors;
    let name = ident(&e.name);
    let docs = docs::outer(&e.docs);
    let unknown = ident(&e.unknown);
    let variants: Vec<_> = e.codes.iter().map(|c| ident(&c.rust)).collect();
    let variant_docs = e.codes.iter().map(|c| docs::outer(&c.docs));
    let codes: Vec<&str> = e.codes.iter().map(|c| c.code.as_str()).collect();
    let infos = e.codes.iter().map(|c| {
        let (code, status, message) = (&c.code, proc_macro2::Literal::u16_unsuffixed(c.status), &c.message);
        let others = &c.other_messages;
        let description = match &c.description {
            Some(d) => quote!(Some(#d)),
            None => quote!(None),
        };
        quote! {
            runtime::codes::ErrorInfo { code: #code, http_status: #status, message: #message, other_messages: &[#(#others),*], description: #description }
        }
    });
    // With no documented code, every match would have a single arm; write the plain forms clippy prefers.
    let (code_body, info_body, from_body) = if e.codes.is_empty() {
        (quote!(let Self::#unknown(code) = self; code), quote!(None), quote!(Self::#unknown(code.to_owned())))
    } else {
        (
            quote!(match self { #(Self::#variants => #codes,)* Self::#unknown(code) => code }),
            quote!(match self { #(Self::#variants => Some(&#infos),)* Self::#unknown(_) => None }),
            quote!(match code { #(#codes => Self::#variants,)* other => Self::#unknown(other.to_owned()) }),
        )
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A code the API reference does not list, kept exactly as the service sent it.
            #unknown(String),
        }

        impl #name {
            /// The code as the service sends it.
            pub fn code(&self) -> &str {
                #code_body
            }

            /// What the API reference documents about this code; `None` for a code it does not list.
            pub fn info(&self) -> Option<&'static runtime::codes::ErrorInfo> {
                #info_body
            }
        }

        impl From<&str> for #name {
            fn from(code: &str) -> Self {
                #from_body
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    }
}
