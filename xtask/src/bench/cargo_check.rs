//! The `cargo check` phase of `cargo xtask bench`: how long the generated crates take to type-check, and how
//! much memory that needs.
//!
//! The generated crates (a facade and one crate per synthetic product) go into a scratch workspace under the OS
//! temp dir (`xtask-bench-<size>`), depending on this workspace's `runtime` by absolute path plus the crates the
//! generated manifests name, pinned by a copy of our `Cargo.lock`. All scratch workspaces share one target dir
//! under the temp dir (each size's crates have names of their own, see [`synth::layout`](super::synth::layout)),
//! and a tiny crate with the same dependencies checks them first, so the timed run checks the generated crates
//! alone (the "crates checked" column shows it). Before each timed run the generated crates' incremental caches
//! are removed, so the figure is a first `cargo check` from scratch, as a user of the SDK would see it. Cargo
//! checks independent product crates in parallel, one rustc per core. Peak RSS comes from `/usr/bin/time -v`
//! (the largest single process: cargo or one rustc); without it, or with `XTASK_BENCH_RSS=wrapper`,
//! `RUSTC_WRAPPER` is this binary (the hidden command `bench-rustc-wrapper`), which samples each rustc's `VmHWM`
//! until it exits.

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use codegen::emit::PRODUCT_DEPENDENCIES;

use crate::bench::generation::proc_status_kib;
use crate::bench::synth::{BENCH_CRATE_PREFIX, SDK_DIR};
use crate::scratch::{create_dir, workspace_manifest, write};
use crate::Failure;

/// The hidden command that makes `cargo xtask` a rustc wrapper recording rustc's peak memory.
const WRAPPER_COMMAND: &str = "bench-rustc-wrapper";
/// Where the wrapper appends each rustc's peak RSS (KiB), one per line.
const RSS_FILE_ENV: &str = "XTASK_BENCH_RSS_FILE";
const GNU_TIME: &str = "/usr/bin/time";
/// The first line of the scratch workspaces' manifests.
const BENCH_PURPOSE: &str = "`cargo xtask bench`: crates generated from synthetic specs, checked outside ours";

/// How peak RSS is measured.
#[derive(Debug, Clone)]
pub enum RssMethod {
    /// `/usr/bin/time -v`: `ru_maxrss` of the largest process of the tree.
    GnuTime,
    /// This binary as `RUSTC_WRAPPER`, sampling rustc's `VmHWM` every 2 ms (the script it runs, the file it fills).
    Wrapper { script: PathBuf, rss_file: PathBuf },
}

impl RssMethod {
    pub fn describe(&self) -> &'static str {
        match self {
            RssMethod::GnuTime => {
                "`/usr/bin/time -v`, maximum resident set size (the largest single process: cargo or rustc)"
            }
            RssMethod::Wrapper { .. } => {
                "rustc's VmHWM, sampled every 2 ms by this binary as RUSTC_WRAPPER (rustc only)"
            }
        }
    }
}

/// What one timed `cargo check` measured.
#[derive(Debug, Clone)]
pub struct Figures {
    pub ops: usize,
    pub wall_secs: f64,
    /// User + system time of cargo and rustc (from `/usr/bin/time`; `None` with the wrapper).
    pub cpu_secs: Option<f64>,
    pub peak_rss_kib: Option<u64>,
    /// The crates cargo checked (its `Checking name vX` lines): only the generated one when dependencies were warm.
    pub checked: Vec<String>,
    /// The headline of each compiler warning (`warning: ...`).
    pub warnings: Vec<String>,
    pub ok: bool,
}

/// The scratch folders: one per size, plus the shared target dir.
pub struct Scratch {
    root: PathBuf,
    target: PathBuf,
    method: RssMethod,
}

impl Scratch {
    /// Picks the RSS method and makes the target dir (and the wrapper script if needed).
    /// `cargo xtask whole-api` uses the same target dir: its crates have names of their own, and the dependencies
    /// are then built once for both commands.
    pub fn new(root: &Path) -> Result<Scratch, Failure> {
        let target = std::env::temp_dir().join("xtask-bench-target");
        create_dir(&target)?;
        let forced_wrapper = std::env::var("XTASK_BENCH_RSS").is_ok_and(|v| v == "wrapper");
        let method =
            if Path::new(GNU_TIME).exists() && !forced_wrapper { RssMethod::GnuTime } else { wrapper_method(&target)? };
        Ok(Scratch { root: root.to_path_buf(), target, method })
    }

    pub fn method(&self) -> &RssMethod {
        &self.method
    }

    /// The scratch workspace for `ops` operations; the generation child writes the generated crates into its
    /// [`SDK_DIR`] folder.
    pub fn workspace_dir(&self, ops: usize) -> PathBuf {
        std::env::temp_dir().join(format!("xtask-bench-{ops}"))
    }

    /// Checks a tiny crate with the product crates' dependencies, so they are built before anything is timed.
    pub fn warm_up(&self) -> Result<f64, Failure> {
        let dir = std::env::temp_dir().join("xtask-bench-warmup");
        create_dir(&dir.join("warmup/src"))?;
        write(
            &dir.join("warmup/src/lib.rs"),
            "//! Warm-up crate of `cargo xtask bench`: checks the dependencies once.\n",
        )?;
        let deps: String = PRODUCT_DEPENDENCIES.iter().map(|d| format!("{d} = {{ workspace = true }}\n")).collect();
        write(
            &dir.join("warmup/Cargo.toml"),
            &format!("[package]\nname = \"xtask-bench-warmup\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\n{deps}"),
        )?;
        write(&dir.join("Cargo.toml"), &workspace_manifest(&self.root, &["warmup"], BENCH_PURPOSE))?;
        let run = self.cargo_check(&dir)?;
        if !run.ok {
            eprintln!("{}", run.cargo_stderr);
            return Err(Failure::Io(
                "cargo check of the warm-up crate (dependencies only) failed".into(),
                io::Error::other("cargo's messages are above"),
            ));
        }
        Ok(run.wall_secs)
    }

    /// Times `cargo check` of the crates the generation child wrote (the facade and every product crate); on
    /// failure prints cargo's output.
    pub fn check(&self, ops: usize) -> Result<Figures, Failure> {
        let dir = self.workspace_dir(ops);
        write(&dir.join("Cargo.toml"), &workspace_manifest(&self.root, &[SDK_DIR], BENCH_PURPOSE))?;
        self.forget_incremental_state()?;
        let run = self.cargo_check(&dir)?;
        let checked: Vec<String> = run
            .cargo_stderr
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("Checking "))
            .map(|s| s.split_whitespace().next().unwrap_or(s).to_owned())
            .collect();
        let mut warnings: Vec<String> = run
            .cargo_stderr
            .lines()
            .filter(|l| l.starts_with("warning:") && !l.contains("generated"))
            .map(str::to_owned)
            .collect();
        warnings.dedup();
        if !run.ok {
            eprintln!("cargo check of the {ops}-operation generated crate ({}) FAILED:", dir.display());
            eprintln!("{}", run.cargo_stderr);
        }
        Ok(Figures {
            ops,
            wall_secs: run.wall_secs,
            cpu_secs: run.cpu_secs,
            peak_rss_kib: run.peak_rss_kib,
            checked,
            warnings,
            ok: run.ok,
        })
    }

    /// Removes the incremental-compilation caches of the generated crates, so a timed check starts from scratch
    /// (with them, a re-run of an unchanged size reuses the last run's type-checking and looks several times
    /// faster than a user's first `cargo check`).
    fn forget_incremental_state(&self) -> Result<(), Failure> {
        let dir = self.target.join("debug").join("incremental");
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Failure::Io(format!("cannot read {}", dir.display()), e)),
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(BENCH_CRATE_PREFIX) {
                let path = entry.path();
                std::fs::remove_dir_all(&path)
                    .map_err(|e| Failure::Io(format!("cannot remove {}", path.display()), e))?;
            }
        }
        Ok(())
    }

    /// Copies our lock file into the scratch workspace `dir` and runs `cargo check --workspace` there, measured.
    fn cargo_check(&self, dir: &Path) -> Result<Run, Failure> {
        self.cargo(dir, &["check", "--workspace"], &[])
    }

    /// Copies our lock file into the scratch workspace `dir` and runs cargo there with `args` (a command and its
    /// options; `--color never` and the manifest are added) and the extra environment `env`, measured.
    pub fn cargo(&self, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<Run, Failure> {
        let lock = self.root.join("Cargo.lock");
        if lock.exists() {
            std::fs::copy(&lock, dir.join("Cargo.lock"))
                .map_err(|e| Failure::Io(format!("cannot copy {} to {}", lock.display(), dir.display()), e))?;
        }
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = match &self.method {
            RssMethod::GnuTime => {
                let mut cmd = Command::new(GNU_TIME);
                cmd.arg("-v").arg(&cargo);
                cmd
            }
            RssMethod::Wrapper { script, rss_file } => {
                write(rss_file, "")?;
                let mut cmd = Command::new(&cargo);
                cmd.env("RUSTC_WRAPPER", script).env(RSS_FILE_ENV, rss_file);
                cmd
            }
        };
        let (command, options) = args.split_first().unwrap_or((&"check", &[]));
        cmd.args([command, "--color", "never", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .args(options)
            .envs(env.iter().copied())
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env_remove("RUSTC_WORKSPACE_WRAPPER")
            .env_remove("CARGO_BUILD_RUSTC_WRAPPER")
            .stdin(Stdio::null());
        if matches!(self.method, RssMethod::GnuTime) {
            cmd.env_remove("RUSTC_WRAPPER");
        }
        let start = Instant::now();
        let output =
            cmd.output().map_err(|e| Failure::Io(format!("cannot run cargo check in {}", dir.display()), e))?;
        let wall_secs = start.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let (cargo_stderr, peak_rss_kib, cpu_secs) = match &self.method {
            RssMethod::GnuTime => {
                let (cargo_part, time_part) = match stderr.find("\tCommand being timed:") {
                    Some(at) => stderr.split_at(at),
                    None => (stderr.as_str(), ""),
                };
                let value =
                    |key: &str| time_part.lines().find_map(|l| l.trim().strip_prefix(key)).map(|v| v.trim().to_owned());
                let rss = value("Maximum resident set size (kbytes):").and_then(|v| v.parse().ok());
                let user = value("User time (seconds):").and_then(|v| v.parse::<f64>().ok());
                let system = value("System time (seconds):").and_then(|v| v.parse::<f64>().ok());
                (cargo_part.trim_end().to_owned(), rss, user.zip(system).map(|(u, s)| u + s))
            }
            RssMethod::Wrapper { rss_file, .. } => {
                let text = std::fs::read_to_string(rss_file)
                    .map_err(|e| Failure::Io(format!("cannot read {}", rss_file.display()), e))?;
                (stderr.trim_end().to_owned(), text.lines().filter_map(|l| l.trim().parse().ok()).max(), None)
            }
        };
        Ok(Run { wall_secs, cpu_secs, peak_rss_kib, cargo_stderr, ok: output.status.success() })
    }
}

/// One measured cargo run.
pub struct Run {
    pub wall_secs: f64,
    /// User + system time of cargo and rustc (from `/usr/bin/time`; `None` with the wrapper).
    pub cpu_secs: Option<f64>,
    pub peak_rss_kib: Option<u64>,
    /// What cargo printed on standard error (its progress and the compiler's messages).
    pub cargo_stderr: String,
    pub ok: bool,
}

/// Writes the wrapper script that re-enters this binary as a rustc wrapper.
fn wrapper_method(target: &Path) -> Result<RssMethod, Failure> {
    let exe = std::env::current_exe().map_err(|e| Failure::Io("cannot find the running xtask binary".into(), e))?;
    let script = target.join("xtask-bench-rustc-wrapper.sh");
    let quoted = exe.to_string_lossy().replace('\'', r"'\''");
    write(&script, &format!("#!/bin/sh\nexec '{quoted}' {WRAPPER_COMMAND} \"$@\"\n"))?;
    make_executable(&script)?;
    Ok(RssMethod::Wrapper { script, rss_file: target.join("xtask-bench-rustc-rss.txt") })
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), Failure> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Failure::Io(format!("cannot make {} executable", path.display()), e))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> Result<(), Failure> {
    Ok(())
}

/// The wrapper's side (`cargo xtask bench-rustc-wrapper RUSTC ARGS...`): `args` are rustc and its arguments.
/// Runs rustc, samples its `VmHWM` until it exits, appends the peak to the file named by `XTASK_BENCH_RSS_FILE`,
/// and exits as rustc did.
pub fn rustc_wrapper(args: &[String]) -> Result<(), Failure> {
    let (rustc, rest) =
        args.split_first().ok_or_else(|| Failure::Io("rustc wrapper: no rustc given".into(), io::Error::other("")))?;
    let mut child =
        Command::new(rustc).args(rest).spawn().map_err(|e| Failure::Io(format!("cannot run {rustc}"), e))?;
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak = 0;
    let status = loop {
        if let Some(kib) = proc_status_kib(&status_file, "VmHWM:") {
            peak = peak.max(kib);
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => return Err(Failure::Io(format!("cannot wait for {rustc}"), e)),
        }
    };
    if let Some(file) = std::env::var_os(RSS_FILE_ENV) {
        use std::io::Write;
        let mut out = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&file)
            .map_err(|e| Failure::Io(format!("cannot open {}", Path::new(&file).display()), e))?;
        writeln!(out, "{peak}").map_err(|e| Failure::Io(format!("cannot write {}", Path::new(&file).display()), e))?;
    }
    std::process::exit(status.code().unwrap_or(1));
}
