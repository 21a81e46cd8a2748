//! The page as numbered lines, cut into sections at its headings.
//!
//! Copies from a browser differ in small ways (CRLF, non-breaking spaces, trailing blanks); they are evened out
//! here once, so every other reader works on clean lines and reports the original line numbers.

use crate::model::Line;

/// The page's lines (index 0 is line 1), with CRLF, non-breaking spaces and trailing blanks removed.
pub(crate) struct Text {
    lines: Vec<String>,
}

impl Text {
    pub fn new(raw: &str) -> Text {
        let lines = raw
            .split('\n')
            .map(|l| l.replace(['\u{a0}', '\u{2007}', '\u{202f}'], " ").replace('\r', "").trim_end().to_owned())
            .collect();
        Text { lines }
    }

    /// The text of a line (empty past the end).
    pub fn line(&self, n: Line) -> &str {
        n.checked_sub(1).and_then(|i| self.lines.get(i)).map_or("", String::as_str)
    }

    /// The number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// The last non-blank line (1 for an empty page).
    pub fn last_content_line(&self) -> Line {
        self.lines.iter().rposition(|l| !l.trim().is_empty()).map_or(1, |i| i + 1)
    }
}

/// The headings that cut a page into sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Heading {
    OperationDescription,
    Debugging,
    Authorization,
    RequestParameters,
    ResponseParameters,
    Examples,
    SampleRequests,
    SampleResponses,
    ErrorCodes,
    ChangeHistory,
}

impl Heading {
    /// The heading a line is, if it is one (the whole line, any case).
    pub fn of(line: &str) -> Option<Heading> {
        let text = line.trim().to_ascii_lowercase();
        Some(match text.as_str() {
            "operation description" | "operation descriptions" | "usage notes" => Heading::OperationDescription,
            "debugging" => Heading::Debugging,
            "authorization information" => Heading::Authorization,
            "request parameters" => Heading::RequestParameters,
            "response parameters" => Heading::ResponseParameters,
            "examples" => Heading::Examples,
            "sample requests" => Heading::SampleRequests,
            "sample success responses" | "sample responses" => Heading::SampleResponses,
            "error codes" => Heading::ErrorCodes,
            "change history" => Heading::ChangeHistory,
            _ => return None,
        })
    }
}

/// A heading and the lines under it, up to the next heading.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Section {
    pub heading: Heading,
    /// The heading's line.
    pub line: Line,
    /// First line after the heading.
    pub start: Line,
    /// One past the last line of the section.
    pub end: Line,
}

impl Section {
    /// The section's lines with their numbers.
    pub fn lines<'t>(&self, text: &'t Text) -> impl Iterator<Item = (Line, &'t str)> + 't {
        (self.start..self.end).map(move |n| (n, text.line(n)))
    }

    /// Whether the section has no text at all.
    pub fn is_blank(&self, text: &Text) -> bool {
        self.lines(text).all(|(_, l)| l.trim().is_empty())
    }
}

/// Every section of the page, in order.
pub(crate) fn sections(text: &Text) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for n in 1..=text.len() {
        if let Some(heading) = Heading::of(text.line(n)) {
            if let Some(last) = out.last_mut() {
                last.end = n;
            }
            out.push(Section { heading, line: n, start: n + 1, end: text.len() + 1 });
        }
    }
    out
}

/// The first section with this heading.
pub(crate) fn find(sections: &[Section], heading: Heading) -> Option<Section> {
    sections.iter().find(|s| s.heading == heading).copied()
}

/// A bullet line's text (`  • Automated`, `- Automated`), if the line is one.
pub(crate) fn bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    t.strip_prefix('•').or_else(|| t.strip_prefix("- ")).or_else(|| t.strip_prefix("* ")).map(str::trim)
}

/// Whether a word is a plain identifier-like wire name (`DBInstanceId`, `Tag.N.Key`).
pub(crate) fn is_wire_name(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// Collapses runs of whitespace into one space and trims.
pub(crate) fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
