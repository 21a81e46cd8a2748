//! Keys from the `aliyun` CLI's profiles file, `~/.aliyun/config.json`.
//!
//! The profile used is the one named with [`CliProfileProvider::profile`], else `ALIBABA_CLOUD_PROFILE`,
//! else the file's `current`. Modes `AK`, `StsToken`, `EcsRamRole`, `CredentialsURI` and `OIDC` are supported;
//! the others (RamRoleArn, ...) need another STS call or a sign-in flow and are refused by name.

use std::path::PathBuf;

use futures::future::BoxFuture;
use serde::Deserialize;

use super::error::describe_json_error;
use super::{
    Credentials, CredentialsError, CredentialsUriProvider, EcsRamRoleProvider, Env, OidcRoleProvider,
    ProvideCredentials,
};

/// The variable choosing the profile (also used by the credentials file).
pub const PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
/// Set to `true` to keep the default chain from reading the CLI's profiles.
pub const CLI_PROFILE_DISABLED: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";

const NAME: &str = "cli-profile";

/// Reads a profile of the CLI's `config.json` at each call.
#[derive(Debug, Clone, Default)]
pub struct CliProfileProvider {
    env: Env,
    path: Option<PathBuf>,
    profile: Option<String>,
    ecs: EcsRamRoleProvider,
    oidc: OidcRoleProvider,
}

#[derive(Deserialize)]
struct ConfigFile {
    #[serde(default)]
    current: Option<String>,
    #[serde(default)]
    profiles: Vec<Profile>,
}

#[derive(Deserialize)]
struct Profile {
    #[serde(default)]
    name: String,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    access_key_id: Option<String>,
    #[serde(default)]
    access_key_secret: Option<String>,
    #[serde(default)]
    sts_token: Option<String>,
    #[serde(default)]
    ram_role_name: Option<String>,
    #[serde(default)]
    credentials_uri: Option<String>,
    #[serde(default)]
    ram_role_arn: Option<String>,
    #[serde(default)]
    oidc_provider_arn: Option<String>,
    #[serde(default)]
    oidc_token_file: Option<String>,
    #[serde(default)]
    role_session_name: Option<String>,
    #[serde(default)]
    expired_seconds: Option<u64>,
    #[serde(default)]
    policy: Option<String>,
    #[serde(default)]
    sts_region: Option<String>,
    #[serde(default)]
    enable_vpc: Option<bool>,
}

impl CliProfileProvider {
    /// Reads `~/.aliyun/config.json` with the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses this environment (for `ALIBABA_CLOUD_PROFILE` and the home directory).
    pub fn with_env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Reads this file instead of `~/.aliyun/config.json`.
    pub fn path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Uses this profile, whatever the environment and the file's `current` say.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// How `EcsRamRole` profiles reach the metadata service (base URL, timeouts).
    pub fn ecs_ram_role(mut self, ecs: EcsRamRoleProvider) -> Self {
        self.ecs = ecs;
        self
    }

    /// How `OIDC` profiles reach STS (endpoint, timeouts); the profile supplies role, provider and token file.
    pub fn oidc_role(mut self, oidc: OidcRoleProvider) -> Self {
        self.oidc = oidc;
        self
    }

    fn file(&self) -> Option<PathBuf> {
        self.path.clone().or_else(|| self.env.home_dir().map(|h| h.join(".aliyun").join("config.json")))
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        if self.env.flag(CLI_PROFILE_DISABLED) {
            return Err(CredentialsError::not_configured(NAME, format!("disabled by {CLI_PROFILE_DISABLED}")));
        }
        let Some(path) = self.file() else {
            return Err(CredentialsError::not_configured(NAME, "no home directory to find .aliyun/config.json in"));
        };
        let shown = path.display().to_string();
        let bytes = match tokio::fs::read(&path).await {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CredentialsError::not_configured(NAME, format!("no file at {shown}")));
            }
            Err(e) => return Err(CredentialsError::invalid(NAME, format!("cannot read {shown}")).with_source(e)),
        };
        let config: ConfigFile = serde_json::from_slice(&bytes).map_err(|e| {
            CredentialsError::invalid(NAME, format!("{shown} {}", describe_json_error(&e)))
                .with_hint("fix the file, or run `aliyun configure` to rewrite it")
        })?;
        let wanted = self
            .profile
            .clone()
            .or_else(|| self.env.var(PROFILE))
            .or(config.current)
            .unwrap_or_else(|| "default".into());
        let Some(profile) = config.profiles.into_iter().find(|p| p.name == wanted) else {
            return Err(CredentialsError::invalid(NAME, format!("{shown} has no profile named \"{wanted}\""))
                .with_hint(format!("run `aliyun configure --profile {wanted}`, or choose another with {PROFILE}")));
        };
        self.credentials(profile, &shown).await
    }

    async fn credentials(&self, profile: Profile, shown: &str) -> Result<Credentials, CredentialsError> {
        let name = &profile.name;
        let need = |value: Option<String>, field: &str| {
            value.filter(|v| !v.trim().is_empty()).ok_or_else(|| {
                CredentialsError::invalid(NAME, format!("profile \"{name}\" in {shown} has no {field}"))
                    .with_hint(format!("run `aliyun configure --profile {name}`"))
            })
        };
        let mode = profile.mode.clone().unwrap_or_default();
        match mode.as_str() {
            "AK" => Ok(Credentials::new(need(profile.access_key_id, "access_key_id")?, need(profile.access_key_secret, "access_key_secret")?)),
            "StsToken" => Ok(Credentials::new(need(profile.access_key_id, "access_key_id")?, need(profile.access_key_secret, "access_key_secret")?)
                .with_security_token(need(profile.sts_token, "sts_token")?)),
            "EcsRamRole" => {
                let mut ecs = self.ecs.clone().probing(false);
                if let Some(role) = profile.ram_role_name.filter(|r| !r.trim().is_empty()) {
                    ecs = ecs.role_name(role);
                }
                ecs.provide_credentials().await
            }
            "CredentialsURI" => CredentialsUriProvider::new(need(profile.credentials_uri, "credentials_uri")?).provide_credentials().await,
            "OIDC" => {
                let mut oidc = self.oidc.clone().role(
                    need(profile.ram_role_arn, "ram_role_arn")?,
                    need(profile.oidc_provider_arn, "oidc_provider_arn")?,
                    need(profile.oidc_token_file, "oidc_token_file")?,
                );
                if let Some(session) = profile.role_session_name.filter(|s| !s.trim().is_empty()) {
                    oidc = oidc.session_name(session);
                }
                if let Some(seconds) = profile.expired_seconds {
                    oidc = oidc.duration(std::time::Duration::from_secs(seconds));
                }
                if let Some(policy) = profile.policy.filter(|p| !p.trim().is_empty()) {
                    oidc = oidc.policy(policy);
                }
                if let Some(region) = profile.sts_region.filter(|r| !r.trim().is_empty()) {
                    oidc = oidc.sts_region(region, profile.enable_vpc.unwrap_or(false));
                }
                oidc.provide_credentials().await
            }
            "" => Err(CredentialsError::invalid(NAME, format!("profile \"{name}\" in {shown} has no mode"))
                .with_hint(format!("run `aliyun configure --profile {name}`"))),
            other => Err(CredentialsError::unsupported(
                NAME,
                format!("profile \"{name}\" in {shown} uses mode {other}, which is not supported yet ({})", needs(other)),
            )
            .with_hint("use a profile with mode AK, StsToken, EcsRamRole, CredentialsURI or OIDC, or set the ALIBABA_CLOUD_ACCESS_KEY_* variables")),
        }
    }
}

/// Why a mode cannot be served without more machinery.
fn needs(mode: &str) -> &'static str {
    match mode {
        "RamRoleArn" | "ChainableRamRoleArn" => "it needs an STS AssumeRole call",
        "RsaKeyPair" => "it needs an STS GenerateSessionAccessKey call",
        "CloudSSO" | "OAuth" => "it needs an interactive sign-in",
        "External" => "it needs running an external program",
        _ => "this SDK does not know it",
    }
}

impl ProvideCredentials for CliProfileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}
