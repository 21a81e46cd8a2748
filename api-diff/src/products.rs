//! Products: added, removed, module renamed, API version, product code, signature, endpoints, docs; then their
//! operations and declared types.

use std::collections::{BTreeMap, BTreeSet};

use crate::change::{Change, Part, Place};
use crate::docs;
use crate::errors::errors;
use crate::operations::operation;
use crate::pairs::{pairs, Pair};
use crate::rules::Kind;
use crate::typedefs::{self, OperationSets};
use crate::Cx;
use codegen::model::{Api, Endpoints, ErrorEnum, Product, Signature};

/// Compares every product. Products match by product code, then by module.
pub(crate) fn products(cx: &mut Cx, old: &Api, new: &Api) {
    for pair in pairs(&old.products, &new.products, |p| &p.code, |p| &p.module) {
        match pair {
            Pair::Removed(p) => {
                let what = format!("product `{}` (module `{}`, API {}) removed", p.display_name, p.module, p.version);
                cx.push(Change::new(Kind::ProductRemoved, Place::product(&p.module), what));
            }
            Pair::Added(p) => {
                let ops = p.operations.iter().map(|o| format!("`{}`", o.name)).collect::<Vec<_>>().join(", ");
                let what = format!(
                    "product `{}` (module `{}`, API {}) added with operations {ops}",
                    p.display_name, p.module, p.version
                );
                cx.push(Change::new(Kind::ProductAdded, Place::product(&p.module), what));
            }
            Pair::Both(o, n) => product(cx, o, n),
        }
    }
}

fn product(cx: &mut Cx, o: &Product, n: &Product) {
    let at = Place::product(&n.module);
    if o.module != n.module {
        let what = format!("module `{}` → `{}`", o.module, n.module);
        cx.push(Change::new(Kind::ProductModuleRenamed, at.clone(), what).values(&o.module, &n.module));
    }
    if o.version != n.version {
        let what = format!("API version `{}` → `{}`", o.version, n.version);
        cx.push(Change::new(Kind::ProductVersionChanged, at.clone(), what).values(&o.version, &n.version));
    }
    if o.code != n.code {
        let what = format!("product code `{}` → `{}`", o.code, n.code);
        cx.push(Change::new(Kind::ProductCodeChanged, at.clone(), what).values(&o.code, &n.code));
    }
    if o.signature != n.signature {
        let name = |s: Signature| if s == Signature::V3 { "ACS3-HMAC-SHA256" } else { "HMAC-SHA1" };
        let what = format!("signature {} → {}", name(o.signature), name(n.signature));
        cx.push(
            Change::new(Kind::ProductSignatureChanged, at.clone(), what).values(name(o.signature), name(n.signature)),
        );
    }
    endpoints(cx, &at, &o.endpoints, &n.endpoints);
    if o.display_name != n.display_name {
        let what = format!("display name `{}` → `{}`", o.display_name, n.display_name);
        cx.push(Change::new(Kind::ProductDocsChanged, at.clone(), what).values(&o.display_name, &n.display_name));
    }
    // The first paragraph is made of the name, code and version, each reported on its own.
    let own =
        |p: &Product| p.docs.replacen(&format!("{} (`{}`, API version {}).", p.display_name, p.code, p.version), "", 1);
    if let Some((a, b)) = docs::changed(&own(o), &own(n), &[]) {
        cx.push(Change::new(Kind::ProductDocsChanged, at.clone(), "doc text changed").values(a, b));
    }
    common_errors(cx, &at, o, n);
    cx.renames = typedefs::renames(o, n);
    let mut sets = OperationSets { removed: BTreeSet::new(), added: BTreeSet::new() };
    for pair in pairs(&o.operations, &n.operations, |op| &op.name, |op| &op.name) {
        match pair {
            Pair::Removed(op) => {
                sets.removed.insert(op.name.as_str());
                let what = format!("operation removed (client method `{}`)", op.module);
                cx.push(Change::new(Kind::OperationRemoved, at.operation(&op.name), what));
            }
            Pair::Added(op) => {
                sets.added.insert(op.name.as_str());
                let what = format!("operation added (client method `{}`)", op.module);
                cx.push(Change::new(Kind::OperationAdded, at.operation(&op.name), what));
            }
            Pair::Both(a, b) => operation(cx, &at.operation(&b.name), a, b),
        }
    }
    typedefs::types(cx, &at, o, n, &sets);
    cx.renames.clear();
    cx.common = Default::default();
}

/// The codes declared product-wide (`CommonErrorCode`): compared as an operation's codes are (added, removed,
/// renamed, documentation), at the product's `errors`; and remembered, so that an operation's code that became
/// product-wide is reported as such.
fn common_errors(cx: &mut Cx, at: &Place, o: &Product, n: &Product) {
    let codes = |p: &Product| -> BTreeMap<String, String> {
        p.common_errors.iter().flat_map(|e| e.codes.iter().map(|c| (c.code.clone(), c.rust.clone()))).collect()
    };
    cx.common = (codes(o), codes(n));
    let none = |other: &ErrorEnum| ErrorEnum { codes: Vec::new(), ..other.clone() };
    match (&o.common_errors, &n.common_errors) {
        (None, None) => {}
        (Some(a), Some(b)) => errors(cx, &at.part(Part::Errors), a, b),
        (None, Some(b)) => errors(cx, &at.part(Part::Errors), &none(b), b),
        (Some(a), None) => errors(cx, &at.part(Part::Errors), a, &none(a)),
    }
}

fn endpoints(cx: &mut Cx, at: &Place, o: &Endpoints, n: &Endpoints) {
    let mut parts = Vec::new();
    if o.regional != n.regional {
        parts.push(format!("regional host `{}` → `{}`", o.regional, n.regional));
    }
    if o.central != n.central {
        let show = |c: &Option<String>| c.as_ref().map_or("none".to_owned(), |c| format!("`{c}`"));
        parts.push(format!("central host {} → {}", show(&o.central), show(&n.central)));
    }
    let listed = |what: &str, a: Vec<String>, b: Vec<String>, parts: &mut Vec<String>| {
        let gone: Vec<_> = a.iter().filter(|x| !b.contains(x)).map(|x| format!("`{x}`")).collect();
        let came: Vec<_> = b.iter().filter(|x| !a.contains(x)).map(|x| format!("`{x}`")).collect();
        if !came.is_empty() {
            parts.push(format!("{what} added: {}", came.join(", ")));
        }
        if !gone.is_empty() {
            parts.push(format!("{what} removed: {}", gone.join(", ")));
        }
    };
    listed("central regions", o.central_regions.clone(), n.central_regions.clone(), &mut parts);
    let hosts = |e: &Endpoints| e.hosts.iter().map(|(r, h)| format!("{r} → {h}")).collect::<Vec<_>>();
    listed("region hosts", hosts(o), hosts(n), &mut parts);
    if !parts.is_empty() {
        let what = format!("endpoints: {}", parts.join("; "));
        cx.push(Change::new(Kind::ProductEndpointsChanged, at.clone(), what));
    }
}
