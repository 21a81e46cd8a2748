//! What a client is configured with: credentials, region or endpoint, signature, retries, timeouts.
//!
//! One `Config` serves every product's client, so an application sets it up once
//! (`Config::from_env()?.region("cn-hangzhou")`) and hands clones to each generated `Client::new`.

use std::env;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::credentials::{DefaultCredentialsChain, ProvideCredentials};
use crate::endpoint::{check_region, EndpointError};
use crate::retry::RetryPolicy;
use crate::signing::SignatureVersion;

/// The environment variable [`Config::from_env`] reads the region from.
pub const REGION_ENV: &str = "ALIBABA_CLOUD_REGION_ID";

/// Client configuration, built by chaining setters on [`Config::new`] or [`Config::from_env`].
#[derive(Clone)]
pub struct Config {
    pub(crate) credentials: Arc<dyn ProvideCredentials>,
    pub(crate) region: Option<String>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) signature_version: Option<SignatureVersion>,
    pub(crate) retry_policy: RetryPolicy,
    pub(crate) connect_timeout: Duration,
    pub(crate) read_timeout: Duration,
    pub(crate) user_agent_suffix: Option<String>,
}

/// The default connect timeout, as in the official SDKs.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The default read timeout, as in the official SDKs.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(10);

impl Config {
    /// A configuration with these credentials, no region, the product's signature, the standard retry
    /// policy and timeouts of 5 s (connect) and 10 s (read).
    pub fn new(credentials: impl ProvideCredentials + 'static) -> Config {
        Config {
            credentials: Arc::new(credentials),
            region: None,
            endpoint_url: None,
            signature_version: None,
            retry_policy: RetryPolicy::standard(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            user_agent_suffix: None,
        }
    }

    /// Credentials from the default chain (environment, profile, instance role, ...) and the region from
    /// `ALIBABA_CLOUD_REGION_ID` when it is set and not empty. Credentials are looked up on first use.
    pub fn from_env() -> Result<Config, ConfigError> {
        let config = Config::new(DefaultCredentialsChain::new());
        match env::var(REGION_ENV) {
            Ok(region) if region.trim().is_empty() => Ok(config),
            Ok(region) => {
                let region = region.trim().to_owned();
                check_region(&region).map_err(|source| ConfigError::InvalidRegion { name: REGION_ENV, source })?;
                Ok(config.region(region))
            }
            Err(env::VarError::NotPresent) => Ok(config),
            Err(env::VarError::NotUnicode(_)) => Err(ConfigError::NotUnicode { name: REGION_ENV }),
        }
    }

    /// The region id (`cn-hangzhou`); it chooses the endpoint unless [`Config::endpoint_url`] is set.
    pub fn region(mut self, region: impl Into<String>) -> Config {
        self.region = Some(region.into());
        self
    }

    /// Sends every call to this URL or host instead of the product's endpoint for the region
    /// (`https://rds-vpc.cn-hangzhou.aliyuncs.com`, `http://127.0.0.1:8080`). Scheme, host and port
    /// come from it; it is checked when the client is made, and calls fail with `Error::Endpoint` if bad.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Config {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Signs with this version instead of the one the product's spec names.
    pub fn signature_version(mut self, version: SignatureVersion) -> Config {
        self.signature_version = Some(version);
        self
    }

    /// How failed calls are retried; [`RetryPolicy::none`] for a single attempt.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Config {
        self.retry_policy = policy;
        self
    }

    /// The longest wait for a connection (TCP and TLS).
    pub fn connect_timeout(mut self, timeout: Duration) -> Config {
        self.connect_timeout = timeout;
        self
    }

    /// The longest wait for the response, counted from the start of each attempt and again for each
    /// read of the body.
    pub fn read_timeout(mut self, timeout: Duration) -> Config {
        self.read_timeout = timeout;
        self
    }

    /// Text appended to the user agent (`myapp/1.2`); characters that cannot go in a header become `_`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Config {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// The configured region, if any.
    pub fn region_id(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The configured endpoint override, if any.
    pub fn endpoint_override(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The configured retry policy.
    pub fn retry(&self) -> &RetryPolicy {
        &self.retry_policy
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credentials providers redact their secrets in Debug; the endpoint URL loses any user name, password
        // and secret query value.
        let endpoint = self.endpoint_url.as_deref().map(crate::redact::url);
        f.debug_struct("Config")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("endpoint_url", &endpoint)
            .field("signature_version", &self.signature_version)
            .field("retry_policy", &self.retry_policy)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .finish()
    }
}

/// The environment does not describe a usable configuration.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A variable holds bytes that are not Unicode.
    #[error("the environment variable {name} is not valid Unicode")]
    NotUnicode {
        /// The variable.
        name: &'static str,
    },
    /// The region variable holds something that is not a region id.
    #[error("the environment variable {name}: {source}")]
    InvalidRegion {
        /// The variable.
        name: &'static str,
        /// What is wrong with the value.
        source: EndpointError,
    },
}
