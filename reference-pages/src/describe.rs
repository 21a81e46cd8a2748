//! A row's description cell: Markdown text, and what it says about values (valid values, default, minimum).
//!
//! Valid values come as bullets (`• 0: fast backup`, `• Automated`), inline (`Valid values: 0. The value 0
//! specifies fast backup.`), or announced and cut off (`Enumeration Value:` with nothing after it). A bullet list
//! is a value list only if every bullet starts with one token; prose bullets stay prose.

use crate::model::{Line, ValidValue, Values};
use crate::text::{bullet, squash};

/// What a description says.
#[derive(Debug, Default)]
pub(crate) struct Described {
    pub markdown: String,
    pub values: Values,
    pub default: Option<String>,
    pub positive: bool,
}

/// Reads the description lines of a row (blank lines separate paragraphs).
pub(crate) fn describe(lines: &[(Line, String)]) -> Described {
    let mut blocks: Vec<String> = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut bullets: Vec<(Line, &str)> = Vec::new();
    let mut in_list = false;
    let flush = |paragraph: &mut Vec<&str>, blocks: &mut Vec<String>, paragraphs: &mut Vec<String>| {
        if !paragraph.is_empty() {
            let text = note(&squash(&paragraph.join(" ")));
            paragraphs.push(text.clone());
            blocks.push(text);
            paragraph.clear();
        }
    };
    for (line, text) in lines {
        if text.trim().is_empty() {
            flush(&mut paragraph, &mut blocks, &mut paragraphs);
            in_list = false;
        } else if let Some(item) = bullet(text) {
            flush(&mut paragraph, &mut blocks, &mut paragraphs);
            let entry = format!("- {}", squash(item));
            match (in_list, blocks.last_mut()) {
                (true, Some(last)) => {
                    last.push('\n');
                    last.push_str(&entry);
                }
                _ => blocks.push(entry),
            }
            in_list = true;
            bullets.push((*line, item));
        } else {
            if in_list {
                in_list = false;
            }
            paragraph.push(text.trim());
        }
    }
    flush(&mut paragraph, &mut blocks, &mut paragraphs);
    let all = paragraphs.join(" ");
    let mut values = bullet_values(&bullets).unwrap_or_default();
    if values.list.is_empty() {
        values = inline_values(&paragraphs, lines.first().map_or(0, |(l, _)| *l));
    }
    if !values.list.is_empty() {
        if let Some(meaning) = empty_string_note(&all) {
            let line = lines.iter().find(|(_, t)| t.contains("empty string")).map_or(0, |(l, _)| *l);
            values.list.push(ValidValue { value: String::new(), meaning: Some(meaning), line });
        }
    }
    let lower = all.to_ascii_lowercase();
    Described {
        markdown: blocks.join("\n\n"),
        values,
        default: default_value(&all),
        positive: lower.contains("positive integer")
            || lower.contains("start from page 1")
            || lower.contains("starts from 1"),
    }
}

/// `Note We recommend` -> `Note: We recommend`.
fn note(text: &str) -> String {
    match text.strip_prefix("Note ") {
        Some(rest) if !rest.starts_with(':') => format!("Note: {rest}"),
        _ => text.to_owned(),
    }
}

/// Bullets as values: `None` when some bullet is prose.
fn bullet_values(bullets: &[(Line, &str)]) -> Option<Values> {
    let mut list = Vec::new();
    for (line, text) in bullets {
        let (value, meaning) = match text.split_once(':') {
            Some((head, meaning)) if is_token(head.trim()) => (head.trim(), Some(squash(meaning))),
            _ if is_token(text) => (*text, None),
            _ => return None,
        };
        list.push(ValidValue { value: value.to_owned(), meaning: meaning.filter(|m| !m.is_empty()), line: *line });
    }
    Some(Values { list, cut_off: false })
}

/// A value written as one token (`Automated`, `0`, `copy-only`).
fn is_token(text: &str) -> bool {
    !text.is_empty() && !text.contains(char::is_whitespace) && text.len() <= 64
}

/// `Valid values: 0.`, `Valid values: A, B and C.`, or an announced list with nothing after it.
fn inline_values(paragraphs: &[String], line: Line) -> Values {
    for p in paragraphs {
        let lower = p.to_ascii_lowercase();
        let Some(at) = ["valid values:", "enumeration values:", "enumeration value:", "valid value:"]
            .iter()
            .find_map(|m| lower.find(m).map(|i| i + m.len()))
        else {
            continue;
        };
        let rest = p.get(at..).unwrap_or("").trim();
        if rest.is_empty() {
            return Values { list: Vec::new(), cut_off: true };
        }
        let list_text = rest.split(". ").next().unwrap_or(rest).trim_end_matches('.');
        let tokens: Vec<&str> = list_text
            .split([',', ';'])
            .flat_map(|t| t.split(" and "))
            .flat_map(|t| t.split(" or "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        if tokens.is_empty() || !tokens.iter().all(|t| is_token(t)) {
            continue;
        }
        let list =
            tokens.iter().map(|t| ValidValue { value: (*t).to_owned(), meaning: value_meaning(p, t), line }).collect();
        return Values { list, cut_off: false };
    }
    Values::default()
}

/// `The value 0 specifies fast backup.` -> `fast backup`.
fn value_meaning(paragraph: &str, value: &str) -> Option<String> {
    for verb in ["specifies", "indicates", "means"] {
        let marker = format!("The value {value} {verb} ");
        if let Some(at) = paragraph.find(&marker) {
            let rest = &paragraph[at + marker.len()..];
            let end = rest.find(". ").unwrap_or(rest.len());
            return Some(rest[..end].trim_end_matches('.').to_owned());
        }
    }
    None
}

/// `Note: If an empty string is returned, X` -> the empty string is a value meaning X.
fn empty_string_note(text: &str) -> Option<String> {
    let at = text.find("empty string is returned")?;
    let rest = text[at..].split_once(", ")?.1;
    let end = rest.find(". ").map_or(rest.len(), |e| e + 1);
    let sentence = rest[..end].trim();
    let mut chars = sentence.chars();
    let first = chars.next()?;
    Some(format!("{}{}", first.to_ascii_uppercase(), chars.as_str()))
}

/// `Default value: 30.` -> `30`.
fn default_value(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find("default value:").map(|i| i + "default value:".len())?;
    let rest = text.get(at..)?.trim();
    let value = rest.split(". ").next().unwrap_or(rest).trim().trim_end_matches('.');
    (!value.is_empty() && !value.contains(' ')).then(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(Line, String)> {
        text.lines().enumerate().map(|(i, l)| (i + 1, l.to_owned())).collect()
    }

    #[test]
    fn bullets_inline_and_cut_off() {
        let d = describe(&lines("The status.\n\n  • 0: The backup failed.\n  • 1: ok\nDefault value: 1."));
        let values: Vec<_> = d.values.list.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(values, ["0", "1"]);
        assert_eq!(d.default.as_deref(), Some("1"));
        let d = describe(&lines("The type. Valid values: 0. The value 0 specifies fast backup."));
        assert_eq!(d.values.list[0].meaning.as_deref(), Some("fast backup"));
        assert!(describe(&lines("The size. Enumeration Value:")).values.cut_off);
        assert!(describe(&lines("Valid values: any non-zero positive integer.")).values.list.is_empty());
        assert!(describe(&lines("Engines:\n  • RDS MySQL\n  • RDS PostgreSQL")).values.list.is_empty());
    }
}
