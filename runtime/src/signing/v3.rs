//! `ACS3-HMAC-SHA256`, the V3 signature, for RPC-style calls with every parameter in the query.
//!
//! The building blocks are public so that a local test server can check what a client sent with the same
//! rules: [`canonical_headers`], [`canonical_request`], [`string_to_sign`], [`signature`].
//!
//! ```text
//! CanonicalRequest = METHOD \n "/" \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n hex(sha256(body))
//! StringToSign     = "ACS3-HMAC-SHA256" \n hex(sha256(CanonicalRequest))
//! Signature        = hex(hmac_sha256(AccessKeySecret, StringToSign))
//! authorization    = ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<Signature>
//! ```

use std::collections::BTreeMap;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::encode::{canonical_query, form_body, format_timestamp};
use super::{SignedRequest, SigningContext, SigningRequest, FORM_CONTENT_TYPE};

/// The algorithm name, first word of the `authorization` header and first line of the string to sign.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// Hex SHA-256 of an empty body: the `x-acs-content-sha256` of every request without form parameters.
pub const EMPTY_BODY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The canonical URI of every RPC-style call.
pub const CANONICAL_URI: &str = "/";

/// Canonical headers and the signed-header list, built from any headers.
///
/// Only `host`, `content-type` and `x-acs-*` headers are signed. Names are lower-cased and sorted,
/// values trimmed; a name given twice gets its values sorted and joined with `,`.
/// Returns (`name:value\n` lines, `name;name;...`).
pub fn canonical_headers<N: AsRef<str>, V: AsRef<str>>(headers: &[(N, V)]) -> (String, String) {
    let mut signed: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (name, value) in headers {
        let name = name.as_ref().trim().to_ascii_lowercase();
        if is_signed_header(&name) {
            signed.entry(name).or_default().push(value.as_ref().trim());
        }
    }
    let mut lines = String::new();
    let mut names = Vec::with_capacity(signed.len());
    for (name, mut values) in signed {
        values.sort_unstable();
        lines.push_str(&name);
        lines.push(':');
        lines.push_str(&values.join(","));
        lines.push('\n');
        names.push(name);
    }
    (lines, names.join(";"))
}

fn is_signed_header(lower_name: &str) -> bool {
    lower_name == "host" || lower_name == "content-type" || lower_name.starts_with("x-acs-")
}

/// A canonical request and the signed-header list that goes with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    /// The text that is hashed into the string to sign.
    pub text: String,
    /// `;`-joined lower-case names of the signed headers, as in the `authorization` header.
    pub signed_headers: String,
}

/// Builds the canonical request.
///
/// `canonical_query` is the output of [`canonical_query`] (already encoded and
/// sorted); `headers` may hold any headers, only the signed ones are used; `hashed_payload` is the hex
/// SHA-256 of the body ([`EMPTY_BODY_SHA256`] for an empty one).
pub fn canonical_request<N: AsRef<str>, V: AsRef<str>>(
    method: &str,
    canonical_uri: &str,
    canonical_query: &str,
    headers: &[(N, V)],
    hashed_payload: &str,
) -> CanonicalRequest {
    let (header_lines, signed_headers) = canonical_headers(headers);
    let text =
        format!("{method}\n{canonical_uri}\n{canonical_query}\n{header_lines}\n{signed_headers}\n{hashed_payload}");
    CanonicalRequest { text, signed_headers }
}

/// `ACS3-HMAC-SHA256\n` followed by the hex SHA-256 of the canonical request.
pub fn string_to_sign(canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{}", hex::encode(Sha256::digest(canonical_request.as_bytes())))
}

/// Lower-case hex HMAC-SHA256 of the string to sign, keyed with the AccessKey secret as is.
pub fn signature(access_key_secret: &str, string_to_sign: &str) -> String {
    // HMAC accepts keys of any length, so this never takes the error branch.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(access_key_secret.as_bytes()) else {
        return String::new();
    };
    mac.update(string_to_sign.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The `authorization` header value.
pub fn authorization(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
    format!("{ALGORITHM} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature}")
}

/// Signs an RPC-style request: parameters in the query, form parameters (if any) in a form body whose SHA-256 is
/// signed.
pub(super) fn sign(request: &SigningRequest<'_>, ctx: &SigningContext<'_>) -> SignedRequest {
    let credentials = ctx.credentials;
    let query = canonical_query(request.params);
    let body = if request.form.is_empty() { String::new() } else { form_body(request.form) };
    let hashed_payload = hex::encode(Sha256::digest(body.as_bytes()));
    let mut headers: Vec<(String, String)> = vec![
        ("host".into(), request.host.into()),
        ("x-acs-action".into(), request.action.into()),
        ("x-acs-content-sha256".into(), hashed_payload.clone()),
        ("x-acs-date".into(), format_timestamp(ctx.timestamp)),
        ("x-acs-signature-nonce".into(), ctx.nonce.into()),
        ("x-acs-version".into(), request.version.into()),
    ];
    headers.extend(request.headers.iter().map(|(name, value)| (name.to_ascii_lowercase(), value.clone())));
    if !body.is_empty() {
        headers.push(("content-type".into(), FORM_CONTENT_TYPE.into()));
    }
    if let Some(token) = credentials.security_token() {
        // As the official SDKs do: the key id travels with the token, both signed.
        headers.push(("x-acs-accesskey-id".into(), credentials.access_key_id().into()));
        headers.push(("x-acs-security-token".into(), token.into()));
    }
    headers.sort();
    let canonical = canonical_request(request.method, CANONICAL_URI, &query, &headers, &hashed_payload);
    let signature = signature(credentials.access_key_secret(), &string_to_sign(&canonical.text));
    let authorization = authorization(credentials.access_key_id(), &canonical.signed_headers, &signature);
    headers.push(("authorization".into(), authorization));
    SignedRequest { query, headers, body }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;
    use time::macros::datetime;

    #[test]
    fn empty_body_hash_is_sha256_of_nothing() {
        assert_eq!(hex::encode(Sha256::digest(b"")), EMPTY_BODY_SHA256);
    }

    #[test]
    fn canonical_headers_keep_only_signed_ones_lowercased_and_trimmed() {
        let headers = [
            ("User-Agent", "x"),
            ("Host", " example.com "),
            ("X-Acs-Date", "d"),
            ("Content-Type", "application/json"),
            ("accept", "application/json"),
        ];
        let (lines, names) = canonical_headers(&headers);
        assert_eq!(lines, "content-type:application/json\nhost:example.com\nx-acs-date:d\n");
        assert_eq!(names, "content-type;host;x-acs-date");
    }

    #[test]
    fn repeated_headers_are_joined_sorted() {
        let (lines, names) = canonical_headers(&[("x-acs-a", "2"), ("X-ACS-A", "1")]);
        assert_eq!(lines, "x-acs-a:1,2\n");
        assert_eq!(names, "x-acs-a");
    }

    #[test]
    fn sts_token_adds_signed_headers() {
        let creds = Credentials::new("id", "secret").with_security_token("tok");
        let ctx = SigningContext { credentials: &creds, timestamp: datetime!(2024-01-01 0:00 UTC), nonce: "n" };
        let params = [("A", "1".to_owned())];
        let req = SigningRequest {
            method: "GET",
            host: "h",
            action: "Act",
            version: "v",
            params: &params,
            form: &[],
            headers: &[],
        };
        let signed = sign(&req, &ctx);
        assert_eq!(signed.header("x-acs-security-token"), Some("tok"));
        assert_eq!(signed.header("x-acs-accesskey-id"), Some("id"));
        let auth = signed.header("authorization").unwrap_or_default();
        assert!(auth.contains("x-acs-accesskey-id;x-acs-action;"), "{auth}");
        assert!(auth.contains("x-acs-security-token;x-acs-signature-nonce"), "{auth}");
        assert_eq!(signed.query, "A=1");
    }

    #[test]
    fn signature_depends_on_method_and_secret() {
        let creds = Credentials::new("id", "secret");
        let other = Credentials::new("id", "secret2");
        let ts = datetime!(2024-01-01 0:00 UTC);
        let req = SigningRequest {
            method: "GET",
            host: "h",
            action: "A",
            version: "v",
            params: &[],
            form: &[],
            headers: &[],
        };
        let post = SigningRequest { method: "POST", ..req };
        let a = sign(&req, &SigningContext { credentials: &creds, timestamp: ts, nonce: "n" });
        let b = sign(&post, &SigningContext { credentials: &creds, timestamp: ts, nonce: "n" });
        let c = sign(&req, &SigningContext { credentials: &other, timestamp: ts, nonce: "n" });
        assert_ne!(a.header("authorization"), b.header("authorization"));
        assert_ne!(a.header("authorization"), c.header("authorization"));
    }
}
