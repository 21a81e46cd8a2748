//! The README's Rust is compiled: every ```rust block in README.md is a copy of code the tests compile (the quick
//! start is `generated/examples/quick_start.rs`; the emulator snippet is in the test below, which runs it), and
//! this test fails when a copy drifts from its original.

use alibabacloud_backup::{polardbx, Config, Credentials};

/// The code blocks of a Markdown text fenced as ```rust.
fn rust_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, "```rust") => current = Some(Vec::new()),
            (Some(_), "```") => blocks.extend(current.take().map(|lines| lines.join("\n"))),
            (Some(lines), _) => lines.push(line),
            (None, _) => {}
        }
    }
    blocks
}

/// Code as compared: each line trimmed and its runs of spaces made one (formatting may indent or align it).
fn normalized(code: &str) -> String {
    code.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_rust_block_of_the_readme_is_compiled_code() {
    let root = tests::workspace_root();
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let compiled = [
        std::fs::read_to_string(root.join("generated/examples/quick_start.rs")).expect("the quick start example"),
        include_str!("readme.rs").to_owned(),
    ]
    .map(|code| normalized(&code));
    let blocks = rust_blocks(&readme);
    assert!(blocks.len() >= 2, "the README's quick start and emulator snippet: {}", blocks.len());
    for block in blocks {
        let block = normalized(&block);
        assert!(
            compiled.iter().any(|code| code.contains(&block)),
            "this README block is not a copy of compiled code (update the example or the README):\n{block}"
        );
    }
}

#[tokio::test]
async fn the_readme_emulator_snippet_runs() -> Result<(), Box<dyn std::error::Error>> {
    let emu = emulator::Emulator::start(emulator::Config::default().backups(100)).await?; // any free port
    let config = Config::new(Credentials::new(emulator::DEFAULT_KEY_ID, emulator::DEFAULT_KEY_SECRET))
        .endpoint_url(emu.url())
        .region("cn-hangzhou");
    emu.handle().inject("CreateBackup", emulator::Fault::Throttle, 2); // the next two CreateBackup calls are throttled

    // The throttled attempts are retried (a refusal before processing), so the call succeeds on the third.
    let pxc = polardbx::Client::new(config);
    let created = pxc.create_backup().region_id("cn-hangzhou").db_instance_name("pxc-emu000001").send().await?;
    assert!(created.data.and_then(|d| d.backup_set_id).is_some());
    assert_eq!(emu.handle().requests("CreateBackup"), 3);
    Ok(())
}

/// The README's table of what the SDK covers names exactly the operations, waiters and paginated listings the specs
/// declare, product by product.
#[test]
fn the_coverage_table_matches_the_specs() {
    let readme = std::fs::read_to_string(tests::workspace_root().join("README.md")).expect("README.md");
    let api = tests::api();
    for product in &api.products {
        let row = readme
            .lines()
            .find(|l| l.starts_with("| ") && l.contains(&format!("(`{}`)", product.module)))
            .unwrap_or_else(|| panic!("README.md has no row for `{}`", product.module));
        let cells: Vec<&str> = row.split(" | ").collect();
        let names = |cell: &str| -> Vec<String> {
            let mut v: Vec<String> = cell.split(", ").map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()).collect();
            v.sort();
            v
        };
        let mut operations: Vec<String> = product.operations.iter().map(|o| o.name.clone()).collect();
        operations.sort();
        assert_eq!(names(cells[1]), operations, "{}: the operations", product.module);
        for op in &product.operations {
            for w in &op.waiters {
                assert!(
                    cells[2].contains(&format!("`{}`", w.method)),
                    "{}: waiter {} is listed",
                    product.module,
                    w.method
                );
            }
        }
        let waiters: usize = product.operations.iter().map(|o| o.waiters.len()).sum();
        assert_eq!(cells[2].matches("`wait_until_").count(), waiters, "{}: the waiters", product.module);
        let mut paged: Vec<String> =
            product.operations.iter().filter(|o| o.paging.is_some()).map(|o| o.name.clone()).collect();
        paged.sort();
        // A product without paginated listings says so in words (`none ...`), which names nothing.
        let cell = cells[3].trim_end_matches(" |");
        let listed = if cell.starts_with("none") { Vec::new() } else { names(cell) };
        assert_eq!(listed, paged, "{}: the paginated listings", product.module);
    }
}
