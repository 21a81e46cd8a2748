//! The change history at the end of a page (`2024-07-05The Error code has changedView Change Details`).

use crate::model::Change;
use crate::text::{squash, Section, Text};

/// The link text every history row ends with.
const LINK: &str = "View Change Details";

/// Reads the history rows of the section (any layout).
pub(crate) fn read(text: &Text, section: Section) -> Vec<Change> {
    let mut out = Vec::new();
    for (n, line) in section.lines(text) {
        let t = line.trim().trim_start_matches('|').trim();
        let Some(date) = t.get(..10).filter(|d| is_date(d)) else {
            continue;
        };
        let rest = t[10..].trim().trim_start_matches('|');
        let rest = rest.trim().trim_end_matches('|').trim();
        let rest = rest.strip_suffix(LINK).unwrap_or(rest).trim().trim_end_matches('|').trim();
        out.push(Change { line: n, date: date.to_owned(), summary: squash(rest) });
    }
    out
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}
