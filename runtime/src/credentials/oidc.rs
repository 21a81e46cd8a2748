//! The OIDC role (RRSA on ACK): an OIDC token, read from a file, exchanged with STS `AssumeRoleWithOIDC`
//! for temporary keys of a RAM role, as the official SDKs do.
//!
//! Set up by three variables (all three, or the provider is not configured): the role to assume, the OIDC
//! identity provider and the token file. The token file is read again on every call, because the kubelet
//! rewrites it before the token expires. Optional: `ALIBABA_CLOUD_ROLE_SESSION_NAME`,
//! `ALIBABA_CLOUD_STS_REGION` (the regional endpoint `sts.<region>.aliyuncs.com`) and
//! `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true` (`sts-vpc.<region>.aliyuncs.com`). The call is not signed (the
//! token is the proof) and is a GET with the parameters in the query, as the official SDKs send it; the token
//! never appears in an error or in `Debug` output. The keys expire, so use this provider through
//! [`CachingProvider`](super::CachingProvider); the default chain does.

use std::time::Duration;

use futures::future::BoxFuture;
use serde::Deserialize;
use time::OffsetDateTime;

use super::error::describe_json_error;
use super::http::{client, printable, redact_url, request_failed, temporary_credentials, TemporaryCredentials};
use super::{Credentials, CredentialsError, Env, ProvideCredentials};
use crate::signing::percent_encode;
use crate::time::TimeFormat;

/// The role to assume.
pub const ROLE_ARN: &str = "ALIBABA_CLOUD_ROLE_ARN";
/// The OIDC identity provider.
pub const OIDC_PROVIDER_ARN: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
/// The file holding the OIDC token.
pub const OIDC_TOKEN_FILE: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";
/// The role session's name (default `alibabacloud-backup-sdk-<unix time>`).
pub const ROLE_SESSION_NAME: &str = "ALIBABA_CLOUD_ROLE_SESSION_NAME";
/// The region whose STS endpoint to call (default: the central `sts.aliyuncs.com`).
pub const STS_REGION: &str = "ALIBABA_CLOUD_STS_REGION";
/// `true`: call the region's VPC endpoint of STS.
pub const VPC_ENDPOINT_ENABLED: &str = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED";

/// The central STS endpoint, used when no region is set.
pub const DEFAULT_STS_ENDPOINT: &str = "https://sts.aliyuncs.com";

const NAME: &str = "oidc-role";
const STS_VERSION: &str = "2015-04-01";
/// The shortest session STS grants.
const MIN_DURATION: Duration = Duration::from_secs(900);

/// Exchanges the OIDC token for the role's temporary keys.
#[derive(Debug, Clone)]
pub struct OidcRoleProvider {
    env: Env,
    /// Role, identity provider and token file given explicitly; read from the variables when `None`.
    role: Option<Setup>,
    session_name: Option<String>,
    endpoint: Option<String>,
    region: Option<(String, bool)>,
    duration: Duration,
    policy: Option<String>,
    connect_timeout: Duration,
    read_timeout: Duration,
}

impl Default for OidcRoleProvider {
    fn default() -> Self {
        OidcRoleProvider {
            env: Env::process(),
            role: None,
            session_name: None,
            endpoint: None,
            region: None,
            duration: Duration::from_secs(3600),
            policy: None,
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(10),
        }
    }
}

/// The three required settings.
#[derive(Debug, Clone)]
struct Setup {
    role_arn: String,
    provider_arn: String,
    token_file: String,
}

impl OidcRoleProvider {
    /// Reads the process environment; one-hour sessions; 5 s connect and 10 s read timeouts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the given environment instead.
    pub fn with_env(env: Env) -> Self {
        OidcRoleProvider { env, ..Self::default() }
    }

    /// Assumes this role with this identity provider's token file, instead of what the variables say (a CLI
    /// profile in OIDC mode).
    pub fn role(
        mut self,
        role_arn: impl Into<String>,
        provider_arn: impl Into<String>,
        token_file: impl Into<String>,
    ) -> Self {
        let (role_arn, provider_arn, token_file) = (role_arn.into(), provider_arn.into(), token_file.into());
        self.role = Some(Setup { role_arn, provider_arn, token_file });
        self
    }

    /// Names the role session (default: `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `alibabacloud-backup-sdk-<unix
    /// time>`).
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self
    }

    /// Calls the STS endpoint of this region (its VPC endpoint when `vpc`), instead of what the variables say.
    pub fn sts_region(mut self, region: impl Into<String>, vpc: bool) -> Self {
        self.region = Some((region.into(), vpc));
        self
    }

    /// Calls STS at this URL (`https://sts.example.com`, or a local server in tests) instead of the endpoint
    /// the variables choose.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into().trim_end_matches('/').to_owned());
        self
    }

    /// How long the keys last (at least 15 minutes, at most the role's maximum session duration).
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self
    }

    /// A policy (JSON) that narrows what the keys may do below the role's own permissions.
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into());
        self
    }

    /// The connect and read timeouts of the STS call.
    pub fn timeouts(mut self, connect: Duration, read: Duration) -> Self {
        self.connect_timeout = connect;
        self.read_timeout = read;
        self
    }

    fn setup(&self) -> Result<Setup, CredentialsError> {
        if let Some(role) = &self.role {
            return Ok(role.clone());
        }
        let names = [ROLE_ARN, OIDC_PROVIDER_ARN, OIDC_TOKEN_FILE];
        let missing: Vec<&str> = names.iter().copied().filter(|n| self.env.var(n).is_none()).collect();
        if !missing.is_empty() {
            return Err(CredentialsError::not_configured(NAME, format!("{} not set", missing.join(", "))));
        }
        let var = |name| self.env.var(name).unwrap_or_default();
        Ok(Setup { role_arn: var(ROLE_ARN), provider_arn: var(OIDC_PROVIDER_ARN), token_file: var(OIDC_TOKEN_FILE) })
    }

    /// The STS endpoint: the one set explicitly, else the region's (VPC) endpoint, else the central one.
    fn endpoint(&self) -> String {
        if let Some(url) = &self.endpoint {
            return url.clone();
        }
        let region = self.region.clone().or_else(|| {
            let region = self.env.var(STS_REGION).filter(|r| !r.trim().is_empty())?;
            Some((region, self.env.flag(VPC_ENDPOINT_ENABLED)))
        });
        match region {
            Some((region, vpc)) => {
                let prefix = if vpc { "sts-vpc" } else { "sts" };
                format!("https://{prefix}.{}.aliyuncs.com", region.trim())
            }
            None => DEFAULT_STS_ENDPOINT.to_owned(),
        }
    }

    fn read_token(path: &str) -> Result<String, CredentialsError> {
        let hint = format!("{OIDC_TOKEN_FILE} must name the file the cluster mounts the OIDC token into");
        let token = std::fs::read_to_string(path).map_err(|e| {
            CredentialsError::invalid(NAME, format!("cannot read the OIDC token file {path}: {e}")).with_hint(&hint)
        })?;
        let token = token.trim();
        if token.is_empty() {
            return Err(CredentialsError::invalid(NAME, format!("the OIDC token file {path} is empty")).with_hint(hint));
        }
        Ok(token.to_owned())
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let setup = self.setup()?;
        if self.duration < MIN_DURATION {
            return Err(CredentialsError::invalid(
                NAME,
                format!("a session of {} s is shorter than the 900 s STS grants at least", self.duration.as_secs()),
            ));
        }
        let token = Self::read_token(&setup.token_file)?;
        let now = OffsetDateTime::now_utc();
        let session = self
            .session_name
            .clone()
            .or_else(|| self.env.var(ROLE_SESSION_NAME))
            .unwrap_or_else(|| format!("alibabacloud-backup-sdk-{}", now.unix_timestamp()));
        let mut params = vec![
            ("Action", "AssumeRoleWithOIDC".to_owned()),
            ("Format", "JSON".to_owned()),
            ("Version", STS_VERSION.to_owned()),
            ("Timestamp", TimeFormat::Second.format(now)),
            ("DurationSeconds", self.duration.as_secs().to_string()),
            ("RoleArn", setup.role_arn.clone()),
            ("OIDCProviderArn", setup.provider_arn),
            ("OIDCToken", token.clone()),
            ("RoleSessionName", session),
        ];
        if let Some(policy) = &self.policy {
            params.push(("Policy", policy.clone()));
        }
        let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", percent_encode(v))).collect();
        let url = format!("{}/?{}", self.endpoint(), query.join("&"));

        let http = client(NAME, self.connect_timeout, self.read_timeout, false)?;
        let response = http.get(&url).send().await.map_err(|e| request_failed(NAME, &url, e))?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(|e| request_failed(NAME, &url, e))?;
        let source = format!("STS AssumeRoleWithOIDC at {}", redact_url(&url));
        let answer: StsAnswer = serde_json::from_slice(&body).map_err(|e| {
            CredentialsError::invalid(
                NAME,
                format!("the answer (HTTP {status}) from {source} {}", describe_json_error(&e)),
            )
        })?;
        if !(200..300).contains(&status) {
            return Err(refusal(status, &answer, &setup.role_arn, &token, &source));
        }
        let keys = answer
            .credentials
            .ok_or_else(|| CredentialsError::invalid(NAME, format!("the answer from {source} has no Credentials")))?;
        temporary_credentials(NAME, &source, keys)
    }
}

/// What STS answers: the keys, or an error's code and message.
#[derive(Deserialize)]
struct StsAnswer {
    #[serde(rename = "Credentials")]
    credentials: Option<TemporaryCredentials>,
    #[serde(rename = "Code")]
    code: Option<String>,
    #[serde(rename = "Message")]
    message: Option<String>,
    #[serde(rename = "RequestId")]
    request_id: Option<String>,
}

/// STS refused: a 4xx is the setup's fault (role, provider, token) and stops the chain; a 5xx is STS's.
fn refusal(status: u16, answer: &StsAnswer, role_arn: &str, token: &str, source: &str) -> CredentialsError {
    // Quoted text never carries the token, even if a message were to echo it.
    let quote = |text: &Option<String>, max| printable(text.as_deref().unwrap_or("-"), max).replace(token, "<token>");
    let message = format!(
        "{source} answered HTTP {status} {}: {} (request {})",
        quote(&answer.code, 80),
        quote(&answer.message, 300),
        quote(&answer.request_id, 64)
    );
    if (400..500).contains(&status) {
        CredentialsError::invalid(NAME, message).with_hint(format!(
            "check that {ROLE_ARN} ({role_arn}) trusts the provider in {OIDC_PROVIDER_ARN} and that the token in \
             {OIDC_TOKEN_FILE} is current"
        ))
    } else {
        CredentialsError::unavailable(NAME, message)
    }
}

impl ProvideCredentials for OidcRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::CredentialsErrorKind;

    fn provider(vars: &[(&str, &str)]) -> OidcRoleProvider {
        OidcRoleProvider::with_env(Env::from_vars(vars.iter().copied()))
    }

    #[test]
    fn partly_set_is_not_configured_and_names_what_is_missing() {
        let err = provider(&[(ROLE_ARN, "arn")]).setup().err();
        assert_eq!(err.as_ref().map(|e| e.kind()), Some(CredentialsErrorKind::NotConfigured));
        let text = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains(OIDC_PROVIDER_ARN) && text.contains(OIDC_TOKEN_FILE), "{text}");
    }

    #[test]
    fn the_endpoint_follows_region_and_vpc_variables_unless_set() {
        assert_eq!(provider(&[]).endpoint(), "https://sts.aliyuncs.com");
        assert_eq!(provider(&[(STS_REGION, "cn-hangzhou")]).endpoint(), "https://sts.cn-hangzhou.aliyuncs.com");
        let vpc = provider(&[(STS_REGION, "cn-beijing"), (VPC_ENDPOINT_ENABLED, "true")]);
        assert_eq!(vpc.endpoint(), "https://sts-vpc.cn-beijing.aliyuncs.com");
        // Without a region there is no VPC endpoint to choose.
        assert_eq!(provider(&[(VPC_ENDPOINT_ENABLED, "true")]).endpoint(), "https://sts.aliyuncs.com");
        let profile = provider(&[(STS_REGION, "cn-hangzhou")]).sts_region("cn-shanghai", true);
        assert_eq!(profile.endpoint(), "https://sts-vpc.cn-shanghai.aliyuncs.com");
        let explicit = provider(&[(STS_REGION, "cn-hangzhou")]).endpoint_url("http://127.0.0.1:9/");
        assert_eq!(explicit.endpoint(), "http://127.0.0.1:9");
    }

    #[test]
    fn a_refusal_never_quotes_the_token() {
        let answer = StsAnswer {
            credentials: None,
            code: Some("AuthenticationFail.OIDCToken.Invalid".into()),
            message: Some("bad token: eyJsecret".into()),
            request_id: Some("REQ-1".into()),
        };
        let err = refusal(400, &answer, "acs:ram::1:role/r", "eyJsecret", "STS");
        assert_eq!(err.kind(), CredentialsErrorKind::Invalid);
        let text = format!("{err} {err:?}");
        assert!(!text.contains("eyJsecret"), "{text}");
        assert!(text.contains("AuthenticationFail.OIDCToken.Invalid") && text.contains("REQ-1"), "{text}");
        assert_eq!(refusal(503, &answer, "r", "t", "STS").kind(), CredentialsErrorKind::Unavailable);
    }
}
