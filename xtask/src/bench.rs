//! `cargo xtask bench`: how fast the generator is, how much memory it needs, and what its output costs to
//! compile, on synthetic specs of 100, 1,000 and 5,000 operations shaped like RDS `DescribeBackups`.
//!
//! It exists so that claims about scaling ("a whole cloud's API is fine") are measured, not guessed, and so a
//! regression in generation speed, memory or output size shows up as a number. It is a benchmark, not a test:
//! nothing here asserts a threshold. Run it with `cargo run --release -p xtask -- bench` (`--quick`: 100
//! operations only, for a smoke run).
//!
//! - `synth` builds the spec trees in memory.
//! - `generation` times the whole `codegen::generate` per size in a child process and reads its peak memory.
//! - `cargo_check` times `cargo check` of the generated crates in a scratch workspace under the temp dir.
//! - `regeneration` times `cargo xtask codegen` itself on a scratch repository: from scratch, unchanged, and
//!   after a one-spec edit (what the output cache saves).
//! - Last, the real API: `cargo xtask whole-api` on the four products' metadata (`--quick`: PolarDB-X only), so
//!   that what the generator does with the 620 real operations is measured on every run, not only the
//!   synthetic shape.

pub(crate) mod cargo_check;
mod generation;
mod regeneration;
mod synth;

use std::io;
use std::path::Path;

pub use cargo_check::rustc_wrapper;
pub use generation::child;

use crate::Failure;

/// Sizes whose generation is measured.
const SIZES: &[usize] = &[100, 1_000, 5_000];
/// Sizes whose generated crate is `cargo check`ed.
const CHECK_SIZES: &[usize] = &[100, 1_000];

/// `cargo xtask bench`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "For meaningful figures use a release build: cargo run --release -p xtask -- bench")]
pub struct Args {
    /// Measure 100 operations only, a smoke run [default: 100, 1,000 and 5,000 operations; `cargo check` of
    /// 100 and 1,000]
    #[arg(long)]
    pub quick: bool,
}

/// Runs the benchmark and prints its tables.
pub fn run(root: &Path, args: &Args) -> Result<(), Failure> {
    if cfg!(debug_assertions) {
        eprintln!("note: this is a debug build; use `cargo run --release -p xtask -- bench` for meaningful figures");
    }
    check_synthetic_product()?;
    let load_before = load_average();

    let (sizes, check_sizes) = if args.quick { (&SIZES[..1], &CHECK_SIZES[..1]) } else { (SIZES, CHECK_SIZES) };
    let scratch = cargo_check::Scratch::new(root)?;

    let mut generated = Vec::new();
    for &ops in sizes {
        eprintln!("generating {ops} operations...");
        let dir = check_sizes.contains(&ops).then(|| scratch.workspace_dir(ops));
        let figures = generation::measure(ops, dir.as_deref())?;
        eprintln!("  {:.3} s, {} lines", figures.secs, group(figures.lines as u64));
        generated.push(figures);
    }

    let mut regenerated = Vec::new();
    for &ops in check_sizes {
        eprintln!("regenerating {ops} operations (from scratch, unchanged, one edit)...");
        regenerated.push(regeneration::measure(root, ops)?);
    }

    eprintln!("cargo check of the dependencies (warm-up, not timed)...");
    let warm = scratch.warm_up()?;
    eprintln!("  {warm:.1} s");
    let mut checked = Vec::new();
    for &ops in check_sizes {
        eprintln!("cargo check of the {ops}-operation crate...");
        let figures = scratch.check(ops)?;
        eprintln!("  {:.1} s", figures.wall_secs);
        checked.push(figures);
    }

    let products = if args.quick { vec!["polardbx".to_owned()] } else { Vec::new() };
    eprintln!("the real API: whole-api of {}...", if args.quick { "PolarDB-X" } else { "the four products" });
    let whole = crate::whole_api::execute(root, &crate::whole_api::Args { products, meta: None, keep: None });

    print_tables(&generated, &checked, &scratch);
    regeneration::print(&regenerated);
    println!();
    println!("The real API (`cargo xtask whole-api`: imported from the OpenAPI metadata, generated, checked):");
    let whole_ok = match whole {
        Ok((report, ok)) => {
            print!("{report}");
            ok
        }
        Err(e) => {
            println!("not measured: {e}");
            false
        }
    };
    println!();
    println!("Load average (1, 5, 15 min) before: {load_before}; after: {}.", load_average());
    println!("Wall times include waiting for the CPU on a busy machine; the CPU columns do not.");
    let mut failed: Vec<String> =
        checked.iter().filter(|c| !c.ok).map(|c| format!("the crate generated for {} operations", c.ops)).collect();
    if !whole_ok {
        failed.push("the real API".to_owned());
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::Io(
            format!("{} did not pass", failed.join(" and ")),
            io::Error::other("the errors are above: a generator bug"),
        ))
    }
}

/// One full synthetic product must pass the checker, or every figure would be about error reporting.
fn check_synthetic_product() -> Result<(), Failure> {
    let product = synth::spec_tree(synth::OPS_PER_PRODUCT);
    match codegen::check_files(&product, "specs/") {
        Ok(_) => Ok(()),
        Err(report) => {
            eprintln!("the synthetic specs of `cargo xtask bench` do not pass the checker:");
            Err(Failure::Generate(codegen::GenerateError::Specs(report)))
        }
    }
}

fn print_tables(generated: &[generation::Figures], checked: &[cargo_check::Figures], scratch: &cargo_check::Scratch) {
    println!();
    println!("Generation: the whole `codegen::generate` (parse + check + emit + format), one child process per size.");
    println!("Phases (wall): parse = YAML into spec types (serde-saphyr, files in parallel); check = rules and model;");
    println!("emit = Rust tokens (quote), syn parse and prettyplease print, files in parallel.");
    println!("Peak RSS = the child's VmHWM after generating; growth = that minus its VmHWM before (specs already in memory).");
    println!();
    println!(
        "| operations | products | files | wall (s) | parse / check / emit (s) | CPU (s) | ops/s (wall) | lines \
         | lines/op | peak RSS (MiB) | growth (MiB) | growth/op (KiB) |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for g in generated {
        let growth = g.hwm_kib.zip(g.hwm_base_kib).map(|(end, base)| end.saturating_sub(base));
        println!(
            "| {} | {} | {} | {:.3} | {:.3} / {:.3} / {:.3} | {} | {} | {} | {:.0} | {} | {} | {} |",
            group(g.ops as u64),
            g.products,
            group(g.files as u64),
            g.secs,
            g.parse_secs,
            g.check_secs,
            g.emit_secs,
            secs(g.cpu_secs, 2),
            group((g.ops as f64 / g.secs).round() as u64),
            group(g.lines as u64),
            g.lines as f64 / g.ops as f64,
            mib(g.hwm_kib),
            mib(growth),
            growth.map_or_else(|| "n/a".to_owned(), |kib| format!("{:.1}", kib as f64 / g.ops as f64)),
        );
    }
    if checked.is_empty() {
        return;
    }
    println!();
    println!(
        "`cargo check --workspace` of the generated crates alone: the facade and one crate per product, one rustc \
         per core at a time (dependencies checked beforehand, same target dir)."
    );
    println!("Peak RSS: {}.", scratch.method().describe());
    println!();
    println!("| operations | wall (s) | CPU (s) | peak RSS (MiB) | crates checked | warnings | result |");
    println!("|---:|---:|---:|---:|---|---:|---|");
    for c in checked {
        println!(
            "| {} | {:.1} | {} | {} | {} | {} | {} |",
            group(c.ops as u64),
            c.wall_secs,
            secs(c.cpu_secs, 1),
            mib(c.peak_rss_kib),
            checked_crates(&c.checked),
            c.warnings.len(),
            if c.ok { "ok" } else { "FAILED (errors above)" },
        );
    }
    for c in checked.iter().filter(|c| !c.warnings.is_empty()) {
        println!();
        println!("Warnings at {} operations:", group(c.ops as u64));
        for warning in &c.warnings {
            println!("  {warning}");
        }
    }
}

/// The crates cargo checked, sorted, as a count and the first and last names (a 50-product list is unreadable).
fn checked_crates(names: &[String]) -> String {
    let mut names = names.to_vec();
    names.sort();
    match names.as_slice() {
        [] => "none".to_owned(),
        [one] => one.clone(),
        [first, .., last] => format!("{} ({first} … {last})", names.len()),
    }
}

fn secs(secs: Option<f64>, decimals: usize) -> String {
    secs.map_or_else(|| "n/a".to_owned(), |s| format!("{s:.decimals$}"))
}

/// The first three fields of `/proc/loadavg`.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "n/a".to_owned())
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "n/a".to_owned(), |kib| format!("{:.1}", kib as f64 / 1024.0))
}

/// `1234567` -> `1,234,567`.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
