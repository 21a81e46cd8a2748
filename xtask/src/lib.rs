//! The maintainers' commands, as a library so tests run exactly what `cargo xtask` runs.
//!
//! `codegen` regenerates every [`targets`] crate tree (the SDK in `generated/`, and the naming fixture that
//! proves awkward names compile) from its specs; `codegen --check` compares instead of writing and names every
//! stale, missing or extra file (CI and a `#[test]` run it, so stale output never lands). Both remember what
//! they produced (`output_cache`), so a run after a small edit formats only what the edit changes, and a run on
//! an unchanged tree parses nothing.

pub mod bench;
mod cli;
pub mod diff;
pub mod meta;
mod output_cache;
pub mod pages;
mod scratch;
pub mod semver_check;
pub mod whole_api;

pub use cli::{Cli, CodegenArgs, Command};

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

use codegen::{Layout, OutputFile};
use output_cache::OutputCache;

/// The workspace root (the folder holding `specs/` and `generated/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

/// What went wrong in a command, as the user should read it.
#[derive(Debug)]
pub enum Failure {
    /// The specs have problems or generation failed.
    Generate(codegen::GenerateError),
    /// Reading or writing files failed.
    Io(String, io::Error),
    /// `--check`: these files differ from what the specs produce.
    Stale(Vec<String>),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Generate(e) => write!(f, "{e}"),
            Failure::Io(what, e) => write!(f, "{what}: {e}"),
            Failure::Stale(files) => {
                writeln!(f, "generated/ is stale: these files differ from what the specs produce:")?;
                for file in files {
                    writeln!(f, "  {file}")?;
                }
                write!(f, "run `cargo xtask codegen` and commit the result")
            }
        }
    }
}

/// A crate tree generated from a spec tree: the facade crate's folder (relative to the workspace root), the
/// spec folder, and how the crates are named.
#[derive(Debug, Clone)]
pub struct Target {
    /// The folder holding one sub-folder per product.
    pub specs: &'static str,
    /// The facade crate's folder; product crates go under its `products/`.
    pub crate_dir: &'static str,
    /// Crate names and settings.
    pub layout: Layout,
}

/// Every generated crate tree: the SDK, and the naming fixture (keywords, prelude names, acronyms, collisions).
pub fn targets() -> [Target; 2] {
    [
        Target { specs: "specs", crate_dir: "generated", layout: Layout::sdk() },
        Target {
            specs: "tests/fixtures/naming/specs",
            crate_dir: "tests/naming_fixture",
            layout: Layout {
                facade_package: "naming-fixture".into(),
                facade_lib: "naming_fixture".into(),
                product_prefix: "naming-fixture".into(),
                description: "The generator's output for tests/fixtures/naming/specs (keywords, prelude names, \
                              acronyms, collisions), compiled with warnings denied."
                    .into(),
                default_features: vec!["server".into()],
                deny_warnings: true,
                facade_dev_dependencies: Vec::new(),
                facade_guide: None,
            },
        },
    ]
}

/// Generates the SDK files from the specs under `root/specs`.
pub fn generate(root: &Path) -> Result<Vec<OutputFile>, Failure> {
    let [sdk, _] = targets();
    generate_target(root, &sdk)
}

/// Generates one target's files from its specs.
pub fn generate_target(root: &Path, target: &Target) -> Result<Vec<OutputFile>, Failure> {
    let specs = root.join(target.specs);
    let files =
        codegen::load::read_dir(&specs).map_err(|e| Failure::Io(format!("cannot read {}", specs.display()), e))?;
    let prefix = format!("{}/", target.specs);
    codegen::generate_with_prefix(&files, &prefix, &target.layout).map_err(Failure::Generate)
}

/// Whether a file of a target's folder (path relative to it) is the generator's: the manifests, and the Rust
/// files under `src/` and `products/`. Anything else there (examples, a README) is hand-written and left alone.
fn is_generated(rel: &str) -> bool {
    let in_tree = rel.starts_with("src/") || rel.starts_with("products/");
    rel == "Cargo.toml" || (in_tree && (rel.ends_with(".rs") || rel.ends_with("/Cargo.toml")))
}

/// The generator's files currently in a target's folder, by path relative to it.
fn existing(root: &Path, target: &Target) -> Result<BTreeMap<String, String>, Failure> {
    let base = root.join(target.crate_dir);
    let mut out = BTreeMap::new();
    let mut stack = vec![base.join("src"), base.join("products")];
    let mut files = vec![base.join("Cargo.toml")];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Failure::Io(format!("cannot read {}", dir.display()), e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| Failure::Io(format!("cannot read {}", dir.display()), e))?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    for path in files {
        let rel = path.strip_prefix(&base).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        if !is_generated(&rel) {
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                out.insert(rel, text);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Failure::Io(format!("cannot read {}", path.display()), e)),
        }
    }
    Ok(out)
}

/// What a target's specs produce, as far as a run needs to know, and the generator's files in its folder.
struct Regenerated {
    /// Every file the specs produce, or `None` when the output cache shows the folder already holds exactly
    /// that (nothing was read, checked or emitted).
    wanted: Option<Vec<OutputFile>>,
    /// The generator's files in the folder now.
    have: BTreeMap<String, String>,
}

/// Generates a target through its output cache, and records what it produced there. A cache that cannot be
/// written only costs the next run time, so that is not an error.
fn regenerate(root: &Path, target: &Target) -> Result<Regenerated, Failure> {
    let specs = root.join(target.specs);
    let files =
        codegen::load::read_dir(&specs).map_err(|e| Failure::Io(format!("cannot read {}", specs.display()), e))?;
    let prefix = format!("{}/", target.specs);
    let have = existing(root, target)?;
    let cache_path = OutputCache::path(root, target.crate_dir);
    let cache = OutputCache::load(&cache_path);
    let run = codegen::run_key(&files, &prefix, &target.layout);
    if cache.unchanged(&run, &have) {
        return Ok(Regenerated { wanted: None, have });
    }
    let reuse = |path: &str, key: &codegen::Key| cache.reusable(path, key, &have);
    let emitted = codegen::generate_reusing(&files, &prefix, &target.layout, &reuse).map_err(Failure::Generate)?;
    let _ = OutputCache::of_run(run, &emitted).save(&cache_path);
    Ok(Regenerated { wanted: Some(emitted.files), have })
}

/// Files that differ between the specs' output and the generated crates (changed, missing, or extra).
pub fn stale_files(root: &Path) -> Result<Vec<String>, Failure> {
    let mut stale = Vec::new();
    for target in targets() {
        let Regenerated { wanted: Some(wanted), have } = regenerate(root, &target)? else { continue };
        let dir = target.crate_dir;
        for file in &wanted {
            if have.get(&file.path) != Some(&file.contents) {
                stale.push(format!("{dir}/{}", file.path));
            }
        }
        let wanted_paths: BTreeSet<&str> = wanted.iter().map(|f| f.path.as_str()).collect();
        for path in have.keys().filter(|p| !wanted_paths.contains(p.as_str())) {
            stale.push(format!("{dir}/{path} (no longer generated)"));
        }
    }
    Ok(stale)
}

/// Writes every target's files and removes generated files no longer produced; returns how many changed.
pub fn write(root: &Path) -> Result<usize, Failure> {
    let mut changed = 0;
    for target in targets() {
        changed += write_target(root, &target)?;
    }
    Ok(changed)
}

fn write_target(root: &Path, target: &Target) -> Result<usize, Failure> {
    let Regenerated { wanted: Some(wanted), have } = regenerate(root, target)? else { return Ok(0) };
    let mut changed = 0;
    for file in &wanted {
        if have.get(&file.path) == Some(&file.contents) {
            continue;
        }
        let path = root.join(target.crate_dir).join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Failure::Io(format!("cannot create {}", parent.display()), e))?;
        }
        std::fs::write(&path, &file.contents)
            .map_err(|e| Failure::Io(format!("cannot write {}", path.display()), e))?;
        changed += 1;
    }
    let wanted_paths: BTreeSet<&str> = wanted.iter().map(|f| f.path.as_str()).collect();
    for path in have.keys().filter(|p| !wanted_paths.contains(p.as_str())) {
        let full = root.join(target.crate_dir).join(path);
        std::fs::remove_file(&full).map_err(|e| Failure::Io(format!("cannot remove {}", full.display()), e))?;
        remove_empty_parents(&full, &root.join(target.crate_dir));
        changed += 1;
    }
    Ok(changed)
}

/// Removes the folders a removed file leaves empty (a product's `src/`, then its folder), up to `base`.
fn remove_empty_parents(file: &Path, base: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir.filter(|d| d.starts_with(base) && *d != base) {
        // `remove_dir` refuses a folder that still holds anything, which is the stop condition.
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::is_generated;

    #[test]
    fn only_manifests_and_rust_sources_are_the_generators() {
        for path in ["Cargo.toml", "src/lib.rs", "products/rds/Cargo.toml", "products/rds/src/describe_backups.rs"] {
            assert!(is_generated(path), "{path}");
        }
        for path in ["examples/quick_start.rs", "README.md", "products/rds/README.md", "src/notes.txt", "Cargo.lock"] {
            assert!(!is_generated(path), "{path}");
        }
    }
}
