//! What the providers that assume a role share: choosing the STS endpoint, the session's name and length,
//! sending one GET to STS and reading its answer (temporary keys, or a refusal with STS's code).
//!
//! Two actions use it: `AssumeRoleWithOIDC` (the OIDC role, unsigned) and `AssumeRole` (a RAM role assumed
//! with other keys, signed with them). Both are GETs with every parameter in the query, as the official SDKs
//! send them, so the URL is never shown whole: [`crate::redact::url`] hides the signature, keys and token.

use std::time::Duration;

use serde::Deserialize;
use time::OffsetDateTime;

use super::error::describe_json_error;
use super::http::{client, printable, request_failed, temporary_credentials, TemporaryCredentials};
use super::{Credentials, CredentialsError, Env};
use crate::redact;

/// The region whose STS endpoint to call (default: the central `sts.aliyuncs.com`).
pub const STS_REGION: &str = "ALIBABA_CLOUD_STS_REGION";
/// The role session's name (default `alibabacloud-backup-sdk-<unix time>`).
pub const ROLE_SESSION_NAME: &str = "ALIBABA_CLOUD_ROLE_SESSION_NAME";
/// `true`: call the region's VPC endpoint of STS.
pub const VPC_ENDPOINT_ENABLED: &str = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED";
/// The central STS endpoint, used when no region is set.
pub const DEFAULT_STS_ENDPOINT: &str = "https://sts.aliyuncs.com";
/// The API version of STS.
pub(crate) const STS_VERSION: &str = "2015-04-01";

/// The shortest session STS grants.
const MIN_DURATION: Duration = Duration::from_secs(900);
/// The session length when none is set.
const DEFAULT_DURATION: Duration = Duration::from_secs(3600);

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

/// The builder methods every provider that assumes a role has, over its `session: RoleSession` field: one
/// definition instead of a copy per provider.
macro_rules! role_session_setters {
    () => {
        /// Names the role session (default: `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else
        /// `alibabacloud-backup-sdk-<unix time>`).
        pub fn session_name(mut self, name: impl Into<String>) -> Self {
            self.session.name = Some(name.into());
            self
        }

        /// How long the keys last (at least 15 minutes, at most the role's maximum session duration).
        pub fn duration(mut self, duration: std::time::Duration) -> Self {
            self.session.duration = duration;
            self
        }

        /// A policy (JSON) that narrows what the keys may do below the role's own permissions.
        pub fn policy(mut self, policy: impl Into<String>) -> Self {
            self.session.policy = Some(policy.into());
            self
        }

        /// Calls the STS endpoint of this region (its VPC endpoint when `vpc`), instead of what the
        /// variables say.
        pub fn sts_region(mut self, region: impl Into<String>, vpc: bool) -> Self {
            self.session.sts.region = Some((region.into(), vpc));
            self
        }

        /// Calls STS at this URL (`https://sts.example.com`, or a local server in tests) instead of the
        /// endpoint the region settings choose.
        pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
            self.session.sts.endpoint = Some(url.into());
            self
        }

        /// The connect and read timeouts of the STS call.
        pub fn timeouts(mut self, connect: std::time::Duration, read: std::time::Duration) -> Self {
            self.session.sts.connect_timeout = connect;
            self.session.sts.read_timeout = read;
            self
        }

        /// A CLI profile's or credentials-file section's optional settings (session name, duration, policy,
        /// STS region), over what is set.
        pub(crate) fn with_profile_session(
            mut self,
            apply: impl FnOnce($crate::credentials::sts::RoleSession) -> $crate::credentials::sts::RoleSession,
        ) -> Self {
            self.session = apply(self.session);
            self
        }
    };
}
pub(crate) use role_session_setters;

/// The session a role is assumed for: its name, length and policy, and the STS that grants it.
#[derive(Debug, Clone)]
pub(crate) struct RoleSession {
    pub name: Option<String>,
    pub duration: Duration,
    pub policy: Option<String>,
    pub sts: StsTarget,
}

impl Default for RoleSession {
    fn default() -> Self {
        RoleSession { name: None, duration: DEFAULT_DURATION, policy: None, sts: StsTarget::default() }
    }
}

impl RoleSession {
    /// The optional settings of a CLI profile or credentials-file section, over what is set (blank values
    /// are ignored; `vpc` only matters with a region).
    pub fn with_profile(
        mut self,
        name: Option<&String>,
        seconds: Option<u64>,
        policy: Option<&String>,
        region: Option<&String>,
        vpc: Option<bool>,
    ) -> Self {
        let given = |value: Option<&String>| value.filter(|v| !v.trim().is_empty()).cloned();
        self.name = given(name).or(self.name);
        self.duration = seconds.map_or(self.duration, Duration::from_secs);
        self.policy = given(policy).or(self.policy);
        if let Some(region) = given(region) {
            self.sts.region = Some((region, vpc.unwrap_or(false)));
        }
        self
    }

    /// Refuses a session shorter than STS grants, before asking.
    pub fn check(&self, provider: &'static str) -> Result<(), CredentialsError> {
        if self.duration < MIN_DURATION {
            return Err(CredentialsError::invalid(
                provider,
                format!("a session of {} s is shorter than the 900 s STS grants at least", self.duration.as_secs()),
            ));
        }
        Ok(())
    }

    /// The session name: the one set, else `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else one with the time in it.
    pub fn name(&self, env: &Env, now: OffsetDateTime) -> String {
        self.name
            .clone()
            .or_else(|| env.var(ROLE_SESSION_NAME))
            .unwrap_or_else(|| format!("alibabacloud-backup-sdk-{}", now.unix_timestamp()))
    }

    /// `DurationSeconds`, `RoleArn`, `RoleSessionName` and `Policy` (when set), the parameters both ways of
    /// assuming a role send.
    pub fn params(&self, role_arn: &str, env: &Env, now: OffsetDateTime) -> Vec<(&'static str, String)> {
        let mut params = vec![
            ("DurationSeconds", self.duration.as_secs().to_string()),
            ("RoleArn", role_arn.to_owned()),
            ("RoleSessionName", self.name(env, now)),
        ];
        if let Some(policy) = &self.policy {
            params.push(("Policy", policy.clone()));
        }
        params
    }
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
    // The endpoint names STS; its query (redacted or not) would only make the message long.
    let endpoint = url.split_once('?').map_or(url, |(endpoint, _)| endpoint);
    let source = format!("STS {action} at {}", redact::url(endpoint));
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
        let short = RoleSession { duration: Duration::from_secs(899), ..RoleSession::default() };
        assert!(short.check("t").is_err());
        assert!(RoleSession::default().check("t").is_ok());
    }

    #[test]
    fn a_profile_sets_what_it_gives_and_blanks_change_nothing() {
        let (name, policy, region, blank) = ("s".to_owned(), "{}".to_owned(), "cn-beijing".to_owned(), " ".to_owned());
        let set =
            RoleSession::default().with_profile(Some(&name), Some(1800), Some(&policy), Some(&region), Some(true));
        assert_eq!((set.name.as_deref(), set.duration.as_secs(), set.policy.as_deref()), (Some("s"), 1800, Some("{}")));
        assert_eq!(set.sts.region, Some(("cn-beijing".to_owned(), true)));
        let kept = set.clone().with_profile(Some(&blank), None, Some(&blank), Some(&blank), None);
        assert_eq!(
            (kept.name, kept.duration, kept.policy, kept.sts.region),
            (set.name, set.duration, set.policy, set.sts.region)
        );
        let now = time::macros::datetime!(2024-01-02 3:04:05 UTC);
        let env = Env::from_vars([(ROLE_SESSION_NAME, "from-env")]);
        assert_eq!(RoleSession::default().name(&env, now), "from-env");
        assert_eq!(
            RoleSession::default().name(&Env::from_vars::<[(&str, &str); 0], _, _>([]), now),
            "alibabacloud-backup-sdk-1704164645"
        );
    }
}
