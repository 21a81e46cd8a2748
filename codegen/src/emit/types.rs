//! Response structures and enums. Structures implement `runtime::wire::Record` (wire names and one codec per
//! field), which makes them decode leniently and serialise back to the exact wire form; enums get their
//! conversions from `runtime::string_enum!`/`integer_enum!`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::emit::docs;
use crate::model::{Enum, Field, NamedKind, Product, Struct, TimeFormat, Ty, TypeDef, WireForm};

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
    let codecs = product.types.iter().any(|t| matches!(t, TypeDef::Struct(_))).then(codec_import);
    quote! {
        #docs
        #codecs
        #(#defs)*
    }
}

/// A declared type.
pub(crate) fn type_def(def: &TypeDef, place: Place) -> TokenStream {
    match def {
        TypeDef::Struct(s) => structure(s, place),
        TypeDef::Enum(e) => enumeration(e),
    }
}

/// The runtime's name for a time format (`runtime::time::TimeFormat::Minute`).
pub(crate) fn time_format(format: TimeFormat) -> TokenStream {
    let variant = match format {
        TimeFormat::EpochMillis => quote!(EpochMillis),
        TimeFormat::Minute => quote!(Minute),
        TimeFormat::Second => quote!(Second),
    };
    quote!(runtime::time::TimeFormat::#variant)
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

/// A response structure: the plain struct, and the [`Record`](runtime::wire::Record) impl through which the
/// runtime reads and writes it (one codec per field, chosen from the field's wire form).
pub(crate) fn structure(s: &Struct, place: Place) -> TokenStream {
    let docs = docs::outer(&s.docs);
    let name = ident(&s.name);
    let fields = s.fields.iter().map(|f| field(f, place));
    let default = s.defaultable.then(|| quote!(Default));
    let record = record(s);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #record
    }
}

fn field(f: &Field, place: Place) -> TokenStream {
    let docs = docs::outer(&f.docs);
    let name = ident(&f.rust);
    let inner = field_type(&f.ty, place);
    let ty = if f.required || matches!(f.ty, Ty::List(_)) { inner } else { quote!(Option<#inner>) };
    let deprecated = f.deprecated.as_ref().map(|note| quote!(#[deprecated(note = #note)]));
    quote! {
        #docs
        #deprecated
        pub #name: #ty,
    }
}

/// The `Blank` and `Record` impls and the serde impls that go through them.
fn record(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let type_name = &s.name;
    let wires: Vec<&String> = s.fields.iter().map(|f| &f.wire).collect();
    let required = s.fields.iter().filter(|f| f.required).map(|f| &f.wire);
    let members: Vec<Ident> = s.fields.iter().map(|f| ident(&f.rust)).collect();
    let codecs: Vec<TokenStream> = s.fields.iter().map(codec).collect();
    let allow = s.fields.iter().any(|f| f.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    let blank = if s.defaultable {
        quote!(Self::default())
    } else {
        let values = s.fields.iter().map(|f| match f.ty {
            Ty::List(_) => quote!(Vec::new()),
            _ if !f.required => quote!(None),
            _ => quote!(runtime::wire::Blank::blank()),
        });
        quote!(Self { #(#members: #values,)* })
    };
    let read = if s.fields.is_empty() {
        quote! {
            fn read_field<'de, A: serde::de::MapAccess<'de>>(&mut self, _: usize, _: &mut A) -> Result<(), A::Error> {
                Ok(())
            }
        }
    } else {
        let indices = (0..s.fields.len()).map(proc_macro2::Literal::usize_unsuffixed);
        quote! {
            fn read_field<'de, A: serde::de::MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
                match index {
                    #(#indices => #codecs.read(map, &mut self.#members),)*
                    _ => Ok(()),
                }
            }
        }
    };
    let map = if s.fields.is_empty() { quote!(_) } else { quote!(map) };
    quote! {
        #allow
        impl runtime::wire::Blank for #name {
            fn blank() -> Self {
                #blank
            }
        }
        #allow
        impl runtime::wire::Record for #name {
            const NAME: &'static str = #type_name;
            const FIELDS: &'static [&'static str] = &[#(#wires),*];
            const REQUIRED: &'static [&'static str] = &[#(#required),*];
            #read
            fn write_fields<S: serde::ser::SerializeMap>(&self, #map: &mut S) -> Result<(), S::Error> {
                #(#codecs.write(map, #wires, &self.#members)?;)*
                Ok(())
            }
        }
        runtime::record_serde!(#name);
    }
}

/// Brings the codecs' `read`/`write` into scope, for a file that holds structures.
pub(crate) fn codec_import() -> TokenStream {
    quote!(
        use runtime::wire::Codec as _;
    )
}

/// The `runtime::wire` codec that reads and writes a field in its wire form.
fn codec(f: &Field) -> TokenStream {
    let numeric = matches!(f.ty, Ty::I32 | Ty::I64 | Ty::F64 | Ty::Bool);
    let quoted = f.wire_form == WireForm::String;
    match (&f.ty, &f.wire_form) {
        (Ty::List(_), WireForm::Wrapped(key)) => quote!(runtime::wire::Wrapped(#key)),
        (Ty::List(_), WireForm::OneOrMany) => quote!(runtime::wire::OneOrMany),
        (Ty::List(_), _) => quote!(runtime::wire::List),
        _ => match (f.required, numeric, quoted) {
            (true, true, true) => quote!(runtime::wire::Quoted),
            (true, true, false) => quote!(runtime::wire::Number),
            (true, false, _) => quote!(runtime::wire::Plain),
            (false, true, true) => quote!(runtime::wire::OptionalQuoted),
            (false, true, false) => quote!(runtime::wire::OptionalNumber),
            (false, false, _) => quote!(runtime::wire::Optional),
        },
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

/// Whether a type is an enum carried as integers (its wire value is `code()`).
pub(crate) fn is_integer_enum(ty: &Ty) -> bool {
    matches!(ty, Ty::Named(n) if n.kind == NamedKind::Enum && n.integer)
}
