//! The page reader, `cargo xtask import` and `cargo xtask doc-check`, on the five seed pages (copied into
//! `tests/fixtures/pages/seeds/`), on edited copies of them (`edits/`: each edit must be caught; `known/`: each
//! edit touches only what the spec already records and must not be reported), and on cut-off and garbled pages
//! (each must fail with a line, never panic).

use std::path::{Path, PathBuf};

use codegen::load::SpecFiles;
use proptest::prelude::*;
use reference_pages::compare::Disagreement;
use reference_pages::doc_check::{compare_draft, doc_check, render};
use reference_pages::draft::{draft, product_wide_codes, render as render_draft, ImportOptions, DRAFT_MARKER};
use reference_pages::{outline, read_page, Page};

/// Each seed page and the spec transcribed from it.
const SEEDS: [(&str, &str); 5] = [
    ("000_93987443f94ae80b.txt", "polardbx/DescribeBackupSetList.yaml"),
    ("001_5ce7a9315442f506.txt", "rds/DescribeBackups.yaml"),
    ("002_be6083b256056c8d.txt", "polardb/DescribeBackupTasks.yaml"),
    ("003_ae3a9dca0dae6cf8.txt", "r_kvstore/DescribeClusterBackupList.yaml"),
    ("004_bee43bee7b5f06a3.txt", "polardbx/CreateBackup.yaml"),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture(path: &str) -> String {
    let full = root().join("tests/fixtures/pages").join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("cannot read {}: {e}", full.display()))
}

fn page(path: &str) -> Page {
    read_page(&fixture(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The spec files of one product folder, keyed `folder/file.yaml`.
fn product(folder: &str) -> SpecFiles {
    let mut files = SpecFiles::new();
    let dir = root().join("specs").join(folder);
    for entry in std::fs::read_dir(&dir).expect("the product folder exists") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.ends_with(".yaml") {
            files.insert(format!("{folder}/{name}"), std::fs::read_to_string(&path).expect("a readable spec"));
        }
    }
    files
}

/// A product.yaml without its top-level `types:` section.
fn without_types(product_yaml: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in product_yaml.lines() {
        let top_level = !line.is_empty() && !line.starts_with([' ', '#', '-']);
        if top_level {
            skipping = line.starts_with("types:");
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn folder(spec: &str) -> &str {
    spec.split('/').next().unwrap_or_default()
}

fn operation(spec: &str) -> &str {
    spec.rsplit('/').next().unwrap_or_default().trim_end_matches(".yaml")
}

fn open(list: &[Disagreement]) -> Vec<&Disagreement> {
    list.iter().filter(|d| d.excused.is_none()).collect()
}

/// (page fixture, spec key) for the files of an edit folder (`rds.DescribeBackups--what.txt`).
fn edited(dir: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(root().join("tests/fixtures/pages").join(dir))
        .expect("the fixture folder exists")
        .map(|e| e.expect("a directory entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .map(|n| {
            let target = n.split("--").next().unwrap_or_default().replacen('.', "/", 1);
            (format!("{dir}/{n}"), format!("{target}.yaml"))
        })
        .collect();
    out.sort();
    out
}

/// Runs doc-check; the report lists the known disagreements too when `known` (as `--known` does).
fn check(page_path: &str, spec: &str, known: bool) -> (Vec<Disagreement>, String) {
    let page = page(page_path);
    let list = doc_check(&product(folder(spec)), spec, "specs/", &page).unwrap_or_else(|e| panic!("{spec}: {e}"));
    let report = render(&list, &page.notes, &format!("specs/{spec}"), page_path, known);
    (list, report)
}

#[test]
fn every_seed_page_is_read_in_its_layout() {
    for (file, spec) in SEEDS {
        let page = page(&format!("seeds/{file}"));
        assert_eq!(page.name.as_ref().map(|n| n.value.as_str()), Some(operation(spec)), "{file}");
        insta::assert_snapshot!(format!("outline_{}", operation(spec)), outline(&page));
    }
}

#[test]
fn drafts_are_refused_until_the_marker_is_deleted_then_the_checker_accepts_them() {
    for (file, spec) in SEEDS {
        let page = page(&format!("seeds/{file}"));
        // As `cargo xtask import` does: the codes the product declares product-wide are left out of the draft.
        let options = ImportOptions {
            page_path: format!("seeds/{file}"),
            product_wide_codes: product_wide_codes(&product(folder(spec))),
            ..ImportOptions::default()
        };
        let yaml = render_draft(&draft(&page, &options).expect("the seed names its operation"));
        if spec.starts_with("rds/") {
            assert!(
                yaml.contains("# Left out: the product declares these codes product-wide (product.yaml): "),
                "{yaml}"
            );
            assert!(!yaml.contains("code: Price.PricingPlanResultNotFound"), "{yaml}");
        }
        let header =
            format!("# DRAFT imported from seeds/{file} by cargo xtask import: review every line marked GUESS");
        assert!(yaml.starts_with(&header), "{file}: the draft starts with its header");
        assert!(yaml.contains("# GUESS: "), "{file}: the draft flags its guesses");

        // The real product.yaml and the draft, nothing else. The product's shared types are left out: the
        // draft declares its own, and the other operations that use the shared ones are not here.
        let product_key = format!("{}/product.yaml", folder(spec));
        let mut tree = SpecFiles::new();
        let product_yaml = product(folder(spec)).remove(&product_key).expect("product.yaml");
        tree.insert(product_key.clone(), without_types(&product_yaml));
        tree.insert(spec.to_owned(), yaml.clone());
        let report = codegen::check_files(&tree, "specs/").expect_err("a draft is refused while marked");
        let codes: Vec<&str> = report.diagnostics.0.iter().map(|d| d.code.id()).collect();
        assert_eq!(codes, ["E002"], "{file}: only the marker is refused:\n{report}");
        assert!(report.to_string().contains("unknown key `draft`"), "{report}");

        let reviewed: String =
            yaml.lines().filter(|l| !l.starts_with(DRAFT_MARKER)).map(|l| format!("{l}\n")).collect();
        assert_eq!(reviewed.lines().count() + 1, yaml.lines().count(), "the marker is one line");
        tree.insert(spec.to_owned(), reviewed);
        if let Err(report) = codegen::check_files(&tree, "specs/") {
            panic!("{file}: the checker refuses the draft without its marker:\n{report}");
        }
    }
}

#[test]
fn drafts_match_the_hand_written_specs_except_where_the_spec_records_the_page_wrong() {
    for (file, spec) in SEEDS {
        let page = page(&format!("seeds/{file}"));
        let options = ImportOptions { page_path: format!("seeds/{file}"), ..ImportOptions::default() };
        let yaml = render_draft(&draft(&page, &options).expect("the seed names its operation"));
        let reviewed: String =
            yaml.lines().filter(|l| !l.starts_with(DRAFT_MARKER)).map(|l| format!("{l}\n")).collect();
        let list = compare_draft(&product(folder(spec)), spec, &reviewed, &page).expect("both parse");
        let unexpected = open(&list);
        assert!(unexpected.is_empty(), "{file}: the draft differs from {spec}:\n{unexpected:#?}");
        let excused: Vec<String> = list
            .iter()
            .map(|d| format!("{}: {} -- {}", d.subject, d.message, d.excused.as_deref().unwrap_or_default()))
            .collect();
        insta::assert_snapshot!(format!("import_vs_spec_{}", operation(spec)), excused.join("\n"));
        insta::assert_snapshot!(format!("draft_{}", operation(spec)), yaml);
    }
}

#[test]
fn a_draft_that_differs_from_the_spec_is_caught() {
    let (file, spec) = SEEDS[0];
    let page = page(&format!("seeds/{file}"));
    let options = ImportOptions { page_path: format!("seeds/{file}"), ..ImportOptions::default() };
    let yaml = render_draft(&draft(&page, &options).expect("the seed names its operation"));
    let tampered = yaml
        .replacen(
            "        type: long\n        description: \"The size",
            "        type: string\n        description: \"The size",
            1,
        )
        .replacen(
            "    required: true\n    description: \"The name of the PolarDB-X",
            "    description: \"The name of the PolarDB-X",
            1,
        )
        .replacen(
            "        rust_name: Failed\n",
            "        rust_name: Failed\n      - value: 3\n        rust_name: Lost\n",
            1,
        );
    assert_ne!(tampered, yaml);
    let reviewed: String =
        tampered.lines().filter(|l| !l.starts_with(DRAFT_MARKER)).map(|l| format!("{l}\n")).collect();
    let list = compare_draft(&product(folder(spec)), spec, &reviewed, &page).expect("both parse");
    let found: Vec<String> = open(&list).iter().map(|d| format!("{}: {}", d.subject, d.message)).collect();
    insta::assert_snapshot!("tampered_draft", found.join("\n"));
}

#[test]
fn doc_check_of_each_seed_against_its_own_spec_reports_nothing() {
    let mut reports = Vec::new();
    for (file, spec) in SEEDS {
        let (list, report) = check(&format!("seeds/{file}"), spec, true);
        assert!(open(&list).is_empty(), "{report}");
        reports.push(report);
    }
    insta::assert_snapshot!("doc_check_seeds", reports.join("\n"));
}

#[test]
fn doc_check_catches_every_edit_of_a_seed_page() {
    let edits = edited("edits");
    assert!(edits.len() >= 12, "at least 12 edited pages, found {}", edits.len());
    for (page_path, spec) in edits {
        let (list, report) = check(&page_path, &spec, false);
        assert!(!open(&list).is_empty(), "{page_path} is not caught:\n{report}");
        let name = page_path.trim_start_matches("edits/").trim_end_matches(".txt").replace('.', "_");
        insta::assert_snapshot!(format!("edit_{name}"), report);
    }
}

#[test]
fn disagreements_the_spec_records_are_not_reported_again() {
    let known = edited("known");
    assert!(!known.is_empty());
    for (page_path, spec) in known {
        let (list, report) = check(&page_path, &spec, true);
        assert!(open(&list).is_empty(), "{page_path} is reported although the spec records it:\n{report}");
        assert!(list.iter().any(|d| d.excused.is_some()), "{page_path}: the edit is seen (as known)");
        let name = page_path.trim_start_matches("known/").trim_end_matches(".txt").replace('.', "_");
        insta::assert_snapshot!(format!("known_{name}"), report);
    }
}

#[test]
fn page_rows_of_product_wide_codes_are_checked_against_product_yaml() {
    // The RDS page of DescribeBackups lists the three codes specs/rds/product.yaml declares product-wide: they
    // agree with it, so they are neither missing from the operation's spec nor reported.
    let (file, spec) = SEEDS[1];
    assert_eq!(spec, "rds/DescribeBackups.yaml");
    let text = fixture(&format!("seeds/{file}"));
    let wide =
        ["Order.ComboInstanceNotAllowOperate", "Price.PricingPlanResultNotFound", "Order.NoRealNameAuthentication"];
    for code in wide {
        assert!(text.contains(&format!("400{code}")), "the page lists {code}");
        assert!(!product("rds")[spec].contains(code), "{code} is not in the operation's spec");
    }
    let files = product("rds");
    let list = doc_check(&files, spec, "specs/", &page(&format!("seeds/{file}"))).expect("checks");
    assert!(!list.iter().any(|d| wide.iter().any(|c| d.subject.to_string().contains(c))), "{list:#?}");

    // A page that gives one of them another status, and another one a message product.yaml does not list.
    let edited = text.replacen("400Price.PricingPlanResultNotFound", "404Price.PricingPlanResultNotFound", 1).replacen(
        "400Order.ComboInstanceNotAllowOperateA package instance is not allowed to operate independently.",
        "400Order.ComboInstanceNotAllowOperateThis package instance cannot be operated on alone.",
        1,
    );
    let edited_page = read_page(&edited).expect("the edited page reads");
    let list = doc_check(&files, spec, "specs/", &edited_page).expect("checks");
    let report = render(&list, &edited_page.notes, &format!("specs/{spec}"), "the edited page", false);
    let found: Vec<String> = open(&list).iter().map(|d| format!("{}: {}", d.subject, d.message)).collect();
    let line = |code: &str| {
        let yaml = &files["rds/product.yaml"];
        yaml.lines().position(|l| l.trim() == format!("code: {code}")).map(|i| i + 1).expect("declared")
    };
    assert_eq!(
        found,
        [
            format!(
                "error code `Order.ComboInstanceNotAllowOperate`: declared product-wide at product.yaml:{}: the \
                 message differs: the page says \"This package instance cannot be operated on alone.\", product.yaml \
                 \"A package instance is not allowed to operate independently.\"",
                line("Order.ComboInstanceNotAllowOperate")
            ),
            format!(
                "error code `Price.PricingPlanResultNotFound`: declared product-wide at product.yaml:{}: the page \
                 says HTTP 404, product.yaml 400",
                line("Price.PricingPlanResultNotFound")
            ),
        ],
        "{report}"
    );
}

/// Drafts a page that reads (named, in case the page names the operation nowhere) and returns the draft, which
/// must parse as YAML (of any size: the parser's default limits, which the checker keeps, are lifted).
fn draft_yaml(page: &Page) -> String {
    let options = ImportOptions { name: Some("DescribeThings".to_owned()), ..ImportOptions::default() };
    let yaml = render_draft(&draft(page, &options).expect("a name is given"));
    let unlimited = serde_saphyr::options! {
        budget: serde_saphyr::budget! { max_nodes: usize::MAX, max_events: usize::MAX, max_total_scalar_bytes: usize::MAX },
    };
    if let Err(e) = serde_saphyr::from_str_with_options::<serde_json::Value>(&yaml, unlimited) {
        panic!("the draft is not YAML: {e}\n{yaml}");
    }
    yaml
}

/// Reads a page; when it reads, drafts it (the draft must be YAML) and (with `files`: doc-check runs the whole
/// checker, so only for some pages) doc-checks it too. None of it may panic. Returns the error line.
fn survive(text: &str, spec: &str, files: Option<&SpecFiles>) -> Option<usize> {
    match read_page(text) {
        Ok(page) => {
            draft_yaml(&page);
            if let Some(files) = files {
                let _ = doc_check(files, spec, "specs/", &page);
            }
            None
        }
        Err(e) => {
            let lines = text.split('\n').count();
            assert!(e.line >= 1 && e.line <= lines.max(1), "line {} outside the page ({lines} lines): {e}", e.line);
            assert!(!e.expected.is_empty() && !e.found.is_empty(), "{e}");
            Some(e.line)
        }
    }
}

#[test]
fn truncated_pages_fail_at_a_line_and_never_panic() {
    for (file, spec) in SEEDS {
        let text = fixture(&format!("seeds/{file}"));
        let files = product(folder(spec));
        let lines: Vec<&str> = text.split('\n').collect();
        let mut failures = 0;
        for cut in 0..lines.len() {
            let files = (cut % 10 == 0).then_some(&files);
            failures += usize::from(survive(&lines[..cut].join("\n"), spec, files).is_some());
        }
        assert!(failures > lines.len() / 2, "{file}: most cut-off copies are refused ({failures} of {})", lines.len());
        for cut in (0..text.len()).step_by(53).filter(|c| text.is_char_boundary(*c)) {
            survive(&text[..cut], spec, None);
        }
    }
}

/// A small deterministic generator, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(self.0 >> 33).unwrap_or(0) % below.max(1)
    }
}

#[test]
fn garbled_pages_fail_at_a_line_and_never_panic() {
    const JUNK: &[&str] =
        &["|", "||", "• ", "{", "}", "[", "\"", "object", "Array of", "400", "Yes", "\t", "ÿ", "—", "Error codes"];
    let mut rng = Lcg(7);
    for (file, spec) in SEEDS {
        let text = fixture(&format!("seeds/{file}"));
        let files = product(folder(spec));
        for _ in 0..150 {
            let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
            for _ in 0..1 + rng.next(4) {
                let at = rng.next(lines.len());
                match rng.next(5) {
                    0 => {
                        lines.remove(at);
                    }
                    1 => {
                        let copy = lines[at].clone();
                        lines.insert(rng.next(lines.len()), copy);
                    }
                    2 => {
                        let other = rng.next(lines.len());
                        lines.swap(at, other);
                    }
                    3 => {
                        let line = &mut lines[at];
                        let mut cut = rng.next(line.len() + 1);
                        while !line.is_char_boundary(cut) {
                            cut -= 1;
                        }
                        line.insert_str(cut, JUNK[rng.next(JUNK.len())]);
                    }
                    _ => lines[at] = JUNK[rng.next(JUNK.len())].to_owned(),
                }
            }
            let files = (rng.next(10) == 0).then_some(&files);
            survive(&lines.join("\n"), spec, files);
        }
    }
}

#[test]
fn unreadable_pages_say_where_and_what_was_expected() {
    let rds = fixture("seeds/001_5ce7a9315442f506.txt");
    let redis = fixture("seeds/003_ae3a9dca0dae6cf8.txt");
    let pxc = fixture("seeds/000_93987443f94ae80b.txt");
    let polardb = fixture("seeds/002_be6083b256056c8d.txt");
    let until = |text: &str, marker: &str| {
        text.find(marker).map(|at| text[..at].to_owned()).expect("the marker is on the page")
    };
    let cases: Vec<(&str, String)> = vec![
        ("an empty page", String::new()),
        ("not a page at all", "Hello!\nThis is a shopping list.\n- milk\n".to_owned()),
        ("RDS cut in its JSON sample", until(&rds, "\"BackupMode\": \"Automated\",\n        \"DBInstanceId\"")),
        ("RDS cut before its error codes", until(&rds, "Error codes")),
        ("Redis cut inside a table row", until(&redis, "| 30 |")),
        (
            "PolarDB-X with a garbled request header",
            pxc.replacen("Parameter Type Required Example Description", "Parameter Kind Needed Sample Text", 1),
        ),
        (
            "PolarDB with prose where the first row should be",
            polardb.replacen("DBClusterIdstringYes", "The cluster (see below)", 1),
        ),
        (
            "Redis with `Maybe` as Required",
            redis.replacen("ClusterBackupId | string | No |", "ClusterBackupId | string | Maybe |", 1),
        ),
        ("Redis with an unknown type", redis.replacen("InstanceId | string |", "InstanceId | text |", 1)),
        (
            "PolarDB with a stray comma in its sample",
            polardb.replacen("\"TaskAction\": \"NormalBackupTask\"", "\"TaskAction\": \"NormalBackupTask\",", 1),
        ),
    ];
    let mut out = String::new();
    for (what, text) in cases {
        let message = match read_page(&text) {
            Ok(_) => "(read)".to_owned(),
            Err(e) => e.to_string(),
        };
        out.push_str(&format!("{what}:\n  {message}\n"));
    }
    insta::assert_snapshot!("unreadable", out);
}

/// Parses an `import` or `doc-check` command line as `cargo xtask` does.
fn command(words: &[&str]) -> xtask::Command {
    xtask::Cli::from_words(words).unwrap_or_else(|e| panic!("`{}` is refused: {e}", words.join(" "))).command
}

fn xtask_import(root: &Path, args: &[&str]) -> xtask::pages::Outcome {
    let words: Vec<&str> = std::iter::once("import").chain(args.iter().copied()).collect();
    match command(&words) {
        xtask::Command::Import(args) => xtask::pages::run_import(root, &args),
        other => panic!("not an import: {other:?}"),
    }
}

fn xtask_doc_check(root: &Path, args: &[&str]) -> xtask::pages::Outcome {
    let words: Vec<&str> = std::iter::once("doc-check").chain(args.iter().copied()).collect();
    match command(&words) {
        xtask::Command::DocCheck(args) => xtask::pages::run_doc_check(root, &args),
        other => panic!("not a doc-check: {other:?}"),
    }
}

#[test]
fn import_command_writes_a_draft_the_checker_accepts_after_review() {
    let root = root();
    let out = std::env::temp_dir().join(format!("pages-import-{}.yaml", std::process::id()));
    let out_arg = out.to_string_lossy().into_owned();
    let page = "tests/fixtures/pages/seeds/004_bee43bee7b5f06a3.txt";
    let outcome = xtask_import(&root, &[page, "--product", "polardbx", "--out", &out_arg]);
    assert_eq!(outcome.code, 0, "{outcome:?}");
    assert!(outcome.stdout.starts_with("wrote "), "{outcome:?}");
    assert!(outcome.stderr.contains("the checker accepts it once the `draft:` line is deleted"), "{outcome:?}");
    let written = std::fs::read_to_string(&out).expect("the draft was written");
    let _ = std::fs::remove_file(&out);
    assert!(written.starts_with(&format!("# DRAFT imported from {page} by cargo xtask import")));

    // The operation already has a spec: that is doc-check's job, and nothing is written.
    let outcome = xtask_import(&root, &[page, "--product", "polardbx"]);
    assert_eq!(outcome.code, 2);
    assert!(outcome.stderr.contains("cargo xtask doc-check specs/polardbx/CreateBackup.yaml"), "{outcome:?}");

    let refused = xtask::Cli::from_words(&["import", page]).expect_err("--product is required");
    assert_eq!(refused.exit_code(), 2);
    assert!(refused.to_string().contains("--product <P>"), "{refused}");

    let outcome = xtask_import(&root, &[page, "--outline"]);
    assert_eq!(outcome.code, 0);
    assert!(outcome.stdout.starts_with("layout: flattened tables"), "{outcome:?}");
}

#[test]
fn doc_check_command_exits_1_on_disagreement_and_2_on_bad_input() {
    let root = root();
    let seed = "tests/fixtures/pages/seeds/001_5ce7a9315442f506.txt";
    let outcome = xtask_doc_check(&root, &["specs/rds/DescribeBackups.yaml", seed]);
    assert_eq!(outcome.code, 0, "{outcome:?}");
    assert!(outcome.stdout.starts_with("specs/rds/DescribeBackups.yaml agrees with"), "{outcome:?}");

    let edit = "tests/fixtures/pages/edits/rds.DescribeBackups--parameter-added.txt";
    let outcome = xtask_doc_check(&root, &["specs/rds/DescribeBackups.yaml", edit]);
    assert_eq!(outcome.code, 1, "{outcome:?}");
    assert!(outcome.stdout.contains("request parameter `DBName`"), "{outcome:?}");

    let outcome = xtask_doc_check(&root, &["specs/rds/DescribeBackups.yaml", "no/such/page.txt"]);
    assert_eq!(outcome.code, 2);
    let refused = xtask::Cli::from_words(&["doc-check", "specs/rds/DescribeBackups.yaml"]).expect_err("no PAGE");
    assert_eq!(refused.exit_code(), 2);
    assert!(refused.to_string().contains("<PAGE>"), "{refused}");
    let garbled = std::env::temp_dir().join(format!("pages-garbled-{}.txt", std::process::id()));
    std::fs::write(&garbled, "Request parameters\nParameter | Type | Required |\nRegionId | string |\n")
        .expect("a temp file");
    let outcome = xtask_doc_check(&root, &["specs/rds/DescribeBackups.yaml", &garbled.to_string_lossy()]);
    let _ = std::fs::remove_file(&garbled);
    assert_eq!(outcome.code, 2);
    assert!(outcome.stderr.contains("page line "), "{outcome:?}");
}

#[test]
fn pathological_pages_are_bounded() {
    // Thousands of rows that each open an object: nesting is capped instead of recursing without end.
    let mut text =
        String::from("Request parameters\nParameterTypeRequiredDescriptionExample\nIdstringYes\n\nThe ID.\n\n1\n");
    text.push_str("Response parameters\nParameterTypeDescriptionExample\n");
    for i in 0..5000 {
        text.push_str(&format!("Level{i}object\n"));
    }
    text.push_str("Error codes\n");
    let page = read_page(&text).expect("a deep but well-formed page reads");
    let options = ImportOptions { name: Some("DescribeDeep".to_owned()), ..ImportOptions::default() };
    let yaml = render_draft(&draft(&page, &options).expect("a name is given"));
    assert!(yaml.contains("Level4999"));
    assert!(page.notes.iter().any(|n| n.text.contains("nest deeper than")));
}

#[test]
fn large_pages_are_read_and_drafted_in_one_pass() {
    // 20,000 lines of one kind each. Reading or drafting each was once quadratic or worse (a page repeating one
    // valid value 2,000 times took 42 s, and 20,000 would have taken hours); now each takes a fraction of a second.
    const N: usize = 20_000;
    let rds = fixture("seeds/001_5ce7a9315442f506.txt");
    let redis = fixture("seeds/003_ae3a9dca0dae6cf8.txt");
    let row = "ClusterBackupId | string | No | The backup set ID. | cb-hyxdof5x9kqbtust |\n";
    let key = "\"FreeSize\": 100000,\n";
    let rows: String = (0..N).map(|i| format!("Param{i} | string | No | A parameter. | x |\n")).collect();
    let keys: String = (0..N).map(|i| format!("\"Key{i}\": {i},\n")).collect();
    let cases = [
        ("one valid value repeated", rds.replacen("  • Automated\n", &"  • Automated\n".repeat(N), 1)),
        ("one request row repeated", redis.replacen(row, &row.repeat(N), 1)),
        ("distinct request rows and sample keys", redis.replacen(row, &rows, 1).replacen(key, &keys, 1)),
    ];
    for (what, text) in cases {
        let page = read_page(&text).unwrap_or_else(|e| panic!("{what}: {e}"));
        // (That drafts are YAML is the property tests' business; parsing these would double the test's time.)
        let options = ImportOptions { name: Some("DescribeThings".to_owned()), ..ImportOptions::default() };
        let yaml = render_draft(&draft(&page, &options).expect("a name is given"));
        match what {
            "one valid value repeated" => {
                let mode = page.request.iter().find(|r| r.name == "BackupMode").expect("the BackupMode row");
                assert_eq!(mode.values.list.len(), N + 1, "{what}");
                assert!(yaml.contains("rust_name: ValueAutomated19999"), "{what}: every repeat gets its own variant");
            }
            "one request row repeated" => {
                assert_eq!(page.request.iter().filter(|r| r.name == "ClusterBackupId").count(), 1, "{what}");
                assert_eq!(page.notes.iter().filter(|n| n.text.contains("listed twice")).count(), N - 1, "{what}");
            }
            _ => {
                assert!(page.request.iter().any(|r| r.name == format!("Param{}", N - 1)), "{what}");
                assert!(yaml.contains(&format!("name: Key{}   # sample, page line", N - 1)), "{what}");
            }
        }
    }
}

/// Characters and lines that have tripped page readers, or could: line breaks of every kind, Unicode separators,
/// controls, a byte-order mark, and what the three table layouts, samples and error tables give meaning to.
const PAGE_JUNK: &[&str] = &[
    "\r",
    "\r\n",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\u{a0}",
    "\u{3000}",
    "\u{feff}",
    "\u{7f}",
    "\u{9f}",
    "\u{1}",
    "\u{fffe}",
    "\t",
    "|",
    "||",
    "• ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    "#",
    "&",
    "*",
    "!",
    "%",
    "@",
    "`",
    "'",
    ">",
    "object",
    "Array of",
    "array<object>",
    "string",
    "integer",
    "400",
    "Yes",
    "No",
    "ÿ",
    "—",
    "中",
    "😀",
    "Error codes",
    "Request parameters",
    "Response parameters",
    "Valid values:",
    "Default value: ",
];

/// One edit of a page: at a fraction of its length, insert junk; or insert, repeat or drop a whole line.
#[derive(Debug, Clone)]
enum PageEdit {
    Insert(u16, &'static str),
    Line(u16, &'static str),
    Repeat(u16, u8),
    Drop(u16),
}

fn page_edits() -> impl Strategy<Value = Vec<PageEdit>> {
    let junk = || proptest::sample::select(PAGE_JUNK);
    let edit = prop_oneof![
        3 => (any::<u16>(), junk()).prop_map(|(at, s)| PageEdit::Insert(at, s)),
        2 => (any::<u16>(), junk()).prop_map(|(at, s)| PageEdit::Line(at, s)),
        1 => (any::<u16>(), 1..50_u8).prop_map(|(at, n)| PageEdit::Repeat(at, n)),
        1 => any::<u16>().prop_map(PageEdit::Drop),
    ];
    proptest::collection::vec(edit, 1..8)
}

fn edit_page(text: &str, edits: &[PageEdit]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let index = |lines: &Vec<String>, at: u16| lines.len() * usize::from(at) / (usize::from(u16::MAX) + 1);
    for edit in edits {
        match *edit {
            PageEdit::Insert(at, junk) => {
                let i = index(&lines, at);
                let line = &mut lines[i];
                let mut cut = line.len() * usize::from(at % 64) / 64;
                while !line.is_char_boundary(cut) {
                    cut -= 1;
                }
                line.insert_str(cut, junk);
            }
            PageEdit::Line(at, junk) => {
                let i = index(&lines, at);
                lines.insert(i, junk.to_owned());
            }
            PageEdit::Repeat(at, times) => {
                let i = index(&lines, at);
                let copies = vec![lines[i].clone(); usize::from(times)];
                lines.splice(i..i, copies);
            }
            PageEdit::Drop(at) => {
                if lines.len() > 1 {
                    let i = index(&lines, at);
                    lines.remove(i);
                }
            }
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Any edit of any seed page: the reader returns a page or an error at a line of the page, never panics, and
    /// the draft of a page it reads parses as YAML.
    #[test]
    fn edited_pages_read_or_fail_at_a_line_and_draft_as_yaml(seed in 0..SEEDS.len(), edits in page_edits()) {
        let (file, spec) = SEEDS[seed];
        let text = edit_page(&fixture(&format!("seeds/{file}")), &edits);
        survive(&text, spec, None);
    }

    /// Any text made of page words, junk and any character.
    #[test]
    fn any_text_reads_or_fails_at_a_line_and_drafts_as_yaml(
        pieces in proptest::collection::vec(prop_oneof![
            3 => proptest::sample::select(PAGE_JUNK).prop_map(str::to_owned),
            2 => "[A-Za-z0-9 ]{0,12}",
            2 => Just("\n".to_owned()),
            1 => any::<char>().prop_map(String::from),
            1 => proptest::sample::select(&[
                "Parameter | Type | Required | Description | Example |\n", "ParameterTypeRequiredDescriptionExample\n",
                "Parameter Type Example Description\n", "Sample success responses\nJSON\nformat\n",
            ][..]).prop_map(str::to_owned),
        ], 0..80)
    ) {
        survive(&pieces.concat(), SEEDS[0].1, None);
    }
}
