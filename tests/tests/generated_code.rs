//! The generated code, file by file, as insta snapshots (reviewers see every change with `cargo insta review`),
//! and the guard that `generated/` matches what the specs produce.

#[test]
fn generated_files_match_their_snapshots() {
    let files = xtask::generate(&tests::workspace_root()).expect("the specs generate");
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for expected in ["Cargo.toml", "src/lib.rs", "products/rds/Cargo.toml", "products/rds/src/lib.rs"] {
        assert!(paths.contains(&expected), "{expected} is generated: {paths:?}");
    }
    assert_eq!(
        files.len(),
        2 + 4 * 4 + 5,
        "the facade (2), four products (manifest, lib, client, server), five operations"
    );
    for file in files {
        // `products/rds/src/describe_backups.rs` is snapshot `rds__describe_backups`; `Cargo.toml` keeps its name.
        let name = file.path.replace("products/", "").replace("src/", "").trim_end_matches(".rs").replace('/', "__");
        insta::assert_snapshot!(name, file.contents);
    }
}

#[test]
fn generated_crate_is_up_to_date_with_the_specs() {
    let stale = xtask::stale_files(&tests::workspace_root()).expect("the specs generate");
    assert!(stale.is_empty(), "generated/ is stale; run `cargo xtask codegen`:\n{}", stale.join("\n"));
}

#[test]
fn generation_is_deterministic() {
    let root = tests::workspace_root();
    let first = xtask::generate(&root).expect("the specs generate");
    let second = xtask::generate(&root).expect("the specs generate");
    assert_eq!(first, second);
}
