//! The SDK generator: YAML specs in, Rust source files out.
//!
//! Data flows one way: [`load`] reads and parses the files into [`spec`] types (with source spans), `check`
//! validates them and builds the [`model`] (every Rust name and type decided there, every problem a located
//! [`diagnostic`]), and [`emit`] turns the model into formatted Rust files. Nothing here writes files: the
//! `xtask` command does that, so tests can run the whole pipeline in memory.

pub mod check;
pub mod diagnostic;
pub mod emit;
pub mod load;
pub mod model;
pub mod naming;
pub mod source;
pub mod spec;

pub use check::check_files;
pub use diagnostic::Report;
pub use emit::{emit, OutputFile};
