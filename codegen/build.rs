//! Fingerprints the generator, so that a cache of its output (see `emit::reuse`) is never used by a generator
//! that would write something else.
//!
//! The output depends on this crate's sources and on the exact versions of the crates it prints with (syn,
//! quote, prettyplease, heck, ...), which `Cargo.lock` pins. The fingerprint is the SHA-256 of both, in a fixed
//! order, and cargo reruns this script whenever either changes.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let src = manifest_dir.join("src");
    let mut files = Vec::new();
    collect(&src, &mut files);
    files.sort();
    let mut hasher = Sha256::new();
    for file in &files {
        let rel = file.strip_prefix(&manifest_dir).unwrap_or(file);
        hasher.update(rel.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update(std::fs::read(file).unwrap_or_default());
        hasher.update([0]);
    }
    // The workspace's lock file, when the crate is built inside it (a crate built elsewhere has none: its
    // cache is then keyed by the sources alone, which is what its dependency resolution there fixes).
    let lock = manifest_dir.parent().map(|root| root.join("Cargo.lock"));
    if let Some(lock) = lock.filter(|l| l.is_file()) {
        hasher.update(std::fs::read(&lock).unwrap_or_default());
        println!("cargo::rerun-if-changed={}", lock.display());
    }
    hasher.update(std::env::var("CARGO_PKG_VERSION").unwrap_or_default().as_bytes());
    let fingerprint: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    println!("cargo::rustc-env=CODEGEN_FINGERPRINT={fingerprint}");
    println!("cargo::rerun-if-changed=src");
    println!("cargo::rerun-if-changed=build.rs");
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
