//! Sample responses: each must be JSON and match the declared response shape exactly.
//!
//! This is what keeps a spec honest: a field the page forgot, a number the service sends as a string, a list
//! inside a wrapper object — the sample shows it, and this check refuses a spec that does not say it. The same
//! samples become decode and round-trip tests of the generated crate.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::check::Ctx;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Field, NamedKind, Sample, Struct, Ty, TypeDef, WireForm};
use crate::source::{self, FileId, Loc};
use crate::spec::{SampleSpec, Spanned};

/// The sources a sample may come from.
const SOURCES: &[&str] = &["page", "service", "page-xml"];

/// At most this many shape problems are reported per sample (the rest are usually the same mistake).
const MAX_PROBLEMS: usize = 10;

/// Checks the samples of one operation against its response.
pub(crate) fn check_samples(
    ctx: &mut Ctx<'_>,
    file: FileId,
    specs: &[SampleSpec],
    response: &Struct,
    defs: &BTreeMap<&str, &TypeDef>,
) -> Option<Vec<Sample>> {
    let mut ok = true;
    let mut samples = Vec::new();
    for (first, later) in crate::check::clashes(specs.iter().map(|s| s.name.value.as_str())) {
        let note = ctx.note_at("first used", file, &specs[first].name);
        ctx.error(
            Code::BadSample,
            file,
            &specs[later].name,
            format!("the sample name `{}` is used twice", specs[later].name.value),
            "give each sample its own name",
        )
        .notes
        .push(note);
        ok = false;
    }
    for spec in specs {
        if !SOURCES.contains(&spec.source.value.as_str()) {
            ctx.error(
                Code::BadSample,
                file,
                &spec.source,
                format!("unknown sample source `{}`", spec.source.value),
                format!("the sources are: {}", SOURCES.join(", ")),
            );
            ok = false;
            continue;
        }
        let value: Value = match serde_json::from_str(&spec.body.value) {
            Ok(v) => v,
            Err(e) => {
                let loc = body_loc(ctx, file, &spec.body, e.line(), e.column());
                ctx.report(Diagnostic::new(
                    Code::SampleNotJson,
                    loc,
                    format!("the sample `{}` is not valid JSON: {}", spec.name.value, without_position(&e.to_string())),
                    "paste the page's JSON sample exactly, under `body: |` with consistent indentation",
                ));
                ok = false;
                continue;
            }
        };
        let mut problems = Vec::new();
        check_struct("$", &value, response, defs, &mut problems);
        for (path, problem) in problems.into_iter().take(MAX_PROBLEMS) {
            let loc = locate_path(ctx, file, &spec.body, &path);
            ctx.report(
                Diagnostic::new(
                    Code::SampleShape,
                    loc,
                    format!("the sample `{}` does not match the response at `{path}`: {problem}", spec.name.value),
                    "make the spec say what the service sends (field, type, `wire`, `wrapper`), or fix the sample",
                )
                .label("here"),
            );
            ok = false;
        }
        samples.push(Sample {
            name: spec.name.value.clone(),
            source: spec.source.value.clone(),
            description: spec.description.as_ref().map(|d| d.value.trim().to_owned()),
            body: spec.body.value.clone(),
        });
    }
    ok.then_some(samples)
}

type Problems = Vec<(String, String)>;

fn check_struct(path: &str, value: &Value, def: &Struct, defs: &BTreeMap<&str, &TypeDef>, problems: &mut Problems) {
    let Some(object) = value.as_object() else {
        problems.push((path.to_owned(), format!("expected an object (`{}`), found {}", def.name, kind(value))));
        return;
    };
    for field in &def.fields {
        let here = format!("{path}.{}", field.wire);
        match object.get(&field.wire) {
            None if field.required => {
                problems.push((path.to_owned(), format!("the required field `{}` is missing", field.wire)))
            }
            None | Some(Value::Null) => {}
            Some(v) => check_field(&here, v, field, defs, problems),
        }
    }
    for key in object.keys() {
        if !def.fields.iter().any(|f| &f.wire == key) {
            problems.push((format!("{path}.{key}"), format!("`{key}` is not declared as a field of `{}`", def.name)));
        }
    }
}

fn check_field(path: &str, value: &Value, field: &Field, defs: &BTreeMap<&str, &TypeDef>, problems: &mut Problems) {
    let Ty::List(item) = &field.ty else {
        if let (WireForm::OneOrMany, Value::Array(items)) = (&field.wire_form, value) {
            if items.len() > 1 {
                problems.push((
                    path.to_owned(),
                    format!("expected one object or a list of one, found {} items", items.len()),
                ));
            }
            for (index, item_value) in items.iter().enumerate() {
                check_value(&format!("{path}[{index}]"), item_value, &field.ty, false, defs, problems);
            }
            return;
        }
        let string_wire = field.wire_form == WireForm::String;
        return check_value(path, value, &field.ty, string_wire, defs, problems);
    };
    let items = match (&field.wire_form, value) {
        (WireForm::Wrapped(key), Value::Object(o)) => match o.get(key) {
            Some(Value::Array(items)) if o.len() == 1 => items.iter().collect::<Vec<_>>(),
            _ => {
                problems.push((path.to_owned(), format!("expected the wrapper object {{\"{key}\": [...]}}")));
                return;
            }
        },
        (WireForm::Wrapped(key), other) => {
            problems.push((
                path.to_owned(),
                format!("expected the wrapper object {{\"{key}\": [...]}}, found {}", kind(other)),
            ));
            return;
        }
        (_, Value::Array(items)) => items.iter().collect(),
        (_, other) => {
            problems.push((path.to_owned(), format!("expected a list, found {}", kind(other))));
            return;
        }
    };
    let inner_path = match &field.wire_form {
        WireForm::Wrapped(key) => format!("{path}.{key}"),
        _ => path.to_owned(),
    };
    for (index, item_value) in items.into_iter().enumerate() {
        check_value(&format!("{inner_path}[{index}]"), item_value, item, false, defs, problems);
    }
}

fn check_value(
    path: &str,
    value: &Value,
    ty: &Ty,
    string_wire: bool,
    defs: &BTreeMap<&str, &TypeDef>,
    problems: &mut Problems,
) {
    let mismatch = |expected: &str| (path.to_owned(), format!("expected {expected}, found {}", kind(value)));
    match ty {
        Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::Bool if string_wire => {
            if !value.is_string() {
                problems.push(mismatch("a JSON string (the spec says `wire: string`)"));
            } else if !scalar_text_fits(value.as_str().unwrap_or_default(), ty) {
                problems.push(mismatch("a string holding a number of the declared type"));
            }
        }
        Ty::I32 | Ty::I64 => {
            if value.is_string() {
                problems.push(mismatch("a JSON number (add `wire: string` if the service sends a string)"));
            } else if value.as_i64().is_none()
                || (*ty == Ty::I32 && value.as_i64().and_then(|v| i32::try_from(v).ok()).is_none())
            {
                problems.push(mismatch(if *ty == Ty::I32 { "an `integer` (32-bit)" } else { "a `long`" }));
            }
        }
        Ty::F32 | Ty::F64 => {
            if !value.is_number() {
                problems.push(mismatch("a JSON number"));
            }
        }
        Ty::Bool => {
            if !value.is_boolean() {
                problems.push(mismatch("a JSON boolean"));
            }
        }
        Ty::String => {
            if !value.is_string() {
                problems.push(mismatch("a JSON string"));
            }
        }
        Ty::Time(format) => {
            let fits = match format {
                crate::model::TimeFormat::EpochMillis => value.is_i64() || value.is_string(),
                _ => value.is_string(),
            };
            if !fits {
                problems.push(mismatch(&format!("a time (`{}`)", format.spec_name())));
            }
        }
        Ty::Object => {
            if !value.is_object() {
                problems.push(mismatch("a JSON object"));
            }
        }
        Ty::List(item) => match value.as_array() {
            Some(items) => {
                for (index, v) in items.iter().enumerate() {
                    check_value(&format!("{path}[{index}]"), v, item, false, defs, problems);
                }
            }
            None => problems.push(mismatch("a list")),
        },
        Ty::Named(named) => match (named.kind, defs.get(named.name.as_str())) {
            (NamedKind::Struct, Some(TypeDef::Struct(def))) => check_struct(path, value, def, defs, problems),
            (NamedKind::Enum, Some(TypeDef::Enum(def))) => {
                let text = match value {
                    Value::String(s) if !def.integer => Some(s.clone()),
                    Value::Number(n) if def.integer => Some(n.to_string()),
                    _ => None,
                };
                match text {
                    None => problems.push(mismatch(if def.integer { "an integer code" } else { "a string" })),
                    Some(t) if !def.variants.iter().any(|v| v.value == t) => {
                        problems.push((path.to_owned(), format!("`{t}` is not a documented value of `{}`", def.name)));
                    }
                    Some(_) => {}
                }
            }
            _ => problems.push((path.to_owned(), format!("the type `{}` is not declared", named.name))),
        },
    }
}

fn scalar_text_fits(text: &str, ty: &Ty) -> bool {
    match ty {
        Ty::I32 => text.parse::<i32>().is_ok(),
        Ty::I64 => text.parse::<i64>().is_ok(),
        Ty::F32 | Ty::F64 => text.parse::<f64>().is_ok(),
        Ty::Bool => text == "true" || text == "false",
        _ => true,
    }
}

fn kind(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// The file position of a line and column inside a block-scalar body (`body: |`); the body's own position
/// when the body is not a block scalar.
fn body_loc(ctx: &Ctx<'_>, file: FileId, body: &Spanned<String>, line: usize, column: usize) -> Loc {
    let start = ctx.loc(file, body);
    let source = ctx.sources.file(file);
    let text = &source.text;
    if line == 0 {
        return start;
    }
    // The body's position is its `|` / `>` indicator, or (as serde-saphyr reports block scalars) the first
    // character of its first content line; an inline body (`body: '{...}'`) has no line structure to follow.
    let rest = text.get(start.start..).unwrap_or("");
    let first_line = if rest.starts_with('|') || rest.starts_with('>') {
        start.line as usize + 1
    } else {
        let (line_start, _, _) = source.line_at(start.start);
        if !text[line_start..start.start].trim().is_empty() {
            return start;
        }
        start.line as usize
    };
    let file_lines: Vec<&str> = source::lines(text).map(|(_, l)| l).collect();
    let indent = file_lines.get(first_line - 1).map_or(0, |l| l.chars().take_while(|c| *c == ' ').count());
    // serde_json reports an unexpected end one line past the body: point at the end of the body instead.
    let body_lines = body.value.lines().count().max(1);
    let (line, column) = if line > body_lines { (body_lines, usize::MAX) } else { (line, column) };
    let file_line = (first_line + line - 1).min(file_lines.len());
    let width = file_lines.get(file_line - 1).map_or(0, |l| l.chars().count());
    let col = indent.saturating_add(column.max(1)).min(width + 1);
    let (Ok(file_line), Ok(col)) = (u32::try_from(file_line), u32::try_from(col)) else {
        return start;
    };
    Loc::at(file, file_line, col, source)
}

/// Finds where a JSON path (`$.Items.Backup[0].IsAvail`) is in the body, by looking for each key in turn.
fn locate_path(ctx: &Ctx<'_>, file: FileId, body: &Spanned<String>, path: &str) -> Loc {
    let text = &body.value;
    let mut offset = 0;
    let mut found = false;
    for segment in path.trim_start_matches('$').split('.').filter(|s| !s.is_empty()) {
        let mut parts = segment.split('[');
        let key = parts.next().unwrap_or(segment);
        let quoted = format!("\"{key}\"");
        let Some(at) = text.get(offset..).and_then(|rest| rest.find(&quoted)) else {
            continue;
        };
        offset += at;
        found = true;
        // `Key[2]`: from the key past its colon, then to the third item of the list.
        let mut item_at = text.get(offset + quoted.len()..).and_then(|rest| {
            let colon = rest.find(|c: char| !c.is_whitespace()).filter(|i| rest[*i..].starts_with(':'))?;
            Some(offset + quoted.len() + colon + 1)
        });
        for index in parts.filter_map(|p| p.trim_end_matches(']').parse::<usize>().ok()) {
            let Some(item) = item_at.and_then(|at| nth_item(text, at, index)) else {
                break;
            };
            offset = item;
            item_at = Some(item);
        }
    }
    if !found {
        return body_loc(ctx, file, body, 0, 0);
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    body_loc(ctx, file, body, line, column)
}

/// The offset of item `n` of the JSON array that starts at `at` (after optional whitespace).
fn nth_item(text: &str, at: usize, n: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let open = at + bytes.get(at..)?.iter().position(|b| !b.is_ascii_whitespace())?;
    if bytes[open] != b'[' {
        return None;
    }
    let (mut depth, mut item, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for (j, &b) in bytes.iter().enumerate().skip(open) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if depth == 1 && item == n && !b.is_ascii_whitespace() && b != b',' && b != b']' {
            return Some(j);
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return None;
                }
            }
            b',' if depth == 1 => item += 1,
            _ => {}
        }
    }
    None
}

/// A serde_json message without its " at line N column M": the diagnostic shows the position in the file.
fn without_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(" column ") => &message[..at],
        _ => message,
    }
}

impl Struct {
    /// The shape problems of a sample response against this response type, exactly as the checker finds them in
    /// a spec's own samples (JSON path, problem); `defs` holds every declared type of the product.
    /// `reference_pages::doc_check` decodes a page's samples with it.
    pub fn sample_problems(&self, value: &Value, defs: &BTreeMap<&str, &TypeDef>) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        check_struct("$", value, self, defs, &mut problems);
        problems
    }
}
