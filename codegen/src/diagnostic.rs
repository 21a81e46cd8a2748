//! Located errors about specs, and their rendering.
//!
//! A spec maintainer must be able to fix a spec from the message alone: every diagnostic has a stable code, a
//! sentence saying what is wrong, the file, line and column, the source line with a caret under the culprit,
//! and a hint saying what would be right. The checker collects all of them in a run instead of stopping at the
//! first. Rendering uses annotate-snippets in plain (uncoloured) mode so snapshot tests are stable.

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::source::{self, Loc, SourceMap};

macro_rules! codes {
    ($($variant:ident = $id:literal : $what:literal,)*) => {
        /// What kind of problem a diagnostic reports. The id (`E007`) never changes meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $(#[doc = $what] $variant,)* }

        impl Code {
            /// Every code, in id order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable id, e.g. `E007`.
            pub fn id(self) -> &'static str {
                match self { $(Code::$variant => $id,)* }
            }

            /// One line saying what kind of problem this is.
            pub fn what(self) -> &'static str {
                match self { $(Code::$variant => $what,)* }
            }
        }
    };
}

codes! {
    YamlSyntax = "E001": "the file is not valid YAML",
    UnknownKey = "E002": "a key the spec format does not have",
    WrongValueType = "E003": "a value of the wrong type",
    MissingKey = "E004": "a required key is missing",
    UnknownType = "E005": "a type reference names no declared type",
    BadTypeExpression = "E006": "a type expression that does not parse",
    DuplicateWireName = "E007": "the same wire name twice in one parameter list or structure",
    NameCollision = "E008": "two names that become the same Rust name",
    BadRustName = "E009": "a `rust_name` that is a Rust keyword or not an identifier",
    EnumValueNotIdentifier = "E010": "an enum value that cannot become a Rust identifier",
    DuplicateEnumValue = "E011": "the same enum value twice",
    BadTimeFormat = "E012": "a time format the runtime does not know",
    TimeFormatMisuse = "E013": "a `time` without a format, or a format on something that is not a time",
    SampleShape = "E014": "a sample response that does not match the declared response",
    SampleNotJson = "E015": "a sample body that is not JSON",
    DuplicateType = "E016": "two types with the same name in one product",
    TypeNotShared = "E017": "a type declared by one operation and used by another",
    BadMethod = "E018": "an HTTP method the APIs do not use",
    BadPaging = "E019": "`paging` naming a parameter or field that does not fit",
    DuplicateErrorCode = "E020": "the same error code twice",
    BadWireForm = "E021": "`wire`, `wrapper` or `one_or_many` on a field they do not apply to",
    BadConstraint = "E022": "`allowed`, `default`, `min`, `max` or `max_length` that do not fit the parameter or field",
    BadProtocol = "E023": "an unknown API style or signature",
    FileNameMismatch = "E024": "an operation file whose name differs from the operation's",
    MissingProduct = "E025": "a spec folder without `product.yaml`",
    UnusedType = "E026": "a declared type nothing uses",
    BadEndpoint = "E027": "an endpoint rule that cannot produce a host",
    BadSample = "E028": "a sample with a duplicate name or unknown source",
    BadErrorStatus = "E029": "an error code whose HTTP status is not 4xx or 5xx",
    BadEnum = "E030": "an enum or struct declaration whose keys do not fit its kind",
    BadTypeName = "E031": "a type name that is not UpperCamelCase or shadows a standard type",
    DuplicateOperation = "E032": "two operations or products with the same name",
    BadWaiter = "E033": "a waiter whose operation, list, id, status or values do not exist or do not fit",
    BadStatus = "E034": "an operation `status` that is not a 2xx success status",
    BadLocation = "E035": "a parameter `location` that is unknown, or `form` on an operation that is not sent with POST",
    BadStyle = "E036": "`style` missing on a list, structure or `object` parameter, given on a scalar, or unknown",
    BadPattern = "E037": "a `pattern` on something that is not a string, or that the runtime's regex engine cannot compile",
    BadItemsOrLength = "E038": "`min_length`, `min_items` or `max_items` on a value they do not apply to, or above its maximum",
    BadRequestStruct = "E039": "a structure a request sends that holds what a request cannot carry (a wrapper, `one_or_many`, itself)",
    EmptyNote = "E040": "an empty operation `deprecated` sentence or enum value `title`",
    BadErrorCode = "E041": "an error code that is empty or holds whitespace (the service's codes never do)",
    RepeatedCommonCode = "E042": "an operation lists an error code its product already declares product-wide (in `product.yaml`)",
}

/// One problem in the specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind of problem.
    pub code: Code,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where; `None` only for problems with no file (an unreadable directory).
    pub loc: Option<Loc>,
    /// A short label under the caret.
    pub label: Option<String>,
    /// What would be right.
    pub hint: String,
    /// Other places involved ("first declared here").
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic at `loc`.
    pub fn new(code: Code, loc: Loc, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Diagnostic { code, message: message.into(), loc: Some(loc), label: None, hint: hint.into(), notes: Vec::new() }
    }

    /// Adds a label under the caret.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a label under the caret, in place.
    pub fn labelled(&mut self, label: impl Into<String>) -> &mut Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a note.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The diagnostic as text: header, location, source line with a caret, notes and hint.
    pub fn render(&self, sources: &SourceMap) -> String {
        let title = Level::ERROR.primary_title(&self.message).id(self.code.id());
        let mut report = Vec::new();
        let first = match &self.loc {
            Some(loc) => {
                // Only the line of the location is given to annotate-snippets, numbered by us: it splits lines
                // at `\n` alone, while YAML (and so `loc.line`) also breaks at a lone `\r`.
                let file = sources.file(loc.file);
                let (line_start, line, number) = file.line_at(loc.start);
                let start = source::floor_char_boundary(line, loc.start.saturating_sub(line_start));
                let end = source::ceil_char_boundary(line, (loc.start + loc.len).saturating_sub(line_start)).max(start);
                let mut annotation = AnnotationKind::Primary.span(start..end);
                if let Some(label) = &self.label {
                    annotation = annotation.label(label);
                }
                let snippet = Snippet::source(line).line_start(number as usize).path(&file.path);
                title.element(snippet.annotation(annotation))
            }
            None => Group::with_title(title),
        };
        report.push(first);
        for note in &self.notes {
            report.push(Group::with_title(Level::NOTE.secondary_title(note)));
        }
        report.push(Group::with_title(Level::HELP.secondary_title(&self.hint)));
        Renderer::plain().render(&report).to_string()
    }

    /// `file:line:column` of the diagnostic, for one-line summaries.
    pub fn position(&self, sources: &SourceMap) -> String {
        match &self.loc {
            Some(loc) => format!("{}:{}:{}", sources.file(loc.file).path, loc.line, loc.column),
            None => "(no file)".to_owned(),
        }
    }
}

/// Every problem found in one run, in file and position order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorts by position so output does not depend on the order checks ran in.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| (a.loc, a.code, &a.message).cmp(&(b.loc, b.code, &b.message)));
        self.0.dedup();
    }

    /// All diagnostics rendered, followed by a count.
    pub fn render(&self, sources: &SourceMap) -> String {
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&d.render(sources));
            out.push_str("\n\n");
        }
        let n = self.0.len();
        out.push_str(&format!("{n} problem{} found in the specs", if n == 1 { "" } else { "s" }));
        out
    }
}

/// Diagnostics together with the files they point into, so they can be shown anywhere.
#[derive(Debug, Clone)]
pub struct Report {
    /// The files read.
    pub sources: SourceMap,
    /// The problems found.
    pub diagnostics: Diagnostics,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostics.render(&self.sources))
    }
}

impl std::error::Error for Report {}
