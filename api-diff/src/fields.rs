//! Fields of response structures (the response itself and every declared struct, so changes at any depth are
//! found): added, removed, renamed (Rust or wire), retyped, required-ness, time format, wire form, deprecation
//! and docs.

use crate::change::{Change, Place};
use crate::docs::{self, FIELD_DERIVED};
use crate::pairs::{pairs, Pair};
use crate::params::deprecation;
use crate::rules::Kind;
use crate::types_text::{relation, rust_type, same, time_format, Side};
use crate::Cx;
use codegen::model::{Field, Ty, WireForm};

/// Compares the fields of one structure; `place` is the response or the declared type.
pub(crate) fn fields(cx: &mut Cx, place: &Place, old: &[Field], new: &[Field]) {
    for pair in pairs(old, new, |f| &f.wire, |f| &f.rust) {
        match pair {
            Pair::Removed(f) => {
                let what = format!("field `{}: {}` removed", f.rust, ty(f));
                cx.push(Change::new(Kind::FieldRemoved, place.member(&f.wire), what).values(ty(f), ""));
            }
            Pair::Added(f) => {
                let what = format!("field `{}: {}` added", f.rust, ty(f));
                cx.push(Change::new(Kind::FieldAdded, place.member(&f.wire), what).values("", ty(f)));
            }
            Pair::Both(o, n) => field(cx, &place.member(&n.wire), o, n),
        }
    }
}

fn ty(f: &Field) -> String {
    rust_type(&f.ty, Side::Response, false)
}

fn field(cx: &mut Cx, at: &Place, o: &Field, n: &Field) {
    if o.rust != n.rust {
        let what = format!("Rust name `{}` → `{}`", o.rust, n.rust);
        cx.push(Change::new(Kind::FieldRenamed, at.clone(), what).values(&o.rust, &n.rust));
    }
    if o.wire != n.wire {
        let what = format!("read from the key `{}` → `{}`", o.wire, n.wire);
        cx.push(Change::new(Kind::FieldWireRenamed, at.clone(), what).values(&o.wire, &n.wire));
    }
    let same_type = same(&o.ty, &n.ty, &cx.renames, true);
    if !same_type {
        let (a, b) = (rust_type(&o.ty, Side::Response, false), rust_type(&n.ty, Side::Response, false));
        let note = relation(&o.ty, &n.ty).map(|r| format!(" ({r})")).unwrap_or_default();
        cx.push(Change::new(Kind::FieldTypeChanged, at.clone(), format!("type `{a}` → `{b}`{note}")).values(a, b));
    } else if let (Some(a), Some(b)) = (time_format(&o.ty), time_format(&n.ty)) {
        if a != b {
            let what = format!("documented time format `{}` → `{}`", a.spec_name(), b.spec_name());
            cx.push(Change::new(Kind::FieldTimeFormatChanged, at.clone(), what).values(a.spec_name(), b.spec_name()));
        }
    }
    if o.required != n.required {
        let (kind, what) = if n.required {
            (Kind::FieldMadeRequired, "now documented as always present".to_owned())
        } else {
            (Kind::FieldMadeOptional, "no longer documented as always present".to_owned())
        };
        cx.push(Change::new(kind, at.clone(), what).values(o.required.to_string(), n.required.to_string()));
    }
    if same_type && o.wire_form != n.wire_form {
        wire_form(cx, at, &n.ty, &o.wire_form, &n.wire_form);
    }
    let kinds = [Kind::FieldDeprecated, Kind::FieldUndeprecated, Kind::FieldDocsChanged];
    deprecation(cx, at, o.deprecated.as_deref(), n.deprecated.as_deref(), kinds);
    if let Some((a, b)) = docs::changed(&o.docs, &n.docs, FIELD_DERIVED) {
        cx.push(Change::new(Kind::FieldDocsChanged, at.clone(), "doc text changed").values(a, b));
    }
}

/// A change of how the same type travels: number vs string for scalars, the list shape for lists.
fn wire_form(cx: &mut Cx, at: &Place, ty: &Ty, old: &WireForm, new: &WireForm) {
    let (a, b) = (describe(old, ty), describe(new, ty));
    let what = format!("on the wire: {a} → {b}");
    let kind = if !matches!(ty, Ty::List(_)) && ![old, new].contains(&&WireForm::OneOrMany) {
        Kind::FieldNumberStringChanged
    } else if accepted(old).iter().all(|shape| accepted(new).contains(shape)) {
        Kind::FieldListFormWidened
    } else {
        Kind::FieldListFormNarrowed
    };
    cx.push(Change::new(kind, at.clone(), what).values(a, b));
}

/// The JSON shapes decoding accepts for a list field, or a structure that may come in a list (see
/// `runtime::wire`).
fn accepted(form: &WireForm) -> Vec<String> {
    let mut shapes = vec!["one object".to_owned(), "null".to_owned()];
    match form {
        WireForm::Wrapped(key) => shapes.extend(["array".to_owned(), format!("wrapped in {key}")]),
        WireForm::OneOrMany => shapes.push("a list of one".to_owned()),
        WireForm::Native => shapes.push("array".to_owned()),
        WireForm::String => {}
    }
    shapes
}

fn describe(form: &WireForm, ty: &Ty) -> String {
    match form {
        WireForm::Native if matches!(ty, Ty::List(_)) => "a plain array".to_owned(),
        WireForm::Native if matches!(ty, Ty::Bool) => "a JSON boolean".to_owned(),
        WireForm::Native => "a JSON number".to_owned(),
        WireForm::String => "a JSON string".to_owned(),
        WireForm::Wrapped(key) => format!("an array wrapped as `{{\"{key}\": [..]}}`"),
        WireForm::OneOrMany => "one object or a list holding it".to_owned(),
    }
}
