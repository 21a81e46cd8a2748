//! Comparing a spec's shape with a page's, and the rule for what the spec already knows.
//!
//! Every difference becomes a [`Disagreement`]; those the spec already records carry the reason in `excused` and
//! are not reported again (`cargo xtask doc-check --known` lists them). The rule, precisely:
//!
//! 1. A parameter or field with `page_claim` (the spec says the page is wrong there) is not reported for its
//!    type, time format, list-ness or valid values, nor for a changed default. Its presence and, for
//!    parameters, its required-ness are still compared: a `page_claim` explains a wrong type, not a vanished row.
//! 2. A field with `source` (the spec knows it from elsewhere, e.g. the official SDK) is not reported as missing
//!    from the page (nor as missing from the page's table when only the sample shows it), and, when the page
//!    shows it only in its sample, not for its type either.
//! 3. A number or boolean with `wire: string` is the service's truth: the page typing it as a string or as that
//!    number agrees with the spec.
//! 4. Equivalent spellings are not disagreements: an enum and the page's `string`/`integer` with or without a
//!    value list, a `time` and the page's `string` (a format is compared when both sides state one), an
//!    `epoch-millis` time and the page's `long`, a structure and the page's `object`.
//! 5. A field the page knows only from its sample has no stated type: doc-check leaves its type to the sample
//!    decoding (which is exact); only its presence and place are compared.
//! 6. A free-form `object` field of the spec (kept as the service sent it) takes any members: members the page
//!    lists or shows under it are not compared.
//! 7. Error codes have no such records: every difference in status, message, other messages or description
//!    is reported. A page row of a code the product declares product-wide (`errors:` of `product.yaml`) is
//!    compared with that entry instead: its status, and its message, which must be one the entry lists (the
//!    entry gathers every page's wording); the product's codes a page does not list are not reported.
//!
//! A field that disappears at one place and appears at another under the same name is one disagreement
//! ("moved").

use std::collections::BTreeSet;

use crate::model::Origin;
use crate::shape::{ErrorEntry, Kind, Member, Shape};
use crate::text::squash;

/// What a disagreement is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    Operation,
    Parameter(String),
    /// A response field by path (`Items[].BackupId`).
    Field(String),
    ErrorCode(String),
    /// A sample response of the page, by page line.
    Sample(usize),
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Operation => write!(f, "operation"),
            Subject::Parameter(n) => write!(f, "request parameter `{n}`"),
            Subject::Field(p) => write!(f, "response field `{p}`"),
            Subject::ErrorCode(c) => write!(f, "error code `{c}`"),
            Subject::Sample(l) => write!(f, "sample response (page line {l})"),
        }
    }
}

/// One difference between a spec and a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub subject: Subject,
    pub message: String,
    pub page_line: Option<usize>,
    pub spec_line: Option<usize>,
    /// Why it is not reported: what the spec already records.
    pub excused: Option<String>,
}

/// How strictly fields known only from a page's sample are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// doc-check: their types are left to the sample decoding (rule 5).
    DocCheck,
    /// Checking an imported draft: their types are compared too, and excused only by `source`/`page_claim`.
    Import,
}

const BY_CLAIM: &str = "the spec records the page's claim (page_claim)";
const BY_SOURCE: &str = "the spec names where this field comes from (source)";

/// Compares the spec side with the page side.
pub fn compare(spec: &Shape, page: &Shape, mode: Mode) -> Vec<Disagreement> {
    let mut out = Vec::new();
    if let (Some(s), Some(p)) = (&spec.name, &page.name) {
        if s != p {
            out.push(Disagreement {
                subject: Subject::Operation,
                message: format!("the page is about `{p}`, the spec about `{s}`"),
                page_line: None,
                spec_line: None,
                excused: None,
            });
        }
    }
    members(&flatten(&spec.params, ""), &flatten(&page.params, ""), true, (mode, false), &mut out);
    let table = page.response_table;
    members(&flatten(&spec.fields, ""), &flatten(&page.fields, ""), false, (mode, table), &mut out);
    errors(&spec.errors, &spec.common_errors, &page.errors, &mut out);
    out
}

/// Members by path (`Items[].Backup`): lists add `[]`.
fn flatten<'a>(list: &'a [Member], prefix: &str) -> Vec<(String, &'a Member)> {
    let mut out = Vec::new();
    for m in list {
        let path = if prefix.is_empty() { m.name.clone() } else { format!("{prefix}.{}", m.name) };
        let inner = if matches!(m.kind, Kind::List(_)) { format!("{path}[]") } else { path.clone() };
        out.push((path, m));
        out.extend(flatten(&m.children, &inner));
    }
    out
}

/// A member's place, for matching: its path without the `[]` of the lists above it.
fn place(path: &str) -> String {
    path.replace("[]", "")
}

fn subject(path: &str, param: bool) -> Subject {
    if param {
        Subject::Parameter(path.to_owned())
    } else {
        Subject::Field(path.to_owned())
    }
}

fn leaf(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// `mode` and whether the page has a response table.
type Context = (Mode, bool);

fn members(
    spec: &[(String, &Member)],
    page: &[(String, &Member)],
    param: bool,
    context: Context,
    out: &mut Vec<Disagreement>,
) {
    // Members are matched by place, whatever the list-ness of the members above them: a structure the page calls
    // a list of one keeps its fields at the same place (the list-ness itself is compared as the parent's kind).
    let spec_paths: BTreeSet<String> = spec.iter().map(|(p, _)| place(p)).collect();
    let page_paths: BTreeSet<String> = page.iter().map(|(p, _)| place(p)).collect();
    let mut removed: Vec<&(String, &Member)> = spec.iter().filter(|(p, _)| !page_paths.contains(&place(p))).collect();
    let free_form: Vec<String> =
        spec.iter().filter(|(_, m)| m.kind == Kind::Object).map(|(p, _)| format!("{p}.")).collect();
    let mut added: Vec<&(String, &Member)> = page
        .iter()
        .filter(|(p, _)| !spec_paths.contains(&place(p)) && !free_form.iter().any(|f| p.starts_with(f.as_str())))
        .collect();
    // A field gone from one place and new at another, under the same name, moved.
    let mut moved = Vec::new();
    for (index, (old, s)) in removed.iter().enumerate() {
        if let Some(at) = added.iter().position(|(new, _)| leaf(new) == leaf(old)) {
            let (new, p) = added.remove(at);
            moved.push(index);
            out.push(Disagreement {
                subject: subject(old, param),
                message: format!("moved: the page has it at `{new}`"),
                page_line: p.line,
                spec_line: s.line,
                excused: None,
            });
        }
    }
    let mut index = 0;
    removed.retain(|_| {
        index += 1;
        !moved.contains(&(index - 1))
    });
    for (path, s) in removed {
        let what = if param { "parameter" } else { "field" };
        out.push(Disagreement {
            subject: subject(path, param),
            message: format!("in the spec, not on the page (the page does not list this {what})"),
            page_line: None,
            spec_line: s.line,
            excused: (s.known.source).then(|| BY_SOURCE.to_owned()),
        });
    }
    for (path, p) in added {
        let from = if p.origin == Origin::Sample { " (only its sample shows it)" } else { "" };
        out.push(Disagreement {
            subject: subject(path, param),
            message: format!("on the page{from}, not in the spec: {}", p.kind.describe()),
            page_line: p.line,
            spec_line: None,
            excused: None,
        });
    }
    for (path, s) in spec {
        if let Some((_, p)) = page.iter().find(|(q, _)| place(q) == place(path)) {
            member(path, s, p, param, context, out);
        }
    }
}

fn member(path: &str, s: &Member, p: &Member, param: bool, (mode, table): Context, out: &mut Vec<Disagreement>) {
    let mut push = |message: String, excused: Option<&str>| {
        out.push(Disagreement {
            subject: subject(path, param),
            message,
            page_line: p.line,
            spec_line: s.line,
            excused: excused.map(str::to_owned),
        })
    };
    if let (Some(sr), Some(pr)) = (s.required, p.required) {
        if sr != pr {
            let word = |r: bool| if r { "required" } else { "optional" };
            push(format!("the page says it is {}, the spec {}", word(pr), word(sr)), None);
        }
    }
    let sample_only = p.origin == Origin::Sample;
    if sample_only && table {
        let excused = s.known.source.then_some(BY_SOURCE);
        push("the page's table does not list it; only the page's sample shows it".to_owned(), excused);
    }
    if sample_only && mode == Mode::DocCheck {
        return;
    }
    let excuse = if s.known.page_claim {
        Some(BY_CLAIM)
    } else if sample_only && s.known.source {
        Some(BY_SOURCE)
    } else {
        None
    };
    if !compatible(&s.kind, &p.kind, s.known.wire_string) {
        push(format!("the page types it {}, the spec {}", p.kind.describe(), spell(s)), excuse);
    }
    if let Some(pv) = &p.values {
        match &s.values {
            None => push(format!("the page lists the valid values {}; the spec accepts any value", list(pv)), excuse),
            Some(sv) => {
                let new: Vec<&String> = pv.iter().filter(|v| !sv.contains(v)).collect();
                let gone: Vec<&String> = sv.iter().filter(|v| !pv.contains(v)).collect();
                if !new.is_empty() || !gone.is_empty() {
                    let mut parts = Vec::new();
                    if !new.is_empty() {
                        parts.push(format!("the page adds {}", list(&new)));
                    }
                    if !gone.is_empty() {
                        parts.push(format!("the page no longer lists {}", list(&gone)));
                    }
                    push(format!("valid values differ: {}", parts.join("; ")), excuse);
                }
            }
        }
    }
    if param && p.default != s.default {
        let text = |d: &Option<String>| d.as_ref().map_or("none".to_owned(), |d| format!("`{d}`"));
        push(format!("the default differs: the page says {}, the spec {}", text(&p.default), text(&s.default)), excuse);
    }
}

fn spell(s: &Member) -> String {
    let wire = if s.known.wire_string { " (sent as a string)" } else { "" };
    format!("{}{wire}", s.kind.describe())
}

fn list<S: AsRef<str>>(values: &[S]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("`{}`", v.as_ref())).collect();
    quoted.join(", ")
}

/// Whether the page's kind says the same as the spec's (rules 3 and 4).
fn compatible(spec: &Kind, page: &Kind, wire_string: bool) -> bool {
    use codegen::model::TimeFormat::EpochMillis;
    match (spec, page) {
        (a, b) if a == b => true,
        (Kind::Any, _) | (_, Kind::Any) => true,
        (Kind::Time(a), Kind::Time(b)) => a.is_none() || b.is_none() || a == b,
        (Kind::Time(f), Kind::String) | (Kind::String, Kind::Time(f)) => *f != Some(EpochMillis),
        (Kind::Time(Some(EpochMillis)), Kind::Long | Kind::Integer) => true,
        (Kind::Long | Kind::Integer, Kind::Time(Some(EpochMillis))) => true,
        (Kind::Integer | Kind::Long | Kind::Double | Kind::Boolean, Kind::String) => wire_string,
        (Kind::Struct, Kind::Object) | (Kind::Object, Kind::Struct) => true,
        (Kind::List(a), Kind::List(b)) => compatible(a, b, false),
        _ => false,
    }
}

fn errors(spec: &[ErrorEntry], common: &[ErrorEntry], page: &[ErrorEntry], out: &mut Vec<Disagreement>) {
    let mut push = |code: &str, message: String, p: Option<&ErrorEntry>, s: Option<&ErrorEntry>| {
        out.push(Disagreement {
            subject: Subject::ErrorCode(code.to_owned()),
            message,
            page_line: p.and_then(|e| e.line),
            spec_line: s.and_then(|e| e.line),
            excused: None,
        })
    };
    for s in spec {
        let Some(p) = page.iter().find(|p| p.code == s.code) else {
            push(&s.code, "in the spec, not on the page".to_owned(), None, Some(s));
            continue;
        };
        if p.status != s.status {
            push(&s.code, format!("the page says HTTP {}, the spec {}", p.status, s.status), Some(p), Some(s));
        }
        let norm = |v: &[String]| v.iter().map(|m| squash(m)).collect::<Vec<_>>();
        let (pm, sm) = (norm(&p.messages), norm(&s.messages));
        if pm.first() != sm.first() {
            let first = |m: &[String]| m.first().cloned().unwrap_or_default();
            push(
                &s.code,
                format!("the message differs: the page says {:?}, the spec {:?}", first(&pm), first(&sm)),
                Some(p),
                Some(s),
            );
        }
        let (po, so): (BTreeSet<&String>, BTreeSet<&String>) =
            (pm.iter().skip(1).collect(), sm.iter().skip(1).collect());
        if po != so {
            let show = |set: &BTreeSet<&String>| set.iter().map(|m| format!("{m:?}")).collect::<Vec<_>>().join(", ");
            push(
                &s.code,
                format!("the other messages differ: the page has [{}], the spec [{}]", show(&po), show(&so)),
                Some(p),
                Some(s),
            );
        }
        let desc = |d: &Option<String>| d.as_deref().map(squash).filter(|d| !d.is_empty() && d != "-");
        if desc(&p.description) != desc(&s.description) {
            let show = |d: Option<String>| d.map_or("none".to_owned(), |d| format!("{d:?}"));
            push(
                &s.code,
                format!(
                    "the description differs: the page says {}, the spec {}",
                    show(desc(&p.description)),
                    show(desc(&s.description))
                ),
                Some(p),
                Some(s),
            );
        }
    }
    for p in page.iter().filter(|p| !spec.iter().any(|s| s.code == p.code)) {
        if let Some(c) = common.iter().find(|c| c.code == p.code) {
            let at = c.line.map_or(String::new(), |l| format!(" at product.yaml:{l}"));
            if p.status != c.status {
                let message =
                    format!("declared product-wide{at}: the page says HTTP {}, product.yaml {}", p.status, c.status);
                push(&p.code, message, Some(p), None);
            }
            let said = p.messages.first().map(|m| squash(m)).unwrap_or_default();
            if !c.messages.iter().any(|m| squash(m) == said) {
                let listed = c.messages.first().map(|m| squash(m)).unwrap_or_default();
                let message = format!(
                    "declared product-wide{at}: the message differs: the page says {said:?}, product.yaml {listed:?}"
                );
                push(&p.code, message, Some(p), None);
            }
            continue;
        }
        let message = format!(
            "on the page, not in the spec: HTTP {} {:?}",
            p.status,
            p.messages.first().cloned().unwrap_or_default()
        );
        push(&p.code, message, Some(p), None);
    }
}
