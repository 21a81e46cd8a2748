//! The waiters a listing operation declares (`waiters:` in its spec), checked once the whole product is
//! checked (a waiter names another operation, the one that starts the work), so the emitter only prints what
//! the model says.
//!
//! Every name in a declaration is checked where it is written: the starting operation must exist and change
//! state and return the id; the list must be a response list of a structure; the id and status must be fields
//! of that structure, the status an enum whose documented values include every `done` and `failed` value; the
//! page parameter must be an integer parameter of the request.

use crate::check::Ctx;
use crate::diagnostic::Code;
use crate::model::{Enum, Field, Operation, Struct, Ty, TypeDef, Waiter};
use crate::naming;
use crate::source::FileId;
use crate::spec::{OperationSpec, Scalar, Spanned, WaiterSpec};

/// The waiters of each operation, in order; `None` where a declaration has a problem (reported).
pub(crate) fn check_waiters(
    ctx: &mut Ctx<'_>,
    shared: &[TypeDef],
    operations: &[(FileId, &OperationSpec, Operation)],
) -> Vec<Option<Vec<Waiter>>> {
    operations
        .iter()
        .map(|(file, spec, op)| {
            let mut waiters = Vec::new();
            let mut ok = true;
            for w in &spec.waiters {
                let scope = Scope { file: *file, shared, operations, describe: op };
                match scope.waiter(ctx, w) {
                    Some(waiter) => waiters.push(waiter),
                    None => ok = false,
                }
            }
            ok.then_some(waiters)
        })
        .collect()
}

struct Scope<'a> {
    file: FileId,
    shared: &'a [TypeDef],
    operations: &'a [(FileId, &'a OperationSpec, Operation)],
    describe: &'a Operation,
}

impl Scope<'_> {
    fn error(&self, ctx: &mut Ctx<'_>, at: &Spanned<impl Sized>, message: String, hint: impl Into<String>) {
        ctx.error(Code::BadWaiter, self.file, at, message, hint.into());
    }

    fn types(&self) -> impl Iterator<Item = &TypeDef> {
        self.shared.iter().chain(&self.describe.types)
    }

    fn structure(&self, name: &str) -> Option<&Struct> {
        self.types().find_map(|t| match t {
            TypeDef::Struct(s) if s.name == name => Some(s),
            _ => None,
        })
    }

    fn enumeration(&self, name: &str) -> Option<&Enum> {
        self.types().find_map(|t| match t {
            TypeDef::Enum(e) if e.name == name => Some(e),
            _ => None,
        })
    }

    fn waiter(&self, ctx: &mut Ctx<'_>, w: &WaiterSpec) -> Option<Waiter> {
        let name = &w.name.value;
        let method = naming::waiter_method(name);
        if method.is_none() {
            self.error(
                ctx,
                &w.name,
                format!("`{name}` is not a usable waiter name"),
                "write it in UpperCamelCase, e.g. `BackupSetSucceeded` for `wait_until_backup_set_succeeded`",
            );
        }
        let started = self.started_by(ctx, w);
        let list = self.describe.response.fields.iter().find(|f| f.wire == w.list.value);
        let Some((list, item, item_struct)) = list.and_then(|f| self.item_of(f).map(|(i, s)| (f, i, s))) else {
            let lists: Vec<&str> = self
                .describe
                .response
                .fields
                .iter()
                .filter(|f| matches!(f.ty, Ty::List(_)))
                .map(|f| f.wire.as_str())
                .collect();
            self.error(
                ctx,
                &w.list,
                format!("`{}` is not a list of structures in the response of {}", w.list.value, self.describe.name),
                format!("name one of: {}", crate::check::code_list(&lists)),
            );
            return None;
        };
        let id = self.id(ctx, item_struct, &w.id, w.started_id.as_ref(), started);
        let status = self.member(ctx, item_struct, &w.status, "status");
        let status_enum = match status.map(|s| &s.ty) {
            Some(Ty::Named(n)) => self.enumeration(&n.name),
            _ => None,
        };
        let (done, failed) = match (status, status_enum) {
            (Some(_), Some(e)) => (self.variants(ctx, e, &w.done), self.variants(ctx, e, &w.failed)),
            (Some(status), None) => {
                self.error(
                    ctx,
                    &w.status,
                    format!("the status `{}` is not an enum", status.wire),
                    "a waiter compares the status with documented values",
                );
                (None, None)
            }
            (None, _) => (None, None),
        };
        let page_number = match &w.page_number {
            Some(p) => Some(self.page_number(ctx, p)?),
            None => None,
        };
        let (method, started, id, status, done, failed) = (method?, started?, id?, status?, done?, failed?);
        let item_name = item_struct.name.clone();
        let described = w.description.as_ref().map(|d| format!("{}\n\n", d.value.trim())).unwrap_or_default();
        let walk = if page_number.is_some() {
            format!("walking its pages from the page number set in `poll` (or 1) until the {item_name} is listed")
        } else {
            format!("sent unchanged each time: narrow it, e.g. by time range, so the {item_name} is on its one page")
        };
        let docs = format!(
            "{described}Waits until the `{item_name}` whose `{id}` {returned} reaches `{status}` = {done}, \
             polling `{op}` with `poll` ({walk}).\n\n\
             Returns a [`runtime::waiter::Wait`]: set `.max_wait(..)` (default 30 minutes), `.initial_delay(..)` or \
             `.max_delay(..)`, then `.await` it. It polls at once, then with doubling delays up to the maximum delay, \
             until the deadline, and returns the {item_name} as last listed. A {failed} status is [`runtime::waiter::WaitError::Failed`] \
             (not a timeout); the deadline is [`runtime::waiter::WaitError::Timeout`]; a poll failing with a \
             retryable error (after the client's own retries) is tolerated until the deadline, any other error ends \
             the wait as [`runtime::waiter::WaitError::Call`].",
            id = id.wire,
            returned = match &w.started_id {
                Some(r) => format!("is the `{}` {} returned", r.value, started.name),
                None => format!("{} returned", started.name),
            },
            status = status.wire,
            done = done.join(" or "),
            failed = failed.join(" or "),
            op = self.describe.name,
        );
        Some(Waiter {
            method,
            docs,
            started_by: started.name.clone(),
            page_number,
            list: list.clone(),
            item: item.clone(),
            item_name,
            id: id.clone(),
            status: status.clone(),
            done,
            failed,
            example: String::new(),
        })
    }

    /// The item's id field: a string or integer that the starting operation returns.
    fn id<'s>(
        &self,
        ctx: &mut Ctx<'_>,
        item: &'s Struct,
        wire: &Spanned<String>,
        started_id: Option<&Spanned<String>>,
        started: Option<&Operation>,
    ) -> Option<&'s Field> {
        let id = self.member(ctx, item, wire, "id")?;
        if !matches!(id.ty, Ty::String | Ty::I32 | Ty::I64) {
            self.error(ctx, wire, format!("the id `{}` is not a string or integer", id.wire), "name the item's id");
            return None;
        }
        let returned = started_id.unwrap_or(wire);
        if let Some(started) = started.filter(|op| !returns(op, &returned.value)) {
            self.error(
                ctx,
                returned,
                format!("{} does not return a field `{}`", started.name, returned.value),
                "the id must be what the starting operation returns, so the caller can wait for it; name the returned field with `started_id` when it is called otherwise",
            );
            return None;
        }
        Some(id)
    }

    fn started_by(&self, ctx: &mut Ctx<'_>, w: &WaiterSpec) -> Option<&Operation> {
        let found = self.operations.iter().map(|(_, _, o)| o).find(|o| o.name == w.started_by.value);
        match found {
            Some(op) if op.changes_state => Some(op),
            Some(op) => {
                self.error(
                    ctx,
                    &w.started_by,
                    format!("{} does not change state, so it starts nothing to wait for", op.name),
                    "name the operation that starts the work (and set its `changes_state: true`)",
                );
                None
            }
            None => {
                let starting: Vec<&str> = self
                    .operations
                    .iter()
                    .filter(|(_, _, o)| o.changes_state)
                    .map(|(_, _, o)| o.name.as_str())
                    .collect();
                self.error(
                    ctx,
                    &w.started_by,
                    format!("no operation `{}` in this product", w.started_by.value),
                    format!("name one of: {}", crate::check::code_list(&starting)),
                );
                None
            }
        }
    }

    /// A list field's item type, when it is a structure.
    fn item_of<'f>(&'f self, list: &'f Field) -> Option<(&'f Ty, &'f Struct)> {
        let Ty::List(item) = &list.ty else { return None };
        let Ty::Named(n) = item.as_ref() else { return None };
        Some((item.as_ref(), self.structure(&n.name)?))
    }

    fn member<'s>(&self, ctx: &mut Ctx<'_>, item: &'s Struct, wire: &Spanned<String>, what: &str) -> Option<&'s Field> {
        let found = item.fields.iter().find(|f| f.wire == wire.value);
        if found.is_none() {
            let names: Vec<&str> = item.fields.iter().map(|f| f.wire.as_str()).collect();
            self.error(
                ctx,
                wire,
                format!("the {what} `{}` is not a field of `{}`", wire.value, item.name),
                format!("name one of: {}", crate::check::code_list(&names)),
            );
        }
        found
    }

    /// The Rust variants of the status values listed.
    fn variants(
        &self,
        ctx: &mut Ctx<'_>,
        status: &Enum,
        values: &Spanned<Vec<Spanned<Scalar>>>,
    ) -> Option<Vec<String>> {
        if values.value.is_empty() {
            self.error(
                ctx,
                values,
                "no status value is listed".to_owned(),
                "list the documented values that end the wait",
            );
            return None;
        }
        let mut out = Vec::new();
        for value in &values.value {
            let text = value.value.to_wire_string();
            match status.variants.iter().find(|v| v.value == text) {
                Some(v) => out.push(v.rust.clone()),
                None => {
                    let documented: Vec<&str> = status.variants.iter().map(|v| v.value.as_str()).collect();
                    self.error(
                        ctx,
                        value,
                        format!("`{text}` is not a documented value of `{}`", status.name),
                        format!("write one of: {}", crate::check::code_list(&documented)),
                    );
                    return None;
                }
            }
        }
        Some(out)
    }

    fn page_number(&self, ctx: &mut Ctx<'_>, wire: &Spanned<String>) -> Option<String> {
        match self.describe.request.params.iter().find(|p| p.wire == wire.value) {
            Some(p) if matches!(p.ty, Ty::I32) && !p.required => Some(p.rust.clone()),
            Some(_) => {
                self.error(
                    ctx,
                    wire,
                    format!("the page parameter `{}` is not an optional `integer`", wire.value),
                    "name the request's page number",
                );
                None
            }
            None => {
                self.error(
                    ctx,
                    wire,
                    format!("`{}` is not a request parameter of {}", wire.value, self.describe.name),
                    "name the request's page number",
                );
                None
            }
        }
    }
}

/// Whether an operation returns a field with this wire name (in its response or its own types).
fn returns(op: &Operation, wire: &str) -> bool {
    let has = |s: &Struct| s.fields.iter().any(|f| f.wire == wire);
    has(&op.response) || op.types.iter().any(|t| matches!(t, TypeDef::Struct(s) if has(s)))
}
