//! What makes an operation callable: its `OperationInfo`, the client method returning a builder, `send`,
//! the error-code trait, and for paged operations `paginate`. The HTTP work itself is `runtime::Client`'s.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::types::{ident, scalar_type, Place};
use crate::model::{Method, Operation};

pub(crate) fn operation(op: &Operation) -> TokenStream {
    let name = &op.name;
    let method = match op.methods.first() {
        Some(Method::Get) => quote!(Get),
        _ => quote!(Post),
    };
    let changes_state = op.changes_state;
    let builder = ident(&op.request.builder);
    let request = ident(&op.request.name);
    let response = ident(&op.response.name);
    let error = ident(&op.errors.name);
    let method_name = ident(&op.module);
    let send_name = ident(&format!("send_{}", op.module));
    let summary = op.docs.lines().next().unwrap_or_default();
    let method_doc = format!(" {summary}\n\n Returns a builder: set the parameters, then `.send().await`.");
    let send_doc = format!(" Sends a [`{}`] built beforehand (e.g. kept and reused).", op.request.name);
    let retry_doc = if op.changes_state {
        " This operation changes state: it is retried only when the request cannot have reached the service."
    } else {
        " Retried per the client's retry policy on throttling, server errors and connection failures."
    };
    let paging = op.paging.as_ref().map(|p| {
        let items = ident(&p.items);
        let item = scalar_type(&p.item, Place::Operation);
        let total = ident(&p.total);
        let page_number = ident(&p.page_number);
        let total_items = if p.total_required {
            quote!(u64::try_from(self.#total).ok())
        } else {
            quote!(self.#total.and_then(|total| u64::try_from(total).ok()))
        };
        quote! {
            impl runtime::Page for #response {
                type Item = #item;
                fn items(&self) -> &[#item] {
                    &self.#items
                }
                fn into_items(self) -> Vec<#item> {
                    self.#items
                }
                fn total_items(&self) -> Option<u64> {
                    #total_items
                }
            }

            impl<'a> #builder<&'a super::Client> {
                /// Fetches every page, starting at the page number set (or 1), and stops at the last one.
                ///
                /// Use `.pages()` for whole responses or `.items()` for the entries one by one.
                pub fn paginate(self) -> runtime::Paginator<'a, #response, #error> {
                    let (client, request) = match self.into_parts() {
                        Ok(parts) => parts,
                        Err(error) => return runtime::Paginator::failed(error.into()),
                    };
                    let first = request.#page_number.unwrap_or(1);
                    runtime::Paginator::new(first, move |page| {
                        let mut request = request.clone();
                        request.#page_number = Some(page);
                        Box::pin(async move { client.#send_name(&request).await })
                    })
                }
            }
        }
    });
    quote! {
        static OPERATION: runtime::OperationInfo = runtime::OperationInfo {
            name: #name,
            method: runtime::Method::#method,
            changes_state: #changes_state,
        };

        impl super::Client {
            #[doc = #method_doc]
            pub fn #method_name(&self) -> #builder<&Self> {
                #builder::new(self)
            }

            #[doc = #send_doc]
            #[doc = ""]
            #[doc = #retry_doc]
            pub async fn #send_name(&self, request: &#request) -> Result<#response, runtime::Error<#error>> {
                self.inner.call(&OPERATION, request.to_params()).await
            }
        }

        impl #builder<&super::Client> {
            /// Checks the parameters and sends the request.
            #[doc = ""]
            #[doc = #retry_doc]
            pub async fn send(self) -> Result<#response, runtime::Error<#error>> {
                let (client, request) = self.into_parts()?;
                client.#send_name(&request).await
            }
        }

        impl runtime::ErrorCode for #error {
            fn from_code(code: &str) -> Self {
                Self::from(code)
            }
            fn code(&self) -> &str {
                #error::code(self)
            }
        }

        #paging
    }
}
