//! `cargo xtask import-meta FILE --product P (--operation ACTION... | --all) [--no-draft] [--out DIR]`: spec files
//! from Alibaba Cloud's OpenAPI metadata, the file side of `openapi_meta`.
//!
//! Writes `DIR/P/<Action>.yaml` for each selected action that has no spec yet, and `DIR/P/product.yaml` when
//! there is none; an action whose spec exists is never overwritten but compared with the metadata, and each
//! disagreement is reported as `doc-check` reports a page's. Then the product folder is run through the checker
//! (drafts without their `draft:` line) and what it refuses is summarised per file. Exit status: 0 written and
//! accepted, 1 a disagreement or a refused file, 2 bad arguments or unreadable metadata.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::load::SpecFiles;
use openapi_meta::decide::Namespace;
use openapi_meta::meta::Metadata;
use openapi_meta::render::Mode;
use openapi_meta::{Imported, Selection};
use reference_pages::compare::Disagreement;
use reference_pages::draft::declared_type_names;

use crate::pages::{product_files, without_marker, Outcome};

/// `cargo xtask import-meta`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Exit status: 0 every file written and accepted by the checker, 1 an existing spec disagrees \
                        with the metadata or the checker refuses a file, 2 bad arguments or metadata that cannot be \
                        read (the action and JSON path are named).")]
pub struct ImportMetaArgs {
    /// The metadata file (api-docs.json), e.g. ../shared/openapi-meta/rds.json
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The product: its folder under DIR (e.g. rds), also its `module`
    #[arg(long, value_name = "P")]
    pub product: String,
    /// An action to import (repeatable)
    #[arg(long = "operation", value_name = "ACTION", required_unless_present = "all", conflicts_with = "all")]
    pub operations: Vec<String>,
    /// Import every action of the metadata
    #[arg(long)]
    pub all: bool,
    /// Write specs without the `draft:` marker (decisions stay as GUESS comments); the checker must accept them
    #[arg(long)]
    pub no_draft: bool,
    /// The folder holding one folder per product [default: the repository's specs/]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also list the disagreements an existing spec already records (page_claim, source), with the reason
    #[arg(long)]
    pub known: bool,
}

/// What one import did, for the command's report and for `whole-api`.
#[derive(Debug, Default)]
pub struct Summary {
    /// Spec files written, by key (`rds/DescribeBackups.yaml`), with their GUESS count.
    pub written: Vec<(String, usize)>,
    /// Existing specs compared, by key, with every disagreement (the excused ones included).
    pub compared: Vec<(String, Vec<Disagreement>)>,
    /// Whether `product.yaml` was written.
    pub product_written: bool,
}

/// Runs the command.
pub fn run(root: &Path, args: &ImportMetaArgs) -> Outcome {
    match execute(root, args) {
        Ok(outcome) => outcome,
        Err(message) => Outcome::fail(2, format!("cargo xtask import-meta: {message}\n")),
    }
}

fn execute(root: &Path, args: &ImportMetaArgs) -> Result<Outcome, String> {
    let meta = read_metadata(root, &args.file)?;
    let selection = if args.all { Selection::All } else { Selection::Only(args.operations.clone()) };
    let out = args.out.clone().unwrap_or_else(|| root.join("specs"));
    let mode = if args.no_draft { Mode::NoDraft } else { Mode::Draft };
    let file_name = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let summary = import_into(&meta, &file_name, &args.product, &selection, mode, &out, &today())?;
    let shown = |key: &str| display(root, &out.join(key));
    let mut stdout = String::new();
    if summary.product_written {
        stdout.push_str(&format!("wrote {}\n", shown(&format!("{}/product.yaml", args.product))));
    }
    for (key, guesses) in &summary.written {
        stdout.push_str(&format!("wrote {}: {guesses} GUESS line(s) to review\n", shown(key)));
    }
    let mut code = 0;
    let metadata = display(root, &args.file);
    for (key, found) in &summary.compared {
        stdout.push_str(&format!("{} exists (never overwritten); compared with the metadata:\n", shown(key)));
        stdout.push_str(&reference_pages::doc_check::render(found, &[], &shown(key), &metadata, args.known));
        code = code.max(u8::from(found.iter().any(|d| d.excused.is_none())));
    }
    let folder = out.join(&args.product);
    let files = product_files(&folder)?;
    let files: codegen::load::SpecFiles = files.into_iter().map(|(k, v)| (k, without_marker(&v))).collect();
    let prefix = format!("{}/", display(root, &out));
    let stderr = match codegen::check_files(&files, &prefix) {
        Ok(_) if mode == Mode::Draft => "the checker accepts the product once the `draft:` lines are deleted\n".into(),
        Ok(_) => "the checker accepts the product\n".to_owned(),
        Err(report) => {
            code = 1;
            refusals(&report, 5)
        }
    };
    Ok(Outcome { stdout, stderr, code })
}

/// Imports `selection` of `meta` into `out/<product>/`: writes what has no file yet, compares the rest.
pub fn import_into(
    meta: &Metadata,
    file_name: &str,
    product: &str,
    selection: &Selection,
    mode: Mode,
    out: &Path,
    date: &str,
) -> Result<Summary, String> {
    if codegen::naming::field_name(product).as_deref() != Some(product) {
        return Err(format!("--product {product}: a product folder is a snake_case module name (e.g. r_kvstore)"));
    }
    let folder = out.join(product);
    std::fs::create_dir_all(&folder).map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    let mut files = product_files(&folder)?;
    let mut summary = Summary::default();
    let product_key = format!("{product}/product.yaml");
    if let Entry::Vacant(slot) = files.entry(product_key) {
        let p = openapi_meta::product::decide(meta, product, file_name, date);
        let text = openapi_meta::render::product(&p);
        write(&folder.join("product.yaml"), &text)?;
        slot.insert(text);
        summary.product_written = true;
    }
    let mut namespace = Namespace { taken: declared_type_names(&files) };
    let source = format!("{file_name} ({} {}, OpenAPI metadata)", meta.info.product, meta.info.version);
    let imported = openapi_meta::import(meta, selection, &mut namespace, &source, mode).map_err(|e| e.to_string())?;
    // Codes the product declares product-wide (product.yaml) are answered by every operation: a new draft
    // leaves them out (the checker refuses an operation listing one again, E042); a comparison checks them.
    let wide = reference_pages::draft::product_wide_codes(&files);
    for Imported { mut draft, mut yaml } in imported {
        let key = format!("{product}/{}.yaml", draft.name);
        if !files.contains_key(&key) && draft.errors.iter().any(|e| wide.contains(&e.code)) {
            draft.product_wide =
                draft.errors.iter().filter(|e| wide.contains(&e.code)).map(|e| e.code.clone()).collect();
            draft.errors.retain(|e| !wide.contains(&e.code));
            yaml = openapi_meta::render::operation(&draft, &source, mode);
        }
        if files.contains_key(&key) {
            let found = openapi_meta::compare::disagreements(&files, &key, &draft)?;
            summary.compared.push((key, found));
            continue;
        }
        write(&folder.join(format!("{}.yaml", draft.name)), &yaml)?;
        summary.written.push((key.clone(), draft.guess_count()));
        files.insert(key, yaml);
    }
    Ok(summary)
}

/// Reads and parses a metadata file (a relative path is tried from the current folder, then from `root`).
pub fn read_metadata(root: &Path, file: &Path) -> Result<Metadata, String> {
    let path = if file.exists() || file.is_absolute() { file.to_path_buf() } else { root.join(file) };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    openapi_meta::meta::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The checker's refusals, per file: how many, and the first `first` of each file in one line each.
pub fn refusals(report: &codegen::Report, first: usize) -> String {
    let mut by_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in &report.diagnostics.0 {
        let position = d.position(&report.sources);
        let file = position.split(':').next().unwrap_or(&position).to_owned();
        by_file.entry(file).or_default().push(format!("{position}: [{}] {}", d.code.id(), d.message));
    }
    let mut out = format!("the checker refuses {} file(s):\n", by_file.len());
    for (file, list) in &by_file {
        out.push_str(&format!("  {file}: {} diagnostic(s)\n", list.len()));
        for line in list.iter().take(first) {
            out.push_str(&format!("    {line}\n"));
        }
    }
    out
}

/// What the checker accepts of a spec tree whose operation files it may refuse (imports of metadata that use
/// keys the checker does not know yet).
#[derive(Debug)]
pub struct Accepted {
    /// The files left: they check together.
    pub files: SpecFiles,
    /// The refused operation files, by key.
    pub refused: Vec<String>,
    /// The checker's first report, when it refused anything.
    pub report: Option<codegen::Report>,
}

/// Leaves out the operation files the checker refuses until the rest checks; an error when a `product.yaml` is
/// refused (then nothing of its product can be generated) or the checker names no file.
pub fn accepted_subset(mut files: SpecFiles, prefix: &str) -> Result<Accepted, String> {
    let mut refused = Vec::new();
    let mut first = None;
    // Leaving a file out cannot make another one wrong (each imported operation declares its own types), so two
    // rounds settle it; the bound only guards against a checker that says otherwise.
    for _ in 0..4 {
        let Err(report) = codegen::check_files(&files, prefix) else { break };
        let before = files.len();
        for d in &report.diagnostics.0 {
            let position = d.position(&report.sources);
            // `<prefix><key>:<line>:<column>`; the prefix may hold a `:` itself (`rds.json:`).
            let key = position.strip_prefix(prefix).unwrap_or(&position).split(':').next().unwrap_or("").to_owned();
            if key.ends_with("/product.yaml") {
                return Err(format!("{prefix}{key} is refused: [{}] {}", d.code.id(), d.message));
            }
            if files.remove(&key).is_some() {
                refused.push(key);
            }
        }
        if first.is_none() {
            first = Some(report);
        }
        if files.len() == before {
            return Err("the checker refuses files it does not name".to_owned());
        }
    }
    Ok(Accepted { files, refused, report: first })
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// A path relative to the workspace root when it is under it.
fn display(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

/// Today's date (UTC), `YYYY-MM-DD`, for `product.yaml`'s endpoint source.
fn today() -> String {
    let date = time::OffsetDateTime::now_utc().date();
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}
