//! What the last `cargo xtask codegen` produced, remembered in `target/codegen-cache/`, so that regeneration
//! follows the change and not the size of the API: after a one-spec edit only the files that edit changes are
//! built and formatted, and on an unchanged tree no spec is even parsed.
//!
//! Soundness comes first. The cache records, per generated file, the key of its inputs (the generator's
//! fingerprint and every model value its emitter reads: `codegen::Key`) and the SHA-256 of the text those
//! inputs produced, plus the key of the whole run (every spec file and the generator). An entry is used only
//! when its key is the file's key now **and** the file in the tree has exactly the recorded text; a run is
//! skipped only when its key is unchanged **and** the tree holds exactly the recorded files with the recorded
//! texts. So a missing, old, truncated, edited or foreign cache can cost time, never a wrong `generated/`: in
//! each case the file is emitted afresh. The cache is written whole to a temporary file and renamed into place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::{Emitted, Key};
use sha2::{Digest, Sha256};

/// The first line of a cache file: the format, so that another format is read as no cache.
const FORMAT: &str = "codegen-cache 1";

/// What one run produced.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OutputCache {
    run: Option<Key>,
    files: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// The file's key, for the files that have one.
    key: Option<Key>,
    /// SHA-256 of the text produced.
    text: [u8; 32],
}

impl OutputCache {
    /// Where the cache of the crate tree in `crate_dir` lives.
    pub fn path(root: &Path, crate_dir: &str) -> PathBuf {
        root.join("target").join("codegen-cache").join(format!("{}.txt", crate_dir.replace(['/', '\\'], "__")))
    }

    /// Reads a cache; anything unreadable or malformed is no cache at all.
    pub fn load(path: &Path) -> OutputCache {
        std::fs::read_to_string(path).ok().and_then(|text| parse(&text)).unwrap_or_default()
    }

    /// What a run with key `run` produced.
    pub fn of_run(run: Key, emitted: &Emitted) -> OutputCache {
        let keys: BTreeMap<&str, Key> = emitted.keys.iter().map(|(p, k)| (p.as_str(), *k)).collect();
        let files = emitted
            .files
            .iter()
            .map(|f| (f.path.clone(), Entry { key: keys.get(f.path.as_str()).copied(), text: sha256(&f.contents) }))
            .collect();
        OutputCache { run: Some(run), files }
    }

    /// Writes the cache (to a temporary file renamed into place, so a reader never sees half of it).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut text = format!("{FORMAT}\nrun {}\n", self.run.map(|k| hex(&k)).unwrap_or_else(|| "-".into()));
        for (path, entry) in &self.files {
            let key = entry.key.map(|k| hex(&k)).unwrap_or_else(|| "-".into());
            text.push_str(&format!("{key} {} {path}\n", hex(&entry.text)));
        }
        let partial = path.with_extension(format!("tmp{}", std::process::id()));
        std::fs::write(&partial, text)?;
        std::fs::rename(&partial, path)
    }

    /// Whether a run with key `run` would produce exactly the files in `tree` (path relative to the crate
    /// folder, text): then nothing needs reading, checking or writing.
    pub fn unchanged(&self, run: &Key, tree: &BTreeMap<String, String>) -> bool {
        self.run.as_ref() == Some(run)
            && tree.len() == self.files.len()
            && tree.iter().all(|(path, text)| self.files.get(path).is_some_and(|e| e.text == sha256(text)))
    }

    /// The text of the file at `path` as the tree holds it, when the last run produced that text from inputs
    /// with `key`: emitting it again would give the same text.
    pub fn reusable(&self, path: &str, key: &Key, tree: &BTreeMap<String, String>) -> Option<String> {
        let entry = self.files.get(path).filter(|e| e.key.as_ref() == Some(key))?;
        tree.get(path).filter(|text| sha256(text) == entry.text).cloned()
    }
}

fn parse(text: &str) -> Option<OutputCache> {
    let mut lines = text.lines();
    if lines.next()? != FORMAT {
        return None;
    }
    let run = lines.next()?.strip_prefix("run ")?;
    let run = if run == "-" { None } else { Some(unhex(run)?) };
    let mut files = BTreeMap::new();
    for line in lines {
        let mut parts = line.splitn(3, ' ');
        let (key, text, path) = (parts.next()?, parts.next()?, parts.next()?);
        let key = if key == "-" { None } else { Some(unhex(key)?) };
        files.insert(path.to_owned(), Entry { key, text: unhex(text)? });
    }
    Some(OutputCache { run, files })
}

fn sha256(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

fn hex(bytes: &[u8; 32]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen::OutputFile;

    fn emitted() -> Emitted {
        Emitted {
            files: vec![
                OutputFile { path: "Cargo.toml".into(), contents: "[package]\n".into() },
                OutputFile { path: "products/a/src/op.rs".into(), contents: "fn op() {}\n".into() },
            ],
            keys: vec![("products/a/src/op.rs".into(), [7; 32])],
            reused: 0,
        }
    }

    #[test]
    fn a_saved_cache_reads_back_the_same() {
        let dir = std::env::temp_dir().join(format!("xtask-cache-test-{}", std::process::id()));
        let path = dir.join("c.txt");
        let cache = OutputCache::of_run([1; 32], &emitted());
        cache.save(&path).expect("writable temp dir");
        assert_eq!(OutputCache::load(&path), cache);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn malformed_caches_are_no_cache() {
        for text in ["", "codegen-cache 0\nrun -\n", "codegen-cache 1\nrun zz\n", "codegen-cache 1\nrun -\nab cd p\n"] {
            assert_eq!(parse(text).unwrap_or_default(), OutputCache::default(), "{text:?}");
        }
    }

    #[test]
    fn an_entry_is_used_only_for_its_key_and_the_text_it_produced() {
        let cache = OutputCache::of_run([1; 32], &emitted());
        let tree: BTreeMap<String, String> = emitted().files.into_iter().map(|f| (f.path, f.contents)).collect();
        let path = "products/a/src/op.rs";
        assert_eq!(cache.reusable(path, &[7; 32], &tree).as_deref(), Some("fn op() {}\n"));
        assert_eq!(cache.reusable(path, &[8; 32], &tree), None, "another key");
        let mut edited = tree.clone();
        edited.insert(path.into(), "fn op() { edited }\n".into());
        assert_eq!(cache.reusable(path, &[7; 32], &edited), None, "the tree's file was changed by hand");
        assert_eq!(cache.reusable("Cargo.toml", &[7; 32], &tree), None, "files without a key are never reused");
        assert!(cache.unchanged(&[1; 32], &tree));
        assert!(!cache.unchanged(&[2; 32], &tree), "another run");
        assert!(!cache.unchanged(&[1; 32], &edited), "an edited file");
        let mut extra = tree.clone();
        extra.insert("products/a/src/new.rs".into(), String::new());
        assert!(!cache.unchanged(&[1; 32], &extra), "a file the run did not produce");
    }
}
