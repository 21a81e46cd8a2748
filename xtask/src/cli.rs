//! The grammar of `cargo xtask`, declared once with clap.
//!
//! It exists so that every command and option has `--help` (with its default), every value is checked before any
//! work starts, and a mistyped word is refused with exit status 2, naming it and suggesting the nearest one.
//! `main.rs` parses the process's arguments with [`Cli`]; tests parse theirs with [`Cli::from_words`], so both
//! go through the same grammar. Each command's own options live with the command (`diff::Args`,
//! `pages::ImportArgs`, `pages::DocCheckArgs`, `meta::ImportMetaArgs`, `whole_api::Args`, `bench::Args`,
//! `semver_check::Args`).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::{bench, diff, meta, pages, semver_check, whole_api};

/// The maintainers' command line: generate the SDK from the specs, review spec changes, check specs against
/// API reference pages, and measure the generator.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Parses a command line written without the program name (`["diff", "--format", "text"]`), exactly as
    /// `cargo xtask` parses its own.
    pub fn from_words(words: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("cargo xtask").chain(words.iter().copied()))
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Regenerate generated/ (the facade and one crate per product) from specs/
    Codegen(CodegenArgs),
    /// Say what a spec change does to the API, whether it breaks users, and which release it needs
    Diff(diff::Args),
    /// Compare `diff`'s verdict on every fixture pair with cargo-semver-checks' (needs it installed)
    SemverCheck(semver_check::Args),
    /// Draft `specs/<product>/<Action>.yaml` for a new operation from a copied API reference page
    Import(pages::ImportArgs),
    /// List every disagreement between a spec and a (newer) copy of its API reference page
    DocCheck(pages::DocCheckArgs),
    /// Write specs for operations from Alibaba Cloud's OpenAPI metadata (api-docs.json); compare existing ones
    ImportMeta(meta::ImportMetaArgs),
    /// Import the four products' whole metadata into a scratch tree, generate it, and check, lint and document it
    WholeApi(whole_api::Args),
    /// Measure generation speed and memory on synthetic specs, and what the output costs to `cargo check`
    Bench(bench::Args),
    /// One size's generation, measured in a fresh process (started by `bench`)
    #[command(hide = true)]
    BenchChild {
        /// Synthetic operations to generate
        ops: usize,
        /// Also write the generated crates into this scratch workspace
        #[arg(long, value_name = "DIR")]
        write: Option<PathBuf>,
    },
    /// rustc under `RUSTC_WRAPPER`, recording its peak memory (started by `bench`'s `cargo check`)
    #[command(hide = true)]
    BenchRustcWrapper {
        /// The rustc cargo chose, then its arguments
        #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
        rustc: Vec<String>,
    },
}

/// `cargo xtask codegen`.
#[derive(Debug, Clone, clap::Args)]
pub struct CodegenArgs {
    /// Write nothing; exit 1 naming each file that differs from what specs/ produce (CI runs this)
    #[arg(long)]
    pub check: bool,
}
