//! The error every call returns.
//!
//! A caller needs to tell apart "the service said no" (with its code, which generated code turns into a
//! per-operation enum), "the network failed", "it took too long", "the answer could not be read", and
//! "the request was never sent" (bad input, no credentials, no endpoint), because each calls for a
//! different action. [`Error`] keeps those apart, and its `Display` says what happened and what to do.

mod any;
mod service;
mod transport;

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

pub use any::{AnyCode, AnyError, OperationCode};
pub use service::{AccessDeniedDetail, ErrorBody, ServiceError};
pub use transport::TransportError;

use crate::build::BuildError;
use crate::credentials::CredentialsError;
use crate::endpoint::EndpointError;
use crate::retry::RetryClass;

/// A per-operation error-code enum, generated from the codes documented for the operation.
///
/// `from_code` never fails: codes the spec does not list map to a catch-all variant that keeps the text.
/// When the response carried no code at all (an HTML page from a proxy, an empty body), the client calls
/// `from_code("")`, so the catch-all holds an empty string; [`ServiceError::body`] says what arrived.
pub trait ErrorCode: Sized + Clone + fmt::Debug + Send + Sync + 'static {
    /// What the API reference documents about each code it lists (generated from its error table by
    /// [`error_codes!`](crate::error_codes)).
    const TABLE: &'static [crate::codes::ErrorInfo] = &[];
    /// The variant for a code as sent by the service.
    fn from_code(code: &str) -> Self;
    /// The code as sent by the service.
    fn code(&self) -> &str;
    /// What the API reference documents about this code; `None` for a code it does not list.
    fn info(&self) -> Option<&'static crate::codes::ErrorInfo> {
        let code = self.code();
        Self::TABLE.iter().find(|info| info.code == code)
    }
}

/// The error-code type of the runtime's unit tests: keeps whatever code arrives.
#[cfg(test)]
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TestCode(pub String);

#[cfg(test)]
impl ErrorCode for TestCode {
    fn from_code(code: &str) -> Self {
        TestCode(code.to_owned())
    }
    fn code(&self) -> &str {
        &self.0
    }
}

/// Which wait ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutPhase {
    /// Opening the connection (TCP and TLS): nothing was sent.
    Connect,
    /// Waiting for the response: the request was sent and may have been processed.
    Read,
    /// The whole call, every attempt and the waits between them (`Config::operation_timeout`): a request may
    /// have been sent and processed.
    Operation,
}

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E: ErrorCode> {
    /// The service answered with an error status (or something in between answered for it).
    /// Boxed to keep `Result<_, Error<_>>` small.
    Service(Box<ServiceError<E>>),
    /// No answer in time.
    Timeout {
        /// Which wait ran out.
        phase: TimeoutPhase,
        /// The configured limit that ran out.
        after: Duration,
    },
    /// The connection failed or broke.
    Transport(TransportError),
    /// The service answered with success, but the body does not match the response type.
    Decode {
        /// The HTTP status.
        status: u16,
        /// The first 200 characters of the body.
        snippet: String,
        /// Where in the document decoding failed (`Items.Backup[3].BackupSize`; `.` for the top).
        path: String,
        /// The request id from the `x-acs-request-id` header or the body, when there was one.
        request_id: Option<String>,
        /// The decoder's error, with line and column.
        source: serde_json::Error,
    },
    /// The request was refused by its builder before anything was sent.
    InvalidRequest(BuildError),
    /// No credentials could be obtained; nothing was sent.
    Credentials(CredentialsError),
    /// No endpoint could be chosen; nothing was sent.
    Endpoint(EndpointError),
}

impl<E: ErrorCode> Error<E> {
    /// The service's error, when the service (or a proxy in front of it) answered.
    pub fn service_error(&self) -> Option<&ServiceError<E>> {
        match self {
            Error::Service(e) => Some(e.as_ref()),
            _ => None,
        }
    }

    /// The error code the service sent (`InvalidDBInstanceId.NotFound`), when there was one.
    pub fn service_code(&self) -> Option<&str> {
        self.service_error().map(|e| e.raw_code.as_str()).filter(|c| !c.is_empty())
    }

    /// The request id to quote to support, when the service sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id.as_deref(),
            Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The service throttled the call: slow down.
    pub fn is_throttling(&self) -> bool {
        self.service_error().is_some_and(ServiceError::is_throttling)
    }

    /// The call ran out of time (see [`Error::Timeout`] for which phase).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Sending the same request again may succeed: throttling, HTTP 500/502/503/504, timeouts, connection
    /// failures. For operations that change state, the client retries only the subset that proves the request
    /// was not processed (throttling, a connection never established), as [`crate::retry`] describes.
    pub fn is_retryable(&self) -> bool {
        self.retry_class() != RetryClass::Never
    }

    /// How the service asked to wait before the next attempt.
    pub fn retry_after(&self) -> Option<Duration> {
        self.service_error().and_then(|e| e.retry_after)
    }

    pub(crate) fn retry_class(&self) -> RetryClass {
        match self {
            Error::Service(e) => e.retry_class(),
            Error::Timeout { phase: TimeoutPhase::Connect, .. } => RetryClass::NotSent,
            Error::Timeout { phase: TimeoutPhase::Read | TimeoutPhase::Operation, .. } => RetryClass::MaybeProcessed,
            Error::Transport(t) => t.retry_class(),
            Error::Decode { .. } | Error::InvalidRequest(_) | Error::Credentials(_) | Error::Endpoint(_) => {
                RetryClass::Never
            }
        }
    }
}

impl<E: ErrorCode> From<BuildError> for Error<E> {
    fn from(err: BuildError) -> Self {
        Error::InvalidRequest(err)
    }
}

impl<E: ErrorCode> From<CredentialsError> for Error<E> {
    fn from(err: CredentialsError) -> Self {
        Error::Credentials(err)
    }
}

impl<E: ErrorCode> From<EndpointError> for Error<E> {
    fn from(err: EndpointError) -> Self {
        Error::Endpoint(err)
    }
}

/// `{}` says what happened and what to do, in one paragraph; `{:#}` adds the chain of causes below it, one per
/// line (`caused by: ...`), leaving out a cause whose text the lines above already hold, so that a log shows the
/// whole story on one screen instead of a long `Debug` line.
impl<E: ErrorCode> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !f.alternate() {
            return self.fmt_message(f);
        }
        let mut shown = format!("{}", DisplayMessage(self));
        f.write_str(&shown)?;
        let mut cause = StdError::source(self);
        while let Some(err) = cause {
            let text = err.to_string();
            if !shown.contains(&text) {
                write!(f, "\n  caused by: {text}")?;
                shown.push_str(&text);
            }
            cause = err.source();
        }
        Ok(())
    }
}

/// The one-paragraph message of an [`Error`] (its `{}`).
struct DisplayMessage<'a, E: ErrorCode>(&'a Error<E>);

impl<E: ErrorCode> fmt::Display for DisplayMessage<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_message(f)
    }
}

impl<E: ErrorCode> Error<E> {
    fn fmt_message(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => fmt::Display::fmt(e, f),
            Error::Timeout { phase: TimeoutPhase::Connect, after } => write!(
                f,
                "could not connect to the service within {after:?}; nothing was sent. Check the endpoint, \
                 the network, firewalls and proxies, or raise Config::connect_timeout"
            ),
            Error::Timeout { phase: TimeoutPhase::Read, after } => write!(
                f,
                "no response within {after:?} (read timeout); the request was sent and may have been \
                 processed. The service or network is slow: retry later, or raise Config::read_timeout"
            ),
            Error::Timeout { phase: TimeoutPhase::Operation, after } => write!(
                f,
                "the call did not finish within {after:?} (operation timeout, all attempts and the waits between \
                 them); a request may have been sent and processed: check before repeating a call that changes \
                 state, or raise Config::operation_timeout"
            ),
            Error::Transport(e) => fmt::Display::fmt(e, f),
            Error::Decode { status, snippet, path, request_id, source } => {
                write!(
                    f,
                    "the response (HTTP {status}) does not match the expected type at `{path}` (line {}, \
                     column {}): {source}. The service sent something the SDK does not model; please \
                     report it with this message",
                    source.line(),
                    source.column()
                )?;
                if let Some(id) = request_id {
                    write!(f, " (request id {id})")?;
                }
                write!(f, "; the body starts with: {snippet}")
            }
            Error::InvalidRequest(e) => write!(f, "the request was not sent: {e}"),
            Error::Credentials(e) => {
                write!(f, "the request was not sent: no credentials could be obtained: {e}")
            }
            Error::Endpoint(e) => write!(f, "the request was not sent: {e}"),
        }
    }
}

impl<E: ErrorCode> StdError for Error<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Error::Service(_) | Error::Timeout { .. } => None,
            Error::Transport(e) => e.source(),
            Error::Decode { source, .. } => Some(source),
            Error::InvalidRequest(e) => Some(e),
            Error::Credentials(e) => Some(e),
            Error::Endpoint(e) => Some(e),
        }
    }
}

/// The first `max` characters of a body, as one line, for error messages; cut on a character boundary.
pub(crate) fn snippet(body: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out = String::new();
    let mut chars = text.trim().chars();
    for c in chars.by_ref().take(max) {
        out.push(if c.is_control() { ' ' } else { c });
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_cut_on_character_boundaries() {
        let body = "é".repeat(300);
        let s = snippet(body.as_bytes(), 200);
        assert_eq!(s.chars().count(), 201);
        assert!(s.ends_with('…'));
        assert_eq!(snippet(b"  {\"a\":\n1}  ", 200), "{\"a\": 1}");
        assert_eq!(snippet(&[0xff, b'a'], 200), "\u{fffd}a");
    }
}
