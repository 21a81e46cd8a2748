//! The top of a page: the operation's name (wherever the page gives it), the summary and the description.
//!
//! Pages differ: some start with `All Products / Search / Document Center`, a `Product:Action` title and a
//! "Last Updated" line; PolarDB-X pages start with the summary and name the action only in the `Action` row or
//! the sample request; a Redis page names it only in its authorization table. Each place is a witness; the
//! strongest one wins and a disagreement between them is noted.

use crate::describe::describe;
use crate::model::{Line, NameSource, Note, PageName, Row};
use crate::text::{find, Heading, Section, Text};

/// Lines of the browser's page chrome that are never the summary.
const CHROME: &[&str] = &["All Products", "Search", "Document Center", "debugging", "Debugging"];

/// Access levels the authorization table runs into the action (`polardb:DescribeBackupTasksREAD`).
const ACCESS_LEVELS: &[&str] = &["READ", "WRITE", "LIST", "GET", "CREATE", "UPDATE", "DELETE"];

/// The page title `Product:Action` (before the first heading).
pub(crate) fn title(text: &Text, first_heading: Line) -> Option<PageName> {
    (1..first_heading).find_map(|n| {
        let action = title_action(text.line(n))?;
        Some(PageName { value: action.to_owned(), line: n, source: NameSource::Title })
    })
}

/// The action of a title line `Product:Action`.
fn title_action(line: &str) -> Option<&str> {
    let (product, action) = line.trim().rsplit_once(':')?;
    (!product.trim().is_empty() && is_action(action)).then_some(action)
}

/// Whether a word looks like an API action (`DescribeBackups`).
fn is_action(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase())
        && word.len() > 2
        && word.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The first sentence-like line before the first heading that is not page chrome.
pub(crate) fn summary(text: &Text, first_heading: Line) -> Option<(String, Line)> {
    (1..first_heading).find_map(|n| {
        let line = text.line(n).trim();
        let chrome = CHROME.contains(&line)
            || line.starts_with("Last Updated")
            || line.starts_with("Alibaba Cloud provides OpenAPI Explorer")
            || title_action(line).is_some();
        (!chrome && line.contains(' ') && line.ends_with('.')).then(|| (line.to_owned(), n))
    })
}

/// The "Operation description" section as Markdown.
pub(crate) fn description(text: &Text, sections: &[Section]) -> Option<String> {
    let section = find(sections, Heading::OperationDescription)?;
    let lines: Vec<(Line, String)> = section.lines(text).map(|(n, l)| (n, l.to_owned())).collect();
    let markdown = describe(&lines).markdown;
    (!markdown.is_empty()).then_some(markdown)
}

/// The `Action` row: its value (example, or "Set the value to X").
pub(crate) fn action_row(rows: &[Row]) -> Option<PageName> {
    let row = rows.iter().find(|r| r.name == "Action")?;
    let from_text = row
        .description
        .split("Set the value to ")
        .nth(1)
        .map(|r| r.chars().take_while(char::is_ascii_alphanumeric).collect::<String>());
    let value = from_text.filter(|v| is_action(v)).or_else(|| row.example.clone().filter(|e| is_action(e)))?;
    Some(PageName { value, line: row.line, source: NameSource::ActionRow })
}

/// The action named in the authorization table (`kvstore:DescribeClusterBackupList | get |`).
pub(crate) fn authorization(text: &Text, sections: &[Section]) -> Option<PageName> {
    let section = find(sections, Heading::Authorization)?;
    section.lines(text).find_map(|(n, l)| {
        let cell = l.split('|').next()?.trim();
        let (service, action) = cell.split_once(':')?;
        let service_ok =
            !service.is_empty() && service.chars().all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit());
        if !service_ok {
            return None;
        }
        let action: String = action.chars().take_while(char::is_ascii_alphanumeric).collect();
        let action = ACCESS_LEVELS
            .iter()
            .find_map(|level| action.strip_suffix(level).filter(|a| a.ends_with(|c: char| c.is_ascii_lowercase())))
            .map_or(action.clone(), str::to_owned);
        is_action(&action).then_some(PageName { value: action, line: n, source: NameSource::Authorization })
    })
}

/// The strongest witness of the name; a note for each witness that disagrees with it.
pub(crate) fn choose(witnesses: Vec<PageName>, notes: &mut Vec<Note>) -> Option<PageName> {
    let chosen = witnesses.first()?.clone();
    for other in &witnesses[1..] {
        if other.value != chosen.value {
            notes.push(Note {
                line: other.line,
                text: format!(
                    "{} names the operation `{}`, but {} (line {}) names it `{}`; `{}` is used",
                    other.source.describe(),
                    other.value,
                    chosen.source.describe(),
                    chosen.line,
                    chosen.value,
                    chosen.value
                ),
            });
        }
    }
    Some(chosen)
}
