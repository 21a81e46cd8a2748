//! What makes an operation callable: the client method returning a builder, `send`, for paged operations
//! `paginate`, and the waiters that poll it. Sending and paging themselves are generic in `runtime::Client`
//! (behind `runtime::Sending` and `runtime::Paginator`), driven by the request's `runtime::Request` impl.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs;
use crate::emit::types::{ident, scalar_type, Place};
use crate::model::{Operation, Paging, Ty, Waiter};

pub(crate) fn operation(op: &Operation, lib: &str) -> TokenStream {
    let builder = ident(&op.request.builder);
    let request = ident(&op.request.name);
    let method_name = ident(&op.module);
    let send_name = ident(&op.send);
    let method_doc = docs::outer(&op.client_docs.method);
    let send_doc = docs::outer(&op.client_docs.send);
    let builder_send_doc = docs::outer(&op.client_docs.builder_send);
    let (page_impls, paginate) = match &op.paging {
        Some(p) => (Some(paging(op, p)), Some(paginate(op, p, lib))),
        None => (None, None),
    };
    let call_example = docs::example(lib, &op.examples.call);
    let send_example = docs::example(lib, &op.examples.send);
    let deprecated = op.deprecated.as_ref().map(|note| quote!(#[deprecated(note = #note)]));
    // `send` and `send_<operation>` are plain functions: the `async` work is `runtime::Client::send`, behind
    // `runtime::Sending` (an `async fn` here would cost each operation a coroutine to check).
    quote! {
        impl super::Client {
            #method_doc
            #call_example
            #deprecated
            pub fn #method_name(&self) -> #builder<&Self> {
                #builder::new(self)
            }

            #send_doc
            #send_example
            #deprecated
            pub fn #send_name<'a>(&'a self, request: &'a #request) -> runtime::Sending<'a, #request> {
                runtime::Sending::new(&self.inner, request)
            }
        }

        impl<'a> #builder<&'a super::Client> {
            #builder_send_doc
            pub fn send(self) -> runtime::Sending<'a, #request> {
                runtime::Sending::built(self.into_parts())
            }

            #paginate
        }

        #page_impls
    }
}

/// The `Page` and `PagedRequest` impls of a paged operation.
fn paging(op: &Operation, p: &Paging) -> TokenStream {
    let request = ident(&op.request.name);
    let response = ident(&op.response.name);
    let items = ident(&p.items);
    let item = scalar_type(&p.item, Place::Operation);
    let total = ident(&p.total);
    let page_number = ident(&p.page_number);
    let page_size = ident(&p.page_size);
    let size = match p.default_page_size {
        Some(default) => {
            let default = proc_macro2::Literal::i64_unsuffixed(default);
            quote!(u64::try_from(self.#page_size.unwrap_or(#default)).ok())
        }
        None => quote!(self.#page_size.and_then(|size| u64::try_from(size).ok())),
    };
    let total_items = quote!(self.#total.and_then(|total| u64::try_from(total).ok()));
    quote! {
        impl runtime::Page for #response {
            type Item = #item;
            fn items(&self) -> &[#item] {
                self.#items.as_deref().unwrap_or_default()
            }
            fn into_items(self) -> Vec<#item> {
                self.#items.unwrap_or_default()
            }
            fn total_items(&self) -> Option<u64> {
                #total_items
            }
        }

        impl runtime::PagedRequest for #request {
            fn page_number(&self) -> Option<i32> {
                self.#page_number
            }
            fn set_page_number(&mut self, page: i32) {
                self.#page_number = Some(page);
            }
            fn page_size(&self) -> Option<u64> {
                #size
            }
        }
    }
}

/// A paged operation's builder's `paginate`.
fn paginate(op: &Operation, p: &Paging, lib: &str) -> TokenStream {
    let response = ident(&op.response.name);
    let error = ident(&op.errors.name);
    let example = docs::example(lib, &p.example);
    quote! {
        /// Fetches every page, starting at the page number set (or 1), and stops at the last one.
        ///
        /// Use `.pages()` for whole responses or `.items()` for the entries one by one.
        #example
        pub fn paginate(self) -> runtime::Paginator<'a, #response, #error> {
            runtime::Paginator::built(self.into_parts())
        }
    }
}

/// The waiters the model gives a Describe operation, as methods its module adds to the product's client.
pub(crate) fn waiters(describe: &Operation, lib: &str) -> TokenStream {
    describe.waiters.iter().map(|w| waiter(describe, w, lib)).collect()
}

fn waiter(describe: &Operation, w: &Waiter, lib: &str) -> TokenStream {
    let method = ident(&w.method);
    let request = ident(&describe.request.name);
    let error = ident(&describe.errors.name);
    let item_ty = scalar_type(&w.item, Place::Operation);
    let list = ident(&w.list.rust);
    // The id is both the item's field and the waiter's parameter.
    let id = ident(&w.id.rust);
    let status = ident(&w.status.rust);
    let status_ty = scalar_type(&w.status.ty, Place::Operation);
    let (done, failed) = (w.done.iter().map(|v| ident(v)), w.failed.iter().map(|v| ident(v)));
    let (id_ty, id_arg, id_read) = match &w.id.ty {
        Ty::String => (quote!(impl Into<String>), quote!(#id.into()), quote!(item.#id.as_deref())),
        ty => (scalar_type(ty, Place::Shared), quote!(#id), quote!(item.#id.as_ref())),
    };
    let page = match &w.page_number {
        Some(page) => {
            let page = ident(page);
            quote! {
                Some(runtime::waiter::PageNumber {
                    get: |request| request.#page,
                    set: |request, page| request.#page = Some(page),
                })
            }
        }
        None => quote!(None),
    };
    let doc = docs::outer(&w.docs);
    let example = docs::example(lib, &w.example);
    quote! {
        impl super::Client {
            #doc
            #example
            pub fn #method(&self, poll: #request, #id: #id_ty) -> runtime::waiter::Wait<'_, #item_ty, #error> {
                self.inner.wait_for(poll, #id_arg, runtime::waiter::Watch {
                    items: |response| response.#list.unwrap_or_default(),
                    id: |item| #id_read,
                    done: |item| matches!(item.#status, Some(#(#status_ty::#done)|*)),
                    failed: |item| matches!(item.#status, Some(#(#status_ty::#failed)|*)),
                    page: #page,
                })
            }
        }
    }
}
