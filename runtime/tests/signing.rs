//! The signer against fixed vectors: the official Python SDK's output and the documentation's worked
//! examples (`tests/data/signing/vectors.json`, made by `make_vectors.py` beside it).
//!
//! Why: a signature that is off by one byte fails only against the real service. These vectors pin the
//! query string, every header and the signature, byte for byte, for both schemes.

use alibabacloud_backup_runtime::credentials::Credentials;
use alibabacloud_backup_runtime::signing::{
    self, canonical_query, percent_encode, v1, v3, SignatureVersion, SigningContext, SigningRequest,
};
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

const VECTORS: &str = include_str!("data/signing/vectors.json");

#[derive(Deserialize)]
struct File {
    source: Source,
    vectors: Vec<Vector>,
    v1_string_to_sign_vectors: Vec<RawV1>,
}

#[derive(Deserialize)]
struct Source {
    sdk_vectors: String,
    v3_doc: String,
    v1_doc: String,
}

#[derive(Deserialize)]
struct Vector {
    name: String,
    origin: String,
    signature_version: String,
    request: Request,
    context: Context,
    expected: Expected,
}

#[derive(Deserialize)]
struct Request {
    method: String,
    host: String,
    action: String,
    version: String,
    params: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct Context {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    timestamp: String,
    nonce: String,
}

#[derive(Deserialize)]
struct Expected {
    query: String,
    headers: Vec<(String, String)>,
    signature: String,
    canonical_request: Option<String>,
    string_to_sign: Option<String>,
}

#[derive(Deserialize)]
struct RawV1 {
    name: String,
    origin: String,
    method: String,
    access_key_secret: String,
    params: Vec<(String, String)>,
    string_to_sign: String,
    signature: String,
}

fn load() -> File {
    serde_json::from_str(VECTORS).unwrap()
}

fn version(v: &Vector) -> SignatureVersion {
    match v.signature_version.as_str() {
        "V3" => SignatureVersion::V3,
        "V1" => SignatureVersion::V1,
        other => panic!("{}: unknown signature_version {other}", v.name),
    }
}

fn credentials(c: &Context) -> Credentials {
    let creds = Credentials::new(&c.access_key_id, &c.access_key_secret);
    match &c.security_token {
        Some(token) => creds.with_security_token(token),
        None => creds,
    }
}

/// Signs a vector's request with the crate's public API.
fn sign(v: &Vector) -> signing::SignedRequest {
    let params: Vec<(&str, String)> = v.request.params.iter().map(|(k, val)| (k.as_str(), val.clone())).collect();
    let request = SigningRequest {
        method: &v.request.method,
        host: &v.request.host,
        action: &v.request.action,
        version: &v.request.version,
        params: &params,
        form: &[],
        headers: &[],
    };
    let creds = credentials(&v.context);
    let ctx = SigningContext {
        credentials: &creds,
        timestamp: OffsetDateTime::parse(&v.context.timestamp, &Rfc3339).unwrap(),
        nonce: &v.context.nonce,
    };
    signing::sign(version(v), &request, &ctx)
}

#[test]
fn every_vector_is_reproduced_exactly() {
    let file = load();
    for v in &file.vectors {
        let signed = sign(v);
        assert_eq!(signed.query, v.expected.query, "{} ({}): query", v.name, v.origin);
        let mut headers = signed.headers.clone();
        headers.sort();
        let mut expected = v.expected.headers.clone();
        expected.sort();
        assert_eq!(headers, expected, "{} ({}): headers", v.name, v.origin);
        match version(v) {
            SignatureVersion::V3 => {
                let auth = signed.header("authorization").unwrap();
                assert!(auth.ends_with(&format!(",Signature={}", v.expected.signature)), "{}: {auth}", v.name);
            }
            SignatureVersion::V1 => {
                let wanted = format!("Signature={}", percent_encode(&v.expected.signature));
                assert!(signed.query.split('&').any(|p| p == wanted), "{}: {}", v.name, signed.query);
            }
        }
    }
}

#[test]
fn the_vectors_cover_both_versions_sts_and_special_characters() {
    let file = load();
    assert!(file.source.sdk_vectors.contains("alibabacloud-tea-openapi=="), "{}", file.source.sdk_vectors);
    assert!(file.source.v3_doc.starts_with("https://") && file.source.v1_doc.starts_with("https://"));
    for version in ["V3", "V1"] {
        let of_version: Vec<&Vector> = file.vectors.iter().filter(|v| v.signature_version == version).collect();
        assert!(of_version.len() >= 4, "{version}: {}", of_version.len());
        assert!(of_version.iter().any(|v| v.context.security_token.is_some()), "{version}: no STS vector");
        let values: String =
            of_version.iter().flat_map(|v| v.request.params.iter().map(|(_, val)| val.as_str())).collect();
        for needle in [" ", "*", "~", "+", "/", "=", "&", "中文"] {
            assert!(values.contains(needle), "{version}: no parameter with {needle:?}");
        }
        assert!(
            of_version.iter().any(|v| v.request.params.iter().any(|(_, val)| val.is_empty())),
            "{version}: no empty value"
        );
    }
    // The documentation's examples: V3 exactly; V1's send another Format, so at the string-to-sign level.
    assert!(file.vectors.iter().any(|v| v.signature_version == "V3" && v.origin.starts_with("https://")));
    assert!(file.v1_string_to_sign_vectors.iter().any(|raw| raw.origin == file.source.v1_doc));
}

#[test]
fn documented_v3_steps_are_reproduced() {
    let file = load();
    let v =
        file.vectors.iter().find(|v| v.signature_version == "V3" && v.expected.canonical_request.is_some()).unwrap();
    let signed = sign(v);
    let canonical = v3::canonical_request(
        &v.request.method,
        v3::CANONICAL_URI,
        &signed.query,
        &signed.headers,
        v3::EMPTY_BODY_SHA256,
    );
    assert_eq!(Some(&canonical.text), v.expected.canonical_request.as_ref());
    let to_sign = v3::string_to_sign(&canonical.text);
    assert_eq!(Some(&to_sign), v.expected.string_to_sign.as_ref());
    assert_eq!(v3::signature(&v.context.access_key_secret, &to_sign), v.expected.signature);
}

#[test]
fn documented_v1_examples_are_reproduced_to_the_string_to_sign() {
    let file = load();
    assert!(file.v1_string_to_sign_vectors.len() >= 3);
    for raw in &file.v1_string_to_sign_vectors {
        let to_sign = v1::string_to_sign(&raw.method, &canonical_query(&raw.params));
        assert_eq!(to_sign, raw.string_to_sign, "{}", raw.name);
        assert_eq!(v1::signature(&raw.access_key_secret, &to_sign), raw.signature, "{}", raw.name);
    }
}

#[test]
fn v3_query_is_the_canonical_query_and_headers_are_lower_case() {
    let file = load();
    for v in file.vectors.iter().filter(|v| v.signature_version == "V3") {
        let signed = sign(v);
        assert_eq!(signed.query, canonical_query(&v.request.params), "{}", v.name);
        assert!(signed.headers.iter().all(|(n, _)| *n == n.to_ascii_lowercase()), "{}", v.name);
    }
}

#[test]
fn signing_is_deterministic_and_nonce_sensitive() {
    let file = load();
    for v in &file.vectors {
        assert_eq!(sign(v), sign(v), "{}", v.name);
    }
    let creds = Credentials::new("id", "secret");
    let ts = OffsetDateTime::parse("2024-01-01T00:00:00Z", &Rfc3339).unwrap();
    let req =
        SigningRequest { method: "GET", host: "h", action: "A", version: "v", params: &[], form: &[], headers: &[] };
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let a = signing::sign(version, &req, &SigningContext { credentials: &creds, timestamp: ts, nonce: "a" });
        let b = signing::sign(version, &req, &SigningContext { credentials: &creds, timestamp: ts, nonce: "b" });
        assert_ne!(a, b, "{version:?}");
    }
}
