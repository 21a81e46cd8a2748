//! Declared enums: values added, removed, renamed, re-valued; the wire representation; the catch-all's name;
//! docs.

use crate::change::{Change, Place};
use crate::docs::{self, ENUM_DERIVED, VARIANT_DERIVED};
use crate::pairs::{pairs, Pair};
use crate::rules::Kind;
use crate::Cx;
use codegen::model::Enum;

/// Compares two versions of an enum; `at` is the type.
pub(crate) fn enumeration(cx: &mut Cx, at: &Place, o: &Enum, n: &Enum) {
    if o.integer != n.integer {
        let repr = |e: &Enum| if e.integer { "integer" } else { "string" };
        let what = format!("wire representation {} → {}", repr(o), repr(n));
        cx.push(Change::new(Kind::EnumReprChanged, at.clone(), what).values(repr(o), repr(n)));
    }
    if o.unknown != n.unknown {
        let what = format!("catch-all variant `{}` → `{}`", o.unknown, n.unknown);
        cx.push(Change::new(Kind::EnumCatchAllRenamed, at.clone(), what).values(&o.unknown, &n.unknown));
    }
    if let Some((a, b)) = docs::changed(&o.docs, &n.docs, ENUM_DERIVED) {
        cx.push(Change::new(Kind::TypeDocsChanged, at.clone(), "doc text changed").values(a, b));
    }
    for pair in pairs(&o.variants, &n.variants, |v| &v.value, |v| &v.rust) {
        match pair {
            Pair::Removed(v) => {
                let what = format!("value `{}` removed (variant `{}`)", v.value, v.rust);
                cx.push(Change::new(Kind::EnumValueRemoved, at.member(&v.value), what).values(&v.rust, ""));
            }
            Pair::Added(v) => {
                let what = format!("value `{}` added (variant `{}`)", v.value, v.rust);
                cx.push(Change::new(Kind::EnumValueAdded, at.member(&v.value), what).values("", &v.rust));
            }
            Pair::Both(a, b) => {
                let here = at.member(&b.value);
                if a.value != b.value {
                    let what = format!("variant `{}` now stands for `{}` instead of `{}`", b.rust, b.value, a.value);
                    cx.push(Change::new(Kind::EnumValueWireChanged, here.clone(), what).values(&a.value, &b.value));
                }
                if a.rust != b.rust {
                    let what = format!("variant `{}` → `{}`", a.rust, b.rust);
                    cx.push(Change::new(Kind::EnumVariantRenamed, here.clone(), what).values(&a.rust, &b.rust));
                }
                if let Some((x, y)) = docs::changed(&a.docs, &b.docs, VARIANT_DERIVED) {
                    cx.push(Change::new(Kind::EnumValueDocsChanged, here, "doc text changed").values(x, y));
                }
            }
        }
    }
}
