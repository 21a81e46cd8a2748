//! One shape for both sides of a comparison: what a spec declares and what a page says, reduced to the facts
//! doc-check compares (names, nesting, kinds, required-ness, valid values, defaults, error codes).
//!
//! A spec side [`Member`] also carries what the spec already records about the page ([`Known`]: `page_claim`,
//! `source`, `wire: string`), so the comparison can tell news from known disagreements.

use std::collections::BTreeMap;

use crate::draft::infer::claimed_kind;
use crate::model::{Field, Origin, Page, Row};
use codegen::model::TimeFormat;
use codegen::spec::{ErrorSpec, FieldSpec, OperationSpec, ParamSpec, ProductSpec, Scalar, Spanned, TypeSpec};

/// What kind of value a parameter or field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    String,
    Integer,
    Long,
    Double,
    Boolean,
    /// A time; the format when stated.
    Time(Option<TimeFormat>),
    /// A free-form object.
    Object,
    /// An object with declared members.
    Struct,
    List(Box<Kind>),
    /// Not said (an `array` of unknown items).
    Any,
}

impl Kind {
    /// The spelling used in reports.
    pub fn describe(&self) -> String {
        match self {
            Kind::String => "string".to_owned(),
            Kind::Integer => "integer".to_owned(),
            Kind::Long => "long".to_owned(),
            Kind::Double => "double".to_owned(),
            Kind::Boolean => "boolean".to_owned(),
            Kind::Time(Some(f)) => format!("time ({})", f.spec_name()),
            Kind::Time(None) => "time".to_owned(),
            Kind::Object => "object".to_owned(),
            Kind::Struct => "structure".to_owned(),
            Kind::List(item) => format!("list of {}", item.describe()),
            Kind::Any => "anything".to_owned(),
        }
    }
}

/// What a spec records about the page or the wire for one member.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Known {
    /// `page_claim`: the spec says the page is wrong here.
    pub page_claim: bool,
    /// `source`: the spec knows this field from somewhere else than the page.
    pub source: bool,
    /// `wire: string`: a number the service sends as a JSON string.
    pub wire_string: bool,
}

/// A parameter or field.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub kind: Kind,
    /// Parameters only (the pages say nothing about response fields).
    pub required: Option<bool>,
    /// Valid values, when stated (enum values, `allowed` numbers, the page's list).
    pub values: Option<Vec<String>>,
    pub default: Option<String>,
    /// Members of a structure or of a list's items.
    pub children: Vec<Member>,
    pub known: Known,
    pub origin: Origin,
    /// The line on the page, or in the spec file.
    pub line: Option<usize>,
}

/// An error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorEntry {
    pub code: String,
    pub status: u16,
    /// The message, then any other messages the code comes with.
    pub messages: Vec<String>,
    pub description: Option<String>,
    pub line: Option<usize>,
}

/// Everything compared.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shape {
    pub name: Option<String>,
    pub params: Vec<Member>,
    pub fields: Vec<Member>,
    pub errors: Vec<ErrorEntry>,
    /// The spec side only: the codes its product declares product-wide (`errors:` of `product.yaml`, lines
    /// there). A page row of one of these is compared with this entry instead of being missing from the spec.
    pub common_errors: Vec<ErrorEntry>,
    /// The page has a response table (so a field only its sample shows is missing from the table).
    pub response_table: bool,
}

/// The shape of what a page says.
pub fn from_page(page: &Page) -> Shape {
    Shape {
        name: page.name.as_ref().map(|n| n.value.clone()),
        params: page.request.iter().map(|row| page_member(row, false, Vec::new(), Origin::Table)).collect(),
        fields: page.response.fields.iter().map(page_field).collect(),
        errors: page
            .errors
            .iter()
            .map(|e| ErrorEntry {
                code: e.code.clone(),
                status: e.status,
                messages: e.messages.clone(),
                description: e.description.clone(),
                line: Some(e.line),
            })
            .collect(),
        common_errors: Vec::new(),
        response_table: page.response.table,
    }
}

fn page_field(field: &Field) -> Member {
    let children = field.children.iter().map(page_field).collect::<Vec<_>>();
    page_member(&field.row, !children.is_empty(), children, field.origin)
}

fn page_member(row: &Row, has_members: bool, children: Vec<Member>, origin: Origin) -> Member {
    let values = (!row.values.list.is_empty()).then(|| row.values.list.iter().map(|v| v.value.clone()).collect());
    Member {
        name: row.name.clone(),
        kind: claimed_kind(row, has_members),
        required: row.required,
        values,
        default: row.default.clone(),
        children,
        known: Known::default(),
        origin,
        line: Some(row.line),
    }
}

/// Marks members of `target` that `from` (matched by name, level by level) knows only from the sample.
pub fn copy_origins(target: &mut [Member], from: &[Member]) {
    for member in target {
        if let Some(source) = from.iter().find(|f| f.name == member.name) {
            member.origin = source.origin;
            member.line = source.line;
            copy_origins(&mut member.children, &source.children);
        }
    }
}

/// The declared types a spec can refer to: the operation's own, then the product's.
struct Types<'a> {
    by_name: BTreeMap<&'a str, &'a TypeSpec>,
}

/// The shape of a spec: the operation file, with its product's shared types and product-wide error codes.
pub fn from_spec(op: &OperationSpec, product: &ProductSpec) -> Shape {
    let mut by_name: BTreeMap<&str, &TypeSpec> = product.types.iter().map(|t| (t.name.value.as_str(), t)).collect();
    by_name.extend(op.types.iter().map(|t| (t.name.value.as_str(), t)));
    let types = Types { by_name };
    Shape {
        name: Some(op.name.value.clone()),
        params: op.request.iter().map(|p| spec_param(p, &types)).collect(),
        fields: op.response.fields.iter().map(|f| spec_field(f, &types, 0)).collect(),
        errors: op.errors.iter().map(error_entry).collect(),
        common_errors: product.errors.iter().map(error_entry).collect(),
        response_table: false,
    }
}

fn error_entry(e: &ErrorSpec) -> ErrorEntry {
    let mut messages = vec![e.message.value.clone()];
    messages.extend(e.other_messages.iter().map(|m| m.value.clone()));
    ErrorEntry {
        code: e.code.value.clone(),
        status: e.status.value,
        messages,
        description: e.description.as_ref().map(|d| d.value.clone()),
        line: line_of(&e.code),
    }
}

fn line_of<T>(spanned: &Spanned<T>) -> Option<usize> {
    usize::try_from(spanned.referenced.line()).ok().filter(|l| *l > 0)
}

/// A type expression, resolved: the kind, its valid values (enums) and the members (structures).
fn resolve(
    expr: &str,
    format: Option<&str>,
    types: &Types<'_>,
    depth: usize,
) -> (Kind, Option<Vec<String>>, Vec<Member>) {
    let expr = expr.trim();
    if let Some(inner) = expr.strip_prefix("list<").and_then(|r| r.strip_suffix('>')) {
        let (kind, values, children) = resolve(inner, format, types, depth);
        return (Kind::List(Box::new(kind)), values, children);
    }
    let kind = match expr {
        "string" => Kind::String,
        "integer" => Kind::Integer,
        "long" => Kind::Long,
        "double" => Kind::Double,
        "boolean" => Kind::Boolean,
        "object" => Kind::Object,
        "time" => Kind::Time(format.and_then(|f| TimeFormat::ALL.iter().find(|(_, n)| *n == f).map(|(t, _)| *t))),
        name => return named(name, types, depth),
    };
    (kind, None, Vec::new())
}

fn named(name: &str, types: &Types<'_>, depth: usize) -> (Kind, Option<Vec<String>>, Vec<Member>) {
    let Some(def) = types.by_name.get(name) else {
        return (Kind::Any, None, Vec::new());
    };
    if def.kind.value == "enum" {
        let integer = def.repr.as_ref().is_some_and(|r| r.value == "integer");
        let values = def.values.as_ref().map(|v| v.value.iter().map(|e| e.value.value.to_wire_string()).collect());
        return (if integer { Kind::Integer } else { Kind::String }, values, Vec::new());
    }
    // A structure that contains itself (which no page shows) is cut off rather than followed forever.
    let children = match (&def.fields, depth < 16) {
        (Some(fields), true) => fields.value.iter().map(|f| spec_field(f, types, depth + 1)).collect(),
        _ => Vec::new(),
    };
    (Kind::Struct, None, children)
}

fn spec_param(p: &ParamSpec, types: &Types<'_>) -> Member {
    let (kind, mut values, _) = resolve(&p.ty.value, p.format.as_ref().map(|f| f.value.as_str()), types, 0);
    if let Some(allowed) = &p.allowed {
        values = Some(allowed.value.iter().map(|a| a.value.to_string()).collect());
    }
    Member {
        name: p.name.value.clone(),
        kind,
        required: Some(p.required),
        values,
        default: p.default.as_ref().map(|d| scalar_text(&d.value)),
        children: Vec::new(),
        known: Known { page_claim: p.page_claim.is_some(), source: p.source.is_some(), wire_string: false },
        origin: Origin::Table,
        line: line_of(&p.name),
    }
}

fn spec_field(f: &FieldSpec, types: &Types<'_>, depth: usize) -> Member {
    let (kind, values, children) = resolve(&f.ty.value, f.format.as_ref().map(|x| x.value.as_str()), types, depth);
    Member {
        name: f.name.value.clone(),
        kind,
        required: None,
        values,
        default: None,
        children,
        known: Known {
            page_claim: f.page_claim.is_some(),
            source: f.source.is_some(),
            wire_string: f.wire.as_ref().is_some_and(|w| w.value == "string"),
        },
        origin: Origin::Table,
        line: line_of(&f.name),
    }
}

fn scalar_text(s: &Scalar) -> String {
    s.to_wire_string()
}
