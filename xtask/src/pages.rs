//! `cargo xtask import` and `cargo xtask doc-check` (being written).
use std::path::Path;
use std::process::ExitCode;

/// Runs `import`.
pub fn import(_root: &Path, _args: &[&str]) -> ExitCode {
    eprintln!("cargo xtask import: not available yet");
    ExitCode::from(2)
}

/// Runs `doc-check`.
pub fn doc_check(_root: &Path, _args: &[&str]) -> ExitCode {
    eprintln!("cargo xtask doc-check: not available yet");
    ExitCode::from(2)
}
