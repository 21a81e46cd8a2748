//! The parameters of an incoming request, and typed reading of each one.
//!
//! This is the inverse of [`crate::wire::Params`]: generated `from_params` functions read every parameter of
//! an operation through the typed getters here (numbers, enums with their documented values, times in the
//! operation's format), so that decoding rules live in one place and the generated code stays declarative.
//! A value that cannot be read becomes a [`ParamError`], which the server answers with the service's codes.

use std::fmt;
use std::str::FromStr;

use percent_encoding::percent_decode_str;
use time::OffsetDateTime;

use crate::build::BuildError;
use crate::time::TimeFormat;
use crate::wire::{styled, Style, WireValue};

/// The decoded parameters of one request (query string and form body), in arrival order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query(Vec<(String, String)>);

impl Query {
    /// A query holding these (already decoded) pairs.
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        Query(pairs)
    }

    /// Decodes `a=1&b=x%20y` (a raw query string or an `application/x-www-form-urlencoded` body).
    /// `+` reads as a space, as form encoding says; undecodable bytes are replaced, never refused.
    pub fn parse(raw: &str) -> Self {
        let mut query = Query::default();
        query.extend_from(raw);
        query
    }

    /// Appends the pairs of another raw query string or form body.
    pub fn extend_from(&mut self, raw: &str) {
        for pair in raw.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            self.0.push((decode(name), decode(value)));
        }
    }

    /// Appends already decoded pairs.
    pub fn extend_pairs(&mut self, pairs: &[(String, String)]) {
        self.0.extend_from_slice(pairs);
    }

    /// Every pair, in arrival order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// The first value of a parameter, if it was sent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// A parameter's value; an empty value counts as absent (clients send nothing for an unset parameter).
    fn value(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }

    /// A string parameter.
    pub fn string(&self, name: &'static str) -> Option<String> {
        self.value(name).map(str::to_owned)
    }

    /// A number or boolean parameter, parsed with its `FromStr`. Any letter case is accepted (`True`, as the
    /// official Python SDKs send a boolean, is `true`).
    pub fn number<T: FromStr>(&self, name: &'static str) -> Result<Option<T>, ParamError> {
        self.value(name)
            .map(|text| {
                let text = text.trim();
                text.parse()
                    .or_else(|_| text.to_ascii_lowercase().parse())
                    .map_err(|_| ParamError::invalid(name, text, std::any::type_name::<T>()))
            })
            .transpose()
    }

    /// An enum, sent as a documented value's wire text (or integer code); anything else is refused, naming the
    /// documented values.
    pub fn enumerated<T: FromStr + fmt::Display>(
        &self,
        name: &'static str,
        documented: &[T],
    ) -> Result<Option<T>, ParamError> {
        self.value(name)
            .map(|text| {
                text.parse().map_err(|_| {
                    let list: Vec<String> = documented.iter().map(ToString::to_string).collect();
                    ParamError::invalid(name, text, &format!("one of {}", list.join(", ")))
                })
            })
            .transpose()
    }

    /// A list, structure or free-form value sent in `style` (flattened, or as one JSON parameter), read as its
    /// type reads a response value (numbers may arrive as text).
    pub fn styled<T: WireValue>(&self, name: &'static str, style: Style) -> Result<Option<T>, ParamError> {
        let json = match style {
            Style::Json => match self.value(name) {
                None => return Ok(None),
                Some(text) => serde_json::from_str::<serde_json::Value>(text)
                    .map_err(|e| ParamError::invalid(name, text, &format!("a JSON value ({e})")))?,
            },
            Style::RepeatList => {
                let pairs = self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()));
                match styled::unflatten(name, pairs).map_err(|why| ParamError::invalid(name, "", &why))? {
                    None => return Ok(None),
                    Some(json) => json,
                }
            }
        };
        T::read(&json).map_err(|e| ParamError::invalid(name, &json.to_string(), &e.to_string()))
    }

    /// A time in the operation's format (see [`TimeFormat::parse`]).
    pub fn time(&self, name: &'static str, format: TimeFormat) -> Result<Option<OffsetDateTime>, ParamError> {
        self.value(name)
            .map(|text| format.parse(text).ok_or_else(|| ParamError::invalid(name, text, format_name(format))))
            .transpose()
    }
}

fn decode(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

fn format_name(format: TimeFormat) -> &'static str {
    match format {
        TimeFormat::EpochMillis => "epoch milliseconds",
        TimeFormat::Minute => "a UTC time as yyyy-MM-ddTHH:mmZ",
        TimeFormat::Second => "a UTC time as yyyy-MM-ddTHH:mm:ssZ",
    }
}

/// A parameter the operation cannot accept: what the service answers with `Missing<Name>` or an
/// invalid-parameter code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParamError {
    /// A required parameter is absent (or empty).
    Missing {
        /// The wire name.
        parameter: String,
    },
    /// A parameter's value cannot be read or is not accepted.
    Invalid {
        /// The wire name.
        parameter: String,
        /// The value as received.
        value: String,
        /// What is accepted, in words.
        expected: String,
    },
}

impl ParamError {
    /// An unreadable or unaccepted value.
    pub fn invalid(parameter: &str, value: &str, expected: &str) -> Self {
        ParamError::Invalid { parameter: parameter.to_owned(), value: value.to_owned(), expected: expected.to_owned() }
    }

    /// The parameter's wire name.
    pub fn parameter(&self) -> &str {
        match self {
            ParamError::Missing { parameter } | ParamError::Invalid { parameter, .. } => parameter,
        }
    }
}

impl From<BuildError> for ParamError {
    /// The builder's checks (required parameters, valid values, ranges) are the server's checks too.
    fn from(err: BuildError) -> Self {
        match err {
            BuildError::MissingParameter { parameter, .. } => ParamError::Missing { parameter: parameter.to_owned() },
            BuildError::InvalidValue { parameter, value, expected, .. } => {
                ParamError::Invalid { parameter: parameter.to_owned(), value, expected }
            }
            BuildError::InvalidMember { path, value, expected, .. } => {
                ParamError::Invalid { parameter: path, value, expected }
            }
        }
    }
}

/// The most characters of an invalid value that [`ParamError`]'s message quotes.
pub const MAX_QUOTED_VALUE: usize = 64;

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamError::Missing { parameter } => write!(f, "{parameter} is mandatory for this action."),
            ParamError::Invalid { parameter, value, expected } => {
                // The value is the client's: quote a bounded part, so the message never grows with the request.
                let mut chars = value.chars();
                let head: String = chars.by_ref().take(MAX_QUOTED_VALUE).collect();
                let cut = if chars.next().is_some() { "…" } else { "" };
                write!(f, "The specified parameter \"{parameter}\" is not valid: {head:?}{cut} (expected {expected}).")
            }
        }
    }
}

impl std::error::Error for ParamError {}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn invalid_values_are_quoted_in_part() {
        let long = "é".repeat(10_000);
        let text = ParamError::invalid("PageSize", &long, "30, 50 or 100").to_string();
        assert!(text.chars().count() < 200, "{text}");
        assert!(text.contains("…") && text.contains("expected 30, 50 or 100"), "{text}");
        let text = ParamError::invalid("PageSize", "7", "30, 50 or 100").to_string();
        assert_eq!(text, "The specified parameter \"PageSize\" is not valid: \"7\" (expected 30, 50 or 100).");
    }

    #[test]
    fn booleans_are_read_in_any_case() {
        // The official Python SDKs send a bool as str(True): "True".
        let q = Query::parse("A=True&B=FALSE&C=true&D=yes&E=7");
        assert_eq!(q.number::<bool>("A"), Ok(Some(true)));
        assert_eq!(q.number::<bool>("B"), Ok(Some(false)));
        assert_eq!(q.number::<bool>("C"), Ok(Some(true)));
        assert!(q.number::<bool>("D").is_err());
        assert_eq!(q.number::<i32>("E"), Ok(Some(7)));
    }

    #[test]
    fn raw_queries_and_forms_are_decoded() {
        let q = Query::parse("A=x%20y&B=a+b&C=&D&E=%E4%B8%AD");
        assert_eq!(q.get("A"), Some("x y"));
        assert_eq!(q.get("B"), Some("a b"));
        assert_eq!(q.get("C"), Some(""));
        assert_eq!(q.get("D"), Some(""));
        assert_eq!(q.get("E"), Some("中"));
        assert_eq!(q.string("C"), None, "empty values count as absent");
    }

    #[test]
    fn numbers_are_typed() {
        let q = Query::parse("N=30&Bad=3x");
        assert_eq!(q.number::<i32>("N"), Ok(Some(30)));
        assert_eq!(q.number::<i32>("Missing"), Ok(None));
        assert_eq!(q.number::<i32>("Bad").unwrap_err().parameter(), "Bad");
    }

    #[test]
    fn times_parse_back_what_requests_send() {
        let at = datetime!(2024-01-02 03:04:00 UTC);
        let q = Query::parse(&format!("T={}", TimeFormat::Minute.format(at)));
        assert_eq!(q.time("T", TimeFormat::Minute), Ok(Some(at)));
        let q = Query::parse("T=yesterday");
        assert!(matches!(q.time("T", TimeFormat::Minute), Err(ParamError::Invalid { .. })));
    }

    #[test]
    fn build_errors_become_param_errors() {
        let missing = BuildError::MissingParameter { operation: "Op", parameter: "DBInstanceId" };
        assert_eq!(ParamError::from(missing).to_string(), "DBInstanceId is mandatory for this action.");
    }
}
