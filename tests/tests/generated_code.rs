//! The guard that `generated/` matches what the specs produce (the one guard of the generated code: it is
//! reviewed in `generated/` itself, not again in snapshots), the layout of the generated crates, and what
//! regeneration removes (files no longer generated, a dropped product's crate folder) and keeps (hand-written
//! files beside them).

#[test]
fn the_sdk_is_a_facade_and_one_crate_per_product_with_a_file_per_operation() {
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
}

#[test]
fn generated_docs_are_line_comments() {
    // prettyplease prints a `#[doc]` holding a line break as a `/** ... */` block: every doc text must be
    // emitted one line per attribute.
    for file in xtask::generate(&tests::workspace_root()).expect("the specs generate") {
        for (n, line) in file.contents.lines().enumerate() {
            let code = line.trim_start();
            assert!(!code.starts_with("/**") && !code.starts_with("/*!"), "{}:{}: {line}", file.path, n + 1);
        }
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

#[test]
fn regenerating_removes_a_dropped_products_crate_and_keeps_hand_written_files() {
    let real = tests::workspace_root();
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("codegen-write-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for target in xtask::targets() {
        tests::copy_tree(&real.join(target.specs), &root.join(target.specs));
    }
    let written = xtask::write(&root).expect("the copied specs generate");
    assert!(written > 20, "every file is new: {written}");
    let generated = root.join("generated");
    assert!(generated.join("products/polardb/src/lib.rs").is_file());
    std::fs::create_dir_all(generated.join("examples")).expect("examples folder");
    std::fs::write(generated.join("examples/mine.rs"), "fn main() {}\n").expect("hand-written example");
    std::fs::write(generated.join("products/rds/NOTES.md"), "kept\n").expect("hand-written note");

    std::fs::remove_dir_all(root.join("specs/polardb")).expect("drop a product");
    let changed = xtask::write(&root).expect("the rest generates");
    assert!(changed >= 6, "PolarDB's files are removed and the facade changes: {changed}");
    assert!(!generated.join("products/polardb").exists(), "the dropped product's crate folder is gone");
    assert!(generated.join("examples/mine.rs").is_file() && generated.join("products/rds/NOTES.md").is_file());
    let manifest = std::fs::read_to_string(generated.join("Cargo.toml")).expect("facade manifest");
    assert!(
        !manifest.contains("alibabacloud-backup-polardb =") && manifest.contains("alibabacloud-backup-polardbx ="),
        "{manifest}"
    );
    assert_eq!(xtask::stale_files(&root).expect("generates"), Vec::<String>::new());
    assert_eq!(xtask::write(&root).expect("generates"), 0, "a second run changes nothing");
    let _ = std::fs::remove_dir_all(&root);
}
