//! The `cargo xtask` command line as a maintainer meets it: `--help` on every command, and what it says and how
//! it exits when it is given something it does not know or a value it cannot use (these runs stop before any
//! real work).

use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("the xtask binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every command, with a word its help must show (an option, or a default).
const COMMANDS: &[(&str, &[&str])] = &[
    ("codegen", &["--check"]),
    (
        "diff",
        &[
            "--base <REV>",
            "[default: HEAD]",
            "--old <DIR|FILE>",
            "--new <DIR|FILE>",
            "[default: markdown]",
            "--allow-breaking",
        ],
    ),
    ("import", &["<PAGE>", "--product <P>", "--name <ACTION>", "--out <FILE>", "--outline"]),
    ("doc-check", &["<SPEC>", "<PAGE>", "--known"]),
    (
        "import-meta",
        &["<FILE>", "--product <P>", "--operation <ACTION>", "--all", "--no-draft", "--out <DIR>", "--known"],
    ),
    ("whole-api", &["--product <P>", "[default: all four]", "--meta <DIR>", "--keep <DIR>"]),
    ("semver-check", &["--fixture <NAME>", "[default: every fixture]", "cargo-semver-checks@0.51.0"]),
    ("bench", &["--quick", "[default: 100, 1,000 and 5,000 operations"]),
];

#[test]
fn help_lists_every_command_and_exits_0() {
    let output = xtask(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("Usage: cargo xtask <COMMAND>"), "{text}");
    for (command, _) in COMMANDS {
        assert!(text.contains(&format!("\n  {command} ")), "{command} is listed:\n{text}");
    }
    assert!(!text.contains("bench-child") && !text.contains("bench-rustc-wrapper"), "internal roles are hidden");
}

#[test]
fn every_command_has_help_with_its_options_and_defaults() {
    for (command, words) in COMMANDS {
        let output = xtask(&[command, "--help"]);
        assert_eq!(output.status.code(), Some(0), "{command}: {}", stderr(&output));
        let text = stdout(&output);
        assert!(text.contains(&format!("Usage: cargo xtask {command}")), "{command}:\n{text}");
        for word in *words {
            assert!(text.contains(word), "`{command} --help` shows `{word}`:\n{text}");
        }
        // `help <command>` is the same text.
        assert_eq!(stdout(&xtask(&["help", command])), text, "{command}");
    }
}

#[test]
fn an_unknown_command_or_option_is_named_and_exits_2() {
    for (args, named, usage) in [
        (&["codegen", "--chek"][..], "unexpected argument '--chek'", "Usage: cargo xtask codegen"),
        (&["bench", "--quik"], "unexpected argument '--quik'", "Usage: cargo xtask bench"),
        (&["doc-check", "a", "b", "--knwon"], "unexpected argument '--knwon'", "Usage: cargo xtask doc-check"),
        (&["frobnicate"], "unrecognized subcommand 'frobnicate'", "Usage: cargo xtask <COMMAND>"),
    ] {
        let output = xtask(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let text = stderr(&output);
        assert!(text.contains(named) && text.contains(usage), "{args:?}:\n{text}");
    }
    // A near miss gets the nearest word.
    assert!(stderr(&xtask(&["codegen", "--chek"])).contains("a similar argument exists: '--check'"));
}

#[test]
fn a_bad_value_is_refused_naming_it_and_exits_2() {
    for (args, named) in [
        (&["diff", "--format", "yaml"][..], "invalid value 'yaml' for '--format <FORMAT>'"),
        (&["diff", "--old", "a"], "--new <DIR|FILE>"),
        (&["import-meta", "rds.json", "--product", "rds"], "--operation <ACTION>"),
        (&["whole-api", "--product", "ecs"], "invalid value 'ecs' for '--product <P>'"),
        (&["diff", "--head", "HEAD", "--old", "a", "--new", "b"], "'--head <REV>' cannot be used with"),
        (&["diff", "--base"], "a value is required for '--base <REV>'"),
        (&["import", "page.txt"], "--product <P>"),
        (&["import", "page.txt", "--outline", "--product", "rds"], "'--outline' cannot be used with"),
        (&["doc-check", "specs/rds/DescribeBackups.yaml"], "<PAGE>"),
        (&["bench-child", "many"], "invalid value 'many' for '<OPS>'"),
    ] {
        let output = xtask(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains(named), "{args:?}:\n{}", stderr(&output));
        assert_eq!(stdout(&output), "", "{args:?}: nothing ran");
    }
}

#[test]
fn no_command_prints_the_usage_and_exits_2() {
    let output = xtask(&[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("Usage: cargo xtask <COMMAND>"), "{}", stderr(&output));
}

#[test]
fn a_diff_of_a_missing_folder_says_which_and_exits_2() {
    let output = xtask(&["diff", "--old", "/nonexistent-spec-folder", "--new", "specs"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("/nonexistent-spec-folder"), "{}", stderr(&output));
}

#[test]
fn the_benchmarks_rustc_wrapper_passes_every_argument_and_the_exit_status_through() {
    // cargo runs the wrapper as `WRAPPER rustc ARGS...`; arguments that look like options are rustc's.
    let output = xtask(&["bench-rustc-wrapper", "rustc", "-vV"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("rustc "), "{}", stdout(&output));
    let output = xtask(&["bench-rustc-wrapper", "rustc", "--no-such-rustc-flag"]);
    assert_eq!(output.status.code(), Some(1), "rustc's own refusal");
    assert!(stderr(&output).contains("Unrecognized option: 'no-such-rustc-flag'"), "{}", stderr(&output));
}
