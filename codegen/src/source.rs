//! The spec files read in one run, and positions inside them.
//!
//! Diagnostics refer to files by [`FileId`] and carry a [`Loc`]; only rendering needs the text, so the
//! checker never passes file contents around. Lines are counted here once, the way the YAML parser counts them
//! (`\n`, `\r\n` and a lone `\r`; no other separator), and a location's line and column always follow from its
//! byte offset, so every diagnostic is printed and drawn at the same place, whatever the file holds.

use std::sync::OnceLock;

use serde_saphyr::{Location, Spanned};

/// One file read from the spec tree.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the directory holding `specs/` (e.g. `specs/rds/DescribeBackups.yaml`), with `/`.
    pub path: String,
    /// The file's text.
    pub text: String,
    /// Where each line starts (YAML's line breaks), found once when a position is first asked for: a file with
    /// thousands of diagnostics would otherwise be scanned once for each.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A file and its text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile { path: path.into(), text: text.into(), line_starts: OnceLock::new() }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| lines(&self.text).map(|(start, _)| start).collect())
    }

    /// The line holding a byte offset: its byte offset, its text without the break, and its 1-based number. An
    /// offset inside a line break belongs to the line the break ends.
    pub fn line_at(&self, at: usize) -> (usize, &str, u32) {
        let starts = self.line_starts();
        let index = starts.partition_point(|start| *start <= at).saturating_sub(1);
        let start = starts.get(index).copied().unwrap_or(0);
        (start, line_from(&self.text, start), u32::try_from(index + 1).unwrap_or(u32::MAX))
    }

    /// The 1-based line and column of a byte offset, columns counting characters (as serde-saphyr does).
    pub fn position(&self, at: usize) -> (u32, u32) {
        let (start, line, number) = self.line_at(at);
        (number, column(line, at.saturating_sub(start)))
    }

    /// The byte offset of a 1-based line and column: past the end of its line it is the end of the line, past
    /// the last line the end of the text.
    fn byte_of(&self, line: u32, column: u32) -> usize {
        let Some(start) = self.line_starts().get(line.saturating_sub(1) as usize).copied() else {
            return self.text.len();
        };
        let l = line_from(&self.text, start);
        start + l.char_indices().nth(column.saturating_sub(1) as usize).map_or(l.len(), |(b, _)| b)
    }
}

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub usize);

/// All files of a run.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile::new(path, text));
        FileId(self.files.len() - 1)
    }

    /// The file with this id.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }
}

/// A position in a spec file: 1-based line and column, and the byte range of the token there.
///
/// The line and column are always those of `start` (see [`position`]), so the `file:line:column` a diagnostic
/// prints and the caret it draws cannot disagree; `len` stays within the line and ends on a character boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: FileId,
    pub line: u32,
    pub column: u32,
    pub start: usize,
    pub len: usize,
}

impl Loc {
    /// The position serde-saphyr recorded for a value: its byte offset when it has one, else its line and column.
    pub fn from_location(file: FileId, location: &Location, source: &SourceFile) -> Loc {
        let span = location.span();
        let start = span.byte_offset().and_then(|b| usize::try_from(b).ok()).filter(|b| *b <= source.text.len());
        let len = span.byte_len().and_then(|l| usize::try_from(l).ok()).unwrap_or(0);
        let start = start.unwrap_or_else(|| {
            let line = u32::try_from(location.line()).unwrap_or(u32::MAX);
            let column = u32::try_from(location.column()).unwrap_or(u32::MAX);
            source.byte_of(line, column)
        });
        Loc::spanning(file, source, start, len)
    }

    /// The position of a spanned value.
    pub fn of<T>(file: FileId, spanned: &Spanned<T>, source: &SourceFile) -> Loc {
        Loc::from_location(file, &spanned.referenced, source)
    }

    /// A position given by line and column (used inside block scalars, where serde-saphyr gives none); past the
    /// end of its line it is the end of the line, past the last line the end of the text.
    pub fn at(file: FileId, line: u32, column: u32, source: &SourceFile) -> Loc {
        Loc::spanning(file, source, source.byte_of(line, column), 0)
    }

    /// The token at a byte offset, `len` bytes long (0: the word there).
    pub fn spanning(file: FileId, source: &SourceFile, start: usize, len: usize) -> Loc {
        let start = floor_char_boundary(&source.text, start.min(source.text.len()));
        let (line, column) = source.position(start);
        Loc { file, line, column, start, len: token_len(&source.text, start, len) }
    }
}

/// The length in bytes of the line break at `at` (`\n`, `\r\n` or a lone `\r`), or 0 when there is none.
///
/// These are YAML 1.2's line breaks, and the only ones serde-saphyr's parser counts when it numbers lines.
/// U+0085, U+2028 and U+2029 (breaks in YAML 1.1) and every other separator or space are ordinary characters.
pub fn line_break_len(text: &str, at: usize) -> usize {
    match text.as_bytes().get(at..) {
        Some([b'\r', b'\n', ..]) => 2,
        Some([b'\r' | b'\n', ..]) => 1,
        _ => 0,
    }
}

/// The lines of a text as YAML counts them: each line's byte offset and its text without the break. A text
/// ending in a break ends with an empty line (the position after the break is on it), and an empty text is one
/// empty line.
pub fn lines(text: &str) -> Lines<'_> {
    Lines { text, next: Some(0), lf: None, cr: None }
}

/// The iterator of [`lines`]. It looks for `\n` and `\r` with `str::find` of one character (memchr) and
/// remembers where each is next, so a text is scanned once however its lines end.
pub struct Lines<'a> {
    text: &'a str,
    next: Option<usize>,
    /// The next `\n` and `\r` at or after `next` (`Some(None)`: there is none), when known.
    lf: Option<Option<usize>>,
    cr: Option<Option<usize>>,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let start = self.next?;
        let find = |known: &mut Option<Option<usize>>, c: char| match *known {
            Some(Some(at)) if at >= start => Some(at),
            Some(None) => None,
            _ => {
                let found = self.text[start..].find(c).map(|at| start + at);
                *known = Some(found);
                found
            }
        };
        let end = match (find(&mut self.lf, '\n'), find(&mut self.cr, '\r')) {
            (Some(lf), Some(cr)) => Some(lf.min(cr)),
            (lf, cr) => lf.or(cr),
        };
        match end {
            Some(end) => {
                self.next = Some(end + line_break_len(self.text, end));
                Some((start, &self.text[start..end]))
            }
            None => {
                self.next = None;
                Some((start, &self.text[start..]))
            }
        }
    }
}

/// The 1-based line and column of a byte offset in a text, as [`SourceFile::position`] gives it (this one scans
/// the text: for a one-off question, such as a test's).
pub fn position(text: &str, at: usize) -> (u32, u32) {
    let (start, number) = lines(text)
        .enumerate()
        .take_while(|(_, (start, _))| *start <= at)
        .last()
        .map_or((0, 1), |(index, (start, _))| (start, index + 1));
    (u32::try_from(number).unwrap_or(u32::MAX), column(line_from(text, start), at.saturating_sub(start)))
}

/// The text of the line starting at `start`, without its break.
fn line_from(text: &str, start: usize) -> &str {
    let rest = text.get(start..).unwrap_or("");
    &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())]
}

/// The 1-based column of a byte offset within a line (past its end: just after it).
fn column(line: &str, within: usize) -> u32 {
    let within = floor_char_boundary(line, within.min(line.len()));
    u32::try_from(line[..within].chars().count() + 1).unwrap_or(u32::MAX)
}

/// The largest character boundary at or before `at`.
pub(crate) fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The smallest character boundary at or after `at`.
pub(crate) fn ceil_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// A sensible caret width: the given length kept within its line, or else the word at `start`; always whole
/// characters, and at least one byte (the caret under a line's end stands on its break).
fn token_len(text: &str, start: usize, len: usize) -> usize {
    let rest = text.get(start..).unwrap_or("");
    let line_len = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let len = if len > 0 {
        len.min(line_len)
    } else {
        rest[..line_len].find(|c: char| c.is_whitespace() || c == ',' || c == ']' || c == '}').unwrap_or(line_len)
    };
    match ceil_char_boundary(rest, len) {
        0 => rest.chars().next().map_or(1, char::len_utf8),
        len => len,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_where_yaml_does() {
        let text = "a: 1\rb: \u{2028}2\r\nc: \u{85}3\n\u{3000}d\n";
        let lines: Vec<&str> = lines(text).map(|(_, l)| l).collect();
        assert_eq!(lines, ["a: 1", "b: \u{2028}2", "c: \u{85}3", "\u{3000}d", ""]);
        assert_eq!(position(text, text.find('2').unwrap_or(0)), (2, 5));
        assert_eq!(position(text, text.find('3').unwrap_or(0)), (3, 5));
        assert_eq!(position(text, text.find('d').unwrap_or(0)), (4, 2));
        assert_eq!(position(text, text.len()), (5, 1));
        let source = SourceFile::new("t.yaml", text);
        for at in 0..=text.len() {
            assert_eq!(source.position(at), position(text, at), "at {at}");
        }
        // Inside a `\r\n`, and inside a character: the position of the break, and of the character.
        assert_eq!(position(text, text.find("\r\n").unwrap_or(0) + 1), (2, 6));
        assert_eq!(position(text, text.find('\u{2028}').unwrap_or(0) + 1), (2, 4));
    }

    #[test]
    fn carets_cover_whole_characters_within_the_line() {
        let text = "key:\u{3000}value\rnext";
        let source = SourceFile::new("t.yaml", text);
        let loc = Loc::spanning(FileId(0), &source, text.find('\u{3000}').unwrap_or(0), 0);
        assert_eq!((loc.line, loc.column, loc.len), (1, 5, '\u{3000}'.len_utf8()));
        let loc = Loc::spanning(FileId(0), &source, text.find('v').unwrap_or(0), 100);
        assert_eq!(&text[loc.start..loc.start + loc.len], "value");
        let loc = Loc::at(FileId(0), 2, 3, &source);
        assert_eq!(&text[loc.start..loc.start + loc.len], "xt");
    }
}
