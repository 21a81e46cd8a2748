//! The YAML spec format, as serde types that mirror the files key for key.
//!
//! Nothing here is interpreted: every value keeps its source location ([`Spanned`]) so the checker can point
//! at it, and `deny_unknown_fields` turns a typo into an error instead of silently dropped information.
//! `specs/README.md` documents each key; the checker (`check`) turns these into the model.

use std::collections::BTreeMap;

use serde::Deserialize;
pub use serde_saphyr::Spanned;

/// A YAML scalar whose type the format leaves open (examples, defaults, enum values).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// Anything else.
    Str(String),
}

impl Scalar {
    /// The value as the wire would carry it in a query string.
    pub fn to_wire_string(&self) -> String {
        match self {
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Str(s) => s.clone(),
        }
    }
}

/// `product.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductSpec {
    pub name: Spanned<String>,
    pub code: Spanned<String>,
    #[serde(default)]
    pub module: Option<Spanned<String>>,
    pub version: Spanned<String>,
    pub style: Spanned<String>,
    #[serde(default)]
    pub signature: Option<Spanned<String>>,
    #[serde(default)]
    pub doc: Option<Spanned<String>>,
    pub endpoints: EndpointsSpec,
    #[serde(default)]
    pub types: Vec<TypeSpec>,
    /// Error codes any operation of the product can answer (same entries as an operation's `errors`).
    #[serde(default)]
    pub errors: Vec<ErrorSpec>,
}

/// `product.yaml` `endpoints`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointsSpec {
    pub regional: Spanned<String>,
    #[serde(default)]
    pub central: Option<Spanned<String>>,
    #[serde(default)]
    pub central_regions: Vec<Spanned<String>>,
    #[serde(default)]
    pub hosts: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub source: Option<Spanned<String>>,
}

/// One operation file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSpec {
    pub name: Spanned<String>,
    pub summary: Spanned<String>,
    #[serde(default)]
    pub description: Option<Spanned<String>>,
    #[serde(default)]
    pub doc: Option<Spanned<String>>,
    pub methods: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub changes_state: bool,
    #[serde(default)]
    pub paging: Option<Spanned<PagingSpec>>,
    #[serde(default)]
    pub request: Vec<ParamSpec>,
    pub response: ResponseSpec,
    #[serde(default)]
    pub types: Vec<TypeSpec>,
    #[serde(default)]
    pub errors: Vec<ErrorSpec>,
    #[serde(default)]
    pub samples: Vec<SampleSpec>,
    #[serde(default)]
    pub waiters: Vec<WaiterSpec>,
    /// The operation is deprecated: a sentence saying so (and what to use instead).
    #[serde(default)]
    pub deprecated: Option<Spanned<String>>,
    /// The HTTP status of a successful answer, when it is not 200 (a 2xx).
    #[serde(default)]
    pub status: Option<Spanned<u16>>,
}

/// A waiter: a client method that polls this (listing) operation until the item another operation started
/// reaches a final status.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiterSpec {
    /// UpperCamelCase; the method is `wait_until_<name in snake_case>`.
    pub name: Spanned<String>,
    /// The state-changing operation whose response gives the item's id.
    pub started_by: Spanned<String>,
    /// The response list holding the items (wire name).
    pub list: Spanned<String>,
    /// The item's id field (wire name); also the waiter's parameter.
    pub id: Spanned<String>,
    /// The field of the starting operation's response that holds the id, when it is named differently from
    /// the item's (`BackupJobId` returned, listed as `BackupId`); default: `id`.
    #[serde(default)]
    pub started_id: Option<Spanned<String>>,
    /// The item's status field (wire name), an enum.
    pub status: Spanned<String>,
    /// The status values (wire values) that end the wait with success.
    pub done: Spanned<Vec<Spanned<Scalar>>>,
    /// The status values (wire values) that end the wait with a failure.
    pub failed: Spanned<Vec<Spanned<Scalar>>>,
    /// A request parameter (wire name) through which the waiter walks the pages until it finds the item.
    #[serde(default)]
    pub page_number: Option<Spanned<String>>,
    #[serde(default)]
    pub description: Option<Spanned<String>>,
}

/// `paging`: which parameters and fields make an operation paged.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagingSpec {
    pub page_number: Spanned<String>,
    pub page_size: Spanned<String>,
    pub total: Spanned<String>,
    pub items: Spanned<String>,
}

/// One request parameter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    pub name: Spanned<String>,
    #[serde(default)]
    pub rust_name: Option<Spanned<String>>,
    #[serde(rename = "type")]
    pub ty: Spanned<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub description: Option<Spanned<String>>,
    #[serde(default)]
    pub example: Option<Spanned<Scalar>>,
    #[serde(default)]
    pub format: Option<Spanned<String>>,
    #[serde(default)]
    pub allowed: Option<Spanned<Vec<Spanned<i64>>>>,
    #[serde(default)]
    pub default: Option<Spanned<Scalar>>,
    #[serde(default)]
    pub min: Option<Spanned<Number>>,
    #[serde(default)]
    pub max: Option<Spanned<Number>>,
    #[serde(default)]
    pub min_length: Option<Spanned<u32>>,
    #[serde(default)]
    pub max_length: Option<Spanned<u32>>,
    #[serde(default)]
    pub pattern: Option<Spanned<String>>,
    #[serde(default)]
    pub min_items: Option<Spanned<u32>>,
    #[serde(default)]
    pub max_items: Option<Spanned<u32>>,
    /// `query` (the default) or `form` (an `application/x-www-form-urlencoded` body).
    #[serde(default)]
    pub location: Option<Spanned<String>>,
    /// How a list, structure or `object` travels: `repeat_list` or `json`.
    #[serde(default)]
    pub style: Option<Spanned<String>>,
    /// Where the parameter is known from when the page does not list it (e.g. the official SDK's model).
    #[serde(default)]
    pub source: Option<Spanned<String>>,
    #[serde(default)]
    pub page_claim: Option<Spanned<String>>,
    #[serde(default)]
    pub deprecated: Option<Spanned<String>>,
}

pub use crate::model::Number;

/// The constraint keys of a request parameter or of a field of a structure a request sends, borrowed from
/// either (both spell them the same way).
#[derive(Debug, Clone, Copy)]
pub struct Limits<'a> {
    pub min: Option<&'a Spanned<Number>>,
    pub max: Option<&'a Spanned<Number>>,
    pub min_length: Option<&'a Spanned<u32>>,
    pub max_length: Option<&'a Spanned<u32>>,
    pub pattern: Option<&'a Spanned<String>>,
    pub min_items: Option<&'a Spanned<u32>>,
    pub max_items: Option<&'a Spanned<u32>>,
}

macro_rules! limits_of {
    ($($spec:ty),*) => {$(
        impl $spec {
            /// The constraint keys.
            pub fn limits(&self) -> Limits<'_> {
                Limits {
                    min: self.min.as_ref(),
                    max: self.max.as_ref(),
                    min_length: self.min_length.as_ref(),
                    max_length: self.max_length.as_ref(),
                    pattern: self.pattern.as_ref(),
                    min_items: self.min_items.as_ref(),
                    max_items: self.max_items.as_ref(),
                }
            }
        }
    )*};
}
limits_of!(ParamSpec, FieldSpec);

/// `response`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    #[serde(default)]
    pub description: Option<Spanned<String>>,
    pub fields: Vec<FieldSpec>,
}

/// One field of a response structure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    pub name: Spanned<String>,
    #[serde(default)]
    pub rust_name: Option<Spanned<String>>,
    #[serde(rename = "type")]
    pub ty: Spanned<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub wire: Option<Spanned<String>>,
    #[serde(default)]
    pub wrapper: Option<Spanned<String>>,
    #[serde(default)]
    pub one_or_many: Option<Spanned<bool>>,
    #[serde(default)]
    pub format: Option<Spanned<String>>,
    #[serde(default)]
    pub description: Option<Spanned<String>>,
    #[serde(default)]
    pub example: Option<Spanned<Scalar>>,
    #[serde(default)]
    pub page_claim: Option<Spanned<String>>,
    #[serde(default)]
    pub source: Option<Spanned<String>>,
    #[serde(default)]
    pub deprecated: Option<Spanned<String>>,
    /// The value is a secret for whoever holds it (a pre-signed download link): `Debug` shows `REDACTED`.
    #[serde(default)]
    pub sensitive: Option<Spanned<bool>>,
    // Constraints, checked before sending when the structure is part of a request.
    #[serde(default)]
    pub min: Option<Spanned<Number>>,
    #[serde(default)]
    pub max: Option<Spanned<Number>>,
    #[serde(default)]
    pub min_length: Option<Spanned<u32>>,
    #[serde(default)]
    pub max_length: Option<Spanned<u32>>,
    #[serde(default)]
    pub pattern: Option<Spanned<String>>,
    #[serde(default)]
    pub min_items: Option<Spanned<u32>>,
    #[serde(default)]
    pub max_items: Option<Spanned<u32>>,
}

/// A named struct or enum.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeSpec {
    pub name: Spanned<String>,
    pub kind: Spanned<String>,
    #[serde(default)]
    pub description: Option<Spanned<String>>,
    #[serde(default)]
    pub fields: Option<Spanned<Vec<FieldSpec>>>,
    #[serde(default)]
    pub repr: Option<Spanned<String>>,
    #[serde(default)]
    pub values: Option<Spanned<Vec<EnumValueSpec>>>,
    #[serde(default)]
    pub page_claim: Option<Spanned<String>>,
}

/// One value of an enum.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValueSpec {
    pub value: Spanned<Scalar>,
    #[serde(default)]
    pub rust_name: Option<Spanned<String>>,
    /// A short label (the metadata's value title), shown before the description.
    #[serde(default)]
    pub title: Option<Spanned<String>>,
    #[serde(default)]
    pub description: Option<Spanned<String>>,
}

/// One row of the page's error-code table (of an operation, or in `product.yaml` a code every operation of the
/// product can answer).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    pub status: Spanned<u16>,
    pub code: Spanned<String>,
    #[serde(default)]
    pub rust_name: Option<Spanned<String>>,
    pub message: Spanned<String>,
    #[serde(default)]
    pub description: Option<Spanned<String>>,
    #[serde(default)]
    pub other_messages: Vec<Spanned<String>>,
}

/// A sample response.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleSpec {
    pub name: Spanned<String>,
    pub source: Spanned<String>,
    #[serde(default)]
    pub description: Option<Spanned<String>>,
    pub body: Spanned<String>,
}
