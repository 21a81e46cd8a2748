//! Types as users see them in the generated crate, and how two types relate (same, another time format,
//! widened, narrowed), so a type change is reported the way a Rust user reads it.

use std::collections::BTreeMap;

use codegen::model::{TimeFormat, Ty};

/// Whether a type is written for a request parameter or a response field (times and lists differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Request,
    Response,
}

/// The Rust type of a parameter or field, as the generated crate declares it: every response field is an
/// `Option`; a request parameter is one unless it is required or a list.
pub(crate) fn rust_type(ty: &Ty, side: Side, required: bool) -> String {
    let inner = bare(ty, side);
    if side == Side::Request && (required || matches!(ty, Ty::List(_))) {
        inner
    } else {
        format!("Option<{inner}>")
    }
}

fn bare(ty: &Ty, side: Side) -> String {
    match ty {
        Ty::String => "String".to_owned(),
        Ty::I32 => "i32".to_owned(),
        Ty::I64 => "i64".to_owned(),
        Ty::F32 => "f32".to_owned(),
        Ty::F64 => "f64".to_owned(),
        Ty::Bool => "bool".to_owned(),
        Ty::Time(_) if side == Side::Request => "OffsetDateTime".to_owned(),
        Ty::Time(_) => "Timestamp".to_owned(),
        Ty::Object => "Value".to_owned(),
        Ty::List(inner) => format!("Vec<{}>", bare(inner, side)),
        Ty::Named(n) => n.name.clone(),
    }
}

/// Type equality up to renamed declared types (`renames`: old name → new name), ignoring time formats when
/// `ignore_format` (a format change is reported on its own).
pub(crate) fn same(old: &Ty, new: &Ty, renames: &BTreeMap<String, String>, ignore_format: bool) -> bool {
    match (old, new) {
        (Ty::Time(a), Ty::Time(b)) => ignore_format || a == b,
        (Ty::List(a), Ty::List(b)) => same(a, b, renames, ignore_format),
        (Ty::Named(a), Ty::Named(b)) => a.name == b.name || renames.get(&a.name) == Some(&b.name),
        (a, b) => a == b,
    }
}

/// The time format of a type (or of a list's items).
pub(crate) fn time_format(ty: &Ty) -> Option<TimeFormat> {
    match ty {
        Ty::Time(f) => Some(*f),
        Ty::List(inner) => time_format(inner),
        _ => None,
    }
}

/// How a new type relates to an old one, when there is a simple word for it.
pub(crate) fn relation(old: &Ty, new: &Ty) -> Option<&'static str> {
    let rank = |t: &Ty| match t {
        Ty::I32 => Some(1),
        Ty::I64 => Some(2),
        Ty::F64 => Some(3),
        _ => None,
    };
    match (old, new) {
        (Ty::List(a), Ty::List(b)) => relation(a, b),
        (a, b) if rank(a).is_some() && rank(b).is_some() => {
            if rank(a) < rank(b) {
                Some("widened")
            } else {
                Some("narrowed")
            }
        }
        (Ty::String, Ty::Named(_)) => Some("narrowed to an enum"),
        (Ty::Named(_), Ty::String) => Some("widened to a string"),
        (Ty::List(_), _) => Some("a list became a single value"),
        (_, Ty::List(_)) => Some("a single value became a list"),
        _ => None,
    }
}
