//! When a failed call is sent again, and how long to wait first.
//!
//! The official SDKs try once unless told otherwise; this SDK retries by default (three attempts,
//! exponential backoff with full jitter, a 20 s budget) because throttling and brief 5xx answers are routine
//! for these APIs. [`RetryPolicy::none`] restores the single attempt.
//!
//! # What is retried
//! - an explicit throttling refusal: a `Throttling*` code (whatever the status, in a JSON or XML body), HTTP
//!   429, or a 4xx answer with a positive `x-acs-retry-after` header. The header's delay is honoured whenever
//!   a retry follows; on a 5xx answer the header alone makes nothing a refusal;
//! - a connection that was never established (refused, DNS, TLS handshake) and a connect timeout: no byte of
//!   the request left this machine;
//! - HTTP 500, 502, 503 and 504 (whatever the code, `ServiceUnavailable` included), read timeouts and
//!   connections that broke after the request was written: the request may have been processed, so only
//!   operations that do not change state are sent again.
//!
//! Nothing else is retried: other 4xx and 5xx answers, bodies that do not decode, requests refused by their
//! builder, missing credentials.
//!
//! # Operations that change state
//! An operation with `changes_state: true` (`CreateBackup`, `DeleteBackup`, ...) is never sent twice once
//! the service may have acted on it. It is retried only when the failure proves the request was not
//! processed: the connection was never established, or the service answered with an explicit throttling
//! refusal. Every 5xx answer (with or without `x-acs-retry-after`, `ServiceUnavailable` included), a read
//! timeout and a connection dropped after the request was written leave the outcome unknown, so the error is
//! returned and the caller decides (for example by listing backups before creating another).
//!
//! Every attempt obtains credentials and is signed afresh (new nonce and date); retries carry
//! `x-acs-retry-attempts: N`, N being 1 on the first retry, signed under V3 like every other `x-acs-*` header.

use std::time::Duration;

/// How failed calls are retried. The default is [`RetryPolicy::standard`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    time_budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::standard()
    }
}

impl RetryPolicy {
    /// Three attempts, backoff from 100 ms doubling up to 5 s with full jitter, at most 20 s in all.
    pub fn standard() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            time_budget: Duration::from_secs(20),
        }
    }

    /// One attempt and no retries, as the official SDKs do by default.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::standard() }
    }

    /// The most attempts per call, the first included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry; each later retry doubles it (before jitter).
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest backoff between two attempts (a service's `x-acs-retry-after` may ask for more).
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// No retry starts later than this after the call began.
    pub fn with_time_budget(mut self, budget: Duration) -> Self {
        self.time_budget = budget;
        self
    }

    /// The most attempts per call.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The delay before the next attempt, or `None` to give up and return the error.
    ///
    /// `attempt` is the number of the attempt that just failed (1 for the first), `elapsed` the time
    /// since the call began, and `retry_after` what the service asked for.
    pub(crate) fn next_delay(
        &self,
        attempt: u32,
        elapsed: Duration,
        changes_state: bool,
        class: RetryClass,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        let allowed = match class {
            RetryClass::Never => false,
            RetryClass::NotSent | RetryClass::Refused => true,
            RetryClass::MaybeProcessed => !changes_state,
        };
        if !allowed || attempt >= self.max_attempts {
            return None;
        }
        let delay = retry_after.unwrap_or_else(|| self.backoff(attempt));
        (elapsed.saturating_add(delay) <= self.time_budget).then_some(delay)
    }

    /// Full jitter: a uniform delay between zero and `min(max_delay, base_delay * 2^(attempt-1))`.
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.saturating_sub(1)).unwrap_or(u32::MAX);
        let ceiling = self.base_delay.saturating_mul(factor).min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        // Without a random source the ceiling itself is a correct (if unspread) backoff.
        let Ok(random) = getrandom::u64() else {
            return ceiling;
        };
        Duration::from_nanos(uniform_up_to(random, nanos))
    }
}

/// `random` (uniform over all `u64`) scaled to a uniform value in `0..=max` by multiply-and-shift, whose bias
/// (under 2^-64 per value) is far below anything a retry delay could show.
fn uniform_up_to(random: u64, max: u64) -> u64 {
    let scaled = (u128::from(random) * (u128::from(max) + 1)) >> 64;
    u64::try_from(scaled).unwrap_or(max)
}

/// What a failure says about whether resending is useful and safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryClass {
    /// Sending again will fail the same way (a 4xx, a bad request, a decode failure, no credentials).
    Never,
    /// The request never reached the service (connection never established, connect timeout).
    NotSent,
    /// The service refused the request without acting on it (explicit throttling).
    Refused,
    /// The service may have acted on the request (500/502/503/504, read timeout, connection lost after the
    /// request was written).
    MaybeProcessed,
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZERO: Duration = Duration::ZERO;

    #[test]
    fn standard_policy_allows_three_attempts() {
        let p = RetryPolicy::standard();
        assert!(p.next_delay(1, ZERO, false, RetryClass::MaybeProcessed, None).is_some());
        assert!(p.next_delay(2, ZERO, false, RetryClass::MaybeProcessed, None).is_some());
        assert!(p.next_delay(3, ZERO, false, RetryClass::MaybeProcessed, None).is_none());
        assert!(RetryPolicy::none().next_delay(1, ZERO, false, RetryClass::Refused, None).is_none());
    }

    #[test]
    fn state_changing_calls_retry_only_when_nothing_was_processed() {
        let p = RetryPolicy::standard();
        assert!(p.next_delay(1, ZERO, true, RetryClass::MaybeProcessed, None).is_none());
        assert!(p.next_delay(1, ZERO, true, RetryClass::NotSent, None).is_some());
        assert!(p.next_delay(1, ZERO, true, RetryClass::Refused, None).is_some());
        assert!(p.next_delay(1, ZERO, false, RetryClass::Never, None).is_none());
    }

    #[test]
    fn backoff_is_jittered_below_a_capped_exponential_ceiling() {
        let p = RetryPolicy::standard().with_max_attempts(40);
        for attempt in 1..40 {
            let ceiling = Duration::from_millis(100).saturating_mul(1 << (attempt - 1).min(20));
            let d = p.backoff(attempt);
            assert!(d <= ceiling.min(Duration::from_secs(5)), "attempt {attempt}: {d:?}");
        }
    }

    #[test]
    fn jitter_spans_zero_to_the_ceiling() {
        assert_eq!(uniform_up_to(0, 1_000), 0);
        assert_eq!(uniform_up_to(u64::MAX, 1_000), 1_000);
        assert_eq!(uniform_up_to(u64::MAX / 2, 1_000), 500);
        assert_eq!(uniform_up_to(u64::MAX, u64::MAX), u64::MAX);
        assert_eq!(uniform_up_to(12_345, 0), 0);
        // Drawn from the OS: 200 delays under a 5 s ceiling are not all the same (the chance is nil).
        let p = RetryPolicy::standard();
        let delays: std::collections::BTreeSet<Duration> = (0..200).map(|_| p.backoff(10)).collect();
        assert!(delays.len() > 100, "{} distinct delays", delays.len());
    }

    #[test]
    fn retry_after_is_honoured_within_the_budget() {
        let p = RetryPolicy::standard();
        let asked = Some(Duration::from_millis(1500));
        assert_eq!(p.next_delay(1, ZERO, false, RetryClass::Refused, asked), asked);
        assert_eq!(p.next_delay(1, Duration::from_secs(19), false, RetryClass::Refused, asked), None);
    }
}
