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
pub use emit::{emit, emit_reusing, Emitted, Key, OutputFile, GENERATOR_FINGERPRINT};
pub use layout::{Guide, Layout};

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
    Ok(generate_reusing(files, display_prefix, layout, &|_: &str, _: &Key| None)?.files)
}

/// [`generate_with_prefix`], taking each file that `reuse` can supply for its key instead of emitting it
/// (see [`emit_reusing`]).
pub fn generate_reusing<R>(
    files: &load::SpecFiles,
    display_prefix: &str,
    layout: &Layout,
    reuse: &R,
) -> Result<Emitted, GenerateError>
where
    R: Fn(&str, &Key) -> Option<String> + Sync,
{
    let (api, _) = check_files(files, display_prefix).map_err(GenerateError::Specs)?;
    emit_reusing(&api, layout, reuse).map_err(GenerateError::Emit)
}

/// The key of a whole run: the generator's fingerprint, the layout, the folder shown in diagnostics and
/// every spec file's path and text. Two runs with one key produce the same files, so a tool that recorded
/// what the last run produced may skip the run (reading, checking and emitting) when nothing changed.
pub fn run_key(files: &load::SpecFiles, display_prefix: &str, layout: &Layout) -> Key {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(GENERATOR_FINGERPRINT.as_bytes());
    hasher.update(format!("{layout:?}\0{display_prefix}\0").as_bytes());
    for (path, text) in files {
        // Lengths first, so that no two different trees hash the same bytes.
        hasher.update((path.len() as u64).to_le_bytes());
        hasher.update(path.as_bytes());
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    hasher.finalize().into()
}
