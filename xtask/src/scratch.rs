//! Scratch workspaces for generated crates built outside ours (`cargo xtask bench` times `cargo check` of them,
//! `cargo xtask semver-check` hands them to cargo-semver-checks, `cargo xtask whole-api` checks the whole API).
//!
//! The generated manifests inherit `[workspace.package]` and `[workspace.dependencies]`, so a folder of generated
//! crates only builds inside a workspace that declares both; this file writes that manifest once for every command
//! that needs one, with `runtime` by absolute path to this repository's runtime.

use std::path::Path;

use codegen::emit::toml_string;

use crate::Failure;

/// A scratch workspace's manifest: its members (a generated facade, whose product crates join as its path
/// dependencies, or `whole-api`'s product crates), and the `[workspace.package]` and `[workspace.dependencies]` the generated manifests inherit,
/// `runtime` by absolute path (with its default features, as an application calling the service builds it).
/// `purpose` is the manifest's first comment: which command made the workspace.
pub(crate) fn workspace_manifest(root: &Path, members: &[&str], purpose: &str) -> String {
    let runtime = toml_string(&root.join("runtime").to_string_lossy());
    let members = members.iter().map(|m| toml_string(m)).collect::<Vec<_>>().join(", ");
    format!(
        r#"# Scratch workspace of {purpose}.
[workspace]
resolver = "2"
members = [{members}]

[workspace.package]
version = "0.0.0"
edition = "2021"
rust-version = "1.85"
license = "MIT OR Apache-2.0"
publish = false

[workspace.dependencies]
runtime = {{ path = {runtime}, package = "alibabacloud-backup-runtime" }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
time = {{ version = "0.3", features = ["formatting", "parsing", "macros"] }}
tokio = "1"
futures = "0.3"
"#
    )
}

/// Creates a folder and its parents; the error names it.
pub(crate) fn create_dir(dir: &Path) -> Result<(), Failure> {
    std::fs::create_dir_all(dir).map_err(|e| Failure::Io(format!("cannot create {}", dir.display()), e))
}

/// Writes a file; the error names it.
pub(crate) fn write(path: &Path, text: &str) -> Result<(), Failure> {
    std::fs::write(path, text).map_err(|e| Failure::Io(format!("cannot write {}", path.display()), e))
}
