//! What a spec change does to the generated crate: two checked models in, a classified change list out.
//!
//! Reviewers read a spec diff as YAML; users of the generated crate feel it as Rust. This module bridges the two:
//! it compares two [`Api`] models (products, operations, request parameters, response fields at any depth,
//! declared types, enum values, error codes, samples) and the files [`emit`](codegen::emit()) produces for each,
//! classifies every change with the rules in `rules` (breaking, compatible, docs only), and says which release
//! the crate needs ([`semver`]). It is pure: reading trees (from folders or git) and printing is the `xtask`'s job,
//! so tests run the same code on fixtures in memory.

mod change;
mod docs;
mod enums;
mod errors;
mod fields;
mod files;
mod operations;
mod pairs;
mod params;
mod products;
mod reach;
pub mod render;
mod rules;
pub mod semver;
mod typedefs;
mod types_text;

use std::collections::BTreeMap;

pub use change::{Change, Part, Place, Segment};
pub use files::{compare_files, FileChange, FileDiff, FileStatus};
pub use rules::{Class, Kind};
pub use semver::{Bump, Semver};

use codegen::emit::{emit, EmitError, OutputFile};
use codegen::layout::Layout;
use codegen::model::Api;

/// One side of a comparison: the checked model, the name shown in the report (`HEAD`, `working tree`), and the
/// display prefix its files were checked with (`HEAD:specs/`).
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub api: &'a Api,
    pub label: &'a str,
    pub prefix: &'a str,
}

/// The files `cargo xtask codegen` would write for a side: the headers name `specs/...`, whatever the side's
/// display prefix, so that two sides read from different places compare equal when their specs are.
fn generated(side: Side<'_>) -> Result<Vec<OutputFile>, EmitError> {
    let mut api = side.api.clone();
    let fix = |path: &mut String| {
        if let Some(rest) = path.strip_prefix(side.prefix) {
            *path = format!("specs/{rest}");
        }
    };
    for product in &mut api.products {
        fix(&mut product.source.path);
        for op in &mut product.operations {
            fix(&mut op.source.path);
        }
    }
    emit(&api, &Layout::sdk())
}

/// Comparison state: the changes found so far, and the declared types renamed in the product being compared.
pub(crate) struct Cx {
    pub renames: BTreeMap<String, String>,
    /// The error codes the product being compared declares product-wide, old and new side, each with its
    /// variant of `CommonErrorCode`.
    pub common: (BTreeMap<String, String>, BTreeMap<String, String>),
    pub changes: Vec<Change>,
}

impl Cx {
    pub(crate) fn push(&mut self, change: Change) {
        self.changes.push(change);
    }

    /// Records, on every change pushed since `start`, where the API reaches the type they are in.
    pub(crate) fn used_by_since(&mut self, start: usize, paths: Vec<String>) {
        for change in self.changes.iter_mut().skip(start) {
            change.used_by.clone_from(&paths);
        }
    }
}

/// Every API change from `old` to `new`, in model order (products, then their operations, then their types).
pub fn compare(old: &Api, new: &Api) -> Vec<Change> {
    let mut cx = Cx { renames: BTreeMap::new(), common: Default::default(), changes: Vec::new() };
    products::products(&mut cx, old, new);
    cx.changes
}

/// A whole report: what was compared, the API changes, the generated files that change, the release needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// What the old side is (`HEAD`, a folder).
    pub old_label: String,
    /// What the new side is (`working tree`, a revision, a folder).
    pub new_label: String,
    pub changes: Vec<Change>,
    pub files: FileDiff,
    pub semver: Semver,
}

impl Report {
    /// Compares two models and the code generated from each; `version` is the generated crate's current version.
    pub fn new(old: Side<'_>, new: Side<'_>, version: Option<&str>) -> Result<Report, EmitError> {
        let changes = compare(old.api, new.api);
        let files = compare_files(&generated(old)?, &generated(new)?);
        let semver = semver::needed(&changes, &files, version);
        Ok(Report { old_label: old.label.to_owned(), new_label: new.label.to_owned(), changes, files, semver })
    }

    /// The changes of one class, in report order.
    pub fn of_class(&self, class: Class) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.class() == class)
    }

    /// How many changes have this class.
    pub fn count(&self, class: Class) -> usize {
        self.of_class(class).count()
    }

    /// Whether some change breaks users.
    pub fn is_breaking(&self) -> bool {
        self.count(Class::Breaking) > 0
    }
}
