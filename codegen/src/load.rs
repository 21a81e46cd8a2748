//! Reading spec trees: from a directory, or from any set of (path, text) pairs (e.g. files read out of git).
//!
//! Parsing stops at the first problem inside one file (that is how serde works), but every file is parsed, so
//! one run reports a broken file in each product at once.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde_saphyr::Error as YamlError;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::source::{self, FileId, Loc, SourceFile, SourceMap};
use crate::spec::{OperationSpec, ProductSpec};

/// The spec files of a tree, keyed by path relative to `specs/` (`rds/DescribeBackups.yaml`).
pub type SpecFiles = BTreeMap<String, String>;

/// Reads every `*.yaml` file one folder below `root`.
pub fn read_dir(root: &Path) -> io::Result<SpecFiles> {
    let mut files = SpecFiles::new();
    let mut folders: Vec<_> = std::fs::read_dir(root)?.collect::<Result<_, _>>()?;
    folders.sort_by_key(|e| e.file_name());
    for folder in folders {
        if !folder.file_type()?.is_dir() {
            continue;
        }
        let mut entries: Vec<_> = std::fs::read_dir(folder.path())?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type()?.is_file() && (name.ends_with(".yaml") || name.ends_with(".yml")) {
                let text = std::fs::read_to_string(entry.path())?;
                files.insert(format!("{}/{}", folder.file_name().to_string_lossy(), name), text);
            }
        }
    }
    Ok(files)
}

/// One product folder as parsed.
#[derive(Debug)]
pub struct ProductFiles {
    /// The folder name.
    pub folder: String,
    /// `product.yaml`, when present and parsed.
    pub product: Option<(FileId, ProductSpec)>,
    /// The operation files that parsed: file id, file stem, spec.
    pub operations: Vec<(FileId, String, OperationSpec)>,
    /// Whether some file of the folder failed to parse (its problems are already reported).
    pub broken: bool,
}

/// A parsed tree.
#[derive(Debug)]
pub struct SpecTree {
    pub products: Vec<ProductFiles>,
}

/// Parses every file; `display_prefix` is put before paths in diagnostics (`specs/`).
///
/// Files are parsed in parallel (each on its own, the slow part of reading a large tree) and then sorted into
/// products in path order, so the result and the order of diagnostics do not depend on threads.
pub fn parse(files: &SpecFiles, display_prefix: &str, sources: &mut SourceMap, diags: &mut Diagnostics) -> SpecTree {
    let entries: Vec<(&String, &String, FileId)> = files
        .iter()
        .map(|(path, text)| (path, text, sources.add(format!("{display_prefix}{path}"), text.clone())))
        .collect();
    let sources = &*sources;
    let parsed: Vec<Option<Parsed>> = entries
        .par_iter()
        .map(|&(path, _, id)| {
            let source = sources.file(id);
            let (_, file) = path.split_once('/')?;
            let stem = file.trim_end_matches(".yaml").trim_end_matches(".yml").to_owned();
            Some(if stem == "product" {
                Parsed::Product(id, parse_file::<ProductSpec>(id, source).map(Box::new))
            } else {
                Parsed::Operation(id, stem, parse_file::<OperationSpec>(id, source).map(Box::new))
            })
        })
        .collect();

    let mut products: BTreeMap<String, ProductFiles> = BTreeMap::new();
    for ((path, _, _), parsed) in entries.iter().zip(parsed) {
        let (Some((folder, _)), Some(parsed)) = (path.split_once('/'), parsed) else {
            continue;
        };
        let entry = products.entry(folder.to_owned()).or_insert_with(|| ProductFiles {
            folder: folder.to_owned(),
            product: None,
            operations: Vec::new(),
            broken: false,
        });
        match parsed {
            Parsed::Product(id, Ok(spec)) => entry.product = Some((id, *spec)),
            Parsed::Operation(id, stem, Ok(spec)) => entry.operations.push((id, stem, *spec)),
            Parsed::Product(_, Err(d)) | Parsed::Operation(_, _, Err(d)) => {
                diags.push(*d);
                entry.broken = true;
            }
        }
    }
    SpecTree { products: products.into_values().collect() }
}

/// One file's parse result, before it is sorted into its product.
enum Parsed {
    Product(FileId, Result<Box<ProductSpec>, Box<Diagnostic>>),
    Operation(FileId, String, Result<Box<OperationSpec>, Box<Diagnostic>>),
}

fn parse_file<T: DeserializeOwned>(file: FileId, source: &SourceFile) -> Result<T, Box<Diagnostic>> {
    serde_saphyr::from_str(&source.text).map_err(|e| Box::new(yaml_error(file, source, &e)))
}

/// Turns a serde-saphyr error into a diagnostic with our codes and hints.
fn yaml_error(file: FileId, source: &SourceFile, error: &YamlError) -> Diagnostic {
    let text = source.text.as_str();
    let error = error.without_snippet();
    let loc = match error.location() {
        Some(location) => Loc::from_location(file, &location, source),
        None => Loc::at(file, 1, 1, source),
    };
    let loc = on_last_line(file, source, loc);
    match error {
        YamlError::SerdeUnknownField { field, expected, .. } => {
            let suggestion = closest(field, expected).map(|s| format!("did you mean `{s}`? ")).unwrap_or_default();
            Diagnostic::new(
                Code::UnknownKey,
                loc,
                format!("unknown key `{field}`"),
                format!("{suggestion}the keys allowed here are: {}", expected.join(", ")),
            )
            .label("not part of the spec format")
        }
        YamlError::SerdeMissingField { field, .. } => Diagnostic::new(
            Code::MissingKey,
            mapping_start(file, source, loc),
            format!("missing key `{field}`"),
            format!("add `{field}:` to this mapping (see specs/README.md for what it holds)"),
        )
        .label(format!("the mapping starting here needs `{field}`")),
        YamlError::InvalidScalar { ty, .. } => {
            let expected = scalar_kind(ty);
            let found = text.get(loc.start..loc.start + loc.len).unwrap_or("");
            Diagnostic::new(
                Code::WrongValueType,
                loc,
                format!("expected {expected}, found `{found}`"),
                format!("write {expected} here"),
            )
            .label(format!("expected {expected}"))
        }
        YamlError::NullIntoString { .. } => Diagnostic::new(
            Code::WrongValueType,
            loc,
            "expected a string, found nothing".to_owned(),
            "write the text after the colon, or remove the key".to_owned(),
        )
        .label("expected a string"),
        YamlError::SerdeInvalidType { unexpected, expected, .. }
        | YamlError::SerdeInvalidValue { unexpected, expected, .. } => Diagnostic::new(
            Code::WrongValueType,
            loc,
            format!("expected {expected}, found {unexpected}"),
            format!("write {expected} here; quote a value to make it a string"),
        )
        .label(format!("expected {expected}")),
        YamlError::DuplicateMappingKey { key, .. } => Diagnostic::new(
            Code::YamlSyntax,
            loc,
            match key {
                Some(key) => format!("the key `{key}` appears twice in the same mapping"),
                None => "a key appears twice in the same mapping".to_owned(),
            },
            "remove one of the two; YAML would otherwise keep only one of them".to_owned(),
        )
        .label("the second one"),
        other => {
            let message = other.to_string();
            let message = strip_position(first_line(&message));
            // The parser reports a tab at the start of the scalar it was reading; point at the tab itself.
            if message.contains("tab") {
                if let Some(tab) = text.get(loc.start..).and_then(|rest| rest.find('\t')).map(|at| loc.start + at) {
                    return Diagnostic::new(
                        Code::YamlSyntax,
                        Loc::spanning(file, source, tab, 1),
                        format!("the YAML does not parse: {message}"),
                        "YAML does not allow tabs here; indent with spaces".to_owned(),
                    )
                    .label("a tab");
                }
            }
            Diagnostic::new(
                Code::YamlSyntax,
                loc,
                format!("the YAML does not parse: {message}"),
                "check indentation, quoting and the `key: value` form near this line".to_owned(),
            )
        }
    }
}

/// At the end of the input the parser points past the final line break, at a line no renderer shows: keep the
/// position at the end of the last line instead.
fn on_last_line(file: FileId, source: &SourceFile, loc: Loc) -> Loc {
    let text = source.text.as_str();
    let (start, line, _) = source.line_at(loc.start);
    if loc.start < text.len() || start == 0 || !line.is_empty() {
        return loc;
    }
    let body_end = start - usize::from(text[..start].ends_with("\r\n")) - 1;
    Loc::spanning(file, source, body_end, 0)
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message)
}

/// The message without the " at line N, column M" the parser appends: the diagnostic shows the position.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(", column ") => &message[..at],
        _ => message,
    }
}

/// What a scalar type of the spec types is, in words.
fn scalar_kind(ty: &str) -> &'static str {
    match ty {
        "bool" | "boolean" => "`true` or `false`",
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number that is not negative",
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        _ => "a value of another type",
    }
}

/// The first key of the block mapping that holds the key at `loc` (serde reports a missing key where the
/// mapping ends, i.e. at its last key); `loc` itself when the layout is not a plain block mapping.
fn mapping_start(file: FileId, source: &SourceFile, loc: Loc) -> Loc {
    let lines: Vec<&str> = source::lines(&source.text).map(|(_, line)| line).collect();
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let key_col = loc.column.saturating_sub(1) as usize;
    let Some(here) = lines.get((loc.line as usize).saturating_sub(1)) else {
        return loc;
    };
    // The key must start its line, or follow a `- ` that starts the mapping.
    let item_start = |l: &str| {
        let i = indent(l);
        l[i..].starts_with("- ") && l[i + 1..].len() - l[i + 1..].trim_start_matches(' ').len() + i + 1 == key_col
    };
    if indent(here) != key_col && !item_start(here) {
        return loc;
    }
    let mut start = loc.line as usize;
    if indent(here) == key_col {
        for (index, l) in lines.iter().enumerate().take((loc.line as usize).saturating_sub(1)).rev() {
            let trimmed = l.trim_start_matches(' ');
            if trimmed.is_empty() || trimmed.starts_with('#') || indent(l) > key_col {
                continue;
            }
            if indent(l) == key_col {
                start = index + 1;
                continue;
            }
            if item_start(l) {
                start = index + 1;
            }
            break;
        }
    }
    let column = u32::try_from(key_col + 1).unwrap_or(u32::MAX);
    Loc::at(file, u32::try_from(start).unwrap_or(u32::MAX), column, source)
}

/// The longest word (in characters) a "did you mean" suggestion is looked for or offered for. Keys, type names
/// and format names are a few dozen characters at most; the edit distance costs the product of the two lengths,
/// so without a bound one long value (100 KB) took seconds to check.
const MAX_SUGGESTED: usize = 64;

/// The allowed key closest to a misspelt one, if any is close.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let length = word.chars().count();
    if length > MAX_SUGGESTED {
        return None;
    }
    candidates
        .iter()
        .map(|c| (c.chars().count(), *c))
        // The distance is at least the difference in length: candidates too long or too far off are skipped.
        .filter(|(n, c)| *n <= MAX_SUGGESTED && n.abs_diff(length) <= close_enough(c))
        .map(|(_, c)| (strsim::levenshtein(word, c), c))
        .filter(|(d, c)| *d <= close_enough(c))
        .min()
        .map(|(_, c)| c)
}

/// How many edits still make a misspelling of `candidate`.
fn close_enough(candidate: &str) -> usize {
    2.max(candidate.len() / 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_and_short() {
        assert_eq!(closest("sumary", &["summary", "name", "description"]), Some("summary"));
        assert_eq!(closest("methds", &["summary", "methods"]), Some("methods"));
        assert_eq!(closest("xyz", &["summary", "methods"]), None);
        // Long words get no suggestion, and are not compared (the distance of two 100 KB words is 10^10 steps).
        let long = "a".repeat(100_000);
        let longer = format!("{long}b");
        assert_eq!(closest(&longer, &[long.as_str(), "summary"]), None);
        assert_eq!(closest("summary", &[long.as_str()]), None);
    }
}
