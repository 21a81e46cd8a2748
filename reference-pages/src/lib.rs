//! Alibaba Cloud API reference pages, as copied out of a browser: reading them, drafting a spec from one, and
//! checking a spec against one.
//!
//! - [`read_page`] turns the text into a [`Page`]: the operation's name and summary, request parameters (name,
//!   type, required, description, example, valid values), response fields with their nesting, sample responses,
//!   error codes and the change history, each with its page line. It reads the three layouts the copies come in
//!   (flattened tables, run-together table headers, pipe tables) and never panics: a page it cannot follow is a
//!   [`PageError`] naming the line and what was expected there.
//! - [`draft`] decides spec types from a page (times, enums, wrappers, what the sample contradicts) and
//!   [`draft::render`] writes it as a spec file marked as a draft, every guess flagged (`cargo xtask import`).
//! - [`doc_check`] compares a spec with a page (`cargo xtask doc-check`); [`shape`] and [`compare`] hold the
//!   comparison and its rule for disagreements the spec already records.
//!
//! Files: `text` (lines, headings), `table/` (the three layouts), `types` (type cells), `describe` (description
//! cells: valid values, defaults), `nesting` (the response tree, checked against the sample), `json` (samples
//! with key order and lines), `sample`, `errors` (error-code rows), `history`, `header` (name and summary),
//! `outline` (a page as text, for people and snapshots), `error` (the one error type).

pub mod compare;
mod describe;
pub mod doc_check;
pub mod draft;
mod error;
mod errors;
mod header;
mod history;
pub mod json;
pub mod model;
mod nesting;
mod outline;
mod sample;
pub mod shape;
mod table;
mod text;
mod types;

pub use error::PageError;
pub use model::*;
pub use outline::outline;
pub use types::describe as describe_type;

use table::Role;
use text::{find, Heading, Text};

/// Common parameters the runtime sends itself: never request parameters of a spec.
const COMMON_PARAMETERS: &[&str] = &[
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
];

/// Reads a page.
pub fn read_page(raw: &str) -> Result<Page, PageError> {
    let text = Text::new(raw);
    let sections = text::sections(&text);
    let request = find(&sections, Heading::RequestParameters);
    let response = find(&sections, Heading::ResponseParameters);
    if request.is_none() && response.is_none() {
        let (n, line) =
            (1..=text.len()).map(|n| (n, text.line(n))).find(|(_, l)| !l.trim().is_empty()).unwrap_or((1, ""));
        return Err(PageError::new(
            n,
            "an Alibaba Cloud API reference page, with a `Request parameters` or `Response parameters` heading",
            if line.is_empty() { "" } else { line },
        ));
    }
    let mut notes = Vec::new();
    let request_table = match request {
        Some(s) => table::read(&text, s, Role::Request)?,
        None => None,
    };
    let response_table = match response {
        Some(s) => table::read(&text, s, Role::Response)?,
        None => None,
    };
    let Some(layout) = request_table.as_ref().or(response_table.as_ref()).map(|(l, _)| *l) else {
        let at = request.or(response).map_or(1, |s| s.line);
        return Err(PageError::new(at, "a parameter table under this heading", text.line(at)));
    };
    let samples = match find(&sections, Heading::SampleResponses) {
        Some(s) => sample::read(&text, s, &mut notes)?,
        None => Vec::new(),
    };
    let json = samples.iter().find_map(|s| s.json.as_ref());
    let has_table = response_table.is_some();
    let response_rows = response_table.map(|(_, rows)| rows).unwrap_or_default();
    let response = nesting::build(response_rows, json, has_table, &mut notes);
    let rows = request_table.map(|(_, rows)| rows).unwrap_or_default();

    let first_heading = sections.first().map_or(text.len() + 1, |s| s.line);
    let mut witnesses = Vec::new();
    witnesses.extend(header::title(&text, first_heading));
    witnesses.extend(header::action_row(&rows));
    let sample_request = find(&sections, Heading::SampleRequests).and_then(|s| sample::action_in_request(&text, s));
    witnesses.extend(sample_request.map(|(value, line)| PageName { value, line, source: NameSource::SampleRequest }));
    witnesses.extend(header::authorization(&text, &sections));
    let name = header::choose(witnesses, &mut notes);

    let mut request_rows: Vec<Row> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in rows {
        if COMMON_PARAMETERS.contains(&row.name.as_str()) {
            continue;
        }
        if !seen.insert(row.name.clone()) {
            notes.push(Note {
                line: row.line,
                text: format!("the parameter `{}` is listed twice; the first row is kept", row.name),
            });
            continue;
        }
        request_rows.push(row);
    }
    for row in &request_rows {
        if row.values.cut_off {
            notes.push(Note { line: row.line, text: format!("`{}`: the list of valid values is cut off", row.name) });
        }
    }
    // Checked last, so that a copy cut off inside a table or a sample is reported there, more precisely.
    let Some(errors_section) = find(&sections, Heading::ErrorCodes) else {
        return Err(PageError::at_end(
            text.last_content_line(),
            "the `Error codes` section every API reference page ends with (is the copy cut off?)",
        ));
    };
    let (error_table, errors) = errors::read(&text, errors_section, &mut notes);
    let history = find(&sections, Heading::ChangeHistory).map(|s| history::read(&text, s)).unwrap_or_default();
    notes.sort_by_key(|n| n.line);
    Ok(Page {
        layout,
        name,
        summary: header::summary(&text, first_heading),
        description: header::description(&text, &sections),
        request: request_rows,
        response,
        samples,
        error_table,
        errors,
        history,
        notes,
        lines: text.len(),
    })
}
