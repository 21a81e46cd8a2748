//! Where the API reaches each declared type (`DescribeBackups › response › Items[] › BackupStatus`), so a
//! change deep inside a shared struct or enum is shown with the requests and responses it affects.

use std::collections::BTreeMap;

use codegen::model::{Field, Product, Ty, TypeDef};

/// Keeps the report readable when a type is used everywhere.
const MAX_PATHS: usize = 20;

/// The paths to every declared type of one product.
pub(crate) struct Reach {
    paths: BTreeMap<String, Vec<String>>,
}

impl Reach {
    /// Walks every operation's request and response.
    pub(crate) fn of(product: &Product) -> Reach {
        let types: BTreeMap<&str, &TypeDef> = product
            .types
            .iter()
            .chain(product.operations.iter().flat_map(|op| &op.types))
            .map(|t| (t.name(), t))
            .collect();
        let mut reach = Reach { paths: BTreeMap::new() };
        for op in &product.operations {
            for p in &op.request.params {
                if let Some(name) = named(&p.ty) {
                    reach.add(name, format!("{} › request › {}", op.name, p.wire));
                }
            }
            let mut stack = Vec::new();
            reach.walk(&types, &format!("{} › response", op.name), &op.response.fields, &mut stack);
        }
        reach
    }

    fn add(&mut self, name: &str, path: String) {
        let list = self.paths.entry(name.to_owned()).or_default();
        if list.len() < MAX_PATHS && !list.contains(&path) {
            list.push(path);
        }
    }

    fn walk<'a>(
        &mut self,
        types: &BTreeMap<&str, &'a TypeDef>,
        prefix: &str,
        fields: &'a [Field],
        stack: &mut Vec<&'a str>,
    ) {
        for f in fields {
            let list = if matches!(f.ty, Ty::List(_)) { "[]" } else { "" };
            let path = format!("{prefix} › {}{list}", f.wire);
            let Some(name) = named(&f.ty) else {
                continue;
            };
            self.add(name, path.clone());
            if let Some(TypeDef::Struct(s)) = types.get(name) {
                // A struct that (indirectly) contains itself is walked once per path.
                if !stack.contains(&s.name.as_str()) {
                    stack.push(&s.name);
                    self.walk(types, &path, &s.fields, stack);
                    stack.pop();
                }
            }
        }
    }

    /// The paths to a type (empty when nothing uses it).
    pub(crate) fn paths(&self, name: &str) -> Vec<String> {
        self.paths.get(name).cloned().unwrap_or_default()
    }
}

/// The declared type a type refers to, through lists.
fn named(ty: &Ty) -> Option<&str> {
    match ty {
        Ty::Named(n) => Some(&n.name),
        Ty::List(inner) => named(inner),
        _ => None,
    }
}
