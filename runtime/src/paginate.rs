//! Walking through paged results (`PageNumber` / `PageSize` / `TotalRecordCount`).
//!
//! [`Client::paginate`] walks any [`PagedRequest`] (generated builders of paged operations call it); under it,
//! [`Paginator::new`] takes a closure that fetches one page by number. The paginator decides when to stop, so
//! no caller writes the loop (or gets its end wrong).
//! It stops
//! - after the page that brings the items seen up to the reported total (no request for a page past it),
//! - on an empty page (for services that report no total, or a total that is too high),
//! - on a page whose items equal the previous page's (a service that ignores `PageNumber` would otherwise
//!   be asked forever); that repeated page is not yielded,
//! - after the first error, which is yielded.
//!
//! The streams are [`Results`]: boxed, so they need no `pin!`, with `next`, `try_next` and `try_collect` as
//! their own methods, so they need no trait import either (they are `futures` streams too, for combinators).

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::future::BoxFuture;
use futures::stream::{self, Stream, StreamExt, TryStreamExt};

use crate::build::BuildError;
use crate::client::Client;
use crate::error::{Error, ErrorCode};
use crate::request::PagedRequest;

/// A response that holds one page of a listing. Implemented by generated paged responses.
pub trait Page {
    /// One entry of the listing.
    type Item;
    /// The entries on this page.
    fn items(&self) -> &[Self::Item];
    /// The entries on this page, by value.
    fn into_items(self) -> Vec<Self::Item>;
    /// How many entries the whole listing has, when the service says.
    fn total_items(&self) -> Option<u64>;
}

type Fetch<'a, P, E> = Box<dyn FnMut(i32) -> BoxFuture<'a, Result<P, Error<E>>> + Send + 'a>;

/// The pages (or items) of a listing, fetched one page at a time as the stream is polled.
pub struct Paginator<'a, P, E: ErrorCode> {
    start: Start<'a, P, E>,
}

enum Start<'a, P, E: ErrorCode> {
    Fetch { first_page: i32, items_before: u64, fetch: Fetch<'a, P, E> },
    Failed(Error<E>),
}

impl<P, E: ErrorCode> std::fmt::Debug for Paginator<'_, P, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.start {
            Start::Fetch { first_page, .. } => f.debug_struct("Paginator").field("first_page", first_page).finish(),
            Start::Failed(err) => f.debug_struct("Paginator").field("failed", err).finish(),
        }
    }
}

struct State<'a, P: Page, E: ErrorCode> {
    fetch: Fetch<'a, P, E>,
    next_page: Option<i32>,
    seen: u64,
    previous: Option<Vec<P::Item>>,
}

impl<'a, P, E> Paginator<'a, P, E>
where
    P: Page + Send + 'a,
    P::Item: PartialEq + Clone + Send + 'a,
    E: ErrorCode,
{
    /// Starts at page `first_page`; `fetch(n)` sends the request for page `n`.
    pub fn new(first_page: i32, fetch: impl FnMut(i32) -> BoxFuture<'a, Result<P, Error<E>>> + Send + 'a) -> Self {
        Paginator { start: Start::Fetch { first_page, items_before: 0, fetch: Box::new(fetch) } }
    }

    /// Says how many items the pages before the first one hold (`(first_page - 1) * page_size`), so that a
    /// listing started past page 1 still stops exactly at the total.
    pub fn with_items_before(mut self, count: u64) -> Self {
        if let Start::Fetch { items_before, .. } = &mut self.start {
            *items_before = count;
        }
        self
    }

    /// A paginator that yields this one error (the request could not be built) and nothing else.
    pub fn failed(err: Error<E>) -> Self {
        Paginator { start: Start::Failed(err) }
    }

    /// Pages through the listing a builder made (see [`Client::paginate`]), or yields the builder's error.
    /// A generated `paginate` is this one call.
    pub fn built<C, R>(parts: Result<(&'a C, R), BuildError>) -> Self
    where
        C: AsRef<Client> + ?Sized,
        R: PagedRequest<Response = P, Error = E> + 'a,
    {
        match parts {
            Ok((client, request)) => client.as_ref().paginate(request),
            Err(error) => Paginator::failed(error.into()),
        }
    }

    /// Every page, in order.
    pub fn pages(self) -> Results<'a, P, E> {
        Results::new(self.page_stream())
    }

    /// Every item of every page, in order.
    pub fn items(self) -> Results<'a, P::Item, E> {
        Results::new(
            self.page_stream().map_ok(|page| stream::iter(page.into_items().into_iter().map(Ok))).try_flatten(),
        )
    }

    fn page_stream(self) -> impl Stream<Item = Result<P, Error<E>>> + Send + 'a {
        let (state, failed) = match self.start {
            Start::Fetch { first_page, items_before, fetch } => {
                (Some(State { fetch, next_page: Some(first_page), seen: items_before, previous: None }), None)
            }
            Start::Failed(err) => (None, Some(Err(err))),
        };
        let pages = stream::unfold(state, |state| async move {
            let mut state = state?;
            let (item, state) = next(&mut state).await.map(|item| (item, state))?;
            Some((item, Some(state)))
        });
        stream::iter(failed).chain(pages)
    }
}

/// The pages or items of a listing, fetched as they are asked for: `while let Some(x) = results.try_next().await?`
/// reads them one by one, `try_collect().await?` all at once. No `pin!` and no trait import is needed; it is also
/// a [`Stream`] (and `Unpin`) for `futures`' combinators.
pub struct Results<'a, T, E: ErrorCode> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error<E>>> + Send + 'a>>,
}

impl<'a, T, E: ErrorCode> Results<'a, T, E> {
    fn new(stream: impl Stream<Item = Result<T, Error<E>>> + Send + 'a) -> Self {
        // Fused: asking again after the end says `None` again (an unfused stream may panic).
        Results { inner: Box::pin(stream.fuse()) }
    }

    /// The next page or item, an error (after which nothing follows), or `None` at the end.
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        StreamExt::next(&mut self.inner).await
    }

    /// The next page or item, `Ok(None)` at the end, or the error that ended the listing.
    pub async fn try_next(&mut self) -> Result<Option<T>, Error<E>> {
        self.next().await.transpose()
    }

    /// Everything that is left, or the first error.
    pub async fn try_collect(self) -> Result<Vec<T>, Error<E>> {
        TryStreamExt::try_collect(self.inner).await
    }
}

impl<T, E: ErrorCode> Stream for Results<'_, T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T, E: ErrorCode> std::fmt::Debug for Results<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Results").finish_non_exhaustive()
    }
}

impl Client {
    /// Every page of the listing `request` asks for, starting at its page number (or 1) and stopping at the
    /// last one. Each page is sent like [`Client::send`] sends it, with the client's retries.
    pub fn paginate<'a, R>(&'a self, request: R) -> Paginator<'a, R::Response, R::Error>
    where
        R: PagedRequest + 'a,
        R::Response: Page + 'a,
        <R::Response as Page>::Item: PartialEq + Clone + Send + 'a,
    {
        let first = request.page_number().unwrap_or(1);
        // Items on the pages before the first, so a listing started past page 1 stops exactly at the total.
        // Without a known page size it is unknown: the paginator then stops on an empty page.
        let skipped_pages = u64::try_from(first.saturating_sub(1)).unwrap_or(0);
        let items_before = request.page_size().map_or(0, |size| skipped_pages.saturating_mul(size));
        Paginator::new(first, move |page| {
            let mut request = request.clone();
            request.set_page_number(page);
            Box::pin(async move { self.send(&request).await })
        })
        .with_items_before(items_before)
    }
}

/// Fetches the next page and decides whether it is yielded and whether another follows.
async fn next<P, E>(state: &mut State<'_, P, E>) -> Option<Result<P, Error<E>>>
where
    P: Page,
    P::Item: PartialEq + Clone,
    E: ErrorCode,
{
    let number = state.next_page.take()?;
    let page = match (state.fetch)(number).await {
        Ok(page) => page,
        Err(err) => return Some(Err(err)),
    };
    let items = page.items();
    if items.is_empty() {
        // The first page is yielded even when empty, so a caller always sees the service's answer.
        return state.previous.is_none().then_some(Ok(page));
    }
    if state.previous.as_deref() == Some(items) {
        tracing::warn!(target: crate::TRACING_TARGET, page = number, "page repeats the previous one; the service ignored PageNumber; stopping");
        return None;
    }
    state.seen = state.seen.saturating_add(items.len() as u64);
    let finished = page.total_items().is_some_and(|total| state.seen >= total);
    state.next_page = if finished { None } else { number.checked_add(1) };
    state.previous = Some(items.to_vec());
    Some(Ok(page))
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;
    use futures::FutureExt;
    use std::sync::{Arc, Mutex};

    use crate::error::TestCode as Code;

    struct Listing {
        items: Vec<u32>,
        total: Option<u64>,
    }
    impl Page for Listing {
        type Item = u32;
        fn items(&self) -> &[u32] {
            &self.items
        }
        fn into_items(self) -> Vec<u32> {
            self.items
        }
        fn total_items(&self) -> Option<u64> {
            self.total
        }
    }

    /// The streams read with their own methods: no `pin!`, no trait import (only `FutureExt` for `boxed` here).
    #[test]
    fn results_read_with_their_own_methods() {
        let pages = |first: i32| {
            Paginator::<Listing, Code>::new(first, |n| {
                let items = if n <= 3 { vec![n as u32 * 10, n as u32 * 10 + 1] } else { Vec::new() };
                async move { Ok(Listing { items, total: Some(6) }) }.boxed()
            })
        };
        let mut items = pages(1).items();
        let mut read = Vec::new();
        while let Some(item) = block_on(items.try_next()).expect("no error") {
            read.push(item);
        }
        assert_eq!(read, [10, 11, 20, 21, 30, 31]);
        assert!(block_on(items.next()).is_none(), "nothing after the end");
        let all = block_on(pages(1).pages().try_collect()).expect("no error");
        assert_eq!(all.len(), 3);
        let missing = crate::build::required::<u32>("Op", "P", None).expect_err("missing");
        let failed = Paginator::<Listing, Code>::failed(Error::from(missing));
        assert!(block_on(failed.items().try_collect()).is_err(), "the error ends the listing");
    }

    /// Serves `all` in pages of `size`, recording which page numbers were asked for.
    fn run(all: Vec<u32>, size: usize, total: Option<u64>, ignore_number: bool) -> (Vec<u32>, Vec<i32>) {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&asked);
        let paginator = Paginator::<Listing, Code>::new(1, move |n| {
            log.lock().unwrap().push(n);
            let index = if ignore_number { 0 } else { (n as usize - 1) * size };
            let items = all.iter().skip(index).take(size).copied().collect();
            async move { Ok(Listing { items, total }) }.boxed()
        });
        let items: Vec<u32> = block_on(paginator.items().map(|r| r.unwrap()).collect());
        let asked = asked.lock().unwrap().clone();
        (items, asked)
    }

    #[test]
    fn a_listing_started_past_page_one_stops_at_the_total() {
        let all: Vec<u32> = (1..=65).collect();
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&asked);
        let paginator = Paginator::<Listing, Code>::new(2, move |n| {
            log.lock().unwrap().push(n);
            let items = all.iter().skip((n as usize - 1) * 30).take(30).copied().collect();
            async move { Ok(Listing { items, total: Some(65) }) }.boxed()
        })
        .with_items_before(30);
        let items: Vec<u32> = block_on(paginator.items().map(|r| r.unwrap()).collect());
        assert_eq!(items, (31..=65).collect::<Vec<_>>());
        assert_eq!(*asked.lock().unwrap(), vec![2, 3], "no request for an empty page 4");
    }

    #[test]
    fn stops_at_the_total_without_asking_for_more() {
        assert_eq!(run((1..=7).collect(), 3, Some(7), false), ((1..=7).collect(), vec![1, 2, 3]));
        assert_eq!(run((1..=6).collect(), 3, Some(6), false), ((1..=6).collect(), vec![1, 2]));
    }

    #[test]
    fn stops_on_an_empty_page_without_a_total() {
        assert_eq!(run((1..=6).collect(), 3, None, false), ((1..=6).collect(), vec![1, 2, 3]));
    }

    #[test]
    fn stops_on_a_repeated_page() {
        assert_eq!(run((1..=6).collect(), 3, Some(100), true), (vec![1, 2, 3], vec![1, 2]));
    }

    #[test]
    fn an_empty_first_page_is_yielded() {
        let p = Paginator::<Listing, Code>::new(1, |_| async { Ok(Listing { items: vec![], total: Some(0) }) }.boxed());
        let pages: Vec<_> = block_on(p.pages().collect());
        assert_eq!(pages.len(), 1);
    }

    #[test]
    fn a_failed_paginator_yields_its_error_once() {
        let err = Error::<Code>::from(crate::build::BuildError::MissingParameter { operation: "Op", parameter: "P" });
        let items: Vec<_> = block_on(Paginator::<Listing, Code>::failed(err).items().collect());
        assert!(matches!(items.as_slice(), [Err(Error::InvalidRequest(_))]));
    }
}
