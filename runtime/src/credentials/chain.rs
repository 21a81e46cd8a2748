//! Trying providers in order, and the default order the official SDKs use.
//!
//! A provider that is simply not set up (no variables, no file, no metadata service) lets the chain move
//! on. A provider that is set up but fails (a half-set environment, a profile in an unsupported mode,
//! an OIDC role that STS refuses) stops the chain: silently falling back to another identity further down
//! would be worse than a clear error. Either way the error lists what every provider tried said.

use std::time::Duration;

use futures::future::BoxFuture;

#[cfg(feature = "credential-providers")]
use super::ecs::{ECS_METADATA, ECS_METADATA_DISABLED, IMDSV1_DISABLED};
use super::{
    CachingProvider, Credentials, CredentialsError, Env, EnvironmentProvider, ProvideCredentials,
    DEFAULT_REFRESH_BEFORE,
};
#[cfg(feature = "credential-providers")]
use super::{
    CliProfileProvider, CredentialsFileProvider, CredentialsUriProvider, EcsRamRoleProvider, OidcRoleProvider,
};

#[cfg(feature = "credential-providers")]
const HINT: &str = "set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, run `aliyun configure`, \
                    write ~/.alibabacloud/credentials.ini, attach a RAM role to the ECS instance, or pass \
                    credentials to the client explicitly";
#[cfg(not(feature = "credential-providers"))]
const HINT: &str =
    "set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, pass credentials to the client \
                    explicitly, or build with the `credential-providers` feature to read profiles, files and roles";

/// Providers tried in order; the first that yields credentials wins.
#[derive(Debug, Default)]
pub struct CredentialsChain {
    providers: Vec<Box<dyn ProvideCredentials>>,
}

impl CredentialsChain {
    /// An empty chain (it always fails).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a provider at the end.
    pub fn push(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.providers.push(Box::new(provider));
        self
    }

    async fn get(&self) -> Result<Credentials, CredentialsError> {
        let mut attempts = Vec::with_capacity(self.providers.len());
        for provider in &self.providers {
            match provider.provide_credentials().await {
                Ok(creds) => return Ok(creds),
                Err(err) if err.is_not_configured() => attempts.push(err),
                Err(err) => {
                    let (kind, failed) = (err.kind(), err.provider());
                    attempts.push(err);
                    let message = format!("stopped at {failed}, which is set up but failed");
                    return Err(CredentialsError::new("credentials-chain", kind, message).with_attempts(attempts));
                }
            }
        }
        Err(CredentialsError::not_configured("credentials-chain", "no provider found credentials")
            .with_hint(HINT)
            .with_attempts(attempts))
    }
}

impl ProvideCredentials for CredentialsChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.get())
    }
}

/// The chain the official SDKs use, cached: environment variables, the OIDC role (STS
/// `AssumeRoleWithOIDC`), the CLI's `config.json`, `credentials.ini`, the ECS instance RAM role,
/// `ALIBABA_CLOUD_CREDENTIALS_URI`. Without the `credential-providers` feature, the environment variables
/// only.
///
/// The ECS metadata service is asked only when `ALIBABA_CLOUD_ECS_METADATA_DISABLED` is not `true`, with
/// 1 s timeouts; when nobody named a role (`ALIBABA_CLOUD_ECS_METADATA`) and it does not answer, the chain
/// moves on. Nothing is read or fetched until credentials are first needed.
#[derive(Debug)]
pub struct DefaultCredentialsChain {
    inner: CachingProvider,
}

impl DefaultCredentialsChain {
    /// The default chain over the process environment and the real metadata service.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// A builder to change where the chain looks (for tests and unusual setups).
    pub fn builder() -> DefaultCredentialsChainBuilder {
        DefaultCredentialsChainBuilder::default()
    }
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.inner.provide_credentials()
    }
}

/// Configures a [`DefaultCredentialsChain`].
#[derive(Debug, Clone)]
pub struct DefaultCredentialsChainBuilder {
    env: Env,
    #[cfg(feature = "credential-providers")]
    ecs: EcsRamRoleProvider,
    #[cfg(feature = "credential-providers")]
    sts_endpoint: Option<String>,
    refresh_before: Duration,
}

impl Default for DefaultCredentialsChainBuilder {
    fn default() -> Self {
        DefaultCredentialsChainBuilder {
            env: Env::process(),
            #[cfg(feature = "credential-providers")]
            ecs: EcsRamRoleProvider::new(),
            #[cfg(feature = "credential-providers")]
            sts_endpoint: None,
            refresh_before: DEFAULT_REFRESH_BEFORE,
        }
    }
}

impl DefaultCredentialsChainBuilder {
    /// Reads variables and the home directory from `env` instead of the process.
    pub fn env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Asks this metadata service instead of `http://100.100.100.200`.
    #[cfg(feature = "credential-providers")]
    pub fn metadata_base_url(mut self, url: impl Into<String>) -> Self {
        self.ecs = self.ecs.base_url(url);
        self
    }

    /// Calls STS here (for the OIDC role, and profiles or sections that assume a role) instead of the
    /// endpoint their settings choose.
    #[cfg(feature = "credential-providers")]
    pub fn sts_endpoint(mut self, url: impl Into<String>) -> Self {
        self.sts_endpoint = Some(url.into());
        self
    }

    /// The connect and read timeouts for the metadata service (1 s each by default).
    #[cfg(feature = "credential-providers")]
    pub fn metadata_timeouts(mut self, connect: Duration, read: Duration) -> Self {
        self.ecs = self.ecs.timeouts(connect, read);
        self
    }

    /// Refreshes temporary credentials this long before they expire (5 minutes by default).
    pub fn refresh_before(mut self, window: Duration) -> Self {
        self.refresh_before = window;
        self
    }

    /// The chain.
    #[cfg(not(feature = "credential-providers"))]
    pub fn build(self) -> DefaultCredentialsChain {
        let chain = CredentialsChain::new().push(EnvironmentProvider::with_env(self.env));
        DefaultCredentialsChain { inner: CachingProvider::new(chain).refresh_before(self.refresh_before) }
    }

    /// The chain.
    #[cfg(feature = "credential-providers")]
    pub fn build(self) -> DefaultCredentialsChain {
        let env = self.env;
        // Profiles of type EcsRamRole honour the IMDSv1 switch too; the chain's own entry reads it per call.
        let ecs = self.ecs.imds_v1_disabled(env.flag(IMDSV1_DISABLED));
        let mut oidc = OidcRoleProvider::with_env(env.clone());
        let mut cli = CliProfileProvider::new().with_env(env.clone()).ecs_ram_role(ecs.clone());
        let mut file = CredentialsFileProvider::new().with_env(env.clone()).ecs_ram_role(ecs.clone());
        if let Some(url) = self.sts_endpoint {
            oidc = oidc.endpoint_url(&url);
            cli = cli.sts_endpoint(&url);
            file = file.sts_endpoint(url);
        }
        let chain = CredentialsChain::new()
            .push(EnvironmentProvider::with_env(env.clone()))
            .push(oidc)
            .push(cli)
            .push(file)
            .push(ChainEcs { env: env.clone(), ecs })
            .push(ChainUri { env });
        DefaultCredentialsChain { inner: CachingProvider::new(chain).refresh_before(self.refresh_before) }
    }
}

#[cfg(feature = "credential-providers")]
/// The ECS role as the chain uses it: variables read at call time, "not on ECS" is not an error.
#[derive(Debug)]
struct ChainEcs {
    env: Env,
    ecs: EcsRamRoleProvider,
}

#[cfg(feature = "credential-providers")]
impl ProvideCredentials for ChainEcs {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            if self.env.flag(ECS_METADATA_DISABLED) {
                return Err(CredentialsError::not_configured(
                    "ecs-ram-role",
                    format!("disabled by {ECS_METADATA_DISABLED}"),
                ));
            }
            let mut ecs = self.ecs.clone().imds_v1_disabled(self.env.flag(IMDSV1_DISABLED)).probing(true);
            if let Some(role) = self.env.var(ECS_METADATA) {
                ecs = ecs.role_name(role);
            }
            ecs.provide_credentials().await
        })
    }
}

#[cfg(feature = "credential-providers")]
/// The credentials URI as the chain uses it: the variable read at call time.
#[derive(Debug)]
struct ChainUri {
    env: Env,
}

#[cfg(feature = "credential-providers")]
impl ProvideCredentials for ChainUri {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move { CredentialsUriProvider::from_env(&self.env).provide_credentials().await })
    }
}

/// The chain as an application built without `credential-providers` has it (run with
/// `cargo test -p alibabacloud-backup-runtime --no-default-features --lib`, which CI does).
#[cfg(all(test, not(feature = "credential-providers")))]
mod environment_only {
    use super::*;

    #[tokio::test]
    async fn reads_the_environment_and_says_how_to_get_more() {
        let env = Env::from_vars([("ALIBABA_CLOUD_ACCESS_KEY_ID", "id"), ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "sk")]);
        let creds = DefaultCredentialsChain::builder().env(env).build().provide_credentials().await;
        assert_eq!(creds.ok().map(|c| c.access_key_id().to_owned()), Some("id".to_owned()));

        let home = std::env::temp_dir();
        let empty =
            DefaultCredentialsChain::builder().env(Env::from_vars(Vec::<(String, String)>::new()).with_home(home));
        let err = empty.build().provide_credentials().await.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("credential-providers") && err.contains("(1) environment"), "{err}");
        assert!(!err.contains("(2)"), "only the environment is tried: {err}");
    }
}
