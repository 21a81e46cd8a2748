//! Markdown for a pull-request comment: counts and the release first, then one list per class (docs folded
//! away), then the generated files as a table.

use std::fmt::Write;

use crate::render::{counts, location, one_line, release, shows_text, used_by};
use crate::rules::Class;
use crate::semver::RULE;
use crate::{Change, Report};

const TEXT_WIDTH: usize = 240;

pub(super) fn render(report: &Report) -> String {
    let mut out = format!("## API diff: `{}` → `{}`\n\n", report.old_label, report.new_label);
    if report.changes.is_empty() {
        out.push_str("No API changes.\n");
    } else {
        let _ = writeln!(out, "**{}** — {}.", release(report), counts(report));
    }
    for class in Class::ALL {
        let changes: Vec<&Change> = report.of_class(class).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {} ({})\n", class.title(), changes.len());
        let fold = class == Class::Docs;
        if fold {
            let _ = writeln!(out, "<details><summary>Show the {} change(s)</summary>\n", changes.len());
        }
        for change in changes {
            item(&mut out, change);
        }
        if fold {
            out.push_str("\n</details>\n");
        }
    }
    files(&mut out, report);
    let _ = write!(out, "\n### Release\n\n**{}** (rule: {RULE}).\n", release(report));
    out
}

fn code(name: &str) -> String {
    format!("`{name}`")
}

fn item(out: &mut String, change: &Change) {
    let _ = writeln!(out, "- {}: {}", location(&change.place, code), change.what);
    if !change.used_by.is_empty() {
        let _ = writeln!(out, "  - reached from {}", used_by(&change.used_by, code));
    }
    if shows_text(change) {
        let _ = writeln!(out, "  - before: {}", one_line(change.old.as_deref().unwrap_or(""), TEXT_WIDTH));
        let _ = writeln!(out, "  - after: {}", one_line(change.new.as_deref().unwrap_or(""), TEXT_WIDTH));
    }
    let _ = writeln!(out, "  - *why {}:* {}", change.class().title().to_lowercase(), change.why());
}

fn files(out: &mut String, report: &Report) {
    let f = &report.files;
    out.push_str("\n### Generated files\n\n");
    if f.files.is_empty() {
        out.push_str("No generated file changes.\n");
    } else {
        out.push_str("| file | change | lines |\n|---|---|---|\n");
        for file in &f.files {
            let _ = writeln!(out, "| `{}` | {} | +{} −{} |", file.path, file.status.id(), file.added, file.removed);
        }
    }
    if f.header_only > 0 {
        let _ = writeln!(
            out,
            "\n{} file(s) change only in the spec hash of their header (no API change; run `cargo xtask codegen`).",
            f.header_only
        );
    }
}
