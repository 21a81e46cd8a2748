//! The RPC `HMAC-SHA1` signature (`SignatureVersion=1.0`), for services or setups that still need it.
//!
//! ```text
//! CanonicalQuery = sorted, percent-encoded params + Action, Version, Format, AccessKeyId,
//!                  SignatureMethod, SignatureVersion, SignatureNonce, Timestamp[, SecurityToken]
//! StringToSign   = METHOD & enc("/") & enc(CanonicalQuery)
//! Signature      = base64(hmac_sha1(AccessKeySecret + "&", StringToSign))
//! ```
//!
//! The signature is sent as one more query parameter; [`string_to_sign`] and [`signature`] are public so
//! that tests and a local server can check published examples whose common parameters differ.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use super::encode::{canonical_query, form_body, format_timestamp, percent_encode};
use super::{SignedRequest, SigningContext, SigningRequest, FORM_CONTENT_TYPE};

/// The common parameters this scheme adds; an operation parameter with one of these names is dropped,
/// so the signer's own value is the only one sent.
pub const COMMON_PARAMS: [&str; 10] = [
    "AccessKeyId",
    "Action",
    "Format",
    "SecurityToken",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
];

/// `METHOD&%2F&` followed by the percent-encoded canonical query.
pub fn string_to_sign(method: &str, canonical_query: &str) -> String {
    format!("{method}&{}&{}", percent_encode("/"), percent_encode(canonical_query))
}

/// Base64 HMAC-SHA1 of the string to sign, keyed with the AccessKey secret followed by `&`.
pub fn signature(access_key_secret: &str, string_to_sign: &str) -> String {
    let key = format!("{access_key_secret}&");
    // HMAC accepts keys of any length, so this never takes the error branch.
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(key.as_bytes()) else {
        return String::new();
    };
    mac.update(string_to_sign.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Signs an RPC-style request: all parameters, the common ones and the signature in the query.
pub(super) fn sign(request: &SigningRequest<'_>, ctx: &SigningContext<'_>) -> SignedRequest {
    let credentials = ctx.credentials;
    let timestamp = format_timestamp(ctx.timestamp);
    let mut params: Vec<(&str, &str)> = request
        .params
        .iter()
        .filter(|(name, _)| !COMMON_PARAMS.contains(name))
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    params.extend([
        ("AccessKeyId", credentials.access_key_id()),
        ("Action", request.action),
        // Lower case, as the official client (alibabacloud_tea_openapi, V1 RPC requests) writes it.
        ("Format", "json"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", ctx.nonce),
        ("SignatureVersion", "1.0"),
        ("Timestamp", timestamp.as_str()),
        ("Version", request.version),
    ]);
    if let Some(token) = credentials.security_token() {
        params.push(("SecurityToken", token));
    }
    // As the Tea OpenAPI client: the form parameters are signed with the query's, and travel in the body.
    let signed: Vec<(&str, &str)> =
        params.iter().copied().chain(request.form.iter().map(|(name, value)| (*name, value.as_str()))).collect();
    let to_sign = string_to_sign(request.method, &canonical_query(&signed));
    let signature = signature(credentials.access_key_secret(), &to_sign);
    params.push(("Signature", signature.as_str()));
    // V1 signs no header; extra headers travel unsigned, as the official SDKs send them.
    let mut headers: Vec<(String, String)> =
        request.headers.iter().map(|(name, value)| (name.to_ascii_lowercase(), value.clone())).collect();
    let body = if request.form.is_empty() { String::new() } else { form_body(request.form) };
    if !body.is_empty() {
        headers.push(("content-type".into(), FORM_CONTENT_TYPE.into()));
    }
    SignedRequest { query: canonical_query(&params), headers, body }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;
    use time::macros::datetime;

    #[test]
    fn string_to_sign_encodes_the_query_again() {
        assert_eq!(string_to_sign("GET", "A=1&B=x%20y"), "GET&%2F&A%3D1%26B%3Dx%2520y");
    }

    #[test]
    fn signature_keys_with_secret_and_ampersand() {
        // The published DescribeRegions example (Format=XML), at the string-to-sign level.
        let to_sign = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML\
                       %26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf\
                       %26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26";
        assert_eq!(signature("testsecret", to_sign), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    }

    #[test]
    fn operation_params_cannot_override_common_ones() {
        let creds = Credentials::new("id", "secret");
        let ctx = SigningContext { credentials: &creds, timestamp: datetime!(2024-01-01 0:00 UTC), nonce: "n" };
        let params = [("Action", "Evil".to_owned()), ("Format", "XML".to_owned()), ("X", "1".to_owned())];
        let req = SigningRequest {
            method: "GET",
            host: "h",
            action: "Good",
            version: "v",
            params: &params,
            form: &[],
            headers: &[],
        };
        let signed = sign(&req, &ctx);
        assert!(signed.query.contains("Action=Good&"), "{}", signed.query);
        assert!(!signed.query.contains("Evil"));
        assert!(signed.query.contains("Format=json&"));
        assert_eq!(signed.query.matches("Action=").count(), 1);
        assert!(signed.headers.is_empty());
    }

    #[test]
    fn security_token_travels_in_the_query() {
        let creds = Credentials::new("id", "secret").with_security_token("a+b/c=");
        let ctx = SigningContext { credentials: &creds, timestamp: datetime!(2024-01-01 0:00 UTC), nonce: "n" };
        let req = SigningRequest {
            method: "POST",
            host: "h",
            action: "A",
            version: "v",
            params: &[],
            form: &[],
            headers: &[],
        };
        let signed = sign(&req, &ctx);
        assert!(signed.query.contains("&SecurityToken=a%2Bb%2Fc%3D&"), "{}", signed.query);
    }
}
