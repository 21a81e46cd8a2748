//! What the service (or a proxy in front of it) said when it answered with an error status.
//!
//! Every error body that arrives is read, because the code in it decides what the caller does (retry after
//! throttling, fix the RAM policy after a refusal): the service's JSON (`Code`, `Message`, `RequestId`,
//! `HostId`, `Recommend`, and for a RAM refusal `AccessDeniedDetail`), the same keys in lower camel case
//! (`code`, `message`, `requestId`) as some gateways write them, and the gateway's XML
//! (`<Error><Code>..</Code>..</Error>`), as the official client reads them. Proxies send HTML pages or
//! nothing. All become a [`ServiceError`] that keeps the HTTP status, so a 502 from a load balancer is still a
//! 502, and [`ErrorBody`] says what kind of body arrived.

use std::fmt;
use std::time::Duration;

use serde_json::{Map, Value};

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
    /// RAM's diagnosis of a refusal (`AccessDeniedDetail`): which action was denied and by what policy.
    pub access_denied_detail: Option<AccessDeniedDetail>,
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
    /// The gateway's XML error document (`<Error><Code>..</Code>..</Error>`).
    Xml,
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

/// RAM's diagnosis of a refused call, as the service sends it in `AccessDeniedDetail` (an object, or a string
/// holding one). Every field is what the service sent, `None` when it sent nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AccessDeniedDetail {
    /// The action that was denied (`AuthAction`, e.g. `rds:CreateBackup`).
    pub auth_action: Option<String>,
    /// The kind of policy that decided (`PolicyType`, e.g. `AccountLevelIdentityBasedPolicy`).
    pub policy_type: Option<String>,
    /// Whether a policy denied the action or none allowed it (`NoPermissionType`: `ExplicitDeny`,
    /// `ImplicitDeny`).
    pub no_permission_type: Option<String>,
    /// The kind of identity that called (`AuthPrincipalType`, e.g. `SubUser`, `AssumedRoleUser`).
    pub auth_principal_type: Option<String>,
    /// The identity's display name (`AuthPrincipalDisplayName`).
    pub auth_principal_display_name: Option<String>,
    /// The account that owns the identity (`AuthPrincipalOwnerId`).
    pub auth_principal_owner_id: Option<String>,
    /// The full diagnosis, encoded by RAM (`EncodedDiagnosticMessage`).
    pub encoded_diagnostic_message: Option<String>,
}

impl AccessDeniedDetail {
    /// Reads the detail from its object, or from a string holding the object as JSON.
    fn from_value(value: &Value) -> Option<Self> {
        let parsed;
        let object = match value {
            Value::Object(object) => object,
            Value::String(text) => {
                parsed = serde_json::from_str::<Value>(text).ok()?;
                parsed.as_object()?
            }
            _ => return None,
        };
        let detail = AccessDeniedDetail {
            auth_action: text_field(object, "AuthAction"),
            policy_type: text_field(object, "PolicyType"),
            no_permission_type: text_field(object, "NoPermissionType"),
            auth_principal_type: text_field(object, "AuthPrincipalType"),
            auth_principal_display_name: text_field(object, "AuthPrincipalDisplayName"),
            auth_principal_owner_id: text_field(object, "AuthPrincipalOwnerId"),
            encoded_diagnostic_message: text_field(object, "EncodedDiagnosticMessage"),
        };
        (detail != AccessDeniedDetail::default()).then_some(detail)
    }
}

impl fmt::Display for AccessDeniedDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = [
            ("action", &self.auth_action),
            ("no-permission type", &self.no_permission_type),
            ("policy type", &self.policy_type),
            ("principal type", &self.auth_principal_type),
            ("principal", &self.auth_principal_display_name),
            ("principal owner", &self.auth_principal_owner_id),
        ];
        let mut first = true;
        for (name, value) in parts {
            if let Some(value) = value {
                write!(f, "{}{name} {value}", if first { "" } else { ", " })?;
                first = false;
            }
        }
        if self.encoded_diagnostic_message.is_some() {
            write!(f, "{}an encoded diagnostic message from RAM", if first { "" } else { ", " })?;
        }
        Ok(())
    }
}

/// The fields an error document may have, from whichever kind of body it was.
#[derive(Default)]
struct WireError {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    host_id: Option<String>,
    recommend: Option<String>,
    access_denied_detail: Option<AccessDeniedDetail>,
}

impl WireError {
    fn from_object(object: &Map<String, Value>) -> Self {
        WireError {
            code: text_field(object, "Code"),
            message: text_field(object, "Message"),
            request_id: text_field(object, "RequestId"),
            host_id: text_field(object, "HostId"),
            recommend: text_field(object, "Recommend"),
            access_denied_detail: field(object, "AccessDeniedDetail").and_then(AccessDeniedDetail::from_value),
        }
    }

    fn has_code_or_message(&self) -> bool {
        self.code.is_some() || self.message.is_some()
    }
}

/// The value under `name` (`Code`), or under its lower camel case form (`code`), as the official client looks
/// them up.
fn field<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).filter(|v| !v.is_null()).or_else(|| {
        let mut chars = name.chars();
        let first = chars.next()?.to_ascii_lowercase();
        object.get(&format!("{first}{}", chars.as_str())).filter(|v| !v.is_null())
    })
}

/// A field as text: strings as they are (trimmed, empty ones dropped), numbers and booleans written out.
fn text_field(object: &Map<String, Value>, name: &str) -> Option<String> {
    let text = match field(object, name)? {
        Value::String(text) => text.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
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
            access_denied_detail: wire.access_denied_detail,
            retry_after,
            body: kind,
        }
    }

    /// The service refused the call to slow the caller down: a `Throttling*` code (any status), HTTP 429, or a
    /// 4xx answer with a positive `x-acs-retry-after`. A 5xx answer is never a refusal by its header alone: the
    /// request may have been processed before the service failed.
    pub fn is_throttling(&self) -> bool {
        self.raw_code.starts_with("Throttling")
            || self.status == 429
            || ((400..500).contains(&self.status) && self.retry_after.is_some())
    }

    /// The answer did not come from the API itself (HTML, empty or unrecognised body).
    pub fn is_from_proxy(&self) -> bool {
        !matches!(self.body, ErrorBody::Json | ErrorBody::Xml)
    }

    /// Only throttling says the request was refused before processing; every 5xx leaves it unknown
    /// (`ServiceUnavailable` too: its message says the request failed, not that it was never started).
    pub(crate) fn retry_class(&self) -> RetryClass {
        if self.is_throttling() {
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
            return "The service is temporarily unavailable and may have started on the request: retry later, \
                    after checking the outcome if the call changes state";
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
        if self.access_denied_detail.is_some() {
            return "RAM denied the call: grant the action to the caller in a RAM policy (the access_denied_detail \
                    field holds RAM's diagnosis)";
        }
        if code.starts_with("Forbidden") || code.contains("NoPermission") || self.status == 403 {
            return "The credentials are not allowed to do this: check the RAM policy, the AccessKey secret \
                    and this machine's clock";
        }
        if self.status == 404 {
            return "Something named in the request does not exist: check the ids, the region and the endpoint";
        }
        if self.status >= 500 {
            return "The service failed and may have processed the request: retry later (after checking the \
                    outcome if the call changes state); if it persists, quote the request id to support";
        }
        "The service rejected the request: check the parameters against the API reference"
    }
}

fn classify_body(body: &[u8]) -> (WireError, ErrorBody) {
    let trimmed = body.trim_ascii();
    if trimmed.is_empty() {
        return (WireError::default(), ErrorBody::Empty);
    }
    let other = || ErrorBody::Other { snippet: snippet(body, 200) };
    if let Ok(value) = serde_json::from_slice::<Value>(trimmed) {
        let wire = value.as_object().map(WireError::from_object).unwrap_or_default();
        let kind = if wire.has_code_or_message() { ErrorBody::Json } else { other() };
        return (wire, kind);
    }
    if trimmed.starts_with(b"<") {
        if let Some(wire) = xml_error(trimmed).filter(WireError::has_code_or_message) {
            return (wire, ErrorBody::Xml);
        }
        let head = String::from_utf8_lossy(&trimmed[..trimmed.len().min(512)]).to_ascii_lowercase();
        if head.contains("<html") || head.contains("<!doctype") || head.contains("<body") {
            return (WireError::default(), ErrorBody::Html { snippet: snippet(body, 200) });
        }
    }
    (WireError::default(), other())
}

/// The fields of an XML error document: the first `<Error>` element, its child elements read as the keys of
/// a JSON error (an element with children of its own, such as `<AccessDeniedDetail>`, as an object).
fn xml_error(body: &[u8]) -> Option<WireError> {
    let text = std::str::from_utf8(body).ok()?;
    let document = roxmltree::Document::parse(text).ok()?;
    let error = document.descendants().find(|node| node.has_tag_name("Error"))?;
    match xml_value(error, 0) {
        Value::Object(object) => Some(WireError::from_object(&object)),
        _ => None,
    }
}

/// How deep [`xml_value`] reads: `<Error>` (0), its fields (1), the fields of `AccessDeniedDetail` (2).
const XML_DEPTH: usize = 2;

/// An element as JSON: its text when it has no child elements (or is [`XML_DEPTH`] down), else an object of its
/// children (the first of a repeated name wins). The depth bound keeps a hostile document from recursing deeply.
fn xml_value(element: roxmltree::Node<'_, '_>, depth: usize) -> Value {
    let mut children = element.children().filter(roxmltree::Node::is_element).peekable();
    if children.peek().is_none() || depth >= XML_DEPTH {
        let text: String = element.descendants().filter(roxmltree::Node::is_text).filter_map(|n| n.text()).collect();
        return Value::String(text.trim().to_owned());
    }
    let mut object = Map::new();
    for child in children {
        if !object.contains_key(child.tag_name().name()) {
            object.insert(child.tag_name().name().to_owned(), xml_value(child, depth + 1));
        }
    }
    Value::Object(object)
}

impl<E: ErrorCode> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self.status;
        match &self.body {
            ErrorBody::Json | ErrorBody::Xml => {
                let code = if self.raw_code.is_empty() { "(no code)" } else { &self.raw_code };
                write!(f, "the service answered HTTP {status} {code}")?;
                if !self.message.is_empty() {
                    write!(f, ": {}", self.message)?;
                }
                if let Some(detail) = &self.access_denied_detail {
                    write!(f, " (access denied: {detail})")?;
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
    fn xml_errors_keep_every_field_and_throttling_is_throttling() {
        let e = parse(
            503,
            "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>X1</RequestId><HostId>rds.aliyuncs.com</HostId>\
             <Code>Throttling</Code><Message>Request was denied due to flow control.</Message>\
             <Recommend><![CDATA[https://api.aliyun.com/troubleshoot?q=Throttling]]></Recommend></Error>",
        );
        assert_eq!(
            (e.body.clone(), e.raw_code.as_str(), e.code.0.as_str()),
            (ErrorBody::Xml, "Throttling", "Throttling")
        );
        assert_eq!(e.message, "Request was denied due to flow control.");
        assert_eq!((e.request_id.as_deref(), e.host_id.as_deref()), (Some("X1"), Some("rds.aliyuncs.com")));
        assert_eq!(e.recommend.as_deref(), Some("https://api.aliyun.com/troubleshoot?q=Throttling"));
        assert!(e.is_throttling() && !e.is_from_proxy());
        assert_eq!(e.retry_class(), RetryClass::Refused);
        assert!(e.to_string().contains("HTTP 503 Throttling: Request was denied"), "{e}");
    }

    #[test]
    fn lower_case_json_keys_are_read() {
        let e =
            parse(400, r#"{"code":"InvalidParameter","message":"bad","requestId":"R2","hostId":"h","recommend":"r"}"#);
        assert_eq!((e.raw_code.as_str(), e.message.as_str()), ("InvalidParameter", "bad"));
        assert_eq!(
            (e.request_id.as_deref(), e.host_id.as_deref(), e.recommend.as_deref()),
            (Some("R2"), Some("h"), Some("r"))
        );
        assert_eq!(e.body, ErrorBody::Json);
        // PascalCase wins when both are sent; a number is read as text; null is absent.
        let e = parse(400, r#"{"Code":"A","code":"b","Message":null,"message":7}"#);
        assert_eq!((e.raw_code.as_str(), e.message.as_str()), ("A", "7"));
    }

    #[test]
    fn access_denied_detail_is_read_from_json_xml_and_strings() {
        let detail = AccessDeniedDetail {
            auth_action: Some("rds:CreateBackup".into()),
            policy_type: Some("AccountLevelIdentityBasedPolicy".into()),
            no_permission_type: Some("ImplicitDeny".into()),
            auth_principal_type: Some("SubUser".into()),
            auth_principal_display_name: Some("alice".into()),
            auth_principal_owner_id: Some("1234".into()),
            encoded_diagnostic_message: Some("AQEAAAAA".into()),
        };
        let object = r#"{"AuthAction":"rds:CreateBackup","PolicyType":"AccountLevelIdentityBasedPolicy",
            "NoPermissionType":"ImplicitDeny","AuthPrincipalType":"SubUser","AuthPrincipalDisplayName":"alice",
            "AuthPrincipalOwnerId":"1234","EncodedDiagnosticMessage":"AQEAAAAA"}"#;
        let as_object = format!(r#"{{"Code":"Forbidden.RAM","Message":"no","AccessDeniedDetail":{object}}}"#);
        let as_string = format!(r#"{{"code":"Forbidden.RAM","accessDeniedDetail":{}}}"#, Value::String(object.into()));
        let as_xml = "<Error><Code>Forbidden.RAM</Code><AccessDeniedDetail><AuthAction>rds:CreateBackup</AuthAction>\
            <PolicyType>AccountLevelIdentityBasedPolicy</PolicyType><NoPermissionType>ImplicitDeny</NoPermissionType>\
            <AuthPrincipalType>SubUser</AuthPrincipalType><AuthPrincipalDisplayName>alice</AuthPrincipalDisplayName>\
            <AuthPrincipalOwnerId>1234</AuthPrincipalOwnerId>\
            <EncodedDiagnosticMessage>AQEAAAAA</EncodedDiagnosticMessage></AccessDeniedDetail></Error>";
        for body in [as_object.as_str(), as_string.as_str(), as_xml] {
            let e = parse(403, body);
            assert_eq!(e.access_denied_detail.as_ref(), Some(&detail), "{body}");
            let text = e.to_string();
            assert!(text.contains("action rds:CreateBackup, no-permission type ImplicitDeny"), "{text}");
            assert!(
                text.contains("policy type AccountLevelIdentityBasedPolicy") && text.contains("RAM policy"),
                "{text}"
            );
        }
        let e = parse(403, r#"{"Code":"Forbidden","AccessDeniedDetail":"not json"}"#);
        assert_eq!(e.access_denied_detail, None);
    }

    #[test]
    fn hostile_xml_and_json_neither_panic_nor_recurse() {
        let deep_xml = format!("<Error><Code>C</Code>{}x{}</Error>", "<a>".repeat(50_000), "</a>".repeat(50_000));
        let deep_json = format!("{}1{}", "[".repeat(50_000), "]".repeat(50_000));
        let bodies = [
            deep_xml.as_str(),
            deep_json.as_str(),
            "<Error><Code>unclosed",
            "<!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><Error><Code>&b;</Code></Error>",
            "<Other><Code>C</Code></Other>",
            "\u{feff}<Error/>",
        ];
        for body in bodies {
            let e = parse(500, body);
            assert_eq!(e.status, 500);
            assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn only_throttling_is_a_refusal() {
        let with_retry_after = |status: u16, body: &str| {
            ServiceError::<Code>::from_response(status, body.as_bytes(), None, Some(Duration::from_millis(5)))
        };
        for status in 500..600 {
            let e = with_retry_after(status, r#"{"Code":"InternalError"}"#);
            assert!(!e.is_throttling(), "{status}");
            assert_ne!(e.retry_class(), RetryClass::Refused, "{status}");
            assert_ne!(parse(status, r#"{"Code":"ServiceUnavailable"}"#).retry_class(), RetryClass::Refused);
            assert_eq!(parse(status, r#"{"Code":"Throttling.User"}"#).retry_class(), RetryClass::Refused);
        }
        assert_eq!(with_retry_after(400, r#"{"Code":"SomethingNew"}"#).retry_class(), RetryClass::Refused);
        assert_eq!(parse(429, "").retry_class(), RetryClass::Refused);
        assert_eq!(parse(400, r#"{"Code":"InvalidParameter"}"#).retry_class(), RetryClass::Never);
    }

    #[test]
    fn signature_errors_point_at_secret_and_clock() {
        let e = parse(400, r#"{"Code":"SignatureDoesNotMatch","Message":"no"}"#);
        assert!(e.to_string().contains("AccessKey secret") && e.to_string().contains("clock"), "{e}");
    }
}
