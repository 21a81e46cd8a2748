//! What the reader makes of a page: a structured, line-numbered transcript, before any spec decision.
//!
//! These types say what the page *says* (its table types as written, its valid-value lists, its samples), with
//! the page line of each item, so that `import` can draft a spec from it and `doc_check` can compare it with one.
//! Nothing here decides Rust names or spec types: that is the draft's job (`draft`).

/// A 1-based line number of the page.
pub type Line = usize;

/// How the page's tables were flattened when the page was copied out of a browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `Parameter Type Required Example Description`, one row per line (`Name Type Yes example`), the
    /// description in the following paragraphs.
    Flattened,
    /// `ParameterTypeRequiredDescriptionExample`: the cells of a row's first line run together (`NamestringYes`),
    /// the description follows, the example is the row's last line.
    RunTogether,
    /// Markdown-like pipe tables (`Name | type | Yes | description | example |`).
    Pipe,
}

impl Layout {
    /// How the layout is called in messages and drafts.
    pub fn describe(self) -> &'static str {
        match self {
            Layout::Flattened => "flattened tables",
            Layout::RunTogether => "run-together table headers",
            Layout::Pipe => "pipe tables",
        }
    }
}

/// Where the page names the operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSource {
    /// The title line (`PolarDB:DescribeBackupTasks`).
    Title,
    /// The `Action` parameter row (`Set the value to X`).
    ActionRow,
    /// The sample request (`?Action=X`).
    SampleRequest,
    /// The authorization table (`polardb:DescribeBackupTasks`): the weakest witness.
    Authorization,
}

impl NameSource {
    /// Where that is on the page, in words.
    pub fn describe(self) -> &'static str {
        match self {
            NameSource::Title => "the page title",
            NameSource::ActionRow => "the Action parameter row",
            NameSource::SampleRequest => "the sample request (?Action=...)",
            NameSource::Authorization => "the authorization table",
        }
    }
}

/// The operation's name as the page gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageName {
    pub value: String,
    pub line: Line,
    pub source: NameSource,
}

/// A type as a table writes it, read into a small closed set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageType {
    String,
    Integer,
    Long,
    Double,
    Boolean,
    /// `object` / `Object` / `map`.
    Object,
    /// `Array of X`, `array<object>`, `object []`, `array<string>`.
    Array(ArrayItem),
}

/// What an array's elements are, as far as the type cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArrayItem {
    /// `Array of BackupSet`: objects of a named structure.
    Named(String),
    /// `array<object>`, `object []`: objects.
    Object,
    /// `array<string>`: scalars.
    Scalar(Box<PageType>),
    /// `array`: not said.
    Unknown,
}

impl PageType {
    /// Whether rows after this one may be its members (an object, or an array of objects).
    pub fn is_container(&self) -> bool {
        matches!(self, PageType::Object | PageType::Array(ArrayItem::Named(_) | ArrayItem::Object | ArrayItem::Unknown))
    }
}

/// One valid value listed for a parameter or field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidValue {
    /// The value as the wire carries it (`Automated`, `0`, or `""`).
    pub value: String,
    /// What it means, when the page says (`0: fast backup`).
    pub meaning: Option<String>,
    pub line: Line,
}

/// The valid values of a row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values {
    pub list: Vec<ValidValue>,
    /// The page announces a list ("Enumeration Value:") but the list is cut off.
    pub cut_off: bool,
}

/// One row of a parameter table, with its description read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: Line,
    /// Wire name; empty for the nameless `object` rows that open an array's item or the response.
    pub name: String,
    pub ty: PageType,
    /// The type cell as written (`Array of BackupSet`, `object []`).
    pub ty_text: String,
    /// `Yes` / `No` in request tables; `None` in response tables.
    pub required: Option<bool>,
    /// The description, as Markdown (paragraphs; bullets as `- ` lines).
    pub description: String,
    pub example: Option<String>,
    pub values: Values,
    /// "Default value: X".
    pub default: Option<String>,
    /// The description says the number is positive / starts from 1.
    pub positive: bool,
}

/// Where a response field is known from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A row of the response table.
    Table,
    /// Only the sample response shows it.
    Sample,
}

/// A response field, with its members (for objects and arrays of objects).
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The table row, or a row made up from the sample (origin `Sample`).
    pub row: Row,
    pub origin: Origin,
    /// Members of the object or of the array's items.
    pub children: Vec<Field>,
    /// Description of the array's item (the nameless `object` row under it).
    pub item_description: Option<String>,
    /// What the sample shows at this field (first occurrence), if it shows it.
    pub sample: Option<crate::json::Node>,
    /// Why the field's place in the tree is a guess (no witness in the sample), if it is.
    pub nesting_guess: Option<String>,
}

/// The response section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Response {
    /// The page has a response table (the Redis pages have none: the shape comes from the sample).
    pub table: bool,
    /// The description of the nameless root `object` row, if any.
    pub description: Option<String>,
    pub fields: Vec<Field>,
}

/// The format of a sample response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleFormat {
    Json,
    Xml,
}

/// A sample response as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub format: SampleFormat,
    /// Page line of the body's first line.
    pub line: Line,
    /// The body (for JSON: repaired when the copy lost its outer braces).
    pub body: String,
    /// What was repaired, if anything.
    pub repaired: Option<String>,
    /// The parsed body (JSON only).
    pub json: Option<crate::json::Node>,
}

/// One row of the error-code table (a code listed twice becomes one entry with two messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorRow {
    pub line: Line,
    pub status: u16,
    pub code: String,
    /// The first message, then the messages of later rows with the same code.
    pub messages: Vec<String>,
    /// `None` when the page writes `-`.
    pub description: Option<String>,
    /// How the run-together cells were split, when that was a guess.
    pub split_guess: Option<String>,
}

/// One entry of the change history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub line: Line,
    pub date: String,
    pub summary: String,
}

/// Something the reader noticed and worked around (a repaired sample, a duplicate row, a cut-off list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub line: Line,
    pub text: String,
}

/// Everything the reader found on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The layout of the parameter tables.
    pub layout: Layout,
    /// The operation's name, when the page gives it anywhere.
    pub name: Option<PageName>,
    /// The one-sentence summary at the top.
    pub summary: Option<(String, Line)>,
    /// The "Operation description" section, as Markdown.
    pub description: Option<String>,
    /// Request parameters in page order (the common `Action` row is not one of them).
    pub request: Vec<Row>,
    pub response: Response,
    pub samples: Vec<Sample>,
    /// The page has an error-code table (many pages only link to the error center).
    pub error_table: bool,
    pub errors: Vec<ErrorRow>,
    pub history: Vec<Change>,
    pub notes: Vec<Note>,
    /// The number of lines of the page.
    pub lines: usize,
}
