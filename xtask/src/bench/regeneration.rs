//! How long `cargo xtask codegen` takes on a large tree when little or nothing changed: the case maintainers
//! meet every day, which the output cache (`output_cache.rs`) exists for.
//!
//! A scratch repository under the temp dir gets the synthetic specs and is generated four times, in order:
//! from scratch (no cache), unchanged (`codegen`), unchanged (`codegen --check`), and after one operation's
//! summary was edited. Each run is timed in this process, by the same functions `cargo xtask codegen` calls.

use std::path::Path;
use std::time::Instant;

use super::synth;
use crate::Failure;

/// The four timings, in seconds, and how many files each run wrote.
#[derive(Debug)]
pub struct Figures {
    pub ops: usize,
    pub cold: (f64, usize),
    pub unchanged: (f64, usize),
    pub check_unchanged: f64,
    pub one_edit: (f64, usize),
}

/// Runs the four regenerations on `ops` synthetic operations in a scratch repository.
pub fn measure(real_root: &Path, ops: usize) -> Result<Figures, Failure> {
    let root = std::env::temp_dir().join(format!("xtask-bench-regen-{}", std::process::id()));
    let result = measure_in(real_root, &root, ops);
    let _ = std::fs::remove_dir_all(&root);
    result
}

fn measure_in(real_root: &Path, root: &Path, ops: usize) -> Result<Figures, Failure> {
    let _ = std::fs::remove_dir_all(root);
    let io = |what: &Path| {
        let what = what.display().to_string();
        move |e| Failure::Io(format!("cannot write {what}"), e)
    };
    let tree = synth::spec_tree(ops);
    for (path, text) in &tree {
        let file = root.join("specs").join(path);
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&file, text).map_err(io(&file))?;
    }
    // The second target (the naming fixture) comes along unchanged, as in the real repository.
    let [_, fixture] = crate::targets();
    copy_dir(&real_root.join(fixture.specs), &root.join(fixture.specs))?;

    let timed = |f: &dyn Fn() -> Result<usize, Failure>| -> Result<(f64, usize), Failure> {
        let start = Instant::now();
        let n = f()?;
        Ok((start.elapsed().as_secs_f64(), n))
    };
    let cold = timed(&|| crate::write(root))?;
    let unchanged = timed(&|| crate::write(root))?;
    let (check_unchanged, stale) = timed(&|| crate::stale_files(root).map(|s| s.len()))?;
    if stale != 0 {
        return Err(Failure::Stale(vec![format!("{stale} file(s) after an unchanged regeneration")]));
    }
    edit_one_summary(root, &tree)?;
    let one_edit = timed(&|| crate::write(root))?;
    Ok(Figures { ops, cold, unchanged, check_unchanged, one_edit })
}

/// Changes the summary of the tree's middle operation.
fn edit_one_summary(root: &Path, tree: &codegen::load::SpecFiles) -> Result<(), Failure> {
    let operations: Vec<&String> = tree.keys().filter(|p| !p.ends_with("product.yaml")).collect();
    let path = root.join("specs").join(operations[operations.len() / 2]);
    let text = std::fs::read_to_string(&path).map_err(|e| Failure::Io(format!("cannot read {}", path.display()), e))?;
    let edited = text.replacen("summary: ", "summary: Edited, ", 1);
    std::fs::write(&path, edited).map_err(|e| Failure::Io(format!("cannot write {}", path.display()), e))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), Failure> {
    let err = |p: &Path| {
        let p = p.display().to_string();
        move |e| Failure::Io(format!("cannot copy {p}"), e)
    };
    std::fs::create_dir_all(to).map_err(err(to))?;
    for entry in std::fs::read_dir(from).map_err(err(from))? {
        let entry = entry.map_err(err(from))?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).map_err(err(&target))?;
        }
    }
    Ok(())
}

/// Prints the table.
pub fn print(figures: &[Figures]) {
    println!();
    println!("Regeneration (`cargo xtask codegen` on a scratch copy, in this process): from scratch, then unchanged,");
    println!("`--check` unchanged, and after editing one operation's summary. Files written in parentheses.");
    println!();
    println!("| operations | from scratch (s) | unchanged (s) | `--check` unchanged (s) | one spec edited (s) |");
    println!("|---:|---:|---:|---:|---:|");
    for f in figures {
        println!(
            "| {} | {:.3} ({}) | {:.3} ({}) | {:.3} | {:.3} ({}) |",
            super::group(f.ops as u64),
            f.cold.0,
            f.cold.1,
            f.unchanged.0,
            f.unchanged.1,
            f.check_unchanged,
            f.one_edit.0,
            f.one_edit.1
        );
    }
}
