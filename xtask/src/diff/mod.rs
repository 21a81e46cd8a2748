//! `cargo xtask diff`: what a spec change does to the API, and whether it breaks users of the generated crate.
//!
//! Reads two spec trees (`trees`: the last commit and the working tree, two git revisions, or two folders),
//! checks each into a model exactly as `cargo xtask codegen` does, lets `codegen::diff` compare the models and
//! the code generated from each, and prints the report (Markdown, JSON or plain text). The comparison itself
//! lives in `codegen` (pure, tested on fixtures); this file only reads, prints and picks the exit status:
//! 0 no breaking change, 1 breaking changes (unless `--allow-breaking`), 2 a spec does not load or the command
//! could not run.

mod trees;

use std::path::Path;
use std::process::ExitCode;

use codegen::diff::render::{failure, render, Format};
use codegen::diff::{Report, Side};

use crate::diff::trees::{Loaded, Tree};

const USAGE: &str = "usage: cargo xtask diff [--base REV [--head REV] | --old DIR --new DIR] \
[--format markdown|json|text] [--allow-breaking]

  (no tree)          the last commit (HEAD) against the working tree
  --base REV         a git revision against the working tree, or against --head REV
  --old DIR --new DIR
                     two spec folders (each holding one folder per product)
  --format F         markdown (default, for a pull-request comment), json (for tools), text (for a terminal)
  --allow-breaking   exit 0 even when a change breaks users

exit status: 0 no breaking change, 1 breaking changes, 2 a spec does not load (the diagnostics are printed)";

/// What the command printed and its exit status, so tests can run exactly what the command line runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub code: u8,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the command and prints its output.
pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let outcome = execute(root, args);
    print!("{}", outcome.stdout);
    eprint!("{}", outcome.stderr);
    ExitCode::from(outcome.code)
}

/// The parsed command line.
struct Options {
    old: Tree,
    new: Tree,
    format: Format,
    allow_breaking: bool,
}

/// Runs the command in `root` (the workspace, or any folder holding `specs/` in a git work tree).
pub fn execute(root: &Path, args: &[&str]) -> Outcome {
    let options = match parse(args) {
        Ok(o) => o,
        Err(message) => return usage_error(&message),
    };
    let old = trees::load(root, &options.old);
    let new = trees::load(root, &options.new);
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => return Outcome { code: 2, stdout: String::new(), stderr: format!("{e}\n") },
    };
    compare(root, &options, &old, &new)
}

fn compare(root: &Path, options: &Options, old: &Loaded, new: &Loaded) -> Outcome {
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
            let stdout = failure(options.format, (&old.label, &new.label), &failures);
            return Outcome { code: 2, stdout, stderr: String::new() };
        }
    };
    let version = trees::crate_version(root, &options.old);
    let sides = [(&old_api, old), (&new_api, new)].map(|(api, l)| Side { api, label: &l.label, prefix: &l.prefix });
    let report = match Report::new(sides[0], sides[1], version.as_deref()) {
        Ok(r) => r,
        Err(e) => return Outcome { code: 2, stdout: String::new(), stderr: format!("{e}\n") },
    };
    let code = if report.is_breaking() && !options.allow_breaking { 1 } else { 0 };
    Outcome { code, stdout: render(&report, options.format), stderr: String::new() }
}

fn usage_error(message: &str) -> Outcome {
    Outcome { code: 2, stdout: String::new(), stderr: format!("cargo xtask diff: {message}\n\n{USAGE}\n") }
}

fn parse(args: &[&str]) -> Result<Options, String> {
    let (mut base, mut head, mut old, mut new) = (None, None, None, None);
    let mut format = Format::Markdown;
    let mut allow_breaking = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = || rest.next().map(|v| (*v).to_owned()).ok_or_else(|| format!("`{arg}` needs a value"));
        match *arg {
            "--base" => base = Some(value()?),
            "--head" => head = Some(value()?),
            "--old" => old = Some(value()?),
            "--new" => new = Some(value()?),
            "--format" => {
                let name = value()?;
                format = Format::parse(&name).ok_or_else(|| format!("unknown format `{name}`"))?;
            }
            "--allow-breaking" => allow_breaking = true,
            "-h" | "--help" => return Err("help".to_owned()),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    let (old, new) = match (base, head, old, new) {
        (None, None, None, None) => (Tree::Revision("HEAD".to_owned()), Tree::Worktree),
        (base, head, None, None) => {
            let base = Tree::Revision(base.unwrap_or_else(|| "HEAD".to_owned()));
            (base, head.map_or(Tree::Worktree, Tree::Revision))
        }
        (None, None, Some(old), Some(new)) => (Tree::Folder(old.into()), Tree::Folder(new.into())),
        (None, None, _, _) => return Err("`--old` and `--new` go together".to_owned()),
        _ => return Err("compare revisions (`--base`, `--head`) or folders (`--old`, `--new`), not both".to_owned()),
    };
    Ok(Options { old, new, format, allow_breaking })
}
