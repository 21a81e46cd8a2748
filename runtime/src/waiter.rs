//! Waiting until a resource reaches a final state: poll, back off, give up at a deadline.
//!
//! Operations such as CreateBackup return at once while the work goes on; the caller then polls a Describe
//! operation until the resource succeeds or fails. Every caller would otherwise write the same loop and get
//! one of its edges wrong, so it is here once: a generated waiter (`wait_until_*`) is one call of
//! [`Client::wait_for`] with a [`Watch`], the table of what to look at in the listing it polls (the items, an
//! item's id and status, the page number); the polling, the page walk and the back-off are here. A resource
//! that reaches its failure state is an error of its own ([`WaitError::Failed`]), not a timeout; a poll that
//! fails with a retryable error (throttling, 5xx, a dropped connection, after the client's own retries) is
//! tolerated until the deadline.
//!
//! A generated waiter method returns a [`Wait`]: a builder of its options (`.max_wait(..)`, `.initial_delay(..)`,
//! `.max_delay(..)` or `.options(..)`) that runs when awaited (or `.wait().await`).

use std::borrow::Borrow;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;

use crate::error::{Error, ErrorCode};
use crate::{Client, Request};

/// How often and for how long to poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitOptions {
    initial_delay: Duration,
    max_delay: Duration,
    deadline: Duration,
}

impl Default for WaitOptions {
    /// First poll at once, then after 2 s, doubling up to 30 s between polls, for at most 30 minutes.
    fn default() -> Self {
        WaitOptions {
            initial_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(30),
            deadline: Duration::from_secs(30 * 60),
        }
    }
}

impl WaitOptions {
    /// The delay before the second poll; each later delay doubles, up to [`WaitOptions::max_delay`].
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The longest delay between two polls.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// How long to wait in all before giving up with [`WaitError::Timeout`].
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The overall deadline.
    pub fn overall_deadline(&self) -> Duration {
        self.deadline
    }
}

/// The waiting itself, given the options.
type Run<'a, T, E> = Box<dyn FnOnce(WaitOptions) -> BoxFuture<'a, Result<T, WaitError<T, E>>> + Send + 'a>;

/// A wait to run: set its options, then `.await` it (or call [`Wait::wait`]). Made by the generated
/// `wait_until_*` methods; nothing is sent until it is awaited.
#[must_use = "a wait does nothing until it is awaited"]
pub struct Wait<'a, T, E: ErrorCode> {
    options: WaitOptions,
    run: Run<'a, T, E>,
}

impl<'a, T, E: ErrorCode> Wait<'a, T, E> {
    /// A wait that runs `run` with the options set (the defaults of [`WaitOptions`] unless changed).
    pub fn new(run: impl FnOnce(WaitOptions) -> BoxFuture<'a, Result<T, WaitError<T, E>>> + Send + 'a) -> Self {
        Wait { options: WaitOptions::default(), run: Box::new(run) }
    }

    /// Replaces all the options at once.
    pub fn options(mut self, options: WaitOptions) -> Self {
        self.options = options;
        self
    }

    /// How long to wait in all before giving up with [`WaitError::Timeout`] (default 30 minutes).
    pub fn max_wait(mut self, max_wait: Duration) -> Self {
        self.options = self.options.deadline(max_wait);
        self
    }

    /// The delay before the second poll; each later delay doubles (default 2 s).
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.options = self.options.initial_delay(delay);
        self
    }

    /// The longest delay between two polls (default 30 s).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.options = self.options.max_delay(delay);
        self
    }

    /// Polls until the resource reaches a final state or the deadline passes; the same as awaiting the wait.
    pub async fn wait(self) -> Result<T, WaitError<T, E>> {
        self.await
    }
}

impl<'a, T, E: ErrorCode> IntoFuture for Wait<'a, T, E> {
    type Output = Result<T, WaitError<T, E>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        (self.run)(self.options)
    }
}

impl<T, E: ErrorCode> fmt::Debug for Wait<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wait").field("options", &self.options).finish_non_exhaustive()
    }
}

/// What a waiter looks at in the listing it polls: a table of plain functions, one per fact, which a generated
/// `wait_until_*` method fills in and hands to [`Client::wait_for`].
pub struct Watch<R: Request, T, K: ?Sized> {
    /// The items one response lists (an empty list when it lists none).
    pub items: fn(R::Response) -> Vec<T>,
    /// An item's id, compared with the id waited for.
    pub id: fn(&T) -> Option<&K>,
    /// Whether an item has reached its success state.
    pub done: fn(&T) -> bool,
    /// Whether an item has reached its failure state.
    pub failed: fn(&T) -> bool,
    /// The request's page number, when the listing is paged: each poll then walks the pages, from the one the
    /// poll request names (or 1), until the item is found, so an item on page 2 is seen too.
    pub page: Option<PageNumber<R>>,
}

/// Reading and setting a request's page number.
pub struct PageNumber<R> {
    /// The page number the request names, if any.
    pub get: fn(&R) -> Option<i32>,
    /// Names page `page`.
    pub set: fn(&mut R, i32),
}

impl<R: Request, T, K: ?Sized> fmt::Debug for Watch<R, T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Watch").field("paged", &self.page.is_some()).finish_non_exhaustive()
    }
}

impl Client {
    /// Waits until the item with id `id` in the listing `poll` answers reaches a final state, as `watch` tells
    /// them apart: the body of every generated `wait_until_*` method. Returns a [`Wait`], which sends nothing
    /// until it is awaited.
    ///
    /// An item not (yet) listed is pending; a poll that fails with a retryable error is tolerated until the
    /// deadline (see [`wait`]).
    pub fn wait_for<'a, R, T, K>(&'a self, poll: R, id: K::Owned, watch: Watch<R, T, K>) -> Wait<'a, T, R::Error>
    where
        R: Request + Clone + 'a,
        T: PartialEq + Send + 'a,
        K: ?Sized + ToOwned + PartialEq + Sync + 'a,
        K::Owned: Send + Sync + 'a,
    {
        Wait::new(move |options| {
            Box::pin(async move {
                let (poll, watch) = (&poll, &watch);
                let matches = |item: &T| (watch.id)(item) == Some(id.borrow());
                wait(&options, || async move {
                    let found = match &watch.page {
                        Some(page) => {
                            let fetch = |number| {
                                let mut request = poll.clone();
                                (page.set)(&mut request, number);
                                async move { Ok::<_, Error<R::Error>>((watch.items)(self.send(&request).await?)) }
                            };
                            find_on_pages((page.get)(poll).unwrap_or(1), fetch, matches).await?
                        }
                        None => (watch.items)(self.send(poll).await?).into_iter().find(matches),
                    };
                    Ok(observe(found, watch.done, watch.failed))
                })
                .await
            })
        })
    }
}

/// What one poll saw.
#[derive(Debug, Clone, PartialEq)]
pub enum Observed<T> {
    /// The resource reached its success state.
    Done(T),
    /// The resource reached its failure state.
    Failed(T),
    /// Not final yet; the resource as seen, if it is listed at all.
    Pending(Option<T>),
}

/// Why waiting ended without success.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError<T, E: ErrorCode> {
    /// The resource reached its failure state (for a backup: the backup failed).
    Failed(T),
    /// The deadline passed first.
    Timeout {
        /// How long was waited.
        elapsed: Duration,
        /// The resource as last seen, if it was listed.
        last: Option<T>,
    },
    /// A poll failed with an error that polling again will not cure (bad credentials, unknown instance).
    Call(Error<E>),
}

impl<T: fmt::Debug, E: ErrorCode> fmt::Display for WaitError<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Failed(last) => write!(f, "the resource reached its failure state: {last:?}"),
            WaitError::Timeout { elapsed, last: Some(last) } => {
                write!(f, "gave up after {elapsed:?}; the resource is still not final: {last:?}")
            }
            WaitError::Timeout { elapsed, last: None } => {
                write!(f, "gave up after {elapsed:?}; the resource was never listed")
            }
            WaitError::Call(err) => write!(f, "polling failed: {err}"),
        }
    }
}

impl<T: fmt::Debug, E: ErrorCode> std::error::Error for WaitError<T, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Call(err) => Some(err),
            _ => None,
        }
    }
}

/// Polls until `poll` sees a final state or `options`' deadline passes.
///
/// The first poll is immediate; then delays start at the initial delay and double up to the maximum, and the
/// last sleep is cut so that one final poll happens at the deadline.
pub async fn wait<T, E, F, Fut>(options: &WaitOptions, mut poll: F) -> Result<T, WaitError<T, E>>
where
    E: ErrorCode,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Observed<T>, Error<E>>>,
{
    let started = Instant::now();
    let mut delay = options.initial_delay;
    let mut last = None;
    loop {
        match poll().await {
            Ok(Observed::Done(value)) => return Ok(value),
            Ok(Observed::Failed(value)) => return Err(WaitError::Failed(value)),
            Ok(Observed::Pending(seen)) => last = seen.or(last),
            Err(err) if err.is_retryable() => {
                tracing::debug!(target: crate::TRACING_TARGET, error = %err, "poll failed; polling again")
            }
            Err(err) => return Err(WaitError::Call(err)),
        }
        let elapsed = started.elapsed();
        let remaining = options.deadline.saturating_sub(elapsed);
        if remaining.is_zero() {
            return Err(WaitError::Timeout { elapsed, last });
        }
        tokio::time::sleep(delay.min(remaining)).await;
        delay = delay.saturating_mul(2).min(options.max_delay.max(options.initial_delay));
    }
}

/// What one poll saw of the item `found` (if listed): done, failed, or still pending.
pub fn observe<T>(found: Option<T>, done: impl Fn(&T) -> bool, failed: impl Fn(&T) -> bool) -> Observed<T> {
    match found {
        Some(item) if done(&item) => Observed::Done(item),
        Some(item) if failed(&item) => Observed::Failed(item),
        seen => Observed::Pending(seen),
    }
}

/// The most pages one poll walks, whatever the service answers.
const MAX_PAGES: i32 = 10_000;

/// The first item that `matches` on the pages `fetch` returns, walking from page `first` (at least 1): the item
/// may be on any page, not only the first. Stops, with `None`, at an empty page, at a page equal to the one
/// before (a service that ignores the page number), or after 10,000 pages.
pub async fn find_on_pages<T, E, F, Fut>(first: i32, mut fetch: F, matches: impl Fn(&T) -> bool) -> Result<Option<T>, E>
where
    T: PartialEq,
    F: FnMut(i32) -> Fut,
    Fut: Future<Output = Result<Vec<T>, E>>,
{
    let first = first.max(1);
    let mut previous: Option<Vec<T>> = None;
    for page in first..first.saturating_add(MAX_PAGES) {
        let items = fetch(page).await?;
        if items.is_empty() || previous.as_ref() == Some(&items) {
            return Ok(None);
        }
        if let Some(at) = items.iter().position(&matches) {
            return Ok(items.into_iter().nth(at));
        }
        previous = Some(items);
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::TimeoutPhase;

    #[tokio::test]
    async fn the_item_is_found_on_any_page_and_walking_stops_at_the_end() {
        let pages: Vec<Vec<u32>> = vec![vec![1, 2], vec![3, 4], vec![5]];
        let fetch = |page: i32| {
            let items = pages.get(usize::try_from(page - 1).unwrap_or(usize::MAX)).cloned().unwrap_or_default();
            async move { Ok::<_, ()>(items) }
        };
        assert_eq!(find_on_pages(1, fetch, |n| *n == 5).await, Ok(Some(5)));
        assert_eq!(find_on_pages(2, fetch, |n| *n == 1).await, Ok(None), "walking starts at the page given");
        assert_eq!(find_on_pages(0, fetch, |n| *n == 9).await, Ok(None), "the empty page after the last ends it");
        // A service that ignores the page number answers the same page forever: the repeat ends the walk.
        let mut calls = 0;
        let same = |_| {
            calls += 1;
            async { Ok::<_, ()>(vec![1, 2]) }
        };
        assert_eq!(find_on_pages(1, same, |n| *n == 9).await, Ok(None));
        assert_eq!(calls, 2);
        assert!(matches!(observe(Some(3), |n| *n == 3, |_| false), Observed::Done(3)));
        assert!(matches!(observe(Some(4), |_| false, |n| *n == 4), Observed::Failed(4)));
        assert!(matches!(observe(None::<u32>, |_| true, |_| true), Observed::Pending(None)));
    }

    use crate::error::TestCode as Code;

    fn quick() -> WaitOptions {
        WaitOptions::default()
            .initial_delay(Duration::from_millis(1))
            .max_delay(Duration::from_millis(4))
            .deadline(Duration::from_millis(200))
    }

    #[tokio::test]
    async fn waits_through_pending_and_transient_errors() {
        let mut polls = 0;
        let result: Result<u32, WaitError<u32, Code>> = wait(&quick(), || {
            polls += 1;
            let n = polls;
            async move {
                match n {
                    1 => Ok(Observed::Pending(None)),
                    2 => Err(Error::Timeout { phase: TimeoutPhase::Read, after: Duration::from_millis(1) }),
                    3 => Ok(Observed::Pending(Some(0))),
                    _ => Ok(Observed::Done(n)),
                }
            }
        })
        .await;
        assert_eq!(result.unwrap(), 4);
    }

    #[tokio::test]
    async fn failure_is_not_a_timeout() {
        let result: Result<u32, WaitError<u32, Code>> = wait(&quick(), || async { Ok(Observed::Failed(7)) }).await;
        assert!(matches!(result, Err(WaitError::Failed(7))));
    }

    #[tokio::test]
    async fn the_deadline_ends_waiting_with_the_last_state() {
        let started = Instant::now();
        let result: Result<u32, WaitError<u32, Code>> =
            wait(&quick(), || async { Ok(Observed::Pending(Some(1))) }).await;
        assert!(matches!(result, Err(WaitError::Timeout { last: Some(1), .. })), "{result:?}");
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[tokio::test]
    async fn permanent_errors_stop_waiting() {
        let result: Result<u32, WaitError<u32, Code>> = wait(&quick(), || async {
            Err(Error::InvalidRequest(crate::build::BuildError::MissingParameter { operation: "Op", parameter: "P" }))
        })
        .await;
        assert!(matches!(result, Err(WaitError::Call(_))));
    }
}
