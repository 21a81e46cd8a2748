//! Helpers shared by the integration tests: the workspace's own specs and samples, and a decode/round-trip
//! check used by every sample test.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Copies a folder tree (scratch copies of spec trees).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy file");
        }
    }
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The checked model of the workspace's specs.
pub fn api() -> codegen::model::Api {
    let files = codegen::load::read_dir(&workspace_root().join("specs")).expect("specs/ is readable");
    match codegen::check_files(&files, "specs/") {
        Ok((api, _)) => api,
        Err(report) => panic!("the workspace specs do not check:\n{report}"),
    }
}

/// Every sample of an operation, by sample name. `operation` is `module::Operation` (`rds::DescribeBackups`; also
/// written `rds/DescribeBackups`), or a bare operation name when only one product has it.
pub fn samples(operation: &str) -> Vec<codegen::model::Sample> {
    let api = api();
    let (module, name) = match operation.split_once("::").or_else(|| operation.split_once('/')) {
        Some((module, name)) => (Some(module), name),
        None => (None, operation),
    };
    let found: Vec<&codegen::model::Operation> = api
        .products
        .iter()
        .filter(|p| module.is_none_or(|m| p.module == m))
        .flat_map(|p| &p.operations)
        .filter(|o| o.name == name)
        .collect();
    let op = match found.as_slice() {
        [op] => *op,
        [] => panic!("no operation {operation} in specs/"),
        _ => panic!("several products have {operation}: write `module::{name}`"),
    };
    assert!(!op.samples.is_empty(), "{operation} has no samples");
    op.samples.clone()
}

/// One sample's body.
pub fn sample(operation: &str, name: &str) -> String {
    samples(operation)
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("{operation} has no sample {name}"))
        .body
}

/// Decodes `body` into `T` and checks that serialising it gives back the same JSON (same keys, same types,
/// same values: strings stay strings, wrappers stay wrappers).
pub fn decode_round_trip<T: DeserializeOwned + Serialize>(body: &str) -> T {
    let value: T = serde_json::from_str(body).unwrap_or_else(|e| panic!("the sample does not decode: {e}\n{body}"));
    let original: serde_json::Value = serde_json::from_str(body).expect("the sample is JSON");
    let again = serde_json::to_value(&value).expect("the response serialises");
    assert_eq!(again, original, "serialising the decoded response changed it");
    value
}
