//! The draft as a spec file: YAML in the spec format, with a header saying it is a draft, a `draft:` marker key,
//! the page line of every parameter, field and error code, and `# GUESS: ...` above each guessed line.
//!
//! The marker is a key the spec format does not have, so the checker refuses the file (E002 at that line) until
//! a reviewer deletes it: a draft can never be generated into the SDK unreviewed. With the marker gone, the
//! rest is a spec the checker accepts.

use std::fmt::Write;

use crate::draft::{Draft, DraftField, DraftParam, Ty};
use crate::model::Origin;

/// The marker line's key.
pub const DRAFT_MARKER: &str = "draft:";

/// Writes the draft.
pub fn render(d: &Draft) -> String {
    let mut y = Yaml::default();
    y.raw(&format!(
        "# DRAFT imported from {} by cargo xtask import: review every line marked GUESS",
        one_line(&d.page_path)
    ));
    y.raw(&format!("# Page layout: {}. `page line N` refers to the page.", d.layout.describe()));
    for note in &d.notes {
        y.raw(&format!("# NOTE {}", one_line(note)));
    }
    y.raw(&format!(
        "{DRAFT_MARKER} {}",
        quote("delete this line once every GUESS below is reviewed; until then the checker refuses the file")
    ));
    y.guesses(0, d.name_guess.iter());
    y.raw(&format!("name: {}   # {}", plain(&d.name), one_line(&d.name_note)));
    y.guesses(0, d.summary_guess.iter());
    y.text(0, "summary", &d.summary);
    if let Some(description) = &d.description {
        y.text(0, "description", description);
    }
    y.guess(0, "the page does not give the HTTP method: the official SDK's client.py names it (specs/SOURCES.md)");
    y.raw("methods: [POST]");
    let state = if d.changes_state {
        "the name is not Describe/List/Query/...: assumed to change state"
    } else {
        "a read-only call, judged by its name"
    };
    y.guess(0, state);
    y.raw(&format!("changes_state: {}", d.changes_state));
    if d.params.is_empty() {
        y.raw("request: []");
    } else {
        y.raw("request:");
        for p in &d.params {
            param(&mut y, d, p);
        }
    }
    y.raw("response:");
    y.guesses(2, d.response_guesses.iter());
    if let Some(description) = &d.response_description {
        y.text(2, "description", description);
    }
    fields(&mut y, d, 2, &d.fields);
    if !d.structs.is_empty() || !d.enums.is_empty() {
        y.raw("types:");
    }
    for s in &d.structs {
        y.guesses(2, s.guesses.iter());
        y.raw(&format!("  - name: {}", plain(&s.name)));
        y.raw("    kind: struct");
        if !s.description.is_empty() {
            y.text(4, "description", &s.description);
        }
        fields(&mut y, d, 4, &s.fields);
    }
    for e in &d.enums {
        y.guesses(2, e.guesses.iter());
        y.raw(&format!("  - name: {}", plain(&e.name)));
        y.raw("    kind: enum");
        y.raw(&format!("    repr: {}", if e.integer { "integer" } else { "string" }));
        y.text(4, "description", &e.description);
        y.raw("    values:");
        for v in &e.values {
            let value = if e.integer && v.value.parse::<i64>().is_ok() { v.value.clone() } else { quote(&v.value) };
            y.raw(&format!("      - value: {value}"));
            if let Some(r) = &v.rust_name {
                y.raw(&format!("        rust_name: {r}"));
            }
            if let Some(m) = &v.description {
                y.text(8, "description", m);
            }
        }
    }
    errors(&mut y, d);
    if d.samples.is_empty() {
        y.guess(0, "the page has no JSON sample response: add one from the service");
        y.raw("samples: []");
    } else {
        y.raw("samples:");
    }
    for s in &d.samples {
        y.raw(&format!("  - name: {}   # page line {}", plain(&s.name), s.line));
        y.raw("    source: page");
        y.text(4, "description", &s.description);
        y.block(4, "body", &s.body);
    }
    y.out
}

fn param(y: &mut Yaml, d: &Draft, p: &DraftParam) {
    y.guesses(2, p.guesses.iter());
    y.raw(&format!("  - name: {}   # page line {}", plain(&p.name), p.line));
    if let Some(r) = &p.rust_name {
        y.raw(&format!("    rust_name: {r}"));
    }
    type_lines(y, d, 4, &p.ty);
    if p.required {
        y.raw("    required: true");
    }
    if !p.allowed.is_empty() {
        let list: Vec<String> = p.allowed.iter().map(i64::to_string).collect();
        y.raw(&format!("    allowed: [{}]", list.join(", ")));
    }
    if let Some(default) = &p.default {
        y.raw(&format!("    default: {}", scalar(d, &p.ty, default)));
    }
    if let Some(min) = p.min {
        y.raw(&format!("    min: {min}"));
    }
    if !p.description.is_empty() {
        y.text(4, "description", &p.description);
    }
    if let Some(e) = &p.example {
        y.raw(&format!("    example: {}", scalar(d, &p.ty, e)));
    }
}

fn fields(y: &mut Yaml, d: &Draft, indent: usize, list: &[DraftField]) {
    let pad = " ".repeat(indent);
    if list.is_empty() {
        y.raw(&format!("{pad}fields: []"));
        return;
    }
    y.raw(&format!("{pad}fields:"));
    for f in list {
        y.guesses(indent + 2, f.guesses.iter());
        let from = if f.origin == Origin::Sample { "sample, " } else { "" };
        y.raw(&format!("{pad}  - name: {}   # {from}page line {}", plain(&f.name), f.line));
        let inner = indent + 4;
        let pad4 = " ".repeat(inner);
        if let Some(r) = &f.rust_name {
            y.raw(&format!("{pad4}rust_name: {r}"));
        }
        type_lines(y, d, inner, &f.ty);
        if f.required {
            y.raw(&format!("{pad4}required: true"));
        }
        if f.wire_string {
            y.raw(&format!("{pad4}wire: string"));
        }
        if let Some(w) = &f.wrapper {
            y.raw(&format!("{pad4}wrapper: {}", plain(w)));
        }
        if f.one_or_many {
            y.raw(&format!("{pad4}one_or_many: true"));
        }
        if !f.description.is_empty() {
            y.text(inner, "description", &f.description);
        }
        if let (Some(e), false) = (&f.example, matches!(f.ty, Ty::List(_) | Ty::Struct(_) | Ty::Object)) {
            y.raw(&format!("{pad4}example: {}", scalar(d, &f.ty, e)));
        }
    }
}

fn errors(y: &mut Yaml, d: &Draft) {
    if !d.errors_product_wide.is_empty() {
        y.raw(&format!(
            "# Left out: the product declares these codes product-wide (product.yaml): {}",
            d.errors_product_wide.join(", ")
        ));
    }
    if d.errors.is_empty() {
        let why = match (&d.error_note, d.errors_product_wide.is_empty()) {
            (Some(note), _) => note.as_str(),
            (None, false) => "every code the page lists is product-wide",
            (None, true) => "the page's error-code table is empty",
        };
        y.raw(&format!("errors: []   # {why}"));
        return;
    }
    y.raw("errors:");
    for e in &d.errors {
        y.guesses(2, e.guesses.iter());
        y.raw(&format!("  - status: {}   # page line {}", e.status, e.line));
        y.raw(&format!("    code: {}", quote(&e.code)));
        if let Some(r) = &e.rust_name {
            y.raw(&format!("    rust_name: {r}"));
        }
        y.text(4, "message", &e.message);
        if let Some(desc) = &e.description {
            y.text(4, "description", desc);
        }
        if !e.other_messages.is_empty() {
            y.raw("    other_messages:");
            for m in &e.other_messages {
                y.raw(&format!("      - {}", quote(m)));
            }
        }
    }
}

/// `type:` (and `format:` for times).
fn type_lines(y: &mut Yaml, d: &Draft, indent: usize, ty: &Ty) {
    let pad = " ".repeat(indent);
    y.raw(&format!("{pad}type: {}", expr(d, ty)));
    if let Some(f) = time_format(ty) {
        y.raw(&format!("{pad}format: {}", f.spec_name()));
    }
}

fn time_format(ty: &Ty) -> Option<codegen::model::TimeFormat> {
    match ty {
        Ty::Time(f) => Some(*f),
        Ty::List(inner) => time_format(inner),
        _ => None,
    }
}

/// The type expression of a draft type.
pub(crate) fn expr(d: &Draft, ty: &Ty) -> String {
    match ty {
        Ty::String => "string".to_owned(),
        Ty::Integer => "integer".to_owned(),
        Ty::Long => "long".to_owned(),
        Ty::Double => "double".to_owned(),
        Ty::Boolean => "boolean".to_owned(),
        Ty::Object => "object".to_owned(),
        Ty::Time(_) => "time".to_owned(),
        Ty::Enum(i) => d.enums.get(*i).map_or_else(|| "string".to_owned(), |e| e.name.clone()),
        Ty::Struct(i) => d.structs.get(*i).map_or_else(|| "object".to_owned(), |s| s.name.clone()),
        Ty::List(inner) => format!("list<{}>", expr(d, inner)),
    }
}

/// An example or default, written as the type reads it: numbers and booleans plain, everything else quoted.
fn scalar(d: &Draft, ty: &Ty, text: &str) -> String {
    let numeric = match ty {
        Ty::Integer | Ty::Long | Ty::Time(codegen::model::TimeFormat::EpochMillis) => text.parse::<i64>().is_ok(),
        Ty::Double => text.parse::<f64>().is_ok_and(f64::is_finite),
        Ty::Enum(i) => d.enums.get(*i).is_some_and(|e| e.integer) && text.parse::<i64>().is_ok(),
        Ty::Boolean => text == "true" || text == "false",
        _ => false,
    };
    if numeric {
        text.to_owned()
    } else {
        quote(text)
    }
}

/// A double-quoted YAML scalar: JSON string syntax, with the characters YAML does not allow in a file (DEL, C1
/// controls, U+FFFE/U+FFFF) and the byte-order mark escaped as well.
pub fn quote(text: &str) -> String {
    let json = serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned());
    if json.chars().all(|c| printable(c) && c != '\u{feff}') {
        return json;
    }
    json.chars()
        .map(|c| if printable(c) && c != '\u{feff}' { c.to_string() } else { format!("\\u{:04x}", u32::from(c)) })
        .collect()
}

/// Whether YAML allows a character in a file as it is (its `c-printable`).
fn printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || c >= '\u{10000}'
}

/// A name (wire name, type name) as a plain scalar when it reads back as the same string, else quoted: names
/// come from the page and its sample, where a key may be any text.
pub fn plain(name: &str) -> String {
    let safe = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        && !matches!(
            name.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "nan" | "inf"
        );
    if safe {
        name.to_owned()
    } else {
        quote(name)
    }
}

/// Text for a comment: on one line, with what YAML does not allow in a file shown as `?`.
pub fn one_line(text: &str) -> String {
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    words.chars().map(|c| if printable(c) && c != '\u{feff}' { c } else { '?' }).collect()
}

/// The YAML text being written (also used by the metadata importer, `openapi-meta`).
#[derive(Default)]
pub struct Yaml {
    pub out: String,
}

impl Yaml {
    pub fn raw(&mut self, line: &str) {
        self.out.push_str(line);
        self.out.push('\n');
    }

    pub fn guess(&mut self, indent: usize, text: &str) {
        let _ = writeln!(self.out, "{}# GUESS: {}", " ".repeat(indent), one_line(text));
    }

    pub fn guesses<'a>(&mut self, indent: usize, list: impl Iterator<Item = &'a String>) {
        for g in list {
            self.guess(indent, g);
        }
    }

    /// `key: "text"`, or a `|` block for text with line breaks.
    pub fn text(&mut self, indent: usize, key: &str, text: &str) {
        let text = text.trim();
        if text.contains('\n') {
            self.block(indent, key, text);
        } else {
            let _ = writeln!(self.out, "{}{key}: {}", " ".repeat(indent), quote(text));
        }
    }

    /// `key: |` and the lines, indented (with an explicit indentation indicator when the first line is indented);
    /// text a block cannot hold as it is (characters YAML only allows escaped, a lone `\r`) is quoted instead.
    pub fn block(&mut self, indent: usize, key: &str, text: &str) {
        if text.chars().any(|c| !printable(c) || c == '\u{feff}' || c == '\r') {
            let _ = writeln!(self.out, "{}{key}: {}", " ".repeat(indent), quote(text));
            return;
        }
        let pad = " ".repeat(indent + 2);
        let first_indented = text.lines().find(|l| !l.trim().is_empty()).is_some_and(|l| l.starts_with([' ', '\t']));
        let indicator = if first_indented { "|2" } else { "|" };
        let _ = writeln!(self.out, "{}{key}: {indicator}", " ".repeat(indent));
        for line in text.lines() {
            if line.trim().is_empty() {
                self.out.push('\n');
            } else {
                let _ = writeln!(self.out, "{pad}{}", line.trim_end());
            }
        }
    }
}
