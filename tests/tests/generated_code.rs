//! The generated code, file by file, as insta snapshots (reviewers see every change with `cargo insta review`),
//! and the guard that `generated/` matches what the specs produce.

#[test]
fn generated_files_match_their_snapshots() {
    let files = xtask::generate(&tests::workspace_root()).expect("the specs generate");
    assert!(files.len() >= 10, "lib.rs, four product modules and five operations");
    for file in files {
        let name = file.path.trim_start_matches("src/").trim_end_matches(".rs").replace('/', "__");
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
