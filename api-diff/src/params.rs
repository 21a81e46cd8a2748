//! Request parameters: added, removed, renamed (Rust or wire), retyped, required-ness, time format,
//! constraints (`allowed`, `min`, `max`, `max_length`), default, deprecation and docs.

use crate::change::{Change, Place};
use crate::docs::{self, PARAM_DERIVED};
use crate::pairs::{pairs, Pair};
use crate::rules::Kind;
use crate::types_text::{relation, rust_type, same, time_format, Side};
use crate::Cx;
use codegen::model::{Number, Param};

/// Compares the parameters of one request; `place` is the operation's request.
pub(crate) fn params(cx: &mut Cx, place: &Place, old: &[Param], new: &[Param]) {
    for pair in pairs(old, new, |p| &p.wire, |p| &p.rust) {
        match pair {
            Pair::Removed(p) => cx.push(
                Change::new(
                    Kind::ParamRemoved,
                    place.member(&p.wire),
                    format!("parameter removed (setter `{}`)", p.rust),
                )
                .values(ty(p), ""),
            ),
            Pair::Added(p) => {
                let (kind, what) = if p.required {
                    (Kind::ParamAddedRequired, "required parameter added")
                } else {
                    (Kind::ParamAddedOptional, "optional parameter added")
                };
                let what = format!("{what}: setter `{}`, field `{}: {}`", p.rust, p.rust, ty(p));
                cx.push(Change::new(kind, place.member(&p.wire), what).values("", ty(p)));
            }
            Pair::Both(o, n) => param(cx, &place.member(&n.wire), o, n),
        }
    }
}

fn ty(p: &Param) -> String {
    rust_type(&p.ty, Side::Request, p.required)
}

fn param(cx: &mut Cx, at: &Place, o: &Param, n: &Param) {
    if o.rust != n.rust {
        let what = format!("Rust name `{}` → `{}` (setter and field)", o.rust, n.rust);
        cx.push(Change::new(Kind::ParamRenamed, at.clone(), what).values(&o.rust, &n.rust));
    }
    if o.wire != n.wire {
        let what = format!("wire name `{}` → `{}`", o.wire, n.wire);
        cx.push(Change::new(Kind::ParamWireRenamed, at.clone(), what).values(&o.wire, &n.wire));
    }
    if !same(&o.ty, &n.ty, &cx.renames, true) {
        let (a, b) = (rust_type(&o.ty, Side::Request, n.required), rust_type(&n.ty, Side::Request, n.required));
        let note = relation(&o.ty, &n.ty).map(|r| format!(" ({r})")).unwrap_or_default();
        cx.push(Change::new(Kind::ParamTypeChanged, at.clone(), format!("type `{a}` → `{b}`{note}")).values(a, b));
    } else if let (Some(a), Some(b)) = (time_format(&o.ty), time_format(&n.ty)) {
        if a != b {
            let what = format!("sent as `{}` → `{}`", a.spec_name(), b.spec_name());
            cx.push(Change::new(Kind::ParamTimeFormatChanged, at.clone(), what).values(a.spec_name(), b.spec_name()));
        }
    }
    if o.required != n.required {
        let t = rust_type(&n.ty, Side::Request, true);
        let (kind, what) = if n.required {
            (Kind::ParamMadeRequired, format!("now required: field `Option<{t}>` → `{t}`; `build()` fails without it"))
        } else {
            (Kind::ParamMadeOptional, format!("now optional: field `{t}` → `Option<{t}>`"))
        };
        cx.push(Change::new(kind, at.clone(), what).values(o.required.to_string(), n.required.to_string()));
    }
    constraints(cx, at, o, n);
    let (a, b) = (o.default.clone(), n.default.clone());
    if a != b {
        let show = |v: &Option<String>| v.as_ref().map_or("none".to_owned(), |v| format!("`{v}`"));
        let what = format!("default (what the service assumes) {} → {}", show(&a), show(&b));
        cx.push(
            Change::new(Kind::ParamDefaultChanged, at.clone(), what)
                .values(a.unwrap_or_default(), b.unwrap_or_default()),
        );
    }
    let kinds = [Kind::ParamDeprecated, Kind::ParamUndeprecated, Kind::ParamDocsChanged];
    deprecation(cx, at, o.deprecated.as_deref(), n.deprecated.as_deref(), kinds);
    if let Some((a, b)) = docs::changed(&o.docs, &n.docs, PARAM_DERIVED) {
        cx.push(Change::new(Kind::ParamDocsChanged, at.clone(), "doc text changed").values(a, b));
    }
}

/// Deprecation notes of a parameter or field: added, removed, or reworded; `kinds` are the kinds of those three.
pub(crate) fn deprecation(cx: &mut Cx, at: &Place, old: Option<&str>, new: Option<&str>, kinds: [Kind; 3]) {
    let [added, removed, reworded] = kinds;
    match (old, new) {
        (None, Some(note)) => cx.push(Change::new(added, at.clone(), "now `#[deprecated]`").values("", note)),
        (Some(note), None) => cx.push(Change::new(removed, at.clone(), "no longer `#[deprecated]`").values(note, "")),
        (Some(a), Some(b)) if a != b => {
            cx.push(Change::new(reworded, at.clone(), "deprecation note changed").values(a, b));
        }
        _ => {}
    }
}

/// `allowed`, `min`, `max`, `max_length`: each either tightened (breaking) or loosened (compatible).
fn constraints(cx: &mut Cx, at: &Place, o: &Param, n: &Param) {
    let list = |v: &[i64]| {
        if v.is_empty() {
            "any".to_owned()
        } else {
            v.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
        }
    };
    if o.allowed != n.allowed {
        let dropped: Vec<i64> = o.allowed.iter().copied().filter(|v| !n.allowed.contains(v)).collect();
        let gained: Vec<i64> = n.allowed.iter().copied().filter(|v| !o.allowed.contains(v)).collect();
        // From "any value" to a list, or a value dropped from the list: some value is refused now.
        let tightened =
            (o.allowed.is_empty() && !n.allowed.is_empty()) || (!n.allowed.is_empty() && !dropped.is_empty());
        let mut what = format!("accepted values {} → {}", list(&o.allowed), list(&n.allowed));
        if tightened && !o.allowed.is_empty() {
            what.push_str(&format!(" ({} no longer accepted)", list(&dropped)));
        } else if !tightened && !n.allowed.is_empty() && !gained.is_empty() {
            what.push_str(&format!(" ({} now accepted)", list(&gained)));
        }
        let kind = if tightened { Kind::ParamConstraintTightened } else { Kind::ParamConstraintLoosened };
        cx.push(Change::new(kind, at.clone(), what).values(list(&o.allowed), list(&n.allowed)));
    }
    let (o, n) = (&o.limits, &n.limits);
    let num = |v: Option<Number>| v.map(Number::as_f64);
    let count = |v: Option<u32>| v.map(f64::from);
    bound(cx, at, "min", num(o.min), num(n.min), |a, b| b > a);
    bound(cx, at, "max", num(o.max), num(n.max), |a, b| b < a);
    bound(cx, at, "min_length", count(o.min_length), count(n.min_length), |a, b| b > a);
    bound(cx, at, "max_length", count(o.max_length), count(n.max_length), |a, b| b < a);
    bound(cx, at, "min_items", count(o.min_items), count(n.min_items), |a, b| b > a);
    bound(cx, at, "max_items", count(o.max_items), count(n.max_items), |a, b| b < a);
    if o.pattern != n.pattern {
        // A new pattern may refuse a value the old one accepted; only dropping it surely loosens.
        let show = |p: &Option<String>| p.as_ref().map_or("none".to_owned(), |p| format!("`{p}`"));
        let kind = if n.pattern.is_none() { Kind::ParamConstraintLoosened } else { Kind::ParamConstraintTightened };
        let what = format!("`pattern` {} → {}", show(&o.pattern), show(&n.pattern));
        cx.push(Change::new(kind, at.clone(), what).values(show(&o.pattern), show(&n.pattern)));
    }
}

/// One bound; `tighter(old, new)` says whether the new value refuses something the old accepted.
fn bound(cx: &mut Cx, at: &Place, name: &str, old: Option<f64>, new: Option<f64>, tighter: fn(f64, f64) -> bool) {
    let tightened = match (old, new) {
        (Some(a), Some(b)) if a.total_cmp(&b).is_eq() => return,
        (None, Some(_)) => true,
        (Some(_), None) => false,
        (Some(a), Some(b)) => tighter(a, b),
        (None, None) => return,
    };
    let show = |v: Option<f64>| v.map_or("none".to_owned(), |v| v.to_string());
    let what = format!("`{name}` {} → {}", show(old), show(new));
    let kind = if tightened { Kind::ParamConstraintTightened } else { Kind::ParamConstraintLoosened };
    cx.push(Change::new(kind, at.clone(), what).values(show(old), show(new)));
}
