//! What the providers that assume a role share: choosing the STS endpoint, the session's name and length,
//! sending one GET to STS and reading its answer (temporary keys, or a refusal with STS's code).
//!
//! Two actions use it: `AssumeRoleWithOIDC` (the OIDC role, unsigned) and `AssumeRole` (a RAM role assumed
//! with other keys, signed with them). Both are GETs with every parameter in the query, as the official SDKs
//! send them, so the URL is never shown whole: [`redact_url`] drops the query.

use std::time::Duration;

use serde::Deserialize;
use time::OffsetDateTime;

use super::error::describe_json_error;
use super::http::{client, printable, redact_url, request_failed, temporary_credentials, TemporaryCredentials};
use super::{Credentials, CredentialsError, Env};

/// The region whose STS endpoint to call (default: the central `sts.aliyuncs.com`).
pub const STS_REGION: &str = "ALIBABA_CLOUD_STS_REGION";
/// `true`: call the region's VPC endpoint of STS.
pub const VPC_ENDPOINT_ENABLED: &str = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED";
/// The central STS endpoint, used when no region is set.
pub const DEFAULT_STS_ENDPOINT: &str = "https://sts.aliyuncs.com";
/// The API version of STS.
pub(crate) const STS_VERSION: &str = "2015-04-01";

/// The shortest session STS grants.
const MIN_DURATION: Duration = Duration::from_secs(900);
/// The session length when none is set.
pub(crate) const DEFAULT_DURATION: Duration = Duration::from_secs(3600);

/// Where and how to reach STS: an explicit URL, else a region (and whether its VPC endpoint), else the
/// variables, else the central endpoint; with the timeouts of the call.
#[derive(Debug, Clone)]
pub(crate) struct StsTarget {
    pub endpoint: Option<String>,
    pub region: Option<(String, bool)>,
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
}

impl Default for StsTarget {
    fn default() -> Self {
        StsTarget {
            endpoint: None,
            region: None,
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(10),
        }
    }
}

impl StsTarget {
    /// The base URL to call, without a trailing `/`.
    pub fn url(&self, env: &Env) -> String {
        if let Some(url) = &self.endpoint {
            return url.trim_end_matches('/').to_owned();
        }
        let region = self.region.clone().or_else(|| {
            let region = env.var(STS_REGION).filter(|r| !r.trim().is_empty())?;
            Some((region, env.flag(VPC_ENDPOINT_ENABLED)))
        });
        match region {
            Some((region, vpc)) => {
                let prefix = if vpc { "sts-vpc" } else { "sts" };
                format!("https://{prefix}.{}.aliyuncs.com", region.trim())
            }
            None => DEFAULT_STS_ENDPOINT.to_owned(),
        }
    }
}

/// Refuses a session shorter than STS grants, before asking.
pub(crate) fn check_duration(provider: &'static str, duration: Duration) -> Result<(), CredentialsError> {
    if duration < MIN_DURATION {
        return Err(CredentialsError::invalid(
            provider,
            format!("a session of {} s is shorter than the 900 s STS grants at least", duration.as_secs()),
        ));
    }
    Ok(())
}

/// The session name when none is configured.
pub(crate) fn default_session_name(now: OffsetDateTime) -> String {
    format!("alibabacloud-backup-sdk-{}", now.unix_timestamp())
}

/// One STS call: GET `url`, then the keys from `{"Credentials": {...}}`, or an error naming STS's code,
/// message and request id. `action` names the call in messages; `hidden` is a value (a token) that must not
/// appear in them even if STS echoed it; `hint` is offered when STS refuses (a 4xx: the setup's fault).
pub(crate) async fn call(
    provider: &'static str,
    target: &StsTarget,
    action: &str,
    url: &str,
    hidden: Option<&str>,
    hint: String,
) -> Result<Credentials, CredentialsError> {
    let http = client(provider, target.connect_timeout, target.read_timeout, false)?;
    let response = http.get(url).send().await.map_err(|e| request_failed(provider, url, e))?;
    let status = response.status().as_u16();
    let body = response.bytes().await.map_err(|e| request_failed(provider, url, e))?;
    let source = format!("STS {action} at {}", redact_url(url));
    let answer: StsAnswer = serde_json::from_slice(&body).map_err(|e| {
        CredentialsError::invalid(
            provider,
            format!("the answer (HTTP {status}) from {source} {}", describe_json_error(&e)),
        )
    })?;
    if !(200..300).contains(&status) {
        let message = format!("{source} answered HTTP {status} {}", answer.describe(hidden));
        return Err(if (400..500).contains(&status) {
            CredentialsError::invalid(provider, message).with_hint(hint)
        } else {
            CredentialsError::unavailable(provider, message)
        });
    }
    let keys = answer
        .credentials
        .ok_or_else(|| CredentialsError::invalid(provider, format!("the answer from {source} has no Credentials")))?;
    temporary_credentials(provider, &source, keys)
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

impl StsAnswer {
    /// `Code: Message (request Id)`, printable, with `hidden` replaced wherever it appears.
    fn describe(&self, hidden: Option<&str>) -> String {
        let quote = |text: &Option<String>, max| {
            let text = printable(text.as_deref().unwrap_or("-"), max);
            match hidden.filter(|h| !h.is_empty()) {
                Some(hidden) => text.replace(hidden, "<hidden>"),
                None => text,
            }
        };
        format!("{}: {} (request {})", quote(&self.code, 80), quote(&self.message, 300), quote(&self.request_id, 64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> StsTarget {
        StsTarget::default()
    }

    #[test]
    fn the_endpoint_follows_region_and_vpc_settings_unless_set() {
        let env = |vars: &[(&str, &str)]| Env::from_vars(vars.iter().copied());
        assert_eq!(target().url(&env(&[])), "https://sts.aliyuncs.com");
        assert_eq!(target().url(&env(&[(STS_REGION, "cn-hangzhou")])), "https://sts.cn-hangzhou.aliyuncs.com");
        let vpc = env(&[(STS_REGION, "cn-beijing"), (VPC_ENDPOINT_ENABLED, "true")]);
        assert_eq!(target().url(&vpc), "https://sts-vpc.cn-beijing.aliyuncs.com");
        // Without a region there is no VPC endpoint to choose.
        assert_eq!(target().url(&env(&[(VPC_ENDPOINT_ENABLED, "true")])), "https://sts.aliyuncs.com");
        let profile = StsTarget { region: Some(("cn-shanghai".into(), true)), ..target() };
        assert_eq!(profile.url(&env(&[(STS_REGION, "cn-hangzhou")])), "https://sts-vpc.cn-shanghai.aliyuncs.com");
        let explicit = StsTarget { endpoint: Some("http://127.0.0.1:9/".into()), ..profile };
        assert_eq!(explicit.url(&env(&[(STS_REGION, "cn-hangzhou")])), "http://127.0.0.1:9");
    }

    #[test]
    fn a_description_never_quotes_the_hidden_value() {
        let answer = StsAnswer {
            credentials: None,
            code: Some("AuthenticationFail.OIDCToken.Invalid".into()),
            message: Some("bad token: eyJsecret\n".into()),
            request_id: Some("REQ-1".into()),
        };
        let text = answer.describe(Some("eyJsecret"));
        assert_eq!(text, "AuthenticationFail.OIDCToken.Invalid: bad token: <hidden> (request REQ-1)");
        assert!(answer.describe(None).contains("eyJsecret"));
    }

    #[test]
    fn short_sessions_are_refused_before_asking() {
        assert!(check_duration("t", Duration::from_secs(899)).is_err());
        assert!(check_duration("t", DEFAULT_DURATION).is_ok());
    }
}
