//! The future an operation's `send` returns, written once here instead of as an `async fn` per operation.
//!
//! Every generated `send` and `send_<operation>` is a plain function returning [`Sending`]: the
//! `async` body (check, send, decode, retry) is [`Client::send`], compiled with the runtime. An `async fn` in
//! each generated file cost `cargo check` a coroutine of its own per method, about 4 % of a whole operation.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::Client;
use crate::build::BuildError;
use crate::error::Error;
use crate::request::Request;

/// What a request answers: the response, or the error with the operation's codes.
pub type Answer<R> = Result<<R as Request>::Response, Error<<R as Request>::Error>>;

/// A request on its way: `.await` it for the response. Nothing is sent until it is first polled.
///
/// It is `Send`, so it can be spawned on a multi-threaded runtime. It boxes the call once (one allocation per
/// request, next to the network round trip).
#[must_use = "nothing is sent until the future is awaited"]
pub struct Sending<'a, R: Request> {
    call: Pin<Box<dyn Future<Output = Answer<R>> + Send + 'a>>,
}

impl<'a, R: Request + 'a> Sending<'a, R> {
    /// Sends `request` with `client` (see [`Client::send`]).
    pub fn new(client: &'a Client, request: &'a R) -> Self {
        Sending { call: Box::pin(client.send(request)) }
    }

    /// Sends the request a builder made, or answers the builder's error without sending anything.
    pub fn built<C: AsRef<Client> + ?Sized>(parts: Result<(&'a C, R), BuildError>) -> Self {
        // Only the runtime client goes into the future, so the product client need not be `Sync`.
        let parts = parts.map(|(client, request)| (client.as_ref(), request));
        let call = async move {
            let (client, request) = parts?;
            client.send(&request).await
        };
        Sending { call: Box::pin(call) }
    }
}

impl<R: Request> Future for Sending<'_, R> {
    type Output = Answer<R>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Answer<R>> {
        self.call.as_mut().poll(cx)
    }
}

impl<R: Request> fmt::Debug for Sending<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sending").field("operation", &R::OPERATION.name).finish_non_exhaustive()
    }
}

impl AsRef<Client> for Client {
    fn as_ref(&self) -> &Client {
        self
    }
}
