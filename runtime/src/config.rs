//! What a client is configured with: credentials, region or endpoint, signature, retries, timeouts, HTTP and
//! TLS.
//!
//! One `Config` serves every product's client, so an application sets it up once
//! (`Config::from_env()?.region("cn-hangzhou")`) and hands clones to each generated `Client::new`.
//!
//! # Environment
//! [`Config::from_env`] reads the variables below (names follow the official SDKs' `ALIBABA_CLOUD_*` where they
//! have one: the region, the user agent; credentials are the credentials chain's). A setter called afterwards
//! wins over the variable: explicit settings beat the environment. Unset and blank variables are ignored; a value
//! that cannot be read is a [`ConfigError`] naming the variable.
//!
//! | variable | sets |
//! |---|---|
//! | `ALIBABA_CLOUD_REGION_ID` | [`Config::region`] |
//! | `ALIBABA_CLOUD_ENDPOINT` | the endpoint of every product, as [`Config::endpoint_url`] |
//! | `ALIBABA_CLOUD_ENDPOINT_<PRODUCT>` | the endpoint of one product (`ALIBABA_CLOUD_ENDPOINT_RDS`); wins over the above |
//! | `ALIBABA_CLOUD_CONNECT_TIMEOUT` | [`Config::connect_timeout`], in milliseconds |
//! | `ALIBABA_CLOUD_READ_TIMEOUT` | [`Config::read_timeout`], in milliseconds |
//! | `ALIBABA_CLOUD_OPERATION_TIMEOUT` | [`Config::operation_timeout`], in milliseconds |
//! | `ALIBABA_CLOUD_MAX_ATTEMPTS` | the retry policy's attempts, the first included (`1`: no retries) |
//! | `ALIBABA_CLOUD_USER_AGENT` | [`Config::user_agent_suffix`] |
//!
//! Proxies set with `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` (or their lower-case forms) are used
//! by every configuration that sets no [`Config::proxy`], except for endpoints on this machine.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::credentials::{DefaultCredentialsChain, Env, ProvideCredentials};
use crate::endpoint::{check_region, EndpointError};
use crate::http::{HttpSettings, RootCertificates};
use crate::retry::RetryPolicy;
use crate::signing::SignatureVersion;

/// The environment variable [`Config::from_env`] reads the region from.
pub const REGION_ENV: &str = "ALIBABA_CLOUD_REGION_ID";
/// The environment variable that sets the endpoint of every product.
pub const ENDPOINT_ENV: &str = "ALIBABA_CLOUD_ENDPOINT";
/// The start of the environment variable that sets one product's endpoint; see [`product_endpoint_env`].
pub const PRODUCT_ENDPOINT_ENV_PREFIX: &str = "ALIBABA_CLOUD_ENDPOINT_";
/// The environment variable that sets the connect timeout, in milliseconds.
pub const CONNECT_TIMEOUT_ENV: &str = "ALIBABA_CLOUD_CONNECT_TIMEOUT";
/// The environment variable that sets the read timeout, in milliseconds.
pub const READ_TIMEOUT_ENV: &str = "ALIBABA_CLOUD_READ_TIMEOUT";
/// The environment variable that sets the operation timeout, in milliseconds.
pub const OPERATION_TIMEOUT_ENV: &str = "ALIBABA_CLOUD_OPERATION_TIMEOUT";
/// The environment variable that sets the most attempts per call, the first included.
pub const MAX_ATTEMPTS_ENV: &str = "ALIBABA_CLOUD_MAX_ATTEMPTS";
/// The environment variable the official SDKs read a user agent addition from.
pub const USER_AGENT_ENV: &str = "ALIBABA_CLOUD_USER_AGENT";

/// The variable that sets the endpoint of the product whose code is `product_code`: the code in upper case,
/// anything but letters and digits as `_` (`Rds` → `ALIBABA_CLOUD_ENDPOINT_RDS`, `R-kvstore` →
/// `ALIBABA_CLOUD_ENDPOINT_R_KVSTORE`).
pub fn product_endpoint_env(product_code: &str) -> String {
    let code: String =
        product_code.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    format!("{PRODUCT_ENDPOINT_ENV_PREFIX}{code}")
}

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
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) http: HttpSettings,
    /// Where [`Config::from_env`] read the variables from, for the per-product endpoint a client looks up.
    pub(crate) env: Option<Env>,
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
            operation_timeout: None,
            http: HttpSettings::default(),
            env: None,
        }
    }

    /// Credentials from the default chain (environment, profile, instance role, ...), and the region, endpoints,
    /// timeouts, attempts and user agent from the environment variables in the [module documentation](self).
    /// Credentials are looked up on first use; the per-product endpoint when each product's client is made.
    pub fn from_env() -> Result<Config, ConfigError> {
        if let Some(name) = [REGION_ENV, ENDPOINT_ENV, CONNECT_TIMEOUT_ENV, READ_TIMEOUT_ENV, OPERATION_TIMEOUT_ENV]
            .into_iter()
            .chain([MAX_ATTEMPTS_ENV, USER_AGENT_ENV])
            .find(|name| matches!(std::env::var(name), Err(std::env::VarError::NotUnicode(_))))
        {
            return Err(ConfigError::NotUnicode { name });
        }
        Config::from_env_with(Env::process())
    }

    /// As [`from_env`](Config::from_env), reading the variables (the credentials chain's too) from `env`.
    pub fn from_env_with(env: Env) -> Result<Config, ConfigError> {
        let mut config = Config::new(DefaultCredentialsChain::builder().env(env.clone()).build());
        if let Some(region) = env.var(REGION_ENV) {
            check_region(&region).map_err(|source| ConfigError::InvalidRegion { name: REGION_ENV, source })?;
            config.region = Some(region);
        }
        if let Some(timeout) = millis(&env, CONNECT_TIMEOUT_ENV)? {
            config.connect_timeout = timeout;
        }
        if let Some(timeout) = millis(&env, READ_TIMEOUT_ENV)? {
            config.read_timeout = timeout;
        }
        config.operation_timeout = millis(&env, OPERATION_TIMEOUT_ENV)?;
        if let Some(text) = env.var(MAX_ATTEMPTS_ENV) {
            let attempts = text.parse::<u32>().ok().filter(|n| *n >= 1).ok_or_else(|| ConfigError::Invalid {
                name: MAX_ATTEMPTS_ENV,
                value: shown(&text),
                expected: "a whole number of attempts, at least 1",
            })?;
            config.retry_policy = config.retry_policy.with_max_attempts(attempts);
        }
        config.user_agent_suffix = env.var(USER_AGENT_ENV);
        config.env = Some(env);
        Ok(config)
    }

    /// The region id (`cn-hangzhou`); it chooses the endpoint unless [`Config::endpoint_url`] is set.
    pub fn region(mut self, region: impl Into<String>) -> Config {
        self.region = Some(region.into());
        self
    }

    /// Sends every call to this URL or host instead of the product's endpoint for the region
    /// (`https://rds-vpc.cn-hangzhou.aliyuncs.com`, `http://127.0.0.1:8080`). Scheme, host and port
    /// come from it; it is checked when the client is made, and calls fail with `Error::Endpoint` if bad.
    /// It wins over `ALIBABA_CLOUD_ENDPOINT` and `ALIBABA_CLOUD_ENDPOINT_<PRODUCT>`.
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

    /// The longest wait for a connection (TCP and TLS). Connections belong to the client's pool, so this is
    /// the one setting of time a per-call [`Overrides`](crate::client::Overrides) cannot change.
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

    /// The longest a whole call may take: every attempt, the waits between them and obtaining credentials.
    /// When it runs out the call fails with `Error::Timeout` in phase `TimeoutPhase::Operation`. Unset (the
    /// default), a call is bounded by its attempts' timeouts and the retry policy's time budget.
    pub fn operation_timeout(mut self, timeout: Duration) -> Config {
        self.operation_timeout = Some(timeout);
        self
    }

    /// Which root certificates servers are checked against; the default is
    /// [`RootCertificates::compiled_default`] (the bundled roots with the default features).
    pub fn root_certificates(mut self, roots: RootCertificates) -> Config {
        self.http.roots = Some(roots);
        self
    }

    /// Also trusts the certificates in this PEM text (one or more `-----BEGIN CERTIFICATE-----` blocks), for
    /// example a private CA in front of an endpoint. Text that holds no certificate fails every call with a
    /// transport setup error.
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Config {
        self.http.extra_roots.push(pem.into());
        self
    }

    /// Sends every request through this proxy (`http://proxy.example:3128`, `http://user:pass@host:port`),
    /// endpoints on this machine included, instead of the proxies of the environment (`HTTP_PROXY`, ...).
    pub fn proxy(mut self, url: impl Into<String>) -> Config {
        self.http.proxy = Some(url.into());
        self
    }

    /// Hosts reached without the [`proxy`](Config::proxy): comma-separated, as in `NO_PROXY` (host names that
    /// also match their subdomains, IP addresses, CIDR blocks such as `10.0.0.0/8`, and `*` for all).
    pub fn no_proxy(mut self, hosts: impl Into<String>) -> Config {
        self.http.no_proxy = Some(hosts.into());
        self
    }

    /// The most idle connections kept open per host (unlimited by default); `0` closes each after its call.
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Config {
        self.http.pool_max_idle_per_host = Some(max);
        self
    }

    /// How long an idle connection is kept for reuse (90 s by default).
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Config {
        self.http.pool_idle_timeout = Some(timeout);
        self
    }

    /// Sends requests with this client, its connection pool, TLS and proxy settings included, instead of one the
    /// SDK makes; [`root_certificates`](Config::root_certificates), [`add_root_certificate_pem`](Config::add_root_certificate_pem),
    /// [`proxy`](Config::proxy), [`no_proxy`](Config::no_proxy), the pool settings and
    /// [`connect_timeout`](Config::connect_timeout) are then the client's business and ignored. The read and
    /// operation timeouts, retries, signing and the user agent still apply. Give it no redirect policy
    /// other than `none`: a redirected request would go unsigned to its target.
    pub fn http_client(mut self, client: reqwest::Client) -> Config {
        self.http.client = Some(client);
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

    /// The configured connect and read timeouts.
    pub fn timeouts(&self) -> (Duration, Duration) {
        (self.connect_timeout, self.read_timeout)
    }

    /// The configured operation timeout, if any.
    pub fn operation_timeout_limit(&self) -> Option<Duration> {
        self.operation_timeout
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
            .field("operation_timeout", &self.operation_timeout)
            .field("http", &self.http)
            .field("env", &self.env)
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
    /// A variable holds a value of the wrong form.
    #[error("the environment variable {name} is {value:?}; expected {expected}")]
    Invalid {
        /// The variable.
        name: &'static str,
        /// Its value (at most 64 characters of it).
        value: String,
        /// What it should hold.
        expected: &'static str,
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

/// A duration in whole milliseconds from `name`, if it is set.
fn millis(env: &Env, name: &'static str) -> Result<Option<Duration>, ConfigError> {
    let Some(text) = env.var(name) else {
        return Ok(None);
    };
    let ms = text.parse::<u64>().ok().filter(|ms| *ms > 0).ok_or_else(|| ConfigError::Invalid {
        name,
        value: shown(&text),
        expected: "a whole number of milliseconds, at least 1",
    })?;
    Ok(Some(Duration::from_millis(ms)))
}

/// A value as an error may quote it: at most 64 characters.
fn shown(value: &str) -> String {
    value.chars().take(64).collect()
}
