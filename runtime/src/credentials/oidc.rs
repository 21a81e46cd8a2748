//! The OIDC role (RRSA on ACK): an OIDC token, read from a file, exchanged with STS `AssumeRoleWithOIDC`
//! for temporary keys of a RAM role, as the official SDKs do.
//!
//! Set up by three variables (all three, or the provider is not configured), or given explicitly (a CLI
//! profile in OIDC mode): the role to assume, the OIDC identity provider and the token file. The token file
//! is read again on every call, because the kubelet rewrites it before the token expires. Optional:
//! `ALIBABA_CLOUD_ROLE_SESSION_NAME`, and the STS endpoint's region variables (see [`STS_REGION`]). The call
//! is not signed (the token is the proof); the token never appears in an error or in `Debug` output. The
//! keys expire, so use this provider through [`CachingProvider`](super::CachingProvider); the default chain
//! does.

use futures::future::BoxFuture;
use time::OffsetDateTime;

use super::sts::{self, RoleSession};
use super::{Credentials, CredentialsError, Env, ProvideCredentials};
use crate::signing::percent_encode;
use crate::time::TimeFormat;

pub use super::sts::{DEFAULT_STS_ENDPOINT, ROLE_SESSION_NAME, STS_REGION, VPC_ENDPOINT_ENABLED};

/// The role to assume.
pub const ROLE_ARN: &str = "ALIBABA_CLOUD_ROLE_ARN";
/// The OIDC identity provider.
pub const OIDC_PROVIDER_ARN: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
/// The file holding the OIDC token.
pub const OIDC_TOKEN_FILE: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";

const NAME: &str = "oidc-role";

/// Exchanges the OIDC token for the role's temporary keys.
#[derive(Debug, Clone)]
pub struct OidcRoleProvider {
    env: Env,
    /// Role, identity provider and token file given explicitly; read from the variables when `None`.
    role: Option<Setup>,
    session: RoleSession,
}

impl Default for OidcRoleProvider {
    fn default() -> Self {
        OidcRoleProvider { env: Env::process(), role: None, session: RoleSession::default() }
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

    sts::role_session_setters!();

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
        self.session.check(NAME)?;
        let token = Self::read_token(&setup.token_file)?;
        let now = OffsetDateTime::now_utc();
        let mut params = vec![
            ("Action", "AssumeRoleWithOIDC".to_owned()),
            ("Format", "JSON".to_owned()),
            ("Version", sts::STS_VERSION.to_owned()),
            ("Timestamp", TimeFormat::Second.format(now)),
            ("OIDCProviderArn", setup.provider_arn),
            ("OIDCToken", token.clone()),
        ];
        params.extend(self.session.params(&setup.role_arn, &self.env, now));
        let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", percent_encode(v))).collect();
        let url = format!("{}/?{}", self.session.sts.url(&self.env), query.join("&"));
        let hint = format!(
            "check that the role {} trusts the OIDC provider and that the token file {} is current",
            setup.role_arn, setup.token_file
        );
        sts::call(NAME, &self.session.sts, "AssumeRoleWithOIDC", &url, Some(&token), hint).await
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

    #[test]
    fn partly_set_is_not_configured_and_names_what_is_missing() {
        let env = Env::from_vars([(ROLE_ARN, "arn")]);
        let err = OidcRoleProvider::with_env(env).setup().err();
        assert_eq!(err.as_ref().map(|e| e.kind()), Some(CredentialsErrorKind::NotConfigured));
        let text = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains(OIDC_PROVIDER_ARN) && text.contains(OIDC_TOKEN_FILE), "{text}");
    }

    #[test]
    fn an_explicit_role_wins_over_the_variables() {
        let env = Env::from_vars([(ROLE_ARN, "env-role")]);
        let setup = OidcRoleProvider::with_env(env).role("profile-role", "p", "/t").setup().ok();
        assert_eq!(setup.map(|s| s.role_arn).as_deref(), Some("profile-role"));
    }
}
