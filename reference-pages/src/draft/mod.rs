//! A draft spec for a new operation, decided from a page: every spec type chosen, every guess written down.
//!
//! The draft follows the page where the page is clear and the sample where the page and its sample disagree
//! (the sample is what the checker will hold the spec to): an `array<object>` the sample wraps in
//! `{"Backup": [...]}` gets a `wrapper`, a number the sample sends as a string gets `wire: string`, a key only
//! the sample has becomes a field. Each such decision, each name the page does not give (types, enum variants),
//! and each fact the page does not state (HTTP methods, whether the call changes state) is a guess, and
//! [`render`] writes it next to the line it concerns as `# GUESS: ...`.
//!
//! Files: `infer` (page types to kinds), `params` (request parameters), `fields` (response fields and
//! structures, reconciled with the sample), `enums` (value lists to enum types), `names` (type and member
//! names), `render` (the YAML text).

mod enums;
mod fields;
pub(crate) mod infer;
pub mod names;
pub mod params;
mod render;

use std::collections::BTreeSet;

use crate::model::{Layout, Line, NameSource, Origin, Page, SampleFormat};
use codegen::model::TimeFormat;

pub use render::{one_line, plain, quote, render, Yaml, DRAFT_MARKER};

/// A spec type expression of the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    String,
    Integer,
    Long,
    Double,
    Boolean,
    /// A free-form object.
    Object,
    Time(TimeFormat),
    /// Index into [`Draft::enums`].
    Enum(usize),
    /// Index into [`Draft::structs`].
    Struct(usize),
    List(Box<Ty>),
}

/// A request parameter.
#[derive(Debug, Clone)]
pub struct DraftParam {
    pub name: String,
    pub line: Line,
    pub ty: Ty,
    pub required: bool,
    pub description: String,
    pub example: Option<String>,
    pub allowed: Vec<i64>,
    pub default: Option<String>,
    pub min: Option<i64>,
    pub rust_name: Option<String>,
    pub guesses: Vec<String>,
}

/// A response field.
#[derive(Debug, Clone)]
pub struct DraftField {
    pub name: String,
    pub line: Line,
    pub origin: Origin,
    pub ty: Ty,
    pub wire_string: bool,
    pub wrapper: Option<String>,
    pub one_or_many: bool,
    pub required: bool,
    pub description: String,
    pub example: Option<String>,
    pub rust_name: Option<String>,
    pub guesses: Vec<String>,
}

/// A structure.
#[derive(Debug, Clone)]
pub struct DraftStruct {
    pub name: String,
    pub description: String,
    pub fields: Vec<DraftField>,
    pub guesses: Vec<String>,
}

/// An enum.
#[derive(Debug, Clone)]
pub struct DraftEnum {
    pub name: String,
    pub integer: bool,
    pub description: String,
    pub values: Vec<DraftValue>,
    pub guesses: Vec<String>,
}

/// One enum value.
#[derive(Debug, Clone)]
pub struct DraftValue {
    pub value: String,
    pub rust_name: Option<String>,
    pub description: Option<String>,
}

/// An error code.
#[derive(Debug, Clone)]
pub struct DraftError {
    pub line: Line,
    pub status: u16,
    pub code: String,
    pub message: String,
    pub other_messages: Vec<String>,
    pub description: Option<String>,
    pub rust_name: Option<String>,
    pub guesses: Vec<String>,
}

/// A sample response.
#[derive(Debug, Clone)]
pub struct DraftSample {
    pub name: String,
    pub line: Line,
    pub description: String,
    pub body: String,
}

/// The whole draft.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The page as named in the header comment.
    pub page_path: String,
    pub layout: Layout,
    pub name: String,
    pub name_note: String,
    pub name_guess: Option<String>,
    pub summary: String,
    pub summary_guess: Option<String>,
    pub description: Option<String>,
    pub changes_state: bool,
    pub params: Vec<DraftParam>,
    pub response_description: Option<String>,
    pub response_guesses: Vec<String>,
    pub fields: Vec<DraftField>,
    pub structs: Vec<DraftStruct>,
    pub enums: Vec<DraftEnum>,
    pub errors: Vec<DraftError>,
    /// Codes of the page's table left out because the product declares them product-wide.
    pub errors_product_wide: Vec<String>,
    pub error_note: Option<String>,
    pub samples: Vec<DraftSample>,
    /// Things to read before reviewing (page notes, an XML sample to transcribe, paging).
    pub notes: Vec<String>,
}

/// What the importer knows besides the page.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// How the page is named in the draft's header (`seeds/001.txt`).
    pub page_path: String,
    /// The operation's name when the page does not give it (or to override it).
    pub name: Option<String>,
    /// Type names already declared in the product (all its types share one namespace).
    pub taken_types: BTreeSet<String>,
    /// Error codes the product declares product-wide (`errors:` of `product.yaml`): the draft leaves them out.
    pub product_wide_codes: BTreeSet<String>,
}

/// Why no draft could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The page names the operation nowhere and no name was given.
    NoName,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::NoName => write!(
                f,
                "the page does not name the operation (no title, Action row, sample request or authorization \
                 table); pass --name <Action>"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// Every type name declared in a product's files (keyed `folder/file.yaml`): they share one namespace, so a
/// draft must not reuse them. Files that do not parse are skipped (the checker reports them).
pub fn declared_type_names(files: &codegen::load::SpecFiles) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (key, text) in files {
        let types = if key.ends_with("/product.yaml") {
            serde_saphyr::from_str::<codegen::spec::ProductSpec>(text).map(|p| p.types).unwrap_or_default()
        } else {
            serde_saphyr::from_str::<codegen::spec::OperationSpec>(text).map(|o| o.types).unwrap_or_default()
        };
        names.extend(types.into_iter().map(|t| t.name.value));
    }
    names
}

/// The error codes a product declares product-wide (`errors:` of its `product.yaml`, keyed
/// `folder/product.yaml` in `files`); none when it does not parse (the checker reports it).
pub fn product_wide_codes(files: &codegen::load::SpecFiles) -> BTreeSet<String> {
    files
        .iter()
        .filter(|(key, _)| key.ends_with("/product.yaml"))
        .filter_map(|(_, text)| serde_saphyr::from_str::<codegen::spec::ProductSpec>(text).ok())
        .flat_map(|p| p.errors.into_iter().map(|e| e.code.value))
        .collect()
}

/// Operation name prefixes of read-only calls.
const READ_ONLY: &[&str] = &["Describe", "List", "Query", "Get", "Check", "Search", "Preview", "Inspect"];

/// Drafts a spec from a page.
pub fn draft(page: &Page, options: &ImportOptions) -> Result<Draft, ImportError> {
    let (name, name_note, name_guess) = match (&options.name, &page.name) {
        (Some(given), _) => (given.clone(), "given with --name".to_owned(), None),
        (None, Some(n)) => {
            let note = format!("from {} (page line {})", n.source.describe(), n.line);
            let guess = (n.source == NameSource::Authorization).then(|| {
                "the page names the action only in its authorization table: check the spelling against the SDK"
                    .to_owned()
            });
            (n.value.clone(), note, guess)
        }
        (None, None) => return Err(ImportError::NoName),
    };
    let mut names = names::Names::new(&name, &options.taken_types);
    let mut enums = enums::Enums::default();
    let params = params::build(&page.request, &mut names, &mut enums);
    let mut structs = Vec::new();
    let fields = fields::build(
        &page.response.fields,
        "",
        &mut fields::Ctx { names: &mut names, enums: &mut enums, structs: &mut structs },
    );
    let mut response_guesses = Vec::new();
    if !page.response.table {
        response_guesses.push(
            "the page has no response table: every field, its nesting and its type come from the sample".to_owned(),
        );
    }
    let (summary, summary_guess) = match &page.summary {
        Some((s, _)) => (s.clone(), None),
        None => (
            "TODO: one sentence saying what the operation does.".to_owned(),
            Some("the page has no summary line".to_owned()),
        ),
    };
    let changes_state = !READ_ONLY.iter().any(|p| name.starts_with(p));
    let mut notes: Vec<String> = page.notes.iter().map(|n| format!("page line {}: {}", n.line, n.text)).collect();
    for xml in page.samples.iter().filter(|s| s.format == SampleFormat::Xml) {
        notes.push(format!(
            "page line {}: the page also has an XML sample; where it shows something the JSON sample does not (one \
             object where JSON has a list, another type), add a JSON transcription of it as a `page-xml` sample",
            xml.line
        ));
    }
    let request_names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
    if request_names.contains(&"PageNumber") && request_names.contains(&"PageSize") {
        notes.push(
            "the request pages (PageNumber, PageSize): if a response field holds the total over all pages, add \
             `paging:` (specs/README.md)"
                .to_owned(),
        );
    }
    let samples = page
        .samples
        .iter()
        .filter(|s| s.format == SampleFormat::Json)
        .enumerate()
        .map(|(i, s)| DraftSample {
            name: if i == 0 { "page".to_owned() } else { format!("page_{}", i + 1) },
            line: s.line,
            description: match &s.repaired {
                Some(r) => format!("The JSON sample of the page; {r}."),
                None => "The JSON sample of the page.".to_owned(),
            },
            body: s.body.clone(),
        })
        .collect();
    let (errors, errors_product_wide): (Vec<DraftError>, Vec<DraftError>) =
        errors(page).into_iter().partition(|e| !options.product_wide_codes.contains(&e.code));
    let errors_product_wide = errors_product_wide.into_iter().map(|e| e.code).collect();
    let error_note =
        (!page.error_table).then(|| "the page has no error-code table (it links to the error center)".to_owned());
    Ok(Draft {
        page_path: options.page_path.clone(),
        layout: page.layout,
        name,
        name_note,
        name_guess,
        summary,
        summary_guess,
        description: page.description.clone(),
        changes_state,
        params,
        response_description: page.response.description.clone(),
        response_guesses,
        fields,
        structs,
        enums: enums.into_list(),
        errors,
        errors_product_wide,
        error_note,
        samples,
        notes,
    })
}

fn errors(page: &Page) -> Vec<DraftError> {
    let mut variants: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for e in &page.errors {
        let mut guesses: Vec<String> =
            e.split_guess.iter().map(|g| format!("the page runs the cells together; {g}")).collect();
        let derived = codegen::naming::type_name(&e.code);
        let rust_name = match &derived {
            Some(v) if !variants.contains(v) && v != "Unknown" => None,
            _ => {
                let base = derived.clone().unwrap_or_else(|| "Code".to_owned());
                let mut n = 2;
                while variants.contains(&format!("{base}{n}")) {
                    n += 1;
                }
                guesses.push(format!("`{}` becomes the same variant as another code: renamed", e.code));
                Some(format!("{base}{n}"))
            }
        };
        variants.push(rust_name.clone().or(derived).unwrap_or_default());
        if e.messages.len() > 1 {
            guesses.push("the page lists this code more than once: the later messages are `other_messages`".to_owned());
        }
        out.push(DraftError {
            line: e.line,
            status: e.status,
            code: e.code.clone(),
            message: e.messages.first().cloned().unwrap_or_default(),
            other_messages: e.messages.iter().skip(1).cloned().collect(),
            description: e.description.clone(),
            rust_name,
            guesses,
        });
    }
    out
}
