//! The OIDC role (RRSA on ACK): detected, and refused with a clear message.
//!
//! Turning an OIDC token into keys needs an STS `AssumeRoleWithOIDC` call, which this SDK does not make
//! yet. When the three variables are set, the default chain stops here rather than silently using some
//! other, probably broader, identity found further down the chain.

use futures::future::BoxFuture;

use super::{Credentials, CredentialsError, Env, ProvideCredentials};

/// The role to assume.
pub const ROLE_ARN: &str = "ALIBABA_CLOUD_ROLE_ARN";
/// The OIDC identity provider.
pub const OIDC_PROVIDER_ARN: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
/// The file holding the OIDC token.
pub const OIDC_TOKEN_FILE: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";

const NAME: &str = "oidc-role";

/// Detects an OIDC role configuration and refuses it.
#[derive(Debug, Clone, Default)]
pub struct OidcRoleProvider {
    env: Env,
}

impl OidcRoleProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the given environment instead.
    pub fn with_env(env: Env) -> Self {
        OidcRoleProvider { env }
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        let names = [ROLE_ARN, OIDC_PROVIDER_ARN, OIDC_TOKEN_FILE];
        let missing: Vec<&str> = names.iter().copied().filter(|n| self.env.var(n).is_none()).collect();
        if !missing.is_empty() {
            return Err(CredentialsError::not_configured(NAME, format!("{} not set", missing.join(", "))));
        }
        let role = self.env.var(ROLE_ARN).unwrap_or_default();
        Err(CredentialsError::unsupported(
            NAME,
            format!(
                "an OIDC role is configured ({ROLE_ARN}={role}) but is not supported yet: it needs an STS \
                 AssumeRoleWithOIDC call, which this SDK does not make"
            ),
        )
        .with_hint(format!(
            "obtain STS credentials yourself and set ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET \
             and ALIBABA_CLOUD_SECURITY_TOKEN (the environment comes first), or unset {ROLE_ARN}"
        )))
    }
}

impl ProvideCredentials for OidcRoleProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(futures::future::ready(self.load()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::CredentialsErrorKind;

    #[test]
    fn all_three_set_is_refused_clearly() {
        let env = Env::from_vars([
            (ROLE_ARN, "acs:ram::1:role/r"),
            (OIDC_PROVIDER_ARN, "acs:ram::1:oidc-provider/p"),
            (OIDC_TOKEN_FILE, "/t"),
        ]);
        let err = OidcRoleProvider::with_env(env).load().err();
        assert_eq!(err.as_ref().map(|e| e.kind()), Some(CredentialsErrorKind::Unsupported));
        let text = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains("not supported yet") && text.contains("STS"), "{text}");
        assert!(text.contains("acs:ram::1:role/r"), "{text}");
    }

    #[test]
    fn partly_set_is_not_configured_and_names_what_is_missing() {
        let env = Env::from_vars([(ROLE_ARN, "arn")]);
        let err = OidcRoleProvider::with_env(env).load().err();
        assert_eq!(err.as_ref().map(|e| e.kind()), Some(CredentialsErrorKind::NotConfigured));
        let text = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains(OIDC_PROVIDER_ARN) && text.contains(OIDC_TOKEN_FILE), "{text}");
    }
}
