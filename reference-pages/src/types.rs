//! Reading a table's type cell (`String`, `Array of BackupSet`, `array<object>`, `object []`) into a `PageType`.
//!
//! The three layouts spell types differently (capitalised words in flattened tables, lower case run into the
//! name in run-together rows); this is the one place that knows every spelling.

use crate::model::{ArrayItem, PageType};
use crate::text::{is_wire_name, squash};

/// The type words that may be run into a row's name (`DBInstanceIdstringYes`), longest first.
pub(crate) const RUN_TOGETHER_WORDS: &[&str] =
    &["boolean", "integer", "string", "double", "object", "float", "array", "long"];

/// A scalar type word.
fn scalar(word: &str) -> Option<PageType> {
    Some(match word {
        "string" | "str" => PageType::String,
        "integer" | "int" | "int32" => PageType::Integer,
        "long" | "int64" => PageType::Long,
        "boolean" | "bool" => PageType::Boolean,
        "double" | "float" | "number" => PageType::Double,
        _ => return None,
    })
}

/// Reads a type cell; `None` when it is not a type.
pub(crate) fn parse(text: &str) -> Option<PageType> {
    let written = squash(text);
    let lower = written.to_ascii_lowercase();
    if lower.starts_with("array of ") {
        let item = written.get("array of ".len()..)?.trim();
        return Some(PageType::Array(match scalar(&item.to_ascii_lowercase()) {
            Some(s) => ArrayItem::Scalar(Box::new(s)),
            None if item.eq_ignore_ascii_case("object") => ArrayItem::Object,
            None if is_wire_name(item) => ArrayItem::Named(item.to_owned()),
            None => return None,
        }));
    }
    if let Some(inner) = lower.strip_prefix("array<").and_then(|r| r.strip_suffix('>')) {
        return Some(PageType::Array(item_word(inner.trim())?));
    }
    if let Some(inner) = lower.strip_suffix("[]") {
        return Some(PageType::Array(item_word(inner.trim())?));
    }
    match lower.as_str() {
        "array" | "list" => Some(PageType::Array(ArrayItem::Unknown)),
        "object" | "map" | "struct" => Some(PageType::Object),
        other => scalar(other),
    }
}

fn item_word(word: &str) -> Option<ArrayItem> {
    match word {
        "object" | "struct" | "map" => Some(ArrayItem::Object),
        other => scalar(other).map(|s| ArrayItem::Scalar(Box::new(s))),
    }
}

/// Splits a run-together row head (`Itemsarray<object>`, `IsAvailinteger`, `object`) into name and type text.
pub(crate) fn split_run_together(head: &str) -> Option<(&str, &str)> {
    let candidates = [head.rfind("array<").filter(|_| head.ends_with('>')), suffix_with_brackets(head)];
    let at = candidates
        .into_iter()
        .flatten()
        .next()
        .or_else(|| RUN_TOGETHER_WORDS.iter().find(|w| head.ends_with(*w)).map(|w| head.len() - w.len()))?;
    let (name, ty) = head.split_at(at);
    (name.is_empty() || is_wire_name(name)).then_some((name, ty))
}

/// Where `object []` / `string[]` starts at the end of a row head.
fn suffix_with_brackets(head: &str) -> Option<usize> {
    let rest = head.strip_suffix("[]")?.trim_end();
    RUN_TOGETHER_WORDS.iter().find(|w| rest.ends_with(*w)).map(|w| rest.len() - w.len())
}

/// The spelling used in messages: `string`, `list of BackupSet`, ...
pub fn describe(ty: &PageType) -> String {
    match ty {
        PageType::String => "string".to_owned(),
        PageType::Integer => "integer".to_owned(),
        PageType::Long => "long".to_owned(),
        PageType::Double => "double".to_owned(),
        PageType::Boolean => "boolean".to_owned(),
        PageType::Object => "object".to_owned(),
        PageType::Array(ArrayItem::Named(n)) => format!("array of {n}"),
        PageType::Array(ArrayItem::Object) => "array of objects".to_owned(),
        PageType::Array(ArrayItem::Scalar(s)) => format!("array of {}", describe(s)),
        PageType::Array(ArrayItem::Unknown) => "array".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings() {
        assert_eq!(parse("Array of BackupSet"), Some(PageType::Array(ArrayItem::Named("BackupSet".into()))));
        assert_eq!(parse("array<object>"), Some(PageType::Array(ArrayItem::Object)));
        assert_eq!(parse("object []"), Some(PageType::Array(ArrayItem::Object)));
        assert_eq!(parse("Long"), Some(PageType::Long));
        assert_eq!(parse("The ID"), None);
        assert_eq!(split_run_together("Itemsobject []"), Some(("Items", "object []")));
        assert_eq!(split_run_together("Itemsarray<object>"), Some(("Items", "array<object>")));
        assert_eq!(split_run_together("HostInstanceIDstring"), Some(("HostInstanceID", "string")));
        assert_eq!(split_run_together("object"), Some(("", "object")));
        assert_eq!(split_run_together("The ID string"), None);
    }
}
