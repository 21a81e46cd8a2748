//! Plain text for a terminal: the same sections as the Markdown, without markup.

use std::fmt::Write;

use crate::render::{counts, location, one_line, release, shows_text, used_by};
use crate::rules::Class;
use crate::semver::RULE;
use crate::{Change, Report};

const TEXT_WIDTH: usize = 160;

pub(super) fn render(report: &Report) -> String {
    let mut out = format!("API diff: {} -> {}\n", report.old_label, report.new_label);
    if report.changes.is_empty() {
        out.push_str("No API changes.\n");
    } else {
        let _ = writeln!(out, "{}; {}", counts(report), release(report));
    }
    for class in Class::ALL {
        let changes: Vec<&Change> = report.of_class(class).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{} ({})", class.title().to_uppercase(), changes.len());
        for change in changes {
            item(&mut out, change);
        }
    }
    let f = &report.files;
    out.push_str("\nGENERATED FILES\n");
    if f.files.is_empty() {
        out.push_str("  no changes\n");
    }
    for file in &f.files {
        let _ = writeln!(out, "  {:<8} {}  +{} -{}", file.status.id(), file.path, file.added, file.removed);
    }
    if f.header_only > 0 {
        let _ = writeln!(out, "  ({} file(s) change only in the spec hash of their header)", f.header_only);
    }
    let _ = writeln!(out, "\nRELEASE: {} ({RULE})", release(report));
    out
}

fn item(out: &mut String, change: &Change) {
    let plain = |n: &str| n.to_owned();
    let _ = writeln!(out, "  {}", location(&change.place, plain));
    let _ = writeln!(out, "      {}", change.what);
    if !change.used_by.is_empty() {
        let _ = writeln!(out, "      reached from {}", used_by(&change.used_by, plain));
    }
    if shows_text(change) {
        let _ = writeln!(out, "      before: {}", one_line(change.old.as_deref().unwrap_or(""), TEXT_WIDTH));
        let _ = writeln!(out, "      after:  {}", one_line(change.new.as_deref().unwrap_or(""), TEXT_WIDTH));
    }
    let _ = writeln!(out, "      why: {}", change.why());
}
