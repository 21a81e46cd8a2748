//! Value lists become enum types: one per distinct list (a request parameter and a response field with the same
//! values and meanings share one, as `BackupMode` does), with variant names for values that are not identifiers.

use std::collections::{HashMap, HashSet};

use crate::draft::names::{variant_from_meaning, Names};
use crate::draft::{DraftEnum, DraftValue};
use crate::model::ValidValue;
use codegen::naming;

/// The enums of a draft, deduplicated by their values.
#[derive(Default)]
pub(crate) struct Enums {
    list: Vec<DraftEnum>,
}

impl Enums {
    /// The enum for these values, reusing an identical one.
    pub fn intern(
        &mut self,
        names: &mut Names,
        field: &str,
        parent: &str,
        integer: bool,
        values: &[ValidValue],
        description: &str,
    ) -> usize {
        let draft_values = variants(values, integer);
        // The same values, with the same meanings where both lists give one (a request row often lists bare
        // values where the response row explains them): one enum, with every meaning either list gives.
        let same = |e: &DraftEnum| {
            e.integer == integer
                && e.values.len() == draft_values.len()
                && e.values.iter().zip(&draft_values).all(|(a, b)| {
                    a.value == b.value
                        && (a.description.is_none() || b.description.is_none() || a.description == b.description)
                })
        };
        if let Some(index) = self.list.iter().position(same) {
            if let Some(e) = self.list.get_mut(index) {
                if e.values.iter().any(|v| v.description.is_none()) {
                    let merged: Vec<ValidValue> = e
                        .values
                        .iter()
                        .zip(values)
                        .map(|(a, b)| ValidValue {
                            value: a.value.clone(),
                            meaning: a.description.clone().or(b.meaning.clone()),
                            line: b.line,
                        })
                        .collect();
                    e.values = variants(&merged, integer);
                }
            }
            return index;
        }
        let name = names.claim(field, parent);
        let mut guesses = vec![format!(
            "an enum for the values the page lists for `{field}`: check the name `{name}` and the variant names"
        )];
        if draft_values.iter().any(|v| v.rust_name.is_some()) {
            guesses.push("`rust_name`s are made up from each value's meaning (or `Value<N>`)".to_owned());
        }
        let summary = description.split("\n\n").next().unwrap_or(description);
        let summary = summary.split(" Valid values").next().unwrap_or(summary).trim();
        self.list.push(DraftEnum {
            name,
            integer,
            description: if summary.is_empty() { format!("The values of `{field}`.") } else { summary.to_owned() },
            values: draft_values,
            guesses,
        });
        self.list.len() - 1
    }

    /// Adds a value the sample sends and the page does not list.
    pub fn add_value(&mut self, index: usize, value: &str) -> bool {
        let Some(e) = self.list.get_mut(index) else {
            return false;
        };
        if e.values.iter().any(|v| v.value == value) {
            return false;
        }
        let mut all: Vec<ValidValue> = e
            .values
            .iter()
            .map(|v| ValidValue { value: v.value.clone(), meaning: v.description.clone(), line: 0 })
            .collect();
        all.push(ValidValue { value: value.to_owned(), meaning: None, line: 0 });
        e.values = variants(&all, e.integer);
        e.guesses.push(format!("the sample sends `{value}`, which the page does not list: added"));
        true
    }

    /// Whether the enum carries integers.
    pub fn integer(&self, index: usize) -> bool {
        self.list.get(index).is_some_and(|e| e.integer)
    }

    pub fn into_list(self) -> Vec<DraftEnum> {
        self.list
    }
}

/// The values with the variant names the checker needs: a `rust_name` for integers, and for strings that are
/// not identifiers or would collide.
///
/// Linear in the number of values: names taken are a set, and each made-up base name remembers its next free
/// number (a page that repeats one value thousands of times once made this cubic).
fn variants(values: &[ValidValue], integer: bool) -> Vec<DraftValue> {
    let mut used: HashSet<String> = HashSet::from(["Unknown".to_owned()]);
    let mut next_number: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for v in values {
        let derived = if integer {
            None
        } else {
            naming::type_name(&v.value)
                .filter(|n| !n.starts_with('V') || !v.value.starts_with(|c: char| c.is_ascii_digit()))
        };
        let rust_name = match derived {
            Some(name) if used.insert(name.clone()) => None,
            _ => {
                let from_meaning = if v.value.is_empty() {
                    Some("Empty".to_owned())
                } else {
                    v.meaning.as_deref().and_then(variant_from_meaning)
                };
                let base = from_meaning.unwrap_or_else(|| {
                    format!("Value{}", v.value.replace('-', "Minus").replace(|c: char| !c.is_ascii_alphanumeric(), ""))
                });
                let name = if used.contains(&base) {
                    // Numbers below the remembered one are all taken already (names are only ever added).
                    let number = next_number.entry(base.clone()).or_insert(2);
                    loop {
                        let candidate = format!("{base}{number}");
                        *number += 1;
                        if !used.contains(&candidate) {
                            break candidate;
                        }
                    }
                } else {
                    base
                };
                used.insert(name.clone());
                Some(name)
            }
        };
        out.push(DraftValue { value: v.value.clone(), rust_name, description: v.meaning.clone() });
    }
    out
}
