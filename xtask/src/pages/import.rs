//! `cargo xtask import PAGE --product P [--name ACTION] [--out FILE|-] [--outline]`: drafts
//! `specs/P/<Action>.yaml` from a copied page.
//!
//! The draft is written next to the product's other operations (never over an existing file: a page of an
//! operation that already has a spec is for doc-check). It starts with a `draft:` line the checker refuses, so
//! `cargo xtask codegen` fails until someone has reviewed every `# GUESS` and deleted that line; the command
//! itself checks that the rest is accepted, with the product's other specs, and says so.

use std::path::Path;

use reference_pages::draft::{declared_type_names, draft, product_wide_codes, render, ImportOptions, DRAFT_MARKER};

use super::{product_files, read_page, Outcome};

/// `cargo xtask import`.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// The API reference page, copied out of a browser into a text file (Ctrl+A, Ctrl+C)
    #[arg(value_name = "PAGE")]
    pub page: String,
    /// The product: its folder under specs/ (e.g. rds); required unless --outline
    #[arg(long, value_name = "P", required_unless_present = "outline")]
    pub product: Option<String>,
    /// The operation's name, for a page whose title, Action row, sample request and authorization table all
    /// lack it [default: read from the page]
    #[arg(long, value_name = "ACTION")]
    pub name: Option<String>,
    /// Where to write the draft, `-` for standard output (may replace a file) [default:
    /// specs/P/ACTION.yaml, never replaced]
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
    /// Print what the reader understood of the page, line by line, and write nothing
    #[arg(long, conflicts_with_all = ["product", "name", "out"])]
    pub outline: bool,
}

/// Runs the command.
pub fn run(root: &Path, args: &ImportArgs) -> Outcome {
    match import(root, args) {
        Ok(outcome) => outcome,
        Err((code, message)) => Outcome::fail(code, format!("cargo xtask import: {message}\n")),
    }
}

fn import(root: &Path, args: &ImportArgs) -> Result<Outcome, (u8, String)> {
    let page_arg = args.page.as_str();
    let page = read_page(root, page_arg).map_err(|m| (2, m))?;
    if args.outline {
        return Ok(Outcome::ok(reference_pages::outline(&page)));
    }
    let (Some(product), name, out) = (args.product.as_deref(), args.name.as_deref(), args.out.as_deref()) else {
        return Err((2, "--product is required (the folder under specs/, e.g. rds)".to_owned()));
    };
    let folder = root.join("specs").join(product);
    if !folder.join("product.yaml").is_file() {
        return Err((2, format!("specs/{product}/product.yaml does not exist; products: {}", products(root))));
    }
    let files = product_files(&folder).map_err(|m| (2, m))?;
    let options = ImportOptions {
        page_path: page_arg.to_string(),
        name: name.map(str::to_owned),
        taken_types: declared_type_names(&files),
        product_wide_codes: product_wide_codes(&files),
    };
    let draft = draft(&page, &options).map_err(|e| (2, e.to_string()))?;
    let yaml = render(&draft);
    let key = format!("{product}/{}.yaml", draft.name);
    if files.contains_key(&key) && out.is_none() {
        return Err((
            2,
            format!("specs/{key} already exists: compare the page with it instead: cargo xtask doc-check specs/{key} {page_arg}"),
        ));
    }
    let mut checked = files.clone();
    checked.insert(key.clone(), without_marker(&yaml));
    let verdict = match codegen::check_files(&checked, "specs/") {
        Ok(_) => Ok(format!("the checker accepts it once the `{DRAFT_MARKER}` line is deleted")),
        Err(report) => {
            Err(format!("the checker does not accept the draft yet, even without the `{DRAFT_MARKER}` line:\n{report}"))
        }
    };
    let guesses = yaml.lines().filter(|l| l.trim_start().starts_with("# GUESS")).count();
    let mut stdout = String::new();
    match out {
        Some("-") => stdout.push_str(&yaml),
        _ => {
            let target = out.map_or_else(|| root.join("specs").join(&key), |o| Path::new(o).to_path_buf());
            std::fs::write(&target, &yaml).map_err(|e| (2, format!("cannot write {}: {e}", target.display())))?;
            let shown = target.strip_prefix(root).unwrap_or(&target).display().to_string();
            stdout.push_str(&format!("wrote {shown}: {guesses} GUESS line(s) to review\n"));
        }
    }
    match verdict {
        Ok(message) => Ok(Outcome { stdout, stderr: format!("{message}\n"), code: 0 }),
        Err(message) => Ok(Outcome { stdout, stderr: format!("{message}\n"), code: 1 }),
    }
}

/// The draft as a reviewer leaves it when every guess is accepted: without the marker line.
pub fn without_marker(yaml: &str) -> String {
    yaml.lines().filter(|l| !l.starts_with(DRAFT_MARKER)).map(|l| format!("{l}\n")).collect()
}

fn products(root: &Path) -> String {
    let mut names: Vec<String> = std::fs::read_dir(root.join("specs"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().join("product.yaml").is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names.join(", ")
}
