//! `cargo xtask import` and `cargo xtask doc-check`: the file and terminal side of `reference_pages`.
//!
//! Each command is a function returning an [`Outcome`] (what to print, and the exit code) so tests run exactly
//! what the command runs; [`import`] and [`doc_check`] print it. Exit codes: 0 done / page and spec agree,
//! 1 the page and spec disagree (doc-check) or the draft does not check (import), 2 bad arguments or a file
//! that cannot be read (a page the reader cannot follow names its line).

mod doc_check;
mod import;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use doc_check::{run as run_doc_check, DocCheckArgs};
pub use import::{run as run_import, without_marker, ImportArgs};

/// What a command prints and how it exits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: u8,
}

impl Outcome {
    pub(crate) fn ok(stdout: String) -> Outcome {
        Outcome { stdout, stderr: String::new(), code: 0 }
    }

    pub(crate) fn fail(code: u8, stderr: String) -> Outcome {
        Outcome { stdout: String::new(), stderr, code }
    }

    pub fn print(self) -> ExitCode {
        print!("{}", self.stdout);
        eprint!("{}", self.stderr);
        ExitCode::from(self.code)
    }
}

/// Runs `import`.
pub fn import(root: &Path, args: &ImportArgs) -> ExitCode {
    run_import(root, args).print()
}

/// Runs `doc-check`.
pub fn doc_check(root: &Path, args: &DocCheckArgs) -> ExitCode {
    run_doc_check(root, args).print()
}

/// A path as given (relative to the current directory), or else relative to the workspace root.
fn locate(root: &Path, given: &str) -> PathBuf {
    let path = PathBuf::from(given);
    if path.exists() || path.is_absolute() {
        path
    } else {
        root.join(given)
    }
}

/// Reads a page and runs the reader on it; the error is the message to print.
fn read_page(root: &Path, given: &str) -> Result<reference_pages::Page, String> {
    let path = locate(root, given);
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read the page {}: {e}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!("{given}: the page is not UTF-8 text (byte {}): copy it as plain text", e.utf8_error().valid_up_to())
    })?;
    reference_pages::read_page(&text).map_err(|e| format!("{given}: {e}"))
}

/// The `*.yaml` files of one product folder, keyed `folder/file.yaml`.
pub(crate) fn product_files(folder: &Path) -> Result<codegen::load::SpecFiles, String> {
    let name = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let entries = std::fs::read_dir(folder).map_err(|e| format!("cannot read {}: {e}", folder.display()))?;
    let mut files = codegen::load::SpecFiles::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("cannot read {}: {e}", folder.display()))?.path();
        let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path.is_file() && (file.ends_with(".yaml") || file.ends_with(".yml")) {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            files.insert(format!("{name}/{file}"), text);
        }
    }
    Ok(files)
}
