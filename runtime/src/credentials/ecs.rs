//! Temporary keys of the RAM role attached to an ECS instance, from the instance metadata service.
//!
//! Flow, as in the official SDKs: ask for an IMDSv2 session token (`PUT /latest/api/token`), falling back
//! to plain requests unless that is disabled; find the role name (configured, or the first line of
//! `/latest/meta-data/ram/security-credentials/`); fetch `/latest/meta-data/ram/security-credentials/<role>`.
//! The keys expire (about every 6 hours), so use this through [`CachingProvider`](super::CachingProvider).

use std::time::Duration;

use futures::future::BoxFuture;

use super::http::{client, parse_temporary, request_failed};
use super::{Credentials, CredentialsError, Env, ProvideCredentials};
use crate::redact;
use crate::signing::percent_encode;

/// Where the metadata service answers on every ECS instance.
pub const DEFAULT_METADATA_BASE_URL: &str = "http://100.100.100.200";
/// The variable naming the instance's RAM role (and so enabling this provider in the default chain).
pub const ECS_METADATA: &str = "ALIBABA_CLOUD_ECS_METADATA";
/// Set to `true` to keep the default chain from asking the metadata service.
pub const ECS_METADATA_DISABLED: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
/// Set to `true` to refuse plain (IMDSv1) requests when no session token can be had.
pub const IMDSV1_DISABLED: &str = "ALIBABA_CLOUD_IMDSV1_DISABLED";

const NAME: &str = "ecs-ram-role";
const TOKEN_PATH: &str = "/latest/api/token";
const ROLES_PATH: &str = "/latest/meta-data/ram/security-credentials/";
const TOKEN_TTL_HEADER: &str = "X-aliyun-ecs-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "X-aliyun-ecs-metadata-token";
const TOKEN_TTL_SECONDS: &str = "21600";

/// Fetches the instance RAM role's keys from the metadata service.
#[derive(Debug, Clone)]
pub struct EcsRamRoleProvider {
    base_url: String,
    role_name: Option<String>,
    imds_v1_disabled: bool,
    connect_timeout: Duration,
    read_timeout: Duration,
    /// In the default chain: a metadata service that cannot be reached means "not on ECS", not an error.
    probe: bool,
}

impl Default for EcsRamRoleProvider {
    fn default() -> Self {
        EcsRamRoleProvider {
            base_url: DEFAULT_METADATA_BASE_URL.to_owned(),
            role_name: None,
            imds_v1_disabled: false,
            connect_timeout: Duration::from_secs(1),
            read_timeout: Duration::from_secs(1),
            probe: false,
        }
    }
}

impl EcsRamRoleProvider {
    /// The real metadata service, the role discovered, IMDSv1 fallback allowed, 1 s timeouts.
    pub fn new() -> Self {
        Self::default()
    }

    /// As [`new`](Self::new), with the role from `ALIBABA_CLOUD_ECS_METADATA` and the IMDSv1 switch from
    /// `ALIBABA_CLOUD_IMDSV1_DISABLED`.
    pub fn from_env(env: &Env) -> Self {
        EcsRamRoleProvider {
            role_name: env.var(ECS_METADATA),
            imds_v1_disabled: env.flag(IMDSV1_DISABLED),
            ..Self::default()
        }
    }

    /// Uses this role instead of asking the service which one is attached.
    pub fn role_name(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        self.role_name = (!name.trim().is_empty()).then(|| name.trim().to_owned());
        self
    }

    /// Asks this metadata service instead of `http://100.100.100.200` (a local server in tests).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into().trim_end_matches('/').to_owned();
        self
    }

    /// Refuses plain requests when no IMDSv2 session token can be had.
    pub fn imds_v1_disabled(mut self, disabled: bool) -> Self {
        self.imds_v1_disabled = disabled;
        self
    }

    /// The connect and read timeouts of each request.
    pub fn timeouts(mut self, connect: Duration, read: Duration) -> Self {
        self.connect_timeout = connect;
        self.read_timeout = read;
        self
    }

    /// The configured role name, if any.
    pub fn configured_role_name(&self) -> Option<&str> {
        self.role_name.as_deref()
    }

    pub(crate) fn probing(mut self, probe: bool) -> Self {
        self.probe = probe;
        self
    }

    /// An unreachable service is "not configured" when probing for a role nobody named.
    fn unreachable(&self, url: &str, err: reqwest::Error) -> CredentialsError {
        if self.probe && self.role_name.is_none() && (err.is_connect() || err.is_timeout()) {
            CredentialsError::not_configured(
                NAME,
                format!("no metadata service answered at {} (not an ECS instance?)", redact::url(&self.base_url)),
            )
        } else {
            request_failed(NAME, url, err)
        }
    }

    async fn session_token(&self, http: &reqwest::Client) -> Result<Option<String>, CredentialsError> {
        let url = format!("{}{TOKEN_PATH}", self.base_url);
        let refused = |why: String| {
            CredentialsError::unavailable(NAME, format!("no IMDSv2 session token from {}: {why}", redact::url(&url)))
                .with_hint(format!("plain requests are disabled ({IMDSV1_DISABLED}); enable IMDSv2 on the instance"))
        };
        let response = match http.put(&url).header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS).send().await {
            Ok(response) => response,
            Err(err) if err.is_connect() || err.is_timeout() => return Err(self.unreachable(&url, err)),
            Err(err) if self.imds_v1_disabled => return Err(refused(redact::reqwest_error(err).to_string())),
            Err(_) => return Ok(None),
        };
        let status = response.status();
        let token = if status.is_success() { response.text().await.ok() } else { None };
        match token.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()) {
            Some(token) => Ok(Some(token)),
            None if self.imds_v1_disabled => Err(refused(format!("HTTP {}", status.as_u16()))),
            None => Ok(None),
        }
    }

    async fn get(
        &self,
        http: &reqwest::Client,
        url: &str,
        token: Option<&str>,
    ) -> Result<(u16, Vec<u8>), CredentialsError> {
        let mut request = http.get(url);
        if let Some(token) = token {
            request = request.header(TOKEN_HEADER, token);
        }
        let response = request.send().await.map_err(|e| self.unreachable(url, e))?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(|e| request_failed(NAME, url, e))?;
        Ok((status, body.to_vec()))
    }

    async fn discover_role(&self, http: &reqwest::Client, token: Option<&str>) -> Result<String, CredentialsError> {
        let url = format!("{}{ROLES_PATH}", self.base_url);
        let (status, body) = self.get(http, &url, token).await?;
        let hint = format!("attach a RAM role to the instance, or name it in {ECS_METADATA}");
        if status == 404 {
            return Err(
                CredentialsError::not_configured(NAME, "no RAM role is attached to this instance").with_hint(hint)
            );
        }
        if !(200..300).contains(&status) {
            return Err(CredentialsError::unavailable(NAME, format!("{} answered HTTP {status}", redact::url(&url)))
                .with_hint(hint));
        }
        let text = String::from_utf8_lossy(&body);
        text.lines().map(str::trim).find(|line| !line.is_empty()).map(str::to_owned).ok_or_else(|| {
            CredentialsError::not_configured(NAME, "no RAM role is attached to this instance").with_hint(hint)
        })
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let http = client(NAME, self.connect_timeout, self.read_timeout, true)?;
        let token = self.session_token(&http).await?;
        let role = match &self.role_name {
            Some(role) => role.clone(),
            None => self.discover_role(&http, token.as_deref()).await?,
        };
        let url = format!("{}{ROLES_PATH}{}", self.base_url, percent_encode(&role));
        let (status, body) = self.get(&http, &url, token.as_deref()).await?;
        if status == 404 {
            return Err(CredentialsError::invalid(
                NAME,
                format!("the metadata service knows no RAM role named \"{role}\""),
            )
            .with_hint("check the role name attached to the instance"));
        }
        if !(200..300).contains(&status) {
            return Err(CredentialsError::unavailable(NAME, format!("{} answered HTTP {status}", redact::url(&url))));
        }
        parse_temporary(NAME, &format!("the metadata service for role \"{role}\""), &body)
    }
}

impl ProvideCredentials for EcsRamRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}
