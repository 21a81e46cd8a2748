//! From one action's metadata to a draft: every spec decision made once, every guess written down.
//!
//! The metadata settles the structure (methods, parameters and where they go, types, required-ness, value lists,
//! constraints, the response tree with its wrappers, error codes, samples); the draft follows it. What it does
//! not settle is decided by the rules below and recorded as a guess, which [`crate::render`] writes as
//! `# GUESS: ...` above the line it concerns:
//! - type names (all types of a product share one namespace): a member's name, an array's items the singular of
//!   it, then the parent's or operation's name in front, then a number ([`Names`]);
//! - enum variant names for values that are not identifiers (`Value0`, or from an ASCII title);
//! - paging: `PageNumber` and `PageSize` parameters, a top-level `Total*` count and one top-level list;
//! - `changes_state` when `operationType` is absent (by the action's verb);
//! - the summary (the metadata's is Chinese: a sentence made from the action's name).
//!
//! A number or boolean the `responseDemo` sample sends as a string gets `wire: string` (a fact, not a guess).

use std::collections::BTreeSet;

use codegen::naming;
use indexmap::IndexMap;
use reference_pages::draft::names::{member_rust_names, singular, variant_from_meaning, Names};
use reference_pages::draft::params::BUILDER_METHODS;
use serde_json::Value;

use crate::meta::{text, Api, Parameter, Schema};
use crate::MetaError;

/// A spec type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    String,
    Integer,
    Long,
    Float,
    Double,
    Boolean,
    /// Free-form JSON.
    Object,
    /// Index into [`OpDraft::enums`].
    Enum(usize),
    /// Index into [`OpDraft::structs`].
    Struct(usize),
    List(Box<Ty>),
}

impl Ty {
    fn is_scalar(&self) -> bool {
        !matches!(self, Ty::List(_) | Ty::Struct(_) | Ty::Object)
    }
}

/// How a list, struct or object parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `Name.1=a&Name.2=b`.
    RepeatList,
    /// One JSON string.
    Json,
}

impl Style {
    pub fn spec_name(self) -> &'static str {
        match self {
            Style::RepeatList => "repeat_list",
            Style::Json => "json",
        }
    }
}

/// Checks the metadata states, as text (numbers keep the metadata's spelling).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constraints {
    pub min: Option<String>,
    pub max: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
}

/// A request parameter.
#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub rust_name: Option<String>,
    pub ty: Ty,
    /// `in: formData`: sent in the body.
    pub form: bool,
    pub style: Option<Style>,
    pub required: bool,
    /// An integer parameter's value list.
    pub allowed: Vec<i64>,
    pub constraints: Constraints,
    pub default: Option<String>,
    pub example: Option<String>,
    pub deprecated: bool,
    pub guesses: Vec<String>,
}

/// A response field, or a field of a structure.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub rust_name: Option<String>,
    pub ty: Ty,
    /// Fields of structures sent in requests only (a response field's required-ness is documentation only, and
    /// the metadata never states it for them).
    pub required: bool,
    pub wire_string: bool,
    /// The key of the object around a list (`{"Items": {"Backup": [...]}}` -> `Backup`).
    pub wrapper: Option<String>,
    /// Fields of structures sent in requests only.
    pub constraints: Constraints,
    pub example: Option<String>,
    pub deprecated: bool,
    pub guesses: Vec<String>,
}

/// A structure.
#[derive(Debug, Clone)]
pub struct StructDraft {
    pub name: String,
    pub fields: Vec<Field>,
    pub guesses: Vec<String>,
}

/// An enum.
#[derive(Debug, Clone)]
pub struct EnumDraft {
    pub name: String,
    pub integer: bool,
    pub values: Vec<EnumValue>,
    pub guesses: Vec<String>,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    pub value: String,
    pub rust_name: Option<String>,
    /// The metadata's title, when it is plain ASCII.
    pub title: Option<String>,
}

/// An error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDraft {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub rust_name: Option<String>,
    pub guesses: Vec<String>,
}

/// `paging:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    pub page_number: String,
    pub page_size: String,
    pub total: String,
    pub items: String,
}

/// One operation, decided.
#[derive(Debug, Clone)]
pub struct OpDraft {
    pub name: String,
    pub summary: String,
    pub methods: Vec<String>,
    /// Set when the metadata lists methods the format has not (PUT): they are left out.
    pub methods_guess: Option<String>,
    pub changes_state: bool,
    /// Set when `operationType` does not say.
    pub changes_state_guess: Option<String>,
    pub deprecated: bool,
    /// The success status, when it is not 200.
    pub status: Option<u16>,
    pub paging: Option<Paging>,
    pub paging_guess: Option<String>,
    pub params: Vec<Param>,
    pub fields: Vec<Field>,
    pub structs: Vec<StructDraft>,
    pub enums: Vec<EnumDraft>,
    pub errors: Vec<ErrorDraft>,
    /// Codes the metadata lists that the product declares product-wide (`product.yaml`), left out of `errors`.
    pub product_wide: Vec<String>,
    pub samples: Vec<String>,
}

impl OpDraft {
    /// Every guess of the draft, for counting.
    pub fn guess_count(&self) -> usize {
        let fields = |list: &[Field]| list.iter().map(|f| f.guesses.len()).sum::<usize>();
        2 + usize::from(self.changes_state_guess.is_some())
            + usize::from(self.methods_guess.is_some())
            + usize::from(self.paging_guess.is_some())
            + self.params.iter().map(|p| p.guesses.len()).sum::<usize>()
            + fields(&self.fields)
            + self.structs.iter().map(|s| s.guesses.len() + fields(&s.fields)).sum::<usize>()
            + self.enums.iter().map(|e| e.guesses.len()).sum::<usize>()
    }
}

/// Type names already taken in the product, growing as operations are decided (one namespace per product).
#[derive(Debug, Clone, Default)]
pub struct Namespace {
    pub taken: BTreeSet<String>,
}

/// Verbs of operations that only read.
const READ_ONLY: &[&str] = &["Describe", "List", "Query", "Get", "Check", "Search", "Preview", "Inspect"];

/// Names of the count of all items, in the order they are preferred.
const TOTALS: &[&str] = &["TotalRecordCount", "TotalCount", "TotalRecords", "TotalItems", "TotalNum", "Total"];

/// Decides one action.
pub fn decide(action: &str, api: &Api, namespace: &mut Namespace) -> Result<OpDraft, MetaError> {
    let at = |path: String, message: String| MetaError::new(Some(action.to_owned()), path, message);
    let base = format!("apis.{action}");
    if naming::operation_module(action).is_none() {
        return Err(at(base, "the action's name cannot name an operation".to_owned()));
    }
    let mut cx = Cx { action, names: Names::new(action, &namespace.taken), structs: Vec::new(), enums: Vec::new() };
    let listed: Vec<String> = api.methods.iter().map(|m| m.to_ascii_uppercase()).collect();
    if listed.is_empty() {
        return Err(at(format!("{base}.methods"), "no HTTP method is listed".to_owned()));
    }
    // RPC calls are GET or POST (the spec format has no other); anything else the metadata lists is left out.
    let methods: Vec<String> = listed.iter().filter(|m| *m == "GET" || *m == "POST").cloned().collect();
    let others: Vec<&str> = listed.iter().filter(|m| !methods.contains(m)).map(String::as_str).collect();
    let (methods, methods_guess) = match (methods.is_empty(), others.is_empty()) {
        (_, true) => (methods, None),
        (false, false) => {
            let note = format!("the metadata also lists {}, which RPC calls do not use: left out", others.join(", "));
            (methods, Some(note))
        }
        (true, false) => {
            let note =
                format!("the metadata lists only {}, which RPC calls do not use: POST instead", others.join(", "));
            (vec!["POST".to_owned()], Some(note))
        }
    };
    let (changes_state, changes_state_guess) = match api.operation_type.as_deref() {
        Some("read") => (false, None),
        Some("write" | "readAndWrite") => (true, None),
        other => {
            let read = READ_ONLY.iter().any(|p| action.starts_with(p));
            let said = other.map_or("no operationType".to_owned(), |o| format!("operationType `{o}`"));
            let how = if read { "a read-only verb" } else { "not a read-only verb (Describe, List, ...)" };
            (!read, Some(format!("the metadata has {said}; judged by the action's name: {how}")))
        }
    };
    let mut params: Vec<Param> = Vec::new();
    for (i, p) in api.parameters.iter().enumerate() {
        let param = cx.param(p, &format!("{base}.parameters[{i}]"))?;
        // The metadata sometimes lists a parameter twice; the query can carry it once.
        match params.iter_mut().find(|q| q.name == param.name) {
            Some(first) => first.guesses.push(format!(
                "the metadata lists `{}` again (parameters[{i}]): the later entry is left out",
                param.name
            )),
            None => params.push(param),
        }
    }
    let wire: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
    for (index, rust) in member_rust_names(&wire, BUILDER_METHODS) {
        if let Some(p) = params.get_mut(index) {
            p.guesses.push(format!("`{}` collides with another name: Rust name `{rust}`", p.name));
            p.rust_name = Some(rust);
        }
    }
    let (status, response) =
        success(api).ok_or_else(|| at(format!("{base}.responses"), "no 2xx response".to_owned()))?;
    let samples = api.json_samples(action)?;
    let sample_values: Vec<Value> = samples.iter().filter_map(|s| serde_json::from_str(s).ok()).collect();
    let sample_refs: Vec<&Value> = sample_values.iter().collect();
    let mut fields = match response.and_then(|r| r.properties.as_ref()) {
        Some(props) => cx.fields(props, &format!("{base}.responses.{status}.schema"), "", &sample_refs, false)?,
        None => Vec::new(),
    };
    let (paging, paging_guess) = paging(&params, &mut fields);
    let mut errors = Vec::new();
    for (code, list) in &api.error_codes {
        let status: u16 = code
            .parse()
            .ok()
            .filter(|s| (100..600).contains(s))
            .ok_or_else(|| at(format!("{base}.errorCodes.{code}"), format!("`{code}` is not an HTTP status")))?;
        for e in list {
            // The service's codes hold no whitespace; the metadata sometimes has a stray tab or space around one.
            // (Whitespace inside a code is kept: the checker refuses it, naming the line, for a person to decide.)
            let code = e.error_code.trim();
            if code.is_empty() || errors.iter().any(|x: &ErrorDraft| x.code == code) {
                continue;
            }
            let guesses = if code == e.error_code {
                Vec::new()
            } else {
                vec![format!("the metadata writes the code {:?}: the whitespace around it left out", e.error_code)]
            };
            errors.push(ErrorDraft {
                status,
                code: code.to_owned(),
                message: e.error_message.clone().unwrap_or_default(),
                rust_name: None,
                guesses,
            });
        }
    }
    error_rust_names(&mut errors);
    namespace.taken.extend(cx.structs.iter().map(|s| s.name.clone()));
    namespace.taken.extend(cx.enums.iter().map(|e| e.name.clone()));
    Ok(OpDraft {
        name: action.to_owned(),
        summary: summary(action),
        methods,
        methods_guess,
        changes_state,
        changes_state_guess,
        deprecated: api.deprecated,
        status: (status != 200).then_some(status),
        paging,
        paging_guess,
        params,
        fields,
        structs: cx.structs,
        enums: cx.enums,
        errors,
        product_wide: Vec::new(),
        samples,
    })
}

/// The success response: `200`, else the first 2xx.
fn success(api: &Api) -> Option<(u16, Option<&Schema>)> {
    let mut found: Vec<(u16, Option<&Schema>)> = api
        .responses
        .iter()
        .filter_map(|(k, r)| Some((k.parse::<u16>().ok()?, r.schema.as_ref())))
        .filter(|(s, _)| (200..300).contains(s))
        .collect();
    found.sort_by_key(|(s, _)| *s != 200);
    found.into_iter().next()
}

/// A mechanical English summary from the action's name: `DescribeBackups` -> `Describes backups.`.
pub fn summary(action: &str) -> String {
    let snake = naming::operation_module(action).unwrap_or_else(|| action.to_ascii_lowercase());
    let mut words = snake.split('_').filter(|w| !w.is_empty());
    let verb = words.next().unwrap_or("call");
    let verb = if verb.ends_with('s') || verb.ends_with("sh") || verb.ends_with("ch") || verb.ends_with('x') {
        format!("{verb}es")
    } else if let Some(stem) = verb.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'o', 'u'])) {
        format!("{stem}ies")
    } else {
        format!("{verb}s")
    };
    let rest: Vec<&str> = words.collect();
    let mut out = String::new();
    let mut chars = verb.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
    if !rest.is_empty() {
        out.push(' ');
        out.push_str(&rest.join(" "));
    }
    out.push('.');
    out
}

/// Paging: `PageNumber` and `PageSize` optional integers, a `Total*` count (a string with a whole example
/// becomes an integer sent as a string) and exactly one top-level list.
fn paging(params: &[Param], fields: &mut [Field]) -> (Option<Paging>, Option<String>) {
    let pager = |name: &str| params.iter().any(|p| p.name == name && p.ty == Ty::Integer && !p.required);
    if !pager("PageNumber") || !pager("PageSize") {
        return (None, None);
    }
    let lists: Vec<&Field> = fields.iter().filter(|f| matches!(f.ty, Ty::List(_))).collect();
    let [items] = lists.as_slice() else { return (None, None) };
    let items = items.name.clone();
    let Some(total) = TOTALS.iter().find_map(|t| fields.iter().position(|f| f.name == *t)) else {
        return (None, None);
    };
    let field = &mut fields[total];
    match field.ty {
        Ty::Integer | Ty::Long => {}
        Ty::String if field.example.as_deref().is_some_and(|e| e.parse::<i64>().is_ok()) => {
            field.ty = Ty::Integer;
            field.wire_string = true;
            field.guesses.push(format!(
                "the metadata types the total `{}` as a string with a whole example: read as an integer sent as a \
                 string, for paging",
                field.name
            ));
        }
        _ => return (None, None),
    }
    let paging = Paging {
        page_number: "PageNumber".to_owned(),
        page_size: "PageSize".to_owned(),
        total: field.name.clone(),
        items: items.clone(),
    };
    let guess = format!(
        "paged by rule: PageNumber/PageSize parameters, `{}` counts all items, `{items}` is the only list",
        paging.total
    );
    (Some(paging), Some(guess))
}

/// Error codes whose derived variant names collide get numbered Rust names.
fn error_rust_names(errors: &mut [ErrorDraft]) {
    let mut used: BTreeSet<String> = BTreeSet::new();
    for e in errors {
        let derived = naming::type_name(&e.code).filter(|v| v != "Unknown" && naming::is_identifier(v));
        match derived {
            Some(v) if !used.contains(&v) => {
                used.insert(v);
            }
            other => {
                let base = other.unwrap_or_else(|| "Code".to_owned());
                let name = (2..).map(|n| format!("{base}{n}")).find(|c| !used.contains(c)).unwrap_or(base);
                used.insert(name.clone());
                e.rust_name = Some(name);
            }
        }
    }
}

/// The decisions of one operation in progress.
struct Cx<'a> {
    action: &'a str,
    names: Names,
    structs: Vec<StructDraft>,
    enums: Vec<EnumDraft>,
}

impl Cx<'_> {
    fn err(&self, path: &str, message: impl Into<String>) -> MetaError {
        MetaError::new(Some(self.action.to_owned()), path, message)
    }

    fn param(&mut self, p: &Parameter, path: &str) -> Result<Param, MetaError> {
        let s = &p.schema;
        let form = match p.location.as_deref() {
            None | Some("query") => false,
            Some("formData") => true,
            Some(other) => return Err(self.err(&format!("{path}.in"), format!("unknown location `{other}`"))),
        };
        let mut guesses = Vec::new();
        let ty = self.ty(s, &p.name, "", &format!("{path}.schema"), &[], true)?;
        let allowed = match (&ty, &s.values) {
            (Ty::Integer | Ty::Long, Some(values)) => {
                values.iter().map(|v| text(v).and_then(|t| t.parse::<i64>().ok())).collect::<Option<Vec<_>>>()
            }
            _ => None,
        }
        .unwrap_or_default();
        let style = match p.style.as_deref() {
            Some("repeatList") => Some(Style::RepeatList),
            Some("json") => Some(Style::Json),
            Some("simple" | "flat") | None if !ty.is_scalar() => {
                guesses.push("the metadata gives no style for this list or structure: sent as a repeated list".into());
                Some(Style::RepeatList)
            }
            Some(other) if !ty.is_scalar() => {
                return Err(self.err(&format!("{path}.style"), format!("unknown style `{other}`")));
            }
            _ => None,
        };
        Ok(Param {
            name: p.name.clone(),
            rust_name: None,
            constraints: self.constraints(s, &ty, &format!("{path}.schema"))?,
            ty,
            form,
            style,
            required: s.required.unwrap_or(false),
            allowed,
            default: s.default.as_ref().and_then(text),
            example: s.example.as_ref().and_then(text),
            deprecated: s.deprecated.unwrap_or(false),
            guesses,
        })
    }

    /// The fields of an object's properties; `values` are the sample's values of that object.
    fn fields(
        &mut self,
        props: &IndexMap<String, Schema>,
        path: &str,
        parent: &str,
        values: &[&Value],
        request: bool,
    ) -> Result<Vec<Field>, MetaError> {
        let mut out = Vec::new();
        for (name, s) in props {
            let here = format!("{path}.properties.{name}");
            let mut below: Vec<&Value> = values.iter().filter_map(|v| v.get(name)).collect();
            let wrapper = (!request).then(|| list_wrapper(s)).flatten();
            let ty = match &wrapper {
                Some((key, inner)) => {
                    below = below.iter().filter_map(|v| v.get(key.as_str())).collect();
                    self.ty(inner, key, parent, &format!("{here}.properties.{key}"), &below, false)?
                }
                None => self.ty(s, name, parent, &here, &below, request)?,
            };
            let mut guesses = Vec::new();
            let ty = if request { ty } else { follow_sample(ty, &below, name, &mut guesses) };
            let numeric = matches!(ty, Ty::Integer | Ty::Long | Ty::Float | Ty::Double | Ty::Boolean);
            // Sent as a string when the sample always sends it so; where samples mix the forms, the declared one
            // is the JSON type (either reads).
            let sent: Vec<&&Value> = below.iter().filter(|v| !v.is_null() && v.as_str() != Some("")).collect();
            let wire_string = !request && numeric && !sent.is_empty() && sent.iter().all(|v| v.is_string());
            out.push(Field {
                name: name.clone(),
                rust_name: None,
                required: request && s.required.unwrap_or(false),
                constraints: if request { self.constraints(s, &ty, &here)? } else { Constraints::default() },
                ty,
                wire_string,
                wrapper: wrapper.map(|(k, _)| k),
                example: s.example.as_ref().and_then(text),
                deprecated: s.deprecated.unwrap_or(false),
                guesses,
            });
        }
        let wire: Vec<&str> = out.iter().map(|f| f.name.as_str()).collect();
        for (index, rust) in member_rust_names(&wire, &["unknown_fields"]) {
            if let Some(f) = out.get_mut(index) {
                f.guesses.push(format!("`{}` collides with another name: Rust name `{rust}`", f.name));
                f.rust_name = Some(rust);
            }
        }
        Ok(out)
    }

    /// The type of a schema named `name` (its parameter or property), inside `parent` (a struct name, or empty
    /// at the top); `values` are the sample's values there (for lists: the lists themselves).
    #[allow(clippy::too_many_arguments)]
    fn ty(
        &mut self,
        s: &Schema,
        name: &str,
        parent: &str,
        path: &str,
        values: &[&Value],
        request: bool,
    ) -> Result<Ty, MetaError> {
        let kind = match s.ty.as_deref() {
            Some(k) => k,
            None if s.properties.is_some() => "object",
            None if s.items.is_some() => "array",
            None => return Err(self.err(path, "the schema has no `type`")),
        };
        let format = s.format.as_deref();
        let scalar = match (kind, format) {
            ("string", _) => Ty::String,
            ("integer", Some("int64")) => Ty::Long,
            ("integer", Some("int32") | None) => Ty::Integer,
            ("number", Some("float")) => Ty::Float,
            ("number", Some("double") | None) => Ty::Double,
            ("integer" | "number", Some(f)) => {
                return Err(self.err(&format!("{path}.format"), format!("unknown {kind} format `{f}`")))
            }
            ("boolean", _) => Ty::Boolean,
            ("array", _) => {
                let items = s.items.as_deref().ok_or_else(|| self.err(path, "an array without `items`"))?;
                let item_name = singular(name).unwrap_or_else(|| name.to_owned());
                let inner: Vec<&Value> = values
                    .iter()
                    .flat_map(|v| v.as_array().map(|a| a.iter().collect()).unwrap_or_else(|| vec![*v]))
                    .collect();
                let item = self.ty(items, &item_name, parent, &format!("{path}.items"), &inner, request)?;
                return Ok(Ty::List(Box::new(item)));
            }
            ("object", _) => return self.object(s, name, parent, path, values, request),
            (other, _) => return Err(self.err(&format!("{path}.type"), format!("unknown type `{other}`"))),
        };
        let Some(list) = s.values.as_ref().filter(|v| !v.is_empty()) else { return Ok(scalar) };
        let integer = match scalar {
            Ty::String => false,
            // A request integer with a value list is `allowed:` (see `param`).
            Ty::Integer | Ty::Long if request => return Ok(scalar),
            Ty::Integer | Ty::Long => true,
            _ => return Ok(scalar),
        };
        let mut values = Vec::new();
        for (i, v) in list.iter().enumerate() {
            let t =
                text(v).ok_or_else(|| self.err(&format!("{path}.enum[{i}]"), "an enum value that is not a scalar"))?;
            if integer && t.parse::<i64>().is_err() {
                return Err(self.err(&format!("{path}.enum[{i}]"), format!("`{t}` is not an integer")));
            }
            if !values.iter().any(|x: &EnumValue| x.value == t) {
                let title = s.enum_value_titles.as_ref().and_then(|m| m.get(&t)).and_then(text);
                let title = title.filter(|x| !x.trim().is_empty() && x.is_ascii() && *x != t);
                values.push(EnumValue { value: t, rust_name: None, title });
            }
        }
        let mut enum_guesses = Vec::new();
        variant_names(&mut values, integer, &mut enum_guesses);
        let type_name = self.names.claim(name, parent);
        enum_guesses.insert(0, format!("type name `{type_name}` chosen from `{name}`: the metadata names no type"));
        self.enums.push(EnumDraft { name: type_name, integer, values, guesses: enum_guesses });
        Ok(Ty::Enum(self.enums.len() - 1))
    }

    /// The constraints a schema states, checked to fit the type.
    fn constraints(&self, s: &Schema, ty: &Ty, path: &str) -> Result<Constraints, MetaError> {
        let count = |v: &Option<Value>, key: &str| -> Result<Option<u64>, MetaError> {
            match v.as_ref().and_then(text) {
                None => Ok(None),
                Some(t) => t
                    .trim()
                    .parse::<u64>()
                    .map(Some)
                    .map_err(|_| self.err(&format!("{path}.{key}"), format!("`{t}` is not a count"))),
            }
        };
        let number = |v: &Option<Value>, key: &str| -> Result<Option<String>, MetaError> {
            match v.as_ref().and_then(text) {
                None => Ok(None),
                Some(t) if t.trim().parse::<f64>().is_ok_and(f64::is_finite) => Ok(Some(t.trim().to_owned())),
                Some(t) => Err(self.err(&format!("{path}.{key}"), format!("`{t}` is not a number"))),
            }
        };
        let numeric = matches!(ty, Ty::Integer | Ty::Long | Ty::Float | Ty::Double);
        let string = *ty == Ty::String;
        let list = matches!(ty, Ty::List(_));
        Ok(Constraints {
            min: if numeric { number(&s.minimum, "minimum")? } else { None },
            max: if numeric { number(&s.maximum, "maximum")? } else { None },
            min_length: if string { count(&s.min_length, "minLength")?.filter(|n| *n > 0) } else { None },
            max_length: if string { count(&s.max_length, "maxLength")? } else { None },
            pattern: if string { s.pattern.clone().filter(|p| !p.is_empty()) } else { None },
            min_items: if list { count(&s.min_items, "minItems")?.filter(|n| *n > 0) } else { None },
            max_items: if list { count(&s.max_items, "maxItems")? } else { None },
        })
    }

    fn object(
        &mut self,
        s: &Schema,
        name: &str,
        parent: &str,
        path: &str,
        values: &[&Value],
        request: bool,
    ) -> Result<Ty, MetaError> {
        let Some(props) = s.properties.as_ref().filter(|p| !p.is_empty()) else { return Ok(Ty::Object) };
        let type_name = self.names.claim(name, parent);
        let index = self.structs.len();
        self.structs.push(StructDraft {
            name: type_name.clone(),
            fields: Vec::new(),
            guesses: vec![format!("type name `{type_name}` chosen from `{name}`: the metadata names no type")],
        });
        let fields = self.fields(props, path, &type_name, values, request)?;
        if let Some(st) = self.structs.get_mut(index) {
            st.fields = fields;
        }
        Ok(Ty::Struct(index))
    }
}

/// A response object whose only property is an array: the list and its wrapper key.
fn list_wrapper(s: &Schema) -> Option<(String, &Schema)> {
    let props = s.properties.as_ref()?;
    let (key, inner) = props.iter().next().filter(|_| props.len() == 1)?;
    (inner.ty.as_deref() == Some("array")).then(|| (key.clone(), inner))
}

/// Rust names for values whose derived variant is not an identifier or collides, and for every value of an
/// integer enum (the checker wants each code's meaning named).
fn variant_names(values: &mut [EnumValue], integer: bool, guesses: &mut Vec<String>) {
    let mut used: BTreeSet<String> = ["Unknown".to_owned(), "UnknownValue".to_owned()].into();
    for v in values.iter_mut() {
        let derived = naming::type_name(&v.value)
            .filter(|n| !integer && naming::is_identifier(n) && n.starts_with(|c: char| c.is_ascii_uppercase()));
        if let Some(d) = derived.filter(|d| !used.contains(d)) {
            used.insert(d);
            continue;
        }
        let from_title = v.title.as_deref().and_then(variant_from_meaning).filter(|n| !used.contains(n));
        let fallback: String = v.value.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        let base = from_title
            .clone()
            .or_else(|| naming::type_name(&format!("value_{fallback}")).filter(|n| naming::is_identifier(n)))
            .unwrap_or_else(|| "Value".to_owned());
        let name = if used.contains(&base) {
            (2..).map(|n| format!("{base}{n}")).find(|c| !used.contains(c)).unwrap_or(base)
        } else {
            base
        };
        let how = if from_title.is_some() { "from its title" } else { "by rule" };
        guesses.push(format!("value `{}` is not a usable variant name: `{name}` ({how})", v.value));
        used.insert(name.clone());
        v.rust_name = Some(name);
    }
}

/// A response type corrected where the metadata's own sample (what the service sent) says otherwise, so that the
/// sample decodes: an integer type holding a fraction becomes `double`, and free-form JSON the sample sends as
/// arrays becomes a list of it; list items are looked at the same way. Each correction is a guess for review.
fn follow_sample(ty: Ty, values: &[&Value], name: &str, guesses: &mut Vec<String>) -> Ty {
    let present: Vec<&Value> = values.iter().copied().filter(|v| !v.is_null()).collect();
    match ty {
        Ty::Integer | Ty::Long if present.iter().any(|v| has_fraction(v)) => {
            let word = if ty == Ty::Integer { "integer" } else { "long" };
            guesses.push(format!("the metadata types `{name}` {word}, its sample sends a fraction: double"));
            Ty::Double
        }
        Ty::Object if !present.is_empty() && present.iter().all(|v| v.is_array()) => {
            guesses.push(format!("the metadata types `{name}` an object, its sample sends arrays: a list"));
            Ty::List(Box::new(Ty::Object))
        }
        Ty::List(item) => {
            let items: Vec<&Value> = present.iter().filter_map(|v| v.as_array()).flatten().collect();
            Ty::List(Box::new(follow_sample(*item, &items, &format!("{name}[]"), guesses)))
        }
        other => other,
    }
}

/// A JSON number, or a string holding one, with a fractional part.
fn has_fraction(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.as_i64().is_none() && n.as_u64().is_none(),
        Value::String(s) => s.contains('.') && s.parse::<f64>().is_ok_and(|f| f.fract() != 0.0),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_are_made_from_the_name() {
        assert_eq!(summary("DescribeBackups"), "Describes backups.");
        assert_eq!(summary("CreateBackup"), "Creates backup.");
        assert_eq!(summary("ModifyDBInstanceSpec"), "Modifies db instance spec.");
        assert_eq!(summary("Restart"), "Restarts.");
        assert_eq!(summary("Flush"), "Flushes.");
    }

    #[test]
    fn values_that_are_not_identifiers_get_rust_names() {
        let value = |v: &str, title: Option<&str>| EnumValue {
            value: v.to_owned(),
            rust_name: None,
            title: title.map(str::to_owned),
        };
        // String values: the generator's own derivation where it is usable and unique (`2.8` -> `V28`).
        let mut values = vec![value("Success", None), value("2.8", None), value("success", None), value("28", None)];
        let mut guesses = Vec::new();
        variant_names(&mut values, false, &mut guesses);
        let names: Vec<Option<&str>> = values.iter().map(|v| v.rust_name.as_deref()).collect();
        assert_eq!(names, [None, None, Some("ValueSuccess"), Some("Value28")]);
        assert_eq!(guesses.len(), 2);
        // Integer codes are always named: from an ASCII title, else by rule.
        let mut codes = vec![value("0", Some("Regular storage")), value("1", None)];
        variant_names(&mut codes, true, &mut guesses);
        let names: Vec<Option<&str>> = codes.iter().map(|v| v.rust_name.as_deref()).collect();
        assert_eq!(names, [Some("RegularStorage"), Some("Value1")]);
    }

    #[test]
    fn types_follow_what_the_sample_sends() {
        let mut guesses = Vec::new();
        let (fraction, whole, quoted) = (serde_json::json!(0.002), serde_json::json!(3), serde_json::json!("1.5"));
        assert_eq!(super::follow_sample(Ty::Long, &[&whole, &fraction], "CpuTime", &mut guesses), Ty::Double);
        assert_eq!(super::follow_sample(Ty::Integer, &[&quoted], "Ratio", &mut guesses), Ty::Double);
        assert_eq!(super::follow_sample(Ty::Long, &[&whole], "Size", &mut guesses), Ty::Long);
        let nested = serde_json::json!([[{"key": "k"}], []]);
        let listed = super::follow_sample(Ty::List(Box::new(Ty::Object)), &[&nested], "BigKeys", &mut guesses);
        assert_eq!(listed, Ty::List(Box::new(Ty::List(Box::new(Ty::Object)))));
        let object = serde_json::json!({"a": 1});
        assert_eq!(super::follow_sample(Ty::Object, &[&object], "Extra", &mut guesses), Ty::Object);
        assert_eq!(guesses.len(), 3, "{guesses:?}");
        assert!(guesses[2].contains("`BigKeys[]`"), "{guesses:?}");
    }
}
