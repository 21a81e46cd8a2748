//! The SDK generator: YAML specs in, Rust source files out.
//!
//! Data flows one way: [`load`] reads and parses the files into [`spec`] types (with source spans), `check`
//! validates them and builds the [`model`] (every Rust name and type decided there, every problem a located
//! [`diagnostic`]), and [`emit`](mod@emit) turns the model into formatted Rust files. Nothing here writes files: the
//! `xtask` command does that, so tests can run the whole pipeline in memory.

pub mod check;
pub mod diagnostic;
pub mod emit;
pub mod layout;
pub mod load;
pub mod model;
pub mod naming;
pub mod source;
pub mod spec;

pub use check::{check_files, check_tree};
pub use diagnostic::Report;
pub use emit::{emit, OutputFile};
pub use layout::Layout;

/// Why generation failed: the specs have problems, or (a bug) emitted code did not parse.
#[derive(Debug)]
pub enum GenerateError {
    /// Located problems in the specs.
    Specs(Report),
    /// An emitter produced invalid Rust.
    Emit(emit::EmitError),
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenerateError::Specs(report) => report.fmt(f),
            GenerateError::Emit(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for GenerateError {}

/// The whole pipeline in memory: spec files in (paths relative to `specs/`), the SDK's files out.
pub fn generate(files: &load::SpecFiles) -> Result<Vec<OutputFile>, GenerateError> {
    generate_with_prefix(files, "specs/", &Layout::sdk())
}

/// [`generate`] for a spec tree shown in diagnostics and file headers under another folder, into crates
/// named by `layout`.
pub fn generate_with_prefix(
    files: &load::SpecFiles,
    display_prefix: &str,
    layout: &Layout,
) -> Result<Vec<OutputFile>, GenerateError> {
    let (api, _) = check_files(files, display_prefix).map_err(GenerateError::Specs)?;
    emit(&api, layout).map_err(GenerateError::Emit)
}
