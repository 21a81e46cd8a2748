//! The checked, resolved API: what the generator emits, with every Rust name and type already decided.
//!
//! Built only by `check`, read by `emit` (and later by the diff). Nothing here refers back to YAML; documentation
//! is already the final text.

/// How a time parameter or field is written (mirrors `runtime::time::TimeFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimeFormat {
    /// Epoch milliseconds.
    EpochMillis,
    /// `yyyy-MM-ddTHH:mmZ`.
    Minute,
    /// `yyyy-MM-ddTHH:mm:ssZ`.
    Second,
}

impl TimeFormat {
    /// Every format, with its spec spelling.
    pub const ALL: [(TimeFormat, &'static str); 3] = [
        (TimeFormat::EpochMillis, "epoch-millis"),
        (TimeFormat::Minute, "yyyy-MM-ddTHH:mmZ"),
        (TimeFormat::Second, "yyyy-MM-ddTHH:mm:ssZ"),
    ];

    /// The spec spelling of the format.
    pub fn spec_name(self) -> &'static str {
        match self {
            TimeFormat::EpochMillis => "epoch-millis",
            TimeFormat::Minute => "yyyy-MM-ddTHH:mmZ",
            TimeFormat::Second => "yyyy-MM-ddTHH:mm:ssZ",
        }
    }
}

/// Every product, sorted by module name.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub products: Vec<Product>,
}

/// Where an item came from, for the generated header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    /// `specs/rds/DescribeBackups.yaml`.
    pub path: String,
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
}

/// One product (one API version).
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    pub display_name: String,
    pub code: String,
    pub module: String,
    pub version: String,
    pub signature: Signature,
    pub docs: String,
    pub endpoints: Endpoints,
    /// Types shared by several operations (`types.rs`).
    pub types: Vec<TypeDef>,
    /// The error codes any operation of the product can answer (`CommonErrorCode`, in `types.rs`), declared
    /// once in `product.yaml`; `None` when the product declares none.
    pub common_errors: Option<ErrorEnum>,
    pub operations: Vec<Operation>,
    /// The visible lines of the crate root's getting-started example: one call (see [`Examples`]).
    pub example: String,
    /// The docs of the product's own modules and items.
    pub item_docs: ProductDocs,
    pub source: SourceRef,
}

/// The docs of the product's own modules and items (its `client`, `types` and `server` modules, `Client`,
/// `SERVICE` and the server's `Service` trait), written from the product's header so that a rename or a new API
/// version shows in them (and in `cargo xtask diff`).
#[derive(Debug, Clone, PartialEq)]
pub struct ProductDocs {
    /// The `client` module.
    pub module: String,
    /// `Client`.
    pub client: String,
    /// `SERVICE`.
    pub service: String,
    /// The `types` module (shared types, and the product-wide error codes when there are any).
    pub types_module: String,
    /// The `server` module.
    pub server_module: String,
    /// The server's `Service` trait.
    pub server_trait: String,
}

/// The default signature of a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signature {
    V3,
    V1,
}

/// The endpoint rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub regional: String,
    pub central: Option<String>,
    pub central_regions: Vec<String>,
    pub hosts: Vec<(String, String)>,
}

/// HTTP methods the operations use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The action, as on the wire.
    pub name: String,
    /// Module and client method name (`describe_backups`).
    pub module: String,
    /// The client method that sends a request built beforehand (`send_describe_backups`).
    pub send: String,
    /// The operation's line where operations are listed (the crate root's module list, the server's trait):
    /// "`DescribeBackups`: " and the spec's one-sentence summary, whole.
    pub listing: String,
    pub docs: String,
    pub methods: Vec<Method>,
    /// The method the client sends (the first the spec lists).
    pub method: Method,
    /// The response field that carries the request id (`RequestId`, a string), which a server fills in when
    /// the service's answer leaves it out.
    pub request_id: Option<String>,
    pub changes_state: bool,
    /// Set when the service marks the operation deprecated: the note of its `#[deprecated]`.
    pub deprecated: Option<String>,
    /// The HTTP status of a successful answer (200 unless the spec says another 2xx).
    pub status: u16,
    pub request: Request,
    pub response: Struct,
    /// Types declared in the operation's file.
    pub types: Vec<TypeDef>,
    pub errors: ErrorEnum,
    pub paging: Option<Paging>,
    /// The client methods that poll this operation until an item it lists is done (none for most operations).
    pub waiters: Vec<Waiter>,
    pub samples: Vec<Sample>,
    /// The docs of the client methods that send it.
    pub client_docs: ClientDocs,
    /// The code examples of the client methods (see [`Examples`]).
    pub examples: Examples,
    pub source: SourceRef,
}

/// The docs of an operation's client methods (their examples apart).
#[derive(Debug, Clone, PartialEq)]
pub struct ClientDocs {
    /// The builder method (`client.describe_backups()`).
    pub method: String,
    /// `send_<operation>`, which sends a request built beforehand.
    pub send: String,
    /// The builder's `send`.
    pub builder_send: String,
}

/// The visible lines of the doc examples of an operation's client methods: code that has a `client` in
/// scope and may use `?`. The emitter wraps them into doctests.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Examples {
    /// The builder method: set the required parameters, then `send`.
    pub call: String,
    /// `send_<operation>`: a request built beforehand, then sent.
    pub send: String,
}

/// The request type and its builder.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub name: String,
    pub builder: String,
    pub docs: String,
    pub params: Vec<Param>,
}

/// One request parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub wire: String,
    pub rust: String,
    pub ty: Ty,
    pub required: bool,
    pub docs: String,
    /// The builder's setter taking an `Option` (`set_<rust>`: `None` unsets); the setters' docs are the
    /// runtime's `builder!`, one sentence pointing to the request field, which holds `docs`.
    pub option_setter: String,
    /// The parameter is the region (`RegionId`): when unset, a builder made by a client takes the client's.
    pub region_default: bool,
    pub allowed: Vec<i64>,
    pub limits: Limits,
    /// Where the value travels.
    pub location: Location,
    /// How a list, structure or free-form value is written (`None` for scalars).
    pub style: Option<Style>,
    /// The value holds a structure with a table of limits (`members`), checked before sending.
    pub members: bool,
    /// What the service assumes when the parameter is not sent (documentation: the crate never sends it).
    pub default: Option<String>,
    pub deprecated: Option<String>,
    /// The spec's example value, as wire text (the doc examples use it).
    pub example: Option<String>,
}

/// Where a request parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// The query string.
    Query,
    /// An `application/x-www-form-urlencoded` body.
    Form,
}

/// How a list, structure or free-form request value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Flattened into one parameter per leaf: `Name.1=a`, `Tag.1.Key=k` (index base 1).
    RepeatList,
    /// One parameter holding the value as compact JSON.
    Json,
}

/// A number of a constraint: whole, or with a fraction.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
#[serde(untagged)]
pub enum Number {
    /// A whole number.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
}

impl Number {
    /// The value as a float (whole numbers beyond 2^53 are rounded).
    pub fn as_f64(self) -> f64 {
        match self {
            // Rounding is what a bound this large means to a float comparison.
            #[allow(clippy::cast_precision_loss)]
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Float(x) => write!(f, "{x}"),
        }
    }
}

/// The documented limits of a request value (a parameter, or a field of a structure a request sends), checked
/// before sending.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Limits {
    pub min: Option<Number>,
    pub max: Option<Number>,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    /// A regular expression the whole string must match (compiles with `regex-lite`).
    pub pattern: Option<String>,
    pub min_items: Option<u32>,
    pub max_items: Option<u32>,
}

impl Limits {
    /// Whether nothing is limited.
    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }
}

/// A named structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub name: String,
    pub docs: String,
    pub fields: Vec<Field>,
    /// A request sends it (directly or inside another structure): its fields' limits are checked before
    /// sending.
    pub in_request: bool,
    /// A request sends it and some field, at any depth, has limits: it gets a table of them (`LIMITS`).
    pub limited: bool,
}

impl Struct {
    /// Whether a field is sensitive: the structure's `Debug` is then written out, printing those fields as
    /// `REDACTED`, instead of derived.
    pub fn redacts_debug(&self) -> bool {
        self.fields.iter().any(|f| f.sensitive)
    }

    /// The traits the structure derives (`Debug` only when nothing has to be redacted).
    pub fn derives(&self) -> &'static [&'static str] {
        if self.redacts_debug() {
            &["Clone", "PartialEq", "Default"]
        } else {
            &["Debug", "Clone", "PartialEq", "Default"]
        }
    }
}

/// One field of a structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire: String,
    pub rust: String,
    pub ty: Ty,
    /// Whether the spec documents the field as always present. Documentation only: every response field is an
    /// `Option` (lists `Option<Vec<_>>`), because the service leaves out fields its pages call always present.
    pub required: bool,
    pub wire_form: WireForm,
    pub docs: String,
    pub deprecated: Option<String>,
    /// Checked before sending when the structure is part of a request; documentation otherwise.
    pub limits: Limits,
    /// The field holds a structure with a table of limits (see [`Struct::limited`]).
    pub members: bool,
    /// The value is a secret for whoever holds it (a pre-signed link): `Debug` shows it as `REDACTED`.
    pub sensitive: bool,
    /// The spec's example value, as wire text (the doc examples use it).
    pub example: Option<String>,
}

/// How a field travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireForm {
    /// As its natural JSON type.
    Native,
    /// A number or boolean as a JSON string.
    String,
    /// A list inside a one-key wrapper object with this key.
    Wrapped(String),
    /// A structure that may arrive inside a list of one.
    OneOrMany,
}

/// Types of parameters and fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    String,
    I32,
    I64,
    F32,
    F64,
    Bool,
    Time(TimeFormat),
    Object,
    List(Box<Ty>),
    Named(NamedRef),
}

/// A reference to a declared type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedRef {
    pub name: String,
    pub kind: NamedKind,
    /// Declared in `product.yaml` (lives in the product's `types` module).
    pub shared: bool,
    /// For enums: whether the wire carries integers.
    pub integer: bool,
}

/// Whether a named type is a struct or an enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedKind {
    Struct,
    Enum,
}

/// A declared type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    Struct(Struct),
    Enum(Enum),
}

impl TypeDef {
    /// The Rust name.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
        }
    }
}

/// An enum with a catch-all.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub name: String,
    pub docs: String,
    pub integer: bool,
    pub variants: Vec<Variant>,
    /// `Unknown`, or `UnknownValue` when a documented value is called `Unknown`.
    pub unknown: String,
}

impl Enum {
    /// The traits the enum derives. A string enum derives only `Clone`: `string_enum!` gives its `Debug`, equality
    /// and hash from its table (the variant names, and the wire text); an integer enum derives them all.
    pub fn derives(&self) -> &'static [&'static str] {
        if self.integer {
            &["Debug", "Clone", "PartialEq", "Eq", "Hash"]
        } else {
            &["Clone"]
        }
    }
}

/// One documented enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub rust: String,
    /// The wire value as text (`Success`; `3` for an integer enum's code 3).
    pub value: String,
    /// The integer code of an integer enum's value (`None` in string enums, where `3` is the text "3").
    pub code: Option<i64>,
    pub docs: String,
}

/// The error codes of an operation (or the codes every operation of a product can answer).
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorEnum {
    pub name: String,
    pub docs: String,
    pub codes: Vec<ErrorCode>,
    pub unknown: String,
    /// The variant that holds the product-wide codes, when the operation's product declares some (always
    /// `None` for the product's own enum).
    pub common: Option<CommonVariant>,
}

/// An operation's variant holding a code every operation of its product can answer:
/// `Common(super::CommonErrorCode)`.
#[derive(Debug, Clone, PartialEq)]
pub struct CommonVariant {
    /// The variant (`Common`).
    pub rust: String,
    /// The product's enum of common codes (`CommonErrorCode`), in the product's `types` module.
    pub ty: String,
    pub docs: String,
}

/// One documented error code.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCode {
    pub rust: String,
    pub code: String,
    pub status: u16,
    pub message: String,
    pub other_messages: Vec<String>,
    pub description: Option<String>,
    pub docs: String,
}

/// How a paged operation pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// Request field of the page number (an `Option<i32>`).
    pub page_number: String,
    /// Request field of the page size, and the size the service uses when it is not set (if documented).
    pub page_size: String,
    pub default_page_size: Option<i64>,
    /// Response field holding the total.
    pub total: String,
    /// Response list field of the page's items and its item type.
    pub items: String,
    pub item: Ty,
    /// The visible lines of the `paginate` doc example.
    pub example: String,
}

/// A client method that polls a Describe operation until one listed item reaches a final status: the item a
/// state-changing operation of the same product created (declared in the Describe operation's spec).
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// The method (`wait_until_backup_set_succeeded`).
    pub method: String,
    /// The method's docs.
    pub docs: String,
    /// The operation that starts the work (`CreateBackup`).
    pub started_by: String,
    /// The request field through which the pages are walked (`page_number`), when the listing pages.
    pub page_number: Option<String>,
    /// The response's list of items.
    pub list: Field,
    /// The item type (a struct), and its name for documentation.
    pub item: Ty,
    pub item_name: String,
    /// The item's id field (whose wire name the creating operation returns) and its status field.
    pub id: Field,
    pub status: Field,
    /// The status enum's variants that end the wait: success and failure.
    pub done: Vec<String>,
    pub failed: Vec<String>,
    /// The visible lines of the waiter's doc example.
    pub example: String,
}

/// A sample response.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub name: String,
    pub source: String,
    pub description: Option<String>,
    pub body: String,
}
