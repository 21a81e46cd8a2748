//! Temporary keys from a local credentials server named by `ALIBABA_CLOUD_CREDENTIALS_URI`.
//!
//! The server answers `GET <uri>` with `{"Code":"Success","AccessKeyId":..,"AccessKeySecret":..,
//! "SecurityToken":..,"Expiration":..}`. The keys expire, so use this through
//! [`CachingProvider`](super::CachingProvider) (the default chain does).

use std::time::Duration;

use futures::future::BoxFuture;

use super::http::{client, parse_temporary, request_failed};
use super::{Credentials, CredentialsError, Env, ProvideCredentials};
use crate::redact;

/// The variable holding the credentials server's URL.
pub const CREDENTIALS_URI: &str = "ALIBABA_CLOUD_CREDENTIALS_URI";

const NAME: &str = "credentials-uri";

/// Fetches keys from a credentials server. `Debug` and errors show the URL without its query values
/// ([`redact::configured_url`]).
#[derive(Clone)]
pub struct CredentialsUriProvider {
    uri: Option<String>,
    connect_timeout: Duration,
    read_timeout: Duration,
}

impl std::fmt::Debug for CredentialsUriProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialsUriProvider")
            .field("uri", &self.uri.as_deref().map(redact::configured_url))
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .finish()
    }
}

impl CredentialsUriProvider {
    /// Asks the server at `uri`, with timeouts of 5 s (connect) and 10 s (read).
    pub fn new(uri: impl Into<String>) -> Self {
        let uri = uri.into();
        CredentialsUriProvider {
            uri: (!uri.trim().is_empty()).then(|| uri.trim().to_owned()),
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(10),
        }
    }

    /// Asks the server named by `ALIBABA_CLOUD_CREDENTIALS_URI`; not configured when it is unset.
    pub fn from_env(env: &Env) -> Self {
        Self::new(env.var(CREDENTIALS_URI).unwrap_or_default())
    }

    /// The connect and read timeouts.
    pub fn timeouts(mut self, connect: Duration, read: Duration) -> Self {
        self.connect_timeout = connect;
        self.read_timeout = read;
        self
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let Some(uri) = &self.uri else {
            return Err(CredentialsError::not_configured(NAME, format!("{CREDENTIALS_URI} is not set")));
        };
        let http = client(NAME, self.connect_timeout, self.read_timeout, true)?;
        let shown = redact::configured_url(uri);
        let response = http.get(uri).send().await.map_err(|e| request_failed(NAME, &shown, e.without_url()))?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(|e| request_failed(NAME, &shown, e.without_url()))?;
        if !(200..300).contains(&status) {
            return Err(CredentialsError::unavailable(NAME, format!("{shown} answered HTTP {status}"))
                .with_hint(format!("check the credentials server named by {CREDENTIALS_URI}")));
        }
        parse_temporary(NAME, &shown, &body)
    }
}

impl ProvideCredentials for CredentialsUriProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}
