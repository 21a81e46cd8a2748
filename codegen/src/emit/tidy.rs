//! What prettyplease leaves for a person to tidy: it prints valid, formatted Rust, but puts items edge to edge,
//! leaves doc lines as long as the spec's prose, and breaks a table macro's rows wherever they pass the width.
//!
//! This pass works on prettyplease's output, line by line, and only moves line breaks: a blank line between
//! items (at the top level and inside `impl` and `trait` blocks), doc comments wrapped to the crate's width (a
//! long line becomes several lines of the same Markdown paragraph, which renders the same), and each row of a
//! table macro (`runtime::record!`, `error_codes!`, `string_enum!`, `integer_enum!`) on a line of its own. The
//! generated crates are compiled by the tests, so a pass that broke the code would not go unnoticed.

/// The width the repository's `rustfmt.toml` sets.
const WIDTH: usize = 120;

/// The tidied text of one generated file (prettyplease's output).
pub(crate) fn tidy(printed: &str) -> String {
    let lines = tables(printed);
    let lines = wrap_docs(&lines);
    blank_lines(&lines)
}

/// Re-flows each table macro invocation (a top-level `runtime::<name>!(Name, .. { rows })` or `(Name { rows })`)
/// so that each row is one line.
fn tables(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if !(line.starts_with("runtime::") && line.contains("!(") && !line.ends_with(");")) {
            if line.starts_with("runtime::") && line.ends_with(");") {
                out.extend(table(line));
            } else {
                out.push(line.to_owned());
            }
            continue;
        }
        let mut call = line.to_owned();
        for next in lines.by_ref() {
            call.push('\n');
            call.push_str(next);
            if next == ");" || (!next.starts_with(' ') && next.ends_with(");")) {
                break;
            }
        }
        out.extend(table(&call));
    }
    out
}

/// One macro invocation, one row per line when it holds a `{ .. }` table; unchanged otherwise.
fn table(call: &str) -> Vec<String> {
    let flat = flatten(call);
    let (Some(open), Some(close)) = (flat.find('{'), flat.rfind('}')) else {
        return call.lines().map(str::to_owned).collect();
    };
    let rows = split_rows(&flat[open + 1..close]);
    if rows.is_empty() {
        return call.lines().map(str::to_owned).collect();
    }
    let head = &flat[..=open];
    // An invocation with an attribute before its table (`builder!(#[deprecated(..)] B => R {`) puts the attribute
    // on a line of its own, and the table one level in.
    if let Some((call, attribute, rest)) = leading_attribute(head) {
        let mut out = vec![call.to_owned(), format!("    {attribute}"), format!("    {rest}")];
        out.extend(rows.into_iter().map(|row| format!("        {},", field_row(&row).replace('\n', "\n    "))));
        out.push(format!("    {}", &flat[close..=close]));
        out.push(flat[close + 1..].trim_start().to_owned());
        return out;
    }
    let mut out = vec![head.to_owned()];
    out.extend(rows.into_iter().map(|row| format!("    {},", field_row(&row))));
    out.push(flat[close..].to_owned());
    out
}

/// `runtime::x!(`, `#[..]` and the rest, when a table invocation's head starts with an attribute.
fn leading_attribute(head: &str) -> Option<(&str, &str, &str)> {
    let start = head.find("!(#[")? + 2;
    let (attribute, rest) = split_attribute(&head[start..])?;
    Some((&head[..start], attribute, rest))
}

/// The attribute `text` starts with (`#[..]`, up to its matching bracket outside strings) and what follows it.
fn split_attribute(text: &str) -> Option<(&str, &str)> {
    if !text.starts_with("#[") {
        return None;
    }
    let mut depth = 0i32;
    for (i, c) in code_chars(text) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some((&text[..=i], text[i + 1..].trim_start()));
                }
            }
            _ => {}
        }
    }
    None
}

/// The characters of `text` outside its string literals (quotes and escapes included in the literal), with
/// their byte offsets: where the punctuation of the code is.
fn code_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let (mut in_string, mut escaped) = (false, false);
    text.char_indices().filter(move |&(_, c)| {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            return false;
        }
        in_string = c == '"';
        !in_string
    })
}

/// A table row as a person writes it. prettyplease prints a macro's tokens with spaces a person would not
/// write: `field : "Wire"` (`record!`), `a / set_a : Vec < T >` (`builder!`). Outside string literals those
/// spaces go, and a row's leading attribute (`#[deprecated(..)]`) goes on a line of its own above the row.
fn field_row(row: &str) -> String {
    let (attribute, row) = match split_attribute(row) {
        Some((attribute, rest)) => (Some(attribute), rest),
        None => (None, row),
    };
    let row = match row.split_once(" : ") {
        Some((field, rest)) if field.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ' ' | '/')) => {
            format!("{field}: {}", tight_generics(rest))
        }
        _ => row.to_owned(),
    };
    match attribute {
        Some(attribute) => format!("{attribute}\n    {row}"),
        None => row,
    }
}

/// `Vec < T >` as `Vec<T>`, outside string literals.
fn tight_generics(text: &str) -> String {
    let after = |i: usize| text[i + 1..].chars().next();
    // The spaces before `<` and `>` and after `<`.
    let spaces: Vec<usize> = code_chars(text)
        .filter(|&(i, c)| c == ' ' && (matches!(after(i), Some('<' | '>')) || text[..i].ends_with('<')))
        .map(|(i, _)| i)
        .collect();
    text.char_indices().filter(|(i, _)| !spaces.contains(i)).map(|(_, c)| c).collect()
}

/// The call on one line: every line break and the indentation after it become one space (none after an opening
/// bracket or before a closing one, where a trailing comma goes too), outside string literals.
fn flatten(call: &str) -> String {
    let mut out = String::with_capacity(call.len());
    let mut in_string = false;
    let mut chars = call.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if !in_string => in_string = true,
            '"' if in_string => in_string = false,
            '\\' if in_string => {
                out.push(c);
                if let Some(escaped) = chars.next() {
                    out.push(escaped);
                }
                continue;
            }
            '\n' if !in_string => {
                while chars.peek().is_some_and(|c| *c == ' ') {
                    chars.next();
                }
                let after_open = out.ends_with(['(', '[', '{']);
                let before_close = chars.peek().is_some_and(|c| matches!(c, ')' | ']' | '}'));
                // prettyplease ends a broken argument list with a comma; on one line it goes.
                if before_close && out.ends_with(',') {
                    out.pop();
                }
                if !(after_open || before_close || out.ends_with(' ')) {
                    out.push(' ');
                }
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// The comma-separated rows of a table body, split at commas outside brackets and strings, trimmed.
fn split_rows(body: &str) -> Vec<String> {
    let mut depth = 0i32;
    let mut ends: Vec<usize> = code_chars(body)
        .filter(|&(_, c)| {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                _ => {}
            }
            c == ',' && depth == 0
        })
        .map(|(i, _)| i)
        .collect();
    ends.push(body.len());
    let mut start = 0;
    let mut rows = Vec::new();
    for end in ends {
        let row = body[start..end].trim();
        if !row.is_empty() {
            rows.push(row.to_owned());
        }
        start = end + 1;
    }
    rows
}

/// Doc comment lines longer than the width, wrapped at spaces into several doc lines of the same paragraph.
/// Lines inside a code block, table rows and headings are left as they are; a list item's continuation lines
/// are indented under its text.
fn wrap_docs(lines: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut in_code = false;
    for line in lines {
        let trimmed = line.trim_start();
        let marker = if trimmed.starts_with("///") {
            "///"
        } else if trimmed.starts_with("//!") {
            "//!"
        } else {
            out.push(line.clone());
            continue;
        };
        let indent = &line[..line.len() - trimmed.len()];
        let text = trimmed[marker.len()..].strip_prefix(' ').unwrap_or(&trimmed[marker.len()..]);
        if text.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        let prefix = format!("{indent}{marker} ");
        let keep = in_code
            || line.chars().count() <= WIDTH
            || text.starts_with('|')
            || text.starts_with('#')
            || text.trim_start().starts_with("```");
        if keep {
            out.push(line.clone());
            continue;
        }
        let hanging = list_indent(text);
        let mut current = String::new();
        for word in text.split(' ') {
            let room = WIDTH.saturating_sub(prefix.chars().count());
            if !current.trim().is_empty() && current.chars().count() + 1 + word.chars().count() > room {
                out.push(format!("{prefix}{}", current.trim_end()));
                current = " ".repeat(hanging);
            } else if !current.is_empty() && !current.ends_with(' ') {
                current.push(' ');
            }
            current.push_str(word);
        }
        if !current.trim().is_empty() {
            out.push(format!("{prefix}{}", current.trim_end()));
        }
    }
    out
}

/// How far a list item's continuation lines are indented (`- ` and `1. ` items); 0 for a paragraph line.
fn list_indent(text: &str) -> usize {
    let leading = text.len() - text.trim_start().len();
    let rest = text.trim_start();
    if rest.starts_with("- ") || rest.starts_with("* ") {
        return leading + 2;
    }
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && rest[digits..].starts_with(". ") {
        return leading + digits + 2;
    }
    0
}

/// A blank line before each item that follows another item, at the top level and directly inside `impl` and
/// `trait` blocks (never inside function bodies, where a `;` ends a statement, not an item).
fn blank_lines(lines: &[String]) -> String {
    let mut out = String::new();
    // Whether the top-level block being read is an `impl` or a `trait`, whose members are items too.
    let mut in_items_block = false;
    let mut previous: Option<&str> = None;
    for line in lines {
        let indent = line.len() - line.trim_start().len();
        if indent == 0 && !line.is_empty() {
            let opener = line.trim_start_matches("pub ").trim_start_matches("unsafe ");
            if opener.starts_with("impl") || opener.starts_with("trait") {
                in_items_block = !line.ends_with('}');
            } else if !line.starts_with('#') && !line.starts_with("//") && !line.starts_with('}') {
                in_items_block = false;
            }
        }
        let member_level = indent == 0 || (indent == 4 && in_items_block);
        // The module's own docs end before its first item.
        if previous.is_some_and(|prev| prev.starts_with("//!")) && indent == 0 && !line.starts_with("//!") {
            out.push('\n');
        }
        if let Some(prev) = previous {
            let prev_indent = prev.len() - prev.trim_start().len();
            // A comment line ending with `;` (a doc sentence) ends no item.
            let prev_is_comment = prev.trim_start().starts_with("//");
            let prev_ended_item =
                prev_indent == indent && !prev_is_comment && (prev.trim() == "}" || prev.ends_with(';'));
            let starts_item = !line.trim().is_empty() && !matches!(line.trim_start().chars().next(), Some('}' | ')'));
            if member_level && prev_ended_item && starts_item {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_get_a_line_each_and_strings_keep_their_commas() {
        let printed = "runtime::error_codes!(\n    E,\n    Unknown {\n        A(\"A.Code\", 400, \"one, two\", [], None), B(\n            \"B\",\n            500,\n            \"x\",\n            [\"y\"],\n            Some(\"z\"),\n        )\n    }\n);\n";
        assert_eq!(
            tables(printed),
            [
                "runtime::error_codes!(E, Unknown {",
                "    A(\"A.Code\", 400, \"one, two\", [], None),",
                "    B(\"B\", 500, \"x\", [\"y\"], Some(\"z\")),",
                "});",
            ]
        );
        assert_eq!(tables("runtime::record_serde!(X);\n"), ["runtime::record_serde!(X);"]);
        let builder = "runtime::builder!(B => R {\n    #[deprecated(note = \"a < b, c >\")] old / set_old : Vec < Vec < T > >,\n    a / set_a : super::E => required(\"A\"),\n});\n";
        assert_eq!(
            tables(builder).join("\n").lines().collect::<Vec<_>>(),
            [
                "runtime::builder!(B => R {",
                "    #[deprecated(note = \"a < b, c >\")]",
                "    old / set_old: Vec<Vec<T>>,",
                "    a / set_a: super::E => required(\"A\"),",
                "});",
            ]
        );
        // An attribute ends at its own closing bracket, not at a `] ` inside its strings.
        let bracketed = "runtime::builder!(B => R {\n    #[deprecated(note = \"use [b] instead\")] a / set_a : i32 = \"A\" Number,\n});\n";
        assert_eq!(
            tables(bracketed).join("\n").lines().collect::<Vec<_>>(),
            [
                "runtime::builder!(B => R {",
                "    #[deprecated(note = \"use [b] instead\")]",
                "    a / set_a: i32 = \"A\" Number,",
                "});",
            ]
        );
        let deprecated =
            "runtime::builder!(#[deprecated(note = \"gone [a]\")] B => R { a / set_a : i32 = \"A\" Number });\n";
        assert_eq!(
            tables(deprecated),
            [
                "runtime::builder!(",
                "    #[deprecated(note = \"gone [a]\")]",
                "    B => R {",
                "        a / set_a: i32 = \"A\" Number,",
                "    }",
                ");",
            ]
        );
    }

    #[test]
    fn a_doc_line_ending_with_a_semicolon_ends_no_item() {
        let lines = [
            "impl X {",
            "    fn a() {",
            "    }",
            "    /// One clause;",
            "    /// and the next.",
            "    fn b() {",
            "    }",
            "}",
        ];
        let lines: Vec<String> = lines.map(str::to_owned).to_vec();
        let expected =
            "impl X {\n    fn a() {\n    }\n\n    /// One clause;\n    /// and the next.\n    fn b() {\n    }\n}\n";
        assert_eq!(blank_lines(&lines), expected);
    }

    #[test]
    fn long_doc_lines_wrap_inside_their_paragraph_and_list_item() {
        let long = format!("    /// - {}", "word ".repeat(40).trim_end());
        let wrapped = wrap_docs(&[long]);
        assert!(wrapped.len() > 1 && wrapped.iter().all(|l| l.chars().count() <= WIDTH), "{wrapped:#?}");
        assert!(wrapped[1].starts_with("    ///   word"), "{wrapped:#?}");
        let code = ["/// ```text".to_owned(), format!("/// {}", "x".repeat(200)), "/// ```".to_owned()];
        assert_eq!(wrap_docs(&code), code);
    }

    #[test]
    fn items_are_separated_but_statements_are_not() {
        let text = [
            "pub struct A;",
            "impl A {",
            "    fn a() {",
            "        x();",
            "        y();",
            "    }",
            "    fn b() {}",
            "}",
            "fn f() {",
            "    let a = 1;",
            "    g(a);",
            "}",
        ]
        .map(str::to_owned);
        assert_eq!(
            blank_lines(&text),
            "pub struct A;\n\nimpl A {\n    fn a() {\n        x();\n        y();\n    }\n\n    fn b() {}\n}\n\nfn f() {\n    let a = 1;\n    g(a);\n}\n"
        );
    }
}
