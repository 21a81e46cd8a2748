//! Keys from the shared credentials file, `~/.alibabacloud/credentials.ini`.
//!
//! The file is `ALIBABA_CLOUD_CREDENTIALS_FILE` when set; the section is the one named with
//! [`CredentialsFileProvider::profile`], else `ALIBABA_CLOUD_PROFILE`, else `default`. Types
//! `access_key`, `ram_role_arn`, `ecs_ram_role` and `oidc_role_arn` are supported; `rsa_key_pair` needs
//! another STS call and is refused by name.
//!
//! ```ini
//! [default]
//! type = access_key
//! access_key_id = LTAI...
//! access_key_secret = ...
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

use futures::future::BoxFuture;

use super::profile::PROFILE;
use super::sts::RoleSession;
use super::{
    Credentials, CredentialsError, EcsRamRoleProvider, Env, OidcRoleProvider, ProvideCredentials, RamRoleArnProvider,
};

/// The variable naming the credentials file.
pub const CREDENTIALS_FILE: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";

const NAME: &str = "credentials-file";

/// Reads a section of the credentials file at each call.
#[derive(Debug, Clone, Default)]
pub struct CredentialsFileProvider {
    env: Env,
    path: Option<PathBuf>,
    profile: Option<String>,
    ecs: EcsRamRoleProvider,
    sts_endpoint: Option<String>,
}

/// Sections of an INI file: lower-case keys, trimmed values with `#` comments removed.
type Sections = BTreeMap<String, BTreeMap<String, String>>;

fn parse_ini(text: &str) -> Sections {
    let mut sections = Sections::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim().to_owned();
            sections.entry(name.clone()).or_default();
            current = Some(name);
            continue;
        }
        let (Some(section), Some(split)) = (&current, line.find(['=', ':'])) else {
            continue;
        };
        let key = line[..split].trim().to_ascii_lowercase();
        let value = line[split + 1..].split('#').next().unwrap_or_default().trim().to_owned();
        sections.entry(section.clone()).or_default().insert(key, value);
    }
    sections
}

impl CredentialsFileProvider {
    /// Reads the default file with the process environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses this environment (for the variables and the home directory).
    pub fn with_env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Reads this file, whatever `ALIBABA_CLOUD_CREDENTIALS_FILE` says.
    pub fn path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Reads this section, whatever `ALIBABA_CLOUD_PROFILE` says.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// How `ecs_ram_role` sections reach the metadata service (base URL, timeouts).
    pub fn ecs_ram_role(mut self, ecs: EcsRamRoleProvider) -> Self {
        self.ecs = ecs;
        self
    }

    /// Calls STS here for sections that assume a role (`ram_role_arn`, `oidc_role_arn`) instead of the central
    /// endpoint.
    pub fn sts_endpoint(mut self, url: impl Into<String>) -> Self {
        self.sts_endpoint = Some(url.into());
        self
    }

    /// The file to read, and whether the user named it (so that its absence is an error).
    fn file(&self) -> Option<(PathBuf, bool)> {
        if let Some(path) = &self.path {
            return Some((path.clone(), true));
        }
        if let Some(path) = self.env.var(CREDENTIALS_FILE) {
            return Some((PathBuf::from(path), true));
        }
        self.env.home_dir().map(|h| (h.join(".alibabacloud").join("credentials.ini"), false))
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let Some((path, named)) = self.file() else {
            return Err(CredentialsError::not_configured(
                NAME,
                "no home directory to find .alibabacloud/credentials.ini in",
            ));
        };
        let shown = path.display().to_string();
        let text = match tokio::fs::read(&path).await {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => {
                return Err(CredentialsError::not_configured(NAME, format!("no file at {shown}")));
            }
            Err(e) => {
                return Err(CredentialsError::invalid(NAME, format!("cannot read {shown}"))
                    .with_hint(format!("fix the path in {CREDENTIALS_FILE} or create the file"))
                    .with_source(e))
            }
        };
        let chosen = self.profile.clone().or_else(|| self.env.var(PROFILE));
        let section_name = chosen.clone().unwrap_or_else(|| "default".to_owned());
        let mut sections = parse_ini(&text);
        let Some(section) = sections.remove(&section_name) else {
            let message = format!("{shown} has no [{section_name}] section");
            return Err(match chosen {
                Some(_) => CredentialsError::invalid(NAME, message)
                    .with_hint(format!("add the section, or choose another with {PROFILE}")),
                None => CredentialsError::not_configured(NAME, message),
            });
        };
        self.credentials(&section, &section_name, &shown).await
    }

    async fn credentials(
        &self,
        section: &BTreeMap<String, String>,
        name: &str,
        shown: &str,
    ) -> Result<Credentials, CredentialsError> {
        let need = |key: &str| {
            section.get(key).filter(|v| !v.is_empty()).cloned().ok_or_else(|| {
                CredentialsError::invalid(NAME, format!("[{name}] in {shown} has no {key}"))
                    .with_hint(format!("add `{key} = ...` to the section"))
            })
        };
        // A section's optional settings for a role it assumes.
        let session =
            |s: RoleSession| s.with_profile(section.get("role_session_name"), None, section.get("policy"), None, None);
        match section.get("type").map(String::as_str).unwrap_or_default() {
            "access_key" => Ok(Credentials::new(need("access_key_id")?, need("access_key_secret")?)),
            "ecs_ram_role" => {
                let mut ecs = self.ecs.clone().probing(false);
                if let Some(role) = section.get("role_name").filter(|r| !r.is_empty()) {
                    ecs = ecs.role_name(role.clone());
                }
                ecs.provide_credentials().await
            }
            "ram_role_arn" => {
                let keys = Credentials::new(need("access_key_id")?, need("access_key_secret")?);
                let mut role = RamRoleArnProvider::new(keys, need("role_arn")?).env(self.env.clone());
                if let Some(url) = &self.sts_endpoint {
                    role = role.endpoint_url(url);
                }
                role.with_profile_session(session).provide_credentials().await
            }
            "oidc_role_arn" => {
                let mut oidc = OidcRoleProvider::with_env(self.env.clone()).role(
                    need("role_arn")?,
                    need("oidc_provider_arn")?,
                    need("oidc_token_file_path")?,
                );
                if let Some(url) = &self.sts_endpoint {
                    oidc = oidc.endpoint_url(url);
                }
                oidc.with_profile_session(session).provide_credentials().await
            }
            "" => Err(CredentialsError::invalid(NAME, format!("[{name}] in {shown} has no type"))
                .with_hint("add `type = access_key` (or ecs_ram_role) to the section")),
            other => Err(CredentialsError::unsupported(
                NAME,
                format!("[{name}] in {shown} has type {other}, which is not supported yet"),
            )
            .with_hint(
                "use type access_key, ram_role_arn, ecs_ram_role or oidc_role_arn, or set the \
                 ALIBABA_CLOUD_ACCESS_KEY_* variables",
            )),
        }
    }
}

impl ProvideCredentials for CredentialsFileProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_comments_and_separators() {
        let text = "# top\n[default]\ntype = access_key # inline\nAccess_Key_Id: id\n; note\n\n[ other ]\nx=1\nstray\n";
        let sections = parse_ini(text);
        let default = &sections["default"];
        assert_eq!(default["type"], "access_key");
        assert_eq!(default["access_key_id"], "id");
        assert_eq!(sections["other"]["x"], "1");
        assert_eq!(sections.len(), 2);
    }

    #[test]
    fn keys_before_any_section_are_ignored() {
        assert!(parse_ini("a = b\n").is_empty());
    }
}
