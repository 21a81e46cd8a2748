//! Run-together tables (RDS and PolarDB pages): the row's first line is `NamestringYes` (name, type and Required
//! cells with no space between), then the description, then the example as the row's last line.
//!
//! The example is told from the description by position: it is the last line before the next row with no blank
//! line after it. A row whose only text is one sentence has no example. A nameless `object` row opens an array's
//! item (or the response itself).

use crate::error::PageError;
use crate::model::Line;
use crate::table::{yes_no, Column, Header, RawRow};
use crate::text::{bullet, Section, Text};
use crate::types::split_run_together;

/// Cuts the rows of a run-together table.
pub(crate) fn rows(text: &Text, body: Section, head: &Header) -> Result<Vec<RawRow>, PageError> {
    if head.before(Column::Example, Column::Description) {
        return Err(PageError::new(
            head.line,
            "a run-together header with Description before Example (`ParameterTypeRequiredDescriptionExample`)",
            text.line(head.line),
        ));
    }
    let required = head.has(Column::Required);
    let mut rows: Vec<RawRow> = Vec::new();
    for (n, line) in body.lines(text) {
        if let Some(row) = row(line, n, required) {
            rows.push(row);
            continue;
        }
        match rows.last_mut() {
            Some(last) => last.description.push((n, line.to_owned())),
            None if line.trim().is_empty() => {}
            None => {
                let what = if required { "`NamestringYes`" } else { "`Namestring` or `object`" };
                return Err(PageError::new(n, format!("the table's first row, such as {what}"), line));
            }
        }
    }
    let count = rows.len();
    for (index, row) in rows.iter_mut().enumerate() {
        split_example(row, index + 1 == count);
    }
    Ok(rows)
}

/// Reads a row's first line.
fn row(line: &str, n: Line, required_column: bool) -> Option<RawRow> {
    if line.starts_with(char::is_whitespace) || line.contains(' ') && !line.ends_with("[]") {
        return None;
    }
    let (head, required) = match (required_column, line.strip_suffix("Yes"), line.strip_suffix("No")) {
        (true, Some(head), _) => (head, Some(true)),
        (true, None, Some(head)) => (head, yes_no("No")),
        _ => (line, None),
    };
    let (name, ty) = split_run_together(head)?;
    if name.is_empty() && (required.is_some() || !ty.eq_ignore_ascii_case("object")) {
        return None;
    }
    Some(RawRow {
        line: n,
        name: name.to_owned(),
        ty_text: ty.to_owned(),
        required,
        example: None,
        description: Vec::new(),
    })
}

/// Moves the example (the last line, directly followed by the next row) out of the description.
fn split_example(row: &mut RawRow, last_row: bool) {
    if last_row {
        while row.description.last().is_some_and(|(_, l)| l.trim().is_empty()) {
            row.description.pop();
        }
    }
    let Some((_, last)) = row.description.last() else {
        return;
    };
    let content = row.description.iter().filter(|(_, l)| !l.trim().is_empty()).count();
    let last = last.trim();
    let is_example =
        !last.is_empty() && bullet(last).is_none() && (content > 1 || !(last.contains(' ') || last.ends_with('.')));
    if is_example {
        row.example = row.description.pop().map(|(_, l)| l.trim().to_owned());
    }
}
