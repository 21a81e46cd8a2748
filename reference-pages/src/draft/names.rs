//! Names the page does not give: type names (from `Array of X`, a wrapper key, or the field's name), and Rust
//! names where the derived ones would collide or be unusable.
//!
//! All types of a product share one namespace, so a type name already declared elsewhere in the product, or one
//! the generated code uses for this operation (`<Op>Request`, `<Op>Response`, ...), gets the parent's name in
//! front, then a number.

use std::collections::{BTreeSet, HashMap};

use codegen::naming;

/// The type names in use.
pub struct Names {
    taken: BTreeSet<String>,
    operation: String,
    /// For each numbered name's stem, the number to try next (all below it are taken): claims stay linear.
    next_number: HashMap<String, usize>,
}

impl Names {
    pub fn new(operation: &str, taken: &BTreeSet<String>) -> Names {
        let mut taken = taken.clone();
        for suffix in ["Request", "Response", "Error", "Builder"] {
            taken.insert(format!("{operation}{suffix}"));
        }
        Names { taken, operation: operation.to_owned(), next_number: HashMap::new() }
    }

    /// Claims a type name: `preferred` in UpperCamelCase, else `parent` + it, else with a number.
    pub fn claim(&mut self, preferred: &str, parent: &str) -> String {
        let base =
            naming::type_name(preferred).filter(|n| naming::is_identifier(n)).unwrap_or_else(|| "Item".to_owned());
        let prefix = if parent.is_empty() { self.operation.clone() } else { parent.to_owned() };
        let candidates = [base.clone(), format!("{prefix}{base}")];
        let chosen = match candidates.into_iter().find(|c| self.free(c)) {
            Some(name) => name,
            None => {
                let stem = format!("{prefix}{base}");
                let mut number = self.next_number.get(&stem).copied().unwrap_or(2);
                let name = loop {
                    let candidate = format!("{stem}{number}");
                    number += 1;
                    if self.free(&candidate) {
                        break candidate;
                    }
                };
                self.next_number.insert(stem, number);
                name
            }
        };
        self.taken.insert(chosen.clone());
        chosen
    }

    fn free(&self, name: &str) -> bool {
        !self.taken.contains(name) && !naming::is_reserved_type(name)
    }
}

/// A plural field name made singular for its item type (`ClusterBackups` -> `ClusterBackup`).
pub fn singular(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    if let Some(stem) = name.strip_suffix("ies").filter(|_| name.len() > 4) {
        return Some(format!("{stem}y"));
    }
    let plural = lower.ends_with('s') && !lower.ends_with("ss") && !lower.ends_with("us") && !lower.ends_with("is");
    (plural && name.len() > 3).then(|| name[..name.len() - 1].to_owned())
}

/// Rust names for members whose derived names are unusable or collide: `(index, rust_name)` pairs.
pub fn member_rust_names(wire_names: &[&str], reserved: &[&str]) -> Vec<(usize, String)> {
    let mut used: BTreeSet<String> = reserved.iter().map(|r| (*r).to_owned()).collect();
    let mut next_number: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (index, wire) in wire_names.iter().enumerate() {
        let derived = naming::field_name(wire);
        match derived {
            Some(d) if !used.contains(&d) => {
                used.insert(d);
            }
            other => {
                let base = other.unwrap_or_else(|| "field".to_owned());
                // Numbers below the remembered one are all taken (names are only ever added).
                let number = next_number.entry(base.clone()).or_insert(2);
                let name = loop {
                    let candidate = format!("{base}_{number}");
                    *number += 1;
                    if !used.contains(&candidate) {
                        break candidate;
                    }
                };
                used.insert(name.clone());
                out.push((index, name));
            }
        }
    }
    out
}

/// An UpperCamelCase variant name from the meaning of a value (`0: regular storage` -> `RegularStorage`).
pub fn variant_from_meaning(meaning: &str) -> Option<String> {
    const STOP: &[&str] = &[
        "the", "a", "an", "is", "are", "was", "be", "been", "being", "to", "of", "in", "on", "for", "and", "or",
        "that", "this", "it", "its", "by", "with", "from", "as", "at", "backup", "set", "sets", "data", "mode",
        "system", "cannot", "not", "file", "task",
    ];
    let sentence = meaning.split(". ").next().unwrap_or(meaning);
    let words: Vec<String> = sentence
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .filter(|w| !STOP.contains(&w.as_str()))
        .take(2)
        .collect();
    let name = naming::type_name(&words.join("_"))?;
    (naming::is_identifier(&name) && name.starts_with(|c: char| c.is_ascii_uppercase())).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(singular("ClusterBackups").as_deref(), Some("ClusterBackup"));
        assert_eq!(singular("Items").as_deref(), Some("Item"));
        assert_eq!(singular("Status"), None);
        assert_eq!(variant_from_meaning("The system is backing up the data.").as_deref(), Some("BackingUp"));
        assert_eq!(
            variant_from_meaning("the copy-only mode. This mode supports only full backups.").as_deref(),
            Some("CopyOnly")
        );
        assert_eq!(variant_from_meaning("regular storage").as_deref(), Some("RegularStorage"));
        let mut n = Names::new("Op", &BTreeSet::new());
        assert_eq!(n.claim("BackupSet", ""), "BackupSet");
        assert_eq!(n.claim("BackupSet", "Data"), "DataBackupSet");
        assert_eq!(n.claim("Result", ""), "OpResult");
        assert_eq!(
            member_rust_names(&["BackupId", "BackupID", "Send"], &["send"]),
            vec![(1, "backup_id_2".to_owned()), (2, "send_2".to_owned())]
        );
    }
}
