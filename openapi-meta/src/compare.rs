//! How the metadata and an existing spec disagree, reported as `doc-check` reports a page.
//!
//! The shared comparison of `reference_pages` does the members (presence, type, required-ness, valid values,
//! defaults, at any depth) and the error codes (status, message), with its rule for what the spec already
//! records (`page_claim`, `source`, `wire: string`); its words name a page, so they are reworded to name the
//! metadata. Added here: the HTTP methods, `changes_state`, the success status, deprecation, constraints and
//! list wrappers, which a page does not state but the metadata does. Error-code descriptions are not compared
//! (the metadata's are Chinese and never copied). A metadata code the product declares product-wide (in
//! `product.yaml`) is compared with that entry (status, message), not reported missing from the operation.

use codegen::load::SpecFiles;
use codegen::spec::{FieldSpec, OperationSpec, ParamSpec, ProductSpec, TypeSpec};
use reference_pages::compare::{compare, Disagreement, Mode, Subject};
use reference_pages::shape::{self, ErrorEntry, Kind, Member, Shape};
use reference_pages::Origin;

use crate::decide::{Constraints, Field, OpDraft, Param, Ty};

const BY_CLAIM: &str = "the spec records the page's claim (page_claim)";

/// Compares the draft of an action with the spec `spec_key` (`rds/DescribeBackups.yaml`) of `files` (its
/// product folder); every disagreement, the excused ones included.
pub fn disagreements(files: &SpecFiles, spec_key: &str, d: &OpDraft) -> Result<Vec<Disagreement>, String> {
    let text = files.get(spec_key).ok_or_else(|| format!("no spec file {spec_key}"))?;
    let op: OperationSpec = serde_saphyr::from_str(text).map_err(|e| format!("{spec_key} does not parse: {e}"))?;
    let folder = spec_key.split_once('/').map_or("", |(f, _)| f);
    let product_key = format!("{folder}/product.yaml");
    let product: ProductSpec = match files.get(&product_key) {
        Some(t) => serde_saphyr::from_str(t).map_err(|e| format!("{product_key} does not parse: {e}"))?,
        None => return Err(format!("no {product_key} next to {spec_key}")),
    };
    let spec_shape = shape::from_spec(&op, &product);
    let meta_shape = meta_shape(d, &spec_shape);
    let mut out: Vec<Disagreement> = compare(&spec_shape, &meta_shape, Mode::DocCheck)
        .into_iter()
        .map(|mut x| {
            x.message = reword(&x.message);
            x.excused = x.excused.map(|e| reword_excuse(&e));
            x
        })
        .collect();
    operation(&op, d, &mut out);
    let types: Vec<&TypeSpec> = product.types.iter().chain(op.types.iter()).collect();
    for p in &op.request {
        if let Some(m) = d.params.iter().find(|m| m.name == p.name.value) {
            param_extras(p, m, &mut out);
        }
    }
    fields_extras(&op.response.fields, &d.fields, d, &types, "", &mut out);
    Ok(out)
}

/// The page's words in the shared comparison's messages, as the metadata's.
fn reword(message: &str) -> String {
    message
        .replace("not on the page (the page does not list this", "not in the metadata (the metadata does not list this")
        .replace("on the page, not in the spec", "in the metadata, not in the spec")
        .replace("in the spec, not on the page", "in the spec, not in the metadata")
        .replace("the page", "the metadata")
}

fn reword_excuse(excuse: &str) -> String {
    excuse.replace("the page's claim", "the page's (and so the metadata's) claim")
}

/// The metadata's side as the shared comparison reads it. Error descriptions are taken from the spec, so they
/// are never reported (the metadata's are not English).
fn meta_shape(d: &OpDraft, spec: &Shape) -> Shape {
    Shape {
        name: Some(d.name.clone()),
        params: d.params.iter().map(|p| param_member(d, p)).collect(),
        fields: d.fields.iter().map(|f| field_member(d, f, 0)).collect(),
        errors: d
            .errors
            .iter()
            .map(|e| ErrorEntry {
                code: e.code.clone(),
                status: e.status,
                messages: vec![e.message.clone()],
                description: spec.errors.iter().find(|s| s.code == e.code).and_then(|s| s.description.clone()),
                line: None,
            })
            .collect(),
        common_errors: Vec::new(),
        response_table: true,
    }
}

fn param_member(d: &OpDraft, p: &Param) -> Member {
    let (kind, mut values, children) = resolve(d, &p.ty, 0);
    if !p.allowed.is_empty() {
        values = Some(p.allowed.iter().map(i64::to_string).collect());
    }
    Member {
        name: p.name.clone(),
        kind,
        required: Some(p.required),
        values,
        default: p.default.clone(),
        children,
        known: shape::Known::default(),
        origin: Origin::Table,
        line: None,
    }
}

fn field_member(d: &OpDraft, f: &Field, depth: usize) -> Member {
    let (kind, values, children) = resolve(d, &f.ty, depth);
    Member {
        name: f.name.clone(),
        kind,
        required: None,
        values,
        default: None,
        children,
        known: shape::Known::default(),
        origin: Origin::Table,
        line: None,
    }
}

fn resolve(d: &OpDraft, ty: &Ty, depth: usize) -> (Kind, Option<Vec<String>>, Vec<Member>) {
    match ty {
        Ty::String => (Kind::String, None, Vec::new()),
        Ty::Integer => (Kind::Integer, None, Vec::new()),
        Ty::Long => (Kind::Long, None, Vec::new()),
        // The shared comparison has one kind for numbers with a fraction; `float` is told apart by the spec's
        // type expression, which cannot say it yet.
        Ty::Float | Ty::Double => (Kind::Double, None, Vec::new()),
        Ty::Boolean => (Kind::Boolean, None, Vec::new()),
        Ty::Object => (Kind::Object, None, Vec::new()),
        Ty::Enum(i) => match d.enums.get(*i) {
            Some(e) => (
                if e.integer { Kind::Integer } else { Kind::String },
                Some(e.values.iter().map(|v| v.value.clone()).collect()),
                Vec::new(),
            ),
            None => (Kind::Any, None, Vec::new()),
        },
        Ty::Struct(i) => {
            let children = match (d.structs.get(*i), depth < 16) {
                (Some(s), true) => s.fields.iter().map(|f| field_member(d, f, depth + 1)).collect(),
                _ => Vec::new(),
            };
            (Kind::Struct, None, children)
        }
        Ty::List(inner) => {
            let (kind, values, children) = resolve(d, inner, depth);
            (Kind::List(Box::new(kind)), values, children)
        }
    }
}

fn push(out: &mut Vec<Disagreement>, subject: Subject, message: String, line: Option<usize>, excused: Option<&str>) {
    out.push(Disagreement { subject, message, page_line: None, spec_line: line, excused: excused.map(str::to_owned) });
}

fn line_of<T>(s: &codegen::spec::Spanned<T>) -> Option<usize> {
    usize::try_from(s.referenced.line()).ok().filter(|l| *l > 0)
}

fn operation(op: &OperationSpec, d: &OpDraft, out: &mut Vec<Disagreement>) {
    let spec_methods: Vec<String> = op.methods.value.iter().map(|m| m.value.to_ascii_uppercase()).collect();
    let line = line_of(&op.methods);
    if spec_methods != d.methods {
        let missing: Vec<&String> = spec_methods.iter().filter(|m| !d.methods.contains(m)).collect();
        let message = if missing.is_empty() {
            format!("methods: the metadata lists [{}], the spec [{}]", d.methods.join(", "), spec_methods.join(", "))
        } else {
            format!(
                "methods: the metadata lists [{}], the spec [{}] (the metadata does not list {})",
                d.methods.join(", "),
                spec_methods.join(", "),
                missing.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", ")
            )
        };
        push(out, Subject::Operation, message, line, None);
    }
    if op.changes_state != d.changes_state {
        let message = format!(
            "changes_state: the metadata says {}{}, the spec {}",
            d.changes_state,
            if d.changes_state_guess.is_some() { " (judged by the action's name)" } else { "" },
            op.changes_state
        );
        push(out, Subject::Operation, message, None, None);
    }
    if let Some(status) = d.status {
        push(out, Subject::Operation, format!("the metadata's success status is {status}, the spec's 200"), None, None);
    }
    if d.deprecated {
        push(
            out,
            Subject::Operation,
            "the metadata marks the operation deprecated, the spec does not".into(),
            None,
            None,
        );
    }
}

/// The spec's constraints on a parameter, as text.
fn spec_constraints(p: &ParamSpec) -> Constraints {
    Constraints {
        min: p.min.as_ref().map(|m| m.value.to_string()),
        max: p.max.as_ref().map(|m| m.value.to_string()),
        max_length: p.max_length.as_ref().map(|m| u64::from(m.value)),
        ..Constraints::default()
    }
}

fn param_extras(p: &ParamSpec, m: &Param, out: &mut Vec<Disagreement>) {
    let subject = || Subject::Parameter(p.name.value.clone());
    let excused = p.page_claim.as_ref().map(|_| BY_CLAIM);
    let line = line_of(&p.name);
    let ours = spec_constraints(p);
    let same_number = |a: &Option<String>, b: &Option<String>| match (a, b) {
        (Some(x), Some(y)) => x.parse::<f64>().ok() == y.parse::<f64>().ok(),
        (None, None) => true,
        _ => false,
    };
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_owned());
    let show_n = |v: Option<u64>| v.map_or_else(|| "none".to_owned(), |n| n.to_string());
    let c = &m.constraints;
    for (key, theirs, mine) in [("min", &c.min, &ours.min), ("max", &c.max, &ours.max)] {
        if !same_number(theirs, mine) {
            let message = format!("{key}: the metadata says {}, the spec {}", show(theirs), show(mine));
            push(out, subject(), message, line, excused);
        }
    }
    let counts = [
        ("min_length", c.min_length, ours.min_length),
        ("max_length", c.max_length, ours.max_length),
        ("min_items", c.min_items, ours.min_items),
        ("max_items", c.max_items, ours.max_items),
    ];
    for (key, theirs, mine) in counts {
        if theirs != mine {
            let message = format!("{key}: the metadata says {}, the spec {}", show_n(theirs), show_n(mine));
            push(out, subject(), message, line, excused);
        }
    }
    if let Some(pattern) = &c.pattern {
        push(out, subject(), format!("the metadata gives the pattern {pattern:?}, the spec none"), line, excused);
    }
    if m.form {
        push(out, subject(), "the metadata sends it in the form body, the spec in the query".into(), line, excused);
    }
    if m.style.is_some() {
        let style = m.style.map(|s| s.spec_name()).unwrap_or_default();
        push(
            out,
            subject(),
            format!("the metadata sends it with style `{style}`, the spec states none"),
            line,
            excused,
        );
    }
    if m.deprecated && p.deprecated.is_none() {
        push(out, subject(), "the metadata marks it deprecated, the spec does not".into(), line, excused);
    }
}

/// Wrappers and `wire: string` of response fields at any depth (the shared comparison has neither).
fn fields_extras(
    spec: &[FieldSpec],
    meta: &[Field],
    d: &OpDraft,
    types: &[&TypeSpec],
    prefix: &str,
    out: &mut Vec<Disagreement>,
) {
    for f in spec {
        let Some(m) = meta.iter().find(|m| m.name == f.name.value) else { continue };
        let path = if prefix.is_empty() { f.name.value.clone() } else { format!("{prefix}.{}", f.name.value) };
        let excused = f.page_claim.as_ref().map(|_| BY_CLAIM);
        let line = line_of(&f.name);
        let wrapper = f.wrapper.as_ref().map(|w| w.value.clone());
        if wrapper != m.wrapper {
            let show = |w: &Option<String>| w.as_ref().map_or("none".to_owned(), |w| format!("`{w}`"));
            let message = format!("wrapper: the metadata has {}, the spec {}", show(&m.wrapper), show(&wrapper));
            push(out, Subject::Field(path.clone()), message, line, excused);
        }
        let spec_wire = f.wire.as_ref().is_some_and(|w| w.value == "string");
        if m.wire_string && !spec_wire && f.ty.value != "string" {
            let message = "the metadata's sample sends it as a string; the spec has no `wire: string`".to_owned();
            push(out, Subject::Field(path.clone()), message, line, excused);
        }
        // Into structures: the spec's type by name, the metadata's by index.
        let inner = |ty: &str| ty.trim().trim_start_matches("list<").trim_end_matches('>').trim().to_owned();
        let spec_struct = types.iter().find(|t| t.name.value == inner(&f.ty.value)).and_then(|t| t.fields.as_ref());
        let meta_struct = struct_of(&m.ty).and_then(|i| d.structs.get(i));
        let inner_path = if f.ty.value.trim().starts_with("list<") { format!("{path}[]") } else { path.clone() };
        if let (Some(sf), Some(ms)) = (spec_struct, meta_struct) {
            fields_extras(&sf.value, &ms.fields, d, types, &inner_path, out);
        }
    }
}

fn struct_of(ty: &Ty) -> Option<usize> {
    match ty {
        Ty::Struct(i) => Some(*i),
        Ty::List(inner) => struct_of(inner),
        _ => None,
    }
}
