//! Alibaba Cloud's OpenAPI metadata (the `api-docs.json` documents the official SDKs and reference pages are
//! made from) as spec files: the library behind `cargo xtask import-meta`.
//!
//! One direction, three steps: [`meta::parse`] reads the metadata (an error names the action and the JSON path),
//! [`decide::decide`] makes every spec decision for one action into an [`decide::OpDraft`] (guesses recorded),
//! and [`render::operation`] writes it as YAML (a draft the checker refuses until reviewed, or, with
//! [`render::Mode::NoDraft`], a spec for the checker as it is). [`product::decide`] and [`render::product`] do the
//! same for `product.yaml`; [`compare::disagreements`] reports how the metadata and an existing spec disagree.
//! Nothing here reads or writes files.

pub mod compare;
pub mod decide;
mod error;
pub mod meta;
pub mod product;
pub mod render;

pub use error::MetaError;

use decide::{Namespace, OpDraft};
use meta::Metadata;

/// Which actions to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    All,
    Only(Vec<String>),
}

/// One imported action.
#[derive(Debug, Clone)]
pub struct Imported {
    pub draft: OpDraft,
    pub yaml: String,
}

/// Decides and renders the selected actions, in the metadata's order (or the order given), sharing one type
/// namespace that starts with `namespace` (the product's declared types).
pub fn import(
    meta: &Metadata,
    selection: &Selection,
    namespace: &mut Namespace,
    source: &str,
    mode: render::Mode,
) -> Result<Vec<Imported>, MetaError> {
    let actions: Vec<&str> = match selection {
        Selection::All => meta.apis.keys().map(String::as_str).collect(),
        Selection::Only(list) => {
            if let Some(a) = list.iter().find(|a| !meta.apis.contains_key(a.as_str())) {
                let near = near_names(meta, a);
                let hint = if near.is_empty() { String::new() } else { format!(" (did you mean {near}?)") };
                return Err(MetaError::new(Some(a.clone()), "apis", format!("the metadata has no such action{hint}")));
            }
            list.iter().map(String::as_str).collect()
        }
    };
    let mut out = Vec::new();
    for action in actions {
        let Some(api) = meta.apis.get(action) else { continue };
        let draft = decide::decide(action, api, namespace)?;
        let yaml = render::operation(&draft, source, mode);
        out.push(Imported { draft, yaml });
    }
    Ok(out)
}

/// Up to three actions whose names are close to a mistyped one.
fn near_names(meta: &Metadata, wanted: &str) -> String {
    let mut scored: Vec<(f64, &String)> =
        meta.apis.keys().map(|k| (strsim::jaro_winkler(k, wanted), k)).filter(|(s, _)| *s > 0.85).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.iter().take(3).map(|(_, k)| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}
