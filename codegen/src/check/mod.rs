//! From parsed specs to the model: every rule of the spec format, each broken rule a located diagnostic.
//!
//! The checker never stops at the first problem: each part is checked independently and problems are
//! collected, so a maintainer sees everything wrong in one run. Names and types are decided here (with
//! `naming`), so the emitters only read the model.

mod docs;
mod examples;
mod limits;
mod operation;
mod product;
mod request_types;
mod samples;
mod types;
mod waiters;

use std::collections::BTreeMap;

use serde_saphyr::Spanned;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::load::{self, SpecFiles};
use crate::model::Api;
use crate::source::{FileId, Loc, SourceMap};

/// Checking state: the files (to locate spans) and the problems found so far.
pub(crate) struct Ctx<'a> {
    pub sources: &'a SourceMap,
    pub diags: Diagnostics,
}

impl Ctx<'_> {
    /// Where a spanned value is.
    pub fn loc<T>(&self, file: FileId, spanned: &Spanned<T>) -> Loc {
        Loc::of(file, spanned, self.sources.file(file))
    }

    /// Records a problem.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic);
    }

    /// Records a problem at a spanned value.
    pub fn error<T>(
        &mut self,
        code: Code,
        file: FileId,
        at: &Spanned<T>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> &mut Diagnostic {
        let loc = self.loc(file, at);
        self.diags.push(Diagnostic::new(code, loc, message, hint));
        self.diags.0.last_mut().expect("a diagnostic was just pushed")
    }

    /// A note pointing at another place ("first declared at file:line:column").
    pub fn note_at<T>(&self, what: &str, file: FileId, at: &Spanned<T>) -> String {
        let loc = self.loc(file, at);
        format!("{what} at {}:{}:{}", self.sources.file(file).path, loc.line, loc.column)
    }
}

/// Reads, parses and checks a spec tree given as files; the display prefix is put before paths (`specs/`).
pub fn check_files(files: &SpecFiles, display_prefix: &str) -> Result<(Api, SourceMap), crate::diagnostic::Report> {
    let mut sources = SourceMap::default();
    let mut parse_diags = Diagnostics::default();
    let tree = load::parse(files, display_prefix, &mut sources, &mut parse_diags);
    check_tree(&tree, sources, parse_diags)
}

/// Checks a tree [`load::parse`] produced, with the files it added to `sources` and the problems it found (they
/// are reported with the checker's own). [`check_files`] is both steps; they are apart for `cargo xtask bench`,
/// which times them one by one.
pub fn check_tree(
    tree: &load::SpecTree,
    sources: SourceMap,
    parse_diags: Diagnostics,
) -> Result<(Api, SourceMap), crate::diagnostic::Report> {
    let mut ctx = Ctx { sources: &sources, diags: parse_diags };
    let mut products = Vec::new();
    for folder in &tree.products {
        if let Some(product) = product::check_product(&mut ctx, folder) {
            products.push(product);
        }
    }
    product::check_unique_modules(&mut ctx, &tree.products, &products);
    let mut diags = ctx.diags;
    if !diags.is_empty() {
        for loc in diags.0.iter_mut().filter_map(|d| d.loc.as_mut()) {
            keep_on_its_line(loc, &sources);
        }
        diags.sort();
        return Err(crate::diagnostic::Report { sources, diagnostics: diags });
    }
    products.sort_by(|a, b| a.module.cmp(&b.module));
    Ok((Api { products }, sources))
}

/// Shortens a span that runs into the next line (a position at the end of a line covers its line break), so the
/// caret stays on the line the position names.
fn keep_on_its_line(loc: &mut Loc, sources: &SourceMap) {
    let text = &sources.file(loc.file).text;
    if let Some(newline) = text.get(loc.start..loc.start + loc.len).and_then(|span| span.find('\n')) {
        loc.len = newline;
    }
}

/// Names as a list of code spans for a message: `` `a`, `b`, `c` ``.
pub(crate) fn code_list(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// Finds names that two or more entries map to; returns (name, first index, later index) for each clash.
pub(crate) fn clashes<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<(usize, usize)> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (index, name) in names.into_iter().enumerate() {
        match seen.get(name) {
            Some(first) => out.push((*first, index)),
            None => {
                seen.insert(name, index);
            }
        }
    }
    out
}
