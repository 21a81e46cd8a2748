//! Any bytes as an operation spec beside a valid product: checking never panics, and every diagnostic renders
//! with its line and column being those of its byte offset (YAML's line breaks), the caret on whole characters.

#![no_main]

use codegen::load::SpecFiles;
use codegen::source;
use libfuzzer_sys::fuzz_target;

const PRODUCT: &str = include_str!("../../tests/fixtures/good/demo/product.yaml");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut files = SpecFiles::new();
    files.insert("demo/product.yaml".to_owned(), PRODUCT.to_owned());
    files.insert("demo/Fuzzed.yaml".to_owned(), text.to_owned());
    let Err(report) = codegen::check_files(&files, "specs/") else {
        return;
    };
    for diagnostic in &report.diagnostics.0 {
        let rendered = diagnostic.render(&report.sources);
        assert!(rendered.starts_with(&format!("error[{}]: ", diagnostic.code.id())), "{rendered}");
        let Some(loc) = diagnostic.loc else {
            continue;
        };
        let file = &report.sources.file(loc.file).text;
        assert_eq!(source::position(file, loc.start), (loc.line, loc.column), "{rendered}");
        assert!(file.is_char_boundary(loc.start), "{rendered}");
        assert!(loc.start + loc.len > file.len() || file.is_char_boundary(loc.start + loc.len), "{rendered}");
        let position = format!("--> {}", diagnostic.position(&report.sources));
        assert!(rendered.lines().any(|l| l.trim_start() == position), "{rendered}");
        assert!(rendered.lines().any(|l| l.trim_start().starts_with(&format!("{} |", loc.line))), "{rendered}");
    }
});
