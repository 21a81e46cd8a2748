//! Which Describe operations get waiters, decided once the whole product is checked (the pairing needs every
//! operation), so the emitter only prints what the model says.
//!
//! The spec format has no waiter section yet, so the pairing is read off the product, by rules that match
//! PolarDB-X's CreateBackup / DescribeBackupSetList and nothing accidental: a Describe operation (not changing
//! state) whose response holds a list of a struct that has
//! - an id field (wire name ending in `Id`) that a state-changing operation of the same product returns, and
//! - a status field whose enum has a success value (`Succeeded` or `Success`) and a `Failed` value.

use crate::model::{Field, Operation, Struct, Ty, TypeDef, Waiter};
use crate::naming;

/// Fills in each operation's `waiters`; `shared` are the product's shared types.
pub(crate) fn add_waiters(shared: &[TypeDef], operations: &mut [Operation]) {
    let found: Vec<Vec<Waiter>> = operations.iter().map(|op| waiters(shared, operations, op)).collect();
    for (op, waiters) in operations.iter_mut().zip(found) {
        op.waiters = waiters;
    }
}

fn waiters(shared: &[TypeDef], operations: &[Operation], describe: &Operation) -> Vec<Waiter> {
    if describe.changes_state {
        return Vec::new();
    }
    let types = || shared.iter().chain(&describe.types);
    let mut out = Vec::new();
    for list in &describe.response.fields {
        let Ty::List(item) = &list.ty else { continue };
        let Ty::Named(named) = item.as_ref() else { continue };
        let Some(item_struct) = types().find_map(|t| match t {
            TypeDef::Struct(s) if s.name == named.name => Some(s),
            _ => None,
        }) else {
            continue;
        };
        let Some(id) = item_struct.fields.iter().find(|f| f.wire.ends_with("Id") && created_by(operations, &f.wire))
        else {
            continue;
        };
        let Some((status, done, failed)) = item_struct.fields.iter().find_map(|f| status_values(types(), f)) else {
            continue;
        };
        out.push(Waiter {
            method: naming::waiter_method(&item_struct.name),
            list: list.clone(),
            item: item.as_ref().clone(),
            item_name: item_struct.name.clone(),
            id: id.clone(),
            status: status.clone(),
            done,
            failed,
        });
    }
    out
}

/// Whether a state-changing operation returns a field with this wire name (in its response or its own types).
fn created_by(operations: &[Operation], wire: &str) -> bool {
    let has = |s: &Struct| s.fields.iter().any(|f| f.wire == wire);
    operations
        .iter()
        .filter(|o| o.changes_state)
        .any(|o| has(&o.response) || o.types.iter().any(|t| matches!(t, TypeDef::Struct(s) if has(s))))
}

/// The field with its enum's success and failure variants, when `f` is such a status field.
fn status_values<'a>(
    mut types: impl Iterator<Item = &'a TypeDef>,
    f: &'a Field,
) -> Option<(&'a Field, String, String)> {
    let Ty::Named(n) = &f.ty else { return None };
    let e = types.find_map(|t| match t {
        TypeDef::Enum(e) if e.name == n.name => Some(e),
        _ => None,
    })?;
    let variant = |names: &[&str]| e.variants.iter().find(|v| names.contains(&v.rust.as_str())).map(|v| v.rust.clone());
    Some((f, variant(&["Succeeded", "Success"])?, variant(&["Failed"])?))
}
