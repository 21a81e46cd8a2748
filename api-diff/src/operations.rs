//! One operation: docs, HTTP methods, state-changing flag, paging, request parameters, response fields, error
//! codes and samples.

use crate::change::{Change, Part, Place};
use crate::docs::{self, OPERATION_DERIVED};
use crate::errors::errors;
use crate::fields::fields;
use crate::pairs::{pairs, Pair};
use crate::params::params;
use crate::rules::Kind;
use crate::Cx;
use codegen::model::{Method, Operation, Paging, Sample};

/// Compares two versions of an operation; `at` is the operation.
pub(crate) fn operation(cx: &mut Cx, at: &Place, o: &Operation, n: &Operation) {
    if let Some((a, b)) = docs::changed(&o.docs, &n.docs, OPERATION_DERIVED) {
        cx.push(Change::new(Kind::OperationDocsChanged, at.clone(), "doc text changed").values(a, b));
    }
    if o.methods != n.methods {
        let (a, b) = (methods(&o.methods), methods(&n.methods));
        cx.push(Change::new(Kind::OperationMethodsChanged, at.clone(), format!("HTTP methods {a} → {b}")).values(a, b));
    }
    if o.changes_state != n.changes_state {
        let what = if n.changes_state {
            "now changes state: retried only when the request cannot have reached the service"
        } else {
            "no longer changes state: retried per the client's retry policy"
        };
        let change = Change::new(Kind::OperationStateChanged, at.clone(), what);
        cx.push(change.values(o.changes_state.to_string(), n.changes_state.to_string()));
    }
    paging(cx, &at.part(Part::Paging), o.paging.as_ref(), n.paging.as_ref());
    params(cx, &at.part(Part::Request), &o.request.params, &n.request.params);
    let response = at.part(Part::Response);
    // The response's docs fall back to a sentence made from the summary, already reported with the operation.
    let fallback = |op: &Operation| op.response.docs.starts_with(&format!("The response of `{}`: ", op.name));
    if !(fallback(o) && fallback(n)) {
        if let Some((a, b)) = docs::changed(&o.response.docs, &n.response.docs, &[]) {
            cx.push(Change::new(Kind::TypeDocsChanged, response.clone(), "doc text changed").values(a, b));
        }
    }
    fields(cx, &response, &o.response.fields, &n.response.fields);
    errors(cx, &at.part(Part::Errors), &o.errors, &n.errors);
    samples(cx, &at.part(Part::Samples), &o.samples, &n.samples);
}

fn methods(m: &[Method]) -> String {
    let names: Vec<&str> = m.iter().map(|m| if *m == Method::Get { "GET" } else { "POST" }).collect();
    format!("[{}]", names.join(", "))
}

fn paging(cx: &mut Cx, at: &Place, o: Option<&Paging>, n: Option<&Paging>) {
    let describe = |p: &Paging| {
        format!("page `{}`, size `{}`, total `{}`, items `{}`", p.page_number, p.page_size, p.total, p.items)
    };
    match (o, n) {
        (None, Some(p)) => {
            let what = format!("now paged (`paginate()`): {}", describe(p));
            cx.push(Change::new(Kind::PagingAdded, at.clone(), what).values("", describe(p)));
        }
        (Some(p), None) => {
            let what = "no longer paged: `paginate()` and the `Page` impl are gone";
            cx.push(Change::new(Kind::PagingRemoved, at.clone(), what).values(describe(p), ""));
        }
        (Some(a), Some(b)) if describe(a) != describe(b) => {
            let what = format!("pages through other fields: {} → {}", describe(a), describe(b));
            cx.push(Change::new(Kind::PagingChanged, at.clone(), what).values(describe(a), describe(b)));
        }
        _ => {}
    }
}

fn samples(cx: &mut Cx, at: &Place, old: &[Sample], new: &[Sample]) {
    for pair in pairs(old, new, |s| &s.name, |s| &s.name) {
        match pair {
            Pair::Removed(s) => cx.push(Change::new(Kind::SampleRemoved, at.member(&s.name), "sample removed")),
            Pair::Added(s) => cx.push(Change::new(Kind::SampleAdded, at.member(&s.name), "sample added")),
            Pair::Both(a, b) => {
                // The body is JSON: compare values, so re-indenting a sample is not a change.
                let json = |s: &Sample| serde_json::from_str::<serde_json::Value>(&s.body).ok();
                let body_changed = match (json(a), json(b)) {
                    (Some(x), Some(y)) => x != y,
                    _ => a.body.trim() != b.body.trim(),
                };
                let meta_changed = a.source != b.source || a.description != b.description;
                if body_changed || meta_changed {
                    let what =
                        if body_changed { "sample body changed" } else { "sample source or description changed" };
                    cx.push(Change::new(Kind::SampleChanged, at.member(&b.name), what));
                }
            }
        }
    }
}
