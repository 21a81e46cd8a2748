//! The one error the page reader returns: where on the page it lost its way and what it expected there.
//!
//! Pages are copied by hand out of a browser, so they can be cut off or garbled anywhere; the reader never panics
//! on them. Instead it stops at the first line it cannot make sense of and says which line, what it expected and
//! what it found, so the person who copied the page can fix the copy.

use std::fmt;

/// The page could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError {
    /// 1-based line of the page where reading failed (the last line when the page ended too early).
    pub line: usize,
    /// What the reader expected there.
    pub expected: String,
    /// What it found (the line's text, shortened), or "the end of the page".
    pub found: String,
}

impl PageError {
    /// An error at `line`, quoting `found` (shortened to one readable line).
    pub(crate) fn new(line: usize, expected: impl Into<String>, found: &str) -> PageError {
        PageError { line, expected: expected.into(), found: quote(found) }
    }

    /// The page (or the part being read) ended where `expected` was still missing.
    pub(crate) fn at_end(last_line: usize, expected: impl Into<String>) -> PageError {
        PageError { line: last_line.max(1), expected: expected.into(), found: "the end of the page".to_owned() }
    }
}

/// Quotes a line for a message: trimmed, at most 80 characters.
fn quote(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        return "an empty line".to_owned();
    }
    let short: String = text.chars().take(80).collect();
    let ellipsis = if short.len() < text.len() { "..." } else { "" };
    format!("`{short}{ellipsis}`")
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "page line {}: expected {}, found {}", self.line, self.expected, self.found)
    }
}

impl std::error::Error for PageError {}
