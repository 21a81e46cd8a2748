//! The report as text: Markdown for a pull-request comment, JSON for tools, plain text for a terminal.
//!
//! All three show the same facts in the same order (breaking, compatible, docs only; then the generated files
//! and the release), so a snapshot of one is a fair review of the others.

mod failure;
mod json;
mod markdown;
mod text;

pub use failure::failure;

use crate::change::{Place, Segment};
use crate::rules::{Class, Kind};
use crate::{Change, Report};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
    Text,
}

impl Format {
    /// The format named on the command line.
    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "markdown" | "md" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "text" | "plain" => Some(Format::Text),
            _ => None,
        }
    }
}

/// The report in a format.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Markdown => markdown::render(report),
        Format::Json => json::render(report),
        Format::Text => text::render(report),
    }
}

/// The location of a change, with names wrapped by `name` (backticks for Markdown, nothing for text).
fn location(place: &Place, name: impl Fn(&str) -> String) -> String {
    let parts: Vec<String> = place
        .segments()
        .into_iter()
        .map(|s| match s {
            Segment::Name(n) => name(n),
            Segment::Word(w) => w.to_owned(),
            Segment::TypeName(t) => format!("type {}", name(t)),
        })
        .collect();
    parts.join(" › ")
}

/// Whether the report shows the change's before and after text (doc text, messages, deprecation notes).
fn shows_text(change: &Change) -> bool {
    change.class() == Class::Docs
        && !matches!(change.kind, Kind::ParamDefaultChanged | Kind::FieldTimeFormatChanged | Kind::ErrorStatusChanged)
        && (change.old.is_some() || change.new.is_some())
}

/// A text shortened for one line: paragraphs joined with ` ¶ `, cut at `max` characters.
fn one_line(text: &str, max: usize) -> String {
    if text.trim().is_empty() {
        return "(none)".to_owned();
    }
    let joined = text.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>();
    let joined = joined.join(" ¶ ");
    if joined.chars().count() <= max {
        joined
    } else {
        let cut: String = joined.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

/// "1 breaking, 2 compatible, 0 docs only".
fn counts(report: &Report) -> String {
    let parts: Vec<String> =
        Class::ALL.iter().map(|c| format!("{} {}", report.count(*c), c.title().to_lowercase())).collect();
    parts.join(", ")
}

/// "minor release: 0.1.0 → 0.2.0".
fn release(report: &Report) -> String {
    let s = &report.semver;
    match (&s.from, &s.to) {
        _ if s.bump == crate::Bump::None => "no release needed".to_owned(),
        (Some(from), Some(to)) => format!("{} release: {from} → {to}", s.bump.id()),
        _ => format!("{} release", s.bump.id()),
    }
}

/// How many places use a type, written out up to a few.
fn used_by(paths: &[String], name: impl Fn(&str) -> String) -> String {
    const SHOWN: usize = 3;
    let mut out: Vec<String> = paths.iter().take(SHOWN).map(|p| name(p)).collect();
    if paths.len() > SHOWN {
        out.push(format!("and {} more", paths.len() - SHOWN));
    }
    out.join(", ")
}
