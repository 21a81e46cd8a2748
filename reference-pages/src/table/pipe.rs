//! Pipe tables (Redis pages): `Name | type | Yes | description | example |`.
//!
//! A cell may hold a line break (the copy then continues the row on the next line, often starting with `|`), so
//! lines are joined until the row has as many cells as the header.

use crate::error::PageError;
use crate::table::{yes_no, Column, Header, RawRow};
use crate::text::{Section, Text};

/// Cuts the rows of a pipe table.
pub(crate) fn rows(text: &Text, body: Section, head: &Header) -> Result<Vec<RawRow>, PageError> {
    let width = head.columns.len();
    let mut rows = Vec::new();
    let mut n = body.start;
    while n < body.end {
        let line = text.line(n);
        if line.trim().is_empty() || is_separator(line) {
            n += 1;
            continue;
        }
        if !line.contains('|') {
            break;
        }
        let first = n;
        let mut buffer = line.to_owned();
        while cells(&buffer).len() < width {
            n += 1;
            if n >= body.end {
                return Err(PageError::at_end(
                    n.saturating_sub(1).max(first),
                    format!("the rest of the row started at line {first}: {width} cells separated by `|`"),
                ));
            }
            buffer.push('\n');
            buffer.push_str(text.line(n));
        }
        let cells = cells(&buffer);
        if cells.len() > width {
            return Err(PageError::new(first, format!("{width} cells separated by `|`, as in the header"), line));
        }
        rows.push(raw_row(first, head, &cells)?);
        n += 1;
    }
    Ok(rows)
}

fn is_separator(line: &str) -> bool {
    line.contains("---") && line.chars().all(|c| matches!(c, '-' | '|' | ':' | ' '))
}

/// The cells of a (joined) row: split at `|`, without the empty pieces outside the first and last pipe.
fn cells(row: &str) -> Vec<String> {
    let trimmed = row.trim();
    let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.split('|').map(|c| c.trim().to_owned()).collect()
}

fn raw_row(line: usize, head: &Header, cells: &[String]) -> Result<RawRow, PageError> {
    let cell = |c: Column| head.columns.iter().position(|x| *x == c).and_then(|i| cells.get(i)).map(String::as_str);
    let name = cell(Column::Parameter).unwrap_or_default();
    let required = match cell(Column::Required) {
        None => None,
        Some(text) => Some(yes_no(text).ok_or_else(|| PageError::new(line, "Yes or No in the Required column", text))?),
    };
    let description = cell(Column::Description).unwrap_or_default().lines().map(|l| (line, l.to_owned())).collect();
    Ok(RawRow {
        line,
        name: name.to_owned(),
        ty_text: cell(Column::Type).unwrap_or_default().to_owned(),
        required,
        example: cell(Column::Example).map(str::to_owned),
        description,
    })
}
