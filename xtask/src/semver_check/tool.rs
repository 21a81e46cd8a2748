//! Running cargo-semver-checks on one generated crate, and reading its verdict.
//!
//! cargo-semver-checks has no machine-readable report: its verdict is the `Summary` line it prints on stderr
//! (`semver requires new major version: 1 major and 0 minor checks failed`, or `no semver update required`),
//! with a `Warning` line for lints at warn level, and one `--- failure <lint>: ... ---` (or `--- warning ...`)
//! header per lint that fired on stdout. [`read_verdict`] reads exactly those lines and refuses output that has no
//! summary (a crate that does not build, a tool too old for the compiler's rustdoc JSON), returning what the tool
//! said instead, so the table never shows a guess.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::semver_check::verdict::ToolBump;

/// The version the known differences were measured with, and the one CI installs (`.ci/run` reads it here).
/// A newer one may lint more (a type change, say), which shows as a stale known difference.
pub const PINNED: &str = "0.51.0";

/// How to install the pinned version, for the message when the tool is missing.
pub fn install_command() -> String {
    format!("cargo install --locked cargo-semver-checks@{PINNED}")
}

/// The installed cargo-semver-checks (its `--version` line).
#[derive(Debug, Clone)]
pub struct Tool {
    pub version: String,
    cargo: OsString,
}

/// What cargo-semver-checks said about one crate.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verdict {
    /// The bump required by failing lints, or suggested by warnings, whichever is larger.
    pub bump: Option<ToolBump>,
    /// The ids of the lints that fired (failures, then warnings), in the tool's order.
    pub lints: Vec<String>,
}

impl Verdict {
    /// The bump, `none` when no lint fired.
    pub fn bump(&self) -> ToolBump {
        self.bump.unwrap_or(ToolBump::None)
    }

    /// Both crates' findings together: the larger bump, every lint once.
    pub fn merge(mut self, other: Verdict) -> Verdict {
        self.bump = self.bump.max(other.bump);
        for lint in other.lints {
            if !self.lints.contains(&lint) {
                self.lints.push(lint);
            }
        }
        self
    }
}

/// One crate to check: its package name, the folder of the baseline (old) workspace, the current (new)
/// workspace's manifest, and the features to enable on each side.
pub struct CrateCheck<'a> {
    pub package: &'a str,
    pub baseline_root: &'a Path,
    pub current_manifest: &'a Path,
    pub baseline_features: &'a [String],
    pub current_features: &'a [String],
}

impl Tool {
    /// Finds `cargo semver-checks`; the error says how to install it.
    pub fn find() -> Result<Tool, String> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let missing = |why: String| {
            format!(
                "cargo-semver-checks is not installed ({why}); install it with `{}` and run again",
                install_command()
            )
        };
        let output = Command::new(&cargo)
            .args(["semver-checks", "--version"])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| missing(format!("cannot run cargo: {e}")))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        match stdout.lines().next().map(str::trim) {
            Some(line) if output.status.success() && line.starts_with("cargo-semver-checks") => {
                Ok(Tool { version: line.to_owned(), cargo })
            }
            _ => {
                let stderr = String::from_utf8_lossy(&output.stderr);
                let said = stderr.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("no version printed");
                Err(missing(format!("`cargo semver-checks --version`: {said}")))
            }
        }
    }

    /// A warning when the installed version is not the pinned one.
    pub fn version_warning(&self) -> Option<String> {
        (self.version != format!("cargo-semver-checks {PINNED}")).then(|| {
            format!(
                "warning: the known differences were measured with cargo-semver-checks {PINNED}, this is {}; \
                 `{}` installs that one",
                self.version,
                install_command()
            )
        })
    }

    /// Runs `cargo semver-checks check-release` on one crate, every lint at least at patch level (so that minor
    /// lints run too), building in `target_dir` (shared by every run, so dependencies build once).
    pub fn check(&self, check: &CrateCheck<'_>, target_dir: &Path) -> Result<Verdict, String> {
        let mut cmd = Command::new(&self.cargo);
        cmd.args(["semver-checks", "check-release", "--color", "never", "--release-type", "patch"])
            .arg("--manifest-path")
            .arg(check.current_manifest)
            .args(["--package", check.package])
            .arg("--baseline-root")
            .arg(check.baseline_root)
            .arg("--only-explicit-features")
            .arg(format!("--baseline-features={}", check.baseline_features.join(",")))
            .arg(format!("--current-features={}", check.current_features.join(",")))
            .env("CARGO_TARGET_DIR", target_dir)
            .env("CARGO_TERM_COLOR", "never")
            .stdin(Stdio::null());
        let output = cmd.output().map_err(|e| format!("cannot run cargo semver-checks: {e}"))?;
        let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        read_verdict(&stdout, &stderr).map_err(|e| format!("cargo semver-checks on {}: {e}", check.package))
    }
}

/// The verdict in cargo-semver-checks' output (see the module comment); an error quoting the end of stderr when
/// there is no summary line.
pub fn read_verdict(stdout: &str, stderr: &str) -> Result<Verdict, String> {
    let mut lints = Vec::new();
    for line in stdout.lines() {
        let line = line.trim();
        let header = line.strip_prefix("--- failure ").or_else(|| line.strip_prefix("--- warning "));
        if let Some(id) = header.and_then(|h| h.split(':').next()).map(str::trim).filter(|id| !id.is_empty()) {
            lints.push(id.to_owned());
        }
    }
    fn status<'a>(stderr: &'a str, word: &'a str) -> impl Iterator<Item = &'a str> {
        stderr.lines().filter_map(move |l| l.trim().strip_prefix(word)).map(str::trim)
    }
    let mut summaries = status(stderr, "Summary").peekable();
    if summaries.peek().is_none() {
        let tail: Vec<&str> = stderr.lines().rev().take(15).collect::<Vec<_>>().into_iter().rev().collect();
        return Err(format!("no verdict in its output; it ended with:\n{}", tail.join("\n")));
    }
    let mut bump = None;
    for summary in summaries {
        bump = bump.max(match summary {
            "no semver update required" => None,
            s if s.starts_with("semver requires new major version") => Some(ToolBump::Major),
            s if s.starts_with("semver requires new minor version") => Some(ToolBump::Minor),
            other => return Err(format!("unknown summary `{other}`")),
        });
    }
    // `produced N major and M minor level warnings`.
    for warning in status(stderr, "Warning") {
        let count = |level: &str| {
            let words: Vec<&str> = warning.split_whitespace().collect();
            words.windows(2).find(|w| w[1] == level).and_then(|w| w[0].parse::<u32>().ok()).unwrap_or(0)
        };
        if count("major") > 0 {
            bump = bump.max(Some(ToolBump::Major));
        } else if count("minor") > 0 {
            bump = bump.max(Some(ToolBump::Minor));
        }
    }
    Ok(Verdict { bump, lints })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Output as cargo-semver-checks 0.51 prints it (status words right-aligned to 12 columns).
    fn output(failures: &[&str], warnings: &[&str], summary: &str, warning: Option<&str>) -> (String, String) {
        let mut stdout = String::new();
        for id in failures {
            stdout.push_str(&format!("\n--- failure {id}: a lint ---\n\nDescription:\nsomething\n"));
        }
        for id in warnings {
            stdout.push_str(&format!("\n--- warning {id}: a lint ---\n\nDescription:\nsomething\n"));
        }
        let mut stderr = format!(
            "    Building demo v0.0.0 (current)\n     Checking demo v0.0.0 -> v0.0.0 (assume patch change)\n\n     \
             Summary {summary}\n"
        );
        if let Some(w) = warning {
            stderr.push_str(&format!("     Warning {w}\n"));
        }
        (stdout, stderr)
    }

    #[test]
    fn reads_the_summary_and_the_lints() {
        let (out, err) = output(
            &["function_missing", "struct_pub_field_missing"],
            &[],
            "semver requires new major version: 2 major and 0 minor checks failed",
            None,
        );
        let v = read_verdict(&out, &err).expect("a verdict");
        assert_eq!(v.bump(), ToolBump::Major);
        assert_eq!(v.lints, ["function_missing", "struct_pub_field_missing"]);
        let (out, err) = output(&[], &[], "no semver update required", None);
        assert_eq!(read_verdict(&out, &err), Ok(Verdict::default()));
        let (out, err) = output(
            &[],
            &["function_marked_deprecated"],
            "no semver update required",
            Some("produced 0 major and 1 minor level warnings"),
        );
        let v = read_verdict(&out, &err).expect("a verdict");
        assert_eq!(
            (v.bump(), v.lints.as_slice()),
            (ToolBump::Minor, ["function_marked_deprecated".to_owned()].as_slice())
        );
    }

    #[test]
    fn output_without_a_verdict_is_an_error_quoting_it() {
        let err = read_verdict("", "error: running cargo-doc on crate 'demo' failed\n").expect_err("no summary");
        assert!(err.contains("running cargo-doc on crate 'demo' failed"), "{err}");
        let err = read_verdict("", "     Summary something new\n").expect_err("unknown");
        assert!(err.contains("something new"), "{err}");
    }

    #[test]
    fn merging_keeps_the_larger_bump_and_each_lint_once() {
        let a = Verdict { bump: Some(ToolBump::Minor), lints: vec!["x".into(), "y".into()] };
        let b = Verdict { bump: Some(ToolBump::Major), lints: vec!["y".into(), "z".into()] };
        let m = a.merge(b);
        assert_eq!((m.bump(), m.lints), (ToolBump::Major, vec!["x".into(), "y".into(), "z".into()]));
        assert_eq!(Verdict::default().merge(Verdict::default()).bump(), ToolBump::None);
    }

    proptest! {
        /// Any lints and any failure counts: the lints come back in order and the bump is the larger of the
        /// required and the suggested one.
        #[test]
        fn any_report_reads_back(
            failures in proptest::collection::vec("[a-z_]{1,30}", 0..5),
            warnings in proptest::collection::vec("[a-z_]{1,30}", 0..5),
            required in 0u8..3,
            (major, minor) in (0u32..4, 0u32..4),
        ) {
            let summary = match required {
                0 => "no semver update required".to_owned(),
                1 => "semver requires new minor version: 0 major and 2 minor checks failed".to_owned(),
                _ => "semver requires new major version: 1 major and 2 minor checks failed".to_owned(),
            };
            let warning = format!("produced {major} major and {minor} minor level warnings");
            let has_warning = major + minor > 0;
            let f: Vec<&str> = failures.iter().map(String::as_str).collect();
            let w: Vec<&str> = warnings.iter().map(String::as_str).collect();
            let (out, err) = output(&f, &w, &summary, has_warning.then_some(warning.as_str()));
            let v = read_verdict(&out, &err).expect("a verdict");
            let required = [None, Some(ToolBump::Minor), Some(ToolBump::Major)][usize::from(required)];
            let suggested = if major > 0 { Some(ToolBump::Major) } else if minor > 0 { Some(ToolBump::Minor) } else { None };
            prop_assert_eq!(v.bump, required.max(suggested));
            let all: Vec<String> = failures.iter().chain(&warnings).cloned().collect();
            prop_assert_eq!(v.lints, all);
        }

        /// Arbitrary text never panics: a verdict or an error.
        #[test]
        fn any_text_is_a_verdict_or_an_error(stdout in ".{0,200}", stderr in ".{0,200}") {
            let _ = read_verdict(&stdout, &stderr);
        }
    }
}
