//! A RAM role assumed with other keys: STS `AssumeRole`, signed with the keys of a source provider, as the
//! official SDKs do (a GET with the RPC `HMAC-SHA1` signature in the query).
//!
//! The source is any provider: a CLI profile's AccessKey (mode `RamRoleArn`), another profile (mode
//! `ChainableRamRoleArn`), a credentials file section (type `ram_role_arn`), or whatever an application
//! passes. The keys expire, so use this provider through [`CachingProvider`](super::CachingProvider); the
//! default chain does.

use std::sync::Arc;

use futures::future::BoxFuture;
use time::OffsetDateTime;

use super::sts::{self, RoleSession};
use super::{Credentials, CredentialsError, Env, ProvideCredentials};
use crate::signing::{self, SignatureVersion, SigningContext, SigningRequest};

const NAME: &str = "ram-role-arn";

/// Assumes a RAM role with the keys another provider gives.
#[derive(Clone)]
pub struct RamRoleArnProvider {
    source: Arc<dyn ProvideCredentials>,
    role_arn: String,
    env: Env,
    session: RoleSession,
    external_id: Option<String>,
}

impl std::fmt::Debug for RamRoleArnProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RamRoleArnProvider")
            .field("source", &self.source)
            .field("role_arn", &self.role_arn)
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

impl RamRoleArnProvider {
    /// Assumes `role_arn` with the keys `source` gives; one-hour sessions, the process environment for the
    /// session name and STS region variables.
    pub fn new(source: impl ProvideCredentials + 'static, role_arn: impl Into<String>) -> Self {
        RamRoleArnProvider {
            source: Arc::new(source),
            role_arn: role_arn.into(),
            env: Env::process(),
            session: RoleSession::default(),
            external_id: None,
        }
    }

    /// Reads `ALIBABA_CLOUD_ROLE_SESSION_NAME` and the STS region variables from this environment.
    pub fn env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// The external id the role's trust policy asks for.
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into());
        self
    }

    sts::role_session_setters!();

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        self.session.check(NAME)?;
        let source = self.source.provide_credentials().await.map_err(|err| {
            CredentialsError::new(NAME, err.kind(), format!("no keys to assume the role {} with", self.role_arn))
                .with_attempts(vec![err])
        })?;
        let now = OffsetDateTime::now_utc();
        let mut params = self.session.params(&self.role_arn, &self.env, now);
        if let Some(id) = &self.external_id {
            params.push(("ExternalId", id.clone()));
        }
        let base = self.session.sts.url(&self.env);
        let host = base.split_once("://").map_or(base.as_str(), |(_, rest)| rest);
        let request = SigningRequest {
            method: "GET",
            host,
            action: "AssumeRole",
            version: sts::STS_VERSION,
            params: &params,
            form: &[],
            headers: &[],
        };
        let nonce = signing::new_nonce();
        let context = SigningContext { credentials: &source, timestamp: now, nonce: &nonce };
        let signed = signing::sign(SignatureVersion::V1, &request, &context);
        let url = format!("{base}/?{}", signed.query);
        let hint = format!(
            "check that the keys ({}) may assume roles (AliyunSTSAssumeRoleAccess) and that the role {} trusts \
             their account",
            crate::redact::key_id(source.access_key_id()),
            self.role_arn
        );
        sts::call(NAME, &self.session.sts, "AssumeRole", &url, source.security_token(), hint).await
    }
}

impl ProvideCredentials for RamRoleArnProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.fetch())
    }
}
