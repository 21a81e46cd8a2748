//! Keys from `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and, for temporary keys,
//! `ALIBABA_CLOUD_SECURITY_TOKEN`: the first place every official SDK looks.

use futures::future::BoxFuture;

use super::{Credentials, CredentialsError, Env, ProvideCredentials};

/// The variable holding the AccessKey id.
pub const ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// The variable holding the AccessKey secret.
pub const ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// The variable holding the STS security token of temporary keys.
pub const SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";

const NAME: &str = "environment";

/// Reads keys from environment variables at each call.
#[derive(Debug, Clone, Default)]
pub struct EnvironmentProvider {
    env: Env,
}

impl EnvironmentProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the given environment instead.
    pub fn with_env(env: Env) -> Self {
        EnvironmentProvider { env }
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        match (self.env.var(ACCESS_KEY_ID), self.env.var(ACCESS_KEY_SECRET)) {
            (None, None) => Err(CredentialsError::not_configured(NAME, format!("{ACCESS_KEY_ID} is not set"))),
            (Some(_), None) => {
                Err(CredentialsError::invalid(NAME, format!("{ACCESS_KEY_ID} is set but {ACCESS_KEY_SECRET} is not"))
                    .with_hint(format!("set {ACCESS_KEY_SECRET} too, or unset {ACCESS_KEY_ID}")))
            }
            (None, Some(_)) => {
                Err(CredentialsError::invalid(NAME, format!("{ACCESS_KEY_SECRET} is set but {ACCESS_KEY_ID} is not"))
                    .with_hint(format!("set {ACCESS_KEY_ID} too, or unset {ACCESS_KEY_SECRET}")))
            }
            (Some(id), Some(secret)) => {
                let creds = Credentials::new(id, secret);
                Ok(match self.env.var(SECURITY_TOKEN) {
                    Some(token) => creds.with_security_token(token),
                    None => creds,
                })
            }
        }
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(futures::future::ready(self.load()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::CredentialsErrorKind;

    fn load(vars: &[(&str, &str)]) -> Result<Credentials, CredentialsError> {
        EnvironmentProvider::with_env(Env::from_vars(vars.iter().copied())).load()
    }

    #[test]
    fn reads_keys_and_token() {
        let creds = load(&[(ACCESS_KEY_ID, "id"), (ACCESS_KEY_SECRET, "sec"), (SECURITY_TOKEN, "tok")]).ok();
        assert_eq!(creds, Some(Credentials::new("id", "sec").with_security_token("tok")));
        let creds = load(&[(ACCESS_KEY_ID, "id"), (ACCESS_KEY_SECRET, "sec")]).ok();
        assert_eq!(creds, Some(Credentials::new("id", "sec")));
    }

    #[test]
    fn nothing_set_is_not_configured() {
        assert_eq!(load(&[]).err().map(|e| e.kind()), Some(CredentialsErrorKind::NotConfigured));
    }

    #[test]
    fn half_set_is_invalid_and_names_the_missing_variable() {
        let err = load(&[(ACCESS_KEY_ID, "id")]).err();
        assert_eq!(err.as_ref().map(|e| e.kind()), Some(CredentialsErrorKind::Invalid));
        assert!(err.map(|e| e.to_string()).unwrap_or_default().contains(ACCESS_KEY_SECRET));
        let err = load(&[(ACCESS_KEY_SECRET, "sec")]).err();
        assert_eq!(err.map(|e| e.kind()), Some(CredentialsErrorKind::Invalid));
    }
}
