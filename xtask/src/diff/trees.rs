//! Reading a spec tree: from the working tree, from a git revision (with git itself, no checkout), from a folder,
//! or imported from an OpenAPI metadata file; and the generated crate's version the release is computed from.
//!
//! Diagnostics name the file as the tree has it: `specs/rds/X.yaml` in the working tree, `HEAD:specs/rds/X.yaml`
//! at a revision, `DIR/rds/X.yaml` in a folder, so a maintainer knows which side is broken.

use std::path::{Path, PathBuf};
use std::process::Command;

use std::sync::atomic::{AtomicUsize, Ordering};

use codegen::load::SpecFiles;
use openapi_meta::render::Mode;
use openapi_meta::Selection;

/// Where a spec tree comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tree {
    /// `specs/` in the working tree.
    Worktree,
    /// `specs/` at a git revision.
    Revision(String),
    /// A folder holding one folder per product.
    Folder(PathBuf),
    /// An OpenAPI metadata file (`rds.json`): every operation imported `--no-draft` into a scratch folder.
    Metadata(PathBuf),
}

impl Tree {
    /// A folder, or a metadata file when the path is a `.json` file.
    pub(crate) fn from_path(path: &Path) -> Tree {
        if path.is_file() && path.extension().is_some_and(|e| e == "json") {
            Tree::Metadata(path.to_path_buf())
        } else {
            Tree::Folder(path.to_path_buf())
        }
    }
}

/// A tree read into memory.
pub(crate) struct Loaded {
    pub files: SpecFiles,
    /// Put before file paths in diagnostics.
    pub prefix: String,
    /// Names the tree in the report.
    pub label: String,
}

/// Reads a tree; the error says what could not be read, in words.
pub(crate) fn load(root: &Path, tree: &Tree) -> Result<Loaded, String> {
    match tree {
        Tree::Worktree => {
            let dir = root.join("specs");
            let files = codegen::load::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            Ok(Loaded { files, prefix: "specs/".to_owned(), label: "working tree".to_owned() })
        }
        Tree::Folder(dir) => {
            let files = codegen::load::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            let shown = dir.display().to_string();
            Ok(Loaded { files, prefix: format!("{}/", shown.trim_end_matches('/')), label: shown })
        }
        Tree::Revision(rev) => {
            Ok(Loaded { files: at_revision(root, rev)?, prefix: format!("{rev}:specs/"), label: rev.clone() })
        }
        Tree::Metadata(file) => from_metadata(root, file),
    }
}

/// Imports every operation of a metadata file (`--no-draft`) into a scratch folder and reads it back.
fn from_metadata(root: &Path, file: &Path) -> Result<Loaded, String> {
    static SCRATCH: AtomicUsize = AtomicUsize::new(0);
    let meta = crate::meta::read_metadata(root, file)?;
    // The product folder follows the product code (`R-kvstore` -> `r_kvstore`), so two releases of one product
    // compare as one product whatever their files are called.
    let module = codegen::naming::field_name(&meta.info.product.to_ascii_lowercase())
        .ok_or_else(|| format!("{}: the product code `{}` gives no module name", file.display(), meta.info.product))?;
    let n = SCRATCH.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("xtask-diff-meta-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let name = file.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let imported = crate::meta::import_into(&meta, &name, &module, &Selection::All, Mode::NoDraft, &dir, "(diff)");
    let files =
        imported.and_then(|_| codegen::load::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display())));
    let _ = std::fs::remove_dir_all(&dir);
    let shown = file.display().to_string();
    Ok(Loaded { files: files?, prefix: format!("{shown}:"), label: format!("{shown} (metadata)") })
}

/// The spec files at a revision: `git ls-tree` lists them, `git show` reads each one.
fn at_revision(root: &Path, rev: &str) -> Result<SpecFiles, String> {
    if rev.starts_with('-') {
        return Err(format!("`{rev}` is not a revision"));
    }
    git(root, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")]).map_err(|e| {
        // `--quiet` leaves stderr empty for an unknown revision; anything else (not a repository) says why.
        if e.ends_with(": ") {
            format!("`{rev}` is not a commit of the git repository at {}", root.display())
        } else {
            e
        }
    })?;
    let listing = git(root, &["ls-tree", "-r", "--name-only", rev, "--", "specs"])?;
    let listing = String::from_utf8(listing).map_err(|_| format!("git ls-tree {rev} printed non-UTF-8 paths"))?;
    let mut files = SpecFiles::new();
    for path in listing.lines() {
        // Exactly `specs/<product>/<file>.yaml`, as `codegen::load::read_dir` reads a folder.
        let Some(rel) = path.strip_prefix("specs/") else { continue };
        let is_yaml = rel.ends_with(".yaml") || rel.ends_with(".yml");
        if !is_yaml || rel.split('/').count() != 2 {
            continue;
        }
        let bytes = git(root, &["show", &format!("{rev}:./{path}")])?;
        let text = String::from_utf8(bytes).map_err(|_| format!("{rev}:{path} is not UTF-8 text"))?;
        files.insert(rel.to_owned(), text);
    }
    Ok(files)
}

/// Runs git in `root`; its standard output, or what went wrong.
fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .current_dir(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git in {}: {e}", root.display()))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(format!("`git {}` failed: {}", args.join(" "), stderr.trim()))
    }
}

/// The generated crates' version on the old side (what users have now): `version` of `[workspace.package]` in
/// the workspace's `Cargo.toml` (the generated manifests inherit it) at the base revision, or in the working
/// tree; `None` when it cannot be read.
pub(crate) fn crate_version(root: &Path, old: &Tree) -> Option<String> {
    let manifest = match old {
        Tree::Revision(rev) => String::from_utf8(git(root, &["show", &format!("{rev}:./Cargo.toml")]).ok()?).ok()?,
        Tree::Worktree | Tree::Folder(_) | Tree::Metadata(_) => {
            std::fs::read_to_string(root.join("Cargo.toml")).ok()?
        }
    };
    workspace_version(&manifest)
}

/// `version` of the `[workspace.package]` table, read with a TOML parser (any layout, quoting or comments);
/// `None` when the manifest does not parse or has no such string.
fn workspace_version(manifest: &str) -> Option<String> {
    let manifest: toml::Table = manifest.parse().ok()?;
    let version = manifest.get("workspace")?.get("package")?.get("version")?.as_str()?;
    Some(version.to_owned()).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::workspace_version;

    #[test]
    fn reads_the_workspace_package_version_only() {
        let manifest = "[package]\nversion = \"9\"\n[workspace.package]\nedition = \"2021\"\nversion = \"0.1.0\"\n";
        assert_eq!(workspace_version(manifest).as_deref(), Some("0.1.0"));
        assert_eq!(workspace_version("[workspace.package]\nversion.workspace = true\n"), None);
        assert_eq!(workspace_version("[package]\nversion = \"1.0.0\"\n"), None);
        // What the line scanner this replaced got wrong: an inline table, single quotes, a trailing comment.
        let inline = "workspace = { package = { version = '2.3.4' } } # the release\n";
        assert_eq!(workspace_version(inline).as_deref(), Some("2.3.4"));
        let dotted = "[workspace.package]\nversion-note = \"x\"\nversion = \"0.4.0\" # bumped\n";
        assert_eq!(workspace_version(dotted).as_deref(), Some("0.4.0"));
        assert_eq!(workspace_version("[workspace.package\nversion = \"1\"\n"), None, "not TOML");
    }
}
