//! The error every credentials provider returns.
//!
//! It names the provider, says what went wrong and what the user can do about it, and for the chain lists
//! what each provider said. It is built only from names, paths, URLs without their query, status codes and
//! messages written here: never from a secret, a token or a response body.

use std::error::Error as StdError;
use std::fmt::Write as _;

use time::OffsetDateTime;

/// What kind of failure a [`CredentialsError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The source is simply not set up here (no variables, no file, no metadata service). A chain moves
    /// on to the next provider.
    NotConfigured,
    /// The source is set up but wrong: a missing field, a bad file, an unknown profile.
    Invalid,
    /// The source asks for something this SDK cannot do yet (for example an STS role assumption).
    Unsupported,
    /// The source could not be reached or answered with an error.
    Unavailable,
    /// The only credentials available have expired.
    Expired,
}

/// Why no credentials could be obtained. `Display` gives the whole story; nothing in it is secret.
#[derive(Debug, thiserror::Error)]
#[error("{provider}: {message}{}", tail(.hint, .attempts))]
pub struct CredentialsError {
    provider: &'static str,
    kind: CredentialsErrorKind,
    message: String,
    hint: Option<String>,
    attempts: Vec<CredentialsError>,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

fn tail(hint: &Option<String>, attempts: &[CredentialsError]) -> String {
    let mut out = String::new();
    if let Some(hint) = hint {
        let _ = write!(out, ". {hint}");
    }
    if !attempts.is_empty() {
        out.push_str(". Tried, in order:");
        for (i, attempt) in attempts.iter().enumerate() {
            let _ = write!(out, " ({}) {attempt}", i + 1);
            if i + 1 < attempts.len() {
                out.push(';');
            }
        }
    }
    out
}

impl CredentialsError {
    /// A new error from `provider` (a short name such as `environment`).
    pub fn new(provider: &'static str, kind: CredentialsErrorKind, message: impl Into<String>) -> Self {
        CredentialsError { provider, kind, message: message.into(), hint: None, attempts: Vec::new(), source: None }
    }

    /// The provider is not set up here; `message` says what was looked for.
    pub fn not_configured(provider: &'static str, message: impl Into<String>) -> Self {
        Self::new(provider, CredentialsErrorKind::NotConfigured, message)
    }

    /// The provider is set up but wrong.
    pub fn invalid(provider: &'static str, message: impl Into<String>) -> Self {
        Self::new(provider, CredentialsErrorKind::Invalid, message)
    }

    /// The provider asks for something not supported yet.
    pub fn unsupported(provider: &'static str, message: impl Into<String>) -> Self {
        Self::new(provider, CredentialsErrorKind::Unsupported, message)
    }

    /// The provider's source could not be reached or refused.
    pub fn unavailable(provider: &'static str, message: impl Into<String>) -> Self {
        Self::new(provider, CredentialsErrorKind::Unavailable, message)
    }

    /// The credentials expired at `at`.
    pub fn expired(provider: &'static str, at: OffsetDateTime) -> Self {
        let at = crate::signing::format_timestamp(at);
        Self::new(provider, CredentialsErrorKind::Expired, format!("the credentials expired at {at}"))
            .with_hint("supply new credentials")
    }

    /// Adds what the user can do about it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds the underlying error. It must not carry secrets (no response bodies, no parsed secret values).
    pub fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// Adds the errors of the providers a chain tried.
    pub fn with_attempts(mut self, attempts: Vec<CredentialsError>) -> Self {
        self.attempts = attempts;
        self
    }

    /// The provider that failed.
    pub fn provider(&self) -> &'static str {
        self.provider
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// What the user can do, if there is advice.
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    /// For a chain: what each provider it tried said, in order.
    pub fn attempts(&self) -> &[CredentialsError] {
        &self.attempts
    }

    /// Whether the provider is simply not set up here, so a chain may try the next one.
    pub fn is_not_configured(&self) -> bool {
        self.kind == CredentialsErrorKind::NotConfigured
    }
}

/// Describes a JSON error by position and category only: serde's own message can quote the input, and
/// the input may hold a secret. (Only the providers behind `credential-providers` read JSON.)
#[cfg(feature = "credential-providers")]
pub(crate) fn describe_json_error(err: &serde_json::Error) -> String {
    let category = match err.classify() {
        serde_json::error::Category::Io => "could not be read",
        serde_json::error::Category::Syntax => "is not valid JSON",
        serde_json::error::Category::Data => "has a field of the wrong type",
        serde_json::error::Category::Eof => "ends too early",
    };
    format!("{category} (line {}, column {})", err.line(), err.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_provider_message_hint_and_attempts() {
        let inner = vec![
            CredentialsError::not_configured("environment", "ALIBABA_CLOUD_ACCESS_KEY_ID is not set"),
            CredentialsError::not_configured("cli-profile", "no file at /x"),
        ];
        let err = CredentialsError::not_configured("default-chain", "no credentials found")
            .with_hint("set the variables")
            .with_attempts(inner);
        assert_eq!(
            err.to_string(),
            "default-chain: no credentials found. set the variables. Tried, in order: (1) environment: \
             ALIBABA_CLOUD_ACCESS_KEY_ID is not set; (2) cli-profile: no file at /x"
        );
        assert!(err.is_not_configured());
        assert_eq!(err.attempts().len(), 2);
    }

    #[test]
    #[cfg(feature = "credential-providers")]
    fn json_errors_do_not_quote_input() {
        let err = serde_json::from_str::<u32>("\"hunter2\"").err();
        let text = err.as_ref().map(describe_json_error).unwrap_or_default();
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("wrong type"), "{text}");
    }
}
