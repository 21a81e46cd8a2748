//! JSON for tools: every change with its stable kind id, class, structured location, before/after values and
//! the rule's reason; the generated files; the release. Field names are part of the interface: add, never rename.

use serde_json::{json, Value};

use crate::render::location;
use crate::rules::Class;
use crate::semver::RULE;
use crate::{Change, Report};

pub(super) fn render(report: &Report) -> String {
    let summary: serde_json::Map<String, Value> =
        Class::ALL.iter().map(|c| (c.id().to_owned(), json!(report.count(*c)))).collect();
    let s = &report.semver;
    let value = json!({
        "old": report.old_label,
        "new": report.new_label,
        "breaking": report.is_breaking(),
        "summary": summary,
        "release": { "bump": s.bump.id(), "from": s.from, "to": s.to, "rule": RULE },
        "changes": report.changes.iter().map(change).collect::<Vec<_>>(),
        "files": report.files.files.iter().map(|f| json!({
            "path": f.path, "status": f.status.id(), "added": f.added, "removed": f.removed,
        })).collect::<Vec<_>>(),
        "header_only_files": report.files.header_only,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

fn change(c: &Change) -> Value {
    let p = &c.place;
    json!({
        "class": c.class().id(),
        "kind": c.kind.id(),
        "location": location(p, str::to_owned),
        "product": p.product,
        "operation": p.operation,
        "type": p.type_name,
        "part": p.part.map(|x| x.id()),
        "member": p.member,
        "what": c.what,
        "old": c.old,
        "new": c.new,
        "used_by": c.used_by,
        "why": c.why(),
    })
}
