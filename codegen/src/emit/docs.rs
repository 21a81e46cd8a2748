//! Doc text as `#[doc]` attributes, one per line, so prettyplease prints ordinary `///` comments.
//!
//! Every doc comment the generator writes passes here, so this is also where code blocks are made inert: rustdoc
//! compiles and runs each code block of a doc comment as a doctest unless its info string says otherwise, and
//! spec prose (copied from the pages) may hold a fenced block of JSON or shell, or lines indented like code. Each
//! code block becomes a ```` ```text ```` block with the same content, so no spec text can become a doctest.

use std::ops::Range;

use proc_macro2::TokenStream;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use quote::quote;

/// Outer doc attributes (`///`).
pub(crate) fn outer(text: &str) -> TokenStream {
    let lines = lines(text);
    quote! { #(#[doc = #lines])* }
}

/// Inner doc attributes (`//!`), for a module's own documentation.
pub(crate) fn inner(text: &str) -> TokenStream {
    let lines = lines(text);
    quote! { #(#![doc = #lines])* }
}

/// An `# Example` section of outer doc attributes holding `visible` (the model's example lines) as a doctest:
/// hidden lines bring the product crate `lib` into scope and give the code a `client: &Client` and `?`. The
/// example is compiled by `cargo test` (a changed API breaks it) but not run: it shows a call to the real
/// service, whose ids only exist in an account.
pub(crate) fn example(lib: &str, visible: &str) -> TokenStream {
    let mut lines = vec![
        String::new(),
        " # Example".to_owned(),
        String::new(),
        " ```no_run".to_owned(),
        format!(" # use {lib}::*;"),
        " # async fn example(client: &Client) -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
    ];
    lines.extend(visible.lines().map(|l| format!(" {l}")));
    lines.extend([" # Ok(())".to_owned(), " # }".to_owned(), " ```".to_owned()]);
    quote! { #(#[doc = #lines])* }
}

fn lines(text: &str) -> Vec<String> {
    let expanded: Vec<String> = text.lines().map(expand_tabs).collect();
    inert(&expanded.join("\n"))
        .lines()
        .map(|l| if l.is_empty() { String::new() } else { format!(" {}", l.trim_end()) })
        .collect()
}

/// The line with each tab replaced by the spaces up to the next tab stop (every four columns), as CommonMark
/// reads a tab, so that the doc comment holds no tab (clippy's `tabs_in_doc_comments`; metadata examples are
/// sometimes indented with tabs). This happens before code blocks are made inert: pulldown-cmark does not always
/// read a tab as four columns, and an expanded tab can start an indented block that must become inert too.
fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let spaces = 4 - column % 4;
            out.extend(std::iter::repeat_n(' ', spaces));
            column += spaces;
        } else {
            out.push(c);
            column += 1;
        }
    }
    out
}

/// The Markdown extensions rustdoc turns on (they change where blocks start and end).
fn rustdoc_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// The text with every code block a ```` ```text ```` block: a fenced block keeps its fence with `text` as its
/// info string; an indented block (which rustdoc would run as Rust) is fenced, its lines unindented by the four
/// columns that made them code. Where no fence can be set (a list marker in front of the block), the lines are
/// unindented until they are no longer code. Line breaks come out as `\n` (a lone `\r` would stay inside one
/// doc line, where Markdown would still break the line).
pub(crate) fn inert(text: &str) -> String {
    let mut text = text.replace("\r\n", "\n").replace('\r', "\n");
    loop {
        let next = inert_once(&text);
        if next == text {
            return text;
        }
        text = next;
    }
}

/// One pass of [`inert`]: each pass leaves every block a `text` block or unindents it by four columns, so the
/// passes end.
fn inert_once(text: &str) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut indented: Option<Vec<Range<usize>>> = None;
    for (event, range) in Parser::new_ext(text, rustdoc_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if info.as_ref() != "text" => {
                // The info string is the rest of the opening line after the run of fence characters.
                let line_end = text[range.start..].find(['\n', '\r']).map_or(text.len(), |i| range.start + i);
                let opening = &text[range.start..line_end];
                let fence = opening.trim_start();
                let marker = fence.chars().next().unwrap_or('`');
                let run = fence.len() - fence.trim_start_matches(marker).len();
                let info_start = range.start + (opening.len() - fence.len()) + run;
                edits.push((info_start..line_end, "text".to_owned()));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => indented = Some(Vec::new()),
            Event::Text(_) => {
                if let Some(pieces) = indented.as_mut() {
                    pieces.push(range);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(pieces) = indented.take() {
                    fence_indented(text, &pieces, &mut edits);
                }
            }
            _ => {}
        }
    }
    // An insertion goes before a deletion at the same place.
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(text.len() + edits.len() * 8);
    let mut at = 0;
    for (range, with) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&with);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The edits that turn an indented code block (given by the source ranges of its lines' text) into a fenced
/// ```` ```text ```` block: each line loses the four columns of indentation, and fence lines with the lines'
/// container prefix (`> ` in a quote, spaces in a list item) open and close it.
fn fence_indented(text: &str, pieces: &[Range<usize>], edits: &mut Vec<(Range<usize>, String)>) {
    let line_start = |at: usize| text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let mut prefix = None;
    let mut last_end = 0;
    for piece in pieces {
        let start = line_start(piece.start);
        let before = &text[start..piece.start];
        // Four columns: four spaces, or a tab (after fewer than four spaces); where a tab is shared with the
        // container's indentation, the whole run of blanks before the text.
        let cut = if before.ends_with("    ") {
            piece.start - 4
        } else if before.ends_with('\t') {
            piece.start - 1
        } else {
            piece.start - (before.len() - before.trim_end_matches([' ', '\t']).len())
        };
        if cut < piece.start {
            edits.push((cut..piece.start, String::new()));
        }
        prefix.get_or_insert_with(|| (start, text[start..cut].to_owned()));
        last_end = piece.end;
    }
    let Some((first_line, prefix)) = prefix else {
        return;
    };
    // A list marker in front of the block (`-     code`) cannot be repeated on a fence line; unindented, the lines
    // are prose there, which is no less inert.
    if !prefix.chars().all(|c| c == ' ' || c == '>') {
        return;
    }
    edits.push((first_line..first_line, format!("{prefix}```text\n")));
    let close = if text[..last_end].ends_with(['\n', '\r']) { "" } else { "\n" };
    edits.push((last_end..last_end, format!("{close}{prefix}```\n")));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code block of a text: whether it is fenced with `text`, and its content.
    fn blocks(text: &str) -> Vec<(bool, String)> {
        let mut out = Vec::new();
        let mut inside = false;
        for event in Parser::new_ext(text, rustdoc_options()) {
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    inside = true;
                    out.push((matches!(kind, CodeBlockKind::Fenced(ref i) if i.as_ref() == "text"), String::new()));
                }
                Event::End(TagEnd::CodeBlock) => inside = false,
                Event::Text(t) if inside => {
                    if let Some((_, content)) = out.last_mut() {
                        content.push_str(&t);
                    }
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn fenced_and_indented_blocks_become_text_blocks() {
        let cases = [
            ("Run:\n\n```\nstd::process::exit(1);\n```\n", "Run:\n\n```text\nstd::process::exit(1);\n```\n"),
            ("A sample:\n\n```json\n{\"a\": 1}\n```", "A sample:\n\n```text\n{\"a\": 1}\n```"),
            ("~~~~ rust,should_panic\npanic!()\n~~~~\n", "~~~~text\npanic!()\n~~~~\n"),
            ("Text.\n\n    let x = 1;\n\n      y\n\nAfter.", "Text.\n\n```text\nlet x = 1;\n\n  y\n```\n\nAfter."),
            ("> quote\n>\n>     code\n>     more\n", "> quote\n>\n> ```text\n> code\n> more\n> ```\n"),
            ("- item\n\n      code\n", "- item\n\n  ```text\n  code\n  ```\n"),
            ("\tcode", "```text\ncode\n```\n"),
            ("```text\nalready\n```", "```text\nalready\n```"),
            ("Use `code` inline and <b>html</b>.", "Use `code` inline and <b>html</b>."),
        ];
        for (text, expected) in cases {
            let made = inert(text);
            assert_eq!(made, expected, "{text:?}");
            let contents = |t: &str| blocks(t).into_iter().map(|(_, c)| c.trim_end().to_owned()).collect::<Vec<_>>();
            assert!(blocks(&made).iter().all(|(text_block, _)| *text_block), "{made:?}");
            assert_eq!(contents(&made), contents(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

        /// Any text made of Markdown's block syntax: every code block comes out a `text` block.
        #[test]
        fn no_code_block_survives_as_code(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "\n", "\n\n", "    ", "  ", "\t", "> ", "- ", "1. ", "* ", "```", "```rust", "```json\n", "~~~", "~~~~ sh",
                "````", "code", "let x = 1;", "`", "|", "---", "# ", "<pre>", "[^1]", "[^1]: note", "\u{2028}",
                "\u{a0}", "\r\n", "\r",
            ][..]), 0..40)
        ) {
            let text = pieces.concat();
            let made = inert(&text);
            proptest::prop_assert!(blocks(&made).iter().all(|(text_block, _)| *text_block), "{:?} -> {:?}", text, made);
        }

        /// The doc lines hold no tab, and no code block comes back once the tabs are expanded.
        #[test]
        fn doc_lines_hold_no_tab_and_no_code(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "\n", "\n\n", "    ", "  ", "\t", " \t", "> ", "- ", "1. ", "```", "```json\n", "code", "`", "a\tb",
            ][..]), 0..40)
        ) {
            let text = pieces.concat();
            let doc_lines = lines(&text);
            proptest::prop_assert!(doc_lines.iter().all(|l| !l.contains('\t')), "{:?}", doc_lines);
            let unprefixed: Vec<&str> = doc_lines.iter().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
            let markdown = unprefixed.join("\n");
            proptest::prop_assert!(blocks(&markdown).iter().all(|(text_block, _)| *text_block), "{:?} -> {:?}", text, markdown);
        }
    }
}
