//! Checking who signed an incoming request, as the service's gateway does.
//!
//! A local emulator must refuse what the real service refuses, or a client bug (a wrong canonical query, a
//! clock in the wrong time zone, a nonce reused by a retry) only shows up in production. [`Verifier`] checks
//! both schemes the client signs with (see [`crate::signing`]): it recomputes the signature from what
//! arrived, with the secret of the AccessKey ID the request names, checks the signing time is within the
//! allowed skew, and remembers nonces so a replay is refused. Each refusal is an [`AuthError`] that knows the
//! gateway's error code, HTTP status and message. What a refusal keeps of the request is bounded
//! ([`MAX_QUOTED`] characters of any value) and holds no secret, so neither its message nor its `Debug` grows
//! with the request or shows a token; neither does the verifier's `Debug` show a secret.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError, RwLock};
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::Query;
use crate::signing::{canonical_query, v1, v3, SignatureVersion};

/// What arrived, as far as signatures are concerned.
#[derive(Debug, Clone, Copy)]
pub struct Incoming<'a> {
    /// `GET` or `POST`.
    pub method: &'a str,
    /// The decoded query parameters.
    pub query: &'a Query,
    /// The decoded parameters of a form body (empty otherwise); V1 signs them with the query, V3 through
    /// the body hash.
    pub form: &'a Query,
    /// Every header, any case.
    pub headers: &'a [(String, String)],
    /// The raw body.
    pub body: &'a [u8],
}

impl Incoming<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim())
    }

    fn headers_named(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim()).collect()
    }
}

/// A request whose signature checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The scheme it was signed with.
    pub version: SignatureVersion,
    /// The AccessKey ID that signed it.
    pub access_key_id: String,
    /// The action it names (`x-acs-action` or `Action`).
    pub action: String,
    /// The API version it names (`x-acs-version` or `Version`).
    pub api_version: String,
}

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthError {
    /// Neither an `Authorization` header nor a `Signature` parameter.
    Unsigned,
    /// The `Authorization` header cannot be read, or names another algorithm.
    MalformedAuthorization(String),
    /// A parameter or header the scheme requires is absent (`AccessKeyId`, `SignatureNonce`, ...).
    Missing(&'static str),
    /// `SignatureMethod` / `SignatureVersion` name something the service does not support.
    UnsupportedMethod(String),
    /// No such AccessKey ID.
    UnknownKey(String),
    /// The signature differs from the server's.
    Mismatch {
        /// The scheme the request was signed with.
        version: SignatureVersion,
        /// What the message quotes: for V3 the server's string to sign (the algorithm and a SHA-256, so of
        /// fixed length); for V1, whose string to sign is as long as the query and holds the security token,
        /// its `METHOD&%2F&` start and the hex SHA-256 of the whole.
        quoted: String,
    },
    /// The signing time cannot be read.
    BadTimestamp(String),
    /// The signing time is further from the server's clock than allowed.
    Expired(String),
    /// The nonce was used before by the same key.
    NonceReused(String),
}

impl AuthError {
    /// The gateway's error code.
    pub fn code(&self) -> String {
        match self {
            AuthError::Unsigned | AuthError::MalformedAuthorization(_) => "IncompleteSignature".into(),
            AuthError::Missing(name) => format!("Missing{name}"),
            AuthError::UnsupportedMethod(_) => "InvalidSignatureMethod".into(),
            AuthError::UnknownKey(_) => "InvalidAccessKeyId.NotFound".into(),
            AuthError::Mismatch { .. } => "SignatureDoesNotMatch".into(),
            AuthError::BadTimestamp(_) => "InvalidTimeStamp.Format".into(),
            AuthError::Expired(_) => "InvalidTimeStamp.Expired".into(),
            AuthError::NonceReused(_) => "SignatureNonceUsed".into(),
        }
    }

    /// The HTTP status: 404 for an unknown key, 400 for everything else (the gateway's error table).
    pub fn status(&self) -> u16 {
        match self {
            AuthError::UnknownKey(_) => 404,
            _ => 400,
        }
    }

    /// The gateway's message.
    pub fn message(&self) -> String {
        match self {
            AuthError::Unsigned => {
                "The request signature does not conform to Aliyun standards: it is not signed.".into()
            }
            AuthError::MalformedAuthorization(why) => {
                format!("The request signature does not conform to Aliyun standards: {why}")
            }
            AuthError::Missing(name) => format!("{name} is mandatory for this action."),
            AuthError::UnsupportedMethod(what) => format!("Specified signature method is not supported: {what}"),
            AuthError::UnknownKey(_) => "Specified access key is not found.".into(),
            AuthError::Mismatch { quoted, .. } => {
                format!("Specified signature is not matched with our calculation. server string to sign is:{quoted}")
            }
            AuthError::BadTimestamp(_) => "Specified time stamp or date value is not well formatted.".into(),
            AuthError::Expired(_) => "Specified time stamp or date value is expired.".into(),
            AuthError::NonceReused(_) => "Specified signature nonce was used already.".into(),
        }
    }
}

/// The most characters of a value from the request that an [`AuthError`] keeps (and its message quotes).
pub const MAX_QUOTED: usize = 64;

/// At most [`MAX_QUOTED`] characters of `text`, control characters dropped, `…` when cut.
fn quoted(text: &str) -> String {
    let mut chars = text.chars().filter(|c| !c.is_control());
    let mut out: String = chars.by_ref().take(MAX_QUOTED).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// Checks signatures against a set of keys; remembers nonces for twice the allowed clock skew. Its `Debug`
/// shows the key ids, never the secrets.
pub struct Verifier {
    keys: RwLock<HashMap<String, String>>,
    max_skew: Duration,
    nonces: Mutex<Nonces>,
}

#[derive(Default)]
struct Nonces {
    seen: HashMap<(String, String), i64>,
    order: VecDeque<(i64, (String, String))>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys = self.keys.read().unwrap_or_else(PoisonError::into_inner);
        let mut key_ids: Vec<&str> = keys.keys().map(String::as_str).collect();
        key_ids.sort_unstable();
        let nonces = self.nonces.lock().unwrap_or_else(PoisonError::into_inner).seen.len();
        f.debug_struct("Verifier")
            .field("key_ids", &key_ids)
            .field("max_skew", &self.max_skew)
            .field("nonces_remembered", &nonces)
            .finish()
    }
}

impl Verifier {
    /// A verifier for these `(AccessKey ID, secret)` pairs, allowing 15 minutes of clock skew as the service does.
    pub fn new<I: IntoIterator<Item = (String, String)>>(keys: I) -> Self {
        Verifier {
            keys: RwLock::new(keys.into_iter().collect()),
            max_skew: Duration::from_secs(15 * 60),
            nonces: Mutex::new(Nonces::default()),
        }
    }

    /// The same verifier with another allowed skew.
    pub fn with_max_skew(mut self, skew: Duration) -> Self {
        self.max_skew = skew;
        self
    }

    /// Adds (or replaces) a key.
    pub fn add_key(&self, id: impl Into<String>, secret: impl Into<String>) {
        self.keys.write().unwrap_or_else(PoisonError::into_inner).insert(id.into(), secret.into());
    }

    /// Removes a key: later requests signed with it are refused as unknown.
    pub fn remove_key(&self, id: &str) {
        self.keys.write().unwrap_or_else(PoisonError::into_inner).remove(id);
    }

    fn secret(&self, id: &str) -> Option<String> {
        self.keys.read().unwrap_or_else(PoisonError::into_inner).get(id).cloned()
    }

    /// Checks `request` at server time `now`.
    pub fn verify(&self, request: &Incoming<'_>, now: OffsetDateTime) -> Result<Verified, AuthError> {
        if let Some(authorization) = request.header("authorization") {
            self.verify_v3(request, authorization, now)
        } else if request.query.get("Signature").is_some() || request.form.get("Signature").is_some() {
            let mut all = request.query.clone();
            all.extend_pairs(request.form.pairs());
            self.verify_v1(request.method, &all, now)
        } else {
            Err(AuthError::Unsigned)
        }
    }

    fn verify_v3(
        &self,
        request: &Incoming<'_>,
        authorization: &str,
        now: OffsetDateTime,
    ) -> Result<Verified, AuthError> {
        let auth = parse_authorization(authorization)?;
        let secret = self.secret(&auth.credential).ok_or_else(|| AuthError::UnknownKey(quoted(&auth.credential)))?;
        let date = request.header("x-acs-date").ok_or(AuthError::Missing("x-acs-date"))?;
        let nonce = request.header("x-acs-signature-nonce").ok_or(AuthError::Missing("x-acs-signature-nonce"))?;
        let action = request.header("x-acs-action").ok_or(AuthError::Missing("x-acs-action"))?;
        let version = request.header("x-acs-version").ok_or(AuthError::Missing("x-acs-version"))?;
        self.check_time(date, now)?;

        let mut headers: Vec<(String, String)> = Vec::new();
        for name in auth.signed_headers.split(';').filter(|n| !n.is_empty()) {
            let values = request.headers_named(name);
            if values.is_empty() {
                return Err(AuthError::MalformedAuthorization(format!(
                    "the signed header {} was not sent",
                    quoted(name)
                )));
            }
            headers.extend(values.into_iter().map(|v| (name.to_owned(), v.to_owned())));
        }
        let (lines, names) = signed_header_lines(&headers);
        let payload = hex::encode(Sha256::digest(request.body));
        let query = canonical_query(request.query.pairs());
        let canonical = format!("{}\n{}\n{query}\n{lines}\n{names}\n{payload}", request.method, v3::CANONICAL_URI);
        let to_sign = v3::string_to_sign(&canonical);
        if !constant_time_eq(&v3::signature(&secret, &to_sign), &auth.signature.to_ascii_lowercase()) {
            return Err(AuthError::Mismatch { version: SignatureVersion::V3, quoted: to_sign });
        }
        self.remember_nonce(&auth.credential, nonce, now)?;
        Ok(Verified {
            version: SignatureVersion::V3,
            access_key_id: auth.credential,
            action: action.to_owned(),
            api_version: version.to_owned(),
        })
    }

    fn verify_v1(&self, method: &str, q: &Query, now: OffsetDateTime) -> Result<Verified, AuthError> {
        let key_id = q.get("AccessKeyId").ok_or(AuthError::Missing("AccessKeyId"))?;
        let signature_method = q.get("SignatureMethod").ok_or(AuthError::Missing("SignatureMethod"))?;
        if signature_method != "HMAC-SHA1" {
            return Err(AuthError::UnsupportedMethod(quoted(signature_method)));
        }
        if let Some(version) = q.get("SignatureVersion").filter(|v| *v != "1.0") {
            return Err(AuthError::UnsupportedMethod(format!("SignatureVersion {}", quoted(version))));
        }
        let secret = self.secret(key_id).ok_or_else(|| AuthError::UnknownKey(quoted(key_id)))?;
        let timestamp = q.get("Timestamp").ok_or(AuthError::Missing("Timestamp"))?;
        let nonce = q.get("SignatureNonce").ok_or(AuthError::Missing("SignatureNonce"))?;
        let action = q.get("Action").ok_or(AuthError::Missing("Action"))?;
        let version = q.get("Version").ok_or(AuthError::Missing("Version"))?;
        self.check_time(timestamp, now)?;

        let signed: Vec<&(String, String)> = q.pairs().iter().filter(|(n, _)| n != "Signature").collect();
        let pairs: Vec<(&str, &str)> = signed.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let to_sign = v1::string_to_sign(method, &canonical_query(&pairs));
        let expected = v1::signature(&secret, &to_sign);
        let sent = q.get("Signature").unwrap_or_default();
        let same = match (STANDARD.decode(&expected), STANDARD.decode(sent)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if !same {
            // `METHOD&%2F&` shows the scheme and method; the rest (the query) only as a digest.
            let method_part = to_sign.match_indices('&').nth(1).map_or("", |(at, _)| &to_sign[..=at]);
            let digest = hex::encode(Sha256::digest(to_sign.as_bytes()));
            let quoted = format!("{}… (SHA-256 of the whole: {digest})", quoted(method_part));
            return Err(AuthError::Mismatch { version: SignatureVersion::V1, quoted });
        }
        self.remember_nonce(key_id, nonce, now)?;
        Ok(Verified {
            version: SignatureVersion::V1,
            access_key_id: key_id.to_owned(),
            action: action.to_owned(),
            api_version: version.to_owned(),
        })
    }

    fn check_time(&self, text: &str, now: OffsetDateTime) -> Result<(), AuthError> {
        let at = OffsetDateTime::parse(text, &Rfc3339).map_err(|_| AuthError::BadTimestamp(quoted(text)))?;
        let skew = (now - at).unsigned_abs();
        if skew > self.max_skew {
            return Err(AuthError::Expired(quoted(text)));
        }
        Ok(())
    }

    fn remember_nonce(&self, key: &str, nonce: &str, now: OffsetDateTime) -> Result<(), AuthError> {
        let now_s = now.unix_timestamp();
        let keep = i64::try_from(self.max_skew.as_secs().saturating_mul(2)).unwrap_or(i64::MAX);
        let mut nonces = self.nonces.lock().unwrap_or_else(PoisonError::into_inner);
        while nonces.order.front().is_some_and(|(at, _)| now_s.saturating_sub(*at) > keep) {
            if let Some((_, entry)) = nonces.order.pop_front() {
                nonces.seen.remove(&entry);
            }
        }
        let entry = (key.to_owned(), nonce.to_owned());
        if nonces.seen.contains_key(&entry) {
            return Err(AuthError::NonceReused(quoted(nonce)));
        }
        nonces.seen.insert(entry.clone(), now_s);
        nonces.order.push_back((now_s, entry));
        Ok(())
    }
}

struct Authorization {
    credential: String,
    signed_headers: String,
    signature: String,
}

fn parse_authorization(text: &str) -> Result<Authorization, AuthError> {
    let malformed = |why: &str| AuthError::MalformedAuthorization(why.to_owned());
    let (algorithm, rest) = text.split_once(' ').ok_or_else(|| malformed("no algorithm"))?;
    if algorithm != v3::ALGORITHM {
        return Err(AuthError::UnsupportedMethod(quoted(algorithm)));
    }
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        match part.trim().split_once('=') {
            Some(("Credential", v)) => credential = Some(v.to_owned()),
            Some(("SignedHeaders", v)) => signed_headers = Some(v.to_owned()),
            Some(("Signature", v)) => signature = Some(v.to_owned()),
            _ => {}
        }
    }
    Ok(Authorization {
        credential: credential.ok_or_else(|| malformed("no Credential"))?,
        signed_headers: signed_headers.ok_or_else(|| malformed("no SignedHeaders"))?,
        signature: signature.ok_or_else(|| malformed("no Signature"))?,
    })
}

/// Canonical header lines for exactly the headers the client says it signed (names lower case, sorted;
/// repeated values sorted and joined with `,`).
fn signed_header_lines(headers: &[(String, String)]) -> (String, String) {
    let mut grouped: std::collections::BTreeMap<String, Vec<&str>> = std::collections::BTreeMap::new();
    for (name, value) in headers {
        grouped.entry(name.to_ascii_lowercase()).or_default().push(value.trim());
    }
    let mut lines = String::new();
    let mut names = Vec::new();
    for (name, mut values) in grouped {
        values.sort_unstable();
        lines.push_str(&format!("{name}:{}\n", values.join(",")));
        names.push(name);
    }
    (lines, names.join(";"))
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;
    use crate::signing::{sign, SigningContext, SigningRequest};
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2024-05-01 12:00 UTC);

    fn signed(
        version: SignatureVersion,
        secret: &str,
        at: OffsetDateTime,
        nonce: &str,
    ) -> (Query, Vec<(String, String)>) {
        let creds = Credentials::new("AK", secret);
        let params = [("DBInstanceId", "rm-1".to_owned()), ("Note", "a b+c/é".to_owned())];
        let req = SigningRequest {
            method: "POST",
            host: "127.0.0.1:1",
            action: "DescribeBackups",
            version: "2014-08-15",
            params: &params,
            form: &[],
            headers: &[],
        };
        let out = sign(version, &req, &SigningContext { credentials: &creds, timestamp: at, nonce });
        (Query::parse(&out.query), out.headers)
    }

    fn check(v: &Verifier, q: &Query, h: &[(String, String)]) -> Result<Verified, AuthError> {
        v.verify(&Incoming { method: "POST", query: q, form: &Query::default(), headers: h, body: b"" }, NOW)
    }

    #[test]
    fn both_schemes_verify_and_nonces_are_single_use() {
        let v = Verifier::new([("AK".to_owned(), "s".to_owned())]);
        for version in [SignatureVersion::V3, SignatureVersion::V1] {
            let (q, h) = signed(version, "s", NOW, &format!("n-{version:?}"));
            let ok = check(&v, &q, &h).unwrap();
            assert_eq!(
                (ok.version, ok.action.as_str(), ok.api_version.as_str()),
                (version, "DescribeBackups", "2014-08-15")
            );
            assert_eq!(check(&v, &q, &h).unwrap_err().code(), "SignatureNonceUsed");
        }
    }

    #[test]
    fn refusals_carry_the_gateway_codes() {
        let v = Verifier::new([("AK".to_owned(), "s".to_owned())]);
        for version in [SignatureVersion::V3, SignatureVersion::V1] {
            let (q, h) = signed(version, "wrong", NOW, "a");
            assert_eq!(check(&v, &q, &h).unwrap_err().code(), "SignatureDoesNotMatch");
            let (q, h) = signed(version, "s", NOW - Duration::from_secs(16 * 60), "b");
            assert_eq!(check(&v, &q, &h).unwrap_err().code(), "InvalidTimeStamp.Expired");
        }
        v.remove_key("AK");
        let (q, h) = signed(SignatureVersion::V3, "s", NOW, "c");
        let err = check(&v, &q, &h).unwrap_err();
        assert_eq!((err.code().as_str(), err.status()), ("InvalidAccessKeyId.NotFound", 404));
        assert_eq!(check(&v, &Query::default(), &[]).unwrap_err(), AuthError::Unsigned);
    }

    #[test]
    fn refusals_stay_short_and_hold_no_secret_whatever_the_request() {
        let v = Verifier::new([("AK".to_owned(), "key-secret-1".to_owned())]);
        let long = "x".repeat(100_000);
        let token = "TOKEN-in-the-query";
        let creds = Credentials::new("AK", "wrong").with_security_token(token);
        let params = [("Note", long.clone())];
        let mut refusals = Vec::new();
        for version in [SignatureVersion::V3, SignatureVersion::V1] {
            let req = SigningRequest {
                method: "POST",
                host: "127.0.0.1:1",
                action: "DescribeBackups",
                version: "2014-08-15",
                params: &params,
                form: &[],
                headers: &[],
            };
            let nonce = format!("n-{version:?}");
            let out = sign(version, &req, &SigningContext { credentials: &creds, timestamp: NOW, nonce: &nonce });
            refusals.push(check(&v, &Query::parse(&out.query), &out.headers).unwrap_err());
        }
        let pairs = |pairs: &[(&str, &str)]| {
            Query::new(pairs.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect())
        };
        let v1 = |extra: (&str, &str)| {
            let mut all = vec![
                ("AccessKeyId", "AK"),
                ("SignatureMethod", "HMAC-SHA1"),
                ("Timestamp", "2024-05-01T12:00:00Z"),
                ("SignatureNonce", "n"),
                ("Action", "A"),
                ("Version", "v"),
                ("Signature", "s"),
            ];
            all.retain(|(name, _)| *name != extra.0);
            all.push(extra);
            pairs(&all)
        };
        for query in [
            v1(("AccessKeyId", &long)),
            v1(("SignatureMethod", &long)),
            v1(("SignatureVersion", &long)),
            v1(("Timestamp", &long)),
        ] {
            refusals.push(check(&v, &query, &[]).unwrap_err());
        }
        let headers = |auth: String| vec![("authorization".to_owned(), auth)];
        refusals.push(check(&v, &Query::default(), &headers(format!("{long} x"))).unwrap_err());
        let signed_headers = format!("ACS3-HMAC-SHA256 Credential=AK,SignedHeaders={long},Signature=s");
        let mut h = headers(signed_headers);
        h.extend([
            ("x-acs-date".to_owned(), "2024-05-01T12:00:00Z".to_owned()),
            ("x-acs-signature-nonce".to_owned(), "n".to_owned()),
            ("x-acs-action".to_owned(), "A".to_owned()),
            ("x-acs-version".to_owned(), "v".to_owned()),
        ]);
        refusals.push(check(&v, &Query::default(), &h).unwrap_err());
        let v1 = refusals.iter().find(|e| matches!(e, AuthError::Mismatch { version: SignatureVersion::V1, .. }));
        let message = v1.map(AuthError::message).unwrap_or_default();
        assert!(message.contains("string to sign is:POST&%2F&… (SHA-256 of the whole: "), "{message}");
        for err in &refusals {
            let text = format!("{} {err:?} {}", err.message(), err.code());
            assert!(text.len() < 400, "{} bytes: {text}", text.len());
            assert!(!text.contains(token) && !text.contains("key-secret-1"), "{text}");
        }
        let debug = format!("{v:?}");
        assert!(debug.contains("AK") && !debug.contains("key-secret-1"), "{debug}");
    }

    #[test]
    fn tampered_parameters_do_not_verify() {
        let v = Verifier::new([("AK".to_owned(), "s".to_owned())]);
        let (q, h) = signed(SignatureVersion::V3, "s", NOW, "t");
        let mut pairs = q.pairs().to_vec();
        pairs[0].1 = "rm-2".into();
        assert_eq!(check(&v, &Query::new(pairs), &h).unwrap_err().code(), "SignatureDoesNotMatch");
    }
}
