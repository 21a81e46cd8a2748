//! What the service (or a proxy in front of it) said when it answered with an error status.
//!
//! The service sends JSON with `Code`, `Message`, `RequestId`, `HostId` and `Recommend`; proxies and
//! gateways send HTML pages or nothing. Both become a [`ServiceError`] that keeps the HTTP status, so a
//! 502 from a load balancer is still a 502, and [`ErrorBody`] says which of the two arrived.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

use super::{snippet, ErrorCode};
use crate::retry::RetryClass;

/// An error answer.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServiceError<E> {
    /// The HTTP status.
    pub status: u16,
    /// The code as the operation's enum; `E::from_code("")` when the body had no code (see `body`).
    pub code: E,
    /// The code exactly as sent; empty when the body had none.
    pub raw_code: String,
    /// The service's message; empty when the body had none.
    pub message: String,
    /// The request id, from the body or the `x-acs-request-id` header.
    pub request_id: Option<String>,
    /// The host that answered, as the service reports it.
    pub host_id: Option<String>,
    /// The service's diagnosis link (`Recommend`).
    pub recommend: Option<String>,
    /// The delay the service asked for in a positive `x-acs-retry-after` header (sent in milliseconds).
    pub retry_after: Option<Duration>,
    /// What kind of body arrived.
    pub body: ErrorBody,
}

/// The kind of body an error answer had.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// The service's JSON error document.
    Json,
    /// An HTML page: the answer came from a proxy or gateway, not from the API.
    Html {
        /// The first 200 characters.
        snippet: String,
    },
    /// No body at all.
    Empty,
    /// Something else that is not the service's JSON (plain text, truncated JSON, JSON without a code).
    Other {
        /// The first 200 characters.
        snippet: String,
    },
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct WireError {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    host_id: Option<String>,
    recommend: Option<String>,
}

impl<E: ErrorCode> ServiceError<E> {
    /// Builds the error from an answer's status, body and headers.
    pub(crate) fn from_response(
        status: u16,
        body: &[u8],
        header_request_id: Option<String>,
        retry_after: Option<Duration>,
    ) -> Self {
        let (wire, kind) = classify_body(body);
        let raw_code = wire.code.unwrap_or_default();
        ServiceError {
            status,
            code: E::from_code(&raw_code),
            raw_code,
            message: wire.message.unwrap_or_default(),
            request_id: wire.request_id.filter(|s| !s.is_empty()).or(header_request_id),
            host_id: wire.host_id.filter(|s| !s.is_empty()),
            recommend: wire.recommend.filter(|s| !s.is_empty()),
            retry_after,
            body: kind,
        }
    }

    /// The service throttled the call (`Throttling*` code, HTTP 429 or `x-acs-retry-after`).
    pub fn is_throttling(&self) -> bool {
        self.raw_code.starts_with("Throttling") || self.status == 429 || self.retry_after.is_some()
    }

    /// The answer did not come from the API itself (HTML, empty or unrecognised body).
    pub fn is_from_proxy(&self) -> bool {
        self.body != ErrorBody::Json
    }

    pub(crate) fn retry_class(&self) -> RetryClass {
        if self.is_throttling() || self.raw_code.starts_with("ServiceUnavailable") {
            RetryClass::Refused
        } else if matches!(self.status, 500 | 502 | 503 | 504) {
            RetryClass::MaybeProcessed
        } else {
            RetryClass::Never
        }
    }

    fn advice(&self) -> &'static str {
        let code = self.raw_code.as_str();
        if self.is_throttling() {
            return "The call was throttled: slow down (fewer calls per second, fewer in parallel) and retry later";
        }
        if code.starts_with("ServiceUnavailable") {
            return "The service is temporarily unavailable: retry later";
        }
        if code.contains("Signature") || code == "InvalidAccessKeySecret" {
            return "Check the AccessKey secret and that this machine's clock is correct (the signature covers the time)";
        }
        if code.starts_with("InvalidAccessKeyId") {
            return "Check the AccessKey ID: it does not exist or is disabled";
        }
        if code.contains("Token") {
            return "The STS token is invalid or expired: obtain fresh credentials";
        }
        if code.starts_with("Forbidden") || code.contains("NoPermission") || self.status == 403 {
            return "The credentials are not allowed to do this: check the RAM policy, the AccessKey secret \
                    and this machine's clock";
        }
        if self.status == 404 {
            return "Something named in the request does not exist: check the ids, the region and the endpoint";
        }
        if self.status >= 500 {
            return "The service failed: retry later; if it persists, quote the request id to support";
        }
        "The service rejected the request: check the parameters against the API reference"
    }
}

fn classify_body(body: &[u8]) -> (WireError, ErrorBody) {
    let trimmed = body.trim_ascii();
    if trimmed.is_empty() {
        return (WireError::default(), ErrorBody::Empty);
    }
    if let Ok(wire) = serde_json::from_slice::<WireError>(trimmed) {
        if wire.code.is_some() || wire.message.is_some() {
            return (wire, ErrorBody::Json);
        }
        return (wire, ErrorBody::Other { snippet: snippet(body, 200) });
    }
    let head = String::from_utf8_lossy(&trimmed[..trimmed.len().min(512)]).to_ascii_lowercase();
    if head.starts_with('<') && (head.contains("<html") || head.contains("<!doctype") || head.contains("<body")) {
        return (WireError::default(), ErrorBody::Html { snippet: snippet(body, 200) });
    }
    (WireError::default(), ErrorBody::Other { snippet: snippet(body, 200) })
}

impl<E: ErrorCode> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self.status;
        match &self.body {
            ErrorBody::Json => {
                let code = if self.raw_code.is_empty() { "(no code)" } else { &self.raw_code };
                write!(f, "the service answered HTTP {status} {code}")?;
                if !self.message.is_empty() {
                    write!(f, ": {}", self.message)?;
                }
            }
            ErrorBody::Html { snippet } => write!(
                f,
                "HTTP {status} with an HTML page: the response came from a proxy or gateway (HTML), not from \
                 the API; check the endpoint and any proxy in between. The page starts with: {snippet}"
            )?,
            ErrorBody::Empty => write!(
                f,
                "HTTP {status} with an empty body: the response came from a proxy or gateway, not from the API; \
                 check the endpoint and any proxy in between"
            )?,
            ErrorBody::Other { snippet } => write!(
                f,
                "HTTP {status} with a body that is not the service's JSON error (it may come from a proxy or \
                 gateway): {snippet}"
            )?,
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        write!(f, ". {}", self.advice())?;
        if let Some(after) = self.retry_after {
            write!(f, "; the service asked to wait {after:?}")?;
        }
        if let Some(link) = &self.recommend {
            write!(f, ". Diagnosis: {link}")?;
        }
        Ok(())
    }
}

impl<E: ErrorCode> std::error::Error for ServiceError<E> {}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::error::TestCode as Code;

    fn parse(status: u16, body: &str) -> ServiceError<Code> {
        ServiceError::from_response(status, body.as_bytes(), Some("hdr-id".into()), None)
    }

    #[test]
    fn json_errors_keep_every_field() {
        let e = parse(
            400,
            r#"{"Code":"InvalidParam","Message":"bad","RequestId":"R1","HostId":"rds.aliyuncs.com","Recommend":"https://x"}"#,
        );
        assert_eq!((e.code.0.as_str(), e.message.as_str()), ("InvalidParam", "bad"));
        assert_eq!(e.request_id.as_deref(), Some("R1"));
        assert_eq!(e.host_id.as_deref(), Some("rds.aliyuncs.com"));
        assert_eq!(e.recommend.as_deref(), Some("https://x"));
        assert_eq!(e.body, ErrorBody::Json);
        assert!(e.to_string().contains("Diagnosis: https://x"), "{e}");
    }

    #[test]
    fn html_and_empty_bodies_keep_the_status() {
        let e = parse(502, "<!DOCTYPE html><html><body>Bad Gateway</body></html>");
        assert!(matches!(e.body, ErrorBody::Html { .. }));
        assert_eq!((e.status, e.raw_code.as_str(), e.request_id.as_deref()), (502, "", Some("hdr-id")));
        assert!(e.to_string().contains("proxy or gateway (HTML)"), "{e}");
        let e = parse(504, "  ");
        assert_eq!((e.status, &e.body), (504, &ErrorBody::Empty));
        let e = parse(500, r#"{"Code":"#);
        assert!(matches!(e.body, ErrorBody::Other { .. }));
    }

    #[test]
    fn signature_errors_point_at_secret_and_clock() {
        let e = parse(400, r#"{"Code":"SignatureDoesNotMatch","Message":"no"}"#);
        assert!(e.to_string().contains("AccessKey secret") && e.to_string().contains("clock"), "{e}");
    }
}
