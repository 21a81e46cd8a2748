//! (being written)
/// A generated file.
pub struct OutputFile;
/// Emits.
pub fn emit() {}
