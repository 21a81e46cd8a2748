//! The generated files that change between the two models, with the lines added and removed in each.
//!
//! Every generated file's header records the SHA-256 of the spec it came from, so any edit of a spec (even a
//! comment) changes the header. Files whose only difference is that header are counted, not listed: they
//! carry no API change, but `cargo xtask codegen` still has to be run for them.

use similar::{ChangeTag, TextDiff};

use codegen::emit::OutputFile;

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    Added,
    Removed,
    Changed,
}

impl FileStatus {
    /// The word used in reports and JSON.
    pub fn id(self) -> &'static str {
        match self {
            FileStatus::Added => "added",
            FileStatus::Removed => "removed",
            FileStatus::Changed => "changed",
        }
    }
}

/// One generated file that changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// Path in the workspace (`generated/products/rds/src/describe_backups.rs`).
    pub path: String,
    pub status: FileStatus,
    /// Lines added.
    pub added: usize,
    /// Lines removed.
    pub removed: usize,
}

/// Every generated file that changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileDiff {
    /// Files with changes beyond their header, in path order.
    pub files: Vec<FileChange>,
    /// How many files differ only in the spec hash of their header.
    pub header_only: usize,
}

/// Compares two sets of generated files.
pub fn compare_files(old: &[OutputFile], new: &[OutputFile]) -> FileDiff {
    let mut diff = FileDiff::default();
    let path = |p: &str| format!("generated/{p}");
    for o in old {
        match new.iter().find(|n| n.path == o.path) {
            None => diff.files.push(FileChange {
                path: path(&o.path),
                status: FileStatus::Removed,
                added: 0,
                removed: o.contents.lines().count(),
            }),
            Some(n) if n.contents == o.contents => {}
            Some(n) if without_header(&n.contents) == without_header(&o.contents) => diff.header_only += 1,
            Some(n) => {
                let (added, removed) = line_counts(&o.contents, &n.contents);
                diff.files.push(FileChange { path: path(&o.path), status: FileStatus::Changed, added, removed });
            }
        }
    }
    for n in new.iter().filter(|n| !old.iter().any(|o| o.path == n.path)) {
        diff.files.push(FileChange {
            path: path(&n.path),
            status: FileStatus::Added,
            added: n.contents.lines().count(),
            removed: 0,
        });
    }
    diff.files.sort_by(|a, b| a.path.cmp(&b.path));
    diff
}

/// The text without the `// source: ... (sha256 ...)` lines of the header (`# source: ...` in manifests).
fn without_header(text: &str) -> Vec<&str> {
    text.lines().filter(|l| !l.starts_with("// source: ") && !l.starts_with("# source: ")).collect()
}

/// Lines added and removed, as a unified diff counts them.
fn line_counts(old: &str, new: &str) -> (usize, usize) {
    let diff = TextDiff::from_lines(old, new);
    let mut counts = (0, 0);
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Insert => counts.0 += 1,
            ChangeTag::Delete => counts.1 += 1,
            ChangeTag::Equal => {}
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> OutputFile {
        OutputFile { path: path.to_owned(), contents: contents.to_owned() }
    }

    #[test]
    fn counts_lines_and_sets_aside_header_only_changes() {
        let old = [
            file("src/a.rs", "// source: a (sha256 1)\nfn a() {}\nfn b() {}\n"),
            file("src/b.rs", "// source: b (sha256 1)\nfn b() {}\n"),
            file("src/gone.rs", "x\ny\n"),
        ];
        let new = [
            file("src/a.rs", "// source: a (sha256 2)\nfn a() {}\nfn c() {}\nfn d() {}\n"),
            file("src/b.rs", "// source: b (sha256 2)\nfn b() {}\n"),
            file("src/new.rs", "z\n"),
        ];
        let diff = compare_files(&old, &new);
        assert_eq!(diff.header_only, 1);
        let got: Vec<_> = diff.files.iter().map(|f| (f.path.as_str(), f.status, f.added, f.removed)).collect();
        assert_eq!(
            got,
            [
                ("generated/src/a.rs", FileStatus::Changed, 3, 2),
                ("generated/src/gone.rs", FileStatus::Removed, 0, 2),
                ("generated/src/new.rs", FileStatus::Added, 1, 0),
            ]
        );
    }
}
