//! An operation's error codes (or the product's codes declared product-wide): added, removed, made
//! product-wide, variant renamed, catch-all renamed, status, messages and description.

use crate::change::{Change, Place};
use crate::pairs::{pairs, Pair};
use crate::rules::Kind;
use crate::Cx;
use codegen::model::ErrorEnum;

/// Compares two error-code enums; `at` is the operation's (or the product's) errors.
pub(crate) fn errors(cx: &mut Cx, at: &Place, o: &ErrorEnum, n: &ErrorEnum) {
    if o.unknown != n.unknown {
        let what = format!("catch-all variant `{}::{}` → `{}`", n.name, o.unknown, n.unknown);
        cx.push(Change::new(Kind::ErrorCatchAllRenamed, at.clone(), what).values(&o.unknown, &n.unknown));
    }
    for pair in pairs(&o.codes, &n.codes, |c| &c.code, |c| &c.code) {
        match pair {
            Pair::Removed(c) if cx.common.1.contains_key(&c.code) && !cx.common.0.contains_key(&c.code) => {
                let (variant, ty) = n.common.as_ref().map_or(("Common", "CommonErrorCode"), |v| (&v.rust, &v.ty));
                let wide = format!("{variant}({ty}::{})", cx.common.1[&c.code]);
                let what = format!(
                    "error code made product-wide: `{}::{}` is now `{}::{wide}` (declared in product.yaml)",
                    o.name, c.rust, n.name
                );
                cx.push(Change::new(Kind::ErrorCodeMadeProductWide, at.member(&c.code), what).values(&c.rust, wide));
            }
            Pair::Removed(c) => {
                let what = format!("error code removed (variant `{}::{}`, HTTP {})", o.name, c.rust, c.status);
                cx.push(Change::new(Kind::ErrorCodeRemoved, at.member(&c.code), what).values(&c.rust, ""));
            }
            Pair::Added(c) => {
                let what = format!("error code added (variant `{}::{}`, HTTP {})", n.name, c.rust, c.status);
                cx.push(Change::new(Kind::ErrorCodeAdded, at.member(&c.code), what).values("", &c.rust));
            }
            Pair::Both(a, b) => {
                let here = at.member(&b.code);
                if a.rust != b.rust {
                    let what = format!("variant `{}::{}` → `{}`", n.name, a.rust, b.rust);
                    cx.push(Change::new(Kind::ErrorVariantRenamed, here.clone(), what).values(&a.rust, &b.rust));
                }
                if a.status != b.status {
                    let what = format!("documented HTTP status {} → {}", a.status, b.status);
                    let change = Change::new(Kind::ErrorStatusChanged, here.clone(), what);
                    cx.push(change.values(a.status.to_string(), b.status.to_string()));
                }
                // Re-wrapping a message in the YAML is not a change.
                let words = |m: &str, others: &[String]| {
                    let all = std::iter::once(m).chain(others.iter().map(String::as_str));
                    all.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>()
                };
                if words(&a.message, &a.other_messages) != words(&b.message, &b.other_messages) {
                    let all = |m: &str, others: &[String]| {
                        std::iter::once(m).chain(others.iter().map(String::as_str)).collect::<Vec<_>>().join("\n\n")
                    };
                    let change = Change::new(Kind::ErrorMessageChanged, here.clone(), "documented message changed");
                    cx.push(change.values(all(&a.message, &a.other_messages), all(&b.message, &b.other_messages)));
                }
                if a.description != b.description {
                    let change = Change::new(Kind::ErrorDescriptionChanged, here, "description changed");
                    cx.push(
                        change.values(
                            a.description.clone().unwrap_or_default(),
                            b.description.clone().unwrap_or_default(),
                        ),
                    );
                }
            }
        }
    }
}
