//! `cargo xtask diff`: what a spec change does to the API, and whether it breaks users of the generated crate.
//!
//! Reads two spec trees (`trees`: the last commit and the working tree, two git revisions, two folders, or the
//! operations imported from two OpenAPI metadata files, so a metadata release shows as Rust API changes),
//! checks each into a model exactly as `cargo xtask codegen` does, lets `api_diff` compare the models and
//! the code generated from each, and prints the report (Markdown, JSON or plain text). The comparison itself
//! lives in `codegen` (pure, tested on fixtures); this file only reads, prints and picks the exit status:
//! 0 no breaking change, 1 breaking changes (unless `--allow-breaking`), 2 a spec does not load or the command
//! could not run.

mod trees;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use api_diff::render::{failure, render, Format};
use api_diff::{Report, Side};

use codegen::load::SpecFiles;

use crate::diff::trees::{Loaded, Tree};

/// `cargo xtask diff`: which two spec trees to compare, and how to report.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Exit status: 0 no breaking change, 1 breaking changes (unless --allow-breaking), 2 a spec \
                        does not load (its diagnostics are printed) or the trees cannot be read.")]
pub struct Args {
    /// The git revision (commit, branch or tag) to compare from
    #[arg(long, value_name = "REV", default_value = "HEAD", conflicts_with_all = ["old", "new"])]
    pub base: String,
    /// The git revision to compare to [default: the working tree]
    #[arg(long, value_name = "REV", conflicts_with_all = ["old", "new"])]
    pub head: Option<String>,
    /// A spec folder (one folder per product) to compare from, instead of revisions; or an OpenAPI metadata file
    /// (`rds.json`), whose operations are imported (--no-draft) into a scratch tree first
    #[arg(long, value_name = "DIR|FILE", requires = "new")]
    pub old: Option<PathBuf>,
    /// The spec folder (or metadata file) to compare to
    #[arg(long, value_name = "DIR|FILE", requires = "old")]
    pub new: Option<PathBuf>,
    /// How to print the report
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    /// Exit 0 even when a change breaks users (once a breaking release has been agreed)
    #[arg(long)]
    pub allow_breaking: bool,
}

/// The report's forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A pull-request comment
    Markdown,
    /// A document for tools (stable change ids)
    Json,
    /// A terminal report
    Text,
}

impl From<ReportFormat> for Format {
    fn from(format: ReportFormat) -> Format {
        match format {
            ReportFormat::Markdown => Format::Markdown,
            ReportFormat::Json => Format::Json,
            ReportFormat::Text => Format::Text,
        }
    }
}

impl Args {
    /// The two trees: folders, or revisions (the working tree when there is no `--head`).
    fn trees(&self) -> (Tree, Tree) {
        match (&self.old, &self.new) {
            (Some(old), Some(new)) => (Tree::from_path(old), Tree::from_path(new)),
            _ => (Tree::Revision(self.base.clone()), self.head.clone().map_or(Tree::Worktree, Tree::Revision)),
        }
    }
}

/// What the command printed and its exit status, so tests can run exactly what the command line runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub code: u8,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the command and prints its output.
pub fn run(root: &Path, args: &Args) -> ExitCode {
    let outcome = execute(root, args);
    print!("{}", outcome.stdout);
    eprint!("{}", outcome.stderr);
    ExitCode::from(outcome.code)
}

/// Runs the command in `root` (the workspace, or any folder holding `specs/` in a git work tree).
pub fn execute(root: &Path, args: &Args) -> Outcome {
    let (old_tree, new_tree) = args.trees();
    let old = trees::load(root, &old_tree);
    let new = trees::load(root, &new_tree);
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => return Outcome { code: 2, stdout: String::new(), stderr: format!("{e}\n") },
    };
    let (old, new, left_out) = match leave_out_refused(&old_tree, &new_tree, old, new) {
        Ok(trees) => trees,
        Err(e) => return Outcome { code: 2, stdout: String::new(), stderr: format!("{e}\n") },
    };
    let format = Format::from(args.format);
    let checked_old = codegen::check_files(&old.files, &old.prefix);
    let checked_new = codegen::check_files(&new.files, &new.prefix);
    let (old_api, new_api) = match (checked_old, checked_new) {
        (Ok((a, _)), Ok((b, _))) => (a, b),
        (a, b) => {
            let failures: Vec<(&str, codegen::Report)> = [(&old.label, a.err()), (&new.label, b.err())]
                .into_iter()
                .filter_map(|(side, e)| Some((side.as_str(), e?)))
                .collect();
            let failures: Vec<(&str, &codegen::Report)> = failures.iter().map(|(s, r)| (*s, r)).collect();
            let stdout = failure(format, (&old.label, &new.label), &failures);
            return Outcome { code: 2, stdout, stderr: String::new() };
        }
    };
    let version = trees::crate_version(root, &old_tree);
    let sides = [(&old_api, &old), (&new_api, &new)].map(|(api, l)| Side { api, label: &l.label, prefix: &l.prefix });
    let report = match Report::new(sides[0], sides[1], version.as_deref()) {
        Ok(r) => r,
        Err(e) => return Outcome { code: 2, stdout: String::new(), stderr: format!("{e}\n") },
    };
    let code = if report.is_breaking() && !args.allow_breaking { 1 } else { 0 };
    Outcome { code, stdout: render(&report, format), stderr: left_out }
}

/// With a metadata file on either side, operation files the checker refuses (they use spec keys it does not know
/// yet) are left out of both sides, so the comparison covers the operations that check on both; the note says
/// how many and which. Folders and revisions are compared as they are (a refused file is an error there).
fn leave_out_refused(
    old_tree: &Tree,
    new_tree: &Tree,
    old: Loaded,
    new: Loaded,
) -> Result<(Loaded, Loaded, String), String> {
    let metadata = |t: &Tree| matches!(t, Tree::Metadata(_));
    if !metadata(old_tree) && !metadata(new_tree) {
        return Ok((old, new, String::new()));
    }
    let old_ok = crate::meta::accepted_subset(old.files.clone(), &old.prefix)?;
    let new_ok = crate::meta::accepted_subset(new.files.clone(), &new.prefix)?;
    let mut refused: Vec<String> = old_ok.refused.iter().chain(&new_ok.refused).cloned().collect();
    refused.sort();
    refused.dedup();
    let keep = |files: SpecFiles| -> SpecFiles { files.into_iter().filter(|(k, _)| !refused.contains(k)).collect() };
    let note = if refused.is_empty() {
        String::new()
    } else {
        let first: Vec<&str> = refused.iter().take(5).map(String::as_str).collect();
        format!(
            "{} operation file(s) left out of the comparison: the checker refuses them on one side or both (first: {})\n",
            refused.len(),
            first.join(", ")
        )
    };
    let old = Loaded { files: keep(old_ok.files), ..old };
    let new = Loaded { files: keep(new_ok.files), ..new };
    Ok((old, new, note))
}
