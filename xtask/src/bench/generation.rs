//! The generation phase of `cargo xtask bench`, measured in a child process per size.
//!
//! Peak memory is a process-wide high-water mark (`VmHWM`), so each size runs in a fresh process (this same
//! binary, re-invoked as the hidden command `bench-child N`): one size's allocations cannot inflate another's figure.
//! The child builds its synthetic specs, reads `VmHWM` (the baseline), runs the whole generation (the steps of
//! `codegen::generate_with_prefix`: parse, check, emit, each timed), reads `VmHWM` again, optionally writes the
//! output for `cargo check`, and prints one result line the parent parses.

use std::io;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::bench::synth;
use crate::Failure;

/// The hidden command that makes `cargo xtask` a child measuring one size.
const CHILD_COMMAND: &str = "bench-child";
const RESULT_PREFIX: &str = "xtask-bench-result";

/// What one size's generation measured.
#[derive(Debug, Clone)]
pub struct Figures {
    pub ops: usize,
    pub products: usize,
    pub files: usize,
    pub lines: usize,
    pub secs: f64,
    /// Wall time of each phase: parsing the YAML, checking it into the model, emitting and formatting Rust.
    pub parse_secs: f64,
    pub check_secs: f64,
    pub emit_secs: f64,
    /// User + system CPU time of the generation (10 ms resolution); `None` without `/proc`.
    pub cpu_secs: Option<f64>,
    /// `VmHWM` after the specs were built, before generation (KiB); `None` without `/proc`.
    pub hwm_base_kib: Option<u64>,
    /// `VmHWM` after generation (KiB).
    pub hwm_kib: Option<u64>,
}

/// Runs one size in a child process; with `write_to`, the child also writes the generated files there.
pub fn measure(ops: usize, write_to: Option<&Path>) -> Result<Figures, Failure> {
    let exe = std::env::current_exe().map_err(|e| Failure::Io("cannot find the running xtask binary".into(), e))?;
    let mut cmd = Command::new(&exe);
    cmd.args([CHILD_COMMAND, &ops.to_string()]);
    if let Some(dir) = write_to {
        cmd.arg("--write").arg(dir);
    }
    let output = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| Failure::Io(format!("cannot run {}", exe.display()), e))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        print!("{stdout}");
        return Err(Failure::Io(
            format!("the {ops}-operation generation child failed ({})", output.status),
            io::Error::other("its messages are above"),
        ));
    }
    let line = stdout.lines().find(|l| l.starts_with(RESULT_PREFIX)).ok_or_else(|| {
        Failure::Io(format!("the {ops}-operation child printed no result"), io::Error::other(stdout.to_string()))
    })?;
    parse_result(line).ok_or_else(|| {
        Failure::Io(format!("cannot read the {ops}-operation child's result"), io::Error::other(line.to_owned()))
    })
}

/// The child's side (`cargo xtask bench-child OPS [--write DIR]`): generates `ops` synthetic operations, with
/// `write_to` also writes them there, and prints the result line the parent (`measure`) reads.
pub fn child(ops: usize, write_to: Option<&Path>) -> Result<(), Failure> {
    let specs = synth::spec_tree(ops);
    let hwm_base_kib = vm_hwm_kib();
    let cpu_start = cpu_secs();
    let start = Instant::now();
    // `codegen::generate_with_prefix`, step by step so each phase is timed.
    let mut sources = codegen::source::SourceMap::default();
    let mut parse_diags = codegen::diagnostic::Diagnostics::default();
    let tree = codegen::load::parse(&specs, "specs/", &mut sources, &mut parse_diags);
    let parsed = start.elapsed().as_secs_f64();
    let (api, _) = codegen::check_tree(&tree, sources, parse_diags)
        .map_err(|report| Failure::Generate(codegen::GenerateError::Specs(report)))?;
    drop(tree); // as in `generate_with_prefix`, the parsed specs are gone while emitting
    let checked = start.elapsed().as_secs_f64();
    let output =
        codegen::emit(&api, &synth::layout(ops)).map_err(|e| Failure::Generate(codegen::GenerateError::Emit(e)))?;
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_secs().zip(cpu_start).map(|(end, start)| end - start);
    let hwm_kib = vm_hwm_kib();

    let lines: usize = output.iter().map(|f| f.contents.lines().count()).sum();
    if let Some(dir) = write_to {
        write_sources(dir, &output)?;
    }
    let kib = |v: Option<u64>| v.map_or_else(|| "-".to_owned(), |v| v.to_string());
    println!(
        "{RESULT_PREFIX} ops={ops} products={} files={} lines={lines} secs={secs} parse_secs={parsed} \
         check_secs={} emit_secs={} cpu_secs={} hwm_base_kib={} hwm_kib={}",
        synth::product_count(ops),
        output.len(),
        checked - parsed,
        secs - checked,
        cpu.map_or_else(|| "-".to_owned(), |c| c.to_string()),
        kib(hwm_base_kib),
        kib(hwm_kib),
    );
    Ok(())
}

fn parse_result(line: &str) -> Option<Figures> {
    let field =
        |key: &str| line.split_whitespace().find_map(|kv| kv.strip_prefix(key).and_then(|rest| rest.strip_prefix('=')));
    let kib = |key: &str| field(key).and_then(|v| v.parse().ok());
    Some(Figures {
        ops: field("ops")?.parse().ok()?,
        products: field("products")?.parse().ok()?,
        files: field("files")?.parse().ok()?,
        lines: field("lines")?.parse().ok()?,
        secs: field("secs")?.parse().ok()?,
        parse_secs: field("parse_secs")?.parse().ok()?,
        check_secs: field("check_secs")?.parse().ok()?,
        emit_secs: field("emit_secs")?.parse().ok()?,
        cpu_secs: field("cpu_secs").and_then(|v| v.parse().ok()),
        hwm_base_kib: kib("hwm_base_kib"),
        hwm_kib: kib("hwm_kib"),
    })
}

/// Replaces the scratch workspace's generated folder with the generated files (the facade and its products).
fn write_sources(dir: &Path, files: &[codegen::OutputFile]) -> Result<(), Failure> {
    let src = dir.join(synth::SDK_DIR);
    match std::fs::remove_dir_all(&src) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(Failure::Io(format!("cannot remove {}", src.display()), e)),
    }
    for file in files {
        let path = src.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Failure::Io(format!("cannot create {}", parent.display()), e))?;
        }
        std::fs::write(&path, &file.contents)
            .map_err(|e| Failure::Io(format!("cannot write {}", path.display()), e))?;
    }
    Ok(())
}

/// This process's peak resident set size so far, in KiB (`VmHWM` of `/proc/self/status`).
fn vm_hwm_kib() -> Option<u64> {
    proc_status_kib(Path::new("/proc/self/status"), "VmHWM:")
}

/// User + system CPU time of this process so far (`/proc/self/stat`, in clock ticks of 1/100 s).
fn cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces), starting at field 3; utime and stime are 14 and 15.
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) as f64 / 100.0)
}

/// A `kB` line of a `/proc/<pid>/status` file, in KiB.
pub fn proc_status_kib(status: &Path, key: &str) -> Option<u64> {
    let text = std::fs::read_to_string(status).ok()?;
    let line = text.lines().find_map(|l| l.strip_prefix(key))?;
    line.split_whitespace().next()?.parse().ok()
}
