//! The report when a spec tree does not load: the located diagnostics of each broken side, in the chosen format
//! (a pull-request comment must say why there is no diff).

use std::fmt::Write;

use crate::render::Format;
use codegen::diagnostic::Report as Diagnostics;

/// The failure report; `labels` name the two sides, `failures` pair a side's name with its diagnostics.
pub fn failure(format: Format, labels: (&str, &str), failures: &[(&str, &Diagnostics)]) -> String {
    match format {
        Format::Markdown => {
            let mut out = format!("## API diff: `{}` → `{}`\n\n", labels.0, labels.1);
            for (side, report) in failures {
                let _ = writeln!(out, "**The specs at `{side}` do not load**, so there is nothing to compare:\n");
                let _ = writeln!(out, "```text\n{report}\n```\n");
            }
            out
        }
        Format::Text => {
            let mut out = format!("API diff: {} -> {}\n\n", labels.0, labels.1);
            for (side, report) in failures {
                let _ = writeln!(out, "The specs at {side} do not load:\n\n{report}\n");
            }
            out
        }
        Format::Json => {
            let sides: Vec<serde_json::Value> = failures.iter().map(|(side, report)| json(side, report)).collect();
            let value = serde_json::json!({
                "old": labels.0, "new": labels.1, "error": "specs_do_not_load", "failures": sides,
            });
            let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
            text.push('\n');
            text
        }
    }
}

fn json(side: &str, report: &Diagnostics) -> serde_json::Value {
    let diagnostics: Vec<serde_json::Value> = report
        .diagnostics
        .0
        .iter()
        .map(|d| {
            serde_json::json!({
                "code": d.code.id(),
                "message": d.message,
                "position": d.position(&report.sources),
                "hint": d.hint,
            })
        })
        .collect();
    serde_json::json!({ "tree": side, "diagnostics": diagnostics, "rendered": report.to_string() })
}
