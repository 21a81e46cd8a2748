//! Structures that requests send: which they are, and whether a request can carry them.
//!
//! A structure used as a request parameter (or inside one, at any depth) is flattened into the query or written
//! as JSON from its fields' wire names, and its fields' constraints are checked before sending. Which
//! structures those are is known only once every operation is checked, so this pass runs after them: it marks
//! each reached structure `in_request` (the emitter then writes its table of limits) and refuses what a request
//! cannot carry: a field's response-only wire form (`wrapper`, `one_or_many`) and a structure that contains
//! itself (its flattening would have no end, and its limits table would refer to itself).

use std::collections::{BTreeMap, BTreeSet};

use crate::check::Ctx;
use crate::diagnostic::Code;
use crate::model::{NamedKind, Operation, Struct, Ty, TypeDef, WireForm};
use crate::naming;
use crate::source::FileId;
use crate::spec::{OperationSpec, TypeSpec};

/// The declarations of a product's types, by Rust name, with their file: where diagnostics point.
pub(crate) type Declarations<'a> = BTreeMap<String, (FileId, &'a TypeSpec)>;

/// Collects the declarations of `product.yaml` and of every operation file.
pub(crate) fn declarations<'a>(
    product: (FileId, &'a [TypeSpec]),
    operations: impl IntoIterator<Item = (FileId, &'a OperationSpec)>,
) -> Declarations<'a> {
    let mut out = BTreeMap::new();
    let files = std::iter::once(product).chain(operations.into_iter().map(|(f, op)| (f, op.types.as_slice())));
    for (file, types) in files {
        for spec in types {
            if let Some(rust) = naming::type_name(&spec.name.value) {
                out.entry(rust).or_insert((file, spec));
            }
        }
    }
    out
}

/// Marks every structure a request sends and checks that a request can carry it; false when one cannot
/// (reported).
pub(crate) fn mark_request_types(
    ctx: &mut Ctx<'_>,
    declarations: &Declarations<'_>,
    shared: &mut [TypeDef],
    operations: &mut [Operation],
) -> bool {
    let mut structs: BTreeMap<String, Struct> = BTreeMap::new();
    let all = shared.iter().chain(operations.iter().flat_map(|op| op.types.iter()));
    for def in all {
        if let TypeDef::Struct(s) = def {
            structs.insert(s.name.clone(), s.clone());
        }
    }
    let mut reached = BTreeSet::new();
    let mut ok = true;
    for op in operations.iter() {
        for param in &op.request.params {
            if let Some(root) = struct_in(&param.ty) {
                ok &= visit(ctx, declarations, &structs, root, &mut Vec::new(), &mut reached);
            }
        }
    }
    if !ok {
        return false;
    }
    // Which reached structures have limits at some depth (no structure a request sends contains itself now).
    let mut limited = BTreeMap::new();
    for name in &reached {
        has_limits(name, &structs, &mut limited);
    }
    let limited: BTreeSet<String> = limited.into_iter().filter(|(_, l)| *l).map(|(n, _)| n).collect();
    let holds_limited = |ty: &Ty| struct_in(ty).is_some_and(|s| limited.contains(s));
    let defs = shared.iter_mut().chain(operations.iter_mut().flat_map(|op| op.types.iter_mut()));
    for def in defs {
        let TypeDef::Struct(s) = def else { continue };
        if !reached.contains(&s.name) {
            continue;
        }
        s.in_request = true;
        s.limited = limited.contains(&s.name);
        for field in &mut s.fields {
            field.members = holds_limited(&field.ty);
        }
        s.docs.push_str(
            "\n\nRequests send it: start from `Default::default()` and set the fields to send (unset fields are \
             not sent).",
        );
        if s.limited {
            s.docs.push_str(" The documented limits of its fields (`LIMITS`) are checked before sending.");
        }
    }
    for param in operations.iter_mut().flat_map(|op| op.request.params.iter_mut()) {
        param.members = holds_limited(&param.ty);
    }
    true
}

/// Whether a structure, or one it holds at any depth, has a field with limits (memoised in `known`).
fn has_limits(name: &str, structs: &BTreeMap<String, Struct>, known: &mut BTreeMap<String, bool>) -> bool {
    if let Some(done) = known.get(name) {
        return *done;
    }
    let Some(s) = structs.get(name) else { return false };
    let limited = s
        .fields
        .iter()
        .any(|f| !f.limits.is_empty() || struct_in(&f.ty).is_some_and(|inner| has_limits(inner, structs, known)));
    known.insert(name.to_owned(), limited);
    limited
}

/// The structure a type holds (itself or as the items of a list, at any depth).
fn struct_in(ty: &Ty) -> Option<&str> {
    match ty {
        Ty::List(inner) => struct_in(inner),
        Ty::Named(n) if n.kind == NamedKind::Struct => Some(&n.name),
        _ => None,
    }
}

fn visit(
    ctx: &mut Ctx<'_>,
    declarations: &Declarations<'_>,
    structs: &BTreeMap<String, Struct>,
    name: &str,
    path: &mut Vec<String>,
    reached: &mut BTreeSet<String>,
) -> bool {
    let declared = declarations.get(name);
    if path.iter().any(|p| p == name) {
        if let Some((file, spec)) = declared {
            let cycle = path.join(" → ");
            ctx.error(
                Code::BadRequestStruct,
                *file,
                &spec.name,
                format!("the structure `{name}` contains itself ({cycle} → {name}) and a request sends it"),
                "a request value must have an end: give the inner one its own structure without the loop",
            );
        }
        return false;
    }
    if !reached.insert(name.to_owned()) {
        return true;
    }
    let Some(s) = structs.get(name) else { return true };
    let mut ok = true;
    path.push(name.to_owned());
    for field in &s.fields {
        if field.wire_form != WireForm::Native && field.wire_form != WireForm::String {
            ok = false;
            let key = if matches!(field.wire_form, WireForm::OneOrMany) { "one_or_many" } else { "wrapper" };
            let at = declared.and_then(|(file, spec)| {
                let fields = &spec.fields.as_ref()?.value;
                let f = fields.iter().find(|f| f.name.value == field.wire)?;
                Some((
                    *file,
                    f.wrapper
                        .as_ref()
                        .map(|w| ctx.loc(*file, w))
                        .or(f.one_or_many.as_ref().map(|o| ctx.loc(*file, o)))?,
                ))
            });
            if let Some((_, loc)) = at {
                ctx.report(crate::diagnostic::Diagnostic::new(
                    Code::BadRequestStruct,
                    loc,
                    format!("`{}` of `{name}` has `{key}`, a response form, but a request sends `{name}`", field.wire),
                    "remove it: a request writes a list as a list, and a structure as itself",
                ));
            }
        }
        if let Some(inner) = struct_in(&field.ty) {
            ok &= visit(ctx, declarations, structs, inner, path, reached);
        }
    }
    path.pop();
    ok
}
