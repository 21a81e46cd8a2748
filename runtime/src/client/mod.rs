//! The HTTP client every generated product client wraps.
//!
//! Generated code only describes operations ([`OperationInfo`]) and builds their parameters; this type
//! does the rest the same way for all of them: choose the endpoint, obtain credentials, sign, send, read,
//! classify the answer, and retry per the [`RetryPolicy`](crate::retry::RetryPolicy).
//!
//! # Tracing
//! Everything is traced under the target [`TRACING_TARGET`] (`alibabacloud_backup`), so an application can
//! filter it (`RUST_LOG=alibabacloud_backup=debug` with `tracing-subscriber`'s `EnvFilter`):
//! - an INFO span `operation` per call: `product`, `action`, `region`, then `attempts`, `status` (the last
//!   HTTP status), `request_id` and `latency_ms`, and a DEBUG event when the call ends (with the error if it
//!   failed);
//! - a DEBUG span `attempt` per attempt inside it: `attempt` (1 for the first), `status`, `latency_ms` and,
//!   when another attempt follows, `retry_reason`; a DEBUG event when the attempt ends, a WARN event when it is
//!   retried;
//! - TRACE events `request` (method, URL and headers) and `response` (status, headers and the first 512
//!   characters of the body). URLs go through [`redact::url`](crate::redact::url), headers through
//!   [`redact::headers`](crate::redact::headers), and the body loses any value the request was signed with
//!   ([`redact::known`](crate::redact::known)): no key, token or signature is ever logged.

mod attempt;
mod overrides;
mod sending;
mod service;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use tracing::Instrument;

pub use overrides::Overrides;
pub use sending::{Answer, Sending};
pub use service::{Method, OperationInfo, ServiceInfo};

use crate::config::{product_endpoint_env, Config, ENDPOINT_ENV};
use crate::endpoint::{self, Endpoint, EndpointError};
use crate::error::{Error, ErrorCode, TimeoutPhase, TransportError};
use crate::http::{self, HttpSetupError};
use crate::request::Request;
use crate::signing::SignatureVersion;
use crate::wire::{Params, RecordJson};

/// The user agent every request carries (a configured suffix is appended after a space).
pub const USER_AGENT: &str = concat!("alibabacloud-backup-sdk/", env!("CARGO_PKG_VERSION"), " (rust)");

/// The `tracing` target of every span and event of the client: the SDK's library name.
pub const TRACING_TARGET: &str = "alibabacloud_backup";

/// A client for one product. Cheap to clone: clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: Result<reqwest::Client, Arc<HttpSetupError>>,
    config: Config,
    service: &'static ServiceInfo,
    endpoint: Result<Endpoint, EndpointError>,
    signature: SignatureVersion,
    user_agent: String,
}

impl Client {
    /// A client for `service` with `config`. Never fails: a bad endpoint or an HTTP client that cannot
    /// be set up is reported by every call, as `Error::Endpoint` or `Error::Transport`.
    ///
    /// The endpoint is, in this order: [`Config::endpoint_url`], then (for a configuration from
    /// [`Config::from_env`]) `ALIBABA_CLOUD_ENDPOINT_<PRODUCT>` and `ALIBABA_CLOUD_ENDPOINT`, then the product's
    /// endpoint for the region.
    pub fn new(config: Config, service: &'static ServiceInfo) -> Client {
        let from_env = match (&config.endpoint_url, &config.env) {
            (None, Some(env)) => env.var(&product_endpoint_env(service.product_code)).or_else(|| env.var(ENDPOINT_ENV)),
            _ => None,
        };
        let endpoint_url = config.endpoint_url.as_deref().or(from_env.as_deref());
        let endpoint = endpoint::resolve(service, config.region.as_deref(), endpoint_url);
        let loopback = endpoint.as_ref().is_ok_and(Endpoint::is_loopback);
        let http = http::client(&config.http, config.connect_timeout, loopback).map_err(Arc::new);
        let signature = config.signature_version.unwrap_or(service.signature);
        let user_agent = user_agent(config.user_agent_suffix.as_deref());
        Client { inner: Arc::new(Inner { http, config, service, endpoint, signature, user_agent }) }
    }

    /// A client that differs from this one only in what `overrides` sets (read and operation timeouts, retry
    /// policy), for one call or a group of calls. It shares this client's connection pool, credentials and
    /// endpoint: making one is cheap and opens no connection.
    pub fn with_overrides(&self, overrides: Overrides) -> Client {
        let inner = &self.inner;
        Client {
            inner: Arc::new(Inner {
                http: inner.http.clone(),
                config: overrides.apply(inner.config.clone()),
                service: inner.service,
                endpoint: inner.endpoint.clone(),
                signature: inner.signature,
                user_agent: inner.user_agent.clone(),
            }),
        }
    }

    /// The configuration the client was made with (overrides applied).
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The product the client calls.
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }

    /// Where calls go, or why no endpoint could be chosen.
    pub fn endpoint(&self) -> Result<&Endpoint, &EndpointError> {
        self.inner.endpoint.as_ref()
    }

    /// Sends `request` and decodes the answer into its response type, retrying per the policy (see
    /// [`call`](Client::call)).
    pub async fn send<R: Request>(&self, request: &R) -> Result<R::Response, Error<R::Error>> {
        request.check()?;
        let RecordJson(response) = self.call(R::OPERATION, request.to_params()).await?;
        Ok(response)
    }

    /// Calls `operation` with `params` and decodes a successful answer into `R`, retrying per the policy and
    /// within the operation timeout, traced as the [module documentation](self) describes.
    pub async fn call<R, E>(&self, operation: &OperationInfo, params: Params) -> Result<R, Error<E>>
    where
        R: DeserializeOwned,
        E: ErrorCode,
    {
        let span = tracing::info_span!(
            target: TRACING_TARGET,
            "operation",
            product = self.inner.service.product_code,
            action = operation.name,
            region = self.inner.config.region.as_deref().unwrap_or(""),
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let calls = self.call_with_retries(operation, &params, &span);
        let result = match self.inner.config.operation_timeout {
            None => calls.instrument(span.clone()).await,
            Some(limit) => tokio::time::timeout(limit, calls.instrument(span.clone()))
                .await
                .unwrap_or(Err(Error::Timeout { phase: TimeoutPhase::Operation, after: limit })),
        };
        span.record("latency_ms", millis(started.elapsed()));
        match &result {
            Ok(_) => tracing::debug!(target: TRACING_TARGET, parent: &span, "operation succeeded"),
            Err(err) => tracing::debug!(target: TRACING_TARGET, parent: &span, error = %err, "operation failed"),
        }
        result
    }

    async fn call_with_retries<R, E>(
        &self,
        operation: &OperationInfo,
        params: &Params,
        span: &tracing::Span,
    ) -> Result<R, Error<E>>
    where
        R: DeserializeOwned,
        E: ErrorCode,
    {
        let endpoint = self.inner.endpoint.as_ref().map_err(|e| Error::Endpoint(e.clone()))?;
        let http = self.inner.http.as_ref().map_err(|e| {
            Error::Transport(TransportError::setup(Box::new(Arc::clone(e)) as Box<dyn std::error::Error + Send + Sync>))
        })?;
        let policy = &self.inner.config.retry_policy;
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            span.record("attempts", attempt);
            let attempt_span = tracing::debug_span!(
                target: TRACING_TARGET,
                "attempt",
                attempt,
                status = tracing::field::Empty,
                retry_reason = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
            );
            let outcome = async {
                let attempt_started = Instant::now();
                let result = self.attempt(http, endpoint, operation, params, attempt, [span, &attempt_span]).await;
                attempt_span.record("latency_ms", millis(attempt_started.elapsed()));
                let err = match result {
                    Ok(value) => {
                        tracing::debug!(target: TRACING_TARGET, "attempt succeeded");
                        return Ok(value);
                    }
                    Err(err) => err,
                };
                let class = err.retry_class();
                let delay =
                    policy.next_delay(attempt, started.elapsed(), operation.changes_state, class, err.retry_after());
                match delay {
                    None => tracing::debug!(target: TRACING_TARGET, error = %err, "attempt failed; not retrying"),
                    Some(delay) => {
                        let reason = retry_reason(&err);
                        attempt_span.record("retry_reason", reason.as_str());
                        tracing::warn!(
                            target: TRACING_TARGET,
                            error = %err,
                            retry_reason = reason.as_str(),
                            ?delay,
                            "attempt {attempt} failed; retrying"
                        );
                    }
                }
                Err((err, delay))
            }
            .instrument(attempt_span.clone())
            .await;
            match outcome {
                Ok(value) => return Ok(value),
                Err((err, None)) => return Err(err),
                Err((_, Some(delay))) => {
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
            }
        }
    }
}

/// Why a failed attempt is sent again, in a few words for the `attempt` span.
fn retry_reason<E: ErrorCode>(err: &Error<E>) -> String {
    match err {
        Error::Service(e) if e.is_throttling() => format!("throttled: HTTP {} {}", e.status, e.raw_code),
        Error::Service(e) => format!("HTTP {} {}", e.status, e.raw_code).trim_end().to_owned(),
        Error::Timeout { phase: TimeoutPhase::Connect, .. } => "connect timeout".to_owned(),
        Error::Timeout { .. } => "read timeout".to_owned(),
        Error::Transport(t) if t.is_connect() => "connection not established".to_owned(),
        Error::Transport(_) => "connection lost".to_owned(),
        other => other.to_string(),
    }
}

/// A duration in whole milliseconds, for span fields.
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("product", &self.inner.service.product_code)
            .field("endpoint", &self.inner.endpoint)
            .field("signature", &self.inner.signature)
            .field("config", &self.inner.config)
            .finish()
    }
}

fn user_agent(suffix: Option<&str>) -> String {
    match suffix.map(str::trim).filter(|s| !s.is_empty()) {
        None => USER_AGENT.to_owned(),
        Some(suffix) => {
            let clean: String =
                suffix.chars().map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' }).collect();
            format!("{USER_AGENT} {clean}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_names_the_sdk_and_cleans_the_suffix() {
        assert!(user_agent(None).starts_with("alibabacloud-backup-sdk/"));
        assert!(user_agent(None).ends_with(" (rust)"));
        assert_eq!(user_agent(Some("app/1\n\u{e9}")), format!("{USER_AGENT} app/1__"));
    }
}
