//! Flattened tables (PolarDB-X pages): `Name Type [Yes|No] [example]` on one line, the description after it.
//!
//! A line is a row when its first word is a wire name, its second a type word (`Array of X` takes three), and,
//! in a request table, the next word is Yes or No. Everything up to the next row is the description.

use crate::error::PageError;
use crate::model::Line;
use crate::table::{yes_no, Column, Header, RawRow};
use crate::text::{bullet, is_wire_name, Section, Text};

/// Type words of flattened rows (any case).
const TYPE_WORDS: &[&str] =
    &["string", "integer", "long", "boolean", "double", "float", "object", "array", "map", "list"];

/// Cuts the rows of a flattened table.
pub(crate) fn rows(text: &Text, body: Section, head: &Header) -> Result<Vec<RawRow>, PageError> {
    if head.before(Column::Description, Column::Example) {
        return Err(PageError::new(
            head.line,
            "a flattened header with Example before Description (`Parameter Type Required Example Description`)",
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
                let what = if required { "`Name Type Yes|No example`" } else { "`Name Type example`" };
                return Err(PageError::new(n, format!("the table's first row, such as {what}"), line));
            }
        }
    }
    Ok(rows)
}

/// Reads a row line.
fn row(line: &str, n: Line, required_column: bool) -> Option<RawRow> {
    if line.starts_with(char::is_whitespace) || bullet(line).is_some() {
        return None;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let name = *words.first()?;
    let ty_word = *words.get(1)?;
    if !is_wire_name(name) || !TYPE_WORDS.contains(&ty_word.to_ascii_lowercase().as_str()) {
        return None;
    }
    let (ty_text, mut rest) = match (words.get(2), words.get(3)) {
        (Some(of), Some(item)) if ty_word.eq_ignore_ascii_case("array") && of.eq_ignore_ascii_case("of") => {
            (format!("{ty_word} {of} {item}"), 4)
        }
        _ => (ty_word.to_owned(), 2),
    };
    let required = if required_column {
        let value = yes_no(words.get(rest)?)?;
        rest += 1;
        Some(value)
    } else {
        None
    };
    let example = words.get(rest..).filter(|w| !w.is_empty()).map(|w| w.join(" "));
    Some(RawRow { line: n, name: name.to_owned(), ty_text, required, example, description: Vec::new() })
}
