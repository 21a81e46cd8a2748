//! What the providers that ask a server share (ECS metadata service, credentials URI, STS for the OIDC role):
//! an HTTP client with short timeouts, error wording, and reading the temporary-credentials JSON they answer
//! with.

use std::time::Duration;

use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::error::describe_json_error;
use super::{Credentials, CredentialsError};
use crate::redact;

/// A client for a credentials source, with short timeouts. `direct`: never through a proxy (the metadata
/// address and local credential servers must be reached directly); otherwise the usual proxy variables
/// apply (STS is on the internet).
pub(crate) fn client(
    provider: &'static str,
    connect: Duration,
    read: Duration,
    direct: bool,
) -> Result<reqwest::Client, CredentialsError> {
    let builder = reqwest::Client::builder().connect_timeout(connect).timeout(read);
    let builder = if direct { builder.no_proxy() } else { builder };
    builder.build().map_err(|e| {
        CredentialsError::unavailable(provider, "could not set up the HTTP client")
            .with_source(redact::reqwest_error(e))
    })
}

/// An error for a request to `url` that got no usable answer. The URL is shown, here and in the source, with
/// its secrets redacted.
pub(crate) fn request_failed(provider: &'static str, url: &str, err: reqwest::Error) -> CredentialsError {
    let what = if err.is_timeout() {
        "did not answer in time"
    } else if err.is_connect() {
        "could not be reached"
    } else {
        "failed"
    };
    CredentialsError::unavailable(provider, format!("the request to {} {what}", redact::url(url)))
        .with_source(redact::reqwest_error(err))
}

/// Temporary keys as the metadata service, credentials servers and STS write them (STS nests them under
/// `Credentials` and has no `Code`).
#[derive(Deserialize)]
pub(crate) struct TemporaryCredentials {
    #[serde(rename = "Code")]
    code: Option<String>,
    #[serde(rename = "AccessKeyId")]
    access_key_id: Option<String>,
    #[serde(rename = "AccessKeySecret")]
    access_key_secret: Option<String>,
    #[serde(rename = "SecurityToken")]
    security_token: Option<String>,
    #[serde(rename = "Expiration")]
    expiration: Option<String>,
}

/// Reads `{"Code":"Success","AccessKeyId":..,"AccessKeySecret":..,"SecurityToken":..,"Expiration":..}`.
/// `source` names where it came from, for messages. Nothing from the body but `Code` is ever quoted.
pub(crate) fn parse_temporary(
    provider: &'static str,
    source: &str,
    body: &[u8],
) -> Result<Credentials, CredentialsError> {
    let doc: TemporaryCredentials = serde_json::from_slice(body).map_err(|e| {
        CredentialsError::invalid(provider, format!("the answer from {source} {}", describe_json_error(&e)))
    })?;
    match doc.code.as_deref() {
        Some("Success") => {}
        Some(code) => {
            return Err(CredentialsError::unavailable(
                provider,
                format!("{source} answered with Code \"{}\" instead of \"Success\"", printable(code, 64)),
            ));
        }
        None => return Err(CredentialsError::invalid(provider, format!("the answer from {source} has no Code field"))),
    }
    temporary_credentials(provider, source, doc)
}

/// The keys of a temporary-credentials object, all four fields required, the expiration in RFC 3339.
pub(crate) fn temporary_credentials(
    provider: &'static str,
    source: &str,
    doc: TemporaryCredentials,
) -> Result<Credentials, CredentialsError> {
    let field = |value: Option<String>, name: &str| {
        value
            .filter(|v| !v.trim().is_empty())
            .ok_or_else(|| CredentialsError::invalid(provider, format!("the answer from {source} has no {name}")))
    };
    let id = field(doc.access_key_id, "AccessKeyId")?;
    let secret = field(doc.access_key_secret, "AccessKeySecret")?;
    let token = field(doc.security_token, "SecurityToken")?;
    let expiration = field(doc.expiration, "Expiration")?;
    let expiration = OffsetDateTime::parse(expiration.trim(), &Rfc3339).map_err(|_| {
        CredentialsError::invalid(provider, format!("the Expiration from {source} is not an RFC 3339 time"))
    })?;
    Ok(Credentials::new(id, secret).with_security_token(token).with_expiration(expiration))
}

/// Text from a server that a message may quote: control characters dropped, at most `max` characters.
pub(crate) fn printable(text: &str, max: usize) -> String {
    text.chars().filter(|c| !c.is_control()).take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::CredentialsErrorKind;
    use time::macros::datetime;

    #[test]
    fn parses_success() {
        let body = br#"{"Code":"Success","AccessKeyId":"STS.id","AccessKeySecret":"sec","SecurityToken":"tok",
            "Expiration":"2030-01-02T03:04:05Z","LastUpdated":"2030-01-01T00:00:00Z"}"#;
        let creds = parse_temporary("t", "here", body).ok();
        let expected = Credentials::new("STS.id", "sec")
            .with_security_token("tok")
            .with_expiration(datetime!(2030-01-02 3:04:05 UTC));
        assert_eq!(creds, Some(expected));
    }

    #[test]
    fn failures_never_quote_secrets() {
        let cases: [&[u8]; 5] = [
            br#"{"Code":"Failed","AccessKeySecret":"hunter2"}"#,
            br#"{"AccessKeySecret":"hunter2"}"#,
            br#"{"Code":"Success","AccessKeySecret":"hunter2","AccessKeyId":"a","SecurityToken":"t"}"#,
            br#"{"Code":"Success","AccessKeySecret":"hunter2","AccessKeyId":"a","SecurityToken":"t","Expiration":"hunter2"}"#,
            br#"{"Code":"Success","AccessKeySecret":5, "x": "hunter2"}"#,
        ];
        for body in cases {
            let err = parse_temporary("t", "here", body).err();
            let text = err.as_ref().map(|e| format!("{e} {e:?}")).unwrap_or_default();
            assert!(!text.is_empty());
            assert!(!text.contains("hunter2"), "{text}");
        }
    }

    #[test]
    fn a_failed_code_is_unavailable() {
        let err = parse_temporary("t", "here", br#"{"Code":"Throttled"}"#).err();
        assert_eq!(err.as_ref().map(|e| e.kind()), Some(CredentialsErrorKind::Unavailable));
        assert!(err.map(|e| e.to_string()).unwrap_or_default().contains("Throttled"));
    }
}
