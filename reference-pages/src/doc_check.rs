//! `doc-check`: a spec against a (possibly newer) copy of its page.
//!
//! The spec's product folder is checked first (doc-check compares against what the generator would use, and a
//! broken spec is reported as such). Then the spec's shape is compared with the page's ([`compare`], with the
//! known-disagreement rule documented there), and every JSON sample of the page is decoded against the spec's
//! checked response type by the checker's own sample check, so "no longer decodes" means exactly what it would
//! mean if the sample were pasted into the spec.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

use crate::compare::{compare, Disagreement, Mode, Subject};
use crate::json::Node;
use crate::model::{Note, Page, SampleFormat};
use crate::shape;
use codegen::load::SpecFiles;
use codegen::model::TypeDef;
use codegen::spec::{OperationSpec, ProductSpec};

/// Why doc-check could not compare.
#[derive(Debug)]
pub enum DocCheckError {
    /// The spec's product does not pass the checker.
    Spec(codegen::diagnostic::Report),
    /// The spec file is not among the files, or its product.yaml is missing.
    Missing(String),
}

impl std::fmt::Display for DocCheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocCheckError::Spec(report) => write!(f, "the spec does not pass the checker; fix it first:\n{report}"),
            DocCheckError::Missing(what) => write!(f, "{what}"),
        }
    }
}

impl std::error::Error for DocCheckError {}

/// Compares the spec `spec_key` (`rds/DescribeBackups.yaml`, a key of `files`, which hold its product folder)
/// with a page. Returns every disagreement, the excused ones included (see [`Disagreement::excused`]).
pub fn doc_check(
    files: &SpecFiles,
    spec_key: &str,
    display_prefix: &str,
    page: &Page,
) -> Result<Vec<Disagreement>, DocCheckError> {
    let (api, _) = codegen::check_files(files, display_prefix).map_err(DocCheckError::Spec)?;
    let text = files.get(spec_key).ok_or_else(|| DocCheckError::Missing(format!("no spec file {spec_key}")))?;
    let folder = spec_key.split_once('/').map_or("", |(f, _)| f);
    let op: OperationSpec = parse(text, spec_key)?;
    let product_key = format!("{folder}/product.yaml");
    let product: ProductSpec = parse(
        files
            .get(&product_key)
            .ok_or_else(|| DocCheckError::Missing(format!("no {product_key} next to {spec_key}")))?,
        &product_key,
    )?;
    let spec_shape = shape::from_spec(&op, &product);
    let page_shape = shape::from_page(page);
    let mut out = compare(&spec_shape, &page_shape, Mode::DocCheck);

    let path = format!("{display_prefix}{spec_key}");
    let Some((product, operation)) =
        api.products.iter().find_map(|p| p.operations.iter().find(|o| o.source.path == path).map(|o| (p, o)))
    else {
        return Err(DocCheckError::Missing(format!("the checker did not produce the operation of {path}")));
    };
    let mut defs: BTreeMap<&str, &TypeDef> = product.types.iter().map(|t| (t.name(), t)).collect();
    for o in &product.operations {
        defs.extend(o.types.iter().map(|t| (t.name(), t)));
    }
    for sample in page.samples.iter().filter(|s| s.format == SampleFormat::Json) {
        let Ok(value) = serde_json::from_str::<Value>(&sample.body) else {
            continue;
        };
        for (json_path, problem) in operation.response.sample_problems(&value, &defs) {
            let line = sample.json.as_ref().and_then(|n| line_of_path(n, &json_path)).unwrap_or(sample.line);
            let excused = shows_page_claim(&spec_shape.fields, &page_shape.fields, &value, &json_path).then(|| {
                "the spec records the page's claim for this field (page_claim); the page's sample shows that claim"
                    .to_owned()
            });
            out.push(Disagreement {
                subject: Subject::Sample(sample.line),
                message: format!("does not decode with the spec's types at `{json_path}`: {problem}"),
                page_line: Some(line),
                spec_line: None,
                excused,
            });
        }
    }
    Ok(out)
}

/// Whether a sample problem at `json_path` (`$.Data[0].BackupSetId`) shows what the spec already records as the
/// page's claim: the spec's field there has `page_claim`, and the sample's value is of the kind the page's own
/// table gives that field (so the sample agrees with the page, which the spec knows is not what the service
/// sends). Keys on the way the spec has no member for (a list wrapper's key) are stepped over.
fn shows_page_claim(spec: &[shape::Member], page: &[shape::Member], sample: &Value, json_path: &str) -> bool {
    let keys: Vec<&str> = json_path.trim_start_matches('$').split('.').filter(|k| !k.is_empty()).collect();
    let spec_member = member_at(spec, &keys);
    let page_member = member_at(page, &keys);
    let value = value_at(sample, &keys);
    match (spec_member, page_member, value) {
        (Some(s), Some(p), Some(v)) if s.known.page_claim => kind_fits(&p.kind, v),
        _ => false,
    }
}

/// The member a path's keys lead to; the last key must name one.
fn member_at<'a>(members: &'a [shape::Member], keys: &[&str]) -> Option<&'a shape::Member> {
    let mut members = members;
    let mut last = None;
    for key in keys {
        let key = key.split('[').next().unwrap_or(key);
        last = members.iter().find(|m| m.name == key);
        if let Some(member) = last {
            members = &member.children;
        }
    }
    last
}

/// The sample's value at a path of keys with `[n]` indices.
fn value_at<'a>(value: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    let mut here = value;
    for key in keys {
        let mut parts = key.split('[');
        here = here.get(parts.next()?)?;
        for index in parts {
            here = here.get(index.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(here)
}

fn kind_fits(kind: &shape::Kind, value: &Value) -> bool {
    use shape::Kind;
    match kind {
        Kind::String => value.is_string(),
        Kind::Integer | Kind::Long | Kind::Double => value.is_number(),
        Kind::Boolean => value.is_boolean(),
        Kind::Time(_) => value.is_string() || value.is_number(),
        Kind::Object | Kind::Struct => value.is_object(),
        Kind::List(_) => value.is_array(),
        Kind::Any => true,
    }
}

/// Compares an imported draft (its YAML text, as the checker would read it) with the hand-written spec
/// `spec_key` of `files`, the way doc-check compares a page, but also comparing the types of fields only the
/// page's sample shows (excused only by `source`/`page_claim`): how far a reviewed draft is from the spec.
pub fn compare_draft(
    files: &SpecFiles,
    spec_key: &str,
    draft_yaml: &str,
    page: &Page,
) -> Result<Vec<Disagreement>, DocCheckError> {
    let text = files.get(spec_key).ok_or_else(|| DocCheckError::Missing(format!("no spec file {spec_key}")))?;
    let folder = spec_key.split_once('/').map_or("", |(f, _)| f);
    let op: OperationSpec = parse(text, spec_key)?;
    let product_key = format!("{folder}/product.yaml");
    let product: ProductSpec = parse(
        files
            .get(&product_key)
            .ok_or_else(|| DocCheckError::Missing(format!("no {product_key} next to {spec_key}")))?,
        &product_key,
    )?;
    let draft: OperationSpec = parse(draft_yaml, "the draft")?;
    let mut draft_shape = shape::from_spec(&draft, &product);
    let page_shape = shape::from_page(page);
    for m in draft_shape.params.iter_mut().chain(draft_shape.fields.iter_mut()) {
        clear_known(m);
    }
    shape::copy_origins(&mut draft_shape.params, &page_shape.params);
    shape::copy_origins(&mut draft_shape.fields, &page_shape.fields);
    Ok(compare(&shape::from_spec(&op, &product), &draft_shape, Mode::Import))
}

/// The page side records nothing (a draft writes no `page_claim`/`source`); its lines become page lines.
fn clear_known(member: &mut shape::Member) {
    member.known = shape::Known::default();
    member.line = None;
    for child in &mut member.children {
        clear_known(child);
    }
}

fn parse<T: serde::de::DeserializeOwned>(text: &str, key: &str) -> Result<T, DocCheckError> {
    serde_saphyr::from_str(text).map_err(|e| DocCheckError::Missing(format!("{key} does not parse: {e}")))
}

/// The page line of a JSON path (`$.Items.Backup[0].IsAvail`) in a sample.
fn line_of_path(root: &Node, path: &str) -> Option<usize> {
    let mut node = root;
    let mut line = None;
    for segment in path.trim_start_matches('$').split('.').filter(|s| !s.is_empty()) {
        let (key, indexes) = segment.split_once('[').map_or((segment, ""), |(k, rest)| (k, rest));
        let member = node.get(key)?;
        line = Some(member.line);
        node = &member.value;
        for index in indexes.split('[').filter(|s| !s.is_empty()) {
            let i: usize = index.trim_end_matches(']').parse().ok()?;
            match node {
                Node::Array(items) => node = items.get(i)?,
                _ => return line,
            }
        }
    }
    line
}

/// The report: one line per disagreement not excused (and, with `known`, the excused ones after them), then
/// what the reader noticed on the page (a repaired sample, a table that contradicts its sample).
pub fn render(disagreements: &[Disagreement], notes: &[Note], spec: &str, page: &str, known: bool) -> String {
    let (excused, open): (Vec<&Disagreement>, Vec<&Disagreement>) =
        disagreements.iter().partition(|d| d.excused.is_some());
    let mut out = String::new();
    match open.len() {
        0 => {
            let _ = writeln!(out, "{spec} agrees with {page}");
        }
        n => {
            let s = if n == 1 { "" } else { "s" };
            let _ = writeln!(out, "{spec} and {page} disagree ({n} disagreement{s}):");
        }
    }
    let line = |d: &Disagreement| {
        let mut at = Vec::new();
        if let Some(l) = d.page_line {
            at.push(format!("page line {l}"));
        }
        if let Some(l) = d.spec_line {
            at.push(format!("{spec}:{l}"));
        }
        let at = if at.is_empty() { String::new() } else { format!(" [{}]", at.join("; ")) };
        format!("{}: {}{at}", d.subject, d.message)
    };
    for d in &open {
        let _ = writeln!(out, "  - {}", line(d));
    }
    if !excused.is_empty() {
        if known {
            let _ = writeln!(out, "known to the spec, not reported ({}):", excused.len());
            for d in &excused {
                let _ = writeln!(out, "  - {} ({})", line(d), d.excused.as_deref().unwrap_or_default());
            }
        } else {
            let _ = writeln!(
                out,
                "({} known disagreement(s) the spec already records were not reported; --known lists them)",
                excused.len()
            );
        }
    }
    if !notes.is_empty() {
        out.push_str("notes on the page (not disagreements):\n");
        for note in notes {
            let _ = writeln!(out, "  - page line {}: {}", note.line, note.text);
        }
    }
    out
}
