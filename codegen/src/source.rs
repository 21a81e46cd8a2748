//! The spec files read in one run, and positions inside them.
//!
//! Diagnostics refer to files by [`FileId`] and carry a [`Loc`]; only rendering needs the text, so the
//! checker never passes file contents around.

use serde_saphyr::{Location, Spanned};

/// One file read from the spec tree.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the directory holding `specs/` (e.g. `specs/rds/DescribeBackups.yaml`), with `/`.
    pub path: String,
    /// The file's text.
    pub text: String,
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
        self.files.push(SourceFile { path: path.into(), text: text.into() });
        FileId(self.files.len() - 1)
    }

    /// The file with this id.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }
}

/// A position in a spec file: 1-based line and column, and the byte range of the token there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: FileId,
    pub line: u32,
    pub column: u32,
    pub start: usize,
    pub len: usize,
}

impl Loc {
    /// The position serde-saphyr recorded for a value.
    pub fn from_location(file: FileId, location: &Location, text: &str) -> Loc {
        let line = u32::try_from(location.line()).unwrap_or(u32::MAX).max(1);
        let column = u32::try_from(location.column()).unwrap_or(u32::MAX).max(1);
        let span = location.span();
        let start = span
            .byte_offset()
            .and_then(|b| usize::try_from(b).ok())
            .filter(|b| *b <= text.len())
            .unwrap_or_else(|| byte_of(text, line, column));
        let len = span.byte_len().and_then(|l| usize::try_from(l).ok()).unwrap_or(0);
        Loc { file, line, column, start, len: token_len(text, start, len) }
    }

    /// The position of a spanned value.
    pub fn of<T>(file: FileId, spanned: &Spanned<T>, text: &str) -> Loc {
        Loc::from_location(file, &spanned.referenced, text)
    }

    /// A position given by line and column (used inside block scalars, where serde-saphyr gives none).
    pub fn at(file: FileId, line: u32, column: u32, text: &str) -> Loc {
        let start = byte_of(text, line, column);
        Loc { file, line, column, start, len: token_len(text, start, 0) }
    }
}

/// The byte offset of a 1-based line and column (columns count characters).
fn byte_of(text: &str, line: u32, column: u32) -> usize {
    let mut offset = 0;
    for (index, l) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line as usize {
            let within = l.char_indices().nth(column.saturating_sub(1) as usize).map_or(l.len(), |(b, _)| b);
            return offset + within;
        }
        offset += l.len();
    }
    text.len()
}

/// A sensible caret width: the given length kept within its line, or else the word at `start`.
fn token_len(text: &str, start: usize, len: usize) -> usize {
    let rest = text.get(start..).unwrap_or("");
    let line_len = rest.find('\n').unwrap_or(rest.len());
    if len > 0 {
        return len.min(line_len).max(1);
    }
    let word =
        rest[..line_len].find(|c: char| c.is_whitespace() || c == ',' || c == ']' || c == '}').unwrap_or(line_len);
    word.max(1)
}
