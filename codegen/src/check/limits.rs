//! Constraints on request values (`min`, `max`, `min_length`, `max_length`, `pattern`, `min_items`,
//! `max_items`), shared by request parameters and by the fields of structures: each key must fit the type it is
//! written on, a minimum must not exceed its maximum, and a pattern must compile with the engine the runtime
//! checks it with (`regex-lite`), so a bad pattern fails generation instead of every call.

use crate::check::Ctx;
use crate::diagnostic::Code;
use crate::model::{Limits, Number, Ty};
use crate::source::FileId;
use crate::spec::{self, Spanned};

/// Checks the constraint keys against the value's type; `None` when one does not fit (already reported).
pub(crate) fn check_limits(ctx: &mut Ctx<'_>, file: FileId, spec: spec::Limits<'_>, ty: &Ty) -> Option<Limits> {
    let mut ok = true;
    let number = matches!(ty, Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64);
    let integer = matches!(ty, Ty::I32 | Ty::I64);
    for bound in [spec.min, spec.max].into_iter().flatten() {
        if !number {
            ctx.error(
                Code::BadConstraint,
                file,
                bound,
                "`min` and `max` apply only to numbers (`integer`, `long`, `float`, `double`)",
                "remove them",
            );
            ok = false;
        } else if integer && matches!(bound.value, Number::Float(_)) {
            ctx.error(
                Code::BadConstraint,
                file,
                bound,
                format!("{} has a fraction, but the value is a whole number", bound.value),
                "write a whole number, or make the type `float` or `double`",
            );
            ok = false;
        }
    }
    if let (Some(min), Some(max)) = (spec.min, spec.max) {
        if min.value.as_f64() > max.value.as_f64() {
            ctx.error(
                Code::BadConstraint,
                file,
                min,
                format!("`min` ({}) is greater than `max` ({})", min.value, max.value),
                "swap them",
            );
            ok = false;
        }
    }
    if let Some(len) = spec.max_length {
        if *ty != Ty::String {
            ctx.error(Code::BadConstraint, file, len, "`max_length` applies only to strings", "remove it");
            ok = false;
        }
    }
    ok &= fits(ctx, file, spec.min_length, spec.max_length, *ty == Ty::String, "min_length", "strings");
    let list = matches!(ty, Ty::List(_));
    ok &= fits(ctx, file, spec.min_items, spec.max_items, list, "min_items", "lists");
    ok &= fits(ctx, file, spec.max_items, None, list, "max_items", "lists");
    let pattern = match spec.pattern {
        Some(p) => Some(check_pattern(ctx, file, p, ty)?),
        None => None,
    };
    ok.then(|| Limits {
        min: spec.min.map(|m| m.value),
        max: spec.max.map(|m| m.value),
        min_length: spec.min_length.map(|m| m.value),
        max_length: spec.max_length.map(|m| m.value),
        pattern,
        min_items: spec.min_items.map(|m| m.value),
        max_items: spec.max_items.map(|m| m.value),
    })
}

/// A lower bound (`min_length`, `min_items`, `max_items`) on a value it applies to, and not above `upper`.
fn fits(
    ctx: &mut Ctx<'_>,
    file: FileId,
    lower: Option<&Spanned<u32>>,
    upper: Option<&Spanned<u32>>,
    applies: bool,
    key: &str,
    what: &str,
) -> bool {
    let Some(lower) = lower else { return true };
    if !applies {
        ctx.error(Code::BadItemsOrLength, file, lower, format!("`{key}` applies only to {what}"), "remove it");
        return false;
    }
    match upper {
        Some(upper) if lower.value > upper.value => {
            ctx.error(
                Code::BadItemsOrLength,
                file,
                lower,
                format!("`{key}` ({}) is greater than the maximum ({})", lower.value, upper.value),
                "make the minimum at most the maximum",
            );
            false
        }
        _ => true,
    }
}

/// The anchored form the runtime compiles: the whole string must match.
pub(crate) fn anchored(pattern: &str) -> String {
    format!("^(?:{pattern})$")
}

fn check_pattern(ctx: &mut Ctx<'_>, file: FileId, pattern: &Spanned<String>, ty: &Ty) -> Option<String> {
    if *ty != Ty::String {
        ctx.error(Code::BadPattern, file, pattern, "`pattern` applies only to strings", "remove it");
        return None;
    }
    if let Err(err) = regex_lite::Regex::new(&anchored(&pattern.value)) {
        let why = err.to_string();
        let first = why.lines().find(|l| !l.trim().is_empty()).unwrap_or("invalid regular expression").trim();
        ctx.error(
            Code::BadPattern,
            file,
            pattern,
            format!("the pattern does not compile with regex-lite: {first}"),
            "write a pattern regex-lite accepts (no look-around, no back-references; `\\d`, `[a-z]`, `{m,n}` work)",
        );
        return None;
    }
    Some(pattern.value.clone())
}
