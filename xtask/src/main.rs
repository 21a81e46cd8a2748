//! `cargo xtask`: the maintainers' command line.

use std::process::ExitCode;

/// Generation allocates many small, short-lived token trees and syntax nodes on several threads; mimalloc serves
/// them faster than the system allocator (measured with `cargo xtask bench`; see README, Benchmarks).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  codegen           regenerate generated/ (the facade and one crate per product) from specs/
  codegen --check   write nothing; exit 1 naming each stale file
  bench [--quick]   measure generation speed and memory on synthetic specs
  diff [--base REV [--head REV] | --old DIR --new DIR] [--format markdown|json|text] [--allow-breaking]
                    what a spec change does to the API, and whether it breaks users
  import PAGE --product P
                    draft a spec for a new operation from a copied API reference page
  doc-check SPEC PAGE
                    list every disagreement between a spec and a (newer) copy of its page";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = xtask::workspace_root();
    let result = match args.as_slice() {
        ["codegen"] => xtask::write(&root).map(|n| println!("generated/: {n} file(s) updated")),
        ["codegen", "--check"] => xtask::stale_files(&root).and_then(|stale| {
            if stale.is_empty() {
                println!("generated/ is up to date with specs/");
                Ok(())
            } else {
                Err(xtask::Failure::Stale(stale))
            }
        }),
        ["bench"] => xtask::bench::run(&root, false),
        ["bench", "--quick"] => xtask::bench::run(&root, true),
        ["bench", role, ..] if xtask::bench::is_hidden_role(role) => xtask::bench::run(&root, false),
        ["diff", rest @ ..] => return xtask::diff::run(&root, rest),
        ["import", rest @ ..] => return xtask::pages::import(&root, rest),
        ["doc-check", rest @ ..] => return xtask::pages::doc_check(&root, rest),
        [] => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
        _ => {
            eprintln!("cargo xtask: `{}` is not a command this tool knows\n\n{USAGE}", args.join(" "));
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
