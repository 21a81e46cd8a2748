//! `cargo xtask semver-check`: `cargo xtask diff`'s verdicts checked by a tool no one here wrote.
//!
//! api-diff classifies spec changes by rules this project wrote (`api-diff/src/rules.rs`); a wrong rule would
//! advise a wrong release and nothing here would notice, since the fixtures' snapshots only record what the rules
//! say. cargo-semver-checks reads the rustdoc of two versions of a crate and lints the differences by Cargo's
//! semver rules, independently of our model. For every fixture pair in `tests/fixtures/diff/<name>/{old,new}`
//! this command generates both crate trees (facade and product crates, as `cargo xtask codegen` would) into a
//! scratch workspace under the target dir, runs `cargo semver-checks check-release` on every crate that differs
//! between the sides (old as `--baseline-root`), and compares its verdict with api-diff's release for the same
//! pair (`verdict` says what "agree" means, and lists the differences already explained). It prints one table
//! row per fixture; exit status 0 when every difference is explained, 1 when one is not (or a listed one no
//! longer happens), 2 when the command cannot run (cargo-semver-checks missing, a fixture unknown, a crate the
//! tool could not build).
//!
//! It is not a `cargo test`: it needs cargo-semver-checks installed, and builds rustdoc for about a hundred crates.

mod tool;
mod verdict;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use api_diff::{Bump, Class, Kind, Report, Side};
use codegen::emit::OutputFile;
use codegen::model::Api;
use codegen::Layout;

use crate::scratch::{create_dir, workspace_manifest, write};
use crate::Failure;
use tool::{CrateCheck, Tool};
use verdict::{Judgement, KNOWN};

/// The fixture pairs, relative to the workspace root.
const FIXTURES: &str = "tests/fixtures/diff";
/// The version api-diff's release is computed for, so that breaking, compatible and patch changes get three
/// different bumps (at 0.x, compatible and patch changes both bump the patch).
const STABLE_VERSION: &str = "1.0.0";
/// The generated crates' folder inside each scratch workspace.
const SDK_DIR: &str = "generated";
/// The first line of the scratch workspaces' manifests.
const PURPOSE: &str = "`cargo xtask semver-check`: crates generated from a fixture side of tests/fixtures/diff";

/// `cargo xtask semver-check`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "Needs cargo-semver-checks 0.51.0 (`cargo install --locked cargo-semver-checks@0.51.0`). \
                        Exit status: 0 \
                        every difference explained, 1 a difference that is not (or a listed one that no longer \
                        happens), 2 the command cannot run (tool missing, unknown fixture, a crate the tool could \
                        not build).")]
pub struct Args {
    /// Only this fixture (a folder of tests/fixtures/diff); repeat for several [default: every fixture]
    #[arg(long, value_name = "NAME")]
    pub fixture: Vec<String>,
}

/// api-diff's verdict on a fixture: the release for a 1.0.0 crate, and the kinds of its most severe class.
#[derive(Debug, Clone)]
struct ApiVerdict {
    bump: Bump,
    kinds: Vec<Kind>,
}

/// One row of the table.
enum Row {
    /// A side does not load, so api-diff exits 2 and there is nothing to compare.
    DoesNotLoad {
        fixture: String,
        side: &'static str,
    },
    Compared {
        fixture: String,
        api: ApiVerdict,
        tool: tool::Verdict,
        checked: Vec<String>,
        judgement: Judgement,
    },
    /// cargo-semver-checks gave no verdict.
    ToolFailed {
        fixture: String,
        api: ApiVerdict,
        error: String,
    },
}

/// Runs the command.
pub fn run(root: &Path, args: &Args) -> ExitCode {
    let started = Instant::now();
    let fixtures = match select(&root.join(FIXTURES), &args.fixture) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let tool = match Tool::find() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    if let Some(warning) = tool.version_warning() {
        eprintln!("{warning}");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let scratch = target.join("semver-check");
    eprintln!("{} on {} fixture(s); scratch workspaces in {}", tool.version, fixtures.len(), scratch.display());
    let mut rows = Vec::new();
    for (i, fixture) in fixtures.iter().enumerate() {
        eprintln!("[{}/{}] {fixture}", i + 1, fixtures.len());
        match check_fixture(root, &scratch, &tool, fixture) {
            Ok(row) => rows.push(row),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        }
    }
    print!("{}", table(&tool.version, &rows));
    println!("\n{} fixture(s) in {:.0} s", rows.len(), started.elapsed().as_secs_f64());
    ExitCode::from(exit_code(&rows))
}

/// 2 when a verdict is missing, else 1 when a judgement fails, else 0.
fn exit_code(rows: &[Row]) -> u8 {
    if rows.iter().any(|r| matches!(r, Row::ToolFailed { .. })) {
        2
    } else if rows.iter().any(|r| matches!(r, Row::Compared { judgement, .. } if judgement.fails())) {
        1
    } else {
        0
    }
}

/// The fixture folders (those holding `old/` and `new/`), sorted, or only the `wanted` ones; an unknown name is
/// an error naming it.
fn select(dir: &Path, wanted: &[String]) -> Result<Vec<String>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut all = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?.path();
        if path.join("old").is_dir() && path.join("new").is_dir() {
            all.push(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
        }
    }
    all.sort();
    if wanted.is_empty() {
        return Ok(all);
    }
    match wanted.iter().find(|w| !all.contains(w)) {
        Some(unknown) => Err(format!("no fixture `{unknown}` in {}; there are: {}", dir.display(), all.join(", "))),
        None => Ok(all.into_iter().filter(|f| wanted.contains(f)).collect()),
    }
}

/// One fixture: both sides checked into models, api-diff's verdict, both crate trees written, cargo-semver-checks
/// run on each crate that differs, and the two verdicts judged.
fn check_fixture(root: &Path, scratch: &Path, tool: &Tool, fixture: &str) -> Result<Row, Failure> {
    let dir = root.join(FIXTURES).join(fixture);
    let mut apis = Vec::new();
    for side in ["old", "new"] {
        let path = dir.join(side);
        let files =
            codegen::load::read_dir(&path).map_err(|e| Failure::Io(format!("cannot read {}", path.display()), e))?;
        match codegen::check_files(&files, "specs/") {
            Ok((api, _)) => apis.push(api),
            Err(_) => return Ok(Row::DoesNotLoad { fixture: fixture.to_owned(), side }),
        }
    }
    let (old, new) = (&apis[0], &apis[1]);
    let api = api_verdict(old, new)?;
    let layout = Layout::sdk_standalone();
    let trees = scratch.join("trees").join(fixture);
    let (old_files, new_files) = (emit(old, &layout)?, emit(new, &layout)?);
    let (old_root, new_root) = (trees.join("old"), trees.join("new"));
    write_tree(root, &old_root, &old_files)?;
    write_tree(root, &new_root, &new_files)?;
    let new_manifest = new_root.join("Cargo.toml");
    let target = scratch.join("target");
    let mut verdict = tool::Verdict::default();
    let mut checked = Vec::new();
    for c in crates(old, new, &layout) {
        if crate_files(&old_files, &c.folder) == crate_files(&new_files, &c.folder) {
            continue;
        }
        let check = CrateCheck {
            package: &c.package,
            baseline_root: &old_root,
            current_manifest: &new_manifest,
            baseline_features: &c.old_features,
            current_features: &c.new_features,
        };
        eprintln!("    cargo semver-checks check-release --package {}", c.package);
        match tool.check(&check, &target) {
            Ok(v) => verdict = verdict.merge(v),
            Err(error) => return Ok(Row::ToolFailed { fixture: fixture.to_owned(), api, error }),
        }
        checked.push(c.package);
    }
    let judgement = verdict::judge(fixture, api.bump, verdict.bump(), KNOWN);
    Ok(Row::Compared { fixture: fixture.to_owned(), api, tool: verdict, checked, judgement })
}

/// api-diff's release for the pair, as for a crate at [`STABLE_VERSION`].
fn api_verdict(old: &Api, new: &Api) -> Result<ApiVerdict, Failure> {
    let side = |api, label| Side { api, label, prefix: "specs/" };
    let report = Report::new(side(old, "old"), side(new, "new"), Some(STABLE_VERSION))
        .map_err(|e| Failure::Io("cannot generate code for api-diff".into(), std::io::Error::other(e.to_string())))?;
    let worst = Class::ALL.into_iter().find(|&c| report.count(c) > 0);
    let mut kinds: Vec<Kind> = worst.map(|c| report.of_class(c).map(|ch| ch.kind).collect()).unwrap_or_default();
    kinds.dedup();
    Ok(ApiVerdict { bump: report.semver.bump, kinds })
}

fn emit(api: &Api, layout: &Layout) -> Result<Vec<OutputFile>, Failure> {
    codegen::emit(api, layout)
        .map_err(|e| Failure::Io("cannot generate code".into(), std::io::Error::other(e.to_string())))
}

/// Replaces the scratch workspace at `dir` with the generated crates and the workspace manifest they need.
fn write_tree(root: &Path, dir: &Path, files: &[OutputFile]) -> Result<(), Failure> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Failure::Io(format!("cannot remove {}", dir.display()), e)),
    }
    for file in files {
        let path = dir.join(SDK_DIR).join(&file.path);
        if let Some(parent) = path.parent() {
            create_dir(parent)?;
        }
        write(&path, &file.contents)?;
    }
    write(&dir.join("Cargo.toml"), &workspace_manifest(root, &[SDK_DIR], PURPOSE))
}

/// A generated crate on both sides: its package, its folder in the generated tree (`""` for the facade), and the
/// features to check it with on each side.
struct Crate {
    package: String,
    folder: String,
    old_features: Vec<String>,
    new_features: Vec<String>,
}

/// The crates to compare: the facade (with every product of each side, and the server side), and each product
/// crate present on both sides (with its server side). A product on one side only has no baseline or no current
/// crate; the facade's module for it is what users see appear or disappear.
fn crates(old: &Api, new: &Api, layout: &Layout) -> Vec<Crate> {
    let features = |api: &Api| {
        let mut f: Vec<String> = api.products.iter().map(|p| p.module.clone()).collect();
        f.push("server".into());
        f
    };
    let mut out = vec![Crate {
        package: layout.facade_package.clone(),
        folder: String::new(),
        old_features: features(old),
        new_features: features(new),
    }];
    for p in &new.products {
        if old.products.iter().any(|o| o.module == p.module) {
            let server = vec!["server".to_owned()];
            out.push(Crate {
                package: layout.product_package(p),
                folder: format!("products/{}/", p.module),
                old_features: server.clone(),
                new_features: server,
            });
        }
    }
    out
}

/// The files of one crate of a generated tree (the facade's are those outside `products/`).
fn crate_files<'a>(files: &'a [OutputFile], folder: &str) -> Vec<(&'a str, &'a str)> {
    let in_crate =
        |path: &str| if folder.is_empty() { !path.starts_with("products/") } else { path.starts_with(folder) };
    files.iter().filter(|f| in_crate(&f.path)).map(|f| (f.path.as_str(), f.contents.as_str())).collect()
}

/// The results as a Markdown table, then the explanations of the known differences that occurred and every
/// failure in full.
fn table(version: &str, rows: &[Row]) -> String {
    let mut out = format!(
        "| fixture | api-diff (release at {STABLE_VERSION}: kinds) | {version} (lints) | agree? |\n|---|---|---|---|\n"
    );
    let mut notes = Vec::new();
    for row in rows {
        let (fixture, api, tool, agree) = match row {
            Row::DoesNotLoad { fixture, side } => {
                (fixture, format!("does not load ({side}), exit 2"), "not run".to_owned(), "n/a".to_owned())
            }
            Row::ToolFailed { fixture, api, error } => {
                notes.push(format!("{fixture}: {error}"));
                (fixture, describe_api(api), "no verdict (see below)".to_owned(), "**cannot tell**".to_owned())
            }
            Row::Compared { fixture, api, tool, checked, judgement } => {
                let tool_cell = if checked.is_empty() {
                    "none (no crate differs)".to_owned()
                } else if tool.lints.is_empty() {
                    tool.bump().id().to_owned()
                } else {
                    format!("{}: {}", tool.bump(), tool.lints.join(", "))
                };
                let agree = match judgement {
                    Judgement::Agree => "yes".to_owned(),
                    Judgement::Known(k) => format!("known: `{}`", k.kind.id()),
                    Judgement::Disagree => "**NO**".to_owned(),
                    Judgement::Stale(k) => format!("**stale entry** (`{}`)", k.kind.id()),
                };
                match judgement {
                    Judgement::Known(k) => {
                        notes.push(format!("{fixture}: {} (api-diff/src/rules.rs, at `Kind::{:?}`)", k.why, k.kind))
                    }
                    Judgement::Disagree => notes.push(format!(
                        "{fixture}: unexplained: fix the rule in api-diff/src/rules.rs, or explain the difference \
                         there and list the fixture in xtask/src/semver_check/verdict.rs"
                    )),
                    Judgement::Stale(k) => notes.push(format!(
                        "{fixture}: listed as api-diff {} / cargo-semver-checks {}, but now {} / {}: update or \
                         remove the entry in xtask/src/semver_check/verdict.rs",
                        k.api.id(),
                        k.tool,
                        api.bump.id(),
                        tool.bump()
                    )),
                    Judgement::Agree => {}
                }
                (fixture, describe_api(api), tool_cell, agree)
            }
        };
        out.push_str(&format!("| {fixture} | {api} | {tool} | {agree} |\n"));
    }
    if !notes.is_empty() {
        out.push('\n');
        for note in notes {
            out.push_str(&format!("- {note}\n"));
        }
    }
    out
}

fn describe_api(api: &ApiVerdict) -> String {
    if api.kinds.is_empty() {
        return api.bump.id().to_owned();
    }
    let kinds: Vec<&str> = api.kinds.iter().map(|k| k.id()).collect();
    format!("{}: {}", api.bump.id(), kinds.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        crate::workspace_root()
    }

    fn model(fixture: &str, side: &str) -> Api {
        let files = codegen::load::read_dir(&root().join(FIXTURES).join(fixture).join(side)).expect("readable");
        codegen::check_files(&files, "specs/").map(|(api, _)| api).expect("loads")
    }

    /// Each explained difference has its comment at the rule in rules.rs (the comment block right above the
    /// rule names the tool and the fixture), and the help names the pinned version.
    #[test]
    fn every_known_difference_is_explained_at_its_rule() {
        let rules = std::fs::read_to_string(root().join("api-diff/src/rules.rs")).expect("readable");
        let lines: Vec<&str> = rules.lines().map(str::trim).collect();
        for k in KNOWN {
            let rule = format!("{:?} = \"{}\"", k.kind, k.kind.id());
            let at = lines.iter().position(|l| l.starts_with(&rule)).unwrap_or_else(|| panic!("no rule `{rule}`"));
            let comment: Vec<&str> = lines[..at].iter().rev().take_while(|l| l.starts_with("//")).copied().collect();
            let comment = comment.join(" ");
            assert!(comment.contains("cargo-semver-checks:") && comment.contains(k.fixture), "{rule}: {comment}");
        }
        let help = crate::Cli::from_words(&["semver-check", "--help"]).expect_err("help").to_string();
        assert!(help.contains(&format!("cargo-semver-checks@{}", tool::PINNED)), "{help}");
    }

    #[test]
    fn selects_every_pair_or_the_named_ones_and_names_an_unknown_one() {
        let dir = root().join(FIXTURES);
        let all = select(&dir, &[]).expect("readable");
        assert!(all.len() >= 45 && all.windows(2).all(|w| w[0] < w[1]), "{all:?}");
        let some = select(&dir, &["43_mixed".into(), "05_operation_removed".into()]).expect("known");
        assert_eq!(some, ["05_operation_removed", "43_mixed"]);
        let err = select(&dir, &["99_nothing".into()]).expect_err("unknown");
        assert!(err.contains("`99_nothing`") && err.contains("43_mixed"), "{err}");
    }

    /// Each explained difference names a fixture that exists, whose api-diff report has the rule's kind and the
    /// release recorded for it: the explanation is about what api-diff really says there.
    #[test]
    fn every_known_difference_is_what_api_diff_reports() {
        for k in KNOWN {
            let (old, new) = (model(k.fixture, "old"), model(k.fixture, "new"));
            let api = api_verdict(&old, &new).expect("emits");
            assert_eq!(api.bump, k.api, "{}", k.fixture);
            assert!(api.kinds.contains(&k.kind), "{}: {:?}", k.fixture, api.kinds);
        }
    }

    #[test]
    fn api_verdicts_separate_the_three_classes() {
        let verdict = |f: &str| api_verdict(&model(f, "old"), &model(f, "new")).expect("emits");
        let removed = verdict("05_operation_removed");
        assert_eq!((removed.bump, removed.kinds), (Bump::Major, vec![Kind::OperationRemoved]));
        assert_eq!(verdict("31_enum_value_added").bump, Bump::Minor);
        assert_eq!(verdict("39_docs_changed").bump, Bump::Patch);
        assert_eq!(verdict("42_no_api_effect").bump, Bump::None, "only the spec hash in the headers changes");
    }

    #[test]
    fn only_products_on_both_sides_are_compared_and_the_facade_always() {
        let layout = Layout::sdk_standalone();
        let (old, new) = (model("01_product_added", "old"), model("01_product_added", "new"));
        let crates = crates(&old, &new, &layout);
        assert_eq!(crates.len(), 1 + old.products.len());
        assert_eq!(crates[0].package, layout.facade_package);
        assert_eq!(crates[0].new_features.len(), new.products.len() + 1);
        assert!(crates[1..].iter().all(|c| c.old_features == ["server"] && c.folder.starts_with("products/")));
        let files = emit(&new, &layout).expect("emits");
        let facade = crate_files(&files, "");
        assert!(
            facade.iter().any(|(p, _)| *p == "Cargo.toml") && facade.iter().all(|(p, _)| !p.starts_with("products/"))
        );
        let product = crate_files(&files, &crates[1].folder);
        assert!(!product.is_empty() && product.iter().all(|(p, _)| p.starts_with(&crates[1].folder)));
        // The scratch trees build outside this repository: nothing in them may point into it.
        for (path, contents) in &facade {
            assert!(!contents.contains("../emulator") && !contents.contains("include_str!"), "{path}: {contents}");
        }
    }
}
