//! A decided operation as a spec file, and a product's `product.yaml`.
//!
//! Draft mode starts with the page importer's refusal marker (a `draft:` key the format does not have, so
//! `cargo xtask codegen` refuses the file until someone has reviewed it); `--no-draft` leaves it out. Either
//! way every rule-made decision is a `# GUESS: ...` comment above its line. Nothing of the metadata's Chinese
//! prose is copied: there are no descriptions, the summary is made from the action's name, and examples and
//! enum titles are kept only when they are plain ASCII.

use reference_pages::draft::{one_line, plain, quote, Yaml, DRAFT_MARKER};

use crate::decide::{Constraints, EnumDraft, Field, OpDraft, Param, StructDraft, Ty};
use crate::product::ProductDraft;

/// Whether the file is a draft (refused until reviewed) or meant for the checker as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Draft,
    NoDraft,
}

/// The sentence written for a deprecated operation or parameter.
pub const DEPRECATED: &str = "The service marks this operation as deprecated.";
const DEPRECATED_MEMBER: &str = "The service marks this as deprecated.";

/// Writes an operation's spec file; `source` names the metadata in the header.
pub fn operation(d: &OpDraft, source: &str, mode: Mode) -> String {
    let mut y = Yaml::default();
    match mode {
        Mode::Draft => y.raw(&format!(
            "# DRAFT imported from {} by cargo xtask import-meta: review every line marked GUESS",
            one_line(source)
        )),
        Mode::NoDraft => y.raw(&format!(
            "# Imported from {} by cargo xtask import-meta --no-draft: lines marked GUESS were decided by rule, not \
             by the metadata",
            one_line(source)
        )),
    }
    if mode == Mode::Draft {
        y.raw(&format!(
            "{DRAFT_MARKER} {}",
            quote("delete this line once every GUESS below is reviewed; until then the checker refuses the file")
        ));
    }
    y.raw(&format!("name: {}", plain(&d.name)));
    y.guess(0, "the metadata's summary is not English: a sentence made from the action's name; write a real one");
    y.text(0, "summary", &d.summary);
    y.guess(0, "the metadata's description is not English: none written; add one");
    if d.deprecated {
        y.text(0, "deprecated", DEPRECATED);
    }
    y.guesses(0, d.methods_guess.iter());
    let methods: Vec<String> = d.methods.iter().map(|m| plain(m)).collect();
    y.raw(&format!("methods: [{}]   # the metadata's order", methods.join(", ")));
    y.guesses(0, d.changes_state_guess.iter());
    y.raw(&format!("changes_state: {}", d.changes_state));
    if let Some(status) = d.status {
        y.raw(&format!("status: {status}   # the metadata's only success response"));
    }
    if let Some(p) = &d.paging {
        y.guesses(0, d.paging_guess.iter());
        y.raw("paging:");
        for (key, value) in
            [("page_number", &p.page_number), ("page_size", &p.page_size), ("total", &p.total), ("items", &p.items)]
        {
            y.raw(&format!("  {key}: {}", plain(value)));
        }
    }
    if d.params.is_empty() {
        y.raw("request: []");
    } else {
        y.raw("request:");
        for p in &d.params {
            param(&mut y, d, p);
        }
    }
    y.raw("response:");
    fields(&mut y, d, 2, &d.fields);
    if !d.structs.is_empty() || !d.enums.is_empty() {
        y.raw("types:");
    }
    for s in &d.structs {
        structure(&mut y, d, s);
    }
    for e in &d.enums {
        enumeration(&mut y, e);
    }
    if !d.product_wide.is_empty() {
        y.raw(&format!("# Left out, declared product-wide in product.yaml: {}", d.product_wide.join(", ")));
    }
    match (d.errors.is_empty(), d.product_wide.is_empty()) {
        (true, true) => y.raw("errors: []   # the metadata lists no error code"),
        (true, false) => y.raw("errors: []   # every code the metadata lists is declared product-wide"),
        (false, _) => y.raw("errors:"),
    }
    for e in &d.errors {
        y.guesses(2, e.guesses.iter());
        y.raw(&format!("  - status: {}", e.status));
        y.raw(&format!("    code: {}", quote(&e.code)));
        if let Some(r) = &e.rust_name {
            y.guess(4, &format!("`{}` becomes the same variant as another code: renamed", e.code));
            y.raw(&format!("    rust_name: {r}"));
        }
        y.raw(&format!("    message: {}", quote(e.message.trim())));
    }
    if d.samples.is_empty() {
        y.raw("samples: []   # the metadata's responseDemo has no JSON sample");
    } else {
        y.raw("samples:");
    }
    for (i, body) in d.samples.iter().enumerate() {
        let name = if i == 0 { "metadata".to_owned() } else { format!("metadata_{}", i + 1) };
        y.raw(&format!("  - name: {name}"));
        y.raw("    source: page   # the metadata's responseDemo, which is the sample its reference page shows");
        y.text(4, "description", "The JSON sample of the OpenAPI metadata (responseDemo).");
        y.block(4, "body", body);
    }
    y.out
}

fn param(y: &mut Yaml, d: &OpDraft, p: &Param) {
    y.guesses(2, p.guesses.iter());
    y.raw(&format!("  - name: {}", plain(&p.name)));
    let pad = "    ";
    if let Some(r) = &p.rust_name {
        y.raw(&format!("{pad}rust_name: {r}"));
    }
    y.raw(&format!("{pad}type: {}", expr(d, &p.ty)));
    if p.form {
        y.raw(&format!("{pad}location: form"));
    }
    if let Some(style) = p.style {
        y.raw(&format!("{pad}style: {}", style.spec_name()));
    }
    if p.required {
        y.raw(&format!("{pad}required: true"));
    }
    if !p.allowed.is_empty() {
        let list: Vec<String> = p.allowed.iter().map(i64::to_string).collect();
        y.raw(&format!("{pad}allowed: [{}]", list.join(", ")));
    }
    if let Some(default) = p.default.as_deref().and_then(|v| scalar(d, &p.ty, v)) {
        y.raw(&format!("{pad}default: {default}"));
    }
    constraint_lines(y, 4, &p.constraints);
    if let Some(example) = p.example.as_deref().and_then(|v| scalar(d, &p.ty, v)) {
        y.raw(&format!("{pad}example: {example}"));
    }
    if p.deprecated {
        y.text(4, "deprecated", DEPRECATED_MEMBER);
    }
}

fn constraint_lines(y: &mut Yaml, indent: usize, c: &Constraints) {
    let pad = " ".repeat(indent);
    let numbers = [("min", &c.min), ("max", &c.max)];
    for (key, value) in numbers {
        if let Some(v) = value {
            y.raw(&format!("{pad}{key}: {v}"));
        }
    }
    let counts = [
        ("min_length", c.min_length),
        ("max_length", c.max_length),
        ("min_items", c.min_items),
        ("max_items", c.max_items),
    ];
    for (key, value) in counts {
        if let Some(v) = value {
            y.raw(&format!("{pad}{key}: {v}"));
        }
    }
    if let Some(p) = &c.pattern {
        y.raw(&format!("{pad}pattern: {}", quote(p)));
    }
}

fn fields(y: &mut Yaml, d: &OpDraft, indent: usize, list: &[Field]) {
    let pad = " ".repeat(indent);
    if list.is_empty() {
        y.raw(&format!("{pad}fields: []"));
        return;
    }
    y.raw(&format!("{pad}fields:"));
    let inner = " ".repeat(indent + 4);
    for f in list {
        y.guesses(indent + 2, f.guesses.iter());
        y.raw(&format!("{pad}  - name: {}", plain(&f.name)));
        if let Some(r) = &f.rust_name {
            y.raw(&format!("{inner}rust_name: {r}"));
        }
        y.raw(&format!("{inner}type: {}", expr(d, &f.ty)));
        if f.required {
            y.raw(&format!("{inner}required: true"));
        }
        if f.wire_string {
            y.raw(&format!("{inner}wire: string   # the metadata's sample sends it as a string"));
        }
        if let Some(w) = &f.wrapper {
            y.raw(&format!("{inner}wrapper: {}", plain(w)));
        }
        constraint_lines(y, indent + 4, &f.constraints);
        if let Some(example) = f.example.as_deref().filter(|_| scalar_ty(d, &f.ty)).and_then(|v| scalar(d, &f.ty, v)) {
            y.raw(&format!("{inner}example: {example}"));
        }
        if f.deprecated {
            y.text(indent + 4, "deprecated", DEPRECATED_MEMBER);
        }
    }
}

fn structure(y: &mut Yaml, d: &OpDraft, s: &StructDraft) {
    y.guesses(2, s.guesses.iter());
    y.raw(&format!("  - name: {}", plain(&s.name)));
    y.raw("    kind: struct");
    fields(y, d, 4, &s.fields);
}

fn enumeration(y: &mut Yaml, e: &EnumDraft) {
    y.guesses(2, e.guesses.iter());
    y.raw(&format!("  - name: {}", plain(&e.name)));
    y.raw("    kind: enum");
    y.raw(&format!("    repr: {}", if e.integer { "integer" } else { "string" }));
    y.raw("    values:");
    for v in &e.values {
        let value = if e.integer { v.value.clone() } else { quote(&v.value) };
        y.raw(&format!("      - value: {value}"));
        if let Some(r) = &v.rust_name {
            y.raw(&format!("        rust_name: {r}"));
        }
        if let Some(t) = &v.title {
            y.raw(&format!("        title: {}", quote(t)));
        }
    }
}

/// The type expression of a draft type.
pub fn expr(d: &OpDraft, ty: &Ty) -> String {
    match ty {
        Ty::String => "string".to_owned(),
        Ty::Integer => "integer".to_owned(),
        Ty::Long => "long".to_owned(),
        Ty::Float => "float".to_owned(),
        Ty::Double => "double".to_owned(),
        Ty::Boolean => "boolean".to_owned(),
        Ty::Object => "object".to_owned(),
        Ty::Enum(i) => d.enums.get(*i).map_or_else(|| "string".to_owned(), |e| e.name.clone()),
        Ty::Struct(i) => d.structs.get(*i).map_or_else(|| "object".to_owned(), |s| s.name.clone()),
        Ty::List(inner) => format!("list<{}>", expr(d, inner)),
    }
}

fn scalar_ty(d: &OpDraft, ty: &Ty) -> bool {
    match ty {
        Ty::List(_) | Ty::Struct(_) | Ty::Object => false,
        Ty::Enum(i) => d.enums.get(*i).is_some(),
        _ => true,
    }
}

/// An example or default as the type reads it (numbers and booleans plain, the rest quoted); `None` when it
/// does not fit the type or is not plain ASCII (the metadata's examples are sometimes Chinese prose).
fn scalar(d: &OpDraft, ty: &Ty, text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() || !text.is_ascii() {
        return None;
    }
    let fits = match ty {
        Ty::Integer => text.parse::<i32>().is_ok(),
        Ty::Long => text.parse::<i64>().is_ok(),
        Ty::Float | Ty::Double => text.parse::<f64>().is_ok_and(f64::is_finite),
        Ty::Boolean => text == "true" || text == "false",
        Ty::Enum(i) => {
            let e = d.enums.get(*i)?;
            if e.values.iter().any(|v| v.value == text) {
                return Some(if e.integer { text.to_owned() } else { quote(text) });
            }
            false
        }
        Ty::String => return Some(quote(text)),
        Ty::List(_) | Ty::Struct(_) | Ty::Object => false,
    };
    fits.then(|| text.to_owned())
}

/// Writes a product's `product.yaml`.
pub fn product(p: &ProductDraft) -> String {
    let mut y = Yaml::default();
    y.raw(&format!("# Imported from {} by cargo xtask import-meta", one_line(&p.source)));
    y.text(0, "name", &p.name);
    y.text(0, "code", &p.code);
    y.raw(&format!("module: {}", plain(&p.module)));
    y.text(0, "version", &p.version);
    y.raw(&format!("style: {}", plain(&p.style)));
    y.raw("signature: ACS3-HMAC-SHA256");
    y.raw("endpoints:");
    y.text(2, "regional", &p.regional);
    if let Some((host, regions)) = &p.central {
        y.text(2, "central", host);
        let list: Vec<String> = regions.iter().map(|r| plain(r)).collect();
        y.raw(&format!("  central_regions: [{}]", list.join(", ")));
    }
    if !p.hosts.is_empty() {
        y.raw("  hosts:");
        for (region, host) in &p.hosts {
            y.raw(&format!("    {}: {}", plain(region), quote(host)));
        }
    }
    y.text(2, "source", &p.endpoint_source);
    y.out
}
