//! The error-code table: HTTP status, code, message and description per row, in any of the three layouts.
//!
//! In run-together tables a row is one string (`400InvalidStartTime.FormatSpecified start time is not valid.The
//! start time is invalid.`). The code ends where the message's first word starts: at the last capital of the
//! first word (`...NotFound|The`), or before a known lower-case opening word (`...NotFound|account is not
//! found.`); the message ends at a sentence end run into a capital (`valid.|The`), at a run-together `-` (no
//! description), where the row repeats itself, or where a lower-case word runs into a capitalised one
//! (`start time|The end`). Splits that rest on a word list or find no boundary are reported as guesses.

use crate::model::{ErrorRow, Line, Note};
use crate::text::{squash, Section, Text};

/// Lower-case words that open messages on the pages (`account is not found.`), longest first.
const LOWER_OPENERS: &[&str] = &[
    "specified",
    "parameter",
    "instance",
    "account",
    "current",
    "invalid",
    "request",
    "cannot",
    "failed",
    "param",
    "there",
    "your",
    "this",
    "the",
    "sql",
    "you",
];

/// The table's layout.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pipe,
    Flattened,
    RunTogether,
}

/// Reads the error-code table of the section; `(false, [])` when the page only links to the error center.
pub(crate) fn read(text: &Text, section: Section, notes: &mut Vec<Note>) -> (bool, Vec<ErrorRow>) {
    let mut lines =
        section.lines(text).skip_while(|(_, l)| !l.trim().to_ascii_lowercase().starts_with("http status code"));
    let Some((_, header)) = lines.next() else {
        return (false, Vec::new());
    };
    let kind = if header.contains('|') {
        Kind::Pipe
    } else if header.to_ascii_lowercase().contains("status code error") {
        Kind::Flattened
    } else {
        Kind::RunTogether
    };
    let mut rows: Vec<ErrorRow> = Vec::new();
    for (n, line) in lines {
        let t = line.trim();
        if t.is_empty() || t.starts_with("---") {
            continue;
        }
        let Some(row) = row(kind, n, t) else {
            break;
        };
        match rows.iter_mut().find(|r| r.code == row.code) {
            Some(first) => {
                if first.status != row.status {
                    notes.push(Note {
                        line: n,
                        text: format!(
                            "`{}` is listed again with HTTP {} (first: {})",
                            row.code, row.status, first.status
                        ),
                    });
                }
                first.messages.extend(row.messages);
            }
            None => rows.push(row),
        }
    }
    (true, rows)
}

fn row(kind: Kind, line: Line, text: &str) -> Option<ErrorRow> {
    if kind == Kind::Pipe {
        let cells: Vec<&str> = text.trim_matches('|').split('|').map(str::trim).collect();
        let status = cells.first()?.parse().ok()?;
        let code = (*cells.get(1)?).to_owned();
        let message = (*cells.get(2)?).to_owned();
        let description = cells.get(3).map(|d| (*d).to_owned());
        return Some(ErrorRow {
            line,
            status,
            code,
            messages: vec![message],
            description: none_if_dash(description),
            split_guess: None,
        });
    }
    let status: u16 = text.get(..3)?.parse().ok()?;
    let rest = text.get(3..)?;
    let (code, rest, code_guess) = if kind == Kind::Flattened {
        let rest = rest.trim_start();
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        (rest[..end].to_owned(), rest[end..].trim(), None)
    } else {
        split_code(rest)?
    };
    let (message, description, message_guess) = split_message(rest, kind == Kind::Flattened);
    let split_guess = match (code_guess, message_guess) {
        (None, None) => None,
        (a, b) => Some([a, b].into_iter().flatten().collect::<Vec<_>>().join("; ")),
    };
    Some(ErrorRow { line, status, code, messages: vec![message], description, split_guess })
}

fn none_if_dash(text: Option<String>) -> Option<String> {
    text.map(|t| squash(&t)).filter(|t| !t.is_empty() && t != "-")
}

/// Splits `InvalidDBClusterId.NotFoundThe DBClusterId ...` into the code and the rest.
fn split_code(rest: &str) -> Option<(String, &str, Option<String>)> {
    let token_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let token = &rest[..token_end];
    let capitals: Vec<usize> = token.char_indices().filter(|(_, c)| c.is_ascii_uppercase()).map(|(i, _)| i).collect();
    let mut at = *capitals.last()?;
    if at + 1 == token.len() && !matches!(&token[at..], "A" | "I") {
        // An acronym opens the message (`SQL command ...`): step back over the run of capitals.
        while at > 0 && token[..at].ends_with(|c: char| c.is_ascii_uppercase()) {
            at -= 1;
        }
    }
    let word = &token[at..];
    let mut guess = None;
    let lower_tail = word.get(1..).unwrap_or("");
    if lower_tail.chars().all(|c| c.is_ascii_lowercase()) {
        if let Some(opener) = LOWER_OPENERS.iter().find(|o| lower_tail.ends_with(*o) && word.len() > o.len() + 1) {
            at = at + word.len() - opener.len();
            guess = Some(format!("the message was taken to start with the lower-case word `{opener}`"));
        }
    }
    if at == 0 {
        return None;
    }
    Some((rest[..at].to_owned(), &rest[at..], guess))
}

/// Splits the run-together message and description.
fn split_message(rest: &str, spaced: bool) -> (String, Option<String>, Option<String>) {
    let rest = rest.trim();
    let chars: Vec<char> = rest.chars().collect();
    if let Some(message) = rest.strip_suffix('-').filter(|m| !m.ends_with(' ') || spaced) {
        return (squash(message), None, None);
    }
    for sep in ["", " "] {
        let half = (rest.len().saturating_sub(sep.len())) / 2;
        if let (Some(a), Some(b)) = (rest.get(..half), rest.get(half + sep.len()..)) {
            if a == b && rest.get(half..half + sep.len()) == Some(sep) {
                return (squash(a), Some(squash(b)), None);
            }
        }
    }
    let boundary = |i: usize| -> bool {
        let (a, b) = (chars[i], chars[i + 1]);
        if spaced {
            return false;
        }
        if matches!(a, '.' | '!' | '?' | ')') && b.is_ascii_uppercase() {
            return true;
        }
        if a.is_ascii_lowercase() && b.is_ascii_uppercase() {
            let word_start = chars[..=i].iter().rposition(|c| c.is_whitespace()).map_or(0, |p| p + 1);
            let lower_word = chars[word_start..=i].iter().all(|c| c.is_ascii_lowercase());
            let next: String = chars[i + 1..].iter().take_while(|c| !c.is_whitespace()).collect();
            let next_word = next.len() > 1 && next[1..].chars().all(|c| c.is_ascii_lowercase());
            let followed = chars.get(i + 1 + next.chars().count()).is_some_and(|c| c.is_whitespace());
            return lower_word && next_word && followed;
        }
        false
    };
    let sentence_end =
        (0..chars.len().saturating_sub(1)).find(|&i| matches!(chars[i], '.' | '!' | '?' | ')') && boundary(i));
    let any = sentence_end.or_else(|| (0..chars.len().saturating_sub(1)).find(|&i| boundary(i)));
    match any {
        Some(i) => {
            let message: String = chars[..=i].iter().collect();
            let description: String = chars[i + 1..].iter().collect();
            (squash(&message), none_if_dash(Some(description)), None)
        }
        None => (squash(rest), None, Some("no boundary between message and description was found".to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> (String, String, String, Option<String>) {
        let r = row(Kind::RunTogether, 1, text).expect("a row");
        (r.code, r.messages[0].clone(), r.description.unwrap_or_default(), r.split_guess)
    }

    #[test]
    fn run_together_rows() {
        let (c, m, d, _) =
            split("400InvalidPageNumbers.MalformedSpecified page number is not valid.The page number cannot be found.");
        assert_eq!(
            (c.as_str(), m.as_str(), d.as_str()),
            ("InvalidPageNumbers.Malformed", "Specified page number is not valid.", "The page number cannot be found.")
        );
        let (c, m, d, g) = split("400Abs.InvalidAccount.NotFoundaccount is not found.The account does not exist.");
        assert_eq!(
            (c.as_str(), m.as_str(), d.as_str()),
            ("Abs.InvalidAccount.NotFound", "account is not found.", "The account does not exist.")
        );
        assert!(g.is_some());
        let (c, m, d, _) = split("400InvalidParameterCombinationThe end time must be greater than the start timeThe end time must be later than the start time.");
        assert_eq!(
            (c.as_str(), m.as_str(), d.as_str()),
            (
                "InvalidParameterCombination",
                "The end time must be greater than the start time",
                "The end time must be later than the start time."
            )
        );
        let (c, _, d, _) =
            split("403CloudSSDNotSupportCloud ssd does not support this operation, please upgrade to essd.-");
        assert_eq!((c.as_str(), d.as_str()), ("CloudSSDNotSupport", ""));
        let (c, m, _, _) = split("400Order.ComboInstanceNotAllowOperateA package instance is not allowed to operate independently.A package instance is not allowed to operate independently.");
        assert_eq!(
            (c.as_str(), m.as_str()),
            ("Order.ComboInstanceNotAllowOperate", "A package instance is not allowed to operate independently.")
        );
    }
}
