//! The HTTP client every generated product client wraps.
//!
//! Generated code only describes operations ([`OperationInfo`]) and builds their parameters; this type
//! does the rest the same way for all of them: choose the endpoint, obtain credentials, sign, send, read,
//! classify the answer, and retry per the [`RetryPolicy`](crate::retry::RetryPolicy).

mod attempt;
mod service;

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use serde::de::DeserializeOwned;
use tracing::Instrument;

pub use service::{Method, OperationInfo, ServiceInfo};

use crate::config::Config;
use crate::endpoint::{self, Endpoint, EndpointError};
use crate::error::{Error, ErrorCode, TransportError};
use crate::request::Request;
use crate::signing::SignatureVersion;
use crate::wire::Params;

/// The user agent every request carries (a configured suffix is appended after a space).
pub const USER_AGENT: &str = concat!("alibabacloud-backup-sdk/", env!("CARGO_PKG_VERSION"), " (rust)");

/// A client for one product. Cheap to clone: clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: Result<reqwest::Client, Arc<reqwest::Error>>,
    config: Config,
    service: &'static ServiceInfo,
    endpoint: Result<Endpoint, EndpointError>,
    signature: SignatureVersion,
}

impl Client {
    /// A client for `service` with `config`. Never fails: a bad endpoint or an HTTP client that cannot
    /// be set up is reported by every call, as `Error::Endpoint` or `Error::Transport`.
    pub fn new(config: Config, service: &'static ServiceInfo) -> Client {
        let endpoint = endpoint::resolve(service, config.region.as_deref(), config.endpoint_url.as_deref());
        let mut http = reqwest::Client::builder()
            .user_agent(user_agent(config.user_agent_suffix.as_deref()))
            .connect_timeout(config.connect_timeout)
            .read_timeout(config.read_timeout)
            // A redirect would be followed without a signature for its target; report it instead.
            .redirect(reqwest::redirect::Policy::none());
        if endpoint.as_ref().is_ok_and(Endpoint::is_loopback) {
            // A local server (an emulator, a test) is reached directly even when HTTP(S)_PROXY is set.
            http = http.no_proxy();
        }
        let http = http.build().map_err(Arc::new);
        let signature = config.signature_version.unwrap_or(service.signature);
        Client { inner: Arc::new(Inner { http, config, service, endpoint, signature }) }
    }

    /// The configuration the client was made with.
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
        self.call(R::OPERATION, request.to_params()).await
    }

    /// Calls `operation` with `params` and decodes a successful answer into `R`, retrying per the policy.
    ///
    /// Each call runs in a `tracing` span `alibabacloud_call` with the product, operation, attempt and,
    /// once known, the request id.
    pub async fn call<R, E>(&self, operation: &OperationInfo, params: Params) -> Result<R, Error<E>>
    where
        R: DeserializeOwned,
        E: ErrorCode,
    {
        let span = tracing::info_span!(
            "alibabacloud_call",
            product = self.inner.service.product_code,
            operation = operation.name,
            attempt = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        self.call_with_retries(operation, &params, &span).instrument(span.clone()).await
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
            span.record("attempt", attempt);
            let err = match self.attempt(http, endpoint, operation, params, attempt, span).await {
                Ok(value) => return Ok(value),
                Err(err) => err,
            };
            let class = err.retry_class();
            let delay =
                policy.next_delay(attempt, started.elapsed(), operation.changes_state, class, err.retry_after());
            let Some(delay) = delay else {
                tracing::debug!(error = %err, "call failed; not retrying");
                return Err(err);
            };
            tracing::warn!(error = %err, ?delay, "attempt {attempt} failed; retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }
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
