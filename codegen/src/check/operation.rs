//! One operation file: name, methods, request parameters, response, error codes and paging.

use crate::check::docs::Doc;
use crate::check::limits::check_limits;
use crate::check::types::{check_fields, check_unique_members, define, member_name, resolve, Scope, Usage};
use crate::check::{clashes, Ctx};
use crate::diagnostic::Code;
use crate::model::{
    ClientDocs, CommonVariant, ErrorCode, ErrorEnum, Examples, Field, Location, Method, NamedKind, Operation, Paging,
    Param, Request, SourceRef, Struct, Style, Ty,
};
use crate::naming;
use crate::source::FileId;
use crate::spec::{ErrorSpec, OperationSpec, ParamSpec, Scalar, Spanned};

/// Checks one operation; `None` when something is wrong (already reported).
pub(crate) fn check_operation(
    ctx: &mut Ctx<'_>,
    scope: &Scope<'_>,
    stem: &str,
    spec: &OperationSpec,
    usage: &mut Usage,
    source: SourceRef,
    common: Option<&CommonCodes<'_>>,
) -> Option<Operation> {
    let file = scope.file;
    let mut ok = true;
    if spec.name.value != stem {
        ctx.error(
            Code::FileNameMismatch,
            file,
            &spec.name,
            format!("the operation is called `{}` but its file is `{stem}.yaml`", spec.name.value),
            format!("rename the file to `{}.yaml`, or fix the name", spec.name.value),
        );
        ok = false;
    }
    let module = naming::operation_module(&spec.name.value).filter(|_| naming::is_identifier(&spec.name.value));
    if module.is_none() {
        ctx.error(
            Code::BadRustName,
            file,
            &spec.name,
            format!("`{}` is not a usable operation name", spec.name.value),
            "operation names are UpperCamelCase actions such as `DescribeBackups`",
        );
    }
    let methods = check_methods(ctx, file, &spec.methods);
    let types: Vec<_> = spec.types.iter().filter_map(|t| define(ctx, scope, t, usage)).collect();
    ok &= types.len() == spec.types.len();
    let params = check_params(ctx, scope, &spec.request, methods.as_deref(), usage);
    let status = check_status(ctx, file, spec.status.as_ref());
    let deprecated = check_note(ctx, file, spec.deprecated.as_ref(), "deprecated");
    let fields = check_fields(ctx, scope, &spec.response.fields, usage);
    let errors = check_errors(ctx, file, &spec.name.value, &spec.errors, common);
    let (Some(module), Some(methods), Some(params), Some(fields), Some(errors), Some(status), Some(deprecated), true) =
        (module, methods, params, fields, errors, status, deprecated, ok)
    else {
        return None;
    };
    let name = spec.name.value.clone();
    let summary = spec.summary.value.trim();
    let paging = match &spec.paging {
        Some(p) => Some(check_paging(ctx, file, p, &params, &fields)?),
        None => None,
    };
    let mut doc =
        Doc::new(Some(&spec.summary), "").para_if(spec.description.as_ref().map(|d| d.value.trim().to_owned()));
    doc = doc.para(format!("API action `{name}`, sent with HTTP {}.", methods_text(&methods)));
    if status != 200 {
        doc = doc.para(format!("The service answers a success with HTTP {status}."));
    }
    if let Some(url) = &spec.doc {
        doc = doc.para(format!("API reference: <{}>", url.value.trim()));
    }
    let response_docs = Doc::new(spec.response.description.as_ref(), &format!("The response of `{name}`: {summary}"))
        .para(
            "Every field is an `Option` (the service may leave any out). To build one, in a test say, start from \
             `Default::default()` and set the fields you need; nested structures are built the same way."
                .to_owned(),
        )
        .build();
    let request_id = fields.iter().find(|f| f.wire == "RequestId" && f.ty == Ty::String).map(|f| f.rust.clone());
    let method = methods.first().copied().unwrap_or(Method::Post);
    // Whether a failed call may be sent again is the operation's: retries hold back on state-changing calls.
    let retries = if spec.changes_state {
        "This operation changes state: it is retried only when the request cannot have reached the service."
    } else {
        "Retried per the client's retry policy on throttling, server errors and connection failures."
    };
    // The summary on one line, as lists and the client method's first line show it.
    let one_line = summary.split_whitespace().collect::<Vec<_>>().join(" ");
    let client_docs = ClientDocs {
        method: format!("{one_line}\n\nReturns a builder: set the parameters, then `.send().await`."),
        send: format!("Sends a [`{name}Request`] built beforehand (e.g. kept and reused).\n\n{retries}"),
        builder_send: format!("Checks the parameters and sends the request.\n\n{retries}"),
    };

    let listing = format!("`{name}`: {one_line}");
    Some(Operation {
        listing,
        request: Request {
            name: format!("{name}Request"),
            builder: format!("{name}Builder"),
            docs: format!(
                "The parameters of `{name}`: {summary}\n\nBuild one with [`{name}Request::builder`]; required parameters \
                 and documented limits\nare checked before anything is sent."
            ),
            params,
        },
        response: Struct { name: format!("{name}Response"), docs: response_docs, fields, in_request: false, limited: false },
        errors,
        docs: doc.build(),
        name,
        send: naming::send_method(&module),
        module,
        methods,
        method,
        request_id,
        changes_state: spec.changes_state,
        deprecated,
        status,
        types,
        paging,
        waiters: Vec::new(),
        samples: Vec::new(),
        client_docs,
        examples: Examples::default(),
        source,
    })
}

/// The success status: 200 unless the spec says another 2xx.
fn check_status(ctx: &mut Ctx<'_>, file: FileId, status: Option<&Spanned<u16>>) -> Option<u16> {
    let Some(status) = status else { return Some(200) };
    if (200..300).contains(&status.value) {
        return Some(status.value);
    }
    ctx.error(
        Code::BadStatus,
        file,
        status,
        format!("HTTP {} is not a success status", status.value),
        "`status` is the 2xx the service answers a success with (201, 202, ...); leave it out for 200",
    );
    None
}

/// An optional sentence that must say something when given (`deprecated`, enum value `title`): `Some(None)`
/// when absent, `None` when empty (reported).
pub(crate) fn check_note(
    ctx: &mut Ctx<'_>,
    file: FileId,
    note: Option<&Spanned<String>>,
    key: &str,
) -> Option<Option<String>> {
    let Some(note) = note else { return Some(None) };
    let text = note.value.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        ctx.error(
            Code::EmptyNote,
            file,
            note,
            format!("`{key}` is empty"),
            format!("write a short sentence, or remove `{key}`"),
        );
        return None;
    }
    Some(Some(text))
}

fn methods_text(methods: &[Method]) -> String {
    let names: Vec<&str> = methods.iter().map(|m| if *m == Method::Get { "GET" } else { "POST" }).collect();
    names.join(" (or ") + if methods.len() > 1 { ")" } else { "" }
}

fn check_methods(ctx: &mut Ctx<'_>, file: FileId, methods: &Spanned<Vec<Spanned<String>>>) -> Option<Vec<Method>> {
    if methods.value.is_empty() {
        ctx.error(
            Code::BadMethod,
            file,
            methods,
            "`methods` is empty",
            "list the HTTP methods the operation accepts, e.g. `[POST, GET]`",
        );
        return None;
    }
    let mut out = Vec::new();
    for m in &methods.value {
        let method = match m.value.as_str() {
            "GET" => Method::Get,
            "POST" => Method::Post,
            other => {
                ctx.error(
                    Code::BadMethod,
                    file,
                    m,
                    format!("`{other}` is not a method these APIs use"),
                    "RPC-style APIs use `GET` and `POST` (upper case)",
                );
                return None;
            }
        };
        if out.contains(&method) {
            ctx.error(Code::BadMethod, file, m, format!("`{}` is listed twice", m.value), "list each method once");
            return None;
        }
        out.push(method);
    }
    Some(out)
}

/// The methods and field a request builder has besides one setter per parameter.
const BUILDER_OWN_NAMES: [&str; 6] = ["build", "send", "paginate", "new", "into_parts", "client"];

fn check_params(
    ctx: &mut Ctx<'_>,
    scope: &Scope<'_>,
    specs: &[ParamSpec],
    methods: Option<&[Method]>,
    usage: &mut Usage,
) -> Option<Vec<Param>> {
    let file = scope.file;
    let names: Vec<_> =
        specs.iter().map(|p| (&p.name, member_name(ctx, file, &p.name, p.rust_name.as_ref()))).collect();
    let mut ok = check_unique_members(ctx, file, "parameter", &names);
    for (spec, (_, rust)) in specs.iter().zip(&names) {
        if let Some(own) = rust.as_deref().filter(|r| BUILDER_OWN_NAMES.contains(r)) {
            ctx.error(
                Code::NameCollision,
                file,
                &spec.name,
                format!("the parameter `{}` would clash with the builder's own `{own}`", spec.name.value),
                format!(
                    "set `rust_name:` to another name (a request builder has {} of its own)",
                    crate::check::code_list(&BUILDER_OWN_NAMES)
                ),
            );
            ok = false;
        }
    }
    // Each parameter has two setters, `x` and `set_x`: a parameter named `set_x` beside one named `x` clashes.
    for (spec, (_, rust)) in specs.iter().zip(&names) {
        let Some(rust) = rust.as_deref() else { continue };
        let Some(other) = rust.strip_prefix("set_").filter(|o| names.iter().any(|(_, r)| r.as_deref() == Some(*o)))
        else {
            continue;
        };
        ctx.error(
            Code::NameCollision,
            file,
            &spec.name,
            format!(
                "the parameter `{}` would clash with the setter `set_{other}` of the parameter `{other}`",
                spec.name.value
            ),
            "set `rust_name:` to another name (each parameter `x` has the setters `x` and `set_x`)",
        );
        ok = false;
    }
    let mut params = Vec::new();
    for (spec, (_, rust)) in specs.iter().zip(names) {
        let ty = resolve(ctx, scope, &spec.ty, spec.format.as_ref(), usage);
        let (Some(ty), Some(rust)) = (ty, rust) else {
            ok = false;
            continue;
        };
        let (Some(style), Some(location)) =
            (check_style(ctx, file, spec, &ty), check_location(ctx, file, spec, methods))
        else {
            ok = false;
            continue;
        };
        let Some(param) = check_constraints(ctx, file, spec, rust, ty, style, location) else {
            ok = false;
            continue;
        };
        params.push(param);
    }
    ok.then_some(params)
}

/// Whether the value is sent as more than one scalar: a list, a structure or free-form JSON.
fn is_composite(ty: &Ty) -> bool {
    matches!(ty, Ty::List(_) | Ty::Object) || matches!(ty, Ty::Named(n) if n.kind == NamedKind::Struct)
}

/// `style`: required on lists, structures and `object`, refused on scalars. `Some(None)` for a scalar.
fn check_style(ctx: &mut Ctx<'_>, file: FileId, spec: &ParamSpec, ty: &Ty) -> Option<Option<Style>> {
    if let Ty::List(item) = ty {
        if matches!(**item, Ty::Time(_)) {
            ctx.error(
                Code::BadTypeExpression,
                file,
                &spec.ty,
                "a request parameter cannot be a list of times",
                "declare `list<string>` and document the format the service expects",
            );
            return None;
        }
    }
    match (&spec.style, is_composite(ty)) {
        (None, false) => Some(None),
        (None, true) => {
            ctx.error(
                Code::BadStyle,
                file,
                &spec.ty,
                format!(
                    "the parameter `{}` is `{}` but says nothing of how it is sent",
                    spec.name.value, spec.ty.value
                ),
                "add `style: repeat_list` (`Name.1=a&Name.2=b`) or `style: json` (`Name=[\"a\",\"b\"]`)",
            );
            None
        }
        (Some(style), false) => {
            ctx.error(
                Code::BadStyle,
                file,
                style,
                format!("`style` applies only to lists, structures and `object`, and this is `{}`", spec.ty.value),
                "remove `style`: a scalar is sent as its text",
            );
            None
        }
        (Some(style), true) => match style.value.as_str() {
            "repeat_list" => Some(Some(Style::RepeatList)),
            "json" => Some(Some(Style::Json)),
            other => {
                ctx.error(
                    Code::BadStyle,
                    file,
                    style,
                    format!("unknown style `{other}`"),
                    "`style` is `repeat_list` or `json`",
                );
                None
            }
        },
    }
}

/// `location`: the query (default) or a form body, which needs POST.
fn check_location(ctx: &mut Ctx<'_>, file: FileId, spec: &ParamSpec, methods: Option<&[Method]>) -> Option<Location> {
    let Some(location) = &spec.location else { return Some(Location::Query) };
    match location.value.as_str() {
        "query" => Some(Location::Query),
        "form" if methods.is_some_and(|m| m.first() != Some(&Method::Post)) => {
            ctx.error(
                Code::BadLocation,
                file,
                location,
                "a form parameter needs a POST body, but the operation is not sent with POST",
                "list `POST` first under `methods`, or send the parameter in the query",
            );
            None
        }
        "form" => Some(Location::Form),
        other => {
            ctx.error(
                Code::BadLocation,
                file,
                location,
                format!("unknown location `{other}`"),
                "`location` is `query` (the default) or `form` (an application/x-www-form-urlencoded body)",
            );
            None
        }
    }
}

fn check_constraints(
    ctx: &mut Ctx<'_>,
    file: FileId,
    spec: &ParamSpec,
    rust: String,
    ty: Ty,
    style: Option<Style>,
    location: Location,
) -> Option<Param> {
    let integer = matches!(ty, Ty::I32 | Ty::I64);
    let mut ok = true;
    let allowed: Vec<i64> =
        spec.allowed.as_ref().map(|a| a.value.iter().map(|v| v.value).collect()).unwrap_or_default();
    if let Some(a) = &spec.allowed {
        if !integer {
            ctx.error(
                Code::BadConstraint,
                file,
                a,
                "`allowed` applies only to `integer` and `long` parameters",
                "for strings, declare an enum type instead",
            );
            ok = false;
        } else if a.value.is_empty() {
            ctx.error(
                Code::BadConstraint,
                file,
                a,
                "`allowed` is empty",
                "list the accepted numbers, or remove `allowed`",
            );
            ok = false;
        } else if ty == Ty::I32 {
            if let Some(v) = a.value.iter().find(|v| i32::try_from(v.value).is_err()) {
                ctx.error(
                    Code::BadConstraint,
                    file,
                    v,
                    format!("{} does not fit an `integer` (32 bits)", v.value),
                    "make the parameter `long`",
                );
                ok = false;
            }
        }
    }
    let limits = check_limits(ctx, file, spec.limits(), &ty);
    ok &= limits.is_some();
    if let Some(default) = &spec.default {
        ok &= check_default(ctx, file, default, &ty, &allowed);
    }
    if !ok {
        return None;
    }
    let mut doc = Doc::new(spec.description.as_ref(), &format!("`{}`.", spec.name.value));
    let name = &spec.name.value;
    match (style, &ty) {
        (Some(Style::RepeatList), Ty::List(item)) if is_composite(item) => {
            doc = doc
                .para(format!("Sent flattened, one parameter per value: `{name}.1.Member=..`, `{name}.2.Member=..`."));
        }
        (Some(Style::RepeatList), Ty::List(_)) => {
            doc = doc.para(format!("Sent flattened, one parameter per item: `{name}.1=..`, `{name}.2=..`."));
        }
        (Some(Style::RepeatList), _) => {
            doc = doc.para(format!("Sent flattened, one parameter per member: `{name}.Member=..`."));
        }
        (Some(Style::Json), _) => doc = doc.para(format!("Sent as one parameter `{name}` holding compact JSON.")),
        (None, _) => {}
    }
    if location == Location::Form {
        doc = doc.para("Sent in the form body of the POST request.".to_owned());
    }
    if let Ty::Time(format) = &ty {
        doc = doc.para(format!("Sent as `{}` (UTC).", format.spec_name()));
    }
    if !allowed.is_empty() {
        let list: Vec<String> = allowed.iter().map(i64::to_string).collect();
        doc = doc.para(format!("Accepted values: {}.", list.join(", ")));
    }
    if let Some(d) = &spec.default {
        doc = doc.para(format!("When not set, the service uses `{}`.", d.value.to_wire_string()));
    }
    // The region is also the client's: a request made through a client takes its region unless told otherwise.
    let region_default =
        spec.name.value == "RegionId" && ty == Ty::String && style.is_none() && location == Location::Query;
    if region_default {
        doc = doc.para(
            "When not set, a request built from a client (`client.operation()...`) takes the client's configured \
             region (`Config::region`)."
                .to_owned(),
        );
    }
    let docs =
        doc.example(spec.example.as_ref()).page_claim(spec.page_claim.as_ref()).source(spec.source.as_ref()).build();
    let option_setter = format!("set_{rust}");
    Some(Param {
        wire: spec.name.value.clone(),
        rust,
        ty,
        required: spec.required,
        docs,
        option_setter,
        region_default,
        allowed,
        limits: limits?,
        location,
        style,
        members: false,
        default: spec.default.as_ref().map(|d| d.value.to_wire_string()),
        deprecated: spec.deprecated.as_ref().map(|d| d.value.clone()),
        example: spec.example.as_ref().map(|e| e.value.to_wire_string()),
    })
}

fn check_default(ctx: &mut Ctx<'_>, file: FileId, default: &Spanned<Scalar>, ty: &Ty, allowed: &[i64]) -> bool {
    let fits = match (&default.value, ty) {
        (Scalar::Int(i), Ty::I32 | Ty::I64) => allowed.is_empty() || allowed.contains(i),
        (Scalar::Int(_) | Scalar::Float(_), Ty::F32 | Ty::F64) => true,
        (Scalar::Bool(_), Ty::Bool) => true,
        (Scalar::Str(_), Ty::String | Ty::Named(_)) => true,
        (Scalar::Int(_), Ty::Named(n)) => n.integer,
        _ => false,
    };
    if !fits {
        let what = if allowed.is_empty() { "the parameter's type" } else { "its `allowed` values" };
        ctx.error(
            Code::BadConstraint,
            file,
            default,
            format!("the default `{}` does not fit {what}", default.value.to_wire_string()),
            "make the default one of the values the parameter accepts",
        );
    }
    fits
}

/// The product-wide error codes, as an operation's check needs them: where `product.yaml` declares them (an
/// operation listing one again is an error pointing there) and the variant that holds them.
pub(crate) struct CommonCodes<'a> {
    pub file: FileId,
    pub specs: &'a [ErrorSpec],
    pub variant: CommonVariant,
}

/// The name of the variant of every operation's error enum that holds the product-wide codes.
pub(crate) const COMMON_VARIANT: &str = "Common";

/// The name of the product's enum of product-wide codes.
pub(crate) const COMMON_ENUM: &str = "CommonErrorCode";

fn check_errors(
    ctx: &mut Ctx<'_>,
    file: FileId,
    operation: &str,
    specs: &[ErrorSpec],
    common: Option<&CommonCodes<'_>>,
) -> Option<ErrorEnum> {
    let mut ok = true;
    if let Some(common) = common {
        for spec in specs {
            let Some(wide) = common.specs.iter().find(|c| c.code.value == spec.code.value) else { continue };
            let note = ctx.note_at("declared product-wide", common.file, &wide.code);
            ctx.error(
                Code::RepeatedCommonCode,
                file,
                &spec.code,
                format!("the error code `{}` is declared product-wide in product.yaml", spec.code.value),
                format!(
                    "remove this entry: every operation of the product already answers it (as `{}({}::..)`); if \
                     this operation documents it differently, the difference belongs in product.yaml",
                    common.variant.rust, common.variant.ty
                ),
            )
            .notes
            .push(note);
            ok = false;
        }
    }
    let reserved: &[&str] = if common.is_some() { &[COMMON_VARIANT] } else { &[] };
    let (codes, unknown) = check_codes(ctx, file, specs, reserved);
    let codes = codes.filter(|_| ok)?;
    let mut docs = format!(
        "The error codes `{operation}` documents, each with its HTTP status and message.\n\n`{unknown}` keeps any \
         other code the service sends."
    );
    if let Some(common) = common {
        docs.push_str(&format!(
            "\n\n`{}` holds a code every operation of the product can answer ([`{ty}`](super::{ty})).",
            common.variant.rust,
            ty = common.variant.ty
        ));
    }
    Some(ErrorEnum {
        name: format!("{operation}ErrorCode"),
        docs,
        codes,
        unknown,
        common: common.map(|c| c.variant.clone()),
    })
}

/// The product-wide codes of `product.yaml` as the product's enum: `Some(None)` when there are none, `None`
/// when something is wrong (reported).
pub(crate) fn check_common_errors(
    ctx: &mut Ctx<'_>,
    file: FileId,
    product: &str,
    specs: &[ErrorSpec],
) -> Option<Option<ErrorEnum>> {
    if specs.is_empty() {
        return Some(None);
    }
    let (codes, unknown) = check_codes(ctx, file, specs, &[]);
    Some(Some(ErrorEnum {
        name: COMMON_ENUM.to_owned(),
        docs: format!(
            "The error codes every operation of {product} can answer, declared once for the product, each with \
             its HTTP status and message.\n\nEach operation's error-code enum holds them in its `{COMMON_VARIANT}` \
             variant. `{unknown}` keeps a code this list does not have (only a value made from such a code \
             directly holds one: an operation's enum keeps those in its own catch-all)."
        ),
        codes: codes?,
        unknown,
        common: None,
    }))
}

/// The variants of an error table: each code's Rust name (derived, or its `rust_name`) and docs, and the name of
/// the catch-all. `reserved` are other variant names the enum has. The codes are `None` when something is wrong.
fn check_codes(
    ctx: &mut Ctx<'_>,
    file: FileId,
    specs: &[ErrorSpec],
    reserved: &[&str],
) -> (Option<Vec<ErrorCode>>, String) {
    let mut ok = true;
    for (first, later) in clashes(specs.iter().map(|e| e.code.value.as_str())) {
        let note = ctx.note_at("first listed", file, &specs[first].code);
        ctx.error(
            Code::DuplicateErrorCode,
            file,
            &specs[later].code,
            format!("the error code `{}` is listed twice", specs[later].code.value),
            "keep one entry; put the second message under `other_messages`",
        )
        .notes
        .push(note);
        ok = false;
    }
    let mut codes = Vec::new();
    for spec in specs {
        if !(400..600).contains(&spec.status.value) {
            ctx.error(
                Code::BadErrorStatus,
                file,
                &spec.status,
                format!("HTTP status {} is not an error status", spec.status.value),
                "error codes come with a 4xx or 5xx status",
            );
            ok = false;
        }
        let code = &spec.code.value;
        if code.is_empty() || code.contains(char::is_whitespace) {
            ctx.error(
                Code::BadErrorCode,
                file,
                &spec.code,
                format!("the error code {code:?} is empty or holds whitespace"),
                "write the code as the service sends it, e.g. `InvalidParameter.Format` (no spaces, tabs or line breaks)",
            );
            ok = false;
            continue;
        }
        let rust = match &spec.rust_name {
            Some(name) => crate::check::types::checked_rust_type_name(ctx, file, name),
            None => {
                let name = naming::type_name(&spec.code.value);
                if name.is_none() {
                    ctx.error(
                        Code::BadRustName,
                        file,
                        &spec.code,
                        format!("no variant name can be derived from `{}`", spec.code.value),
                        "add `rust_name:` in UpperCamelCase",
                    );
                }
                name
            }
        };
        let Some(rust) = rust else {
            ok = false;
            continue;
        };
        let description =
            spec.description.as_ref().map(|d| d.value.trim().to_owned()).filter(|d| !d.is_empty() && d != "-");
        let mut doc = format!("HTTP {} `{}`: {}", spec.status.value, spec.code.value, spec.message.value.trim());
        if let Some(d) = &description {
            doc.push_str(&format!("\n\n{d}"));
        }
        for other in &spec.other_messages {
            doc.push_str(&format!("\n\nAlso sent with the message: {}", other.value.trim()));
        }
        codes.push((
            ErrorCode {
                rust,
                code: spec.code.value.clone(),
                status: spec.status.value,
                message: spec.message.value.trim().to_owned(),
                other_messages: spec.other_messages.iter().map(|m| m.value.trim().to_owned()).collect(),
                description,
                docs: doc,
            },
            &spec.code,
        ));
    }
    let unknown = if codes.iter().any(|(c, _)| c.rust == "Unknown") { "UnknownCode" } else { "Unknown" };
    let own = [unknown].into_iter().chain(reserved.iter().copied());
    for (first, later) in clashes(codes.iter().map(|(c, _)| c.rust.as_str()).chain(own)) {
        if later >= codes.len() {
            let culprit = codes[first].1;
            let what = if later == codes.len() {
                "the catch-all variant"
            } else {
                "the variant holding the codes declared product-wide"
            };
            ctx.error(
                Code::NameCollision,
                file,
                culprit,
                format!("the error code `{}` becomes `{}`, the name of {what}", culprit.value, codes[first].0.rust),
                "give it a `rust_name`",
            );
        } else if codes[later].0.code != codes[first].0.code {
            // The same code twice is reported once, as a duplicate code (E020).
            let (culprit, other) = (codes[later].1, codes[first].1);
            let note = ctx.note_at("the other code is", file, other);
            ctx.error(
                Code::NameCollision,
                file,
                culprit,
                format!(
                    "the error codes `{}` and `{}` both become the variant `{}`",
                    other.value, culprit.value, codes[later].0.rust
                ),
                "give one of them a `rust_name`",
            )
            .notes
            .push(note);
        }
        ok = false;
    }
    (ok.then(|| codes.into_iter().map(|(c, _)| c).collect()), unknown.to_owned())
}

fn check_paging(
    ctx: &mut Ctx<'_>,
    file: FileId,
    paging: &Spanned<crate::spec::PagingSpec>,
    params: &[Param],
    fields: &[Field],
) -> Option<Paging> {
    let p = &paging.value;
    let find_param = |ctx: &mut Ctx<'_>, name: &Spanned<String>| {
        let found = params.iter().find(|x| x.wire == name.value);
        match found {
            Some(x) if x.ty == Ty::I32 && !x.required => Some(x.rust.clone()),
            Some(_) => {
                ctx.error(
                    Code::BadPaging,
                    file,
                    name,
                    format!("the paging parameter `{}` must be an optional `integer`", name.value),
                    "declare it `type: integer` without `required: true`",
                );
                None
            }
            None => {
                ctx.error(
                    Code::BadPaging,
                    file,
                    name,
                    format!("`{}` is not a request parameter of this operation", name.value),
                    "name the request parameter that carries it",
                );
                None
            }
        }
    };
    let page_number = find_param(ctx, &p.page_number);
    let page_size = find_param(ctx, &p.page_size);
    let total = match fields.iter().find(|f| f.wire == p.total.value) {
        Some(f) if matches!(f.ty, Ty::I32 | Ty::I64) => Some(f.rust.clone()),
        Some(_) => {
            ctx.error(
                Code::BadPaging,
                file,
                &p.total,
                format!("the total `{}` must be an `integer` or `long` field", p.total.value),
                "point `total` at the count of all items",
            );
            None
        }
        None => {
            ctx.error(
                Code::BadPaging,
                file,
                &p.total,
                format!("`{}` is not a top-level response field", p.total.value),
                "name the response field holding the total",
            );
            None
        }
    };
    let items = match fields.iter().find(|f| f.wire == p.items.value) {
        Some(Field { ty: Ty::List(item), rust, .. }) => Some((rust.clone(), (**item).clone())),
        Some(_) => {
            ctx.error(
                Code::BadPaging,
                file,
                &p.items,
                format!("the items field `{}` must be a list", p.items.value),
                "point `items` at the list of the page's entries",
            );
            None
        }
        None => {
            ctx.error(
                Code::BadPaging,
                file,
                &p.items,
                format!("`{}` is not a top-level response field", p.items.value),
                "name the response field holding the page's items",
            );
            None
        }
    };
    let (page_number, page_size, total, (items, item)) = (page_number?, page_size?, total?, items?);
    let default_page_size =
        params.iter().find(|x| x.rust == page_size).and_then(|x| x.default.as_deref()).and_then(|d| d.parse().ok());
    Some(Paging { page_number, page_size, default_page_size, total, items, item, example: String::new() })
}
