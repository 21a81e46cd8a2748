//! A page as plain text, one item per line with its page line: what the reader understood, for people and for
//! snapshot tests (`cargo xtask import --outline` prints it).

use std::fmt::Write;

use crate::model::{Field, Origin, Page, Row, SampleFormat, Values};
use crate::types::describe;

/// The outline of a page.
pub fn outline(page: &Page) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "layout: {}", page.layout.describe());
    match &page.name {
        Some(n) => {
            let _ = writeln!(out, "name: {} (line {}, {})", n.value, n.line, n.source.describe());
        }
        None => out.push_str("name: (not on the page)\n"),
    }
    if let Some((summary, line)) = &page.summary {
        let _ = writeln!(out, "summary: {summary} (line {line})");
    }
    if let Some(d) = &page.description {
        let _ = writeln!(out, "description: {}", d.replace('\n', " / "));
    }
    out.push_str("request:\n");
    for row in &page.request {
        let _ = writeln!(out, "  {}", row_text(row));
    }
    let table = if page.response.table { "table" } else { "no table: from the sample" };
    let _ = writeln!(out, "response ({table}):");
    if let Some(d) = &page.response.description {
        let _ = writeln!(out, "  (description: {d})");
    }
    for field in &page.response.fields {
        field_text(&mut out, field, 1);
    }
    for sample in &page.samples {
        let format = if sample.format == SampleFormat::Json { "JSON" } else { "XML" };
        let repaired = sample.repaired.as_ref().map(|r| format!(" ({r})")).unwrap_or_default();
        let _ =
            writeln!(out, "sample: {format} at line {}, {} lines{repaired}", sample.line, sample.body.lines().count());
    }
    let table = if page.error_table { "" } else { " (no table: the page links to the error center)" };
    let _ = writeln!(out, "errors: {}{table}", page.errors.len());
    for e in &page.errors {
        let description = e.description.as_deref().unwrap_or("-");
        let _ = writeln!(out, "  L{} {} {} | {} | {}", e.line, e.status, e.code, e.messages.join(" || "), description);
        if let Some(g) = &e.split_guess {
            let _ = writeln!(out, "    (guess: {g})");
        }
    }
    for change in &page.history {
        let _ = writeln!(out, "change: L{} {} {}", change.line, change.date, change.summary);
    }
    for note in &page.notes {
        let _ = writeln!(out, "note: L{} {}", note.line, note.text);
    }
    out
}

fn row_text(row: &Row) -> String {
    let mut parts = vec![describe(&row.ty)];
    match row.required {
        Some(true) => parts.push("required".to_owned()),
        Some(false) => parts.push("optional".to_owned()),
        None => {}
    }
    if let Some(v) = values_text(&row.values) {
        parts.push(v);
    }
    if let Some(d) = &row.default {
        parts.push(format!("default {d}"));
    }
    if row.positive {
        parts.push("positive".to_owned());
    }
    if let Some(e) = &row.example {
        parts.push(format!("example {e:?}"));
    }
    format!("L{} {}: {}", row.line, row.name, parts.join(", "))
}

fn values_text(values: &Values) -> Option<String> {
    if values.cut_off {
        return Some("values cut off".to_owned());
    }
    if values.list.is_empty() {
        return None;
    }
    let list: Vec<String> = values
        .list
        .iter()
        .map(|v| match &v.meaning {
            Some(m) => format!("{:?}: {m}", v.value),
            None => format!("{:?}", v.value),
        })
        .collect();
    Some(format!("values [{}]", list.join("; ")))
}

fn field_text(out: &mut String, field: &Field, depth: usize) {
    let indent = "  ".repeat(depth);
    let origin = if field.origin == Origin::Sample { " (sample only)" } else { "" };
    let _ = writeln!(out, "{indent}{}{origin}", row_text(&field.row));
    if let Some(d) = &field.item_description {
        let _ = writeln!(out, "{indent}  (item: {d})");
    }
    if let Some(g) = &field.nesting_guess {
        let _ = writeln!(out, "{indent}  (guess: {g})");
    }
    for child in &field.children {
        field_text(out, child, depth + 1);
    }
}
