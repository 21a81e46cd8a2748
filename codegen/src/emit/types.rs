//! Response structures and enums. Structures implement `runtime::wire::Record` (wire names and one codec per
//! field), which makes them decode leniently (every field optional, unknown members kept) and serialise back to
//! the wire form; enums get their conversions from `runtime::string_enum!`/`integer_enum!`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};

use crate::emit::docs;
use crate::model::{Enum, Field, Limits, NamedKind, Number, Product, Struct, TimeFormat, Ty, TypeDef, WireForm};
use crate::naming;

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

/// A `#[derive(..)]` of the traits the model chose.
fn derives(traits: &[&str]) -> TokenStream {
    let traits = traits.iter().map(|t| ident(t));
    quote!(#[derive(#(#traits),*)])
}

/// The product's `types.rs`.
pub(crate) fn shared_types(product: &Product) -> TokenStream {
    let docs = docs::inner(&product.item_docs.types_module);
    let defs = product.types.iter().map(|t| type_def(t, Place::Shared));
    let common = product.common_errors.as_ref().map(crate::emit::errors::codes);
    quote! {
        #docs
        #(#defs)*
        #common
    }
}

/// A declared type.
pub(crate) fn type_def(def: &TypeDef, place: Place) -> TokenStream {
    match def {
        TypeDef::Struct(s) => structure(s, place),
        TypeDef::Enum(e) => enumeration(e),
    }
}

/// The variant of `runtime::time::TimeFormat` a time format is (`Minute`).
pub(crate) fn time_format(format: TimeFormat) -> TokenStream {
    match format {
        TimeFormat::EpochMillis => quote!(EpochMillis),
        TimeFormat::Minute => quote!(Minute),
        TimeFormat::Second => quote!(Second),
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
        Ty::F32 => quote!(f32),
        Ty::F64 => quote!(f64),
        Ty::Bool => quote!(bool),
        Ty::Object => quote!(serde_json::Value),
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

/// A response structure: the plain struct (every field an `Option`, plus the members the spec does not know),
/// and the [`Record`](runtime::wire::Record) impl through which the runtime reads and writes it (one codec per
/// field, chosen from the field's wire form).
pub(crate) fn structure(s: &Struct, place: Place) -> TokenStream {
    let docs = docs::outer(&s.docs);
    let name = ident(&s.name);
    let fields = s.fields.iter().map(|f| field(f, place));
    let unknown = ident(naming::UNKNOWN_FIELDS);
    let record = record(s);
    let lists = list_accessors(s, place);
    let limits = s.limited.then(|| member_limits(s, place));
    let derives = derives(s.derives());
    let debug = s.redacts_debug().then(|| redacting_debug(s));
    quote! {
        #docs
        #derives
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            /// Members of the object that this SDK's spec does not declare, kept as the service sent them (and
            /// written back when the structure is serialised).
            pub #unknown: runtime::UnknownFields,
        }
        #debug
        #lists
        #record
        #limits
    }
}

/// `Debug` of a structure with sensitive fields: as derived, with those fields shown as `Some(REDACTED)`.
fn redacting_debug(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let name_text = &s.name;
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let label = &f.rust;
        if f.sensitive {
            quote!(.field(#label, &runtime::redact::Redacted(&self.#field)))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    let unknown = ident(naming::UNKNOWN_FIELDS);
    let unknown_label = naming::UNKNOWN_FIELDS;
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#name_text) #(#fields)* .field(#unknown_label, &self.#unknown).finish()
            }
        }
    }
}

/// The table of a request structure's field limits (`LIMITS`), one row per field that has limits or holds a
/// structure that has some; `runtime::build::check_members` walks it.
fn member_limits(s: &Struct, place: Place) -> TokenStream {
    let name = ident(&s.name);
    let rows = s.fields.iter().filter(|f| !f.limits.is_empty() || f.members).map(|f| {
        let wire = &f.wire;
        let limits = limits_value(&f.limits);
        let members = if f.members { limits_table(&f.ty, place) } else { None }.unwrap_or_else(|| quote!(&[]));
        quote!(runtime::build::Member { wire: #wire, limits: #limits, members: #members })
    });
    let doc = format!(" The documented limits of the fields of [`{}`], checked before a request sends one.", s.name);
    quote! {
        impl #name {
            #[doc = #doc]
            pub const LIMITS: &'static [runtime::build::Member] = &[#(#rows),*];
        }
    }
}

/// A `runtime::build::Limits` value: the keys set, the rest from `Limits::NONE`.
fn limits_value(limits: &Limits) -> TokenStream {
    let mut keys = Vec::new();
    let float = |n: Option<Number>| n.map(|n| number(n, true));
    let count = |c: Option<u32>| c.map(|c| proc_macro2::Literal::u32_unsuffixed(c).into_token_stream());
    let set = [
        ("min", float(limits.min)),
        ("max", float(limits.max)),
        ("min_length", count(limits.min_length)),
        ("max_length", count(limits.max_length)),
        ("pattern", limits.pattern.as_ref().map(|p| quote!(#p))),
        ("min_items", count(limits.min_items)),
        ("max_items", count(limits.max_items)),
    ];
    for (key, value) in set {
        if let Some(value) = value {
            let key = ident(key);
            keys.push(quote!(#key: Some(#value),));
        }
    }
    if keys.is_empty() {
        return quote!(runtime::build::Limits::NONE);
    }
    quote!(runtime::build::Limits { #(#keys)* ..runtime::build::Limits::NONE })
}

/// The `LIMITS` table of the structure a value holds (itself or as list items), as a path from `place`.
pub(crate) fn limits_table(ty: &Ty, place: Place) -> Option<TokenStream> {
    match ty {
        Ty::List(inner) => limits_table(inner, place),
        Ty::Named(n) if n.kind == NamedKind::Struct => {
            let path = scalar_type(ty, place);
            Some(quote!(#path::LIMITS))
        }
        _ => None,
    }
}

/// A number literal: as written, or as a float (with a point) where the value is a float.
pub(crate) fn number(n: Number, float: bool) -> TokenStream {
    match n {
        Number::Int(i) if !float => proc_macro2::Literal::i64_unsuffixed(i).into_token_stream(),
        n => proc_macro2::Literal::f64_unsuffixed(n.as_f64()).into_token_stream(),
    }
}

/// A method per list field, named like it, giving the items as a slice (empty when the service sent none), so
/// that reading a list does not start with unwrapping its `Option`.
fn list_accessors(s: &Struct, place: Place) -> TokenStream {
    let methods: Vec<TokenStream> = s
        .fields
        .iter()
        .filter_map(|f| {
            let Ty::List(item) = &f.ty else { return None };
            let name = ident(&f.rust);
            let item = field_type(item, place);
            let doc = format!(" The items of [`{}`](Self::{}); empty when the service sent none.", f.rust, f.rust);
            let allow = f.deprecated.is_some().then(|| quote!(#[allow(deprecated)]));
            Some(quote! {
                #[doc = #doc]
                #allow
                pub fn #name(&self) -> &[#item] {
                    self.#name.as_deref().unwrap_or_default()
                }
            })
        })
        .collect();
    if methods.is_empty() {
        return TokenStream::new();
    }
    let name = ident(&s.name);
    quote! {
        impl #name {
            #(#methods)*
        }
    }
}

fn field(f: &Field, place: Place) -> TokenStream {
    let docs = docs::outer(&f.docs);
    let name = ident(&f.rust);
    let inner = field_type(&f.ty, place);
    let deprecated = f.deprecated.as_ref().map(|note| quote!(#[deprecated(note = #note)]));
    quote! {
        #docs
        #deprecated
        pub #name: Option<#inner>,
    }
}

/// The struct's table for `runtime::record!`: each field's Rust name, wire name and codec, one row per field.
fn record(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let rows = s.fields.iter().map(|f| {
        let (field, wire, codec) = (ident(&f.rust), &f.wire, codec(f));
        quote!(#field: #wire => #codec)
    });
    quote! {
        runtime::record!(#name { #(#rows),* });
    }
}

/// The `runtime::wire` codec that reads and writes a field in its wire form, as `record!` names it.
fn codec(f: &Field) -> TokenStream {
    match (&f.ty, &f.wire_form) {
        (Ty::List(_), WireForm::Wrapped(key)) => quote!(Wrapped(#key)),
        (Ty::List(_), _) => quote!(List),
        (_, WireForm::OneOrMany) => quote!(Single),
        (_, WireForm::String) => quote!(Quoted),
        _ => quote!(Native),
    }
}

/// An enum with its catch-all; its conversions and serde come from `runtime::string_enum!` / `integer_enum!`.
fn enumeration(e: &Enum) -> TokenStream {
    let docs = docs::outer(&e.docs);
    let name = ident(&e.name);
    let unknown = ident(&e.unknown);
    let variants: Vec<Ident> = e.variants.iter().map(|v| ident(&v.rust)).collect();
    let variant_docs = e.variants.iter().map(|v| docs::outer(&v.docs));
    let unknown_doc = " A value the API reference does not document, kept exactly as the service sent it (its text \
                       is `as_str()`); only the SDK creates one, so match it with a wildcard.";
    let derives = derives(e.derives());
    let definition = quote! {
        #docs
        #derives
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            #[doc = #unknown_doc]
            #unknown(runtime::UnknownValue),
        }
    };
    let body = if e.integer {
        // The checker gives every value of an integer enum its code; a value without one would be emitted as
        // its text and fail to compile, loudly, rather than become a wrong number.
        let codes = e.variants.iter().map(|v| match v.code {
            Some(code) => proc_macro2::Literal::i64_unsuffixed(code),
            None => proc_macro2::Literal::string(&v.value),
        });
        quote!(runtime::integer_enum!(#name, #unknown { #(#variants(#codes)),* });)
    } else {
        let values = e.variants.iter().map(|v| v.value.as_str());
        quote!(runtime::string_enum!(#name, #unknown { #(#variants(#values)),* });)
    };
    quote! {
        #definition
        #body
    }
}
