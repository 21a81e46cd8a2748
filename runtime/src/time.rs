//! The time formats of the APIs, in one place.
//!
//! Each API writes times its own way: PolarDB-X uses epoch milliseconds, RDS `yyyy-MM-ddTHH:mmZ` (minutes),
//! Redis/Tair `yyyy-MM-ddTHH:mm:ssZ` (seconds) — and their responses do not always follow their own pages
//! (seconds where minutes are documented, a missing `Z`). Requests are formatted exactly as the spec says;
//! responses keep the text the service sent in a [`Timestamp`], which parses any of these forms on demand, so
//! an odd value never fails a whole response and a stored response serialises back unchanged.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// How an API writes a point in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeFormat {
    /// Milliseconds since 1970-01-01T00:00:00Z, as a number.
    EpochMillis,
    /// `yyyy-MM-ddTHH:mmZ`: UTC, minute precision (seconds are dropped).
    Minute,
    /// `yyyy-MM-ddTHH:mm:ssZ`: UTC, second precision (fractions are dropped).
    Second,
}

impl TimeFormat {
    /// Writes `at` in this format, converting it to UTC first.
    pub fn format(self, at: OffsetDateTime) -> String {
        let utc = at.to_offset(UtcOffset::UTC);
        let (date, clock) = (utc.date(), utc.time());
        match self {
            TimeFormat::EpochMillis => (utc.unix_timestamp_nanos() / 1_000_000).to_string(),
            TimeFormat::Minute => format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}Z",
                date.year(),
                u8::from(date.month()),
                date.day(),
                clock.hour(),
                clock.minute()
            ),
            TimeFormat::Second => format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                date.year(),
                u8::from(date.month()),
                date.day(),
                clock.hour(),
                clock.minute(),
                clock.second()
            ),
        }
    }

    /// Reads a time written in this format (the inverse of [`TimeFormat::format`]), as a server reads a request.
    ///
    /// Epoch milliseconds are digits only. The two text forms need the trailing `Z`; the minute form also
    /// accepts seconds, because the API reference pages' own examples send them where minutes are documented.
    /// (Response times are read leniently instead, by [`Timestamp::to_datetime`].)
    pub fn parse(self, text: &str) -> Option<OffsetDateTime> {
        let text = text.trim();
        if self == TimeFormat::EpochMillis {
            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            return from_millis(text.parse().ok()?);
        }
        let naive = text.strip_suffix('Z')?;
        let parsed = match self {
            TimeFormat::Second => PrimitiveDateTime::parse(naive, SECOND),
            _ => PrimitiveDateTime::parse(naive, MINUTE).or_else(|_| PrimitiveDateTime::parse(naive, SECOND)),
        };
        parsed.ok().map(PrimitiveDateTime::assume_utc)
    }
}

/// `yyyy-MM-ddTHH:mm` (no zone).
const MINUTE: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]T[hour]:[minute]");
/// `yyyy-MM-ddTHH:mm:ss` (no zone).
const SECOND: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");

/// A point in time in a response, kept exactly as the service sent it.
///
/// Use [`Timestamp::to_datetime`] for the instant; `Display` and serialisation give back the wire form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Timestamp(Raw);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Raw {
    Text(String),
    Millis(i64),
}

impl Timestamp {
    /// A timestamp written the way `format` writes it (what the service would send).
    pub fn from_datetime(at: OffsetDateTime, format: TimeFormat) -> Self {
        match format {
            TimeFormat::EpochMillis => {
                let millis = at.unix_timestamp_nanos() / 1_000_000;
                Timestamp(Raw::Millis(i64::try_from(millis).unwrap_or(i64::MAX)))
            }
            _ => Timestamp(Raw::Text(format.format(at))),
        }
    }

    /// A timestamp holding this text as it came from the wire.
    pub fn from_text(text: impl Into<String>) -> Self {
        Timestamp(Raw::Text(text.into()))
    }

    /// A timestamp holding epoch milliseconds as a number, as PolarDB-X sends them.
    pub fn from_epoch_millis(millis: i64) -> Self {
        Timestamp(Raw::Millis(millis))
    }

    /// The instant, if the wire value is a time this crate can read: epoch milliseconds (as a number or digits),
    /// or `yyyy-MM-ddTHH:mm[:ss[.fff]]` followed by `Z`, an offset, or nothing (read as UTC).
    pub fn to_datetime(&self) -> Option<OffsetDateTime> {
        match &self.0 {
            Raw::Millis(ms) => from_millis(*ms),
            Raw::Text(text) => parse_text(text.trim()),
        }
    }

    /// The epoch milliseconds, when the service sent a number.
    pub fn as_epoch_millis(&self) -> Option<i64> {
        match self.0 {
            Raw::Millis(ms) => Some(ms),
            Raw::Text(_) => None,
        }
    }
}

fn from_millis(ms: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
}

fn parse_text(text: &str) -> Option<OffsetDateTime> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok().and_then(from_millis);
    }
    if let Ok(at) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(at);
    }
    let naive = text.strip_suffix('Z').unwrap_or(text);
    let fraction = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond]");
    [SECOND, fraction, MINUTE]
        .iter()
        .find_map(|description| PrimitiveDateTime::parse(naive, description).ok())
        .map(PrimitiveDateTime::assume_utc)
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Raw::Text(text) => f.write_str(text),
            Raw::Millis(ms) => write!(f, "{ms}"),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Raw::Text(text) => serializer.serialize_str(text),
            Raw::Millis(ms) => serializer.serialize_i64(*ms),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a time as text or as epoch milliseconds")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Ok(Timestamp::from_text(v))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Timestamp, E> {
                Ok(Timestamp::from_text(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
                Ok(Timestamp::from_epoch_millis(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
                i64::try_from(v)
                    .map(Timestamp::from_epoch_millis)
                    .map_err(|_| E::custom(format!("{v} is too large for epoch milliseconds")))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn request_times_parse_back_in_their_format() {
        for format in [TimeFormat::EpochMillis, TimeFormat::Minute, TimeFormat::Second] {
            let at = datetime!(2024-01-02 03:04:00 UTC);
            assert_eq!(format.parse(&format.format(at)), Some(at), "{format:?}");
        }
        assert_eq!(TimeFormat::Minute.parse("2024-01-02T03:04:05Z"), Some(datetime!(2024-01-02 03:04:05 UTC)));
        assert_eq!(TimeFormat::Second.parse("2024-01-02T03:04Z"), None);
        assert_eq!(TimeFormat::Minute.parse("2024-01-02T03:04"), None);
        assert_eq!(TimeFormat::EpochMillis.parse("-5"), None);
    }

    #[test]
    fn requests_are_formatted_per_api() {
        let at = datetime!(2011-06-01 16:00:59.250 +08:00);
        assert_eq!(TimeFormat::Minute.format(at), "2011-06-01T08:00Z");
        assert_eq!(TimeFormat::Second.format(at), "2011-06-01T08:00:59Z");
        assert_eq!(TimeFormat::EpochMillis.format(datetime!(2021-10-31 19:17:25 UTC)), "1635707845000");
    }

    #[test]
    fn responses_keep_their_text_and_parse_every_form() {
        let cases = [
            ("2019-02-13T12:20:00Z", datetime!(2019-02-13 12:20:00 UTC)),
            ("2019-02-13T12:20Z", datetime!(2019-02-13 12:20:00 UTC)),
            ("2024-01-09T17:21:57", datetime!(2024-01-09 17:21:57 UTC)),
            ("2024-01-09T17:21:57.5Z", datetime!(2024-01-09 17:21:57.5 UTC)),
            ("2024-01-09T17:21:57+08:00", datetime!(2024-01-09 09:21:57 UTC)),
            ("1635706960956", datetime!(2021-10-31 19:02:40.956 UTC)),
        ];
        for (text, expected) in cases {
            let ts: Timestamp = serde_json::from_value(serde_json::json!(text)).unwrap();
            assert_eq!(ts.to_datetime(), Some(expected), "{text}");
            assert_eq!(serde_json::to_value(&ts).unwrap(), serde_json::json!(text));
            assert_eq!(ts.to_string(), text);
        }
    }

    #[test]
    fn epoch_millis_round_trip_as_numbers() {
        let ts: Timestamp = serde_json::from_str("1635706960956").unwrap();
        assert_eq!(ts.as_epoch_millis(), Some(1635706960956));
        assert_eq!(serde_json::to_string(&ts).unwrap(), "1635706960956");
        let made = Timestamp::from_datetime(datetime!(2021-10-31 19:02:40.956 UTC), TimeFormat::EpochMillis);
        assert_eq!(made, ts);
    }

    #[test]
    fn odd_values_decode_but_have_no_instant() {
        for text in ["", "soon", "2024-13-40T99:99Z"] {
            let ts = Timestamp::from_text(text);
            assert_eq!(ts.to_datetime(), None, "{text}");
        }
        assert!(serde_json::from_str::<Timestamp>("true").is_err());
    }
}
