//! `cargo xtask whole-api [--product P...] [--meta DIR] [--keep DIR]`: the four products' whole OpenAPI metadata
//! through the whole pipeline, to see what the real API costs and where the tools stop.
//!
//! For each product, every action is imported `--no-draft` into a scratch spec tree (under the OS temp dir, or
//! `--keep DIR`), the checker runs on it, and the files it refuses are reported (count per file, first
//! diagnostics) and left out, so the rest still goes on: generation (timed), then, in a scratch workspace of
//! the product crates over this repository's runtime, `cargo check` (CPU time and peak memory per crate, as
//! `cargo xtask bench` measures them), `cargo clippy -- -D warnings` and `cargo doc` with `-D warnings`. It is a
//! measurement and a survey, not a test: `cargo test` does not run it.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use codegen::load::SpecFiles;
use codegen::Layout;
use openapi_meta::render::Mode;
use openapi_meta::Selection;

use crate::bench::cargo_check::{Run, Scratch};
use crate::meta::{accepted_subset, import_into, read_metadata, refusals};
use crate::pages::product_files;
use crate::scratch::{create_dir, workspace_manifest, write};
use crate::Failure;

/// The products and their metadata files.
pub const PRODUCTS: &[(&str, &str)] =
    &[("rds", "rds.json"), ("polardb", "polardb.json"), ("polardbx", "polardbx.json"), ("r_kvstore", "r-kvstore.json")];

/// The first comment of the scratch workspace's manifest.
const PURPOSE: &str = "`cargo xtask whole-api`: the four products' whole metadata imported and generated";

/// How the scratch crates are named (their own names, so they share the bench's target dir safely).
const CRATE_PREFIX: &str = "xtask-whole-api";

/// `cargo xtask whole-api`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Exit status: 0 every product went through every step, 1 a step failed or the checker \
                        refused files (the report says which), 2 the metadata could not be read.")]
pub struct Args {
    /// Only these products (repeatable): rds, polardb, polardbx, r_kvstore [default: all four]
    #[arg(long = "product", value_name = "P", value_parser = ["rds", "polardb", "polardbx", "r_kvstore"])]
    pub products: Vec<String>,
    /// The folder of the metadata files [default: ../shared/openapi-meta from the repository]
    #[arg(long, value_name = "DIR")]
    pub meta: Option<PathBuf>,
    /// Build the scratch tree here and keep it [default: a folder under the OS temp dir]
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
}

/// What happened to one product.
#[derive(Debug, Default)]
struct ProductReport {
    module: String,
    operations: usize,
    reviewed: usize,
    guess_lines: usize,
    refused: usize,
    refusals: String,
    generation_secs: Option<f64>,
    check: Option<Measured>,
    clippy: Option<bool>,
    doc: Option<bool>,
    failures: Vec<String>,
}

#[derive(Debug)]
struct Measured {
    ok: bool,
    cpu_secs: Option<f64>,
    wall_secs: f64,
    peak_rss_kib: Option<u64>,
}

/// Runs the command and prints the report.
pub fn run(root: &Path, args: &Args) -> ExitCode {
    match execute(root, args) {
        Ok((report, ok)) => {
            print!("{report}");
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("cargo xtask whole-api: {e}");
            ExitCode::from(2)
        }
    }
}

/// The report, and whether every product went through every step.
pub(crate) fn execute(root: &Path, args: &Args) -> Result<(String, bool), String> {
    let meta_dir = args.meta.clone().unwrap_or_else(|| root.join("..").join("shared").join("openapi-meta"));
    let dir = args.keep.clone().unwrap_or_else(|| std::env::temp_dir().join("xtask-whole-api"));
    let specs = dir.join("specs");
    let chosen: Vec<(&str, &str)> = PRODUCTS
        .iter()
        .copied()
        .filter(|(p, _)| args.products.is_empty() || args.products.iter().any(|a| a == p))
        .collect();
    let mut reports = Vec::new();
    let mut accepted_all = SpecFiles::new();
    for (module, file) in &chosen {
        let meta = read_metadata(root, &meta_dir.join(file))?;
        let folder = specs.join(module);
        if folder.exists() {
            std::fs::remove_dir_all(&folder).map_err(|e| format!("cannot clear {}: {e}", folder.display()))?;
        }
        eprintln!("whole-api: importing {module} ({} actions)", meta.apis.len());
        let summary = import_into(&meta, file, module, &Selection::All, Mode::NoDraft, &specs, "(whole-api run)")?;
        let mut report = ProductReport {
            module: (*module).to_owned(),
            operations: summary.written.len(),
            reviewed: summary.written.iter().filter(|(_, g)| *g > 2).count(),
            guess_lines: summary.written.iter().map(|(_, g)| g).sum(),
            ..ProductReport::default()
        };
        let files = product_files(&folder)?;
        let accepted = accept(files, &specs, &mut report);
        if accepted.len() > 1 {
            let layout = layout();
            let start = Instant::now();
            match codegen::generate_with_prefix(&accepted, &prefix(&specs), &layout) {
                Ok(_) => report.generation_secs = Some(start.elapsed().as_secs_f64()),
                Err(e) => report.failures.push(format!("generation failed: {}", first_lines(&e.to_string(), 8))),
            }
            if report.generation_secs.is_some() {
                accepted_all.extend(accepted);
            }
        }
        reports.push(report);
    }
    build(root, &dir, &accepted_all, &mut reports).map_err(|e| e.to_string())?;
    let ok = reports.iter().all(|r| r.failures.is_empty() && r.refused == 0);
    Ok((render(&reports, &dir), ok))
}

/// The files the checker accepts: refused operation files are left out (and reported) until the rest checks.
fn accept(files: SpecFiles, specs: &Path, report: &mut ProductReport) -> SpecFiles {
    match accepted_subset(files, &prefix(specs)) {
        Ok(accepted) => {
            report.refused = accepted.refused.len();
            report.refusals = accepted.report.map(|r| refusals(&r, 3)).unwrap_or_default();
            accepted.files
        }
        Err(e) => {
            report.failures.push(e);
            SpecFiles::new()
        }
    }
}

fn prefix(specs: &Path) -> String {
    format!("{}/", specs.display())
}

fn layout() -> Layout {
    Layout {
        facade_package: CRATE_PREFIX.to_owned(),
        facade_lib: CRATE_PREFIX.replace('-', "_"),
        product_prefix: CRATE_PREFIX.to_owned(),
        facade_dev_dependencies: Vec::new(),
        facade_guide: None,
        ..Layout::sdk()
    }
}

/// Generates the accepted specs of every product into `dir/sdk`, then checks, lints and documents each product
/// crate in a scratch workspace, measured.
fn build(root: &Path, dir: &Path, accepted: &SpecFiles, reports: &mut [ProductReport]) -> Result<(), Failure> {
    let modules: Vec<String> =
        reports.iter().filter(|r| r.generation_secs.is_some()).map(|r| r.module.clone()).collect();
    if modules.is_empty() {
        return Ok(());
    }
    let specs = dir.join("specs");
    let sdk = dir.join("sdk");
    if sdk.exists() {
        std::fs::remove_dir_all(&sdk).map_err(|e| Failure::Io(format!("cannot clear {}", sdk.display()), e))?;
    }
    let files = codegen::generate_with_prefix(accepted, &prefix(&specs), &layout()).map_err(Failure::Generate)?;
    for f in files.iter().filter(|f| f.path.starts_with("products/")) {
        let path = sdk.join(&f.path);
        if let Some(parent) = path.parent() {
            create_dir(parent)?;
        }
        write(&path, &f.contents)?;
    }
    let members: Vec<String> = modules.iter().map(|m| format!("sdk/products/{m}")).collect();
    let members: Vec<&str> = members.iter().map(String::as_str).collect();
    write(&dir.join("Cargo.toml"), &workspace_manifest(root, &members, PURPOSE))?;
    let scratch = Scratch::new(root)?;
    eprintln!("whole-api: building the dependencies once");
    scratch.warm_up()?;
    for report in reports.iter_mut().filter(|r| r.generation_secs.is_some()) {
        let package = format!("{CRATE_PREFIX}-{}", report.module.replace('_', "-"));
        eprintln!("whole-api: cargo check / clippy / doc of {package}");
        // From nothing: neither an earlier run's artifacts nor its incremental state may shorten the figure.
        let clean = scratch.cargo(dir, &["clean", "-p", &package], &[])?;
        note_failure(report, "cargo clean", &clean);
        let check = scratch.cargo(dir, &["check", "-p", &package], &[])?;
        note_failure(report, "cargo check", &check);
        report.check = Some(Measured {
            ok: check.ok,
            cpu_secs: check.cpu_secs,
            wall_secs: check.wall_secs,
            peak_rss_kib: check.peak_rss_kib,
        });
        let clippy = scratch.cargo(dir, &["clippy", "-p", &package, "--", "-D", "warnings"], &[])?;
        note_failure(report, "cargo clippy -- -D warnings", &clippy);
        report.clippy = Some(clippy.ok);
        let doc = scratch.cargo(dir, &["doc", "-p", &package, "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")])?;
        note_failure(report, "cargo doc (-D warnings)", &doc);
        report.doc = Some(doc.ok);
    }
    Ok(())
}

fn note_failure(report: &mut ProductReport, step: &str, run: &Run) {
    if !run.ok {
        let errors: Vec<&str> =
            run.cargo_stderr.lines().filter(|l| l.starts_with("error") || l.starts_with("warning")).take(5).collect();
        report.failures.push(format!("{step} failed: {}", errors.join(" | ")));
    }
}

fn first_lines(text: &str, n: usize) -> String {
    text.lines().take(n).collect::<Vec<_>>().join("\n")
}

fn render(reports: &[ProductReport], dir: &Path) -> String {
    let mut out = format!("whole-api: scratch tree {}\n\n", dir.display());
    out.push_str(
        "| product | operations imported | refused by the checker | specs with rule-made guesses (GUESS lines) | \
         generation | cargo check CPU / wall | peak RSS | clippy -D warnings | doc -D warnings |\n",
    );
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---|---|\n");
    let yes_no = |v: Option<bool>| v.map_or("not run", |ok| if ok { "ok" } else { "FAILED" });
    for r in reports {
        let generation = r.generation_secs.map_or("not run".to_owned(), |s| format!("{s:.2} s"));
        let (check, rss) = match &r.check {
            Some(m) => (
                format!(
                    "{} / {:.1} s{}",
                    m.cpu_secs.map_or("?".to_owned(), |c| format!("{c:.1} s")),
                    m.wall_secs,
                    if m.ok { "" } else { " (FAILED)" }
                ),
                m.peak_rss_kib.map_or("?".to_owned(), |k| format!("{} MiB", k / 1024)),
            ),
            None => ("not run".to_owned(), "not run".to_owned()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} ({}) | {generation} | {check} | {rss} | {} | {} |",
            r.module,
            r.operations,
            r.refused,
            r.reviewed,
            r.guess_lines,
            yes_no(r.clippy),
            yes_no(r.doc)
        );
    }
    for r in reports {
        if !r.refusals.is_empty() || !r.failures.is_empty() {
            let _ = writeln!(out, "\n{}:", r.module);
            for f in &r.failures {
                let _ = writeln!(out, "  {f}");
            }
            out.push_str(&r.refusals);
        }
    }
    out
}
