//! Settings that differ for one call, or a group of calls, from the client's configuration.
//!
//! Why this module exists: one slow operation (listing ten thousand backups) or one that must not wait (a health
//! check) should not force every call of the application onto its timeouts, and a second client made for it
//! would open a second connection pool. [`Client::with_overrides`](super::Client::with_overrides) makes a client
//! that shares the first one's pool, credentials and endpoint and differs only in what an [`Overrides`] says.
//! The connect timeout is not among them: connections belong to the shared pool, which makes them.

use std::time::Duration;

use crate::config::Config;
use crate::retry::RetryPolicy;

/// What a client made with [`Client::with_overrides`](super::Client::with_overrides) changes; anything not set
/// stays as configured.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    read_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    retry_policy: Option<RetryPolicy>,
}

impl Overrides {
    /// Nothing overridden.
    pub fn new() -> Overrides {
        Overrides::default()
    }

    /// The longest wait for the response of each attempt, and for each read of its body.
    pub fn read_timeout(mut self, timeout: Duration) -> Overrides {
        self.read_timeout = Some(timeout);
        self
    }

    /// The longest the whole call may take (every attempt and the waits between them).
    pub fn operation_timeout(mut self, timeout: Duration) -> Overrides {
        self.operation_timeout = Some(timeout);
        self
    }

    /// How failed calls are retried.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Overrides {
        self.retry_policy = Some(policy);
        self
    }

    /// `config` with these overrides applied.
    pub(crate) fn apply(&self, mut config: Config) -> Config {
        if let Some(timeout) = self.read_timeout {
            config.read_timeout = timeout;
        }
        if let Some(timeout) = self.operation_timeout {
            config.operation_timeout = Some(timeout);
        }
        if let Some(policy) = &self.retry_policy {
            config.retry_policy = policy.clone();
        }
        config
    }
}
