//! Declared types of a product (shared and per operation, one namespace): added, removed, renamed, moved,
//! kind changed, docs, and for structs their fields and `Default`.
//!
//! A type that disappears while another with the same shape (fields or values, ignoring docs) appears is a
//! rename: reported once, and references to it (`Option<Backup>` → `Option<BackupSet>`) are not reported again.

use std::collections::{BTreeMap, BTreeSet};

use crate::change::{Change, Place};
use crate::docs;
use crate::enums::enumeration;
use crate::fields::fields;
use crate::reach::Reach;
use crate::rules::Kind;
use crate::Cx;
use codegen::model::{Field, Product, Struct, TypeDef};

/// A declared type and the operation that declares it (`None`: `product.yaml`).
#[derive(Clone, Copy)]
struct Declared<'a> {
    def: &'a TypeDef,
    owner: Option<&'a str>,
}

fn declared(p: &Product) -> BTreeMap<&str, Declared<'_>> {
    let shared = p.types.iter().map(|def| Declared { def, owner: None });
    let local = p.operations.iter().flat_map(|op| op.types.iter().map(|def| Declared { def, owner: Some(&*op.name) }));
    shared.chain(local).map(|d| (d.def.name(), d)).collect()
}

/// Old name → new name of every declared type that was renamed.
pub(crate) fn renames(old: &Product, new: &Product) -> BTreeMap<String, String> {
    let (a, b) = (declared(old), declared(new));
    let mut out = BTreeMap::new();
    let mut used = BTreeSet::new();
    for (name, o) in a.iter().filter(|(name, _)| !b.contains_key(*name)) {
        let found = b.iter().find(|(n, d)| !a.contains_key(*n) && !used.contains(*n) && same_shape(o.def, d.def));
        if let Some((new_name, _)) = found {
            used.insert(*new_name);
            out.insert((*name).to_owned(), (*new_name).to_owned());
        }
    }
    out
}

fn same_shape(a: &TypeDef, b: &TypeDef) -> bool {
    let field = |f: &Field| (f.wire.clone(), f.rust.clone(), f.ty.clone(), f.required, f.wire_form.clone());
    match (a, b) {
        (TypeDef::Struct(x), TypeDef::Struct(y)) => {
            x.fields.iter().map(field).collect::<Vec<_>>() == y.fields.iter().map(field).collect::<Vec<_>>()
        }
        (TypeDef::Enum(x), TypeDef::Enum(y)) => {
            let values = |e: &codegen::model::Enum| {
                e.variants.iter().map(|v| (v.rust.clone(), v.value.clone())).collect::<Vec<_>>()
            };
            x.integer == y.integer && values(x) == values(y)
        }
        _ => false,
    }
}

/// Operations only one side has: their local types are reported with the operation, not one by one.
pub(crate) struct OperationSets<'a> {
    pub removed: BTreeSet<&'a str>,
    pub added: BTreeSet<&'a str>,
}

/// Compares every declared type of a product.
pub(crate) fn types(cx: &mut Cx, place: &Place, old: &Product, new: &Product, ops: &OperationSets<'_>) {
    let (a, b) = (declared(old), declared(new));
    let (reach_old, reach_new) = (Reach::of(old), Reach::of(new));
    let renamed_to: BTreeSet<String> = cx.renames.values().cloned().collect();
    for (name, o) in &a {
        let start = cx.changes.len();
        let new_name = cx.renames.get(*name).cloned().unwrap_or_else(|| (*name).to_owned());
        match b.get(new_name.as_str()) {
            Some(n) => {
                let at = place.type_name(&new_name);
                if new_name != *name {
                    let what = format!("type `{name}` renamed to `{new_name}` (same shape)");
                    cx.push(Change::new(Kind::TypeRenamed, at.clone(), what).values(*name, new_name.as_str()));
                }
                one(cx, &at, *o, *n);
                cx.used_by_since(start, reach_new.paths(&new_name));
            }
            None if o.owner.is_some_and(|op| ops.removed.contains(op)) => {}
            None => {
                let what = format!("type `{name}` removed");
                cx.push(Change::new(Kind::TypeRemoved, place.type_name(name), what));
                cx.used_by_since(start, reach_old.paths(name));
            }
        }
    }
    for (name, n) in b.iter().filter(|(name, _)| !a.contains_key(*name) && !renamed_to.contains(**name)) {
        if n.owner.is_some_and(|op| ops.added.contains(op)) {
            continue;
        }
        let start = cx.changes.len();
        let what = format!("{} `{name}` added", kind_word(n.def));
        cx.push(Change::new(Kind::TypeAdded, place.type_name(name), what));
        cx.used_by_since(start, reach_new.paths(name));
    }
}

fn kind_word(def: &TypeDef) -> &'static str {
    match def {
        TypeDef::Struct(_) => "struct",
        TypeDef::Enum(_) => "enum",
    }
}

fn one(cx: &mut Cx, at: &Place, o: Declared<'_>, n: Declared<'_>) {
    moved(cx, at, o.owner, n.owner);
    match (o.def, n.def) {
        (TypeDef::Struct(x), TypeDef::Struct(y)) => structure(cx, at, x, y),
        (TypeDef::Enum(x), TypeDef::Enum(y)) => enumeration(cx, at, x, y),
        (x, y) => {
            let what = format!("{} → {}", kind_word(x), kind_word(y));
            cx.push(Change::new(Kind::TypeKindChanged, at.clone(), what).values(kind_word(x), kind_word(y)));
        }
    }
}

fn moved(cx: &mut Cx, at: &Place, old: Option<&str>, new: Option<&str>) {
    let home = |owner: Option<&str>| owner.map_or("product.yaml (shared)".to_owned(), |op| format!("`{op}`"));
    let kind = match (old, new) {
        (a, b) if a == b => return,
        (Some(_), None) => Kind::TypeMovedToShared,
        (None, Some(_)) => Kind::TypeMovedToOperation,
        _ => Kind::TypeMovedBetweenOperations,
    };
    let what = format!("declared in {} → {}", home(old), home(new));
    cx.push(Change::new(kind, at.clone(), what).values(home(old), home(new)));
}

/// A struct's docs and fields.
pub(crate) fn structure(cx: &mut Cx, at: &Place, o: &Struct, n: &Struct) {
    if let Some((a, b)) = docs::changed(&o.docs, &n.docs, &[]) {
        cx.push(Change::new(Kind::TypeDocsChanged, at.clone(), "doc text changed").values(a, b));
    }
    fields(cx, at, &o.fields, &n.fields);
}
