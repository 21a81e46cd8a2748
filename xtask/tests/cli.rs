//! The `cargo xtask` command line as a maintainer meets it: what it says and how it exits when it is given
//! something it does not know (these runs stop before any real work).

use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("the xtask binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn an_unknown_command_or_option_is_named_and_exits_2() {
    for args in [&["codegen", "--chek"][..], &["bench", "--quik"], &["frobnicate"]] {
        let output = xtask(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let text = stderr(&output);
        assert!(text.contains(&format!("`{}` is not a command this tool knows", args.join(" "))), "{text}");
        assert!(text.contains("usage: cargo xtask <command>"), "{text}");
    }
}

#[test]
fn no_command_prints_the_usage_and_exits_2() {
    let output = xtask(&[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("usage: cargo xtask <command>"), "{}", stderr(&output));
}

#[test]
fn a_diff_of_a_missing_folder_says_which_and_exits_2() {
    let output = xtask(&["diff", "--old", "/nonexistent-spec-folder", "--new", "specs"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("/nonexistent-spec-folder"), "{}", stderr(&output));
}
