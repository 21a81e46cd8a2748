//! The maintainers' commands, as a library so tests run exactly what `cargo xtask` runs.
//!
//! `codegen` regenerates every [`TARGETS`] crate (the SDK in `generated/`, and the naming fixture crate that
//! proves awkward names compile) from its specs; `codegen --check` compares instead of writing and names every
//! stale, missing or extra file (CI and a `#[test]` run it, so stale output never lands).

pub mod bench;
pub mod diff;
pub mod pages;

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use codegen::OutputFile;

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

/// A crate generated from a spec tree: (spec folder, crate folder), relative to the workspace root.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// The folder holding one sub-folder per product.
    pub specs: &'static str,
    /// The crate whose `src/` is generated.
    pub crate_dir: &'static str,
}

/// Every generated crate: the SDK, and the naming fixture (keywords, prelude names, acronyms, collisions).
pub const TARGETS: [Target; 2] = [
    Target { specs: "specs", crate_dir: "generated" },
    Target { specs: "tests/fixtures/naming/specs", crate_dir: "tests/naming_fixture" },
];

/// Generates the SDK files from the specs under `root/specs`.
pub fn generate(root: &Path) -> Result<Vec<OutputFile>, Failure> {
    generate_target(root, TARGETS[0])
}

/// Generates one target's files from its specs.
pub fn generate_target(root: &Path, target: Target) -> Result<Vec<OutputFile>, Failure> {
    let specs = root.join(target.specs);
    let files =
        codegen::load::read_dir(&specs).map_err(|e| Failure::Io(format!("cannot read {}", specs.display()), e))?;
    let prefix = format!("{}/", target.specs);
    codegen::generate_with_prefix(&files, &prefix).map_err(Failure::Generate)
}

/// The `.rs` files currently under the crate's `src`, by path relative to the crate.
fn existing(root: &Path, target: Target) -> Result<BTreeMap<String, String>, Failure> {
    let mut out = BTreeMap::new();
    let src = root.join(target.crate_dir).join("src");
    let mut stack = vec![src.clone()];
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
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| Failure::Io(format!("cannot read {}", path.display()), e))?;
                let rel = path
                    .strip_prefix(root.join(target.crate_dir))
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, text);
            }
        }
    }
    Ok(out)
}

/// Files that differ between the specs' output and the generated crates (changed, missing, or extra).
pub fn stale_files(root: &Path) -> Result<Vec<String>, Failure> {
    let mut stale = Vec::new();
    for target in TARGETS {
        let wanted = generate_target(root, target)?;
        let have = existing(root, target)?;
        let dir = target.crate_dir;
        for file in &wanted {
            if have.get(&file.path) != Some(&file.contents) {
                stale.push(format!("{dir}/{}", file.path));
            }
        }
        for path in have.keys() {
            if !wanted.iter().any(|f| &f.path == path) {
                stale.push(format!("{dir}/{path} (no longer generated)"));
            }
        }
    }
    Ok(stale)
}

/// Writes every target's files and removes generated files no longer produced; returns how many changed.
pub fn write(root: &Path) -> Result<usize, Failure> {
    let mut changed = 0;
    for target in TARGETS {
        changed += write_target(root, target)?;
    }
    Ok(changed)
}

fn write_target(root: &Path, target: Target) -> Result<usize, Failure> {
    let wanted = generate_target(root, target)?;
    let have = existing(root, target)?;
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
    for path in have.keys().filter(|p| !wanted.iter().any(|f| &f.path == *p)) {
        let full = root.join(target.crate_dir).join(path);
        std::fs::remove_file(&full).map_err(|e| Failure::Io(format!("cannot remove {}", full.display()), e))?;
        changed += 1;
    }
    Ok(changed)
}
