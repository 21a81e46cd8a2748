//! Keys from the `aliyun` CLI's profiles file, `~/.aliyun/config.json`.
//!
//! The profile used is the one named with [`CliProfileProvider::profile`], else `ALIBABA_CLOUD_PROFILE`,
//! else the file's `current`. Modes `AK`, `StsToken`, `RamRoleArn`, `ChainableRamRoleArn`, `EcsRamRole`,
//! `CredentialsURI` and `OIDC` are supported; the others (RsaKeyPair, CloudSSO, ...) need another STS call or
//! a sign-in flow and are refused by name.

use std::path::PathBuf;

use futures::future::BoxFuture;
use serde::Deserialize;

use super::error::describe_json_error;
use super::sts::RoleSession;
use super::{
    Credentials, CredentialsError, CredentialsUriProvider, EcsRamRoleProvider, Env, OidcRoleProvider,
    ProvideCredentials, RamRoleArnProvider,
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
    sts_endpoint: Option<String>,
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
    ram_session_name: Option<String>,
    #[serde(default)]
    external_id: Option<String>,
    #[serde(default)]
    source_profile: Option<String>,
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

impl Profile {
    /// This profile's settings over `session`, for a role it assumes (the session name's key differs by mode).
    fn session(&self, name: Option<&String>, session: RoleSession) -> RoleSession {
        session.with_profile(
            name,
            self.expired_seconds,
            self.policy.as_ref(),
            self.sts_region.as_ref(),
            self.enable_vpc,
        )
    }
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

    /// Calls STS here for profiles that assume a role (`RamRoleArn`, `ChainableRamRoleArn`, `OIDC`) instead
    /// of the endpoint their region settings choose.
    pub fn sts_endpoint(mut self, url: impl Into<String>) -> Self {
        self.sts_endpoint = Some(url.into());
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
        self.provider(&config.profiles, &wanted, &shown, 0)?.provide_credentials().await
    }

    /// The provider for the profile called `name`: keys for `AK` and `StsToken`, a provider that asks for
    /// the others. `depth` counts the `source_profile` links followed, so a loop is an error, not a hang.
    fn provider(
        &self,
        profiles: &[Profile],
        name: &str,
        shown: &str,
        depth: usize,
    ) -> Result<Box<dyn ProvideCredentials>, CredentialsError> {
        let Some(profile) = profiles.iter().find(|p| p.name == name) else {
            return Err(CredentialsError::invalid(NAME, format!("{shown} has no profile named \"{name}\""))
                .with_hint(format!("run `aliyun configure --profile {name}`, or choose another with {PROFILE}")));
        };
        let need = |value: &Option<String>, field: &str| {
            value.clone().filter(|v| !v.trim().is_empty()).ok_or_else(|| {
                CredentialsError::invalid(NAME, format!("profile \"{name}\" in {shown} has no {field}"))
                    .with_hint(format!("run `aliyun configure --profile {name}`"))
            })
        };
        let keys = || {
            Ok::<_, CredentialsError>(Credentials::new(
                need(&profile.access_key_id, "access_key_id")?,
                need(&profile.access_key_secret, "access_key_secret")?,
            ))
        };
        let assume = |source: Box<dyn ProvideCredentials>| -> Result<Box<dyn ProvideCredentials>, CredentialsError> {
            let mut role = self
                .ram_role(source, need(&profile.ram_role_arn, "ram_role_arn")?)
                .with_profile_session(|s| profile.session(profile.ram_session_name.as_ref(), s));
            if let Some(id) = profile.external_id.clone().filter(|id| !id.trim().is_empty()) {
                role = role.external_id(id);
            }
            Ok(Box::new(role))
        };
        let mode = profile.mode.clone().unwrap_or_default();
        match mode.as_str() {
            "AK" => Ok(Box::new(keys()?)),
            "StsToken" => Ok(Box::new(keys()?.with_security_token(need(&profile.sts_token, "sts_token")?))),
            "EcsRamRole" => {
                let mut ecs = self.ecs.clone().probing(false);
                if let Some(role) = profile.ram_role_name.clone().filter(|r| !r.trim().is_empty()) {
                    ecs = ecs.role_name(role);
                }
                Ok(Box::new(ecs))
            }
            "CredentialsURI" => {
                Ok(Box::new(CredentialsUriProvider::new(need(&profile.credentials_uri, "credentials_uri")?)))
            }
            "OIDC" => Ok(Box::new(
                self.oidc()
                    .role(
                        need(&profile.ram_role_arn, "ram_role_arn")?,
                        need(&profile.oidc_provider_arn, "oidc_provider_arn")?,
                        need(&profile.oidc_token_file, "oidc_token_file")?,
                    )
                    .with_profile_session(|s| profile.session(profile.role_session_name.as_ref(), s)),
            )),
            "RamRoleArn" => assume(Box::new(keys()?)),
            "ChainableRamRoleArn" => {
                let source = need(&profile.source_profile, "source_profile")?;
                if depth >= MAX_CHAIN {
                    return Err(CredentialsError::invalid(
                        NAME,
                        format!("profile \"{name}\" in {shown}: source_profile links go {MAX_CHAIN} deep (a loop?)"),
                    )
                    .with_hint("make the chain of source_profile end at a profile with keys"));
                }
                assume(self.provider(profiles, &source, shown, depth + 1)?)
            }
            "" => Err(CredentialsError::invalid(NAME, format!("profile \"{name}\" in {shown} has no mode"))
                .with_hint(format!("run `aliyun configure --profile {name}`"))),
            other => Err(CredentialsError::unsupported(
                NAME,
                format!(
                    "profile \"{name}\" in {shown} uses mode {other}, which is not supported yet ({})",
                    needs(other)
                ),
            )
            .with_hint(OTHER_MODES)),
        }
    }

    /// A role assumed with `source`'s keys, with this provider's environment and STS endpoint.
    fn ram_role(&self, source: Box<dyn ProvideCredentials>, role_arn: String) -> RamRoleArnProvider {
        let role = RamRoleArnProvider::new(source, role_arn).env(self.env.clone());
        match &self.sts_endpoint {
            Some(url) => role.endpoint_url(url),
            None => role,
        }
    }

    /// An OIDC role with this provider's environment and STS endpoint (the profile supplies the rest).
    fn oidc(&self) -> OidcRoleProvider {
        let oidc = OidcRoleProvider::with_env(self.env.clone());
        match &self.sts_endpoint {
            Some(url) => oidc.endpoint_url(url),
            None => oidc,
        }
    }
}

/// The hint for a mode this SDK does not serve.
const OTHER_MODES: &str = "use a profile with mode AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, \
                           CredentialsURI or OIDC, or set the ALIBABA_CLOUD_ACCESS_KEY_* variables";

/// How many `source_profile` links a ChainableRamRoleArn profile may follow.
const MAX_CHAIN: usize = 8;

/// Why a mode cannot be served without more machinery.
fn needs(mode: &str) -> &'static str {
    match mode {
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
