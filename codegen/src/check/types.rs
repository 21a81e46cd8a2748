//! Types: type expressions, the product's table of declared types, structures, fields and enums.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::docs::Doc;
use crate::check::limits::check_limits;
use crate::check::operation::check_note;
use crate::check::{clashes, Ctx};
use crate::diagnostic::Code;
use crate::model::{Enum, Field, NamedKind, NamedRef, Struct, TimeFormat, Ty, TypeDef, Variant, WireForm};
use crate::naming;
use crate::source::FileId;
use crate::spec::{FieldSpec, Scalar, Spanned, TypeSpec};

/// The built-in type names of the spec format.
pub(crate) const BUILTINS: &[&str] = &["string", "integer", "long", "float", "double", "boolean", "time", "object"];

/// A parsed type expression, before names are resolved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Builtin(&'static str),
    List(Box<Expr>),
    Named(String),
}

/// Parses `string`, `list<Backup>`, `Backup`, ...; the error says what is wrong.
pub(crate) fn parse_expr(text: &str) -> Result<Expr, String> {
    let text = text.trim();
    if let Some(inner) = text.strip_prefix("list") {
        let inner = inner.trim_start();
        if let Some(inner) = inner.strip_prefix('<') {
            let Some(inner) = inner.strip_suffix('>') else {
                return Err(format!("`{text}` opens `list<` but does not close it with `>`"));
            };
            if inner.trim().is_empty() {
                return Err("`list<>` needs an element type, e.g. `list<string>`".to_owned());
            }
            return parse_expr(inner).map(|e| Expr::List(Box::new(e)));
        }
        if inner.is_empty() {
            return Err("`list` needs an element type: write `list<T>`".to_owned());
        }
    }
    if let Some(b) = BUILTINS.iter().find(|b| **b == text) {
        return Ok(Expr::Builtin(b));
    }
    if text.is_empty() {
        return Err("the type is empty".to_owned());
    }
    if naming::is_identifier(text) {
        return Ok(Expr::Named(text.to_owned()));
    }
    Err(format!("`{text}` is neither a built-in type ({}), `list<T>`, nor a type name", BUILTINS.join(", ")))
}

/// A declared type, as the rest of the product sees it.
#[derive(Debug, Clone)]
pub(crate) struct Symbol {
    pub rust: String,
    pub kind: NamedKind,
    pub integer: bool,
    /// The operation that declared it; `None` for `product.yaml`.
    pub owner: Option<String>,
    pub file: FileId,
    /// The declaration is wrong (bad name or kind, already reported): references to it fail silently.
    pub broken: bool,
}

/// Every type declared in one product, by spec name.
pub(crate) type Symbols = BTreeMap<String, Symbol>;

/// Who is resolving a reference: a type of `product.yaml` (`None`) or of one operation.
pub(crate) struct Scope<'a> {
    pub file: FileId,
    pub owner: Option<&'a str>,
    pub symbols: &'a Symbols,
}

/// Names used while checking one product: which types were referenced, and the wrapper keys per module.
#[derive(Default)]
pub(crate) struct Usage {
    pub types: BTreeSet<String>,
    /// Some type expression could not be resolved: a type that looks unused may be the one it meant.
    pub unresolved: bool,
}

/// Resolves a spanned type expression with its optional time `format`.
pub(crate) fn resolve(
    ctx: &mut Ctx<'_>,
    scope: &Scope<'_>,
    ty: &Spanned<String>,
    format: Option<&Spanned<String>>,
    usage: &mut Usage,
) -> Option<Ty> {
    let resolved = resolve_expr(ctx, scope, ty, format, usage);
    usage.unresolved |= resolved.is_none();
    resolved
}

fn resolve_expr(
    ctx: &mut Ctx<'_>,
    scope: &Scope<'_>,
    ty: &Spanned<String>,
    format: Option<&Spanned<String>>,
    usage: &mut Usage,
) -> Option<Ty> {
    let expr = match parse_expr(&ty.value) {
        Ok(e) => e,
        Err(why) => {
            ctx.error(Code::BadTypeExpression, scope.file, ty, format!("cannot read the type `{}`", ty.value), why)
                .labelled("not a type expression");
            return None;
        }
    };
    let is_time = innermost(&expr) == &Expr::Builtin("time");
    let time_format = match (is_time, format) {
        (true, None) => {
            ctx.error(
                Code::TimeFormatMisuse,
                scope.file,
                ty,
                "a `time` needs a `format`",
                format!("add `format:` with one of: {}", format_names()),
            );
            return None;
        }
        (true, Some(f)) => Some(time_format(ctx, scope.file, f)?),
        (false, Some(f)) => {
            ctx.error(
                Code::TimeFormatMisuse,
                scope.file,
                f,
                format!("`format` applies only to `time`, and this is `{}`", ty.value),
                "remove `format`, or make the type `time`",
            );
            return None;
        }
        (false, None) => None,
    };
    to_ty(ctx, scope, ty, &expr, time_format, usage)
}

fn innermost(expr: &Expr) -> &Expr {
    match expr {
        Expr::List(inner) => innermost(inner),
        other => other,
    }
}

fn format_names() -> String {
    crate::check::code_list(&TimeFormat::ALL.map(|(_, name)| name))
}

/// Reads a time format name.
pub(crate) fn time_format(ctx: &mut Ctx<'_>, file: FileId, format: &Spanned<String>) -> Option<TimeFormat> {
    if let Some((f, _)) = TimeFormat::ALL.iter().find(|(_, n)| *n == format.value) {
        return Some(*f);
    }
    let names: Vec<&str> = TimeFormat::ALL.iter().map(|(_, n)| *n).collect();
    let guess =
        crate::load::closest(&format.value, &names).map(|g| format!("did you mean `{g}`? ")).unwrap_or_default();
    ctx.error(
        Code::BadTimeFormat,
        file,
        format,
        format!("unknown time format `{}`", format.value),
        format!("{guess}the formats are: {}", format_names()),
    )
    .labelled("not a known format");
    None
}

fn to_ty(
    ctx: &mut Ctx<'_>,
    scope: &Scope<'_>,
    at: &Spanned<String>,
    expr: &Expr,
    time_format: Option<TimeFormat>,
    usage: &mut Usage,
) -> Option<Ty> {
    Some(match expr {
        Expr::Builtin("string") => Ty::String,
        Expr::Builtin("integer") => Ty::I32,
        Expr::Builtin("long") => Ty::I64,
        Expr::Builtin("float") => Ty::F32,
        Expr::Builtin("double") => Ty::F64,
        Expr::Builtin("boolean") => Ty::Bool,
        Expr::Builtin("object") => Ty::Object,
        Expr::Builtin(_) => Ty::Time(time_format?),
        Expr::List(inner) => Ty::List(Box::new(to_ty(ctx, scope, at, inner, time_format, usage)?)),
        Expr::Named(name) => {
            let Some(symbol) = scope.symbols.get(name) else {
                let mut candidates: Vec<&str> = scope.symbols.keys().map(String::as_str).collect();
                candidates.extend(BUILTINS);
                let guess = crate::load::closest(name, &candidates)
                    .map(|g| format!("did you mean `{g}`? "))
                    .unwrap_or_default();
                ctx.error(
                    Code::UnknownType,
                    scope.file,
                    at,
                    format!("no type named `{name}` is declared in this product"),
                    format!("{guess}declare it under `types:` in this file or in product.yaml, or use a built-in type"),
                )
                .labelled("unknown type");
                return None;
            };
            if symbol.broken {
                return None;
            }
            if let Some(owner) = &symbol.owner {
                if scope.owner != Some(owner.as_str()) {
                    ctx.error(
                        Code::TypeNotShared,
                        scope.file,
                        at,
                        format!("`{name}` is declared by operation {owner} and cannot be used here"),
                        "move its declaration to product.yaml `types:` so every operation can use it",
                    );
                    return None;
                }
            }
            usage.types.insert(name.clone());
            Ty::Named(NamedRef {
                name: symbol.rust.clone(),
                kind: symbol.kind,
                shared: symbol.owner.is_none(),
                integer: symbol.integer,
            })
        }
    })
}

/// Collects the declared types of one file into the product's table, reporting duplicates and bad names.
pub(crate) fn declare(
    ctx: &mut Ctx<'_>,
    file: FileId,
    owner: Option<&str>,
    types: &[TypeSpec],
    symbols: &mut Symbols,
    declared_at: &mut BTreeMap<String, (FileId, Spanned<String>)>,
) {
    for spec in types {
        let name = &spec.name;
        if let Some((first_file, first)) = declared_at.get(&name.value) {
            let note = ctx.note_at("first declared", *first_file, first);
            ctx.error(
                Code::DuplicateType,
                file,
                name,
                format!("the type `{}` is declared twice in this product", name.value),
                "rename one of them, or delete the copy and use the first",
            )
            .notes
            .push(note);
            continue;
        }
        // A declaration with a bad name or kind is still entered (as broken), so that the references to it do
        // not each report an unknown type.
        let broken = || Symbol {
            rust: String::new(),
            kind: NamedKind::Struct,
            integer: false,
            owner: owner.map(str::to_owned),
            file,
            broken: true,
        };
        let Some(rust) = type_rust_name(ctx, file, name) else {
            symbols.entry(name.value.clone()).or_insert_with(broken);
            continue;
        };
        let kind = match spec.kind.value.as_str() {
            "struct" => NamedKind::Struct,
            "enum" => NamedKind::Enum,
            other => {
                ctx.error(
                    Code::BadEnum,
                    file,
                    &spec.kind,
                    format!("unknown kind `{other}`"),
                    "`kind` is `struct` (with `fields`) or `enum` (with `values`)",
                );
                symbols.entry(name.value.clone()).or_insert_with(broken);
                continue;
            }
        };
        let integer = spec.repr.as_ref().is_some_and(|r| r.value == "integer");
        declared_at.insert(name.value.clone(), (file, name.clone()));
        let owner = owner.map(str::to_owned);
        symbols.insert(name.value.clone(), Symbol { rust, kind, integer, owner, file, broken: false });
    }
}

/// The Rust name of a declared type: UpperCamelCase of what is written, refused if it would shadow a type the
/// generated code relies on.
fn type_rust_name(ctx: &mut Ctx<'_>, file: FileId, name: &Spanned<String>) -> Option<String> {
    let Some(rust) = naming::type_name(&name.value) else {
        ctx.error(
            Code::BadTypeName,
            file,
            name,
            format!("`{}` cannot be made into a Rust type name", name.value),
            "use letters and digits, starting with a letter, e.g. `BackupSet`",
        );
        return None;
    };
    if naming::is_reserved_type(&rust) {
        ctx.error(
            Code::BadTypeName,
            file,
            name,
            format!("the type name `{rust}` would shadow `{rust}` in the generated code"),
            format!("choose a more specific name, e.g. `Backup{rust}`"),
        );
        return None;
    }
    Some(rust)
}

/// Checks one declared type and builds it.
pub(crate) fn define(ctx: &mut Ctx<'_>, scope: &Scope<'_>, spec: &TypeSpec, usage: &mut Usage) -> Option<TypeDef> {
    let symbol = scope.symbols.get(&spec.name.value)?;
    if symbol.file != scope.file || symbol.broken {
        // A duplicate or broken declaration (already reported): its fields are not checked, so the types they use
        // cannot be known to be used.
        usage.unresolved = true;
        return None;
    }
    let rust = symbol.rust.clone();
    let doc =
        Doc::new(spec.description.as_ref(), &format!("`{}`.", spec.name.value)).page_claim(spec.page_claim.as_ref());
    match symbol.kind {
        NamedKind::Struct => {
            for (key, present) in [("repr", spec.repr.is_some()), ("values", spec.values.is_some())] {
                if present {
                    ctx.error(
                        Code::BadEnum,
                        scope.file,
                        &spec.kind,
                        format!("a struct has no `{key}`"),
                        "remove it, or make the kind `enum`",
                    );
                }
            }
            let Some(fields) = &spec.fields else {
                ctx.error(
                    Code::BadEnum,
                    scope.file,
                    &spec.name,
                    "a struct needs `fields`",
                    "list its fields under `fields:`",
                );
                return None;
            };
            let fields = check_fields(ctx, scope, &fields.value, usage)?;
            // Whether a request sends it is known once every operation is checked (`product::mark_request_types`).
            Some(TypeDef::Struct(Struct { name: rust, docs: doc.build(), fields, in_request: false, limited: false }))
        }
        NamedKind::Enum => {
            if let Some(fields) = &spec.fields {
                ctx.error(
                    Code::BadEnum,
                    scope.file,
                    fields,
                    "an enum has no `fields`",
                    "remove them, or make the kind `struct`",
                );
            }
            check_enum(ctx, scope.file, spec, rust, doc).map(TypeDef::Enum)
        }
    }
}

fn check_enum(ctx: &mut Ctx<'_>, file: FileId, spec: &TypeSpec, rust: String, doc: Doc) -> Option<Enum> {
    let integer = match spec.repr.as_ref().map(|r| (r, r.value.as_str())) {
        None | Some((_, "string")) => false,
        Some((_, "integer")) => true,
        Some((r, other)) => {
            ctx.error(
                Code::BadEnum,
                file,
                r,
                format!("unknown enum repr `{other}`"),
                "`repr` is `string` (the default) or `integer`",
            );
            return None;
        }
    };
    let Some(values) = spec.values.as_ref().filter(|v| !v.value.is_empty()) else {
        ctx.error(
            Code::BadEnum,
            file,
            &spec.name,
            "an enum needs at least one value",
            "list its values under `values:`",
        );
        return None;
    };
    let mut variants = Vec::new();
    let mut seen: BTreeMap<String, &Spanned<Scalar>> = BTreeMap::new();
    let mut ok = true;
    for value in &values.value {
        let (wire, code) = match (&value.value.value, integer) {
            (Scalar::Int(i), true) => (i.to_string(), Some(*i)),
            (Scalar::Int(i), false) => (i.to_string(), None),
            (Scalar::Str(s), false) => (s.clone(), None),
            (Scalar::Bool(b), false) => (b.to_string(), None),
            (other, true) => {
                ctx.error(
                    Code::BadEnum,
                    file,
                    &value.value,
                    format!("`{}` is not an integer, but the enum's repr is `integer`", other.to_wire_string()),
                    "write the integer code, or use `repr: string`",
                );
                ok = false;
                continue;
            }
            (Scalar::Float(f), false) => (f.to_string(), None),
        };
        if let Some(first) = seen.get(&wire) {
            let note = ctx.note_at("first listed", file, first);
            ctx.error(
                Code::DuplicateEnumValue,
                file,
                &value.value,
                format!("the value `{wire}` is listed twice"),
                "remove the second entry",
            )
            .notes
            .push(note);
            ok = false;
            continue;
        }
        seen.insert(wire.clone(), &value.value);
        let variant_name = match &value.rust_name {
            Some(name) => checked_rust_type_name(ctx, file, name),
            None if integer => {
                ctx.error(
                    Code::EnumValueNotIdentifier,
                    file,
                    &value.value,
                    format!("the integer value `{wire}` needs a `rust_name` saying what it means"),
                    "add `rust_name:` in UpperCamelCase, e.g. `Success` for a status code",
                );
                None
            }
            None => {
                let name = naming::type_name(&wire);
                if name.is_none() {
                    ctx.error(
                        Code::EnumValueNotIdentifier,
                        file,
                        &value.value,
                        format!("the value `{wire}` cannot become a Rust variant name"),
                        "add `rust_name:` with an UpperCamelCase name for it",
                    );
                }
                name
            }
        };
        let Some(variant_name) = variant_name else {
            ok = false;
            continue;
        };
        let Some(title) = check_note(ctx, file, value.title.as_ref(), "title") else {
            ok = false;
            continue;
        };
        let docs = match title {
            Some(title) => Doc::new(None, &title)
                .para_if(value.description.as_ref().map(|d| crate::check::docs::markdown_text(d.value.trim()))),
            None => Doc::new(value.description.as_ref(), &format!("The value `{wire}`.")),
        }
        .para(format!("Wire value: `{wire}`."))
        .build();
        variants.push((Variant { rust: variant_name, value: wire, code, docs }, &value.value));
    }
    for (first, later) in clashes(variants.iter().map(|(v, _)| v.rust.as_str())) {
        let note = ctx.note_at("the other value is", file, variants[first].1);
        ctx.error(
            Code::NameCollision,
            file,
            variants[later].1,
            format!(
                "`{}` and `{}` both become the variant `{}`",
                variants[first].0.value, variants[later].0.value, variants[later].0.rust
            ),
            "give one of them a distinct `rust_name`",
        )
        .notes
        .push(note);
        ok = false;
    }
    if !ok {
        return None;
    }
    let unknown = if variants.iter().any(|(v, _)| v.rust == "Unknown") { "UnknownValue" } else { "Unknown" };
    if let Some((_, at)) = variants.iter().find(|(v, _)| v.rust == unknown) {
        ctx.error(
            Code::NameCollision,
            file,
            *at,
            format!("a value named `{unknown}` leaves no name for the catch-all variant"),
            "give it another `rust_name`",
        );
        return None;
    }
    let kind = if integer { "integer codes" } else { "strings" };
    let docs = doc
        .para(format!("On the wire these are {kind}; values this SDK does not know yet are kept in `{unknown}`."))
        .build();
    Some(Enum {
        name: rust,
        docs,
        integer,
        variants: variants.into_iter().map(|(v, _)| v).collect(),
        unknown: unknown.to_owned(),
    })
}

/// An explicit `rust_name` for a type or variant: an identifier, not a keyword, UpperCamelCase.
pub(crate) fn checked_rust_type_name(ctx: &mut Ctx<'_>, file: FileId, name: &Spanned<String>) -> Option<String> {
    let value = &name.value;
    if naming::is_keyword(value)
        || !naming::is_identifier(value)
        || !value.starts_with(|c: char| c.is_ascii_uppercase())
    {
        let why = if naming::is_keyword(value) { "is a Rust keyword" } else { "is not an UpperCamelCase identifier" };
        ctx.error(
            Code::BadRustName,
            file,
            name,
            format!("`rust_name: {value}` {why}"),
            "use an UpperCamelCase identifier such as `Regular`",
        );
        return None;
    }
    Some(value.clone())
}

/// An explicit `rust_name` for a field or parameter: a snake_case identifier that is not a keyword.
pub(crate) fn checked_rust_field_name(ctx: &mut Ctx<'_>, file: FileId, name: &Spanned<String>) -> Option<String> {
    let value = &name.value;
    if naming::is_keyword(value) || !naming::is_identifier(value) || value.chars().any(|c| c.is_ascii_uppercase()) {
        let why = if naming::is_keyword(value) { "is a Rust keyword" } else { "is not a snake_case identifier" };
        ctx.error(
            Code::BadRustName,
            file,
            name,
            format!("`rust_name: {value}` {why}"),
            format!("use a snake_case identifier such as `{}_value`", value.to_lowercase().trim_end_matches('_')),
        );
        return None;
    }
    Some(value.clone())
}

/// The Rust name of a field or parameter: its `rust_name`, or derived from the wire name.
pub(crate) fn member_name(
    ctx: &mut Ctx<'_>,
    file: FileId,
    wire: &Spanned<String>,
    rust_name: Option<&Spanned<String>>,
) -> Option<String> {
    if let Some(name) = rust_name {
        return checked_rust_field_name(ctx, file, name);
    }
    let derived = naming::field_name(&wire.value);
    if derived.is_none() {
        ctx.error(
            Code::BadRustName,
            file,
            wire,
            format!("no Rust name can be derived from `{}`", wire.value),
            "add `rust_name:` with a snake_case name",
        );
    }
    derived
}

/// Reports wire names listed twice and Rust names that collide; `what` is "parameter" or "field".
pub(crate) fn check_unique_members(
    ctx: &mut Ctx<'_>,
    file: FileId,
    what: &str,
    members: &[(&Spanned<String>, Option<String>)],
) -> bool {
    let mut ok = true;
    for (first, later) in clashes(members.iter().map(|(w, _)| w.value.as_str())) {
        let note = ctx.note_at("first listed", file, members[first].0);
        ctx.error(
            Code::DuplicateWireName,
            file,
            members[later].0,
            format!("the {what} `{}` is listed twice", members[later].0.value),
            "each wire name appears once; remove or rename one of them",
        )
        .notes
        .push(note);
        ok = false;
    }
    let named: Vec<(usize, &str)> =
        members.iter().enumerate().filter_map(|(i, (_, r))| r.as_deref().map(|r| (i, r))).collect();
    for (first, later) in clashes(named.iter().map(|(_, r)| *r)) {
        let (a, b) = (members[named[first].0].0, members[named[later].0].0);
        if a.value == b.value {
            continue;
        }
        let note = ctx.note_at("the other one is", file, a);
        ctx.error(
            Code::NameCollision,
            file,
            b,
            format!("the {what}s `{}` and `{}` both become `{}` in Rust", a.value, b.value, named[later].1),
            "give one of them a distinct `rust_name`",
        )
        .notes
        .push(note);
        ok = false;
    }
    ok
}

/// Checks the fields of a structure (or of the response).
pub(crate) fn check_fields(
    ctx: &mut Ctx<'_>,
    scope: &Scope<'_>,
    specs: &[FieldSpec],
    usage: &mut Usage,
) -> Option<Vec<Field>> {
    let names: Vec<_> =
        specs.iter().map(|f| (&f.name, member_name(ctx, scope.file, &f.name, f.rust_name.as_ref()))).collect();
    let mut ok = check_unique_members(ctx, scope.file, "field", &names);
    let mut fields = Vec::new();
    for (spec, (_, rust)) in specs.iter().zip(names) {
        if rust.as_deref() == Some(naming::UNKNOWN_FIELDS) {
            ctx.error(
                Code::NameCollision,
                scope.file,
                spec.rust_name.as_ref().unwrap_or(&spec.name),
                format!(
                    "the field `{}` would be named `{}`, the member every structure keeps for the fields the spec \
                     does not declare",
                    spec.name.value,
                    naming::UNKNOWN_FIELDS
                ),
                "give it another `rust_name`",
            );
            ok = false;
            continue;
        }
        let ty = resolve(ctx, scope, &spec.ty, spec.format.as_ref(), usage);
        let (Some(ty), Some(rust)) = (ty, rust) else {
            ok = false;
            continue;
        };
        let Some(wire_form) = wire_form(ctx, scope.file, spec, &ty) else {
            ok = false;
            continue;
        };
        let Some(limits) = check_limits(ctx, scope.file, spec.limits(), &ty) else {
            ok = false;
            continue;
        };
        let mut doc = Doc::new(spec.description.as_ref(), &format!("`{}`.", spec.name.value));
        if let Ty::Time(format) = &ty {
            doc = doc.para(format!(
                "Documented format: `{}`; the value is kept exactly as the service sent it.",
                format.spec_name()
            ));
        }
        let sensitive = spec.sensitive.as_ref().is_some_and(|s| s.value);
        if sensitive {
            doc = doc.para(
                "Sensitive: whoever holds the value can use it (it grants access), so `Debug` shows it as \
                 `REDACTED`; the field itself holds it as sent."
                    .to_owned(),
            );
        }
        let docs = doc
            .example(spec.example.as_ref())
            .page_claim(spec.page_claim.as_ref())
            .source(spec.source.as_ref())
            .build();
        fields.push(Field {
            wire: spec.name.value.clone(),
            rust,
            required: spec.required && !matches!(ty, Ty::List(_)),
            ty,
            wire_form,
            docs,
            deprecated: spec.deprecated.as_ref().map(|d| d.value.clone()),
            limits,
            members: false,
            sensitive,
            example: spec.example.as_ref().map(|e| e.value.to_wire_string()),
        });
    }
    ok.then_some(fields)
}

fn wire_form(ctx: &mut Ctx<'_>, file: FileId, spec: &FieldSpec, ty: &Ty) -> Option<WireForm> {
    let is_list = matches!(ty, Ty::List(_));
    let one_or_many = spec.one_or_many.as_ref().filter(|o| o.value);
    if let (Some(wrapper), Some(_)) = (&spec.wrapper, one_or_many) {
        ctx.error(
            Code::BadWireForm,
            file,
            wrapper,
            "a field cannot have both `wrapper` and `one_or_many`",
            "keep the one the service does",
        );
        return None;
    }
    if let Some(wrapper) = &spec.wrapper {
        if !is_list {
            ctx.error(
                Code::BadWireForm,
                file,
                wrapper,
                "`wrapper` applies only to `list<T>` fields",
                "remove `wrapper`, or make the type a list",
            );
            return None;
        }
        if wrapper.value.trim().is_empty() {
            ctx.error(
                Code::BadWireForm,
                file,
                wrapper,
                "the wrapper key is empty",
                "write the key exactly as the wire has it, e.g. `Backup` for `{\"Items\": {\"Backup\": [..]}}`",
            );
            return None;
        }
        return Some(WireForm::Wrapped(wrapper.value.clone()));
    }
    if let Some(o) = one_or_many {
        if !matches!(ty, Ty::Named(n) if n.kind == NamedKind::Struct) {
            let hint = if is_list {
                "remove it: every list already accepts one object in its place"
            } else {
                "remove it, or make the type a structure"
            };
            ctx.error(Code::BadWireForm, file, o, "`one_or_many` applies only to fields holding a structure", hint);
            return None;
        }
        return Some(WireForm::OneOrMany);
    }
    match spec.wire.as_ref().map(|w| (w, w.value.as_str())) {
        None | Some((_, "number"))
            if !matches!(ty, Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::Bool) && spec.wire.is_some() =>
        {
            let w = spec.wire.as_ref()?;
            ctx.error(
                Code::BadWireForm,
                file,
                w,
                "`wire: number` applies only to numbers and booleans",
                "remove `wire`",
            );
            None
        }
        None | Some((_, "number")) => Some(WireForm::Native),
        Some((w, "string")) => {
            if matches!(ty, Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::Bool) {
                Some(WireForm::String)
            } else {
                ctx.error(
                    Code::BadWireForm,
                    file,
                    w,
                    format!("`wire: string` applies only to numbers and booleans, and this is `{}`", spec.ty.value),
                    "remove `wire`: strings already travel as strings",
                );
                None
            }
        }
        Some((w, other)) => {
            ctx.error(
                Code::BadWireForm,
                file,
                w,
                format!("unknown wire form `{other}`"),
                "`wire` is `number` or `string`",
            );
            None
        }
    }
}
