//! Any bytes as a copied API reference page: reading never panics and fails only at a line of the page with
//! what it expected there; a page that reads drafts a spec that parses as YAML.

#![no_main]

use reference_pages::draft::{draft, render, ImportOptions};
use reference_pages::read_page;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match read_page(text) {
        Ok(page) => {
            let options = ImportOptions { name: Some("DescribeThings".to_owned()), ..ImportOptions::default() };
            let yaml = render(&draft(&page, &options).expect("a name is given"));
            let unlimited = serde_saphyr::options! {
                budget: serde_saphyr::budget! {
                    max_nodes: usize::MAX, max_events: usize::MAX, max_total_scalar_bytes: usize::MAX,
                },
            };
            if let Err(e) = serde_saphyr::from_str_with_options::<serde_json::Value>(&yaml, unlimited) {
                panic!("the draft is not YAML: {e}\n{yaml}");
            }
        }
        Err(e) => {
            let lines = text.split('\n').count();
            assert!(e.line >= 1 && e.line <= lines.max(1), "line {} outside the page ({lines} lines): {e}", e.line);
            assert!(!e.expected.is_empty() && !e.found.is_empty(), "{e}");
        }
    }
});
