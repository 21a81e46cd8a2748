//! The encoding rules both signing schemes share: percent-encoding, the canonical query, the timestamp.
//!
//! Kept apart because V1 and V3 must agree on them exactly, and a test server checking signatures needs
//! the same functions.

use std::fmt::Write as _;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use time::{OffsetDateTime, UtcOffset};

/// Everything but the RFC 3986 unreserved characters `A-Z a-z 0-9 - _ . ~` is encoded.
const ENCODE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes `s` as both signing schemes require: RFC 3986 unreserved characters are kept,
/// every other byte of the UTF-8 text becomes `%XY` with upper-case hex (space is `%20`, `*` is `%2A`,
/// `/` is `%2F`, `~` stays).
pub fn percent_encode(s: &str) -> String {
    utf8_percent_encode(s, ENCODE).to_string()
}

/// The canonical query string: each name and value percent-encoded, pairs sorted by name (then value),
/// joined as `name=value` with `&`. Empty values stay as `name=`. An empty list gives an empty string.
///
/// Names are compared as sent before encoding (byte order), as the official SDKs do.
pub fn canonical_query<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let mut pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
    pairs.sort_unstable();
    let mut out = String::new();
    for (i, (name, value)) in pairs.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&percent_encode(name));
        out.push('=');
        out.push_str(&percent_encode(value));
    }
    out
}

/// An `application/x-www-form-urlencoded` body as the official clients write one (Python's `urlencode` of the
/// pairs sorted by name): names and values percent-encoded like the query, except that a space is `+`.
pub fn form_body<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let plus = |s: &str| percent_encode(s).replace("%20", "+");
    let mut pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
    pairs.sort_unstable();
    let encoded: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{}={}", plus(k), plus(v))).collect();
    encoded.join("&")
}

/// `yyyy-MM-ddTHH:mm:ssZ` in UTC, the form both schemes use for the signing time.
pub fn format_timestamp(at: OffsetDateTime) -> String {
    let utc = at.to_offset(UtcOffset::UTC);
    let mut out = String::with_capacity(20);
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn unreserved_characters_are_kept() {
        let unreserved = "ABCXYZabcxyz0189-_.~";
        assert_eq!(percent_encode(unreserved), unreserved);
    }

    #[test]
    fn reserved_and_special_characters_are_encoded() {
        assert_eq!(percent_encode(" "), "%20");
        assert_eq!(percent_encode("*"), "%2A");
        assert_eq!(percent_encode("+"), "%2B");
        assert_eq!(percent_encode("/"), "%2F");
        assert_eq!(percent_encode("="), "%3D");
        assert_eq!(percent_encode("&"), "%26");
        assert_eq!(percent_encode("%"), "%25");
        assert_eq!(percent_encode(":"), "%3A");
        assert_eq!(percent_encode("!'()"), "%21%27%28%29");
    }

    #[test]
    fn non_ascii_is_utf8_bytes() {
        assert_eq!(percent_encode("中文"), "%E4%B8%AD%E6%96%87");
        assert_eq!(percent_encode("é"), "%C3%A9");
    }

    #[test]
    fn canonical_query_sorts_encodes_and_keeps_empty_values() {
        let params = [("b", "2"), ("a", "x y"), ("Empty", ""), ("a b", "*")];
        assert_eq!(canonical_query(&params), "Empty=&a=x%20y&a%20b=%2A&b=2");
    }

    #[test]
    fn canonical_query_of_nothing_is_empty() {
        let params: [(&str, &str); 0] = [];
        assert_eq!(canonical_query(&params), "");
    }

    #[test]
    fn canonical_query_orders_duplicate_names_by_value() {
        let params = [("k", "2"), ("k", "1")];
        assert_eq!(canonical_query(&params), "k=1&k=2");
    }

    #[test]
    fn canonical_query_sorts_by_byte_order() {
        // Upper case sorts before lower case; a name sorts before its extensions.
        let params = [("SignatureMethod", ""), ("Signature", ""), ("action", ""), ("Zeta", "")];
        assert_eq!(canonical_query(&params), "Signature=&SignatureMethod=&Zeta=&action=");
    }

    #[test]
    fn timestamp_is_utc_to_the_second() {
        assert_eq!(format_timestamp(datetime!(2023-10-26 10:22:32.999 UTC)), "2023-10-26T10:22:32Z");
        assert_eq!(format_timestamp(datetime!(2024-01-01 08:00:05 +08:00)), "2024-01-01T00:00:05Z");
    }
}
