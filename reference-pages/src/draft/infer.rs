//! What a row's page type means in spec terms, before the sample has a say: times (from a format named in the
//! description, or epoch milliseconds) and the kind of value, as [`Kind`].
//!
//! Shared by the draft (which then reconciles it with the sample) and by doc-check (which compares exactly this,
//! the page's own claim, with the spec).

use crate::model::{ArrayItem, PageType, Row};
use crate::shape::Kind;
use codegen::model::TimeFormat;

/// The time format a description names (`yyyy-MM-ddTHH:mmZ`, `YYYY-MM-DDThh:mm:ssZ`, any case).
pub(crate) fn format_in_text(text: &str) -> Option<TimeFormat> {
    let t: String = text.to_ascii_lowercase().split_whitespace().collect();
    if t.contains("yyyy-mm-ddthh:mm:ss") {
        Some(TimeFormat::Second)
    } else if t.contains("yyyy-mm-ddthh:mmz") {
        Some(TimeFormat::Minute)
    } else {
        None
    }
}

/// The time format a value has (`2024-01-10T17:21:25Z` -> seconds, `2018-12-03T07:01Z` -> minutes).
pub(crate) fn format_of_value(value: &str) -> Option<TimeFormat> {
    let b = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| b.get(range).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let date = digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) && b.get(7) == Some(&b'-') && digits(8..10);
    let time = b.get(10) == Some(&b'T') && digits(11..13) && b.get(13) == Some(&b':') && digits(14..16);
    if !(date && time) {
        return None;
    }
    let rest = &value[16..];
    let seconds =
        rest.strip_prefix(':').is_some_and(|r| r.len() >= 2 && r.as_bytes()[..2].iter().all(u8::is_ascii_digit));
    let tail = if seconds { &rest[3..] } else { rest };
    let tail = tail.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    matches!(tail, "" | "Z").then_some(if seconds { TimeFormat::Second } else { TimeFormat::Minute })
}

/// Whether a number row is an epoch-milliseconds time: "millisecond" in its description, or a `...Time` name
/// with a 13-digit example.
pub(crate) fn is_epoch_millis(row: &Row) -> bool {
    let ms_text = row.description.to_ascii_lowercase().contains("millisecond");
    let ms_example = row.example.as_deref().is_some_and(|e| e.len() == 13 && e.bytes().all(|b| b.is_ascii_digit()));
    ms_text || (row.name.ends_with("Time") && ms_example)
}

/// The kind of a row as the page claims it; `has_members`: the table lists members under it.
pub(crate) fn claimed_kind(row: &Row, has_members: bool) -> Kind {
    match &row.ty {
        PageType::String => match format_in_text(&row.description) {
            Some(f) => Kind::Time(Some(f)),
            None => Kind::String,
        },
        PageType::Integer | PageType::Long if is_epoch_millis(row) => Kind::Time(Some(TimeFormat::EpochMillis)),
        PageType::Integer => Kind::Integer,
        PageType::Long => Kind::Long,
        PageType::Double => Kind::Double,
        PageType::Boolean => Kind::Boolean,
        PageType::Object if has_members => Kind::Struct,
        PageType::Object => Kind::Object,
        PageType::Array(ArrayItem::Scalar(item)) => Kind::List(Box::new(scalar_kind(item))),
        PageType::Array(ArrayItem::Unknown) if !has_members => Kind::List(Box::new(Kind::Any)),
        PageType::Array(_) => Kind::List(Box::new(Kind::Struct)),
    }
}

fn scalar_kind(ty: &PageType) -> Kind {
    match ty {
        PageType::String => Kind::String,
        PageType::Integer => Kind::Integer,
        PageType::Long => Kind::Long,
        PageType::Double => Kind::Double,
        PageType::Boolean => Kind::Boolean,
        _ => Kind::Any,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_values() {
        assert_eq!(format_of_value("2024-01-10T17:21:25Z"), Some(TimeFormat::Second));
        assert_eq!(format_of_value("2024-01-09T17:21:57"), Some(TimeFormat::Second));
        assert_eq!(format_of_value("2018-12-03T07:01Z"), Some(TimeFormat::Minute));
        assert_eq!(format_of_value("2018-12-03"), None);
        assert_eq!(format_of_value("2018-12-03T07:01Zx"), None);
        assert_eq!(format_in_text("in the YYYY-MM-DDThh:mm:ssZ format"), Some(TimeFormat::Second));
        assert_eq!(format_in_text("in the yyyy-MM-ddTHH:mmZ format"), Some(TimeFormat::Minute));
    }
}
