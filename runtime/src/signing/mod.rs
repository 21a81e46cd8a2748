//! Request signing for Alibaba Cloud RPC-style APIs, both schemes the services accept.
//!
//! Why this module exists: every call must be signed, and a signature that is off by one byte only
//! ever shows up as `SignatureDoesNotMatch` from the service. So signing is a pure function here (the
//! caller passes the time and the nonce), checked byte for byte against the official SDK's output and
//! the worked examples of the public documentation (`runtime/tests/signing.rs`).
//!
//! - [`SignatureVersion::V3`]: `ACS3-HMAC-SHA256`, the current scheme. Parameters travel in the query;
//!   action, version, date, nonce and body hash travel in `x-acs-*` headers covered by an
//!   `authorization` header. See [`v3`].
//! - [`SignatureVersion::V1`]: the older RPC `HMAC-SHA1` scheme. Everything, including the signature,
//!   travels in the query. See [`v1`].
//!
//! Form parameters travel in an `application/x-www-form-urlencoded` body, as the official Tea OpenAPI client sends
//! them: V3 signs the body through its SHA-256 (`x-acs-content-sha256`) and the signed `content-type`, V1 signs
//! the form parameters together with the query parameters. Without form parameters the body is empty.

mod encode;
pub mod v1;
pub mod v3;

pub use encode::{canonical_query, form_body, format_timestamp, percent_encode};

use crate::credentials::Credentials;

/// Which signing scheme a request uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignatureVersion {
    /// `ACS3-HMAC-SHA256`: signature in the `authorization` header (the default).
    #[default]
    V3,
    /// RPC `HMAC-SHA1` with `SignatureVersion=1.0`: signature in the query.
    V1,
}

/// What is being sent: everything the signature covers except credentials, time and nonce.
#[derive(Debug, Clone, Copy)]
pub struct SigningRequest<'a> {
    /// `GET` or `POST`, upper case as sent.
    pub method: &'a str,
    /// The `Host` header as sent: `rds.aliyuncs.com`, or `127.0.0.1:8080` with a port.
    pub host: &'a str,
    /// The operation name, e.g. `DescribeBackups`.
    pub action: &'a str,
    /// The API version, e.g. `2014-08-15`.
    pub version: &'a str,
    /// The operation's own query parameters, not encoded, in any order.
    pub params: &'a [(&'a str, String)],
    /// The operation's form parameters, not encoded, in any order; empty when the request has no body.
    pub form: &'a [(&'a str, String)],
    /// Extra `x-acs-*` headers to send (e.g. `x-acs-retry-attempts`); V3 signs them, as the official SDKs do.
    pub headers: &'a [(&'a str, String)],
}

/// Who signs, and the two values that make each attempt's signature unique.
#[derive(Debug, Clone, Copy)]
pub struct SigningContext<'a> {
    /// The keys (and STS token, if any) to sign with.
    pub credentials: &'a Credentials,
    /// The signing time; converted to UTC and written to the second.
    pub timestamp: time::OffsetDateTime,
    /// A value never used twice with the same key, e.g. from [`new_nonce`].
    pub nonce: &'a str,
}

/// A signed request, ready to send as `<scheme>://<host>/?<query>` with `headers` and `body`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// The complete query, already percent-encoded, without the leading `?`; send it exactly as is.
    pub query: String,
    /// Headers to send, names in lower case (`host`, `x-acs-*`, `authorization`; none for V1 but a form body's
    /// `content-type`).
    pub headers: Vec<(String, String)>,
    /// The form body ([`form_body`] of the form parameters); empty when there are none.
    pub body: String,
}

/// The `content-type` of a form body.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

impl SignedRequest {
    /// The value of a header by (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Signs `request` with the given scheme. Pure: the same inputs always give the same output.
pub fn sign(version: SignatureVersion, request: &SigningRequest<'_>, ctx: &SigningContext<'_>) -> SignedRequest {
    match version {
        SignatureVersion::V3 => v3::sign(request, ctx),
        SignatureVersion::V1 => v1::sign(request, ctx),
    }
}

/// A fresh random nonce (32 lower-case hex digits, 128 bits from the operating system's random source, so no
/// one can predict the next one); call once per attempt.
///
/// # Panics
///
/// If the operating system cannot provide random bytes (a platform without `getrandom`, `/dev/urandom` or
/// their equivalent): a request must not be signed with a guessable nonce.
pub fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source is unavailable");
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_hex_and_differ() {
        let a = new_nonce();
        let b = new_nonce();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn default_version_is_v3() {
        assert_eq!(SignatureVersion::default(), SignatureVersion::V3);
    }

    #[test]
    fn header_lookup() {
        let signed =
            SignedRequest { query: String::new(), headers: vec![("host".into(), "h".into())], body: String::new() };
        assert_eq!(signed.header("host"), Some("h"));
        assert_eq!(signed.header("authorization"), None);
    }
}
