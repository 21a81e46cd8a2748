//! Caching of credentials, refreshed some minutes before they expire.
//!
//! Providers that ask a server (metadata service, credentials URI) would otherwise be asked before every
//! request. [`CachingProvider`] keeps the last credentials, asks again once they are within the refresh
//! window of their expiration, and never hands out expired ones. Refreshes are serialised: concurrent
//! callers wait for the one refresh in flight instead of each asking the server.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use time::OffsetDateTime;
use tokio::sync::Mutex;

use super::{Credentials, CredentialsError, ProvideCredentials};

/// How long before expiration credentials are refreshed by default.
pub const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(5 * 60);

type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

/// Wraps a provider and caches what it returns until shortly before expiration.
///
/// Credentials without an expiration are kept for good. If a refresh fails while the cached credentials
/// are still valid (only inside the refresh window), those are returned and the failure is logged.
pub struct CachingProvider {
    inner: Arc<dyn ProvideCredentials>,
    refresh_before: Duration,
    clock: Clock,
    cached: Mutex<Option<Credentials>>,
}

impl CachingProvider {
    /// Caches `inner`, refreshing [`DEFAULT_REFRESH_BEFORE`] ahead of expiration.
    pub fn new(inner: impl ProvideCredentials + 'static) -> Self {
        CachingProvider {
            inner: Arc::new(inner),
            refresh_before: DEFAULT_REFRESH_BEFORE,
            clock: Arc::new(OffsetDateTime::now_utc),
            cached: Mutex::new(None),
        }
    }

    /// Refreshes this long before expiration instead.
    pub fn refresh_before(mut self, window: Duration) -> Self {
        self.refresh_before = window;
        self
    }

    /// Reads the time from `clock` instead of the system clock (for tests).
    pub fn with_clock(mut self, clock: impl Fn() -> OffsetDateTime + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Whether `creds` can be served at `now` without asking again.
    fn is_fresh(&self, creds: &Credentials, now: OffsetDateTime) -> bool {
        creds.expiration().is_none_or(|at| at - now > self.refresh_before)
    }

    async fn get(&self) -> Result<Credentials, CredentialsError> {
        let mut cached = self.cached.lock().await;
        let now = (self.clock)();
        if let Some(creds) = cached.as_ref().filter(|c| self.is_fresh(c, now)) {
            return Ok(creds.clone());
        }
        let fetched = self.inner.provide_credentials().await.and_then(|fresh| match fresh.expiration() {
            Some(at) if fresh.is_expired_at(now) => Err(CredentialsError::expired("cache", at)
                .with_hint("the source handed out credentials that had already expired; check the system clock")),
            _ => Ok(fresh),
        });
        match fetched {
            Ok(fresh) => {
                *cached = Some(fresh.clone());
                Ok(fresh)
            }
            Err(err) => match cached.as_ref().filter(|c| !c.is_expired_at(now)) {
                Some(still_valid) => {
                    tracing::warn!(target: crate::TRACING_TARGET, error = %err, "refreshing credentials failed; using the cached ones until they expire");
                    Ok(still_valid.clone())
                }
                None => {
                    *cached = None;
                    Err(err)
                }
            },
        }
    }
}

impl fmt::Debug for CachingProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachingProvider")
            .field("inner", &self.inner)
            .field("refresh_before", &self.refresh_before)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for CachingProvider {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.get())
    }
}
