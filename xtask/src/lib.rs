//! The maintainers' commands, as a library so tests run exactly what `cargo xtask` runs.
//!
//! `codegen` regenerates `generated/src/` from `specs/`; `codegen --check` compares instead of writing and names
//! every stale, missing or extra file (CI and a `#[test]` run it, so stale output never lands).

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

/// Generates the SDK files from the specs under `root/specs`.
pub fn generate(root: &Path) -> Result<Vec<OutputFile>, Failure> {
    let specs = root.join("specs");
    let files =
        codegen::load::read_dir(&specs).map_err(|e| Failure::Io(format!("cannot read {}", specs.display()), e))?;
    codegen::generate(&files).map_err(Failure::Generate)
}

/// The `.rs` files currently under `generated/src`, by path relative to `generated/`.
fn existing(root: &Path) -> Result<BTreeMap<String, String>, Failure> {
    let mut out = BTreeMap::new();
    let src = root.join("generated/src");
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
                let rel =
                    path.strip_prefix(root.join("generated")).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                out.insert(rel, text);
            }
        }
    }
    Ok(out)
}

/// Files that differ between the specs' output and `generated/` (changed, missing, or extra).
pub fn stale_files(root: &Path) -> Result<Vec<String>, Failure> {
    let wanted = generate(root)?;
    let have = existing(root)?;
    let mut stale = Vec::new();
    for file in &wanted {
        if have.get(&file.path) != Some(&file.contents) {
            stale.push(format!("generated/{}", file.path));
        }
    }
    for path in have.keys() {
        if !wanted.iter().any(|f| &f.path == path) {
            stale.push(format!("generated/{path} (no longer generated)"));
        }
    }
    Ok(stale)
}

/// Writes the generated files and removes generated files that are no longer produced; returns how many changed.
pub fn write(root: &Path) -> Result<usize, Failure> {
    let wanted = generate(root)?;
    let have = existing(root)?;
    let mut changed = 0;
    for file in &wanted {
        if have.get(&file.path) == Some(&file.contents) {
            continue;
        }
        let path = root.join("generated").join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Failure::Io(format!("cannot create {}", parent.display()), e))?;
        }
        std::fs::write(&path, &file.contents)
            .map_err(|e| Failure::Io(format!("cannot write {}", path.display()), e))?;
        changed += 1;
    }
    for path in have.keys().filter(|p| !wanted.iter().any(|f| &f.path == *p)) {
        let full = root.join("generated").join(path);
        std::fs::remove_file(&full).map_err(|e| Failure::Io(format!("cannot remove {}", full.display()), e))?;
        changed += 1;
    }
    Ok(changed)
}
