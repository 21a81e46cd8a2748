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
    // Counted from specs/, so that adding an operation or product types does not need this test edited.
    let (mut products, mut with_types, mut operations) = (0, 0, 0);
    let specs = tests::workspace_root().join("specs");
    for product in std::fs::read_dir(&specs).expect("specs/").flatten().filter(|e| e.path().is_dir()) {
        products += 1;
        for file in std::fs::read_dir(product.path()).expect("a product folder").flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            if name == "product.yaml" {
                let text = std::fs::read_to_string(file.path()).expect("product.yaml");
                with_types += usize::from(text.lines().any(|l| l.starts_with("types:")));
            } else if name.ends_with(".yaml") {
                operations += 1;
            }
        }
    }
    assert_eq!(products, 4);
    assert_eq!(
        files.len(),
        2 + 4 * products + with_types + operations,
        "the facade (2), per product (manifest, lib, client, server, and types.rs when product.yaml declares \
         types), one file per operation"
    );
    assert!(paths.contains(&"products/polardb/src/types.rs"), "PolarDB's shared types");
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

#[test]
fn code_in_spec_prose_never_becomes_a_doctest() {
    // rustdoc runs every code block of a doc comment as a doctest unless its info string says otherwise: a spec
    // description holding a fenced or indented block would run (or fail to compile) in `cargo test`. Every such
    // block must reach the generated docs as a `text` block, whichever piece of prose it is in.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/good");
    let mut files = codegen::load::read_dir(&dir).expect("the good tree reads");
    let edit = |files: &mut codegen::load::SpecFiles, path: &str, old: &str, new: &str| {
        let text = files.get_mut(path).expect("the file is in the tree");
        assert_eq!(text.matches(old).count(), 1, "`{old}` is in {path} once");
        *text = text.replacen(old, new, 1);
    };
    edit(
        &mut files,
        "demo/DescribeWidgets.yaml",
        "  The list is paged.\n",
        "  The list is paged.\n\n  ```rust\n  std::process::exit(1);\n  ```\n\n      panic!(\"indented\");\n\n  ~~~sh\n  rm -rf /\n  ~~~\n",
    );
    edit(
        &mut files,
        "demo/DescribeWidgets.yaml",
        "description: The instance ID.",
        "description: \"The instance ID, e.g.\\n\\n```json\\n{\\\"Id\\\": 1}\\n```\"",
    );
    edit(
        &mut files,
        "demo/CreateWidget.yaml",
        "message: The instance has too many widgets.",
        "message: The instance has too many widgets.\n    description: |\n      Delete one first:\n\n      ```\n      client.delete_widget();\n      ```",
    );
    let generated = codegen::generate(&files).unwrap_or_else(|e| panic!("{e}"));
    let docs: String = generated
        .iter()
        .flat_map(|f| f.contents.lines())
        .filter_map(|l| l.trim_start().strip_prefix("///").or_else(|| l.trim_start().strip_prefix("//!")))
        .map(|l| format!("{}\n", l.strip_prefix(' ').unwrap_or(l)))
        .collect();
    for code in
        ["std::process::exit(1);", "panic!(\"indented\");", "rm -rf /", "{\"Id\": 1}", "client.delete_widget();"]
    {
        let at = docs.find(code).unwrap_or_else(|| panic!("`{code}` is in the docs"));
        let before: Vec<&str> = docs[..at].lines().collect();
        let opening = before.iter().rev().find(|l| l.starts_with("```") || l.starts_with("~~~"));
        assert!(matches!(opening, Some(l) if l.ends_with("text")), "`{code}` is in a `text` block: {opening:?}");
        assert!(docs[..at].ends_with('\n'), "`{code}` starts its line: it is not indented code");
    }
    for fence in ["```rust", "```json", "~~~sh"] {
        assert!(!docs.contains(fence), "a `{fence}` block reached the docs");
    }
}

mod output_cache {
    //! `cargo xtask codegen` reuses what it produced before (`target/codegen-cache/`). Whatever happens between
    //! runs (specs edited and reverted, generated files edited or deleted by hand, the cache deleted, cut short,
    //! edited or replaced by an older one), a run must leave every generated tree exactly as a run without any
    //! cache would, and `--check` must say so.

    use std::path::{Path, PathBuf};

    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Step {
        /// Change the summary of the n-th operation spec (to the k-th of a few texts: revisits old states).
        EditSpec(usize, usize),
        /// Append a line to the n-th generated file.
        TamperOutput(usize),
        /// Delete the n-th generated file.
        DeleteOutput(usize),
        DeleteCache,
        /// Keep the first n bytes of the cache.
        TruncateCache(usize),
        /// Replace the cache with the one saved after the first run.
        OldCache,
        /// Flip one hex digit of the cache's n-th line.
        FlipCacheDigit(usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            3 => (0..8usize, 0..3usize).prop_map(|(n, k)| Step::EditSpec(n, k)),
            2 => (0..64usize).prop_map(Step::TamperOutput),
            1 => (0..64usize).prop_map(Step::DeleteOutput),
            1 => Just(Step::DeleteCache),
            1 => (0..4000usize).prop_map(Step::TruncateCache),
            1 => Just(Step::OldCache),
            2 => (0..40usize).prop_map(Step::FlipCacheDigit),
        ]
    }

    fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == ext) {
                    out.push(path);
                }
            }
        }
        out.sort();
        out
    }

    fn apply(root: &Path, step: &Step, old_cache: &[u8]) {
        let cache = xtask::targets()
            .map(|t| root.join("target/codegen-cache").join(format!("{}.txt", t.crate_dir.replace('/', "__"))));
        match *step {
            Step::EditSpec(n, k) => {
                let specs: Vec<_> = files_under(&root.join("specs"), "yaml")
                    .into_iter()
                    .filter(|p| !p.ends_with("product.yaml"))
                    .collect();
                let path = &specs[n % specs.len()];
                let text = std::fs::read_to_string(path).expect("spec");
                let summary = ["Does the first thing.", "Does another thing.", "Does a third thing."][k];
                let edited: String = text
                    .lines()
                    .map(|l| if l.starts_with("summary:") { format!("summary: {summary}") } else { l.to_owned() })
                    .map(|l| l + "\n")
                    .collect();
                std::fs::write(path, edited).expect("spec written");
            }
            Step::TamperOutput(n) | Step::DeleteOutput(n) => {
                let outputs = files_under(&root.join("generated"), "rs");
                let path = &outputs[n % outputs.len()];
                if matches!(step, Step::DeleteOutput(_)) {
                    std::fs::remove_file(path).expect("deleted");
                } else {
                    let text = std::fs::read_to_string(path).expect("output");
                    std::fs::write(path, text + "// edited by hand\n").expect("written");
                }
            }
            Step::DeleteCache => cache.iter().for_each(|c| drop(std::fs::remove_file(c))),
            Step::TruncateCache(n) => {
                let text = std::fs::read(&cache[0]).unwrap_or_default();
                std::fs::write(&cache[0], &text[..n.min(text.len())]).expect("written");
            }
            Step::OldCache => std::fs::write(&cache[0], old_cache).expect("written"),
            Step::FlipCacheDigit(n) => {
                let text = std::fs::read_to_string(&cache[0]).unwrap_or_default();
                let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
                let at_line = n % lines.len().max(1);
                if let Some(line) = lines.get_mut(at_line) {
                    if let Some(at) = line.find(|c: char| c.is_ascii_hexdigit()) {
                        let flipped = if &line[at..=at] == "0" { "1" } else { "0" };
                        line.replace_range(at..=at, flipped);
                    }
                }
                std::fs::write(&cache[0], lines.join("\n") + "\n").expect("written");
            }
        }
    }

    /// Every generated tree equals a cache-free generation from the same specs, file for file.
    fn assert_fresh(root: &Path) {
        for target in xtask::targets() {
            let wanted = xtask::generate_target(root, &target).expect("the specs generate");
            let dir = root.join(target.crate_dir);
            for file in &wanted {
                let have = std::fs::read_to_string(dir.join(&file.path)).unwrap_or_default();
                assert!(have == file.contents, "{}/{} differs from a fresh generation", target.crate_dir, file.path);
            }
            let count = files_under(&dir.join("src"), "rs").len() + files_under(&dir.join("products"), "rs").len();
            assert_eq!(count, wanted.iter().filter(|f| f.path.ends_with(".rs")).count(), "no extra files");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn no_cache_state_leaves_a_generated_tree_wrong(steps in proptest::collection::vec(step(), 1..6)) {
            let real = tests::workspace_root();
            let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join(format!("codegen-cache-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&root);
            for target in xtask::targets() {
                tests::copy_tree(&real.join(target.specs), &root.join(target.specs));
            }
            xtask::write(&root).expect("the copied specs generate");
            let old_cache = std::fs::read(root.join("target/codegen-cache/generated.txt")).expect("a cache was saved");
            for step in &steps {
                apply(&root, step, &old_cache);
                let stale = xtask::stale_files(&root).expect("generates");
                let damaged = matches!(step, Step::EditSpec(..) | Step::TamperOutput(_) | Step::DeleteOutput(_));
                prop_assert!(damaged || stale.is_empty(), "after {step:?}, --check reports {stale:?} on an intact tree");
                xtask::write(&root).expect("generates");
                assert_fresh(&root);
                prop_assert!(xtask::stale_files(&root).expect("generates").is_empty());
            }
            let _ = std::fs::remove_dir_all(&root);
        }
    }
}

#[test]
fn every_client_method_paginator_and_waiter_has_a_compiled_example() {
    // Every public method of a product's `Client` an operation adds (the builder method, `send_<op>`, the
    // waiters) and every `paginate` carries an `# Example` whose code block rustdoc compiles (`no_run`, not
    // `ignore` or `text`); the crate roots have a getting-started example. Counted from the generated files, so
    // a new operation is covered without editing this test.
    let (mut methods, mut roots) = (0, 0);
    for file in xtask::generate(&tests::workspace_root()).expect("the specs generate") {
        if !file.path.starts_with("products/") || !file.path.ends_with(".rs") {
            continue;
        }
        let parsed = syn::parse_file(&file.contents).expect("generated code parses");
        if file.path.ends_with("/src/lib.rs") {
            let docs = doc_text(&parsed.attrs);
            assert!(docs.contains("# Getting started") && docs.contains("```no_run"), "{}: {docs}", file.path);
            roots += 1;
        }
        for item in &parsed.items {
            let syn::Item::Impl(block) = item else { continue };
            let on_client = matches!(&*block.self_ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Client"));
            for member in &block.items {
                let syn::ImplItem::Fn(f) = member else { continue };
                let public = matches!(f.vis, syn::Visibility::Public(_));
                if !(public && (on_client || f.sig.ident == "paginate")) {
                    continue;
                }
                let docs = doc_text(&f.attrs);
                assert!(
                    docs.contains("# Example\n\n```no_run\n# use "),
                    "{}: `{}` has no compiled example:\n{docs}",
                    file.path,
                    f.sig.ident
                );
                methods += 1;
            }
        }
    }
    assert_eq!(roots, 4, "one getting-started section per product crate");
    assert!(methods > 100, "{methods} methods with examples");
}

fn doc_text(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|line| line.strip_prefix(' ').unwrap_or(&line).to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}
