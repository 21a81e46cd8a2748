//! Network failures, kept apart by what they say about delivery.
//!
//! Whether a failure happened before or after the request could reach the service decides whether an
//! operation that changes state may be sent again, so the kind is recorded when the error is made.

use std::error::Error as StdError;
use std::fmt;

use crate::retry::RetryClass;

/// The connection could not be made, or broke.
#[derive(Debug)]
pub struct TransportError {
    kind: Kind,
    source: Box<dyn StdError + Send + Sync>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The HTTP client or the request could not be set up; nothing was sent.
    Setup,
    /// No connection (refused, DNS, TLS handshake); nothing was sent.
    Connect,
    /// The connection broke after the request may have been sent.
    Io,
}

impl TransportError {
    pub(crate) fn setup(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        TransportError { kind: Kind::Setup, source: source.into() }
    }

    pub(crate) fn connect(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        TransportError { kind: Kind::Connect, source: source.into() }
    }

    pub(crate) fn io(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        TransportError { kind: Kind::Io, source: source.into() }
    }

    /// No connection could be made, so nothing reached the service.
    pub fn is_connect(&self) -> bool {
        self.kind == Kind::Connect
    }

    /// The request may have reached the service before the connection broke.
    pub fn may_have_been_sent(&self) -> bool {
        self.kind == Kind::Io
    }

    pub(crate) fn retry_class(&self) -> RetryClass {
        match self.kind {
            Kind::Setup => RetryClass::Never,
            Kind::Connect => RetryClass::NotSent,
            Kind::Io => RetryClass::MaybeProcessed,
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut detail = self.source.to_string();
        let mut next = self.source.source();
        while let Some(cause) = next {
            detail.push_str(": ");
            detail.push_str(&cause.to_string());
            next = cause.source();
        }
        match self.kind {
            Kind::Setup => write!(f, "the request could not be prepared, nothing was sent: {detail}"),
            Kind::Connect => write!(
                f,
                "could not connect to the service, nothing was sent: {detail}. Check the endpoint, DNS, \
                 the network, firewalls and HTTPS_PROXY"
            ),
            Kind::Io => write!(
                f,
                "the connection failed during the call, so the request may have been processed: {detail}. \
                 Retry read-only calls; check the outcome before repeating calls that change state"
            ),
        }
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(self.source.as_ref())
    }
}
