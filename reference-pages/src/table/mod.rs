//! Parameter tables in the three layouts: finding the header, cutting the rows, reading each row's cells.
//!
//! Each layout has its own row cutter (`flat`, `run_together`, `pipe`) producing `RawRow`s; what a row means
//! (type, description, valid values) is read the same way for all of them, in `finish`.

mod flat;
mod pipe;
mod run_together;

use crate::describe::describe;
use crate::error::PageError;
use crate::model::{Layout, Line, Row};
use crate::text::{Section, Text};
use crate::types;

/// The columns a parameter table may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    Parameter,
    Type,
    Required,
    Description,
    Example,
}

impl Column {
    fn named(name: &str) -> Option<Column> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "parameter" | "name" => Column::Parameter,
            "type" => Column::Type,
            "required" => Column::Required,
            "description" => Column::Description,
            "example" | "example value" | "sample value" => Column::Example,
            _ => return None,
        })
    }
}

/// A table header: its layout and columns.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub layout: Layout,
    pub columns: Vec<Column>,
    pub line: Line,
}

impl Header {
    pub fn has(&self, column: Column) -> bool {
        self.columns.contains(&column)
    }

    /// Whether `first` comes before `second`.
    pub fn before(&self, first: Column, second: Column) -> bool {
        let at = |c| self.columns.iter().position(|x| *x == c);
        matches!((at(first), at(second)), (Some(a), Some(b)) if a < b)
    }
}

/// Reads a header line in any layout.
pub(crate) fn header(line: &str, n: Line) -> Option<Header> {
    let text = line.trim();
    let (layout, names): (Layout, Vec<String>) = if text.contains('|') {
        (Layout::Pipe, text.split('|').map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned).collect())
    } else if text.contains(' ') {
        (Layout::Flattened, text.split_whitespace().map(str::to_owned).collect())
    } else {
        (Layout::RunTogether, run_together_names(text)?)
    };
    let columns = names.iter().map(|n| Column::named(n)).collect::<Option<Vec<_>>>()?;
    let ok = columns.first() == Some(&Column::Parameter) && columns.get(1) == Some(&Column::Type);
    ok.then_some(Header { layout, columns, line: n })
}

/// `ParameterTypeRequiredDescriptionExample` -> its column names.
fn run_together_names(mut text: &str) -> Option<Vec<String>> {
    const NAMES: &[&str] = &["Parameter", "Type", "Required", "Description", "Example"];
    let mut out = Vec::new();
    while !text.is_empty() {
        let name = NAMES.iter().find(|n| text.starts_with(*n))?;
        out.push((*name).to_owned());
        text = &text[name.len()..];
    }
    Some(out)
}

/// A row as cut out of its layout, before its description is read.
#[derive(Debug, Clone)]
pub(crate) struct RawRow {
    pub line: Line,
    pub name: String,
    pub ty_text: String,
    pub required: Option<bool>,
    pub example: Option<String>,
    pub description: Vec<(Line, String)>,
}

/// Whether the table is a request table (with a Required column) or a response table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Request,
    Response,
}

/// Reads the table of a section: `None` when the section is blank (a page without a response table).
pub(crate) fn read(text: &Text, section: Section, role: Role) -> Result<Option<(Layout, Vec<Row>)>, PageError> {
    if section.is_blank(text) {
        return Ok(None);
    }
    let Some(head) = section.lines(text).find_map(|(n, l)| header(l, n)) else {
        let (n, l) = section.lines(text).find(|(_, l)| !l.trim().is_empty()).unwrap_or((section.start, ""));
        let example = match role {
            Role::Request => "`Parameter Type Required Example Description`",
            Role::Response => "`Parameter Type Example Description`",
        };
        return Err(PageError::new(n, format!("a table header such as {example} (any of the three layouts)"), l));
    };
    if role == Role::Request && !head.has(Column::Required) {
        return Err(PageError::new(head.line, "a request table with a Required column", text.line(head.line)));
    }
    let body = Section { start: head.line + 1, ..section };
    let raw = match head.layout {
        Layout::Flattened => flat::rows(text, body, &head)?,
        Layout::RunTogether => run_together::rows(text, body, &head)?,
        Layout::Pipe => pipe::rows(text, body, &head)?,
    };
    let rows = raw.into_iter().map(finish).collect::<Result<Vec<_>, _>>()?;
    Ok(Some((head.layout, rows)))
}

/// Reads a raw row's type and description.
fn finish(raw: RawRow) -> Result<Row, PageError> {
    let Some(ty) = types::parse(&raw.ty_text) else {
        return Err(PageError::new(
            raw.line,
            "a type (string, integer, long, boolean, double, object, or an array such as `Array of X`)",
            &raw.ty_text,
        ));
    };
    let described = describe(&raw.description);
    Ok(Row {
        line: raw.line,
        name: raw.name,
        ty,
        ty_text: raw.ty_text,
        required: raw.required,
        description: described.markdown,
        example: raw.example.filter(|e| !e.trim().is_empty()),
        values: described.values,
        default: described.default,
        positive: described.positive,
    })
}

/// `Yes` / `No`.
pub(crate) fn yes_no(word: &str) -> Option<bool> {
    match word.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" => Some(true),
        "no" | "false" => Some(false),
        _ => None,
    }
}
