//! `cargo xtask diff`: one fixture pair per kind of change (plus a mixed one and one that does not load), each
//! report an insta snapshot with the kinds it must contain; the command itself against two commits of a scratch
//! git repository; and a change with no API effect that reports nothing.
//!
//! Fixtures live in `tests/fixtures/diff/<NN_kind>/{old,new}/demo/`, all built from one small product trimmed
//! from `specs/rds`. Reviewers accept report changes with `cargo insta review`.

use std::path::{Path, PathBuf};
use std::process::Command;

use api_diff::render::{render, Format};
use api_diff::{Class, Kind, Report, Side};

fn fixtures() -> PathBuf {
    tests::workspace_root().join("tests/fixtures/diff")
}

/// The model of one side of a fixture, checked with the side's name as display prefix.
fn model(dir: &Path, side: &str) -> codegen::model::Api {
    let files = codegen::load::read_dir(&dir.join(side)).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    match codegen::check_files(&files, &format!("{side}/")) {
        Ok((api, _)) => api,
        Err(report) => panic!("{}/{side} does not check:\n{report}", dir.display()),
    }
}

/// The report of a fixture, for a crate at 0.1.0 (the generated crate's version).
fn report(name: &str) -> Report {
    let dir = fixtures().join(name);
    let (old, new) = (model(&dir, "old"), model(&dir, "new"));
    let side = |api, label| Side { api, label, prefix: if label == "old" { "old/" } else { "new/" } };
    Report::new(side(&old, "old"), side(&new, "new"), Some("0.1.0")).expect("both sides emit")
}

/// One test per fixture: the Markdown report is snapshotted, and the report must hold exactly these kinds.
macro_rules! fixtures {
    ($($test:ident: $dir:literal => [$($kind:ident),* $(,)?],)*) => {
        $(
            #[test]
            fn $test() {
                let report = report($dir);
                let mut kinds: Vec<Kind> = report.changes.iter().map(|c| c.kind).collect();
                kinds.dedup();
                assert_eq!(kinds, [$(Kind::$kind),*], "kinds reported for {}", $dir);
                insta::assert_snapshot!($dir, render(&report, Format::Markdown));
            }
        )*

        /// Every fixture folder has a test above (except the one that does not load, tested below).
        #[test]
        fn every_fixture_folder_is_tested() {
            let mut tested = vec![$($dir),*];
            tested.push("44_does_not_load");
            let mut folders: Vec<String> = std::fs::read_dir(fixtures())
                .expect("tests/fixtures/diff is readable")
                .map(|e| e.expect("a directory entry").file_name().to_string_lossy().into_owned())
                .collect();
            folders.sort();
            tested.sort();
            assert_eq!(folders, tested);
        }
    };
}

fixtures! {
    product_added: "01_product_added" => [ProductAdded],
    product_version_changed: "02_product_version_changed" => [ProductVersionChanged],
    endpoints_changed: "03_endpoints_changed" => [ProductEndpointsChanged],
    operation_added: "04_operation_added" => [OperationAdded],
    operation_removed: "05_operation_removed" => [OperationRemoved],
    methods_changed: "06_methods_changed" => [OperationMethodsChanged],
    changes_state_changed: "07_changes_state_changed" => [OperationStateChanged],
    param_added_optional: "08_param_added_optional" => [ParamAddedOptional],
    param_added_required: "09_param_added_required" => [ParamAddedRequired],
    param_removed: "10_param_removed" => [ParamRemoved],
    param_made_required: "11_param_made_required" => [ParamMadeRequired],
    param_made_optional: "12_param_made_optional" => [ParamMadeOptional],
    param_type_widened: "13_param_type_widened" => [ParamTypeChanged],
    param_rust_renamed: "14_param_rust_renamed" => [ParamRenamed],
    param_wire_renamed: "15_param_wire_renamed" => [ParamWireRenamed],
    param_time_format_changed: "16_param_time_format_changed" => [ParamTimeFormatChanged],
    constraint_tightened: "17_constraint_tightened" => [ParamConstraintTightened],
    constraint_loosened: "18_constraint_loosened" => [ParamConstraintLoosened],
    default_changed: "19_default_changed" => [ParamDefaultChanged],
    param_deprecated: "20_param_deprecated" => [ParamDeprecated],
    field_added: "21_field_added" => [FieldAdded],
    field_removed: "22_field_removed" => [FieldRemoved],
    field_made_required: "23_field_made_required" => [FieldMadeRequired],
    field_made_optional: "24_field_made_optional" => [FieldMadeOptional],
    field_type_narrowed: "25_field_type_narrowed" => [FieldTypeChanged],
    field_rust_renamed: "26_field_rust_renamed" => [FieldRenamed],
    field_wire_renamed: "27_field_wire_renamed" => [FieldWireRenamed],
    field_number_string: "28_field_number_string" => [FieldNumberStringChanged],
    wrapper_removed: "29_wrapper_removed" => [FieldListFormNarrowed],
    response_time_format_changed: "30_response_time_format_changed" => [FieldTimeFormatChanged],
    enum_value_added: "31_enum_value_added" => [EnumValueAdded],
    enum_value_removed: "32_enum_value_removed" => [EnumValueRemoved],
    enum_variant_renamed: "33_enum_variant_renamed" => [EnumVariantRenamed],
    type_added: "34_type_added" => [ParamAddedOptional, TypeAdded],
    type_renamed: "35_type_renamed" => [TypeRenamed],
    error_code_added: "36_error_code_added" => [ErrorCodeAdded],
    error_code_removed: "37_error_code_removed" => [ErrorCodeRemoved],
    error_message_changed: "38_error_message_changed" => [ErrorMessageChanged],
    docs_changed: "39_docs_changed" => [OperationDocsChanged, ParamDocsChanged, FieldDocsChanged],
    sample_changed: "40_sample_changed" => [SampleChanged],
    paging_removed: "41_paging_removed" => [PagingRemoved],
    no_api_effect: "42_no_api_effect" => [],
    type_moved_to_operation: "45_type_moved_to_operation" => [TypeMovedToOperation],
    error_code_made_product_wide: "46_error_code_made_product_wide" => [ErrorCodeAdded, ErrorCodeMadeProductWide],
    mixed: "43_mixed" => [
        OperationDocsChanged, ParamMadeRequired, ParamConstraintLoosened, ErrorCodeAdded, FieldAdded, EnumValueAdded,
    ],
}

/// The fixture of a code made product-wide, read backwards: the product-wide code removed (breaking: code naming
/// `CommonErrorCode::..` no longer compiles, and `CommonErrorCode` itself is gone) and the operation's own code
/// added (compatible).
#[test]
fn a_product_wide_code_removed_is_breaking() {
    let dir = fixtures().join("46_error_code_made_product_wide");
    let (old, new) = (model(&dir, "new"), model(&dir, "old"));
    let side = |api, label| Side { api, label, prefix: if label == "old" { "new/" } else { "old/" } };
    let report = Report::new(side(&old, "old"), side(&new, "new"), Some("0.1.0")).expect("both sides emit");
    let found: Vec<(Kind, Class, String)> =
        report.changes.iter().map(|c| (c.kind, c.class(), c.what.clone())).collect();
    assert_eq!(
        found,
        [
            (
                Kind::ErrorCodeRemoved,
                Class::Breaking,
                "error code removed (variant `CommonErrorCode::InvalidDbInstanceIdNotFound`, HTTP 404)".to_owned()
            ),
            (
                Kind::ErrorCodeAdded,
                Class::Compatible,
                "error code added (variant `DescribeBackupsErrorCode::InvalidDbInstanceIdNotFound`, HTTP 404)"
                    .to_owned()
            ),
        ]
    );
    assert!(report.is_breaking());
}

/// Comments, key order, quoting, flow vs block style and whitespace change nothing in the API, and nothing in
/// the generated code beyond the spec hash in the header.
#[test]
fn a_change_with_no_api_effect_reports_nothing() {
    let report = report("42_no_api_effect");
    assert!(report.changes.is_empty(), "{:#?}", report.changes);
    assert!(report.files.files.is_empty(), "{:#?}", report.files.files);
    assert_eq!(report.files.header_only, 3, "describe_backups.rs, mod.rs and server.rs record the spec's hash");
    assert_eq!(report.semver.bump, api_diff::Bump::None);
}

#[test]
fn the_mixed_report_as_json_and_text() {
    let report = report("43_mixed");
    assert!(report.is_breaking());
    assert_eq!(report.semver.to.as_deref(), Some("0.2.0"));
    insta::assert_snapshot!("json_43_mixed", render(&report, Format::Json));
    insta::assert_snapshot!("text_43_mixed", render(&report, Format::Text));
}

#[test]
fn compatible_and_docs_only_reports_as_json() {
    let compatible = report("31_enum_value_added");
    assert_eq!((compatible.count(Class::Breaking), compatible.count(Class::Compatible)), (0, 1));
    assert_eq!(compatible.semver.to.as_deref(), Some("0.1.1"));
    insta::assert_snapshot!("json_31_enum_value_added", render(&compatible, Format::Json));
    let docs = report("39_docs_changed");
    assert_eq!(docs.count(Class::Docs), docs.changes.len());
    insta::assert_snapshot!("json_39_docs_changed", render(&docs, Format::Json));
}

#[test]
fn every_kind_has_a_reason_and_a_unique_id() {
    let mut ids: Vec<&str> = Kind::ALL.iter().map(|k| k.id()).collect();
    assert!(Kind::ALL.iter().all(|k| !k.why().is_empty()));
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), Kind::ALL.len());
}

// ---- the command --------------------------------------------------------------------------------------------

/// `cargo xtask diff` with these arguments, parsed as the command line parses them.
fn diff_args(args: &[&str]) -> xtask::diff::Args {
    let words: Vec<&str> = std::iter::once("diff").chain(args.iter().copied()).collect();
    match xtask::Cli::from_words(&words).map(|cli| cli.command) {
        Ok(xtask::Command::Diff(args)) => args,
        other => panic!("`{}` is not a diff command line: {other:?}", words.join(" ")),
    }
}

/// Runs `cargo xtask diff` with these arguments in `root`; paths under `root` are shown as `<root>`.
fn xtask_diff(root: &Path, args: &[&str]) -> (u8, String) {
    let outcome = xtask::diff::execute(root, &diff_args(args));
    assert_eq!(outcome.stderr, "", "nothing on stderr");
    (outcome.code, outcome.stdout.replace(&root.display().to_string(), "<root>"))
}

#[test]
fn folders_exit_status_follows_breaking_changes() {
    let root = fixtures();
    let side = |name: &str, s: &str| root.join(name).join(s).display().to_string();
    let (old, new) = (side("43_mixed", "old"), side("43_mixed", "new"));
    assert_eq!(xtask_diff(&root, &["--old", &old, "--new", &new]).0, 1);
    assert_eq!(xtask_diff(&root, &["--old", &old, "--new", &new, "--allow-breaking"]).0, 0);
    let (old, new) = (side("31_enum_value_added", "old"), side("31_enum_value_added", "new"));
    assert_eq!(xtask_diff(&root, &["--old", &old, "--new", &new, "--format", "text"]).0, 0);
}

#[test]
fn a_spec_that_does_not_load_exits_2_with_located_diagnostics() {
    let root = fixtures();
    let side = |s: &str| root.join("44_does_not_load").join(s).display().to_string();
    let (code, out) = xtask_diff(&root, &["--old", &side("old"), "--new", &side("new"), "--format", "text"]);
    assert_eq!(code, 2);
    assert!(out.contains("<root>/44_does_not_load/new/demo/DescribeBackups.yaml:23:13"), "{out}");
    insta::assert_snapshot!("does_not_load", out);
}

#[test]
fn bad_arguments_are_refused_before_any_work() {
    let refusal = |words: &[&str]| {
        let error = xtask::Cli::from_words(words).expect_err("refused");
        assert_eq!(error.exit_code(), 2, "{error}");
        error.to_string()
    };
    let text = refusal(&["diff", "--old", "a"]);
    assert!(text.contains("required arguments were not provided") && text.contains("--new <DIR|FILE>"), "{text}");
    let text = refusal(&["diff", "--format", "yaml"]);
    assert!(text.contains("invalid value 'yaml' for '--format <FORMAT>'"), "{text}");
    assert!(text.contains("[possible values: markdown, json, text]"), "{text}");
    let text = refusal(&["diff", "--base", "HEAD~1", "--old", "a", "--new", "b"]);
    assert!(text.contains("'--base <REV>' cannot be used with"), "{text}");
}

/// A scratch git repository holding `specs/` and the workspace `Cargo.toml`, committed twice.
struct Repo {
    root: PathBuf,
}

impl Repo {
    fn new(name: &str) -> Repo {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("diff-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("scratch folder");
        let repo = Repo { root };
        repo.git(&["init", "--quiet"]);
        repo
    }

    fn git(&self, args: &[&str]) {
        let status = Command::new("git")
            .current_dir(&self.root)
            .args(["-c", "user.name=diff test", "-c", "user.email=diff@test", "-c", "commit.gpgsign=false"])
            .args(args)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    /// Replaces `specs/` with a fixture side.
    fn specs_from(&self, fixture: &str, side: &str) {
        let specs = self.root.join("specs");
        let _ = std::fs::remove_dir_all(&specs);
        tests::copy_tree(&fixtures().join(fixture).join(side), &specs);
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "--all"]);
        self.git(&["commit", "--quiet", "-m", message]);
    }
}

#[test]
fn two_commits_of_a_git_repository() {
    let repo = Repo::new("git");
    std::fs::write(repo.root.join("Cargo.toml"), "[workspace]\n\n[workspace.package]\nversion = \"0.3.1\"\n")
        .expect("write manifest");
    repo.specs_from("43_mixed", "old");
    repo.commit("base");
    repo.specs_from("43_mixed", "new");
    repo.commit("change");

    let (code, text) = xtask_diff(&repo.root, &["--base", "HEAD~1", "--head", "HEAD", "--format", "text"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("minor release: 0.3.1 → 0.4.0"), "the version is read at the base revision:\n{text}");
    insta::assert_snapshot!("git_two_commits", text);

    let (code, json) =
        xtask_diff(&repo.root, &["--base", "HEAD~1", "--head", "HEAD", "--format", "json", "--allow-breaking"]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(value["summary"]["breaking"], 1);

    // `--head` alone compares from HEAD (the `--base` default) to that revision.
    let (_, text) = xtask_diff(&repo.root, &["--head", "HEAD~1"]);
    assert!(text.starts_with("## API diff: `HEAD` → `HEAD~1`"), "{text}");

    // `cargo xtask diff` alone: the last commit against the working tree (here: the change undone).
    repo.specs_from("43_mixed", "old");
    let (code, text) = xtask_diff(&repo.root, &[]);
    assert_eq!(code, 1);
    assert!(text.starts_with("## API diff: `HEAD` → `working tree`"), "{text}");
    assert!(text.contains("parameter removed") || text.contains("now optional"), "{text}");

    // A revision whose spec does not load: exit 2, the diagnostics name the file at that revision.
    repo.specs_from("44_does_not_load", "new");
    repo.commit("broken");
    repo.specs_from("43_mixed", "new");
    let (code, text) = xtask_diff(&repo.root, &["--format", "text"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("HEAD:specs/demo/DescribeBackups.yaml:23:13"), "{text}");
    assert!(text.contains("The specs at HEAD do not load"), "{text}");

    let _ = std::fs::remove_dir_all(&repo.root);
}

#[test]
fn an_unknown_revision_is_a_clear_error() {
    let repo = Repo::new("badrev");
    repo.specs_from("43_mixed", "old");
    repo.commit("base");
    let outcome = xtask::diff::execute(&repo.root, &diff_args(&["--base", "no-such-rev"]));
    assert_eq!(outcome.code, 2);
    assert!(outcome.stderr.contains("`no-such-rev` is not a commit"), "{}", outcome.stderr);
    let _ = std::fs::remove_dir_all(&repo.root);
}
