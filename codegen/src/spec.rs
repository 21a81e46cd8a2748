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
    pub min: Option<Spanned<i64>>,
    #[serde(default)]
    pub max: Option<Spanned<i64>>,
    #[serde(default)]
    pub max_length: Option<Spanned<u32>>,
    /// Where the parameter is known from when the page does not list it (e.g. the official SDK's model).
    #[serde(default)]
    pub source: Option<Spanned<String>>,
    #[serde(default)]
    pub page_claim: Option<Spanned<String>>,
    #[serde(default)]
    pub deprecated: Option<Spanned<String>>,
}

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
    #[serde(default)]
    pub description: Option<Spanned<String>>,
}

/// One row of the page's error-code table.
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
