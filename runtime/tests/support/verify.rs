//! An independent check of request signatures, written from Alibaba Cloud's published algorithms and not
//! from `alibabacloud_backup_runtime::signing`, so that a bug in the signer cannot hide behind the same bug in the check.
//!
//! V3 (`ACS3-HMAC-SHA256`): hex HMAC-SHA256 over `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical
//! request (method, `/`, sorted RFC 3986 query, signed headers, their names, body hash).
//! V1 (`HMAC-SHA1`): base64 HMAC-SHA1 with key `secret&` over `METHOD&%2F&` + the encoded sorted query.

use axum::http::HeaderMap;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use percent_encoding::percent_decode_str;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Which signature a request carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    V3,
    V1,
}

/// Checks the request's signature; on success says which kind it was and returns its nonce.
pub fn check(
    method: &str,
    path: &str,
    raw_query: &str,
    headers: &HeaderMap,
    body: &[u8],
    key_id: &str,
    secret: &str,
) -> Result<(Kind, String), String> {
    if path != "/" {
        return Err(format!("RPC calls go to `/`, not `{path}`"));
    }
    let query = decode_query(raw_query)?;
    if headers.contains_key("authorization") {
        check_v3(method, &query, headers, body, key_id, secret).map(|nonce| (Kind::V3, nonce))
    } else {
        // V1 signs a form body's parameters together with the query's (the V3 body hash covers them there).
        let mut signed = query;
        let form =
            headers.get("content-type").is_some_and(|v| v.as_bytes().starts_with(b"application/x-www-form-urlencoded"));
        if form {
            let text = std::str::from_utf8(body).map_err(|e| format!("the form body is not UTF-8: {e}"))?;
            signed.extend(decode_query(text)?);
        }
        check_v1(method, &signed, key_id, secret).map(|nonce| (Kind::V1, nonce))
    }
}

/// Splits and percent-decodes a raw query (`+` read as a space, as servers do).
pub fn decode_query(raw: &str) -> Result<Vec<(String, String)>, String> {
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let dec = |s: &str| {
                percent_decode_str(&s.replace('+', " "))
                    .decode_utf8()
                    .map(|c| c.into_owned())
                    .map_err(|e| format!("query part `{s}` is not UTF-8: {e}"))
            };
            Ok((dec(k)?, dec(v)?))
        })
        .collect()
}

/// RFC 3986 encoding: only `A-Z a-z 0-9 - _ . ~` stay as they are.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn canonical_query(query: &[(String, String)], skip: Option<&str>) -> String {
    let mut pairs: Vec<(String, String)> =
        query.iter().filter(|(k, _)| Some(k.as_str()) != skip).map(|(k, v)| (encode(k), encode(v))).collect();
    pairs.sort();
    pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Result<&'a str, String> {
    headers
        .get(name)
        .ok_or_else(|| format!("header `{name}` is missing"))?
        .to_str()
        .map_err(|_| format!("header `{name}` is not text"))
}

fn check_time(stamp: &str) -> Result<(), String> {
    let at = OffsetDateTime::parse(stamp, &Rfc3339).map_err(|e| format!("date `{stamp}`: {e}"))?;
    if stamp.len() != 20 || !stamp.ends_with('Z') {
        return Err(format!("date `{stamp}` is not yyyy-MM-ddTHH:mm:ssZ"));
    }
    let skew = (OffsetDateTime::now_utc() - at).whole_seconds().abs();
    if skew > 900 {
        return Err(format!("date `{stamp}` is {skew} s away from now"));
    }
    Ok(())
}

fn check_v3(
    method: &str,
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
    key_id: &str,
    secret: &str,
) -> Result<String, String> {
    let auth = header(headers, "authorization")?;
    let rest = auth
        .strip_prefix("ACS3-HMAC-SHA256 ")
        .ok_or_else(|| format!("authorization `{auth}` is not ACS3-HMAC-SHA256"))?;
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',') {
        match part.trim().split_once('=') {
            Some(("Credential", v)) => credential = Some(v),
            Some(("SignedHeaders", v)) => signed_headers = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            _ => return Err(format!("authorization part `{part}` is unknown")),
        }
    }
    let (credential, signed_headers, signature) = match (credential, signed_headers, signature) {
        (Some(c), Some(h), Some(s)) => (c, h, s),
        _ => return Err(format!("authorization `{auth}` lacks Credential, SignedHeaders or Signature")),
    };
    if credential != key_id {
        return Err(format!("credential `{credential}` is not the test key"));
    }
    let names: Vec<&str> = signed_headers.split(';').collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    if names != sorted {
        return Err(format!("signed headers `{signed_headers}` are not sorted"));
    }
    for required in
        ["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"]
    {
        if !names.contains(&required) {
            return Err(format!("`{required}` is not signed"));
        }
    }
    // Every x-acs-* header present must be signed, the retry counter included.
    for name in headers.keys().map(|n| n.as_str()) {
        if name.starts_with("x-acs-") && !names.contains(&name) {
            return Err(format!("header `{name}` is present but not signed"));
        }
    }
    let body_hash = hex::encode(Sha256::digest(body));
    if header(headers, "x-acs-content-sha256")? != body_hash {
        return Err("x-acs-content-sha256 is not the body's hash".to_owned());
    }
    check_time(header(headers, "x-acs-date")?)?;
    let mut signed = Vec::new();
    for name in &names {
        signed.push((*name, header(headers, name)?.trim()));
    }
    let (expected, canonical) = v3_signature(method, query, &signed, &body_hash, secret);
    if signature != expected {
        return Err(format!("V3 signature mismatch; canonical request was:\n{canonical}"));
    }
    Ok(header(headers, "x-acs-signature-nonce")?.to_owned())
}

fn check_v1(method: &str, query: &[(String, String)], key_id: &str, secret: &str) -> Result<String, String> {
    let get = |name: &str| {
        query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).ok_or_else(|| format!("`{name}` is missing"))
    };
    let signature = get("Signature")?;
    if get("AccessKeyId")? != key_id {
        return Err("AccessKeyId is not the test key".to_owned());
    }
    if get("SignatureMethod")? != "HMAC-SHA1" || get("SignatureVersion")? != "1.0" {
        return Err("SignatureMethod/SignatureVersion are not HMAC-SHA1/1.0".to_owned());
    }
    get("Action")?;
    get("Version")?;
    check_time(get("Timestamp")?)?;
    let (expected, to_sign) = v1_signature(method, query, secret);
    if signature != expected {
        return Err(format!("V1 signature mismatch; string to sign was:\n{to_sign}"));
    }
    Ok(get("SignatureNonce")?.to_owned())
}

/// The V3 signature (hex) and the canonical request it covers. `signed` holds the signed headers in
/// order, with their values.
pub fn v3_signature(
    method: &str,
    query: &[(String, String)],
    signed: &[(&str, &str)],
    body_hash: &str,
    secret: &str,
) -> (String, String) {
    let canonical_headers: String = signed.iter().map(|(n, v)| format!("{n}:{v}\n")).collect();
    let names: Vec<&str> = signed.iter().map(|(n, _)| *n).collect();
    let canonical =
        format!("{method}\n/\n{}\n{canonical_headers}\n{}\n{body_hash}", canonical_query(query, None), names.join(";"));
    let to_sign = format!("ACS3-HMAC-SHA256\n{}", hex::encode(Sha256::digest(canonical.as_bytes())));
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(to_sign.as_bytes());
    (hex::encode(mac.finalize().into_bytes()), canonical)
}

/// The V1 signature (base64) of a query (its `Signature` left out) and the string it covers.
pub fn v1_signature(method: &str, query: &[(String, String)], secret: &str) -> (String, String) {
    let to_sign = format!("{method}&{}&{}", encode("/"), encode(&canonical_query(query, Some("Signature"))));
    let mut mac = Hmac::<Sha1>::new_from_slice(format!("{secret}&").as_bytes()).expect("HMAC takes any key");
    mac.update(to_sign.as_bytes());
    (base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()), to_sign)
}
