//! What an API reference page documents about one error code.
//!
//! Generated per-operation error enums return these from `info()`, so a program (or a person reading a log) can
//! see the documented HTTP status, message and meaning of a code without opening the page.

/// One row of a page's error-code table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ErrorInfo {
    /// The code, as the service sends it (`InvalidStartTime.Format`).
    pub code: &'static str,
    /// The HTTP status the page lists with it.
    pub http_status: u16,
    /// The message the page lists.
    pub message: &'static str,
    /// Other messages the page lists for the same code.
    pub other_messages: &'static [&'static str],
    /// The page's explanation, when it gives one.
    pub description: Option<&'static str>,
}
