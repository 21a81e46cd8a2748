//! The checker's diagnostics, as a spec maintainer sees them.
//!
//! `tests/fixtures/good/` is a small valid spec tree that exercises most of the format; every folder under
//! `tests/fixtures/bad/` is a copy of it with exactly one mistake, named after the code it must raise
//! (`E005_unknown_type`). Each fixture's full report is snapshotted, so a change in wording, position or hint
//! shows up in review. The other tests check that every code has a fixture, that one run reports every problem
//! of a tree, and that no mangled version of the real specs makes the checker panic. The property tests
//! (proptest) check the checker and the renderer on any text: no panic, every diagnostic located, and drawn on
//! the line and at the column its byte offset is at, however the file breaks its lines (`\n`, `\r\n`, a lone
//! `\r`) and whatever separators it holds.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use codegen::diagnostic::{Code, Diagnostic};
use codegen::load::{self, SpecFiles};
use codegen::model::{NamedKind, Ty, TypeDef, WireForm};
use codegen::source::{self, SourceMap};
use codegen::Report;
use proptest::prelude::*;

/// What diagnostics put before the paths of spec files.
const PREFIX: &str = "specs/";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn read_tree(dir: &Path) -> SpecFiles {
    let files = load::read_dir(dir).unwrap_or_else(|e| panic!("cannot read the spec tree {}: {e}", dir.display()));
    assert!(!files.is_empty(), "{} holds no spec files", dir.display());
    files
}

/// The good tree, as a base for trees with mistakes made in memory.
fn good_tree() -> SpecFiles {
    read_tree(&fixtures_dir().join("good"))
}

/// The code whose id starts a fixture folder's name (`E005_unknown_type` -> `E005`).
fn code_of(folder: &str) -> Option<Code> {
    let (id, _) = folder.split_once('_')?;
    Code::ALL.iter().copied().find(|c| c.id() == id)
}

/// The folder names under `tests/fixtures/bad/`.
fn bad_folders() -> BTreeSet<String> {
    let dir = fixtures_dir().join("bad");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    entries
        .map(|entry| entry.unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())))
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect()
}

fn codes(report: &Report) -> Vec<&'static str> {
    report.diagnostics.0.iter().map(|d| d.code.id()).collect()
}

/// What is wrong with how one diagnostic renders: it must show `--> path:line:col`, the source line under
/// that line number, a caret at that column, and a hint.
fn rendering_problems(diagnostic: &Diagnostic, sources: &SourceMap) -> Vec<String> {
    let rendered = diagnostic.render(sources);
    let mut problems = Vec::new();
    let mut require = |ok: bool, what: &str| {
        if !ok {
            problems.push(format!("{what}:\n{rendered}"));
        }
    };
    require(rendered.starts_with(&format!("error[{}]: ", diagnostic.code.id())), "no `error[Ennn]:` header");
    require(rendered.lines().any(|l| l.starts_with("help: ") && l.len() > "help: ".len()), "no `help:` line");
    let Some(loc) = diagnostic.loc else {
        problems.push(format!("no location:\n{rendered}"));
        return problems;
    };
    let position = diagnostic.position(sources);
    require(rendered.lines().any(|l| l.trim_start() == format!("--> {position}")), "no `--> path:line:col` line");

    // The location is where its byte offset is, by YAML's line breaks (`\n`, `\r\n`, a lone `\r`).
    let text = &sources.file(loc.file).text;
    let (number, column) = source::position(text, loc.start);
    require((number, column) == (loc.line, loc.column), "the line and column are not those of the byte offset");
    let end = loc.start + loc.len;
    require(
        text.is_char_boundary(loc.start) && (end > text.len() || text.is_char_boundary(end)),
        "a span inside a character",
    );

    // The numbered source line, then the caret line under it.
    let lines: Vec<&str> = rendered.lines().collect();
    let number = format!("{} |", loc.line);
    let Some(at) = lines.iter().position(|l| l.trim_start().starts_with(&number)) else {
        problems.push(format!("the source line {} is not shown:\n{rendered}", loc.line));
        return problems;
    };
    let gutter = lines[at].find('|').unwrap_or(0) + 1;
    let shown = lines[at].get(gutter..).unwrap_or("").strip_prefix(' ').unwrap_or("");
    let caret = lines.get(at + 1).and_then(|l| l.get(gutter..)).unwrap_or("").strip_prefix(' ').unwrap_or("");
    require(caret.trim_start().starts_with('^'), "no caret under the source line");
    let source_line = source::lines(text).nth(loc.line as usize - 1).map_or("", |(_, l)| l);
    // The renderer shortens lines wider than the terminal; shorter ones are shown whole, the caret under the
    // reported column.
    if source_line.chars().map(display_width).sum::<usize>() <= 100 {
        require(shown.trim_end() == as_shown(source_line).trim_end(), "the line shown is not the file's line");
        let before: usize = source_line.chars().take(loc.column as usize - 1).map(display_width).sum();
        let caret_at = caret.find('^').map_or(0, |c| caret[..c].chars().count());
        require(caret_at == before, "the caret is not at the reported column");
    }
    problems
}

/// How wide annotate-snippets draws a character: tabs as four spaces, control characters as one symbol, the
/// rest by Unicode width.
fn display_width(c: char) -> usize {
    match c {
        '\t' => 4,
        '\u{0}'..='\u{1f}' | '\u{7f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => 1,
        _ => unicode_width::UnicodeWidthChar::width(c).unwrap_or(1),
    }
}

/// A source line as annotate-snippets prints it (it replaces what a terminal would not show faithfully).
fn as_shown(line: &str) -> String {
    line.chars()
        .map(|c| match c {
            '\t' => "    ".to_owned(),
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).map(String::from).unwrap_or_default(),
            '\u{7f}' => "\u{2421}".to_owned(),
            '\u{200d}' => String::new(),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "\u{fffd}".to_owned(),
            other => other.to_string(),
        })
        .collect()
}

/// Asserts that every diagnostic of a report renders completely.
fn assert_renders(report: &Report) {
    let problems: Vec<String> =
        report.diagnostics.0.iter().flat_map(|d| rendering_problems(d, &report.sources)).collect();
    assert!(problems.is_empty(), "badly rendered diagnostics:\n\n{}", problems.join("\n\n"));
}

/// Checks one fixture folder: checking fails, only with the code the folder is named after, and the report is
/// as snapshotted.
fn check_fixture(folder: &str) {
    let code = code_of(folder).unwrap_or_else(|| panic!("the fixture folder `{folder}` does not start with a code"));
    let files = read_tree(&fixtures_dir().join("bad").join(folder));
    let report = match codegen::check_files(&files, PREFIX) {
        Ok(_) => panic!("the fixture `{folder}` checks clean, but should raise {}", code.id()),
        Err(report) => report,
    };
    let rendered = report.to_string();
    assert!(
        report.diagnostics.0.iter().any(|d| d.code == code),
        "the fixture `{folder}` does not raise {}:\n{rendered}",
        code.id()
    );
    // One mistake, one kind of diagnostic: anything else is a cascade or a second mistake in the fixture.
    assert!(
        report.diagnostics.0.iter().all(|d| d.code == code),
        "the fixture `{folder}` raises other codes than {} ({:?}):\n{rendered}",
        code.id(),
        codes(&report)
    );
    assert_renders(&report);
    insta::with_settings!({
        description => format!("tests/fixtures/bad/{folder}: {} ({})", code.what(), code.id()),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(folder, rendered);
    });
}

macro_rules! fixtures {
    ($($test:ident => $folder:literal,)*) => {
        /// Every fixture folder that has a test.
        const FIXTURES: &[&str] = &[$($folder,)*];

        $(
            #[test]
            fn $test() {
                check_fixture($folder);
            }
        )*
    };
}

fixtures! {
    e001_duplicate_key => "E001_duplicate_key",
    e001_tab_indentation => "E001_tab_indentation",
    e001_unclosed_flow_list => "E001_unclosed_flow_list",
    e002_unknown_key => "E002_unknown_key",
    e003_empty_version => "E003_empty_version",
    e003_wrong_value_type => "E003_wrong_value_type",
    e004_missing_summary => "E004_missing_summary",
    e005_unknown_type => "E005_unknown_type",
    e006_list_parameter => "E006_list_parameter",
    e006_unclosed_list => "E006_unclosed_list",
    e007_duplicate_wire_name => "E007_duplicate_wire_name",
    e008_client_method_collision => "E008_client_method_collision",
    e008_enum_values_same_variant => "E008_enum_values_same_variant",
    e008_error_codes_same_variant => "E008_error_codes_same_variant",
    e008_name_collision => "E008_name_collision",
    e008_option_setter_collision => "E008_option_setter_collision",
    e008_type_named_like_generated => "E008_type_named_like_generated",
    e008_operation_named_like_common_codes => "E008_operation_named_like_common_codes",
    e009_bad_rust_name => "E009_bad_rust_name",
    e009_reserved_module => "E009_reserved_module",
    e009_reserved_operation_module => "E009_reserved_operation_module",
    e010_enum_value_not_identifier => "E010_enum_value_not_identifier",
    e010_integer_value_without_rust_name => "E010_integer_value_without_rust_name",
    e011_duplicate_enum_value => "E011_duplicate_enum_value",
    e012_bad_time_format => "E012_bad_time_format",
    e013_format_on_non_time => "E013_format_on_non_time",
    e013_time_without_format => "E013_time_without_format",
    e014_sample_list_without_wrapper => "E014_sample_list_without_wrapper",
    e014_sample_undeclared_field => "E014_sample_undeclared_field",
    e014_sample_undocumented_enum_value => "E014_sample_undocumented_enum_value",
    e014_sample_wire_string => "E014_sample_wire_string",
    e015_sample_not_json => "E015_sample_not_json",
    e016_duplicate_type => "E016_duplicate_type",
    e017_type_not_shared => "E017_type_not_shared",
    e018_bad_method => "E018_bad_method",
    e019_bad_paging => "E019_bad_paging",
    e020_duplicate_error_code => "E020_duplicate_error_code",
    e021_bad_wire_form => "E021_bad_wire_form",
    e022_bad_constraint => "E022_bad_constraint",
    e023_bad_protocol => "E023_bad_protocol",
    e024_file_name_mismatch => "E024_file_name_mismatch",
    e025_missing_product => "E025_missing_product",
    e026_unused_type => "E026_unused_type",
    e027_bad_endpoint => "E027_bad_endpoint",
    e028_bad_sample => "E028_bad_sample",
    e029_bad_error_status => "E029_bad_error_status",
    e030_string_in_integer_enum => "E030_string_in_integer_enum",
    e030_unknown_kind => "E030_unknown_kind",
    e031_bad_type_name => "E031_bad_type_name",
    e032_duplicate_module => "E032_duplicate_module",
    e032_same_operation_twice => "E032_same_operation_twice",
    e033_bad_waiter => "E033_bad_waiter",
    e034_bad_status => "E034_bad_status",
    e035_form_without_post => "E035_form_without_post",
    e036_list_without_style => "E036_list_without_style",
    e036_style_on_scalar => "E036_style_on_scalar",
    e037_bad_pattern => "E037_bad_pattern",
    e038_min_items_on_string => "E038_min_items_on_string",
    e039_wrapper_in_request_struct => "E039_wrapper_in_request_struct",
    e040_empty_deprecated => "E040_empty_deprecated",
    e041_error_code_with_whitespace => "E041_error_code_with_whitespace",
    e042_code_repeated_product_wide => "E042_code_repeated_product_wide",
}

#[test]
fn every_code_has_a_fixture() {
    let folders = bad_folders();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.id())
        .filter(|id| !folders.iter().any(|f| f.starts_with(&format!("{id}_"))))
        .collect();
    assert!(missing.is_empty(), "codes without a fixture under tests/fixtures/bad/: {missing:?}");
}

#[test]
fn every_fixture_folder_has_a_test_and_a_code() {
    let folders = bad_folders();
    let tested: BTreeSet<String> = FIXTURES.iter().map(|f| (*f).to_owned()).collect();
    let untested: Vec<&String> = folders.difference(&tested).collect();
    let gone: Vec<&String> = tested.difference(&folders).collect();
    assert!(untested.is_empty(), "fixture folders without a test in the `fixtures!` list: {untested:?}");
    assert!(gone.is_empty(), "tests for fixture folders that do not exist: {gone:?}");
    let unnamed: Vec<&String> = folders.iter().filter(|f| code_of(f).is_none()).collect();
    assert!(unnamed.is_empty(), "fixture folders not named `Ennn_what`: {unnamed:?}");
}

#[test]
fn the_good_tree_checks_clean() {
    let (api, _) = codegen::check_files(&good_tree(), PREFIX).unwrap_or_else(|report| panic!("{report}"));
    let [product] = api.products.as_slice() else {
        panic!("expected one product, found {}", api.products.len());
    };
    assert_eq!(product.module, "demo");
    assert_eq!(product.operations.len(), 2);

    // The tree exercises what the fixtures rely on.
    let types: Vec<&TypeDef> =
        product.types.iter().chain(product.operations.iter().flat_map(|op| op.types.iter())).collect();
    let enums: Vec<_> = types
        .iter()
        .filter_map(|t| match t {
            TypeDef::Enum(e) => Some(e),
            TypeDef::Struct(_) => None,
        })
        .collect();
    assert!(enums.iter().any(|e| !e.integer && e.variants.iter().any(|v| v.rust == "Pending" && v.value == "0")));
    assert!(enums.iter().any(|e| e.integer && e.variants.iter().any(|v| v.rust == "Healthy" && v.value == "1")));
    let fields: Vec<_> = types
        .iter()
        .filter_map(|t| match t {
            TypeDef::Struct(s) => Some(s),
            TypeDef::Enum(_) => None,
        })
        .chain(product.operations.iter().map(|op| &op.response))
        .flat_map(|s| s.fields.iter())
        .collect();
    assert!(fields.iter().any(|f| f.wire_form == WireForm::String));
    assert!(fields.iter().any(|f| matches!(&f.wire_form, WireForm::Wrapped(key) if key == "Widget")));
    assert!(fields.iter().any(|f| f.wire_form == WireForm::OneOrMany));
    assert!(fields.iter().any(|f| matches!(f.ty, Ty::Time(_))));
    assert!(fields.iter().any(|f| matches!(&f.ty, Ty::Named(n) if n.kind == NamedKind::Enum && n.shared)));
    let params: Vec<_> = product.operations.iter().flat_map(|op| op.request.params.iter()).collect();
    assert!(params.iter().any(|p| matches!(p.ty, Ty::Time(_))));
    assert!(params.iter().any(|p| p.rust == "widget_type" && p.wire == "Type"));
    assert!(params.iter().any(|p| p.allowed == [10, 50, 100]));
    assert!(product.operations.iter().any(|op| op.paging.is_some()));
    assert!(product.operations.iter().all(|op| !op.errors.codes.is_empty() && !op.samples.is_empty()));
}

#[test]
fn parameters_named_like_a_builders_own_members_are_rejected() {
    for own in ["build", "send", "paginate", "new", "into_parts", "client"] {
        let mut files = good_tree();
        edit(&mut files, "demo/CreateWidget.yaml", "rust_name: widget_type", &format!("rust_name: {own}"));
        let report = match codegen::check_files(&files, PREFIX) {
            Ok(_) => panic!("a parameter called `{own}` checks clean"),
            Err(report) => report,
        };
        assert_eq!(codes(&report), ["E008"], "{report}");
        let message = &report.diagnostics.0[0].message;
        assert_eq!(message, &format!("the parameter `Type` would clash with the builder's own `{own}`"));
    }
}

/// Replaces the one occurrence of `old` in a file of the tree.
fn edit(files: &mut SpecFiles, path: &str, old: &str, new: &str) {
    let text = files.get_mut(path).unwrap_or_else(|| panic!("no file {path} in the tree"));
    assert_eq!(text.matches(old).count(), 1, "`{old}` must occur once in {path}");
    *text = text.replacen(old, new, 1);
}

#[test]
fn one_run_reports_every_mistake_of_the_tree() {
    let mut files = good_tree();
    edit(&mut files, "demo/product.yaml", "regional: demo.{region}.aliyuncs.com", "regional: demo.aliyuncs.com");
    edit(&mut files, "demo/DescribeWidgets.yaml", "format: yyyy-MM-ddTHH:mmZ", "format: yyyy-MM-dd");
    edit(&mut files, "demo/DescribeWidgets.yaml", "code: InvalidStartTime.Format", "code: InvalidInstanceId.NotFound");
    edit(&mut files, "demo/CreateWidget.yaml", "methods: [POST]", "methods: [PUT]");
    edit(&mut files, "demo/CreateWidget.yaml", "  - status: 403", "  - status: 200");
    // A second product whose product.yaml does not parse, and a folder that has none.
    let product = files.get("demo/product.yaml").cloned().unwrap_or_default();
    files.insert("other/product.yaml".to_owned(), product.replace("module: demo", "module: [other"));
    let operation = files.get("demo/CreateWidget.yaml").cloned().unwrap_or_default();
    files.insert("billing/CreateWidget.yaml".to_owned(), operation.replace("methods: [PUT]", "methods: [POST]"));

    let report = match codegen::check_files(&files, PREFIX) {
        Ok(_) => panic!("a tree with seven mistakes checks clean"),
        Err(report) => report,
    };
    let rendered = report.to_string();
    let mut found = codes(&report);
    found.sort_unstable();
    // The billing folder's operation still uses the demo product's shared type: only E025 is reported for it.
    assert_eq!(found, ["E001", "E012", "E018", "E020", "E025", "E027", "E029"], "{rendered}");
    assert!(rendered.ends_with("7 problems found in the specs"), "{rendered}");
    for file in
        ["billing/CreateWidget.yaml", "demo/CreateWidget.yaml", "demo/DescribeWidgets.yaml", "demo/product.yaml"]
    {
        assert!(rendered.contains(&format!("--> {PREFIX}{file}:")), "nothing reported in {file}:\n{rendered}");
    }
    assert!(rendered.contains(&format!("--> {PREFIX}other/product.yaml:")), "{rendered}");
    assert_renders(&report);
}

/// A small deterministic pseudo-random sequence (xorshift64), so the mangled variants are the same every run.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }
}

/// Characters that are meaningful to YAML or JSON, or odd in a text file.
const GARBAGE: &[char] = &[
    '\t', ':', '{', '}', '[', ']', '"', '\'', '\0', '#', '-', '|', '>', '&', '*', '!', '%', '@', '`', ',', '\n', ' ',
    'é', '中', '\u{feff}', '\u{7f}', '\\', '?',
];

/// The file cut at every line boundary (including empty and whole).
fn truncations(text: &str) -> Vec<(String, String)> {
    let mut cuts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    cuts.push(text.len());
    cuts.dedup();
    cuts.into_iter().map(|at| (format!("cut after byte {at}"), text[..at].to_owned())).collect()
}

/// Mangled versions of a file, each with a label saying how it was made.
fn mangles(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (index, line) in lines.iter().enumerate() {
        let before: String = lines[..index].concat();
        let after: String = lines[index + 1..].concat();
        // Every few lines: the line cut in its middle, or left out.
        if index % 8 == 1 {
            let middle = line.char_indices().map(|(i, _)| i).find(|i| *i >= line.len() / 2).unwrap_or(line.len());
            out.push((format!("cut in the middle of line {}", index + 1), format!("{before}{}", &line[..middle])));
        }
        if index % 8 == 5 {
            out.push((format!("without line {}", index + 1), format!("{before}{after}")));
        }
    }
    let chars: Vec<char> = text.chars().collect();
    for (step, seed) in [(7, 1_u64), (7, 2), (13, 3), (31, 4), (97, 5)] {
        let mut rng = Xorshift(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let mangled: String = chars
            .iter()
            .enumerate()
            .map(|(i, c)| if i % step == step - 1 { GARBAGE[rng.below(GARBAGE.len())] } else { *c })
            .collect();
        out.push((format!("every {step}th character replaced (seed {seed})"), mangled));
    }
    out.push(("tabs for indentation".to_owned(), text.replace("\n  ", "\n\t")));
    out.push(("a tab after every colon".to_owned(), text.replace(": ", ":\t")));
    out.push(("CRLF line ends".to_owned(), text.replace('\n', "\r\n")));
    let mut rng = Xorshift(0x2545_f491_4f6c_dd1d);
    for round in 0..16 {
        let mut mangled = chars.clone();
        for _ in 0..=round % 4 {
            let at = rng.below(mangled.len() + 1);
            match rng.below(4) {
                0 => mangled.insert(at, GARBAGE[rng.below(GARBAGE.len())]),
                1 if at < mangled.len() => {
                    mangled.remove(at);
                }
                2 => {
                    let burst: Vec<char> = (0..8).map(|_| GARBAGE[rng.below(GARBAGE.len())]).collect();
                    mangled.splice(at..at, burst);
                }
                _ if at < mangled.len() => mangled[at] = GARBAGE[rng.below(GARBAGE.len())],
                _ => mangled.push('\n'),
            }
        }
        out.push((format!("random edits (round {round})"), mangled.into_iter().collect()));
    }
    out
}

/// Checks a tree, catching a panic; `Err` says what went wrong.
fn survives(files: &SpecFiles) -> Result<(), String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| match codegen::check_files(files, PREFIX) {
        Ok(_) => Vec::new(),
        Err(report) => {
            let _ = report.to_string();
            report.diagnostics.0.iter().flat_map(|d| rendering_problems(d, &report.sources)).collect()
        }
    }));
    match outcome {
        Ok(problems) if problems.is_empty() => Ok(()),
        Ok(problems) => Err(problems.join("\n\n")),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            Err(format!("panicked: {message}"))
        }
    }
}

/// Checks every real spec file replaced by each of its variants; returns the number of trees checked and the
/// failures.
fn check_variants(variants: fn(&str) -> Vec<(String, String)>) -> (usize, Vec<String>) {
    let specs = read_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs"));
    let mut failures = Vec::new();
    let mut runs = 0;
    for (path, text) in &specs {
        // Products are checked independently, and operations mostly so: a variant of product.yaml is checked with
        // its whole folder, a variant of an operation with only product.yaml beside it.
        let folder = path.split_once('/').map_or(path.as_str(), |(f, _)| f);
        let product = format!("{folder}/product.yaml");
        let tree: SpecFiles = specs
            .iter()
            .filter(|(p, _)| **p == product || (*path == product && p.starts_with(&format!("{folder}/"))))
            .map(|(p, t)| (p.clone(), t.clone()))
            .collect();
        for (how, mangled) in variants(text) {
            let mut files = tree.clone();
            files.insert(path.clone(), mangled);
            runs += 1;
            if let Err(why) = survives(&files) {
                failures.push(format!("{path}, {how}: {why}"));
            }
        }
    }
    (runs, failures)
}

fn assert_no_failures(runs: usize, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} of {runs} mangled trees failed (the first 20 follow):\n\n{}",
        failures.len(),
        failures.iter().take(20).cloned().collect::<Vec<_>>().join("\n\n")
    );
}

#[test]
fn real_specs_cut_at_every_line_never_panic_and_render_fully() {
    let (runs, failures) = check_variants(truncations);
    assert!(runs > 1000, "only {runs} variants were checked");
    assert_no_failures(runs, &failures);
}

#[test]
fn garbled_real_specs_never_panic_and_render_fully() {
    let (runs, failures) = check_variants(mangles);
    assert!(runs > 500, "only {runs} variants were checked");
    assert_no_failures(runs, &failures);
}

/// Characters that have tripped the checker or its renderer, or could: YAML's line breaks, Unicode line and
/// space separators (which YAML 1.2 reads as ordinary characters), wide and multi-byte characters, controls the
/// renderer replaces, and the characters YAML gives meaning to.
const AWKWARD: &[&str] = &[
    "\n", "\r", "\r\n", "\u{2028}", "\u{2029}", "\u{85}", "\u{a0}", "\u{3000}", "\u{feff}", "\t", " ", "é", "中", "😀",
    "\u{200d}", "\u{202e}", "\u{1}", "\u{7f}", "\0", ":", "- ", "#", "{", "}", "[", "]", "\"", "'", "|", ">", "&", "*",
    "!", "%", "@", "`", ",", "?", "\\",
];

/// One edit of a spec file: where (a fraction of its length) and what.
#[derive(Debug, Clone)]
enum Edit {
    Insert(u16, &'static str),
    Delete(u16),
    /// Every `\n` of the file from this point on becomes this line break.
    Breaks(u16, &'static str),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let awkward = proptest::sample::select(AWKWARD);
    let breaks = proptest::sample::select(&["\r", "\r\n", "\u{2028}", "\u{85}"][..]);
    let edit = prop_oneof![
        4 => (any::<u16>(), awkward).prop_map(|(at, s)| Edit::Insert(at, s)),
        1 => any::<u16>().prop_map(Edit::Delete),
        1 => (any::<u16>(), breaks).prop_map(|(at, s)| Edit::Breaks(at, s)),
    ];
    proptest::collection::vec(edit, 1..6)
}

/// The byte offset a fraction of a text's length points at, moved back to a character boundary.
fn offset(text: &str, at: u16) -> usize {
    let mut at = text.len() * usize::from(at) / usize::from(u16::MAX);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut text = text.to_owned();
    for edit in edits {
        match *edit {
            Edit::Insert(at, what) => text.insert_str(offset(&text, at), what),
            Edit::Delete(at) => {
                let at = offset(&text, at);
                if let Some(c) = text[at..].chars().next() {
                    text.replace_range(at..at + c.len_utf8(), "");
                }
            }
            Edit::Breaks(at, with) => {
                let at = offset(&text, at);
                let rest = text[at..].replace('\n', with);
                text.replace_range(at.., &rest);
            }
        }
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Any edit of any file of the good tree, with the characters that have broken rendering before: the checker
    /// never panics, and every diagnostic is located and drawn where it points.
    #[test]
    fn edited_specs_render_every_diagnostic_where_it_points(file in 0..3_usize, edits in edits()) {
        let mut files = good_tree();
        let path = files.keys().nth(file).cloned().unwrap_or_default();
        let edited = apply(&files[&path], &edits);
        files.insert(path, edited);
        prop_assert_eq!(survives(&files), Ok(()));
    }

    /// Any text at all as an operation file.
    #[test]
    fn any_text_renders_every_diagnostic_where_it_points(
        pieces in proptest::collection::vec(prop_oneof![
            3 => proptest::sample::select(AWKWARD).prop_map(str::to_owned),
            2 => "[a-zA-Z_ ]{0,12}",
            1 => any::<char>().prop_map(String::from),
            1 => proptest::sample::select(&["name: ", "summary: ", "request:\n", "  - ", "type: ", "body: |\n"][..])
                .prop_map(str::to_owned),
        ], 0..60)
    ) {
        let mut files = good_tree();
        files.insert("demo/CreateWidget.yaml".to_owned(), pieces.concat());
        prop_assert_eq!(survives(&files), Ok(()));
    }

}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// A key the format does not have is reported at its own line and column, whatever line breaks the lines
    /// before it end with and whatever separators they hold.
    #[test]
    fn an_unknown_key_is_reported_at_its_line_and_column(
        breaks in proptest::collection::vec(proptest::sample::select(&["\n", "\r\n", "\r"][..]), 70),
        separators in proptest::collection::vec(
            (any::<u16>(), proptest::sample::select(&["\u{2028}", "\u{2029}", "\u{85}", "\u{a0}", "\u{3000}"][..])),
            0..8,
        ),
        after in any::<u16>(),
    ) {
        let good = good_tree();
        let base: Vec<&str> = good["demo/CreateWidget.yaml"].lines().collect();
        // The key goes below a `name:` line, in the mapping that line opens.
        let names: Vec<usize> = (0..base.len()).filter(|i| base[*i].trim_start().trim_start_matches("- ").starts_with("name: ")).collect();
        let below = names[usize::from(after) % names.len()];
        let indent = base[below].len() - base[below].trim_start().len()
            + if base[below].trim_start().starts_with("- ") { 2 } else { 0 };
        let mut lines: Vec<String> = base.iter().map(|l| (*l).to_owned()).collect();
        lines.insert(below + 1, format!("{}bogus_key: 1", " ".repeat(indent)));
        // Separators go into descriptions (text, where YAML takes any character), before the key.
        let described: Vec<usize> = (0..=below).filter(|i| lines[*i].trim_start().starts_with("description: ")).collect();
        for (at, separator) in &separators {
            if described.is_empty() {
                break;
            }
            let line = &mut lines[described[usize::from(*at) % described.len()]];
            let after_key = line.find("description: ").map_or(0, |k| k + "description: ".len() + 1);
            let at = offset(line, *at).max(after_key).min(line.len());
            let at = (at..=line.len()).find(|i| line.is_char_boundary(*i)).unwrap_or(line.len());
            line.insert_str(at, separator);
        }
        let text: String = lines.iter().zip(breaks.iter().cycle()).map(|(l, b)| format!("{l}{b}")).collect();
        let mut files = good;
        files.insert("demo/CreateWidget.yaml".to_owned(), text);
        let report = match codegen::check_files(&files, PREFIX) {
            Ok(_) => return Err(TestCaseError::fail("an unknown key checks clean")),
            Err(report) => report,
        };
        let unknown = report.diagnostics.0.iter().find(|d| d.code == Code::UnknownKey);
        let found = unknown.and_then(|d| d.loc).map(|loc| (loc.line, loc.column));
        let line = u32::try_from(below + 2).unwrap_or(0);
        let column = u32::try_from(indent + 1).unwrap_or(0);
        prop_assert_eq!(found, Some((line, column)), "{}", report);
        prop_assert_eq!(survives(&files), Ok(()));
    }
}

#[test]
fn long_values_are_checked_without_a_long_search_for_suggestions() {
    // A 100 KB type name, declared and then referred to with one letter more: the "did you mean" search compared
    // the two character by character (10^10 steps, minutes), and so did a long time format or key (YAML keeps
    // plain keys under 1,024 characters).
    let long = "W".repeat(100_000);
    let mut types = good_tree();
    edit(&mut types, "demo/CreateWidget.yaml", "  - name: CreatedWidget", &format!("  - name: {long}"));
    edit(&mut types, "demo/CreateWidget.yaml", "type: CreatedWidget", &format!("type: {long}X"));
    edit(&mut types, "demo/DescribeWidgets.yaml", "format: yyyy-MM-ddTHH:mmZ", &format!("format: {long}"));
    let mut keys = good_tree();
    edit(&mut keys, "demo/product.yaml", "style: RPC", &format!("style: RPC\n{}: 1", &long[..1000]));
    for (files, expected) in [(types, &["E005", "E012"][..]), (keys, &["E002"][..])] {
        let report = match codegen::check_files(&files, PREFIX) {
            Ok(_) => panic!("a tree with long misspelt values checks clean"),
            Err(report) => report,
        };
        let mut found = codes(&report);
        found.sort_unstable();
        found.dedup();
        assert_eq!(found, expected, "{report}");
        assert!(!report.to_string().contains("did you mean"), "{report}");
        assert_eq!(survives(&files), Ok(()));
    }
}

#[test]
fn thousands_of_diagnostics_in_one_file_are_located_in_one_pass() {
    // A drafted enum that repeats one value 10,000 times: as many E011s in a 30,000-line file. Found by walking
    // the file from its start, each diagnostic's line cost time in proportion to the file (26 s for this one in a
    // debug build, growing with the square of its size); the file's line starts are now found once (under 1 s).
    const N: usize = 10_000;
    let mut files = good_tree();
    let repeats = "      - value: Running\n        description: The widget is running.\n".repeat(N);
    edit(&mut files, "demo/product.yaml", "      - value: Stopped\n", &format!("{repeats}      - value: Stopped\n"));
    let report = match codegen::check_files(&files, PREFIX) {
        Ok(_) => panic!("a repeated enum value checks clean"),
        Err(report) => report,
    };
    assert_eq!(report.diagnostics.0.len(), N, "{}", report.diagnostics.0[0].render(&report.sources));
    assert!(report.diagnostics.0.iter().all(|d| d.code == Code::DuplicateEnumValue));
    let last = report.diagnostics.0.last().and_then(|d| d.loc).map(|loc| (loc.line, loc.column));
    assert_eq!(last, Some((u32::try_from(23 + 2 * N).unwrap_or(0), 16)));
    let rendered = report.to_string();
    assert!(rendered.ends_with(&format!("{N} problems found in the specs")));
}
