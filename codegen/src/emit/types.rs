//! Response structures and enums, with the serde attributes that make them decode leniently and serialise
//! back to the exact wire form.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::emit::docs;
use crate::model::{Enum, Field, NamedKind, Product, Struct, Ty, TypeDef, WireForm, Wrapper};

/// Which module an item is emitted into, so references to the product's shared types get their path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// The product's `types` module.
    Shared,
    /// An operation's module.
    Operation,
}

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The product's `types.rs`.
pub(crate) fn shared_types(product: &Product) -> TokenStream {
    let docs = docs::inner(&format!("Types shared by several operations of {}.", product.display_name));
    let defs = product.types.iter().map(|t| type_def(t, Place::Shared));
    let wrappers = product.wrappers.iter().map(wrapper_marker);
    quote! {
        #docs
        #(#defs)*
        #(#wrappers)*
    }
}

/// A declared type.
pub(crate) fn type_def(def: &TypeDef, place: Place) -> TokenStream {
    match def {
        TypeDef::Struct(s) => structure(s, place),
        TypeDef::Enum(e) => enumeration(e),
    }
}

/// The Rust type of a response field or list item.
pub(crate) fn field_type(ty: &Ty, place: Place) -> TokenStream {
    match ty {
        Ty::Time(_) => quote!(runtime::time::Timestamp),
        Ty::List(inner) => {
            let inner = field_type(inner, place);
            quote!(Vec<#inner>)
        }
        other => scalar_type(other, place),
    }
}

/// The Rust type of anything but times and lists (shared by requests and responses).
pub(crate) fn scalar_type(ty: &Ty, place: Place) -> TokenStream {
    match ty {
        Ty::String => quote!(String),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F64 => quote!(f64),
        Ty::Bool => quote!(bool),
        Ty::Object => quote!(serde_json::Map<String, serde_json::Value>),
        Ty::Time(_) => quote!(time::OffsetDateTime),
        Ty::List(inner) => {
            let inner = scalar_type(inner, place);
            quote!(Vec<#inner>)
        }
        Ty::Named(n) => {
            let name = ident(&n.name);
            if n.shared && place == Place::Operation {
                quote!(super::#name)
            } else {
                quote!(#name)
            }
        }
    }
}

/// A response structure.
pub(crate) fn structure(s: &Struct, place: Place) -> TokenStream {
    let docs = docs::outer(&s.docs);
    let name = ident(&s.name);
    let fields = s.fields.iter().map(|f| field(f, place));
    let default = s.defaultable.then(|| quote!(Default,));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn field(f: &Field, place: Place) -> TokenStream {
    let docs = docs::outer(&f.docs);
    let name = ident(&f.rust);
    let wire = &f.wire;
    let inner = field_type(&f.ty, place);
    let is_list = matches!(f.ty, Ty::List(_));
    let numeric = matches!(f.ty, Ty::I32 | Ty::I64 | Ty::F64 | Ty::Bool);
    let (ty, attrs) = if is_list {
        let with = match &f.wire_form {
            WireForm::Wrapped(w) => {
                let marker = ident(&w.marker);
                quote!(runtime::wire::Wrapped::<#marker>).to_string().replace(' ', "")
            }
            WireForm::OneOrMany => "runtime::wire::one_or_many".to_owned(),
            _ => "runtime::wire::list".to_owned(),
        };
        (inner, quote!(#[serde(rename = #wire, default, with = #with)]))
    } else if f.required {
        let with = numeric.then(|| {
            let module =
                if f.wire_form == WireForm::String { "runtime::wire::string" } else { "runtime::wire::number" };
            quote!(, with = #module)
        });
        (inner, quote!(#[serde(rename = #wire #with)]))
    } else {
        let with = numeric.then(|| {
            let module = if f.wire_form == WireForm::String {
                "runtime::wire::option_string"
            } else {
                "runtime::wire::option_number"
            };
            quote!(, with = #module)
        });
        (
            quote!(Option<#inner>),
            quote!(#[serde(rename = #wire, default, skip_serializing_if = "Option::is_none" #with)]),
        )
    };
    let deprecated = f.deprecated.as_ref().map(|note| quote!(#[deprecated(note = #note)]));
    quote! {
        #docs
        #attrs
        #deprecated
        pub #name: #ty,
    }
}

/// The private marker type that names a wrapper key for `runtime::wire::Wrapped`.
pub(crate) fn wrapper_marker(w: &Wrapper) -> TokenStream {
    let marker = ident(&w.marker);
    let key = &w.key;
    let doc = format!(" Names the `{key}` key of an XML-style list wrapper.");
    quote! {
        #[doc = #doc]
        struct #marker;
        impl runtime::wire::WrapperKey for #marker {
            const KEY: &'static str = #key;
        }
    }
}

/// An enum with its catch-all; its conversions and serde come from `runtime::string_enum!` / `integer_enum!`.
fn enumeration(e: &Enum) -> TokenStream {
    let docs = docs::outer(&e.docs);
    let name = ident(&e.name);
    let unknown = ident(&e.unknown);
    let variants: Vec<Ident> = e.variants.iter().map(|v| ident(&v.rust)).collect();
    let variant_docs = e.variants.iter().map(|v| docs::outer(&v.docs));
    let repr = if e.integer { quote!(i64) } else { quote!(String) };
    let unknown_doc = " A value the API reference does not document, kept exactly as the service sent it.";
    let definition = quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            #[doc = #unknown_doc]
            #unknown(#repr),
        }
    };
    let body = if e.integer {
        let codes = e.variants.iter().map(|v| {
            let code: i64 = v.value.parse().unwrap_or_default();
            proc_macro2::Literal::i64_unsuffixed(code)
        });
        quote!(runtime::integer_enum!(#name, #unknown { #(#variants = #codes),* });)
    } else {
        let values = e.variants.iter().map(|v| v.value.as_str());
        quote!(runtime::string_enum!(#name, #unknown { #(#variants = #values),* });)
    };
    quote! {
        #definition
        #body
    }
}

/// Whether a type is an enum carried as integers (its wire value is `code()`).
pub(crate) fn is_integer_enum(ty: &Ty) -> bool {
    matches!(ty, Ty::Named(n) if n.kind == NamedKind::Enum && n.integer)
}
