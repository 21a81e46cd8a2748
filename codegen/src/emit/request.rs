//! Request types: the request struct with every parameter's docs, its `runtime::Request` impl (operation,
//! response and error types, the documented limits), and its `runtime::builder!` table, one row per parameter,
//! from which the runtime writes the builder, the parameters sent and the server's reading of them.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs;
use crate::emit::types::{ident, limits_table, number, scalar_type, time_format, Place};
use crate::model::{Location, Method, NamedKind, Number, Operation, Param, Style, Ty};

/// The request struct, its `runtime::Request` impl and its `runtime::builder!` table.
pub(crate) fn request(op: &Operation) -> TokenStream {
    let req = &op.request;
    let name = ident(&req.name);
    let builder = ident(&req.builder);
    let docs = docs::outer(&req.docs);
    let fields = req.params.iter().map(|p| {
        let docs = docs::outer(&p.docs);
        let field = ident(&p.rust);
        let ty = scalar_type(&p.ty, Place::Operation);
        let ty = if p.required { ty } else { quote!(Option<#ty>) };
        let deprecated = deprecated(p);
        quote!(#docs #deprecated pub #field: #ty,)
    });
    let rows = req.params.iter().map(builder_row);
    let checks: Vec<TokenStream> = req.params.iter().map(check).filter(|c| !c.is_empty()).collect();
    let operation = &op.name;
    // The limits, checked by `build` and again by the client when sending (the fields are public).
    let check_fn = (!checks.is_empty()).then(|| {
        quote! {
            fn check(&self) -> Result<(), runtime::build::BuildError> {
                const OPERATION: &str = #operation;
                #(#checks)*
                Ok(())
            }
        }
    });
    let allow_deprecated = req.params.iter().any(|p| p.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    let response = ident(&op.response.name);
    let error = ident(&op.errors.name);
    let method = match op.method {
        Method::Get => quote!(Get),
        Method::Post => quote!(Post),
    };
    let changes_state = op.changes_state;
    let status = (op.status != 200).then(|| {
        let status = proc_macro2::Literal::u16_unsuffixed(op.status);
        quote!(.with_status(#status))
    });
    let op_deprecated = op.deprecated.as_ref().map(|note| quote!(#[deprecated(note = #note)]));
    quote! {
        #docs
        #op_deprecated
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #allow_deprecated
        impl runtime::Request for #name {
            type Response = #response;
            type Error = #error;
            const OPERATION: &'static runtime::OperationInfo =
                &runtime::OperationInfo::new(#operation, runtime::Method::#method, #changes_state)#status;

            fn to_params(&self) -> runtime::wire::Params {
                self.wire_params()
            }

            #check_fn
        }

        runtime::builder!(#op_deprecated #builder => #name { #(#rows),* });
    }
}

fn deprecated(p: &Param) -> Option<TokenStream> {
    p.deprecated.as_ref().map(|note| quote!(#[deprecated(note = #note)]))
}

/// A parameter's row in the `runtime::builder!` table: the field and its `Option` setter, its type, where and how
/// it travels (wire name, `form` for the form body, the codec), and whether the request needs it (or takes the
/// client's region in its place).
fn builder_row(p: &Param) -> TokenStream {
    let field = ident(&p.rust);
    let option_setter = ident(&p.option_setter);
    let ty = scalar_type(&p.ty, Place::Operation);
    let deprecated = deprecated(p);
    let wire = &p.wire;
    let form = (p.location == Location::Form).then(|| quote!(form));
    let codec = match (&p.ty, p.style) {
        (_, Some(Style::RepeatList)) => quote!(Styled(RepeatList)),
        (_, Some(Style::Json)) => quote!(Styled(Json)),
        (Ty::String, None) => quote!(Text),
        (Ty::Time(format), None) => {
            let format = time_format(*format);
            quote!(Time(#format))
        }
        (Ty::Named(n), None) if n.kind == NamedKind::Enum => quote!(Enum),
        // Numbers, booleans and anything else written with `Display` and read back with `FromStr`.
        _ => quote!(Number),
    };
    let presence = match (p.required, p.region_default) {
        (false, false) => None,
        (true, false) => Some(quote!(=> required)),
        (false, true) => Some(quote!(=> region)),
        (true, true) => Some(quote!(=> required_region)),
    };
    quote!(#deprecated #field / #option_setter: #ty = #form #wire #codec #presence)
}

/// The documented limits of one parameter, checked in `build`.
fn check(p: &Param) -> TokenStream {
    let field = ident(&p.rust);
    let wire = &p.wire;
    let mut checks = Vec::new();
    let literal = |v: i64| proc_macro2::Literal::i64_unsuffixed(v);
    if !p.allowed.is_empty() {
        let allowed = p.allowed.iter().map(|v| literal(*v));
        checks.push(quote!(runtime::build::check_allowed(OPERATION, #wire, value, &[#(#allowed),*])?;));
    }
    let limits = &p.limits;
    let float = matches!(p.ty, Ty::F32 | Ty::F64);
    if limits.min.is_some() || limits.max.is_some() {
        let bound = |b: Option<Number>| match b {
            Some(v) => {
                let v = number(v, float);
                quote!(Some(#v))
            }
            None => quote!(None),
        };
        let (min, max) = (bound(limits.min), bound(limits.max));
        checks.push(quote!(runtime::build::check_range(OPERATION, #wire, value, #min, #max)?;));
    }
    if let Some(max) = limits.max_length {
        let max = proc_macro2::Literal::u32_unsuffixed(max);
        checks.push(quote!(runtime::build::check_max_length(OPERATION, #wire, value, #max)?;));
    }
    if let Some(min) = limits.min_length {
        let min = proc_macro2::Literal::u32_unsuffixed(min);
        checks.push(quote!(runtime::build::check_min_length(OPERATION, #wire, value, #min)?;));
    }
    if let Some(pattern) = &limits.pattern {
        checks.push(quote!(runtime::build::check_pattern(OPERATION, #wire, value, #pattern)?;));
    }
    if limits.min_items.is_some() || limits.max_items.is_some() {
        let count = |c: Option<u32>| match c {
            Some(c) => {
                let c = proc_macro2::Literal::u32_unsuffixed(c);
                quote!(Some(#c))
            }
            None => quote!(None),
        };
        let (min, max) = (count(limits.min_items), count(limits.max_items));
        checks.push(quote!(runtime::build::check_items(OPERATION, #wire, value, #min, #max)?;));
    }
    if p.members {
        if let Some(table) = limits_table(&p.ty, Place::Operation) {
            checks.push(quote!(runtime::build::check_members(OPERATION, #wire, value, #table)?;));
        }
    }
    if checks.is_empty() {
        return TokenStream::new();
    }
    if p.required {
        quote! {
            {
                let value = &self.#field;
                #(#checks)*
            }
        }
    } else {
        quote! {
            if let Some(value) = &self.#field {
                #(#checks)*
            }
        }
    }
}
