//! One reported change and where in the API it is: the unit every renderer and the semver rule work on.

use crate::rules::{Class, Kind};

/// Which part of an operation a change is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    Request,
    Response,
    Errors,
    Paging,
    Samples,
}

impl Part {
    /// The word used in locations and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Part::Request => "request",
            Part::Response => "response",
            Part::Errors => "errors",
            Part::Paging => "paging",
            Part::Samples => "samples",
        }
    }
}

/// Where a change is: a product, maybe an operation or a declared type, maybe a part and a member. Names are
/// the spec's (wire names, type names), as a reviewer finds them in the YAML.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    /// The product's Rust module (`rds`).
    pub product: String,
    /// The operation (`DescribeBackups`).
    pub operation: Option<String>,
    /// The declared type (`Backup`).
    pub type_name: Option<String>,
    /// The part of the operation.
    pub part: Option<Part>,
    /// The parameter, field, enum value, error code or sample.
    pub member: Option<String>,
}

/// One piece of a rendered location: a name (shown as code) or a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    Name(&'a str),
    Word(&'static str),
    /// `type` followed by a name.
    TypeName(&'a str),
}

impl Place {
    /// A product-level place.
    pub fn product(module: &str) -> Place {
        Place { product: module.to_owned(), ..Place::default() }
    }

    /// The same place inside an operation.
    pub fn operation(&self, name: &str) -> Place {
        Place { operation: Some(name.to_owned()), ..self.clone() }
    }

    /// The same place inside a declared type.
    pub fn type_name(&self, name: &str) -> Place {
        Place { type_name: Some(name.to_owned()), ..self.clone() }
    }

    /// The same place inside a part of the operation.
    pub fn part(&self, part: Part) -> Place {
        Place { part: Some(part), ..self.clone() }
    }

    /// The same place at a member.
    pub fn member(&self, name: &str) -> Place {
        Place { member: Some(name.to_owned()), ..self.clone() }
    }

    /// The location, outermost first.
    pub fn segments(&self) -> Vec<Segment<'_>> {
        let mut out = vec![Segment::Name(&self.product)];
        if let Some(op) = &self.operation {
            out.push(Segment::Name(op));
        }
        if let Some(t) = &self.type_name {
            out.push(Segment::TypeName(t));
        }
        if let Some(p) = self.part {
            out.push(Segment::Word(p.id()));
        }
        if let Some(m) = &self.member {
            out.push(Segment::Name(m));
        }
        out
    }
}

/// One change, in API terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    pub place: Place,
    /// What changed, in one line (names in backticks): "type `Option<i32>` → `Option<i64>` (widened)".
    pub what: String,
    /// The value before, when there is one worth showing (a type, a name, doc text).
    pub old: Option<String>,
    /// The value after.
    pub new: Option<String>,
    /// For changes inside a declared type: where the API reaches the type (`DescribeBackups › response › Items[]`).
    pub used_by: Vec<String>,
}

impl Change {
    /// A change without before/after values.
    pub fn new(kind: Kind, place: Place, what: impl Into<String>) -> Change {
        Change { kind, place, what: what.into(), old: None, new: None, used_by: Vec::new() }
    }

    /// Records the values before and after; an empty value means there is none (an addition, a removal).
    pub fn values(mut self, old: impl Into<String>, new: impl Into<String>) -> Change {
        let some = |v: String| (!v.is_empty()).then_some(v);
        self.old = some(old.into());
        self.new = some(new.into());
        self
    }

    /// The class of the change.
    pub fn class(&self) -> Class {
        self.kind.class()
    }

    /// Why it has that class.
    pub fn why(&self) -> &'static str {
        self.kind.why()
    }
}
