//! `cargo xtask diff` (being written).
use std::path::Path;
use std::process::ExitCode;

/// Runs the command.
pub fn run(_root: &Path, _args: &[&str]) -> ExitCode {
    eprintln!("cargo xtask diff: not available yet");
    ExitCode::from(2)
}
