//! Response fields and their structures, reconciled with the sample.
//!
//! The table's claim is the starting point; where the sample contradicts it, the draft follows the sample (the
//! checker will hold the spec to it) and says so: a list inside a one-key object gets `wrapper`, one object where
//! the table says a list gets `one_or_many`, a number sent as a string gets `wire: string`, a value the page does
//! not list is added to its enum, and a string whose sample is a number becomes a number.

use crate::draft::enums::Enums;
use crate::draft::infer::{claimed_kind, format_of_value};
use crate::draft::names::{member_rust_names, singular, Names};
use crate::draft::{DraftField, DraftStruct, Ty};
use crate::json::Node;
use crate::model::{ArrayItem, Field, Origin, PageType};
use crate::shape::Kind;
use codegen::model::TimeFormat;

/// What building fields needs.
pub(crate) struct Ctx<'a> {
    pub names: &'a mut Names,
    pub enums: &'a mut Enums,
    pub structs: &'a mut Vec<DraftStruct>,
}

/// Drafts the fields of one structure (`parent` is its type name; empty for the response).
pub(crate) fn build(fields: &[Field], parent: &str, ctx: &mut Ctx<'_>) -> Vec<DraftField> {
    let mut out: Vec<DraftField> = fields.iter().map(|f| field(f, parent, ctx)).collect();
    let wire: Vec<&str> = out.iter().map(|f| f.name.as_str()).collect();
    for (index, rust) in member_rust_names(&wire, &[]) {
        if let Some(f) = out.get_mut(index) {
            f.guesses.push(format!("the derived Rust name is taken or unusable: `{rust}`"));
            f.rust_name = Some(rust);
        }
    }
    out
}

fn field(f: &Field, parent: &str, ctx: &mut Ctx<'_>) -> DraftField {
    let row = &f.row;
    let mut d = DraftField {
        name: row.name.clone(),
        line: row.line,
        origin: f.origin,
        ty: Ty::String,
        wire_string: false,
        wrapper: None,
        one_or_many: false,
        required: row.name == "RequestId",
        description: row.description.clone(),
        example: row.example.clone(),
        rust_name: None,
        guesses: Vec::new(),
    };
    if f.origin == Origin::Sample {
        d.guesses
            .push("not in the page's table: only the sample shows it, so its type is read from the sample".to_owned());
    }
    if let Some(g) = &f.nesting_guess {
        d.guesses.push(g.clone());
    }
    if d.required {
        d.guesses.push("`required: true`: every response carries its RequestId".to_owned());
    }
    let kind = claimed_kind(row, !f.children.is_empty());
    d.ty = match kind {
        Kind::List(item) => list(f, &item, parent, &mut d, ctx),
        Kind::Struct => match &f.sample {
            Some(Node::Array(_)) => {
                d.guesses.push(format!("the table types it `{}`, the sample sends a list", row.ty_text));
                Ty::List(Box::new(structure(f, &row.name, parent, ctx)))
            }
            _ => structure(f, &row.name, parent, ctx),
        },
        Kind::Object => Ty::Object,
        scalar => scalar_ty(f, scalar, parent, &mut d, ctx),
    };
    d
}

/// A list field: its item type, and how the sample carries it.
fn list(f: &Field, item: &Kind, parent: &str, d: &mut DraftField, ctx: &mut Ctx<'_>) -> Ty {
    let row = &f.row;
    let table = f.origin == Origin::Table;
    match &f.sample {
        Some(node @ Node::Object(_)) => match node.as_wrapper() {
            Some((key, _)) => {
                d.wrapper = Some(key.to_owned());
                let claim = if table {
                    format!("the table types it `{}`, but the sample", row.ty_text)
                } else {
                    "the sample".to_owned()
                };
                d.guesses
                    .push(format!("{claim} wraps the list in an object: {{\"{}\": {{\"{key}\": [...]}}}}", row.name));
            }
            None => {
                d.one_or_many = true;
                d.guesses.push(format!(
                    "the table types it `{}`, but the sample sends one object: `one_or_many`",
                    row.ty_text
                ));
            }
        },
        Some(Node::Array(_)) | Some(Node::Null) | None => {}
        Some(other) => d.guesses.push(format!("the sample sends {} here, not a list", other.kind())),
    }
    let item_ty = match item {
        Kind::Struct => {
            let hint = match (&row.ty, &d.wrapper) {
                (PageType::Array(ArrayItem::Named(n)), _) => n.clone(),
                (_, Some(w)) => w.clone(),
                _ => {
                    let name = singular(&row.name).unwrap_or_else(|| format!("{}Item", row.name));
                    d.guesses.push(format!("the item type's name `{name}` is made up from the field's name"));
                    name
                }
            };
            structure(f, &hint, parent, ctx)
        }
        Kind::Any => {
            d.guesses.push("the page does not say what the list holds: drafted as strings".to_owned());
            Ty::String
        }
        other => plain(other),
    };
    Ty::List(Box::new(item_ty))
}

/// A structure type for a field's members.
fn structure(f: &Field, hint: &str, parent: &str, ctx: &mut Ctx<'_>) -> Ty {
    let name = ctx.names.claim(hint, parent);
    let index = ctx.structs.len();
    let description = f.item_description.clone().unwrap_or_else(|| f.row.description.clone());
    ctx.structs.push(DraftStruct { name: name.clone(), description, fields: Vec::new(), guesses: Vec::new() });
    let fields = build(&f.children, &name, ctx);
    if let Some(s) = ctx.structs.get_mut(index) {
        s.fields = fields;
    }
    Ty::Struct(index)
}

fn plain(kind: &Kind) -> Ty {
    match kind {
        Kind::Integer => Ty::Integer,
        Kind::Long => Ty::Long,
        Kind::Double => Ty::Double,
        Kind::Boolean => Ty::Boolean,
        Kind::Time(Some(f)) => Ty::Time(*f),
        Kind::Object => Ty::Object,
        _ => Ty::String,
    }
}

/// A scalar field, reconciled with the sample value.
fn scalar_ty(f: &Field, kind: Kind, parent: &str, d: &mut DraftField, ctx: &mut Ctx<'_>) -> Ty {
    let row = &f.row;
    let values = &row.values.list;
    let claim = |d: &mut DraftField, what: String| {
        let source = if f.origin == Origin::Table {
            format!("the table types it `{}`, but ", row.ty_text)
        } else {
            String::new()
        };
        d.guesses.push(format!("{source}{what}"));
    };
    let sample = f.sample.as_ref();
    let as_string = |node: Option<&Node>| match node {
        Some(Node::Str(s)) => Some(s.clone()),
        _ => None,
    };
    let number = |node: Option<&Node>| match node {
        Some(Node::Number { integer, .. }) => Some(*integer),
        _ => None,
    };
    match kind {
        Kind::String | Kind::Integer | Kind::Long if !values.is_empty() => {
            let numeric = values.iter().all(|v| v.value.parse::<i64>().is_ok());
            let integer = kind != Kind::String && numeric && !matches!(sample, Some(Node::Str(_)));
            if kind != Kind::String && !integer {
                claim(d, "the sample sends the code as a string: drafted as a string enum".to_owned());
            }
            if kind == Kind::String && numeric && matches!(sample, Some(Node::Number { .. })) {
                claim(d, "the sample sends a number: drafted as an integer enum".to_owned());
            }
            let integer = integer || (kind == Kind::String && numeric && matches!(sample, Some(Node::Number { .. })));
            let index = ctx.enums.intern(ctx.names, &row.name, parent, integer, values, &row.description);
            let sent = as_string(sample).or_else(|| match sample {
                Some(Node::Number { text, .. }) => Some(text.clone()),
                _ => None,
            });
            if let Some(v) = sent {
                ctx.enums.add_value(index, &v);
            }
            Ty::Enum(index)
        }
        Kind::Time(Some(TimeFormat::EpochMillis)) => {
            if !row.description.to_ascii_lowercase().contains("millisecond") {
                d.guesses
                    .push("a time in epoch milliseconds, judged from the name and the 13-digit example".to_owned());
            }
            Ty::Time(TimeFormat::EpochMillis)
        }
        Kind::Time(Some(format)) => match number(sample) {
            Some(_) => {
                claim(d, "the sample sends a number: drafted as a `long`".to_owned());
                Ty::Long
            }
            None => {
                let seen = as_string(sample).or_else(|| row.example.clone());
                if let Some(note) = seen.as_deref().and_then(|v| precision_note(v, format)) {
                    d.guesses.push(note);
                }
                Ty::Time(format)
            }
        },
        Kind::String => match sample {
            Some(Node::Number { integer: Some(i), .. }) => {
                claim(d, "the sample sends a number".to_owned());
                whole(&row.name, *i)
            }
            Some(Node::Number { .. }) => {
                claim(d, "the sample sends a number".to_owned());
                Ty::Double
            }
            Some(Node::Bool(_)) => {
                claim(d, "the sample sends a boolean".to_owned());
                Ty::Boolean
            }
            _ => match as_string(sample).or_else(|| row.example.clone()).as_deref().and_then(format_of_value) {
                Some(format) => {
                    d.guesses.push(format!("a time (`{}`): the value looks like one", format.spec_name()));
                    Ty::Time(format)
                }
                None => Ty::String,
            },
        },
        Kind::Integer | Kind::Long => {
            let declared = if kind == Kind::Integer { Ty::Integer } else { Ty::Long };
            match sample {
                Some(Node::Str(s)) if s.parse::<i64>().is_ok() => {
                    d.wire_string = true;
                    claim(d, format!("the sample sends the number as a string ({s:?}): `wire: string`"));
                    declared
                }
                Some(Node::Number { integer: Some(i), .. }) if f.origin == Origin::Sample => whole(&row.name, *i),
                Some(Node::Number { integer: Some(i), .. })
                    if declared == Ty::Integer && i32::try_from(*i).is_err() =>
                {
                    claim(d, "the sample's value does not fit 32 bits: drafted as `long`".to_owned());
                    Ty::Long
                }
                Some(Node::Number { integer: None, .. }) => {
                    claim(d, "the sample sends a fraction: drafted as `double`".to_owned());
                    Ty::Double
                }
                _ => declared,
            }
        }
        Kind::Boolean => {
            if matches!(sample, Some(Node::Str(_))) {
                d.wire_string = true;
                claim(d, "the sample sends the boolean as a string: `wire: string`".to_owned());
            }
            Ty::Boolean
        }
        Kind::Double => {
            if matches!(sample, Some(Node::Str(_))) {
                d.wire_string = true;
                claim(d, "the sample sends the number as a string: `wire: string`".to_owned());
            }
            Ty::Double
        }
        other => plain(&other),
    }
}

/// When a time's value has another precision than its documented format, a note saying so.
pub(crate) fn precision_note(value: &str, format: TimeFormat) -> Option<String> {
    let seen = format_of_value(value)?;
    (seen != format).then(|| {
        format!(
            "the page documents `{}`, but its value {value:?} is `{}`: check what the service accepts and sends",
            format.spec_name(),
            seen.spec_name()
        )
    })
}

/// A whole number from the sample: `long` for byte sizes and values beyond 32 bits, else `integer`.
fn whole(name: &str, value: i64) -> Ty {
    if (name.ends_with("Size") && !name.starts_with("Page")) || i32::try_from(value).is_err() {
        Ty::Long
    } else {
        Ty::Integer
    }
}
