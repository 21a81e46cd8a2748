//! Credentials: the keys a request is signed with, and the providers that find them.
//!
//! Why this module exists: an application should not have to know whether its keys come from environment
//! variables, an OIDC role (RRSA), a RAM role assumed with other keys, the `aliyun` CLI's profiles, a
//! credentials file, the ECS instance's RAM role or a local credentials server. [`DefaultCredentialsChain`]
//! looks in the same places, in the same order, as the official SDKs; each place is also a provider of its
//! own for applications that want exactly one.
//!
//! Temporary credentials (STS tokens with an expiration) are cached and refreshed before they expire by
//! [`CachingProvider`]. Secrets never appear in `Debug` output or in error messages.
//!
//! Providers that read the environment or the home directory take them from an [`Env`], so tests can
//! hand them a fixed set of variables instead of changing the process's.
//!
//! Fixed keys ([`Credentials`]), the environment variables ([`EnvironmentProvider`]), the cache and the
//! chain are always there. Every provider that reads files or asks a server (OIDC and RAM roles through STS,
//! the CLI's profiles, `credentials.ini`, the ECS metadata service, a credentials URI) sits behind the
//! `credential-providers` feature (on by default), so an application that passes its keys explicitly or
//! reads them from the environment compiles none of them; without it, [`DefaultCredentialsChain`] reads
//! the environment only.

mod cache;
mod chain;
#[cfg(feature = "credential-providers")]
mod ecs;
mod env;
mod environment;
mod error;
#[cfg(feature = "credential-providers")]
mod http;
#[cfg(feature = "credential-providers")]
mod ini;
#[cfg(feature = "credential-providers")]
mod oidc;
#[cfg(feature = "credential-providers")]
mod profile;
#[cfg(feature = "credential-providers")]
mod ram_role;
#[cfg(feature = "credential-providers")]
mod sts;
#[cfg(feature = "credential-providers")]
mod uri;

use std::fmt;
use std::sync::Arc;

use futures::future::BoxFuture;
use time::OffsetDateTime;

pub use cache::{CachingProvider, DEFAULT_REFRESH_BEFORE};
pub use chain::{CredentialsChain, DefaultCredentialsChain, DefaultCredentialsChainBuilder};
pub use env::Env;
pub use environment::EnvironmentProvider;
pub use error::{CredentialsError, CredentialsErrorKind};
#[cfg(feature = "credential-providers")]
pub use {
    ecs::{EcsRamRoleProvider, DEFAULT_METADATA_BASE_URL},
    ini::CredentialsFileProvider,
    oidc::{OidcRoleProvider, DEFAULT_STS_ENDPOINT},
    profile::CliProfileProvider,
    ram_role::RamRoleArnProvider,
    uri::CredentialsUriProvider,
};

/// The environment variables the providers read, by name.
pub mod vars {
    pub use super::environment::{ACCESS_KEY_ID, ACCESS_KEY_SECRET, SECURITY_TOKEN};
    #[cfg(feature = "credential-providers")]
    pub use super::{
        ecs::{ECS_METADATA, ECS_METADATA_DISABLED, IMDSV1_DISABLED},
        ini::CREDENTIALS_FILE,
        oidc::{OIDC_PROVIDER_ARN, OIDC_TOKEN_FILE, ROLE_ARN, ROLE_SESSION_NAME, STS_REGION, VPC_ENDPOINT_ENABLED},
        profile::{CLI_PROFILE_DISABLED, PROFILE},
        uri::CREDENTIALS_URI,
    };
}

/// An AccessKey pair, with an STS security token and its expiration when the keys are temporary.
///
/// `Debug` shows the key id only; there is deliberately no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    expiration: Option<OffsetDateTime>,
}

impl Credentials {
    /// Long-term keys (or temporary ones, with [`with_security_token`](Self::with_security_token)).
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: None,
            expiration: None,
        }
    }

    /// Adds the STS security token that temporary keys need. An empty token counts as none.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        let token = token.into();
        self.security_token = (!token.is_empty()).then_some(token);
        self
    }

    /// Says when the keys stop working, so caches can refresh them in time.
    pub fn with_expiration(mut self, at: OffsetDateTime) -> Self {
        self.expiration = Some(at);
        self
    }

    /// The AccessKey id (not secret).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The AccessKey secret.
    pub fn access_key_secret(&self) -> &str {
        &self.access_key_secret
    }

    /// The STS security token, for temporary keys.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// When the keys expire, if they do.
    pub fn expiration(&self) -> Option<OffsetDateTime> {
        self.expiration
    }

    /// Whether the keys have expired at `now`.
    pub fn is_expired_at(&self, now: OffsetDateTime) -> bool {
        self.expiration.is_some_and(|at| at <= now)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &crate::redact::key_id(&self.access_key_id))
            .field("access_key_secret", &"<redacted>")
            .field("security_token", &self.security_token.as_ref().map(|_| "<redacted>"))
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// Something that can produce credentials, possibly by asking a server.
///
/// Called before every attempt, so implementations that do I/O should cache (see [`CachingProvider`]).
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Returns credentials, or says why there are none.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

/// Fixed keys given by the application. Fails once an expiration set on them has passed.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = if let Some(at) = self.expiration.filter(|_| self.is_expired_at(OffsetDateTime::now_utc())) {
            Err(CredentialsError::expired("static", at))
        } else {
            Ok(self.clone())
        };
        Box::pin(futures::future::ready(result))
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Arc<P> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Box<P> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn debug_redacts_secret_and_token() {
        let creds = Credentials::new("LTAI-AKID-1234", "s3cr3t").with_security_token("t0k3n");
        let text = format!("{creds:?}");
        assert!(text.contains("\"LTAI****\"") && !text.contains("AKID"), "{text}");
        assert!(!text.contains("s3cr3t"));
        assert!(!text.contains("t0k3n"));
        assert!(text.contains("<redacted>"));
    }

    #[test]
    fn empty_token_is_none() {
        assert_eq!(Credentials::new("a", "b").with_security_token("").security_token(), None);
    }

    #[test]
    fn expiry_check() {
        let creds = Credentials::new("a", "b").with_expiration(datetime!(2024-01-01 0:00 UTC));
        assert!(creds.is_expired_at(datetime!(2024-01-01 0:00 UTC)));
        assert!(!creds.is_expired_at(datetime!(2023-12-31 23:59 UTC)));
        assert!(!Credentials::new("a", "b").is_expired_at(datetime!(2100-01-01 0:00 UTC)));
    }

    #[tokio::test]
    async fn static_credentials_provide_themselves_until_expired() {
        let creds = Credentials::new("a", "b");
        assert_eq!(creds.provide_credentials().await.ok(), Some(creds.clone()));
        let old = creds.with_expiration(datetime!(2000-01-01 0:00 UTC));
        let err = old.provide_credentials().await.err().map(|e| e.kind());
        assert_eq!(err, Some(CredentialsErrorKind::Expired));
    }
}
