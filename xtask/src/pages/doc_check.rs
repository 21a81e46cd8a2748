//! `cargo xtask doc-check SPEC PAGE [--known]`: every disagreement between a spec and a (newer) copy of its
//! page; exit 1 when there is one the spec does not already record.

use std::path::Path;

use reference_pages::doc_check::{doc_check, render};

use super::{locate, product_files, read_page, Outcome};

/// `cargo xtask doc-check`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Exit status: 0 the spec agrees with the page, 1 a disagreement the spec does not record, \
                        2 a file cannot be read or the page cannot be followed (its line is named).")]
pub struct DocCheckArgs {
    /// The spec: `specs/<product>/<Action>.yaml`
    #[arg(value_name = "SPEC")]
    pub spec: String,
    /// The (newer) copy of its API reference page, as copied out of a browser into a text file
    #[arg(value_name = "PAGE")]
    pub page: String,
    /// Also list the disagreements the spec already records (page_claim, source, ...), with the reason
    #[arg(long)]
    pub known: bool,
}

/// Runs the command.
pub fn run(root: &Path, args: &DocCheckArgs) -> Outcome {
    let (spec_arg, page_arg, known) = (args.spec.as_str(), args.page.as_str(), args.known);
    let spec = locate(root, spec_arg);
    let (Some(folder), Some(file)) = (spec.parent(), spec.file_name()) else {
        return Outcome::fail(2, format!("cargo xtask doc-check: {spec_arg} is not a spec file\n"));
    };
    if !spec.is_file() {
        return Outcome::fail(2, format!("cargo xtask doc-check: {} does not exist\n", spec.display()));
    }
    let page = match read_page(root, page_arg) {
        Ok(p) => p,
        Err(m) => return Outcome::fail(2, format!("cargo xtask doc-check: {m}\n")),
    };
    let files = match product_files(folder) {
        Ok(f) => f,
        Err(m) => return Outcome::fail(2, format!("cargo xtask doc-check: {m}\n")),
    };
    let product = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let key = format!("{product}/{}", file.to_string_lossy());
    let prefix = folder
        .parent()
        .map(|p| p.strip_prefix(root).unwrap_or(p).to_string_lossy().replace('\\', "/"))
        .map(|p| if p.is_empty() { p } else { format!("{p}/") })
        .unwrap_or_default();
    match doc_check(&files, &key, &prefix, &page) {
        Ok(disagreements) => {
            let text = render(&disagreements, &page.notes, &format!("{prefix}{key}"), page_arg, known);
            let code = u8::from(disagreements.iter().any(|d| d.excused.is_none()));
            Outcome { stdout: text, stderr: String::new(), code }
        }
        Err(e) => Outcome::fail(2, format!("cargo xtask doc-check: {e}\n")),
    }
}
