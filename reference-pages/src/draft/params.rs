//! Request parameters: the page's type, time format, valid values, default and minimum, as spec keys.
//!
//! A number with a list of bare numbers becomes `allowed` (RDS `PageSize`: 30, 50, 100); a list with meanings,
//! or of strings, becomes an enum. Query parameters cannot be lists or objects, so an array parameter is drafted
//! as a string and flagged.

use crate::draft::enums::Enums;
use crate::draft::fields::precision_note;
use crate::draft::infer::{claimed_kind, format_of_value};
use crate::draft::names::{member_rust_names, Names};
use crate::draft::{DraftParam, Ty};
use crate::model::Row;
use crate::shape::Kind;
use codegen::model::TimeFormat;

/// Builder methods a parameter's Rust name must not take.
pub const BUILDER_METHODS: &[&str] = &["build", "send", "paginate"];

/// Drafts the request parameters.
pub(crate) fn build(rows: &[Row], names: &mut Names, enums: &mut Enums) -> Vec<DraftParam> {
    let mut params: Vec<DraftParam> = rows.iter().map(|row| param(row, names, enums)).collect();
    let wire: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
    for (index, rust) in member_rust_names(&wire, BUILDER_METHODS) {
        if let Some(p) = params.get_mut(index) {
            p.guesses.push(format!("the derived Rust name is taken or unusable: `{rust}`"));
            p.rust_name = Some(rust);
        }
    }
    params
}

fn param(row: &Row, names: &mut Names, enums: &mut Enums) -> DraftParam {
    let mut guesses = Vec::new();
    let mut allowed = Vec::new();
    let values = &row.values.list;
    let numbers: Option<Vec<i64>> = values.iter().map(|v| v.value.parse().ok()).collect();
    let ty = match claimed_kind(row, false) {
        Kind::Time(Some(f)) => {
            if f == TimeFormat::EpochMillis && !row.description.to_ascii_lowercase().contains("millisecond") {
                guesses.push("a time in epoch milliseconds, judged from the name and the 13-digit example".to_owned());
            }
            guesses.extend(row.example.as_deref().and_then(|e| precision_note(e, f)));
            Ty::Time(f)
        }
        Kind::String if !values.is_empty() => {
            Ty::Enum(enums.intern(names, &row.name, "", false, values, &row.description))
        }
        kind @ (Kind::Integer | Kind::Long) if !values.is_empty() => match numbers {
            Some(list) if values.iter().all(|v| v.meaning.is_none()) => {
                allowed = list;
                if kind == Kind::Integer {
                    Ty::Integer
                } else {
                    Ty::Long
                }
            }
            Some(_) => Ty::Enum(enums.intern(names, &row.name, "", true, values, &row.description)),
            None => {
                guesses.push(format!(
                    "the page types `{}` as {}, but lists values that are not numbers",
                    row.name, row.ty_text
                ));
                Ty::Enum(enums.intern(names, &row.name, "", false, values, &row.description))
            }
        },
        Kind::String => match row.example.as_deref().and_then(format_of_value) {
            Some(f) => {
                guesses.push("a time: the description names no format, the example has this precision".to_owned());
                Ty::Time(f)
            }
            None => Ty::String,
        },
        Kind::Integer => Ty::Integer,
        Kind::Long => Ty::Long,
        Kind::Double => Ty::Double,
        Kind::Boolean => Ty::Boolean,
        Kind::Time(None) | Kind::Object | Kind::Struct | Kind::List(_) | Kind::Any => {
            guesses.push(format!(
                "the page types this parameter `{}`; query parameters are scalars: check how the SDK sends it",
                row.ty_text
            ));
            Ty::String
        }
    };
    if row.values.cut_off {
        guesses.push(
            "the page's list of valid values is cut off (`Enumeration Value:` with nothing after it): none is enforced"
                .to_owned(),
        );
    }
    let default = row.default.clone().filter(|d| fits(d, &ty, &allowed, enums, values));
    if let (Some(d), None) = (&row.default, &default) {
        guesses.push(format!("the page's default `{d}` does not fit the type: left out"));
    }
    let min = (row.positive && matches!(ty, Ty::Integer | Ty::Long) && allowed.is_empty()).then(|| {
        guesses.push("`min: 1` from the description (a positive number / pages start from 1)".to_owned());
        1
    });
    DraftParam {
        name: row.name.clone(),
        line: row.line,
        ty,
        required: row.required.unwrap_or(false),
        description: row.description.clone(),
        example: row.example.clone(),
        allowed,
        default,
        min,
        rust_name: None,
        guesses,
    }
}

/// Whether a default value fits the drafted type.
fn fits(default: &str, ty: &Ty, allowed: &[i64], enums: &Enums, values: &[crate::model::ValidValue]) -> bool {
    match ty {
        Ty::Integer | Ty::Long => default.parse::<i64>().is_ok_and(|d| allowed.is_empty() || allowed.contains(&d)),
        Ty::Double => default.parse::<f64>().is_ok(),
        Ty::Boolean => default == "true" || default == "false",
        Ty::String => true,
        Ty::Enum(i) => {
            values.iter().any(|v| v.value == default) && (!enums.integer(*i) || default.parse::<i64>().is_ok())
        }
        _ => false,
    }
}
