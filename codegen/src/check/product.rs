//! One product folder: `product.yaml`, its shared types, and every operation in it.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::check::docs::Doc;
use crate::check::examples::fill_examples;
use crate::check::operation::{check_common_errors, check_operation, CommonCodes, COMMON_ENUM, COMMON_VARIANT};
use crate::check::request_types::{declarations, mark_request_types};
use crate::check::samples::check_samples;
use crate::check::types::{declare, define, Scope, Symbols, Usage};
use crate::check::waiters::check_waiters;
use crate::check::Ctx;
use crate::diagnostic::{Code, Diagnostic};
use crate::load::ProductFiles;
use crate::model::{CommonVariant, Endpoints, Operation, Product, ProductDocs, Signature, SourceRef, TypeDef};
use crate::naming;
use crate::source::{FileId, Loc};
use crate::spec::ProductSpec;

/// Checks a product folder; `None` when anything in it is wrong (already reported).
pub(crate) fn check_product(ctx: &mut Ctx<'_>, folder: &ProductFiles) -> Option<Product> {
    let Some((file, spec)) = &folder.product else {
        if !folder.broken {
            if let Some((first, _, _)) = folder.operations.first() {
                let loc = Loc::at(*first, 1, 1, ctx.sources.file(*first));
                ctx.report(Diagnostic::new(
                    Code::MissingProduct,
                    loc,
                    format!("the folder `{}` has operations but no product.yaml", folder.folder),
                    "add product.yaml with the product's name, code, version and endpoints (see specs/README.md)",
                ));
            }
        }
        return None;
    };
    let file = *file;
    let header = check_header(ctx, file, spec);

    let mut symbols = Symbols::new();
    let mut declared_at = BTreeMap::new();
    declare(ctx, file, None, &spec.types, &mut symbols, &mut declared_at);
    for (op_file, _, op) in &folder.operations {
        declare(ctx, *op_file, Some(&op.name.value), &op.types, &mut symbols, &mut declared_at);
    }

    let mut usage = Usage::default();
    let scope = Scope { file, owner: None, symbols: &symbols };
    let shared: Vec<TypeDef> = spec.types.iter().filter_map(|t| define(ctx, &scope, t, &mut usage)).collect();
    let mut ok = shared.len() == spec.types.len() && !folder.broken;
    let product_name = spec.name.value.trim();
    let common_errors = check_common_errors(ctx, file, product_name, &spec.errors);
    ok &= common_errors.is_some();
    let common = (!spec.errors.is_empty()).then(|| CommonCodes {
        file,
        specs: &spec.errors,
        variant: CommonVariant {
            rust: COMMON_VARIANT.to_owned(),
            ty: COMMON_ENUM.to_owned(),
            docs: format!("A code every operation of {product_name} can answer."),
        },
    });

    let mut operations = Vec::new();
    for (op_file, stem, op) in &folder.operations {
        let scope = Scope { file: *op_file, owner: Some(&op.name.value), symbols: &symbols };
        let source = source_ref(ctx, *op_file);
        match check_operation(ctx, &scope, stem, op, &mut usage, source, common.as_ref()) {
            Some(operation) => operations.push((*op_file, op, operation)),
            None => ok = false,
        }
    }
    ok &= check_unique_operations(ctx, folder);
    ok &= check_unused(ctx, &declared_at, &usage);
    let (types, header) = (shared, header?);
    if !ok {
        return None;
    }
    let common_errors = common_errors.flatten();
    ok &= check_generated_names(ctx, &declared_at, &operations, common_errors.is_some());

    // Samples need every type of the product, so they are checked once all types exist.
    let mut defs: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name(), t)).collect();
    for (_, _, op) in &operations {
        defs.extend(op.types.iter().map(|t| (t.name(), t)));
    }
    let samples: Vec<_> = operations
        .iter()
        .map(|(op_file, spec, op)| check_samples(ctx, *op_file, &spec.samples, &op.response, &defs))
        .collect();
    drop(defs);
    let waiters = check_waiters(ctx, &types, &operations);
    let mut done = Vec::new();
    for (((_, _, mut op), samples), waiters) in operations.into_iter().zip(samples).zip(waiters) {
        match (samples, waiters) {
            (Some(s), Some(w)) => (op.samples, op.waiters) = (s, w),
            _ => ok = false,
        }
        done.push(op);
    }
    done.sort_by(|a, b| a.name.cmp(&b.name));
    let example = fill_examples(&types, &mut done);
    ok &= check_client_names(ctx, folder, &done);
    let mut types = types;
    let decls = declarations((file, &spec.types), folder.operations.iter().map(|(f, _, op)| (*f, op)));
    ok &= mark_request_types(ctx, &decls, &mut types, &mut done);
    let (display_name, code, module, version, signature, docs, endpoints) = header;
    let item_docs = ProductDocs {
        module: format!("The client of {display_name} and how it reaches the service."),
        client: format!(
            "A client for {display_name} (API version {version}). Cheap to clone; clones share connections."
        ),
        service: format!("How to reach {display_name}: product code, API version, signature and endpoints."),
        types_module: match common_errors {
            None => format!("Types shared by several operations of {display_name}."),
            Some(_) => format!(
                "Types shared by several operations of {display_name}, and the error codes any of its operations can \
                 answer."
            ),
        },
        server_module: format!(
            "The server side of {display_name} (API version {version}), for local emulators and tests.\n\n\
             Implement [`Service`] (one method per operation: the typed request in, the typed response or a\n\
             documented [`runtime::server::Fault`] out) and hand decoded requests to [`dispatch`]. HTTP, signature\n\
             checks and state belong to the server using this module (see the `emulator` crate).\n\n\
             Built with the crate's `server` feature, so applications that only call the service do not compile it."
        ),
        server_trait: format!(
            "What a server of {display_name} implements: one method per operation.\n\n\
             A method's `RequestId` may be left empty; [`dispatch`] fills it in from the context."
        ),
    };
    ok.then(|| Product {
        display_name,
        code,
        module,
        version,
        signature,
        docs,
        endpoints,
        types,
        common_errors,
        operations: done,
        example,
        item_docs,
        source: source_ref(ctx, file),
    })
}

type Header = (String, String, String, String, Signature, String, Endpoints);

/// Names a product module cannot have: each product is a feature and a module of the facade crate, which also has
/// the features `default` and `server`, re-exports `runtime`, and must not shadow the standard crates.
const RESERVED_MODULES: [&str; 6] = ["default", "server", "runtime", "std", "core", "alloc"];

fn check_header(ctx: &mut Ctx<'_>, file: FileId, spec: &ProductSpec) -> Option<Header> {
    let mut ok = true;
    let module = match &spec.module {
        Some(m) if RESERVED_MODULES.contains(&m.value.as_str()) => {
            ctx.error(
                Code::BadRustName,
                file,
                m,
                format!("`module: {}` is a name the generated SDK crate already uses", m.value),
                "the SDK crate has the features `default` and `server` and re-exports `runtime` (and the standard \
                 crates are `std`, `core`, `alloc`); name the module after the product instead",
            );
            None
        }
        Some(m)
            if naming::is_identifier(&m.value)
                && !naming::is_keyword(&m.value)
                && m.value == m.value.to_lowercase() =>
        {
            Some(m.value.clone())
        }
        Some(m) => {
            ctx.error(
                Code::BadRustName,
                file,
                m,
                format!("`module: {}` is not a snake_case module name", m.value),
                "use lower case letters, digits and `_`, e.g. `r_kvstore`",
            );
            None
        }
        None => match naming::field_name(&spec.code.value) {
            Some(derived) if RESERVED_MODULES.contains(&derived.as_str()) => {
                ctx.error(
                    Code::BadRustName,
                    file,
                    &spec.code,
                    format!(
                        "the module derived from `code: {}` is `{derived}`, a name the generated SDK crate already uses",
                        spec.code.value
                    ),
                    "add `module:` with another snake_case name",
                );
                None
            }
            Some(derived) => Some(derived),
            None => {
                ctx.error(
                    Code::BadRustName,
                    file,
                    &spec.code,
                    format!("no module name can be derived from `{}`", spec.code.value),
                    "add `module:` with a snake_case name",
                );
                None
            }
        },
    };
    if spec.style.value != "RPC" {
        ctx.error(
            Code::BadProtocol,
            file,
            &spec.style,
            format!("unknown API style `{}`", spec.style.value),
            "these APIs are `RPC` style: every parameter in the query",
        );
        ok = false;
    }
    let signature = match spec.signature.as_ref().map(|s| s.value.as_str()) {
        None | Some("ACS3-HMAC-SHA256") => Some(Signature::V3),
        Some("HMAC-SHA1") => Some(Signature::V1),
        Some(other) => {
            let at = spec.signature.as_ref()?;
            ctx.error(
                Code::BadProtocol,
                file,
                at,
                format!("unknown signature `{other}`"),
                "use `ACS3-HMAC-SHA256` (V3, the default) or `HMAC-SHA1` (RPC V1)",
            );
            None
        }
    };
    let endpoints = check_endpoints(ctx, file, spec);
    let version = spec.version.value.trim();
    if version.is_empty() {
        ctx.error(
            Code::WrongValueType,
            file,
            &spec.version,
            "the API version is empty",
            "write the version as on the page, quoted: \"2014-08-15\"",
        );
        ok = false;
    }
    let mut docs =
        Doc::new(None, &format!("{} (`{}`, API version {version}).", spec.name.value.trim(), spec.code.value));
    if let Some(d) = &spec.doc {
        docs = docs.para(format!("API reference: <{}>", d.value.trim()));
    }
    let (Some(module), Some(signature), Some(endpoints), true) = (module, signature, endpoints, ok) else {
        return None;
    };
    Some((
        spec.name.value.trim().to_owned(),
        spec.code.value.clone(),
        module,
        version.to_owned(),
        signature,
        docs.build(),
        endpoints,
    ))
}

fn check_endpoints(ctx: &mut Ctx<'_>, file: FileId, spec: &ProductSpec) -> Option<Endpoints> {
    let e = &spec.endpoints;
    let mut ok = true;
    if !e.regional.value.contains("{region}") {
        ctx.error(
            Code::BadEndpoint,
            file,
            &e.regional,
            "the regional endpoint has no `{region}`",
            "write the host pattern with `{region}`, e.g. `rds.{region}.aliyuncs.com`",
        );
        ok = false;
    }
    if let (None, Some(first)) = (&e.central, e.central_regions.first()) {
        ctx.error(
            Code::BadEndpoint,
            file,
            first,
            "`central_regions` is set but `central` is not",
            "add `central:` with the shared host, or remove `central_regions`",
        );
        ok = false;
    }
    for host in e.hosts.values().chain(e.central.iter()) {
        if host.value.is_empty() || host.value.contains(['/', ' ', '{']) {
            ctx.error(
                Code::BadEndpoint,
                file,
                host,
                format!("`{}` is not a host name", host.value),
                "write a bare host such as `rds.aliyuncs.com`",
            );
            ok = false;
        }
    }
    ok.then(|| Endpoints {
        regional: e.regional.value.clone(),
        central: e.central.as_ref().map(|c| c.value.clone()),
        central_regions: e.central_regions.iter().map(|r| r.value.clone()).collect(),
        hosts: e.hosts.iter().map(|(k, v)| (k.clone(), v.value.clone())).collect(),
    })
}

/// Two files of a folder must not hold the same operation (`X.yaml` and `X.yml`), nor two operations that
/// become the same Rust module (`DescribeDBBackups` and `DescribeDbBackups`).
fn check_unique_operations(ctx: &mut Ctx<'_>, folder: &ProductFiles) -> bool {
    let modules: Vec<String> = folder
        .operations
        .iter()
        .map(|(_, _, op)| naming::operation_module(&op.name.value).unwrap_or_default())
        .collect();
    let mut ok = true;
    for (first, later) in crate::check::clashes(modules.iter().map(String::as_str)) {
        if modules[first].is_empty() {
            continue;
        }
        let (first_file, _, first_op) = &folder.operations[first];
        let (later_file, _, later_op) = &folder.operations[later];
        let note = ctx.note_at("the other one is", *first_file, &first_op.name);
        let (message, hint) = if first_op.name.value == later_op.name.value {
            (
                format!("the operation `{}` is declared twice in this product", later_op.name.value),
                "keep one file per operation and delete the other copy",
            )
        } else {
            (
                format!(
                    "the operations `{}` and `{}` both become the module `{}`",
                    first_op.name.value, later_op.name.value, modules[later]
                ),
                "an operation name is the API action as the service spells it: one of the two is misspelt",
            )
        };
        ctx.error(Code::DuplicateOperation, *later_file, &later_op.name, message, hint).notes.push(note);
        ok = false;
    }
    ok
}

/// What a product crate's root already declares besides operation modules: `mod client`, `mod types`,
/// `pub mod server`, `pub use runtime`.
const PRODUCT_ROOT_NAMES: &[&str] = &["client", "types", "server", "runtime"];

/// The methods a product's `Client` has of its own.
const CLIENT_OWN_METHODS: &[&str] = &["new", "runtime"];

/// Each operation adds a module to its product's crate and methods to its `Client` (the builder method named
/// like the module, `send_<module>`, and its waiters): none may take a name the crate or client already has,
/// and no two operations may give the client the same method.
fn check_client_names(ctx: &mut Ctx<'_>, folder: &ProductFiles, operations: &[Operation]) -> bool {
    let name_of = |op: &Operation| {
        folder
            .operations
            .iter()
            .find(|(_, _, spec)| spec.name.value == op.name)
            .map(|(file, _, spec)| (*file, &spec.name))
    };
    let mut ok = true;
    // (method, what it does, the operation adding it)
    let mut methods: Vec<(&str, String, &Operation)> = Vec::new();
    for op in operations {
        let Some((file, name)) = name_of(op) else { continue };
        if PRODUCT_ROOT_NAMES.contains(&op.module.as_str()) || CLIENT_OWN_METHODS.contains(&op.module.as_str()) {
            ctx.error(
                Code::BadRustName,
                file,
                name,
                format!(
                    "the operation `{}` would become the module and client method `{}`, a name the product crate \
                     already uses",
                    op.name, op.module
                ),
                format!(
                    "operation names are API actions such as `DescribeBackups`; the crate reserves {} and the \
                     client has {}",
                    crate::check::code_list(PRODUCT_ROOT_NAMES),
                    crate::check::code_list(CLIENT_OWN_METHODS)
                ),
            );
            ok = false;
            continue;
        }
        methods.push((&op.module, format!("builds a `{}` request", op.name), op));
        methods.push((&op.send, format!("sends a prebuilt `{}` request", op.name), op));
        for w in &op.waiters {
            methods.push((&w.method, format!("waits for a `{}` by polling `{}`", w.item_name, op.name), op));
        }
    }
    for (first, later) in crate::check::clashes(methods.iter().map(|(method, _, _)| *method)) {
        let ((method, first_role, first_op), (_, later_role, later_op)) = (&methods[first], &methods[later]);
        let (Some((later_file, later_name)), Some((first_file, first_name))) = (name_of(later_op), name_of(first_op))
        else {
            continue;
        };
        let note =
            ctx.note_at(&format!("`{}`, which gets `{method}`, is declared", first_op.name), first_file, first_name);
        ctx.error(
            Code::NameCollision,
            later_file,
            later_name,
            format!("the client would have two methods called `{method}`: one {first_role}, one {later_role}"),
            "check the operation name against the API reference: an action is spelt as the service spells it, \
             and no spec key renames client methods",
        )
        .notes
        .push(note);
        ok = false;
    }
    ok
}

fn check_unused(
    ctx: &mut Ctx<'_>,
    declared_at: &BTreeMap<String, (FileId, crate::spec::Spanned<String>)>,
    usage: &Usage,
) -> bool {
    let mut ok = true;
    if usage.unresolved {
        // A reference that did not resolve (already reported) may have been meant for a type that looks unused.
        return ok;
    }
    for (name, (file, at)) in declared_at {
        if !usage.types.contains(name) {
            ctx.error(
                Code::UnusedType,
                *file,
                at,
                format!("the type `{name}` is declared but nothing uses it"),
                "use it in a parameter or field, or delete it",
            );
            ok = false;
        }
    }
    ok
}

/// Declared type names must not collide with the names generated per operation (`XRequest`, `XError`, ...).
fn check_generated_names(
    ctx: &mut Ctx<'_>,
    declared_at: &BTreeMap<String, (FileId, crate::spec::Spanned<String>)>,
    operations: &[(FileId, &crate::spec::OperationSpec, crate::model::Operation)],
    common_errors: bool,
) -> bool {
    let mut generated = BTreeMap::new();
    for (_, _, op) in operations {
        for name in [&op.request.name, &op.request.builder, &op.response.name, &op.errors.name] {
            generated.insert(name.clone(), format!("operation {}", op.name));
        }
    }
    let mut ok = true;
    if common_errors {
        // The product's enum of product-wide codes sits beside every operation's items in the crate root.
        // Of an operation's generated names only its error enum (`<Operation>ErrorCode`) can be that name.
        for (file, spec, op) in operations {
            if op.errors.name == COMMON_ENUM {
                ctx.error(
                    Code::NameCollision,
                    *file,
                    &spec.name,
                    format!(
                        "the operation `{}` gets the error enum `{COMMON_ENUM}`, the name of the product's enum of \
                         product-wide codes",
                        op.name
                    ),
                    "check the operation name against the API reference",
                );
                ok = false;
            }
        }
        generated.insert(COMMON_ENUM.to_owned(), "the product's codes declared product-wide".to_owned());
    }
    for (name, (file, at)) in declared_at {
        let rust = naming::type_name(name).unwrap_or_default();
        if let Some(op) = generated.get(&rust) {
            ctx.error(
                Code::NameCollision,
                *file,
                at,
                format!("the type `{name}` has the name generated for {op}"),
                format!("rename it, e.g. `{name}Item`"),
            );
            ok = false;
        }
    }
    ok
}

fn source_ref(ctx: &Ctx<'_>, file: FileId) -> SourceRef {
    let source = ctx.sources.file(file);
    let digest = Sha256::digest(source.text.as_bytes());
    SourceRef { path: source.path.clone(), sha256: digest.iter().map(|b| format!("{b:02x}")).collect() }
}

/// Two folders must not produce the same module, nor two products the same code.
pub(crate) fn check_unique_modules(ctx: &mut Ctx<'_>, folders: &[ProductFiles], products: &[Product]) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for p in products {
        if let Some(other) = seen.insert(&p.module, &p.source.path) {
            let file = folders
                .iter()
                .filter_map(|f| f.product.as_ref())
                .find(|(id, _)| ctx.sources.file(*id).path == p.source.path)
                .map(|(id, spec)| (*id, spec.module.clone().unwrap_or_else(|| spec.code.clone())));
            if let Some((id, at)) = file {
                ctx.error(
                    Code::DuplicateOperation,
                    id,
                    &at,
                    format!("two products use the module name `{}`", p.module),
                    format!("the other is {other}; set a distinct `module:`"),
                );
            }
        }
    }
}
