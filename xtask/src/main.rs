//! `cargo xtask`: the maintainers' command line (the grammar is `xtask::Cli`; the work is the library's).

use std::process::ExitCode;

use clap::Parser;
use xtask::{Cli, Command, Failure};

fn main() -> ExitCode {
    let root = xtask::workspace_root();
    let result = match Cli::parse().command {
        Command::Codegen(args) if args.check => xtask::stale_files(&root).and_then(|stale| {
            if stale.is_empty() {
                println!("generated/ is up to date with specs/");
                Ok(())
            } else {
                Err(Failure::Stale(stale))
            }
        }),
        Command::Codegen(_) => xtask::write(&root).map(|n| println!("generated/: {n} file(s) updated")),
        Command::Bench(args) => xtask::bench::run(&root, &args),
        Command::BenchChild { ops, write } => xtask::bench::child(ops, write.as_deref()),
        Command::BenchRustcWrapper { rustc } => xtask::bench::rustc_wrapper(&rustc),
        Command::Diff(args) => return xtask::diff::run(&root, &args),
        Command::SemverCheck(args) => return xtask::semver_check::run(&root, &args),
        Command::Import(args) => return xtask::pages::import(&root, &args),
        Command::DocCheck(args) => return xtask::pages::doc_check(&root, &args),
        Command::ImportMeta(args) => return xtask::meta::run(&root, &args).print(),
        Command::WholeApi(args) => return xtask::whole_api::run(&root, &args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
