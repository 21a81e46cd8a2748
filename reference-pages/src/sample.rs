//! Sample responses: the JSON (and XML) bodies under "Sample success responses".
//!
//! Copies lose things: one seed's JSON sample lost its outer braces (it starts at `"Message" :`), so a body that
//! starts with a key is wrapped in braces again and the repair is noted. A body that still does not parse is
//! an error at its page line: a draft or a doc-check built on half a sample would mislead.

use crate::error::PageError;
use crate::json;
use crate::model::{Line, Note, Sample, SampleFormat};
use crate::text::{Section, Text};

/// A sample's format, the line of its marker, and its lines.
type Chunk = (SampleFormat, Line, Vec<(Line, String)>);

/// Reads the samples of the "Sample success responses" section.
pub(crate) fn read(text: &Text, section: Section, notes: &mut Vec<Note>) -> Result<Vec<Sample>, PageError> {
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut n = section.start;
    while n < section.end {
        let line = text.line(n);
        let next = text.line(n + 1).trim();
        if let Some(format) = marker(line) {
            let mut start = n;
            if matches!(line.trim(), "JSON" | "XML") && next.eq_ignore_ascii_case("format") {
                start += 1;
            }
            chunks.push((format, start, Vec::new()));
            n = start + 1;
            continue;
        }
        if chunks.is_empty() && line.trim_start().starts_with('{') {
            chunks.push((SampleFormat::Json, n, Vec::new()));
        }
        if let Some((_, _, lines)) = chunks.last_mut() {
            lines.push((n, line.to_owned()));
        }
        n += 1;
    }
    let mut samples = Vec::new();
    for (format, marker_line, lines) in chunks {
        let body: Vec<&(Line, String)> = lines
            .iter()
            .skip_while(|(_, l)| {
                let t = l.trim();
                t.is_empty() || t.starts_with("HTTP/") || t.to_ascii_lowercase().starts_with("content-type")
            })
            .collect();
        let end = body.iter().rposition(|(_, l)| !l.trim().is_empty()).map_or(0, |i| i + 1);
        let body = &body[..end];
        let Some((first_line, _)) = body.first() else {
            let what = if format == SampleFormat::Json { "JSON" } else { "XML" };
            notes.push(Note { line: marker_line, text: format!("the {what} sample is empty") });
            continue;
        };
        let lines: Vec<&str> = body.iter().map(|(_, l)| l.as_str()).collect();
        let text = dedent(&lines);
        samples.push(match format {
            SampleFormat::Xml => Sample { format, line: *first_line, body: text, repaired: None, json: None },
            SampleFormat::Json => json_sample(*first_line, text, notes)?,
        });
    }
    Ok(samples)
}

/// `JSON format`, `JSONformat`, `XML format` (or `JSON` followed by a line `format`).
fn marker(line: &str) -> Option<SampleFormat> {
    let squashed: String = line.split_whitespace().collect::<String>().to_ascii_lowercase();
    match squashed.as_str() {
        "jsonformat" | "json" => Some(SampleFormat::Json),
        "xmlformat" | "xml" => Some(SampleFormat::Xml),
        _ => None,
    }
}

/// Removes the indentation every line shares.
fn dedent(lines: &[&str]) -> String {
    let indent =
        lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    lines.iter().map(|l| l.get(indent..).unwrap_or("").to_owned()).collect::<Vec<_>>().join("\n")
}

/// Parses a JSON body, restoring lost outer braces.
fn json_sample(line: Line, body: String, notes: &mut Vec<Note>) -> Result<Sample, PageError> {
    let body_lines = body.lines().count();
    let (text, repaired, first) = if body.trim_start().starts_with('"') {
        let note = "the copy lost the sample's outer braces (it starts with a key); they are restored".to_owned();
        notes.push(Note { line, text: note.clone() });
        (format!("{{\n{body}\n}}"), Some(note), line.saturating_sub(1))
    } else {
        (body, None, line)
    };
    // The page lines the body spans; an error on a restored brace is reported at the body's edge.
    let last = line + body_lines.saturating_sub(1);
    let clamp = |at: usize| at.clamp(line, last.max(line));
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
        let at = (first + e.line()).saturating_sub(1);
        let why = e.to_string();
        let why = why.split(" at line ").next().unwrap_or(&why).to_owned();
        let expected = format!("the JSON sample to parse ({why})");
        if at < line || at > last {
            return Err(PageError::at_end(clamp(at), expected));
        }
        return Err(PageError::new(at, expected, text.lines().nth(e.line().saturating_sub(1)).unwrap_or("")));
    }
    let node = json::parse(&text, first).map_err(|e| PageError::at_end(clamp(e.line), e.message))?;
    Ok(Sample { format: SampleFormat::Json, line, body: text, repaired, json: Some(node) })
}

/// The operation named by the sample request (`?Action=X`), with its line.
pub(crate) fn action_in_request(text: &Text, section: Section) -> Option<(String, Line)> {
    section.lines(text).find_map(|(n, l)| {
        let at = l.find("Action=")? + "Action=".len();
        let name: String = l[at..].chars().take_while(char::is_ascii_alphanumeric).collect();
        (!name.is_empty()).then_some((name, n))
    })
}
